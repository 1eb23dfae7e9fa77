import { readFileSync } from "node:fs";
import type { Guidance } from "./schema.js";
import type { DetectorCore, Severity } from "./types.js";

// Built by src/tools/build-catalogue.ts from detectors/*.json, already validated: no schema work at run time.
const CATALOGUE_FILE = new URL("../catalogue.json", import.meta.url);
const GUIDANCE_FILE = new URL("../guidance.json", import.meta.url);

export function loadBuiltinDetectors(): DetectorCore[] {
  return JSON.parse(readFileSync(CATALOGUE_FILE, "utf8")) as DetectorCore[];
}

export interface DetectorDoc {
  id: string;
  name: string;
  service: string;
  severity: Severity;
  guidance: Guidance;
}

let guidanceCache: Map<string, DetectorDoc> | undefined;

/** Guidance is only read when there is something to explain. */
export function loadGuidance(): Map<string, DetectorDoc> {
  guidanceCache ??= new Map(
    (JSON.parse(readFileSync(GUIDANCE_FILE, "utf8")) as DetectorDoc[]).map((d) => [d.id, d]),
  );
  return guidanceCache;
}
