import type { Outcome } from "./index.js";

// Every message the CLI prints lives here, so wording stays consistent. It sits in the model so that every
// stage (sources, engine, policy errors, report) takes its words from the one place without importing report/.

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

export function allowFileOutdated(allowFile: string, version: number, entries: number): string {
  return (
    `leakstop: ${allowFile} is version ${version}: its entries (${entries}) hashed the secret itself, which this version can no longer check, so they suppress nothing. ` +
    `Rewrite it: leakstop baseline (and leakstop allow for staged findings) writes version 3.`
  );
}

export function allowFileReplaced(allowFile: string, version: number, entries: number): string {
  return `leakstop: ${allowFile} was version ${version}: its entries (${entries}) could not be checked, so it was started anew as version 3.`;
}

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
  return `${where}: unknown checksum ${describeName(name)}${didYouMean(guess)}; expected one of ${known.join(", ")}`;
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
  return `${where}: leakstop:allow names an unknown detector ${describeName(id)}${didYouMean(guess)}; leakstop detectors lists them, and "leakstop:allow: reason" allows any`;
}

export const GLOB_UNCLOSED_BRACE = 'a "{" is never closed by "}"';

// ── Messages moved here from the stages that print them (sources, policy, cli, install) ──

/** The one spelling of a suggestion, e.g. ` (did you mean "github-pat"?)`; empty without a guess. */
export function didYouMean(guess: string | undefined): string {
  return guess ? ` (did you mean "${guess}"?)` : "";
}

export const PRE_PUSH_BY_HAND = "the pre-push hook reads git's ref lines on stdin; run it from git push, not by hand";

export function badPushLine(lineNumber: number, shownLine: string): string {
  return `pre-push input line ${lineNumber} is not "<local ref> <local sha> <remote ref> <remote sha>": ${shownLine}`;
}

export const ISO_READER_NO_PATHS = "the isomorphic-git reader scans the whole index; paths need the git reader";

export const COMMIT_MSG_FILE_MISSING = "the commit-msg hook needs the message file git passes it: leakstop hook commit-msg FILE";

export function commitMsgUnreadable(file: string, code: string): string {
  return `cannot read the commit message file ${file}: ${code}`;
}

export function unknownDisabledDetector(id: string, guess: string | undefined): string {
  return `disable: unknown detector ${describeName(id)}${didYouMean(guess)}; leakstop detectors lists them all`;
}

export function detectorsDisabledNote(ids: string[], source: string | null): string {
  return `${ids.length} detector(s) disabled by ${source}: ${ids.join(", ")}.`;
}

export const EXPLAIN_NEEDS_ID = "explain needs a detector id (see leakstop detectors)";

export function unknownDetector(id: string, guess: string | undefined): string {
  return `no detector ${describeName(id)}${didYouMean(guess)}; leakstop detectors lists them all`;
}

export function detectorCount(n: number): string {
  return `${n} detectors`;
}

/** Headings of a credential type's guidance, in the report and in `leakstop explain`. */
export const GUIDANCE_LABELS = {
  what: "What it is:",
  severity: "Severity:",
  attacker: "What an attacker can do:",
  live: "Is it live?",
  revoke: "Revoke and rotate",
  keepOut: "Keep it out of code:",
  usuallyNamed: "Usually named",
  foundIn: "found in",
} as const;

export const EXPLAIN_LIVE_CHECK = "Run this yourself (leakstop never sends anything):";

export function keepOutOfCode(envVar: string | undefined): string {
  return `read ${envVar ?? "it"} from the environment; store the value in a secret manager (1Password, Vault, Doppler, AWS/GCP/Azure secret stores) or your CI's secrets.`;
}

export function explainHeader(doc: { id: string; name: string; service: string }): string[] {
  return [`${doc.name} [${doc.id}]`, `Service: ${doc.service}`];
}

export function badFormat(value: string): string {
  return `--format must be text, json or sarif, not ${describeName(value)}`;
}

export function badReader(value: string): string {
  return `--reader must be auto, git or isomorphic-git, not ${describeName(value)}`;
}

export const NOTHING_TO_DO = "nothing to do: use leakstop --staged, or see leakstop --help";

export function unknownCommand(command: string): string {
  return `unknown command ${describeName(command)} (see leakstop --help)`;
}

export function unknownHook(name: string): string {
  return `unknown hook ${describeName(name)}: expected pre-commit, pre-push, commit-msg or pre-receive`;
}

export function internalError(message: string): string {
  return `internal error: ${message}`;
}

/** A line of what `leakstop init` did. */
export function initLine(line: string): string {
  return `leakstop: ${line}`;
}

export function badExpiryDate(value: string): string {
  return `--expires must be a date YYYY-MM-DD, not ${describeName(value)}`;
}

export function expiryInPast(value: string): string {
  return `--expires ${value} is in the past`;
}

export const ALLOW_NEEDS_REASON = "allow needs --reason TEXT: say why this finding is acceptable";

