import { crypto, SCRYPT_NAME, scryptHex } from "../util/crypto.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { keptPrefixLength, mergeSpans, type Span } from "../engine/redact.js";
import type { Finding } from "../model/index.js";
import { atConfigKey, badGlob, CONFIG_ISSUE, describeName, didYouMean, expectedFound } from "../model/messages.js";
import { nearest } from "../util/nearest.js";
import { parseJsonFile, ConfigError, readConfigText } from "./config.js";
import { ALLOW_FILE } from "./defaults.js";
import { compileGlob, GlobError } from "./glob.js";

/** One accepted finding, keyed on the secret's value (never stored): survives line moves, rebases and squashes. */
export interface AllowEntry {
  /** The secret's digest hashed with the file's salt (scrypt), in version 3. */
  hash: string;
  detector: string;
  /** A path glob; the finding's own path by default. */
  path: string;
  reason: string;
  addedBy: string;
  added: string;
  expires?: string;
}

export interface AllowFile {
  /**
   * 3: scrypt over the secret's digest. 1 and 2 hashed the secret itself, which no longer leaves the engine:
   * still read (so the file is not an error), but their entries cannot be checked and suppress nothing.
   */
  version: 1 | 2 | 3;
  /** Versions 2 and 3 name their key derivation, so a file is never read with other parameters than it was written with. */
  kdf?: string;
  salt: string;
  entries: AllowEntry[];
}

export const ALLOW_FILE_VERSION = 3;

/** A file whose entries this version can check. */
export const isCurrent = (file: AllowFile) => file.version === ALLOW_FILE_VERSION;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD naming a day the calendar has (not 2030-02-30, which Date.parse rolls over to March). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string" || !DATE.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  // Month 13 or day 00 make no date at all; day 30 of February rolls over to March.
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}
/** Baselines of large repositories hold thousands of entries. */
const ALLOW_FILE_MAX_BYTES = 8 * 1024 * 1024;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function allowFilePath(top: string): string {
  return join(top, ALLOW_FILE);
}

const FILE_KEYS = ["version", "kdf", "salt", "entries"];
const ENTRY_KEYS = ["hash", "detector", "path", "reason", "addedBy", "added", "expires"];

function knownKeysOnly(value: object, at: string, known: string[]): void {
  const key = Object.keys(value).find((k) => !known.includes(k));
  if (key !== undefined) throw new ConfigError(CONFIG_ISSUE.unknownKey(at, describeName(key) + didYouMean(nearest(key, known)), known));
}

function check(cond: boolean, where: string, message: string): asserts cond {
  if (!cond) throw new ConfigError(atConfigKey(`${ALLOW_FILE}: ${where}`, message));
}

export function readAllowFile(top: string): AllowFile | null {
  const path = allowFilePath(top);
  const text = readConfigText(path, ALLOW_FILE, ALLOW_FILE_MAX_BYTES);
  if (text === null) return null;
  const raw = parseJsonFile(text, ALLOW_FILE) as Partial<AllowFile> | null;
  check(raw !== null && typeof raw === "object" && !Array.isArray(raw), "(root)", expectedFound(`an object`, raw));
  check(raw.version === 1 || raw.version === 2 || raw.version === 3, "version", expectedFound(`3 (or 2 or 1)`, raw.version));
  if (raw.version !== 1) check(raw.kdf === SCRYPT_NAME, "kdf", expectedFound(`"${SCRYPT_NAME}"`, raw.kdf));
  check(typeof raw.salt === "string" && raw.salt.length >= 16, "salt", expectedFound(`a string of at least 16 characters`, raw.salt));
  check(Array.isArray(raw.entries), "entries", expectedFound(`an array`, raw.entries));
  knownKeysOnly(raw, `${ALLOW_FILE}: `, FILE_KEYS);
  raw.entries.forEach((e, i) => {
    check(e !== null && typeof e === "object" && !Array.isArray(e), `entries[${i}]`, expectedFound(`an object`, e));
    // A misspelt key would otherwise be dropped unnoticed (`expire` for `expires`: an entry that never expires).
    knownKeysOnly(e, `${ALLOW_FILE}: entries[${i}]: `, ENTRY_KEYS);
    for (const key of ["hash", "detector", "path", "reason", "addedBy", "added"] as const) {
      check(typeof e[key] === "string" && e[key].length > 0, `entries[${i}].${key}`, expectedFound(`a non-empty string`, e[key]));
    }
    check(/^[0-9a-f]{64}$/.test(e.hash), `entries[${i}].hash`, expectedFound(`64 hex characters`, e.hash));
    check(isCalendarDate(e.added), `entries[${i}].added`, expectedFound(`a date YYYY-MM-DD`, e.added));
    if (e.expires !== undefined) check(isCalendarDate(e.expires), `entries[${i}].expires`, expectedFound(`a date YYYY-MM-DD`, e.expires));
    try {
      compileGlob(e.path);
    } catch (err) {
      if (err instanceof GlobError) throw new ConfigError(badGlob(`${ALLOW_FILE}: entries[${i}].path`, err.message));
      throw err;
    }
  });
  return raw as AllowFile;
}

