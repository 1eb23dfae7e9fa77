// The keyword pass: which detectors read which blocks of a change, from the keywords found in each block.
import { re2 } from "../re2.js";
import type { Layout } from "./layout.js";

/**
 * Every keyword, lowercased, found in any case; exact-case keywords are confirmed where their lowercase form is.
 * Two searches give the same hits: one RE2 set (one set costs half of two, measured), whose build and first
 * matches cost about 12 ms, and a plain byte scan that costs nothing to set up but reads at a third (plain code)
 * to a tenth (keyword-dense minified code) of the set's speed. A commit is read by the byte scan; the set is
 * built once a run has read more than BYTE_SCAN_BUDGET.
 */
export interface KeywordIndex {
  /** Built on first use. */
  readonly set: InstanceType<ReturnType<typeof re2>["Set"]>;
  /** Every keyword, lowercased, and how it enables detectors. */
  entries: KeywordEntry[];
  /** Bytes of the longest keyword. */
  longestKeyword: number;
  /** None when a keyword is not ASCII (RE2 folds its case by Unicode's rules; the byte scan folds A-Z only). */
  byteScan: ByteScan | null;
}

/** Bytes a run reads without the RE2 set: past this, on dense code, building the set has paid for itself (measured). */
export const BYTE_SCAN_BUDGET = 64 * 1024;

/** The keywords by their first three bytes (every keyword has three or more), lowercased. */
interface ByteScan {
  /** A byte per hashed first three bytes (a byte, not a bit: one operation less per byte read): 0 rules a position out. */
  filter: Uint8Array;
  starts: Map<number, number[]>;
  /** Bytes scanned so far in this run. */
  scanned: number;
}

/** A keyword as the engine searches for it: bytes for a block as it is, text for a lowercased one. */
export class Needle {
  private encoded?: Buffer;
  constructor(
    readonly text: string,
    readonly anyCase: boolean,
  ) {}

  /** Encoded on first use: most keywords are never searched for by bytes in a commit. */
  get bytes(): Buffer {
    return (this.encoded ??= Buffer.from(this.text));
  }
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
      entry = { lower: new Needle(lower, true), anyCase: [], exact: [] };
      this.entries.push(entry);
      this.index.set(lower, entry);
    }
    if (!exactCase) {
      entry.anyCase.push(detector);
      return entry.lower;
    }
    let spelling = entry.exact.find((e) => e.needle.text === keyword);
    if (!spelling) entry.exact.push((spelling = { needle: new Needle(keyword, false), detectors: [] }));
    spelling.detectors.push(detector);
    return spelling.needle;
  }

  build(): KeywordIndex | null {
    const entries = this.entries;
    if (!entries.length) return null;
    let set: KeywordIndex["set"] | undefined;
    return {
      // Every keyword in any case, exact spellings confirmed in the block (setHits): over 101 MB, 555 ms in
      // process against 830 ms with a case-sensitive `(?-i:…)` entry per exact spelling, whose DFA is larger.
      get set() {
        return (set ??= new (re2().Set)(entries.map((e) => escapeRegex(e.lower.text)), "i"));
      },
      entries,
      longestKeyword: Math.max(...entries.map((e) => Buffer.byteLength(e.lower.text))),
      byteScan: entries.every((e) => ASCII.test(e.lower.text)) ? byteScanOf(entries) : null,
    };
  }
}

