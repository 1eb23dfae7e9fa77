// Finds the encoded segments of a change's added lines (base64, percent-encoding, escaped strings, a notebook
// cell's strings) and decodes them. candidates.ts finds where one may start; each is then checked and decoded
// in full, within the caps below, so a change full of hashes or a minified bundle costs little.
import type { DecodedFrom, Line } from "../../model/index.js";
import { lastAtOrBefore } from "../../util/sorted.js";
import { decodeBase64 } from "./base64.js";
import { candidatesIn, isDataFile, isPercentStop, MAX_DECODED_LINE, type Candidate } from "./candidates.js";
import { charOffsetOf, type Layout } from "../prefilter/index.js";
import { decodeEscapes } from "./escapes.js";
import { decodePercent } from "./percent.js";
import { withoutInvisible } from "./invisible.js";
import { isPrintableText, type Decoded } from "./text.js";

/** How a value was written: the model's name for it, since findings carry it. */
export type Encoding = DecodedFrom;

export { MAX_DECODED_LINE };
/** Decoded characters per change, views' text included, nested decoding included. */
export const DECODE_BUDGET = 64 * 1024;
/** Decoded views per change, whatever their size. */
export const MAX_VIEWS = 256;
/** Of DECODE_BUDGET, what notebook cells may take: the rest stays for encoded values further down a large notebook. */
export const CELL_BUDGET = DECODE_BUDGET / 2;
/** Base64 inside base64 (a docker config's `auth` in a Kubernetes Secret) is read; a third layer is not. */
export const MAX_DEPTH = 2;

/** The part of an encoded segment on one line: columns [start, end) of the line's text, and what they decode to. */
export interface Part {
  lineIndex: number;
  start: number;
  end: number;
  decoded: Decoded;
}

/**
 * One encoded segment: one part on an added line, or a notebook cell's strings, one part per line, read as one
 * text. `ownLines`: a quoted string whose text spans lines is read as lines of its own, without the text
 * around it (the key and the quotes are the container's), so that a pattern anchored on line starts and ends
 * reads it as the file it holds.
 */
export interface Segment {
  encoding: Encoding;
  parts: Part[];
  ownLines: boolean;
  /** A notebook cell: its lines' bytes [from, to), and whether an encoded run (not a line break) starts in them. */
  cell?: { from: number; to: number; encodedInside: boolean };
}

/** What decoding may still spend in one change, shared by every depth. */
export interface DecodeBudget {
  chars: number;
  views: number;
  cellChars: number;
  /** Decoding stopped at the budget with text left to look at: the change is told (scanChange's onUndecoded). */
  cutShort?: boolean;
}

/**
 * What a later piece of a long file gets of the budget: the budget was set for 2 MB of a file and its pieces are
 * 256 KB, so a file dense with encoded text costs per byte what it did (a 30 MB JSON of base64 text: 1.44x the
 * time with the whole budget in every piece).
 */
export const LATER_PIECE_SHARE = 1 / 8;

export const newBudget = (share = 1): DecodeBudget => ({ chars: Math.ceil(DECODE_BUDGET * share), views: Math.ceil(MAX_VIEWS * share), cellChars: Math.ceil(CELL_BUDGET * share) });

/** Which decoders run: all, except where a test switches one off to show what it finds. */
export const DECODERS: Record<Encoding, boolean> = { base64: true, percent: true, escape: true, concat: true, invisible: true };

const isBase64Byte = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 95 || c === 45;

/** The lines a change lets decoding read, with the part of each that may hold a segment (all of it at depth 0). */
export type Regions = Map<number, [number, number]>;

/**
 * The decodable segments of a change's added lines, in order. `layout` holds the change's text as UTF-8 (lines
 * joined by `\n`), `lineStarts` each line's character offset. With `regions`, only segments inside them count.
 * Most candidates are turned down from their bytes alone (base64 of binary, long lines), before any line or
 * column is worked out.
 */
