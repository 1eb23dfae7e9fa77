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
  /** One RE2 set over every keyword: a single pass says which keywords occur in a text. */
  keywordSet: ReturnType<typeof RE2.Set> | null;
  /** keyword index in keywordSet -> detectors that keyword enables */
  keywordDetectors: number[][];
  isPlaceholder: PlaceholderFilter;
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

export function compileCatalogue(cores: readonly DetectorCore[], options: CatalogueOptions = {}): Catalogue {
  const keywords: string[] = [];
  const keywordIndex = new Map<string, number>();
  const keywordDetectors: number[][] = [];
  const detectors = cores.map((core, i): CompiledDetector => {
    for (const kw of core.keywords) {
      const key = keywordPattern(kw);
      let k = keywordIndex.get(key);
      if (k === undefined) {
        k = keywords.length;
        keywords.push(key);
        keywordIndex.set(key, k);
        keywordDetectors.push([]);
      }
      keywordDetectors[k].push(i);
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
  const keywordSet = keywords.length ? new RE2.Set(keywords) : null;
  return {
    detectors,
    keywordSet,
    keywordDetectors,
    isPlaceholder: makePlaceholderFilter(options.extraPlaceholders),
  };
}

/**
 * Keywords match in any case. (Case-sensitive or token-boundary keywords would cut the candidates a little, but
 * they make RE2 build a far larger DFA for the set: measured at two to five times the cost of the keyword pass.)
 */
function keywordPattern(keyword: string): string {
  return `(?i)${escapeRegex(keyword.toLowerCase())}`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
