import { isAscii } from "node:buffer";
import type { Change, Finding, Line } from "../model/index.js";
import { secretDigest } from "../util/crypto.js";
import { lastAtOrBefore } from "../util/sorted.js";
import type { Catalogue, CompiledDetector, CompiledPattern } from "./catalogue.js";
import { shannonEntropy } from "./entropy.js";
import { publicByPlace } from "./publicByPlace.js";
import { endOfLine, keywordWindow, linesAfter, linesBefore, REACH_BACK, REACH_FORWARD, startOfLine } from "./keywordWindow.js";
import { precededAsRequired } from "./pattern/leading.js";
import { charOffsetOf, hasEscapedQuote, keywordHits, layoutOf, regionsOf, releaseLayout, type KeywordIndex, type Layout } from "./prefilter/index.js";
import { fingerprintOf, redact, redactLine, type Span } from "./redact.js";
import { LATER_PIECE_SHARE, newBudget } from "./decode/index.js";
import { withDecodedFindings, type DecodeState, type KeywordCheck } from "./decode/views.js";

// The model's types, for engine modules that name them through scan.ts.
export type { Change, ChangeOrigin, CommitInfo, Finding, Line } from "../model/index.js";

interface Match {
  detectorIndex: number;
  start: number;
  end: number;
  /** The variable the secret was assigned to, when the pattern names it (`(?P<name>…)`). */
  variable?: string;
  lineIndex: number;
  secret: string;
  /** The config's placeholder word the value holds (its index): a suppression, not a value dropped. */
  placeholder?: number;
}

/**
 * Finds the credentials that the added lines of one change introduce. Pure: no I/O. Past FINDING_CAPS the
 * findings are only counted, and `onUnlisted` hears how many (`atLeast` when a detector stopped counting);
 * `onUndecoded` hears when encoded text was left undecoded at the decoding budget.
 */
export function scanChange(catalogue: Catalogue, change: Change, onUnlisted?: (count: number, atLeast: boolean) => void, onUndecoded?: () => void): Finding[] {
  const decoding: DecodeState = { depth: 0, budget: newBudget(change.laterPiece ? LATER_PIECE_SHARE : 1) };
  const found = scanAt(catalogue, change, onUnlisted, decoding);
  if (decoding.budget.cutShort) onUndecoded?.();
  return found;
}

function scanAt(catalogue: Catalogue, change: Change, onUnlisted: ((count: number, atLeast: boolean) => void) | undefined, decoding: DecodeState): Finding[] {
  const { lines } = change;
  const index = catalogue.keywords;
  if (!lines.some((l) => l.added || l.seen) || !index) return [];
  const lineStarts = lineOffsets(lines);
  const layout = layoutOf(lines, lineStarts, index.longestKeyword);
  const { buf } = layout;
  const matches: Match[] = [];
  const scope: Scope = { catalogue, change, layout, lineStarts, out: matches, seen: new Set(), accepted: new Map(), stoppedEarly: false, depth: decoding.depth };
  const read = (d: number, from: number, to: number) => {
    const detector = catalogue.detectors[d];
    const bytes = buf.subarray(from, to);
    const piece: Piece = { detectorIndex: d, patterns: detector.patterns, byteBefore: from > 0 ? buf[from - 1] : undefined, charBase: () => charOffsetOf(layout, from) };
    collectMatches(scope, piece, bytes, layout.ascii || isAscii(bytes), identity);
    // Code inside JSON strings (notebooks, configs) has its quotes escaped: read it once more unescaped.
    if (detector.readsQuotes && hasEscapedQuote(layout, from, to)) {
      const unescaped = unescapeQuotes(bytes.toString("utf8"));
      const unescapedBytes = Buffer.from(unescaped.text, "utf8");
      collectMatches(scope, piece, unescapedBytes, unescapedBytes.length === unescaped.text.length, unescaped.toOriginal);
    }
  };
  let hits: Map<number, number[]> | undefined;
  if (!catalogue.prefilter) {
    for (let d = 0; d < catalogue.detectors.length; d++) read(d, 0, buf.length);
  } else {
    hits = keywordHits(index, layout);
    for (const [d, hit] of hits) {
      for (const [from, to] of regionsOf(catalogue.detectors[d], layout, hit)) read(d, from, to);
    }
  }
  const unlisted = onUnlisted && ((count: number) => onUnlisted(count, scope.stoppedEarly));
  const found = toFindings(catalogue, change, lineStarts, resolveOverlaps(catalogue, matches), unlisted);
  // Encoded values (base64, percent-encoding, escaped strings) are read once more, decoded in place.
  const scanView = (view: Change, next: DecodeState) => scanAt(catalogue, view, undefined, next);
  const all = withDecodedFindings(change, found, { layout, lineStarts, keywords: keywordCheck(index, layout, hits) }, decoding, scanView, unlisted);
  releaseLayout(layout);
  return all;
}

