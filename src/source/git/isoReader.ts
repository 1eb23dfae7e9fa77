import * as fs from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { emptyStats, type EmitChange, type Line, type SourceResult } from "../../model/index.js";
import { UserError } from "../../errors.js";
import { MAX_ARCHIVE_BYTES, archiveKind } from "./archives.js";
import { MAX_DECODED_FILE_BYTES, emitArchive, linesOf, noteSkipped, sniff } from "./binaries.js";
import { CONTEXT_LINES } from "./args.js";
import { SNIFF_BYTES } from "./exec.js";
import { addedLines } from "./lineDiff.js";
import { locateRepo } from "./locate.js";
import { ISO_READER_TOO_LARGE, gitIndexCutShort, isoReaderCannotRead, notAGitIndex } from "../../model/messages.js";

/**
 * The staged-change reader for machines without a git binary, built on isomorphic-git's object store reads
 * (never its index or work-tree paths, which can rewrite .git/index). It reads the index itself and refuses
 * every layout it cannot read correctly, rather than guess.
 */
export class UnsupportedLayoutError extends UserError {}

interface IndexEntry {
  path: string;
  oid: string;
  mode: number;
  /** The file's size when it was staged (0 where git wrote no stat data, e.g. after `read-tree`). */
  size: number;
}

const refuse = (what: string): never => {
  throw new UnsupportedLayoutError(isoReaderCannotRead(what));
};

function checkLayout(gitdir: string): void {
  if (process.env.GIT_INDEX_FILE) refuse("an alternate index (GIT_INDEX_FILE, as in `git commit -a`)");
  if (fs.existsSync(join(gitdir, "commondir"))) refuse("a linked worktree (commondir)");
  if (fs.existsSync(join(gitdir, "objects", "info", "alternates"))) refuse("a repository with alternates");
  const config = fs.existsSync(join(gitdir, "config")) ? fs.readFileSync(join(gitdir, "config"), "utf8") : "";
  if (/^\s*objectformat\s*=\s*sha256/im.test(config)) refuse("a SHA-256 repository");
  if (/^\s*(partialclone|promisor)\s*=/im.test(config)) refuse("a partial clone");
}

/** Parses .git/index versions 2 and 3; refuses version 4, split and sparse indexes. */
export function readIndex(gitdir: string): IndexEntry[] {
  const indexPath = join(gitdir, "index");
  if (!fs.existsSync(indexPath)) return [];
  const buf = fs.readFileSync(indexPath);
  if (buf.toString("latin1", 0, 4) !== "DIRC") throw new UserError(notAGitIndex(indexPath));
  if (buf.length < 12) throw new UserError(gitIndexCutShort(indexPath));
  const version = buf.readUInt32BE(4);
  if (version === 4) refuse("index version 4");
  if (version !== 2 && version !== 3) refuse(`index version ${version}`);
  const count = buf.readUInt32BE(8);
  const entries: IndexEntry[] = [];
  let at = 12;
  for (let i = 0; i < count; i++) {
    // An entry is 62 bytes or 64 (extended) before its name, and its name ends with a NUL.
    if (at + 64 > buf.length) throw new UserError(gitIndexCutShort(indexPath));
    const mode = buf.readUInt32BE(at + 24);
    const size = buf.readUInt32BE(at + 36);
    const oid = buf.toString("hex", at + 40, at + 60);
    const flags = buf.readUInt16BE(at + 60);
    const extended = (flags & 0x4000) !== 0;
    const stage = (flags >> 12) & 0x3;
    const extraFlags = extended ? buf.readUInt16BE(at + 62) : 0;
    const nameStart = at + 62 + (extended ? 2 : 0);
    const nameEnd = buf.indexOf(0, nameStart);
    if (nameEnd < 0) throw new UserError(gitIndexCutShort(indexPath));
    const path = buf.toString("utf8", nameStart, nameEnd);
    // Entries are padded with 1-8 NULs to a multiple of 8 bytes.
    at += (nameEnd - at + 8) & ~7;
    const intentToAdd = (extraFlags & 0x2000) !== 0;
    // Conflicted entries and intent-to-add placeholders add nothing that `git diff --cached` shows.
    if (stage === 0 && !intentToAdd && (mode & 0o170000) !== 0o160000) entries.push({ path, oid, mode, size });
  }
  while (at + 8 <= buf.length - 20) {
    const signature = buf.toString("latin1", at, at + 4);
    if (signature === "link") refuse("a split index");
    if (signature === "sdir") refuse("a sparse index");
    at += 8 + buf.readUInt32BE(at + 4);
  }
  return entries;
}

type Git = typeof import("isomorphic-git");

async function headTree(git: Git, gitdir: string, cache: object): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let commitOid: string;
  try {
    commitOid = await git.resolveRef({ fs, gitdir, ref: "HEAD" });
  } catch {
    return files; // unborn branch: compare with the empty tree
  }
  const { commit } = await git.readCommit({ fs, gitdir, oid: commitOid, cache });
  const walk = async (oid: string, prefix: string): Promise<void> => {
    const { tree } = await git.readTree({ fs, gitdir, oid, cache });
    for (const e of tree) {
      const path = prefix + e.path;
      if (e.type === "tree") await walk(e.oid, `${path}/`);
      else if (e.type === "blob") files.set(path, e.oid);
    }
  };
  await walk(commit.tree, "");
  return files;
}