function byteScanOf(entries: KeywordEntry[]): ByteScan {
  const filter = new Uint8Array(FILTER_SLOTS);
  const starts = new Map<number, number[]>();
  entries.forEach((e, k) => {
    const gram = trigramOf(e.lower.text);
    const at = hashTrigram(gram);
    filter[at] = 1;
    const list = starts.get(gram);
    if (list) list.push(k);
    else starts.set(gram, [k]);
  });
  return { filter, starts, scanned: 0 };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Which detectors read which blocks (ascending): those with a keyword in the block or straddling its end. */
export function keywordHits(index: KeywordIndex, layout: Layout): Map<number, number[]> {
  const scan = index.byteScan;
  if (!scan || scan.scanned + layout.buf.length > BYTE_SCAN_BUDGET) {
    // Once built, the set is the faster of the two.
    if (scan) scan.scanned = Infinity;
    return setHits(index, layout);
  }
  scan.scanned += layout.buf.length;
  return byteScanHits(index, layout);
}

/** One RE2 set call per block says which keywords occur. */
export function setHits(index: KeywordIndex, layout: Layout): Map<number, number[]> {
  const { buf, blocks } = layout;
  const { set, entries } = index;
  const hits = new HitList();
  for (let b = 0; b < blocks.length - 1; b++) {
    // A little past the block's end: a keyword may straddle a cut inside a long line.
    const block = buf.subarray(blocks[b], blocks[b + 1] + index.longestKeyword - 1);
    for (const k of set.match(block)) {
      const entry = entries[k];
      for (const d of entry.anyCase) hits.note(d, b);
      for (const { needle, detectors } of entry.exact) {
        if (block.includes(needle.bytes)) for (const d of detectors) hits.note(d, b);
      }
    }
  }
  return hits.byDetector;
}

/**
 * The same hits as `setHits`, by reading every byte once: a keyword counts for its own block and for each block
 * before it whose searched stretch (its bytes and `longestKeyword - 1` more) holds it whole.
 */
export function byteScanHits(index: KeywordIndex, layout: Layout): Map<number, number[]> {
  const { buf, blocks } = layout;
  const { filter, starts } = index.byteScan!;
  const hits = new HitList();
  const reachPast = index.longestKeyword - 1;
  let block = 0;
  let gram = buf.length < 3 ? 0 : (LOWER[buf[0]] << 8) | LOWER[buf[1]];
  // A commit's change is read once, before the JIT has compiled this loop: every operation per byte counts,
  // so hashTrigram is written out here rather than called (the two must stay the same).
  for (let i = 2; i < buf.length; i++) {
    gram = ((gram << 8) | LOWER[buf[i]]) & 0xffffff;
    const at = Math.imul(gram, 0x9e3779b1) >>> 16;
    if (filter[at] === 0) continue;
    const candidates = starts.get(gram);
    if (!candidates) continue;
    const p = i - 2;
    while (p >= blocks[block + 1]) block++;
    for (const k of candidates) {
      const entry = index.entries[k];
      const end = p + entry.lower.text.length;
      if (end > buf.length || !spells(buf, p, entry.lower.text, LOWER)) continue;
      let first = block;
      while (first > 0 && end <= blocks[first] + reachPast) first--;
      for (let b = first; b <= block; b++) {
        for (const d of entry.anyCase) hits.note(d, b);
        for (const { needle, detectors } of entry.exact) {
          if (spells(buf, p, needle.text, SAME)) for (const d of detectors) hits.note(d, b);
        }
      }
    }
  }
  return hits.sorted();
}

/** Blocks per detector, each noted once. */
class HitList {
  readonly byDetector = new Map<number, number[]>();
  private unordered = false;

  note(detector: number, block: number): void {
    const list = this.byDetector.get(detector);
    if (!list) return void this.byDetector.set(detector, [block]);
    const last = list[list.length - 1];
    if (last === block) return;
    if (last > block) this.unordered = true;
    list.push(block);
  }

  /** A keyword counted for earlier blocks may be noted after a later one: back in order, once each. */
  sorted(): Map<number, number[]> {
    if (!this.unordered) return this.byDetector;
    for (const [d, list] of this.byDetector) this.byDetector.set(d, [...new Set(list)].sort((a, b) => a - b));
    return this.byDetector;
  }
}

const FILTER_SLOTS = 1 << 16;
const LOWER = Uint8Array.from({ length: 256 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : c));
const SAME = Uint8Array.from({ length: 256 }, (_, c) => c);
const ASCII = /^[\x00-\x7f]*$/;

function trigramOf(text: string): number {
  return (text.charCodeAt(0) << 16) | (text.charCodeAt(1) << 8) | text.charCodeAt(2);
}

// byteScanHits writes this out in its loop: change both together (the byte scan and set equivalence test fails otherwise).
function hashTrigram(gram: number): number {
  return Math.imul(gram, 0x9e3779b1) >>> 16;
}

/** Whether the ASCII `text` is at `at`, each byte read through `fold`. */
function spells(buf: Buffer, at: number, text: string, fold: Uint8Array): boolean {
  for (let j = 0; j < text.length; j++) if (fold[buf[at + j]] !== text.charCodeAt(j)) return false;
  return true;
}
