import type { Change, CommitInfo, Line } from "../../model/index.js";

/** The message of a raw commit or tag object: everything after the header block. */
export function messageOf(raw: Buffer): string {
  const text = raw.toString("utf8");
  const end = text.indexOf("\n\n");
  return end < 0 ? "" : text.slice(end + 2);
}

/** Every line of a message as added text, numbered from 1 (the subject). */
export function messageLines(message: string): Line[] {
  const lines = message.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((text, i) => ({ number: i + 1, text: text.endsWith("\r") ? text.slice(0, -1) : text, added: true }));
}

export function messageChange(path: string, message: string, commit?: CommitInfo): Change {
  return { path, commit, lines: messageLines(message), origin: "message" };
}

/**
 * The lines of a message file as git may keep them, numbered as in the file. Comment lines are read too: git
 * strips them only from a message it opened an editor for, and keeps them from `-m` and `-F` ("#123 fix"), and a
 * hook cannot tell which. Nothing after the scissors line is read: `git commit -v` puts the staged diff there,
 * which the pre-commit hook has scanned.
 */
export function editedMessageLines(text: string, commentChar = "#"): Line[] {
  const kept: Line[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
    if (line === `${commentChar} ------------------------ >8 ------------------------`) break;
    kept.push({ number: i + 1, text: line, added: true });
  }
  return kept;
}