export function noFindingWithFingerprint(fingerprint: string): string {
  const shown = /^[a-z0-9-]+:[0-9a-f]{16}$/.test(fingerprint) ? fingerprint : describeName(fingerprint);
  return `no staged finding has the fingerprint ${shown} (leakstop --staged --format json lists them)`;
}

export const NO_STAGED_TO_ALLOW = "leakstop: no staged findings to allow.";

export function allowedLine(alreadyAllowed: boolean, detectorId: string, place: string, fingerprint: string): string {
  return `leakstop: ${alreadyAllowed ? "already allowed" : "allowed"} ${detectorId} at ${place} (${fingerprint})`;
}

export function allowFileRecordsHash(allowFile: string): string {
  return `leakstop: ${allowFile} records the secret's salted hash, never the secret; commit it with the change.`;
}

export function baselineReason(date: string): string {
  return `baseline: present when leakstop was adopted on ${date}`;
}

export function baselineSummary(findings: number, added: number, allowFile: string): string {
  return `leakstop: ${findings} finding(s) in the working tree; ${added} new entr${added === 1 ? "y" : "ies"} written to ${allowFile} (salted hashes only).`;
}

export function staleAllowEntry(detector: string, path: string, reason: string): string {
  return `leakstop: stale entry: ${detector} in ${path} ("${reason}") matches nothing any more; remove it.`;
}

export function expiredAllowEntry(detector: string, path: string, reason: string, expires: string | undefined): string {
  return `leakstop: expired entry: ${detector} in ${path} ("${reason}") expired on ${expires} and no longer suppresses.`;
}

export function allowEntryExpiredNote(detector: string, entryPath: string, reason: string, expires: string | undefined, place: string): string {
  return `The allow entry for ${detector} in ${entryPath} ("${reason}") expired on ${expires}, so ${place} blocks again.`;
}

export function ignoredPathReason(glob: string): string {
  return `path matches ignorePaths "${glob}"`;
}

export function belowMinSeverityReason(severity: string, minSeverity: string): string {
  return `severity ${severity} is below minSeverity ${minSeverity}`;
}

export function findingCaps(perLine: number, perFile: number): string {
  return `at most ${perLine} per line and ${perFile} per file`;
}

export function twoConfigs(configFile: string): string {
  return `both ${configFile} and the "leakstop" key of package.json configure leakstop: keep one`;
}

/** What `leakstop init` reports, one line per hook it touched. */
export const INIT = {
  removed: (path: string) => `removed ${path}`,
  removedLine: (path: string) => `removed the leakstop line from ${path}`,
  alreadyRuns: (path: string) => `${path} already runs leakstop`,
  created: (path: string) => `created ${path}`,
  addedBefore: (path: string) => `added leakstop to ${path} (before what it already runs)`,
  huskyInactive: "note: husky is not active in this clone yet (core.hooksPath is not .husky/_): run `npx husky` once",
  restoredPrevious: (hook: string, path: string) => `removed leakstop's ${hook} hook and put back the previous one (${path})`,
  installedChained: (path: string, hook: string, keptAs: string) => `installed ${path}; your existing ${hook} hook was kept as ${keptAs} and still runs after leakstop`,
  installed: (path: string) => `installed ${path}`,
} as const;

/** A config file's first schema problem, as one line: where, what was expected, what was found. */
export const CONFIG_ISSUE = {
  unknownKey: (at: string, key: string, known: string[]) => `${at}unknown key ${key}; expected one of ${known.join(", ")}`,
  expected: (where: string, expected: string, found: string) => `${where}: expected ${expected}, found ${found}`,
  expectedOneOf: (where: string, values: string[], found: string) => `${where}: expected one of ${values.join(", ")}, found ${found}`,
  tooSmall: (where: string, unit: "item" | "character", minimum: number, found: string) => `${where}: expected at least ${minimum} ${unit}(s), found ${found}`,
  other: (where: string, problem: string, found: string) => `${where}: ${problem}, found ${found}`,
} as const;

export const NO_REASON_GIVEN = "no reason given";

export function foreignMarkerReason(marker: string): string {
  return `${marker} marker`;
}

export const NOT_A_REPOSITORY = "not a git repository (run leakstop inside a repository, or set GIT_DIR)";

export function gitFailed(command: string, firstLine: string): string {
  return `git ${command} failed: ${firstLine || "no message"}`;
}

export function cannotRunGit(cause: string): string {
  return `cannot run git: ${cause}`;
}

export function invalidDotGitFile(path: string): string {
  return `${path} is not a valid .git file`;
}

export function isoReaderCannotRead(what: string): string {
  return `the isomorphic-git reader cannot read ${what}; run leakstop where git is installed`;
}

export function notAGitIndex(path: string): string {
  return `${path} is not a git index`;
}

/** A problem at one key of a file the user wrote, e.g. `.leakstop.json: detectors[0].patterns[1]: …`. */
export function atConfigKey(where: string, problem: string): string {
  return `${where}: ${problem}`;
}

