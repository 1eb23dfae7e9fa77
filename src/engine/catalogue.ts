import type { DetectorCore, LeadingFact, PatternFacts } from "../detectors/types.js";
import { describeUnsupported, ignoresCase, readsQuotes, spellsLiteral } from "./pattern/facts.js";
import { splitLeading, type Leading } from "./pattern/leading.js";
import { lineReach } from "./pattern/lineReach.js";
import { makeConfigPlaceholders, makePlaceholderFilter, type PlaceholderFilter } from "./placeholders.js";
import { HEURISTICS, KeywordIndexBuilder, type KeywordIndex, type Needle } from "./prefilter/index.js";
import { re2, Re2UnavailableError, type RE2 } from "./re2.js";
import { VALIDATORS, type Validator } from "./validators/index.js";
import { patternCannotRun } from "../model/messages.js";

export interface CompiledPattern {
  re: RE2;
  /** What the pattern required right before its match, checked outside RE2 (see pattern/leading.ts). */
  before?: Leading;
  /** It can read a quote or a backslash (see `readsQuotes`). */
  readsQuotes: boolean;
}

export interface CompiledDetector {
  core: DetectorCore;
  /** Compiled on first use: most detectors never see their keyword in a typical commit. */
  readonly patterns: CompiledPattern[];
  validator?: Validator;
  contextWords?: string[];
  /** Its keywords as the engine finds them: a match counts only within the keyword window of one of them. */
  needles: Needle[];
  /**
   * Lines around a keyword that a match can reach (its keyword window, see keywordWindow.ts): the keyword's own slack (two lines, or the context rule's
   * reach when its keywords are context words) plus the line breaks its patterns can cross. Infinity (key
   * blocks, repeats across lines) reads whole blocks instead.
   */
  readonly reach: number;
  /**
   * Whether a pattern can read a quote or a backslash (a quote in it, `.`, `\S`, `\W`, a negated class): only
   * then can text inside a JSON string (`\"`) read differently once unescaped, and is worth a second pass.
   */
  readonly readsQuotes: boolean;
}

export interface Catalogue {
  detectors: CompiledDetector[];
  keywords: KeywordIndex | null;
  isPlaceholder: PlaceholderFilter;
  /** The config's placeholder word a value holds (its index in the config), or -1; absent when it lists none. */
  configPlaceholder?: (secret: string) => number;
  /** Off: every detector reads every whole change with its patterns as written (the equivalence test's reference). */
  prefilter: boolean;
}

export class CatalogueError extends Error {}

export interface CatalogueOptions {
  extraPlaceholders?: readonly string[];
  /** Compile every pattern now (to validate a catalogue) instead of on first use. */
  eager?: boolean;
  /** False: no prefilter, every detector reads every whole change (for the equivalence test and the bench). */
  prefilter?: boolean;
}

function compileAll(core: DetectorCore, prefilter: boolean): CompiledPattern[] {
  return core.patterns.map((p, n) => {
    const where = `detector ${core.id}, pattern ${n + 1}`;
    if (!prefilter) return { re: compilePattern(p, where), readsQuotes: true };
    const facts = core.patternFacts?.[n] ?? patternFacts(p);
    const { source, before } = HEURISTICS.leading ? { source: p.slice(facts.skip ?? 0), before: leadingOf(facts.before) } : { source: p, before: undefined };
    return { re: compilePattern(source, where), before, readsQuotes: !HEURISTICS.quotes || facts.readsQuotes };
  });
}

/** What the engine reads from a pattern before running it; the shipped catalogue carries these, worked out at build time. */
export function patternFacts(pattern: string): PatternFacts {
  const { source, before } = splitLeading(pattern);
  const lines = lineReach(pattern);
  return {
    ...(source === pattern ? {} : { skip: pattern.length - source.length }),
    ...(before === undefined ? {} : { before: typeof before === "string" ? before : { notAfter: String.fromCharCode(...[...before.excluded.keys()].filter((b) => before.excluded[b])) } }),
    readsQuotes: readsQuotes(pattern),
    lines: Number.isFinite(lines) ? lines : null,
  };
}

function leadingOf(fact: LeadingFact | undefined): Leading | undefined {
  if (fact === undefined || typeof fact === "string") return fact;
  const excluded = new Uint8Array(256);
  for (let i = 0; i < fact.notAfter.length; i++) excluded[fact.notAfter.charCodeAt(i)] = 1;
  return { excluded };
}

/** Compiles a pattern with RE2, or explains in one line why RE2 cannot run it. */
export function compilePattern(pattern: string, where: string): RE2 {
  try {
    return new (re2())(pattern, "gm");
  } catch (err) {
    if (err instanceof Re2UnavailableError) throw err;
    const unsupported = describeUnsupported(pattern);
    if (unsupported) throw new CatalogueError(patternCannotRun(where, unsupported));
    const { reason, at } = re2Complaint(pattern, String((err as Error)?.message ?? err));
    throw new CatalogueError(patternCannotRun(where, reason, at));
  }
}

