import { emptyStats, type EmitChange, type Source, type SourceResult } from "../model/index.js";
import { GitNotFoundError, UserError } from "../errors.js";
import { ISO_READER_NO_PATHS, STAGED_IN_BARE_REPOSITORY } from "../model/messages.js";
import { readBinarySections } from "./git/binaries.js";
import { CONTEXT_LINES, STAGED_DIFF } from "./git/args.js";
import { gitLines } from "./git/exec.js";
import { locateRepo } from "./git/locate.js";
import { readPointerSections } from "./git/lfs.js";
import { PatchParser } from "./git/patchParser.js";
import { emitWholeBlobs } from "./git/wholeBlobs.js";
import { streamOf } from "./stream.js";

/**
 * Streams what the next commit would add: the index git will commit (GIT_INDEX_FILE, GIT_DIR and worktrees
 * are git's to resolve) against HEAD, or against the empty tree before the first commit.
 */
export async function readStaged(onChange: EmitChange, options: { cwd?: string; paths?: string[] } = {}): Promise<SourceResult> {
  const parser = new PatchParser(onChange, { pointers: true });
  const args = [...STAGED_DIFF];
  if (options.paths?.length) args.push("--", ...options.paths);
  await gitLines(args, parser.onGitLine, { cwd: options.cwd });
  parser.end();
  await readBinarySections(parser, onChange, () => ["diff", "--cached", `-U${CONTEXT_LINES}`], options.cwd);
  await readPointerSections(parser, onChange, { cwd: options.cwd });
  // Git diffs a bare repository's missing index against HEAD without a word: every file deleted, none added. Only
  // a diff that adds nothing is asked about, so a commit's hook does not look for the repository twice.
  if (!parser.stats.lines && !process.env.GIT_DIR && locateRepo(options.cwd).bare) throw new UserError(STAGED_IN_BARE_REPOSITORY);
  return { stats: parser.stats, filesChanged: parser.filesChanged };
}

export type ReaderChoice = "auto" | "git" | "isomorphic-git";

/** The git CLI is the source of truth; isomorphic-git only reads where no git binary exists (or when asked). */
export function stagedSource(reader: ReaderChoice, paths: string[]): Source {
  const viaIso = async (onChange: EmitChange) => {
    if (paths.length) throw new UserError(ISO_READER_NO_PATHS);
    const { readStagedIso } = await import("./git/isoReader.js");
    return readStagedIso(onChange);
  };
  if (reader === "isomorphic-git") return streamOf(viaIso);
  return streamOf(async (onChange) => {
    try {
      return await readStaged(onChange, { paths });
    } catch (err) {
      if (reader === "auto" && err instanceof GitNotFoundError) return viaIso(onChange);
      throw err;
    }
  });
}

/**
 * The pre-commit framework passes file names: the staged diff of those files when they have staged changes,
 * else (`pre-commit run --all-files`, `--files`) their whole content as the index holds it.
 */
export function namedFilesSource(paths: string[]): Source {
  return streamOf(async (onChange) => {
    const staged = await readStaged(onChange, { paths });
    return staged.filesChanged ? staged : { ...(await readIndexFiles(paths, onChange)), wholeContent: true };
  });
}

async function readIndexFiles(paths: string[], onChange: EmitChange): Promise<SourceResult> {
  const stats = emptyStats();
  const filesChanged = await emitWholeBlobs(paths.map((path) => ({ path, spec: `:${path}` })), stats, onChange, { lfsObjects: true });
  return { stats, filesChanged };
}
