import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../../errors.js";
import { invalidDotGitFile, NOT_A_REPOSITORY } from "../../model/messages.js";

export interface RepoLocation {
  gitdir: string;
  /** Top of the work tree. */
  workTree: string;
  /** A bare repository: no work tree, no index to commit from (workTree is then the repository's own directory). */
  bare?: true;
}

/** Whether `dir` is a repository's git directory itself, as git judges a bare one: HEAD, objects/ and refs/. */
function isGitDirectory(dir: string): boolean {
  const isDir = (name: string) => statSync(join(dir, name), { throwIfNoEntry: false })?.isDirectory() === true;
  return statSync(join(dir, "HEAD"), { throwIfNoEntry: false })?.isFile() === true && isDir("objects") && isDir("refs");
}

/**
 * Finds the repository the way git does from `cwd` (GIT_DIR, GIT_WORK_TREE, a `.git` file, a bare repository:
 * a mirror a CI job scans), without running git. A bare one's work tree is its own directory, which holds no config.
 */
export function locateRepo(cwd: string = process.cwd()): RepoLocation {
  if (process.env.GIT_DIR) {
    return { gitdir: resolve(cwd, process.env.GIT_DIR), workTree: resolve(cwd, process.env.GIT_WORK_TREE ?? ".") };
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotgit = join(dir, ".git");
    if (existsSync(dotgit)) {
      if (statSync(dotgit).isDirectory()) return { gitdir: dotgit, workTree: process.env.GIT_WORK_TREE ? resolve(cwd, process.env.GIT_WORK_TREE) : dir };
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotgit, "utf8"));
      if (!m) throw new UserError(invalidDotGitFile(dotgit));
      return { gitdir: resolve(dir, m[1]), workTree: dir };
    }
    if (isGitDirectory(dir)) return { gitdir: dir, workTree: dir, bare: true };
    if (dirname(dir) === dir) throw new UserError(NOT_A_REPOSITORY);
  }
}
