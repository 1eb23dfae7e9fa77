// Where each detector reads: the blocks where the keyword pass found its keywords, with the lines around them.
import { endOfLine, linesAfter, linesBefore, REACH_BACK, REACH_FORWARD, startOfLine } from "../keywordWindow.js";
import type { Layout } from "./layout.js";
import { HEURISTICS } from "./switches.js";

/** What a detector's regions depend on: its keyword window's reach in lines. */
export interface RegionRule {
  reach: number;
}

/**
 * The byte ranges a detector reads, given the blocks where its keywords occurred: each block with `reach`
 * non-blank lines around it, no further than a keyword window reaches from its edges, merged where they touch.
 * That covers the keyword window of every occurrence in the block. (Windows around each occurrence instead of
 * whole blocks saved 6-7%, under the 10% a heuristic must pay: measured, removed.)
 */
export function regionsOf(rule: RegionRule, layout: Layout, hitBlocks: readonly number[]): [number, number][] {
  const reach = HEURISTICS.lineReach ? rule.reach : Infinity;
  const regions: [number, number][] = [];
  // Detectors share a few reaches and their keywords share blocks: each block's edges are found once per reach.
  let edges = layout.blockReach.get(reach);
  if (!edges) layout.blockReach.set(reach, (edges = []));
  for (const b of hitBlocks) {
    let range = edges[b];
    if (!range) edges[b] = range = blockWithReach(layout, b, reach);
    const [from, to] = range;
    const last = regions[regions.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else regions.push([from, to]);
  }
  return regions;
}

function blockWithReach(layout: Layout, b: number, reach: number): [number, number] {
  const { buf, blocks } = layout;
  const floor = charStart(buf, Math.max(0, blocks[b] - REACH_BACK));
  const ceiling = Math.min(buf.length, blocks[b + 1] + layout.longestKeyword + REACH_FORWARD);
  const from = linesBefore(buf, startOfLine(buf, blocks[b], floor), reach, floor);
  const to = linesAfter(buf, endOfLine(buf, Math.max(blocks[b], blocks[b + 1] - 1), ceiling), reach, ceiling);
  return [from, charBoundary(buf, to)];
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