// RE2 (and re2js) word an error "<reason>: <offending text>"; the reasons are short phrases of words.
const RE2_REASON = /^[a-z][A-Za-z ()[\]]{2,60}$/;

/**
 * RE2's reason without the text it quotes (which can be the whole pattern, and a secret pasted into it), and
 * where that text starts in the pattern (1-based) when it is a part of it.
 */
function re2Complaint(pattern: string, message: string): { reason?: string; at?: number } {
  const text = message.replace(/^invalid regular expression:?\s*/i, "");
  const colon = text.indexOf(": ");
  const reason = colon < 0 ? text : text.slice(0, colon);
  // re2js quotes in backquotes; native RE2 quotes the pattern as compiled, behind the "m" flag it was given.
  const quoted = colon < 0 ? "" : text.slice(colon + 2).replace(/^`([^]*)`$/, "$1");
  const part = pattern.includes(quoted) ? quoted : quoted.replace(/^\(\?m\)/, "");
  const start = part && part.length < pattern.length ? pattern.indexOf(part) : -1;
  return { reason: RE2_REASON.test(reason) && reason.includes(" ") ? reason : undefined, at: start < 0 ? undefined : start + 1 };
}

/**
 * Whether a keyword counts only as spelled. Keywords with capitals (`AKIA`, `SK0`, `EAA`) are token prefixes,
 * unless the patterns ignore case: spelled exactly, they do not fire on every stretch of base64 (`sk0`, `eaa`).
 * A keyword written into every pattern of a case-sensitive detector (`ghp_`, `pat`, `postgres`) is in every
 * match exactly as spelled. Provider names used as context (`asana` near a bare number) count in any case.
 */
export function spelledExactly(keyword: string, patterns: readonly string[]): boolean {
  if (/[A-Z]/.test(keyword)) return !patterns.some((p) => ignoresCase(p, "throughout"));
  if (patterns.some((p) => ignoresCase(p, "anywhere"))) return false;
  return patterns.every((p) => spellsLiteral(p, keyword));
}

/** Literal keywords only: RE2 builds a far larger DFA for mixed or bounded ones (measured at two to five times the cost of the pass). */
export function compileCatalogue(cores: readonly DetectorCore[], options: CatalogueOptions = {}): Catalogue {
  const prefilter = options.prefilter ?? true;
  const keywords = new KeywordIndexBuilder();
  const detectors = cores.map((core, i): CompiledDetector => {
    const needles = core.keywords.map((kw, k) => keywords.add(kw, i, core.exactKeywords?.[k] ?? spelledExactly(kw, core.patterns)));
    let validator: Validator | undefined;
    if (core.validator) {
      validator = VALIDATORS[core.validator];
      if (!validator) throw new CatalogueError(`detector ${core.id}: unknown validator "${core.validator}"`);
    }
    const detector = new LazyDetector(core, prefilter, needles, validator);
    if (options.eager) void detector.patterns;
    return detector;
  });
  const extra = options.extraPlaceholders ?? [];
  return { detectors, keywords: keywords.build(), isPlaceholder: makePlaceholderFilter(), ...(extra.length ? { configPlaceholder: makeConfigPlaceholders(extra) } : {}), prefilter };
}

/** What a detector needs that most commits never ask for is worked out on first use (a class: V8 builds 600 of them faster than object literals with getters). */
class LazyDetector implements CompiledDetector {
  private compiled?: CompiledPattern[];
  private lines?: number;
  private lowerContextWords?: string[];

  constructor(
    readonly core: DetectorCore,
    private readonly prefilter: boolean,
    readonly needles: Needle[],
    readonly validator: Validator | undefined,
  ) {}

  get patterns(): CompiledPattern[] {
    return (this.compiled ??= compileAll(this.core, this.prefilter));
  }

  /** Drops the compiled patterns, and with them RE2's caches once collected: compiled again on next use. */
  forgetCompiled(): void {
    this.compiled = undefined;
  }

  get reach(): number {
    const reachOf = (p: string, n: number) => {
      const facts = this.core.patternFacts?.[n];
      return facts ? (facts.lines ?? Infinity) : lineReach(p);
    };
    return (this.lines ??= Math.max(KEYWORD_SLACK_LINES, this.core.context?.lines ?? 0) + Math.max(...this.core.patterns.map(reachOf)));
  }

  get readsQuotes(): boolean {
    return this.patterns.some((p) => p.readsQuotes);
  }

  get contextWords(): string[] | undefined {
    return (this.lowerContextWords ??= this.core.context?.words.map((w) => w.toLowerCase()));
  }
}

/**
 * Compiles the patterns in use afresh, on their next use: RE2 keeps a DFA cache per pattern outside V8's heap
 * (up to 8 MB each), which a change that wakes every detector grows for as long as it runs. Once the old
 * patterns are collected, their caches' memory is used again instead of added to.
 */
export function renewPatterns(catalogue: Catalogue): void {
  for (const detector of catalogue.detectors) if (detector instanceof LazyDetector) detector.forgetCompiled();
}

/** A keyword sits in its match or within two lines of it (detectors/README.md), or as far as its context words. */
const KEYWORD_SLACK_LINES = 2;
