// Files tracked by Git LFS: git holds a small pointer, the content waits in the local LFS store until git-lfs's
// own pre-push hook uploads it. Reading only the diff would pass the pointer and never the content.
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { EmitChange, ScanStats } from "../../model/index.js";
import { ARCHIVE_SKIPPED, LFS_NOT_IN_PUSH_NOTE, LFS_SKIPPED } from "../../model/messages.js";
import { BINARY_CONTENT, MAX_DECODED_FILE_BYTES, emitWholeBlob, linesOf, noteSkipped, readArchive, sniff, streamDecoded } from "./binaries.js";
import { archiveKind } from "./archives.js";
import { SNIFF_BYTES, gitBlobs, gitSync } from "./exec.js";
import { addedLines } from "./lineDiff.js";
import type { PatchParser, PointerSection } from "./patchParser.js";

export interface LfsPointer {
  /** sha256 of the content, 64 lowercase hex digits. */
  oid: string;
  size: number;
}

// The spec's version URL, and the one its pre-release used; compared as plain strings, as the spec says.
const VERSIONS = new Set(["https://git-lfs.github.com/spec/v1", "https://hawser.github.com/spec/v1"]);
export const MAX_POINTER_BYTES = 1024;
const KEY_VALUE = /^([a-z0-9.-]+) ([^\r]*)$/;

/** The pointer a blob holds, by the Git LFS spec (version first, then keys in order, oid and size among them); else null. */
export function parsePointer(content: Buffer): LfsPointer | null {
  if (!content.length || content.length > MAX_POINTER_BYTES || content[content.length - 1] !== 10) return null;
  const lines = content.toString("utf8", 0, content.length - 1).split("\n");
  const version = KEY_VALUE.exec(lines[0]);
  if (!version || version[1] !== "version" || !VERSIONS.has(version[2])) return null;
  const values = new Map<string, string>();
  let last = "";
  for (const line of lines.slice(1)) {
    const kv = KEY_VALUE.exec(line);
    if (!kv || kv[1] <= last) return null;
    last = kv[1];
    values.set(kv[1], kv[2]);
  }
  const oid = /^sha256:([0-9a-f]{64})$/.exec(values.get("oid") ?? "")?.[1];
  const size = values.get("size") ?? "";
  if (!oid || !/^\d{1,15}$/.test(size)) return null;
  return { oid, size: Number(size) };
}

/** Where git-lfs keeps objects: `lfs.storage` (relative: to the git common dir), else `<git common dir>/lfs`; then `objects/`. */
export function lfsObjectsDir(cwd?: string): string {
  const common = resolve(cwd ?? process.cwd(), gitSync(["rev-parse", "--git-common-dir"], { cwd }).stdout.trim());
  const storage = gitSync(["config", "--get", "lfs.storage"], { cwd, allowFail: true }).stdout.trim();
  const root = storage ? (isAbsolute(storage) ? storage : join(common, storage)) : join(common, "lfs");
  return join(root, "objects");
}

export type LfsObject = { content: Buffer; binary: boolean } | { skipped: string };


/** The object in the store, opened, once it is a regular file of the pointer's size (else a partial download or another file). */
function openObject(objectsDir: string, pointer: LfsPointer): { fd: number } | { skipped: string } {
  const { oid } = pointer;
  const path = join(objectsDir, oid.slice(0, 2), oid.slice(2, 4), oid);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return { skipped: LFS_SKIPPED.missing };
  }
  const st = fstatSync(fd);
  const skipped = !st.isFile() ? LFS_SKIPPED.missing : st.size !== pointer.size ? LFS_SKIPPED.sizeDiffers : null;
  if (!skipped) return { fd };
  closeSync(fd);
  return { skipped };
}

function fill(fd: number, buf: Buffer, from: number): number {
  let n = from;
  while (n < buf.length) {
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
  }
  return n;
}

/**
 * The object a pointer names, as git-lfs would upload it, whole (up to MAX_DECODED_FILE_BYTES). It is not
 * hashed: what matters is what git-lfs sends, and it sends the bytes at this path, so a hash would cost a full
 * pass and change nothing that is scanned. Binary content is recognised from the first bytes and not read further.
 */
export function readLfsObject(objectsDir: string, pointer: LfsPointer): LfsObject {
  if (pointer.size > MAX_DECODED_FILE_BYTES) return { skipped: LFS_SKIPPED.tooLarge };
  const opened = openObject(objectsDir, pointer);
  if ("skipped" in opened) return opened;
  const { fd } = opened;
  try {
    const head = Buffer.allocUnsafe(Math.min(SNIFF_BYTES, pointer.size));
    const got = fill(fd, head, 0);
    // An archive is read whole for its members; other binary content is not read further.
    if (got && sniff(head.subarray(0, got)) === "binary" && !archiveKind(head.subarray(0, got))) return { content: head.subarray(0, got), binary: true };
    if (got === pointer.size) return { content: head.subarray(0, got), binary: false };
    const content = Buffer.allocUnsafe(pointer.size);
    head.copy(content, 0, 0, got);
    if (fill(fd, content, got) !== pointer.size) return { skipped: LFS_SKIPPED.sizeDiffers };
    return { content, binary: false };
  } finally {
    closeSync(fd);
  }
}

