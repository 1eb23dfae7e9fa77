import { loadBuiltinDetectors, type DetectorDoc } from "../detectors/load.js";
import type { DetectorCore } from "../detectors/types.js";
import { compileCatalogue, type Catalogue } from "../engine/catalogue.js";
import { ConfigError } from "../errors.js";
import type { DotenvFiles } from "../model/index.js";
import { allowEntryUnknownDetector, allowFileOutdated, customIdRepeated, customIdTaken, placeholderInTokenPrefix, detectorsDisabledNote, unknownDisabledDetector } from "../model/messages.js";
import { locateRepo } from "../source/git/locate.js";
import { nearest } from "../util/nearest.js";
import { isCurrent, readAllowFile } from "./allowFile.js";
import type { Policy } from "./apply.js";
import { loadConfig } from "./config.js";
import type { CustomDetector } from "./configSchema.js";
import { anyGlob } from "./glob.js";
import { ALLOW_FILE } from "./defaults.js";

/** What is in force for one run, built once: the catalogue, the user's policy, and what the report needs of them. */
export interface PolicyContext {
  top: string;
  catalogue: Catalogue;
  policy: Policy;
  customDocs: DetectorDoc[];
  notes: string[];
  /** The config's dotenv file globs, compiled; null when the known-value detector is off. */
  dotenvFiles: DotenvFiles | null;
}

function customCore(d: CustomDetector): DetectorCore {
  const { samples: _s, guidance: _g, checksum, ...core } = d;
  // The config keeps its `checksum` key; the engine calls it a validator.
  return checksum === undefined || core.validator !== undefined ? core : { ...core, validator: checksum };
}

// What a token's fixed prefix looks like among detectors' exact-case keywords (`ghp_`, `sk_live_`, `xkeysib-`, `AKIA`).
const TOKEN_PREFIX = /^(?:[A-Za-z0-9_]{2,12}[_-]|[A-Z][A-Z0-9]{2,7})$/;

/** A built-in token prefix that holds the placeholder word: as a placeholder it would hide every such token. */
function tokenPrefixHolding(builtin: readonly DetectorCore[], word: string): string | undefined {
  const lower = word.toLowerCase();
  for (const d of builtin) {
    const found = d.keywords.find((k, i) => (d.exactKeywords?.[i] ?? false) && TOKEN_PREFIX.test(k) && k.toLowerCase().includes(lower));
    if (found) return found;
  }
  return undefined;
}

/** The policy before its catalogue is compiled: what a caller may start on while the catalogue is built. */
export type LoadedPolicy = Omit<PolicyContext, "catalogue"> & { compileCatalogue(): Catalogue };

/**
 * Built-in and custom detectors minus the disabled ones, with the config's placeholders. `knownValueId` is the
 * id of the dotenv-value detector, which lives in src/knownValues (beside the policy, not under it).
 */
export async function buildPolicyContext(options: { noSuppress: boolean; cwd?: string; knownValueId: string; top?: string }): Promise<PolicyContext> {
  const { compileCatalogue: compile, ...loaded } = await loadPolicy(options);
  return { ...loaded, catalogue: compile() };
}

/** The config, the allow file and the detectors in force, with the catalogue's compilation left to the caller. */
export async function loadPolicy(options: { noSuppress: boolean; cwd?: string; knownValueId: string; top?: string }): Promise<LoadedPolicy> {
  const top = options.top ?? locateRepo(options.cwd).workTree;
  const { settings, source } = await loadConfig(top);
  const prepared = preparedCatalogue;
  const builtin = prepared ? prepared.detectors.map((d) => d.core) : loadBuiltinDetectors();
  const builtinIds = new Set([...builtin.map((d) => d.id), options.knownValueId]);
  // A custom detector under a built-in's id would report the built-in's findings under its own name and guidance.
  settings.detectors.forEach((d, i) => {
    if (builtinIds.has(d.id)) throw new ConfigError(customIdTaken(`${source}: detectors[${i}].id`, d.id));
    const first = settings.detectors.findIndex((other) => other.id === d.id);
    if (first < i) throw new ConfigError(customIdRepeated(`${source}: detectors[${i}].id`, d.id, first));
  });
  settings.placeholders.forEach((word, i) => {
    const prefix = tokenPrefixHolding(builtin, word);
    if (prefix) throw new ConfigError(placeholderInTokenPrefix(`${source}: placeholders[${i}]`, word, prefix));
  });
  const ids = builtin.map((d) => d.id).concat(settings.detectors.map((d) => d.id), options.knownValueId);
  for (const id of settings.disable) if (!ids.includes(id)) throw new ConfigError(unknownDisabledDetector(source, id, nearest(id, ids)));
  const disabled = new Set(settings.disable);
  const cores = [...builtin, ...settings.detectors.map(customCore)].filter((d) => !disabled.has(d.id));
  const notes = disabled.size ? [detectorsDisabledNote([...disabled], source)] : [];
  const allow = readAllowFile(top);
  if (allow && !isCurrent(allow) && allow.entries.length) notes.push(allowFileOutdated(ALLOW_FILE, allow.version, allow.entries.length));
  // Said, not refused: a detector renamed or removed in a later version must not turn a project's allow file into an error.
  const known = new Set(ids);
  allow?.entries.forEach((e, i) => {
    if (!known.has(e.detector)) notes.push(allowEntryUnknownDetector(ALLOW_FILE, i, e.detector, nearest(e.detector, ids)));
  });
  const dotenvOn = settings.dotenv.enabled && !disabled.has(options.knownValueId);
  return {
    top,
    compileCatalogue: () =>
      prepared && !settings.detectors.length && !disabled.size && !settings.placeholders.length ? prepared : compileCatalogue(cores, { extraPlaceholders: settings.placeholders }),
    policy: {
      noSuppress: options.noSuppress,
      knownIds: known,
      allow: allow && isCurrent(allow) ? allow : null,
      ignoredBy: anyGlob(settings.ignorePaths),
      minSeverity: settings.minSeverity,
    },
    customDocs: settings.detectors.map((d) => ({ id: d.id, name: d.name, service: d.service, severity: d.severity, guidance: d.guidance as DetectorDoc["guidance"] })),
    notes,
    dotenvFiles: dotenvOn ? { globs: settings.dotenv.files, matches: anyGlob(settings.dotenv.files) } : null,
  };
}

/** The built-in detectors compiled for a project with no detectors of its own, none disabled, no extra placeholders. */
let preparedCatalogue: Catalogue | undefined;

/** The built-in catalogue compiled ahead of any repository (a resident process, before its commit arrives). */
export function preparedBuiltinCatalogue(): Catalogue {
  return (preparedCatalogue ??= compileCatalogue(loadBuiltinDetectors(), { extraPlaceholders: [] }));
}
