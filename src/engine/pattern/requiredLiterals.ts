import { setsFlag, tokenize } from "./tokens.js";

/**
 * Literal text that every match of a pattern contains, read from its top level (`https?://…:(?P<secret>…)@…`
 * gives `http`, `://`, `:`, `@`). A region without one of them cannot match, so the engine skips the pattern
 * there: URLs are everywhere in code, URLs with a password are not. Conservative: a pattern with a top-level
 * alternation or a case-insensitive part gives nothing, and literals holding a quote or a backslash are left
 * out (reading text unescaped changes those).
 */
export function requiredLiterals(pattern: string): string[] {
  const tokens = tokenize(pattern);
  if (setsFlag(tokens, "i")) return [];
  const runs: string[] = [];
  let run = "";
  const end = () => {
    if (run && !/["'`\\]/.test(run)) runs.push(run);
    run = "";
  };
  let depth = 0;
  for (let n = 0; n < tokens.length; n++) {
    const t = tokens[n];
    if (t.kind === "open") depth++;
    if (t.kind === "close" && --depth < 0) return [];
    if (t.kind === "alt" && depth === 0) return [];
    const quantified = tokens[n + 1]?.kind === "repeat";
    if (depth === 0 && t.kind === "char" && t.plain && !quantified) run += String.fromCodePoint(t.code);
    else end();
  }
  end();
  return depth === 0 ? runs : [];
}
