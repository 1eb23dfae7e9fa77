import type { EmitChange, SourceResult } from "../model/index.js";
import { readBinarySections } from "./git/binaries.js";
import { CONTEXT_LINES, DIFF_FORMAT } from "./git/args.js";
import { gitLines, gitSync } from "./git/exec.js";
import { PatchParser } from "./git/patchParser.js";

/** Every tracked file as it is in the working tree, all lines added: what `leakstop baseline` accepts. */
export async function readWorkTree(onChange: EmitChange, options: { cwd?: string } = {}): Promise<SourceResult> {
  const emptyTree = gitSync(["hash-object", "-t", "tree", "/dev/null"], { cwd: options.cwd }).stdout.trim();
  const parser = new PatchParser(onChange);
  await gitLines(["diff", ...DIFF_FORMAT, `-U${CONTEXT_LINES}`, emptyTree, "--"], parser.onGitLine, { cwd: options.cwd });
  parser.end();
  await readBinarySections(parser, onChange, () => ["diff", `-U${CONTEXT_LINES}`, emptyTree], options.cwd);
  return { stats: parser.stats, filesChanged: parser.filesChanged };
}
