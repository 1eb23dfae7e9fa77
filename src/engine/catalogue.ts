import RE2 from "re2";
import type { DetectorCore } from "../detectors/types.js";
import { CHECKSUMS, type Checksum } from "./checksums.js";
import { makePlaceholderFilter, type PlaceholderFilter } from "./placeholders.js";

RE2.unicodeWarningLevel = "nothing";

export interface CompiledDetector {
  core: DetectorCore;
  /** Compiled on first use: most detectors never see their keyword in a typical commit. */
  readonly patterns: RE2[];
  checksum?: Checksum;
  contextWords?: string[];
}

export interface Catalogue {
  detectors: CompiledDetector[];
  /** RE2 sets over every keyword: one pass each says which keywords occur in a text. */
  keywordSets: KeywordSet[];
  isPlaceholder: PlaceholderFilter;
}

export interface KeywordSet {
  set: ReturnType<typeof RE2.Set>;
  /** keyword index in `set` -> the detectors that keyword enables */
  detectors: number[][];
}

export class CatalogueError extends Error {}

export interface CatalogueOptions {
  extraPlaceholders?: readonly string[];
  /** Compile every pattern now (to validate a catalogue) instead of on first use. */
  eager?: boolean;
}

function compileAll(core: DetectorCore): RE2[] {
  return core.patterns.map((p, n) => compilePattern(p, `detector ${core.id}, pattern ${n + 1}`));
}

/** Compiles a pattern with RE2, or explains in one line why RE2 cannot run it. */
export function compilePattern(pattern: string, where: string): RE2 {
  try {
    return new RE2(pattern, "gm");
  } catch (err) {
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

/** Collects literal keywords into one RE2 set, each pointing at the detectors it enables. */
class KeywordSetBuilder {
  private readonly keywords: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly detectors: number[][] = [];

  constructor(private readonly flags: string) {}

  add(keyword: string, detector: number): void {
    let k = this.index.get(keyword);
    if (k === undefined) {
      k = this.keywords.length;
      this.keywords.push(escapeRegex(keyword));
      this.index.set(keyword, k);
      this.detectors.push([]);
    }
    this.detectors[k].push(detector);
  }

  build(): KeywordSet | null {
    return this.keywords.length ? { set: new RE2.Set(this.keywords, this.flags), detectors: this.detectors } : null;
  }
}

/**
 * Keywords with capitals (`AKIA`, `SK0`, `EAA`) are literal token prefixes: they match case-sensitively, which
 * keeps them from firing on every stretch of base64 (`sk0`, `eaa`). The others (provider names) match in any
 * case. Two plain literal sets, not one mixed set: RE2 builds a far larger DFA for mixed or bounded keywords
 * (measured at two to five times the cost of the pass).
 */
export function compileCatalogue(cores: readonly DetectorCore[], options: CatalogueOptions = {}): Catalogue {
  const anyCase = new KeywordSetBuilder("i");
  const exactCase = new KeywordSetBuilder("");
  const detectors = cores.map((core, i): CompiledDetector => {
    const insensitivePatterns = core.patterns.some((p) => p.startsWith("(?i)"));
    for (const kw of core.keywords) {
      if (/[A-Z]/.test(kw) && !insensitivePatterns) exactCase.add(kw, i);
      else anyCase.add(kw.toLowerCase(), i);
    }
    let checksum: Checksum | undefined;
    if (core.checksum) {
      checksum = CHECKSUMS[core.checksum];
      if (!checksum) throw new CatalogueError(`detector ${core.id}: unknown checksum "${core.checksum}"`);
    }
    let compiled: RE2[] | undefined;
    if (options.eager) compiled = compileAll(core);
    return {
      core,
      get patterns() {
        return (compiled ??= compileAll(core));
      },
      checksum,
      contextWords: core.context?.words.map((w) => w.toLowerCase()),
    };
  });
  return {
    detectors,
    keywordSets: [anyCase.build(), exactCase.build()].filter((k): k is KeywordSet => k !== null),
    isPlaceholder: makePlaceholderFilter(options.extraPlaceholders),
  };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
