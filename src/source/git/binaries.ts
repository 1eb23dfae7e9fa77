// Files git calls binary are decided again by their content: git's verdict also follows attributes
// (`binary`, `-diff`) and size, and UTF-16 text holds NUL bytes. Only real binary content stays skipped.
import { CONTEXT_LINES, DIFF_FORMAT } from "./args.js";
import { CUT_SEARCH, SEPARATORS, SNIFF_BYTES, gitBlobChunks, gitBlobs, gitLines, gitSync, type ObjectSink } from "./exec.js";
import { addedLines } from "./lineDiff.js";
import { ArchiveError, MAX_ARCHIVE_BYTES, archiveBudget, archiveKind, membersOf, type ArchiveKind, type ArchiveMember } from "./archives.js";
import { keyStoreChange, mayBeKeyStore } from "./keyStores.js";
import { PatchParser, type BinarySection } from "./patchParser.js";

import { sumStats, type ByteRange, type Change, type ChangeOrigin, type CommitInfo, type EmitChange, type Line, type MemberPlace, type ScanStats } from "../../model/index.js";
import { ARCHIVE_SKIPPED, archivePlace } from "../../model/messages.js";

export type Content = "utf16le" | "utf16be" | "text" | "binary";

export const BINARY_CONTENT = "binary content";

// First bytes of compressed files leakstop does not open: their content may be a dump or a .env all the same.
const UNOPENED_FORMATS: [string, number[]][] = [
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["7z", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ["rar", [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
  ["lz4", [0x04, 0x22, 0x4d, 0x18]],
];

/** Why binary content was not read: a compression format leakstop does not open is named, else "binary content". */
export function binaryReason(head: Uint8Array): string {
  const format = UNOPENED_FORMATS.find(([, magic]) => magic.every((b, i) => head[i] === b));
  return format ? ARCHIVE_SKIPPED.format(format[0]) : BINARY_CONTENT;
}

/** A whole file read outside a diff (a checkout's file, a Git LFS object) is skipped past this size (FILE_TOO_LARGE_TO_SCAN). */
export const MAX_WHOLE_FILE_BYTES = 50 * 1024 * 1024;

/**
 * A file decoded whole into lines (UTF-16 text, a Git LFS object), with its previous version for the line diff:
 * past this a run's peak memory would pass its 150 MB bound (a 48 MB UTF-16 file peaked at 281 MB, a 16.7 MB
 * LFS object at 143 MB). Larger ones are read in pieces (ChunkedLines), every line counted as added. One such
 * file is held at a time.
 */
export const MAX_DECODED_FILE_BYTES = 10 * 1024 * 1024;

const SECTIONS_PER_DIFF = 100;

/** What a blob holds, from its first bytes: UTF-16 (with a BOM, or ASCII-heavy without one), text, or binary. */
export function sniff(head: Buffer): Content {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe && !(head[2] === 0 && head[3] === 0)) return "utf16le";
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return "utf16be";
  if (!head.includes(0)) return "text";
  const pairs = head.length >> 1;
  let zeroLow = 0;
  let zeroHigh = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) zeroLow++;
    if (head[i + 1] === 0) zeroHigh++;
  }
  // NUL every other byte, from the first character on: the high half of ASCII characters in UTF-16.
  const shape = (zeros: number, others: number) => zeros >= pairs * 0.7 && others <= pairs * 0.02;
  const guess =
    head[1] === 0 && head[0] !== 0 && shape(zeroHigh, zeroLow) ? "utf16le" : head[0] === 0 && head[1] !== 0 && shape(zeroLow, zeroHigh) ? "utf16be" : null;
  if (guess && isText(decode(head.subarray(0, pairs * 2), guess))) return guess;
  // Text with NULs in places, e.g. UTF-16 that PowerShell's `>>` appended to a UTF-8 file: read as text.
  const rest = Buffer.from(head.filter((b) => b !== 0)).toString("utf8");
  return isText(rest) && !rest.includes("\ufffd") ? "text" : "binary";
}

function isText(text: string): boolean {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control <= text.length / 100;
}

