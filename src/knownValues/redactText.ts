import type { Catalogue } from "../engine/catalogue.js";
import { scanKnownValues, type KnownValueIndex } from "./index.js";
import { maskSpans, randomRunSpans, type Span } from "../engine/redact.js";
import { scanChange } from "../engine/scan.js";
import type { Change, Finding } from "../model/index.js";

/** Redacts short texts leakstop prints or stores besides lines: file names, commit subjects, ref names, reasons. */
export interface TextRedactor {
  /** The secrets in the text, as spans of it. */
  spans(text: string): Span[];
  /** The text with each secret masked like a line's. */
  mask(text: string): string;
  /**
   * Free text (a commit subject, a suppression reason, an author's name): masked as a shown line is, random-looking
   * runs too. Not for names a command must repeat (paths, refs), nor for texts that hold object names.
   */
  maskProse(text: string): string;
}

/**
 * The same detectors and known values that scan lines, run over a name as if it were an added line. Each
 * distinct text is scanned once, and only when something is about to be shown.
 */
export function textRedactor(catalogue: Catalogue, knownValues: KnownValueIndex | null): TextRedactor {
  const memo = new Map<string, Span[]>();
  const spans = (text: string): Span[] => {
    let found = memo.get(text);
    if (!found) {
      found = text ? spansIn(catalogue, knownValues, text) : [];
      memo.set(text, found);
    }
    return found;
  };
  return { spans, mask: (text) => maskSpans(text, spans(text)), maskProse: (text) => maskSpans(text, [...spans(text), ...randomRunSpans(text)]) };
}

function spansIn(catalogue: Catalogue, knownValues: KnownValueIndex | null, text: string): Span[] {
  const texts = text.split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const t of texts) {
    starts.push(offset);
    offset += t.length + 1;
  }
  const change: Change = { path: "", lines: texts.map((t, i) => ({ number: i + 1, text: t, added: true })) };
  const findings: Finding[] = [...scanChange(catalogue, change), ...(knownValues ? scanKnownValues(knownValues, change) : [])];
  return findings.map((f) => {
    const base = starts[f.line - 1];
    return { start: base + f.column - 1, end: base + Math.max(f.endColumn - 1, f.column), redacted: f.redacted };
  });
}
