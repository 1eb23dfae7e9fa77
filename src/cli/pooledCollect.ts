// collect() for long scans (history, ranges): the engine on worker threads while this thread reads git.
import { availableParallelism } from "node:os";
import type { DetectorCore } from "../detectors/types.js";
import { fromWire, ScanPool, scanRecorded, textBytes, type Scanned, type ScanOne } from "../engine/pool.js";
import { KNOWN_VALUE_DETECTOR } from "../knownValues/index.js";
import { scanWithKnownValues } from "../knownValues/scan.js";
import type { Change, Finding, Source, SourceResult } from "../model/index.js";
import { Gathering, type Collected, type ScanContext } from "./run.js";
import type { ScanWorkerInit } from "./scanWorker.js";

// Starting the workers costs about what scanning a few MB costs (each loads the bundle and builds the catalogue):
// a scan starts on this thread and hands over only once it has read this much, so a small history is no slower.
const INLINE_BYTES = 4 * 1024 * 1024;
const MAX_THREADS = 4;

/**
 * Worker threads for the engine: LEAKSTOP_THREADS if set (1: none); else one per core but one, which this thread
 * (parsing git's output, handing changes over) and git itself need. Handing a change over costs this thread
 * about half of what scanning it would: on 2 cores a pool of 2 made a 3,200-commit scan 31% slower, so there
 * a scan stays on one thread unless asked.
 */
export function scanThreads(): number {
  const asked = Number.parseInt(process.env.LEAKSTOP_THREADS ?? "", 10);
  return asked >= 1 ? Math.min(asked, 64) : Math.min(availableParallelism() - 1, MAX_THREADS);
}

/** Like run.ts's collect, the same findings in the same order; changes past INLINE_BYTES go through a pool. */
export async function pooledCollect(source: Source, ctx: ScanContext): Promise<Collected> {
  const threads = scanThreads();
  const gathering = new Gathering(ctx);
  const detectors = new Map<string, DetectorCore>([...ctx.catalogue.detectors.map((d) => [d.core.id, d.core] as const), [KNOWN_VALUE_DETECTOR.id, KNOWN_VALUE_DETECTOR]]);
  const settle = (change: Change, scanned: Scanned<Finding>) => {
    const onUnlisted = gathering.budget.unlistedIn(change);
    for (const [count, atLeast] of scanned.unlisted) onUnlisted(count, atLeast);
    if (scanned.undecoded) gathering.budget.undecodedIn(change)();
    gathering.add(change, scanned.findings);
  };
  const settleAll = (done: [Change, Scanned][]) => {
    for (const [change, scanned] of done) settle(change, { ...scanned, findings: scanned.findings.map((w) => fromWire(w, change, detectors)) });
  };
  const startPool = () => new ScanPool(new URL("./scanWorker.cjs", import.meta.url), threads, { top: ctx.top, knownValues: ctx.knownValues } satisfies ScanWorkerInit);
  const scanHere: ScanOne = (change, onUnlisted, onUndecoded) => scanWithKnownValues(ctx.catalogue, ctx.knownValues, change, onUnlisted, onUndecoded);
  let pool: ScanPool | undefined;
  let inlineBytes = 0;
  // A function of its own, so that no local of the async loop below holds a handled change (see collect in run.ts).
  const take = (change: Change) => {
    if (pool) {
      pool.submit(change);
      settleAll(pool.ready());
      while (pool.full) settleAll(pool.oldest());
      return;
    }
    settle(change, scanRecorded(scanHere, change));
    inlineBytes += textBytes(change);
    if (threads > 1 && inlineBytes >= INLINE_BYTES) pool = startPool();
  };
  const changes = source();
  let next: IteratorResult<Change, SourceResult> | undefined;
  try {
    while (!(next = await changes.next()).done) {
      take(next.value);
      next = undefined;
    }
    while (pool && !pool.idle) settleAll(pool.oldest());
  } finally {
    pool?.close();
  }
  return gathering.done(next.value);
}