function decode(content: Buffer, kind: Content): string {
  if (kind === "text") return content.toString("utf8");
  const even = content.subarray(0, content.length & ~1);
  const le = kind === "utf16be" ? Buffer.from(even).swap16() : even;
  const text = le.toString("utf16le");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A blob's lines as an editor shows them (binary: none); no trailing empty line for the final newline. */
export function linesOf(content: Buffer | null): string[] {
  if (!content || !content.length) return [];
  const kind = sniff(content.subarray(0, SNIFF_BYTES));
  if (kind === "binary") return [];
  const text = decode(content, kind);
  const lines = (kind === "text" && text.includes("\u0000") ? text.replaceAll("\u0000", "") : text).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A whole blob as added lines numbered from 1, as an editor shows them (UTF-16 decoded, CR dropped); binary: none. */
export function blobLines(content: Buffer): Line[] {
  return linesOf(content).map((text, i) => ({ number: i + 1, text: text.endsWith("\r") ? text.slice(0, -1) : text, added: true }));
}

/** Characters of one line held before the rest of it goes on as another piece (as git's own long lines do). */
const MAX_PIECE_CHARS = 1024 * 1024;

/**
 * Text arriving in chunks (UTF-8 or UTF-16, a BOM dropped), handed on line by line as an editor numbers them,
 * every line added; a line longer than MAX_PIECE_CHARS goes on in pieces. Holds one line (or piece) at most.
 */
class ChunkedLines {
  private readonly decoder: TextDecoder;
  private pending = "";
  private number = 1;
  private offset = 0;

  constructor(
    private readonly kind: Content,
    private readonly onLine: (line: Line) => void,
  ) {
    this.decoder = new TextDecoder(kind === "utf16le" ? "utf-16le" : kind === "utf16be" ? "utf-16be" : "utf-8");
  }

  push(chunk: Buffer): void {
    this.take(this.decoder.decode(chunk, { stream: true }));
  }

  end(): void {
    this.take(this.decoder.decode());
    if (this.pending) this.send(this.pending);
  }

  private take(text: string): void {
    if (this.kind === "text" && text.includes("\u0000")) text = text.replaceAll("\u0000", "");
    let from = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
      this.send(this.pending + text.slice(from, nl));
      this.pending = "";
      this.number++;
      this.offset = 0;
      from = nl + 1;
    }
    this.pending += text.slice(from);
    while (this.pending.length > MAX_PIECE_CHARS) {
      const cut = pieceEnd(this.pending);
      this.send(this.pending.slice(0, cut));
      this.offset += cut;
      this.pending = this.pending.slice(cut);
    }
  }

  private send(text: string): void {
    this.onLine({ number: this.number, text, added: true, ...(this.offset ? { offset: this.offset } : {}) });
  }
}

/**
 * A blob's lines as its bytes come (streamObjects, a file's stream), numbered and decoded as blobLines does but
 * never held whole: binary content gives none, and a line longer than MAX_PIECE_CHARS comes in pieces.
 */
export function lineSink(onLine: (line: Line) => void): ObjectSink {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let lines: ChunkedLines | null = null;
  let binary = false;
  const start = () => {
    const head = Buffer.concat(held);
    held = [];
    const kind = sniff(head.subarray(0, SNIFF_BYTES));
    if (kind === "binary") return void (binary = true);
    lines = new ChunkedLines(kind, onLine);
    lines.push(head);
  };
  return {
    write(chunk) {
      if (lines) return lines.push(chunk);
      if (binary) return;
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= SNIFF_BYTES) start();
    },
    end() {
      if (!lines && !binary && heldBytes) start();
      lines?.end();
    },
  };
}

/** Where to cut a long line's piece, as git's long lines are cut (exec.ts): after the last separator near the cap, else at it (never inside a surrogate pair). */
function pieceEnd(text: string): number {
  for (let i = MAX_PIECE_CHARS - 1; i >= MAX_PIECE_CHARS - CUT_SEARCH; i--) if (SEPARATORS.has(text.charCodeAt(i))) return i + 1;
  const code = text.charCodeAt(MAX_PIECE_CHARS - 1);
  return code >= 0xd800 && code <= 0xdbff ? MAX_PIECE_CHARS - 1 : MAX_PIECE_CHARS;
}

/** A file not read, counted and listed with the reason. */
export function noteSkipped(stats: ScanStats, path: string, reason: string): void {
  stats.skippedBinary++;
  (stats.skipped ??= []).push({ path, reason });
}

/** A whole blob as one change; binary content is counted as skipped. */
function wholeBlobChange(path: string, content: Buffer, stats: ScanStats): Change | null {
  if (content.length && sniff(content.subarray(0, SNIFF_BYTES)) === "binary") {
    noteSkipped(stats, path, binaryReason(content));
    return null;
  }
  const lines = blobLines(content);
  stats.files++;
  stats.lines += lines.length;
  stats.bytes += content.length;
  return { path, lines, origin: "content" };
}

