import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, cleanupTempDirs, CLI, fakeGithubToken, git, gitResult, makeRepo, ROOT, runCli, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

// Whatever CI runs these tests, its own variables must not choose the range.
const NO_CI: Record<string, string> = Object.fromEntries(
  [
    "GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_BASE_REF", "GITHUB_EVENT_PATH", "GITHUB_SHA", "GITHUB_REF_NAME",
    "GITLAB_CI", "CI_COMMIT_SHA", "CI_COMMIT_BEFORE_SHA", "CI_MERGE_REQUEST_DIFF_BASE_SHA", "CI_COMMIT_REF_NAME",
    "LEAKSTOP_BASE", "LEAKSTOP_HEAD",
  ].map((k) => [k, ""]),
);

const scan = (cwd: string, args: string[], env: Record<string, string> = {}) => runCli(cwd, ["scan", ...args], { ...NO_CI, ...env });

function scanJson(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = scan(cwd, [...args, "--format", "json"], env);
  if (r.status === 2) throw new Error(`leakstop failed: ${r.stderr}`);
  return { ...r, report: JSON.parse(r.stdout) };
}

function commit(repo: string, path: string, content: string, message: string): string {
  write(repo, path, content);
  git(repo, "add", path);
  git(repo, "commit", "-q", "-m", message);
  return git(repo, "rev-parse", "HEAD").trim();
}

/** A bare remote with main (one old token, already there before the range) and a feature branch adding one. */
function remoteWithFeature() {
  const base = tempDir();
  const remote = join(base, "remote.git");
  const dev = join(base, "dev");
  git(base, "init", "-q", "--bare", "-b", "main", remote);
  git(base, "clone", "-q", remote, dev);
  git(dev, "checkout", "-q", "-b", "main");
  const oldToken = fakeGithubToken();
  commit(dev, "README.md", "# app\n", "initial");
  commit(dev, "old.env.js", `module.exports = "${oldToken}";\n`, "old config");
  commit(dev, "b.txt", "b\n", "main work");
  git(dev, "push", "-q", "origin", "main");
  git(dev, "checkout", "-q", "-b", "feature", "HEAD~1");
  const token = fakeGithubToken();
  commit(dev, "src/a.txt", "a\n", "feature start");
  const leak = commit(dev, "src/config.js", `export const token = "${token}";\n`, "add client config");
  commit(dev, "src/c.txt", "c\n", "feature end");
  git(dev, "push", "-q", "origin", "feature");
  return { base, remote, dev, token, oldToken, leak };
}

/** What actions/checkout does for a pull request with fetch-depth: 0: every branch, HEAD at the PR's merge commit. */
function pullRequestCheckout(remote: string, base: string): string {
  const ci = join(base, `ci-${Math.random().toString(36).slice(2, 8)}`);
  git(base, "clone", "-q", remote, ci);
  git(ci, "checkout", "-q", "--detach", "origin/main");
  git(ci, "merge", "-q", "--no-ff", "-m", "Merge pull request #1", "origin/feature");
  return ci;
}

