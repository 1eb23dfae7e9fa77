// Validates every detectors/*.json with the zod schema and writes the compact files the CLI loads at run time.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { detectorSchema, toCore, type Detector } from "../detectors/schema.js";
import { compileCatalogue } from "../engine/catalogue.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = join(root, "detectors");

export function readDetectorFiles(folder = dir): Detector[] {
  const problems: string[] = [];
  const detectors: Detector[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".json")).sort()) {
    const where = `detectors/${file}`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(folder, file), "utf8"));
    } catch (err) {
      problems.push(`${where}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = detectorSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${where}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
      continue;
    }
    const d = parsed.data;
    if (basename(file, ".json") !== d.id) problems.push(`${where}: id "${d.id}" must match the file name`);
    if (seen.has(d.id)) problems.push(`${where}: duplicate id "${d.id}"`);
    seen.add(d.id);
    detectors.push(d);
  }
  if (problems.length) throw new Error(problems.join("\n"));
  return detectors;
}

function main(): void {
  const detectors = readDetectorFiles();
  const cores = detectors.map(toCore);
  compileCatalogue(cores); // every pattern must compile on RE2
  const ids = new Set(cores.map((c) => c.id));
  for (const c of cores) {
    for (const o of c.overrides ?? []) if (!ids.has(o)) throw new Error(`detectors/${c.id}.json: overrides unknown detector "${o}"`);
  }
  writeFileSync(join(root, "dist/catalogue.json"), JSON.stringify(cores));
  writeFileSync(
    join(root, "dist/guidance.json"),
    JSON.stringify(detectors.map((d) => ({ id: d.id, name: d.name, service: d.service, severity: d.severity, guidance: d.guidance }))),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
