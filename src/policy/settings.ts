// Defaults the run-time path needs without loading zod (which only validates a config file when one exists):
// the schema is imported for its type only.
import type { Severity } from "../detectors/types.js";
import type { CustomDetector } from "./configSchema.js";
import { DEFAULT_DOTENV_FILES } from "./defaults.js";

export interface Settings {
  ignorePaths: string[];
  disable: string[];
  minSeverity: Severity;
  placeholders: string[];
  detectors: CustomDetector[];
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