// Decided by content, as the git reader decides: UTF-16 is text.
function isBinary(data: Uint8Array): boolean {
  return sniff(Buffer.from(data.subarray(0, SNIFF_BYTES))) === "binary";
}

function splitLines(data: Uint8Array): string[] {
  return linesOf(Buffer.from(data)).map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/** The share of the larger file's lines that also occur in the other: git's rename score, approximately. */
function similarity(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const l of a) counts.set(l, (counts.get(l) ?? 0) + 1);
  let common = 0;
  for (const l of b) {
    const c = counts.get(l) ?? 0;
    if (c > 0) {
      counts.set(l, c - 1);
      common++;
    }
  }
  return common / Math.max(a.length, b.length, 1);
}

export async function readStagedIso(onChange: EmitChange, options: { cwd?: string } = {}): Promise<SourceResult> {
  const { gitdir } = locateRepo(options.cwd ?? process.cwd());
  checkLayout(gitdir);
  const entries = readIndex(gitdir);
  // require, not import(): the CLI runs from a code-cached script, which has no dynamic import (see compileCache.ts).
  const git = createRequire(import.meta.url)("isomorphic-git") as Git;
  const cache = {};
  const head = await headTree(git, gitdir, cache);
  const stats = emptyStats();
  const read = async (oid: string) => (await git.readBlob({ fs, gitdir, oid, cache })).blob;

  const indexPaths = new Set(entries.map((e) => e.path));
  const deleted = [...head.keys()].filter((p) => !indexPaths.has(p));
  const changed = entries.filter((e) => head.get(e.path) !== e.oid);
  const filesChanged = deleted.length + changed.length;
  const deletedOids = new Map(deleted.map((p) => [head.get(p)!, p]));
  const unpairedDeleted = new Set(deleted);

  for (const entry of changed.sort((x, y) => (x.path < y.path ? -1 : 1))) {
    let oldOid = head.get(entry.path);
    if (!oldOid) {
      // A path the commit adds is scanned as text, as the git reader does.
      onChange({ path: entry.path, origin: "path", lines: [{ number: 1, text: entry.path, added: true }] });
      // An exact rename adds nothing.
      const exact = deletedOids.get(entry.oid);
      if (exact && unpairedDeleted.has(exact)) {
        unpairedDeleted.delete(exact);
        continue;
      }
    }
    // isomorphic-git hands a blob over whole, and its lines are diffed whole: past this size the run's memory
    // would pass its bound. Named as skipped; git's reader streams it.
    if (entry.size > MAX_DECODED_FILE_BYTES) {
      noteSkipped(stats, entry.path, ISO_READER_TOO_LARGE);
      continue;
    }
    const newData = await read(entry.oid);
    if (newData.length > MAX_DECODED_FILE_BYTES) {
      noteSkipped(stats, entry.path, ISO_READER_TOO_LARGE);
      continue;
    }
    // A rename with edits is compared with its source, as `git diff -M` does.
    if (!oldOid) oldOid = await findRenameSource(newData, unpairedDeleted, head, read);
    const previous = oldOid ? await read(oldOid) : new Uint8Array();
    // A previous version too large to diff whole is compared as nothing: its lines count as added again.
    const oldData = previous.length > MAX_DECODED_FILE_BYTES ? new Uint8Array() : previous;
    if (isBinary(newData) || isBinary(oldData)) {
      // An archive's members are read as the git reader reads them.
      const kind = isBinary(newData) && newData.length <= MAX_ARCHIVE_BYTES ? archiveKind(Buffer.from(newData.subarray(0, SNIFF_BYTES))) : null;
      if (!kind) {
        stats.skippedBinary++;
        continue;
      }
      await emitArchive(entry.path, kind, Buffer.from(newData), isBinary(oldData) ? Buffer.from(oldData) : null, stats, onChange);
      continue;
    }
    const newLines = splitLines(newData);
    const flags = addedLines(splitLines(oldData), newLines);
    const lines: Line[] = [];
    flags.forEach((isAdded, i) => {
      const nearAdded = flags.slice(Math.max(0, i - CONTEXT_LINES), i + CONTEXT_LINES + 1).some(Boolean);
      if (isAdded || nearAdded) lines.push({ number: i + 1, text: newLines[i], added: isAdded });
    });
    const addedCount = lines.filter((l) => l.added).length;
    if (!addedCount) continue;
    stats.files++;
    stats.lines += addedCount;
    for (const l of lines) if (l.added) stats.bytes += Buffer.byteLength(l.text) + 1;
    onChange({ path: entry.path, lines });
  }
  return { stats, filesChanged };
}

/** The deleted file a new file was renamed from, when at least half their lines agree (as `git diff -M`). */
async function findRenameSource(
  newData: Uint8Array,
  candidates: Set<string>,
  head: Map<string, string>,
  read: (oid: string) => Promise<Uint8Array>,
): Promise<string | undefined> {
  if (isBinary(newData)) return undefined;
  const newLines = splitLines(newData);
  let best: { path: string; score: number } | undefined;
  for (const path of candidates) {
    const data = await read(head.get(path)!);
    if (isBinary(data) || data.length > MAX_DECODED_FILE_BYTES) continue;
    const score = similarity(splitLines(data), newLines);
    if (score >= 0.5 && (!best || score > best.score)) best = { path, score };
  }
  if (!best) return undefined;
  candidates.delete(best.path);
  return head.get(best.path);
}
