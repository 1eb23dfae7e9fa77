import { createRequire } from "node:module";
import type RE2Module from "re2";
import { UserError } from "../errors.js";
import { re2BuiltForOtherNode, re2FallbackInUse, re2Unavailable } from "../model/messages.js";
import { loadFallbackRe2 } from "./re2Fallback.js";

export type RE2 = RE2Module;

/** Neither the native module nor the JavaScript fallback loaded. */
export class Re2UnavailableError extends UserError {}

let loaded: typeof RE2Module | undefined;

/** Why the native module did not load, once tried: a second try says less (Node: "did not self-register"). */
let nativeFailure: string | undefined;

/**
 * re2 is a native module, optional so that a failed build does not fail the install (no compiler,
 * --ignore-scripts, pnpm, another Node major). Without it the engine runs on re2js, the same syntax and
 * linear-time guarantee in JavaScript, slower; stderr says so once per run. LEAKSTOP_RE2=fallback forces
 * the fallback (for tests and diagnosis).
 */
export function re2(): typeof RE2Module {
  if (loaded) return loaded;
  let cause = "LEAKSTOP_RE2=fallback";
  if (process.env.LEAKSTOP_RE2 !== "fallback") {
    const native = tryNative();
    if (native) return (loaded = native);
    cause = nativeFailure!;
  }
  try {
    loaded = loadFallbackRe2() as typeof RE2Module;
  } catch {
    throw new Re2UnavailableError(re2Unavailable(cause));
  }
  process.stderr.write(re2FallbackInUse(cause) + "\n");
  return loaded;
}

function tryNative(): typeof RE2Module | undefined {
  if (nativeFailure !== undefined) return undefined;
  try {
    const module = createRequire(import.meta.url)("re2") as typeof RE2Module;
    module.unicodeWarningLevel = "nothing";
    return module;
  } catch (err) {
    nativeFailure = describeLoadFailure(String((err as Error)?.message ?? err));
    return undefined;
  }
}

/**
 * Loads the native module ahead of any scan; false when it does not load, and then re2() falls back when a
 * scan needs it and says so.
 */
export function preloadNativeRe2(): boolean {
  if (process.env.LEAKSTOP_RE2 === "fallback") return false;
  loaded ??= tryNative();
  return loaded !== undefined;
}

/** Node's ABI mismatch spans several lines whose first names only the file; the versions are what matter. */
function describeLoadFailure(message: string): string {
  const abi = /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) return re2BuiltForOtherNode(abi[1], abi[2]);
  const first = message.split("\n")[0];
  return first.length > 160 ? first.slice(0, 160) + "…" : first;
}
