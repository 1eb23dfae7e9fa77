// A change's text as the engine reads it: one UTF-8 buffer cut into blocks, and what is learnt about each block.
import type { Line } from "../../model/index.js";
import { lastAtOrBefore } from "../../util/sorted.js";
import { HEURISTICS } from "./switches.js";

// The keyword pass runs per block of lines, so a detector's pattern only reads the blocks around its keywords,
// not the whole file: the cost per byte stays flat as detectors are added. Smaller blocks would narrow that
// further but cost more RE2 set calls than they save (measured: 2 KB blocks were slower than 8 KB).
export const BLOCK_CHARS = 8192;

/**
 * A change's text as RE2 reads it: one UTF-8 buffer, shared by the keyword pass and every pattern through
 * zero-copy subarrays (handing RE2 strings would re-encode them on every call), cut into blocks of about 8 KB
 * (whole lines; a longer line is cut at separators).
 * The buffer is built block by block from the lines: joining a whole change into one string first costs more
 * than the scan (V8 joins into strings past ~128 KB at a tenth of its usual speed, measured).
 */
export interface Layout {
  buf: Buffer;
  ascii: boolean;
  /** Byte offset where each block starts; the last entry is the buffer's length. */
  blocks: number[];
  /** Character offset where each block starts. */
  blockChars: number[];
  /** Bytes of the longest keyword: blocks are searched that far past their end, in case one straddles a cut. */
  longestKeyword: number;
  /** Per block, once asked: whether it holds an escaped quote (`\"`, `\'`). */
  escapedQuotes: Map<number, boolean>;
  /** Per line reach, then per block, once asked: the block's byte range widened by that reach (regions.ts). */
  blockReach: Map<number, [number, number][]>;
}

export function layoutOf(lines: readonly Pick<Line, "text" | "utf8">[], lineStarts: number[], longestKeyword: number): Layout {
  const out = new ByteWriter(lineStarts[lines.length - 1] + lines[lines.length - 1].text.length + 1);
  const blocks = [0];
  const blockChars = [0];
  let first = 0;
  const blockSize = HEURISTICS.blocks ? BLOCK_CHARS : Infinity;
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && lineStarts[i] - lineStarts[first] < blockSize) continue;
    const chars = lineStarts[i - 1] + lines[i - 1].text.length - lineStarts[first] + (i < lines.length ? 1 : 0);
    if (HEURISTICS.blocks && chars > 2 * BLOCK_CHARS) {
      // A long line: cut into pieces, which needs the block's text. A line alone is cut as it is, its newline
      // written after: appending it would copy the whole line once more.
      const newline = i < lines.length;
      const alone = i - first === 1;
      const { utf8 } = lines[first];
      if (alone && utf8) {
        // An ASCII line's bytes as git wrote them, cut where its text would be: no string is read or encoded.
        const start = out.length;
        for (const part of utf8) out.writeBytes(part);
        const written = out.bytes();
        let from = 0;
        for (const cut of cutsOf(out.length - start, (k) => written[start + k])) {
          blockChars.push(blockChars[blockChars.length - 1] + cut - from);
          blocks.push(start + cut);
          from = cut;
        }
      } else {
        let text = lines[first].text;
        for (let j = first + 1; j < i; j++) text += "\n" + lines[j].text;
        if (newline && !alone) text += "\n";
        let from = 0;
        for (const cut of cutsOf(text.length, (k) => text.charCodeAt(k))) {
          out.write(text.slice(from, cut));
          blockChars.push(blockChars[blockChars.length - 1] + cut - from);
          blocks.push(out.length);
          from = cut;
        }
      }
      if (newline && alone) {
        out.newline();
        blocks[blocks.length - 1] = out.length;
        blockChars[blockChars.length - 1]++;
      }
    } else {
      // One write per block: a write per line cost its call more than its bytes.
      const texts = new Array<string>(i - first);
      for (let j = first; j < i; j++) texts[j - first] = lines[j].text;
      out.write(texts.join("\n"));
      if (i < lines.length) out.newline();
      blocks.push(out.length);
      blockChars.push(blockChars[blockChars.length - 1] + chars);
    }
    first = i;
  }
  const buf = out.bytes();
  return { buf, ascii: buf.length === blockChars[blockChars.length - 1], blocks, blockChars, longestKeyword, escapedQuotes: new Map(), blockReach: new Map() };
}

