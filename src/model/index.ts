// The types that travel along the pipeline (source → engine → policy → report). Every stage imports them from
// here, so no stage needs another stage's internals to name what it hands on.
import type { DetectorCore } from "../detectors/types.js";

export interface Line {
  /** 1-based line number in the new content. */
  number: number;
  text: string;
  /** Context lines are read only to decide detectors' context rules; they are never reported. */
  added: boolean;
  /** Added, and carried over from the previous piece of the same file (Change.carriedOn) as its first lines. */
  seen?: boolean;
  /** Characters of the same line before this text, when a very long line arrives in pieces. */
  offset?: number;
  /**
   * A long ASCII line's bytes as git wrote them, in the reads they came in: the engine copies these instead of
   * encoding `text` again, and `text` stays a join of small strings until something reads its characters.
   */
  utf8?: readonly Buffer[];
}

export interface CommitInfo {
  sha: string;
  /** First parent, or null for a root commit. */
  parent: string | null;
  subject: string;
}

/**
 * What a change's lines are: file content (the default), a commit or tag message (`path` then names the
 * object, e.g. "commit 1a2b3c4 message"), the paths a change adds, scanned as text, the content of the
 * Git LFS object whose pointer is at `path`, or of the `member` of the archive at `path`; or the names of the refs
 * a push creates on the remote, a name a line.
 */
export type ChangeOrigin = "content" | "message" | "path" | "lfs" | "archive" | "ref";

export interface Change {
  path: string;
  commit?: CommitInfo;
  lines: Line[];
  origin?: ChangeOrigin;
  /** The archive member at `path` these lines are from (origin "archive") or name (origin "path"); line numbers are the member's. */
  member?: MemberPlace;
  /** A piece of a long file after the first one scanned: it decodes within a share of the budget (decode/index.ts). */
  laterPiece?: true;
  /**
   * A piece cut by size: the next piece of the file begins with this many of its last lines (`seen` there if added). A
   * match that starts among them is left to that piece, which sees how it goes on.
   */
  carriedOn?: number;
}

export type ByteRange = readonly [offset: number, length: number];

/** An archive member: its path inside the archive, and where it is stored in the archive file (the outermost entry). */
export interface MemberPlace {
  name: string;
  bytes: ByteRange;
}

/** Where a secret is on a line (character offsets in the line's text) and how it is shown masked. */
export interface Span {
  start: number;
  end: number;
  redacted: string;
}

