// Where a detector's match may lie around one of its keywords: the meaning of "a keyword sits in its match or
// near it" (detectors/README.md). The engine keeps a match only inside such a window; the prefilter's regions
// are built to cover every window, so reading less never changes what is found.

// Along one line (minified code, source maps put megabytes on a line) a token sits right after its keyword,
// or, for context words, close before it.
export const REACH_BACK = 4096;
export const REACH_FORWARD = 16384;

export const NEWLINE = 10;

/**
 * The bytes [from, to) a match may occupy for a keyword at byte `at`: `reach` non-blank lines either side of
 * the keyword's line, and no further than REACH_BACK / REACH_FORWARD bytes from it.
 */
export function keywordWindow(buf: Buffer, at: number, reach: number): [number, number] {
  const near = Math.max(0, at - REACH_BACK);
  const far = Math.min(buf.length, at + REACH_FORWARD);
  return [linesBefore(buf, startOfLine(buf, at, near), reach, near), linesAfter(buf, endOfLine(buf, at, far), reach, far)];
}

/** Start of the line holding `at`, or `floor` if the line starts before it. */
export function startOfLine(buf: Buffer, at: number, floor: number): number {
  if (at <= floor) return floor;
  const i = buf.subarray(floor, at).lastIndexOf(NEWLINE);
  return i < 0 ? floor : floor + i + 1;
}

/** End of the line holding `at` (its newline), or `ceiling` if the line ends after it. */
export function endOfLine(buf: Buffer, at: number, ceiling: number): number {
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
export function linesBefore(buf: Buffer, start: number, count: number, floor: number): number {
  let counted = 0;
  while (start > floor && counted < count) {
    const previous = startOfLine(buf, start - 1, floor);
    if (!isBlank(buf, previous, start - 1)) counted++;
    start = previous;
  }
  return Math.max(start, floor);
}

/** End of the line `count` non-blank lines below the line ending at `end`, not past `ceiling`. */
export function linesAfter(buf: Buffer, end: number, count: number, ceiling: number): number {
  let counted = 0;
  while (end < ceiling && counted < count) {
    const next = endOfLine(buf, end + 1, ceiling);
    if (!isBlank(buf, end + 1, next)) counted++;
    end = next;
  }
  return Math.min(end, ceiling);
}
