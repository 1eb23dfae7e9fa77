// Entry of a scan worker thread (its own bundle, dist/cli/scanWorker.cjs): the same catalogue as the main
// thread, built from the same configuration, and the main thread's known values.
import { KNOWN_VALUE_DETECTOR, type KnownValueIndex } from "../knownValues/index.js";
import { scanWithKnownValues } from "../knownValues/scan.js";
import { serveScans } from "../engine/pool.js";
import { buildPolicyContext } from "../policy/context.js";

export interface ScanWorkerInit {
  top: string;
  knownValues: KnownValueIndex | null;
}

serveScans(async (init) => {
  const { top, knownValues } = init as ScanWorkerInit;
  const { catalogue } = await buildPolicyContext({ noSuppress: false, top, knownValueId: KNOWN_VALUE_DETECTOR.id });
  return (change, onUnlisted, onUndecoded) => scanWithKnownValues(catalogue, knownValues, change, onUnlisted, onUndecoded);
});
