// Archives committed as files (zip and its kin: jar, war, apk, docx, xlsx; gzip, and tar inside gzip): their
// members are text that git shows only as "binary". Read in memory within fixed bounds, two levels deep.
import type { ByteRange } from "../../model/index.js";
import { ARCHIVE_SKIPPED } from "../../model/messages.js";

// Loaded on use, like node:crypto: a commit without an archive never pays for it.
const zlib = () => process.getBuiltinModule("node:zlib") as typeof import("node:zlib");

/** An archive is read whole up to this size, and no member or gzip stream past it is decompressed. */
export const MAX_ARCHIVE_BYTES = 10 * 1024 * 1024;
/** What all members of one archive may decompress to together: a zip bomb stops here. */
const MAX_ARCHIVE_OUTPUT = 50 * 1024 * 1024;
const MAX_MEMBERS = 10_000;

export type ArchiveKind = "zip" | "gzip";


export interface ArchiveMember {
  name: string;
  /** Where the member is stored in the archive's bytes: offset and length (a gzip's members: the whole file). */
  range: ByteRange;
  /** A zip member's bytes as stored (compressed), and how: equal across two versions, the member did not change. */
  stored?: { method: number; bytes: Buffer };
  /** The member's bytes (decompressed on the call), or why they were not read. */
  read(): Buffer | { skipped: string };
  /**
   * A compressed member's bytes as they are decompressed, never held whole: a whole member outlives many
   * collections and only a full one frees it. Throws ArchiveError past the member's or the archive's bound.
   */
  chunks?(): AsyncIterable<Buffer>;
}

/** What a file's first bytes say it is: a zip (local header or an empty archive's end record) or gzip; else null. */
export function archiveKind(head: Buffer): ArchiveKind | null {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return "zip";
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8) return "gzip";
  return null;
}

/**
 * The members of an archive (files only), each decompressed when read. Throws ArchiveError when the archive
 * itself cannot be read (truncated, zip64, not what its first bytes said).
 */
