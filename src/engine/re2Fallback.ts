// The pure-JavaScript RE2 (re2js, a port of RE2/J: same syntax, linear time) behind the slice of the native
// re2 API the engine uses: `new RE2(source, flags)`, `exec` on Buffers with byte offsets and `lastIndex`,
// `test` on strings, and `new RE2.Set(sources, flags).match(buffer)`. re2js reads Uint8Array input as UTF-8
// and reports byte offsets for it, so a Buffer is matched as it is, without re-encoding.
import { createRequire } from "node:module";
import type { RE2JS as RE2JSClass, RE2Set as RE2SetClass, Matcher, MatcherInput as MatcherInputClass, MatcherInputBase } from "re2js";

type Re2js = { RE2JS: typeof RE2JSClass; RE2Set: typeof RE2SetClass; MatcherInput: typeof MatcherInputClass };

type ExecResult = Buffer[] & { index: number; input: Buffer; groups?: Record<string, Buffer | undefined> };

// For a keyword set that LiteralSet cannot take: re2js's default 8 MB DFA budget made it discard and
// rebuild states endlessly (0.8 MB/s on real code; 3 MB/s with 64 MB).
const SET_DFA_BYTES = 64 << 20;

// RE2Flags.UNANCHORED, which re2js does not export.
const UNANCHORED = 0;

/** Loads re2js and builds a constructor shaped like the native module's. Throws when re2js is missing. */
export function loadFallbackRe2(): unknown {
  const { RE2JS, RE2Set, MatcherInput } = createRequire(import.meta.url)("re2js") as Re2js;

  function flagBits(flags: string): number {
    let bits = 0;
    if (flags.includes("i")) bits |= RE2JS.CASE_INSENSITIVE;
    if (flags.includes("m")) bits |= RE2JS.MULTILINE;
    if (flags.includes("s")) bits |= RE2JS.DOTALL;
    return bits;
  }

  // Lookbehind stays off (re2js supports it behind a flag): the fallback accepts what native RE2 accepts.
  function compile(source: string, flags: string): RE2JSClass {
    try {
      return RE2JS.compile(source, flagBits(flags));
    } catch (err) {
      throw new SyntaxError(String((err as Error)?.message ?? err).replace(/^error parsing regexp:\s*/, ""));
    }
  }

  class FallbackRE2 {
    lastIndex = 0;
    readonly source: string;
    readonly flags: string;
    readonly global: boolean;
    private readonly re: RE2JSClass;
    private readonly names: string[];
    // One matcher per input: the engine calls exec repeatedly on the same Buffer.
    private matcher: Matcher | undefined;
    private matcherInput: Uint8Array | string | undefined;
    private dfaInput: MatcherInputBase | undefined;

    constructor(source: string, flags = "") {
      this.source = source;
      this.flags = flags;
      this.global = flags.includes("g");
      this.re = compile(source, flags);
      const groups = this.re.namedGroups();
      this.names = Object.keys(groups).sort((a, b) => groups[a] - groups[b]);
    }

    private matcherFor(input: Uint8Array | string): Matcher {
      if (this.matcher && this.matcherInput === input) return this.matcher;
      this.matcherInput = input;
      this.dfaInput = undefined;
      return (this.matcher = this.re.matcher(input));
    }

    exec(input: Buffer): ExecResult | null {
      const from = this.global ? this.lastIndex : 0;
      if (from > input.length) {
        this.lastIndex = 0;
        return null;
      }
      // re2js finds even a match's bounds with its NFA, far slower than its DFA; most regions hold no match,
      // and the DFA (over the whole input, so ^ and \b read the text before `from`) says so first.
      const m = this.matcherFor(input);
      this.dfaInput ??= MatcherInput.utf8(input);
      if (!this.re.re2Input.matchMachineInput(this.dfaInput, from, input.length, UNANCHORED, 0)[0]) {
        if (this.global) this.lastIndex = 0;
        return null;
      }
      if (!m.find(from)) {
        if (this.global) this.lastIndex = 0;
        return null;
      }
      const slice = (group: number | string): Buffer | undefined => {
        const start = m.start(group);
        return start < 0 ? undefined : input.subarray(start, m.end(group));
      };
      const result = [] as unknown as ExecResult;
      for (let g = 0; g <= m.groupCount(); g++) result.push(slice(g) as Buffer);
      result.index = m.start();
      result.input = input;
      if (this.names.length) {
        result.groups = {};
        for (const name of this.names) result.groups[name] = slice(name);
      }
      if (this.global) this.lastIndex = m.end();
      return result;
    }

    test(input: string): boolean {
      return this.matcherFor(input).find(0);
    }
  }

  class FallbackSet {
    private set: RE2SetClass | undefined;
    private readonly literals: LiteralSet | undefined;
    constructor(
      private readonly sources: readonly string[],
      private readonly flags = "",
    ) {
      const literals = sources.map(asciiLiteral);
      if (literals.every((l) => l !== undefined)) this.literals = new LiteralSet(literals as string[], flags.includes("i"));
      else this.compiled();
    }
    private compiled(): RE2SetClass {
      if (this.set) return this.set;
      this.set = new RE2Set(RE2Set.UNANCHORED, flagBits(this.flags), SET_DFA_BYTES);
      for (const s of this.sources) this.set.add(s);
      this.set.compile();
      return this.set;
    }
    match(input: Buffer): number[] {
      return this.literals?.match(input) ?? this.compiled().match(input).sort((a, b) => a - b);
    }
  }

  return Object.assign(FallbackRE2, { Set: FallbackSet, unicodeWarningLevel: "nothing" });
}

