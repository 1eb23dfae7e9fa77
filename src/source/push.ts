import { emptyStats, sumStats, type Change, type EmitChange, type CommitInfo, type NotesHistory, type Source, type SourceResult } from "../model/index.js";
import { hookInput } from "./stdin.js";
import { streamOf } from "./stream.js";
import { UserError } from "../errors.js";
import { refLines, ZERO_SHA } from "./git/refLines.js";
import { badPushLine, LFS_NOT_IN_PUSH_NOTE, NEW_REF_NAMES, PRE_PUSH_BY_HAND, pushedObjectMissing, staleTrackingNote, unknownRemoteShaNote } from "../model/messages.js";
import { withoutUserinfo } from "../util/url.js";
import { trackingRefOf, trackingRefsOf } from "./git/remotes.js";
import { commitRediff, readBinarySections } from "./git/binaries.js";
import { CombinedDiffParser } from "./git/combinedDiff.js";
import { CONTEXT_LINES, DIFF_FORMAT } from "./git/args.js";
import { gitLines, gitSync } from "./git/exec.js";
import { readPointerSections } from "./git/lfs.js";
import { messageChange, messageOf } from "./git/messageText.js";
import { objectTypes, readObjectsLater, type GitObject } from "./git/objects.js";
import { emitWholeBlobs } from "./git/wholeBlobs.js";
import { withNestedTags } from "./git/tags.js";
import { COMMIT_FORMAT, PatchParser } from "./git/patchParser.js";

export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}


/** Parses the lines git gives a pre-push hook on stdin: `<local ref> <local sha> <remote ref> <remote sha>`. */
export function parsePushLines(input: string): RefUpdate[] {
  return refLines(input, 4, [1, 3], badPushLine).map(([localRef, localSha, remoteRef, remoteSha]) => ({ localRef, localSha, remoteRef, remoteSha }));
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
  /** Annotated tag objects being pushed, and the tags they point at through other tags: their messages leave too. */
  tags: { name: string; sha: string }[];
  /** Blobs pushed outside any commit: under a tag that points at a blob or a tree. */
  blobs: PushedBlob[];
  /** Full names of the refs the push creates on the remote: a name is text that leaves too. */
  newRefs: string[];
  /** Pushed notes refs, each with the commits of its history the remote does not have yet. */
  notesRefs: PushedNotes[];
  /** The tracking refs (full names) trusted to say what the remote pushed to already has. */
  trusted: Set<string>;
  /** Local branches pushed (refs/heads/…): a rewrite of one that is not checked out must name it. */
  branches: string[];
  notes: string[];
}

export interface PushedNotes extends NotesHistory {
  commits: Set<string>;
}

export const emptyPlan = (): PushPlan => ({ commits: [], merges: new Set(), tags: [], blobs: [], newRefs: [], notesRefs: [], trusted: new Set(), branches: [], notes: [] });

