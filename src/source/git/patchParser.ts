import { emptyStats, type Change, type ChangeOrigin, type CommitInfo, type Line, type MemberPlace } from "../../model/index.js";
import { joinReads, type LineReads, type OnGitLine } from "./exec.js";

/** A file section git showed as "Binary files … differ": the blobs to read and decide by content. */
export interface BinarySection {
  path: string;
  /** The old side's path and blob, null for a new file. */
  oldPath: string | null;
  oldId: string | null;
  newId: string;
  commit?: CommitInfo;
}

export const GIT_SAYS_BINARY = "binary to git";

/** A small text section that may be a Git LFS pointer: held back until its blob is read (see lfs.ts). */
export interface PointerSection {
  path: string;
  oldId: string | null;
  newId: string;
  commit?: CommitInfo;
  change: Change;
  /** What its added lines added to the stats, taken back if the LFS object is read instead. */
  lines: number;
  bytes: number;
}

// A pointer is at most 1024 bytes: a longer section is never one.
const POINTER_BYTES = 1024;

/**
 * A file's lines beyond this many bytes go out as one Change and the next starts: memory per file stays flat,
 * and git goes on writing the next piece while this one is scanned (its pipe holds about 200 KB). Measured
 * against 2 MB pieces: 30 MB of long lines 7% faster, a 59 MB file of code 22% and a 300 MB one 25% (its peak
 * 97 MB, not 130); 128 KB measured the same, 512 KB half the gain. Decoded files (UTF-16, LFS) are cut the same way.
 */
export const CHUNK_BYTES = 256 * 1024;
// What the next piece of a file carries over from the last one, as context, so a match across the cut is found.
const CARRY_LINES = 64;
const CARRY_BYTES = 64 * 1024;
const ZERO_ID = /^0+$/;

/** Marks the start of a commit in `git log` output; NUL cannot occur in a subject. */
export const COMMIT_MARKER = "\u0000";
/** The `git log --format` that produces COMMIT_MARKER lines: sha, parents, subject. */
export const COMMIT_FORMAT = "--format=%x00%H%x00%P%x00%s";

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Decodes a path as git quotes it (C-style, with octal escapes for raw bytes). */
/** The commit a COMMIT_MARKER line describes. */
export function commitOfMarker(line: string): CommitInfo {
  const [sha, parents, subject] = line.slice(1).split(COMMIT_MARKER);
  return { sha, parent: parents ? parents.split(" ")[0] : null, subject: subject ?? "" };
}

