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

/** A value the user wrote, described by type and size only: it may be a pasted secret. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${pluralize(value.length, "item")}`;
  if (typeof value === "string") return `a string of ${pluralize(value.length, "character")}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "boolean") return `the boolean ${value}`;
  return `a ${typeof value}`;
}

/** A key or id the user wrote: quoted when it reads as a name, else described by length (a secret can land there too). */
export function describeName(name: string): string {
  const digits = name.replace(/\D/g, "").length;
  // Random bodies mix letters and digits in long runs; names (crc32-base62, ignorePaths) do not.
  const randomRun = name.split(/[-_.$]/).some((part) => part.length >= 12 && /\d/.test(part));
  const nameLike = name.length <= 32 && /^[A-Za-z_$][\w$.-]*$/.test(name) && digits <= 4 && !randomRun;
  return nameLike ? `"${name}"` : `a name of ${pluralize(name.length, "character")}`;
}

export function notRegularFile(file: string, kind: string): string {
  return `${file}: is ${kind}, not a regular file; leakstop reads only regular files here`;
}

export function fileTooLarge(file: string, limit: string): string {
  return `${file}: is larger than ${limit}, more than leakstop reads for this file`;
}

export function fileUnreadable(file: string, code: string): string {
  return `${file}: cannot be read (${code})`;
}

export function invalidJson(file: string, where: string | undefined, what: string): string {
  return `${file}: not valid JSON${where ? ` at ${where}` : ""}: ${what}`;
}

export function unknownChecksum(where: string, name: string, known: readonly string[], guess: string | undefined): string {
  return `${where}: unknown checksum ${describeName(name)}${guess ? ` (did you mean "${guess}"?)` : ""}; expected one of ${known.join(", ")}`;
}

export function badGlob(where: string, why: string): string {
  return `${where}: not a valid glob: ${why}`;
}

export function dotenvTooLarge(file: string, limit: string): string {
  return `${file} is larger than ${limit}; its values were not loaded.`;
}

export function dotenvUnreadable(problem: string): string {
  return `${problem}; its values were not loaded.`;
}

export function re2Unavailable(cause: string): string {
  return `the re2 native module could not be loaded (${cause}): run npm rebuild re2`;
}

export function findingsNotListed(count: number, path: string, cap: string, atLeast: boolean): string {
  return `${atLeast ? "At least " : ""}${pluralize(count, "more finding")} in ${path} not listed (${cap}).`;
}

export function runFindingsNotListed(count: number, cap: number): string {
  return `${pluralize(count, "more finding")} not listed (at most ${cap} per run).`;
}

export function unknownInlineDetector(where: string, id: string, guess: string | undefined): string {
  const hint = guess ? ` (did you mean "${guess}"?)` : "";
  return `${where}: leakstop:allow names an unknown detector ${describeName(id)}${hint}; leakstop detectors lists them, and "leakstop:allow: reason" allows any`;
}

export const GLOB_UNCLOSED_BRACE = 'a "{" is never closed by "}"';

/** Said once per run on stderr when the engine runs on re2js; the slowdown is the one measured in README "Dependencies". */
const RE2JS_SLOWDOWN = 3;
export function re2FallbackInUse(cause: string): string {
  return `leakstop: the native re2 module is not built (${cause}); scanning with re2js, about ${RE2JS_SLOWDOWN}× slower. To speed up: npm rebuild re2`;
}

export function re2BuiltForOtherNode(builtFor: string, needed: string): string {
  return `it was built for another Node.js: module version ${builtFor}, this one needs ${needed}`;
}
