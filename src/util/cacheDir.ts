import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where leakstop keeps what it caches between runs, never in a repository: the platform's per-user cache
 * directory (a shared temp dir could be poisoned by another local user), `LEAKSTOP_CACHE_DIR` if set.
 */
export function userCacheDir(kind: string): string {
  const env = process.env;
  if (env.LEAKSTOP_CACHE_DIR) return join(env.LEAKSTOP_CACHE_DIR, kind);
  if (process.platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "leakstop", kind);
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches", "leakstop", kind);
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "leakstop", kind);
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
