import { loadBuiltinDetectors, loadGuidance } from "../detectors/load.js";
import { UserError } from "../errors.js";
import { KNOWN_VALUE_DETECTOR } from "../knownValues/index.js";
import {
  choicesList,
  detectorCount,
  EXPLAIN_NEEDS_ID,
  explainSnippetHint,
  LANGUAGE_TITLES,
  SNIPPET_PLACEHOLDER_VAR,
  STORE_TITLES,
  unknownChoice,
  unknownDetector,
} from "../model/messages.js";
import { asLanguage, asStore, LANGUAGES, STORES } from "../remedy/choices.js";
import { renderSnippet } from "../remedy/snippet.js";
import { renderExplain } from "../report/guidance.js";
import { styleFor } from "../report/style.js";
import { nearest } from "../util/nearest.js";
import type { ScanOptions } from "./run.js";

type OutputOptions = Pick<ScanOptions, "format" | "noColor">;

export function listDetectors(output: OutputOptions): number {
  const docs = loadBuiltinDetectors();
  if (output.format === "json") {
    process.stdout.write(JSON.stringify(docs.map(({ id, name, service, severity }) => ({ id, name, service, severity })), null, 2) + "\n");
    return 0;
  }
  const width = Math.max(...docs.map((d) => d.id.length));
  for (const d of docs) process.stdout.write(`${d.id.padEnd(width)}  ${d.severity.padEnd(8)}  ${d.name}\n`);
  process.stdout.write(detectorCount(docs.length) + "\n");
  return 0;
}

/** `--store`/`--lang` as typed: undefined when absent, "" when given without a value (list the choices). */
export interface SnippetOptions {
  store?: string;
  lang?: string;
}

export function explainDetector(id: string | undefined, output: OutputOptions, snippet: SnippetOptions = {}): number {
  // Listing the choices needs no detector: `leakstop explain --store` works on its own.
  if (snippet.store === "" || snippet.lang === "") {
    if (snippet.store === "") process.stdout.write(choicesList("store", STORE_TITLES));
    if (snippet.lang === "") process.stdout.write(choicesList("lang", LANGUAGE_TITLES));
    return 0;
  }
  const store = snippet.store === undefined ? undefined : asStore(snippet.store);
  if (snippet.store !== undefined && !store) throw new UserError(unknownChoice("store", snippet.store, STORES));
  const lang = snippet.lang === undefined ? undefined : asLanguage(snippet.lang);
  if (snippet.lang !== undefined && !lang) throw new UserError(unknownChoice("lang", snippet.lang, LANGUAGES));
  if (!id) throw new UserError(EXPLAIN_NEEDS_ID);
  const doc = loadGuidance(id);
  if (!doc) {
    const guess = nearest(id, [...loadBuiltinDetectors().map((d) => d.id), KNOWN_VALUE_DETECTOR.id]);
    throw new UserError(unknownDetector(id, guess));
  }
  if (store || lang) {
    // One of the two alone: the other defaults to the plainest choice (the environment, the shell).
    const envVar = /^[A-Z][A-Z0-9_]*$/.test(doc.guidance.envVar) ? doc.guidance.envVar : SNIPPET_PLACEHOLDER_VAR;
    const result = renderSnippet(envVar, store ?? "env", lang ?? "shell");
    process.stdout.write(output.format === "json" ? JSON.stringify({ id: doc.id, ...result }, null, 2) + "\n" : result.code);
    return 0;
  }
  if (output.format === "json") {
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
    return 0;
  }
  process.stdout.write(renderExplain(doc, styleFor(process.stdout, output.noColor)) + explainSnippetHint(doc.id) + "\n");
  return 0;
}
