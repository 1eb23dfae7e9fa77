// Finds the encoded segments of a change's added lines (base64, percent-encoding, escaped strings) and decodes
// them. One RE2 pass over the change's bytes finds where one may start; each candidate is then checked and
// decoded in full, within the caps below, so a change full of hashes or a minified bundle costs little.
import type { Line } from "../../model/index.js";
import { lastAtOrBefore } from "../../util/sorted.js";
import { re2, type RE2 } from "../re2.js";
import { decodeBase64 } from "./base64.js";
import { decodeEscapes } from "./escapes.js";
import { decodePercent } from "./percent.js";
import type { Decoded } from "./text.js";

export type Encoding = "base64" | "percent" | "escape";

/** Lines longer than this (minified bundles, source maps) are not decoded. */
export const MAX_DECODED_LINE = 8192;
/** Decoded characters per change, views' text included, nested decoding included. */
export const DECODE_BUDGET = 64 * 1024;
/** Decoded views per change, whatever their size. */
export const MAX_VIEWS = 256;
/** Base64 inside base64 (a docker config's `auth` in a Kubernetes Secret) is read; a third layer is not. */
export const MAX_DEPTH = 2;

/** One encoded segment of an added line: columns [start, end) of the line's text, and what it decodes to. */
export interface Segment {
  lineIndex: number;
  start: number;
  end: number;
  encoding: Encoding;
  decoded: Decoded;
}

/** What decoding may still spend in one change, shared by every depth. */
export interface DecodeBudget {
  chars: number;
  views: number;
}

export const newBudget = (): DecodeBudget => ({ chars: DECODE_BUDGET, views: MAX_VIEWS });

/** Which decoders run: all, except where a test switches one off to show what it finds. */
export const DECODERS: Record<Encoding, boolean> = { base64: true, percent: true, escape: true };

// Where a segment may start. Base64: a run whose first four groups each begin as text's bytes do (printable
// ASCII, tab or line break), so runs of random bytes (hashes, keys, images) mostly fail inside RE2. Percent: two
// `%XX` escapes in one run. Escapes: `\x`, `\u`, or a line break inside a string (not just at its end).
const CANDIDATES = String.raw`(?:^|[^A-Za-z0-9+/_-])((?:[C-DI-Za-f][A-Za-z0-9+/_-]{3}){4}[A-Za-z0-9+/_-]*={0,2})|(%[0-9A-Fa-f]{2})[^\s"'` + "`" + String.raw`<>%]*%[0-9A-Fa-f]{2}|(\\)(?:[xX][0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]{1,6}\}|n[^"'` + "`" + String.raw`])`;

let candidates: RE2 | undefined;

const isBase64Char = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 95 || c === 45;
const isQuote = (c: string) => c === '"' || c === "'" || c === "`";
const isPercentStop = (c: string) => /[\s"'`<>]/.test(c);

/** The lines a change lets decoding read, with the part of each that may hold a segment (all of it at depth 0). */
export type Regions = Map<number, [number, number]>;

/**
 * The decodable segments of a change's added lines, in order. `buf` is the change's text as UTF-8 (lines
 * joined by `\n`), `lineStarts` each line's character offset. With `regions`, only segments inside them count.
 */
export function findSegments(lines: readonly Line[], buf: Buffer, ascii: boolean, lineStarts: number[], budget: DecodeBudget, regions?: Regions): Segment[] {
  const re = (candidates ??= new (re2())(CANDIDATES, "g"));
  const byteStarts = ascii ? lineStarts : byteOffsets(lines);
  const segments: Segment[] = [];
  const strings = new Map<number, [number, number][]>();
  re.lastIndex = 0;
  let m: ReturnType<RE2["exec"]>;
  while (budget.chars > 0 && budget.views > 0 && (m = re.exec(buf)) !== null) {
    const lineIndex = lastAtOrBefore(byteStarts, m.index);
    const line = lines[lineIndex];
    const lineEnd = byteStarts[lineIndex] + (ascii ? line.text.length : Buffer.byteLength(line.text));
    if (!line.added || line.seen || line.offset || line.text.length > MAX_DECODED_LINE) {
      re.lastIndex = Math.max(re.lastIndex, lineEnd);
      continue;
    }
    const columnOf = (byte: number) => (ascii ? byte - byteStarts[lineIndex] : buf.toString("utf8", byteStarts[lineIndex], byte).length);
    const text = line.text;
    const [whole, base64, percent] = m as unknown as (Buffer | undefined)[];
    let segment: Omit<Segment, "decoded" | "encoding"> | undefined;
    let encoding: Encoding;
    if (base64 !== undefined) {
      encoding = "base64";
      const start = columnOf(m.index + whole!.length - base64.length);
      const end = start + base64.length;
      // A run that goes on past the match (`=` inside it) is not one base64 value.
      if (end < text.length && (isBase64Char(text.charCodeAt(end)) || text[end] === "=")) continue;
      segment = { lineIndex, start, end };
    } else if (percent !== undefined) {
      encoding = "percent";
      let start = columnOf(m.index);
      let end = start;
      while (start > 0 && !isPercentStop(text[start - 1])) start--;
      while (end < text.length && !isPercentStop(text[end])) end++;
      re.lastIndex = Math.max(re.lastIndex, byteStarts[lineIndex] + (ascii ? end : Buffer.byteLength(text.slice(0, end))));
      segment = { lineIndex, start, end };
    } else {
      encoding = "escape";
      const at = columnOf(m.index);
      let spans = strings.get(lineIndex);
      // In a view, strings are read from where the decoded text starts: the quotes around it are the container's.
      if (!spans) strings.set(lineIndex, (spans = quotedStrings(text, regions?.get(lineIndex))));
      const body = spans.find(([from, to]) => from <= at && at < to);
      if (!body) continue;
      re.lastIndex = Math.max(re.lastIndex, byteStarts[lineIndex] + (ascii ? body[1] : Buffer.byteLength(text.slice(0, body[1]))));
      segment = { lineIndex, start: body[0], end: body[1] };
    }
    if (!DECODERS[encoding]) continue;
    const region = regions ? regions.get(lineIndex) : [0, text.length];
    if (!region || segment.start < region[0] || segment.end > region[1]) continue;
    const encoded = text.slice(segment.start, segment.end);
    const decoded = encoding === "base64" ? decodeBase64(encoded) : encoding === "percent" ? decodePercent(encoded) : decodeEscapes(encoded);
    if (!decoded) continue;
    budget.chars -= decoded.text.length + text.length - encoded.length;
    if (budget.chars < 0) break;
    budget.views--;
    segments.push({ ...segment, encoding, decoded });
  }
  return segments;
}

function byteOffsets(lines: readonly Line[]): number[] {
  const starts = new Array<number>(lines.length);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = offset;
    offset += Buffer.byteLength(lines[i].text) + 1;
  }
  return starts;
}

/** The bodies [from, to) of the quoted strings on a line, between their quotes; an unclosed one is left out. */
function quotedStrings(text: string, [from, to] = [0, text.length]): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = from; i < to; i++) {
    if (!isQuote(text[i])) continue;
    const quote = text[i];
    let j = i + 1;
    while (j < to && text[j] !== quote) j += text[j] === "\\" ? 2 : 1;
    if (j >= to) break;
    spans.push([i + 1, j]);
    i = j;
  }
  return spans;
}
