import { randomBytes } from "node:crypto";
import { readFileSync, readSync } from "node:fs";
import { isatty } from "node:tty";
import { scanChange, type Change, type Finding } from "../engine/scan.js";
import { GitNotFoundError, UserError } from "../errors.js";
import { gitSync } from "../git/exec.js";
import { editedMessageLines, messageLines } from "../git/messageText.js";
import { readObjects } from "../git/objects.js";
import { emptyStats, type ScanStats } from "../git/patchParser.js";
import { commitsOnRemotes, headSha, parsePushLines, planPush, readCommits, readMerges, readPushedObjects, remoteTips, type RefUpdate } from "../git/push.js";
import { readStaged } from "../git/staged.js";
import type { Exposure, Outcome } from "../report/outcome.js";
import { WHOLE_FILES_SCANNED } from "../report/messages.js";
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

/**
 * The pre-commit framework runs pre-push hooks without git's stdin and describes the push in PRE_COMMIT_*
 * variables. A push that includes a root commit comes without FROM/TO refs: treat it as a new branch.
 */
function preCommitFrameworkUpdates(): RefUpdate[] {
  const env = process.env;
  const local = env.PRE_COMMIT_TO_REF ?? (env.PRE_COMMIT_REMOTE_NAME || env.PRE_COMMIT_LOCAL_BRANCH ? env.PRE_COMMIT_LOCAL_BRANCH || "HEAD" : "");
  if (!local) return [];
  const localSha = gitSync(["rev-parse", "--verify", local]).stdout.trim();
  const from = env.PRE_COMMIT_FROM_REF ?? "";
  const remoteSha = /^0*$/.test(from) ? "0".repeat(localSha.length) : gitSync(["rev-parse", "--verify", from], { allowFail: true }).stdout.trim() || from;
  return [{ localRef: env.PRE_COMMIT_LOCAL_BRANCH ?? "HEAD", localSha, remoteRef: env.PRE_COMMIT_REMOTE_BRANCH ?? "", remoteSha }];
}

/**
 * All of fd 0 to EOF. process.stdin is left alone: creating it makes a pipe non-blocking, and git's ref
 * lines may arrive after the hook starts; EAGAIN then only means "not yet".
 */
function readStdin(): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      // EOF: Windows' end of a pipe; EBADF: git or a framework ran the hook with stdin closed.
      if (code === "EOF" || code === "EBADF") break;
      throw err;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function runPrePush(remoteArg: string | undefined, options: ScanOptions): Promise<number> {
  const fromFramework = preCommitFrameworkUpdates();
  const interactive = isatty(0);
  if (interactive && !fromFramework.length) {
    throw new UserError("the pre-push hook reads git's ref lines on stdin; run it from git push, not by hand");
  }
  const stdinUpdates = interactive ? [] : parsePushLines(readStdin());
  const updates = stdinUpdates.length ? stdinUpdates : fromFramework;
  const remote = remoteArg ?? process.env.PRE_COMMIT_REMOTE_NAME ?? "";
  const plan = planPush(remote, updates);
  const ctx = await buildScanContext(options);
  const merges = plan.merges;
  const result = await collect(async (onChange) => {
    const single = await readCommits(plan.commits.filter((c) => !merges.has(c)), onChange);
    const merged = await readMerges([...merges], onChange);
    const objects = readPushedObjects(plan, onChange);
    return { stats: sumStats([single.stats, merged.stats, objects.stats]), filesChanged: single.filesChanged + merged.filesChanged + objects.filesChanged };
  }, ctx);
  const scanned = plan.commits.length + plan.tags.length + plan.blobs.length;
  const exposures = exposuresOf(result.findings, ctx);
  const outcome: Outcome = {
    mode: "push",
    findings: result.findings,
    suppressed: result.suppressed,
    exposures,
    stats: result.stats,
    filesChanged: scanned ? Math.max(result.filesChanged, 1) : 0,
    commitsScanned: plan.commits.length,
    notes: [...plan.notes, ...result.notes],
  };
  const code = emit(outcome, options, ctx);
  // A secret already on a remote is exposed whatever this push does: it is reported, not blocked on.
  return code === 1 && exposures.every((e) => e.kind === "remote") ? 0 : code;
}

function sumStats(all: ScanStats[]): ScanStats {
  const total = emptyStats();
  for (const s of all) {
    total.files += s.files;
    total.lines += s.lines;
    total.bytes += s.bytes;
    total.skippedBinary += s.skippedBinary;
    if (s.skipped?.length) (total.skipped ??= []).push(...s.skipped);
  }
  return total;
}

/**
 * Decides, from local refs only, whether each finding's secret has already left this machine: its commit is
 * on a remote-tracking ref, or the same secret is at the same path at a remote-tracking ref's tip.
 */
