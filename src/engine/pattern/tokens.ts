// The one reader of RE2 syntax: every fact the engine derives from a pattern (line reach, required literals,
// leading requirements, quotes) walks these tokens instead of reading the source by hand. It reads patterns
// RE2 has already accepted, so it need not report errors; what it cannot place becomes a conservative token.

/** `\d \D \s \S \w \W \pN \p{…} \PN \P{…} \C`: the letter, and the property name for \p / \P. */
export interface PerlClass {
  kind: "perl";
  letter: string;
}

export type ClassItem =
  | { kind: "char"; code: number }
  | { kind: "range"; lo: number; hi: number }
  | PerlClass
  | { kind: "posix"; name: string; negated: boolean };

export type Token = { start: number; end: number } & (
  | {
      kind: "char";
      code: number;
      /** Written as itself or as an escaped punctuation mark (`\.`), not as `\n`, `\x41`, `\101`. */
      plain: boolean;
    }
  | PerlClass
  | { kind: "class"; negated: boolean; items: ClassItem[] }
  | { kind: "dot" }
  | { kind: "assert"; which: string }
  /** `(`, `(?:`, `(?P<name>`, `(?i:`; `flags` as written, `-` included. */
  | { kind: "open"; capture: boolean; name?: string; flags: string }
  /** `(?i)`: flags for the rest of the enclosing group. */
  | { kind: "flags"; flags: string }
  | { kind: "close" }
  | { kind: "alt" }
  | { kind: "repeat"; min: number; max: number; lazy: boolean }
);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };
const PERL_LETTERS = new Set([..."dDsSwWC"]);
const ASSERT_LETTERS = new Set([..."bBAz"]);

const tokenized = new Map<string, readonly Token[]>();

/** A pattern's tokens, read once per run: the catalogue asks several facts of every pattern at start-up. */
export function tokenize(pattern: string): readonly Token[] {
  let tokens = tokenized.get(pattern);
  if (!tokens) tokenized.set(pattern, (tokens = readTokens(pattern)));
  return tokens;
}

function readTokens(pattern: string): Token[] {
  const tokens: Token[] = [];
  const p = pattern;
  let i = 0;
  const push = (start: number, token: DistributiveOmit<Token, "start" | "end">) => tokens.push({ ...token, start, end: i } as Token);
  while (i < p.length) {
    const start = i;
    const c = p[i];
    if (c === "\\") {
      if (p[i + 1] === "Q") {
        const close = p.indexOf("\\E", i + 2);
        const literal = close < 0 ? p.slice(i + 2) : p.slice(i + 2, close);
        i = close < 0 ? p.length : close + 2;
        for (const ch of literal) tokens.push({ kind: "char", code: ch.charCodeAt(0), plain: true, start, end: i });
        continue;
      }
      const item = readEscape(p, i);
      i = item.next;
      if (item.kind === "assert") push(start, { kind: "assert", which: item.which });
      else if (item.kind === "perl") push(start, { kind: "perl", letter: item.letter });
      else push(start, { kind: "char", code: item.code, plain: item.plain });
    } else if (c === "[") {
      const cls = readClass(p, i);
      i = cls.next;
      push(start, { kind: "class", negated: cls.negated, items: cls.items });
    } else if (c === "(") {
      i++;
      if (p[i] !== "?") {
        push(start, { kind: "open", capture: true, flags: "" });
        continue;
      }
      const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(p.slice(i));
      if (named) {
        i += named[0].length;
        push(start, { kind: "open", capture: true, name: named[1], flags: "" });
        continue;
      }
      const flags = /^\?([a-zA-Z-]*)([:)])/.exec(p.slice(i));
      i += flags ? flags[0].length : 1;
      if (flags?.[2] === ")") push(start, { kind: "flags", flags: flags[1] });
      else push(start, { kind: "open", capture: false, flags: flags?.[1] ?? "" });
    } else if (c === ")") {
      i++;
      push(start, { kind: "close" });
    } else if (c === "|") {
      i++;
      push(start, { kind: "alt" });
    } else if (c === "." ) {
      i++;
      push(start, { kind: "dot" });
    } else if (c === "^" || c === "$") {
      i++;
      push(start, { kind: "assert", which: c });
    } else if (c === "*" || c === "+" || c === "?" || c === "{") {
      const bounds = c === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i)) : null;
      if (c === "{" && !bounds) {
        i++;
        push(start, { kind: "char", code: 123, plain: true });
        continue;
      }
      let min = c === "+" ? 1 : 0;
      let max = c === "?" ? 1 : Infinity;
      if (bounds) {
        min = Number(bounds[1]);
        max = bounds[2] === undefined ? min : bounds[3] === "" ? Infinity : Number(bounds[3]);
      }
      i += bounds ? bounds[0].length : 1;
      const lazy = p[i] === "?";
      if (lazy) i++;
      push(start, { kind: "repeat", min, max, lazy });
    } else {
      const code = p.codePointAt(i)!;
      i += code > 0xffff ? 2 : 1;
      push(start, { kind: "char", code, plain: true });
    }
  }
  return tokens;
}

type Escape = { next: number } & (
  | { kind: "char"; code: number; plain: boolean }
  | { kind: "perl"; letter: string }
  | { kind: "assert"; which: string }
);

