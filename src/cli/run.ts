import { KNOWN_VALUE_DETECTOR, type KnownValueIndex } from "../knownValues/index.js";
import { indexDotenvValues } from "../knownValues/dotenv.js";
import { textRedactor } from "../knownValues/redactText.js";
import { scanWithKnownValues } from "../knownValues/scan.js";
import type { Change, Finding, Outcome, Source, SourceResult, Suppressed } from "../model/index.js";
import { WHOLE_FILES_SCANNED } from "../model/messages.js";
import { FindingBudget, triage } from "../policy/apply.js";
import { buildPolicyContext, type PolicyContext } from "../policy/context.js";
import { guidanceLookup } from "../report/guidance.js";
import { jsonWriter } from "../report/json.js";
import { sarifWriter } from "../report/sarif.js";
import { makeShowable } from "../report/shownNames.js";
import { styleFor } from "../report/style.js";
import { textWriter } from "../report/text.js";
import type { Format, Writer } from "../report/writer.js";

export interface ScanOptions {
  format: Format;
  noColor: boolean;
  noSuppress: boolean;
}

/** The policy in force plus the known values of the repository's git-ignored dotenv files. */
export interface ScanContext extends PolicyContext {
  knownValues: KnownValueIndex | null;
}

export async function buildScanContext(options: { noSuppress: boolean; cwd?: string }): Promise<ScanContext> {
  const ctx = await buildPolicyContext({ ...options, knownValueId: KNOWN_VALUE_DETECTOR.id });
  return { ...ctx, knownValues: ctx.dotenvNames ? indexDotenvValues(ctx.top, ctx.dotenvNames, ctx.notes) : null };
}

/** One scan as the CLI runs it: what to read, and what the stage around it decides. */
export interface Job {
  mode: Outcome["mode"];
  source: Source;
  /** Sets each blocking finding's exposure (absent: staged). */
  expose?(findings: Finding[], ctx: ScanContext): void;
  /** Exit code from the outcome; default 1 with findings, else 0. */
  exitCode?(outcome: Outcome): number;
  /** Print nothing when nothing is found (commit-msg, text only). */
  quietWhenClean?: boolean;
  /** Replaces the text writer (the server's compact report). */
  textWriter?: Writer;
}

const WRITERS: Record<Format, Writer> = { text: textWriter, json: jsonWriter, sarif: sarifWriter };

/** source → engine (+ known values) → policy → exposure → report; changes are scanned as they stream in, then dropped. */
export async function run(job: Job, output: ScanOptions): Promise<number> {
  const ctx = await buildScanContext(output);
  const scanned = await collect(job.source, ctx);
  job.expose?.(scanned.findings, ctx);
  const { stats, filesChanged, commitsScanned, notes = [], wholeContent } = scanned.result;
  const outcome: Outcome = {
    mode: job.mode,
    findings: scanned.findings,
    suppressed: scanned.suppressed,
    stats,
    filesChanged,
    ...(commitsScanned !== undefined ? { commitsScanned } : {}),
    notes: [...notes, ...scanned.notes, ...(wholeContent && scanned.findings.length ? [WHOLE_FILES_SCANNED] : [])],
  };
  if (job.quietWhenClean && !outcome.findings.length && output.format === "text") return 0;
  makeShowable(outcome, textRedactor(ctx.catalogue, ctx.knownValues), output.format === "text");
  const writer = output.format === "text" && job.textWriter ? job.textWriter : WRITERS[output.format];
  process.stdout.write(writer.render(outcome, { guidance: guidanceLookup(ctx.customDocs), style: styleFor(process.stdout, output.noColor) }));
  return job.exitCode ? job.exitCode(outcome) : outcome.findings.length ? 1 : 0;
}

export interface Collected {
  result: SourceResult;
  findings: Finding[];
  suppressed: Suppressed[];
  notes: string[];
}

/** Runs a source through the engine and the policy. */
export async function collect(source: Source, ctx: ScanContext): Promise<Collected> {
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  const notes = [...ctx.notes];
  const budget = new FindingBudget();
  const changes = source();
  let next: IteratorResult<Change, SourceResult>;
  while (!(next = await changes.next()).done) {
    const change = next.value;
    const found = scanWithKnownValues(ctx.catalogue, ctx.knownValues, change, budget.unlistedIn(change));
    if (!found.length) continue;
    const t = triage(ctx.policy, change, found);
    findings.push(...budget.take(findings.length, t.kept));
    suppressed.push(...t.suppressed);
    notes.push(...t.notes);
  }
  const result = next.value;
  notes.push(...budget.summary());
  return { result, findings, suppressed, notes };
}
