import type * as ChildProcessModule from "node:child_process";

/**
 * node:child_process, loaded on first use: with the stream and socket modules it brings it costs a commit about
 * 5 ms, and a commit whose diff the hook pipes in (hooks/pre-commit) starts no process at all.
 */
export function childProcess(): typeof ChildProcessModule {
  return process.getBuiltinModule("node:child_process") as typeof ChildProcessModule;
}
