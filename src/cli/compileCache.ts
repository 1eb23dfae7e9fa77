// Compiling the CLI bundle is about a fifth of a commit's own time. Compiled code is kept between runs in the
// user's cache directory, never in the repository: Node 22.1+ does it itself, Node 20 through V8's code cache.
import { readFileSync, statSync } from "node:fs";
import * as nodeModule from "node:module";
import { dirname, join } from "node:path";
import * as vm from "node:vm";
import { keepCacheFile, userCacheDir } from "../util/cacheDir.js";

/** Loads the CommonJS file at `path` as `require` would, from compiled code kept by an earlier run when there is one; its exports. */
export function loadCompiled(path: string): unknown {
  const require = nodeModule.createRequire(path);
  // Node's own switch for its compile cache turns ours off too.
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return require(path);
  const enable = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (enable) {
    enable(userCacheDir("compile"));
    return require(path);
  }
  return runWithCodeCache(path, require);
}

function runWithCodeCache(path: string, require: NodeJS.Require): unknown {
  const source = readFileSync(path, "utf8");
  // V8 checks little more than the source's length, so the name says which file this is: any rewrite of it
  // changes its change time (hashing the source would cost more than loading node:crypto).
  const file = statSync(path, { bigint: true });
  const key = [process.version, process.arch, file.dev, file.ino, file.size, file.mtimeNs, file.ctimeNs].join("-");
  const dir = userCacheDir("compile");
  const name = `app-${key}.v8`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(join(dir, name));
  } catch {
    // No cache yet (or unreadable): compile from source and keep the result.
  }
  // Node's loader skips a `#!` line; a script does not.
  const script = new vm.Script(nodeModule.wrap(source.replace(/^#!/, "//")), {
    filename: path,
    cachedData,
  });
  // Written at exit, so the cache also holds the functions this run compiled lazily.
  if (!cachedData || script.cachedDataRejected) process.once("exit", () => keepCacheFile(dir, name, script.createCachedData(), KEPT_FILES));
  const module = { exports: {}, filename: path, id: path, loaded: false };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, require, module, path, dirname(path));
  return module.exports;
}

// Each install or rebuild of leakstop adds a file; a few are kept so that projects on different versions share the cache.
const KEPT_FILES = 8;