export function findSegments(path: string, lines: readonly Line[], layout: Layout, lineStarts: number[], budget: DecodeBudget, regions?: Regions): Segment[] {
  if (!Object.values(DECODERS).some(Boolean)) return [];
  const { buf, ascii } = layout;
  const found = candidatesIn(buf, DECODERS, regions ? undefined : path, ascii);
  const segments: Segment[] = [];
  const strings = new Map<number, [number, number][]>();
  const lineOf = (lineStart: number) => lastAtOrBefore(lineStarts, charOffsetOf(layout, lineStart));
  // Notebooks' cells are read whole, at the top level only: a decoded view is already one text.
  const cells = !regions && DECODERS.escape && isDataFile(path);
  let after = 0; // bytes before this are covered by a segment already looked at, or by a line not read
  let afterLine = -1; // lines up to this one belong to a cell already read
  for (let i = 0; i < found.length; i++) {
    const candidate = found[i];
    if (budget.chars <= 0 || budget.views <= 0) {
      budget.cutShort = true;
      break;
    }
    if (candidate.at < after) continue;
    if (candidate.encoding === "concat") {
      const joined = regions ? undefined : joinedStrings(buf, found, i);
      if (!joined) continue;
      after = joined.end;
      const parts = joined.bodies.map(([from, to]) => partOfBody(lines, layout, from, to, startOfLineAt(buf, from), lineOf));
      if (parts.some((p) => !p) || !parts.some((p) => lines[p!.lineIndex].added)) continue;
      budget.chars -= joined.bodies.reduce((n, [from, to]) => n + to - from, 0);
      budget.views--;
      segments.push({ encoding: "concat", parts: parts as Part[], ownLines: false });
      continue;
    }
    const lineStart = startOfLineAt(buf, candidate.at);
    let lineEnd = buf.indexOf(10, candidate.at);
    if (lineEnd < 0) lineEnd = buf.length;
    if (lineEnd - lineStart > MAX_DECODED_LINE) {
      after = lineEnd;
      continue;
    }
    // Everything up to the decoding works on bytes: mapping them to characters costs more than most candidates.
    const { encoding } = candidate;
    let { at, end } = candidate;
    let decoded: Decoded | undefined;
    if (encoding === "base64") {
      while (end < lineEnd && end - candidate.end < 2 && buf[end] === 61) end++;
      // A run that goes on past its padding (`=` inside it) is not one base64 value.
      if (end < lineEnd && (isBase64Byte(buf[end]) || buf[end] === 61)) continue;
      decoded = decodeBase64(buf.toString("latin1", at, end));
    } else if (encoding === "invisible") {
      after = end;
      decoded = withoutInvisible(buf.toString("utf8", at, end));
    } else if (encoding === "percent") {
      while (at > lineStart && !isPercentStop(buf[at - 1])) at--;
      after = end;
      decoded = decodePercent(buf.toString("utf8", at, end));
    } else {
      const index = cells && isStringLine(buf, lineStart, lineEnd) ? lineOf(lineStart) : -1;
      const stringLine = index >= 0 && stringBodyOf(lines[index].text) !== undefined;
      const cell = stringLine && index > afterLine && budget.cellChars > 0 ? cellAround(lines, index, afterLine) : undefined;
      if (cell) {
        afterLine = cell.last;
        const cost = cell.parts.reduce((n, p) => n + p.decoded.text.length + lines[p.lineIndex].text.length - (p.end - p.start), 0);
        if (cost <= budget.cellChars) {
          after = lineEnd;
          for (let k = index; k < cell.last; k++) after = endOfLine(buf, after + 1);
          if (!cell.parts.some((p) => lines[p.lineIndex].added)) continue;
          budget.cellChars -= cost;
          budget.chars -= cost;
          if (budget.chars < 0) {
            budget.cutShort = true;
            break;
          }
          budget.views--;
          let from = lineStart;
          for (let k = index; k > cell.parts[0].lineIndex; k--) from = startOfPreviousLine(buf, from);
          segments.push({ encoding, parts: cell.parts, ownLines: true, cell: { from, to: after, encodedInside: encodedIn(found, i, buf, from, after) } });
          continue;
        }
      }
      // A cell past the cells' budget is read one line at a time, for its base64, `\x` and `\u` only.
      if (stringLine && buf[candidate.at + 1] === 110) continue;
      let bodies = strings.get(lineStart);
      if (!bodies) {
        // In a view, strings are read from where the decoded text starts: the quotes around it are the container's.
        const viewLine = regions ? lineOf(lineStart) : -1;
        const region = regions?.get(viewLine);
        const from = region ? lineStart + Buffer.byteLength(lines[viewLine].text.slice(0, region[0])) : lineStart;
        strings.set(lineStart, (bodies = quotedStrings(buf, from, lineEnd)));
        // A Java properties value is unquoted, and Properties.load reads its escapes (`\u0067`): it is the string.
        if (!regions && PROPERTIES.test(path)) bodies.push(...propertiesValue(buf, lineStart, lineEnd));
      }
      const body = bodies.find(([from, to]) => from <= at && at < to);
      if (!body) continue;
      [at, end] = body;
      after = end;
      decoded = decodeEscapes(buf.toString("utf8", at, end));
    }
    if (!decoded) continue;
    const lineIndex = lineOf(lineStart);
    const line = lines[lineIndex];
    if (!line.added || line.seen || line.offset) {
      after = lineEnd;
      continue;
    }
    const columnOf = (byte: number) => (ascii ? byte - lineStart : buf.toString("utf8", lineStart, byte).length);
    const start = columnOf(at);
    const stop = columnOf(end);
    const region = regions ? regions.get(lineIndex) : [0, line.text.length];
    if (!region || start < region[0] || stop > region[1]) continue;
    const parts: Part[] = [{ lineIndex, start, end: stop, decoded }];
    // A run that fills its line in whole groups may be wrapped base64: its next lines are read with it.
    const width = end - at;
    if (encoding === "base64" && !regions && stop === line.text.length && width >= MIN_WRAP_WIDTH && width % 4 === 0 && buf[end - 1] !== 61) {
      for (const part of wrappedLines(lines, lineIndex, width)) {
        parts.push(part);
        after = endOfLine(buf, Math.max(after, lineEnd) + 1);
      }
    }
    budget.chars -= parts.reduce((n, p) => n + p.decoded.text.length + lines[p.lineIndex].text.length - (p.end - p.start), 0);
    if (budget.chars < 0) {
      budget.cutShort = true;
      break;
    }
    budget.views--;
    const ownLines = encoding === "escape" && decoded.text.includes("\n");
    segments.push({ encoding, parts, ownLines });
  }
  return segments;
}

