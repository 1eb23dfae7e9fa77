import type * as z from "zod/mini";
import { CatalogueError, compilePattern } from "../engine/catalogue.js";
import { ConfigError } from "../errors.js";
import { configSchema, type Config } from "./configSchema.js";
import type { Settings } from "./settings.js";
import { nearest } from "../util/nearest.js";
import { VALIDATORS as CHECKSUMS } from "../engine/validators/index.js";
import { atConfigKey, badGlob, CONFIG_ISSUE, describeName, describeValue, didYouMean, placeholderLooksLikeSecret, unknownChecksum } from "../model/messages.js";
import { holdsRandomRun } from "../engine/redact.js";
import { compileGlob, GlobError } from "./glob.js";

function checkGlobs(globs: readonly string[], file: string, key: string): void {
  globs.forEach((glob, i) => {
    try {
      compileGlob(glob);
    } catch (err) {
      if (err instanceof GlobError) throw new ConfigError(badGlob(`${file}: ${key}[${i}]`, err.message));
      throw err;
    }
  });
}

type Path = PropertyKey[];

function jsonPath(path: Path): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(root)";
}

function valueAt(raw: unknown, path: Path): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}


/** The schema object found at `path`, to suggest the key the user meant. */
function keysAt(path: Path): string[] {
  let schema: z.ZodMiniType = configSchema;
  const unwrap = (s: z.ZodMiniType): z.ZodMiniType => {
    const def = (s as unknown as { def: { type: string; innerType?: z.ZodMiniType; element?: z.ZodMiniType } }).def;
    return (def.type === "default" || def.type === "optional") && def.innerType ? unwrap(def.innerType) : s;
  };
  for (const p of path) {
    schema = unwrap(schema);
    const def = (schema as unknown as { def: { type: string; element?: z.ZodMiniType; shape?: Record<string, z.ZodMiniType> } }).def;
    if (def.type === "array" && typeof p === "number" && def.element) schema = def.element;
    else if (def.type === "object" && def.shape && typeof p === "string" && def.shape[p]) schema = def.shape[p];
    else return [];
  }
  const def = (unwrap(schema) as unknown as { def: { type: string; shape?: Record<string, unknown> } }).def;
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

function explain(issue: z.core.$ZodIssue, raw: unknown, file: string): string {
  const where = `${file}: ${jsonPath(issue.path)}`;
  const found = describeValue(valueAt(raw, issue.path));
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = issue.keys[0];
      const known = keysAt(issue.path);
      const guess = nearest(key, known);
      const at = issue.path.length ? `${where}: ` : `${file}: `;
      return CONFIG_ISSUE.unknownKey(at, describeName(key) + didYouMean(guess), known);
    }
    case "invalid_type":
      return CONFIG_ISSUE.expected(where, issue.expected, found);
    case "invalid_value":
      return CONFIG_ISSUE.expectedOneOf(where, issue.values.map((v) => JSON.stringify(v)), found);
    case "too_small":
      return CONFIG_ISSUE.tooSmall(where, issue.origin === "array" ? "item" : "character", Number(issue.minimum), found);
    default:
      return CONFIG_ISSUE.other(where, issue.message.replace(/^Invalid input: /, ""), found);
  }
}

/** Validates a parsed config; the first problem becomes one line naming the file, the key, what was expected and found. */
export function validateConfig(raw: unknown, file: string): Settings {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(explain(parsed.error.issues[0], raw, file));
  const config: Config = parsed.data;
  checkGlobs(config.ignorePaths, file, "ignorePaths");
  checkGlobs(config.dotenv.files, file, "dotenv.files");
  // A placeholder suppresses every value that holds it, and is committed with the config: a token there is both.
  config.placeholders.forEach((word, i) => {
    if (holdsRandomRun(word)) throw new ConfigError(placeholderLooksLikeSecret(`${file}: placeholders[${i}]`, word.length));
  });
  config.detectors.forEach((d, i) => {
    if (d.checksum !== undefined && !Object.hasOwn(CHECKSUMS, d.checksum)) {
      const known = Object.keys(CHECKSUMS);
      throw new ConfigError(unknownChecksum(`${file}: detectors[${i}].checksum`, d.checksum, known, nearest(d.checksum, known)));
    }
    if (d.validator !== undefined && !Object.hasOwn(CHECKSUMS, d.validator)) {
      const known = Object.keys(CHECKSUMS);
      throw new ConfigError(unknownChecksum(`${file}: detectors[${i}].validator`, d.validator, known, nearest(d.validator, known)));
    }
    d.patterns.forEach((p, n) => {
      try {
        compilePattern(p, `detector "${d.id}", pattern ${n + 1}`);
      } catch (err) {
        if (err instanceof CatalogueError) throw new ConfigError(atConfigKey(`${file}: detectors[${i}].patterns[${n}]`, err.message));
        throw err;
      }
    });
  });
  const { $schema: _ignored, ...settings } = config;
  return settings;
}
