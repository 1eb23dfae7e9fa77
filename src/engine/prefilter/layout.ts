// A change's text as the engine reads it: one UTF-8 buffer cut into blocks, and what is learnt about each block.
import { lastAtOrBefore } from "../../util/sorted.js";
import type { Needle } from "./keywords.js";

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
  /** Lowercased blocks, made on demand. */
  lowered: Map<number, string>;
  /** Bytes of the longest keyword: blocks are searched that far past their end, in case one straddles a cut. */
  longestKeyword: number;
  /** Per block, once asked: whether it holds an escaped quote (`\"`, `\'`). */
  escapedQuotes: Map<number, boolean>;
  /** Where a keyword occurs in a block, shared by the detectors it enables: block -> needle -> offsets or "dense". */
  positions: Map<number, Map<Needle, number[] | "dense">>;
}

export function layoutOf(lines: readonly { text: string }[], lineStarts: number[], longestKeyword: number): Layout {
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


// Where a window may start or end inside a long line: after or before a separator, never inside a token.
export const SEPARATORS = new Set([..." \t\r\n\"'`,;(){}[]<>"].map((c) => c.charCodeAt(0)));
export const SNAP = 512;

/** Index of the block holding byte `at`. */
export function blockAt(blocks: number[], at: number): number {
  return lastAtOrBefore(blocks, at, blocks.length - 2);
}

/** Character offset of a byte offset that starts a character (a line, or a window cut at a separator). */
export function charOffsetOf(layout: Layout, byte: number): number {
  if (layout.ascii) return byte;
  const { blocks, blockChars, buf } = layout;
  const b = blockAt(blocks, byte);
  return blockChars[b] + buf.toString("utf8", blocks[b], byte).length;
}


/**
 * A block in lowercase as a latin1 string: one character per byte, so offsets are byte offsets, and keywords
 * are ASCII. (A string lowercases and searches at twice the speed of a Buffer round trip, measured.)
 */
export function loweredBlock(layout: Layout, block: number): string {
  let lowered = layout.lowered.get(block);
  if (lowered === undefined) {
    const end = Math.min(layout.buf.length, layout.blocks[block + 1] + layout.longestKeyword - 1);
    lowered = layout.buf.toString("latin1", layout.blocks[block], end).toLowerCase();
    layout.lowered.set(block, lowered);
  }
  return lowered;
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
