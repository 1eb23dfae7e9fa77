import type { Finding } from "../engine/scan.js";
import { UserError } from "../errors.js";
import { gitSync } from "../git/exec.js";
import { locateRepo } from "../git/locate.js";
import { readStaged, readWorkTree } from "../git/staged.js";
import { textRedactor, type TextRedactor } from "../engine/redactText.js";
import { allowEntriesFor, entryHashOf, isExpired, matchAllowEntry, newAllowFile, pathGlobFor, readAllowFile, today, writeAllowFile, type AllowEntry, type AllowFile } from "../policy/allowFile.js";
import { ALLOW_FILE } from "../policy/defaults.js";
import { ALLOW_FILE_V1_WEAK } from "../report/messages.js";
import { capped } from "../report/shownNames.js";
import { terminalSafe } from "../report/style.js";
import { buildScanContext, collect, type ScanContext } from "./pipeline.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Who is recording the entry: git's author identity (config or GIT_AUTHOR_* variables), without the date. */
function whoAmI(): string {
  const ident = gitSync(["var", "GIT_AUTHOR_IDENT"], { allowFail: true }).stdout.trim();
  return ident.replace(/\s+\d+\s+[+-]\d{4}$/, "") || "unknown";
}

function checkExpiry(expires: string | undefined): void {
  if (expires === undefined) return;
  if (!DATE.test(expires) || Number.isNaN(Date.parse(expires))) throw new UserError(`--expires must be a date YYYY-MM-DD, not "${expires}"`);
  if (expires < today()) throw new UserError(`--expires ${expires} is in the past`);
}

const covers = (file: AllowFile, f: Finding) => matchAllowEntry(file, f) !== undefined;

function entryFor(file: AllowFile, f: Finding, redactor: TextRedactor, reason: string, addedBy: string, expires?: string): AllowEntry {
  const path = pathGlobFor(f.path, redactor.spans(f.path));
  return { hash: entryHashOf(file, f), detector: f.detector.id, path, reason: redactor.mask(reason), addedBy, added: today(), ...(expires ? { expires } : {}) };
}

/** Names and reasons as a terminal may show them: secrets masked, control characters escaped. */
const shown = (redactor: TextRedactor, text: string) => terminalSafe(capped(redactor.mask(text)));

const redactorOf = (ctx: ScanContext) => textRedactor(ctx.catalogue, ctx.knownValues);

/** `leakstop allow [FINGERPRINT…] --reason TEXT [--expires DATE]`: accept staged findings by the secret's value. */
export async function allowFindings(fingerprints: string[], reason: string | undefined, expires: string | undefined): Promise<number> {
  if (!reason?.trim()) throw new UserError("allow needs --reason TEXT: say why this finding is acceptable");
  checkExpiry(expires);
  const top = locateRepo().workTree;
  const ctx = await buildScanContext({ noSuppress: true });
  const { findings } = await collect((onChange) => readStaged(onChange), ctx);
  for (const fp of fingerprints) {
    if (!findings.some((f) => f.fingerprint === fp)) throw new UserError(`no staged finding has the fingerprint ${fp} (leakstop --staged --format json lists them)`);
  }
  const chosen = fingerprints.length ? findings.filter((f) => fingerprints.includes(f.fingerprint)) : findings;
  if (!chosen.length) {
    process.stdout.write("leakstop: no staged findings to allow.\n");
    return 0;
  }
  const file = readAllowFile(top) ?? newAllowFile();
  const addedBy = whoAmI();
  const added = chosen.filter((f) => !covers(file, f));
  const redactor = redactorOf(ctx);
  for (const f of added) file.entries.push(entryFor(file, f, redactor, reason.trim(), addedBy, expires));
  writeAllowFile(top, file);
  for (const f of chosen) {
    process.stdout.write(`leakstop: ${added.includes(f) ? "allowed" : "already allowed"} ${f.detector.id} at ${shown(redactor, f.path)}:${f.line} (${f.fingerprint})\n`);
  }
  if (file.version === 1) process.stdout.write(ALLOW_FILE_V1_WEAK + "\n");
  process.stdout.write(`leakstop: ${ALLOW_FILE} records the secret's salted hash, never the secret; commit it with the change.\n`);
  return 0;
}

/** `leakstop baseline`: accept every finding of the working tree, for adopting leakstop in an existing repository. */
export async function writeBaseline(reason: string | undefined): Promise<number> {
  const top = locateRepo().workTree;
  const ctx = await buildScanContext({ noSuppress: true });
  const { findings } = await collect((onChange) => readWorkTree(onChange), ctx);
  const file = readAllowFile(top) ?? newAllowFile();
  const addedBy = whoAmI();
  const why = reason?.trim() || `baseline: present when leakstop was adopted on ${today()}`;
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
  process.stdout.write(`leakstop: ${findings.length} finding(s) in the working tree; ${added} new entr${added === 1 ? "y" : "ies"} written to ${ALLOW_FILE} (salted hashes only).\n`);
  for (const e of file.entries) {
    const [entryPath, entryReason] = [shown(redactor, e.path), shown(redactor, e.reason)];
    if (!used.has(e)) process.stdout.write(`leakstop: stale entry: ${e.detector} in ${entryPath} ("${entryReason}") matches nothing any more; remove it.\n`);
    else if (isExpired(e)) process.stdout.write(`leakstop: expired entry: ${e.detector} in ${entryPath} ("${entryReason}") expired on ${e.expires} and no longer suppresses.\n`);
  }
  if (file.version === 1) process.stdout.write(ALLOW_FILE_V1_WEAK + "\n");
  return 0;
}
