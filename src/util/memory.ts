import { createRequire } from "node:module";

// V8 lets the garbage of scanned changes (their lines, buffers and regex results) grow the heap to several times
// what is live. Past this resident size a full collection runs between changes, so a change of any size stays
// near it; a typical commit never reaches it and pays nothing.
const SOFT_LIMIT_BYTES = 100 * 1024 * 1024;
// After a collection the next one waits for this much growth, so a large live set is not collected on every change.
const REGROWTH_BYTES = 32 * 1024 * 1024;

let threshold = SOFT_LIMIT_BYTES;
let fullGc: (() => void) | null | undefined;

function collectGarbage(): void {
  if (fullGc === undefined) {
    try {
      // Loaded here, not at start-up: a typical commit never collects.
      const require = createRequire(import.meta.url);
      (require("node:v8") as typeof import("node:v8")).setFlagsFromString("--expose-gc");
      fullGc = (require("node:vm") as typeof import("node:vm")).runInNewContext("gc") as () => void;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}

/** Call between changes: collects when resident memory has grown past the soft limit. */
export function keepMemoryBounded(): void {
  if (process.memoryUsage.rss() < threshold) return;
  collectGarbage();
  threshold = Math.max(SOFT_LIMIT_BYTES, process.memoryUsage.rss() + REGROWTH_BYTES);
}
