import type { Change, CommitInfo, Line } from "../engine/scan.js";

export interface ScanStats {
  files: number;
  lines: number;
  bytes: number;
  skippedBinary: number;
}

export function emptyStats(): ScanStats {
  return { files: 0, lines: 0, bytes: 0, skippedBinary: 0 };
}

/** Marks the start of a commit in `git log` output; NUL cannot occur in a subject. */
export const COMMIT_MARKER = "\u0000";
/** The `git log --format` that produces COMMIT_MARKER lines: sha, parents, subject. */
export const COMMIT_FORMAT = "--format=%x00%H%x00%P%x00%s";

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Decodes a path as git quotes it (C-style, with octal escapes for raw bytes). */
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

/** The new-side path of a `+++` line, or null for a deletion. */
function newSidePath(rest: string): string | null {
  if (rest === "/dev/null") return null;
  // git ends a path that contains a space with a tab, for patch(1)'s sake.
  const path = unquoteGitPath(rest.endsWith("\t") ? rest.slice(0, -1) : rest);
  return path.startsWith("b/") ? path.slice(2) : path;
}

/**
 * Turns unified-diff text (from `git diff` or `git log -p`), fed one line at a time, into one Change per file
 * that has added lines. Counts line budgets from hunk headers, so an added line that itself starts with
 * "+++" or "diff --git" is never mistaken for a header.
 */
export class PatchParser {
  readonly stats = emptyStats();
  /** File sections seen, with or without added lines: zero means the diff was empty. */
  filesChanged = 0;
  commits = 0;
  private commit: CommitInfo | undefined;
  private path: string | null = null;
  private lines: Line[] = [];
  private hasAdded = false;
  private oldLeft = 0;
  private newLeft = 0;
  private newLine = 0;

  constructor(private readonly emit: (change: Change) => void) {}

  push(line: string): void {
    if (this.oldLeft > 0 || this.newLeft > 0) return this.hunkLine(line);
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
    } else if (line.startsWith("+++ ")) {
      this.path = newSidePath(line.slice(4));
    } else if (line.startsWith("Binary files ")) {
      if (!line.endsWith(" and /dev/null differ")) this.stats.skippedBinary++;
    } else if (line.startsWith(COMMIT_MARKER)) {
      this.flush();
      const [sha, parents, subject] = line.slice(1).split(COMMIT_MARKER);
      this.commit = { sha, parent: parents ? parents.split(" ")[0] : null, subject: subject ?? "" };
      this.commits++;
    }
  }

  end(): void {
    this.flush();
  }

  private hunkLine(line: string): void {
    const kind = line.charCodeAt(0);
    if (kind === 43 /* + */) {
      const text = stripCR(line.slice(1));
      this.lines.push({ number: this.newLine++, text, added: true });
      this.hasAdded = true;
      this.newLeft--;
      this.stats.lines++;
      this.stats.bytes += Buffer.byteLength(line);
    } else if (kind === 45 /* - */) {
      this.oldLeft--;
    } else if (kind === 92 /* \ No newline at end of file */) {
      return;
    } else {
      this.lines.push({ number: this.newLine++, text: stripCR(line.slice(1)), added: false });
      this.newLeft--;
      this.oldLeft--;
    }
  }

  private flush(): void {
    if (this.path !== null && this.hasAdded) {
      this.stats.files++;
      this.emit({ path: this.path, commit: this.commit, lines: this.lines });
    }
    this.path = null;
    this.lines = [];
    this.hasAdded = false;
    this.oldLeft = 0;
    this.newLeft = 0;
  }
}

function stripCR(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
