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
  const { files, lines, skippedBinary } = outcome.stats;
  const parts = [`${pluralize(files, "file")}, ${pluralize(lines, "added line")}`];
  if (outcome.commitsScanned !== undefined) parts.unshift(pluralize(outcome.commitsScanned, "commit"));
  if (skippedBinary) parts.push(`${skippedBinary} binary skipped`);
  const found = outcome.findings.length ? pluralize(outcome.findings.length, "finding") : "no secrets";
  const suppressed = suppressedSummary(outcome);
  return `leakstop: ${found} in ${parts.join(", ")}${suppressed ? `; ${suppressed}` : ""}.`;
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
