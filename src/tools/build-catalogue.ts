// Validates every detectors/*.json with the zod schema and writes the compact files the CLI loads at run time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod/mini";
import { fileURLToPath } from "node:url";
import { readDetectorFiles } from "../detectors/files.js";
import { guidanceSchema, toCore } from "../detectors/schema.js";
import { compileCatalogue, patternFacts, spelledExactly } from "../engine/catalogue.js";
import { KNOWN_VALUE_DETECTOR } from "../knownValues/index.js";
import { configJsonSchema } from "../policy/configSchema.js";
import { SCHEMA_FILE } from "../policy/defaults.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

function main(): void {
  const detectors = readDetectorFiles();
  const cores = detectors.map(toCore).map((core) => ({
    ...core,
    exactKeywords: core.keywords.map((kw) => spelledExactly(kw, core.patterns)),
    patternFacts: core.patterns.map(patternFacts),
  }));
  compileCatalogue(cores, { eager: true }); // every pattern must compile on RE2
  // Heads on the first line, each detector's rest on a line of its own (detectors/load.ts).
  const heads = cores.map(({ id, keywords, exactKeywords, validator }) => ({ id, keywords, exactKeywords, validator }));
  const details = cores.map(({ id: _i, keywords: _k, exactKeywords: _e, validator: _v, ...more }) => JSON.stringify(more));
  writeFileSync(join(root, "dist/catalogue.jsonl"), [JSON.stringify(heads), ...details].join("\n") + "\n");
  const guidanceDir = join(root, "dist/guidance");
  rmSync(guidanceDir, { recursive: true, force: true });
  mkdirSync(guidanceDir, { recursive: true });
  for (const d of detectors) {
    writeFileSync(join(guidanceDir, `${d.id}.json`), JSON.stringify({ id: d.id, name: d.name, service: d.service, severity: d.severity, guidance: d.guidance }));
  }
  // The dotenv-value feature has no patterns, only guidance: checked by the same schema, served the same way.
  const { id, name, service, severity } = KNOWN_VALUE_DETECTOR;
  // Its envVar is a phrase (the variable is named per finding), not one UPPER_SNAKE_CASE name.
  const { envVar, ...rest } = JSON.parse(readFileSync(join(root, "src/knownValues/guidance.json"), "utf8")) as { envVar: string };
  const guidance = { ...z.omit(guidanceSchema, { envVar: true }).parse(rest), envVar };
  writeFileSync(join(guidanceDir, `${id}.json`), JSON.stringify({ id, name, service, severity, guidance }));
  // Shipped in the package, so `.leakstop.json` can name it in "$schema" without a network fetch.
  writeFileSync(join(root, "dist", SCHEMA_FILE), JSON.stringify(configJsonSchema(), null, 2) + "\n");
}

try {
  main();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
