import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  cleanupTempDirs,
  cloneWithRemote,
  fakeGithubToken,
  fakePostmanKey,
  git,
  gitResult,
  runCli,
  SEED,
  tempDir,
  write,
} from "./helpers.js";

afterAll(cleanupTempDirs);

const setup = () => cloneWithRemote(["pre-push"]);

function commitFile(work: string, path: string, content: string, subject: string): string {
  write(work, path, content);
  git(work, "add", path);
  git(work, "commit", "-q", "--no-verify", "-m", subject);
  return git(work, "rev-parse", "HEAD").trim();
}

const remoteRefs = (remote: string) => git(remote, "for-each-ref", "--format=%(refname) %(objectname)");

function push(work: string, ...args: string[]) {
  const r = gitResult(work, ["push", ...args]);
  return { ...r, out: r.stdout + r.stderr };
}

describe(`pre-push (seed ${SEED})`, () => {
  it("blocks a push carrying a secret, leaves the remote unchanged, and gives the amend command for the last commit", () => {
    const { remote, work } = setup();
    const before = remoteRefs(remote);
    const sha = commitFile(work, "src/app.js", `const a = 1;\nconst token = "${fakeGithubToken()}";\n`, "add app");
    const r = push(work, "origin", "main");
    expect(r.status).not.toBe(0);
    expect(remoteRefs(remote)).toBe(before);
    expect(r.out).toContain(`src/app.js:2:16  in commit ${sha.slice(0, 8)} "add app"`);
    expect(r.out).toContain("only in local commits: it has NOT left this machine");
    expect(r.out).toContain(`It is in the last commit ${sha.slice(0, 8)} "add app"`);
    expect(r.out).toContain("git add src/app.js && git commit --amend --no-edit");
    expect(r.out).toContain("leakstop: 1 finding in 1 commit, 1 file, 2 added lines.");
    expect(r.out).toContain("To push anyway, deliberately: git push --no-verify");
  });

  it("gives the interactive-rebase command from the parent of an older commit", () => {
    const { work } = setup();
    const parent = git(work, "rev-parse", "HEAD").trim();
    const leaky = commitFile(work, "k.py", `KEY = "${fakePostmanKey()}"\n`, "add key");
    commitFile(work, "other.txt", "later work\n", "later");
    const r = push(work, "origin", "main");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(`It is in commit ${leaky.slice(0, 8)} "add key" (k.py:1): rewrite from its parent with`);
    expect(r.out).toContain(`git rebase -i ${parent.slice(0, 8)}`);
    expect(r.out).not.toContain("--amend --no-edit\n       git rebase");
  });

  it("lets a clean push through", () => {
    const { remote, work } = setup();
    const sha = commitFile(work, "a.js", "console.log(1);\n", "clean");
    const r = push(work, "origin", "main");
    expect(r.status).toBe(0);
    expect(r.out).toContain("leakstop: no secrets in 1 commit, 1 file, 1 added line.");
    expect(remoteRefs(remote)).toContain(sha);
  });

  it("says when a secret is already on the remote: revoke first (pushing it again does not block)", () => {
    const { work } = setup();
    commitFile(work, "a.js", `const t = "${fakeGithubToken()}";\n`, "leak");
    git(work, "push", "-q", "--no-verify", "origin", "main");
    git(work, "commit", "-q", "--amend", "--no-verify", "-m", "leak, reworded");
    const r = push(work, "--force", "origin", "main");
    expect(r.status).toBe(0);
    expect(r.out).toContain("ALREADY ON A REMOTE");
    expect(r.out).toContain("Revoke and rotate it now, before anything else");
    expect(r.out).toContain("origin/main");
    expect(r.out).toContain("access logs");
  });

  it("scans a new branch only for commits no tracking ref of that remote has", () => {
    const { work } = setup();
    commitFile(work, "old.js", `const t = "${fakeGithubToken()}";\n`, "old leak, pushed before leakstop");
    git(work, "push", "-q", "--no-verify", "origin", "main");
    git(work, "checkout", "-q", "-b", "feature");
    commitFile(work, "f.js", "const f = 1;\n", "feature work");
    const clean = push(work, "origin", "feature");
    expect(clean.status).toBe(0);
    expect(clean.out).toContain("leakstop: no secrets in 1 commit");
    commitFile(work, "g.js", `const g = "${fakePostmanKey()}";\n`, "feature leak");
    const blocked = push(work, "origin", "feature");
    expect(blocked.status).not.toBe(0);
    expect(blocked.out).toContain("g.js:1:12");
    expect(blocked.out).not.toContain("old.js");
  });

  it("scans nothing for a branch deletion", () => {
    const { remote, work } = setup();
    git(work, "checkout", "-q", "-b", "gone");
    commitFile(work, "x.js", `const t = "${fakeGithubToken()}";\n`, "leak on a branch");
    git(work, "push", "-q", "--no-verify", "origin", "gone");
    const r = push(work, "origin", "--delete", "gone");
    expect(r.status).toBe(0);
    expect(r.out).toContain("leakstop: no new commits to scan.");
    expect(remoteRefs(remote)).not.toContain("refs/heads/gone");
  });

  it("scans rewritten history on a force push", () => {
    const { work } = setup();
    commitFile(work, "a.js", "const a = 1;\n", "first version");
    git(work, "push", "-q", "origin", "main");
    git(work, "reset", "-q", "--hard", "HEAD~1");
    commitFile(work, "a.js", `const a = "${fakeGithubToken()}";\n`, "rewritten");
    const r = push(work, "--force", "origin", "main");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("a.js:1:12");
  });

  it("scans the commits behind a pushed annotated tag", () => {
    const { work } = setup();
    git(work, "checkout", "-q", "-b", "release");
    const sha = commitFile(work, "rel.js", `const t = "${fakeGithubToken()}";\n`, "release leak");
    git(work, "checkout", "-q", "main");
    git(work, "tag", "-a", "v1.0", "-m", "release", sha);
    const r = push(work, "origin", "v1.0");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(`rel.js:1:12  in commit ${sha.slice(0, 8)}`);
  });

  it("checks every ref of a multi-ref push (--all, --tags)", () => {
    const { work } = setup();
    git(work, "checkout", "-q", "-b", "one");
    commitFile(work, "one.js", "const one = 1;\n", "clean one");
    git(work, "checkout", "-q", "-b", "two");
    commitFile(work, "two.js", `const two = "${fakePostmanKey()}";\n`, "leak two");
    git(work, "checkout", "-q", "main");
    const all = push(work, "--all", "origin");
    expect(all.status).not.toBe(0);
    expect(all.out).toContain("two.js:1:14");
    git(work, "tag", "-a", "t1", "-m", "t", "two");
    const tags = push(work, "--tags", "origin");
    expect(tags.status).not.toBe(0);
    expect(tags.out).toContain("two.js:1:14");
  });

  it("falls back to the remote's tracking refs when the remote sha is unknown here, and says so", () => {
    const { base, remote, work } = setup();
    const other = join(base, "other");
    git(base, "clone", "-q", remote, other);
    git(other, "checkout", "-q", "main");
    commitFile(other, "theirs.js", "const theirs = 1;\n", "someone else's work");
    git(other, "push", "-q", "origin", "main");
    commitFile(work, "mine.js", `const t = "${fakeGithubToken()}";\n`, "my leak");
    const r = push(work, "--force", "origin", "main");
    expect(r.status).not.toBe(0);
    expect(r.out.replace(/\s+/g, " ")).toContain("which this repository does not have (someone else pushed)");
    expect(r.out).toContain("mine.js:1:12");
  });

  it("scans a merge commit for what the merge itself introduces", () => {
    const { work } = setup();
    git(work, "checkout", "-q", "-b", "side");
    commitFile(work, "side.js", "const side = 1;\n", "side work");
    git(work, "checkout", "-q", "main");
    commitFile(work, "main.js", "const main = 1;\n", "main work");
    git(work, "merge", "-q", "--no-ff", "--no-commit", "side");
    write(work, "resolution.js", `const t = "${fakeGithubToken()}";\n`);
    git(work, "add", "resolution.js");
    git(work, "commit", "-q", "--no-verify", "-m", "merge side");
    const { out, status } = push(work, "origin", "main");
    expect(status).not.toBe(0);
    expect(out).toContain('resolution.js:1:12  in commit');
    expect(out).toContain('"merge side"');
    expect(out).toContain("leakstop: 1 finding in 3 commits");
  });

  it("reads the push from PRE_COMMIT_* variables when the pre-commit framework runs it without stdin", () => {
    const { work } = setup();
    const base = git(work, "rev-parse", "HEAD").trim();
    const sha = commitFile(work, "fw.js", `const t = "${fakeGithubToken()}";\n`, "framework push");
    const r = runCli(work, ["hook", "pre-push"], {
      PRE_COMMIT_FROM_REF: base,
      PRE_COMMIT_TO_REF: sha,
      PRE_COMMIT_REMOTE_NAME: "origin",
      PRE_COMMIT_REMOTE_BRANCH: "refs/heads/main",
      PRE_COMMIT_LOCAL_BRANCH: "refs/heads/main",
    }, "");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`fw.js:1:12  in commit ${sha.slice(0, 8)} "framework push"`);
    expect(r.stdout).toContain("leakstop: 1 finding in 1 commit, 1 file, 1 added line.");
  });

  it("scans 500 commits in one push and names the one that leaks", () => {
    const { remote, work } = setup();
    const before = remoteRefs(remote);
    // fast-import builds the history in one process; the hook still sees a normal 500-commit push.
    const parent = git(work, "rev-parse", "HEAD").trim();
    const token = fakeGithubToken();
    let stream = "";
    for (let i = 1; i <= 500; i++) {
      const content = i === 250 ? `const leaked = "${token}";\n` : `export const n${i} = ${i};\n`;
      stream += `commit refs/heads/main\ncommitter T <t@e> ${1700000000 + i} +0000\ndata ${`c${i}`.length}\nc${i}\n`;
      if (i === 1) stream += `from ${parent}\n`;
      stream += `M 100644 inline src/f${i}.js\ndata ${Buffer.byteLength(content)}\n${content}\n`;
    }
    expect(gitResult(work, ["fast-import", "--quiet", "--force"], {}, stream).status).toBe(0);
    git(work, "reset", "-q", "--hard", "main");
    const leaky = git(work, "rev-list", "--reverse", `${parent}..main`).trim().split("\n")[249];
    const r = push(work, "origin", "main");
    expect(r.status).not.toBe(0);
    expect(remoteRefs(remote)).toBe(before);
    expect(r.out).toContain(`src/f250.js:1:17  in commit ${leaky.slice(0, 8)} "c250"`);
    expect(r.out).toContain("leakstop: 1 finding in 500 commits, 500 files, 500 added lines.");
  });
});
