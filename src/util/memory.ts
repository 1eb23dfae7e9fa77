import { createRequire } from "node:module";

// V8 lets the garbage of scanned changes (their lines, buffers and regex results) grow the heap to several times
// what is live, and keeps what it grew resident. Past this much used heap a full collection runs between changes,
// so the heap never grows for garbage; a typical commit never reaches it and pays nothing. (Measured on a 300 MB
// file: resident 167 MB with V8's own pacing or a limit on resident size, 126 MB with this one, in the same time.)
const SOFT_LIMIT_BYTES = 40 * 1024 * 1024;
// After a collection the next one waits for this much growth, so a large live set is not collected on every change.
const REGROWTH_BYTES = 24 * 1024 * 1024;
// Both halves of V8's young generation: past this it grows no more (keepYoungGenerationBounded).
const YOUNG_GENERATION_BYTES = 16 * 1024 * 1024;
// Resident memory outside V8's heap past which RE2's caches are let go: node and the bundle take about 45 MB of
// it, a 101 MB change at most 54 MB; a change of keywords on every line (every detector reading every line)
// passes 80 MB within its first piece. Renewed, the patterns grow their caches again in the memory freed, and
// the next renewal waits for this much more: an 8 MB change of keywords peaked at 144-151 MB instead of 157-161,
// in the same time (3 pairs).
const OUTSIDE_HEAP_LIMIT_BYTES = 80 * 1024 * 1024;
const OUTSIDE_REGROWTH_BYTES = 8 * 1024 * 1024;
// Reading the heap's size costs about 10 µs: a history of 10,000 small commits asks at most this often.
const CHECK_INTERVAL_MS = 20;

let threshold = SOFT_LIMIT_BYTES;
let outsideThreshold = OUTSIDE_HEAP_LIMIT_BYTES;
let lastCheck = -Infinity;
let checks = 0;
let youngGenerationKept = false;
let v8Module: typeof import("node:v8") | undefined;

/** Loaded on first use, not at start-up: a typical commit neither collects nor checks its young generation. */
function v8(): typeof import("node:v8") {
  return (v8Module ??= createRequire(import.meta.url)("node:v8") as typeof import("node:v8"));
}
let fullGc: (() => void) | null | undefined;

/**
 * V8 doubles its young generation under a steady allocation rate, up to 32 MB for its two halves, and keeps it
 * resident. Stopped at 16 MB, a change of 2 MB of keywords (every detector reading every line) peaked at 133-145
 * MB instead of 162, one of 8 MB at 157 instead of 183; a 101 MB change and a push of 500 commits took the same
 * time. Stopped at 2-4 MB, the push took 14% longer. The growth factor, unlike the size limits, is read at each
 * growth, so it takes effect in a running process. A scan still going at its second check is a large one; a
 * typical commit is scanned before it and pays nothing.
 */
function keepYoungGenerationBounded(): void {
  try {
    const young = v8().getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
    if (!young || young.space_size < YOUNG_GENERATION_BYTES) return;
    v8().setFlagsFromString("--semi-space-growth-factor=1");
  } catch {
    // A Node without the statistics or the flag: the young generation grows as V8 decides.
  }
  youngGenerationKept = true;
}

/** A full collection now (a resident process, once warm: what it built moves out of the young generation). */
export function collectGarbage(): void {
  if (fullGc === undefined) {
    try {
      v8().setFlagsFromString("--expose-gc");
      fullGc = (createRequire(import.meta.url)("node:vm") as typeof import("node:vm")).runInNewContext("gc") as () => void;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}

/**
 * Call between changes: collects when the used heap has grown past the soft limit, and when memory outside the
 * heap (RE2's caches, mostly) has, after `renewOutsideHeap` lets go of what holds it.
 */
export function keepMemoryBounded(renewOutsideHeap?: () => void): void {
  // Date.now, not performance.now: the first use of `performance` loads nine builtin modules (about 1 ms).
  const now = Date.now();
  if (now - lastCheck < CHECK_INTERVAL_MS) return;
  lastCheck = now;
  if (++checks >= 2 && !youngGenerationKept) keepYoungGenerationBounded();
  const outsideHeap = (usage: NodeJS.MemoryUsage) => usage.rss - usage.heapTotal - usage.external;
  const usage = process.memoryUsage();
  const renew = renewOutsideHeap !== undefined && outsideHeap(usage) > outsideThreshold;
  if (!renew && usage.heapUsed < threshold) return;
  if (renew) renewOutsideHeap();
  collectGarbage();
  const after = process.memoryUsage();
  // What was freed is used again rather than given back: resident memory stays where it got to.
  if (renew) outsideThreshold = Math.max(OUTSIDE_HEAP_LIMIT_BYTES, outsideHeap(after) + OUTSIDE_REGROWTH_BYTES);
  threshold = Math.max(SOFT_LIMIT_BYTES, after.heapUsed + REGROWTH_BYTES);
}
