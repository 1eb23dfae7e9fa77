import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, lutimesSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FRAME, frame, FrameReader, installLink } from "../src/cli/resident/protocol.js";
import { HOOK_FAILED, PRE_PUSH_BY_HAND } from "../src/model/messages.js";
import { CLI, ROOT, cleanEnv, cleanupTempDirs, cloneWithRemote, installStubs, fakeGithubToken, gitCommandLog, gitResult, git, hookWithStdin, installTestHook, makeRepo, nodeRunLog, residentPids, runCli, stagedDiff, stagedDiffsRun, stagedRepoWithToken, stubbedRepo, tempDir, write } from "./helpers.js";

const runtimeDirs: string[] = [];

afterAll(() => {
  for (const dir of runtimeDirs) for (const pid of residentPids(dir)) process.kill(pid, "SIGKILL");
  cleanupTempDirs();
});

const PUSH = ["push", "-q", "origin", "main"];

/** A runtime directory of its own per test, so each test's resident processes are its own. */
function residentEnv(): { env: Record<string, string>; dir: string } {
  const dir = tempDir();
  runtimeDirs.push(dir);
  return { env: { LEAKSTOP_RESIDENT: "1", XDG_RUNTIME_DIR: dir }, dir };
}

function socketIn(runtimeDir: string): string | undefined {
  const dir = join(runtimeDir, "leakstop");
  const name = existsSync(dir) ? readdirSync(dir).find((n) => n.endsWith(".sock")) : undefined;
  return name && join(dir, name);
}

/** The one resident process once it listens (another than `before` when given): its pid and socket. */
async function warmResident(runtimeDir: string, before?: number): Promise<{ pid: number; socket: string }> {
  for (let waited = 0; waited < 20_000; waited += 25) {
    const socket = socketIn(runtimeDir);
    const pids = residentPids(runtimeDir);
    if (socket && pids.length === 1 && pids[0] !== before) return { pid: pids[0], socket };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("no resident process started");
}

/** A staged token and a runtime directory whose socket path is free again: its resident process was killed. */
async function freedSocket(): Promise<{ repo: string; env: Record<string, string>; socket: string }> {
  const { repo } = stagedRepoWithToken();
  const { env, dir } = residentEnv();
  runCli(repo, ["--staged"], env);
  const warm = await warmResident(dir);
  process.kill(warm.pid, "SIGKILL");
  rmSync(warm.socket);
  return { repo, env, socket: warm.socket };
}

/** The pre-commit hook run to its end, without blocking this process (a listener in it may answer the hook). */
async function hookRun(repo: string, env: Record<string, string>): Promise<{ status: unknown; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, "hook", "pre-commit"], { cwd: repo, env: cleanEnv(env) });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const status = await new Promise((r) => child.on("close", r));
  return { status, stdout, stderr };
}

