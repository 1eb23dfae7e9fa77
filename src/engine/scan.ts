import { createHmac } from "node:crypto";
import type { Catalogue, CompiledDetector } from "./catalogue.js";
import { shannonEntropy } from "./entropy.js";
import { fingerprintOf, redact, redactLine } from "./redact.js";

export interface Line {
  /** 1-based line number in the new content. */
  number: number;
  text: string;
  /** Context lines are read only to decide detectors' context rules; they are never reported. */
  added: boolean;
}

export interface CommitInfo {
  sha: string;
  /** First parent, or null for a root commit. */
  parent: string | null;
  subject: string;
}

export interface Change {
  path: string;
  commit?: CommitInfo;
  lines: Line[];
}

export interface Finding {
  detector: CompiledDetector["core"];
  path: string;
  commit?: CommitInfo;
  line: number;
  column: number;
  redacted: string;
  /** The line as it should be shown: every secret on it redacted. */
  lineRedacted: string;
  fingerprint: string;
  /** Extra words on what was found, e.g. which variable's value. */
  note?: string;
  /** The environment variable to read instead, when it is specific to this finding. */
  envVar?: string;
  /** Keyed hash of the secret, for suppression entries; the secret itself never leaves the engine. */
  saltedHash(salt: string): string;
}

interface Match {
  detectorIndex: number;
  start: number;
  end: number;
  lineIndex: number;
  secret: string;
}

export function saltedHashOf(secret: string, salt: string): string {
  return createHmac("sha256", salt).update(secret).digest("hex");
}

/** Finds the credentials that the added lines of one change introduce. Pure: no I/O. */
export function scanChange(catalogue: Catalogue, change: Change): Finding[] {
  const { lines } = change;
  if (!lines.some((l) => l.added) || !catalogue.keywordSet) return [];
  const text = lines.length === 1 ? lines[0].text : lines.map((l) => l.text).join("\n");
  const candidates = new Set<number>();
  for (const k of catalogue.keywordSet.match(text)) {
    for (const d of catalogue.keywordDetectors[k]) candidates.add(d);
  }
  if (candidates.size === 0) return [];
  const lineStarts = lineOffsets(lines);
  const matches: Match[] = [];
  for (const d of candidates) collectMatches(catalogue, d, change, text, lineStarts, matches, identity);
  // Code inside JSON strings (notebooks, configs) has its quotes escaped: read it once more unescaped.
  if (text.includes('\\"') || text.includes("\\'")) {
    const view = unescapeQuotes(text);
    const seen = new Set(matches.map((m) => `${m.detectorIndex}:${m.start}`));
    const extra: Match[] = [];
    for (const d of candidates) collectMatches(catalogue, d, change, view.text, lineStarts, extra, view.toOriginal);
    for (const m of extra) if (!seen.has(`${m.detectorIndex}:${m.start}`)) matches.push(m);
  }
  return toFindings(catalogue, change, resolveOverlaps(catalogue, matches));
}

function lineOffsets(lines: Line[]): number[] {
  const starts = new Array<number>(lines.length);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = offset;
    offset += lines[i].text.length + 1;
  }
  return starts;
}

function lineIndexAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const identity = (offset: number) => offset;

/** `\"` and `\'` become plain quotes; offsets in the unescaped text map back to the original. */
function unescapeQuotes(text: string): { text: string; toOriginal: (offset: number) => number } {
  const removed: number[] = [];
  const unescaped = text.replace(/\\(["'])/g, (_m, quote: string, at: number) => {
    removed.push(at - removed.length);
    return quote;
  });
  return {
    text: unescaped,
    toOriginal(offset) {
      let lo = 0;
      let hi = removed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (removed[mid] <= offset) lo = mid + 1;
        else hi = mid;
      }
      return offset + lo;
    },
  };
}

