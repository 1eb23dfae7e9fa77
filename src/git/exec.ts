import { spawn, spawnSync } from "node:child_process";
import { GitError, GitNotFoundError } from "../errors.js";

// Pins every setting that changes the shape of git's output, whatever the user's config says.
const PINNED = [
  "-c", "core.quotePath=false",
  "-c", "color.ui=false",
  "-c", "color.diff=false",
  "-c", "diff.noprefix=false",
  "-c", "diff.mnemonicPrefix=false",
  "-c", "diff.relative=false",
  "-c", "diff.suppressBlankEmpty=false",
  "-c", "diff.external=",
  "-c", "diff.renames=true",
  "-c", "log.showSignature=false",
];

export const DIFF_FORMAT = [
  "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/",
  "--diff-algorithm=myers", "--no-indent-heuristic", "--find-renames", "--submodule=short",
];

function cannotRun(err: Error): GitError {
  const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
  return new (missing ? GitNotFoundError : GitError)(`cannot run git: ${err.message}`);
}

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim().length > 0)?.trim() ?? "";
}

/** Runs git to completion and returns stdout; throws GitError with git's own first line on failure. */
export function gitSync(args: string[], options: { cwd?: string; input?: string; allowFail?: boolean } = {}): { stdout: string; status: number } {
  const result = spawnSync("git", [...PINNED, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (result.error) throw cannotRun(result.error);
  if (result.status !== 0 && !options.allowFail) {
    throw new GitError(describeGitFailure(args, result.stderr));
  }
  return { stdout: result.stdout, status: result.status ?? 1 };
}

export function describeGitFailure(args: string[], stderr: string): string {
  const line = firstLine(stderr).replace(/^fatal:\s*/, "").replace(/^error:\s*/, "");
  // Outside a repository `git diff --cached` falls back to --no-index mode and rejects --cached.
  if (/not a git repository/i.test(line) || /--no-index|unknown option .cached/.test(stderr)) return "not a git repository (run leakstop inside a repository, or set GIT_DIR)";
  return `git ${args.find((a) => !a.startsWith("-")) ?? ""} failed: ${line || "no message"}`;
}

/**
 * Streams git's stdout line by line (as raw UTF-8 text without the newline) and resolves when git exits
 * successfully; rejects with git's own message otherwise.
 */
export function gitLines(args: string[], onLine: (line: string) => void, options: { cwd?: string; stdin?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...PINNED, ...args], { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    // A long line arrives in many chunks: keep its parts and join them once, not on every chunk.
    let pending: Buffer[] = [];
    let failed: Error | null = null;
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString("utf8");
    });
    child.stdout.on("data", (chunk: Buffer) => {
      if (failed) return;
      let from = 0;
      try {
        for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
          if (pending.length) {
            pending.push(chunk.subarray(from, nl));
            onLine(Buffer.concat(pending).toString("utf8"));
            pending = [];
          } else {
            onLine(chunk.toString("utf8", from, nl));
          }
          from = nl + 1;
        }
      } catch (err) {
        failed = err as Error;
        child.kill();
        return;
      }
      if (from < chunk.length) pending.push(chunk.subarray(from));
    });
    child.on("error", (err) => reject(cannotRun(err)));
    child.on("close", (code) => {
      if (failed) return reject(failed);
      if (code !== 0) return reject(new GitError(describeGitFailure(args, stderr)));
      try {
        if (pending.length) onLine(Buffer.concat(pending).toString("utf8"));
      } catch (err) {
        return reject(err);
      }
      resolve();
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}
