import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, fakeGithubToken, git, gitResult, makeRepo, ROOT, SEED, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const hasPreCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;

describe.skipIf(!hasPreCommit)(`the pre-commit framework installs leakstop from this repository (seed ${SEED})`, () => {
  it("blocks a commit and a push carrying a token, and lets clean ones through", () => {
    // The framework clones the hook repository at a rev: this checkout's last commit.
    const rev = git(ROOT, "rev-parse", "HEAD").trim();
    const base = tempDir();
    const remote = join(base, "remote.git");
    git(base, "init", "-q", "--bare", "-b", "main", remote);
    const work = makeRepo();
    git(work, "remote", "add", "origin", remote);
    git(work, "push", "-q", "origin", "main");
    write(
      work,
      ".pre-commit-config.yaml",
      `repos:\n  - repo: ${ROOT}\n    rev: ${rev}\n    hooks:\n      - id: leakstop\n      - id: leakstop-pre-push\n`,
    );
    // Its own cache, and a `make` that fails: re2's native build stops at once instead of compiling twice (minutes
    // on this machine), npm leaves the optional re2 out, and the CLI runs on re2js, as on a machine without a compiler.
    const bin = tempDir();
    writeFileSync(join(bin, "make"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    const env = { PATH: `${bin}:${process.env.PATH}`, PRE_COMMIT_HOME: join(base, "pre-commit-home"), npm_config_audit: "false", npm_config_fund: "false" };
    const install = spawnSync("pre-commit", ["install", "--hook-type", "pre-commit", "--hook-type", "pre-push"], { cwd: work, env: { ...process.env, ...env }, encoding: "utf8" });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    git(work, "add", ".pre-commit-config.yaml");
    const first = gitResult(work, ["commit", "-q", "-m", "pre-commit config"], env);
    expect(first.status, first.stdout + first.stderr).toBe(0);

    const token = fakeGithubToken();
    write(work, "src/config.js", `module.exports = {\n  token: "${token}",\n};\n`);
    git(work, "add", "src/config.js");
    const blocked = gitResult(work, ["commit", "-m", "add config"], env);
    const out = blocked.stdout + blocked.stderr;
    expect(blocked.status).not.toBe(0);
    expect(out).toContain("src/config.js:2:11");
    expect(out).toContain("[github-pat]");
    expect(out).not.toContain(token);
    expect(git(work, "log", "--format=%s")).not.toContain("add config");

    write(work, "src/config.js", "module.exports = {\n  token: process.env.GITHUB_TOKEN,\n};\n");
    git(work, "add", "src/config.js");
    const clean = gitResult(work, ["commit", "-m", "add config"], env);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toMatch(/leakstop \(secrets in staged changes\)\.+Passed/);

    // The pre-push hook: a token committed past the commit hook is stopped before it leaves.
    write(work, "deploy.sh", `export GITHUB_TOKEN=${token}\n`);
    git(work, "add", "deploy.sh");
    git(work, "commit", "-q", "--no-verify", "-m", "deploy script");
    const pushed = gitResult(work, ["push", "origin", "main"], env);
    expect(pushed.status).not.toBe(0);
    expect(pushed.stdout + pushed.stderr).toContain("deploy.sh:1:21");
    expect(pushed.stdout + pushed.stderr).not.toContain(token);
    expect(git(remote, "log", "--format=%s", "main")).not.toContain("deploy script");
  }, 1_200_000);
});
