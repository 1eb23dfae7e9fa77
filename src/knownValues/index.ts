import type { DetectorCore } from "../detectors/types.js";
import { fingerprintOf, redact, redactLine } from "../engine/redact.js";
import { secretDigest } from "../util/crypto.js";
import type { Change, Finding } from "../model/index.js";

/** Where a known secret value came from: the variable and the (git-ignored) file that holds it. */
export interface KnownValueSource {
  name: string;
  file: string;
}

/**
 * The values the user keeps out of git, for one run (in memory only, never written or shown), with every
 * 4-character piece of each: a line is probed at every few positions only (see scanKnownValues).
 */
export interface KnownValueIndex {
  values: string[];
  /** Where each value comes from (the last file that sets it), at the value's index. */
  sources: KnownValueSource[];
  /** Hash of 4 characters → [value index, offset in the value] pairs. */
  grams: Map<number, number[]>;
  /** The hashes' low 16 bits: most probes stop here, before a map lookup. */
  gramFilter: Uint8Array;
  /** Probe stride: the shortest value's length - 3; every occurrence of every value covers a probe. */
  stride: number;
}

const GRAM = 4;

const gramAt = (text: string, i: number) =>
  Math.imul(Math.imul(Math.imul(text.charCodeAt(i), 31) + text.charCodeAt(i + 1), 31) + text.charCodeAt(i + 2), 31) + text.charCodeAt(i + 3);

export function knownValueIndex(entries: { value: string; source: KnownValueSource }[]): KnownValueIndex {
  const byValue = new Map(entries.map((e) => [e.value, e.source]));
  const values = [...byValue.keys()];
  const sources = [...byValue.values()];
  const grams = new Map<number, number[]>();
  const gramFilter = new Uint8Array(1 << 16);
  values.forEach((value, v) => {
    for (let off = 0; off + GRAM <= value.length; off++) {
      const key = gramAt(value, off);
      gramFilter[key & 0xffff] = 1;
      const list = grams.get(key);
      if (list) list.push(v, off);
      else grams.set(key, [v, off]);
    }
  });
  const shortest = values.reduce((n, v) => Math.min(n, v.length), Infinity);
  return { values, sources, grams, gramFilter, stride: Number.isFinite(shortest) ? shortest - GRAM + 1 : 1 };
}

export const KNOWN_VALUE_DETECTOR: DetectorCore = {
  id: "dotenv-value",
  name: "Value from a git-ignored dotenv file",
  service: "Your environment",
  severity: "high",
  keywords: [],
  patterns: [],
};

// Characters that end a token in code, config and URLs, or split it into pieces: a known value counts only
// between them (or the line's ends), never inside a longer token.
const BREAKS = new Uint8Array(128);
for (const c of " \t\"'`,;()[]{}<>=:@/?&#") BREAKS[c.charCodeAt(0)] = 1;
const isBreak = (text: string, i: number) => i < 0 || i >= text.length || BREAKS[text.charCodeAt(i)] === 1;

/** Finds added lines that contain one of the known values, whatever format surrounds it. */
function sortLineFindings(findings: Finding[], line: number): void {
  let first = findings.length;
  while (first > 0 && findings[first - 1].line === line) first--;
  const sorted = findings.slice(first).sort((a, b) => a.column - b.column);
  findings.splice(first, sorted.length, ...sorted);
}

export function scanKnownValues(index: KnownValueIndex, change: Change): Finding[] {
  const { values, grams, gramFilter, stride } = index;
  if (!values.length) return [];
  const findings: Finding[] = [];
  for (const line of change.lines) {
    if (!line.added) continue;
    const { text } = line;
    // Every occurrence spans at least `stride` gram starts, so probing every stride-th one meets it.
    let reported: Set<string> | undefined;
    for (let probe = stride - 1; probe + GRAM <= text.length; probe += stride) {
      const key = gramAt(text, probe);
      if (!gramFilter[key & 0xffff]) continue;
      const hits = grams.get(key);
      if (!hits) continue;
      for (let h = 0; h < hits.length; h += 2) {
        const secret = values[hits[h]];
        const start = probe - hits[h + 1];
        const end = start + secret.length;
        if (start < 0 || !text.startsWith(secret, start) || !isBreak(text, start - 1) || !isBreak(text, end)) continue;
        const key = `${start}:${hits[h]}`;
        if (reported?.has(key)) continue;
        (reported ??= new Set()).add(key);
        const digest = secretDigest(secret);
        const source = index.sources[hits[h]];
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
    // Probes meet values in no particular order: a line's findings read left to right.
    if (reported && reported.size > 1) sortLineFindings(findings, line.number);
  }
  return findings;
}
