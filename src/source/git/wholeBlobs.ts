// Whole files read outside a diff (pushed under a tag, named to the pre-commit framework, on disk), none held whole.
import { sumStats, type EmitChange, type ScanStats } from "../../model/index.js";
import { ARCHIVE_SKIPPED } from "../../model/messages.js";
import { MAX_ARCHIVE_BYTES, archiveKind, type ArchiveKind } from "./archives.js";
import { binaryReason, emitArchive, emitWholeBlob, lineSink, noteSkipped, sniff } from "./binaries.js";
import { SNIFF_BYTES, gitBlobs, streamObjects, type ObjectSink } from "./exec.js";
import { MAX_POINTER_BYTES, emitWholeLfs, lfsObjectsDir, parsePointer } from "./lfs.js";
import { keyStoreChange, mayBeKeyStore } from "./keyStores.js";
import { PatchParser } from "./patchParser.js";

/** A blob by where a report names it and how git names it (`<sha>`, `:<path>`). */
export interface WholeBlob {
  path: string;
  spec: string;
}

/** A file's whole bytes, read again once the stream has passed (an archive, up to MAX_ARCHIVE_BYTES); null when gone. */
export type ReadWhole = () => Promise<Buffer | null>;

/** Read whole once the stream has passed: an LFS pointer (a few hundred bytes), an archive or a keystore. */
type Held = { path: string; pointer: Buffer } | { path: string; archive: ArchiveKind; read: ReadWhole } | { path: string; keyStore: true; read: ReadWhole };

/**
 * Whole files as changes: text is scanned in pieces as it comes, as a diff's long file is; an LFS pointer
 * (`pointers: "object"`: its object, from the local store; "text": the pointer's own text, and `onPointer` hears
 * of it; "none": not looked for), an archive up to MAX_ARCHIVE_BYTES and a keystore (keyStores.ts) are read
 * whole by `readHeld`, one at a time; other binary content is counted as skipped.
 */
export class WholeFiles {
  private readonly parser: PatchParser;
  private held: Held[] = [];
  private objectsDir?: string;

  constructor(
    private readonly stats: ScanStats,
    private readonly emit: EmitChange,
    private readonly options: { pointers: "object" | "text" | "none"; onPointer?: () => void },
  ) {
    this.parser = new PatchParser(emit, { paths: false });
  }

  /** Where one file's bytes go as they come: its first bytes decide what it is. */
  sink(path: string, size: number, readWhole: ReadWhole): ObjectSink {
    let head: Buffer[] = [];
    let headBytes = 0;
    let text: { lines: ObjectSink; end(): void } | null = null;
    let decided = false;
    const decide = () => {
      decided = true;
      const bytes = Buffer.concat(head);
      head = [];
      // An empty file is a file scanned, with no line to emit.
      if (size === 0) return void this.stats.files++;
      if (this.options.pointers !== "none" && size <= MAX_POINTER_BYTES && parsePointer(bytes)) return void this.held.push({ path, pointer: bytes });
      // Text that merely starts like an archive is read as text, as in a diff.
      if (sniff(bytes.subarray(0, SNIFF_BYTES)) === "binary") {
        const archive = archiveKind(bytes.subarray(0, SNIFF_BYTES));
        if (!archive && mayBeKeyStore(bytes, size)) this.held.push({ path, keyStore: true, read: readWhole });
        else if (!archive) noteSkipped(this.stats, path, binaryReason(bytes));
        else if (size > MAX_ARCHIVE_BYTES) noteSkipped(this.stats, path, ARCHIVE_SKIPPED.tooLarge);
        else this.held.push({ path, archive, read: readWhole });
        return;
      }
      const file = this.parser.startDecoded(path, undefined);
      text = { lines: lineSink(file.take), end: file.end };
      text.lines.write(bytes);
    };
    return {
      write(chunk) {
        if (text) return text.lines.write(chunk);
        if (decided) return;
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= Math.min(SNIFF_BYTES, size)) decide();
      },
      end() {
        if (!decided) decide();
        text?.lines.end();
        text?.end();
      },
    };
  }

  /** The pointers, archives and keystores held back so far, read whole and scanned, one at a time. */
  async readHeld(): Promise<void> {
    const held = this.held;
    this.held = [];
    for (const item of held) {
      if ("keyStore" in item) {
        const whole = await item.read();
        if (whole) this.parser.addKeyStore(keyStoreChange(item.path, undefined, whole), whole.length);
      } else if ("archive" in item) {
        const whole = await item.read();
        if (whole) await emitArchive(item.path, item.archive, whole, null, this.stats, this.emit);
      } else if (this.options.pointers === "text") {
        this.options.onPointer?.();
        await emitWholeBlob(item.path, item.pointer, this.stats, this.emit);
      } else await emitWholeLfs(item.path, item.pointer, this.stats, () => (this.objectsDir ??= lfsObjectsDir()), this.emit);
    }
  }

  /** What the pieces counted, added to the stats: call once, at the end. */
  done(): void {
    Object.assign(this.stats, sumStats([this.stats, this.parser.stats]));
  }
}

/**
 * Whole blobs as changes (WholeFiles), through one git process. Read whole at once, the files `pre-commit run
 * --all-files` names were held together. Returns how many were blobs (not missing, not a submodule's commit).
 */
export async function emitWholeBlobs(blobs: WholeBlob[], stats: ScanStats, emit: EmitChange, options: { lfsObjects: boolean; onPointer?: () => void }): Promise<number> {
  const files = new WholeFiles(stats, emit, { pointers: options.lfsObjects ? "object" : "text", onPointer: options.onPointer });
  let found = 0;
  let next = 0;
  await streamObjects(
    blobs.map((b) => b.spec),
    (_spec, size, type) => {
      const { path, spec } = blobs[next++];
      if (type !== "blob") return undefined;
      found++;
      return files.sink(path, size, async () => {
        const [whole] = await gitBlobs([spec], (_head, wholeSize) => wholeSize <= MAX_ARCHIVE_BYTES);
        return whole && whole.content.length === whole.size ? whole.content : null;
      });
    },
  );
  await files.readHeld();
  files.done();
  return found;
}
