import { spawn, type ChildProcess } from "node:child_process";

// The launcher and the CLI are separate bundles: the started git process passes between them on a global.
const HANDOFF = Symbol.for("leakstop.earlyGit");

export interface EarlyGit {
  args: string[];
  child: ChildProcess;
  /** Set when git could not start (not installed): the reader reports it as if it had started git itself. */
  error?: Error;
}

type WithHandoff = typeof globalThis & { [HANDOFF]?: EarlyGit };

/**
 * Starts `git args` now; its output waits in the pipe (git blocks when it is full) until a reader takes it. An
 * untaken process never keeps leakstop running: it and its pipes are unreferenced until taken.
 */
export function startEarly(args: string[]): void {
  const child = spawn("git", args, { stdio: ["ignore", "pipe", "pipe"] });
  const early: EarlyGit = { args, child };
  child.on("error", (err) => (early.error = err));
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  (globalThis as WithHandoff)[HANDOFF] = early;
}

/** The early git process if it runs exactly `args` (once); any other is stopped, as nothing will read it. */
export function takeEarly(args: string[]): EarlyGit | undefined {
  const scope = globalThis as WithHandoff;
  const early = scope[HANDOFF];
  if (!early) return undefined;
  delete scope[HANDOFF];
  if (early.args.length !== args.length || early.args.some((a, i) => a !== args[i])) {
    early.child.kill();
    return undefined;
  }
  early.child.ref();
  (early.child.stdout as unknown as { ref?: () => void }).ref?.();
  (early.child.stderr as unknown as { ref?: () => void }).ref?.();
  return early;
}
