// Which commits a CI run is about, from the variables the CI sets: what `leakstop scan` reads when given no range.
import { readFileSync } from "node:fs";
import { UserError } from "../errors.js";
import { eventFileUnreadable, newBranchLabel, RANGE_ORIGIN, rangeLabel, scanBaseGoneNote, SCAN_NEEDS_RANGE } from "../model/messages.js";
import { gitSync } from "./git/exec.js";
import { isShallow, resolveCommit, type RangeSpec } from "./range.js";

const ZERO = /^0+$/;

type Env = Record<string, string | undefined>;

export interface DetectedRange {
  spec: RangeSpec;
  /** Who said so, for the report: "GitHub Actions pull request". */
  origin: string;
  note?: string;
}

/** A new branch has no previous tip: its commits are those no other remote branch has. */
function newBranch(head: string, branch: string | undefined, origin: string): DetectedRange {
  const own = branch ? new Set([`refs/remotes/origin/${branch}`]) : new Set<string>();
  const refs = gitSync(["for-each-ref", "--format=%(refname)", "refs/remotes/"]).stdout.split("\n");
  const others = refs.filter((r) => r && !own.has(r) && !r.endsWith("/HEAD"));
  return { spec: { tips: [head], bases: [], exclude: others, label: newBranchLabel(head) }, origin };
}

/** Before..head, or a new branch when before is all zeros or (after a force push) gone from the clone. */
function pushed(before: string, head: string, branch: string | undefined, origin: string): DetectedRange {
  if (ZERO.test(before)) return newBranch(head, branch, origin);
  // A shallow clone lacks it for want of history: planRange refuses and says how to fetch it.
  if (!resolveCommit(before) && !isShallow()) return { ...newBranch(head, branch, origin), note: scanBaseGoneNote(before) };
  return { spec: { tips: [head], bases: [before], label: rangeLabel(before, head) }, origin };
}

function githubEventBefore(env: Env): string | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new UserError(eventFileUnreadable(undefined));
  try {
    const before = (JSON.parse(readFileSync(path, "utf8")) as { before?: unknown }).before;
    return typeof before === "string" && /^[0-9a-f]{40,64}$/.test(before) ? before : undefined;
  } catch {
    throw new UserError(eventFileUnreadable(path));
  }
}

/** LEAKSTOP_BASE/LEAKSTOP_HEAD first (an explicit choice), then GitHub Actions, then GitLab CI. */
export function detectCiRange(env: Env = process.env): DetectedRange {
  if (env.LEAKSTOP_BASE) {
    const head = env.LEAKSTOP_HEAD || "HEAD";
    return { spec: { tips: [head], bases: [env.LEAKSTOP_BASE], label: rangeLabel(env.LEAKSTOP_BASE, head) }, origin: RANGE_ORIGIN.generic };
  }
  const event = env.GITHUB_EVENT_NAME;
  if (env.GITHUB_ACTIONS === "true" || event) {
    if ((event === "pull_request" || event === "pull_request_target") && env.GITHUB_BASE_REF) {
      const base = `origin/${env.GITHUB_BASE_REF}`;
      return { spec: { tips: ["HEAD"], bases: [base], label: rangeLabel(base, "HEAD", "...") }, origin: RANGE_ORIGIN.githubPullRequest };
    }
    if (event === "push" && env.GITHUB_SHA) {
      const before = githubEventBefore(env);
      if (before) return pushed(before, env.GITHUB_SHA, env.GITHUB_REF_NAME, RANGE_ORIGIN.githubPush);
    }
  }
  if (env.GITLAB_CI === "true" || env.CI_COMMIT_SHA) {
    const head = env.CI_COMMIT_SHA;
    if (head && env.CI_MERGE_REQUEST_DIFF_BASE_SHA) {
      const base = env.CI_MERGE_REQUEST_DIFF_BASE_SHA;
      return { spec: { tips: [head], bases: [base], label: rangeLabel(base, head) }, origin: RANGE_ORIGIN.gitlabMergeRequest };
    }
    if (head && env.CI_COMMIT_BEFORE_SHA) return pushed(env.CI_COMMIT_BEFORE_SHA, head, env.CI_COMMIT_REF_NAME, RANGE_ORIGIN.gitlabPush);
  }
  throw new UserError(SCAN_NEEDS_RANGE);
}
