// Is a secret already on the remote being pushed to? A fact about the secret, answered from local refs only: its
// commit is on one of that remote's tracking refs, or the same secret is at the same path at one of their tips.
// Another remote's copy does not count: the push would still take the secret somewhere new.
import type { Change, CommitInfo, Exposure, Finding, NotesHistory, Rewrite } from "../model/index.js";
import { gitSync, streamObjects } from "./git/exec.js";
import { lineSink } from "./git/binaries.js";
import { PatchParser } from "./git/patchParser.js";

/** The engine, handed in: sources do not import it. */
export type FindSecrets = (change: Change) => Finding[];

/** What a push sends besides its commits, as the exposure step reads it (push.ts's PushPlan). */
export interface PushedRefs {
  /** The tracking refs (full names) that say what the remote pushed to has (push.ts). */
  trusted: ReadonlySet<string>;
  /** Notes refs, each with its new commits. */
  notesRefs: readonly (NotesHistory & { commits: ReadonlySet<string> })[];
  /** Local branches pushed, full names. */
  branches: readonly string[];
  merges: ReadonlySet<string>;
}

/** Sets each pushed finding's exposure. */
export async function markPushExposures(findings: Finding[], findSecrets: FindSecrets, pushed: PushedRefs): Promise<void> {
  if (!findings.length) return;
  const onRemotes = commitsOnRemotes(findings.flatMap((f) => (f.commit ? [f.commit] : [])));
  const copies = await secretsAtRemoteTips(findings.filter((f) => f.origin !== "message" && f.commit), findSecrets);
  const head = headSha();
  const rewrites = new Map<string, Rewrite>();
  for (const f of findings) {
    f.exposure = exposureOf(f, onRemotes, copies, head, pushed);
    if (f.exposure.kind !== "local" || f.exposure.notes) continue;
    const sha = f.exposure.commit.sha;
    if (!rewrites.has(sha)) rewrites.set(sha, rewriteOf(f.exposure.commit, head, pushed));
    const rewrite = rewrites.get(sha)!;
    if (Object.keys(rewrite).length) f.exposure.rewrite = rewrite;
  }
}

/**
 * How a rebase reaches a commit: through the pushed branch that holds it when the checked-out one does not, and
 * keeping merges when the commits it replays hold any. A few git processes per commit with a finding.
 */
function rewriteOf(commit: CommitInfo, head: string | null, pushed: PushedRefs): Rewrite {
  const holds = (tip: string) => gitSync(["merge-base", "--is-ancestor", commit.sha, tip], { allowFail: true }).status === 0;
  const branch = head && holds(head) ? undefined : pushed.branches.find(holds);
  const tip = branch ?? head;
  const merges = (range: string) => Number(gitSync(["rev-list", "--merges", "--count", range], { allowFail: true }).stdout.trim()) > 0;
  const acrossMerges = tip !== null && merges(commit.parent ? `${commit.parent}..${tip}` : tip);
  return {
    ...(branch ? { branch: branch.replace(/^refs\/heads\//, "") } : {}),
    ...(acrossMerges ? { acrossMerges } : {}),
    ...(pushed.merges.has(commit.sha) ? { isMerge: true } : {}),
  };
}

function exposureOf(f: Finding, onRemotes: Map<string, string[]>, copies: Map<Finding, string[]>, head: string | null, pushed: PushedRefs): Exposure {
  const { trusted, notesRefs } = pushed;
  const commit = f.commit;
  const commitRefs = (commit && onRemotes.get(commit.sha)) || [];
  const copyRefs = copies.get(f) ?? [];
  const targetCommitRefs = commitRefs.filter((ref) => trusted.has(ref));
  if (targetCommitRefs.length) return { kind: "remote", commit, remoteRefs: targetCommitRefs.map(shortRemoteRef) };
  // Its commit is new (rebased, amended): the copy on the remote came in an earlier commit.
  const targetCopyRefs = copyRefs.filter((ref) => trusted.has(ref));
  if (targetCopyRefs.length) return { kind: "remote", remoteRefs: targetCopyRefs.map(shortRemoteRef) };
  if (!commit) return { kind: "object", where: f.path };
  const elsewhere = [...new Set([...commitRefs, ...copyRefs])].map(shortRemoteRef);
  const notes = notesRefs.find((n) => n.commits.has(commit.sha));
  return {
    kind: "local",
    commit,
    isTip: commit.sha === head,
    parent: commit.parent,
    ...(elsewhere.length ? { alsoOn: elsewhere } : {}),
    ...(notes ? { notes: { ref: notes.ref, base: notes.base } } : {}),
  };
}

const shortRemoteRef = (ref: string) => ref.replace(/^refs\/remotes\//, "");

/**
 * Which findings' secrets are at the same path at some remote-tracking ref's tip, by full ref name (a rebased or
 * amended commit that was pushed before). The secrets are compared by digest, inside this process. Each file is streamed and
 * scanned in pieces as a diff's long file is: a 218 MB dump read whole peaked at 1.1 GB.
 */
async function secretsAtRemoteTips(findings: Finding[], findSecrets: FindSecrets): Promise<Map<Finding, string[]>> {
  const result = new Map<Finding, string[]>();
  if (!findings.length) return result;
  const tips = remoteTips();
  const paths = [...new Set(findings.map((f) => f.path))];
  const specs = tips.flatMap((t) => paths.map((p) => `${t.sha}:${p}`));
  const refsByDigest = new Map<string, Set<string>>();
  let ref = "";
  const pieces = new PatchParser((change) => {
    for (const found of findSecrets(change)) {
      if (!refsByDigest.has(found.digest)) refsByDigest.set(found.digest, new Set());
      refsByDigest.get(found.digest)!.add(ref);
    }
  });
  let answered = 0;
  await streamObjects(specs, (_spec, size, type) => {
    const i = answered++;
    if (type !== "blob" || size <= 0) return undefined;
    ref = tips[Math.floor(i / paths.length)].ref;
    const file = pieces.startDecoded(paths[i % paths.length], undefined);
    const lines = lineSink(file.take);
    return {
      write: (chunk) => lines.write(chunk),
      end() {
        lines.end();
        file.end();
      },
    };
  });
  for (const f of findings) {
    const refs = refsByDigest.get(f.digest);
    if (refs) result.set(f, [...refs]);
  }
  return result;
}

/** Which of these commits some remote-tracking ref already contains, and which refs (full names). */
function commitsOnRemotes(commits: CommitInfo[]): Map<string, string[]> {
  const shas = [...new Set(commits.map((c) => c.sha))];
  const result = new Map<string, string[]>();
  if (!shas.length) return result;
  const localOnly = new Set(gitSync(["rev-list", ...shas, "--not", "--remotes"]).stdout.split("\n").filter(Boolean));
  for (const sha of shas) {
    if (localOnly.has(sha)) continue;
    const refs = gitSync(["for-each-ref", "--contains", sha, "--format=%(refname)", "refs/remotes"]).stdout.split("\n").filter(Boolean);
    result.set(sha, refs);
  }
  return result;
}

function headSha(): string | null {
  const r = gitSync(["rev-parse", "--verify", "--quiet", "HEAD"], { allowFail: true });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The commit at the tip of every remote-tracking ref (symbolic ones such as origin/HEAD left out). */
function remoteTips(): { ref: string; sha: string }[] {
  const { stdout } = gitSync(["for-each-ref", "--format=%(refname) %(objectname) %(objecttype) %(symref)", "refs/remotes"]);
  return stdout
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([ref, , type, symref]) => ref && type === "commit" && !symref)
    .map(([ref, sha]) => ({ ref, sha }));
}
