import { loadBuiltinDetectors, loadGuidance, type DetectorDoc } from "../detectors/load.js";
import type { DetectorCore } from "../detectors/types.js";
import { compileCatalogue, type Catalogue } from "../engine/catalogue.js";
import { KNOWN_VALUE_DETECTOR, scanKnownValues, type KnownValueIndex } from "../engine/knownValues.js";
import { redactSharedLines } from "../engine/redact.js";
import { textRedactor } from "../engine/redactText.js";
import { scanChange, type Change, type Finding } from "../engine/scan.js";
import { ConfigError } from "../errors.js";
import { locateRepo } from "../git/locate.js";
import type { SourceResult } from "../git/staged.js";
import { readAllowFile } from "../policy/allowFile.js";
import { FindingBudget, triage, type Policy } from "../policy/apply.js";
import { loadConfig } from "../policy/config.js";
import type { CustomDetector } from "../policy/configSchema.js";
import { indexDotenvValues } from "../policy/dotenv.js";
import { anyGlob } from "../policy/glob.js";
import { renderJson } from "../report/json.js";
import { describeName } from "../report/messages.js";
import { renderSarif } from "../report/sarif.js";
import { makeShowable, terminalSafeDeep } from "../report/shownNames.js";
import { nearest } from "../util/nearest.js";
import { dotenvDoc } from "../report/knownValueDoc.js";
import type { Outcome, Suppressed } from "../report/outcome.js";
import { styleFor } from "../report/style.js";
import { renderText } from "../report/text.js";

export type Source = (onChange: (change: Change) => void) => Promise<SourceResult>;

export interface OutputOptions {
  format: "text" | "json" | "sarif";
  noColor: boolean;
}

/** Everything a scan needs, built once: detectors, the user's policy, the known values of ignored dotenv files. */
export interface ScanContext {
  catalogue: Catalogue;
  knownValues: KnownValueIndex | null;
  policy: Policy;
  customDocs: DetectorDoc[];
  notes: string[];
}

function customCore(d: CustomDetector): DetectorCore {
  const { samples: _s, guidance: _g, checksum, ...core } = d;
  // The config keeps its `checksum` key; the engine calls it a validator.
  return checksum === undefined || core.validator !== undefined ? core : { ...core, validator: checksum };
}

function unknownIdError(id: string, ids: string[]): ConfigError {
  const guess = nearest(id, ids);
  return new ConfigError(`disable: unknown detector ${describeName(id)}${guess ? ` (did you mean "${guess}"?)` : ""}; leakstop detectors lists them all`);
}

export async function buildScanContext(options: { noSuppress: boolean; cwd?: string }): Promise<ScanContext> {
  const top = locateRepo(options.cwd).workTree;
  const { settings, source } = await loadConfig(top);
  const builtin = loadBuiltinDetectors();
  const ids = builtin.map((d) => d.id).concat(settings.detectors.map((d) => d.id), KNOWN_VALUE_DETECTOR.id);
  for (const id of settings.disable) if (!ids.includes(id)) throw unknownIdError(id, ids);
  const disabled = new Set(settings.disable);
  const cores = [...builtin, ...settings.detectors.map(customCore)].filter((d) => !disabled.has(d.id));
  const notes = disabled.size ? [`${disabled.size} detector(s) disabled by ${source}: ${[...disabled].join(", ")}.`] : [];
  const dotenvOn = settings.dotenv.enabled && !disabled.has(KNOWN_VALUE_DETECTOR.id);
  return {
    catalogue: compileCatalogue(cores, { extraPlaceholders: settings.placeholders }),
    knownValues: dotenvOn ? indexDotenvValues(top, settings.dotenv.files, notes) : null,
    policy: {
      noSuppress: options.noSuppress,
      knownIds: new Set(ids),
      allow: readAllowFile(top),
      ignoredBy: anyGlob(settings.ignorePaths),
      minSeverity: settings.minSeverity,
    },
    customDocs: settings.detectors.map((d) => ({ id: d.id, name: d.name, service: d.service, severity: d.severity, guidance: d.guidance as DetectorDoc["guidance"] })),
    notes,
  };
}

/** A known value that a detector also matched is one finding: the detector's, with the variable's name. */
function mergeKnownValues(findings: Finding[], known: Finding[]): Finding[] {
  for (const k of known) {
    const same = findings.find((f) => f.line === k.line && f.column <= k.column && k.column < f.column + 8);
    if (same) same.note ??= k.note;
    else findings.push(k);
  }
  return findings;
}

export interface Collected extends SourceResult {
  findings: Finding[];
  suppressed: Suppressed[];
  notes: string[];
}

/** Runs a source through the engine and the policy; changes are scanned as they stream in and then dropped. */
export async function collect(source: Source, ctx: ScanContext): Promise<Collected> {
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  const notes = [...ctx.notes];
  const budget = new FindingBudget();
  const result = await source((change) => {
    const detected = scanChange(ctx.catalogue, change, budget.unlistedIn(change));
    const known = ctx.knownValues ? scanKnownValues(ctx.knownValues, change) : [];
    if (!detected.length && !known.length) return;
    // Before merging drops duplicates: a dropped known value's span must still be masked on the line.
    redactSharedLines(change, [...detected, ...known]);
    const found = known.length ? mergeKnownValues(detected, known) : detected;
    const t = triage(ctx.policy, change, found);
    findings.push(...budget.take(findings.length, t.kept));
    suppressed.push(...t.suppressed);
    notes.push(...t.notes);
  });
  notes.push(...budget.summary());
  return { ...result, findings, suppressed, notes };
}

export function render(outcome: Outcome, output: OutputOptions, ctx: ScanContext): string {
  makeShowable(outcome, textRedactor(ctx.catalogue, ctx.knownValues), output.format === "text");
  if (output.format === "json") return renderJson(outcome);
  if (output.format === "sarif") return renderSarif(outcome);
  const docs = new Map<string, DetectorDoc>();
  if (outcome.findings.length) {
    for (const id of new Set(outcome.findings.map((f) => f.detector.id))) {
      const doc = loadGuidance(id);
      if (doc) docs.set(id, doc);
    }
    for (const d of ctx.customDocs) docs.set(d.id, terminalSafeDeep(d));
    docs.set(KNOWN_VALUE_DETECTOR.id, dotenvDoc());
  }
  return renderText(outcome, docs, styleFor(process.stdout, output.noColor));
}

export function exitCodeOf(outcome: Outcome): number {
  return outcome.findings.length ? 1 : 0;
}
