/**
 * How many line breaks between non-blank lines one match of a pattern can cross: the engine reads that many
 * lines (plus the keyword's own slack) around each keyword, instead of whole blocks. Infinity when a repeat of
 * something other than whitespace can match a newline (a key block, `[^}]*` across pretty-printed JSON): such
 * detectors read whole blocks. Reads RE2 syntax conservatively: what it does not recognise counts as
 * newline-free only when it is a plain literal.
 */
export function lineReach(pattern: string): number {
  return new ReachReader(pattern).read();
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

const NONE: Atom = { breaks: 0, blank: false };
const NONE_BLANK: Atom = { breaks: 0, blank: true };
const NEWLINE_BLANK: Atom = { breaks: 1, blank: true };
const NEWLINE_ANY: Atom = { breaks: 1, blank: false };
const NL = 10;
const WHITESPACE = new Set([9, 10, 11, 12, 13, 32]);

class ReachReader {
  private i = 0;
  private readonly dotAll: boolean;

  constructor(private readonly p: string) {
    this.dotAll = /\(\?[a-zA-Z]*s[a-zA-Z]*[:)]/.test(p);
  }

  read(): number {
    const stack: Frame[] = [{ best: 0, breaks: 0, blank: true }];
    let last: Atom | null = null;
    const { p } = this;
    while (this.i < p.length) {
      const c = p[this.i];
      if (c === "(") {
        this.i++;
        if (p[this.i] === "?") {
          const flagsOnly = /^\?[a-zA-Z-]*\)/.exec(p.slice(this.i));
          if (flagsOnly) {
            this.i += flagsOnly[0].length;
            last = null;
            continue;
          }
          const head = /^\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|[a-zA-Z-]*:)/.exec(p.slice(this.i));
          this.i += head ? head[0].length : 1;
        }
        stack.push({ best: 0, breaks: 0, blank: true });
        last = null;
        continue;
      }
      if (c === ")") {
        this.i++;
        const frame = stack.length > 1 ? stack.pop()! : stack[0];
        last = { breaks: Math.max(frame.best, frame.breaks), blank: frame.blank };
        add(stack[stack.length - 1], last);
        continue;
      }
      if (c === "|") {
        this.i++;
        const frame = stack[stack.length - 1];
        frame.best = Math.max(frame.best, frame.breaks);
        frame.breaks = 0;
        last = null;
        continue;
      }
      const max = this.quantifier();
      if (max !== undefined) {
        if (last && last.breaks > 0 && max > 1) {
          // The atom's own occurrence is counted already; the repeat adds the rest.
          const extra = last.blank ? 0 : last.breaks * (max - 1);
          stack[stack.length - 1].breaks += extra;
        }
        last = null;
        continue;
      }
      last = this.atom();
      add(stack[stack.length - 1], last);
    }
    const top = stack[0];
    return stack.length === 1 ? Math.max(top.best, top.breaks) : Infinity;
  }

  /** The largest count of a quantifier at the cursor (Infinity when unbounded), consuming it; else undefined. */
  private quantifier(): number | undefined {
    const { p } = this;
    const c = p[this.i];
    let max: number | undefined;
    if (c === "*" || c === "+") {
      max = Infinity;
      this.i++;
    } else if (c === "?") {
      max = 1;
      this.i++;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(this.i));
      if (!m) return undefined;
      max = m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else return undefined;
    if (p[this.i] === "?" || p[this.i] === "+") this.i++;
    return max;
  }

  private atom(): Atom {
    const { p } = this;
    const c = p[this.i];
    if (c === "[") return this.charClass();
    if (c === "\\") {
      const code = this.escapeCode();
      if (code === "newline-any") return NEWLINE_ANY;
      if (code === "whitespace") return NEWLINE_BLANK;
      return code === "other" ? NONE : literalAtom(code);
    }
    this.i++;
    if (c === ".") return this.dotAll ? NEWLINE_ANY : NONE;
    return literalAtom(c.charCodeAt(0));
  }

  /**
   * Reads an escape at the cursor: a character code, "whitespace" (`\s`), "newline-any" for classes that
   * include a newline among other characters (`\W`, `\D`, `\p{…}`, `\C`), or "other" for newline-free ones.
   */
  private escapeCode(): number | "whitespace" | "newline-any" | "other" {
    const { p } = this;
    const e = p[this.i + 1];
    this.i += 2;
    if (e === undefined) return "other";
    if (e === "s") return "whitespace";
    if (e === "W" || e === "D" || e === "C") return "newline-any";
    if (e === "p" || e === "P") {
      if (p[this.i] === "{") this.i = p.indexOf("}", this.i) + 1 || p.length;
      else this.i++;
      return "newline-any";
    }
    if (e === "n") return NL;
    if (e === "t") return 9;
    if (e === "r") return 13;
    if (e === "f") return 12;
    if (e === "v") return 11;
    if (e === "x") {
      const m = /^(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(p.slice(this.i));
      if (!m) return "other";
      this.i += m[0].length;
      return parseInt(m[1] ?? m[2], 16);
    }
    if (/[0-7]/.test(e)) {
      const m = /^[0-7]{0,2}/.exec(p.slice(this.i))!;
      this.i += m[0].length;
      return parseInt(e + m[0], 8);
    }
    if (e === "Q") {
      const end = p.indexOf("\\E", this.i);
      const literal = end < 0 ? p.slice(this.i) : p.slice(this.i, end);
      this.i = end < 0 ? p.length : end + 2;
      return literal.includes("\n") ? NL : "other";
    }
    return /[A-Za-z]/.test(e) ? "other" : e.charCodeAt(0);
  }

  private charClass(): Atom {
    const { p } = this;
    this.i++;
    const negated = p[this.i] === "^";
    if (negated) this.i++;
    let newline = false;
    let onlyWhitespace = true;
    let first = true;
    let previous: number | undefined;
    while (this.i < p.length && (p[this.i] !== "]" || first)) {
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.i));
      if (posix) {
        this.i += posix[0].length;
        const covers = posix[1] === "^" ? posix[2] !== "space" && posix[2] !== "cntrl" : posix[2] === "space" || posix[2] === "cntrl";
        newline ||= covers;
        onlyWhitespace &&= posix[2] === "space" && posix[1] === "";
        previous = undefined;
        continue;
      }
      if (p[this.i] === "-" && previous !== undefined && p[this.i + 1] !== "]") {
        this.i++;
        const high = this.classChar();
        if (typeof high === "number") {
          newline ||= previous <= NL && NL <= high;
          onlyWhitespace &&= (previous >= 9 && high <= 13) || (previous === 32 && high === 32);
        } else {
          newline = true;
          onlyWhitespace = false;
        }
        previous = undefined;
        continue;
      }
      const item = this.classChar();
      if (item === "whitespace") newline = true;
      else if (item === "newline-any") {
        newline = true;
        onlyWhitespace = false;
      } else if (item === "other") onlyWhitespace = false;
      else {
        newline ||= item === NL;
        onlyWhitespace &&= WHITESPACE.has(item);
      }
      previous = typeof item === "number" ? item : undefined;
    }
    this.i++;
    if (negated) return newline ? NONE : NEWLINE_ANY;
    if (!newline) return onlyWhitespace ? NONE_BLANK : NONE;
    return onlyWhitespace ? NEWLINE_BLANK : NEWLINE_ANY;
  }

  private classChar(): number | "whitespace" | "newline-any" | "other" {
    return this.p[this.i] === "\\" ? this.escapeCode() : this.p.charCodeAt(this.i++);
  }
}

function literalAtom(code: number): Atom {
  if (code === NL) return NEWLINE_BLANK;
  return WHITESPACE.has(code) ? NONE_BLANK : NONE;
}

function add(frame: Frame, atom: Atom): void {
  frame.breaks += atom.breaks;
  frame.blank &&= atom.blank;
}