// A released layout's buffer, written over by the next layout that fits in it. A new buffer of megabytes for
// every change paid its page faults each time: on a VM that returns freed memory to its host they cost as much
// as copying the text in.
let spare: Buffer | undefined;
const SPARE_BYTES = { least: 64 * 1024, most: 16 * 1024 * 1024 };

/** Hands the layout's buffer on to the next layout: nothing may read `layout.buf` after this. */
export function releaseLayout(layout: Layout): void {
  const { buffer, byteOffset } = layout.buf;
  // A small buffer is a slice of Node's shared pool, not ours to keep.
  if (byteOffset !== 0 || buffer.byteLength < SPARE_BYTES.least || buffer.byteLength > SPARE_BYTES.most) return;
  if (!spare || spare.length < buffer.byteLength) spare = Buffer.from(buffer);
}

/** UTF-8 bytes written one string after another into a buffer sized for ASCII, grown when a string may not fit. */
class ByteWriter {
  private buf: Buffer;
  length = 0;

  constructor(asciiBytes: number) {
    // Never smaller than a spare is kept at: small changes then all write into one buffer, where each paid
    // an allocation of its own (20,000 files of 5 KB: 50 ms, profiled).
    const bytes = Math.max(SPARE_BYTES.least, asciiBytes);
    if (spare && spare.length >= bytes) {
      this.buf = spare;
      spare = undefined;
    } else this.buf = Buffer.allocUnsafe(bytes);
  }

  /** Writes `text`; returns the length written so far. */
  write(text: string): number {
    // A UTF-16 unit is at most 3 UTF-8 bytes: only then is the exact length worth counting.
    if (this.length + 3 * text.length > this.buf.length) this.reserve(Buffer.byteLength(text));
    this.length += this.buf.write(text, this.length);
    return this.length;
  }

  writeBytes(bytes: Buffer): void {
    this.reserve(bytes.length);
    this.length += bytes.copy(this.buf, this.length);
  }

  newline(): void {
    this.reserve(1);
    this.buf[this.length++] = 10;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + bytes));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
}

/**
 * Where a block's text of `length` UTF-16 units (`codeAt`) is cut into pieces of about BLOCK_CHARS, each
 * piece's end in turn: minified code and source maps put megabytes on one line, and a block that size would
 * make every detector with a keyword on it read all of it. Cuts fall after a separator when one is near,
 * never inside a surrogate pair.
 */
function* cutsOf(length: number, codeAt: (at: number) => number): Generator<number> {
  let from = 0;
  while (HEURISTICS.blocks && length - from > 2 * BLOCK_CHARS) {
    let cut = from + BLOCK_CHARS;
    let i = cut;
    while (i > cut - SNAP && !SEPARATORS.has(codeAt(i - 1))) i--;
    if (i > cut - SNAP) cut = i;
    else if ((codeAt(cut) & 0xfc00) === 0xdc00) cut++;
    yield cut;
    from = cut;
  }
  yield length;
}


// Where a long line may be cut into blocks: after a separator, never inside a token.
const SEPARATORS = new Set([..." \t\r\n\"'`,;(){}[]<>"].map((c) => c.charCodeAt(0)));
const SNAP = 512;

/** Index of the block holding byte `at`. */
export function blockAt(blocks: number[], at: number): number {
  return lastAtOrBefore(blocks, at, blocks.length - 2);
}

/** Character offset of a byte offset that starts a character (a line, a block, or a region edge). */
export function charOffsetOf(layout: Layout, byte: number): number {
  if (layout.ascii) return byte;
  const { blocks, blockChars, buf } = layout;
  const b = blockAt(blocks, byte);
  return blockChars[b] + buf.toString("utf8", blocks[b], byte).length;
}


/** Whether the bytes [from, to) may hold an escaped quote: answered per block, once. */
export function hasEscapedQuote(layout: Layout, from: number, to: number): boolean {
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