export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i];
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = raw[++i];
    if (next >= "0" && next <= "7") {
      bytes.push(parseInt(raw.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The path of a `---`/`+++` line without its a/ or b/ prefix, or null for /dev/null. */
export function sidePath(rest: string, prefix: string): string | null {
  if (rest === "/dev/null") return null;
  // git ends a path that contains a space with a tab, for patch(1)'s sake.
  const path = unquoteGitPath(rest.endsWith("\t") ? rest.slice(0, -1) : rest);
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The path of a `diff --git a/P b/P` header when both sides name the same file (any rename has its own
 * header lines): the only reading of a path with spaces where both halves agree.
 */
function headerPath(rest: string): string | null {
  if (rest.startsWith('"')) {
    const half = (rest.length - 1) / 2;
    if (!Number.isInteger(half) || rest[half] !== " ") return null;
    return sidePath(rest.slice(0, half), "a/");
  }
  const half = (rest.length - 5) / 2;
  if (!Number.isInteger(half) || !rest.startsWith("a/") || rest.slice(2, 2 + half) !== rest.slice(half + 5)) return null;
  return rest.slice(2, 2 + half);
}

/**
 * Turns unified-diff text (from `git diff` or `git log -p`), fed one line at a time, into Changes for each file
 * that has added lines: one per file, or several for a long one (see CHUNK_BYTES). Counts line budgets from
 * hunk headers, so an added line that itself starts with "+++" or "diff --git" is never mistaken for a
 * header. A path a section adds (new file, rename, copy) is a Change of its own, scanned as text.
 */
export class PatchParser {
  readonly stats = emptyStats();
  /** File sections seen, with or without added lines: zero means the diff was empty. */
  filesChanged = 0;
  commits = 0;
  /** Sections git called binary, counted as skipped until something reads them by content. */
  readonly binaries: BinarySection[] = [];
  /** Sections held back as possible Git LFS pointers (only with the `pointers` option). */
  readonly pointers: PointerSection[] = [];
  private origin: ChangeOrigin | undefined;
  private member: MemberPlace | undefined;
  private commit: CommitInfo | undefined;
  private path: string | null = null;
  private section = freshSection();
  private lines: Line[] = [];
  private hasAdded = false;
  private emittedPart = false;
  private pendingBytes = 0;
  private oldLeft = 0;
  private newLeft = 0;
  private newLine = 0;
  /** The line whose next piece is still to come (see gitLines), or null when pieces of it are not wanted. */
  private continuing: Line | null | undefined;

  constructor(
    private readonly emit: (change: Change) => void,
    private readonly options: { paths?: boolean; commit?: CommitInfo; pointers?: boolean } = {},
  ) {
    this.commit = options.commit;
  }

  /** push, as gitLines hands it each line. */
  readonly onGitLine: OnGitLine = (line, continues, reads, ascii) => this.push(line, continues, reads, ascii);

  push(line: string, continues = false, reads?: LineReads, ascii = false): void {
    if (this.continuing !== undefined) {
      const last = this.continuing;
      if (!last) {
        if (!continues) this.continuing = undefined;
        return;
      }
      const piece = { number: last.number, text: continues ? line : stripCR(line), added: last.added, offset: (last.offset ?? 0) + last.text.length };
      this.take(piece);
      this.continuing = continues ? piece : undefined;
      return;
    }
    if (continues) this.continuing = null;
    if (this.oldLeft > 0 || this.newLeft > 0) return this.hunkLine(line, continues, reads, ascii);
    if (line.startsWith("@@ ")) {
      const m = HUNK.exec(line);
      if (!m) return;
      this.newLine = Number(m[2]);
      this.newLeft = m[3] === undefined ? 1 : Number(m[3]);
      const oldCount = /^@@ -\d+,(\d+)/.exec(line);
      this.oldLeft = oldCount ? Number(oldCount[1]) : 1;
    } else if (line.startsWith("diff --git ") || line.startsWith("diff --cc ")) {
      this.flush();
      this.filesChanged++;
      this.section.headerPath = line.startsWith("diff --git ") ? headerPath(line.slice(11)) : null;
    } else if (line.startsWith("+++ ")) {
      this.path = sidePath(line.slice(4), "b/");
    } else if (line.startsWith("--- ")) {
      this.section.oldPath = sidePath(line.slice(4), "a/");
    } else if (line.startsWith("new file mode ")) {
      this.section.isNew = true;
    } else if (line.startsWith("rename to ") || line.startsWith("copy to ")) {
      this.section.addedPath = unquoteGitPath(line.slice(line.indexOf(" to ") + 4));
    } else if (line.startsWith("rename from ") || line.startsWith("copy from ")) {
      this.section.oldPath = unquoteGitPath(line.slice(line.indexOf(" from ") + 6));
    } else if (line.startsWith("index ")) {
      const ids = /^index ([0-9a-f]+)\.\.([0-9a-f]+)/.exec(line);
      if (ids) [this.section.oldId, this.section.newId] = [ids[1], ids[2]];
    } else if (line.startsWith("Binary files ")) {
      if (!line.endsWith(" and /dev/null differ")) this.noteBinary();
    } else if (line.startsWith(COMMIT_MARKER)) {
      this.flush();
      this.commit = commitOfMarker(line);
      this.commits++;
    }
  }

  end(): void {
    this.flush();
  }

  /** Scans a file's decoded lines, each flagged added or not, the way a diff section's lines are scanned. */
  addDecoded(path: string, commit: CommitInfo | undefined, lines: string[], added: boolean[], origin?: ChangeOrigin, member?: MemberPlace): void {
    const decoded = this.startDecoded(path, commit, origin, member);
    lines.forEach((text, i) => decoded.take({ number: i + 1, text, added: added[i] }));
    decoded.end();
  }

  /**
   * A decoded file whose lines arrive one by one (a file too large to hold whole): sent on in pieces like a
   * long diff, each with the last lines of the one before as context.
   */
  startDecoded(path: string, commit: CommitInfo | undefined, origin?: ChangeOrigin, member?: MemberPlace): { take(line: Line): void; end(): void } {
    this.flush();
    const outer = this.commit;
    this.commit = commit;
    this.path = path;
    this.origin = origin;
    this.member = member;
    return {
      take: (line) => this.take({ ...line, text: stripCR(line.text) }),
      end: () => {
        this.flush();
        this.commit = outer;
      },
    };
  }

  /** An archive member's name, scanned as text as an added file's path is: a token can be a name. */
  addMemberName(path: string, commit: CommitInfo | undefined, member: MemberPlace): void {
    this.flush();
    this.emit({ path, commit, origin: "path", member, lines: [{ number: 1, text: member.name, added: true }] });
  }

  /** A binary keystore read whole (keyStores.ts), counted as a file scanned. */
  addKeyStore(change: Change, bytes: number): void {
    this.flush();
    this.stats.files++;
    this.stats.lines++;
    this.stats.bytes += bytes;
    this.emit(change);
  }

  /** Takes a section back from the skipped list once it has been read by content. */
  unskip(section: BinarySection): void {
    this.stats.skippedBinary--;
    const list = this.stats.skipped ?? [];
    const at = list.findIndex((s) => s.path === section.path && s.reason === GIT_SAYS_BINARY);
    if (at !== -1) list.splice(at, 1);
    if (!list.length) delete this.stats.skipped;
  }

  /** Says why a section stays skipped, once its content has been looked at. */
  relabelSkipped(section: BinarySection, reason: string): void {
    const entry = this.stats.skipped?.find((s) => s.path === section.path && s.reason === GIT_SAYS_BINARY);
    if (entry) entry.reason = reason;
  }

  private noteBinary(): void {
    const { headerPath: samePath, addedPath, oldPath, isNew, oldId, newId } = this.section;
    const path = addedPath ?? samePath;
    this.stats.skippedBinary++;
    (this.stats.skipped ??= []).push({ path: path ?? "(unknown path)", reason: GIT_SAYS_BINARY });
    if (path === null || !newId || ZERO_ID.test(newId)) return;
    const hasOld = !isNew && oldId !== undefined && !ZERO_ID.test(oldId);
    this.binaries.push({ path, oldPath: hasOld ? (oldPath ?? path) : null, oldId: hasOld ? oldId! : null, newId, commit: this.commit });
  }

  private hunkLine(line: string, continues: boolean, reads: LineReads | undefined, ascii: boolean): void {
    // A long line's first read holds its marker: reading the joined line's characters would copy it whole.
    const kind = (reads?.texts[0] ?? line).charCodeAt(0);
    if (kind === 45 /* - */) {
      this.oldLeft--;
      return;
    }
    if (kind === 92 /* \ No newline at end of file */) return;
    const added = kind === 43; /* + */
    const number = this.newLine++;
    const fromReads = reads && !continues ? lineFromReads(number, reads, added) : undefined;
    const text = fromReads ? "" : withoutNuls(line.slice(1));
    const taken: Line = fromReads ?? { number, text: continues ? text : stripCR(text), added };
    this.take(taken, ascii);
    this.newLeft--;
    if (!added) this.oldLeft--;
    if (continues) this.continuing = taken;
  }

  private take(line: Line, ascii = false): void {
    this.lines.push(line);
    const bytes = line.text.length + 1;
    if (line.added) {
      this.hasAdded = true;
      this.stats.lines += line.offset ? 0 : 1;
      this.stats.bytes += (ascii ? line.text.length : utf8Length(line)) + (line.offset ? 0 : 1);
    }
    this.pendingBytes += bytes;
    if (this.pendingBytes > CHUNK_BYTES) this.emitPart();
  }

  /** Sends the lines so far and keeps the last few as context for the next piece of the same file. */
  private emitPart(): void {
    if (this.path === null) return;
    this.pendingBytes = 0;
    const carried: Line[] = [];
    let bytes = 0;
    for (let i = this.lines.length - 1; i >= 0 && carried.length < CARRY_LINES; i--) {
      const l = this.lines[i];
      bytes += l.text.length + 1;
      if (bytes > CARRY_BYTES) break;
      carried.unshift({ number: l.number, text: l.text, added: false, ...(l.added || l.seen ? { seen: true } : {}), ...(l.offset ? { offset: l.offset } : {}), ...(l.utf8 ? { utf8: l.utf8 } : {}) });
    }
    if (this.hasAdded || this.carriesAdded()) this.emitContent(carried.length);
    this.lines = carried;
    this.hasAdded = false;
  }

  /** Added lines carried over from the last piece: it left the matches starting there to this one (Change.carriedOn). */
  private carriesAdded(): boolean {
    return this.emittedPart && this.lines.some((l) => l.seen);
  }

  private emitContent(carriedOn = 0): void {
    const laterPiece = this.emittedPart;
    if (!laterPiece) this.stats.files++;
    this.emittedPart = true;
    this.emit({
      path: this.path!,
      commit: this.commit,
      lines: this.lines,
      ...(this.origin ? { origin: this.origin } : {}),
      ...(this.member ? { member: this.member } : {}),
      ...(laterPiece ? { laterPiece } : {}),
      ...(carriedOn ? { carriedOn } : {}),
    });
  }

  /** Holds a small section whose lines name an LFS oid, to be read by its blob once the diff is parsed. */
  private holdPointer(): boolean {
    const { newId, oldId, isNew } = this.section;
    if (!this.options.pointers || this.emittedPart || this.pendingBytes > POINTER_BYTES || !newId || ZERO_ID.test(newId)) return false;
    if (!this.lines.some((l) => l.text.startsWith("oid sha256:"))) return false;
    let lines = 0;
    let bytes = 0;
    for (const l of this.lines) {
      if (!l.added) continue;
      lines++;
      bytes += Buffer.byteLength(l.text) + 1;
    }
    const hasOld = !isNew && oldId !== undefined && !ZERO_ID.test(oldId);
    this.pointers.push({ path: this.path!, oldId: hasOld ? oldId! : null, newId, commit: this.commit, change: { path: this.path!, commit: this.commit, lines: this.lines }, lines, bytes });
    return true;
  }

  private flush(): void {
    const { headerPath: samePath, addedPath, isNew } = this.section;
    const added = addedPath ?? (isNew ? (this.path ?? samePath) : null);
    if (added !== null && this.options.paths !== false) {
      this.emit({ path: added, commit: this.commit, origin: "path", lines: [{ number: 1, text: added, added: true }] });
    }
    if (this.path !== null && (this.hasAdded || this.carriesAdded()) && !this.holdPointer()) this.emitContent();
    this.path = null;
    this.origin = undefined;
    this.member = undefined;
    this.section = freshSection();
    this.lines = [];
    this.hasAdded = false;
    this.emittedPart = false;
    this.pendingBytes = 0;
    this.oldLeft = 0;
    this.newLeft = 0;
    this.continuing = undefined;
  }
}

interface SectionHeader {
  headerPath: string | null;
  oldPath: string | null;
  addedPath: string | null;
  isNew: boolean;
  oldId?: string;
  newId?: string;
}

function freshSection(): SectionHeader {
  return { headerPath: null, oldPath: null, addedPath: null, isNew: false };
}

/** UTF-16 inside a file read as UTF-8 (PowerShell's `>>` appends it): without its NULs its ASCII reads as text. */
function withoutNuls(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}

/**
 * A long line from its reads without the marker (and a CR at its end), its text left joined from the reads;
 * undefined for a line with NULs, which the ordinary path takes out.
 */
function lineFromReads(number: number, reads: LineReads, added: boolean): Line | undefined {
  const texts = reads.texts.slice();
  const bytes = reads.bytes.slice();
  texts[0] = texts[0].slice(1);
  bytes[0] = bytes[0].subarray(1);
  if (bytes.some((b) => b.includes(0))) return undefined;
  let last = bytes.length - 1;
  while (last > 0 && bytes[last].length === 0) last--;
  if (bytes[last][bytes[last].length - 1] === 13) {
    texts[last] = texts[last].slice(0, -1);
    bytes[last] = bytes[last].subarray(0, -1);
  }
  return { number, text: joinReads(texts), added, utf8: bytes };
}

function utf8Length(line: Line): number {
  if (!line.utf8) return Buffer.byteLength(line.text);
  let bytes = 0;
  for (const part of line.utf8) bytes += part.length;
  return bytes;
}

function stripCR(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
