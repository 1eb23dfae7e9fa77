import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, cleanupTempDirs, fakeGithubToken, git, gitResult, makeRepo, nodeRunLog, ROOT, runCli, SEED, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

/** Makes the built leakstop resolvable the way an installed dev dependency is: node_modules/.bin/leakstop. */
function linkLeakstop(repo: string): void {
  mkdirSync(join(repo, "node_modules", ".bin"), { recursive: true });
  symlinkSync(join(ROOT, "dist/cli/main.cjs"), join(repo, "node_modules", ".bin", "leakstop"));
  write(repo, ".gitignore", "node_modules/\n");
  git(repo, "add", ".gitignore");
  git(repo, "commit", "-q", "--no-verify", "-m", "ignore");
}

/** leakstop installed as npm installs a dev dependency: the package in node_modules/leakstop, its bin linked to it. */
function installLeakstopPackage(repo: string): void {
  mkdirSync(join(repo, "node_modules", ".bin"), { recursive: true });
  symlinkSync(ROOT, join(repo, "node_modules", "leakstop"));
  symlinkSync(join("..", "leakstop", "dist", "cli", "main.cjs"), join(repo, "node_modules", ".bin", "leakstop"));
  write(repo, ".gitignore", "node_modules/\n");
  git(repo, "add", ".gitignore");
  git(repo, "commit", "-q", "--no-verify", "-m", "ignore");
}

const huskyLineOf = (hook: string, args = "") => `if [ -f node_modules/leakstop/hooks/${hook} ]; then sh node_modules/leakstop/hooks/${hook}${args}; else leakstop hook ${hook}${args}; fi # leakstop-init`;

function commitWithKey(repo: string) {
  write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
  git(repo, "add", "k.js");
  return gitResult(repo, ["commit", "-m", "key"]);
}