/** Archives inside archives (a jar in a war) are opened this many levels deep; deeper ones are listed as skipped. */
const ARCHIVE_DEPTH = 2;

/** Bytes of a member handed to the scan before the event loop turns: what waits to be scanned stays this small. */
const MEMBER_SLICE_BYTES = 256 * 1024;

/** Turns the event loop once every MEMBER_SLICE_BYTES handed on, so the scan takes them before more are read. */
function pacer(): (bytes: number) => Promise<void> | undefined {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < MEMBER_SLICE_BYTES) return undefined;
    since = 0;
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
}

/**
 * An archive's text members into the parser, each as a file of its own at the archive's path: of a changed
 * archive, only the lines each member adds over the member of that name before. Binary members are passed;
 * members that could not be read, and archives nested deeper than ARCHIVE_DEPTH, are listed as skipped. The
 * event loop turns as members are read, so the scan takes their lines as they come: read all at once, 50 MB of
 * members peaked at 277 MB.
 */
export async function readArchive(parser: PatchParser, at: { path: string; commit?: CommitInfo }, kind: ArchiveKind, after: Buffer, before: Buffer | null): Promise<void> {
  const { path, commit } = at;
  const budget = archiveBudget();
  const pace = pacer();
  // A nested archive's members are stored inside its own entry: that entry is where they are in the file.
  const readLevel = async (content: Buffer, kind: ArchiveKind, previousContent: Buffer | null, prefix: string, depth: number, outer?: ByteRange): Promise<void> => {
    const place = (name: string) => (prefix ? `${prefix}!${name}` : name);
    const memberPlace = (m: ArchiveMember): MemberPlace => ({ name: place(m.name), bytes: outer ?? m.range });
    const skip = (name: string | null, reason: string) => noteSkipped(parser.stats, name === null ? (prefix ? archivePlace(path, prefix) : path) : archivePlace(path, place(name)), reason);
    try {
      const previous = new Map<string, ArchiveMember>();
      const previousKind = previousContent && archiveKind(previousContent.subarray(0, SNIFF_BYTES));
      if (previousContent && previousKind) {
        try {
          for (const m of membersOf(previousContent, previousKind, prefix || path, archiveBudget())) previous.set(m.name, m);
        } catch {
          // An unreadable previous version counts as nothing: every line is new again.
        }
      }
      for (const member of membersOf(content, kind, prefix || path, budget)) {
        const earlier = previous.get(member.name);
        if (!earlier) parser.addMemberName(path, commit, memberPlace(member));
        // Stored as before, byte for byte: unchanged, not even decompressed (a jar updated in a push is mostly as it was).
        if (earlier?.stored && member.stored && earlier.stored.method === member.stored.method && earlier.stored.bytes.equals(member.stored.bytes)) continue;
        if (!earlier) {
          // New: scanned as it is decompressed (or in slices, when it is in memory already), unless it turns out to be an archive itself.
          let chunks = member.chunks?.();
          if (!chunks) {
            const bytes = member.read();
            if (!Buffer.isBuffer(bytes)) {
              skip(member.name, bytes.skipped);
              continue;
            }
            chunks = slicesOf(bytes);
          }
          const streamed = await streamDecoded(parser, at, chunks, pace, memberPlace(member));
          if ("failed" in streamed) skip(member.name, streamed.failed);
          if (!("archive" in streamed)) continue;
        }
        const bytes = member.read();
        if (!Buffer.isBuffer(bytes)) {
          skip(member.name, bytes.skipped);
          continue;
        }
        const old = earlier?.read();
        const before = Buffer.isBuffer(old) ? old : null;
        if (before?.equals(bytes)) continue;
        const head = bytes.subarray(0, SNIFF_BYTES);
        const inner = archiveKind(head);
        if (inner) {
          if (depth < ARCHIVE_DEPTH) await readLevel(bytes, inner, before, place(member.name), depth + 1, outer ?? member.range);
          else skip(member.name, ARCHIVE_SKIPPED.nested);
          continue;
        }
        if (sniff(head) === "binary") continue;
        // Changed: the lines it adds over the member of that name before (each at most 10 MB, held whole).
        const lines = linesOf(bytes);
        parser.addDecoded(path, commit, lines, addedLines(before ? linesOf(before) : [], lines), "archive", memberPlace(member));
        await pace(bytes.length);
      }
    } catch (err) {
      if (!(err instanceof ArchiveError)) throw err;
      skip(null, err.message);
    }
  };
  await readLevel(after, kind, before, "", 1);
}

