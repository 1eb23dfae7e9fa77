// leakstop under lint-staged: lint-staged hands each task the staged files' paths; `leakstop --staged PATH…`
// scans what is staged of exactly those, and its exit code blocks the commit.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CLI, cleanEnv, cleanupTempDirs, fakeGithubToken, git, gitResult, makeRepo, ROOT, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const LINT_STAGED = join(ROOT, "node_modules", "lint-staged", "bin", "lint-staged.js");

/** A repository whose pre-commit hook runs lint-staged, configured to run the built CLI on every staged file. */
function repoWithLintStaged(): string {
  const repo = makeRepo();
  write(repo, ".lintstagedrc.json", JSON.stringify({ "*": `"${process.execPath}" "${CLI}" --staged` }));
  write(join(repo, ".git", "hooks"), "pre-commit", `#!/bin/sh\nexec "${process.execPath}" "${LINT_STAGED}"\n`);
  spawnSync("chmod", ["+x", join(repo, ".git", "hooks", "pre-commit")]);
  git(repo, "add", ".lintstagedrc.json");
  git(repo, "commit", "-q", "--no-verify", "-m", "lint-staged config");
  return repo;
}

describe("lint-staged", () => {
  it("a commit through lint-staged is blocked by a staged token and names it; a clean one passes", () => {
    const repo = repoWithLintStaged();
    const token = fakeGithubToken();
    write(repo, "src/app.js", `const token = "${token}";\n`);
    write(repo, "src/clean.js", "export const answer = 42;\n");
    git(repo, "add", ".");
    const head = git(repo, "rev-parse", "HEAD");
    const blocked = gitResult(repo, ["commit", "-m", "add app"]);
    const printed = blocked.stdout + blocked.stderr;
    expect(blocked.status).not.toBe(0);
    expect(printed).toContain("src/app.js:1:16");
    expect(printed).toContain("[github-pat]");
    expect(printed).not.toContain(token);
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);

    git(repo, "rm", "-q", "--cached", "src/app.js");
    const passed = gitResult(repo, ["commit", "-m", "clean"]);
    expect(passed.status).toBe(0);
    expect(git(repo, "show", "--name-only", "--format=", "HEAD").trim()).toBe("src/clean.js");
  });

  it("scans only the paths lint-staged passes: a token staged in a file outside its glob is not this task's", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "a.js", `const token = "${token}";\n`);
    write(repo, "b.md", "notes\n");
    git(repo, "add", ".");
    const onlyB = spawnSync(process.execPath, [CLI, "--staged", join(repo, "b.md")], { cwd: repo, env: cleanEnv(), encoding: "utf8" });
    expect(onlyB.status).toBe(0);
    const onlyA = spawnSync(process.execPath, [CLI, "--staged", join(repo, "a.js")], { cwd: repo, env: cleanEnv(), encoding: "utf8" });
    expect(onlyA.status).toBe(1);
    expect(onlyA.stdout).toContain("a.js:1:16");
  });
});
