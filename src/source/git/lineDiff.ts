/**
 * Which lines of `b` are added relative to `a`: a shortest edit script (Myers), with each run of added lines
 * slid as far down as equal lines allow, the way git places ambiguous hunks without the indent heuristic.
 * Returns a flag per line of `b`.
 */
export function addedLines(a: string[], b: string[]): boolean[] {
  const added = new Array<boolean>(b.length).fill(true);
  // Common prefix and suffix never change, and trimming them keeps the quadratic part small.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) added[start++] = false;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
    added[endB] = false;
  }
  for (const [, j] of commonPairs(a, b, start, endA, start, endB)) added[j] = false;
  slideDown(added, b);
  return added;
}

/** Matched (i, j) pairs of a longest common subsequence of a[aLo..aHi) and b[bLo..bHi), by Myers' greedy O(ND). */
function commonPairs(a: string[], b: string[], aLo: number, aHi: number, bLo: number, bHi: number): [number, number][] {
  const n = aHi - aLo;
  const m = bHi - bLo;
  if (n === 0 || m === 0) return [];
  if (n + m > MAX_EXACT) return multisetPairs(a, b, aLo, aHi, bLo, bHi);
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end, collecting diagonal (equal) moves.
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      pairs.push([aLo + x, bLo + y]);
    }
    if (d > 0) {
      x = prevX;
      y = prevY;
    }
  }
  return pairs;
}

// Beyond this many lines the exact trace would take too much memory: fall back to matching by content.
const MAX_EXACT = 20_000;

function multisetPairs(a: string[], b: string[], aLo: number, aHi: number, bLo: number, bHi: number): [number, number][] {
  const counts = new Map<string, number>();
  for (let i = aLo; i < aHi; i++) counts.set(a[i], (counts.get(a[i]) ?? 0) + 1);
  const pairs: [number, number][] = [];
  for (let j = bLo; j < bHi; j++) {
    const c = counts.get(b[j]) ?? 0;
    if (c > 0) {
      counts.set(b[j], c - 1);
      pairs.push([-1, j]);
    }
  }
  return pairs;
}

/** Slides each run of added lines down while the line after the run equals the run's first line. */
function slideDown(added: boolean[], b: string[]): void {
  for (let i = 0; i < added.length; i++) {
    if (!added[i]) continue;
    let end = i;
    while (end < added.length && added[end]) end++;
    let first = i;
    while (end < added.length && !added[end] && b[end] === b[first]) {
      added[first] = false;
      added[end] = true;
      first++;
      end++;
      while (end < added.length && added[end]) end++;
    }
    i = end - 1;
  }
}