function readEscape(p: string, at: number): Escape {
  const e = p[at + 1];
  let next = at + 2;
  if (e === undefined) return { kind: "char", code: 92, plain: true, next };
  if (PERL_LETTERS.has(e)) return { kind: "perl", letter: e, next };
  if (e === "p" || e === "P") {
    if (p[next] === "{") next = p.indexOf("}", next) + 1 || p.length;
    else next++;
    return { kind: "perl", letter: e, next };
  }
  if (ASSERT_LETTERS.has(e)) return { kind: "assert", which: "\\" + e, next };
  if (e in SIMPLE_ESCAPES) return { kind: "char", code: SIMPLE_ESCAPES[e], plain: false, next };
  if (e === "x") {
    const m = /^(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(p.slice(next));
    if (!m) return { kind: "char", code: 0, plain: false, next };
    return { kind: "char", code: parseInt(m[1] ?? m[2], 16), plain: false, next: next + m[0].length };
  }
  if (/[0-7]/.test(e)) {
    const m = /^[0-7]{0,2}/.exec(p.slice(next))!;
    return { kind: "char", code: parseInt(e + m[0], 8), plain: false, next: next + m[0].length };
  }
  // Any other letter is not valid RE2; punctuation escapes itself.
  return { kind: "char", code: e.charCodeAt(0), plain: !/[A-Za-z0-9]/.test(e), next };
}

function readClass(p: string, at: number): { negated: boolean; items: ClassItem[]; next: number } {
  let i = at + 1;
  const negated = p[i] === "^";
  if (negated) i++;
  const items: ClassItem[] = [];
  let first = true;
  while (i < p.length && (p[i] !== "]" || first)) {
    first = false;
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
    if (posix) {
      i += posix[0].length;
      items.push({ kind: "posix", name: posix[2], negated: posix[1] === "^" });
      continue;
    }
    const low = classChar(p, i);
    i = low.next;
    const previous = low.item;
    if (previous.kind === "char" && p[i] === "-" && p[i + 1] !== "]" && i + 1 < p.length) {
      const high = classChar(p, i + 1);
      i = high.next;
      if (high.item.kind === "char") items.push({ kind: "range", lo: previous.code, hi: high.item.code });
      else items.push(previous, { kind: "char", code: 45 }, high.item);
      continue;
    }
    items.push(previous);
  }
  return { negated, items, next: i + 1 };
}

function classChar(p: string, at: number): { item: ClassItem; next: number } {
  if (p[at] !== "\\") {
    const code = p.codePointAt(at)!;
    return { item: { kind: "char", code }, next: at + (code > 0xffff ? 2 : 1) };
  }
  const e = readEscape(p, at);
  if (e.kind === "perl") return { item: { kind: "perl", letter: e.letter }, next: e.next };
  // `\b` inside a class is a backspace in RE2's Perl syntax.
  if (e.kind === "assert") return { item: { kind: "char", code: e.which === "\\b" ? 8 : e.which.charCodeAt(1) }, next: e.next };
  return { item: { kind: "char", code: e.code }, next: e.next };
}

/** Whether a class matches the character `code` (ASCII reasoning; conservative for properties). */
export function classCovers(token: { negated: boolean; items: ClassItem[] }, code: number): boolean {
  const inside = token.items.some((item) => itemCovers(item, code));
  return token.negated ? !inside : inside;
}

const WHITESPACE = new Set([9, 10, 11, 12, 13, 32]);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Whether a Perl class (`\s`, `\W`, …) matches `code`; a Unicode property or `\C` counts as covering it. */
export function perlCovers(letter: string, code: number): boolean {
  switch (letter) {
    case "d": return isDigit(code);
    case "D": return !isDigit(code);
    case "s": return code === 9 || code === 10 || code === 12 || code === 13 || code === 32;
    case "S": return !(code === 9 || code === 10 || code === 12 || code === 13 || code === 32);
    case "w": return isWord(code);
    case "W": return !isWord(code);
    default: return true;
  }
}

const POSIX: Record<string, (c: number) => boolean> = {
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  digit: isDigit,
  alnum: (c) => isWord(c) && c !== 95,
  upper: (c) => c >= 65 && c <= 90,
  lower: (c) => c >= 97 && c <= 122,
  xdigit: (c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  word: isWord,
  space: (c) => WHITESPACE.has(c),
  blank: (c) => c === 9 || c === 32,
};

function itemCovers(item: ClassItem, code: number): boolean {
  switch (item.kind) {
    case "char": return item.code === code;
    case "range": return item.lo <= code && code <= item.hi;
    case "perl": return perlCovers(item.letter, code);
    case "posix": {
      const test = POSIX[item.name];
      // Unknown or punctuation-bearing classes (punct, graph, print, cntrl): assume they cover it.
      if (!test) return true;
      return item.negated ? !test(code) : test(code);
    }
  }
}

/** Whether any flag group or `(?flags:` turns `flag` on (letters before a `-`). */
export function setsFlag(tokens: readonly Token[], flag: string): boolean {
  return tokens.some((t) => (t.kind === "flags" || t.kind === "open") && t.flags.split("-")[0].includes(flag));
}
