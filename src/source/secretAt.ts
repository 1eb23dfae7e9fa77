// The engine hands on only a digest of each secret. Searching for it elsewhere needs the value: it is read
// back from git at the finding's place and kept only if its digest is the finding's, in memory only.
import { join } from "node:path";
import type { Finding, Line } from "../model/index.js";
import { secretDigest } from "../util/crypto.js";
import { blobLines, lineSink } from "./git/binaries.js";
import { streamObjects } from "./git/exec.js";
import { streamRegularFile } from "./files.js";
import { lfsObjectsDir, parsePointer, readLfsObject } from "./git/lfs.js";
import { messageLines, messageOf } from "./git/messageText.js";
import { readObjects } from "./git/objects.js";

/** Where a finding's text lives in git: a pushed commit's blob or message, or the index. Null: nowhere to read. */
function objectSpec(f: Finding): string | null {
  if (f.origin === "path" || f.origin === "ref") return null;
  if (f.origin === "message") return f.commit ? f.commit.sha : null;
  return f.commit ? `${f.commit.sha}:${f.path}` : `:${f.path}`;
}

/**
 * The values of findings in one text, taken from its lines as they pass: only the characters of each value are
 * kept, so a file of any size is read in the memory of one line (a long line's piece).
 */
class ValuesOnLines {
  private readonly wanted = new Map<number, Finding[]>();
  private readonly taken = new Map<Finding, string>();

  constructor(findings: Finding[]) {
    for (const f of findings) {
      if (f.endColumn <= f.column) continue;
      const on = this.wanted.get(f.line);
      if (on) on.push(f);
      else this.wanted.set(f.line, [f]);
    }
  }

  /** A line, or a piece of a long one `offset` characters in (pieces come in order). */
  readonly take = (line: Line): void => {
    const on = this.wanted.get(line.number);
    if (!on) return;
    const from = line.offset ?? 0;
    const to = from + line.text.length;
    for (const f of on) {
      const start = Math.max(f.column - 1, from);
      const end = Math.min(f.endColumn - 1, to);
      if (start < end) this.taken.set(f, (this.taken.get(f) ?? "") + line.text.slice(start - from, end - from));
    }
  };

  /** Each value read whole whose digest is its finding's, into `values`; the findings left without one. */
  settle(values: Map<Finding, string>): Finding[] {
    const missing: Finding[] = [];
    for (const on of this.wanted.values()) {
      for (const f of on) {
        const value = this.taken.get(f);
        if (value !== undefined && value.length === f.endColumn - f.column && secretDigest(value) === f.digest) values.set(f, value);
        else missing.push(f);
      }
    }
    return missing;
  }
}

/** Groups findings under a key, in first-seen order. */
function groupBy(findings: Finding[], key: (f: Finding) => string | null): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = key(f);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(f);
    else groups.set(k, [f]);
  }
  return groups;
}

/** A working-tree file's lines into `reader`, streamed; nothing where it cannot be read. */
async function readWorktreeFile(path: string, reader: ValuesOnLines): Promise<void> {
  try {
    await streamRegularFile(path, lineSink(reader.take));
  } catch {
    // Gone or unreadable since it was staged: its findings keep no value.
  }
}

/** The lines of the LFS object a pointer names, when it is in the local store (objects past 10 MB: none). */
function lfsLines(pointerBlob: Buffer, top: string): Line[] {
  const pointer = parsePointer(pointerBlob);
  const object = pointer && readLfsObject(lfsObjectsDir(top), pointer);
  return object && "content" in object && !object.binary ? blobLines(object.content) : [];
}

/**
 * Each finding's secret, read back at its place (staged: the index blob, else the working-tree file the
 * pre-commit framework named; pushed: `<commit>:<path>` or the commit's message) and checked against its digest.
 * Files are streamed, each object read once for all its findings: a staged 650 MB dump holding a password
 * failed with an error (held whole, its text passed V8's longest string), and a 218 MB one peaked at 720 MB.
 */
export async function secretsAt(findings: Finding[], top: string): Promise<Map<Finding, string>> {
  const values = new Map<Finding, string>();
  const unread: Finding[] = [];
  // Messages and LFS pointers are small, read whole; file content is streamed.
  const readWhole = (f: Finding) => f.origin === "message" || f.origin === "lfs";
  const whole = groupBy(findings, (f) => {
    const spec = readWhole(f) ? objectSpec(f) : null;
    return spec === null ? null : `${f.origin}\0${spec}`;
  });
  const wholeGroups = [...whole.values()];
  readObjects(wholeGroups.map((on) => objectSpec(on[0])!)).forEach((object, i) => {
    const on = wholeGroups[i];
    if (!object) return void unread.push(...on);
    const reader = new ValuesOnLines(on);
    for (const line of on[0].origin === "message" ? messageLines(messageOf(object.content)) : lfsLines(object.content, top)) reader.take(line);
    unread.push(...reader.settle(values));
  });
  const content = groupBy(findings, (f) => (readWhole(f) ? null : objectSpec(f)));
  const readers = new Map([...content].map(([spec, on]) => [spec, new ValuesOnLines(on)]));
  await streamObjects([...readers.keys()], (spec, size) => (size < 0 ? undefined : lineSink(readers.get(spec)!.take)));
  for (const reader of readers.values()) unread.push(...reader.settle(values));
  // Staged findings whose index blob does not hold them: the working tree's file (the pre-commit framework
  // names files; an LFS object's content is there).
  const staged = unread.filter((f) => !f.commit && f.origin !== "message" && f.origin !== "path" && f.origin !== "ref");
  for (const [path, on] of groupBy(staged, (f) => f.path)) {
    const reader = new ValuesOnLines(on);
    await readWorktreeFile(join(top, path), reader);
    reader.settle(values);
  }
  return values;
}
