import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { PIPED_DIFF_CUT, pipedGitFailed } from "../../model/messages.js";
import { childProcess } from "./childProcess.js";
import { pipedOutputEnd, pipedStatus } from "./piped.js";

// The launcher and the CLI are separate bundles: the started git process passes between them on a global.
const HANDOFF = Symbol.for("leakstop.earlyGit");

// Output held before a reader takes the process; past this git waits on a full pipe.
const HOLD_BYTES = 1 << 20;

export interface EarlyGit {
  args: string[];
  child: ChildProcess;
  /** Set when git could not start (not installed): the reader reports it as if it had started git itself. */
  error?: Error;
  /** What git wrote before a reader took it, in order. */
  held: Buffer[];
  stderr: string;
  /** Set once git has exited and its pipes have closed: its exit code. */
  closed?: number | null;
  /** Stops holding: the reader listens from here on. */
  release(): void;
}

type WithHandoff = typeof globalThis & { [HANDOFF]?: EarlyGit };

/**
 * Starts `git args` now. Its output is held until a reader takes it (Node drains and drops the output of an
 * exited child that nobody reads), up to HOLD_BYTES, then git waits. An untaken process never keeps leakstop
 * running: it and its pipes are unreferenced until taken.
 */
export function startEarly(args: string[]): void {
  const child = childProcess().spawn("git", args, { stdio: ["ignore", "pipe", "pipe"] });
  const early = holdUntilTaken(args, child);
  child.on("error", (err) => (early.error = err));
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
}

/**
 * The staged diff as the hook stub piped it in (hooks/pre-commit), whole: git's output, then a line with git's
 * exit status. It stands in for the early process: its reader sees git's output and git's exit code, and a
 * stream that ends without the status line fails as git would (the stub's git was stopped, or the stub is not
 * leakstop's).
 */
export function startPiped(args: string[], piped: Buffer): void {
  const stdout = new EventEmitter();
  const stderr = new EventEmitter();
  const child = Object.assign(new EventEmitter(), { stdout, stderr, stdin: null, kill() {}, ref() {}, unref() {} });
  holdUntilTaken(args, child as unknown as ChildProcess);
  const end = pipedOutputEnd(piped);
  if (end > 0) stdout.emit("data", piped.subarray(0, end));
  const code = end === -1 ? null : pipedStatus(piped, end);
  // Said as git's stderr would be: the reader puts it in its error.
  if (code !== 0) stderr.emit("data", Buffer.from(code === null ? PIPED_DIFF_CUT : pipedGitFailed(code)));
  child.emit("close", code);
}

/** Holds the output of `child`, whose reader is not loaded yet, for takeEarly. */
function holdUntilTaken(args: string[], child: ChildProcess): EarlyGit {
  let heldBytes = 0;
  const hold = (chunk: Buffer) => {
    early.held.push(chunk);
    heldBytes += chunk.length;
    if (heldBytes > HOLD_BYTES) child.stdout!.pause();
  };
  const holdErr = (chunk: Buffer) => {
    if (early.stderr.length < 8192) early.stderr += chunk.toString("utf8");
  };
  const onClose = (code: number | null) => (early.closed = code);
  const early: EarlyGit = {
    args,
    child,
    held: [],
    stderr: "",
    release() {
      child.stdout!.off("data", hold);
      child.stderr!.off("data", holdErr);
      child.off("close", onClose);
    },
  };
  child.stdout!.on("data", hold);
  child.stderr!.on("data", holdErr);
  child.on("close", onClose);
  (globalThis as WithHandoff)[HANDOFF] = early;
  return early;
}

/** The early git process if it runs exactly `args` (once); any other is stopped, as nothing will read it. */
export function takeEarly(args: string[]): EarlyGit | undefined {
  const scope = globalThis as WithHandoff;
  const early = scope[HANDOFF];
  if (!early) return undefined;
  delete scope[HANDOFF];
  early.release();
  if (early.args.length !== args.length || early.args.some((a, i) => a !== args[i])) {
    early.child.kill();
    return undefined;
  }
  early.child.ref();
  (early.child.stdout as unknown as { ref?: () => void }).ref?.();
  (early.child.stderr as unknown as { ref?: () => void }).ref?.();
  return early;
}
