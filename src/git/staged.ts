import type { Change } from "../engine/scan.js";
import { readBinarySections } from "./binaries.js";
import { DIFF_FORMAT, gitLines, gitSync } from "./exec.js";
import { PatchParser, type ScanStats } from "./patchParser.js";

export interface SourceResult {
  stats: ScanStats;
  /** Files the diff touched at all (zero: nothing was staged). */
  filesChanged: number;
}

export const CONTEXT_LINES = 3;

/**
 * Streams what the next commit would add: the index git will commit (GIT_INDEX_FILE, GIT_DIR and worktrees
 * are git's to resolve) against HEAD, or against the empty tree before the first commit.
 */
export async function readStaged(onChange: (c: Change) => void, options: { cwd?: string; paths?: string[] } = {}): Promise<SourceResult> {
  const parser = new PatchParser(onChange);
  const args = ["--literal-pathspecs", "diff", "--cached", ...DIFF_FORMAT, `-U${CONTEXT_LINES}`];
  if (options.paths?.length) args.push("--", ...options.paths);
  await gitLines(args, (line, more) => parser.push(line, more), { cwd: options.cwd });
  parser.end();
  await readBinarySections(parser, onChange, () => ["diff", "--cached", `-U${CONTEXT_LINES}`], options.cwd);
  return { stats: parser.stats, filesChanged: parser.filesChanged };
}

/** Every tracked file as it is in the working tree, all lines added: what `leakstop baseline` accepts. */
export async function readWorkTree(onChange: (c: Change) => void, options: { cwd?: string } = {}): Promise<SourceResult> {
  const emptyTree = gitSync(["hash-object", "-t", "tree", "/dev/null"], { cwd: options.cwd }).stdout.trim();
  const parser = new PatchParser(onChange);
  await gitLines(["diff", ...DIFF_FORMAT, `-U${CONTEXT_LINES}`, emptyTree, "--"], (line, more) => parser.push(line, more), { cwd: options.cwd });
  parser.end();
  await readBinarySections(parser, onChange, () => ["diff", `-U${CONTEXT_LINES}`, emptyTree], options.cwd);
  return { stats: parser.stats, filesChanged: parser.filesChanged };
}
