// Reading files from the working tree with no git involved: config, allow and dotenv files.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { fileTooLarge, fileUnreadable, notRegularFile } from "../model/messages.js";

function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a file";
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

export type ReadProblem = { kind: "missing" } | { kind: "not-regular" | "too-large" | "unreadable"; message: string };

/**
 * Reads a file only if it is (or links to) a regular file of at most `maxBytes`: a link to /dev/zero, a fifo or
 * a directory must not hang or exhaust a hook. `name` is how messages name the file.
 */
export function readRegularFile(path: string, name: string, maxBytes: number): { text: string } | ReadProblem {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    return code === "ENOENT" || code === "ENOTDIR" ? { kind: "missing" } : { kind: "unreadable", message: fileUnreadable(name, code) };
  }
  const odd = kindOf(stats);
  if (odd) return { kind: "not-regular", message: notRegularFile(name, odd) };
  if (stats.size > maxBytes) return { kind: "too-large", message: fileTooLarge(name, sizeLabel(maxBytes)) };
  let fd: number;
  try {
    // Non-blocking: swapped for a fifo after the check, the open still returns at once.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { kind: "unreadable", message: fileUnreadable(name, (err as NodeJS.ErrnoException).code ?? "error") };
  }
  try {
    const swapped = kindOf(fstatSync(fd));
    if (swapped) return { kind: "not-regular", message: notRegularFile(name, swapped) };
    // Read until the end or one byte past the cap: a file can grow after the check, or lie about its size (/proc).
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) return { kind: "too-large", message: fileTooLarge(name, sizeLabel(maxBytes)) };
    }
    return { text: Buffer.concat(chunks, length).toString("utf8") };
  } catch (err) {
    return { kind: "unreadable", message: fileUnreadable(name, (err as NodeJS.ErrnoException).code ?? "error") };
  } finally {
    closeSync(fd);
  }
}
