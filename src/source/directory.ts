// `leakstop scan --files [paths...]`: files on disk, no git needed; every line counts as added.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { emptyStats, type EmitChange, type ScanStats, type Source } from "../model/index.js";
import { FILE_TOO_LARGE_TO_SCAN } from "../model/messages.js";
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
    const visit = async (abs: string): Promise<void> => {
      let st;
      try {
        st = lstatSync(abs);
      } catch {
        return;
      }
      // Links are not followed: they can loop, or lead outside what was asked for.
      if (st.isDirectory()) {
        for (const entry of readdirSync(abs).sort()) if (!SKIP_DIRS.has(entry)) await visit(join(abs, entry));
        return;
      }
      if (!st.isFile()) return;
      files++;
      // Larger files are listed as skipped: a scan of a checkout must not stall on a database dump.
      if (st.size > MAX_WHOLE_FILE_BYTES) return noteSkipped(stats, name(abs), FILE_TOO_LARGE_TO_SCAN);
      const size = st.size;
      await streamRegularFile(abs, whole.sink(name(abs), size, async () => readFileBytes(abs, size)));
      await whole.readHeld();
    };
    for (const p of paths.length ? paths : ["."]) await visit(resolve(p));
    whole.done();
    return { stats, filesChanged: files };
  });
}
