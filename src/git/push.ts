import type { Change, CommitInfo } from "../engine/scan.js";
import { UserError } from "../errors.js";
import { commitRediff, readBinarySections } from "./binaries.js";
import { unknownRemoteShaNote } from "../report/messages.js";
import { CombinedDiffParser } from "./combinedDiff.js";
import { DIFF_FORMAT, gitLines, gitSync } from "./exec.js";
import { messageChange, messageLines, messageOf } from "./messageText.js";
import { objectTypes, readObjects } from "./objects.js";
import { COMMIT_FORMAT, emptyStats, PatchParser } from "./patchParser.js";
import { CONTEXT_LINES, type SourceResult } from "./staged.js";

export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const ZERO = /^0+$/;

/** Parses the lines git gives a pre-push hook on stdin: `<local ref> <local sha> <remote ref> <remote sha>`. */
export function parsePushLines(input: string): RefUpdate[] {
  return input
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((line, i) => {
      const parts = line.split(" ");
      if (parts.length !== 4 || !/^[0-9a-f]{40,64}$/.test(parts[1]) || !/^[0-9a-f]{40,64}$/.test(parts[3])) {
        throw new UserError(`pre-push input line ${i + 1} is not "<local ref> <local sha> <remote ref> <remote sha>": ${line.slice(0, 120)}`);
      }
      const [localRef, localSha, remoteRef, remoteSha] = parts;
      return { localRef, localSha, remoteRef, remoteSha };
    });
}

function isRemoteName(remote: string): boolean {
  const { stdout } = gitSync(["remote"], { allowFail: true });
  return stdout.split("\n").includes(remote);
}

export interface PushedBlob {
  /** How a report names it, e.g. `tag v1 (blob)` or `tag v1 (tree) docs/a.txt`. */
  path: string;
  sha: string;
}

export interface PushPlan {
  /** Every commit the remote does not have yet, merges included. */
  commits: string[];
  merges: Set<string>;
  /** Annotated tag objects being pushed: their messages leave too. */
  tags: { name: string; sha: string }[];
  /** Blobs pushed outside any commit: under a tag that points at a blob or a tree. */
  blobs: PushedBlob[];
  notes: string[];
}