export function writeAllowFile(top: string, file: AllowFile): void {
  writeFileSync(allowFilePath(top), JSON.stringify(file, null, 2) + "\n");
}

export function newAllowFile(): AllowFile {
  return { version: ALLOW_FILE_VERSION, kdf: SCRYPT_NAME, salt: crypto().randomBytes(16).toString("hex"), entries: [] };
}

export function isExpired(entry: AllowEntry, on = today()): boolean {
  return entry.expires !== undefined && entry.expires < on;
}

const globs = new Map<string, (path: string) => boolean>();

const hashes = new WeakMap<Finding, Map<string, string>>();

/** The finding's hash as a version 3 file stores it; scrypt is slow, so each finding hashes once per salt. */
export function entryHashOf(file: AllowFile, finding: Finding): string {
  let bySalt = hashes.get(finding);
  if (!bySalt) hashes.set(finding, (bySalt = new Map()));
  let hash = bySalt.get(file.salt);
  if (hash === undefined) bySalt.set(file.salt, (hash = scryptHex(finding.digest, file.salt, 32)));
  return hash;
}

/** Every entry that covers a finding (expired ones too, for the caller to report): same secret, detector and path. */
export function allowEntriesFor(file: AllowFile, finding: Finding): AllowEntry[] {
  if (!isCurrent(file)) return [];
  // Detector and path first: the hash is paid only when an entry could match.
  const candidates = file.entries.filter((e) => {
    if (e.detector !== finding.detector.id) return false;
    let glob = globs.get(e.path);
    if (!glob) globs.set(e.path, (glob = compileGlob(e.path)));
    return glob(finding.path);
  });
  if (!candidates.length) return [];
  const hash = entryHashOf(file, finding);
  return candidates.filter((e) => e.hash === hash);
}

/** The entry that covers a finding, if any. */
export function matchAllowEntry(file: AllowFile, finding: Finding): AllowEntry | undefined {
  return allowEntriesFor(file, finding)[0];
}

/**
 * The path an entry stores: each secret in it (a token used as a directory or file name) cut to its shown
 * prefix and a wildcard, so the entry still matches the finding without the file holding the secret.
 */
export function pathGlobFor(path: string, secrets: readonly Span[]): string {
  if (!secrets.length) return path;
  let glob = "";
  let at = 0;
  for (const s of mergeSpans(secrets)) {
    const secret = path.slice(s.start, s.end);
    const prefix = /^[A-Za-z0-9_.-]*/.exec(secret.slice(0, keptPrefixLength(secret)))![0];
    glob += path.slice(at, s.start) + prefix + (secret.includes("/") ? "**" : "*");
    at = s.end;
  }
  glob += path.slice(at);
  // A path that needs glob syntax of its own cannot be narrowed safely; the hash and detector still must match.
  return compileGlob(glob)(path) ? glob : "**";
}
