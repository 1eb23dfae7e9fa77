// Whole blobs read outside a diff (pushed under a tag, named to the pre-commit framework), none held whole.
import { sumStats, type EmitChange, type ScanStats } from "../../model/index.js";
import { ARCHIVE_SKIPPED } from "../../model/messages.js";
import { MAX_ARCHIVE_BYTES, archiveKind, type ArchiveKind } from "./archives.js";
import { BINARY_CONTENT, emitArchive, emitWholeBlob, lineSink, noteSkipped, sniff } from "./binaries.js";
import { SNIFF_BYTES, gitBlobs, streamObjects, type ObjectSink } from "./exec.js";
import { MAX_POINTER_BYTES, emitWholeLfs, lfsObjectsDir, parsePointer } from "./lfs.js";
import { PatchParser } from "./patchParser.js";

/** A blob by where a report names it and how git names it (`<sha>`, `:<path>`). */
export interface WholeBlob {
  path: string;
  spec: string;
}

/** Read whole once the stream has passed: an LFS pointer (a few hundred bytes) or an archive, by its spec. */
type Later = { blob: WholeBlob; pointer: Buffer } | { blob: WholeBlob; archive: ArchiveKind };

/**
 * Whole blobs as changes, through one git process: text is scanned in pieces as it comes, as a diff's long file
 * is; an LFS pointer (`lfsObjects`: its object, from the local store; else the pointer's own text, and
 * `onPointer` hears of it) and an archive up to MAX_ARCHIVE_BYTES are read whole afterwards, one at a time;
 * other binary content is counted as skipped. Read whole at once, the files `pre-commit run --all-files` names
 * were held together. Returns how many were blobs (not missing, not a submodule's commit).
 */
export async function emitWholeBlobs(blobs: WholeBlob[], stats: ScanStats, emit: EmitChange, options: { lfsObjects: boolean; onPointer?: () => void }): Promise<number> {
  const parser = new PatchParser(emit, { paths: false });
  const later: Later[] = [];
  let found = 0;
  let next = 0;
  await streamObjects(
    blobs.map((b) => b.spec),
    (_spec, size, type) => {
      const blob = blobs[next++];
      if (type !== "blob") return undefined;
      found++;
      // An empty file is a file scanned, with no line to emit.
      if (size === 0) return void stats.files++;
      return blobSink(blob, size, parser, stats, later);
    },
  );
  Object.assign(stats, sumStats([stats, parser.stats]));
  let objectsDir: string | undefined;
  for (const item of later) {
    const { path, spec } = item.blob;
    if ("archive" in item) {
      const [whole] = await gitBlobs([spec], (_head, size) => size <= MAX_ARCHIVE_BYTES);
      if (whole && whole.content.length === whole.size) await emitArchive(path, item.archive, whole.content, null, stats, emit);
    } else if (!options.lfsObjects) {
      options.onPointer?.();
      await emitWholeBlob(path, item.pointer, stats, emit);
    } else await emitWholeLfs(path, item.pointer, stats, () => (objectsDir ??= lfsObjectsDir()), emit);
  }
  return found;
}

/** Where one blob's bytes go: its first bytes decide whether it is text (scanned as it comes), a pointer, an archive or binary. */
function blobSink(blob: WholeBlob, size: number, parser: PatchParser, stats: ScanStats, later: Later[]): ObjectSink {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let text: { lines: ObjectSink; end(): void } | null = null;
  let decided = false;
  const decide = () => {
    decided = true;
    const head = Buffer.concat(held);
    held = [];
    if (size <= MAX_POINTER_BYTES && parsePointer(head)) return void later.push({ blob, pointer: head });
    // Text that merely starts like an archive is read as text, as in a diff.
    if (sniff(head.subarray(0, SNIFF_BYTES)) === "binary") {
      const archive = archiveKind(head.subarray(0, SNIFF_BYTES));
      if (!archive) noteSkipped(stats, blob.path, BINARY_CONTENT);
      else if (size > MAX_ARCHIVE_BYTES) noteSkipped(stats, blob.path, ARCHIVE_SKIPPED.tooLarge);
      else later.push({ blob, archive });
      return;
    }
    const file = parser.startDecoded(blob.path, undefined);
    text = { lines: lineSink(file.take), end: file.end };
    text.lines.write(head);
  };
  return {
    write(chunk) {
      if (text) return text.lines.write(chunk);
      if (decided) return;
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= Math.min(SNIFF_BYTES, size)) decide();
    },
    end() {
      if (!decided) decide();
      text?.lines.end();
      text?.end();
    },
  };
}