/**
 * Whether any keyword occurs in some bytes, by the keyword pass. In the change's own bytes, blocks where the
 * pass found none (`hits`, when it ran) answer without reading them again.
 */
function keywordCheck(index: KeywordIndex, layout: Layout, hits: Map<number, number[]> | undefined): KeywordCheck {
  const { blocks, buf } = layout;
  let hitBlocks: Uint8Array | undefined;
  const inBytes = (bytes: Buffer) => keywordHits(index, oneBlock(bytes, index.longestKeyword)).size > 0;
  return {
    inBytes,
    inChange(from, to) {
      if (hits && !hitBlocks) {
        hitBlocks = new Uint8Array(blocks.length);
        for (const list of hits.values()) for (const b of list) hitBlocks[b] = 1;
      }
      if (hitBlocks) {
        let b = lastAtOrBefore(blocks, from, blocks.length - 2);
        while (b < blocks.length - 1 && blocks[b] < to && !hitBlocks[b]) b++;
        if (b === blocks.length - 1 || blocks[b] >= to) return false;
      }
      return inBytes(buf.subarray(from, to));
    },
  };
}

/** Bytes as a layout of one block, for the keyword pass alone. */
function oneBlock(buf: Buffer, longestKeyword: number): Layout {
  return { buf, ascii: false, blocks: [0, buf.length], blockChars: [0, 0], longestKeyword, escapedQuotes: new Map(), blockReach: new Map() };
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
  return lastAtOrBefore(starts, offset);
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

/** `db.password`, `clientSecret` and `DB_PASSWORD` all suggest the environment variable DB_PASSWORD / CLIENT_SECRET. */
function envNameOf(variable: string): string | undefined {
  const name = variable.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").toUpperCase();
  return /^[A-Z]/.test(name) ? name : undefined;
}

/** The secret: a group named `secret…` that matched, else the first group that matched, else the whole match. */
function secretOf(m: Buffer[] & { groups?: Record<string, Buffer | undefined> }): Buffer {
  if (m.groups) {
    for (const [name, value] of Object.entries(m.groups)) if (value !== undefined && name.startsWith("secret")) return value;
  }
  for (let i = 1; i < m.length; i++) if (m[i] !== undefined) return m[i];
  return m[0];
}

/** The variable a pattern names: its group `name…` that matched (`name2`… in other alternatives). */
function variableOf(groups: Record<string, Buffer | undefined> | undefined): string | undefined {
  for (const [name, value] of Object.entries(groups ?? {})) if (value !== undefined && name.startsWith("name")) return value.toString("utf8");
  return undefined;
}

/** Beyond these, findings are counted but not listed: a pattern that matches everything must not flood a hook. */
export const FINDING_CAPS = { perLine: 10, perFile: 100, perRun: 1000 } as const;


interface Scope {
  catalogue: Catalogue;
  change: Change;
  layout: Layout;
  lineStarts: number[];
  /** Byte offset of each line in the layout's buffer, worked out when a non-ASCII change first needs it. */
  lineBytes?: number[];
  out: Match[];
  seen: Set<string>;
  /** Matches kept per detector, against MATCHES_PER_DETECTOR. */
  accepted: Map<number, number>;
  /** A detector reached its ceiling: more matches exist than were counted. */
  stoppedEarly: boolean;
  /** 0 for the change itself, more for a decoded view of it. */
  depth: number;
}

// Far more than a change ever lists (FINDING_CAPS.perFile): a pattern that matches everything stops here
// instead of paying the checks on every character of a large file.
const MATCHES_PER_DETECTOR = 10 * FINDING_CAPS.perFile;
/** Characters of the value's line on each side that validators and `publicByPlace` read. */
const LINE_CONTEXT_CHARS = 512;

/** One region a detector reads, and where it sits in the change. */
interface Piece {
  detectorIndex: number;
  patterns: CompiledPattern[];
  /** The change's byte just before the region, if any. */
  byteBefore: number | undefined;
  /** Character offset of the region's start, worked out only when something matches there. */
  charBase: () => number;
}

/**
 * Character offset of a byte offset (at a character's start) in UTF-8 `bytes`, counted from the last one asked:
 * matches come in order, so counting from the start each time would read a long region once per match.
 */
function charCounter(bytes: Buffer): (byte: number) => number {
  let lastByte = 0;
  let lastChar = 0;
  return (byte) => {
    if (byte >= lastByte) lastChar += bytes.toString("utf8", lastByte, byte).length;
    else lastChar -= bytes.toString("utf8", byte, lastByte).length;
    lastByte = byte;
    return lastChar;
  };
}

/**
 * Runs one detector over a piece of the change. `bytes` is UTF-8; offsets found in it become character
 * offsets in the change's text through `charBase` and, for an unescaped view, `toOriginal`.
 */
function collectMatches(scope: Scope, piece: Piece, bytes: Buffer, ascii: boolean, toOriginal: (offset: number) => number): void {
  const { catalogue, change, lineStarts, out, seen } = scope;
  const { detectorIndex, byteBefore } = piece;
  const detector = catalogue.detectors[detectorIndex];
  const { core } = detector;
  const charOf = ascii ? (b: number) => b : charCounter(bytes);
  let charBase: number | undefined;
  let accepted = scope.accepted.get(detectorIndex) ?? 0;
  if (accepted >= MATCHES_PER_DETECTOR) return;
  for (const { re, before } of piece.patterns) {
    re.lastIndex = 0;
    let m: ReturnType<typeof re.exec> | null;
    while ((m = re.exec(bytes)) !== null) {
      const whole = m[0];
      if (whole.length === 0 || (before && !precededAsRequired(before, bytes, m.index, byteBefore))) {
        // Retry one byte later: a match starting mid-word must not hide one that starts after it.
        re.lastIndex = m.index + 1;
        continue;
      }
      const secretBytes = secretOf(m as unknown as Buffer[] & { groups?: Record<string, Buffer | undefined> });
      if (!secretBytes || secretBytes.length === 0) continue;
      const byteStart = m.index + Math.max(0, whole.indexOf(secretBytes));
      const byteEnd = byteStart + secretBytes.length;
      // A value that runs straight into `{` is a template (`key-{id}`, a sample template), not a literal.
      if (bytes[byteEnd] === 123) continue;
      charBase ??= piece.charBase();
      const start = charBase + toOriginal(charOf(byteStart));
      const end = charBase + toOriginal(charOf(byteEnd) - 1) + 1;
      const key = `${detectorIndex}:${start}`;
      if (seen.has(key)) continue;
      const secret = secretBytes.toString("utf8");
      const lineIndex = lineIndexAt(lineStarts, start);
      const wholeStart = charBase + toOriginal(charOf(m.index));
      const reportedIndex = reportedLine(change, lineIndex, lineIndexAt(lineStarts, Math.max(start, end - 1)), lineIndexAt(lineStarts, wholeStart), scope.depth);
      if (reportedIndex === -1) continue;
      if (core.entropy !== undefined && shannonEntropy(secret) < core.entropy) continue;
      if (catalogue.isPlaceholder(secret)) continue;
      const placeholder = catalogue.configPlaceholder?.(secret) ?? -1;
      // The line around the value, not all of it: a minified line can be megabytes and hold many candidates.
      const column = start - lineStarts[lineIndex];
      const lineText = change.lines[lineIndex].text.slice(Math.max(0, column - LINE_CONTEXT_CHARS), column + secret.length + LINE_CONTEXT_CHARS);
      if (detector.validator && !detector.validator.validate(secret, whole.toString("utf8"), lineText)) continue;
      if (detector.contextWords && !hasContext(detector, change, lineIndex, secret)) continue;
      if (publicByPlace(secret, lineText)) continue;
      const wholeEnd = charBase + toOriginal(charOf(m.index + whole.length) - 1) + 1;
      if (!nearKeyword(scope, detector, byteOffsetOf(scope, wholeStart), byteOffsetOf(scope, wholeEnd))) continue;
      seen.add(key);
      const variable = variableOf(m.groups as Record<string, Buffer | undefined> | undefined);
      out.push({ detectorIndex, start, end, lineIndex: reportedIndex, secret, variable, ...(placeholder >= 0 ? { placeholder } : {}) });
      scope.accepted.set(detectorIndex, ++accepted);
      if (accepted >= MATCHES_PER_DETECTOR) {
        scope.stoppedEarly = true;
        return;
      }
    }
  }
}

/** Byte offset in the layout's buffer of a character offset in the change's text. */
function byteOffsetOf(scope: Scope, char: number): number {
  if (scope.layout.ascii) return char;
  const { lineStarts, change } = scope;
  if (!scope.lineBytes) {
    const bytes = (scope.lineBytes = new Array<number>(change.lines.length));
    let offset = 0;
    for (let i = 0; i < change.lines.length; i++) {
      bytes[i] = offset;
      offset += Buffer.byteLength(change.lines[i].text) + 1;
    }
  }
  const i = lineIndexAt(lineStarts, char);
  return scope.lineBytes[i] + Buffer.byteLength(change.lines[i].text.slice(0, char - lineStarts[i]));
}

/**
 * Whether the match's bytes [from, to) lie inside the keyword window of one of its detector's keywords: a
 * keyword sits in its match or near it (detectors/README.md). This is what the prefilter's regions cover.
 */
function nearKeyword(scope: Scope, detector: CompiledDetector, from: number, to: number): boolean {
  const { buf } = scope.layout;
  // Only a keyword within reach of the match's lines can have a window that covers it. One line more than the
  // reach: a match may start on a blank line, which the window's count of non-blank lines skips.
  const floor = Math.max(0, to - REACH_FORWARD);
  const ceiling = Math.min(buf.length, from + REACH_BACK);
  const lo = linesBefore(buf, startOfLine(buf, Math.max(floor, to - 1), floor), detector.reach + 1, floor);
  const last = linesAfter(buf, endOfLine(buf, Math.min(from, ceiling), ceiling), detector.reach + 1, ceiling);
  const hi = Math.min(buf.length, last + (scope.catalogue.keywords?.longestKeyword ?? 0));
  const view = buf.subarray(lo, hi);
  let lowered: string | undefined;
  const inWindow = (at: number) => {
    if (at < to - REACH_FORWARD || at > from + REACH_BACK) return false;
    const [start, end] = keywordWindow(buf, at, detector.reach);
    return start <= from && to <= end;
  };
  for (const needle of detector.needles) {
    if (needle.anyCase) {
      lowered ??= view.toString("latin1").toLowerCase();
      for (let at = lowered.indexOf(needle.text); at >= 0; at = lowered.indexOf(needle.text, at + 1)) if (inWindow(lo + at)) return true;
    } else {
      for (let at = view.indexOf(needle.bytes); at >= 0; at = view.indexOf(needle.bytes, at + 1)) if (inWindow(lo + at)) return true;
    }
  }
  return false;
}

/**
 * Where a secret over lines [from, to] is reported: its first added line (in this piece of the file or the one
 * before), so a key pasted under an unchanged BEGIN line counts; -1 when it adds nothing or the next piece owns
 * it. A match belongs to the piece where it starts, except that a cut piece leaves to the next one the matches
 * that start in the lines it carries over (Change.carriedOn): that piece sees them whole, however they go on.
 * Decoded views are not carried over (a line is decoded in one piece only), and keep to their own piece.
 */
function reportedLine(change: Change, from: number, to: number, matchStart: number, depth: number): number {
  const { lines, carriedOn } = change;
  if (depth > 0) {
    for (let i = from; i <= to; i++) if (lines[i].seen) return -1;
    for (let i = from; i <= to; i++) if (lines[i].added) return i;
    return -1;
  }
  if (carriedOn && matchStart >= lines.length - carriedOn) return -1;
  for (let i = from; i <= to; i++) if (lines[i].added || lines[i].seen) return i;
  return -1;
}

/** Context must come from around the match, never from inside it: a random body can spell "bot" or "dbx". */
function hasContext(detector: CompiledDetector, change: Change, lineIndex: number, secret: string): boolean {
  const words = detector.contextWords!;
  const reach = detector.core.context!.lines;
  const path = change.path.toLowerCase();
  if (words.some((w) => path.includes(w))) return true;
  const at = change.lines[lineIndex].number;
  // A YAML file's documents are read apart: `kind: Secret` in one says nothing of a ConfigMap in the next.
  const yaml = YAML_FILE.test(path);
  for (let i = lineIndex; i >= 0 && at - change.lines[i].number <= reach; i--) {
    if (containsAny(change.lines[i].text.split(secret).join(" "), words)) return true;
    if (yaml && DOCUMENT_START.test(change.lines[i].text)) break;
  }
  for (let i = lineIndex + 1; i < change.lines.length && change.lines[i].number - at <= reach; i++) {
    if (yaml && DOCUMENT_START.test(change.lines[i].text)) break;
    if (containsAny(change.lines[i].text.split(secret).join(" "), words)) return true;
  }
  return false;
}

const YAML_FILE = /\.ya?ml$/;
const DOCUMENT_START = /^---(?:\s|$)/;

function containsAny(text: string, words: string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((w) => lower.includes(w));
}

/** Whether `winner`, overlapping `loser`, is the more specific reading of the same text. */
function beats(catalogue: Catalogue, winner: Match, loser: Match): boolean {
  const winnerCore = catalogue.detectors[winner.detectorIndex].core;
  const loserCore = catalogue.detectors[loser.detectorIndex].core;
  if (winnerCore.overrides?.includes(loserCore.id)) return true;
  if (loserCore.fallback && !winnerCore.fallback) return true;
  // Same detector, two patterns, overlapping: keep the longer match.
  return winner.detectorIndex === loser.detectorIndex && winner.end - winner.start > loser.end - loser.start;
}

/**
 * When several detectors match the same text, keep the most specific reading: a detector that names
 * another in `overrides` wins over it, and a `fallback` detector only speaks when nothing else does.
 * A sweep in start order compares each match only with those still open at its start, so a pattern matching
 * every character costs linear time, not all pairs.
 */
function resolveOverlaps(catalogue: Catalogue, matches: Match[]): Match[] {
  if (matches.length < 2) return matches;
  const unique = new Map<string, Match>();
  for (const m of matches) unique.set(`${m.detectorIndex}:${m.start}:${m.end}`, m);
  const list = [...unique.values()].sort((a, b) => a.start - b.start);
  const dropped = new Set<Match>();
  let open: Match[] = [];
  for (const m of list) {
    open = open.filter((o) => o.end > m.start);
    for (const other of open) {
      if (beats(catalogue, other, m)) dropped.add(m);
      if (beats(catalogue, m, other)) dropped.add(other);
    }
    open.push(m);
  }
  return dropped.size ? list.filter((m) => !dropped.has(m)) : list;
}

/** Keeps the first findings of each line and of the change, up to the caps; the rest are only counted. */
function withinCaps(sorted: Match[]): { listed: Match[]; unlisted: number } {
  const listed: Match[] = [];
  const perLine = new Map<number, number>();
  let unlisted = 0;
  for (const m of sorted) {
    const onLine = perLine.get(m.lineIndex) ?? 0;
    if (onLine >= FINDING_CAPS.perLine || listed.length >= FINDING_CAPS.perFile) {
      unlisted++;
      continue;
    }
    perLine.set(m.lineIndex, onLine + 1);
    listed.push(m);
  }
  return { listed, unlisted };
}

// Wider than redactLine's window around a finding, so it sees every span it would show.
const SPAN_MARGIN = 256;

/** Spans in start order, disjoint: the ones near `focus`, found by binary search (their ends are sorted too). */
function spansNear(spans: Span[], focus: number): Span[] {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= focus - SPAN_MARGIN) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < spans.length && spans[to].start < focus + SPAN_MARGIN) to++;
  return spans.slice(lo, to);
}

