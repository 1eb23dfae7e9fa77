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

export const ALLOW_FILE_V1_WEAK =
  "leakstop: .leakstop-allow.json is version 1: its hashes are fast to compute, so a short secret in it can be guessed offline. " +
  "To upgrade, delete it and run leakstop baseline (and leakstop allow for staged findings): new files are version 2 (scrypt).";