function collectMatches(
  catalogue: Catalogue,
  detectorIndex: number,
  change: Change,
  text: string,
  lineStarts: number[],
  out: Match[],
  toOriginal: (offset: number) => number,
): void {
  const detector = catalogue.detectors[detectorIndex];
  const { core } = detector;
  for (const re of detector.patterns) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const secret = m.groups?.secret ?? m[1] ?? m[0];
      if (!secret) continue;
      const viewStart = m.index + Math.max(0, m[0].indexOf(secret));
      // A value that runs straight into `{` is a template (`key-{id}`, a sample template), not a literal.
      if (text.charCodeAt(viewStart + secret.length) === 123) continue;
      const start = toOriginal(viewStart);
      const end = toOriginal(viewStart + secret.length - 1) + 1;
      const lineIndex = lineIndexAt(lineStarts, start);
      if (!change.lines[lineIndex].added) continue;
      if (core.entropy !== undefined && shannonEntropy(secret) < core.entropy) continue;
      if (catalogue.isPlaceholder(secret)) continue;
      if (detector.checksum && !detector.checksum.validate(secret, m[0])) continue;
      if (detector.contextWords && !hasContext(detector, change, lineIndex, secret)) continue;
      out.push({ detectorIndex, start, end, lineIndex, secret });
    }
  }
}

/** Context must come from around the match, never from inside it: a random body can spell "bot" or "dbx". */
function hasContext(detector: CompiledDetector, change: Change, lineIndex: number, secret: string): boolean {
  const words = detector.contextWords!;
  const reach = detector.core.context!.lines;
  const path = change.path.toLowerCase();
  if (words.some((w) => path.includes(w))) return true;
  const at = change.lines[lineIndex].number;
  for (let i = lineIndex; i >= 0 && at - change.lines[i].number <= reach; i--) {
    if (containsAny(change.lines[i].text.split(secret).join(" "), words)) return true;
  }
  for (let i = lineIndex + 1; i < change.lines.length && change.lines[i].number - at <= reach; i++) {
    if (containsAny(change.lines[i].text.split(secret).join(" "), words)) return true;
  }
  return false;
}

function containsAny(text: string, words: string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((w) => lower.includes(w));
}

/**
 * When several detectors match the same text, keep the most specific reading: a detector that names
 * another in `overrides` wins over it, and a `fallback` detector only speaks when nothing else does.
 */
function resolveOverlaps(catalogue: Catalogue, matches: Match[]): Match[] {
  if (matches.length < 2) return matches;
  const unique = new Map<string, Match>();
  for (const m of matches) unique.set(`${m.detectorIndex}:${m.start}:${m.end}`, m);
  const list = [...unique.values()];
  return list.filter((m) => {
    const core = catalogue.detectors[m.detectorIndex].core;
    return !list.some((other) => {
      if (other === m || other.end <= m.start || other.start >= m.end) return false;
      const otherCore = catalogue.detectors[other.detectorIndex].core;
      if (otherCore.overrides?.includes(core.id)) return true;
      if (core.fallback && !otherCore.fallback) return true;
      // Same detector, two patterns, overlapping: keep the longer match.
      return other.detectorIndex === m.detectorIndex && other.end - other.start > m.end - m.start;
    });
  });
}

function toFindings(catalogue: Catalogue, change: Change, matches: Match[]): Finding[] {
  matches.sort((a, b) => a.start - b.start);
  const lineStartsCache = lineOffsets(change.lines);
  const spansByLine = new Map<number, { start: number; end: number; redacted: string }[]>();
  for (const m of matches) {
    const lineStart = lineStartsCache[m.lineIndex];
    const lineText = change.lines[m.lineIndex].text;
    const spans = spansByLine.get(m.lineIndex) ?? [];
    spans.push({ start: m.start - lineStart, end: Math.min(m.end - lineStart, lineText.length), redacted: redact(m.secret) });
    spansByLine.set(m.lineIndex, spans);
  }
  return matches.map((m) => {
    const core = catalogue.detectors[m.detectorIndex].core;
    const line = change.lines[m.lineIndex];
    const secret = m.secret;
    return {
      detector: core,
      path: change.path,
      commit: change.commit,
      line: line.number,
      column: m.start - lineStartsCache[m.lineIndex] + 1,
      redacted: redact(secret),
      lineRedacted: redactLine(line.text, spansByLine.get(m.lineIndex)!, m.start - lineStartsCache[m.lineIndex]),
      fingerprint: fingerprintOf(core.id, secret),
      saltedHash: (salt: string) => saltedHashOf(secret, salt),
    };
  });
}
