import { createRequire } from "node:module";
import type RE2Module from "re2";
import { UserError } from "../errors.js";
import { re2FallbackInUse, re2Unavailable } from "../report/messages.js";
import { loadFallbackRe2 } from "./re2Fallback.js";

export type RE2 = RE2Module;

/** Neither the native module nor the JavaScript fallback loaded. */
export class Re2UnavailableError extends UserError {}

let loaded: typeof RE2Module | undefined;

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
    try {
      const module = createRequire(import.meta.url)("re2") as typeof RE2Module;
      module.unicodeWarningLevel = "nothing";
      return (loaded = module);
    } catch (err) {
      const first = String((err as Error)?.message ?? err).split("\n")[0];
      cause = first.length > 160 ? first.slice(0, 160) + "…" : first;
    }
  }
  try {
    loaded = loadFallbackRe2() as typeof RE2Module;
  } catch {
    throw new Re2UnavailableError(re2Unavailable(cause));
  }
  process.stderr.write(re2FallbackInUse(cause) + "\n");
  return loaded;
}
