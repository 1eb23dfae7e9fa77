// A scanned change must be garbage once scanned: a big staged change streams through in pieces, and a piece held
// while the parser builds the next one survives into V8's old generation (measured: twice the young-GC time).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { pooledCollect } from "../src/cli/pooledCollect.js";
import { collect, type ScanContext } from "../src/cli/run.js";
import { emptyStats, type Change, type EmitChange, type Source } from "../src/model/index.js";
import { untilDeadline } from "../src/source/preReceive.js";
import { streamOf } from "../src/source/stream.js";
import { builtinCatalogue, changeOf } from "./engineHelpers.js";

setFlagsFromString("--expose-gc");
const fullGc = runInNewContext("gc") as () => void;

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// Made and emitted in a plain function, so no frame of the test's own holds the change.
function emitTracked(emit: EmitChange, refs: WeakRef<Change>[], path: string): void {
  const change = changeOf("const handler = createHandler(options);\n".repeat(2000), path);
  refs.push(new WeakRef(change));
  emit(change);
}

describe("a change streamed through the run", () => {
  const asIs = (source: Source) => source;
  const withDeadline = (source: Source) => untilDeadline(source, new Promise<void>(() => {})).source;
  it.each([
    ["collect", collect, asIs],
    ["pooledCollect (history scans)", pooledCollect, asIs],
    ["collect, under the pre-receive deadline", collect, withDeadline],
  ])("is collectable once scanned, while the source builds the next one: %s", async (_name, run, wrap) => {
    const ctx: ScanContext = {
      top: process.cwd(),
      catalogue: builtinCatalogue(),
      policy: { noSuppress: false, knownIds: new Set(), allow: null, ignoredBy: () => undefined, minSeverity: "low" },
      customDocs: [],
      notes: [],
      dotenvFiles: null,
      knownValues: null,
    };
    const refs: WeakRef<Change>[] = [];
    const aliveWhileWaiting: boolean[] = [];
    const source = wrap(streamOf(async (emit) => {
      for (const path of ["a.js", "b.js", "c.js"]) {
        emitTracked(emit, refs, path);
        // The run scans what was emitted and waits for more: nothing it scanned may still be reachable.
        await tick();
        fullGc();
        aliveWhileWaiting.push(refs[refs.length - 1].deref() !== undefined);
      }
      return { stats: emptyStats(), filesChanged: 3 };
    }));
    const collected = await run(source, ctx);
    expect(collected.findings).toEqual([]);
    expect(aliveWhileWaiting).toEqual([false, false, false]);
  });
});
