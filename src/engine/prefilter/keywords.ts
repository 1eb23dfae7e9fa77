// The keyword pass: every keyword in one RE2 set, one call per block says which detectors read where.
import { re2 } from "../re2.js";
import type { Layout } from "./layout.js";

/**
 * Every keyword, lowercased, in one RE2 set matched in any case: one pass per block says which occur. One set
 * costs half of two (measured), and the exact-case keywords are confirmed by `indexOf`, which also finds them.
 */
export interface KeywordIndex {
  set: InstanceType<ReturnType<typeof re2>["Set"]>;
  /** set index -> how that keyword enables detectors */
  entries: KeywordEntry[];
  /** Bytes of the longest keyword. */
  longestKeyword: number;
}

/** A keyword as the engine searches for it: bytes for a block as it is, text for a lowercased one. */
export interface Needle {
  bytes: Buffer;
  text: string;
  anyCase: boolean;
}

export interface KeywordEntry {
  /** The keyword lowercased, found in any case. */
  lower: Needle;
  /** Detectors it enables in any case (provider names). */
  anyCase: number[];
  /** Token prefixes that count only as spelled (`AKIA`, `SK0`), with the detectors each enables. */
  exact: { needle: Needle; detectors: number[] }[];
}

/** Collects the keywords into one any-case RE2 set, each pointing at the detectors it enables. */
export class KeywordIndexBuilder {
  private readonly entries: KeywordEntry[] = [];
  private readonly index = new Map<string, KeywordEntry>();

  /** Adds a detector's keyword; returns the needle that finds it, shared by every detector with that keyword. */
  add(keyword: string, detector: number, exactCase: boolean): Needle {
    const lower = keyword.toLowerCase();
    let entry = this.index.get(lower);
    if (!entry) {
      entry = { lower: { bytes: Buffer.from(lower), text: lower, anyCase: true }, anyCase: [], exact: [] };
      this.entries.push(entry);
      this.index.set(lower, entry);
    }
    if (!exactCase) {
      entry.anyCase.push(detector);
      return entry.lower;
    }
    let spelling = entry.exact.find((e) => e.needle.text === keyword);
    if (!spelling) entry.exact.push((spelling = { needle: { bytes: Buffer.from(keyword), text: keyword, anyCase: false }, detectors: [] }));
    spelling.detectors.push(detector);
    return spelling.needle;
  }

  build(): KeywordIndex | null {
    if (!this.entries.length) return null;
    const set = new (re2().Set)(this.entries.map((e) => escapeRegex(e.lower.text)), "i");
    return { set, entries: this.entries, longestKeyword: Math.max(...this.entries.map((e) => e.lower.bytes.length)) };
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One RE2 set call per block says which keywords occur, hence which detectors read which blocks (ascending). */
export function keywordHits(index: KeywordIndex, layout: Layout): Map<number, number[]> {
  const { buf, blocks } = layout;
  const hits = new Map<number, number[]>();
  const note = (d: number, block: number) => {
    let h = hits.get(d);
    if (!h) hits.set(d, (h = []));
    if (h[h.length - 1] !== block) h.push(block);
  };
  for (let b = 0; b < blocks.length - 1; b++) {
    // A little past the block's end: a keyword may straddle a cut inside a long line.
    const block = buf.subarray(blocks[b], blocks[b + 1] + index.longestKeyword - 1);
    for (const k of index.set.match(block)) {
      const entry = index.entries[k];
      for (const d of entry.anyCase) note(d, b);
      for (const { needle, detectors } of entry.exact) {
        if (block.includes(needle.bytes)) for (const d of detectors) note(d, b);
      }
    }
  }
  return hits;
}