// `base64` wraps at 76 characters, PEM and MIME at 64: wider than any single value's line is unlikely to be a wrap.
const MIN_WRAP_WIDTH = 40;
const WRAPPED_LINE = /^([ \t]*)([A-Za-z0-9+/_-]+={0,2})[ \t]*\r?$/;

/**
 * The lines that go on with a base64 run of `width` characters filling line `first`: each is a whole run of at
 * most that width, and the last one is shorter or padded (`base64`'s output, indented in a YAML block). Each
 * decodes on its own, since the width is whole groups of 4; their texts are read as one, so a token across
 * a wrap is found.
 */
function wrappedLines(lines: readonly Line[], first: number, width: number): Part[] {
  const parts: Part[] = [];
  for (let k = first + 1; k < lines.length; k++) {
    const line = lines[k];
    if (!line.added || line.seen || line.offset !== undefined || line.text.length > MAX_DECODED_LINE) break;
    const m = WRAPPED_LINE.exec(line.text);
    if (!m || m[2].length > width) break;
    const decoded = decodeBase64(m[2], 1);
    if (!decoded) break;
    parts.push({ lineIndex: k, start: m[1].length, end: m[1].length + m[2].length, decoded });
    if (m[2].length < width || m[2].endsWith("=")) break;
  }
  return parts;
}

/**
 * The quotes [from, to) of what may be one JSON string and nothing else but blanks and a trailing comma (an item
 * of a notebook cell's `source` or output `text`), judged from its ends; `code` reads a character (or a byte).
 */
function quotedEnds(from: number, to: number, code: (i: number) => number): [number, number] | undefined {
  while (from < to && (code(from) === 32 || code(from) === 9)) from++;
  while (to > from && (code(to - 1) === 32 || code(to - 1) === 9 || code(to - 1) === 13)) to--;
  if (to > from && code(to - 1) === 44) to--;
  return to - from >= 2 && code(from) === 34 && code(to - 1) === 34 ? [from, to] : undefined;
}

/** Whether the bytes [from, to) of a line may be one JSON string (see quotedEnds): checked before the line is looked up. */
const isStringLine = (buf: Buffer, from: number, to: number) => quotedEnds(from, to, (i) => buf[i]) !== undefined;

/** The body [from, to) of a line that is one JSON string, its inner quotes escaped, or undefined. */
function stringBodyOf(text: string): [number, number] | undefined {
  const ends = quotedEnds(0, text.length, (i) => text.charCodeAt(i));
  if (!ends) return undefined;
  const [from, to] = ends;
  let i = from + 1;
  while (i < to - 1) {
    const c = text.charCodeAt(i);
    if (c === 34) return undefined;
    i += c === 92 ? 2 : 1;
  }
  return i === to - 1 ? [from + 1, to - 1] : undefined;
}

