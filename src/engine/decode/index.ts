// Finds the encoded segments of a change's added lines (base64, percent-encoding, escaped strings) and decodes
// them. candidates.ts finds where one may start; each is then checked and decoded in full, within the caps
// below, so a change full of hashes or a minified bundle costs little.
import type { DecodedFrom, Line } from "../../model/index.js";
import { lastAtOrBefore } from "../../util/sorted.js";
import { decodeBase64 } from "./base64.js";
import { candidatesIn, isPercentStop } from "./candidates.js";
import { charOffsetOf, type Layout } from "../prefilter/index.js";
import { decodeEscapes } from "./escapes.js";
import { decodePercent } from "./percent.js";
import type { Decoded } from "./text.js";

/** How a value was written: the model's name for it, since findings carry it. */
export type Encoding = DecodedFrom;

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
  if (!DECODERS.base64 && !DECODERS.percent && !DECODERS.escape) return [];
  const { buf, ascii } = layout;
  const found = candidatesIn(buf, DECODERS, regions ? undefined : path);
  const segments: Segment[] = [];
  const strings = new Map<number, [number, number][]>();
  const lineOf = (lineStart: number) => lastAtOrBefore(lineStarts, charOffsetOf(layout, lineStart));
  let after = 0; // bytes before this are covered by a segment already looked at, or by a line not read
  for (const candidate of found) {
    if (budget.chars <= 0 || budget.views <= 0) break;
    if (candidate.at < after) continue;
    const lineStart = candidate.at === 0 ? 0 : buf.lastIndexOf(10, candidate.at - 1) + 1;
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
    } else if (encoding === "percent") {
      while (at > lineStart && !isPercentStop(buf[at - 1])) at--;
      after = end;
      decoded = decodePercent(buf.toString("utf8", at, end));
    } else {
      let bodies = strings.get(lineStart);
      if (!bodies) {
        // In a view, strings are read from where the decoded text starts: the quotes around it are the container's.
        const viewLine = regions ? lineOf(lineStart) : -1;
        const region = regions?.get(viewLine);
        const from = region ? lineStart + Buffer.byteLength(lines[viewLine].text.slice(0, region[0])) : lineStart;
        strings.set(lineStart, (bodies = quotedStrings(buf, from, lineEnd)));
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
    budget.chars -= decoded.text.length + line.text.length - (stop - start);
    if (budget.chars < 0) break;
    budget.views--;
    segments.push({ lineIndex, start, end: stop, encoding, decoded });
  }
  return segments;
}

/** The bodies [from, to) of the quoted strings in the bytes [from, to) of a line; an unclosed one is left out. */
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
