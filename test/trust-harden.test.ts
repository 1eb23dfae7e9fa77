import { spawn, spawnSync, execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHUNK_BYTES } from "../src/source/git/patchParser.js";
import { CLI, cleanEnv, cleanupTempDirs, fake, fakeGithubToken, git, gitResult, makeRepo, placesOf, ROOT, runCli, runJson, SEED, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

/** Runs the built CLI with a deadline: a hang fails the test instead of stalling the run. */
function runWithin(cwd: string, args: string[], ms = 10_000, cli = CLI) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env: cleanEnv(), encoding: "utf8", timeout: ms, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A repo with one clean staged file, so only what is around it can go wrong. */
function cleanRepo(): string {
  const repo = makeRepo();
  write(repo, "a.js", "const a = 1;\n");
  git(repo, "add", "a.js");
  return repo;
}

/** Exit 2 with exactly one line on stderr, nothing on stdout, and the secret nowhere. */
function expectOneLineError(r: { status: number | null; stdout: string; stderr: string }, secret?: string): string {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  if (secret) expect(r.stderr).not.toContain(secret.slice(4, 12));
  return r.stderr.trimEnd();
}

const customDetector = (extra: Record<string, unknown> = {}) => ({
  id: "everything",
  name: "Every character",
  service: "Test",
  severity: "high",
  keywords: ["zqx"],
  patterns: ["(?:.)"],
  ...extra,
});

describe(`config and allow files are read only when regular and small (seed ${SEED})`, () => {
  it("a config that links to /dev/zero, a fifo or a directory is one line naming the file, exit 2, no hang", () => {
    const linked = cleanRepo();
    symlinkSync("/dev/zero", join(linked, ".leakstop.json"));
    expect(expectOneLineError(runWithin(linked, ["--staged"]))).toBe(
      "leakstop: error: .leakstop.json: is a device, not a regular file; leakstop reads only regular files here",
    );

    const piped = cleanRepo();
    execFileSync("mkfifo", [join(piped, ".leakstop-allow.json")]);
    expect(expectOneLineError(runWithin(piped, ["--staged"]))).toBe(
      "leakstop: error: .leakstop-allow.json: is a named pipe, not a regular file; leakstop reads only regular files here",
    );

    const folder = cleanRepo();
    mkdirSync(join(folder, "package.json"));
    expect(expectOneLineError(runWithin(folder, ["--staged"]))).toBe(
      "leakstop: error: package.json: is a directory, not a regular file; leakstop reads only regular files here",
    );
  });

  it("a commit message file that is a fifo, /dev/zero, missing or over 16 MB blocks with one line and the bypass, no hang", () => {
    const repo = cleanRepo();
    const token = fakeGithubToken();
    const fifo = join(repo, ".git", `MSG-${token}`);
    execFileSync("mkfifo", [fifo]);
    const huge = join(repo, ".git", "HUGE_MSG");
    writeFileSync(huge, "subject\n" + "x".repeat(99).concat("\n").repeat(170_000));
    const cases: [string, string][] = [
      [fifo, "the commit message file: is a named pipe, not a regular file; leakstop reads only regular files here"],
      ["/dev/zero", "the commit message file: is a device, not a regular file; leakstop reads only regular files here"],
      [join(repo, ".git", `gone-${token}`), "the commit message file: does not exist"],
      [huge, "the commit message file: is larger than 16 MB, more than leakstop reads for this file"],
    ];
    for (const [file, message] of cases) {
      const r = runWithin(repo, ["hook", "commit-msg", file]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n").filter(Boolean)).toEqual([`leakstop: error: ${message}`, expect.stringContaining("git commit --no-verify")]);
      expect(r.stderr).not.toContain(token.slice(4, 12));
    }
  });

  it("a config over 1 MB is refused by name; inside a hook the commit is blocked with the bypass", () => {
    const repo = cleanRepo();
    write(repo, ".leakstop.json", `{ "placeholders": [${'"abcdef",'.repeat(120_000)} "abcdef"] }`);
    expect(expectOneLineError(runWithin(repo, ["--staged"]))).toBe(
      "leakstop: error: .leakstop.json: is larger than 1 MB, more than leakstop reads for this file",
    );
    const hook = runWithin(repo, ["hook", "pre-commit"]);
    expect(hook.status).toBe(2);
    expect(hook.stderr).toContain(".leakstop.json: is larger than 1 MB");
    expect(hook.stderr).toContain("git commit --no-verify");
  });

  it("a glob with an unclosed { names the file and the key", () => {
    const repo = cleanRepo();
    write(repo, ".leakstop.json", JSON.stringify({ ignorePaths: ["fixtures/{a,b/**"] }));
    expect(expectOneLineError(runWithin(repo, ["--staged"]))).toBe(
      'leakstop: error: .leakstop.json: ignorePaths[0]: not a valid glob: a "{" is never closed by "}"',
    );
    write(repo, ".leakstop.json", JSON.stringify({ dotenv: { files: [".env", ".env.{local"] } }));
    expect(expectOneLineError(runWithin(repo, ["--staged"]))).toBe(
      'leakstop: error: .leakstop.json: dotenv.files[1]: not a valid glob: a "{" is never closed by "}"',
    );
  });
});

describe("error messages describe bad values, never echo them", () => {
  const configError = (config: unknown, file = ".leakstop.json") => {
    const repo = cleanRepo();
    write(repo, file, typeof config === "string" ? config : JSON.stringify(config));
    return runWithin(repo, ["--staged"]);
  };

  it("command-line mistakes holding a token: an option, an option value, a command, a hook name, a fingerprint", () => {
    const repo = cleanRepo();
    const token = fakeGithubToken();
    const cases: [string[], string][] = [
      [[`--${token}`], "leakstop: error: unknown option a name of 42 characters (see leakstop --help)"],
      [["--staged", "--format", token], "leakstop: error: --format must be text, json or sarif, not a name of 40 characters"],
      [[token], "leakstop: error: unknown command a name of 40 characters (see leakstop --help)"],
      [["hook", token], "leakstop: error: unknown hook a name of 40 characters: expected pre-commit, pre-push, commit-msg or pre-receive"],
      [["allow", token, "--reason", "x"], "leakstop: error: no staged finding has the fingerprint a name of 40 characters (leakstop --staged --format json lists them)"],
    ];
    for (const [args, line] of cases) expect(expectOneLineError(runWithin(repo, args), token)).toBe(line);
    // A plain typo is still shown as typed: it holds nothing to hide and helps more.
    expect(expectOneLineError(runWithin(repo, ["--formt"]))).toBe("leakstop: error: unknown option --formt (see leakstop --help)");
    expect(expectOneLineError(runWithin(repo, ["hook"]))).toBe('leakstop: error: unknown hook "": expected pre-commit, pre-push, commit-msg or pre-receive');
    expect(expectOneLineError(runWithin(repo, ["--staged", "--output", "."]))).toBe('leakstop: error: --output: cannot write the report to "." (EISDIR)');
    expect(expectOneLineError(runWithin(repo, ["--staged", "--output", `gone/${token}.sarif`]), token)).toBe(
      `leakstop: error: --output: cannot write the report to a path of ${token.length + 11} characters (ENOENT)`,
    );
    expect(expectOneLineError(runWithin(repo, ["scan", "--range", "HEAD..nope~1"]))).toBe(
      'leakstop: error: "nope~1" is not a commit in this repository: fetch it first (git fetch origin), or pass another base',
    );
  });

  it("minSeverity, an unknown key, an unknown disabled id and an unknown checksum, each set to a token", () => {
    const token = fakeGithubToken();
    expect(expectOneLineError(configError({ minSeverity: token }), token)).toBe(
      'leakstop: error: .leakstop.json: minSeverity: expected one of "critical", "high", "medium", "low", found a string of 40 characters',
    );
    expect(expectOneLineError(configError({ [token]: true }), token)).toBe(
      "leakstop: error: .leakstop.json: unknown key a name of 40 characters; expected one of $schema, ignorePaths, disable, minSeverity, placeholders, detectors, dotenv",
    );
    expect(expectOneLineError(configError({ leakstop: { disable: [token] } }, "package.json"), token)).toBe(
      "leakstop: error: package.json#leakstop: disable: unknown detector a name of 40 characters; leakstop detectors lists them all",
    );
    const checksum = expectOneLineError(configError({ detectors: [customDetector({ checksum: token })] }), token);
    expect(checksum).toMatch(/^leakstop: error: \.leakstop\.json: detectors\[0\]\.checksum: unknown checksum a name of 40 characters; expected one of azure-annotated-key, base58check-wif, cloudflare-crc32, crc32-base62, /);
    // Near misses still get our name suggested.
    expect(expectOneLineError(configError({ detectors: [customDetector({ checksum: "crc32-base26" })] }))).toMatch(
      /detectors\[0\]\.checksum: unknown checksum "crc32-base26" \(did you mean "crc32-base62"\?\)/,
    );
  });

  it("a JSON syntax error gives line and column without quoting the input", () => {
    const token = fakeGithubToken();
    expect(expectOneLineError(configError(`{\n  "ignorePaths": [],\n  "disable": ${token}\n}\n`), token)).toBe(
      "leakstop: error: .leakstop.json: not valid JSON at line 3 column 14: unexpected token",
    );
    expect(expectOneLineError(configError(`{ "leakstop": { "disable": ["x"] } "${token}" }`, "package.json"), token)).toBe(
      "leakstop: error: package.json: not valid JSON at line 1 column 36: expected ',' or '}' after property value",
    );
  });

  it("allow-file fields name the field and describe the value", () => {
    const token = fakeGithubToken();
    const allow = (file: unknown) => {
      const repo = cleanRepo();
      write(repo, ".leakstop-allow.json", JSON.stringify(file));
      return runWithin(repo, ["--staged"]);
    };
    expect(expectOneLineError(allow({ version: token, salt: "0".repeat(32), entries: [] }), token)).toBe(
      "leakstop: error: .leakstop-allow.json: version: expected 3 (or 2 or 1), found a string of 40 characters",
    );
    const entry = { hash: token, detector: "github-pat", path: "a.js", reason: "r", addedBy: "me", added: "2026-01-01" };
    expect(expectOneLineError(allow({ version: 1, salt: "0".repeat(32), entries: [entry] }), token)).toBe(
      "leakstop: error: .leakstop-allow.json: entries[0].hash: expected 64 hex characters, found a string of 40 characters",
    );
    expect(expectOneLineError(allow({ version: 1, salt: "0".repeat(32), entries: [{ ...entry, hash: "a".repeat(64), path: "src/{x" }] }))).toBe(
      'leakstop: error: .leakstop-allow.json: entries[0].path: not a valid glob: a "{" is never closed by "}"',
    );
    // A misspelt key would be dropped unnoticed (an entry meant to expire that never does); a date that is not one.
    const valid = { ...entry, hash: "a".repeat(64) };
    expect(expectOneLineError(allow({ version: 1, salt: "0".repeat(32), entries: [{ ...valid, expire: "2026-02-01" }] }))).toBe(
      'leakstop: error: .leakstop-allow.json: entries[0]: unknown key "expire" (did you mean "expires"?); expected one of hash, detector, path, reason, addedBy, added, expires',
    );
    expect(expectOneLineError(allow({ version: 1, salt: "0".repeat(32), entries: [{ ...valid, added: "yesterday" }] }))).toBe(
      "leakstop: error: .leakstop-allow.json: entries[0].added: expected a date YYYY-MM-DD, found a string of 9 characters",
    );
    expect(expectOneLineError(allow({ version: 1, salt: "0".repeat(32), entries: [], [token]: 1 }), token)).toBe(
      "leakstop: error: .leakstop-allow.json: unknown key a name of 40 characters; expected one of version, kdf, salt, entries",
    );
  });
});

describe("every step after matching stays bounded", () => {
  it("a detector matching every character of a 1 MB change finishes, blocks, and says how much it left out", () => {
    const repo = makeRepo();
    write(repo, ".leakstop.json", JSON.stringify({ detectors: [customDetector()] }));
    write(repo, "x.js", ("zqx " + "abcdefghij".repeat(9) + "\n").repeat(10_500));
    git(repo, "add", "x.js");
    const started = Date.now();
    const { status, report } = runJson(repo);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(status).toBe(1);
    // The same value at many places is one finding with its other places as parts: the cap counts places.
    const places = placesOf(report.findings);
    expect(places).toHaveLength(100);
    expect(new Set(places.map((f) => f.line)).size).toBe(10);
    // Scanned in four pieces (CHUNK_BYTES), each stopping after 1,000 matches; the file is capped once, with one note.
    expect(Math.ceil(Buffer.byteLength(readFileSync(join(repo, "x.js"))) / CHUNK_BYTES)).toBe(4);
    expect(report.notes).toEqual(["At least 3900 more findings in x.js not listed (at most 10 per line and 100 per file)."]);
  }, 20_000);

  it("over 1000 findings in a run, the rest are counted in a note", () => {
    const repo = makeRepo();
    write(repo, ".leakstop.json", JSON.stringify({ detectors: [customDetector({ patterns: ["zqx[0-9]"] })] }));
    for (let f = 0; f < 11; f++) write(repo, `f${f}.txt`, Array.from({ length: 10 }, () => "zqx1 ".repeat(10)).join("\n") + "\n");
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(placesOf(report.findings)).toHaveLength(1000);
    expect(report.notes).toContain("100 more findings not listed (at most 1000 per run).");
  });
});

describe("redacting a line", () => {
  it("two findings whose secrets overlap hide both, the tail of the second included", () => {
    const repo = makeRepo();
    const detector = (id: string, pattern: string) => customDetector({ id, name: `Overlap ${id}`, patterns: [pattern] });
    write(repo, ".leakstop.json", JSON.stringify({ detectors: [detector("head-part", "[a-z]{6}zqx[a-z]{3}"), detector("tail-part", "zqx[a-z]{12}")] }));
    const before = fake("{lower:6}");
    const after = fake("{lower:12}");
    write(repo, "k.txt", `key = ${before}zqx${after}\n`);
    git(repo, "add", "k.txt");
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("head-part");
    expect(r.stdout).toContain("tail-part");
    expect(r.stdout).not.toContain(after.slice(3));
    expect(r.stdout).not.toContain(before);
  });
});

describe("dotenv files leakstop cannot use are named", () => {
  it("a git-ignored .env.local over 256 KB is reported in a note, not skipped silently", () => {
    const repo = cleanRepo();
    write(repo, ".gitignore", ".env.local\n");
    write(repo, ".env.local", `API_TOKEN=${fake("{base62:32}")}\n` + "# padding\n".repeat(30_000));
    const { status, report } = runJson(repo);
    expect(status).toBe(0);
    expect(report.notes).toContain(".env.local is larger than 256 KB; its values were not loaded.");
  });
});

describe("a reader that closes the pipe early", () => {
  const closedEarly = (repo: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, "--staged"], { cwd: repo, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy();
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ code, stderr }));
    });

  it("keeps the scan's exit code: 0 when clean, 1 with a finding, and prints no error", async () => {
    const clean = await closedEarly(cleanRepo());
    expect(clean).toEqual({ code: 0, stderr: "" });
    const repo = makeRepo();
    write(repo, "t.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", "t.js");
    const found = await closedEarly(repo);
    expect(found.code).toBe(1);
    expect(found.stderr).not.toContain("EPIPE");
  });
});

