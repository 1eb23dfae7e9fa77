// Where each detector reads: the lines around each keyword the keyword pass found, as byte ranges.
import { endOfLine, keywordWindow, linesAfter, linesBefore, REACH_BACK, REACH_FORWARD, startOfLine } from "../keywordWindow.js";
import type { Hits, Needle } from "./keywords.js";
import { BLOCK_CHARS, SEPARATORS, SNAP, loweredBlock, type Layout } from "./layout.js";

/** What a detector's regions depend on: its keyword window's reach in lines, and whether it reads whole blocks. */
export interface RegionRule {
  reach: number;
  literalStart: boolean;
}

/** The byte ranges a detector reads, given where its keywords occurred: each covers the keyword windows there. */
export function regionsOf(rule: RegionRule, layout: Layout, hit: Hits): [number, number][] {
  if (!Number.isFinite(rule.reach) || rule.literalStart) return wholeBlocks(layout, hit.blocks, rule.reach);
  return keywordWindows(layout, hit, rule.reach);
}

/** Each hit block whole, with the windows of keywords anywhere in it, merged where they touch. */
function wholeBlocks(layout: Layout, hitBlocks: number[], reach: number): [number, number][] {
  const regions: [number, number][] = [];
  for (const b of hitBlocks) addMerged(regions, ...blockWithReach(layout, b, reach));
  return regions;
}

/** A block with `reach` non-blank lines around it, no further than a keyword window reaches from its edges. */
function blockWithReach(layout: Layout, b: number, reach: number): [number, number] {
  const { buf, blocks } = layout;
  const floor = charStart(buf, Math.max(0, blocks[b] - REACH_BACK));
  const ceiling = Math.min(buf.length, blocks[b + 1] + layout.longestKeyword + REACH_FORWARD);
  const from = linesBefore(buf, startOfLine(buf, blocks[b], floor), reach, floor);
  const to = linesAfter(buf, endOfLine(buf, Math.max(blocks[b], blocks[b + 1] - 1), ceiling), reach, ceiling);
  return [from, charBoundary(buf, to)];
}

/** Appends [from, to) to ascending ranges, merging it into the last one when they touch or are `gap` apart. */
function addMerged(ranges: [number, number][], from: number, to: number, gap = 0): void {
  const last = ranges[ranges.length - 1];
  if (last && from <= last[1] + gap) last[1] = Math.max(last[1], to);
  else ranges.push([from, to]);
}

// Beyond this many keyword occurrences per 8 KB, reading the whole block costs less than finding each one.
const DENSE_OCCURRENCES = 4;
const WINDOW_GAP = 1024;

/**
 * The keyword window of each occurrence; a block dense with occurrences is read whole, with `reach` lines
 * around it. Most keyword hits are a name in passing: reading a few lines around it instead of whole blocks
 * keeps the cost flat as the catalogue grows.
 */
function keywordWindows(layout: Layout, hit: Hits, reach: number): [number, number][] {
  const { buf } = layout;
  const windows: [number, number][] = [];
  // Windows a few lines apart are read as one: a pattern call costs about what reading 1 KB does.
  const add = (from: number, to: number) => addMerged(windows, from, to, WINDOW_GAP);
  for (let n = 0; n < hit.needles.length; ) {
    const block = hit.needles[n].block;
    const needles: Needle[] = [];
    for (; n < hit.needles.length && hit.needles[n].block === block; n++) needles.push(hit.needles[n].needle);
    const found = occurrences(layout, block, needles);
    if (found === "dense") {
      add(...blockWithReach(layout, block, reach));
      continue;
    }
    for (const at of found) {
      const [from, to] = keywordWindow(buf, at, reach);
      // Cut along a long line: widen to the separators around, so a token there is read whole.
      add(from === at - REACH_BACK ? cutBefore(buf, from) : from, to === at + REACH_FORWARD ? cutAfter(buf, to) : to);
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
  return charStart(buf, at);
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

/** `at`, or the start of the character it falls inside. */
function charStart(buf: Buffer, at: number): number {
  while (at > 0 && (buf[at] & 0xc0) === 0x80) at--;
  return at;
}
