import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readDetectorFiles } from "../src/detectors/files.js";
import { seededRandom } from "../src/tools/samples.js";
import {
  CLI,
  cleanupTempDirs,
  fake,
  fakeGithubToken,
  fakePostmanKey,
  git,
  gitResult,
  installTestHook,
  makeRepo,
  placesOf,
  runCli,
  runJson,
  SEED,
  tempDir,
  write,
} from "./helpers.js";

afterAll(cleanupTempDirs);

describe(`leakstop --staged (seed ${SEED})`, () => {
  it("blocks a staged key with the detector, file, line and column, and guidance for this moment", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "src/config.ts", `export const a = 1;\n\nexport const token = "${token}";\n`);
    git(repo, "add", "src/config.ts");
    const r = runCli(repo, ["--staged", "--verbose"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("CRITICAL  GitHub personal access token (classic)  [github-pat]");
    expect(r.stdout).toContain("src/config.ts:3:23");
    expect(r.stdout).toContain(`export const token = "${token.slice(0, 4)}****************";`);
    expect(r.stdout).toContain("staged but not committed: nothing has left this machine");
    expect(r.stdout).toContain("src/config.ts:3  use process.env.GITHUB_TOKEN");
    expect(r.stdout).toContain("Re-stage: git add src/config.ts");
    expect(r.stdout).toContain("Rotation is needed only if you shared the key anywhere else");
    expect(r.stdout).toContain("https://github.com/settings/tokens");
    expect(r.stdout).toContain("leakstop: 1 finding in 1 file, 3 added lines.");
    expect(r.stdout).toContain("To commit anyway, deliberately: git commit --no-verify");
    expect(r.stdout).not.toContain(token);
    expect(r.stdout).not.toContain(token.slice(4, 12));
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it("prints one JSON object with redacted findings and scan counts", () => {
    const repo = makeRepo();
    const token = fakePostmanKey();
    write(repo, "tools/run.sh", `#!/bin/sh\nPOSTMAN_API_KEY=${token} newman run c.json\n`);
    git(repo, "add", ".");
    const { status, report, stdout } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings).toEqual([
      {
        detector: "postman-api-key",
        name: "Postman API key",
        severity: "high",
        file: "tools/run.sh",
        line: 2,
        column: 17,
        redacted: "PMAK****************",
        fingerprint: expect.stringMatching(/^postman-api-key:[0-9a-f]{16}$/),
      },
    ]);
    expect(report.scanned).toEqual({ files: 1, lines: 2, bytes: expect.any(Number), skippedBinary: 0 });
    expect(stdout).not.toContain(token);
    expect(stdout).not.toContain(token.slice(4, 12));
  });

  it("writes SARIF for code-scanning dashboards, redacted", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "ci/deploy.yml", `env:\n  GITHUB_TOKEN: ${token}\n`);
    git(repo, "add", ".");
    const r = runCli(repo, ["--staged", "--format", "sarif"]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain(token.slice(4, 12));
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(["github-pat"]);
    expect(sarif.runs[0].results).toEqual([
      {
        ruleId: "github-pat",
        level: "error",
        message: { text: `GitHub personal access token (classic) (${token.slice(0, 4)}****************)` },
        locations: [{ physicalLocation: { artifactLocation: { uri: "ci/deploy.yml" }, region: { startLine: 2, startColumn: 17 } } }],
        partialFingerprints: { "leakstop/v2": expect.stringMatching(/^github-pat:[0-9a-f]{16}$/) },
      },
    ]);
  });

  it("is quiet on a clean change: exit 0 and one short line", () => {
    const repo = makeRepo();
    write(repo, "a.js", "console.log('hello');\n");
    git(repo, "add", ".");
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("leakstop: no secrets in 1 file, 1 added line.\n");
    expect(r.stderr).toBe("");
  });

  it("exits at once with its error when it stops before reading the staged diff it started early (no hang on a full pipe)", () => {
    const repo = makeRepo();
    // Far more than a pipe holds: git blocks writing it, and nothing will read it.
    write(repo, "big.txt", "const filler = 'abcdefghijklmnopqrstuvwxyz';\n".repeat(40_000));
    git(repo, "add", ".");
    write(repo, ".leakstop.json", "{ not json");
    for (const args of [["--staged"], ["hook", "pre-commit"]]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo, encoding: "utf8", timeout: 20_000 });
      expect(r.error, args.join(" ")).toBeUndefined();
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^leakstop: error: \.leakstop\.json: not valid JSON at line 1 column 3/);
    }
  });

  it("reads the whole diff it started early even when git finished before the CLI took it (Node drops an unread child's output)", () => {
    // A git-ignored .env makes the CLI wait on another git before it reads the diff: by then a small diff's git
    // has exited, and Node drains the pipes of an exited child that nobody reads. A large diff waits on the pipe
    // past what the early process holds.
    for (const lines of [0, 40_000]) {
      const repo = makeRepo();
      write(repo, ".gitignore", ".env\n");
      write(repo, ".env", `API_PASSWORD=${fake("{base62:18}")}\n`);
      const token = fakeGithubToken();
      write(repo, "a.txt", `${"const filler = 'abcdefghijklmnopqrstuvwxyz';\n".repeat(lines)}const t = "${token}";\n`);
      git(repo, "add", ".gitignore", "a.txt");
      for (const args of [["--staged"], ["hook", "pre-commit"]]) {
        const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo, encoding: "utf8", timeout: 20_000 });
        expect(r.status, `${lines} lines, ${args.join(" ")}`).toBe(1);
        expect(r.stdout).toContain(`a.txt:${lines + 1}:12`);
        expect(r.stdout).not.toContain(token.slice(4));
      }
    }
  });

  it("says so when nothing is staged", () => {
    const repo = makeRepo();
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("leakstop: nothing is staged, so there is nothing to scan.\n");
    expect(runJson(repo).report.result).toBe("nothing-to-scan");
  });

  it("does not report a key that is only in the working tree", () => {
    const repo = makeRepo();
    write(repo, "a.js", "const x = 1;\n");
    git(repo, "add", ".");
    write(repo, "a.js", `const x = 1;\nconst t = "${fakeGithubToken()}";\n`);
    write(repo, "untracked.js", `const t = "${fakeGithubToken()}";\n`);
    const { status, report } = runJson(repo);
    expect(status).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it("blocks a key that was staged and then deleted from the working tree", () => {
    const repo = makeRepo();
    write(repo, "a.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    rmSync(join(repo, "a.js"));
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["github-pat a.js:1"]);
  });

  it("reports only the added lines of a modified file, with their new line numbers", () => {
    const repo = makeRepo();
    const old = fakeGithubToken();
    write(repo, "a.py", `import os\nOLD = "${old}"\n`);
    git(repo, "add", ".");
    git(repo, "commit", "-q", "--no-verify", "-m", "old key, committed before leakstop");
    const added = fakePostmanKey();
    write(repo, "a.py", `import os\nimport sys\nOLD = "${old}"\nNEW = "${added}"\n`);
    git(repo, "add", ".");
    const { report } = runJson(repo);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["postman-api-key a.py:4"]);
    expect(report.scanned.lines).toBe(2);
  });

  it("yields nothing for a deleted file", () => {
    const repo = makeRepo();
    write(repo, "a.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    git(repo, "commit", "-q", "--no-verify", "-m", "x");
    git(repo, "rm", "-q", "a.js");
    const { status, report } = runJson(repo);
    expect(status).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it("scans the first commit of a repository (no HEAD yet)", () => {
    const repo = makeRepo({ initialCommit: false });
    write(repo, ".env", `GITHUB_TOKEN=${fakeGithubToken()}\n`);
    git(repo, "add", ".");
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(".env:1:14");
    expect(r.stdout).toContain("git rm --cached .env && echo .env >> .gitignore");
  });

  it("handles file names with spaces, quotes and non-ASCII characters", () => {
    const repo = makeRepo();
    const names = ["my config.js", 'say "hi".js', "clé ünï.js", "tab\there.js"];
    for (const n of names) write(repo, n, `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    const { report } = runJson(repo);
    expect(report.findings.map((f) => f.file).sort()).toEqual([...names].sort());
    expect(report.findings.every((f) => f.line === 1 && f.column === 12)).toBe(true);
  });

  it("suggests the variable's own name for a password no provider detector knows", () => {
    const repo = makeRepo();
    write(repo, "app/settings.py", `import os\ndb_password = "${fake("Xk{base62:10}7!q")}"\n`);
    git(repo, "add", ".");
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("MEDIUM  Secret assigned to a secret-named variable  [generic-secret-assignment]");
    expect(r.stdout).toContain('Fix app/settings.py:2: use os.environ["DB_PASSWORD"], then');
  });

  it("counts columns in characters on lines with non-ASCII text", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "i18n.js", `// ünïcödé → 日本語\nconst café = "ñ"; const t = "${token}";\n`);
    git(repo, "add", ".");
    const { report, stdout } = runJson(repo);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(["i18n.js:2:30"]);
    expect(stdout).not.toContain(token.slice(4, 12));
  });

  it("finds every key in a large file wherever it falls: deep inside, across blocks, after blank lines, camelCase names", () => {
    const repo = makeRepo();
    const lines: string[] = [];
    const expected: string[] = [];
    // Blocks are about 8 KB of whole lines; tracking where they start lets a key block straddle a boundary.
    let chars = 0;
    let blockStart = 0;
    const add = (text: string) => {
      for (const line of text.split("\n")) {
        if (chars - blockStart >= 8192) blockStart = chars;
        chars += line.length + 1;
        lines.push(line);
      }
    };
    const secretAt = (id: string, text: string, column: number, lineOffset = 0) => {
      expected.push(`${id}@${lines.length + 1 + lineOffset}:${column}`);
      add(text);
    };
    // Filler with no credential in it, non-ASCII lines among it, and in the first half secret-named code that
    // must stay quiet (keywords on every few lines, then none: both ways of reading around keywords).
    const filler = (i: number) =>
      i % 50 === 0 ? `// → ünïcödé 日本語 ${i}` : i % 7 === 0 && i < 3000 ? `  headers.token = readToken(options${i});` : `const value${i} = compute${i}(input${i}, ${i});`;
    const rsaTemplate = readDetectorFiles().find((d) => d.id === "private-key-rsa")!.samples.positive[0];
    const rsa = fake(rsaTemplate.replace("{base64:40}==", Array(40).fill("{base64:64}").join("\n")));
    let straddled = false;
    for (let i = 0; i < 6000; i++) {
      if (i === 1) secretAt("github-pat", `const gh = "${fakeGithubToken()}";`, 13);
      if (i === 1500) secretAt("github-pat", `const café = "ñ"; const t = "${fakeGithubToken()}";`, 30);
      if (i === 2500) secretAt("generic-secret-assignment", `const dbPassword = "${fake("{base62:20}")}";`, 21);
      if (i === 3500) secretAt("generic-secret-assignment", `smtp_password:\n\n\n    ${fake("{base62:18}")}`, 5, 3);
      if (i === 4000) secretAt("generic-secret-assignment", `const apiKey = "${fake("{base64url:40}")}";`, 17);
      if (i === 4500) secretAt("postman-api-key", `POSTMAN_API_KEY=${fakePostmanKey()}`, 17);
      if (!straddled && i > 4600 && chars - blockStart > 7000) {
        secretAt("private-key-rsa", rsa, 1);
        straddled = true;
      }
      add(filler(i));
    }
    write(repo, "src/big.ts", lines.join("\n") + "\n");
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.detector}@${f.line}:${f.column}`)).toEqual(expected);
  });

  it("finds keys in the middle of a megabyte-long minified line, at the right column", () => {
    const repo = makeRepo();
    const chunks: string[] = [];
    for (let i = 0; i < 40000; i++) chunks.push(i % 97 === 0 ? `t${i}="é→${i}";` : `var a${i}=f(b,"token",${i});`);
    const first = fakeGithubToken();
    const second = fakePostmanKey();
    const middle = chunks.slice(0, 20000).join("");
    const line = `${middle}k="${first}";${chunks.slice(20000).join("")}h={"X-Api-Key":"${second}"}`;
    write(repo, "dist/app.min.js", `/*! bundle */\n${line}\n`);
    git(repo, "add", ".");
    const { report } = runJson(repo);
    const columnOf = (secret: string) => line.indexOf(secret) + 1;
    expect(line.length).toBeGreaterThan(1_000_000);
    expect(report.findings.map((f) => `${f.detector}@${f.line}:${f.column}`)).toEqual([
      `github-pat@2:${columnOf(first)}`,
      `postman-api-key@2:${columnOf(second)}`,
    ]);
  });

  it("reads long ASCII lines as git writes them, read by read: keys at their columns, CRLF endings and NULs dropped as on any line", () => {
    const repo = makeRepo();
    const [start, middle, end, afterNul] = [fakeGithubToken(), fakePostmanKey(), fakeGithubToken(), fakeGithubToken()];
    const filler = (n: number) => "var q=f(x,1);".repeat(n);
    // About 520 KB: git writes it in many reads.
    const long = `k="${start}";${filler(20_000)}m="${middle}";${filler(20_000)}z="${end}"`;
    const lines = ["head", long, `t=${filler(8_000)}`, "tail"];
    write(repo, "dist/app.min.js", lines.join("\r\n") + "\r\n");
    // A NUL makes git call the file binary; read as text, its NULs are left out.
    write(repo, "dist/blob.js", `head\n${"x=1;".repeat(30_000)}\0k="${afterNul}";\n`);
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.file}@${f.line}:${f.column} ${f.detector}`)).toEqual([
      `dist/app.min.js@2:4 github-pat`,
      `dist/app.min.js@2:${long.indexOf(middle) + 1} postman-api-key`,
      `dist/app.min.js@2:${long.indexOf(end) + 1} github-pat`,
      `dist/blob.js@2:120004 github-pat`,
    ]);
    // Counted without the CRs, as the text of any line is.
    const noNulLength = 120_000 + `k="${afterNul}";`.length;
    expect(report.scanned.bytes).toBe(lines.reduce((n, l) => n + l.length + 1, 0) + "head".length + 1 + noNulLength + 1);
  });

  it("does not take the tail of a longer word or token for a token, and still finds the ones after it", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    const google = fake("AIza{base64url:35}");
    write(repo, "ids.txt", `build_${token} ${token}\nxx${token}\nkey=${token}\nx-${google} "${google}"\n${google}\n`);
    git(repo, "add", ".");
    const { report } = runJson(repo);
    // Each token is one finding, its second place a part of it.
    expect(report.findings.map((f) => placesOf([f]).map((p) => `${p.detector}@${p.line}:${p.column}`))).toEqual([
      [`github-pat@1:${"build_".length + token.length + 2}`, "github-pat@3:5"],
      [`google-api-key@4:${"x-".length + google.length + 3}`, "google-api-key@5:1"],
    ]);
  });

  it("skips and counts binary files", () => {
    const repo = makeRepo();
    write(repo, "blob.bin", Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`\n${fakeGithubToken()}\n`)]));
    write(repo, "ok.txt", "hello\n");
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(0);
    expect(report.scanned).toMatchObject({ files: 1, skippedBinary: 1 });
  });

  it("reads CRLF files with the right line and column", () => {
    const repo = makeRepo();
    write(repo, "win.ps1", `$a = 1\r\n$token = "${fakeGithubToken()}"\r\n`);
    git(repo, "add", ".");
    const { report } = runJson(repo);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(["win.ps1:2:11"]);
  });

  it("does not report placeholders and references", () => {
    const repo = makeRepo();
    write(
      repo,
      "docs.js",
      [
        `const a = "ghp_${"x".repeat(36)}";`,
        "const b = process.env.GITHUB_TOKEN;",
        'const c = "PMAK-<your-key-here>";',
        "GITHUB_TOKEN=${GITHUB_TOKEN}",
        `const d = "${fake("ghp_{base62:36}")}"; // wrong checksum: not a real token`,
      ].join("\n") + "\n",
    );
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(report.findings).toEqual([]);
    expect(status).toBe(0);
  });

  it("limits the scan to the paths given (lint-staged passes them), still reading staged content", () => {
    const repo = makeRepo();
    write(repo, "a.js", `const t = "${fakeGithubToken()}";\n`);
    write(repo, "b.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    write(repo, "b.js", "// cleaned in the working tree only\n");
    expect(runJson(repo, ["--staged", "b.js"]).report.findings.map((f) => f.file)).toEqual(["b.js"]);
    expect(runJson(repo, ["--staged", join(repo, "a.js")]).report.findings.map((f) => f.file)).toEqual(["a.js"]);
  });

  it("honours the temporary index of `git commit -a` and `git commit <path>` in a pre-commit hook", () => {
    const repo = makeRepo();
    write(repo, "a.js", "const a = 1;\n");
    write(repo, "b.js", "const b = 1;\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "base");
    installTestHook(repo, "pre-commit");

    write(repo, "a.js", `const a = "${fakeGithubToken()}";\n`);
    const all = gitResult(repo, ["commit", "-a", "-m", "with -a"]);
    expect(all.status).toBe(1);
    expect(all.stdout + all.stderr).toContain("a.js:1:12");

    const only = gitResult(repo, ["commit", "-m", "with path", "a.js"]);
    expect(only.status).toBe(1);
    expect(only.stdout + only.stderr).toContain("a.js:1:12");
    expect(git(repo, "log", "--format=%s")).toBe("base\ninitial\n");

    write(repo, "a.js", "const a = 2;\n");
    expect(gitResult(repo, ["commit", "-a", "-m", "clean"]).status).toBe(0);
  });

  it("works in a linked worktree", () => {
    const repo = makeRepo();
    const wt = join(tempDir(), "wt");
    git(repo, "worktree", "add", "-q", wt, "-b", "feature");
    write(wt, "w.js", `const t = "${fakeGithubToken()}";\n`);
    git(wt, "add", ".");
    expect(runJson(wt).report.findings.map((f) => f.file)).toEqual(["w.js"]);
    expect(runJson(repo).report.result).toBe("nothing-to-scan");
  });

  it("works with --separate-git-dir and with GIT_DIR/GIT_WORK_TREE", () => {
    const base = tempDir();
    const work = join(base, "work");
    const gitdir = join(base, "store.git");
    mkdirSync(work);
    git(work, "init", "-q", "--separate-git-dir", gitdir);
    write(work, "s.js", `const t = "${fakeGithubToken()}";\n`);
    git(work, "add", ".");
    expect(runJson(work).report.findings.map((f) => f.file)).toEqual(["s.js"]);
    const elsewhere = tempDir();
    const viaEnv = runJson(elsewhere, ["--staged"], { GIT_DIR: gitdir, GIT_WORK_TREE: work });
    expect(viaEnv.report.findings.map((f) => f.file)).toEqual(["s.js"]);
  });

  for (const [label, setup] of [
    ["index version 4", (repo: string) => git(repo, "update-index", "--index-version", "4")],
    ["split index", (repo: string) => git(repo, "update-index", "--split-index")],
    [
      "sparse index",
      (repo: string) => {
        git(repo, "sparse-checkout", "init", "--cone", "--sparse-index");
        git(repo, "sparse-checkout", "set", "app");
      },
    ],
  ] as const) {
    it(`reads a repository with a ${label}`, () => {
      const repo = makeRepo();
      write(repo, "lib/other.js", "x\n");
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "lib");
      setup(repo);
      write(repo, "app/k.js", `const t = "${fakeGithubToken()}";\n`);
      git(repo, "add", "app/k.js");
      const { report } = runJson(repo);
      expect(report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(["app/k.js:1"]);
    });
  }

  it("ignores intent-to-add files (git add -N) until their content is staged", () => {
    const repo = makeRepo();
    write(repo, "later.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", "-N", "later.js");
    expect(runJson(repo).report.findings).toEqual([]);
    git(repo, "add", "later.js");
    expect(runJson(repo).report.findings.map((f) => f.file)).toEqual(["later.js"]);
  });

  it("fails with exit 2 and one line outside a repository or on a bad argument", () => {
    const dir = tempDir();
    const outside = runCli(dir, ["--staged"], { GIT_CEILING_DIRECTORIES: dir });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toBe("leakstop: error: not a git repository (run leakstop inside a repository, or set GIT_DIR)\n");
    expect(outside.stdout).toBe("");
    const bad = runCli(dir, ["--staged", "--format", "xml"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('leakstop: error: --format must be text, json or sarif, not "xml"\n');
    const unknown = runCli(dir, ["--stagged"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toContain("--stagged");
  });

  it("blocks the commit when leakstop fails inside a hook, and says how to bypass", () => {
    const repo = makeRepo();
    const hook = join(repo, ".git", "hooks", "pre-commit");
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" hook pre-commit --format bogus\n`, { mode: 0o755 });
    write(repo, "a.js", "x\n");
    git(repo, "add", ".");
    const r = gitResult(repo, ["commit", "-m", "x"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("leakstop could not check this commit, so it is blocked. To commit without the check, deliberately: git commit --no-verify");
  });

  it("reads a diff of many pipe chunks line for line: edits, deletions and insertions among multi-byte text", () => {
    // git's output reaches leakstop in pieces of 64 KB, and runs of lines are decoded together (src/source/git/exec.ts).
    const random = seededRandom(SEED);
    const repo = makeRepo();
    const before = Array.from({ length: 30_000 }, (_, i) => `${i} \u2013 ma\u00f1ana \u2713 ${"x".repeat(i % 50)}`);
    write(repo, "notes.txt", before.join("\n") + "\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "base");
    const after: string[] = [];
    const expected: string[] = [];
    const added: string[] = [];
    const take = (line: string, isAdded: boolean) => {
      after.push(line);
      if (isAdded) added.push(line);
    };
    before.forEach((line, i) => {
      if (i % 13 === 0) return;
      if (i % 5 === 0) {
        if (random() < 0.005) {
          const token = fakeGithubToken();
          const lead = `-${i} \u00e9 \u2713 `.repeat(1 + Math.floor(random() * 3)) + 'token="';
          take(`${lead}${token}"`, true);
          expected.push(`${after.length}:${lead.length + 1}`);
        } else take(`${i} \u00f1 changed ${"y".repeat(i % 40)}`, true);
      } else take(line, false);
      if (i % 17 === 0) take(`-- inserted after ${i} \u2713`, true);
    });
    write(repo, "notes.txt", after.join("\n") + "\n");
    git(repo, "add", ".");
    expect(spawnSync("git", ["diff", "--cached"], { cwd: repo, maxBuffer: 1 << 30 }).stdout.length).toBeGreaterThan(16 * 65_536);
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(expected.length).toBeGreaterThan(10);
    expect(report.findings.map((f) => `${f.line}:${f.column}`)).toEqual(expected);
    expect(report.findings.every((f) => f.detector === "github-pat")).toBe(true);
    expect(report.scanned.lines).toBe(added.length);
    expect(report.scanned.bytes).toBe(added.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0));
  });
});
