// Where else a found secret is: other files at HEAD, other branches, tags, the stash, remote-tracking refs, and
// the files that read its environment variable. Local refs only, bounded in time; the value is handed to git
// on stdin, never in argv, and never written.
import type { BlastPlace, Finding } from "../model/index.js";
import { exposedOn, exposureOf } from "../model/index.js";
import { GitError } from "../errors.js";
import { secretDigest } from "../util/crypto.js";
import { gitSync, gitWithin } from "./git/exec.js";
import { objectTypes } from "./git/objects.js";
import { planHistoryCleaning } from "./historyCleaning.js";
import { secretsAt } from "./secretAt.js";

const DEFAULT_BUDGET_MS = 2000;
/** Refs (branches, tags, stash entries, remote-tracking refs) searched at most; the rest are counted. */
const MAX_REFS = 200;
const TREES_PER_GREP = 32;

type Kind = "head" | "stash" | "branch" | "tag" | "remote";

interface Target {
  kind: Kind;
  ref: string;
  /** A tree-ish naming what to search, e.g. `refs/heads/x^{tree}` or a stash entry's index tree. */
  spec: string;
}

export interface TraceOptions {
  top: string;
  /** The environment variable a finding's secret belongs in (the finding's own, else its detector's). */
  envVarOf(f: Finding): string | undefined;
  /** Write the filter-repo rules file for secrets already on a remote (the report will show it). */
  planCleaning: boolean;
}

/** Time allowed for all the searching of one run; LEAKSTOP_BLAST_BUDGET_MS overrides it. */
export function blastBudgetMs(): number {
  const raw = process.env.LEAKSTOP_BLAST_BUDGET_MS;
  const value = raw === undefined || raw === "" ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_BUDGET_MS;
}

class Deadline {
  private readonly end: number;
  constructor(ms: number) {
    this.end = Date.now() + ms;
  }
  left(): number {
    return this.end - Date.now();
  }
}

/**
 * Sets `blast` on each reported finding whose value reads back from git. Nothing found, nothing run. Best
 * effort: a git failure here leaves the report as it was, never turns a block into an error.
 */
export async function traceSecrets(findings: Finding[], options: TraceOptions): Promise<void> {
  if (!findings.length) return;
  try {
    await trace(findings, options);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
  }
}

async function trace(findings: Finding[], options: TraceOptions): Promise<void> {
  const values = await secretsAt(findings, options.top);
  if (!values.size) return;
  const deadline = new Deadline(blastBudgetMs());
  const hasHead = gitSync(["rev-parse", "--verify", "--quiet", "HEAD"], { allowFail: true }).status === 0;
  const currentBranch = gitSync(["symbolic-ref", "-q", "HEAD"], { allowFail: true }).stdout.trim();
  const { targets, capped } = listTargets(currentBranch);
  const search = searchTrees(targets, [...new Set(values.values())], options.top, deadline);
  const names = new Set<string>();
  for (const f of values.keys()) {
    const name = options.envVarOf(f);
    if (name) names.add(name);
  }
  const readers = hasHead ? filesReading([...names], options.top, deadline) : new Map([...names].map((name) => [name, []]));
  for (const f of values.keys()) {
    const found = search.hits.get(f.digest) ?? new Map<string, Set<string>>();
    const name = options.envVarOf(f);
    const readersOfName = name ? readers?.get(name) : null;
    f.blast = {
      files: placesOf(search, targets, found, "head")
        .flatMap((p) => p.paths)
        // A pushed file still holding it at HEAD is the finding itself; a staged one there was committed before.
        .filter((path) => !(path === f.path && f.commit)),
      branches: placesOf(search, targets, found, "branch"),
      tags: placesOf(search, targets, found, "tag"),
      stashes: placesOf(search, targets, found, "stash"),
      remotes: placesOf(search, targets, found, "remote"),
      ...(name && readersOfName ? { envVar: { name, readers: readersOfName } } : {}),
      notSearched: capped + search.notSearched,
    };
  }
  if (options.planCleaning) {
    const exposed = [...values].filter(([f]) => exposedOn(exposureOf(f)).length);
    if (exposed.length) planHistoryCleaning(exposed, options.top, deadline.left());
  }
}

/** What to search, most telling first (the cap drops the last): HEAD, the stash, local branches, remote-tracking refs, tags. */
function listTargets(currentBranch: string): { targets: Target[]; capped: number } {
  const wanted: Target[] = [{ kind: "head", ref: "HEAD", spec: "HEAD^{tree}" }];
  const stash = gitSync(["log", "-g", "--format=%H", "refs/stash", "--"], { allowFail: true });
  if (stash.status === 0) {
    stash.stdout.split("\n").filter(Boolean).forEach((sha, i) => {
      // The worktree, the index and (stash -u) the untracked files each have their own tree.
      for (const spec of [`${sha}^{tree}`, `${sha}^2^{tree}`, `${sha}^3^{tree}`]) wanted.push({ kind: "stash", ref: `stash@{${i}}`, spec });
    });
  }
  const refs = gitSync(["for-each-ref", "--format=%(refname)%00%(symref)", "refs/heads", "refs/tags", "refs/remotes"]).stdout;
  const byKind: [string, Kind][] = [["refs/heads/", "branch"], ["refs/remotes/", "remote"], ["refs/tags/", "tag"]];
  for (const [prefix, kind] of byKind) {
    for (const line of refs.split("\n")) {
      const [refname, symref] = line.split("\0");
      if (!refname?.startsWith(prefix) || symref || refname === currentBranch) continue;
      wanted.push({ kind, ref: refname.slice(prefix.length), spec: `${refname}^{tree}` });
    }
  }
  const labels = [...new Set(wanted.map((t) => `${t.kind} ${t.ref}`))];
  const kept = new Set(labels.slice(0, MAX_REFS));
  return { targets: wanted.filter((t) => kept.has(`${t.kind} ${t.ref}`)), capped: labels.length - kept.size };
}

