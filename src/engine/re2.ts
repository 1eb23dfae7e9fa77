import { createRequire } from "node:module";
import type RE2Module from "re2";
import { UserError } from "../errors.js";
import { re2Unavailable } from "../model/messages.js";

export type RE2 = RE2Module;

/** The native module did not load (installed with --ignore-scripts, by pnpm without build scripts, or for another Node major). */
export class Re2UnavailableError extends UserError {}

let loaded: typeof RE2Module | undefined;

/**
 * re2 is a native module, loaded on first use rather than at startup, so that a missing or mismatched build
 * is one line naming the cause instead of a stack trace.
 */
export function re2(): typeof RE2Module {
  if (loaded) return loaded;
  let module: typeof RE2Module;
  try {
    module = createRequire(import.meta.url)("re2") as typeof RE2Module;
  } catch (err) {
    const first = String((err as Error)?.message ?? err).split("\n")[0];
    throw new Re2UnavailableError(re2Unavailable(first.length > 160 ? first.slice(0, 160) + "…" : first));
  }
  module.unicodeWarningLevel = "nothing";
  return (loaded = module);
}
