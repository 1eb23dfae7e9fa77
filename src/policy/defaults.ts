// Defaults the run-time path needs without loading zod (which only validates a config file when one exists).
import type { Severity } from "../detectors/types.js";

export const DEFAULT_DOTENV_FILES = [".env", ".env.*", "*.env", "*.tfvars", "*.auto.tfvars", ".envrc"];
export const CONFIG_FILE = ".leakstop.json";
export const ALLOW_FILE = ".leakstop-allow.json";

export interface Settings {
  ignorePaths: string[];
  disable: string[];
  minSeverity: Severity;
  placeholders: string[];
  detectors: import("./configSchema.js").CustomDetector[];
  dotenv: { enabled: boolean; files: string[] };
}

export const DEFAULT_SETTINGS: Settings = {
  ignorePaths: [],
  disable: [],
  minSeverity: "low",
  placeholders: [],
  detectors: [],
  dotenv: { enabled: true, files: DEFAULT_DOTENV_FILES },
};
