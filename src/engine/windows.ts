// Where each detector reads: the keyword pass over every block, then the lines around each keyword it found.
import type { CompiledDetector, KeywordIndex, Needle } from "./catalogue.js";
import { BLOCK_CHARS, NEWLINE, SEPARATORS, SNAP, loweredBlock, type Layout } from "./layout.js";

/** Where one detector's keywords occurred: the blocks, and the keyword bytes to find again inside them. */
export interface Hits {
  blocks: number[];
  needles: { block: number; needle: Needle }[];
}

/** The keyword pass: one RE2 set call per block says which keywords occur, hence which detectors read where. */
export function keywordHits(index: KeywordIndex, layout: Layout): Map<number, Hits> {
  const { buf, blocks } = layout;
  const hits = new Map<number, Hits>();
  const note = (d: number, block: number, needle: Needle) => {
    let h = hits.get(d);
    if (!h) hits.set(d, (h = { blocks: [], needles: [] }));
    if (h.blocks[h.blocks.length - 1] !== block) h.blocks.push(block);
    h.needles.push({ block, needle });
  };
  for (let b = 0; b < blocks.length - 1; b++) {
    // A little past the block's end: a keyword may straddle a cut inside a long line.
    const block = buf.subarray(blocks[b], blocks[b + 1] + index.longestKeyword - 1);
    for (const k of index.set.match(block)) {
      const entry = index.entries[k];
      for (const d of entry.anyCase) note(d, b, entry.lower);
      for (const { needle, detectors } of entry.exact) {
        if (block.includes(needle.bytes)) for (const d of detectors) note(d, b, needle);
      }
    }
  }
  return hits;
}

/** The byte ranges a detector reads, given where its keywords occurred. */
export function regionsOf(detector: CompiledDetector, layout: Layout, hit: Hits): [number, number][] {
  if (!Number.isFinite(detector.reach)) return blockRegions(layout, hit.blocks);
  return detector.literalStart ? wholeBlocks(layout, hit.blocks, detector.reach) : keywordWindows(layout, hit, detector.reach);
}

/** Each hit block whole, with `reach` lines around it, merged where they touch. */
function wholeBlocks(layout: Layout, hitBlocks: number[], reach: number): [number, number][] {
  const regions: [number, number][] = [];
  for (const b of hitBlocks) addMerged(regions, ...blockWithReach(layout, b, reach));
  return regions;
}

/** A block and `reach` non-blank lines around it, within its neighbours. */
function blockWithReach(layout: Layout, b: number, reach: number): [number, number] {
  const { buf, blocks } = layout;
  const from = linesBefore(buf, blocks[b], reach, blocks[Math.max(0, b - 1)]);
  return [from, linesAfter(buf, blocks[b + 1] - 1, reach, blocks[Math.min(blocks.length - 1, b + 2)])];
}

/** Byte ranges of each hit block with its neighbours, for detectors whose matches can span many lines. */
function blockRegions(layout: Layout, hitBlocks: number[]): [number, number][] {
  const { blocks } = layout;
  const last = blocks.length - 1;
  const regions: [number, number][] = [];
  for (const b of hitBlocks) addMerged(regions, blocks[Math.max(0, b - 1)], blocks[Math.min(last, b + 2)]);
  return regions;
}

/** Appends [from, to) to ascending ranges, merging it into the last one when they touch or are `gap` apart. */
function addMerged(ranges: [number, number][], from: number, to: number, gap = 0): void {
  const last = ranges[ranges.length - 1];
  if (last && from <= last[1] + gap) last[1] = Math.max(last[1], to);
  else ranges.push([from, to]);
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
  // Windows a few lines apart are read as one: a pattern call costs about what reading 1 KB does.
  const add = (from: number, to: number) => addMerged(windows, from, to, WINDOW_GAP);
  for (let n = 0; n < hit.needles.length; ) {
    const block = hit.needles[n].block;
    const needles: Needle[] = [];
    for (; n < hit.needles.length && hit.needles[n].block === block; n++) needles.push(hit.needles[n].needle);
    const floor = blocks[Math.max(0, block - 1)];
    const ceiling = blocks[Math.min(blocks.length - 1, block + 2)];
    const found = occurrences(layout, block, needles);
    if (found === "dense") {
      add(...blockWithReach(layout, block, reach));
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
function occurrences(layout: Layout, block: number, needles: Needle[]): number[] | "dense" {
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
function needlePositions(layout: Layout, block: number, needle: Needle, limit: number): number[] | "dense" {
  let byNeedle = layout.positions.get(block);
  if (!byNeedle) layout.positions.set(block, (byNeedle = new Map()));
  let found = byNeedle.get(needle);
  if (found) return found;
  const { bytes, text: word, anyCase } = needle;
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
  byNeedle.set(needle, found);
  return found;
}

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
