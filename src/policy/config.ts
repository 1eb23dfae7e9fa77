import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { CONFIG_FILE, DEFAULT_SETTINGS, type Settings } from "./defaults.js";

export { ConfigError };

export interface LoadedConfig {
  settings: Settings;
  /** Where the settings came from, for messages; null when defaults apply. */
  source: string | null;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Parses JSON, turning the parser's offset into a line and column the user can go to. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset).split("\n");
      const where = `line ${before.length} column ${before[before.length - 1].length + 1}`;
      throw new ConfigError(`${file}: not valid JSON at ${where}: ${lowerFirst(message.replace(/ in JSON at position \d+.*$/, ""))}`);
    }
    throw new ConfigError(`${file}: not valid JSON: ${message}`);
  }
}

/** Reads `.leakstop.json`, or the `leakstop` key of package.json, at the top of the work tree. */
export async function loadConfig(top: string): Promise<LoadedConfig> {
  const file = join(top, CONFIG_FILE);
  const pkgFile = join(top, "package.json");
  let raw: unknown;
  let source: string | null = null;
  if (existsSync(file)) {
    raw = parseJsonFile(readFileSync(file, "utf8"), CONFIG_FILE);
    source = CONFIG_FILE;
  }
  if (existsSync(pkgFile)) {
    const pkg = parseJsonFile(readFileSync(pkgFile, "utf8"), "package.json") as Record<string, unknown> | null;
    if (pkg && typeof pkg === "object" && "leakstop" in pkg) {
      if (source) throw new ConfigError(`both ${CONFIG_FILE} and the "leakstop" key of package.json configure leakstop: keep one`);
      raw = pkg.leakstop;
      source = "package.json#leakstop";
    }
  }
  if (source === null) return { settings: DEFAULT_SETTINGS, source: null };
  const { validateConfig } = await import("./validateConfig.js");
  return { settings: validateConfig(raw, source), source };
}