/** The text of a pattern that is only ASCII literal characters (escaped punctuation allowed), else undefined. */
function asciiLiteral(source: string): string | undefined {
  let text = "";
  for (let i = 0; i < source.length; i++) {
    let c = source[i];
    if (c === "\\") {
      c = source[++i] ?? "";
      if (!/^[!-/:-@[-`{-~]$/.test(c)) return undefined;
    } else if (!/^[ -~]$/.test(c) || ".^$*+?()[]{}|".includes(c)) return undefined;
    text += c;
  }
  return text || undefined;
}

/**
 * Which ASCII literals occur in a block, in one pass (Aho-Corasick), for the keyword set: re2js's DFA for
 * hundreds of case-folded literals ran at 3 MB/s. RE2 also folds `k` with the Kelvin sign and `s` with the
 * long s: a block holding either returns undefined and goes to re2js.
 */
class LiteralSet {
  private readonly next: Int32Array;
  private readonly outputs: number[][] = [[]];

  constructor(
    literals: string[],
    private readonly anyCase: boolean,
  ) {
    const fold = (c: number) => (anyCase && c >= 65 && c <= 90 ? c + 32 : c);
    const edges: Map<number, number>[] = [new Map()];
    literals.forEach((literal, index) => {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const c = fold(literal.charCodeAt(i));
        let to = edges[state].get(c);
        if (to === undefined) {
          to = edges.length;
          edges[state].set(c, to);
          edges.push(new Map());
          this.outputs.push([]);
        }
        state = to;
      }
      this.outputs[state].push(index);
    });
    // Complete transition table over bytes, built breadth first from the failure links.
    const next = new Int32Array(edges.length * 128);
    const queue: number[] = [];
    const failure = new Int32Array(edges.length);
    for (let c = 0; c < 128; c++) {
      const to = edges[0].get(fold(c));
      next[c] = to ?? 0;
      if (to !== undefined && !queue.includes(to)) queue.push(to);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      this.outputs[state].push(...this.outputs[failure[state]]);
      for (let c = 0; c < 128; c++) {
        const to = edges[state].get(fold(c));
        const viaFailure = next[failure[state] * 128 + c];
        if (to === undefined) next[state * 128 + c] = viaFailure;
        else {
          next[state * 128 + c] = to;
          if (c === fold(c)) {
            failure[to] = viaFailure;
            queue.push(to);
          }
        }
      }
    }
    this.next = next;
  }

  match(input: Uint8Array): number[] | undefined {
    const { next, outputs } = this;
    const found = new Set<number>();
    let state = 0;
    for (let i = 0; i < input.length; i++) {
      const byte = input[i];
      if (byte >= 128) {
        // No literal holds it; only the Kelvin sign (E2 84 AA) and long s (C5 BF) fold onto ASCII letters.
        if (this.anyCase && ((byte === 0xe2 && input[i + 1] === 0x84 && input[i + 2] === 0xaa) || (byte === 0xc5 && input[i + 1] === 0xbf))) return undefined;
        state = 0;
        continue;
      }
      state = next[state * 128 + byte];
      const out = outputs[state];
      for (let k = 0; k < out.length; k++) found.add(out[k]);
    }
    return [...found].sort((a, b) => a - b);
  }
}
