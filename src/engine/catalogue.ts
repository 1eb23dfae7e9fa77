import { re2, Re2UnavailableError, type RE2 } from "./re2.js";
import type { DetectorCore } from "../detectors/types.js";
import { CHECKSUMS, type Checksum } from "./checksums.js";
import { splitLeading, type Leading } from "./leading.js";
import { lineReach } from "./lineReach.js";
import { requiredLiterals } from "./requiredLiterals.js";
import { makePlaceholderFilter, type PlaceholderFilter } from "./placeholders.js";

export interface CompiledPattern {
  re: RE2;
  /** What the pattern required right before its match, checked outside RE2 (see leading.ts). */
  before?: Leading;
  /** Literal bytes every match contains, besides the keywords (see requiredLiterals.ts). */
  required: Buffer[];
  /** It can read a quote or a backslash (see `readsQuotes`). */
  readsQuotes: boolean;
  /** Once its leading requirement is taken out, it starts with three literal characters. */
  literalStart: boolean;
}

export interface CompiledDetector {
  core: DetectorCore;
  /** Compiled on first use: most detectors never see their keyword in a typical commit. */
  readonly patterns: CompiledPattern[];
  checksum?: Checksum;
  contextWords?: string[];
  /**
   * Lines around a keyword that a match can reach: the keyword's own slack (two lines, or the context rule's
   * reach when its keywords are context words) plus the line breaks its patterns can cross. Infinity (key
   * blocks, repeats across lines) reads whole blocks instead.
   */
  readonly reach: number;
  /**
   * Whether a pattern can read a quote or a backslash (a quote in it, `.`, `\S`, `\W`, a negated class): only
   * then can text inside a JSON string (`\"`) read differently once unescaped, and is worth a second pass.
   */
  readonly readsQuotes: boolean;
  /**
   * Every pattern starts with literal text (`ghp_`, `xoxb-`) and reads no quotes: RE2 skips through a block to
   * it faster than the engine can find the keywords there, so such a detector reads its hit blocks whole.
   */
  readonly literalStart: boolean;
}

export interface Catalogue {
  detectors: CompiledDetector[];
  keywords: KeywordIndex | null;
  isPlaceholder: PlaceholderFilter;
}

/**
 * Every keyword, lowercased, in one RE2 set matched in any case: one pass per block says which occur. One set
 * costs half of two (measured), and the exact-case keywords are confirmed by `indexOf`, which also finds them.
 */
export interface KeywordIndex {
  set: InstanceType<ReturnType<typeof re2>["Set"]>;
  /** set index -> how that keyword enables detectors */
  entries: KeywordEntry[];
  /** Bytes of the longest keyword. */
  longestKeyword: number;
}

/** A keyword as the engine searches for it: bytes for a block as it is, text for a lowercased one. */
export interface Needle {
  bytes: Buffer;
  text: string;
  anyCase: boolean;
}

export interface KeywordEntry {
  /** The keyword lowercased, found in any case. */
  lower: Needle;
  /** Detectors it enables in any case (provider names). */
  anyCase: number[];
  /** Token prefixes that count only as spelled (`AKIA`, `SK0`), with the detectors each enables. */
  exact: { needle: Needle; detectors: number[] }[];
}

export class CatalogueError extends Error {}

export interface CatalogueOptions {
  extraPlaceholders?: readonly string[];
  /** Compile every pattern now (to validate a catalogue) instead of on first use. */
  eager?: boolean;
}

function compileAll(core: DetectorCore): CompiledPattern[] {
  const keywords = new Set(core.keywords.map((k) => k.toLowerCase()));
  return core.patterns.map((p, n) => {
    const { source, before } = splitLeading(p);
    const required = requiredLiterals(p).filter((l) => !keywords.has(l.toLowerCase())).map((l) => Buffer.from(l));
    return {
      re: compilePattern(source, `detector ${core.id}, pattern ${n + 1}`),
      before,
      required,
      readsQuotes: readsQuotes(p),
      literalStart: LITERAL_START.test(source),
    };
  });
}

/** Compiles a pattern with RE2, or explains in one line why RE2 cannot run it. */
export function compilePattern(pattern: string, where: string): RE2 {
  try {
    return new (re2())(pattern, "gm");
  } catch (err) {
    if (err instanceof Re2UnavailableError) throw err;
    const reason = (err as Error).message.replace(/^invalid regular expression:?\s*/i, "");
    throw new CatalogueError(`${where}: pattern cannot run on RE2 (${describeUnsupported(pattern) ?? reason})`);
  }
}

function describeUnsupported(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return "lookaround (?=, ?!, ?<=, ?<!) is not supported";
  if (/\\[1-9]/.test(pattern) || /\\k</.test(pattern)) return "backreferences are not supported";
  if (/\(\?>/.test(pattern)) return "atomic groups are not supported";
  if (/[*+?}][+]/.test(pattern)) return "possessive quantifiers are not supported";
  return undefined;
}

