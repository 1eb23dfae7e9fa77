import RE2 from "re2";

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
  const anchored = glob.includes("/") ? `^${re.replace(/^\//, "")}$` : `(?:^|/)${re}$`;
  const matcher = new RE2(anchored);
  return (path) => matcher.test(path);
}

export function anyGlob(globs: readonly string[]): (path: string) => string | undefined {
  const compiled = globs.map((g) => [g, compileGlob(g)] as const);
  return (path) => compiled.find(([, match]) => match(path))?.[0];
}
