import type { DetectorCore } from "../detectors/types.js";
import { fingerprintOf, redact, redactLine } from "../engine/redact.js";
import { secretDigest } from "../util/crypto.js";
import type { Change, Finding } from "../model/index.js";

/** Where a known secret value came from: the variable and the (git-ignored) file that holds it. */
export interface KnownValueSource {
  name: string;
  file: string;
}

/** Digests of values the user keeps out of git; the values themselves are not kept. */
export interface KnownValueIndex {
  lengths: Set<number>;
  byDigest: Map<string, KnownValueSource>;
}

export const KNOWN_VALUE_DETECTOR: DetectorCore = {
  id: "dotenv-value",
  name: "Value from a git-ignored dotenv file",
  service: "Your environment",
  severity: "high",
  keywords: [],
  patterns: [],
};

// Characters that end a token in code, config and URLs; a known value is looked up between them.
const HARD_BREAKS = new Set([..." \t\"'`,;()[]{}<>"]);
const SOFT_BREAKS = new Set([..."=:@/?&#"]);

/** Candidate substrings: each token between hard breaks, and each piece of it between soft breaks. */
function* candidates(text: string): Generator<[start: number, end: number]> {
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !HARD_BREAKS.has(text[i])) continue;
    if (i > start) {
      yield [start, i];
      let pieceStart = start;
      for (let j = start; j <= i; j++) {
        if (j < i && !SOFT_BREAKS.has(text[j])) continue;
        if (j > pieceStart && (pieceStart !== start || j !== i)) yield [pieceStart, j];
        pieceStart = j + 1;
      }
    }
    start = i + 1;
  }
}

/** Finds added lines that contain one of the known values, whatever format surrounds it. */
export function scanKnownValues(index: KnownValueIndex, change: Change): Finding[] {
  if (!index.byDigest.size) return [];
  const findings: Finding[] = [];
  for (const line of change.lines) {
    if (!line.added) continue;
    for (const [start, end] of candidates(line.text)) {
      if (!index.lengths.has(end - start)) continue;
      const secret = line.text.slice(start, end);
      const digest = secretDigest(secret);
      const source = index.byDigest.get(digest);
      if (!source) continue;
      const redacted = redact(secret);
      let fingerprint: string | undefined;
      findings.push({
        detector: KNOWN_VALUE_DETECTOR,
        path: change.path,
        commit: change.commit,
        origin: change.origin,
        line: line.number,
        column: start + 1,
        endColumn: end + 1,
        redacted,
        lineRedacted: redactLine(line.text, [{ start, end, redacted }]),
        get fingerprint() {
          return (fingerprint ??= fingerprintOf(KNOWN_VALUE_DETECTOR.id, digest));
        },
        note: `the value of ${source.name} from ${source.file}`,
        envVar: /^[A-Za-z_][A-Za-z0-9_]*$/.test(source.name) ? source.name.toUpperCase() : undefined,
        digest,
      });
    }
  }
  return findings;
}