describe("a broken install fails closed with one line", () => {
  it("re2 that cannot load: one line naming the cause and the fix, and the bypass in a hook", () => {
    const install = tempDir();
    cpSync(join(ROOT, "dist"), join(install, "dist"), { recursive: true });
    write(install, "node_modules/re2/package.json", JSON.stringify({ name: "re2", main: "re2.js" }));
    write(install, "node_modules/re2/re2.js", "throw new Error(\"Cannot find module './build/Release/re2.node'\\nRequire stack:\\n- re2.js\");\n");
    const cli = join(install, "dist/cli/main.cjs");
    const repo = cleanRepo();
    // A change without any detector's keyword needs no pattern, so no RE2: it is checked and passes.
    expect(runWithin(repo, ["--staged"], 10_000, cli)).toMatchObject({ status: 0, stderr: "" });
    write(repo, "b.js", "const password = process.env.X;\n");
    git(repo, "add", "b.js");
    expect(expectOneLineError(runWithin(repo, ["--staged"], 10_000, cli))).toBe(
      "leakstop: error: the re2 native module could not be loaded (Cannot find module './build/Release/re2.node'): run npm rebuild re2",
    );
    const hook = runWithin(repo, ["hook", "pre-commit"], 10_000, cli);
    expect(hook.status).toBe(2);
    expect(hook.stderr.split("\n").filter(Boolean)).toEqual([
      "leakstop: error: the re2 native module could not be loaded (Cannot find module './build/Release/re2.node'): run npm rebuild re2",
      "leakstop could not check this commit, so it is blocked. To commit without the check, deliberately: git commit --no-verify",
    ]);
  });

  it("node missing from the hook's PATH: the stubs say so and name the bypass", () => {
    const bin = tempDir();
    for (const tool of ["git", "sh", "env"]) {
      const path = execFileSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
      symlinkSync(path, join(bin, tool));
    }
    const repo = cleanRepo();
    // An installed CLI whose `#!/usr/bin/env node` cannot find node, as in a GUI git client.
    write(repo, "node_modules/.bin/leakstop", `#!/usr/bin/env node\nrequire(${JSON.stringify(CLI)});\n`);
    chmodSync(join(repo, "node_modules/.bin/leakstop"), 0o755);
    for (const hook of ["pre-commit", "pre-push", "commit-msg"]) copyFileSync(join(ROOT, "hooks", hook), join(repo, ".git/hooks", hook));
    const commit = gitResult(repo, ["commit", "-q", "-m", "x"], { PATH: bin });
    expect(commit.status).not.toBe(0);
    expect(commit.stderr.trim()).toBe(
      "leakstop: node is not on the PATH this hook runs with (git GUI clients often start without your shell's PATH; put node on that PATH), so this commit is blocked. To commit without the check, deliberately: git commit --no-verify",
    );
    const push = spawnSync(join(bin, "sh"), [join(repo, ".git/hooks/pre-push"), "origin", "/nowhere"], { cwd: repo, env: { PATH: bin }, encoding: "utf8", input: "" });
    expect(push.status).toBe(2);
    expect(push.stderr).toContain("so this push is blocked");
    expect(push.stderr).toContain("git push --no-verify");
  });

  it("a CLI that crashes (out of memory, a signal) still blocks, with one line naming the exit status and the bypass", () => {
    const repo = cleanRepo();
    // What V8 does when it runs out of memory: abort, status 134, after printing its own trace.
    write(repo, "node_modules/.bin/leakstop", "#!/bin/sh\nkill -ABRT $$\n");
    chmodSync(join(repo, "node_modules/.bin/leakstop"), 0o755);
    for (const hook of ["pre-commit", "commit-msg"]) copyFileSync(join(ROOT, "hooks", hook), join(repo, ".git/hooks", hook));
    write(repo, "a.js", "const a = 1;\n");
    git(repo, "add", "a.js");
    const commit = gitResult(repo, ["commit", "-q", "-m", "x"]);
    expect(commit.status).not.toBe(0);
    expect(commit.stderr).toContain(
      "leakstop: leakstop stopped unexpectedly (exit status 134), so this commit is blocked. To commit without the check, deliberately: git commit --no-verify",
    );
    expect(git(repo, "log", "--oneline").split("\n").filter(Boolean)).toHaveLength(1);
  });
});

