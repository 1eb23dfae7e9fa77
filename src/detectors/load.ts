import { readFileSync } from "node:fs";
import type { Guidance } from "./schema.js";
import type { DetectorCore, Severity } from "./types.js";

// Built by src/tools/build-catalogue.ts from detectors/*.json, already validated: no schema work at run time.
const CATALOGUE_FILE = new URL("../catalogue.json", import.meta.url);
const GUIDANCE_DIR = new URL("../guidance/", import.meta.url);

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

/** Guidance is only read when there is something to explain, one small file per detector. */
export function loadGuidance(id: string): DetectorDoc | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  try {
    return JSON.parse(readFileSync(new URL(id + ".json", GUIDANCE_DIR), "utf8")) as DetectorDoc;
  } catch {
    return undefined;
  }
}
