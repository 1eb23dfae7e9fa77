// `leakstop scan --files [paths...]`: files on disk, no git needed; every line counts as added.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { emptyStats, type EmitChange, type ScanStats, type Source } from "../model/index.js";
import { UserError } from "../errors.js";
import { describePath, FILE_TOO_LARGE_TO_SCAN, LINK_NOT_FOLLOWED, NOT_A_REGULAR_FILE, scanPathMissing, unreadableReason } from "../model/messages.js";
import { MAX_WHOLE_FILE_BYTES, noteSkipped } from "./git/binaries.js";
import { WholeFiles } from "./git/wholeBlobs.js";
import { streamRegularFile } from "./files.js";
import { streamOf } from "./stream.js";

const SKIP_DIRS = new Set([".git", "node_modules"]);

/** A regular file's bytes; null if it turned into something else between listing and opening (a fifo must not hang). */
function readFileBytes(path: string, size: number): Buffer | null {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) return null;
    const buf = Buffer.allocUnsafe(size);
    let n = 0;
    while (n < size) {
      const got = readSync(fd, buf, n, size - n, null);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Paths are reported relative to `top` (the repository's top, or the current directory outside one). */
export function directorySource(paths: string[], top: string): Source {
  return streamOf(async (onChange: EmitChange) => {
    const stats: ScanStats = emptyStats();
    const whole = new WholeFiles(stats, onChange, { pointers: "none" });
    let files = 0;
    const name = (abs: string) => relative(top, abs).split(sep).join("/") || abs;
    // `named`: given on the command line, where what is not scanned is said; inside a directory, a link or a
    // fifo is passed over as `git add` would store it (a link as its target's name, never its content).
    const visit = async (abs: string, named: boolean): Promise<void> => {
      let st;
      try {
        st = lstatSync(abs);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (named && (code === "ENOENT" || code === "ENOTDIR")) throw new UserError(scanPathMissing(describePath(name(abs))));
        return noteSkipped(stats, name(abs), unreadableReason(code));
      }
      // Links are not followed: they can loop, or lead outside what was asked for.
      if (st.isDirectory()) {
        let entries: string[];
        try {
          entries = readdirSync(abs).sort();
        } catch (err) {
          return noteSkipped(stats, name(abs), unreadableReason((err as NodeJS.ErrnoException).code));
        }
        for (const entry of entries) if (!SKIP_DIRS.has(entry)) await visit(join(abs, entry), false);
        return;
      }
      if (!st.isFile()) {
        if (named) noteSkipped(stats, name(abs), st.isSymbolicLink() ? LINK_NOT_FOLLOWED : NOT_A_REGULAR_FILE);
        return;
      }
      files++;
      // Larger files are listed as skipped: a scan of a checkout must not stall on a database dump.
      if (st.size > MAX_WHOLE_FILE_BYTES) return noteSkipped(stats, name(abs), FILE_TOO_LARGE_TO_SCAN);
      const size = st.size;
      try {
        await streamRegularFile(abs, whole.sink(name(abs), size, async () => readFileBytes(abs, size)));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "EACCES" && code !== "EPERM") throw err;
        noteSkipped(stats, name(abs), unreadableReason(code));
      }
      await whole.readHeld();
    };
    for (const p of paths.length ? paths : ["."]) await visit(resolve(p), paths.length > 0);
    whole.done();
    return { stats, filesChanged: files };
  });
}
