// `leakstop scan --all`: every commit reachable from any ref, streamed from git oldest first.
import { createHash } from "node:crypto";
import type { Change, EmitChange, Source } from "../model/index.js";
import { sumStats } from "../model/index.js";
import { commitRediff, readBinarySections } from "./git/binaries.js";
import { CombinedDiffParser } from "./git/combinedDiff.js";
import { CONTEXT_LINES, DIFF_FORMAT } from "./git/args.js";
import { gitLines } from "./git/exec.js";
import { readPointerSections } from "./git/lfs.js";
import { COMMIT_FORMAT, PatchParser } from "./git/patchParser.js";
import { objectStream } from "./git/objects.js";
import { emitCommitMessage } from "./push.js";
import { streamOf } from "./stream.js";

/**
 * The same lines added again at the same path (a cherry-pick, a rebased copy on another branch) are reported
 * once, at the first commit that adds them. Only a hash of each change is kept.
 */
function firstAdditionsOnly(emit: EmitChange): EmitChange {
  const seen = new Set<string>();
  return (change: Change) => {
    // One update with the whole text: the same digest as one per line, without a native call per line.
    const parts = [change.origin ?? "content", change.path, change.member?.name ?? ""];
    for (const line of change.lines) if (line.added) parts.push(line.text);
    const key = createHash("sha256").update(parts.join("\0")).digest("base64");
    if (seen.has(key)) return;
    seen.add(key);
    emit(change);
  };
}

export function historySource(): Source {
  return streamOf(async (onChange) => {
    const emit = firstAdditionsOnly(onChange);
    const parser = new PatchParser(emit, { pointers: true });
    const single = ["log", "--all", "--date-order", "--reverse", "--no-merges", "-p", COMMIT_FORMAT, ...DIFF_FORMAT, `-U${CONTEXT_LINES}`];
    await gitLines(single, parser.onGitLine);
    parser.end();
    await readBinarySections(parser, emit, commitRediff());
    await readPointerSections(parser, emit);
    const merges = new CombinedDiffParser(emit);
    await gitLines(["log", "--all", "--date-order", "--reverse", "--merges", "--cc", COMMIT_FORMAT, ...DIFF_FORMAT, `-U${CONTEXT_LINES}`], (line) => merges.push(line));
    merges.end();
    // Messages, looked up by one git process as rev-list streams the commits.
    const messages = objectStream((sha, raw) => emitCommitMessage(sha, raw, onChange));
    let commits = 0;
    try {
      await gitLines(["rev-list", "--all", "--reverse"], (sha) => {
        if (!sha) return;
        messages.ask(sha);
        commits++;
      });
    } catch (err) {
      // Ended all the same, so that no git process outlives the run; rev-list's failure is the one told.
      void messages.end().catch(() => {});
      throw err;
    }
    await messages.end();
    return { stats: sumStats([parser.stats, merges.stats]), filesChanged: Math.max(parser.filesChanged + merges.filesChanged, commits ? 1 : 0), commitsScanned: commits };
  });
}
