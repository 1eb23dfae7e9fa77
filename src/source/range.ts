// Commits named by a range (`--range`, `--since`, a CI's base and head), read like a push: each commit against
// its first parent, merges by what they introduce, and their messages.
import { readFileSync } from "node:fs";
import { UserError } from "../errors.js";
import { badRangeArg, rangeLabel, rangeRefMissing, shallowClone } from "../model/messages.js";
import type { Source } from "../model/index.js";
import { gitSync } from "./git/exec.js";
import { emptyPlan, pushSource, type PushPlan } from "./push.js";

export interface RangeSpec {
  /** Revisions whose commits are scanned. */
  tips: string[];
  /** Revisions whose commits are not (the base); each must be in the clone. */
  bases: string[];
  /** Other refs to leave out without requiring them (a new branch: every other remote branch). */
  exclude?: string[];
  /** How the report names the range, e.g. `origin/main..HEAD`. */
  label: string;
}

/** `A..B` (or `A...B`: the same commits, those of B not reachable from A); an empty head is HEAD. Ref names never hold "..". */
export function parseRange(arg: string): RangeSpec {
  const at = arg.indexOf("..");
  const base = at > 0 ? arg.slice(0, at) : "";
  const head = at > 0 ? arg.slice(arg.startsWith("...", at) ? at + 3 : at + 2) || "HEAD" : "";
  if (!base || head.includes("..")) throw new UserError(badRangeArg(arg));
  return { bases: [base], tips: [head], label: rangeLabel(base, head) };
}

export function resolveCommit(rev: string): string | null {
  const r = gitSync(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], { allowFail: true });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function isShallow(): boolean {
  return gitSync(["rev-parse", "--is-shallow-repository"]).stdout.trim() === "true";
}

/** Commits whose parents a shallow clone does not have. */
function shallowBoundary(): Set<string> {
  const file = gitSync(["rev-parse", "--git-path", "shallow"]).stdout.trim();
  try {
    return new Set(readFileSync(file, "utf8").split("\n").filter(Boolean));
  } catch {
    return new Set();
  }
}

/**
 * The commits of the range, merges apart. In a shallow clone a missing base, or a boundary commit inside the
 * range, is refused: diffed against nothing, a boundary commit would add every file it holds.
 */
export function planRange(spec: RangeSpec): PushPlan {
  const shallow = isShallow();
  const resolved = [...spec.tips, ...spec.bases].map((rev) => {
    const sha = resolveCommit(rev);
    if (!sha) throw new UserError(shallow ? shallowClone(rev) : rangeRefMissing(rev));
    return sha;
  });
  const tips = resolved.slice(0, spec.tips.length);
  const bases = resolved.slice(spec.tips.length);
  const input = [...tips, ...bases.map((b) => `^${b}`), ...(spec.exclude ?? []).map((r) => `^${r}`)].join("\n") + "\n";
  const plan = emptyPlan();
  for (const line of gitSync(["rev-list", "--parents", "--stdin"], { input }).stdout.split("\n")) {
    if (!line) continue;
    const [sha, ...parents] = line.split(" ");
    plan.commits.push(sha);
    if (parents.length > 1) plan.merges.add(sha);
  }
  if (shallow) {
    const boundary = shallowBoundary();
    const cut = plan.commits.find((c) => boundary.has(c));
    if (cut) throw new UserError(shallowClone(spec.bases[0] ?? `${cut.slice(0, 8)}^`));
  }
  return plan;
}

export function rangeSource(spec: RangeSpec): Source {
  return pushSource(planRange(spec));
}