/**
 * A string's body decoded, for a cell's line. Most bodies hold no escape but their closing `\n`: their text is
 * cut from the body, and where each character came from is only worked out if a finding needs it.
 */
function cellLineText(body: string): Decoded | undefined {
  const slash = body.indexOf("\\");
  if (slash < 0) return asWritten(body, body);
  if (slash === body.length - 2 && body[slash + 1] === "n") return asWritten(`${body.slice(0, slash)}\n`, body);
  // Escapes that decode to control characters (a terminal's colours in an output) are read as written.
  const decoded = decodeEscapes(body, true, false);
  if (decoded) return new EscapedText(decoded.text, body);
  return isPrintableText(body) ? asWritten(body, body) : undefined;
}

/** A body's escapes decoded; where each character came from is worked out again only if a finding needs it. */
class EscapedText implements Decoded {
  #origin: number[] | undefined;
  constructor(
    readonly text: string,
    private readonly body: string,
  ) {}

  get origin(): number[] {
    return (this.#origin ??= decodeEscapes(this.body, true)!.origin!);
  }
}

/** Whether a cell line's decoded text is its string's body as written, no backslash left in it: a piece of the raw line. */
export const isAsWritten = (decoded: Decoded) => decoded instanceof WrittenText && !decoded.text.includes("\\");

/** Text whose characters sit at the same offsets in the body (the body's last two, `\n`, read as one). */
const asWritten = (text: string, body: string): Decoded => new WrittenText(text, body.length);

class WrittenText implements Decoded {
  #origin: number[] | undefined;
  constructor(
    readonly text: string,
    private readonly bodyLength: number,
  ) {}

