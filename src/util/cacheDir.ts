import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/**
 * Where leakstop keeps what it caches between runs, never in a repository: the platform's per-user cache
 * directory (a shared temp dir could be poisoned by another local user), `LEAKSTOP_CACHE_DIR` if set. A
 * relative directory is ignored, as the XDG spec says of XDG_CACHE_HOME: read from a hook, it would be inside
 * the repository being scanned.
 */
export function userCacheDir(kind: string): string {
  const env = process.env;
  const absolute = (dir: string | undefined) => (dir && isAbsolute(dir) ? dir : undefined);
  const chosen = absolute(env.LEAKSTOP_CACHE_DIR);
  if (chosen) return join(chosen, kind);
  if (process.platform === "win32") return join(absolute(env.LOCALAPPDATA) ?? join(homedir(), "AppData", "Local"), "leakstop", kind);
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches", "leakstop", kind);
  return join(absolute(env.XDG_CACHE_HOME) ?? join(homedir(), ".cache"), "leakstop", kind);
}

/**
 * Writes a cache file whole or not at all (private to the user), then keeps the `kept` newest files of its
 * directory that end as it does. A cache that cannot be written costs the next run its work, nothing else.
 */
export function keepCacheFile(dir: string, name: string, data: string | Uint8Array, kept: number): void {
  const file = join(dir, name);
  const partial = `${file}.${process.pid}`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, file);
    const suffix = name.slice(name.lastIndexOf("."));
    const files = readdirSync(dir)
      .filter((n) => n.endsWith(suffix))
      .map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of files.slice(kept)) rmSync(old.path, { force: true });
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}
