// The pure-JavaScript RE2 (re2js, a port of RE2/J: same syntax, linear time) behind the slice of the native
// re2 API the engine uses: `new RE2(source, flags)`, `exec` on Buffers with byte offsets and `lastIndex`,
// `test` on strings, and `new RE2.Set(sources, flags).match(buffer)`. re2js reads Uint8Array input as UTF-8
// and reports byte offsets for it, so a Buffer is matched as it is, without re-encoding.
import { createRequire } from "node:module";
import type { RE2JS as RE2JSClass, RE2Set as RE2SetClass, Matcher } from "re2js";

type Re2js = { RE2JS: typeof RE2JSClass; RE2Set: typeof RE2SetClass };

type ExecResult = Buffer[] & { index: number; input: Buffer; groups?: Record<string, Buffer | undefined> };

// Native RE2 rejects these; re2js accepts lookbehind only behind a flag, but reject it here too so both
// engines accept exactly the same custom patterns.
const LOOKAROUND = /\(\?<?[=!]/;

// re2js's default 8 MB DFA budget is too small for the keyword set: it kept discarding and rebuilding
// states, 0.8 MB/s on real code; with 64 MB, 3 MB/s (native: 17 MB/s).
const SET_DFA_BYTES = 64 << 20;

/** Loads re2js and builds a constructor shaped like the native module's. Throws when re2js is missing. */
export function loadFallbackRe2(): unknown {
  const { RE2JS, RE2Set } = createRequire(import.meta.url)("re2js") as Re2js;

  function flagBits(flags: string): number {
    let bits = 0;
    if (flags.includes("i")) bits |= RE2JS.CASE_INSENSITIVE;
    if (flags.includes("m")) bits |= RE2JS.MULTILINE;
    if (flags.includes("s")) bits |= RE2JS.DOTALL;
    return bits;
  }

  function compile(source: string, flags: string): RE2JSClass {
    if (LOOKAROUND.test(source.replace(/\\./g, "x"))) throw new SyntaxError(`invalid perl operator: ${LOOKAROUND.exec(source)?.[0]}`);
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
      return (this.matcher = this.re.matcher(input));
    }

    exec(input: Buffer): ExecResult | null {
      const from = this.global ? this.lastIndex : 0;
      if (from > input.length) {
        this.lastIndex = 0;
        return null;
      }
      const m = this.matcherFor(input);
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
    private readonly set: RE2SetClass;
    constructor(sources: readonly string[], flags = "") {
      this.set = new RE2Set(RE2Set.UNANCHORED, flagBits(flags), SET_DFA_BYTES);
      for (const s of sources) this.set.add(s);
      this.set.compile();
    }
    match(input: Buffer): number[] {
      return this.set.match(input).sort((a, b) => a - b);
    }
  }

  return Object.assign(FallbackRE2, { Set: FallbackSet, unicodeWarningLevel: "nothing" });
}
