import { copyFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, cleanupTempDirs, ROOT, fake, fakeGithubToken, fakePostmanKey, git, gitResult, preReceiveServer, runCli, SEED, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

/** A pre-receive server (test/helpers.ts) whose main already holds one pushed commit. */
function server(): { remote: string; work: string } {
  const { remote, work } = preReceiveServer();
  commitFile(work, "README.md", "# app\n", "initial");
  const first = push(work, "origin", "main");
  if (first.status !== 0) throw new Error(first.out);
  return { remote, work };
}

function commitFile(work: string, path: string, content: string, subject: string): string {
  write(work, path, content);
  git(work, "add", path);
  git(work, "commit", "-q", "-m", subject);
  return git(work, "rev-parse", "HEAD").trim();
}

const refs = (remote: string) => git(remote, "for-each-ref", "--format=%(refname) %(objectname)");

function push(work: string, ...args: string[]) {
  const r = gitResult(work, ["push", ...args]);
  return { ...r, out: r.stdout + r.stderr };
}

describe(`pre-receive on the server (seed ${SEED})`, () => {
  it("rejects a pushed token: remote lines name file:line and the detector, the server's ref is unchanged, the token is never printed", () => {
    const { remote, work } = server();
    const before = refs(remote);
    const token = fakeGithubToken();
    const sha = commitFile(work, "src/app.js", `const a = 1;\nconst token = "${token}";\n`, "add app");
    const r = push(work, "origin", "main");
    expect(r.status).not.toBe(0);
    expect(refs(remote)).toBe(before);
    expect(r.out).toContain("remote: leakstop: 1 secret found in the commits being pushed: the push is rejected.");
    expect(r.out).toMatch(new RegExp(`remote:\\s+src/app\\.js:2:16  \\[github-pat\\] .* in commit ${sha.slice(0, 8)} "add app"`));
    expect(r.out).toContain("leakstop explain github-pat");
    expect(r.out).toContain("remote: leakstop: 1 finding in 1 commit, 1 file, 2 added lines.");
    expect(r.out).toContain("pre-receive hook declined");
    expect(r.out).not.toContain(token);
    expect(r.out).not.toContain(token.slice(4, 16));
    // The quarantined objects were dropped with the push.
    expect(gitResult(remote, ["cat-file", "-e", sha]).status).not.toBe(0);
  });

  it("names every part of a credential pushed in parts: an AWS key ID and its secret, both places", () => {
    const { work } = server();
    const id = fake("AKIA{base32:16}");
    const secret = fake("{base64:40}");
    commitFile(work, "deploy/aws.py", `import os\nAWS_ACCESS_KEY_ID = "${id}"\nAWS_SECRET_ACCESS_KEY = "${secret}"\n`, "aws");
    const r = push(work, "origin", "main");
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/remote:\s+deploy\/aws\.py:2:22 and 3:26  \[aws-access-key-id \+ aws-secret-access-key\]/);
    expect(r.out).toContain('AWS_SECRET_ACCESS_KEY = "');
    expect(r.out).not.toContain(id);
    expect(r.out).not.toContain(secret);
  });

  it("rejects a new branch named with a token, even with no new commit; the same commit is accepted under a clean name", () => {
    const { remote, work } = server();
    const token = fakeGithubToken();
    const before = refs(remote);
    const r = push(work, "origin", `main:refs/heads/fix-${token}`);
    expect(r.status).not.toBe(0);
    expect(refs(remote)).toBe(before);
    expect(r.out).toMatch(/remote:\s+the name of a branch or tag this push creates  \[github-pat\]/);
    expect(r.out).toContain("refs/heads/fix-ghp_****");
    expect(r.out).toMatch(/remote:\s+1\. Push under a branch or tag name without the secret/);
    expect(r.out).not.toContain("Remove the secret from these commits");
    // git itself names the rejected ref; leakstop's own lines do not.
    const own = r.out.split("\n").filter((line) => line.startsWith("remote:")).join("\n");
    expect(own).not.toContain(token.slice(4, 16));
    expect(push(work, "origin", "main:refs/heads/fix").status).toBe(0);
  });

  it("rejects a ref line whose new sha is not in the repository (run by hand, or by a broken proxy): an error, not nothing to scan", () => {
    const { remote, work } = server();
    const head = git(work, "rev-parse", "HEAD").trim();
    const missing = "1234567890abcdef".repeat(3).slice(0, 40);
    const zero = "0".repeat(40);
    const r = runCli(remote, ["hook", "pre-receive"], {}, `${zero} ${head} refs/heads/copy\n${zero} ${missing} refs/heads/other\n`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("leakstop: error: pre-receive input line 2: its new sha is not an object in this repository (git names only objects the push brought)");
  });

  it("accepts a clean push and updates the server's ref", () => {
    const { remote, work } = server();
    const sha = commitFile(work, "src/clean.js", "export const answer = 42;\n", "clean");
    const r = push(work, "origin", "main");
    expect(r.status).toBe(0);
    expect(r.out).toContain("remote: leakstop: no secrets in 1 commit, 1 file, 1 added line.");
    expect(refs(remote)).toContain(`refs/heads/main ${sha}`);
  });

  it("scans nothing new when the pushed commits are already on the server", () => {
    const { remote, work } = server();
    const sha = git(work, "rev-parse", "HEAD").trim();
    const r = push(work, "origin", "main:refs/heads/copy");
    expect(r.status).toBe(0);
    expect(r.out).toContain("remote: leakstop: no new commits to scan.");
    expect(refs(remote)).toContain(`refs/heads/copy ${sha}`);
  });

  it("lets a branch be deleted", () => {
    const { remote, work } = server();
    expect(push(work, "origin", "main:refs/heads/old").status).toBe(0);
    const r = push(work, "origin", "--delete", "old");
    expect(r.status).toBe(0);
    expect(refs(remote)).not.toContain("refs/heads/old");
  });

  it("rejects a new branch whose commits carry a token, and scans only the commits new to the server", () => {
    const { remote, work } = server();
    git(work, "checkout", "-q", "-b", "feature");
    commitFile(work, "notes.txt", "plain text\n", "notes");
    const token = fakePostmanKey();
    commitFile(work, "deploy/k.py", `KEY = "${token}"\n`, "add key");
    const r = push(work, "origin", "feature");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("deploy/k.py:1:8  [postman-api-key]");
    expect(r.out).toContain("remote: leakstop: 1 finding in 2 commits, 2 files, 2 added lines.");
    expect(r.out).not.toContain(token);
    expect(refs(remote)).not.toContain("refs/heads/feature");
  });

  it("scans an annotated tag's message", () => {
    const { remote, work } = server();
    const token = fakeGithubToken();
    git(work, "tag", "-a", "v1", "-m", `release\n\ntoken ${token}\n`);
    const r = push(work, "origin", "v1");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("tag v1 message");
    expect(r.out).toContain("[github-pat]");
    expect(r.out).not.toContain(token);
    expect(refs(remote)).not.toContain("refs/tags/v1");
  });

  it("scans a blob pushed under a tag", () => {
    const { remote, work } = server();
    const token = fakeGithubToken();
    const blob = gitResult(work, ["hash-object", "-w", "--stdin"], {}, `token=${token}\n`).stdout.trim();
    git(work, "tag", "keyblob", blob);
    const r = push(work, "origin", "keyblob");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("tag keyblob (blob):1:7  [github-pat]");
    expect(r.out).not.toContain(token);
    expect(refs(remote)).not.toContain("refs/tags/keyblob");
  });

  it("rejects by default when the scan exceeds its time budget, and says so", () => {
    const { remote, work } = server();
    const before = refs(remote);
    commitFile(work, "src/clean.js", "export const answer = 42;\n", "clean");
    const r = gitResult(work, ["push", "origin", "main"], { LEAKSTOP_PRE_RECEIVE_BUDGET_MS: "0" });
    const out = r.stdout + r.stderr;
    expect(r.status).not.toBe(0);
    expect(out).toContain("remote: leakstop: the scan did not finish within 0 ms (LEAKSTOP_PRE_RECEIVE_BUDGET_MS); the push is rejected");
    expect(refs(remote)).toBe(before);
  });

  it("accepts when the budget is exceeded and the server is configured to accept, and says so", () => {
    const { remote, work } = server();
    git(remote, "config", "leakstop.preReceive.timeoutMs", "1");
    git(remote, "config", "leakstop.preReceive.onTimeout", "accept");
    const sha = commitFile(work, "src/clean.js", "export const answer = 42;\n", "clean");
    const r = push(work, "origin", "main");
    expect(r.status).toBe(0);
    expect(r.out).toContain("remote: leakstop: the scan did not finish within 1 ms (leakstop.preReceive.timeoutMs); the push is accepted unscanned");
    expect(refs(remote)).toContain(`refs/heads/main ${sha}`);
  });
});

describe("hooks/pre-receive, the stub a server installs", () => {
  function stubServer(path: string) {
    const { remote, work } = server();
    copyFileSync(join(ROOT, "hooks", "pre-receive"), join(remote, "hooks", "pre-receive"));
    const env = { PATH: path };
    return { remote, work, pushWith: (...args: string[]) => gitResult(work, ["push", ...args], env) };
  }

  it("runs leakstop from the server's PATH and rejects a token", () => {
    const bin = tempDir();
    writeFileSync(join(bin, "leakstop"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    const { remote, work, pushWith } = stubServer(`${bin}:${dirname(process.execPath)}:${process.env.PATH}`);
    const before = refs(remote);
    const token = fakeGithubToken();
    commitFile(work, "app.env.js", `export const t = "${token}";\n`, "token");
    const r = pushWith("origin", "main");
    const out = r.stdout + r.stderr;
    expect(r.status).not.toBe(0);
    expect(out).toContain("app.env.js:1:19  [github-pat]");
    expect(out).not.toContain(token);
    expect(refs(remote)).toBe(before);
  });

  it("rejects, saying why, when leakstop is not installed on the server", () => {
    const { remote, work, pushWith } = stubServer(`${dirname(process.execPath)}:/usr/bin:/bin`);
    const before = refs(remote);
    commitFile(work, "clean.txt", "nothing here\n", "clean");
    const r = pushWith("origin", "main");
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("remote: leakstop: leakstop is not installed on this server");
    expect(refs(remote)).toBe(before);
  });
});
