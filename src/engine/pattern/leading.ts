// Requirements a pattern makes of the text right before its match (`\b`, `(?m)^[\t ]*`, `(?:^|[^…])`), taken out
// of the pattern and checked here: RE2 skips ahead to a literal prefix (`ghp_`, `https://`) quickly, but not to
// one behind those (4.6 times slower on real code, measured).
import { tokenize, type ClassItem, type Token } from "./tokens.js";

/** `(?:^|[^…])`: the bytes (a table of 256, 1 = excluded) that may not come right before a match. */
export interface NotPreceded {
  excluded: Uint8Array;
}

export type Leading = "word" | "line" | NotPreceded;

const NEWLINE = 10;
const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** The pattern without its leading requirement, and that requirement; or the pattern as it is. */
export function splitLeading(pattern: string): { source: string; before?: Leading } {
  const t = tokenize(pattern);
  const rest = (n: number) => pattern.slice(t[n]?.start ?? pattern.length);
  // Without a literal to skip to, the split gains nothing, and can cost: RE2 then starts a match at every
  // byte of a long run (`[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}`, 5 times slower on code, measured).
  if (is(t[0], "assert") && t[0].which === "\\b") {
    const next = t[1];
    const wordChar = next?.kind === "char" && next.plain && isWordCode(next.code);
    const group = next?.kind === "open" && (next.name !== undefined || (!next.capture && next.flags === ""));
    if ((wordChar || group) && literalFollows(t, 1)) return { source: rest(1), before: "word" };
  }
  if (is(t[0], "flags") && t[0].flags === "m" && is(t[1], "assert") && t[1].which === "^" && is(t[2], "class") && is(t[3], "repeat")) {
    const blanks = !t[2].negated && t[2].items.length === 2 && t[2].items.every((i) => i.kind === "char" && (i.code === 9 || i.code === 32));
    if (blanks && t[3].min === 0 && t[3].max === Infinity && !t[3].lazy && literalFollows(t, 4)) return { source: rest(4), before: "line" };
  }
  if (is(t[0], "open") && !t[0].capture && t[0].flags === "" && is(t[1], "assert") && t[1].which === "^" && is(t[2], "alt") && is(t[3], "class") && is(t[4], "close")) {
    const excluded = t[3].negated ? classBytes(t[3].items) : null;
    if (excluded && literalFollows(t, 5)) return { source: rest(5), before: { excluded } };
  }
  return { source: pattern };
}

/**
 * Whether every match of the tokens from `n` on starts with the same character: groups may open first, but
 * no alternative inside them (or after them, at the top) and no optional repeat may skip it.
 */
export function literalFollows(t: readonly Token[], n: number): boolean {
  let depth = 0;
  while (is(t[n], "open")) {
    depth++;
    n++;
  }
  const optional = (token: Token | undefined) => token?.kind === "repeat" && token.min === 0;
  if (!is(t[n], "char") || optional(t[n + 1])) return false;
  // The lowest open group that still holds the character: an alternative at its level could skip it.
  let holding = depth;
  for (let i = n + 1; i < t.length; i++) {
    const token = t[i];
    if (token.kind === "open") depth++;
    else if (token.kind === "alt" && depth <= holding) return false;
    else if (token.kind === "close") {
      depth--;
      if (depth < holding) {
        holding = depth;
        if (optional(t[i + 1])) return false;
      }
    }
  }
  return true;
}

function is<K extends Token["kind"]>(t: Token | undefined, kind: K): t is Extract<Token, { kind: K }> {
  return t?.kind === kind;
}

/** The ASCII bytes a simple class names (`A-Za-z0-9_.-`, `\d`, `\/`), or null for anything richer. */
function classBytes(items: ClassItem[]): Uint8Array | null {
  const table = new Uint8Array(256);
  for (const item of items) {
    if (item.kind === "char" && item.code <= 127) table[item.code] = 1;
    else if (item.kind === "range" && item.hi <= 127) table.fill(1, item.lo, item.hi + 1);
    else if (item.kind === "perl" && item.letter === "d") table.fill(1, 48, 58);
    else return null;
  }
  return table;
}

const isWordByte = (c: number | undefined) => c !== undefined && isWordCode(c);

/** RE2's `\b` at `at`: a word byte on one side only. `byteBefore` is the text's byte before `bytes`, if any. */
function wordBoundaryAt(bytes: Buffer, at: number, byteBefore: number | undefined): boolean {
  return isWordByte(at > 0 ? bytes[at - 1] : byteBefore) !== isWordByte(bytes[at]);
}

/** Whether the text before a match at `at` meets the requirement. `byteBefore` is the byte before `bytes`, if any. */
export function precededAsRequired(before: Leading, bytes: Buffer, at: number, byteBefore: number | undefined): boolean {
  if (before === "word") return wordBoundaryAt(bytes, at, byteBefore);
  if (before === "line") return lineStartAt(bytes, at, byteBefore);
  const previous = at > 0 ? bytes[at - 1] : byteBefore;
  return previous === undefined || previous === NEWLINE || before.excluded[previous] === 0;
}

/** Only blanks between the start of the line and `at`. */
function lineStartAt(bytes: Buffer, at: number, byteBefore: number | undefined): boolean {
  let i = at - 1;
  while (i >= 0 && (bytes[i] === 32 || bytes[i] === 9)) i--;
  const previous = i >= 0 ? bytes[i] : byteBefore;
  return previous === undefined || previous === NEWLINE;
}
