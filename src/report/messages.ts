import type { Outcome } from "./outcome.js";

// Every one-line message the CLI prints lives here, so wording stays consistent.

export function pluralize(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export const BYPASS = {
  staged: "To commit anyway, deliberately: git commit --no-verify",
  push: "To push anyway, deliberately: git push --no-verify",
} as const;

export function summaryLine(outcome: Outcome): string {
  if (outcome.filesChanged === 0) {
    return outcome.mode === "staged" ? "leakstop: nothing is staged, so there is nothing to scan." : "leakstop: no new commits to scan.";
  }
  const { files, lines } = outcome.stats;
  const parts = [`${pluralize(files, "file")}, ${pluralize(lines, "added line")}`];
  if (outcome.commitsScanned !== undefined) parts.unshift(pluralize(outcome.commitsScanned, "commit"));
  const found = outcome.findings.length ? pluralize(outcome.findings.length, "finding") : "no secrets";
  const tail = [suppressedSummary(outcome), skippedSummary(outcome)].filter(Boolean);
  return `leakstop: ${found} in ${parts.join(", ")}${tail.map((t) => `; ${t}`).join("")}.`;
}

function suppressedSummary(outcome: Outcome): string {
  if (!outcome.suppressed.length) return "";
  const by = new Map<string, number>();
  for (const s of outcome.suppressed) by.set(s.mechanism, (by.get(s.mechanism) ?? 0) + 1);
  const label: Record<string, string> = { inline: "inline", "allow-file": "allow file", config: "config" };
  return `${outcome.suppressed.length} suppressed: ${[...by].map(([m, n]) => `${n} ${label[m]}`).join(", ")}`;
}

export function errorLine(message: string): string {
  return `leakstop: error: ${message}`;
}

export const HOOK_FAILED = {
  "pre-commit": "leakstop could not check this commit, so it is blocked. To commit without the check, deliberately: git commit --no-verify",
  "pre-push": "leakstop could not check this push, so it is blocked. To push without the check, deliberately: git push --no-verify",
} as const;

const SKIPPED_NAMES_SHOWN = 5;

/**
 * What was not scanned and why, e.g. "2 files skipped: logo.png, font.woff (binary content)". A path that is
 * itself a finding is never spelled out here.
 */
export function skippedSummary(outcome: Outcome): string {
  const { stats } = outcome;
  const secretPaths = new Set([...outcome.findings, ...outcome.suppressed.map((s) => s.finding)].filter((f) => f.origin === "path").map((f) => f.path));
  const list = (stats.skipped ?? []).map((s) => (secretPaths.has(s.path) ? { ...s, path: "(a path holding a secret)" } : s));
  if (!stats.skippedBinary) return "";
  if (!list.length) return `${pluralize(stats.skippedBinary, "file")} skipped (binary)`;
  // A push can skip the same file in several commits: name it once.
  const byReason = new Map<string, Set<string>>();
  for (const s of list) byReason.set(s.reason, (byReason.get(s.reason) ?? new Set()).add(s.path));
  const groups = [...byReason].map(([reason, pathSet]) => {
    const paths = [...pathSet];
    const shown = paths.slice(0, SKIPPED_NAMES_SHOWN).join(", ");
    const more = paths.length > SKIPPED_NAMES_SHOWN ? ` and ${paths.length - SKIPPED_NAMES_SHOWN} more` : "";
    return `${shown}${more} (${reason})`;
  });
  const files = new Set(list.map((s) => s.path)).size;
  return `${pluralize(files, "file")} skipped: ${groups.join("; ")}`;
}

export function unknownRemoteShaNote(remoteRef: string, remote: string, remoteSha: string): string {
  return (
    `Note: ${remoteRef} on ${remote} is at ${remoteSha.slice(0, 8)}, which this repository does not have (someone else pushed); ` +
    `scanned every commit not on a tracking ref of ${remote}.`
  );
}

/** Where a finding is, as the text report prints it: `file:line:column`, or `commit 1a2b3c4d message, line 2`. */
export function findingLocation(f: { path: string; line: number; column: number; origin?: string }): string {
  if (f.origin !== "message") return `${f.path}:${f.line}:${f.column}`;
  return `${f.path.replace(/^commit ([0-9a-f]{8})[0-9a-f]* message$/, "commit $1 message")}, line ${f.line}`;
}

export const ALL_ON_REMOTE_NOT_BLOCKED = "every one is ALREADY ON A REMOTE, so the push is not blocked (rotate them now)";

export const ALREADY_ON_REMOTE_DOES_NOT_BLOCK = [
  "A secret that is already on a remote does not block a push: pushing it again exposes nothing new, but it stays exposed until rotated.",
  "A secret this push would add to the remote still blocks it. Once rotated, stop seeing it with an allow-file entry:",
  '  leakstop allow --reason "rotated" (while the file holding it is staged)',
].join("\n");

/** What to do about a secret in a tag's message or in a blob or tree pushed under a tag. */
export function objectSteps(where: string[]): string[] {
  return [
    `This secret is in ${where.join(", ")}, which only this push would publish: it has NOT left this machine.`,
    "  1. Delete the tag (git tag -d NAME), remove the secret, and tag again (git tag -a NAME -m \"…\" TARGET), then push again.",
    "  2. Rotation is needed only if you shared the key anywhere else (chat, another repository, a paste).",
  ];
}

/** What to do about a secret in the commit message being written. */
export function messageSteps(lines: number[]): string[] {
  return [
    `This secret is in the commit message (line ${[...new Set(lines)].join(", ")}): nothing has left this machine.`,
    "  1. Commit again without it; git keeps the message you wrote in .git/COMMIT_EDITMSG.",
    "  2. Rotation is needed only if you shared the key anywhere else (chat, another repository, a paste).",
  ];
}

export const HOOK_FAILED_COMMIT_MSG =
  "leakstop could not check this commit message, so the commit is blocked. To commit without the check, deliberately: git commit --no-verify";

export const WHOLE_FILES_SCANNED =
  "Nothing of these files is staged, so their whole content was scanned: these secrets are already committed. " +
  "If those commits were pushed, rotate the secrets first.";

export const ALLOW_FILE_V1_WEAK =
  "leakstop: .leakstop-allow.json is version 1: its hashes are fast to compute, so a short secret in it can be guessed offline. " +
  "To upgrade, delete it and run leakstop baseline (and leakstop allow for staged findings): new files are version 2 (scrypt).";
