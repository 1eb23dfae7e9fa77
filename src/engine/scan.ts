import { crypto } from "../util/crypto.js";
import type { Catalogue, CompiledDetector, CompiledPattern } from "./catalogue.js";
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
  /** The variable the secret was assigned to, when the pattern names it (`(?P<name>…)`). */
  variable?: string;
  lineIndex: number;
  secret: string;
}

export function saltedHashOf(secret: string, salt: string): string {
  return crypto().createHmac("sha256", salt).update(secret).digest("hex");
}

// The keyword pass runs per block of lines, so a detector's pattern only reads the blocks around its keywords,
// not the whole file: the cost per byte stays flat as detectors are added. Smaller blocks would narrow that
// further but cost more RE2 set calls than they save (measured: 2 KB blocks were slower than 8 KB).
const BLOCK_CHARS = 8192;

/**
 * A change's text as RE2 reads it: one UTF-8 buffer, shared by the keyword pass and every pattern through
 * zero-copy subarrays (handing RE2 strings would re-encode them on every call), cut into blocks of whole lines.
 * The buffer is built block by block from the lines: joining a whole change into one string first costs more
 * than the scan (V8 joins into strings past ~128 KB at a tenth of its usual speed, measured).
 */
interface Layout {
  buf: Buffer;
  ascii: boolean;
  /** Byte offset where each block starts; the last entry is the buffer's length. */
  blocks: number[];
  /** Character offset where each block starts. */
  blockChars: number[];
  /** Lowercased blocks, made on demand. */
  lowered: Map<number, string>;
  /** Bytes of the longest keyword: blocks are searched that far past their end, in case one straddles a cut. */
  longestKeyword: number;
  /** Per block, once asked: whether it holds an escaped quote (`\"`, `\'`). */
  escapedQuotes: Map<number, boolean>;
  /** Where a keyword occurs in a block, shared by the detectors it enables: block -> needle -> offsets or "dense". */
  positions: Map<number, Map<string, number[] | "dense">>;
}

function layoutOf(lines: Line[], lineStarts: number[], longestKeyword: number): Layout {
  const parts: Buffer[] = [];
  const blocks = [0];
  const blockChars = [0];
  let first = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && lineStarts[i] - lineStarts[first] < BLOCK_CHARS) continue;
    let text = lines[first].text;
    for (let j = first + 1; j < i; j++) text += "\n" + lines[j].text;
    if (i < lines.length) text += "\n";
    for (const piece of piecesOf(text)) {
      const bytes = Buffer.from(piece, "utf8");
      parts.push(bytes);
      blocks.push(blocks[blocks.length - 1] + bytes.length);
      blockChars.push(blockChars[blockChars.length - 1] + piece.length);
    }
    first = i;
  }
  const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  return { buf, ascii: buf.length === blockChars[blockChars.length - 1], blocks, blockChars, lowered: new Map(), longestKeyword, escapedQuotes: new Map(), positions: new Map() };
}

/**
 * A block's text in pieces of about BLOCK_CHARS: minified code and source maps put megabytes on one line, and
 * a block that size would make every detector with a keyword on it read all of it. Cuts fall after a separator
 * when one is near, never inside a UTF-16 surrogate pair.
 */
function* piecesOf(text: string): Generator<string> {
  let from = 0;
  while (text.length - from > 2 * BLOCK_CHARS) {
    let cut = from + BLOCK_CHARS;
    let i = cut;
    while (i > cut - SNAP && !SEPARATORS.has(text.charCodeAt(i - 1))) i--;
    if (i > cut - SNAP) cut = i;
    else if ((text.charCodeAt(cut) & 0xfc00) === 0xdc00) cut++;
    yield text.slice(from, cut);
    from = cut;
  }
  yield text.slice(from);
}

/** Where one detector's keywords occurred: the blocks, and the keyword bytes to find again inside them. */
interface Hits {
  blocks: number[];
  needles: { block: number; bytes: Buffer; anyCase: boolean }[];
}