/** Collects the keywords into one any-case RE2 set, each pointing at the detectors it enables. */
class KeywordIndexBuilder {
  private readonly entries: KeywordEntry[] = [];
  private readonly index = new Map<string, KeywordEntry>();

  add(keyword: string, detector: number, exactCase: boolean): void {
    const lower = keyword.toLowerCase();
    let entry = this.index.get(lower);
    if (!entry) {
      entry = { lower: { bytes: Buffer.from(lower), text: lower, anyCase: true }, anyCase: [], exact: [] };
      this.entries.push(entry);
      this.index.set(lower, entry);
    }
    if (!exactCase) {
      entry.anyCase.push(detector);
      return;
    }
    let spelling = entry.exact.find((e) => e.needle.text === keyword);
    if (!spelling) entry.exact.push((spelling = { needle: { bytes: Buffer.from(keyword), text: keyword, anyCase: false }, detectors: [] }));
    spelling.detectors.push(detector);
  }

  build(): KeywordIndex | null {
    if (!this.entries.length) return null;
    const set = new (re2().Set)(this.entries.map((e) => escapeRegex(e.lower.text)), "i");
    return { set, entries: this.entries, longestKeyword: Math.max(...this.entries.map((e) => e.lower.bytes.length)) };
  }
}

/**
 * Whether a keyword counts only as spelled. Keywords with capitals (`AKIA`, `SK0`, `EAA`) are token prefixes,
 * unless the patterns ignore case: spelled exactly, they do not fire on every stretch of base64 (`sk0`, `eaa`).
 * A keyword written into every pattern of a case-sensitive detector (`ghp_`, `pat`, `postgres`) is in every
 * match exactly as spelled. Provider names used as context (`asana` near a bare number) count in any case.
 */
function spelledExactly(keyword: string, patterns: readonly string[]): boolean {
  if (/[A-Z]/.test(keyword)) return !patterns.some((p) => p.startsWith("(?i)"));
  if (patterns.some((p) => p.includes("(?i"))) return false;
  const literal = escapeRegex(keyword);
  return patterns.every((p) => {
    const at = p.indexOf(literal);
    // A quantifier right after it (`https?`) makes its last character optional.
    return at >= 0 && !/^[?*+{]/.test(p.slice(at + literal.length));
  });
}

/** Literal keywords only: RE2 builds a far larger DFA for mixed or bounded ones (measured at two to five times the cost of the pass). */
export function compileCatalogue(cores: readonly DetectorCore[], options: CatalogueOptions = {}): Catalogue {
  const keywords = new KeywordIndexBuilder();
  const detectors = cores.map((core, i): CompiledDetector => {
    for (const kw of core.keywords) keywords.add(kw, i, spelledExactly(kw, core.patterns));
    let checksum: Checksum | undefined;
    if (core.checksum) {
      checksum = CHECKSUMS[core.checksum];
      if (!checksum) throw new CatalogueError(`detector ${core.id}: unknown checksum "${core.checksum}"`);
    }
    let compiled: CompiledPattern[] | undefined;
    if (options.eager) compiled = compileAll(core);
    let reach: number | undefined;
    return {
      core,
      get patterns() {
        return (compiled ??= compileAll(core));
      },
      get reach() {
        reach ??= Math.max(KEYWORD_SLACK_LINES, core.context?.lines ?? 0) + Math.max(...core.patterns.map(lineReach));
        return reach;
      },
      get readsQuotes() {
        return this.patterns.some((p) => p.readsQuotes);
      },
      get literalStart() {
        return !this.readsQuotes && this.patterns.every((p) => p.literalStart);
      },
      checksum,
      contextWords: core.context?.words.map((w) => w.toLowerCase()),
    };
  });
  return { detectors, keywords: keywords.build(), isPlaceholder: makePlaceholderFilter(options.extraPlaceholders) };
}

// Three literal characters (letters, digits, `_`, `-`, escaped punctuation), not made optional by a
// quantifier, possibly inside the opening of a named group.
const LITERAL_START = /^(?:\(\?P<\w+>)?(?:[A-Za-z0-9_-]|\\[^A-Za-z0-9]){3}(?![?*{])/;

function readsQuotes(pattern: string): boolean {
  // Quotes; classes that hold them (\S \W \D \p \C, negated ones, a backslash, hex escapes); an unescaped dot.
  if (/["'`]|\\[SWDpPCx]|\\\\|\[\^/.test(pattern) || /(?:^|[^\\])(?:\\\\)*\./.test(pattern)) return true;
  // A range inside a class between anything but letters or digits (`[!-~]`) may span the quotes.
  return /\[[^\]]*[^A-Za-z0-9\\]-[^\]][^\]]*\]/.test(pattern.replace(/\\./g, "x"));
}

/** A keyword sits in its match or within two lines of it (detectors/README.md), or as far as its context words. */
const KEYWORD_SLACK_LINES = 2;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