export function* membersOf(content: Buffer, kind: ArchiveKind, name: string, budget: ArchiveBudget = archiveBudget()): Generator<ArchiveMember> {
  if (kind === "zip") return yield* zipMembers(content, budget);
  let inner: Buffer;
  try {
    inner = zlib().gunzipSync(content, { maxOutputLength: Math.min(MAX_ARCHIVE_BYTES, budget.left) });
  } catch (err) {
    throw new ArchiveError((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? ARCHIVE_SKIPPED.gzipTooLarge : ARCHIVE_SKIPPED.unreadable);
  }
  budget.left -= inner.length;
  const range: ByteRange = [0, content.length];
  if (isTar(inner)) return yield* tarMembers(inner, range);
  // A single gzip-compressed file: its member is the file it was made from, named without `.gz`.
  yield { name: name.replace(/^.*\//, "").replace(/\.gz$/i, "") || "(gzip content)", range, read: () => inner };
}

export class ArchiveError extends Error {}

/** What is left to decompress, shared by an archive and the archives inside it. */
export interface ArchiveBudget {
  left: number;
}

export function archiveBudget(): ArchiveBudget {
  return { left: MAX_ARCHIVE_OUTPUT };
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function* zipMembers(zip: Buffer, budget: ArchiveBudget): Generator<ArchiveMember> {
  // The end record sits in the last 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ArchiveError(ARCHIVE_SKIPPED.unreadable);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new ArchiveError(ARCHIVE_SKIPPED.zip64);
  if (count > MAX_MEMBERS) throw new ArchiveError(ARCHIVE_SKIPPED.tooManyMembers);
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new ArchiveError(ARCHIVE_SKIPPED.unreadable);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    // Bit 11: the name is UTF-8; otherwise code page 437, read as Latin-1 (the same for ASCII names).
    const name = zip.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, at + 46 + nameLength);
    at += 46 + skip;
    if (name.endsWith("/")) continue;
    const entry = { flags, method, compressed, size, local };
    const streamable = method === 8 && !(flags & 1) && size !== 0xffffffff && compressed !== 0xffffffff;
    const range: ByteRange = [local, Math.max(0, Math.min(zip.length, local + 30 + nameLength + compressed) - local)];
    const stored = storedBytes(zip, entry);
    yield {
      name,
      range,
      ...(stored ? { stored: { method, bytes: stored } } : {}),
      read: () => zipMember(zip, entry, budget),
      ...(streamable ? { chunks: () => inflatedChunks(zip, entry, budget) } : {}),
    };
  }
}

/** A member's compressed bytes, found through its local header; null when they are not where the directory says. */
function storedBytes(zip: Buffer, e: { compressed: number; local: number }): Buffer | null {
  if (e.local + 30 > zip.length || zip.readUInt32LE(e.local) !== LOCAL) return null;
  const start = e.local + 30 + zip.readUInt16LE(e.local + 26) + zip.readUInt16LE(e.local + 28);
  const data = zip.subarray(start, start + e.compressed);
  return data.length === e.compressed ? data : null;
}

function zipMember(zip: Buffer, e: { flags: number; method: number; compressed: number; size: number; local: number }, budget: ArchiveBudget): Buffer | { skipped: string } {
  if (e.flags & 1) return { skipped: ARCHIVE_SKIPPED.encrypted };
  if (e.size === 0xffffffff || e.compressed === 0xffffffff) return { skipped: ARCHIVE_SKIPPED.zip64 };
  if (e.size > MAX_ARCHIVE_BYTES) return { skipped: ARCHIVE_SKIPPED.memberTooLarge };
  if (e.size > budget.left) return { skipped: ARCHIVE_SKIPPED.tooLarge };
  const data = storedBytes(zip, e);
  if (!data) return { skipped: ARCHIVE_SKIPPED.unreadable };
  let out: Buffer;
  if (e.method === 0) out = data;
  else if (e.method === 8) {
    try {
      // The central directory's size is the writer's word: the output is bounded whatever it says.
      out = zlib().inflateRawSync(data, { maxOutputLength: Math.min(MAX_ARCHIVE_BYTES, budget.left) });
    } catch (err) {
      return { skipped: (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? ARCHIVE_SKIPPED.memberTooLarge : ARCHIVE_SKIPPED.unreadable };
    }
  } else return { skipped: ARCHIVE_SKIPPED.method(e.method) };
  budget.left -= out.length;
  return out;
}

async function* inflatedChunks(zip: Buffer, e: { compressed: number; local: number }, budget: ArchiveBudget): AsyncGenerator<Buffer> {
  const data = storedBytes(zip, e);
  if (!data) throw new ArchiveError(ARCHIVE_SKIPPED.unreadable);
  const inflate = zlib().createInflateRaw();
  inflate.end(data);
  let total = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_ARCHIVE_BYTES) throw new ArchiveError(ARCHIVE_SKIPPED.memberTooLarge);
      if (chunk.length > budget.left) throw new ArchiveError(ARCHIVE_SKIPPED.tooLarge);
      budget.left -= chunk.length;
      yield chunk;
    }
  } catch (err) {
    throw err instanceof ArchiveError ? err : new ArchiveError(ARCHIVE_SKIPPED.unreadable);
  } finally {
    inflate.destroy();
  }
}

/** A POSIX tar: "ustar" at offset 257 of the first header. */
function isTar(buf: Buffer): boolean {
  return buf.length >= 512 && buf.toString("latin1", 257, 262) === "ustar";
}

function* tarMembers(tar: Buffer, range: ByteRange): Generator<ArchiveMember> {
  let longName: string | null = null;
  for (let at = 0, n = 0; at + 512 <= tar.length && n < MAX_MEMBERS; n++) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(header.toString("latin1", 124, 136).replace(/\0.*$/s, "").trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) throw new ArchiveError(ARCHIVE_SKIPPED.unreadable);
    const type = String.fromCharCode(header[156]);
    const data = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    // GNU long names come as a member of their own just before the one they name.
    if (type === "L") {
      longName = data.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    const prefix = header.toString("utf8", 345, 500).replace(/\0.*$/s, "");
    const short = header.toString("utf8", 0, 100).replace(/\0.*$/s, "");
    const name = longName ?? (prefix ? `${prefix}/${short}` : short);
    longName = null;
    if (type === "0" || type === "\0" || type === "7") yield { name, range, read: () => (data.length === size ? data : { skipped: ARCHIVE_SKIPPED.unreadable }) };
  }
}