export interface Finding {
  detector: DetectorCore;
  path: string;
  commit?: CommitInfo;
  origin?: ChangeOrigin;
  /** The archive member the finding is in (origin "archive") or whose name holds it (origin "path"). */
  member?: MemberPlace;
  line: number;
  column: number;
  /** One past the secret's last character on its line (1-based, like column): spans for redacting the line. */
  endColumn: number;
  redacted: string;
  /** The line as it should be shown: every secret on it redacted. */
  lineRedacted: string;
  /** Every secret's span on that line, listed or beyond the caps (no secret in it): to mask the line again. */
  lineSpans?: readonly Span[];
  fingerprint: string;
  /** Extra words on what was found, e.g. which variable's value. */
  note?: string;
  /** The environment variable to read instead, when it is specific to this finding. */
  envVar?: string;
  /** Where the secret has gone; set by the source's exposure step after triage (absent: staged). */
  exposure?: Exposure;
  /**
   * The secret as a keyed hash (util/crypto secretDigest), the only form in which it leaves the engine: equal
   * digests, same secret. Compared in memory, never written; what is written (fingerprints, allow entries) is
   * scrypt over it.
   */
  digest: string;
  /** Other parts of the same credential found next to this one (an access key's secret): reported as one. */
  parts?: Finding[];
  /** The index of the config's placeholder word the value holds: the policy suppresses it, visibly. */
  placeholder?: number;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ScanStats {
  files: number;
  lines: number;
  bytes: number;
  skippedBinary: number;
  /** What was skipped and why; absent when nothing was. */
  skipped?: SkippedFile[];
}

export function emptyStats(): ScanStats {
  return { files: 0, lines: 0, bytes: 0, skippedBinary: 0 };
}

export function sumStats(all: ScanStats[]): ScanStats {
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

/** What a source reports once it has streamed all its changes. */
export interface SourceResult {
  stats: ScanStats;
  /** Files the diff touched at all (zero: nothing was staged). */
  filesChanged: number;
  /** Commits read, for a push. */
  commitsScanned?: number;
  /** What the source wants the user to know whatever is found (already phrased by model/messages). */
  notes?: string[];
  /** Whole files were read instead of a diff: what is found is already committed. */
  wholeContent?: boolean;
}

/** A source yields its changes as git produces them, one at a time, then returns what it read. */
export type Source = () => AsyncGenerator<Change, SourceResult, undefined>;

/** How a reader that parses a stream hands on each change, in order. */
export type EmitChange = (change: Change) => void;

/** Where a secret has gone, decided from local information only. */
export type Exposure =
  | { kind: "staged" }
  /**
   * In commits the remote pushed to does not have: blocked before it reached that remote. `alsoOn`: tracking refs
   * of other remotes that already have it (it has left the machine all the same).
   */
  | { kind: "local"; commit: CommitInfo; isTip: boolean; parent: string | null; alsoOn?: string[]; notes?: NotesHistory; rewrite?: Rewrite }
  /** In a tag's message, a blob or tree pushed under a tag, or a ref's name, that no remote has yet. */
  | { kind: "object"; where: string }
  /** In the commit message being written. */
  | { kind: "message" }
  /**
   * The secret itself is already reachable from these tracking refs of the remote pushed to (its commit is, or the
   * same value is at the same path there): it has left the machine, and pushing it again exposes nothing new.
   */
  | { kind: "remote"; commit?: CommitInfo; remoteRefs: string[] };

export const STAGED: Exposure = { kind: "staged" };

/**
 * What a history rewrite of a local commit must know beyond its parent: the pushed branch that holds it when that
 * is not the branch checked out (a rebase rewrites the checked-out one), and whether merges are in the way (a
 * plain rebase drops them, and a merge cannot be marked "edit").
 */
export interface Rewrite {
  branch?: string;
  acrossMerges?: boolean;
  isMerge?: boolean;
}

/**
 * A pushed notes ref (`refs/notes/commits`) whose new commits hold the secret: the fix rewrites those commits, not
 * a branch's. `base`: the remote's commit of that ref, when this repository has it (the rewrite goes on from it).
 */
export interface NotesHistory {
  ref: string;
  base: string | null;
}

/** The remote-tracking refs that already hold the secret, the remote pushed to or another: where history needs cleaning. */
export function exposedOn(e: Exposure): string[] {
  if (e.kind === "remote") return e.remoteRefs;
  return e.kind === "local" ? (e.alsoOn ?? []) : [];
}

export function exposureOf(f: Finding): Exposure {
  return f.exposure ?? STAGED;
}

export type SuppressionMechanism = "inline" | "allow-file" | "config";

export interface Suppressed {
  finding: Finding;
  mechanism: SuppressionMechanism;
  reason: string;
}

export interface Outcome {
  /** scan: a CI or history scan; nothing is blocked, findings still exit 1. */
  mode: "staged" | "push" | "scan";
  findings: Finding[];
  suppressed: Suppressed[];
  stats: ScanStats;
  /** Files touched by the change at all; zero means there was nothing to scan. */
  filesChanged: number;
  commitsScanned?: number;
  notes: string[];
}

// ── Blast radius and history cleaning (issue 11) ──
// Declared here as additions to Finding (interfaces merge) so the types above stay as they are.

/** A ref whose tree holds the same secret, and where in it. */
export interface BlastPlace {
  ref: string;
  paths: string[];
}

/** Where else the same secret is, read from local refs only. */
export interface BlastRadius {
  /** Tracked files at HEAD holding it (the finding's own place left out). */
  files: string[];
  branches: BlastPlace[];
  tags: BlastPlace[];
  /** Stash entries (stash@{n}), whose worktree, index or untracked-files trees hold it. */
  stashes: BlastPlace[];
  /** Remote-tracking refs whose tip holds it: already off this machine. */
  remotes: BlastPlace[];
  /** The environment variable it belongs in, and the tracked files at HEAD that read it: to update once rotated. */
  envVar?: { name: string; readers: string[] };
  /** Refs not searched, for the time budget or the cap on refs. */
  notSearched: number;
  /** How to clean it out of a remote's history, when it is already there. */
  history?: HistoryCleaning;
}

/** A secret already on a remote: the rewrite that removes it and the window it has been readable in. */
export interface HistoryCleaning {
  /** The filter-repo rules file leakstop wrote outside the repository (mode 0600); it holds every such secret. */
  replaceFile: string;
  /** The rules file also holds commit-message rules (--replace-message). */
  inMessages: boolean;
  /** Per remote: where to clone it from (credentials left out) and the branches to force-push. */
  pushes: { remote: string; url: string; branches: string[] }[];
  /** The oldest commit reachable from a remote-tracking ref that holds it. */
  since?: { commit: string; date: string };
}

export interface Finding {
  /** Where else the same secret is (set for reported findings only; absent when its value could not be read back). */
  blast?: BlastRadius;
}

// ── Decoding (issue 13) ──

/** How a secret was written where it was found, when it had to be decoded (or joined: `concat`, split over string literals) to be read. */
export type DecodedFrom = "base64" | "percent" | "escape" | "concat" | "invisible";

export interface Finding {
  /** Found in the decoded text of an encoded value; line and columns cover the encoded text, the digest is of the decoded secret. */
  decodedFrom?: DecodedFrom;
}

/** The dotenv files whose values are protected: the config's globs, and their matcher (the policy compiles it). */
export interface DotenvFiles {
  globs: readonly string[];
  matches: (path: string) => string | undefined;
}
