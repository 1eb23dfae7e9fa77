import { FIX_REFUSED } from "../model/messages.js";
import { rx } from "./codePattern.js";
import type { Language, LiteralAt } from "./languages.js";

export type Located = LiteralAt | { refuse: string };

/**
 * The whole string literal the secret is, quotes included, or why there is none: the secret is part of a
 * larger string, in a comment, a heredoc or a multi-line string, or holds escapes its .env line could not keep.
 * `start`/`end` are the secret's 0-based span on lines[index].
 */
export function locateLiteral(lang: Language, lines: string[], index: number, start: number, end: number): Located {
  const line = lines[index];
  const value = line.slice(start, end);
  const context = enclosingContext(lang, lines, index, start);
  if (context) return { refuse: context };
  const open = line[start - 1];
  if (open !== undefined && lang.quotes.includes(open) && line[end] === open) {
    if (value.includes("\\") || value.includes(open) || (open === "`" && value.includes("${"))) return { refuse: FIX_REFUSED.escapes };
    if (lang.prefixes?.test(line.slice(0, start - 1))) return { refuse: FIX_REFUSED.prefixed };
    if (lang.keysByColon && rx(/^\s*:([^:]|$)/).test(line.slice(end + 1))) return { refuse: FIX_REFUSED.key };
    return { line, start: start - 1, end: end + 1, quoted: true };
  }
  const bareStart = start === 0 || /[\s=:]/.test(line[start - 1]);
  const bareEnd = end === line.length || /[\s;]/.test(line[end]) || line.slice(end) === "\r";
  if (lang.bare && bareStart && bareEnd && !/["'\\$`]/.test(value)) return { line, start, end, quoted: false };
  return { refuse: FIX_REFUSED.partOfString };
}

/** Why the text at lines[index][column] is not code (a comment, a heredoc, a multi-line string), or null. */
function enclosingContext(lang: Language, lines: string[], index: number, column: number): string | null {
  const prefix = lines[index].slice(0, column);
  if (lineCommentBefore(lang, prefix)) return FIX_REFUSED.comment;
  const earlier = lines.slice(0, index).join("\n") + "\n" + prefix;
  if (lang.blockComments && earlier.lastIndexOf("/*") > earlier.lastIndexOf("*/")) return FIX_REFUSED.comment;
  for (const d of lang.multiLine) {
    const before = lines.slice(0, index).join("\n");
    const count = before.split(d).length - 1;
    if (count % 2 === 1) return FIX_REFUSED.multiLine;
  }
  if (lang.heredoc && inHeredoc(lang.heredoc, lines, index)) return FIX_REFUSED.heredoc;
  return null;
}

/** A comment starter outside any quotes before the literal. */
function lineCommentBefore(lang: Language, prefix: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (lang.quotes.includes(c)) quote = c;
    else if (lang.lineComments.some((m) => prefix.startsWith(m, i) && (m !== "#" || i === 0 || /\s/.test(prefix[i - 1])))) return true;
  }
  return false;
}

function inHeredoc(opening: RegExp, lines: string[], index: number): boolean {
  let end: string | null = null;
  for (let i = 0; i < index; i++) {
    if (end !== null) {
      if (lines[i].trim() === end || lines[i].trim() === end + ";") end = null;
      continue;
    }
    const m = rx(opening).exec(lines[i]);
    if (m) end = m[1];
  }
  return end !== null;
}
