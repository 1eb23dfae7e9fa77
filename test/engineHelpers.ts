// In-process engine helpers: unit tests of the engine without git or the CLI.
import { readDetectorFiles } from "../src/detectors/files.js";
import { toCore } from "../src/detectors/schema.js";
import type { DetectorCore } from "../src/detectors/types.js";
import { compileCatalogue, type Catalogue } from "../src/engine/catalogue.js";
import { keywordHits, layoutOf } from "../src/engine/prefilter/index.js";
import { scanChange, type Change, type Finding } from "../src/engine/scan.js";

export const detectorFiles = readDetectorFiles();
export const builtinCores: DetectorCore[] = detectorFiles.map(toCore);

let builtin: Catalogue | undefined;
/** The shipped catalogue, compiled once. */
export function builtinCatalogue(): Catalogue {
  return (builtin ??= compileCatalogue(builtinCores, { eager: true }));
}

/** Every line added, numbered from 1. */
export function changeOf(text: string, path = "sample.txt"): Change {
  return { path, lines: text.split("\n").map((t, i) => ({ number: i + 1, text: t, added: true })) };
}

/** Scans `text` as a newly added file at `path` with the shipped catalogue (or another one). */
export function scanText(text: string, options: { path?: string; catalogue?: Catalogue } = {}): Finding[] {
  return scanChange(options.catalogue ?? builtinCatalogue(), changeOf(text, options.path));
}

/** What a finding says, without the secret: detector, place and span. */
export function describe(f: Finding): string {
  return `${f.detector.id} ${f.path}:${f.line}:${f.column}-${f.endColumn}`;
}

/** Whether the keyword pass lets detector `index` read some region of `text`: a sample past its keyword gate. */
export function reachesKeywordGate(catalogue: Catalogue, index: number, text: string): boolean {
  const { lines } = changeOf(text);
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.text.length + 1;
  }
  return keywordHits(catalogue.keywords!, layoutOf(lines, starts, catalogue.keywords!.longestKeyword)).has(index);
}
