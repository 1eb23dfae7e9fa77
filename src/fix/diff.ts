import type { Insertion } from "./languages.js";

export interface FileEdit {
  path: string;
  lines: string[];
  /** New text of replaced lines, by 0-based index. */
  replaced: Map<number, string>;
  inserted: Insertion[];
  /** The file ended with a newline. */
  finalNewline: boolean;
  /** The working tree's copy has CRLF where the index has LF. */
  crlf?: boolean;
}

interface Op {
  kind: " " | "-" | "+";
  text: string;
}

function ops(edit: FileEdit): Op[] {
  const out: Op[] = [];
  // Added lines end the way the file's lines do.
  const eol = edit.lines[0]?.endsWith("\r") ? "\r" : "";
  const insertedAt = (i: number) => edit.inserted.filter((x) => x.before === i).flatMap((x) => x.lines.map((text) => ({ kind: "+" as const, text: text + eol })));
  edit.lines.forEach((text, i) => {
    out.push(...insertedAt(i));
    const now = edit.replaced.get(i);
    if (now === undefined) out.push({ kind: " ", text });
    else out.push({ kind: "-", text }, { kind: "+", text: now });
  });
  out.push(...insertedAt(edit.lines.length));
  return out;
}

/** The file's new content. */
export function applyEdit(edit: FileEdit): string {
  const text = ops(edit).filter((o) => o.kind !== "-").map((o) => o.text).join("\n");
  return edit.finalNewline ? text + "\n" : text;
}

/** The new content as the working tree keeps it: git's end-of-line conversion, when the file had it, applied. */
export function workTreeText(edit: FileEdit): string {
  const text = applyEdit(edit);
  return edit.crlf ? text.replaceAll("\n", "\r\n") : text;
}

const CONTEXT = 3;

/** A unified diff of the edit; `shown` makes each line safe to print (it masks secrets). */
export function unifiedDiff(edit: FileEdit, shown: (text: string, kind: Op["kind"]) => string): string[] {
  const all = ops(edit);
  const changed = all.map((o, i) => (o.kind !== " " ? i : -1)).filter((i) => i >= 0);
  if (!changed.length) return [];
  const path = shown(edit.path, " ");
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let i = 0;
  while (i < changed.length) {
    let last = i;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * CONTEXT + 1) last++;
    const from = Math.max(0, changed[i] - CONTEXT);
    const to = Math.min(all.length, changed[last] + CONTEXT + 1);
    const oldStart = all.slice(0, from).filter((o) => o.kind !== "+").length + 1;
    const newStart = all.slice(0, from).filter((o) => o.kind !== "-").length + 1;
    const piece = all.slice(from, to);
    const oldCount = piece.filter((o) => o.kind !== "+").length;
    const newCount = piece.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${oldCount ? oldStart : oldStart - 1},${oldCount} +${newCount ? newStart : newStart - 1},${newCount} @@`);
    for (const o of piece) out.push(o.kind + shown(o.text, o.kind));
    i = last + 1;
  }
  return out;
}
