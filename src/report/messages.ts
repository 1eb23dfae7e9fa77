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
