import { readFileSync } from "node:fs";
import type { Finding } from "../engine/scan.js";
import { GitNotFoundError, UserError } from "../errors.js";
import { gitSync } from "../git/exec.js";
import { commitsOnRemotes, headSha, parsePushLines, planPush, readCommits, type RefUpdate } from "../git/push.js";
import { readStaged } from "../git/staged.js";
import type { Exposure, Outcome } from "../report/outcome.js";
import { buildScanContext, collect, exitCodeOf, render, type OutputOptions, type ScanContext, type Source } from "./pipeline.js";

export interface ScanOptions extends OutputOptions {
  noSuppress: boolean;
}

function emit(outcome: Outcome, output: OutputOptions, ctx: ScanContext): number {
  process.stdout.write(render(outcome, output, ctx));
  return exitCodeOf(outcome);
}

export type ReaderChoice = "auto" | "git" | "isomorphic-git";

/** The git CLI is the source of truth; isomorphic-git only reads where no git binary exists (or when asked). */
function stagedSource(reader: ReaderChoice, paths: string[]): Source {
  const viaIso: Source = async (onChange) => {
    if (paths.length) throw new UserError("the isomorphic-git reader scans the whole index; paths need the git reader");
    const { readStagedIso } = await import("../git/isoReader.js");
    return readStagedIso(onChange);
  };
  if (reader === "isomorphic-git") return viaIso;
  return async (onChange) => {
    try {
      return await readStaged(onChange, { paths });
    } catch (err) {
      if (reader === "auto" && err instanceof GitNotFoundError) return viaIso(onChange);
      throw err;
    }
  };
}

export async function runStaged(paths: string[], options: ScanOptions, reader: ReaderChoice = "auto"): Promise<number> {
  const ctx = await buildScanContext(options);
  const result = await collect(stagedSource(reader, paths), ctx);
  return emit(
    {
      mode: "staged",
      findings: result.findings,
      suppressed: result.suppressed,
      exposures: result.findings.map(() => ({ kind: "staged" })),
      stats: result.stats,
      filesChanged: result.filesChanged,
      notes: result.notes,
    },
    options,
    ctx,
  );
}

/** The pre-commit framework runs pre-push hooks without stdin and describes the push in PRE_COMMIT_* variables. */
function preCommitFrameworkUpdates(): RefUpdate[] {
  const env = process.env;
  if (!env.PRE_COMMIT_TO_REF) return [];
  const localSha = gitSync(["rev-parse", "--verify", env.PRE_COMMIT_TO_REF]).stdout.trim();
  const from = env.PRE_COMMIT_FROM_REF ?? "";
  const remoteSha = /^0*$/.test(from) ? "0".repeat(localSha.length) : gitSync(["rev-parse", "--verify", from], { allowFail: true }).stdout.trim() || from;
  return [{ localRef: env.PRE_COMMIT_LOCAL_BRANCH ?? "HEAD", localSha, remoteRef: env.PRE_COMMIT_REMOTE_BRANCH ?? "", remoteSha }];
}

export async function runPrePush(remoteArg: string | undefined, options: ScanOptions): Promise<number> {
  const fromFramework = preCommitFrameworkUpdates();
  if (process.stdin.isTTY && !fromFramework.length) {
    throw new UserError("the pre-push hook reads git's ref lines on stdin; run it from git push, not by hand");
  }
  const stdinUpdates = process.stdin.isTTY ? [] : parsePushLines(readFileSync(0, "utf8"));
  const updates = stdinUpdates.length ? stdinUpdates : fromFramework;
  const remote = remoteArg ?? process.env.PRE_COMMIT_REMOTE_NAME ?? "";
  const plan = planPush(remote, updates);
  const ctx = await buildScanContext(options);
  const result = await collect((onChange) => readCommits(plan.commits, onChange), ctx);
  return emit(
    {
      mode: "push",
      findings: result.findings,
      suppressed: result.suppressed,
      exposures: exposuresOf(result.findings),
      stats: result.stats,
      filesChanged: plan.commits.length ? Math.max(result.filesChanged, 1) : 0,
      commitsScanned: plan.commits.length,
      notes: [...plan.notes, ...result.notes],
    },
    options,
    ctx,
  );
}

/** Decides, from local refs only, whether each finding's commit has already left this machine. */
function exposuresOf(findings: Finding[]): Exposure[] {
  if (!findings.length) return [];
  const onRemotes = commitsOnRemotes(findings.map((f) => f.commit!));
  const head = headSha();
  return findings.map((f): Exposure => {
    const commit = f.commit!;
    const refs = onRemotes.get(commit.sha);
    if (refs) return { kind: "remote", commit, remoteRefs: refs };
    return { kind: "local", commit, isTip: commit.sha === head, parent: commit.parent };
  });
}
