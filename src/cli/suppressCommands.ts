import type { Finding } from "../model/index.js";
import { UserError } from "../errors.js";
import { gitSync } from "../source/git/exec.js";
import { locateRepo } from "../source/git/locate.js";
import { readStaged } from "../source/staged.js";
import { streamOf } from "../source/stream.js";
import { readWorkTree } from "../source/worktree.js";
import { textRedactor, type TextRedactor } from "../knownValues/redactText.js";
import { allowEntriesFor, entryHashOf, isCalendarDate, isCurrent, isExpired, matchAllowEntry, newAllowFile, pathGlobFor, readAllowFile, today, writeAllowFile, type AllowEntry, type AllowFile } from "../policy/allowFile.js";
import { ALLOW_FILE } from "../policy/defaults.js";
import { ALLOW_NEEDS_REASON, allowFileReplaced, findingFile, allowedLine, allowFileRecordsHash, badExpiryDate, baselineReason, baselineSummary, expiredAllowEntry, expiryInPast, NO_STAGED_TO_ALLOW, noFindingWithFingerprint, staleAllowEntry } from "../model/messages.js";
import { capped } from "../report/shownNames.js";
import { terminalSafe } from "../report/style.js";
import { buildScanContext, collect, type ScanContext } from "./run.js";

/** Who is recording the entry: git's author identity (config or GIT_AUTHOR_* variables), without the date. */
function whoAmI(): string {
  const ident = gitSync(["var", "GIT_AUTHOR_IDENT"], { allowFail: true }).stdout.trim();
  return ident.replace(/\s+\d+\s+[+-]\d{4}$/, "") || "unknown";
}

function checkExpiry(expires: string | undefined): void {
  if (expires === undefined) return;
  if (!isCalendarDate(expires)) throw new UserError(badExpiryDate(expires));
  if (expires < today()) throw new UserError(expiryInPast(expires));
}

const covers = (file: AllowFile, f: Finding) => matchAllowEntry(file, f) !== undefined;

function entryFor(file: AllowFile, f: Finding, redactor: TextRedactor, reason: string, addedBy: string, expires?: string): AllowEntry {
  const path = pathGlobFor(f.path, redactor.spans(f.path));
  return { hash: entryHashOf(file, f), detector: f.detector.id, path, reason: redactor.maskProse(reason), addedBy: redactor.maskProse(addedBy), added: today(), ...(expires ? { expires } : {}) };
}

/** Names and reasons as a terminal may show them: secrets masked, control characters escaped. */
const shown = (redactor: TextRedactor, text: string) => terminalSafe(capped(redactor.mask(text)));

/** The allow file to add to: an older version's entries cannot be checked, so it is started anew, and said so. */
function currentAllowFile(top: string): AllowFile {
  const existing = readAllowFile(top);
  if (existing && isCurrent(existing)) return existing;
  if (existing?.entries.length) process.stdout.write(allowFileReplaced(ALLOW_FILE, existing.version, existing.entries.length) + "\n");
  return newAllowFile();
}

const redactorOf = (ctx: ScanContext) => textRedactor(ctx.catalogue, ctx.knownValues);

/** `leakstop allow [FINGERPRINT…] --reason TEXT [--expires DATE]`: accept staged findings by the secret's value. */
export async function allowFindings(fingerprints: string[], reason: string | undefined, expires: string | undefined): Promise<number> {
  if (!reason?.trim()) throw new UserError(ALLOW_NEEDS_REASON);
  checkExpiry(expires);
  const top = locateRepo().workTree;
  const ctx = await buildScanContext({ noSuppress: true });
  const { findings } = await collect(streamOf((emit) => readStaged(emit)), ctx);
  for (const fp of fingerprints) {
    if (!findings.some((f) => f.fingerprint === fp)) throw new UserError(noFindingWithFingerprint(fp));
  }
  const chosen = fingerprints.length ? findings.filter((f) => fingerprints.includes(f.fingerprint)) : findings;
  if (!chosen.length) {
    process.stdout.write(NO_STAGED_TO_ALLOW + "\n");
    return 0;
  }
  const file = currentAllowFile(top);
  const addedBy = whoAmI();
  const added = chosen.filter((f) => !covers(file, f));
  const redactor = redactorOf(ctx);
  for (const f of added) file.entries.push(entryFor(file, f, redactor, reason.trim(), addedBy, expires));
  writeAllowFile(top, file);
  for (const f of chosen) {
    process.stdout.write(allowedLine(!added.includes(f), f.detector.id, `${shown(redactor, findingFile(f))}:${f.line}`, f.fingerprint) + "\n");
  }
  process.stdout.write(allowFileRecordsHash(ALLOW_FILE) + "\n");
  return 0;
}

/** `leakstop baseline`: accept every finding of the working tree, for adopting leakstop in an existing repository. */
export async function writeBaseline(reason: string | undefined): Promise<number> {
  const top = locateRepo().workTree;
  const ctx = await buildScanContext({ noSuppress: true });
  const { findings } = await collect(streamOf((emit) => readWorkTree(emit)), ctx);
  const file = currentAllowFile(top);
  const addedBy = whoAmI();
  const why = reason?.trim() || baselineReason(today());
  const redactor = redactorOf(ctx);
  let added = 0;
  for (const f of findings) {
    if (covers(file, f)) continue;
    file.entries.push(entryFor(file, f, redactor, why, addedBy));
    added++;
  }
  const used = new Set<AllowEntry>();
  for (const f of findings) for (const e of allowEntriesFor(file, f)) used.add(e);
  writeAllowFile(top, file);
  process.stdout.write(baselineSummary(findings.length, added, ALLOW_FILE) + "\n");
  for (const e of file.entries) {
    const [entryPath, entryReason] = [shown(redactor, e.path), shown(redactor, e.reason)];
    if (!used.has(e)) process.stdout.write(staleAllowEntry(e.detector, entryPath, entryReason) + "\n");
    else if (isExpired(e)) process.stdout.write(expiredAllowEntry(e.detector, entryPath, entryReason, e.expires) + "\n");
  }
  return 0;
}