/** Finds the credentials that the added lines of one change introduce. Pure: no I/O. */
export function scanChange(catalogue: Catalogue, change: Change): Finding[] {
  const { lines } = change;
  const index = catalogue.keywords;
  if (!lines.some((l) => l.added) || !index) return [];
  const lineStarts = lineOffsets(lines);
  const layout = layoutOf(lines, lineStarts, index.longestKeyword);
  const { buf, blocks } = layout;
  const hits = new Map<number, Hits>();
  const note = (d: number, block: number, bytes: Buffer, anyCase: boolean) => {
    let h = hits.get(d);
    if (!h) hits.set(d, (h = { blocks: [], needles: [] }));
    if (h.blocks[h.blocks.length - 1] !== block) h.blocks.push(block);
    h.needles.push({ block, bytes, anyCase });
  };
  for (let b = 0; b < blocks.length - 1; b++) {
    // A little past the block's end: a keyword may straddle a cut inside a long line.
    const block = buf.subarray(blocks[b], blocks[b + 1] + index.longestKeyword - 1);
    for (const k of index.set.match(block)) {
      const entry = index.entries[k];
      for (const d of entry.anyCase) note(d, b, entry.lower, true);
      for (const spelling of entry.exact) {
        if (block.includes(spelling.bytes)) for (const d of spelling.detectors) note(d, b, spelling.bytes, false);
      }
    }
  }
  if (hits.size === 0) return [];
  const matches: Match[] = [];
  const seen = new Set<string>();
  const scope = { catalogue, change, lineStarts, out: matches, seen };
  for (const [d, hit] of hits) {
    const detector = catalogue.detectors[d];
    const reach = detector.reach;
    const regions = Number.isFinite(reach) ? keywordWindows(layout, hit, reach) : blockRegions(layout, hit.blocks);
    for (const [from, to] of regions) {
      const bytes = buf.subarray(from, to);
      const charBase = charOffsetOf(layout, from);
      const before = from > 0 ? buf[from - 1] : undefined;
      collectMatches(scope, d, bytes, before, layout.ascii, charBase, identity);
      // Code inside JSON strings (notebooks, configs) has its quotes escaped: read it once more unescaped.
      if (detector.readsQuotes && hasEscapedQuote(layout, from, to)) {
        const slice = bytes.toString("utf8");
        const unescaped = unescapeQuotes(slice);
        const unescapedBytes = Buffer.from(unescaped.text, "utf8");
        collectMatches(scope, d, unescapedBytes, before, unescapedBytes.length === unescaped.text.length, charBase, unescaped.toOriginal);
      }
    }
  }
  return toFindings(catalogue, change, lineStarts, resolveOverlaps(catalogue, matches));
}

/** Byte ranges of each hit block with its neighbours, for detectors whose matches can span many lines. */
function blockRegions(layout: Layout, hitBlocks: number[]): [number, number][] {
  return mergeRanges(hitBlocks, layout.blocks.length - 1).map(([from, to]) => [layout.blocks[from], layout.blocks[to]]);
}

// Beyond this many keyword occurrences per 8 KB, reading the whole block costs less than finding each one.
const DENSE_OCCURRENCES = 4;
// How far from a keyword a window reaches along one line: minified code and source maps put megabytes on a
// line, and a token or a named value sits right after its keyword (or, for context words, close before it).
const REACH_BACK = 4096;
const REACH_FORWARD = 16384;
const WINDOW_GAP = 1024;

/**
 * Byte ranges of the lines around each keyword occurrence, `reach` non-blank lines either side, kept inside
 * the occurrence's block and its neighbours and, along very long lines, within REACH_BACK / REACH_FORWARD of
 * the keyword; a block dense with occurrences is read whole, with `reach` lines around it. Most keyword hits
 * are a name in passing: reading a few lines around it instead of three blocks keeps the cost flat as the
 * catalogue grows.
 */
