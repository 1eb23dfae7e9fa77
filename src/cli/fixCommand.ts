import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { buildScanContext, collect } from "./run.js";
import { redact } from "../engine/redact.js";
import { UserError } from "../errors.js";
import { textRedactor } from "../knownValues/redactText.js";
import {
  FIX_DECLINED, FIX_DRY_RUN, FIX_NOT_VERIFIED, FIX_ENV_NOT_A_FILE, FIX_ENV_TRACKED, FIX_GITIGNORE_LINES, FIX_NEEDS_YES, FIX_NOTHING, FIX_NOTHING_APPLICABLE, FIX_PROMPT,
  fixApplied, fixEnvHeader, fixEnvLine, fixRefusedLine, fixRemaining,
} from "../model/messages.js";
import { guidanceLookup } from "../report/guidance.js";
import { terminalSafe } from "../report/style.js";
import { gitSync } from "../source/git/exec.js";
import { locateRepo } from "../source/git/locate.js";
import { readObjects } from "../source/git/objects.js";
import { readStaged } from "../source/staged.js";
import { streamOf } from "../source/stream.js";
import { unifiedDiff, workTreeText } from "../fix/diff.js";
import { appendEnvLines, ENV_FILE, ignoreEnvFile, isEnvIgnored, isEnvTracked, isEnvWritable, readEnvFile } from "../fix/envFile.js";
import { planFix, type FixPlan } from "../fix/plan.js";

export interface FixOptions {
  yes: boolean;
  dryRun: boolean;
}

/** `leakstop fix`: rewrites staged secrets to read environment variables, the values going to the git-ignored .env. */
export async function runFix(options: FixOptions): Promise<number> {
  const top = locateRepo().workTree;
  const ctx = await buildScanContext({ noSuppress: false });
  const { findings } = await collect(streamOf((emit) => readStaged(emit)), ctx);
  const say = (line: string) => process.stdout.write(line + "\n");
  if (!findings.length) {
    say(FIX_NOTHING);
    return 0;
  }
  if (isEnvTracked(top)) throw new UserError(FIX_ENV_TRACKED);
  if (!isEnvWritable(top)) throw new UserError(FIX_ENV_NOT_A_FILE);
  const plan = planFix(findings, top, readEnvFile(top), guidanceLookup(ctx.customDocs));
  const redactor = textRedactor(ctx.catalogue, ctx.knownValues);
  const shown = (text: string) => terminalSafe(maskValues(redactor.mask(text), plan.values));
  const needsIgnore = !isEnvIgnored(top);
  for (const line of describe(plan, top, shown, needsIgnore)) say(line);
  const remaining = plan.refusals.length ? 1 : 0;
  if (!plan.edits.length) {
    say(FIX_NOTHING_APPLICABLE);
    return remaining;
  }
  if (options.dryRun) {
    say(FIX_DRY_RUN);
    return remaining;
  }
  if (!options.yes) {
    if (!process.stdin.isTTY) throw new UserError(FIX_NEEDS_YES);
    if (!(await confirm())) {
      say(FIX_DECLINED);
      return 1;
    }
  }
  apply(plan, top, needsIgnore);
  say(fixApplied(plan.fixed.length, plan.edits.length, plan.envLines.length));
  if (plan.refusals.length) say(fixRemaining(plan.refusals.length));
  return remaining;
}

/** Whatever is printed passes through here: a value read back is never shown, even where no detector sees it. */
function maskValues(text: string, values: string[]): string {
  let out = text;
  for (const v of values) if (v && out.includes(v)) out = out.split(v).join(redact(v));
  return out;
}

function describe(plan: FixPlan, top: string, shown: (text: string) => string, needsIgnore: boolean): string[] {
  const out: string[] = [];
  for (const edit of plan.edits) out.push(...unifiedDiff(edit, shown));
  if (plan.envLines.length) {
    out.push(...fixEnvHeader(!existsSync(join(top, ENV_FILE))), ...plan.envLines.map((l) => fixEnvLine(l.key)));
  }
  if (needsIgnore) out.push(...FIX_GITIGNORE_LINES);
  for (const r of plan.refusals) out.push(fixRefusedLine(`${shown(r.finding.path)}:${r.finding.line}`, r.finding.detector.id, shown(r.reason)));
  return out;
}

async function confirm(): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(FIX_PROMPT));
  } finally {
    rl.close();
  }
}

/** .env first (and ignored before anything is staged), then each rewritten file, re-staged by path. */
function apply(plan: FixPlan, top: string, needsIgnore: boolean): void {
  if (needsIgnore) ignoreEnvFile(top);
  if (plan.envLines.length) appendEnvLines(top, plan.envLines.map((l) => l.line));
  for (const edit of plan.edits) {
    writeFileSync(join(top, edit.path), workTreeText(edit));
    gitSync(["--literal-pathspecs", "add", "--", edit.path], { cwd: top });
  }
  if (!staysOut(plan, top)) throw new UserError(FIX_NOT_VERIFIED);
}

/** Reads the index back: no rewritten value is staged in a rewritten file, and .env is not staged at all. */
function staysOut(plan: FixPlan, top: string): boolean {
  if (isEnvTracked(top)) return false;
  const staged = readObjects(plan.edits.map((e) => `:${e.path}`)).map((o) => o?.content.toString("utf8") ?? "");
  const stillThere = (value: string) => staged.some((text) => text.includes(value));
  // A value also refused elsewhere in the same file is still staged there, by design.
  const refused = new Set(plan.refusals.map((r) => r.finding.digest));
  return !plan.fixed.some((f, i) => !refused.has(f.digest) && stillThere(plan.fixedValues[i]));
}
