// A secret already on a remote: what a history rewrite needs (a filter-repo rules file, the branches to
// force-push, where to clone from) and since when it has been readable there. The rules file is the one place
// leakstop writes a secret: outside the repository, readable only by the user, its path shown in the report.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding, HistoryCleaning } from "../model/index.js";
import { exposedOn, exposureOf } from "../model/index.js";
import { gitSync, gitWithin } from "./git/exec.js";
import { withoutUserinfo } from "../util/url.js";

/** Commits touching a path searched at most for the oldest one holding the secret. */
const MAX_COMMITS = 2000;
const COMMITS_PER_GREP = 64;
/** The window search gets at least this long, even when the blast search used up its budget. */
const MIN_WINDOW_MS = 1000;

/** Sets `blast.history` on each finding already on a remote (every one of them has `blast` set). */
export function planHistoryCleaning(exposed: [Finding, string][], top: string, budgetMs: number): void {
  const replaceFile = writeReplaceFile([...new Set(exposed.map(([, v]) => v))]);
  if (!replaceFile) return;
  const inMessages = exposed.some(([f]) => f.origin === "message");
  const pushes = forcePushes(exposed.map(([f]) => f));
  const deadline = Date.now() + Math.max(budgetMs, MIN_WINDOW_MS);
  for (const [f, value] of exposed) {
    if (!f.blast) continue;
    const since = oldestOnRemote(f, value, top, deadline);
    const history: HistoryCleaning = { replaceFile, inMessages, pushes, ...(since ? { since } : {}) };
    f.blast.history = history;
  }
}

/** filter-repo's --replace-text rules, one literal per secret, in a fresh private directory outside the repository. */
function writeReplaceFile(values: string[]): string | null {
  let dir: string | null = null;
  try {
    dir = mkdtempSync(join(tmpdir(), "leakstop-"));
    const file = join(dir, "replace.txt");
    writeFileSync(file, values.map((v) => `literal:${v}==>***REMOVED***\n`).join(""), { mode: 0o600, flag: "wx" });
    return file;
  } catch {
    // No private place to put the rules: the report goes without the commands rather than failing the hook.
    if (dir) rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** The remote-tracking refs holding the secrets, as remote + branch, with each remote's URL minus credentials. */
function forcePushes(findings: Finding[]): HistoryCleaning["pushes"] {
  const refs = new Set<string>();
  for (const f of findings) {
    exposedOn(exposureOf(f)).forEach((r) => refs.add(r));
    f.blast?.remotes.forEach((p) => refs.add(p.ref));
  }
  // Longest first: a remote may be named like another's prefix ("origin", "origin/eu").
  const remotes = gitSync(["remote"]).stdout.split("\n").filter(Boolean).sort((a, b) => b.length - a.length);
  const byRemote = new Map<string, Set<string>>();
  for (const ref of [...refs].sort()) {
    const remote = remotes.find((r) => ref.startsWith(r + "/"));
    if (!remote) continue;
    if (!byRemote.has(remote)) byRemote.set(remote, new Set());
    byRemote.get(remote)!.add(ref.slice(remote.length + 1));
  }
  return [...byRemote].map(([remote, branches]) => ({ remote, url: remoteUrl(remote), branches: [...branches] }));
}

/** The remote's URL without a user or password in it (https://user:token@host/… is common). */
function remoteUrl(remote: string): string {
  const url = gitSync(["remote", "get-url", remote], { allowFail: true }).stdout.trim();
  return withoutUserinfo(url);
}

/**
 * The oldest commit reachable from a remote-tracking ref whose copy of the finding's file holds the secret
 * (its message, for a message), and that commit's committer date: the start of the exposure window.
 */
function oldestOnRemote(f: Finding, value: string, top: string, deadline: number): HistoryCleaning["since"] | undefined {
  if (f.origin === "message") return f.commit ? dated(f.commit.sha) : undefined;
  const listed = gitWithin(["--literal-pathspecs", "rev-list", "--remotes", "--reverse", "--", f.path], deadline - Date.now(), { cwd: top });
  if (listed.timedOut || listed.status !== 0) return undefined;
  const commits = listed.stdout.split("\n").filter(Boolean).slice(0, MAX_COMMITS);
  for (let at = 0; at < commits.length; at += COMMITS_PER_GREP) {
    const chunk = commits.slice(at, at + COMMITS_PER_GREP);
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    const r = gitWithin(["--literal-pathspecs", "grep", "-F", "-I", "-l", "-z", "-f", "-", ...chunk, "--", f.path], left, { cwd: top, input: value + "\n" });
    if (r.timedOut || r.status > 1) return undefined;
    const holding = new Set(r.stdout.split("\0").filter(Boolean).map((n) => n.slice(0, n.indexOf(":"))));
    const oldest = chunk.find((c) => holding.has(c));
    if (oldest) return dated(oldest);
  }
  return undefined;
}

function dated(commit: string): HistoryCleaning["since"] {
  return { commit, date: gitSync(["log", "-1", "--format=%cI", commit, "--"]).stdout.trim() };
}