describe("inline markers count only inside comments", () => {
  it("a marker inside a string or a URL does not suppress", () => {
    const repo = makeRepo();
    write(repo, "a.js", `const t = "${fakeGithubToken()}"; const u = "https://x/?q=gitleaks:allow";\n`);
    write(repo, "b.py", `t = "${fakeGithubToken()}"; note = "leakstop:allow fixture"\n`);
    write(repo, "c.yaml", `token: ${fakeGithubToken()}\nurl: https://x/?q=leakstop:allow\n`);
    write(repo, "d.json", `{ "token": "${fakeGithubToken()}", "why": "gitleaks:allow" }\n`);
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.detector}`)).toEqual(["a.js:1 github-pat", "b.py:1 github-pat", "c.yaml:1 github-pat", "d.json:1 github-pat"]);
    expect(report.suppressed).toEqual([]);
  });

  it("the reason is the comment text only, closer stripped, at most 200 characters", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "a.c", `/* leakstop:allow vendored test vector */ char *t = "${token}";\n`);
    write(repo, "b.sh", `T="${fakeGithubToken()}" # leakstop:allow ${"long reason ".repeat(30)}\n`);
    git(repo, "add", ".");
    const { status, report, stdout } = runJson(repo);
    expect(status).toBe(0);
    const reasons = Object.fromEntries(report.suppressed.map((s) => [s.file, s.reason]));
    expect(reasons["a.c"]).toBe("leakstop:allow: vendored test vector");
    // Capped where it is read (200 characters of comment) and again where it is shown (200 in all).
    expect(reasons["b.sh"]).toBe(`leakstop:allow: ${"long reason ".repeat(30)}`.slice(0, 199) + "\u2026");
    expect(stdout).not.toContain(token.slice(4, 16));
  });

  it("leakstop:allow naming an unknown detector is an error naming file:line, with a suggestion", () => {
    const repo = makeRepo();
    write(repo, "src/a.js", `\nconst t = "${fakeGithubToken()}"; // leakstop:allow github-pta test fixture\n`);
    git(repo, "add", ".");
    expect(expectOneLineError(runCli(repo, ["--staged"]))).toBe(
      'leakstop: error: src/a.js:2: leakstop:allow names an unknown detector "github-pta" (did you mean "github-pat"?); leakstop detectors lists them, and "leakstop:allow: reason" allows any',
    );
  });
});