/** An in-memory member in pieces, as a decompressed one arrives. */
async function* slicesOf(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let from = 0; from < bytes.length; from += MEMBER_SLICE_BYTES) yield bytes.subarray(from, from + MEMBER_SLICE_BYTES);
}

/**
 * A file too large to hold, or a new archive member, scanned as its bytes arrive: every line counts as added.
 * Its first bytes may say it is an archive or binary (nothing is scanned; the caller decides); bytes that stop
 * coming with an ArchiveError say why (what came before is scanned).
 */
export async function streamDecoded(
  parser: PatchParser,
  at: { path: string; commit?: CommitInfo; origin?: ChangeOrigin },
  chunks: AsyncIterable<Buffer>,
  pace: ReturnType<typeof pacer> = pacer(),
  member?: MemberPlace,
): Promise<{ archive: true } | { binary: true } | { failed: string } | { done: true }> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    const held: Buffer[] = [];
    let heldBytes = 0;
    let ended = false;
    while (heldBytes < SNIFF_BYTES && !ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else {
        held.push(next.value);
        heldBytes += next.value.length;
      }
    }
    const head = Buffer.concat(held).subarray(0, SNIFF_BYTES);
    const kind = sniff(head);
    // A member that starts like an archive is opened; a file only when its content is binary, as in a diff.
    if (archiveKind(head) && (member || kind === "binary")) return { archive: true };
    if (kind === "binary") return { binary: true };
    const decoded = parser.startDecoded(at.path, at.commit, member ? "archive" : at.origin, member);
    const lines = new ChunkedLines(kind, decoded.take);
    try {
      for (const chunk of held) lines.push(chunk);
      for (let next = ended ? null : await iterator.next(); next && !next.done; next = await iterator.next()) {
        lines.push(next.value);
        await pace(next.value.length);
      }
    } finally {
      lines.end();
      decoded.end();
    }
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    return { failed: err.message };
  } finally {
    // Left early (an archive, binary): the reading or decompression stops.
    await iterator.return?.();
  }
  return { done: true };
}

/**
 * A whole blob (pushed under a tag, named to the pre-commit framework, an LFS object) as changes: an archive's
 * text members, or the blob's own lines; binary content is counted as skipped.
 */
export async function emitWholeBlob(path: string, content: Buffer, stats: ScanStats, emit: EmitChange, origin?: ChangeOrigin): Promise<void> {
  const head = content.subarray(0, SNIFF_BYTES);
  // Text that merely starts like an archive is read as text, as in a diff.
  const kind = sniff(head) === "binary" ? archiveKind(head) : null;
  if (!kind) {
    const change = wholeBlobChange(path, content, stats);
    if (change) emit(origin ? { ...change, origin } : change);
    return;
  }
  if (content.length > MAX_ARCHIVE_BYTES) return noteSkipped(stats, path, ARCHIVE_SKIPPED.tooLarge);
  await emitArchive(path, kind, content, null, stats, emit);
}

/** An archive read outside a diff (a whole blob, the isomorphic-git reader): its members as changes, counted in `stats`. */
export async function emitArchive(path: string, kind: ArchiveKind, content: Buffer, before: Buffer | null, stats: ScanStats, emit: EmitChange): Promise<void> {
  const parser = new PatchParser(emit, { paths: false });
  await readArchive(parser, { path }, kind, content, before);
  Object.assign(stats, sumStats([stats, parser.stats]));
}

export type Rediff = (commit: BinarySection["commit"]) => string[];

/**
 * Reads by content the sections the parser counted as binary: UTF-16 is decoded and its added lines found
 * here; text is diffed again by git with --text (git keeps the memory bounded); archives are opened for their
 * members; other binary content stays skipped.
 */