describe(`leakstop init (seed ${SEED})`, () => {
  it("installs both hooks into a plain repository; a leaky commit and push are then blocked", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    const r = runCli(repo, ["init"]);
    expect(r.status).toBe(0);
    const hooks = join(repo, ".git", "hooks");
    expect(r.stdout).toBe(
      `leakstop: installed ${join(hooks, "pre-commit")}\nleakstop: installed ${join(hooks, "pre-push")}\nleakstop: installed ${join(hooks, "commit-msg")}\nleakstop: installed ${join(hooks, "leakstop-resident-client.pl")}\n`,
    );
    expect(readFileSync(join(hooks, "leakstop-resident-client.pl"), "utf8")).toBe(readFileSync(join(ROOT, "hooks", "leakstop-resident-client.pl"), "utf8"));
    const blocked = commitWithKey(repo);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain("k.js:1:12");

    const remote = join(tempDir(), "r.git");
    git(repo, "init", "-q", "--bare", remote);
    git(repo, "remote", "add", "origin", remote);
    git(repo, "commit", "-q", "--no-verify", "-m", "key, forced");
    const push = gitResult(repo, ["push", "origin", "main"]);
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain("k.js:1:12");
  });

  it("runs from a subdirectory of the work tree", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    runCli(repo, ["init"]);
    mkdirSync(join(repo, "deep", "er"), { recursive: true });
    write(repo, "deep/er/k.js", `const t = "${fakeGithubToken()}";\n`);
    const r = gitResult(join(repo, "deep", "er"), ["commit", "-m", "x", "--", "k.js"], {});
    expect(r.status).not.toBe(0);
    git(join(repo, "deep", "er"), "add", "k.js");
    const again = gitResult(join(repo, "deep", "er"), ["commit", "-m", "x"]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("deep/er/k.js:1:12");
  });

  it("works in a linked worktree, finding the main work tree's install", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    runCli(repo, ["init"]);
    const wt = join(tempDir(), "wt");
    git(repo, "worktree", "add", "-q", wt, "-b", "feature");
    write(wt, "w.js", `const t = "${fakeGithubToken()}";\n`);
    git(wt, "add", "w.js");
    const r = gitResult(wt, ["commit", "-m", "in a worktree"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("w.js:1:12");
  });

  it("blocks, and says how to bypass, when leakstop is not installed", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    runCli(repo, ["init"]);
    rmSync(join(repo, "node_modules"), { recursive: true });
    write(repo, "a.js", "const a = 1;\n");
    git(repo, "add", "a.js");
    const r = gitResult(repo, ["commit", "-m", "x"], { PATH: "/usr/bin:/bin" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("leakstop: leakstop is not installed here (npm install --save-dev leakstop), so this commit is blocked. To commit without the check, deliberately: git commit --no-verify");
  });

  it("chains to an existing hook, which still runs, and --uninstall puts it back", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    const hook = join(repo, ".git", "hooks", "pre-commit");
    const original = "#!/bin/sh\necho previous hook ran >> \"$(git rev-parse --git-dir)/ran.log\"\n";
    writeFileSync(hook, original, { mode: 0o755 });
    const r = runCli(repo, ["init"]);
    expect(r.stdout).toContain("your existing pre-commit hook was kept as pre-commit.pre-leakstop and still runs after leakstop");
    write(repo, "ok.js", "const ok = 1;\n");
    git(repo, "add", "ok.js");
    expect(gitResult(repo, ["commit", "-m", "clean"]).status).toBe(0);
    expect(readFileSync(join(repo, ".git", "ran.log"), "utf8")).toBe("previous hook ran\n");
    expect(commitWithKey(repo).status).toBe(1);
    expect(readFileSync(join(repo, ".git", "ran.log"), "utf8")).toBe("previous hook ran\n");

    const un = runCli(repo, ["init", "--uninstall"]);
    expect(un.stdout).toContain("put back the previous one");
    expect(un.stdout).toContain(`leakstop: removed ${join(repo, ".git", "hooks", "leakstop-resident-client.pl")}\n`);
    expect(readFileSync(hook, "utf8")).toBe(original);
    expect(existsSync(hook + ".pre-leakstop")).toBe(false);
    expect(existsSync(hook + ".leakstop")).toBe(false);
    expect(existsSync(join(repo, ".git", "hooks", "pre-push"))).toBe(false);
    expect(existsSync(join(repo, ".git", "hooks", "leakstop-resident-client.pl"))).toBe(false);
  });

  it("is idempotent", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    runCli(repo, ["init"]);
    const first = readFileSync(join(repo, ".git", "hooks", "pre-commit"), "utf8");
    const again = runCli(repo, ["init"]);
    expect(again.stdout).toContain("already runs leakstop");
    expect(readFileSync(join(repo, ".git", "hooks", "pre-commit"), "utf8")).toBe(first);
    expect(existsSync(join(repo, ".git", "hooks", "pre-commit.pre-leakstop"))).toBe(false);
  });

  it("replaces a stub of another version with this version's, on its own and when chained, and says so", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    const hooks = join(repo, ".git", "hooks");
    writeFileSync(join(hooks, "pre-push"), "#!/bin/sh\necho previous hook\n", { mode: 0o755 });
    runCli(repo, ["init"]);
    const current = { "pre-commit": readFileSync(join(hooks, "pre-commit"), "utf8"), "pre-push.leakstop": readFileSync(join(hooks, "pre-push.leakstop"), "utf8") };
    // What an earlier leakstop installed: its marker, another body; and its Perl client, another body.
    for (const name of Object.keys(current)) writeFileSync(join(hooks, name), current[name as keyof typeof current].replace("exit 2", "exit 3"));
    const client = join(hooks, "leakstop-resident-client.pl");
    const currentClient = readFileSync(client, "utf8");
    writeFileSync(client, currentClient.replace("exit 75", "exit 73"));
    const again = runCli(repo, ["init"]);
    expect(again.stdout.split("\n").filter(Boolean)).toEqual([
      `leakstop: updated ${join(hooks, "pre-commit")} to this version's stub`,
      `leakstop: updated ${join(hooks, "pre-push.leakstop")} to this version's stub`,
      `leakstop: ${join(hooks, "commit-msg")} already runs leakstop`,
      `leakstop: updated ${client} to this version's`,
    ]);
    expect(readFileSync(client, "utf8")).toBe(currentClient);
    for (const name of Object.keys(current)) expect(readFileSync(join(hooks, name), "utf8")).toBe(current[name as keyof typeof current]);
    expect(readFileSync(join(hooks, "pre-push.pre-leakstop"), "utf8")).toBe("#!/bin/sh\necho previous hook\n");
    expect(commitWithKey(repo).status).toBe(1);
  });

  it("installs where core.hooksPath points", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    git(repo, "config", "core.hooksPath", "githooks");
    runCli(repo, ["init"]);
    expect(existsSync(join(repo, "githooks", "pre-commit"))).toBe(true);
    expect(existsSync(join(repo, ".git", "hooks", "pre-commit"))).toBe(false);
    expect(commitWithKey(repo).status).toBe(1);
  });

  it("adds itself to husky's hooks, keeping what they run, and removes exactly that line", () => {
    const repo = makeRepo();
    installLeakstopPackage(repo);
    write(repo, "package.json", JSON.stringify({ name: "app", devDependencies: { husky: "^9.1.7" } }));
    const existing = "npm run lint\n";
    write(repo, ".husky/pre-commit", existing);
    // What `npx husky` sets up: hooks run .husky/<name> with node_modules/.bin on PATH.
    mkdirSync(join(repo, ".husky", "_"), { recursive: true });
    for (const name of ["pre-commit", "pre-push", "commit-msg"]) {
      writeFileSync(join(repo, ".husky", "_", name), `#!/bin/sh\nPATH="$PWD/node_modules/.bin:$PATH"\n[ -f .husky/${name} ] || exit 0\nsh -e .husky/${name} "$@"\n`, { mode: 0o755 });
    }
    git(repo, "config", "core.hooksPath", ".husky/_");
    writeFileSync(join(repo, "node_modules/.bin/npm"), "#!/bin/sh\necho lint ran >> lint.log\n", { mode: 0o755 });
    const r = runCli(repo, ["init"]);
    expect(r.stdout).toBe(
      "leakstop: added leakstop to .husky/pre-commit (before what it already runs)\nleakstop: created .husky/pre-push\nleakstop: created .husky/commit-msg\n",
    );
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toBe(`${huskyLineOf("pre-commit")}\n${existing}`);
    expect(readFileSync(join(repo, ".husky/pre-push"), "utf8")).toBe(`${huskyLineOf("pre-push", ' "$@"')}\n`);
    // leakstop is in node_modules: the lines run its stubs, which pipe git's output into leakstop.
    const log = nodeRunLog();
    write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", "k.js");
    const blocked = gitResult(repo, ["commit", "-m", "key"], log.env);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain("k.js:1:12");
    expect(log.args()).toEqual([expect.stringMatching(/^hook pre-commit --diff-on-stdin=[0-9a-f]{8}$/)]);
    expect(existsSync(join(repo, "lint.log"))).toBe(false);
    write(repo, "k.js", "const clean = 1;\n");
    git(repo, "add", "k.js");
    expect(gitResult(repo, ["commit", "-m", "clean"], log.env).status).toBe(0);
    expect(log.args().slice(1)).toEqual([expect.stringMatching(/^hook pre-commit --diff-on-stdin=/), expect.stringMatching(/^hook commit-msg \S+ --comment-char-on-stdin$/)]);
    expect(readFileSync(join(repo, "lint.log"), "utf8")).toBe("lint ran\n");
    expect(runCli(repo, ["init"]).stdout).toContain(".husky/pre-commit already runs leakstop");

    runCli(repo, ["init", "--uninstall"]);
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toBe(existing);
    expect(existsSync(join(repo, ".husky/pre-push"))).toBe(false);
  });

  it("replaces a husky line an earlier version wrote with this version's, where it was", () => {
    const repo = makeRepo();
    installLeakstopPackage(repo);
    write(repo, "package.json", JSON.stringify({ name: "app", devDependencies: { husky: "^9.1.7" } }));
    write(repo, ".husky/pre-commit", "#!/usr/bin/env sh\nleakstop hook pre-commit # leakstop-init\nnpm run lint\n");
    write(repo, ".husky/pre-push", `${huskyLineOf("pre-push", ' "$@"')}\n`);
    const r = runCli(repo, ["init"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("leakstop: updated the leakstop line in .husky/pre-commit to this version's\nleakstop: .husky/pre-push already runs leakstop\n");
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toBe(`#!/usr/bin/env sh\n${huskyLineOf("pre-commit")}\nnpm run lint\n`);
    expect(runCli(repo, ["init"]).stdout).toContain(".husky/pre-commit already runs leakstop");
    // Saved with CRLF line ends (an editor on Windows): updated once, its line ends kept, then left alone.
    write(repo, ".husky/pre-commit", "leakstop hook pre-commit # leakstop-init\r\nnpm run lint\r\n");
    expect(runCli(repo, ["init"]).stdout).toContain("updated the leakstop line in .husky/pre-commit");
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toBe(`${huskyLineOf("pre-commit")}\r\nnpm run lint\r\n`);
    expect(runCli(repo, ["init"]).stdout).toContain(".husky/pre-commit already runs leakstop");
  });
});

