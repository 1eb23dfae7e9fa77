/**
 * Literal text that every match of a pattern contains, read from its top level (`https?://…:(?P<secret>…)@…`
 * gives `http`, `://`, `:`, `@`). A region without one of them cannot match, so the engine skips the pattern
 * there: URLs are everywhere in code, URLs with a password are not. Conservative: a pattern with a top-level
 * alternation or a case-insensitive part gives nothing, and literals holding a quote or a backslash are left
 * out (reading text unescaped changes those).
 */
export function requiredLiterals(pattern: string): string[] {
  if (pattern.includes("(?i")) return [];
  const runs: string[] = [];
  let run = "";
  const end = () => {
    if (run && !/["'`\\]/.test(run)) runs.push(run);
    run = "";
  };
  const quantified = (at: number) => /^[?*+{]/.test(pattern.slice(at));
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "\\") {
      const e = pattern[i + 1] ?? "";
      i += 2;
      if (/[A-Za-z0-9]/.test(e) || e === "" || quantified(i)) end();
      else run += e;
    } else if (c === "[") {
      end();
      i = classEnd(pattern, i);
    } else if (c === "(") {
      end();
      i = groupEnd(pattern, i);
      if (i < 0) return [];
    } else if (c === "|" || c === ")") {
      return [];
    } else if (".^$?*+{}".includes(c)) {
      end();
      const repeat = c === "{" ? /^\{\d*,?\d*\}/.exec(pattern.slice(i)) : null;
      i += repeat ? repeat[0].length : 1;
    } else {
      i++;
      if (quantified(i)) end();
      else run += c;
    }
  }
  end();
  return runs;
}

/** Index just past the class that starts at `at`. */
function classEnd(p: string, at: number): number {
  let i = at + 1;
  if (p[i] === "^") i++;
  if (p[i] === "]") i++;
  while (i < p.length && p[i] !== "]") i += p[i] === "\\" ? 2 : p.startsWith("[:", i) ? p.indexOf(":]", i) + 2 || p.length : 1;
  return i + 1;
}

/** Index just past the group that opens at `at`, or -1 when it never closes. */
function groupEnd(p: string, at: number): number {
  let depth = 0;
  for (let i = at; i < p.length; ) {
    const c = p[i];
    if (c === "\\") i += 2;
    else if (c === "[") i = classEnd(p, i);
    else {
      if (c === "(") depth++;
      else if (c === ")" && --depth === 0) return i + 1;
      i++;
    }
  }
  return -1;
}