export function expectedFound(expected: string, value: unknown): string {
  return `expected ${expected}, found ${describeValue(value)}`;
}

// `leakstop --help`.
export const HELP = `leakstop: stop API keys, tokens, private keys and passwords before git commits or pushes them.

Usage:
  leakstop --staged [paths...]     scan what the next commit would add (only the given paths, if any)
  leakstop hook pre-commit         the pre-commit hook (same as --staged)
  leakstop hook pre-push R URL     the pre-push hook (reads git's ref lines on stdin)
  leakstop hook commit-msg FILE    the commit-msg hook (scans the message git is about to record)
  leakstop hook pre-receive        the git server's pre-receive hook (reads git's ref lines on stdin)
  leakstop init [--uninstall]      install (or remove) the pre-commit and pre-push hooks in this repository
  leakstop allow [FINGERPRINT...] --reason TEXT [--expires YYYY-MM-DD]
                                   accept staged findings (all, or these) in .leakstop-allow.json
  leakstop baseline [--reason TEXT]
                                   accept every finding of the working tree (adopting leakstop)
  leakstop schema                  the JSON Schema of .leakstop.json
  leakstop detectors               list every detector (id, severity, name)
  leakstop explain <detector-id>   the full guidance for one credential type

Options:
  --format FORMAT      text (default), json, or sarif (for code-scanning dashboards)
  --reader R           how staged changes are read: auto (default: git, or isomorphic-git where no git
                       binary exists), git, isomorphic-git
  --no-suppress        report everything: ignore inline markers, the allow file and config suppressions
  --no-color           no colours (also: NO_COLOR=1; colours are only used on a terminal)
  -h, --help           this help
  -v, --version        the version

Exit codes: 0 nothing found, 1 secrets found (blocked), 2 error (in a hook: blocked).
`;

/** Said once per run on stderr when the engine runs on re2js; the slowdown is the one measured in README "Dependencies". */
const RE2JS_SLOWDOWN = 3;
export function re2FallbackInUse(cause: string): string {
  return `leakstop: the native re2 module is not built (${cause}); scanning with re2js, about ${RE2JS_SLOWDOWN}× slower. To speed up: npm rebuild re2`;
}

export function re2BuiltForOtherNode(builtFor: string, needed: string): string {
  return `it was built for another Node.js: module version ${builtFor}, this one needs ${needed}`;
}

/** Node's argument-parser errors quote what was typed ('--ghp_…'): described like any other name instead. */
export function argumentError(message: string): string {
  // Node adds a hint that repeats the typed text; the first sentence says what is wrong.
  return message.split(". To specify")[0].replace(/'([^']*)'/g, (_m, typed: string) => {
    const dashes = /^-*/.exec(typed)![0];
    const rest = typed.slice(dashes.length);
    return rest === "" || describeName(rest).startsWith('"') ? `'${typed}'` : describeName(typed);
  });
}

// ── Server side: the pre-receive hook ──

export const PRE_RECEIVE_BY_HAND = "the pre-receive hook reads git's ref lines on stdin; git runs it on the server when a push arrives";

export function badReceiveLine(lineNumber: number): string {
  return `pre-receive input line ${lineNumber} is not "<old sha> <new sha> <ref>"`;
}

export function receiveRejected(count: number): string {
  return `leakstop: ${pluralize(count, "secret")} found in the commits being pushed: the push is rejected.`;
}

export function receiveSteps(envVars: string[]): string[] {
  return [
    "Nothing of this push was stored on the server. To push again:",
    "  1. Remove the secret from these commits: git commit --amend for the last one, git rebase -i from the parent for an older one.",
    `  2. Read the value from the environment instead (${envVars.join(", ")}), kept outside the repository.`,
    "  3. Rotate the key if it was shared anywhere else (chat, another repository, a paste).",
  ];
}

export function receiveExplainHint(ids: string[]): string {
  return `What each credential is and how to revoke it: leakstop explain ${ids.join(" | leakstop explain ")}`;
}

export const DEFAULT_PRE_RECEIVE_BUDGET_MS = 20_000;

export function badReceiveBudget(source: string, shown: string): string {
  return `${source}: expected a number of milliseconds (0 or more), found ${shown}`;
}

export function badReceiveOnTimeout(source: string, shown: string): string {
  return `${source}: expected "reject" or "accept", found ${shown}`;
}

export function receiveTimedOut(budgetMs: number, budgetSource: string, accept: boolean): string {
  return accept
    ? `leakstop: the scan did not finish within ${budgetMs} ms (${budgetSource}); the push is accepted unscanned (leakstop.preReceive.onTimeout is "accept").`
    : `leakstop: the scan did not finish within ${budgetMs} ms (${budgetSource}); the push is rejected (leakstop.preReceive.onTimeout is "reject", the default).`;
}

export const HOOK_FAILED_PRE_RECEIVE = "leakstop could not check this push, so the server rejects it. Ask the server's administrator.";