/** An object too large to hold, read in pieces into the parser; every line counts as added. Returns why not, if it was not. */
async function streamLfsObject(parser: PatchParser, s: PointerSection, objectsDir: string, pointer: LfsPointer): Promise<string | null> {
  const opened = openObject(objectsDir, pointer);
  if ("skipped" in opened) return opened.skipped;
  let read = 0;
  // The descriptor already checked to be a regular file; the stream closes it.
  const chunks = (async function* () {
    for await (const chunk of createReadStream("", { fd: opened.fd })) {
      read += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  })();
  const streamed = await streamDecoded(parser, { ...s, origin: "lfs" }, chunks);
  if ("archive" in streamed) return ARCHIVE_SKIPPED.tooLarge;
  if ("binary" in streamed) return BINARY_CONTENT;
  return read === pointer.size ? null : LFS_SKIPPED.sizeDiffers;
}

/**
 * Reads the sections the parser held as possible pointers. A pointer's LFS object is scanned in its place
 * (lines the object adds over the previous version's; past MAX_DECODED_FILE_BYTES, in pieces, all its lines);
 * a missing or binary object is listed as skipped. On a server (`inStore: false`) the objects are not there: the pointers are scanned as text and
 * the run says why the content was not. Returns the run's notes.
 */
export async function readPointerSections(parser: PatchParser, onChange: EmitChange, options: { cwd?: string; inStore?: boolean } = {}): Promise<string[]> {
  const held = parser.pointers.splice(0);
  if (!held.length) return [];
  const ids = [...new Set(held.flatMap((s) => (s.oldId ? [s.newId, s.oldId] : [s.newId])))];
  // An old side that was not a pointer is diffed against as it was; past the limit it counts as nothing.
  const blobs = await gitBlobs(ids, (_head, size) => size <= MAX_DECODED_FILE_BYTES, { cwd: options.cwd });
  const byId = new Map(blobs.map((b) => [b.id, b]));
  const pointerOf = (id: string | null) => {
    const blob = id ? byId.get(id) : undefined;
    return blob && blob.size <= MAX_POINTER_BYTES ? parsePointer(blob.content) : null;
  };
  const notes: string[] = [];
  let objectsDir: string | undefined;
  for (const s of held) {
    const pointer = pointerOf(s.newId);
    if (!pointer || options.inStore === false) {
      if (pointer && !notes.length) notes.push(LFS_NOT_IN_PUSH_NOTE);
      parser.stats.files++;
      onChange(s.change);
      continue;
    }
    parser.stats.lines -= s.lines;
    parser.stats.bytes -= s.bytes;
    objectsDir ??= lfsObjectsDir(options.cwd);
    if (pointer.size > MAX_DECODED_FILE_BYTES) {
      // Too large to hold for a line diff: every line of the new object counts as added.
      const skipped = await streamLfsObject(parser, s, objectsDir, pointer);
      if (skipped) noteSkipped(parser.stats, s.path, skipped);
      continue;
    }
    const object = readLfsObject(objectsDir, pointer);
    if ("skipped" in object || object.binary) {
      noteSkipped(parser.stats, s.path, "skipped" in object ? object.skipped : BINARY_CONTENT);
      continue;
    }
    const kind = archiveKind(object.content.subarray(0, SNIFF_BYTES));
    if (kind) {
      const old = pointerOf(s.oldId);
      const before = old ? readLfsObject(objectsDir, old) : null;
      await readArchive(parser, s, kind, object.content, before && "content" in before ? before.content : null);
      continue;
    }
    const after = linesOf(object.content);
    parser.addDecoded(s.path, s.commit, after, addedLines(previousLines(s, pointerOf(s.oldId), byId, objectsDir), after), "lfs");
  }
  return notes;
}

/** The previous version's lines: its LFS object's when it was a pointer too (none if that object is not here). */
function previousLines(s: PointerSection, pointer: LfsPointer | null, byId: Map<string, { size: number; content: Buffer }>, objectsDir: string): string[] {
  if (!s.oldId) return [];
  if (pointer) {
    const old = readLfsObject(objectsDir, pointer);
    return "skipped" in old || old.binary ? [] : linesOf(old.content);
  }
  const blob = byId.get(s.oldId);
  return blob && blob.content.length === blob.size ? linesOf(blob.content) : [];
}

/**
 * A whole blob that is an LFS pointer (a file the pre-commit framework names, a blob pushed under a tag): its
 * object read as a whole blob, or listed as skipped. False when the blob is not a pointer.
 */
export async function emitWholeLfs(path: string, content: Buffer, stats: ScanStats, objectsDir: () => string, emit: EmitChange): Promise<boolean> {
  const pointer = parsePointer(content);
  if (!pointer) return false;
  const object = readLfsObject(objectsDir(), pointer);
  if ("skipped" in object) noteSkipped(stats, path, object.skipped);
  // A binary object's first bytes say so: read as any whole blob, it is listed as skipped, or read as an archive.
  else await emitWholeBlob(path, object.content, stats, emit, "lfs");
  return true;
}