function toFindings(catalogue: Catalogue, change: Change, lineStarts: number[], matches: Match[], onUnlisted?: (count: number) => void): Finding[] {
  matches.sort((a, b) => a.start - b.start);
  const { listed, unlisted } = withinCaps(matches);
  if (unlisted) onUnlisted?.(unlisted);
  // Every secret on a shown line is redacted, listed or not; overlapping spans merge so none shows through.
  const spansByLine = new Map<number, Span[]>();
  for (const m of listed) spansByLine.set(m.lineIndex, []);
  for (const m of matches) {
    const spans = spansByLine.get(m.lineIndex);
    if (!spans) continue;
    const lineStart = lineStarts[m.lineIndex];
    // A match that began on an earlier line starts, on its reported line, at the line's start.
    const start = Math.max(0, m.start - lineStart);
    const end = Math.min(m.end - lineStart, change.lines[m.lineIndex].text.length);
    const last = spans[spans.length - 1];
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else spans.push({ start, end, redacted: redact(m.secret) });
  }
  return listed.map((m) => {
    const core = catalogue.detectors[m.detectorIndex].core;
    const line = change.lines[m.lineIndex];
    const digest = secretDigest(m.secret);
    const offset = line.offset ?? 0;
    const column = Math.max(0, m.start - lineStarts[m.lineIndex]);
    // scrypt is slow by design: only findings that are printed or stored pay for it.
    let fingerprint: string | undefined;
    return {
      detector: core,
      path: change.path,
      commit: change.commit,
      origin: change.origin,
      ...(change.member ? { member: change.member } : {}),
      line: line.number,
      column: offset + column + 1,
      endColumn: offset + Math.min(m.end - lineStarts[m.lineIndex], line.text.length) + 1,
      redacted: redact(m.secret),
      lineRedacted: redactLine(line.text, spansNear(spansByLine.get(m.lineIndex)!, column), column),
      lineSpans: spansByLine.get(m.lineIndex),
      get fingerprint() {
        return (fingerprint ??= fingerprintOf(core.id, digest));
      },
      envVar: m.variable ? envNameOf(m.variable) : undefined,
      digest,
      ...(m.placeholder !== undefined ? { placeholder: m.placeholder } : {}),
    };
  });
}
