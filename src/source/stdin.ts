import { readSync } from "node:fs";
import type * as Tty from "node:tty";

/**
 * fd 0 to EOF, or null once it holds more than `most` bytes. process.stdin is left alone: creating it makes a
 * pipe non-blocking, and what a hook is given may arrive after it starts; EAGAIN then only means "not yet".
 */
export function readStdinBytes(most = Infinity): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(1 << 16);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      // EOF: Windows' end of a pipe; EBADF: git or a framework ran the hook with stdin closed.
      if (code === "EOF" || code === "EBADF") break;
      throw err;
    }
    if (n === 0) break;
    total += n;
    if (total > most) return null;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

// The launcher, the CLI and a resident process are separate bundles and processes: ref lines read from a push
// hook's stdin before the CLI runs reach it on a global.
const HANDED_INPUT = Symbol.for("leakstop.hookInput");
type WithHandedInput = typeof globalThis & { [HANDED_INPUT]?: Buffer };

/** Keeps a hook's stdin, read by the launcher (or sent to a resident process), for hookInput. */
export function handHookInput(input: Buffer): void {
  (globalThis as WithHandedInput)[HANDED_INPUT] = input;
}

/** The lines git gave a push or receive hook: what was handed on, else fd 0; undefined on a terminal (run by hand). */
export function hookInput(): string | undefined {
  const scope = globalThis as WithHandedInput;
  const handed = scope[HANDED_INPUT];
  if (handed) {
    delete scope[HANDED_INPUT];
    return handed.toString("utf8");
  }
  const { isatty } = process.getBuiltinModule("node:tty") as typeof Tty;
  return isatty(0) ? undefined : readStdinBytes()!.toString("utf8");
}
