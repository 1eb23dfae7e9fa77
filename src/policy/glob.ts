import { re2, Re2UnavailableError, type RE2 } from "../engine/re2.js";
import { GLOB_UNCLOSED_BRACE } from "../model/messages.js";

/** A glob that cannot be compiled; callers add the file and key it came from. */
export class GlobError extends Error {}

/**
 * Compiles a path glob (`**` any depth, `*` within a segment, `?`, `{a,b}`) to an RE2 matcher. A glob without
 * a slash matches the file name at any depth, as in .gitignore.
 */
export function compileGlob(glob: string): (path: string) => boolean {
  let re = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      i++;
      if (glob[i + 1] === "/") {
        i++;
        re += "(?:.*/)?";
      } else {
        re += ".*";
      }
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else re += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  if (braces > 0) throw new GlobError(GLOB_UNCLOSED_BRACE);
  const anchored = glob.includes("/") ? `^${re.replace(/^\//, "")}$` : `(?:^|/)${re}$`;
  let matcher: RE2;
  try {
    matcher = new (re2())(anchored);
  } catch (err) {
    if (err instanceof Re2UnavailableError) throw err;
    throw new GlobError(String((err as Error)?.message ?? err).split("\n")[0]);
  }
  return (path) => matcher.test(path);
}

export function anyGlob(globs: readonly string[]): (path: string) => string | undefined {
  const compiled = globs.map((g) => [g, compileGlob(g)] as const);
  return (path) => compiled.find(([, match]) => match(path))?.[0];
}
