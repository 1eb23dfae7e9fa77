// Reading files from the working tree with no git involved: config, allow and dotenv files whole, others streamed.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { fileTooLarge, fileUnreadable, notRegularFile } from "../model/messages.js";
import type { ObjectSink } from "./git/exec.js";

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

/** Whether the path itself is a symbolic link (one to nothing included). */
export function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
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

// Bytes read from a file at a time, as a pipe hands git's output on: the scan takes each piece before the next
// is read. Read 1 MB at a time, a 47 MB file peaked at 174 MB (each buffer outlives its read until the collector
// runs), 64 KB at a time at 98 MB.
const READ_BYTES = 64 * 1024;

/** A regular file's bytes into `sink` as they are read; nothing if it turned into something else between listing and opening (a fifo must not hang). */
export async function streamRegularFile(path: string, sink: ObjectSink): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) return;
    for (;;) {
      // A buffer per read: the sink may keep the first bytes it is given.
      const chunk = Buffer.allocUnsafe(READ_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, READ_BYTES, null);
      if (!bytesRead) break;
      sink.write(chunk.subarray(0, bytesRead));
    }
    sink.end();
  } finally {
    await handle.close();
  }
}
