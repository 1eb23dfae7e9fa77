// Real third-party code for the tools: every text file of the installed node_modules, as a developer might add it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { MAX_ARCHIVE_BYTES, archiveKind, membersOf } from "../source/git/archives.js";

export interface CorpusFile {
  path: string;
  text: string;
}

function* filesUnder(dir: string, skip: ReadonlySet<string> = new Set()): Generator<string> {
  let listed;
  try {
    listed = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folders of a system tree are skipped, not fatal
  }
  const entries = listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(entry.name)) yield* filesUnder(path, skip);
    }
    else if (entry.isFile()) yield path;
  }
}

/** Text files (no NUL in the first 8,000 bytes, as git decides) under `dir`, up to 20 MB each, named relative to `base`. */
export function* textFilesUnder(dir: string, options: { base?: string; skip?: ReadonlySet<string> } = {}): Generator<CorpusFile> {
  const { base = dir, skip } = options;
  for (const path of filesUnder(dir, skip)) {
    let data: Buffer;
    try {
      if (statSync(path).size > 20 * 1024 * 1024) continue;
      data = readFileSync(path);
    } catch {
      continue;
    }
    if (data.subarray(0, 8000).includes(0)) continue;
    yield { path: relative(base, path), text: data.toString("utf8") };
  }
}

/**
 * The text members of gzip-compressed files under `dir` (man pages, changelogs), read by leakstop's own archive
 * reader as a commit of them would be, up to `limitBytes` of decompressed text; named `file.gz!member`.
 */
export function* compressedTextUnder(dir: string, limitBytes: number): Generator<CorpusFile> {
  let bytes = 0;
  for (const path of filesUnder(dir)) {
    if (bytes >= limitBytes) return;
    if (!path.endsWith(".gz")) continue;
    let data: Buffer;
    try {
      if (statSync(path).size > MAX_ARCHIVE_BYTES) continue;
      data = readFileSync(path);
    } catch {
      continue;
    }
    const kind = archiveKind(data.subarray(0, 8000));
    if (!kind) continue;
    try {
      for (const member of membersOf(data, kind, path)) {
        const content = member.read();
        if (!Buffer.isBuffer(content) || content.subarray(0, 8000).includes(0)) continue;
        bytes += content.length;
        yield { path: `${relative(dir, path)}!${member.name}`, text: content.toString("utf8") };
      }
    } catch {
      continue; // a damaged archive is the reader's to list, not the corpus's
    }
  }
}

/** Every text file of `root`/node_modules. */
export function nodeModulesText(root: string): Generator<CorpusFile> {
  return textFilesUnder(join(root, "node_modules"), { base: root });
}

/** Python's standard library as this machine's python3 has it, or null when there is none. */
export function pythonStdlibDir(): string | null {
  const r = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" });
  const dir = r.status === 0 ? r.stdout.trim() : "";
  return dir && existsSync(dir) ? dir : null;
}
