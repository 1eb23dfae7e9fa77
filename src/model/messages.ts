import type { DecodedFrom, MemberPlace, Outcome } from "./index.js";
import { withoutUserinfo } from "../util/url.js";

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
  // A push of no new commits can still name a ref with a secret in it: that finding is counted below.
  if (outcome.filesChanged === 0 && !outcome.findings.length) {
    // What was named but not read is still named: "nothing to scan" alone would read as "nothing there".
    const skipped = skippedSummary(outcome);
    if (outcome.mode === "scan") return skipped ? `${SCAN_NOTHING.slice(0, -1)}; ${skipped}.` : SCAN_NOTHING;
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
  const secretPaths = new Set([...outcome.findings, ...outcome.suppressed.map((s) => s.finding)].filter((f) => f.origin === "path").map(findingFile));
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

export function staleTrackingNote(remote: string, trackingRefs: readonly string[]): string {
  const shown = trackingRefs.slice(0, 5).join(", ") + (trackingRefs.length > 5 ? ", …" : "");
  return `Note: git says ${remote} does not have what ${shown} ${trackingRefs.length > 1 ? "say" : "says"} it has (a branch deleted there, or a new URL): ${trackingRefs.length > 1 ? "those tracking refs were" : "that tracking ref was"} not trusted, and the commits only ${trackingRefs.length > 1 ? "they hold" : "it holds"} were scanned.`;
}

export function unknownRemoteShaNote(remoteRef: string, remote: string, remoteSha: string): string {
  return (
    `Note: ${remoteRef} on ${withoutUserinfo(remote)} is at ${remoteSha.slice(0, 8)}, which this repository does not have (someone else pushed); ` +
    `scanned every commit not on a tracking ref of ${withoutUserinfo(remote)}.`
  );
}

/** Where a finding is, as the text report prints it: `file:line:column`, or `commit 1a2b3c4d message, line 2`. */
export function findingLocation(f: { path: string; line: number; column: number; origin?: string; member?: MemberPlace }): string {
  if (f.origin === "lfs") return `${f.path}:${f.line}:${f.column} ${LFS_OBJECT_LABEL}`;
  if (f.origin === "ref") return NEW_REF_NAME_PLACE;
  if (f.origin !== "message") return `${findingFile(f)}:${f.line}:${f.column}`;
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

/** Where a push's new ref names are scanned, and how a finding there is placed (the name itself is shown masked). */
export const NEW_REF_NAMES = "new ref names";
export const NEW_REF_NAME_PLACE = "the name of a branch or tag this push creates";

/** What to do about a secret in the name of a ref the push would create. */
export const REF_NAME_STEPS = [
  "This secret is in the name of a branch or tag this push would create on the remote: it has NOT left this machine.",
  "  1. Push it under another name (git push REMOTE HEAD:refs/heads/NEW-NAME), or rename it first (a branch: git branch -m NEW-NAME while on it; a tag: tag the same commit under a new name and delete the old tag), then push again.",
  "  2. Rotation is needed only if you shared the key anywhere else (chat, another repository, a paste).",
];

/**
 * What to do about a secret in notes (`git notes`) a push would send: the note goes, and so must the notes commits
 * not yet pushed, which still hold it; one new commit takes their place, with the notes as they are then. `ref` is
 * shell-quoted already, or null where its name looks like a pasted value (it is then not shown).
 */
export function notesSteps(step: number, objects: string[], ref: string | null, base: string | null): string[] {
  const named = ref ?? "NOTES-REF";
  return [
    `  ${step}. It is in the note${objects.length > 1 ? "s" : ""} on ${objects.map((o) => o.slice(0, 8)).join(", ")} (git notes${ref ? ` --ref=${ref}` : ""}), in notes commits this push would send. Remove ${objects.length > 1 ? "them" : "it"} (or git notes edit to keep the rest), then replace the notes commits not yet pushed by one:`,
    // --ignore-missing: a note already removed or replaced since still has its old commits to replace.
    ...objects.map((o) => `       git notes --ref=${named} remove --ignore-missing ${o}`),
    `       git update-ref ${named} "$(git commit-tree${base ? ` -p ${base.slice(0, 12)}` : ""} -m 'Notes' ${named}^{tree})"`,
    ...(ref ? [] : ["     (NOTES-REF: the notes ref you pushed; its name is not shown, for it looks like a pasted value)"]),
  ];
}

/** A note's path in a notes tree (`1a/2b3c…` when fanned out) names the object it annotates: its full hex name. */
export function annotatedObject(path: string): string | null {
  const hex = path.replaceAll("/", "");
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(hex) ? hex : null;
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
  // Revisions (HEAD~1, origin/main) read as names too.
  const nameLike = name.length <= 32 && /^[A-Za-z_$][\w$.~^/@{}-]*$/.test(name) && digits <= 4 && !randomRun;
  return nameLike || name === "" ? `"${name}"` : `a name of ${pluralize(name.length, "character")}`;
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

/** Why RE2 rejects a pattern, never the pattern's text: it may hold a pasted secret, and can be megabytes long. */
export function patternCannotRun(where: string, reason: string | undefined, at?: number): string {
  return `${where}: pattern cannot run on RE2 (${reason ?? "invalid syntax"}${at === undefined ? "" : ` at character ${at}`})`;
}

export function encodedNotDecoded(path: string): string {
  return `${path}: holds more encoded text (base64, percent-encoded or escaped) than leakstop decodes per file; what came after was scanned as written, not decoded.`;
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
export const GLOB_TOO_MANY_ALTERNATIVES = (most: number) => `its "{…}" groups spell more than ${most.toLocaleString("en-US")} paths`;

// ── Messages moved here from the stages that print them (sources, policy, cli, install) ──

/** The one spelling of a suggestion, e.g. ` (did you mean "github-pat"?)`; empty without a guess. */
export function didYouMean(guess: string | undefined): string {
  return guess ? ` (did you mean "${guess}"?)` : "";
}

export const PRE_PUSH_BY_HAND = "the pre-push hook reads git's ref lines on stdin; run it from git push, not by hand";

const PUSH_LINE_FIELDS = ["local ref", "local sha", "remote ref", "remote sha"];

export function pushedObjectMissing(lineNumber: number): string {
  return `pre-push input line ${lineNumber}: its local sha is not an object in this repository (fetch it, or run the hook from git push)`;
}

/** What is wrong with the line, never the line: a ref name can hold a pasted secret, or terminal escapes. */
export function badPushLine(lineNumber: number, fieldCount: number, notSha: number | undefined): string {
  const problem = notSha === undefined ? `it has ${pluralize(fieldCount, "field")}` : `its ${PUSH_LINE_FIELDS[notSha]} is not 40 or 64 hex digits`;
  return `pre-push input line ${lineNumber} is not "<local ref> <local sha> <remote ref> <remote sha>": ${problem}`;
}

export const ISO_READER_NO_PATHS = "the isomorphic-git reader scans the whole index; paths need the git reader";
export const ISO_READER_TOO_LARGE = "larger than 10 MB, which the isomorphic-git reader does not read; run leakstop where git is installed";

export const COMMIT_MSG_FILE_MISSING = "the commit-msg hook needs the message file git passes it: leakstop hook commit-msg FILE";

/** How errors name the file git passes the commit-msg hook: not by its path, which a caller could fill with anything. */
export const COMMIT_MSG_FILE = "the commit message file";
export const COMMIT_MSG_FILE_GONE = `${COMMIT_MSG_FILE}: does not exist`;

export function unknownDisabledDetector(source: string | null, id: string, guess: string | undefined): string {
  return `${source ? `${source}: ` : ""}disable: unknown detector ${describeName(id)}${didYouMean(guess)}; leakstop detectors lists them all`;
}

export function allowEntryUnknownDetector(file: string, index: number, id: string, guess: string | undefined): string {
  return `${file}: entries[${index}] names an unknown detector ${describeName(id)}${didYouMean(guess)}: it suppresses nothing (leakstop detectors lists them).`;
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

/** Node's own errors quote the path they failed on (`open '/a/b'`): shown as describePath shows a path, so a token in it is not. */
export function internalError(message: string): string {
  return `internal error: ${message.replace(/'([^'\n]*)'/g, (_, path: string) => describePath(path).replace(/^"(.*)"$/, "'$1'"))}`;
}

export const RESIDENT_LOST = "the resident process (LEAKSTOP_RESIDENT=1) stopped before it finished";
export const residentSilent = (seconds: number) => `the resident process (LEAKSTOP_RESIDENT=1) stopped answering for ${seconds} s and was stopped`;

/** A line of what `leakstop init` did. */
export function initLine(line: string): string {
  return `leakstop: ${line}`;
}

export function configLinkDangling(name: string): string {
  return `${name} is a link to a file that does not exist: fix the link or remove it`;
}

export function badExpiryDate(value: string): string {
  // Digits and dashes alone hold no secret: shown, so a day the calendar lacks (2030-02-30) is seen as such.
  return `--expires must be a date YYYY-MM-DD, not ${/^[0-9-]{1,16}$/.test(value) ? `"${value}" (no such day)` : describeName(value)}`;
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

export function placeholderInTokenPrefix(where: string, word: string, prefix: string): string {
  return `${where}: "${word}" is part of the token prefix ${prefix}: as a placeholder it would hide every such token; a placeholder is a word of fake values, such as "notarealkey"`;
}

export function customIdRepeated(where: string, id: string, first: number): string {
  return `${where}: "${id}" is already the id of detectors[${first}]; each detector needs an id of its own`;
}

export function customIdTaken(where: string, id: string): string {
  return `${where}: "${id}" is a built-in detector's id; give yours another (to turn the built-in off, list it in "disable")`;
}

export function placeholderLooksLikeSecret(where: string, length: number): string {
  return `${where}: a word of ${length} characters that looks like a secret itself; placeholders are words that fake values hold, such as "notarealkey" (a real value to accept goes in the allow file: leakstop allow)`;
}

/** The word is not quoted: a placeholder list can hold what it should not. */
export function placeholderReason(index: number): string {
  return `the value holds placeholders[${index}] of the config`;
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
  updated: (path: string) => `updated ${path} to this version's stub`,
  updatedCopy: (path: string) => `updated ${path} to this version's`,
  updatedLine: (path: string) => `updated the leakstop line in ${path} to this version's`,
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
export const STAGED_IN_BARE_REPOSITORY = "--staged: this is a bare repository, with no index to commit from; scan its history with leakstop scan --all";

export function gitFailed(command: string, firstLine: string): string {
  return `git ${command} failed: ${firstLine || "no message"}`;
}

/** The hook stub's piped diff (hooks/pre-commit) ended without its last line, git's exit status. */
export const PIPED_DIFF_CUT = "the diff the hook piped in ended before git's exit status (git was stopped, or the hook is not leakstop's)";

export function pipedGitFailed(status: number): string {
  return `the hook's git exited with status ${status} (its message is above)`;
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

export function gitIndexCutShort(path: string): string {
  return `${path} ends inside an entry: the index is damaged (git status shows git's own error)`;
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
  leakstop scan [--range A..B | --since REF | --all | --files [paths...]]
                                   scan commits (in CI: the pull request or push, detected), all history, or files
  leakstop init [--uninstall]      install (or remove) the pre-commit and pre-push hooks in this repository
  leakstop allow [FINGERPRINT...] --reason TEXT [--expires YYYY-MM-DD]
                                   accept staged findings (all, or these) in .leakstop-allow.json
  leakstop baseline [--reason TEXT]
                                   accept every finding of the working tree (adopting leakstop)
  leakstop schema                  the JSON Schema of .leakstop.json
  leakstop detectors               list every detector (id, severity, name)
  leakstop explain <detector-id>   the full guidance for one credential type
  leakstop explain <detector-id> --store STORE --lang LANGUAGE
                                   code that reads that credential from a secret store (without a
                                   value, each lists its choices; --store defaults to env, --lang to shell)
  leakstop fix [--dry-run] [--yes] rewrite staged secrets to read environment variables (values go to .env)

Options:
  --format FORMAT      text (default), json, or sarif (for code-scanning dashboards)
  --reader R           how staged changes are read: auto (default: git, or isomorphic-git where no git
                       binary exists), git, isomorphic-git
  --no-suppress        report everything: ignore inline markers, the allow file and config suppressions
  --output FILE        scan: write the report to FILE, print one summary line
  --verbose            the full guidance for every secret found (what it is, what an attacker can do,
                       how to revoke it), not only the fix
  --no-color           no colours (also: NO_COLOR=1); colours are used on a terminal, or with FORCE_COLOR=1
  -q, --quiet          findings only: nothing when clean, no notes (exit codes unchanged)
  -y, --yes, --dry-run fix: apply without asking; only show what would change
  -h, --help           this help
  -v, --version        the version

Environment:
  LEAKSTOP_RESIDENT=1  the pre-commit hook and --staged hand each commit to a process that loaded leakstop
                       before the commit (opt-in, faster; one commit per process, private to you)

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

// ── Blast radius and history cleaning (issue 11) ──

export const BLAST_ALSO_IN = "Also in:";
export const BLAST_ON_REMOTE = "already on the remote";
export const BLAST_AT_HEAD = "at HEAD";

export function blastMore(count: number): string {
  return `+${count} more`;
}

export function blastReaders(name: string, files: string): string {
  return `Read as ${name} in: ${files} (update them when it is rotated)`;
}

export function blastNotSearched(refs: number): string {
  return `${pluralize(refs, "ref")} not searched for it (time budget or ref cap; LEAKSTOP_BLAST_BUDGET_MS raises the budget)`;
}

export const HISTORY_HEADING = "── Clean it out of the remote's history ──";
export const HISTORY_ROTATE_FIRST = "Rotate it first: rewriting history does not un-leak a secret anyone could read; it only keeps it out of new clones.";
export const HISTORY_IN_A_CLONE = "In a fresh clone (filter-repo refuses to rewrite any other):";
export const HISTORY_REMOTE_REMOVED = "(filter-repo removes the origin remote)";

export function historyRulesFile(path: string): string {
  return `${path} holds the replacement rules, secrets included (written by leakstop, readable only by you): delete it when done.`;
}

export const HISTORY_HOST_KEEPS =
  "Forks, pull-request refs and caches on the host keep the old commits: ask the host's support to purge them.";

export function historyWindow(since: { commit: string; date: string } | undefined, name: string, auditLog: string | undefined): string {
  const from = since ? `since ${since.date} (committer date of ${since.commit.slice(0, 8)}, the oldest commit on a remote holding it)` : "since it was first pushed (the oldest commit on a remote holding it was not found)";
  return `${name} exposed ${from} until it is revoked: read ${auditLog ?? "the provider's audit or security log for use of this credential"} for that window.`;
}

// ── scan (CI and history scans) ──

export const SCAN_NOTHING = "leakstop: nothing to scan.";

export const SCAN_NEEDS_RANGE =
  "scan needs something to read: pass --range BASE..HEAD, --since REF, --all or --files [paths...], or set LEAKSTOP_BASE (no GitHub Actions or GitLab CI range was found)";

export const SCAN_ONE_MODE = "scan takes one of --range, --since, --all, --files";

export const SCAN_PATHS_ONLY_WITH_FILES = "scan takes paths only with --files";

/** A revision the user or the CI named: a sha shortened, a ref name shown, anything else described. */
export function describeRev(rev: string): string {
  if (/^[0-9a-f]{7,64}$/.test(rev)) return rev.slice(0, 12);
  const parts = rev.split(/[/~^]/).filter(Boolean);
  return parts.length && parts.every((p) => describeName(p).startsWith('"')) ? `"${rev}"` : describeName(rev);
}

/** How a report names a range: revisions as describeRev shows them, unquoted. */
export function rangeLabel(base: string, head: string, sep = ".."): string {
  return `${showRev(base)}${sep}${showRev(head)}`;
}

function showRev(rev: string): string {
  return describeRev(rev).replace(/^"(.*)"$/, "$1");
}

export function newBranchLabel(head: string): string {
  return `${showRev(head)} (new branch)`;
}

/** Who chose the range a scan read, as its note names it. */
export const RANGE_ORIGIN = {
  range: "--range",
  since: "--since",
  generic: "LEAKSTOP_BASE",
  githubPullRequest: "GitHub Actions pull request",
  githubPush: "GitHub Actions push",
  gitlabMergeRequest: "GitLab merge request",
  gitlabPush: "GitLab push",
} as const;

export function badRangeArg(arg: string): string {
  return `--range expects BASE..HEAD (e.g. origin/main..HEAD), found ${describeName(arg)}`;
}

export function rangeRefMissing(ref: string): string {
  return `${describeRev(ref)} is not a commit in this repository: fetch it first (git fetch origin), or pass another base`;
}

/** A shallow clone lacks the base: its oldest commit would look as if it added every file. */
export function shallowClone(ref: string): string {
  return (
    `this is a shallow clone and ${describeRev(ref)} is not in it, so the range cannot be scanned; fetch the history first: ` +
    `actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 on GitLab, or git fetch --unshallow`
  );
}

export function eventFileUnreadable(path: string | undefined): string {
  return `cannot read the GitHub event payload${path ? ` ${describeName(path)}` : ""} (GITHUB_EVENT_PATH): pass --range BASE..HEAD instead`;
}

export function scanRangeNote(range: string, origin: string): string {
  return `leakstop: scanned ${range} (${origin}).`;
}

export function scanBaseGoneNote(base: string): string {
  return `leakstop: the previous tip ${base.slice(0, 8)} is not in this clone (a force push?): scanned the commits that no other remote branch has.`;
}

export function scanHeadline(count: number, inCommits: boolean): string {
  return `leakstop: ${pluralize(count, "secret")} found in ${inCommits ? "the scanned commits" : "the scanned files"}.`;
}

export function outputWritten(file: string): string {
  return `leakstop: report written to ${file}.`;
}

/** What to do about a secret a scan found: in history it is as public as the repository; in a file, maybe not yet. */
export function scanSteps(places: string[], inHistory: boolean, envVar: string): string[] {
  const where = places.slice(0, 5).join(", ") + (places.length > 5 ? ", …" : "");
  if (inHistory) {
    return [
      `This secret is committed (${where}): anyone who can read the repository, a clone or a fork may have it.`,
      "  1. Revoke and rotate it now, before anything else (the credential's own steps are below).",
      `  2. Replace the value in code with the environment variable ${envVar}.`,
      "  3. Then remove it from history (git filter-repo or BFG) and force-push; rotation matters more, since clones keep old commits.",
      "  4. Check the provider's access logs for use of the key since it was committed.",
    ];
  }
  return [
    `Found in ${where}.`,
    `  1. Remove it and read it from the environment variable ${envVar} instead; keep the value in an untracked .env file or a secret manager.`,
    "  2. If the file was ever committed, shared or uploaded, revoke and rotate the secret (the credential's own steps are below).",
  ];
}

export const FILE_TOO_LARGE_TO_SCAN = "larger than 50 MB";
export const LINK_NOT_FOLLOWED = "a symbolic link, not followed";
export const NOT_A_REGULAR_FILE = "not a regular file";

export function unreadableReason(code: string | undefined): string {
  return `unreadable: ${code ?? "error"}`;
}

/** Whether a part of a path could be a pasted secret: 12 characters or more between separators, letters and digits. */
export const nameLooksRandom = (path: string) => path.split(/[-_./\\ ]/).some((part) => part.length >= 12 && /\d/.test(part) && /[A-Za-z]/.test(part));

/**
 * A path the user named, quoted unless a part of it looks like a random value (a secret pasted into a name) or
 * it holds control characters (escapes meant for a terminal).
 */
export function describePath(path: string): string {
  return nameLooksRandom(path) || /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(path) ? `a path of ${pluralize(path.length, "character")}` : `"${path}"`;
}

export function reportNotWritten(described: string, code: string): string {
  return `--output: cannot write the report to ${described} (${code})`;
}

export function scanPathMissing(described: string): string {
  return `scan --files: ${described} does not exist`;
}

// ── Git LFS: the file's content lives in the LFS store, its pointer in git ──

/** Why a file tracked by Git LFS was not read, as the skipped list says it. */
export const LFS_SKIPPED = {
  missing: "Git LFS object not in this clone; git lfs fetch, then scan again",
  tooLarge: "Git LFS object larger than 10 MB",
  sizeDiffers: "Git LFS object's size differs from its pointer's",
} as const;

/** Appended to the place of a finding in a Git LFS object: the line numbers are the object's. */
export const LFS_OBJECT_LABEL = "(Git LFS object)";

/** Server side: the pushed commits hold LFS pointers only. */
export const LFS_NOT_IN_PUSH_NOTE =
  "Note: this push adds files tracked by Git LFS; their content goes to the LFS server, not through this hook, and was not scanned here.";

// ── Archives: zip (jar, docx, ...) and gzip members are read as files of their own ──

/** Why an archive, or one of its members, was not read, as the skipped list says it. */
export const ARCHIVE_SKIPPED = {
  tooLarge: "archive larger than 10 MB, or its content larger than 50 MB",
  memberTooLarge: "archive member larger than 10 MB",
  gzipTooLarge: "gzip file whose content is larger than 10 MB",
  tooManyMembers: "archive of more than 10,000 members",
  unreadable: "archive that could not be read (truncated or damaged)",
  zip64: "zip64 archive",
  encrypted: "encrypted archive member",
  nested: "archive inside an archive",
  method: (method: number) => `archive member compressed with method ${method} (only stored and deflate are read)`,
  /** A compression or archive format leakstop does not open: named, so it does not pass for an image. */
  format: (format: string) => `compressed as ${format}, which leakstop does not open`,
} as const;

/** A place in an archive: the archive's path, then the member's (`app.war!WEB-INF/lib/a.jar!config.properties`). */
export function archivePlace(path: string, member: string): string {
  return `${path}!${member}`;
}

/** The file a finding's line numbers belong to: its path, or the archive member at that path. */
export function findingFile(f: { path: string; member?: MemberPlace }): string {
  return f.member ? archivePlace(f.path, f.member.name) : f.path;
}

/** Where SARIF points for leakstop itself and for rules without a provider dashboard. */
export const LEAKSTOP_DOCS_URL = "https://www.npmjs.com/package/leakstop";

// ── init for monorepos and husky, package, CLI conventions (issue 12) ──

/** `leakstop init` in a husky project where `.husky/` did not exist yet. */
export const INIT_HUSKY = {
  createdDir: (dir: string) => `created ${dir} (husky is a dependency here but was not set up yet)`,
  inactiveIn: (packageDir: string, huskyDir: string) =>
    `note: husky is not active in this clone yet (core.hooksPath is not ${huskyDir}/_): run \`${packageDir}/node_modules/.bin/husky ${huskyDir}\` once from the top of the repository`,
} as const;

/** An option as typed, shown only when it looks like a name (it could be a pasted secret). */
function shownOption(typed: string): string {
  const dashes = /^-*/.exec(typed)![0];
  const rest = typed.slice(dashes.length);
  return rest === "" || describeName(rest).startsWith('"') ? typed : describeName(typed);
}

/** Node's parseArgs errors, by code, as one line in leakstop's words; anything else as Node says it. */
export function parseArgsProblem(code: string, message: string): string {
  const typed = /'(-[^' ]*)/.exec(message)?.[1];
  const help = " (see leakstop --help)";
  if (typed && code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${shownOption(typed)}${help}`;
  if (typed && code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return / argument missing/.test(message) ? `option ${shownOption(typed)} needs a value${help}` : `option ${shownOption(typed)} takes no value${help}`;
  }
  return argumentError(message);
}

/** A command word that opens a quote it never closes (`leakstop 'init`): the shell or a config quoted it wrongly. */
export function unknownCommandWord(command: string): string {
  const quote = /^["'`]/.exec(command)?.[0];
  return quote && !command.slice(1).includes(quote) ? `unknown command: an argument starts with a quote (${quote}) that is never closed; check the quoting (see leakstop --help)` : unknownCommand(command);
}

/** A config file leakstop would otherwise ignore without a word. */
export function unreadConfigFile(file: string, read: string): string {
  return `leakstop: warning: ${file} is not read; leakstop reads ${read} (or the "leakstop" key of package.json)`;
}

// ---- Secret-manager snippets, revoke commands and audit logs (src/remedy/, `leakstop explain --store/--lang`) ----

export const STORE_TITLES = {
  env: "an environment variable",
  aws: "AWS Secrets Manager",
  gcp: "GCP Secret Manager",
  azure: "Azure Key Vault",
  vault: "HashiCorp Vault (KV v2)",
  conjur: "CyberArk Conjur",
  "1password": "1Password",
  doppler: "Doppler",
} as const;

export const LANGUAGE_TITLES = {
  python: "Python",
  javascript: "JavaScript (Node.js, ES module)",
  typescript: "TypeScript (ES module)",
  go: "Go",
  java: "Java",
  ruby: "Ruby",
  csharp: "C# (top-level statements)",
  shell: "POSIX shell",
} as const;

/** The first comment of a snippet: what it reads and from where. */
export function snippetHeader(envVar: string, storeTitle: string, where: string | undefined): string {
  return where ? `Reads ${envVar} from ${storeTitle} (${where}); never commit the value itself.` : `Reads ${envVar} from ${storeTitle}; never commit the value itself.`;
}

/** The line `leakstop explain ID` ends with. */
export function explainSnippetHint(id: string): string {
  return `Code that reads it from a secret manager: leakstop explain ${id} --store STORE --lang LANGUAGE (without a value, each lists its choices).`;
}

/** `--store` or `--lang` given without a value: the choices, one a line. */
export function choicesList(option: "store" | "lang", choices: Record<string, string>): string {
  const width = Math.max(...Object.keys(choices).map((c) => c.length));
  const what = option === "store" ? "Secret stores (--store)" : "Languages (--lang)";
  return [`${what}:`, ...Object.entries(choices).map(([id, title]) => `  ${id.padEnd(width)}  ${title}`)].join("\n") + "\n";
}

export function unknownChoice(option: "store" | "lang", value: string, choices: readonly string[]): string {
  return `--${option}: unknown ${option === "store" ? "secret store" : "language"} ${describeName(value)}; choose one of ${choices.join(", ")}`;
}

/** A detector whose guidance names no single variable (the dotenv values): the snippet uses this placeholder. */
export const SNIPPET_PLACEHOLDER_VAR = "MY_SECRET";

export const REMEDY_LABELS = {
  revokeCommand: "Revoke it from a terminal (leakstop never runs this; the value comes from the variable, not your shell history):",
  auditLog: "Audit log for the exposure window:",
};

// ── leakstop fix ──

/** Why `leakstop fix` leaves a finding as it is. */
export const FIX_REFUSED = {
  constant: "a constant must be known when the code is compiled, so it cannot read an environment variable",
  rustType: "in Rust only a `let` binding or an owned String (`.to_string()`, `String::from`) keeps its type when the value is read at run time",
  blockScalar: "the value is in a YAML block scalar",
  template: "the string is a template",
  terraformDefault: "a variable's default cannot read another variable",
  escapes: "the literal holds escape sequences or quotes, which .env would not reproduce",
  prefixed: "the literal has a prefix (raw, bytes, interpolated or verbatim string) that changes what it means",
  partOfString: "the secret is part of a larger string (a URL, a header, a sentence): only a whole string literal can be replaced",
  comment: "the secret is in a comment: delete it by hand",
  multiLine: "the secret is inside a multi-line string",
  spansLines: "the secret spans several lines (a key block): move it to a file outside the repository and read that file",
  heredoc: "the secret is inside a heredoc",
  notContent: "the secret is in a file name or a message, not in the file's content",
  unknownType: "leakstop fix does not know how this type of file reads an environment variable",
  notText: "the staged file is not UTF-8 text",
  notRegular: "the staged entry is not a regular file (a symlink or a submodule)",
  nameNotUtf8: "the file's name is not UTF-8: edit it by hand",
  partiallyStaged: "the file has unstaged changes: stage or stash them first, so the rewrite cannot mix them in",
  unreadable: "the staged content at this position no longer holds the secret (read it again with leakstop --staged)",
  noName: "no environment variable name is known for this credential type",
  noFreeName: "every candidate variable name is already in .env with another value",
  envValue: "the value holds a quote or a line break, which a .env line cannot keep",
  overlaps: "another secret overlaps it on the same line",
  key: "the literal is a key (followed by `:`), which cannot be an expression",
  workflow: "a workflow reads secrets from the repository's settings: store it there (gh secret set NAME) and use ${{ secrets.NAME }}",
} as const;

export function fixEnvStyleFile(path: string): string {
  return `this file holds values by design: stop tracking it (git rm --cached -- ${path}) and list it in .gitignore`;
}

export function fixRefusedLine(where: string, detectorId: string, reason: string): string {
  return `not fixed: ${where}  [${detectorId}]  ${reason}`;
}

export const FIX_NOTHING = "leakstop fix: no secrets in the staged changes, nothing to fix.";
export const FIX_NOTHING_APPLICABLE = "leakstop fix: nothing it can rewrite; the findings above stay staged.";
export const FIX_DRY_RUN = "leakstop fix: dry run, nothing changed.";
export const FIX_DECLINED = "leakstop fix: nothing changed.";
export const FIX_PROMPT = "Apply? [y/N] ";
export const FIX_NEEDS_YES = "leakstop fix asks before changing files, and there is no terminal to ask on: pass --yes to apply, or --dry-run to only show the changes";
export const FIX_ENV_NOT_A_FILE =
  ".env is a link or not a regular file, so leakstop fix will not write values to it: they would land where it points (a tracked file, say). Make .env a regular file first";
export const FIX_ENV_TRACKED = ".env is tracked by git, so leakstop fix will not write values to it: untrack it first (git rm --cached -- .env)";
export const FIX_NOT_VERIFIED = "after rewriting, a fixed value was still staged or .env was in the index: check git diff --cached before committing";
export const FIX_GITIGNORE_LINES = ["--- a/.gitignore", "+++ b/.gitignore  (staged)", "+/.env"];

export function fixEnvHeader(created: boolean): string[] {
  return created ? ["--- /dev/null", "+++ .env  (new, git-ignored, never staged)"] : ["--- .env", "+++ .env  (git-ignored, never staged)"];
}

export function fixEnvLine(key: string): string {
  return `+${key}=<redacted>`;
}

export function fixApplied(findings: number, files: number, values: number): string {
  return `leakstop fix: ${pluralize(findings, "finding")} fixed in ${pluralize(files, "file")} (re-staged); ${pluralize(values, "value")} written to .env, which git ignores.`;
}

export function fixRemaining(n: number): string {
  return `leakstop fix: ${pluralize(n, "finding")} not fixed and still staged (reasons above).`;
}

// ── Compact report and credentials in parts (output) ──

/** How a credential found in several parts is named: "AWS access key ID + AWS secret access key". */
export const PART_JOINER = " + ";

/** After the first places of a secret found in many: the summary line still lists them all. */
export function morePlaces(n: number): string {
  return `and ${pluralize(n, "more place")}`;
}

export function fixInCode(where: string, reads: string, restage: string): string {
  return `Fix ${where}: use ${reads}, then ${restage}`;
}

export function fixDataFile(where: string, names: string): string {
  return `Fix ${where}: move the value out and read ${names} from the environment where it is used; if the whole file is a credential, untrack it and ignore it:`;
}

export function restageCommand(path: string): string {
  return `git add ${path}`;
}

export function fixEnvFile(path: string): string {
  return `Fix ${path}: it holds real values: untrack it and ignore it:`;
}

export function fixCredentialFile(path: string): string {
  return `Fix ${path}: the file is a credential: untrack it and ignore it:`;
}

export function fixArchive(path: string): string {
  return `Fix ${path}: the secret is inside the archive: take the archive out of the commit (or rebuild it without the secret) and ignore it:`;
}

/** Shell words of the paths, and of their .gitignore lines (report/envSnippet.ts untrackFiles). */
export function untrackCommand(pathWords: readonly string[], patternWords: readonly string[]): string {
  const ignore = patternWords.length === 1 ? `echo ${patternWords[0]}` : `printf '%s\\n' ${patternWords.join(" ")}`;
  return `git rm --cached ${pathWords.join(" ")} && ${ignore} >> .gitignore`;
}

export function fixFileName(path: string): string {
  return `Fix ${path}: the secret is in the file's name: rename the file (git mv) to a name without it, then commit again.`;
}

export function fixCommitMessage(lines: number[]): string {
  return `Fix the commit message (line ${lines.join(", ")}): commit again without the secret; git keeps what you wrote in .git/COMMIT_EDITMSG.`;
}

export const FIX_FOR_YOU = "Let leakstop make the code changes (values go to an ignored .env): leakstop fix";

export function explainLine(id: string): string {
  return `What it can do and how to revoke it: leakstop explain ${id}`;
}

export function blockedAt(locations: string[]): string {
  return `Blocked: ${locations.join(", ")}`;
}

export const FILE_NAME_STEP = "The secret is in a file's name: rename the file (git mv) to a name without it, then commit again.";

// ── Server side: the pre-receive hook ──

export const PRE_RECEIVE_BY_HAND = "the pre-receive hook reads git's ref lines on stdin; git runs it on the server when a push arrives";

export function badReceiveLine(lineNumber: number): string {
  return `pre-receive input line ${lineNumber} is not "<old sha> <new sha> <ref>"`;
}

export function receivedObjectMissing(lineNumber: number): string {
  return `pre-receive input line ${lineNumber}: its new sha is not an object in this repository (git names only objects the push brought)`;
}

export function receiveRejected(count: number): string {
  return `leakstop: ${pluralize(count, "secret")} found in the commits being pushed: the push is rejected.`;
}

/** The server's steps; `inContent` and `inRefNames`: whether secrets were found in what was pushed, in new ref names. */
export function receiveSteps(envVars: string[], found: { inContent: boolean; inRefNames: boolean }): string[] {
  const steps = ["Nothing of this push was stored on the server. To push again:"];
  if (found.inRefNames) steps.push("Push under a branch or tag name without the secret (git push REMOTE HEAD:refs/heads/NEW-NAME).");
  if (found.inContent) {
    steps.push(
      "Remove the secret from these commits: git commit --amend for the last one, git rebase -i from the parent for an older one.",
      `Read the value from the environment instead (${envVars.join(", ")}), kept outside the repository.`,
    );
  }
  steps.push("Rotate the key if it was shared anywhere else (chat, another repository, a paste).");
  return steps.map((step, i) => (i === 0 ? step : `  ${i}. ${step}`));
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

// ── Issue 12: history scans on worker threads ──
export const scanWorkerFailed = (detail: string) => `a scan worker thread failed: ${detail}`;
export const SCAN_WORKER_STOPPED = "a scan worker thread stopped without answering; LEAKSTOP_THREADS=1 scans on one thread";

// ── Decoding (issue 13) ──

/** Shown after a finding's detector when the secret was read from an encoded value: how it was written there. */
export function decodedLabel(from: DecodedFrom): string {
  return { base64: "(base64-decoded)", percent: "(percent-decoded)", escape: "(escape-decoded)", concat: "(joined from split strings)", invisible: "(invisible characters removed)" }[from];
}

/** Why `leakstop fix` leaves a decoded finding alone: what is on the line is the encoded form, not the secret. */
export const FIX_REFUSED_DECODED = "the secret is written encoded (base64, percent-encoding or escapes): replace the encoded value by hand";
export const FIX_REFUSED_INVISIBLE = "the secret has invisible characters inside it (a zero-width space, a soft hyphen): replace it by hand";
export const FIX_REFUSED_JOINED = "the secret is split over several strings that the code joins: replace them by hand";
