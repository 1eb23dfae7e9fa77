// Types the run-time path needs, kept apart from the zod schema so a scan never loads zod.

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A detector as the engine needs it: no samples, no guidance (those load only on findings). */
export interface DetectorCore {
  id: string;
  name: string;
  service: string;
  severity: Severity;
  keywords: string[];
  patterns: string[];
  entropy?: number;
  validator?: string;
  context?: { words: string[]; lines: number };
  overrides?: string[];
  fallback?: boolean;
  partOf?: CompanionLink[];
  /**
   * Per keyword, whether it counts only as spelled: derived from the patterns when the catalogue is built (see
   * engine/catalogue.ts spelledExactly), so a hook does not read every pattern at start-up. Absent: derived on load.
   */
  exactKeywords?: boolean[];
  /** Per pattern, what the engine reads from it (see engine/catalogue.ts patternFacts), worked out at build time too. */
  patternFacts?: PatternFacts[];
}

/** What every run reads of every shipped detector (the catalogue file's first line; see load.ts). */
export type CatalogueHead = Pick<DetectorCore, "id" | "keywords" | "exactKeywords" | "validator">;

/** What a pattern requires right before its match, in JSON: `\b`, start of line, or bytes that may not precede it. */
export type LeadingFact = "word" | "line" | { notAfter: string };

export interface PatternFacts {
  /** Characters of the pattern that spell its leading requirement (the rest runs on RE2). */
  skip?: number;
  before?: LeadingFact;
  readsQuotes: boolean;
  /** Line breaks a match can cross; null: any number. */
  lines: number | null;
}

/** This detector finds one part of a credential whose main part another detector finds, within `lines` lines. */
export interface CompanionLink {
  detector: string;
  lines: number;
}
