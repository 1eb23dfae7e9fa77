// Requirements a pattern makes of the text right before its match (`\b`, `(?m)^[\t ]*`, `(?:^|[^…])`), taken out
// of the pattern and checked here: RE2 skips ahead to a literal prefix (`ghp_`, `https://`) quickly, but not to
// one behind those (4.6 times slower on real code, measured).
import { NEWLINE } from "./layout.js";

/** `(?:^|[^…])`: the bytes (a table of 256, 1 = excluded) that may not come right before a match. */
export interface NotPreceded {
  excluded: Uint8Array;
}

export type Leading = "word" | "line" | NotPreceded;

const LINE_START = "(?m)^[\\t ]*";

/** The pattern without its leading requirement, and that requirement; or the pattern as it is. */
export function splitLeading(pattern: string): { source: string; before?: Leading } {
  if (/^\\b(?:[A-Za-z0-9_]|\(\?P<|\(\?:)/.test(pattern)) return { source: pattern.slice(2), before: "word" };
  if (pattern.startsWith(LINE_START)) return { source: pattern.slice(LINE_START.length), before: "line" };
  const lead = /^\(\?:\^\|\[\^((?:\\.|[^\]\\])+)\]\)/.exec(pattern);
  const excluded = lead && classBytes(lead[1]);
  if (lead && excluded) return { source: pattern.slice(lead[0].length), before: { excluded } };
  return { source: pattern };
}

/** The ASCII bytes a simple class body names (`A-Za-z0-9_.-`, `\d`, `\/`), or null for anything richer. */
function classBytes(body: string): Uint8Array | null {
  const table = new Uint8Array(256);
  const items: { code: number; literal: boolean }[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") items.push({ code: body.charCodeAt(i), literal: false });
    else if (body[i + 1] === "d") {
      table.fill(1, 48, 58);
      i++;
    } else if (body[i + 1] !== undefined && /[^A-Za-z0-9]/.test(body[i + 1])) items.push({ code: body.charCodeAt(++i), literal: true });
    else return null;
  }
  for (let i = 0; i < items.length; i++) {
    const { code } = items[i];
    if (code > 127) return null;
    const dash = items[i + 1];
    if (dash && dash.code === 45 && !dash.literal && items[i + 2]) {
      table.fill(1, code, items[i + 2].code + 1);
      i += 2;
    } else table[code] = 1;
  }
  return table;
}

const isWordByte = (c: number | undefined) =>
  c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);

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
