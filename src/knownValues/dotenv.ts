import { readdirSync } from "node:fs";
import { join } from "node:path";
import { knownValueIndex, type KnownValueIndex, type KnownValueSource } from "./index.js";
import { shannonEntropy } from "../engine/entropy.js";
import { gitOutput } from "../source/git/exec.js";
import { readRegularFile } from "../source/files.js";
import type { DotenvFiles } from "../model/index.js";
import { dotenvTooLarge, dotenvUnreadable } from "../model/messages.js";
import { cachedWalk, dirStamp, type Walk } from "./walkCache.js";

const SKIP_DIRS = new Set(["node_modules", ".git", "dist", "build", "vendor", "target", ".venv", "venv", "__pycache__", ".next", "coverage"]);
const MAX_DEPTH = 3;
const MAX_DIRS = 300;
const MAX_FILE_BYTES = 256 * 1024;

/** Files near the top of the work tree whose names match the dotenv globs (a bounded walk: hooks must stay fast). */
function candidateFiles(top: string, matches: (path: string) => unknown): Walk {
  const walked: Walk = { dirs: [], found: [] };
  // Paths are built from the walk's own prefix: path.join and path.relative per entry cost more than the readdir.
  const walk = (relDir: string, depth: number) => {
    if (walked.dirs.length > MAX_DIRS) return;
    const dir = relDir ? join(top, relDir) : top;
    let entries;
    try {
      // Stamped before it is read: a change during the read leaves the kept walk out of date, never wrong.
      walked.dirs.push([relDir, dirStamp(dir)]);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = relDir ? `${relDir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIP_DIRS.has(e.name)) walk(path, depth + 1);
      } else if (matches(path)) {
        // Not only regular files: a link is read through (a .env linked from elsewhere), and anything else is named in a note.
        walked.found.push(path);
      }
    }
  };
  walk("", 1);
  return walked;
}

/** Of these paths, the ones git ignores (and does not track): the files whose values must never be committed. */
async function ignoredByGit(top: string, paths: string[]): Promise<string[]> {
  if (!paths.length) return [];
  const { stdout } = await gitOutput(["check-ignore", "-z", "--stdin"], { cwd: top, input: paths.join("\0"), allowFail: true });
  return stdout.split("\0").filter(Boolean);
}

const TRIVIAL = /^(true|false|yes|no|on|off|null|none|nil|undefined|localhost|development|production|staging|test|debug|info|warning|error)$/i;

/** Values too short, too common or too structured to be secrets are not worth matching. */
export function isSecretLike(value: string): boolean {
  if (value.length < 8 || value.length > 512) return false;
  if (TRIVIAL.test(value) || /^[\d.,:\-+_ ]+$/.test(value)) return false;
  if (/^(https?|wss?):\/\/[^@\s]+$/i.test(value)) return false; // a URL without credentials
  if (/^(\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(value)) return false; // a file path
  if (/^(localhost|127\.0\.0\.1|0\.0\.0\.0)(:\d+)?$/.test(value) || value.includes("${")) return false;
  return shannonEntropy(value) >= 2.5;
}

/** KEY=VALUE pairs of a dotenv or tfvars file (quotes removed, `export` and comments ignored). */
export function parseAssignments(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) continue;
    let value = m[2];
    const quoted = /^(["'`])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, "");
    pairs.push([m[1], value]);
  }
  return pairs;
}

/**
 * Reads the values of the repository's git-ignored dotenv files into digests, keeping no value. A file it
 * cannot use (too large, not a regular file, unreadable) is named in `notes`: its values are not protected.
 * `dotenvFiles` is the config's dotenv globs, compiled by the policy (which this folder does not import).
 */
export async function indexDotenvValues(top: string, dotenvFiles: DotenvFiles, notes: string[] = []): Promise<KnownValueIndex> {
  const files = await ignoredByGit(top, cachedWalk(top, JSON.stringify(dotenvFiles.globs), () => candidateFiles(top, dotenvFiles.matches)));
  const values: { value: string; source: KnownValueSource }[] = [];
  for (const file of files) {
    const read = readRegularFile(join(top, file), file, MAX_FILE_BYTES);
    if (!("text" in read)) {
      if (read.kind === "too-large") notes.push(dotenvTooLarge(file, "256 KB"));
      else if (read.kind !== "missing") notes.push(dotenvUnreadable(read.message));
      continue;
    }
    for (const [name, value] of parseAssignments(read.text)) {
      if (!isSecretLike(value)) continue;
      values.push({ value, source: { name, file } });
    }
  }
  return knownValueIndex(values);
}
