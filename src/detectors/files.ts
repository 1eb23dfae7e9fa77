import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { detectorSchema, type Detector } from "./schema.js";

const DETECTORS_DIR = fileURLToPath(new URL("../../detectors", import.meta.url));

/** Reads and validates every detectors/*.json; throws one line per problem. */
export function readDetectorFiles(folder = DETECTORS_DIR): Detector[] {
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
  for (const d of detectors) {
    for (const o of d.overrides ?? []) if (!seen.has(o)) problems.push(`detectors/${d.id}.json: overrides unknown detector "${o}"`);
    for (const p of d.partOf ?? []) if (!seen.has(p.detector)) problems.push(`detectors/${d.id}.json: partOf unknown detector "${p.detector}"`);
  }
  if (problems.length) throw new Error(problems.join("\n"));
  return detectors;
}

