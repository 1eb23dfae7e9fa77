import { emptyStats, type Change, type CommitInfo, type Line } from "../../model/index.js";
import { COMMIT_MARKER, commitOfMarker, sidePath } from "./patchParser.js";

const HUNK = /^(@{3,}) (.*) \1/;

/**
 * Reads `git log --cc` output of merge commits, one line at a time. A line of the merge result counts as added
 * only when every parent column is '+': it is in none of the parents, so the merge itself introduced it.
 * Lines that came from one side are context. One Change per file with such lines.
 */
export class CombinedDiffParser {
  readonly stats = emptyStats();
  filesChanged = 0;
  private commit: CommitInfo | undefined;
  private path: string | null = null;
  private lines: Line[] = [];
  private hasAdded = false;
  private parents = 0;
  private resultLeft = 0;
  private parentLeft: number[] = [];
  private resultLine = 0;

  constructor(private readonly emit: (change: Change) => void) {}

  private inHunk(): boolean {
    return this.resultLeft > 0 || this.parentLeft.some((n) => n > 0);
  }

  push(line: string): void {
    if (this.inHunk()) return this.hunkLine(line);
    const hunk = HUNK.exec(line);
    if (hunk) {
      this.parents = hunk[1].length - 1;
      const ranges = hunk[2].split(" ");
      const count = (range: string) => (range.includes(",") ? Number(range.split(",")[1]) : 1);
      this.parentLeft = ranges.slice(0, this.parents).map(count);
      const result = ranges[this.parents] ?? "+0,0";
      this.resultLine = Number(result.slice(1).split(",")[0]);
      this.resultLeft = count(result);
    } else if (line.startsWith("diff --cc ") || line.startsWith("diff --combined ") || line.startsWith("diff --git ")) {
      this.flush();
      this.filesChanged++;
    } else if (line.startsWith("+++ ")) {
      this.path = sidePath(line.slice(4), "b/");
    } else if (line.startsWith("Binary files ")) {
      this.stats.skippedBinary++;
    } else if (line.startsWith(COMMIT_MARKER)) {
      this.flush();
      this.commit = commitOfMarker(line);
    }
  }

  end(): void {
    this.flush();
  }

  private hunkLine(line: string): void {
    if (line.startsWith("\\")) return;
    const columns = line.slice(0, this.parents);
    const text = line.slice(this.parents).replace(/\r$/, "");
    const removed = columns.includes("-");
    for (let i = 0; i < this.parents; i++) {
      // A parent holds the line unless its column says the result added it.
      if (columns[i] === "-" || (columns[i] === " " && !removed)) this.parentLeft[i]--;
    }
    if (removed) return;
    this.resultLeft--;
    const added = columns.length === this.parents && [...columns].every((c) => c === "+");
    this.lines.push({ number: this.resultLine++, text, added });
    if (added) {
      this.hasAdded = true;
      this.stats.lines++;
      this.stats.bytes += Buffer.byteLength(text) + 1;
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
    this.resultLeft = 0;
    this.parentLeft = [];
  }
}
