import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { CLI, cleanEnv, cleanupTempDirs, git, makeRepo, runCli, stagedRepoWithToken, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

// Node 22.1+ keeps compiled code itself (module.enableCompileCache); Node 20 gets V8's code cache from leakstop.
const nodeKeepsItsOwn = Number(process.versions.node.split(".")[0]) >= 22;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe("compiled code kept between runs", () => {
  it("is written to the per-user cache directory, never the repository, and later runs print the same", () => {
    const { repo, token } = stagedRepoWithToken();
    const cache = tempDir();
    const statusBefore = git(repo, "status", "--porcelain", "--ignored");
    const first = runCli(repo, ["--staged"], { LEAKSTOP_CACHE_DIR: cache });
    const kept = filesUnder(join(cache, "compile"));
    expect(kept.length).toBeGreaterThan(0);
    if (!nodeKeepsItsOwn) expect(kept.map((f) => f.split("/").pop())).toEqual([expect.stringMatching(/^app-v20\.[\d.]+-\w+-[\d-]+\.v8$/)]);
    const second = runCli(repo, ["--staged"], { LEAKSTOP_CACHE_DIR: cache });
    expect(first.status).toBe(1);
    expect(second.status).toBe(1);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
    expect(first.stdout).toContain("src/config.ts:1:23");
    for (const f of filesUnder(cache)) expect(readFileSync(f).includes(token.slice(4))).toBe(false);
    expect(git(repo, "status", "--porcelain", "--ignored")).toBe(statusBefore);
  });

  it.skipIf(nodeKeepsItsOwn)("a corrupt cache file is ignored and replaced", () => {
    const { repo } = stagedRepoWithToken();
    const cache = tempDir();
    const clean = runCli(repo, ["--staged"], { LEAKSTOP_CACHE_DIR: cache });
    const [file] = filesUnder(join(cache, "compile"));
    writeFileSync(file, Buffer.alloc(4096, 7));
    const afterCorruption = runCli(repo, ["--staged"], { LEAKSTOP_CACHE_DIR: cache });
    expect(afterCorruption.status).toBe(1);
    expect(afterCorruption.stdout).toBe(clean.stdout);
    expect(afterCorruption.stderr).toBe("");
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)("an unwritable cache directory costs nothing but the cache", () => {
    const { repo } = stagedRepoWithToken();
    const cache = tempDir();
    chmodSync(cache, 0o500);
    const r = runCli(repo, ["--staged"], { LEAKSTOP_CACHE_DIR: cache });
    chmodSync(cache, 0o700);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("src/config.ts:1:23");
  });

  it("a relative LEAKSTOP_CACHE_DIR or XDG_CACHE_HOME is ignored: a scan writes nothing into the repository it runs in", () => {
    const { repo } = stagedRepoWithToken();
    const home = tempDir();
    const statusBefore = git(repo, "status", "--porcelain", "--ignored");
    for (const env of [{ LEAKSTOP_CACHE_DIR: "tmp-cache" }, { XDG_CACHE_HOME: ".cache" }]) {
      const r = runCli(repo, ["--staged"], { HOME: home, ...env });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("");
    }
    expect(git(repo, "status", "--porcelain", "--ignored")).toBe(statusBefore);
    // The default under HOME took it instead.
    expect(filesUnder(join(home, ".cache", "leakstop")).length).toBeGreaterThan(0);
  });

  it("a cache path that is a file, not a directory, costs nothing but the cache", () => {
    const { repo } = stagedRepoWithToken();
    const cache = join(tempDir(), "not-a-dir");
    writeFileSync(cache, "");
    const r = runCli(repo, ["--staged"], { LEAKSTOP_CACHE_DIR: cache });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("src/config.ts:1:23");
  });
});

describe("a clean commit", () => {
  it("loads none of the builtin modules it does not need (each costs start-up time on every commit)", () => {
    const repo = makeRepo();
    write(repo, "src/app.ts", "export const answer = 42;\n");
    git(repo, "add", "src/app.ts");
    const record = join(tempDir(), "record.cjs");
    const list = join(tempDir(), "builtins.txt");
    writeFileSync(record, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join("\\n")));\n`);
    const run = spawnSync(process.execPath, ["--require", record, CLI, "--staged"], { cwd: repo, env: cleanEnv(), encoding: "utf8" });
    expect(run.status).toBe(0);
    const loaded = readFileSync(list, "utf8").split("\n").filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13));
    expect(loaded).toContain("child_process");
    // performance.now() loads perf_hooks; crypto, zlib and the rest have no work in a clean commit.
    const unneeded = ["perf_hooks", "crypto", "zlib", "http", "https", "worker_threads", "readline", "inspector", "v8"];
    expect(loaded.filter((m) => unneeded.includes(m))).toEqual([]);
  });
});

describe("the CLI bundle", () => {
  it("has no dynamic import(), which a code-cached script cannot run", () => {
    const bundle = readFileSync(join(__dirname, "..", "dist", "cli", "app.cjs"), "utf8");
    expect(bundle.match(/(?<![\w.$])import\(/g) ?? []).toEqual([]);
  });

  it("is ASCII, so Node reads it as a one-byte string (one character beyond ASCII made it two-byte: 2 ms more per run)", () => {
    for (const file of ["main.cjs", "app.cjs"]) {
      const bundle = readFileSync(join(__dirname, "..", "dist", "cli", file), "latin1");
      const beyond = bundle.search(/[^\x00-\x7f]/);
      expect(beyond === -1 ? "" : `${file}: ${bundle.slice(Math.max(0, beyond - 40), beyond + 10)}`).toBe("");
    }
  });
});
