// Smaller facts the engine reads from a pattern's tokens.
import { classCovers, perlCovers, setsFlag, tokenize, type Token } from "./tokens.js";

// A quote or a backslash: what reading a JSON string unescaped changes.
const QUOTES = [34, 39, 96, 92];

/**
 * Whether a pattern can read a quote or a backslash: only then can text inside a JSON string (`\"`) read
 * differently once unescaped.
 */
export function readsQuotes(pattern: string): boolean {
  return tokenize(pattern).some((t) => QUOTES.some((q) => matchesChar(t, q)));
}

function matchesChar(t: Token, code: number): boolean {
  if (t.kind === "char") return t.code === code;
  if (t.kind === "dot") return code !== 10;
  if (t.kind === "perl") return perlCovers(t.letter, code);
  if (t.kind === "class") return classCovers(t, code);
  return false;
}

/** Whether every match holds `literal` exactly as spelled: written in the pattern, case-sensitive, not optional. */
export function spellsLiteral(pattern: string, literal: string): boolean {
  const tokens = tokenize(pattern);
  if (setsFlag(tokens, "i")) return false;
  for (let n = 0; n + literal.length <= tokens.length; n++) {
    let k = 0;
    while (k < literal.length && tokens[n + k].kind === "char" && (tokens[n + k] as { code: number }).code === literal.charCodeAt(k)) k++;
    if (k === literal.length && tokens[n + k]?.kind !== "repeat") return true;
  }
  return false;
}

/** What RE2 rejects in a pattern, in words, when the reason is a construct it does not support. */
export function describeUnsupported(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return "lookaround (?=, ?!, ?<=, ?<!) is not supported";
  if (/\\[1-9]/.test(pattern) || /\\k</.test(pattern)) return "backreferences are not supported";
  if (/\(\?>/.test(pattern)) return "atomic groups are not supported";
  if (/[*+?}][+]/.test(pattern)) return "possessive quantifiers are not supported";
  return undefined;
}

/** Whether the whole pattern ignores case (`(?i)` first), or some part of it does (`(?i)` or `(?i:` anywhere). */
export function ignoresCase(pattern: string, where: "throughout" | "anywhere"): boolean {
  const tokens = tokenize(pattern);
  if (where === "anywhere") return setsFlag(tokens, "i");
  const first = tokens[0];
  return first?.kind === "flags" && first.flags.split("-")[0].includes("i");
}