describe("leakstop scan --range / --since", () => {
  it("scans each commit of A..B against its parent: finds the new token with file:line and commit, not the one before the range", () => {
    const repo = makeRepo();
    const old = fakeGithubToken();
    commit(repo, "old.js", `const a = "${old}";\n`, "old");
    const base = git(repo, "rev-parse", "HEAD").trim();
    const token = fakeGithubToken();
    const leak = commit(repo, "src/config.js", `// config\nexport const token = "${token}";\n`, "add client config");
    commit(repo, "later.txt", "x\n", "later");
    const r = scan(repo, ["--range", `${base.slice(0, 12)}..HEAD`]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("found in the scanned commits.");
    expect(r.stdout).toContain("src/config.js:2:23");
    expect(r.stdout).toContain("[github-pat]");
    expect(r.stdout).toContain(`in commit ${leak.slice(0, 8)} "add client config"`);
    expect(r.stdout).toContain("Revoke and rotate it now");
    expect(r.stdout).not.toContain("old.js");
    expect(r.stdout).not.toContain("--no-verify");
    expect(r.stdout).not.toContain("blocked");
    expect(r.stdout).toContain("2 commits, ");
    for (const out of [r.stdout, r.stderr]) {
      expect(out).not.toContain(token.slice(4, 12));
      expect(out).not.toContain(old.slice(4, 12));
    }
    git(repo, "tag", "v1.2.0", base);
    const j = scanJson(repo, ["--since", "v1.2.0"]);
    expect(j.status).toBe(1);
    expect(j.report.findings.map((f: { file: string; line: number; detector: string; commit: string }) => [f.file, f.line, f.detector, f.commit])).toEqual([
      ["src/config.js", 2, "github-pat", leak],
    ]);
    expect(j.stdout).not.toContain(token.slice(4, 12));
  });

  it("reports a merge by what it introduces: a branch's token once, at the branch commit, and a token added while merging at the merge", () => {
    const repo = makeRepo();
    const base = git(repo, "rev-parse", "HEAD").trim();
    git(repo, "checkout", "-q", "-b", "side");
    const token = fakeGithubToken();
    const sideCommit = commit(repo, "side.js", `const t = "${token}";\n`, "side work");
    git(repo, "checkout", "-q", "main");
    commit(repo, "main.txt", "m\n", "main work");
    git(repo, "merge", "-q", "--no-ff", "--no-commit", "side");
    const evil = fakeGithubToken();
    write(repo, "merge-fix.js", `const m = "${evil}";\n`);
    git(repo, "add", "merge-fix.js");
    git(repo, "commit", "-q", "-m", "Merge side");
    const merge = git(repo, "rev-parse", "HEAD").trim();
    const j = scanJson(repo, ["--range", `${base}..HEAD`]);
    expect(j.status).toBe(1);
    const got = j.report.findings.map((f: { file: string; commit: string }) => [f.file, f.commit]).sort();
    expect(got).toEqual([
      ["merge-fix.js", merge],
      ["side.js", sideCommit],
    ]);
  });

  it("a clean range exits 0 with one summary line; an empty one says there is nothing to scan", () => {
    const repo = makeRepo();
    const base = git(repo, "rev-parse", "HEAD").trim();
    commit(repo, "a.txt", "hello\n", "a");
    const r = scan(repo, ["--range", `${base}..HEAD`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`leakstop: no secrets in 1 commit, 1 file, 1 added line.\nleakstop: scanned ${base.slice(0, 12)}..HEAD (--range).\n`);
    const empty = scan(repo, ["--range", "HEAD..HEAD"]);
    expect(empty.status).toBe(0);
    expect(empty.stdout.split("\n")[0]).toBe("leakstop: nothing to scan.");
  });

  it("errors in one line, exit 2: a bad range, a base that is not there, two modes at once", () => {
    const repo = makeRepo();
    const bad = scan(repo, ["--range", "main"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('leakstop: error: --range expects BASE..HEAD (e.g. origin/main..HEAD), found "main"\n');
    const missing = scan(repo, ["--range", "origin/nope..HEAD"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('leakstop: error: "origin/nope" is not a commit in this repository: fetch it first (git fetch origin), or pass another base\n');
    for (const range of ["..HEAD", "a..b..c"]) expect(scan(repo, ["--range", range]).stderr).toContain("--range expects BASE..HEAD");
    const both = scan(repo, ["--all", "--range", "a..b"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe("leakstop: error: scan takes one of --range, --since, --all, --files\n");
  });
});

describe("leakstop scan --all", () => {
  it("scans every commit reachable from any ref, each addition once at the first commit that adds it, and commit messages", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    git(repo, "checkout", "-q", "-b", "side");
    const first = commit(repo, "side.js", `const t = "${token}";\n`, "side work");
    git(repo, "checkout", "-q", "main");
    commit(repo, "m.txt", "m\n", "main work");
    // The same addition again on main (a cherry-pick): reported once, at the first commit.
    const later = gitResult(repo, ["cherry-pick", first], { GIT_COMMITTER_DATE: "2035-01-01T00:00:00Z" });
    expect(later.status).toBe(0);
    const inMessage = fakeGithubToken();
    write(repo, "n.txt", "n\n");
    git(repo, "add", "n.txt");
    git(repo, "commit", "-q", "-m", `deploy\n\ntoken ${inMessage}`);
    const msgCommit = git(repo, "rev-parse", "HEAD").trim();
    const j = scanJson(repo, ["--all"]);
    expect(j.status).toBe(1);
    const got = j.report.findings.map((f: { file: string; commit: string; line: number }) => [f.file, f.line, f.commit]);
    expect(got).toContainEqual(["side.js", 1, first]);
    expect(got).toContainEqual([`commit ${msgCommit} message`, 3, msgCommit]);
    expect(got).toHaveLength(2);
    expect(j.report.scanned.commits).toBe(5);
    expect(j.stdout).not.toContain(token.slice(4, 12));
    expect(j.stdout).not.toContain(inMessage.slice(4, 12));
  });

  it("scans a bare mirror (a CI job's or a server's copy), from its directory and from one inside it", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    const leak = commit(repo, "src/app.js", `const a = 1;\nconst t = "${token}";\n`, "app");
    const mirror = join(tempDir(), "app.git");
    git(repo, "clone", "-q", "--mirror", repo, mirror);
    for (const cwd of [mirror, join(mirror, "refs")]) {
      const j = scanJson(cwd, ["--all"]);
      expect([cwd, j.status, j.report.findings.map((f: { file: string; line: number; commit: string }) => [f.file, f.line, f.commit])]).toEqual([cwd, 1, [["src/app.js", 2, leak]]]);
      expect(j.stdout).not.toContain(token.slice(4, 12));
    }
    // A bare repository has no index: --staged says so, rather than "no secrets".
    const staged = runCli(mirror, ["--staged"]);
    expect([staged.status, staged.stdout, staged.stderr.trim()]).toEqual([2, "", "leakstop: error: --staged: this is a bare repository, with no index to commit from; scan its history with leakstop scan --all"]);
  });

  it("reads every commit's message, one larger than a pipe's buffer among them, each token at its commit and line", () => {
    const repo = makeRepo();
    const expected: [string, number, string][] = [];
    for (let i = 0; i < 30; i++) {
      write(repo, `f${i}.txt`, `${i}\n`);
      git(repo, "add", `f${i}.txt`);
      // Commit 12's body is 160 KB of text before its token: git's answer spans many reads.
      const body = i === 12 ? Array.from({ length: 6000 }, (_, k) => `note ${k} about the release`).join("\n") : `change ${i}`;
      const withToken = i % 4 === 0 || i === 12;
      const token = fakeGithubToken();
      // From a file: one argument holds at most 128 KB.
      write(repo, ".git/MESSAGE", `commit ${i}\n\n${body}${withToken ? `\ntoken ${token}` : ""}\n`);
      git(repo, "commit", "-q", "-F", ".git/MESSAGE");
      const sha = git(repo, "rev-parse", "HEAD").trim();
      if (withToken) expected.push([`commit ${sha} message`, 3 + body.split("\n").length, sha]);
    }
    const j = scanJson(repo, ["--all"]);
    expect(j.status).toBe(1);
    const got = j.report.findings.map((f: { file: string; commit: string; line: number }) => [f.file, f.line, f.commit]);
    expect(got.sort()).toEqual(expected.sort());
    expect(j.report.scanned.commits).toBe(31);
  });
});

describe("leakstop scan --files", () => {
  it("reads files on disk outside any repository: every line added, .git/ node_modules/ and binary files skipped", () => {
    const dir = tempDir();
    const token = fakeGithubToken();
    write(dir, "app/settings.py", `DEBUG = True\nGITHUB_TOKEN = "${token}"\n`);
    write(dir, "node_modules/pkg/index.js", `module.exports = "${fakeGithubToken()}";\n`);
    write(dir, ".git/config", `token = ${fakeGithubToken()}\n`);
    write(dir, "blob.bin", Buffer.concat([Buffer.from([0, 1, 2, 0, 255, 0]), Buffer.from(fakeGithubToken())]));
    write(dir, "README.md", "hello\n");
    const r = scan(dir, ["--files"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("found in the scanned files.");
    expect(r.stdout).toContain("app/settings.py:2:17");
    expect(r.stdout).not.toContain("node_modules");
    expect(r.stdout).not.toContain(".git/config");
    expect(r.stdout).not.toContain(token.slice(4, 12));
    const j = scanJson(dir, ["--files"]);
    expect(j.report.findings.map((f: { file: string }) => f.file)).toEqual(["app/settings.py"]);
    expect(j.report.scanned).toMatchObject({ files: 2, skippedBinary: 1 });
    const only = scanJson(dir, ["--files", "README.md"]);
    expect(only.status).toBe(0);
    expect(only.report.scanned.files).toBe(1);
  });

  it("a named path that does not exist is an error; a named link, fifo or unreadable file is listed as skipped", () => {
    const dir = tempDir();
    write(dir, "ok.py", "x = 1\n");
    const typo = scan(dir, ["--files", "ok.py", "confg.py"]);
    expect(typo.status).toBe(2);
    expect(typo.stdout).toBe("");
    expect(typo.stderr).toBe('leakstop: error: scan --files: "confg.py" does not exist\n');
    const token = fakeGithubToken();
    const described = scan(dir, ["--files", `keys/${token}.txt`]);
    expect(described.stderr).toBe(`leakstop: error: scan --files: a path of ${token.length + 9} characters does not exist\n`);

    const target = tempDir();
    write(target, "real.py", `GITHUB_TOKEN = "${fakeGithubToken()}"\n`);
    symlinkSync(join(target, "real.py"), join(dir, "link.py"));
    execFileSync("mkfifo", [join(dir, "pipe")]);
    write(dir, "locked/secret.py", `GITHUB_TOKEN = "${fakeGithubToken()}"\n`);
    write(dir, "closed.py", `GITHUB_TOKEN = "${fakeGithubToken()}"\n`);
    chmodSync(join(dir, "closed.py"), 0);
    chmodSync(join(dir, "locked"), 0);
    chmodSync(dir, 0o755);
    // Root reads anything: where the tests run as root, leakstop runs as nobody, for whom the two are unreadable.
    const command = [process.execPath, CLI, "scan", "--files", "link.py", "pipe", "closed.py", "locked"];
    const asUser = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...command] : command;
    const r = spawnSync(asUser[0], asUser.slice(1), { cwd: dir, env: cleanEnv(), encoding: "utf8", timeout: 10_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.replace(/\s+/g, " ").trim()).toBe(
      "leakstop: no secrets in 0 files, 0 added lines; 4 files skipped: link.py (a symbolic link, not followed); pipe (not a regular file); closed.py, locked (unreadable: EACCES).",
    );
    // Nothing read at all: what was named is still named, not only "nothing to scan".
    const none = scan(dir, ["--files", "link.py", "pipe"]);
    expect(none.status).toBe(0);
    expect(none.stdout.replace(/\s+/g, " ").trim()).toBe("leakstop: nothing to scan; 2 files skipped: link.py (a symbolic link, not followed); pipe (not a regular file).");
  });

  it("inside a repository, names files from its top and reads untracked files too", () => {
    const repo = makeRepo();
    write(repo, "sub/notes.txt", `token: ${fakeGithubToken()}\n`);
    const j = scanJson(join(repo, "sub"), ["--files", "."]);
    expect(j.status).toBe(1);
    expect(j.report.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(["sub/notes.txt:1"]);
  });
});

describe("leakstop scan in CI: the range from the provider's variables", () => {
  it("GitHub pull request: origin/BASE...HEAD, the PR commit's token found, main's older one not", () => {
    const { base, remote, token, oldToken, leak } = remoteWithFeature();
    const ci = pullRequestCheckout(remote, base);
    const j = scanJson(ci, [], { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request", GITHUB_BASE_REF: "main" });
    expect(j.status).toBe(1);
    expect(j.report.findings.map((f: { file: string; commit: string }) => [f.file, f.commit])).toEqual([["src/config.js", leak]]);
    expect(j.report.notes).toContain("leakstop: scanned origin/main...HEAD (GitHub Actions pull request).");
    expect(j.stdout).not.toContain(token.slice(4, 12));
    expect(j.stdout).not.toContain(oldToken.slice(4, 12));
  });

  it("GitHub push: the event's before..GITHUB_SHA; an all-zero before scans what no other remote branch has", () => {
    const { base, remote, dev, leak } = remoteWithFeature();
    const ci = join(base, "ci-push");
    git(base, "clone", "-q", remote, ci);
    git(ci, "checkout", "-q", "feature");
    const head = git(ci, "rev-parse", "HEAD").trim();
    const event = join(base, "event.json");
    const env = { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: event, GITHUB_SHA: head, GITHUB_REF_NAME: "feature" };
    // A push of the last commit only: the leak is before it.
    writeFileSync(event, JSON.stringify({ before: git(dev, "rev-parse", "feature~1").trim(), after: head }));
    const last = scanJson(ci, [], env);
    expect(last.status).toBe(0);
    expect(last.report.scanned.commits).toBe(1);
    writeFileSync(event, JSON.stringify({ before: git(dev, "rev-parse", "feature~3").trim(), after: head }));
    const three = scanJson(ci, [], env);
    expect(three.status).toBe(1);
    expect(three.report.findings.map((f: { commit: string }) => f.commit)).toEqual([leak]);
    writeFileSync(event, JSON.stringify({ before: "0".repeat(40), after: head }));
    const created = scanJson(ci, [], env);
    expect(created.status).toBe(1);
    expect(created.report.scanned.commits).toBe(3);
    expect(created.report.findings.map((f: { commit: string }) => f.commit)).toEqual([leak]);
    // After a force push the old tip is not in the clone: the branch's own commits are scanned, and the note says why.
    writeFileSync(event, JSON.stringify({ before: "ab".repeat(20), after: head }));
    const forced = scanJson(ci, [], env);
    expect(forced.status).toBe(1);
    expect(forced.report.scanned.commits).toBe(3);
    expect(forced.report.notes).toContain("leakstop: the previous tip abababab is not in this clone (a force push?): scanned the commits that no other remote branch has.");
  });

  it("GitLab: the merge request's diff base, else the push's before sha; LEAKSTOP_BASE for any other CI", () => {
    const { base, remote, leak } = remoteWithFeature();
    const ci = join(base, "ci-gitlab");
    git(base, "clone", "-q", remote, ci);
    git(ci, "checkout", "-q", "feature");
    const head = git(ci, "rev-parse", "HEAD").trim();
    const mergeBase = git(ci, "merge-base", "origin/main", "HEAD").trim();
    const mr = scanJson(ci, [], { GITLAB_CI: "true", CI_COMMIT_SHA: head, CI_MERGE_REQUEST_DIFF_BASE_SHA: mergeBase, CI_COMMIT_BEFORE_SHA: "0".repeat(40) });
    expect(mr.status).toBe(1);
    expect(mr.report.findings.map((f: { commit: string }) => f.commit)).toEqual([leak]);
    expect(mr.report.notes[mr.report.notes.length - 1]).toMatch(/\(GitLab merge request\)\.$/);
    const push = scanJson(ci, [], { GITLAB_CI: "true", CI_COMMIT_SHA: head, CI_COMMIT_BEFORE_SHA: git(ci, "rev-parse", "HEAD~1").trim() });
    expect(push.status).toBe(0);
    expect(push.report.scanned.commits).toBe(1);
    const generic = scanJson(ci, [], { LEAKSTOP_BASE: "origin/main" });
    expect(generic.status).toBe(1);
    expect(generic.report.findings.map((f: { commit: string }) => f.commit)).toEqual([leak]);
  });

  it("no range and no CI variables: one line saying what to pass, exit 2", () => {
    const repo = makeRepo();
    const r = scan(repo, []);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("leakstop: error: scan needs something to read: pass --range BASE..HEAD, --since REF, --all or --files");
  });

  it("a shallow clone without the base is refused with how to fetch history, never scanned as if every file were added", () => {
    const { base, remote } = remoteWithFeature();
    const shallow = join(base, "shallow");
    git(base, "clone", "-q", "--depth", "1", "--branch", "feature", `file://${remote}`, shallow);
    const pr = scan(shallow, [], { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request", GITHUB_BASE_REF: "main" });
    expect(pr.status).toBe(2);
    expect(pr.stderr).toBe(
      'leakstop: error: this is a shallow clone and "origin/main" is not in it, so the range cannot be scanned; fetch the history first: ' +
        "actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 on GitLab, or git fetch --unshallow\n",
    );
    // A push event in a default (depth 1) checkout: the previous tip is missing.
    const event = join(base, "event-shallow.json");
    writeFileSync(event, JSON.stringify({ before: git(remote, "rev-parse", "feature~2").trim() }));
    const head = git(shallow, "rev-parse", "HEAD").trim();
    const push = scan(shallow, [], { GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: event, GITHUB_SHA: head, GITHUB_REF_NAME: "feature" });
    expect(push.status).toBe(2);
    expect(push.stderr).toMatch(/^leakstop: error: this is a shallow clone and [0-9a-f]{12} is not in it, .*fetch-depth: 0.*git fetch --unshallow\n$/);
    // The base is there but the range runs past the clone's boundary: its oldest commit has no parent here.
    const cut = join(base, "cut");
    git(base, "clone", "-q", "--depth", "2", "--no-single-branch", `file://${remote}`, cut);
    const r = scan(cut, ["--range", "origin/main..origin/feature"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("this is a shallow clone");
    expect(r.stderr).toContain("git fetch --unshallow");
    expect(r.stdout).toBe("");
  });
});

describe("leakstop scan --output and SARIF for GitHub code scanning", () => {
  it("writes the report to the file and one summary line to stdout; rules and results carry what GitHub reads", () => {
    const repo = makeRepo();
    const base = git(repo, "rev-parse", "HEAD").trim();
    const token = fakeGithubToken();
    const leak = commit(repo, "my dir/config.js", `export const token = "${token}";\n`, "add config");
    write(repo, "n.txt", "n\n");
    git(repo, "add", "n.txt");
    git(repo, "commit", "-q", "-m", `note\n\n${fakeGithubToken()}`);
    const msgCommit = git(repo, "rev-parse", "HEAD").trim();
    const out = join(tempDir(), "leakstop.sarif");
    const r = scan(repo, ["--range", `${base}..HEAD`, "--format", "sarif", "--output", out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`leakstop: 2 findings in 2 commits, 2 files, 2 added lines.\nleakstop: report written to ${out}.\n`);
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain(token.slice(4, 12));
    const sarif = JSON.parse(text);
    const run = sarif.runs[0];
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
    const [rule] = run.tool.driver.rules;
    expect(rule).toMatchObject({
      id: "github-pat",
      fullDescription: { text: expect.stringContaining("personal access token") },
      helpUri: "https://github.com/settings/tokens",
      properties: { "security-severity": "9.5", tags: ["security", "secret"] },
    });
    expect(rule.help.text).toContain("Revoke and rotate");
    expect(rule.help.markdown).toContain("**Revoke and rotate**");
    expect(rule.help.markdown).toContain("\n1. ");
    const file = run.results.find((x: { properties: { commit: string } }) => x.properties.commit === leak);
    expect(file.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "my%20dir/config.js" }, region: { startLine: 1, startColumn: 23 } });
    expect(file.partialFingerprints["leakstop/v2"]).toMatch(/^github-pat:[0-9a-f]{16}$/);
    const message = run.results.find((x: { properties: { commit: string } }) => x.properties.commit === msgCommit);
    expect(message.locations[0].physicalLocation).toBeUndefined();
    expect(message.locations[0].logicalLocations[0].fullyQualifiedName).toBe(`commit ${msgCommit} message`);
    for (const result of run.results) {
      const uri = result.locations[0].physicalLocation?.artifactLocation.uri;
      if (uri !== undefined) expect(uri).toMatch(/^[A-Za-z0-9._~%!$&'()*+,;=:@/-]+$/);
    }
  });
});

describe("CI templates run their own scan commands", () => {
  const yaml = (file: string) =>
    JSON.parse(execFileSync("python3", ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", join(ROOT, file)], { encoding: "utf8" }));

  /** A `leakstop` on PATH that is the built CLI, as `npm install -g` would provide. */
  function shimPath(): string {
    const bin = tempDir();
    writeFileSync(join(bin, "leakstop"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, "leakstop"), 0o755);
    return `${bin}:${process.env.PATH}`;
  }

  it("action.yml: a composite action whose scan step, run on a pull request with a token, writes SARIF and reports exit 1", () => {
    const action = yaml("action.yml");
    expect(action.runs.using).toBe("composite");
    const steps = action.runs.steps as { uses?: string; run?: string; id?: string; env?: Record<string, string>; with?: Record<string, string> }[];
    expect(steps.map((s) => s.uses).filter(Boolean)).toEqual(["actions/setup-node@v4", "github/codeql-action/upload-sarif@v3"]);
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(["range", "fail-on-findings"]));
    const scanStep = steps.find((s) => s.id === "scan")!;
    expect(scanStep.run).toContain("leakstop scan --format sarif --output leakstop.sarif");
    expect(steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))!.with!.sarif_file).toBe("leakstop.sarif");

    const { base, remote, token, leak } = remoteWithFeature();
    const ci = pullRequestCheckout(remote, base);
    const outputs = join(base, "github-output");
    writeFileSync(outputs, "");
    const env = cleanEnv({ ...NO_CI, PATH: shimPath(), GITHUB_ACTIONS: "true", GITHUB_EVENT_NAME: "pull_request", GITHUB_BASE_REF: "main", GITHUB_OUTPUT: outputs, LEAKSTOP_RANGE: "" });
    const r = spawnSync("bash", ["-e", "-c", scanStep.run!], { cwd: ci, env, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(readFileSync(outputs, "utf8")).toBe("exit-code=1\n");
    expect(r.stdout).toContain("leakstop: 1 finding in 4 commits");
    const sarif = JSON.parse(readFileSync(join(ci, "leakstop.sarif"), "utf8"));
    expect(sarif.runs[0].results.map((x: { properties: { commit: string } }) => x.properties.commit)).toEqual([leak]);
    expect(r.stdout + r.stderr).not.toContain(token.slice(4, 12));
    // The range input wins over the event.
    writeFileSync(outputs, "");
    const ranged = spawnSync("bash", ["-e", "-c", scanStep.run!], { cwd: ci, env: { ...env, LEAKSTOP_RANGE: "origin/feature..HEAD" }, encoding: "utf8" });
    expect(ranged.status).toBe(0);
    expect(readFileSync(outputs, "utf8")).toBe("exit-code=0\n");
  });

  it("ci/gitlab-ci.yml: a node job for merge request pipelines whose scan line, run as GitLab runs it, exits 1 and leaves the SARIF artifact", () => {
    const job = yaml("ci/gitlab-ci.yml").leakstop;
    expect(job.image).toMatch(/^node:/);
    expect(job.variables.GIT_DEPTH).toBe("0");
    expect(JSON.stringify(job.rules)).toContain("merge_request_event");
    expect(job.artifacts.paths).toEqual(["leakstop.sarif"]);
    const scanLines = (job.script as string[]).filter((l) => l.startsWith("leakstop scan"));
    expect(scanLines).toEqual(["leakstop scan --format sarif --output leakstop.sarif"]);

    const { base, remote, leak } = remoteWithFeature();
    const ci = join(base, "ci-gitlab-job");
    git(base, "clone", "-q", remote, ci);
    git(ci, "checkout", "-q", "--detach", "origin/feature");
    const env = cleanEnv({
      ...NO_CI,
      PATH: shimPath(),
      GITLAB_CI: "true",
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_COMMIT_SHA: git(ci, "rev-parse", "HEAD").trim(),
      CI_COMMIT_BEFORE_SHA: "0".repeat(40),
      CI_MERGE_REQUEST_DIFF_BASE_SHA: git(ci, "merge-base", "origin/main", "HEAD").trim(),
    });
    const r = spawnSync("sh", ["-c", scanLines[0]], { cwd: ci, env, encoding: "utf8" });
    expect(r.status).toBe(1);
    const sarif = JSON.parse(readFileSync(join(ci, "leakstop.sarif"), "utf8"));
    expect(sarif.runs[0].results.map((x: { properties: { commit: string } }) => x.properties.commit)).toEqual([leak]);
  });
});
