// Compiling the CLI bundle is about a fifth of a commit's own time. Compiled code is kept between runs in the
// user's cache directory, never in the repository: Node 22.1+ does it itself, Node 20 through V8's code cache.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import * as vm from "node:vm";

/** Where compiled code is kept: the platform's per-user cache directory (a shared temp dir could be poisoned). */
function compileCacheDir(): string {
  const env = process.env;
  if (env.LEAKSTOP_CACHE_DIR) return join(env.LEAKSTOP_CACHE_DIR, "compile");
  if (process.platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "leakstop", "compile");
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches", "leakstop", "compile");
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "leakstop", "compile");
}

/** Runs the CommonJS file at `path` as `require` would, from compiled code kept by an earlier run when there is one. */
export function loadCompiled(path: string): void {
  const require = nodeModule.createRequire(path);
  // Node's own switch for its compile cache turns ours off too.
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return void require(path);
  const enable = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (enable) {
    enable(compileCacheDir());
    return void require(path);
  }
  runWithCodeCache(path, require);
}

function runWithCodeCache(path: string, require: NodeJS.Require): void {
  const source = readFileSync(path, "utf8");
  // V8 checks little more than the source's length, so the name says which file this is: any rewrite of it
  // changes its change time (hashing the source would cost more than loading node:crypto).
  const file = statSync(path, { bigint: true });
  const key = [process.version, process.arch, file.dev, file.ino, file.size, file.mtimeNs, file.ctimeNs].join("-");
  const dir = compileCacheDir();
  const cacheFile = join(dir, `app-${key}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet (or unreadable): compile from source and keep the result.
  }
  // Node's loader skips a `#!` line; a script does not.
  const script = new vm.Script(nodeModule.wrap(source.replace(/^#!/, "//")), {
    filename: path,
    cachedData,
  });
  // Written at exit, so the cache also holds the functions this run compiled lazily.
  if (!cachedData || script.cachedDataRejected) process.once("exit", () => keepCodeCache(script, dir, cacheFile));
  const module = { exports: {}, filename: path, id: path, loaded: false };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, require, module, path, dirname(path));
}

function keepCodeCache(script: vm.Script, dir: string, cacheFile: string): void {
  const partial = `${cacheFile}.${process.pid}`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile);
    pruneOldest(dir);
  } catch {
    // A read-only, full or misplaced cache directory costs the next run its compile time, nothing else.
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}

// Each install or rebuild of leakstop adds a file; a few are kept so that projects on different versions share the cache.
const KEPT_FILES = 8;

function pruneOldest(dir: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".v8"))
    .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of files.slice(KEPT_FILES)) rmSync(old.path, { force: true });
}