interface TreeSearch {
  /** Secret digest → tree id → paths holding it. */
  hits: Map<string, Map<string, Set<string>>>;
  /** Refs whose trees were not searched in time. */
  notSearched: number;
  treeOf: Map<Target, string>;
}

/** Searches every target's tree for every value with `git grep -F`, trees shared by several refs once. */
function searchTrees(targets: Target[], values: string[], top: string, deadline: Deadline): TreeSearch {
  const hits = new Map<string, Map<string, Set<string>>>();
  const treeOf = new Map<Target, string>();
  objectTypes(targets.map((t) => t.spec)).forEach((o, i) => {
    if (o?.type === "tree") treeOf.set(targets[i], o.name);
  });
  const trees = [...new Set(treeOf.values())];
  const unsearched = new Set<string>();
  const patterns = values.join("\n") + "\n";
  for (let at = 0; at < trees.length; at += TREES_PER_GREP) {
    const chunk = trees.slice(at, at + TREES_PER_GREP);
    const left = deadline.left();
    const r = left > 0 ? gitWithin(["-c", "grep.lineNumber=false", "-c", "grep.column=false", "grep", "-F", "-I", "-o", "-z", "--no-color", "-f", "-", ...chunk], left, { cwd: top, input: patterns }) : null;
    if (!r || r.timedOut || r.status > 1) {
      chunk.forEach((t) => unsearched.add(t));
      continue;
    }
    for (const { name, match } of grepMatches(r.stdout)) {
      const colon = name.indexOf(":");
      const digest = secretDigest(match);
      if (!hits.has(digest)) hits.set(digest, new Map());
      const byTree = hits.get(digest)!;
      const tree = name.slice(0, colon);
      if (!byTree.has(tree)) byTree.set(tree, new Set());
      byTree.get(tree)!.add(name.slice(colon + 1));
    }
  }
  const notSearched = new Set(targets.filter((t) => unsearched.has(treeOf.get(t) ?? "")).map((t) => `${t.kind} ${t.ref}`)).size;
  return { hits, notSearched, treeOf };
}

/** `git grep -o -z` records: `<tree>:<path>\0<matched text>\n`; a path may itself hold a newline. */
function* grepMatches(out: string): Generator<{ name: string; match: string }> {
  let at = 0;
  while (at < out.length) {
    const nul = out.indexOf("\0", at);
    if (nul < 0) return;
    const nl = out.indexOf("\n", nul);
    const end = nl < 0 ? out.length : nl;
    yield { name: out.slice(at, nul), match: out.slice(nul + 1, end) };
    at = end + 1;
  }
}

function placesOf(search: TreeSearch, targets: Target[], found: Map<string, Set<string>>, kind: Kind): BlastPlace[] {
  const places = new Map<string, Set<string>>();
  for (const t of targets) {
    if (t.kind !== kind) continue;
    const paths = found.get(search.treeOf.get(t) ?? "");
    if (!paths) continue;
    if (!places.has(t.ref)) places.set(t.ref, new Set());
    for (const p of paths) places.get(t.ref)!.add(p);
  }
  return [...places].map(([ref, paths]) => ({ ref, paths: [...paths].sort() }));
}

/** How code reads an environment variable in the usual languages, CI files and shells; matched as whole words. */
function readForms(name: string): string[] {
  return [
    `env.${name}`, // process.env.X, import.meta.env.X, ${{ env.X }}
    `env["${name}"`, `env['${name}'`,
    `environ["${name}"`, `environ['${name}'`, `environ.get("${name}"`, `environ.get('${name}'`,
    `getenv("${name}"`, `getenv('${name}'`, `Getenv("${name}"`, `GetEnvironmentVariable("${name}"`,
    `ENV["${name}"`, `ENV['${name}'`, `ENV.fetch("${name}"`, `ENV.fetch('${name}'`,
    `env::var("${name}"`, `env!("${name}"`,
    `$${name}`, `\${${name}`, `$env:${name}`, `%${name}%`, `secrets.${name}`,
  ];
}

/**
 * Tracked files at HEAD that read each variable, by one `git grep` for them all (one per variable cost 10 ms
 * each: 150 of them in one file took 1.5 s); null when the budget ran out first.
 */
function filesReading(names: string[], top: string, deadline: Deadline): Map<string, string[]> | null {
  if (!names.length) return new Map();
  const left = deadline.left();
  if (left <= 0) return null;
  const nameOf = new Map<string, string>();
  for (const name of names) for (const form of readForms(name)) nameOf.set(form, name);
  const r = gitWithin(["grep", "-F", "-w", "-I", "-o", "-z", "-f", "-", "HEAD", "--"], left, { cwd: top, input: [...nameOf.keys()].join("\n") + "\n" });
  if (r.timedOut || r.status > 1) return null;
  const files = new Map(names.map((name) => [name, new Set<string>()]));
  // Each match is `HEAD:<path>\0<the form matched>\n`; a path may hold a newline, a form never does.
  const out = r.stdout;
  for (let at = 0; at < out.length; ) {
    const nul = out.indexOf("\0", at);
    if (nul < 0) break;
    const newline = out.indexOf("\n", nul);
    const end = newline < 0 ? out.length : newline;
    const name = nameOf.get(out.slice(nul + 1, end));
    if (name) files.get(name)!.add(out.slice(at + "HEAD:".length, nul));
    at = end + 1;
  }
  return new Map([...files].map(([name, paths]) => [name, [...paths].sort()]));
}

