// The dotenv walk lists up to 300 directories on every commit: over 100 ms in a tree of 100,000 files. What it
// found is kept between runs with each directory's modification time (a file added, removed or renamed in a
// directory changes it) and used again while none has changed. The cache holds file names, never values, and
// no name that could be a pasted secret: a walk that read one is not kept.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { nameLooksRandom } from "../model/messages.js";
import { keepCacheFile, userCacheDir } from "../util/cacheDir.js";

/** What a walk read: each directory (relative to the top, "" for the top) with its mtime before it was read. */
export interface Walk {
  dirs: [string, string][];
  found: string[];
}

const VERSION = 2;
// One file per repository and set of globs.
const KEPT_FILES = 64;
// A directory changed this recently may change again within its file system's timestamp resolution (one or two
// seconds on some): such a walk is not kept.
const SETTLED_MS = 2000;

/** Directory mtime as kept: nanoseconds where the file system has them. */
export function dirStamp(path: string): string {
  return statSync(path, { bigint: true }).mtimeNs.toString();
}

/** The files `walk` finds under `top`, from the cache while every directory it read is unchanged. */
export function cachedWalk(top: string, key: string, walk: () => Walk): string[] {
  const dir = userCacheDir("dotenv");
  const name = `${hashOf(`${top}\0${key}`)}.json`;
  try {
    const kept = JSON.parse(readFileSync(join(dir, name), "utf8")) as { version: number; top: string; key: string } & Walk;
    if (kept.version === VERSION && kept.top === top && kept.key === key && kept.dirs.every(([rel, stamp]) => dirStamp(rel ? join(top, rel) : top) === stamp)) {
      return kept.found;
    }
  } catch {
    // No cache, another version's, or a directory gone: walk again.
  }
  const fresh = walk();
  const settled = BigInt(Date.now() - SETTLED_MS) * 1_000_000n;
  const keepable = fresh.dirs.every(([rel, stamp]) => BigInt(stamp) < settled && !nameLooksRandom(rel)) && !fresh.found.some(nameLooksRandom);
  if (keepable) keepCacheFile(dir, name, JSON.stringify({ version: VERSION, top, key, ...fresh }), KEPT_FILES);
  return fresh.found;
}

/** FNV-1a, 32 bits, as hex: a file name for the key, which the file itself holds to rule out collisions. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