function keywordWindows(layout: Layout, hit: Hits, reach: number): [number, number][] {
  const { buf, blocks } = layout;
  const windows: [number, number][] = [];
  const add = (from: number, to: number) => {
    const last = windows[windows.length - 1];
    // Windows a few lines apart are read as one: a pattern call costs about what reading 1 KB does.
    if (last && from <= last[1] + WINDOW_GAP) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  };
  for (let n = 0; n < hit.needles.length; ) {
    const block = hit.needles[n].block;
    let end = n;
    while (end < hit.needles.length && hit.needles[end].block === block) end++;
    const needles = hit.needles.slice(n, end);
    n = end;
    const floor = blocks[Math.max(0, block - 1)];
    const ceiling = blocks[Math.min(blocks.length - 1, block + 2)];
    const found = occurrences(layout, block, needles);
    if (found === "dense") {
      add(linesBefore(buf, blocks[block], reach, floor), linesAfter(buf, blocks[block + 1] - 1, reach, ceiling));
      continue;
    }
    for (const at of found) {
      const near = Math.max(floor, at - REACH_BACK);
      const far = Math.min(ceiling, at + REACH_FORWARD);
      const from = linesBefore(buf, startOfLine(buf, at, near), reach, near);
      const to = linesAfter(buf, endOfLine(buf, at, far), reach, far);
      add(from === near && near > floor ? cutBefore(buf, near) : from, to === far && far < ceiling ? cutAfter(buf, far) : to);
    }
  }
  return windows;
}

/** Ascending byte offsets of the needles in a block, or "dense" past DENSE_OCCURRENCES per 8 KB. */
function occurrences(layout: Layout, block: number, needles: Hits["needles"]): number[] | "dense" {
  const limit = denseLimit(layout, block);
  const found: number[] = [];
  for (const needle of needles) {
    const at = needlePositions(layout, block, needle, limit);
    if (at === "dense") return "dense";
    found.push(...at);
    if (found.length > limit) return "dense";
  }
  return found.sort((a, b) => a - b);
}

function denseLimit(layout: Layout, block: number): number {
  return DENSE_OCCURRENCES * Math.max(1, Math.round((layout.blocks[block + 1] - layout.blocks[block]) / BLOCK_CHARS));
}

/** Where one keyword occurs in a block (absolute offsets), or "dense"; found once per block for every detector. */
function needlePositions(layout: Layout, block: number, { bytes, anyCase }: Hits["needles"][number], limit: number): number[] | "dense" {
  let byNeedle = layout.positions.get(block);
  if (!byNeedle) layout.positions.set(block, (byNeedle = new Map()));
  const word = bytes.toString("latin1");
  const key = anyCase ? word : `=${word}`;
  let found = byNeedle.get(key);
  if (found) return found;
  const start = layout.blocks[block];
  const raw = layout.buf.subarray(start, layout.blocks[block + 1] + layout.longestKeyword - 1);
  const positions: number[] = [];
  // Most occurrences are spelled as the keyword is: counting them in the block as it is avoids lowercasing it.
  for (let at = raw.indexOf(bytes); at >= 0 && positions.length <= limit; at = raw.indexOf(bytes, at + bytes.length)) positions.push(start + at);
  if (positions.length > limit) found = "dense";
  else if (!anyCase) found = positions;
  else {
    const lowered = loweredBlock(layout, block);
    const all: number[] = [];
    for (let at = lowered.indexOf(word); at >= 0 && all.length <= limit; at = lowered.indexOf(word, at + word.length)) all.push(start + at);
    found = all.length > limit ? "dense" : all;
  }
  byNeedle.set(key, found);
  return found;
}

/** Whether the bytes [from, to) may hold an escaped quote: answered per block, once. */
function hasEscapedQuote(layout: Layout, from: number, to: number): boolean {
  const { blocks, buf } = layout;
  let b = blockAt(blocks, from);
  for (; b < blocks.length - 1 && blocks[b] < to; b++) {
    let has = layout.escapedQuotes.get(b);
    if (has === undefined) {
      const piece = buf.subarray(blocks[b], blocks[b + 1]);
      has = piece.includes('\\"') || piece.includes("\\'");
      layout.escapedQuotes.set(b, has);
    }
    if (has) return true;
  }
  return false;
}

