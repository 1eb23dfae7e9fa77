// The pre-commit stub runs the staged diff itself and pipes it in, with git's exit status as the last line
// (hooks/pre-commit, src/source/git/early.ts startPiped). These tests hold leakstop to trusting that diff only
// whole, only from a stub naming its own arguments, and to the same findings as a diff it runs itself.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HOOK_FAILED, PIPED_DIFF_CUT, gitFailed, pipedGitFailed } from "../src/model/messages.js";
import { FRAME, SILENCE_MS } from "../src/cli/resident/protocol.js";
import { PINNED, STAGED_DIFF, stagedDiffId } from "../src/source/git/args.js";
import { CLI, ROOT, cleanEnv, cleanupTempDirs, fakeGithubToken, git, gitCommandLog, gitResult, hookWithStdin, makeRepo, stagedDiff, stagedDiffsRun, stubbedRepo, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const STUB = readFileSync(join(ROOT, "hooks", "pre-commit"), "utf8");

describe("the pre-commit stub pipes the staged diff in", () => {
  it("runs git's diff with exactly leakstop's arguments, and names them with leakstop's id", () => {
    const line = STUB.split("\n").find((l) => l.trim().startsWith("git --no-replace-objects"))!;
    expect(line.trim().split(/\s+/)).toEqual(["git", ...PINNED, ...STAGED_DIFF]);
    expect(STUB).toContain(`\ndiff_id=${stagedDiffId()}\n`);
    expect(STUB).toContain(`--diff-on-stdin=$diff_id`);
  });

  it("has its Perl client read the resident process's frames and wait for it as src/cli/resident/protocol.ts says", () => {
    expect(readFileSync(join(ROOT, "hooks", "leakstop-resident-client.pl"), "utf8")).toContain(`my ($frame_stdout, $frame_stderr, $frame_exit, $frame_alive, $silence_seconds) = (${FRAME.stdout}, ${FRAME.stderr}, ${FRAME.exit}, ${FRAME.alive}, ${SILENCE_MS / 1000});`);
  });

  it("a commit with a token is blocked at its file:line, and leakstop ran no staged diff of its own", () => {
    const repo = stubbedRepo();
    const { env, log } = gitCommandLog();
    write(repo, "src/app.ts", "export const a = 1;\n");
    git(repo, "add", "src/app.ts");
    const clean = gitResult(repo, ["commit", "-q", "-m", "clean"], env);
    expect(clean.status).toBe(0);
    expect(clean.stderr).toContain("leakstop: no secrets in 1 file, 1 added line.");
    expect(stagedDiffsRun(log)).toEqual([]);

    write(repo, "src/config.ts", `// settings\nexport const token = "${fakeGithubToken()}";\n`);
    git(repo, "add", "src/config.ts");
    const blocked = gitResult(repo, ["commit", "-q", "-m", "add config"], env);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain("[github-pat]");
    expect(blocked.stderr).toContain("src/config.ts:2:23");
    expect(blocked.stderr).toContain("To commit anyway, deliberately: git commit --no-verify");
    expect(stagedDiffsRun(log)).toEqual([]);
    expect(git(repo, "log", "--format=%s").trim().split("\n")).toEqual(["clean", "ignore node_modules", "initial"]);
  });

  it("a diff over 1 MB is left unread: leakstop runs git itself, and finds tokens at its start and its end", () => {
    const repo = stubbedRepo();
    const { env, log } = gitCommandLog();
    const [first, last] = [fakeGithubToken(), fakeGithubToken()];
    const filler = Array.from({ length: 60_000 }, (_, i) => `const value${i} = ${i};`).join("\n");
    write(repo, "src/big.ts", `export const first = "${first}";\n${filler}\nexport const last = "${last}";\n`);
    git(repo, "add", "src/big.ts");
    expect(stagedDiff(repo).length).toBeGreaterThan(1 << 20);
    const blocked = gitResult(repo, ["commit", "-q", "-m", "big"], env);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain("src/big.ts:1:23");
    expect(blocked.stderr).toContain("src/big.ts:60002:22");
    expect(stagedDiffsRun(log)).toHaveLength(1);
  });

  it("a line in a file that reads like the status line is only a line: the token after it is found", () => {
    const repo = stubbedRepo();
    write(repo, "notes.txt", `leakstop-git-exit 0\ntoken = "${fakeGithubToken()}"\n`);
    git(repo, "add", "notes.txt");
    const blocked = gitResult(repo, ["commit", "-q", "-m", "notes"]);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain("notes.txt:2:10");
  });
});

describe("a piped diff is trusted only whole, and only from a stub naming leakstop's arguments", () => {
  function stagedToken(): string {
    const repo = makeRepo();
    write(repo, "src/config.ts", `export const token = "${fakeGithubToken()}";\n`);
    git(repo, "add", "src/config.ts");
    return repo;
  }

  it("a diff that ends without git's exit status blocks with exit 2", () => {
    const repo = stagedToken();
    for (const input of [stagedDiff(repo), ""]) {
      const r = hookWithStdin(repo, input);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n").filter(Boolean)).toEqual([`leakstop: error: ${gitFailed("diff", PIPED_DIFF_CUT)}`, HOOK_FAILED["pre-commit"]]);
    }
  });

  it("a stream over 1 MB is not read: leakstop runs git itself and finds the staged token", () => {
    const repo = stagedToken();
    const r = hookWithStdin(repo, Buffer.concat([Buffer.alloc(2 << 20, "+x\n"), Buffer.from("leakstop-git-exit 0\n")]));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("src/config.ts:1:23");
  });

  it("git failing in the stub blocks with exit 2 and its status, even after a whole-looking diff", () => {
    const repo = stagedToken();
    const r = hookWithStdin(repo, Buffer.concat([stagedDiff(repo), Buffer.from("leakstop-git-exit 128\n")]));
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([`leakstop: error: ${gitFailed("diff", pipedGitFailed(128))}`, HOOK_FAILED["pre-commit"]]);
  });

  it("a status line not at a line's start is not one: blocked as a cut diff", () => {
    const repo = stagedToken();
    const diff = stagedDiff(repo);
    const r = hookWithStdin(repo, Buffer.concat([diff.subarray(0, diff.length - 1), Buffer.from("leakstop-git-exit 0\n")]));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(PIPED_DIFF_CUT);
  });

  it("a stub of another version (another id) is not trusted: leakstop runs git itself and finds the staged token", () => {
    const repo = stagedToken();
    // What a stub with other arguments might pipe: nothing staged.
    const r = hookWithStdin(repo, "leakstop-git-exit 0\n", "00000000");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("src/config.ts:1:23");
  });

  it("the whole diff with status 0 gives what leakstop's own diff gives", () => {
    const repo = stagedToken();
    const piped = hookWithStdin(repo, Buffer.concat([stagedDiff(repo), Buffer.from("leakstop-git-exit 0\n")]));
    const own = spawnSync(process.execPath, [CLI, "hook", "pre-commit"], { cwd: repo, env: cleanEnv(), encoding: "utf8" });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toContain("src/config.ts:1:23");
    expect({ status: piped.status, stdout: piped.stdout, stderr: piped.stderr }).toEqual({ status: own.status, stdout: own.stdout, stderr: own.stderr });
  });
});

describe("the commit-msg stub pipes git's comment character in", () => {
  /** A repository with leakstop as a dependency and both commit stubs installed. */
  function withCommitMsgStub(): string {
    const repo = stubbedRepo(true);
    write(repo, "a.js", "const a = 1;\n");
    git(repo, "add", "a.js");
    return repo;
  }

  it("reads a message up to git's scissors line in its comment character, and a line that starts with it; leakstop asks git nothing", () => {
    const repo = withCommitMsgStub();
    git(repo, "config", "core.commentChar", ";");
    const { env, log } = gitCommandLog();
    const message = join(repo, ".git", "MSG");
    // An edited message (an editor that changes nothing) with scissors cleanup: git drops the ';' scissors line and all after it.
    writeFileSync(message, `subject\n; ------------------------ >8 ------------------------\nkey ${fakeGithubToken()}\n`);
    const cut = gitResult(repo, ["commit", "-q", "--cleanup=scissors", "-e", "-F", message], { ...env, GIT_EDITOR: "true" });
    expect(cut.status).toBe(0);
    expect(git(repo, "log", "-1", "--format=%B").trim()).toBe("subject");
    // `-m` keeps a line that starts with the comment character ("#123 ..." is an issue number): it is read, and blocks.
    write(repo, "b.js", "const b = 2;\n");
    git(repo, "add", "b.js");
    const kept = gitResult(repo, ["commit", "-q", "-m", `;123 rotate the deploy token ${fakeGithubToken()}`], env);
    expect(kept.status).not.toBe(0);
    expect(kept.stderr).toContain("commit message, line 1");
    expect(readFileSync(log, "utf8").split("\n").filter((c) => c.includes("core.commentChar"))).toEqual([]);
  });

  it("without git's exit status after it, the piped value is not used: leakstop asks git itself", () => {
    const repo = withCommitMsgStub();
    git(repo, "config", "core.commentChar", ";");
    const { env, log } = gitCommandLog();
    const message = join(repo, ".git", "MSG");
    writeFileSync(message, `subject\n; ------------------------ >8 ------------------------\nkey ${fakeGithubToken()}\n`);
    // A cut stream that claims '#': git's ';' still decides, so the message ends at the ';' scissors line.
    const r = spawnSync(process.execPath, [CLI, "hook", "commit-msg", message, "--comment-char-on-stdin"], { cwd: repo, env: cleanEnv(env), encoding: "utf8", input: "#\n" });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe("");
    expect(readFileSync(log, "utf8").split("\n").filter((c) => c.includes("core.commentChar"))).toHaveLength(1);
  });
});
