import type { Change, CommitInfo } from "../engine/scan.js";
import { UserError } from "../errors.js";
import { commitRediff, readBinarySections } from "./binaries.js";
import { DIFF_FORMAT, gitLines, gitSync } from "./exec.js";
import { COMMIT_FORMAT, PatchParser } from "./patchParser.js";
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

export interface PushPlan {
  commits: string[];
  notes: string[];
}

/**
 * The commits the remote does not have yet: reachable from each pushed sha, and neither from the remote's old
 * sha nor from any of that remote's tracking refs. A deletion scans nothing.
 */
export function planPush(remote: string, updates: RefUpdate[]): PushPlan {
  const notes: string[] = [];
  const seen = new Set<string>();
  const commits: string[] = [];
  const tracking = remote && isRemoteName(remote) ? [`--remotes=${remote}/*`] : [];
  for (const u of updates) {
    if (ZERO.test(u.localSha)) continue;
    const exclude = [...tracking];
    if (!ZERO.test(u.remoteSha)) {
      if (gitSync(["cat-file", "-e", `${u.remoteSha}^{commit}`], { allowFail: true }).status === 0) {
        exclude.push(u.remoteSha);
      } else {
        notes.push(
          `Note: ${u.remoteRef} on ${remote} is at ${u.remoteSha.slice(0, 8)}, which this repository does not have (someone else pushed); ` +
            `scanned every commit not on a tracking ref of ${remote}.`,
        );
      }
    }
    const peeled = gitSync(["rev-parse", "--verify", "--quiet", `${u.localSha}^{commit}`], { allowFail: true });
    if (peeled.status !== 0) {
      notes.push(`Note: ${u.localRef} points at ${u.localSha.slice(0, 8)}, which is not a commit; it was not scanned.`);
      continue;
    }
    const { stdout } = gitSync(["rev-list", peeled.stdout.trim(), ...(exclude.length ? ["--not", ...exclude] : [])]);
    for (const sha of stdout.split("\n")) {
      if (sha && !seen.has(sha)) {
        seen.add(sha);
        commits.push(sha);
      }
    }
  }
  return { commits, notes };
}

/** Streams each commit's added lines against its first parent (merges: what the merge itself introduces). */
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
