import type { Change, EmitChange, Source, SourceResult } from "../model/index.js";

/**
 * A source a consumer pulls from, over a reader that emits changes as it parses git's output. The reader emits
 * from stream callbacks and the consumer resumes between them, so at most one parsed chunk's changes wait here.
 */
export function streamOf(read: (emit: EmitChange) => Promise<SourceResult>): Source {
  return async function* () {
    let queue: Change[] = [];
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
      const ready = queue;
      queue = [];
      yield* ready;
      if (finished && !queue.length) break;
      if (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if ("failure" in finished) throw finished.failure;
    return finished.result;
  };
}