/** The real husky package of this checkout, installed into `pkg` as npm would: node_modules/husky and its bin. */
function linkHusky(pkg: string): void {
  mkdirSync(join(pkg, "node_modules", ".bin"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules", "husky"), join(pkg, "node_modules", "husky"));
  symlinkSync(join("..", "husky", "bin.js"), join(pkg, "node_modules", ".bin", "husky"));
}

const listing = (dir: string) => readdirSync(dir).sort();

describe("leakstop init with the real husky", () => {
  it("a package in a subfolder (cd .. && husky frontend/.husky): writes frontend/.husky/, never husky's _/, and the user's hook still runs", () => {
    const repo = makeRepo();
    const frontend = join(repo, "frontend");
    write(repo, "frontend/package.json", JSON.stringify({ name: "fe", scripts: { prepare: "cd .. && husky frontend/.husky" }, devDependencies: { husky: "^9.1.7" } }));
    write(repo, ".gitignore", "node_modules/\n");
    linkHusky(frontend);
    symlinkSync(ROOT, join(frontend, "node_modules", "leakstop"));
    symlinkSync(join("..", "leakstop", "dist", "cli", "main.cjs"), join(frontend, "node_modules", ".bin", "leakstop"));
    // husky's documented setup for a package in a subfolder, run the way npm runs it.
    execFileSync("npm", ["run", "-s", "prepare"], { cwd: frontend, env: cleanEnv(), stdio: "pipe" });
    expect(git(repo, "config", "core.hooksPath").trim()).toBe("frontend/.husky/_");
    write(repo, "frontend/.husky/pre-commit", 'echo "own hook ran" >> "$(git rev-parse --git-dir)/own.log"\n');
    git(repo, "add", ".");
    git(repo, "commit", "-q", "--no-verify", "-m", "frontend");
    const generated = listing(join(frontend, ".husky", "_"));

    const r = runCli(frontend, ["init"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      "leakstop: added leakstop to frontend/.husky/pre-commit (before what it already runs)\nleakstop: created frontend/.husky/pre-push\nleakstop: created frontend/.husky/commit-msg\n",
    );
    expect(listing(join(frontend, ".husky", "_"))).toEqual(generated);
    expect(readFileSync(join(frontend, ".husky", "_", "pre-commit"), "utf8")).not.toContain("leakstop");
    expect(existsSync(join(repo, ".husky"))).toBe(false);
    const bin = "PATH='frontend/node_modules/.bin':\"$PATH\"";
    expect(readFileSync(join(frontend, ".husky", "pre-commit"), "utf8").split("\n")[0]).toBe(
      `if [ -f frontend/node_modules/leakstop/hooks/pre-commit ]; then ${bin} sh frontend/node_modules/leakstop/hooks/pre-commit; else ${bin} leakstop hook pre-commit; fi # leakstop-init`,
    );

    const token = fakeGithubToken();
    write(frontend, "k.js", `const t = "${token}";\n`);
    git(frontend, "add", "k.js");
    // The stub, run from the top, finds the package's leakstop on the PATH the line gives it.
    const log = nodeRunLog();
    const blocked = gitResult(frontend, ["commit", "-m", "key"], log.env);
    expect(log.args()).toEqual([expect.stringMatching(/^hook pre-commit --diff-on-stdin=[0-9a-f]{8}$/)]);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain("frontend/k.js:1:12");
    expect(blocked.stderr).toContain("[github-pat]");
    expect(blocked.stdout + blocked.stderr).not.toContain(token.slice(4));
    expect(existsSync(join(repo, ".git", "own.log"))).toBe(false);

    write(frontend, "k.js", "const t = process.env.GITHUB_TOKEN;\n");
    git(frontend, "add", "k.js");
    expect(gitResult(frontend, ["commit", "-m", "clean"]).status).toBe(0);
    expect(readFileSync(join(repo, ".git", "own.log"), "utf8")).toBe("own hook ran\n");

    expect(runCli(frontend, ["init", "--uninstall"]).status).toBe(0);
    expect(readFileSync(join(frontend, ".husky", "pre-commit"), "utf8")).toBe('echo "own hook ran" >> "$(git rev-parse --git-dir)/own.log"\n');
    expect(existsSync(join(frontend, ".husky", "pre-push"))).toBe(false);
  });

  it("husky a dependency but not set up: creates .husky/ and says so; after `husky` a commit runs through it", () => {
    const repo = makeRepo();
    linkLeakstop(repo);
    write(repo, "package.json", JSON.stringify({ name: "app", scripts: { prepare: "husky" }, devDependencies: { husky: "^9.1.7" } }));
    linkHusky(repo);

    const r = runCli(repo, ["init"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "leakstop: created .husky/ (husky is a dependency here but was not set up yet)",
        "leakstop: created .husky/pre-commit",
        "leakstop: created .husky/pre-push",
        "leakstop: created .husky/commit-msg",
        "leakstop: note: husky is not active in this clone yet (core.hooksPath is not .husky/_): run `npx husky` once",
        "",
      ].join("\n"),
    );
    execFileSync(join(repo, "node_modules", ".bin", "husky"), [], { cwd: repo, env: cleanEnv(), stdio: "pipe" });
    expect(git(repo, "config", "core.hooksPath").trim()).toBe(".husky/_");
    expect(readFileSync(join(repo, ".husky", "_", "pre-commit"), "utf8")).not.toContain("leakstop");

    const blocked = commitWithKey(repo);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain("k.js:1:12");
    expect(blocked.stderr).toContain("husky - pre-commit script failed (code 1)");
    write(repo, "k.js", "const clean = 1;\n");
    git(repo, "add", "k.js");
    expect(gitResult(repo, ["commit", "-m", "clean"]).status).toBe(0);
    expect(runCli(repo, ["init"]).stdout).not.toContain("note:");
  });
});