export async function readBinarySections(parser: PatchParser, onChange: ConstructorParameters<typeof PatchParser>[0], rediff: Rediff, cwd?: string): Promise<void> {
  if (!parser.binaries.length) return;
  const sections = parser.binaries.splice(0);
  const kinds = new Map<string, Content>();
  const sizes = new Map<string, number>();
  // First bytes and sizes only: what each holds decides whether it is read whole.
  const heads = await gitBlobs(sections.map((s) => s.newId), () => false, { cwd });
  heads.forEach((b, i) => {
    kinds.set(sections[i].newId, b.size === 0 ? "text" : sniff(b.content.subarray(0, SNIFF_BYTES)));
    sizes.set(sections[i].newId, b.size);
  });
  const utf16 = sections.filter((s) => /^utf16/.test(kinds.get(s.newId)!));
  const text = sections.filter((s) => kinds.get(s.newId) === "text");
  const archives = new Map<BinarySection, ArchiveKind>();
  heads.forEach((b, i) => {
    const kind = kinds.get(sections[i].newId) === "binary" ? archiveKind(b.content) : null;
    if (kind) archives.set(sections[i], kind);
  });
  const keyStores: BinarySection[] = [];
  heads.forEach((b, i) => {
    const s = sections[i];
    if (kinds.get(s.newId) !== "binary" || archives.has(s)) return;
    if (mayBeKeyStore(b.content, b.size)) keyStores.push(s);
    else parser.relabelSkipped(s, binaryReason(b.content));
  });
  if (keyStores.length) {
    const whole = await gitBlobs(keyStores.map((s) => s.newId), () => true, { cwd });
    keyStores.forEach((s, i) => {
      parser.unskip(s);
      parser.addKeyStore(keyStoreChange(s.path, s.commit, whole[i].content), whole[i].size);
    });
  }
  for (const [s, kind] of archives) {
    if (sizes.get(s.newId)! > MAX_ARCHIVE_BYTES) {
      parser.relabelSkipped(s, ARCHIVE_SKIPPED.tooLarge);
      continue;
    }
    const [after, before] = await gitBlobs(s.oldId ? [s.newId, s.oldId] : [s.newId], (_head, size) => size <= MAX_ARCHIVE_BYTES, { cwd });
    parser.unskip(s);
    await readArchive(parser, s, kind, after.content, before && before.content.length === before.size ? before.content : null);
  }
  for (const s of utf16) {
    if (sizes.get(s.newId)! > MAX_DECODED_FILE_BYTES) {
      // Too large to hold for a line diff: read in pieces, every line counted as added (as against nothing).
      parser.unskip(s);
      await streamDecoded(parser, s, gitBlobChunks(s.newId, { cwd }));
      continue;
    }
    const [after, before] = await gitBlobs(s.oldId ? [s.newId, s.oldId] : [s.newId], (_head, size) => size <= MAX_DECODED_FILE_BYTES, { cwd });
    const afterLines = linesOf(after.content);
    // A previous version too large to hold is compared as nothing: its lines count as added again, none is missed.
    const beforeLines = before && before.content.length === before.size ? linesOf(before.content) : [];
    parser.unskip(s);
    parser.addDecoded(s.path, s.commit, afterLines, addedLines(beforeLines, afterLines));
  }
  if (text.length) {
    for (const s of text) parser.unskip(s);
    // One diff per commit: a staged diff has no commit, a push diffs each commit against its first parent.
    const byCommit = new Map<string | undefined, BinarySection[]>();
    for (const s of text) {
      const group = byCommit.get(s.commit?.sha);
      if (group) group.push(s);
      else byCommit.set(s.commit?.sha, [s]);
    }
    for (const group of byCommit.values()) {
      // A bounded number of pathspecs per call keeps the command line within every system's limit.
      for (let from = 0; from < group.length; from += SECTIONS_PER_DIFF) {
        const batch = group.slice(from, from + SECTIONS_PER_DIFF);
        const again = new PatchParser(onChange, { paths: false, commit: batch[0].commit, pointers: true });
        const args = ["--literal-pathspecs", ...rediff(batch[0].commit), "--text", ...DIFF_FORMAT, "--", ...pathsOf(batch)];
        await gitLines(args, again.onGitLine, { cwd });
        again.end();
        parser.pointers.push(...again.pointers.splice(0));
        parser.stats.files += again.stats.files;
        parser.stats.lines += again.stats.lines;
        parser.stats.bytes += again.stats.bytes;
      }
    }
  }
}

/** Shows a commit's change against its first parent (a root commit: against the empty tree), as a push reads it. */
export function commitRediff(cwd?: string): Rediff {
  let emptyTree: string | undefined;
  return (commit) => {
    emptyTree ??= gitSync(["hash-object", "-t", "tree", "/dev/null"], { cwd }).stdout.trim();
    return ["diff", `-U${CONTEXT_LINES}`, commit!.parent ?? emptyTree, commit!.sha];
  };
}

function pathsOf(sections: BinarySection[]): string[] {
  return [...new Set(sections.flatMap((s) => (s.oldPath && s.oldPath !== s.path ? [s.oldPath, s.path] : [s.path])))];
}
