import { loadBuiltinDetectors, loadGuidance } from "../detectors/load.js";
import { compileCatalogue, type Catalogue } from "../engine/catalogue.js";
import { scanChange, type Change, type Finding } from "../engine/scan.js";
import type { SourceResult } from "../git/staged.js";
import { renderJson } from "../report/json.js";
import type { Outcome } from "../report/outcome.js";
import { styleFor } from "../report/style.js";
import { renderText } from "../report/text.js";

export type Source = (onChange: (change: Change) => void) => Promise<SourceResult>;

export interface OutputOptions {
  format: "text" | "json";
  noColor: boolean;
}

export function builtinCatalogue(): Catalogue {
  return compileCatalogue(loadBuiltinDetectors());
}

/** Runs a source through the engine; changes are scanned as they stream in and then dropped. */
export async function collect(source: Source, catalogue: Catalogue): Promise<SourceResult & { findings: Finding[] }> {
  const findings: Finding[] = [];
  const result = await source((change) => {
    for (const f of scanChange(catalogue, change)) findings.push(f);
  });
  return { ...result, findings };
}

export function render(outcome: Outcome, output: OutputOptions): string {
  if (output.format === "json") return renderJson(outcome);
  const docs = outcome.findings.length ? loadGuidance() : new Map();
  return renderText(outcome, docs, styleFor(process.stdout, output.noColor));
}

export function exitCodeOf(outcome: Outcome): number {
  return outcome.findings.length ? 1 : 0;
}