const shortRef = (ref: string) => ref.replace(/^refs\/(heads|tags)\//, "");
const refLabel = (ref: string) => (ref.startsWith("refs/tags/") ? `tag ${shortRef(ref)}` : shortRef(ref));

/**
 * What the remote does not have yet: commits reachable from each pushed ref and neither from the remote's old
 * shas nor from that remote's tracking refs; annotated tags; blobs and trees pushed under a tag. A deletion
 * scans nothing. A constant number of git processes, whatever the number of refs.
 */
export function planPush(remote: string, updates: RefUpdate[]): PushPlan {
  const plan: PushPlan = { commits: [], merges: new Set(), tags: [], blobs: [], notes: [] };
  const live = updates.filter((u) => !ZERO.test(u.localSha));
  if (!live.length) return plan;
  const tracking = remote && isRemoteName(remote) ? ["--not", `--remotes=${remote}/*`] : [];
  const types = objectTypes(live.flatMap((u) => [u.localSha, `${u.localSha}^{}`, ZERO.test(u.remoteSha) ? "" : `${u.remoteSha}^{}`]));
  const tips = new Set<string>();
  const trees: { label: string; sha: string }[] = [];
  const exclude = new Set<string>();
  live.forEach((u, i) => {
    const [local, peeled, remotePeeled] = types.slice(3 * i, 3 * i + 3);
    if (!ZERO.test(u.remoteSha)) {
      if (remotePeeled?.type === "commit") exclude.add(remotePeeled.name);
      else if (!remotePeeled) plan.notes.push(unknownRemoteShaNote(u.remoteRef, remote, u.remoteSha));
    }
    if (local?.type === "tag") plan.tags.push({ name: shortRef(u.localRef), sha: u.localSha });
    if (peeled?.type === "commit") tips.add(peeled.name);
    else if (peeled?.type === "blob") plan.blobs.push({ path: `${refLabel(u.localRef)} (blob)`, sha: peeled.name });
    else if (peeled?.type === "tree") trees.push({ label: `${refLabel(u.localRef)} (tree)`, sha: peeled.name });
  });
  const negated = [...exclude].map((sha) => `^${sha}`);
  if (tips.size) {
    const input = [...tips, ...negated].join("\n") + "\n";
    for (const line of gitSync(["rev-list", "--parents", "--stdin", ...tracking], { input }).stdout.split("\n")) {
      if (!line) continue;
      const [sha, ...parents] = line.split(" ");
      plan.commits.push(sha);
      if (parents.length > 1) plan.merges.add(sha);
    }
  }
  if (trees.length) plan.blobs.push(...blobsOfTrees(trees, negated, tracking));
  return plan;
}

/** The blobs of pushed trees that nothing on the remote side already reaches, named by tree and path. */
function blobsOfTrees(trees: { label: string; sha: string }[], negated: string[], tracking: string[]): PushedBlob[] {
  const input = [...trees.map((t) => t.sha), ...negated].join("\n") + "\n";
  const listed = gitSync(["rev-list", "--objects", "--stdin", ...tracking], { input }).stdout.split("\n").filter(Boolean);
  const entries = listed.map((line) => {
    const space = line.indexOf(" ");
    return space < 0 ? { sha: line, path: "" } : { sha: line.slice(0, space), path: line.slice(space + 1) };
  });
  const types = objectTypes(entries.map((e) => e.sha));
  // rev-list walks each pushed tree in turn, starting with the tree itself: its entries follow it.
  const labels = new Map(trees.map((t) => [t.sha, t.label]));
  let label = trees[0].label;
  const blobs: PushedBlob[] = [];
  entries.forEach((e, i) => {
    if (e.path === "" && labels.has(e.sha)) label = labels.get(e.sha)!;
    else if (types[i]?.type === "blob") blobs.push({ path: `${label} ${e.path}`, sha: e.sha });
  });
  return blobs;
}

/** Streams each commit's added lines against its first parent; merges go to readMerges. */
export async function readCommits(commits: string[], onChange: (c: Change) => void): Promise<SourceResult & { commits: number }> {
  const parser = new PatchParser(onChange);
  if (commits.length) {
    const args = ["log", "--stdin", "--no-walk=unsorted", "-p", COMMIT_FORMAT, "--diff-merges=first-parent", ...DIFF_FORMAT, `-U${CONTEXT_LINES}`];
    await gitLines(args, (line, more) => parser.push(line, more), { stdin: commits.join("\n") + "\n" });
  }
  parser.end();
  await readBinarySections(parser, onChange, commitRediff());
  return { stats: parser.stats, filesChanged: parser.filesChanged, commits: parser.commits };
}

/** Streams what merges introduce: lines of the result that are in none of the parents. */
export async function readMerges(merges: string[], onChange: (c: Change) => void): Promise<SourceResult> {
  const parser = new CombinedDiffParser(onChange);
  if (merges.length) {
    const args = ["log", "--stdin", "--no-walk=unsorted", "--cc", COMMIT_FORMAT, ...DIFF_FORMAT, `-U${CONTEXT_LINES}`];
    await gitLines(args, (line) => parser.push(line), { stdin: merges.join("\n") + "\n" });
  }
  parser.end();
  return { stats: parser.stats, filesChanged: parser.filesChanged };
}

function commitInfoOf(sha: string, raw: Buffer, message: string): CommitInfo {
  const head = raw.toString("utf8", 0, Math.max(0, raw.indexOf("\n\n")));
  const parent = /^parent ([0-9a-f]+)$/m.exec(head)?.[1] ?? null;
  return { sha, parent, subject: message.split("\n")[0] };
}

/** Streams the messages of pushed commits and annotated tags, and the whole content of pushed blobs. */
export function readPushedObjects(plan: PushPlan, onChange: (c: Change) => void): SourceResult {
  const stats = emptyStats();
  const specs = [...plan.commits, ...plan.tags.map((t) => t.sha), ...plan.blobs.map((b) => b.sha)];
  const objects = readObjects(specs);
  plan.commits.forEach((sha, i) => {
    const raw = objects[i];
    if (!raw) return;
    const message = messageOf(raw.content);
    onChange(messageChange(`commit ${sha} message`, message, commitInfoOf(sha, raw.content, message)));
  });
  plan.tags.forEach((tag, i) => {
    const raw = objects[plan.commits.length + i];
    if (raw) onChange(messageChange(`tag ${tag.name} message`, messageOf(raw.content)));
  });
  plan.blobs.forEach((blob, i) => {
    const raw = objects[plan.commits.length + plan.tags.length + i];
    if (!raw) return;
    if (raw.content.subarray(0, 8000).includes(0)) {
      stats.skippedBinary++;
      return;
    }
    const lines = messageLines(raw.content.toString("utf8"));
    stats.files++;
    stats.lines += lines.length;
    stats.bytes += raw.content.length;
    onChange({ path: blob.path, lines, origin: "content" });
  });
  return { stats, filesChanged: plan.blobs.length };
}

/** Which of these commits some remote-tracking ref already contains, and which refs. */
export function commitsOnRemotes(commits: CommitInfo[]): Map<string, string[]> {
  const shas = [...new Set(commits.map((c) => c.sha))];
  const result = new Map<string, string[]>();
  if (!shas.length) return result;
  const localOnly = new Set(gitSync(["rev-list", ...shas, "--not", "--remotes"]).stdout.split("\n").filter(Boolean));
  for (const sha of shas) {
    if (localOnly.has(sha)) continue;
    const refs = gitSync(["for-each-ref", "--contains", sha, "--format=%(refname:short)", "refs/remotes"]).stdout.split("\n").filter(Boolean);
    result.set(sha, refs);
  }
  return result;
}

export function headSha(): string | null {
  const r = gitSync(["rev-parse", "--verify", "--quiet", "HEAD"], { allowFail: true });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The commit at the tip of every remote-tracking ref (symbolic ones such as origin/HEAD left out). */
export function remoteTips(): { ref: string; sha: string }[] {
  const { stdout } = gitSync(["for-each-ref", "--format=%(refname:short) %(objectname) %(objecttype) %(symref)", "refs/remotes"]);
  return stdout
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([ref, , type, symref]) => ref && type === "commit" && !symref)
    .map(([ref, sha]) => ({ ref, sha }));
}