function exposuresOf(findings: Finding[], ctx: ScanContext): Exposure[] {
  if (!findings.length) return [];
  const withCommit = findings.filter((f) => f.commit);
  const onRemotes = commitsOnRemotes(withCommit.map((f) => f.commit!));
  const copies = secretsAtRemoteTips(findings.filter((f) => f.origin !== "message" && f.commit), ctx);
  const head = headSha();
  return findings.map((f): Exposure => {
    const commit = f.commit;
    const commitRefs = commit && onRemotes.get(commit.sha);
    if (commitRefs) return { kind: "remote", commit, remoteRefs: commitRefs };
    // Its commit is new (rebased, amended): the copy on the remote came in an earlier commit.
    const copyRefs = copies.get(f);
    if (copyRefs) return { kind: "remote", remoteRefs: copyRefs };
    if (!commit) return { kind: "object", where: f.path };
    return { kind: "local", commit, isTip: commit.sha === head, parent: commit.parent };
  });
}

/**
 * Which findings' secrets are at the same path at some remote-tracking ref's tip (a rebased or amended commit
 * that was pushed before). The secrets are compared by keyed hash under a fresh salt, inside this process.
 */
function secretsAtRemoteTips(findings: Finding[], ctx: ScanContext): Map<Finding, string[]> {
  const result = new Map<Finding, string[]>();
  if (!findings.length) return result;
  const tips = remoteTips();
  const paths = [...new Set(findings.map((f) => f.path))];
  const specs = tips.flatMap((t) => paths.map((p) => `${t.sha}:${p}`));
  const blobs = readObjects(specs);
  const salt = randomBytes(16).toString("hex");
  const refsByHash = new Map<string, Set<string>>();
  specs.forEach((_, i) => {
    const blob = blobs[i];
    if (!blob || blob.type !== "blob" || blob.content.subarray(0, 8000).includes(0)) return;
    const tip = tips[Math.floor(i / paths.length)];
    const change = { path: paths[i % paths.length], lines: messageLines(blob.content.toString("utf8")) };
    for (const found of scanChange(ctx.catalogue, change)) {
      const key = found.saltedHash(salt);
      if (!refsByHash.has(key)) refsByHash.set(key, new Set());
      refsByHash.get(key)!.add(tip.ref);
    }
  });
  for (const f of findings) {
    const refs = refsByHash.get(f.saltedHash(salt));
    if (refs) result.set(f, [...refs]);
  }
  return result;
}

/**
 * The pre-commit framework passes file names: the staged diff of those files when they have staged changes,
 * else (`pre-commit run --all-files`, `--files`) their whole content as the index holds it.
 */
export async function runPreCommitFiles(paths: string[], options: ScanOptions): Promise<number> {
  const ctx = await buildScanContext(options);
  let result = await collect((onChange) => readStaged(onChange, { paths }), ctx);
  if (result.filesChanged === 0) {
    result = await collect(async (onChange) => readIndexFiles(paths, onChange), ctx);
    if (result.findings.length) result.notes.push(WHOLE_FILES_SCANNED);
  }
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

function readIndexFiles(paths: string[], onChange: (c: Change) => void) {
  const stats = emptyStats();
  const objects = readObjects(paths.map((p) => `:${p}`));
  let filesChanged = 0;
  paths.forEach((path, i) => {
    const blob = objects[i];
    if (!blob || blob.type !== "blob") return;
    filesChanged++;
    if (blob.content.subarray(0, 8000).includes(0)) {
      stats.skippedBinary++;
      return;
    }
    const lines = messageLines(blob.content.toString("utf8"));
    stats.files++;
    stats.lines += lines.length;
    stats.bytes += blob.content.length;
    onChange({ path, lines, origin: "content" });
  });
  return { stats, filesChanged };
}

/** The character git strips comment lines by; "auto" picks one per message, among which '#' is the usual. */
function commentChar(): string {
  const configured = gitSync(["config", "--get", "core.commentChar"], { allowFail: true }).stdout.trim();
  return configured.length === 1 ? configured : "#";
}

/** `leakstop hook commit-msg FILE`: the message git is about to record, as git will keep it. Quiet when clean. */
export async function runCommitMsg(file: string | undefined, options: ScanOptions): Promise<number> {
  if (!file) throw new UserError("the commit-msg hook needs the message file git passes it: leakstop hook commit-msg FILE");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(`cannot read the commit message file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const lines = editedMessageLines(text, commentChar());
  const ctx = await buildScanContext(options);
  const result = await collect(async (onChange) => {
    onChange({ path: "commit message", lines, origin: "message" });
    return { stats: { ...emptyStats(), lines: lines.length }, filesChanged: 1 };
  }, ctx);
  if (!result.findings.length && options.format === "text") return 0;
  return emit(
    {
      mode: "staged",
      findings: result.findings,
      suppressed: result.suppressed,
      exposures: result.findings.map(() => ({ kind: "message" })),
      stats: result.stats,
      filesChanged: 1,
      notes: result.notes,
    },
    options,
    ctx,
  );
}
