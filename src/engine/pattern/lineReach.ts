import { classCovers, perlCovers, setsFlag, tokenize, type ClassItem, type Token } from "./tokens.js";

/**
 * How many line breaks between non-blank lines one match of a pattern can cross: the engine reads that many
 * lines (plus the keyword's own slack) around each keyword, instead of whole blocks. Infinity when a repeat of
 * something other than whitespace can match a newline (a key block, `[^}]*` across pretty-printed JSON): such
 * detectors read whole blocks.
 */
export function lineReach(pattern: string): number {
  const tokens = tokenize(pattern);
  const dotAll = setsFlag(tokens, "s");
  const stack: Frame[] = [{ best: 0, breaks: 0, blank: true }];
  let last: Atom | null = null;
  for (const t of tokens) {
    switch (t.kind) {
      case "open":
        stack.push({ best: 0, breaks: 0, blank: true });
        last = null;
        break;
      case "flags":
        last = null;
        break;
      case "close": {
        const frame = stack.length > 1 ? stack.pop()! : stack[0];
        last = { breaks: Math.max(frame.best, frame.breaks), blank: frame.blank };
        add(stack[stack.length - 1], last);
        break;
      }
      case "alt": {
        const frame = stack[stack.length - 1];
        frame.best = Math.max(frame.best, frame.breaks);
        frame.breaks = 0;
        last = null;
        break;
      }
      case "repeat":
        // The atom's own occurrence is counted already; the repeat adds the rest, unless all it crosses is blank.
        if (last && last.breaks > 0 && t.max > 1 && !last.blank) stack[stack.length - 1].breaks += last.breaks * (t.max - 1);
        last = null;
        break;
      default:
        last = atomOf(t, dotAll);
        add(stack[stack.length - 1], last);
    }
  }
  const top = stack[0];
  return stack.length === 1 ? Math.max(top.best, top.breaks) : Infinity;
}

interface Atom {
  /** Line breaks one occurrence can cross. */
  breaks: number;
  /** Everything it matches is whitespace, so the lines it crosses are blank. */
  blank: boolean;
}

interface Frame {
  best: number;
  breaks: number;
  blank: boolean;
}

const NL = 10;
const WHITESPACE = [9, 10, 11, 12, 13, 32];
const NONE: Atom = { breaks: 0, blank: false };

function atomOf(t: Token, dotAll: boolean): Atom {
  switch (t.kind) {
    case "char":
      return { breaks: t.code === NL ? 1 : 0, blank: WHITESPACE.includes(t.code) };
    case "dot":
      return dotAll ? { breaks: 1, blank: false } : NONE;
    case "perl":
      return perlCovers(t.letter, NL) ? { breaks: 1, blank: t.letter === "s" } : NONE;
    case "class":
      return { breaks: classCovers(t, NL) ? 1 : 0, blank: !t.negated && t.items.every(onlyWhitespace) };
    default:
      return NONE;
  }
}

function onlyWhitespace(item: ClassItem): boolean {
  if (item.kind === "char") return WHITESPACE.includes(item.code);
  if (item.kind === "range") return (item.lo >= 9 && item.hi <= 13) || (item.lo === 32 && item.hi === 32);
  if (item.kind === "perl") return item.letter === "s";
  return item.name === "space" && !item.negated;
}

function add(frame: Frame, atom: Atom): void {
  frame.breaks += atom.breaks;
  frame.blank &&= atom.blank;
}
