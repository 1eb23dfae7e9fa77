// Validates every detectors/*.json with the zod schema and writes the compact files the CLI loads at run time.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readDetectorFiles } from "../detectors/files.js";
import { toCore } from "../detectors/schema.js";
import { compileCatalogue } from "../engine/catalogue.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

function main(): void {
  const detectors = readDetectorFiles();
  const cores = detectors.map(toCore);
  compileCatalogue(cores, { eager: true }); // every pattern must compile on RE2
  writeFileSync(join(root, "dist/catalogue.json"), JSON.stringify(cores));
  const guidanceDir = join(root, "dist/guidance");
  rmSync(guidanceDir, { recursive: true, force: true });
  mkdirSync(guidanceDir, { recursive: true });
  for (const d of detectors) {
    writeFileSync(join(guidanceDir, `${d.id}.json`), JSON.stringify({ id: d.id, name: d.name, service: d.service, severity: d.severity, guidance: d.guidance }));
  }
}

try {
  main();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
