import { readSync } from "node:fs";

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
