// What the hook stubs pipe in (hooks/pre-commit, hooks/commit-msg): a git command's output, then a line with its
// exit status, so that a stream cut short is never taken for the whole output.

/** How a stub ends what it pipes in: this, git's exit status and a newline. */
const PIPED_STATUS = "leakstop-git-exit ";

// Enough for the status line and the newline before it.
const STATUS_TAIL_BYTES = 64;

/**
 * Where git's output ends in a piped stream: at the status line, which must be the stream's last line and say
 * 0-255; -1 without one. git's output ends with a newline whenever git succeeded, so the line can only start
 * the stream or follow a newline.
 */
export function pipedOutputEnd(piped: Buffer): number {
  const text = piped.toString("latin1", Math.max(0, piped.length - STATUS_TAIL_BYTES));
  const at = text.lastIndexOf("\n" + PIPED_STATUS);
  const start = at !== -1 ? at + 1 : piped.length === text.length && text.startsWith(PIPED_STATUS) ? 0 : -1;
  const status = start === -1 ? "" : text.slice(start + PIPED_STATUS.length);
  if (!/^\d{1,3}\n$/.test(status) || Number.parseInt(status, 10) > 255) return -1;
  return piped.length - text.length + start;
}

/** The exit status on the status line at `end` (from pipedOutputEnd). */
export function pipedStatus(piped: Buffer, end: number): number {
  return Number.parseInt(piped.toString("latin1", end + PIPED_STATUS.length), 10);
}

// The launcher and the CLI are separate bundles: the piped comment character passes between them on a global.
const COMMENT_CHAR = Symbol.for("leakstop.pipedCommentChar");
type WithCommentChar = typeof globalThis & { [COMMENT_CHAR]?: string };

/**
 * Keeps what the commit-msg stub piped in: `git config --get core.commentChar` and its status. Status 0 gives
 * the value, 1 (not set) none; anything else, or a cut stream, is not kept, and the CLI asks git itself.
 */
export function keepPipedCommentChar(piped: Buffer): void {
  const end = pipedOutputEnd(piped);
  const status = end === -1 ? -1 : pipedStatus(piped, end);
  if (status === 0 || status === 1) (globalThis as WithCommentChar)[COMMENT_CHAR] = status === 0 ? piped.toString("utf8", 0, end).trim() : "";
}

/** core.commentChar as the stub piped it in ("" when not set); undefined when it did not. */
export function takePipedCommentChar(): string | undefined {
  const scope = globalThis as WithCommentChar;
  const value = scope[COMMENT_CHAR];
  delete scope[COMMENT_CHAR];
  return value;
}