describe("LEAKSTOP_RESIDENT=1: a process loaded before the commit checks it", () => {
  it("prints exactly what a run in the hook's own process prints, and leaves a successor", async () => {
    const { repo, token } = stagedRepoWithToken();
    const { env, dir } = residentEnv();
    const own = runCli(repo, ["--staged"], { XDG_RUNTIME_DIR: dir });
    expect(own.status).toBe(1);
    expect(own.stdout).toContain("src/config.ts:1:23");
    expect(existsSync(join(dir, "leakstop"))).toBe(false);

    const first = runCli(repo, ["--staged"], env);
    expect(first).toEqual(own);
    const warm = await warmResident(dir);
    // The socket its warm-up made a round trip on is gone once it listens.
    expect(readdirSync(dirname(warm.socket)).sort()).toEqual([basename(warm.socket), basename(installLink(warm.socket, realpathSync(CLI)))].sort());
    const served = runCli(repo, ["--staged"], env);
    expect(served).toEqual(own);
    expect(served.stdout + served.stderr).not.toContain(token.slice(8));
    // The process that served it has left; its successor listens.
    const successor = await warmResident(dir, warm.pid);

    installTestHook(repo, "pre-commit");
    const commit = gitResult(repo, ["commit", "-qm", "add config"], env);
    expect(commit.status).toBe(1);
    expect(commit.stdout + commit.stderr).toContain("src/config.ts:1:23");
    expect(commit.stdout + commit.stderr).toContain("GitHub");
    await warmResident(dir, successor.pid);
    expect(git(repo, "status", "--porcelain")).toBe("A  src/config.ts\n");
  });

  it("is handed the diff the hook piped in: the same output, and no process runs the staged diff again", async () => {
    const { repo } = stagedRepoWithToken();
    const { env, dir } = residentEnv();
    const commands = gitCommandLog();
    const piped = Buffer.concat([stagedDiff(repo), Buffer.from("leakstop-git-exit 0\n")]);
    const own = hookWithStdin(repo, piped, undefined, { ...env, ...commands.env });
    expect(own.status).toBe(1);
    expect(own.stdout).toContain("src/config.ts:1:23");
    const warm = await warmResident(dir);
    const served = hookWithStdin(repo, piped, undefined, { ...env, ...commands.env });
    expect(served).toEqual(own);
    // Served: the process that was listening has left, and a successor listens.
    const successor = await warmResident(dir, warm.pid);
    expect(residentPids(dir)).toEqual([successor.pid]);
    expect(stagedDiffsRun(commands.log)).toEqual([]);
  });

  it("checks a pre-push hook run by node, sent the ref lines its process read from git: the same output", async () => {
    const { work } = cloneWithRemote(["pre-push"]);
    write(work, "src/config.ts", `export const token = "${fakeGithubToken()}";\n`);
    git(work, "add", "src/config.ts");
    git(work, "commit", "-qm", "add config");
    const { env, dir } = residentEnv();
    const own = gitResult(work, PUSH, { XDG_RUNTIME_DIR: dir });
    expect(own.status).toBe(1);
    expect(own.stdout + own.stderr).toContain("src/config.ts:1:23");
    // Nothing listens yet: checked here, and a process started for the next hook.
    expect(gitResult(work, PUSH, env)).toEqual(own);
    const warm = await warmResident(dir);
    expect(gitResult(work, PUSH, env)).toEqual(own);
    // Served: the process that listened has left (one not asked would listen on), and a successor listens.
    await warmResident(dir, warm.pid);
  });

  it("takes on the commit's directory, environment and configuration, not those it started with", async () => {
    const { env, dir } = residentEnv();
    const first = makeRepo();
    write(first, "a.txt", "nothing here\n");
    git(first, "add", "a.txt");
    expect(runCli(first, ["--staged"], env).status).toBe(0);
    const warm = await warmResident(dir);

    const repo = makeRepo();
    const acme = "acme_" + "k3y9".repeat(6);
    write(repo, ".leakstop.json", JSON.stringify({ detectors: [{ id: "acme-key", name: "ACME deploy key", service: "ACME", severity: "critical", keywords: ["acme_"], patterns: ["\\b(acme_[a-z0-9]{24})\\b"] }] }));
    write(repo, "app/deploy.js", `const deploy = "${acme}";\n`);
    git(repo, "add", ".");
    mkdirSync(join(repo, "app", "sub"));
    const here = { FORCE_COLOR: "1", COLUMNS: "100" };
    const own = runCli(join(repo, "app", "sub"), ["hook", "pre-commit"], here);
    const served = runCli(join(repo, "app", "sub"), ["hook", "pre-commit"], { ...env, ...here });
    expect(own.status).toBe(1);
    expect(own.stdout).toContain("\x1b[");
    expect(own.stdout).toContain("app/deploy.js:1");
    expect(own.stdout).toContain("ACME deploy key");
    expect(served).toEqual(own);
    await warmResident(dir, warm.pid);
  });

  it("on the JavaScript fallback for re2, the commit's output still says so", async () => {
    const { repo } = stagedRepoWithToken();
    const { env, dir } = residentEnv();
    const fallback = { LEAKSTOP_RE2: "fallback" };
    const own = runCli(repo, ["--staged"], fallback);
    expect(own.stderr).toContain("scanning with re2js");
    runCli(repo, ["--staged"], { ...env, ...fallback });
    const warm = await warmResident(dir);
    expect(runCli(repo, ["--staged"], { ...env, ...fallback })).toEqual(own);
    await warmResident(dir, warm.pid);
  });

  it("a socket left by a process that died is removed, the commit checked here, and a new process started", async () => {
    const { repo } = stagedRepoWithToken();
    const { env, dir } = residentEnv();
    const own = runCli(repo, ["--staged"], {});
    runCli(repo, ["--staged"], env);
    const warm = await warmResident(dir);
    process.kill(warm.pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(warm.socket)).toBe(true);

    expect(runCli(repo, ["--staged"], env)).toEqual(own);
    await warmResident(dir, warm.pid);
  });

  it("a resident process stopped by SIGTERM or SIGHUP removes its socket", async () => {
    const { repo } = stagedRepoWithToken();
    const { env, dir } = residentEnv();
    let before: number | undefined;
    for (const signal of ["SIGTERM", "SIGHUP"] as const) {
      runCli(repo, ["--staged"], env);
      const warm = await warmResident(dir, before);
      process.kill(warm.pid, signal);
      for (let waited = 0; waited < 5000 && residentPids(dir).length; waited += 25) await new Promise((r) => setTimeout(r, 25));
      expect(residentPids(dir)).toEqual([]);
      expect(existsSync(warm.socket)).toBe(false);
      before = warm.pid;
    }
  });

  it("a resident process that stops partway blocks the commit (exit 2) and says how to bypass it", async () => {
    const { repo, env, socket } = await freedSocket();
    const half = net.createServer((conn) => conn.once("data", () => conn.end(frame(FRAME.stdout, Buffer.from("leakstop: checking\n")))));
    await new Promise<void>((r) => half.listen(socket, r));
    const { status, stdout, stderr } = await hookRun(repo, env);
    half.close();
    expect(status).toBe(2);
    expect(stdout).toBe("leakstop: checking\n");
    expect(stderr).toBe(`leakstop: error: internal error: the resident process (LEAKSTOP_RESIDENT=1) stopped before it finished\n${HOOK_FAILED["pre-commit"]}\n`);
  });

  it("a resident process that falls silent is killed after 10 s: the commit runs here, or is blocked if it had begun answering", async () => {
    // Two hung processes of their own (not this test's process: the hook kills the pid a process says it has).
    // Each says once that it is alive, one also writes a line, then neither says anything more.
    const hung = async (frames: Buffer[]) => {
      const { repo, env, socket } = await freedSocket();
      const own = runCli(repo, ["hook", "pre-commit"], {});
      const script = `const net = require("node:net");
        const frame = (kind, payload) => { const head = Buffer.alloc(5); head[0] = kind; head.writeUInt32BE(payload.length, 1); return Buffer.concat([head, payload]); };
        net.createServer((conn) => conn.once("data", () => {
          conn.write(frame(${FRAME.alive}, Buffer.from(String(process.pid))));
          for (const f of ${JSON.stringify(frames.map((f) => f.toString("base64")))}) conn.write(Buffer.from(f, "base64"));
        })).listen(${JSON.stringify(socket)}, () => console.log("listening"));`;
      const fake = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise((r) => fake.stdout.once("data", r));
      const started = Date.now();
      const { status, stdout, stderr } = await hookRun(repo, env);
      const fakeEnded = await new Promise((r) => (fake.exitCode !== null || fake.signalCode !== null ? r(fake.signalCode) : fake.on("exit", (_code, signal) => r(signal))));
      return { own, status, stdout, stderr, waitedMs: Date.now() - started, fakeEnded };
    };
    const [silent, halfway] = await Promise.all([hung([]), hung([frame(FRAME.stdout, Buffer.from("leakstop: checking\n"))])]);

    expect(silent.fakeEnded).toBe("SIGKILL");
    expect(silent.waitedMs).toBeGreaterThanOrEqual(10_000);
    expect({ status: silent.status, stdout: silent.stdout, stderr: silent.stderr }).toEqual(silent.own);

    expect(halfway.fakeEnded).toBe("SIGKILL");
    expect(halfway.waitedMs).toBeGreaterThanOrEqual(10_000);
    expect(halfway.status).toBe(2);
    expect(halfway.stdout).toBe("leakstop: checking\n");
    expect(halfway.stderr).toBe(`leakstop: error: internal error: the resident process (LEAKSTOP_RESIDENT=1) stopped answering for 10 s and was stopped\n${HOOK_FAILED["pre-commit"]}\n`);
  });

  it("a reader that closes the pipe early gets the scan's exit code and no error, as without it", async () => {
    const { repo } = stagedRepoWithToken();
    const { env, dir } = residentEnv();
    runCli(repo, ["--staged"], env);
    const warm = await warmResident(dir);
    const child = spawn(process.execPath, [CLI, "--staged"], { cwd: repo, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const status = await new Promise((r) => child.on("close", r));
    expect({ status, stderr }).toEqual({ status: 1, stderr: "" });
    await warmResident(dir, warm.pid);
  });

  it("removes the links of installs whose process is gone as it starts, never a fresh one, and message sockets whose process is gone", async () => {
    const { repo } = stagedRepoWithToken();
    const { env, dir } = residentEnv();
    const runtime = join(dir, "leakstop");
    mkdirSync(runtime, { mode: 0o700 });
    // Another install's link whose process left long ago, and one whose process is about to listen.
    const gone = join(runtime, "install-0badc0de");
    symlinkSync("gone.sock", gone);
    const hourAgo = new Date(Date.now() - 3_600_000);
    lutimesSync(gone, hourAgo, hourAgo);
    const coming = join(runtime, "install-0c0ffee0");
    symlinkSync("coming.sock", coming);
    // And an old link whose socket is there: its process still waits.
    writeFileSync(join(runtime, "alive-socket"), "");
    const alive = join(runtime, "install-0a11ce00");
    symlinkSync("alive-socket", alive);
    lutimesSync(alive, hourAgo, hourAgo);
    // The message socket of a process killed while it waited (a pid that has exited), and one of a running process.
    const killed = spawnSync("true").pid;
    const leftBehind = `message-${killed}.socket`;
    const script = `require("node:net").createServer().listen(${JSON.stringify(join(runtime, leftBehind))}, () => process.kill(process.pid, "SIGKILL"))`;
    spawnSync(process.execPath, ["-e", script]);
    expect(lstatSync(join(runtime, leftBehind)).isSocket()).toBe(true);
    writeFileSync(join(runtime, `message-${process.pid}.socket`), "");
    runCli(repo, ["--staged"], env);
    const warm = await warmResident(dir);
    const links = readdirSync(runtime).filter((name) => name.startsWith("install-"));
    expect(links.sort()).toEqual([basename(installLink(warm.socket, realpathSync(CLI))), "install-0a11ce00", "install-0c0ffee0"].sort());
    expect(readlinkSync(coming)).toBe("coming.sock");
    expect(readdirSync(runtime).filter((name) => name.startsWith("message-"))).toEqual([`message-${process.pid}.socket`]);
  });

  it("is not used where another user could reach its socket", async () => {
    const { repo } = stagedRepoWithToken();
    const { env, dir } = residentEnv();
    mkdirSync(join(dir, "leakstop"), { mode: 0o755 });
    const own = runCli(repo, ["--staged"], {});
    expect(runCli(repo, ["--staged"], env)).toEqual(own);
    expect(residentPids(dir)).toEqual([]);
    expect(readdirSync(join(dir, "leakstop"))).toEqual([]);
  });

  it("is not started where its socket's path would be too long to listen on", () => {
    const { repo } = stagedRepoWithToken();
    const { dir } = residentEnv();
    const deep = join(dir, "a-runtime-directory-nested-deep-enough".repeat(2));
    mkdirSync(deep, { mode: 0o700 });
    const own = runCli(repo, ["--staged"], {});
    expect(runCli(repo, ["--staged"], { LEAKSTOP_RESIDENT: "1", XDG_RUNTIME_DIR: deep })).toEqual(own);
    expect(residentPids(deep)).toEqual([]);
  });
});

// Perl is not a dependency: where there is none, the stub runs node as it does without LEAKSTOP_RESIDENT.
describe.runIf(spawnSync("perl", ["-e", "0"]).status === 0)("through the pre-commit stub, Perl hands the commit to the resident process without starting node", () => {
  /** A stubbed repository with a token staged, and the commit's result without a resident process. */
  function stagedThroughStub(): { repo: string; token: string; own: ReturnType<typeof gitResult> } {
    const repo = stubbedRepo();
    const token = fakeGithubToken();
    write(repo, "src/config.ts", `export const token = "${token}";\n`);
    git(repo, "add", "src/config.ts");
    const own = gitResult(repo, ["commit", "-qm", "add config"]);
    expect(own.status).toBe(1);
    expect(own.stderr).toContain("src/config.ts:1:23");
    return { repo, token, own };
  }

  const linkOf = (socket: string) => installLink(socket, realpathSync(CLI));

  /**
   * `git args` run by node, which starts a resident process, then served by that process: the same result, no
   * launcher started, no part of `token` printed. The process then leaves; `successor` listens.
   */
  async function servedWithoutNode(repo: string, args: string[], own: ReturnType<typeof gitResult>, token = ""): Promise<{ env: Record<string, string>; dir: string; log: ReturnType<typeof nodeRunLog>; successor: { pid: number } }> {
    const { env, dir } = residentEnv();
    expect(gitResult(repo, args, env)).toEqual(own);
    const warm = await warmResident(dir);
    const log = nodeRunLog();
    const served = gitResult(repo, args, { ...env, ...log.env });
    expect(served).toEqual(own);
    if (token) expect(served.stdout + served.stderr).not.toContain(token.slice(8));
    // Only the successor (resident.cjs) may have started since: no launcher ran.
    expect(log.scripts().filter((script) => script !== "resident.cjs")).toEqual([]);
    return { env, dir, log, successor: await warmResident(dir, warm.pid) };
  }

  /** GIT_TRACE to a file of its own (git puts its own directory first on a hook's PATH), and the staged diffs it logged. */
  function stagedDiffCount(): { env: Record<string, string>; count: () => number } {
    const log = join(tempDir(), "trace.log");
    writeFileSync(log, "");
    return { env: { GIT_TRACE: log }, count: () => readFileSync(log, "utf8").split("\n").filter((line) => / diff --cached /.test(line) && line.includes("built-in:")).length };
  }

  it("leaves a commit to node when nothing listens or Perl fails, git's diff run once", async () => {
    const { repo, own } = stagedThroughStub();
    const { env, dir } = residentEnv();
    const diffs = stagedDiffCount();
    // Nothing listens yet: node reads the diff Perl left unread.
    expect(gitResult(repo, ["commit", "-qm", "add config"], { ...env, ...diffs.env })).toEqual(own);
    expect(diffs.count()).toBe(1);
    await warmResident(dir);
    // A Perl whose readlink dies, with a process listening: node runs the commit.
    const lib = tempDir();
    writeFileSync(join(lib, "BrokenReadlink.pm"), "package BrokenReadlink;\nBEGIN { *CORE::GLOBAL::readlink = sub { die qq(broken\\n) } }\n1;\n");
    const log = nodeRunLog();
    const broken = { PERL5LIB: lib, PERL5OPT: "-MBrokenReadlink" };
    expect(gitResult(repo, ["commit", "-qm", "add config"], { ...env, ...diffs.env, ...log.env, ...broken })).toEqual(own);
    expect(log.scripts()).toContain("leakstop");
    expect(diffs.count()).toBe(2);
  });

  it("prints exactly what node prints, and the commit starts no node process", async () => {
    const { repo, token, own } = stagedThroughStub();
    const { env, dir } = residentEnv();
    const log = nodeRunLog();
    // Nothing listens yet: node runs the commit, and starts a process for the next one.
    expect(gitResult(repo, ["commit", "-qm", "add config"], { ...env, ...log.env })).toEqual(own);
    expect(log.scripts()).toContain("leakstop");
    const warm = await warmResident(dir);
    expect(readlinkSync(linkOf(warm.socket))).toBe(basename(warm.socket));

    const before = log.scripts().length;
    const served = gitResult(repo, ["commit", "-qm", "add config"], { ...env, ...log.env });
    expect(served).toEqual(own);
    expect(served.stderr).not.toContain(token.slice(8));
    // Only the successor (resident.cjs) may have started since: no launcher (node_modules/.bin/leakstop) ran.
    expect(log.scripts().slice(before).filter((script) => script !== "resident.cjs")).toEqual([]);
    await warmResident(dir, warm.pid);
    expect(git(repo, "status", "--porcelain")).toBe("A  src/config.ts\n");
  });

  /** A stubbed repository with the commit-msg stub too, and a clean change staged. */
  function cleanThroughBothStubs(): string {
    const repo = stubbedRepo(true);
    write(repo, "src/app.ts", "export const answer = 42;\n");
    git(repo, "add", "src/app.ts");
    return repo;
  }

  /** What a process waiting for a commit's message has in the runtime directory: its socket and its link. */
  const messageFiles = (dir: string) => readdirSync(join(dir, "leakstop")).filter((name) => name.startsWith("message-"));

  /** What git gives the hooks of a commit, and only of a commit. */
  const IN_A_COMMIT = { GIT_INDEX_FILE: ".git/index" };

  /** A first commit run by node, which starts the process `warm`; then a clean change staged, and the pre-commit stub run by hand with `hookEnv`. */
  async function preCommitServed(hookEnv: Record<string, string>): Promise<{ repo: string; env: Record<string, string>; dir: string; warm: { pid: number } }> {
    const repo = cleanThroughBothStubs();
    const { env, dir } = residentEnv();
    expect(gitResult(repo, ["commit", "-qm", "first"], env).status).toBe(0);
    const warm = await warmResident(dir);
    write(repo, "src/more.ts", "export const more = 1;\n");
    git(repo, "add", "src/more.ts");
    expect(spawnSync("sh", [".git/hooks/pre-commit"], { cwd: repo, env: cleanEnv({ ...env, ...hookEnv }) }).status).toBe(0);
    return { repo, env, dir, warm };
  }

  /** A clean pre-commit hook run through the stub as a commit runs it, and served: its process (`warm`) now waits for that commit's message. */
  async function waitingForMessage(): Promise<{ repo: string; env: Record<string, string>; dir: string; warm: { pid: number } }> {
    const served = await preCommitServed(IN_A_COMMIT);
    expect(messageFiles(served.dir)).toHaveLength(2);
    expect(messageFiles(served.dir)).toEqual(expect.arrayContaining([expect.stringMatching(/^message-\d+\.socket$/), expect.stringMatching(/^message-[0-9a-f]{8}$/)]));
    return served;
  }

  it("checks a clean commit's message in the process that checked its staged changes: the whole commit starts no node", async () => {
    const repo = cleanThroughBothStubs();
    const token = fakeGithubToken();
    const leaky = ["commit", "-qm", `deploy with ${token}`];
    const own = gitResult(repo, leaky);
    expect(own.status).toBe(1);
    expect(own.stderr).toContain("leakstop: no secrets in 1 file, 1 added line.");
    expect(own.stdout + own.stderr).toContain("commit message");
    // Neither hook ran a launcher. Its message checked, the process left once its successor had started, and
    // took its link along.
    const { env, dir, log, successor } = await servedWithoutNode(repo, leaky, own, token);
    expect(messageFiles(dir)).toEqual([]);

    const clean = gitResult(repo, ["commit", "-qm", "add the answer"], { ...env, ...log.env });
    expect(clean).toEqual({ status: 0, stdout: "", stderr: "leakstop: no secrets in 1 file, 1 added line.\n" });
    expect(git(repo, "log", "-1", "--format=%s")).toBe("add the answer\n");
    expect(log.scripts().filter((script) => script !== "resident.cjs")).toEqual([]);
    await warmResident(dir, successor.pid);
  });

  it("leaves to node the message of another repository, of a commit whose staged changes it blocked, and of a pre-commit hook node ran", async () => {
    const { repo: first, env, dir, warm: waiting } = await waitingForMessage();
    const other = cleanThroughBothStubs();
    write(other, ".git/COMMIT_EDITMSG", `deploy with ${fakeGithubToken()}\n`);
    const commitMsg = (withEnv: Record<string, string>) => {
      const r = spawnSync("sh", [".git/hooks/commit-msg", ".git/COMMIT_EDITMSG"], { cwd: other, env: cleanEnv(withEnv), encoding: "utf8" });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const own = commitMsg({});
    expect(own.status).toBe(1);
    const log = nodeRunLog();
    expect(commitMsg({ ...env, ...log.env })).toEqual(own);
    expect(log.scripts()).toContain("leakstop");
    // Declined, it waits no longer: it leaves once its successor has started.
    let warm = await warmResident(dir, waiting.pid);
    expect(messageFiles(dir)).toEqual([]);

    // A commit blocked at its staged changes has no message to wait for.
    write(first, "src/config.ts", `export const token = "${fakeGithubToken()}";\n`);
    git(first, "add", "src/config.ts");
    expect(spawnSync("sh", [".git/hooks/pre-commit"], { cwd: first, env: cleanEnv({ ...env, ...IN_A_COMMIT }) }).status).toBe(1);
    expect(messageFiles(dir)).toEqual([]);
    warm = await warmResident(dir, warm.pid);

    // A pre-commit hook run by node (no stub, or no Perl) has its commit-msg hook run by node too.
    git(first, "rm", "-q", "--cached", "src/config.ts");
    expect(runCli(first, ["hook", "pre-commit"], { ...env, ...IN_A_COMMIT }).status).toBe(0);
    expect(messageFiles(dir)).toEqual([]);
    await warmResident(dir, warm.pid);
  });

  it("waits for no message after a pre-commit stub run outside a commit, or one with no commit-msg stub beside it", async () => {
    const log = nodeRunLog();
    // Served (no launcher ran), but run by hand: git gives no GIT_INDEX_FILE, and no message will come.
    const { repo, env, dir, warm: first } = await preCommitServed(log.env);
    expect(log.scripts().filter((script) => script !== "resident.cjs")).toEqual([]);
    expect(messageFiles(dir)).toEqual([]);
    const warm = await warmResident(dir, first.pid);

    // `git commit` with no commit-msg stub beside the client: no message comes through it, so none is awaited.
    rmSync(join(repo, ".git/hooks/commit-msg"));
    expect(gitResult(repo, ["commit", "-qm", "more"], { ...env, ...log.env }).status).toBe(0);
    expect(log.scripts().filter((script) => script !== "resident.cjs")).toEqual([]);
    expect(messageFiles(dir)).toEqual([]);
    await warmResident(dir, warm.pid);
  });

  it("a process waiting for a commit's message and stopped by SIGTERM removes its socket and link, and starts its successor", async () => {
    const { dir, warm } = await waitingForMessage();
    process.kill(warm.pid, "SIGTERM");
    await warmResident(dir, warm.pid);
    expect(messageFiles(dir)).toEqual([]);
  });

  /** A clone with leakstop installed as a dependency and the pre-push stub, a commit with a token to push, and that push's result without a resident process. */
  function pushThroughStub(): { work: string; token: string; own: ReturnType<typeof gitResult> } {
    const { work } = cloneWithRemote([]);
    installStubs(work, ["pre-push"]);
    const token = fakeGithubToken();
    write(work, "src/config.ts", `export const token = "${token}";\n`);
    git(work, "add", "src/config.ts");
    git(work, "commit", "-qm", "add config");
    const own = gitResult(work, PUSH);
    expect(own.status).toBe(1);
    expect(own.stdout + own.stderr).toContain("src/config.ts:1:23");
    return { work, token, own };
  }

  it("checks a push through the pre-push stub with git's ref lines: node's output, and no node started; declined, node is given the lines again", async () => {
    const { work, token, own } = pushThroughStub();
    const { env, dir, log, successor } = await servedWithoutNode(work, PUSH, own, token);

    // Another node first on PATH: declined after Perl read the ref lines, which the stub gives node again.
    const bin = tempDir();
    writeFileSync(join(bin, "node"), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
    const wrapped = nodeRunLog();
    expect(gitResult(work, PUSH, { ...env, ...wrapped.env, PATH: `${bin}:${process.env.PATH}` })).toEqual(own);
    expect(wrapped.scripts()).toContain("leakstop");
    const next = await warmResident(dir, successor.pid);

    git(work, "reset", "-q", "--hard", "HEAD~1");
    write(work, "src/app.ts", "export const answer = 42;\n");
    git(work, "add", "src/app.ts");
    git(work, "commit", "-qm", "add the answer");
    const clean = gitResult(work, PUSH, { ...env, ...log.env });
    // With the commit that git-ignored node_modules.
    expect(clean).toEqual({ status: 0, stdout: "leakstop: no secrets in 2 commits, 2 files, 2 added lines.\n", stderr: "" });
    expect(git(work, "rev-parse", "origin/main")).toBe(git(work, "rev-parse", "HEAD"));
    expect(log.scripts().filter((script) => script !== "resident.cjs")).toEqual([]);
    await warmResident(dir, next.pid);
  });

  it.runIf(spawnSync("script", ["--version"]).status === 0)("a pre-push stub run by hand on a terminal reads no ref lines: node says git gives them, and no process is asked", async () => {
    const { work } = pushThroughStub();
    const { env, dir } = residentEnv();
    gitResult(work, PUSH, env);
    const warm = await warmResident(dir);
    const byHand = spawnSync("script", ["-qec", "sh .git/hooks/pre-push origin x", "/dev/null"], { cwd: work, env: cleanEnv(env), encoding: "utf8", timeout: 20_000 });
    expect(byHand.status).toBe(2);
    expect(byHand.stdout).toContain(PRE_PUSH_BY_HAND);
    expect(residentPids(dir)).toEqual([warm.pid]);
  });

  it("is reached through the line `leakstop init` writes for husky, which runs the stub of the leakstop in node_modules", async () => {
    const repo = makeRepo();
    write(repo, ".gitignore", "node_modules\n");
    write(repo, "package.json", JSON.stringify({ name: "app", devDependencies: { husky: "^9.1.7" } }));
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "package");
    // leakstop as npm installs it; what `npx husky` sets up: hooks run .husky/<name> with node_modules/.bin on PATH.
    mkdirSync(join(repo, "node_modules/.bin"), { recursive: true });
    symlinkSync(ROOT, join(repo, "node_modules/leakstop"));
    symlinkSync("../leakstop/dist/cli/main.cjs", join(repo, "node_modules/.bin/leakstop"));
    mkdirSync(join(repo, ".husky/_"), { recursive: true });
    writeFileSync(join(repo, ".husky/_/pre-commit"), `#!/bin/sh\nPATH="$PWD/node_modules/.bin:$PATH"\nsh -e .husky/pre-commit "$@"\n`, { mode: 0o755 });
    git(repo, "config", "core.hooksPath", ".husky/_");
    expect(runCli(repo, ["init"]).stdout).toContain("created .husky/pre-commit");
    write(repo, "src/config.ts", `export const token = "${fakeGithubToken()}";\n`);
    git(repo, "add", "src/config.ts");
    const own = gitResult(repo, ["commit", "-qm", "add config"]);
    expect(own.status).toBe(1);
    expect(own.stderr).toContain("src/config.ts:1:23");

    await servedWithoutNode(repo, ["commit", "-qm", "add config"], own);
  });

  it("finds the process of a pnpm install, whose .bin holds a shell script that runs the package beside it", async () => {
    const { repo, own } = stagedThroughStub();
    rmSync(join(repo, "node_modules/.bin/leakstop"));
    symlinkSync(ROOT, join(repo, "node_modules/leakstop"));
    writeFileSync(join(repo, "node_modules/.bin/leakstop"), `#!/bin/sh\nexec node "$(dirname "$0")/../leakstop/dist/cli/main.cjs" "$@"\n`, { mode: 0o755 });
    await servedWithoutNode(repo, ["commit", "-qm", "add config"], own);
  });

  it.runIf(spawnSync("script", ["--version"]).status === 0)("on a terminal (script's pty): the same colours, wrapped at the terminal's width", async () => {
    const { repo } = stagedThroughStub();
    const { env, dir } = residentEnv();
    const onTerminal = (columns: number, withEnv: Record<string, string>) =>
      spawnSync("script", ["-qec", `stty cols ${columns}; git commit -qm 'add config'`, "/dev/null"], { cwd: repo, env: cleanEnv(withEnv), encoding: "utf8" }).stdout;
    const own = onTerminal(50, {});
    expect(own).toContain("\x1b[");
    expect(own).toContain("src/config.ts:1:23");
    expect(onTerminal(120, {})).not.toBe(own);

    onTerminal(50, env);
    const warm = await warmResident(dir);
    const log = nodeRunLog();
    expect(onTerminal(50, { ...env, ...log.env })).toBe(own);
    expect(log.scripts().filter((script) => script !== "resident.cjs")).toEqual([]);
    await warmResident(dir, warm.pid);
  });

  it("does not use a diff piped by a stub of other arguments, and is declined by a commit with another node or re2", async () => {
    const { repo, own } = stagedThroughStub();
    const { env, dir } = residentEnv();
    gitResult(repo, ["commit", "-qm", "add config"], env);
    let warm = await warmResident(dir);

    // A stub of another version piping nothing staged: served, but its diff is not used, and git's finds the token.
    const stub = join(repo, ".git/hooks/pre-commit");
    const stubText = readFileSync(stub, "utf8");
    writeFileSync(stub, stubText.replace(/^diff_id=.*$/m, "diff_id=00000000").replace(/^staged_diff\(\) \{$/m, "staged_diff() {\n  echo 'leakstop-git-exit 0'; return\n"));
    const served = nodeRunLog();
    expect(gitResult(repo, ["commit", "-qm", "add config"], { ...env, ...served.env })).toEqual(own);
    expect(served.scripts().filter((script) => script !== "resident.cjs")).toEqual([]);
    writeFileSync(stub, stubText);
    warm = await warmResident(dir, warm.pid);

    // Another node first on PATH (a wrapper of this one): node runs the commit, and the process declined leaves.
    const bin = tempDir();
    writeFileSync(join(bin, "node"), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
    const wrapped = nodeRunLog();
    expect(gitResult(repo, ["commit", "-qm", "add config"], { ...env, ...wrapped.env, PATH: `${bin}:${process.env.PATH}` })).toEqual(own);
    expect(wrapped.scripts()).toContain("leakstop");
    warm = await warmResident(dir, warm.pid);

    // re2's JavaScript fallback asked for: the socket's name is another (as after an upgrade), so node runs it.
    const fallback = { LEAKSTOP_RE2: "fallback" };
    const ownFallback = gitResult(repo, ["commit", "-qm", "add config"], fallback);
    expect(ownFallback.stderr).toContain("scanning with re2js");
    const declined = nodeRunLog();
    expect(gitResult(repo, ["commit", "-qm", "add config"], { ...env, ...fallback, ...declined.env })).toEqual(ownFallback);
    expect(declined.scripts()).toContain("leakstop");
    for (let waited = 0; waited < 20_000 && residentPids(dir).includes(warm.pid); waited += 25) await new Promise((r) => setTimeout(r, 25));
    expect(residentPids(dir)).not.toContain(warm.pid);
  });

  it("a process that stops partway blocks the commit; one that never answers leaves it to node; one silent for 10 s is killed", async () => {
    /** A process of its own listening on the install's link: it says it is alive, writes `frames`, and then `then`. */
    const fake = async (frames: Buffer[], then: "close" | "hang") => {
      const { repo, own } = stagedThroughStub();
      const { env, dir } = residentEnv();
      mkdirSync(join(dir, "leakstop"), { mode: 0o700 });
      const socket = join(dir, "leakstop", "fake.sock");
      symlinkSync("fake.sock", linkOf(socket));
      const script = `const net = require("node:net");
        const frame = (kind, payload) => { const head = Buffer.alloc(5); head[0] = kind; head.writeUInt32BE(payload.length, 1); return Buffer.concat([head, payload]); };
        net.createServer((conn) => conn.once("data", () => {
          conn.write(frame(${FRAME.alive}, Buffer.from(String(process.pid))));
          for (const f of ${JSON.stringify(frames.map((f) => f.toString("base64")))}) conn.write(Buffer.from(f, "base64"));
          if (${JSON.stringify(then)} === "close") conn.end(() => process.exit(0));
        })).listen(${JSON.stringify(socket)}, () => console.log("listening"));`;
      const server = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise((r) => server.stdout.once("data", r));
      const started = Date.now();
      const commit = spawn("git", ["commit", "-qm", "add config"], { cwd: repo, env: cleanEnv(env) });
      let stdout = "";
      let stderr = "";
      commit.stdout.on("data", (d) => (stdout += d));
      commit.stderr.on("data", (d) => (stderr += d));
      const status = await new Promise((r) => commit.on("close", r));
      const ended = await new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r(server.signalCode ?? "exit") : server.on("exit", (_code, signal) => r(signal ?? "exit"))));
      return { own, result: { status, stdout, stderr }, waitedMs: Date.now() - started, ended };
    };
    const checking = frame(FRAME.stderr, Buffer.from("leakstop: checking\n"));
    const [unanswered, partway, silent, silentPartway] = await Promise.all([
      fake([], "close"),
      fake([checking], "close"),
      fake([], "hang"),
      fake([checking], "hang"),
    ]);
    const blocked = (why: string) => `leakstop: ${why}, so this commit is blocked. To commit without the check, deliberately: git commit --no-verify\n`;

    expect(unanswered.result).toEqual(unanswered.own);
    expect(partway.result).toEqual({ status: 1, stdout: "", stderr: `leakstop: checking\n${blocked("the resident process (LEAKSTOP_RESIDENT=1) stopped before it finished")}` });
    expect(silent.ended).toBe("SIGKILL");
    expect(silent.waitedMs).toBeGreaterThanOrEqual(10_000);
    expect(silent.result).toEqual(silent.own);
    expect(silentPartway.ended).toBe("SIGKILL");
    expect(silentPartway.waitedMs).toBeGreaterThanOrEqual(10_000);
    expect(silentPartway.result).toEqual({ status: 1, stdout: "", stderr: `leakstop: checking\n${blocked("the resident process (LEAKSTOP_RESIDENT=1) stopped answering for 10 s and was stopped")}` });
  });
});

describe("the frames between a hook and a resident process", () => {
  it("come out whole and in order however the stream is cut into reads", () => {
    const payloads = [0, 1, 4, 5, 6, 300, 70_000].map((n, i) => Buffer.alloc(n, i + 1));
    const stream = Buffer.concat(payloads.map((p, i) => frame(i % 2 ? FRAME.stderr : FRAME.stdout, p)).concat(frame(FRAME.exit, Uint8Array.of(1))));
    const cuts = [[1], [3, 5, 9], Array.from({ length: 200 }, (_, i) => (i * 7919) % stream.length).sort((a, b) => a - b), [stream.length - 1]];
    for (const at of cuts) {
      const got: string[] = [];
      const reader = new FrameReader((kind, payload) => got.push(`${kind}:${payload.length}:${payload[0] ?? "-"}`));
      let from = 0;
      for (const cut of [...new Set(at), stream.length]) {
        reader.push(stream.subarray(from, cut));
        from = cut;
      }
      expect(got).toEqual([...payloads.map((p, i) => `${i % 2 ? FRAME.stderr : FRAME.stdout}:${p.length}:${p[0] ?? "-"}`), `${FRAME.exit}:1:1`]);
    }
  });
});