const shortRef = (ref: string) => ref.replace(/^refs\/(heads|tags)\//, "");
const refLabel = (ref: string) => (ref.startsWith("refs/tags/") ? `tag ${shortRef(ref)}` : shortRef(ref));

/**
 * What the remote does not have yet: commits reachable from each pushed ref and neither from the remote's old
 * shas nor from that remote's tracking refs; annotated tags; blobs and trees pushed under a tag. A deletion
 * scans nothing. A constant number of git processes, whatever the number of refs, plus one per notes ref pushed
 * and one per tracking ref at another commit than git's ref line says.
 * A tracking ref is not trusted where git's ref line for its branch contradicts it (git says the remote lacks the
 * branch, or has it at a commit the tracking ref is not behind: the remote moved to a new URL, or the branch was
 * deleted there); the others still are.
 */
export function planPush(remote: string, updates: RefUpdate[], pushedTo: { remotes: readonly string[]; configured: readonly string[] }): PushPlan {
  const plan = emptyPlan();
  const live = updates.filter((u) => !ZERO_SHA.test(u.localSha));
  if (!live.length) return plan;
  plan.newRefs = live.filter((u) => ZERO_SHA.test(u.remoteSha)).map((u) => u.remoteRef);
  plan.branches = [...new Set(live.filter((u) => u.localRef.startsWith("refs/heads/")).map((u) => u.localRef))];
  const types = objectTypes(live.flatMap((u) => [u.localSha, `${u.localSha}^{}`, ZERO_SHA.test(u.remoteSha) ? "" : `${u.remoteSha}^{}`]));
  const tracked = trackingRefsOf(pushedTo.remotes, pushedTo.configured);
  const contradicted = live.flatMap((u, i) => pushedTo.remotes.flatMap((name) => contradicts(tracked, trackingRefOf(name, u.remoteRef), u.remoteSha, types[3 * i + 2]?.name)));
  for (const ref of contradicted) tracked.delete(ref);
  if (contradicted.length) plan.notes.push(staleTrackingNote(withoutUserinfo(remote), contradicted));
  plan.trusted = new Set(tracked.keys());
  // Commits a trusted tracking ref holds are on the remote already: left out like the remote's own old shas.
  const trustedTips = [...new Set(tracked.values())].map((sha) => `^${sha}`);
  const tips = new Set<string>();
  const trees: { label: string; sha: string }[] = [];
  const exclude = new Set<string>();
  const notesTips: { ref: string; tip: string; base: string | null }[] = [];
  live.forEach((u, i) => {
    const [local, peeled, remotePeeled] = types.slice(3 * i, 3 * i + 3);
    // Git only names objects it has; a sha it does not (a script's, a shallow clone's) must not pass as nothing to scan.
    if (!local) throw new UserError(pushedObjectMissing(updates.indexOf(u) + 1));
    if (!ZERO_SHA.test(u.remoteSha)) {
      if (remotePeeled?.type === "commit") exclude.add(remotePeeled.name);
      else if (!remotePeeled) plan.notes.push(unknownRemoteShaNote(u.remoteRef, remote, u.remoteSha));
    }
    if (local?.type === "tag") plan.tags.push({ name: shortRef(u.localRef), sha: u.localSha });
    if (peeled?.type === "commit" && u.localRef.startsWith("refs/notes/")) notesTips.push({ ref: u.localRef, tip: peeled.name, base: remotePeeled?.type === "commit" ? remotePeeled.name : null });
    if (peeled?.type === "commit") tips.add(peeled.name);
    else if (peeled?.type === "blob") plan.blobs.push({ path: `${refLabel(u.localRef)} (blob)`, sha: peeled.name });
    else if (peeled?.type === "tree") trees.push({ label: `${refLabel(u.localRef)} (tree)`, sha: peeled.name });
  });
  const negated = [...[...exclude].map((sha) => `^${sha}`), ...trustedTips];
  if (tips.size) {
    const input = [...tips, ...negated].join("\n") + "\n";
    for (const line of gitSync(["rev-list", "--parents", "--stdin"], { input }).stdout.split("\n")) {
      if (!line) continue;
      const [sha, ...parents] = line.split(" ");
      plan.commits.push(sha);
      if (parents.length > 1) plan.merges.add(sha);
    }
  }
  for (const { ref, tip, base } of notesTips) {
    const commits = gitSync(["rev-list", "--stdin"], { input: [tip, ...negated].join("\n") + "\n" }).stdout.split("\n").filter(Boolean);
    plan.notesRefs.push({ ref, base, commits: new Set(commits) });
  }
  if (trees.length) plan.blobs.push(...blobsOfTrees(trees, negated, []));
  if (plan.tags.length) plan.tags = withNestedTags(plan.tags);
  return plan;
}

/**
 * The tracking ref of a pushed branch, when git's ref line contradicts it: git says the remote lacks the branch
 * (`remoteSha` zero), or has it at a commit the tracking ref is not an ancestor of (or at one this repository
 * lacks: someone pushed since, and the tracking ref is merely behind, which is no contradiction).
 */
function contradicts(tracked: Map<string, string>, ref: string | null, remoteSha: string, remoteCommit: string | undefined): string[] {
  const sha = ref === null ? undefined : tracked.get(ref);
  if (sha === undefined || sha === remoteCommit) return [];
  if (ZERO_SHA.test(remoteSha)) return [ref!];
  if (remoteCommit === undefined) return [];
  return gitSync(["merge-base", "--is-ancestor", sha, remoteCommit], { allowFail: true }).status === 0 ? [] : [ref!];
}

/** The blobs of pushed trees that nothing on the remote side already reaches, named by tree and path. */
export function blobsOfTrees(trees: { label: string; sha: string }[], negated: string[], tracking: string[]): PushedBlob[] {
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

/**
 * Streams each commit's added lines against its first parent; merges go to readMerges. Git LFS objects are
 * read from the local store in their pointers' place; `lfsInStore: false` (a server) scans the pointers.
 */
export async function readCommits(commits: string[], onChange: EmitChange, options: { lfsInStore?: boolean } = {}): Promise<SourceResult & { commits: number }> {
  const parser = new PatchParser(onChange, { pointers: true });
  if (commits.length) {
    const args = ["log", "--stdin", "--no-walk=unsorted", "-p", COMMIT_FORMAT, "--diff-merges=first-parent", ...DIFF_FORMAT, `-U${CONTEXT_LINES}`];
    await gitLines(args, parser.onGitLine, { stdin: commits.join("\n") + "\n" });
  }
  parser.end();
  await readBinarySections(parser, onChange, commitRediff());
  const notes = await readPointerSections(parser, onChange, { inStore: options.lfsInStore });
  return { stats: parser.stats, filesChanged: parser.filesChanged, commits: parser.commits, notes };
}

/** Streams what merges introduce: lines of the result that are in none of the parents. */
export async function readMerges(merges: string[], onChange: EmitChange): Promise<SourceResult> {
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

const messageSpecs = (plan: Pick<PushPlan, "commits" | "tags">) => [...plan.commits, ...plan.tags.map((t) => t.sha)];

/** The names of the refs a push creates, a line each: a branch named after a token publishes it. */
function newRefNames(plan: PushPlan): Change {
  return { path: NEW_REF_NAMES, origin: "ref", lines: plan.newRefs.map((text, i) => ({ number: i + 1, text, added: true })) };
}

/** The messages of pushed commits and annotated tags, each a change of its own. */
function emitPushedMessages(plan: Pick<PushPlan, "commits" | "tags">, objects: (GitObject | null)[], onChange: EmitChange): void {
  plan.commits.forEach((sha, i) => emitCommitMessage(sha, objects[i], onChange));
  plan.tags.forEach((tag, i) => {
    const raw = objects[plan.commits.length + i];
    if (raw) onChange(messageChange(`tag ${tag.name} message`, messageOf(raw.content)));
  });
}

/** A commit's message as a change of its own (nothing where the commit could not be read). */
export function emitCommitMessage(sha: string, raw: GitObject | null, onChange: EmitChange): void {
  if (!raw) return;
  const message = messageOf(raw.content);
  onChange(messageChange(`commit ${sha} message`, message, commitInfoOf(sha, raw.content, message)));
}

/** Streams the whole content of pushed blobs (an LFS pointer's: its object; an archive's: its members). */
async function readPushedBlobs(plan: PushPlan, onChange: EmitChange, options: { lfsInStore?: boolean }): Promise<SourceResult> {
  const stats = emptyStats();
  const notes: string[] = [];
  const blobs = plan.blobs.map((b) => ({ path: b.path, spec: b.sha }));
  // A server has no LFS objects: it scans the pointers, and says so once.
  const onPointer = () => {
    if (!notes.length) notes.push(LFS_NOT_IN_PUSH_NOTE);
  };
  await emitWholeBlobs(blobs, stats, onChange, { lfsObjects: options.lfsInStore !== false, onPointer });
  return { stats, filesChanged: plan.blobs.length, notes };
}

/** Everything a push sends, as one source: commits against their first parent, merges, then messages and tagged objects. */
export function pushSource(plan: PushPlan, options: { lfsInStore?: boolean } = {}): Source {
  return streamOf(async (onChange) => {
    // Started first, read last: git looks the messages up while the diff is read and scanned.
    const messages = readObjectsLater(messageSpecs(plan));
    // Awaited below; until then a failure must not count as unhandled (the diff's own error comes first).
    messages.catch(() => {});
    const single = await readCommits(plan.commits.filter((c) => !plan.merges.has(c)), onChange, options);
    const merged = await readMerges([...plan.merges], onChange);
    emitPushedMessages(plan, await messages, onChange);
    if (plan.newRefs.length) onChange(newRefNames(plan));
    const objects = await readPushedBlobs(plan, onChange, options);
    const scanned = plan.commits.length + plan.tags.length + plan.blobs.length;
    const filesChanged = single.filesChanged + merged.filesChanged + objects.filesChanged;
    return {
      stats: sumStats([single.stats, merged.stats, objects.stats]),
      filesChanged: scanned ? Math.max(filesChanged, 1) : 0,
      commitsScanned: plan.commits.length,
      notes: [...new Set([...plan.notes, ...(single.notes ?? []), ...(objects.notes ?? [])])],
    };
  });
}

/**
 * What is being pushed: git's ref lines on stdin, or, from the pre-commit framework (which runs pre-push hooks
 * without git's stdin), its PRE_COMMIT_* variables.
 */
export function readPushRequest(remoteArg: string | undefined, urlArg: string | undefined): { remote: string; url?: string; updates: RefUpdate[] } {
  const fromFramework = preCommitFrameworkUpdates();
  const input = hookInput();
  if (input === undefined && !fromFramework.length) throw new UserError(PRE_PUSH_BY_HAND);
  const stdinUpdates = input === undefined ? [] : parsePushLines(input);
  return {
    remote: remoteArg ?? process.env.PRE_COMMIT_REMOTE_NAME ?? "",
    url: urlArg ?? process.env.PRE_COMMIT_REMOTE_URL,
    updates: stdinUpdates.length ? stdinUpdates : fromFramework,
  };
}

/** A push that includes a root commit comes from the framework without FROM/TO refs: treat it as a new branch. */
function preCommitFrameworkUpdates(): RefUpdate[] {
  const env = process.env;
  const local = env.PRE_COMMIT_TO_REF ?? (env.PRE_COMMIT_REMOTE_NAME || env.PRE_COMMIT_LOCAL_BRANCH ? env.PRE_COMMIT_LOCAL_BRANCH || "HEAD" : "");
  if (!local) return [];
  const localSha = gitSync(["rev-parse", "--verify", local]).stdout.trim();
  const from = env.PRE_COMMIT_FROM_REF ?? "";
  const remoteSha = /^0*$/.test(from) ? "0".repeat(localSha.length) : gitSync(["rev-parse", "--verify", from], { allowFail: true }).stdout.trim() || from;
  return [{ localRef: env.PRE_COMMIT_LOCAL_BRANCH ?? "HEAD", localSha, remoteRef: env.PRE_COMMIT_REMOTE_BRANCH ?? "", remoteSha }];
}