/** Index of the block holding byte `at`. */
function blockAt(blocks: number[], at: number): number {
  let lo = 0;
  let hi = blocks.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// Where a window may start or end inside a long line: after or before a separator, never inside a token.
const SEPARATORS = new Set([..." \t\r\n\"'`,;(){}[]<>"].map((c) => c.charCodeAt(0)));
const SNAP = 512;

/** `at`, moved back to just after the separator before it (a token there is read whole). */
function cutBefore(buf: Buffer, at: number): number {
  for (let i = at - 1; i >= Math.max(0, at - SNAP); i--) if (SEPARATORS.has(buf[i])) return i + 1;
  return charBoundary(buf, at);
}

/** `at`, moved on to the separator after it. */
function cutAfter(buf: Buffer, at: number): number {
  for (let i = at; i < Math.min(buf.length, at + SNAP); i++) if (SEPARATORS.has(buf[i])) return i;
  return charBoundary(buf, at);
}

/** `at`, or the start of the next character when `at` falls inside a UTF-8 sequence. */
function charBoundary(buf: Buffer, at: number): number {
  while (at < buf.length && (buf[at] & 0xc0) === 0x80) at++;
  return at;
}

/**
 * A block in lowercase as a latin1 string: one character per byte, so offsets are byte offsets, and keywords
 * are ASCII. (A string lowercases and searches at twice the speed of a Buffer round trip, measured.)
 */
function loweredBlock(layout: Layout, block: number): string {
  let lowered = layout.lowered.get(block);
  if (lowered === undefined) {
    const end = Math.min(layout.buf.length, layout.blocks[block + 1] + layout.longestKeyword - 1);
    lowered = layout.buf.toString("latin1", layout.blocks[block], end).toLowerCase();
    layout.lowered.set(block, lowered);
  }
  return lowered;
}

const NEWLINE = 10;

/** Start of the line holding `at`, or `floor` if the line starts before it. */
function startOfLine(buf: Buffer, at: number, floor: number): number {
  if (at <= floor) return floor;
  const i = buf.subarray(floor, at).lastIndexOf(NEWLINE);
  return i < 0 ? floor : floor + i + 1;
}

/** End of the line holding `at` (its newline), or `ceiling` if the line ends after it. */
function endOfLine(buf: Buffer, at: number, ceiling: number): number {
  if (at >= ceiling) return ceiling;
  const i = buf.subarray(at, ceiling).indexOf(NEWLINE);
  return i < 0 ? ceiling : at + i;
}

function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Start of the line `count` non-blank lines above the line starting at `start`, not before `floor`. */
function linesBefore(buf: Buffer, start: number, count: number, floor: number): number {
  let counted = 0;
  while (start > floor && counted < count) {
    const previous = startOfLine(buf, start - 1, floor);
    if (!isBlank(buf, previous, start - 1)) counted++;
    start = previous;
  }
  return Math.max(start, floor);
}

/** End of the line `count` non-blank lines below the line ending at `end`, not past `ceiling`. */
function linesAfter(buf: Buffer, end: number, count: number, ceiling: number): number {
  let counted = 0;
  while (end < ceiling && counted < count) {
    const next = endOfLine(buf, end + 1, ceiling);
    if (!isBlank(buf, end + 1, next)) counted++;
    end = next;
  }
  return Math.min(end, ceiling);
}

/** Character offset of a byte offset that starts a character (a line, or a window cut at a separator). */
function charOffsetOf(layout: Layout, byte: number): number {
  if (layout.ascii) return byte;
  const { blocks, blockChars, buf } = layout;
  const b = blockAt(blocks, byte);
  return blockChars[b] + buf.toString("utf8", blocks[b], byte).length;
}

/** Block ranges [from, to) covering each hit block and its neighbours, merged where they touch. */
function mergeRanges(hits: number[], count: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (const b of hits) {
    const from = Math.max(0, b - 1);
    const to = Math.min(count, b + 2);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  return ranges;
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

interface Scope {
  catalogue: Catalogue;
  change: Change;
  lineStarts: number[];
  out: Match[];
  seen: Set<string>;
}

/**
 * Runs one detector over a piece of the change. `bytes` is UTF-8; offsets found in it become character
 * offsets in the change's text through `charBase` and, for an unescaped view, `toOriginal`.
 */
function collectMatches(
  scope: Scope,
  detectorIndex: number,
  bytes: Buffer,
  byteBefore: number | undefined,
  ascii: boolean,
  charBase: number,
  toOriginal: (offset: number) => number,
): void {
  const { catalogue, change, lineStarts, out, seen } = scope;
  const detector = catalogue.detectors[detectorIndex];
  const { core } = detector;
  const charOf = ascii ? (b: number) => b : (b: number) => bytes.toString("utf8", 0, b).length;
  for (const { re, before } of detector.patterns) {
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
      const start = charBase + toOriginal(charOf(byteStart));
      const end = charBase + toOriginal(charOf(byteEnd) - 1) + 1;
      const key = `${detectorIndex}:${start}`;
      if (seen.has(key)) continue;
      const secret = secretBytes.toString("utf8");
      const lineIndex = lineIndexAt(lineStarts, start);
      if (!change.lines[lineIndex].added) continue;
      if (core.entropy !== undefined && shannonEntropy(secret) < core.entropy) continue;
      if (catalogue.isPlaceholder(secret)) continue;
      if (detector.checksum && !detector.checksum.validate(secret, whole.toString("utf8"))) continue;
      if (detector.contextWords && !hasContext(detector, change, lineIndex, secret)) continue;
      seen.add(key);
      const variable = (m.groups as Record<string, Buffer | undefined> | undefined)?.name?.toString("utf8");
      out.push({ detectorIndex, start, end, lineIndex, secret, variable });
    }
  }
}

const isWordByte = (c: number | undefined) =>
  c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);

/** RE2's `\b` at `at`: a word byte on one side only. `byteBefore` is the text's byte before `bytes`, if any. */
function wordBoundaryAt(bytes: Buffer, at: number, byteBefore: number | undefined): boolean {
  return isWordByte(at > 0 ? bytes[at - 1] : byteBefore) !== isWordByte(bytes[at]);
}

function precededAsRequired(before: NonNullable<CompiledPattern["before"]>, bytes: Buffer, at: number, byteBefore: number | undefined): boolean {
  if (before === "word") return wordBoundaryAt(bytes, at, byteBefore);
  if (before === "line") return lineStartAt(bytes, at, byteBefore);
  const previous = at > 0 ? bytes[at - 1] : byteBefore;
  return previous === undefined || previous === NEWLINE || before.excluded[previous] === 0;
}

/** Only blanks between the start of the line and `at`. */
function lineStartAt(bytes: Buffer, at: number, byteBefore: number | undefined): boolean {
  let i = at - 1;
  while (i >= 0 && (bytes[i] === 32 || bytes[i] === 9)) i--;
  const previous = i >= 0 ? bytes[i] : byteBefore;
  return previous === undefined || previous === NEWLINE;
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

function toFindings(catalogue: Catalogue, change: Change, lineStarts: number[], matches: Match[]): Finding[] {
  matches.sort((a, b) => a.start - b.start);
  const spansByLine = new Map<number, { start: number; end: number; redacted: string }[]>();
  for (const m of matches) {
    const lineStart = lineStarts[m.lineIndex];
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
      column: m.start - lineStarts[m.lineIndex] + 1,
      redacted: redact(secret),
      lineRedacted: redactLine(line.text, spansByLine.get(m.lineIndex)!, m.start - lineStarts[m.lineIndex]),
      fingerprint: fingerprintOf(core.id, secret),
      envVar: m.variable ? envNameOf(m.variable) : undefined,
      saltedHash: (salt: string) => saltedHashOf(secret, salt),
    };
  });
}
