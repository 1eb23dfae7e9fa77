import type { Change, EmitChange, Source, SourceResult } from "../model/index.js";

/**
 * A source a consumer pulls from, over a reader that emits changes as it parses git's output. The reader emits
 * from stream callbacks and the consumer resumes between them, so at most one parsed chunk's changes wait here.
 */
export function streamOf(read: (emit: EmitChange) => Promise<SourceResult>): Source {
  return async function* () {
    const queue: Change[] = [];
    let wake: (() => void) | undefined;
    let finished: { result: SourceResult } | { failure: unknown } | undefined;
    read((change) => {
      queue.push(change);
      wake?.();
    }).then(
      (result) => (finished = { result }),
      (failure: unknown) => (finished = { failure }),
    ).finally(() => wake?.());
    for (;;) {
      // One change at a time, and none held while waiting: a scanned change must not outlive its scan.
      let change = queue.shift();
      while (change) {
        yield change;
        change = queue.shift();
      }
      if (finished) break;
      if (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if ("failure" in finished) throw finished.failure;
    return finished.result;
  };
}
