import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FIX_REFUSED } from "../model/messages.js";
import { gitSync } from "../source/git/exec.js";
import { readObjects } from "../source/git/objects.js";

export interface StagedText {
  lines: string[];
  finalNewline: boolean;
  /** The working tree holds these lines with CRLF where the index has LF (core.autocrlf, eol=crlf): written back so. */
  crlf: boolean;
}

/**
 * The file as the index holds it, split into lines (a CR stays on its line), or why it cannot be rewritten:
 * not a regular file, not UTF-8, or the working tree differs from the index (a rewrite would mix in unstaged work).
 */
export function readStagedText(top: string, path: string): StagedText | { refuse: string } {
  // The name as read from git's output lost its odd bytes (U+FFFD): it names no file git can be asked for.
  if (path.includes("\ufffd")) return { refuse: FIX_REFUSED.nameNotUtf8 };
  const entry = gitSync(["--literal-pathspecs", "ls-files", "-s", "-z", "--", path], { cwd: top }).stdout.split("\0")[0];
  if (!/^100(644|755) /.test(entry)) return { refuse: FIX_REFUSED.notRegular };
  const blob = readObjects([`:${path}`])[0];
  if (!blob || blob.type !== "blob") return { refuse: FIX_REFUSED.notRegular };
  const text = blob.content.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(blob.content)) return { refuse: FIX_REFUSED.notText };
  const full = join(top, path);
  if (!existsSync(full) || !lstatSync(full).isFile()) return { refuse: FIX_REFUSED.partiallyStaged };
  const inTree = readFileSync(full);
  const crlf = !inTree.equals(blob.content) && convertedToCrlf(top, path, text, inTree);
  if (!crlf && !inTree.equals(blob.content)) return { refuse: FIX_REFUSED.partiallyStaged };
  const finalNewline = text.endsWith("\n");
  return { lines: (finalNewline ? text.slice(0, -1) : text).split("\n"), finalNewline, crlf };
}

/** The working tree's copy is the index's with git's end-of-line conversion, and git itself sees no change. */
function convertedToCrlf(top: string, path: string, text: string, inTree: Buffer): boolean {
  if (text.includes("\r") || !inTree.equals(Buffer.from(text.replaceAll("\n", "\r\n"), "utf8"))) return false;
  return gitSync(["--literal-pathspecs", "diff", "--quiet", "--", path], { cwd: top, allowFail: true }).status === 0;
}