  get origin(): number[] {
    if (!this.#origin) {
      this.#origin = Array.from({ length: this.text.length }, (_, k) => k);
      this.#origin.push(this.bodyLength);
    }
    return this.#origin;
  }
}

/**
 * The string lines around line `index` (none at or before `afterLine`), each a part holding its string's body
 * decoded, in order; `last` is the index of the last line taken. A line that is too long, a piece of one, or
 * not text ends the cell, and so does one whose string does not end in `\n`: Jupyter writes a cell's lines so,
 * and the items of any other list of strings (a config's, a test's samples) joined end to end read as values
 * nobody wrote (`PASSWORD=short` and `jasypt:` as the password `shortjasypt:`).
 */
function cellAround(lines: readonly Line[], index: number, afterLine: number): { parts: Part[]; last: number } | undefined {
  const partOf = (k: number): Part | undefined => {
    const { text, seen, offset } = lines[k];
    if (seen || offset || text.length > MAX_DECODED_LINE) return undefined;
    const body = stringBodyOf(text);
    const decoded = body && cellLineText(text.slice(body[0], body[1]));
    return decoded && { lineIndex: k, start: body[0], end: body[1], decoded };
  };
  const own = partOf(index);
  if (!own) return undefined;
  const endsLine = (part: Part) => part.decoded.text.endsWith("\n");
  const parts: Part[] = [];
  for (let k = index - 1; k > afterLine; k--) {
    const part = partOf(k);
    if (!part || !endsLine(part)) break;
    parts.unshift(part);
  }
  parts.push(own);
  for (let k = index + 1; k < lines.length && endsLine(parts[parts.length - 1]); k++) {
    const part = partOf(k);
    if (!part) break;
    parts.push(part);
  }
  return { parts, last: parts[parts.length - 1].lineIndex };
}

/** Whether a candidate around `found[i]` other than a `\n` escape starts in the bytes [from, to). */
function encodedIn(found: readonly Candidate[], i: number, buf: Buffer, from: number, to: number): boolean {
  const isEncoded = (c: Candidate) => c.encoding !== "escape" || buf[c.at + 1] !== 110;
  for (let k = i - 1; k >= 0 && found[k].at >= from; k--) if (isEncoded(found[k])) return true;
  for (let k = i; k < found.length && found[k].at < to; k++) if (isEncoded(found[k])) return true;
  return false;
}

const MAX_JOINED = 64;

/**
 * The string literals joined from candidate `found[i]` on (a closing quote, then the next literal's opening
 * quote), as byte ranges of their bodies, and the byte past the last one's closing quote. Each literal ends on its
 * own line; a chain goes on while the next join starts at the closing quote just read.
 */
function joinedStrings(buf: Buffer, found: readonly Candidate[], i: number): { bodies: [number, number][]; end: number } | undefined {
  const first = found[i].at;
  const open = openingQuoteOf(buf, first);
  if (open < 0) return undefined;
  const bodies: [number, number][] = [[open + 1, first]];
  let length = first - open - 1;
  let j = i;
  while (bodies.length < MAX_JOINED) {
    const opening = found[j].end;
    const close = closingQuoteOf(buf, opening);
    if (close < 0) break;
    bodies.push([opening + 1, close]);
    length += close - opening - 1;
    if (length > MAX_DECODED_LINE) return undefined;
    // The chain goes on if the next join starts at this literal's closing quote.
    while (j < found.length && (found[j].at < close || (found[j].at === close && found[j].encoding !== "concat"))) j++;
    if (j >= found.length || found[j].at !== close) break;
  }
  return bodies.length > 1 ? { bodies, end: bodies[bodies.length - 1][1] + 1 } : undefined;
}

/** The unescaped quote that opens the literal closing at `close`, on its line, or -1. */
function openingQuoteOf(buf: Buffer, close: number): number {
  const quote = buf[close];
  for (let k = close - 1; k >= 0 && buf[k] !== 10; k--) if (buf[k] === quote && buf[k - 1] !== 92) return k;
  return -1;
}

/** The unescaped quote that closes the literal opening at `open`, on its line, or -1. */
function closingQuoteOf(buf: Buffer, open: number): number {
  const quote = buf[open];
  for (let k = open + 1; k < buf.length && buf[k] !== 10; k += buf[k] === 92 ? 2 : 1) if (buf[k] === quote) return k;
  return -1;
}

const startOfLineAt = (buf: Buffer, byte: number) => (byte === 0 ? 0 : buf.lastIndexOf(10, byte - 1) + 1);

/** A literal's body as a part, read as written; undefined on a line the views do not read. */
function partOfBody(lines: readonly Line[], layout: Layout, from: number, to: number, lineStart: number, lineOf: (lineStart: number) => number): Part | undefined {
  const lineIndex = lineOf(lineStart);
  const line = lines[lineIndex];
  if (line.seen || line.offset !== undefined || line.text.length > MAX_DECODED_LINE) return undefined;
  const columnOf = (byte: number) => (layout.ascii ? byte - lineStart : layout.buf.toString("utf8", lineStart, byte).length);
  const start = columnOf(from);
  const end = columnOf(to);
  const text = line.text.slice(start, end);
  return { lineIndex, start, end, decoded: asWritten(text, text) };
}

/** The start of the line before the one starting at byte `start` (> 0). */
export const startOfPreviousLine = (buf: Buffer, start: number) => (start < 2 ? 0 : buf.lastIndexOf(10, start - 2) + 1);

export function endOfLine(buf: Buffer, from: number): number {
  const end = buf.indexOf(10, from);
  return end < 0 ? buf.length : end;
}

/** The bodies [from, to) of the quoted strings in the bytes [from, to) of a line; an unclosed one is left out. */
const PROPERTIES = /\.properties$/i;

/** A properties line's value: after the key and its separator (`=`, `:` or blanks), to the line's end. */
function propertiesValue(buf: Buffer, lineStart: number, lineEnd: number): [number, number][] {
  let i = lineStart;
  while (i < lineEnd && (buf[i] === 32 || buf[i] === 9)) i++;
  for (; i < lineEnd; i++) {
    if (buf[i] === 92) i++;
    else if (buf[i] === 61 || buf[i] === 58 || buf[i] === 32 || buf[i] === 9) break;
  }
  while (i < lineEnd && (buf[i] === 32 || buf[i] === 9 || buf[i] === 61 || buf[i] === 58)) i++;
  return i < lineEnd ? [[i, lineEnd]] : [];
}

function quotedStrings(buf: Buffer, from: number, to: number): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = from; i < to; i++) {
    const quote = buf[i];
    if (quote !== 34 && quote !== 39 && quote !== 96) continue;
    let j = i + 1;
    while (j < to && buf[j] !== quote) j += buf[j] === 92 ? 2 : 1;
    if (j >= to) break;
    spans.push([i + 1, j]);
    i = j;
  }
  return spans;
}
