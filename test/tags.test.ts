// Nested annotated tags: a tag that points at another tag carries the inner tag object, and its message, to the
// remote, though no pushed ref names the inner tag.
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, cloneWithRemote, fakeGithubToken, git, gitResult, preReceiveServer, SEED, write } from "./helpers.js";

afterAll(cleanupTempDirs);

function push(work: string, ...args: string[]) {
  const r = gitResult(work, ["push", ...args]);
  return { ...r, out: r.stdout + r.stderr };
}

/** `inner` (annotated, its message holding `token`) on HEAD, and `outer` pointing at the inner tag object itself. */
function nestedTags(work: string, token: string, depth = 1): void {
  git(work, "tag", "-a", "inner", "-m", `release notes\n\ndeploy with ${token}\n`);
  let target = "inner";
  for (let i = 1; i <= depth; i++) {
    const name = i === depth ? "outer" : `middle${i}`;
    git(work, "-c", "advice.nestedTag=false", "tag", "-a", name, "-m", `wraps ${target}`, target);
    target = name;
  }
  expect(git(work, "cat-file", "-p", "outer")).toContain("type tag");
}

const remoteTags = (remote: string) => git(remote, "tag", "--list");

describe(`nested annotated tags (seed ${SEED})`, () => {
  it("pre-push: the inner tag's message is scanned when only the outer tag is pushed", () => {
    const { work, remote } = cloneWithRemote(["pre-push"]);
    const token = fakeGithubToken();
    nestedTags(work, token);
    const r = push(work, "origin", "refs/tags/outer");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("tag inner message, line 3");
    expect(r.out).toContain("github-pat");
    expect(r.out).not.toContain(token);
    expect(remoteTags(remote)).toBe("");
  });

  it("pre-push: follows a chain of tags", () => {
    const { work } = cloneWithRemote(["pre-push"]);
    nestedTags(work, fakeGithubToken(), 3);
    const r = push(work, "origin", "refs/tags/outer");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("tag inner message, line 3");
  });

  it("pre-receive: the server rejects the same push", () => {
    const { remote, work } = preReceiveServer();
    write(work, "README.md", "# app\n");
    git(work, "add", ".");
    git(work, "commit", "-q", "-m", "initial");
    expect(push(work, "origin", "main").status).toBe(0);
    const token = fakeGithubToken();
    nestedTags(work, token);
    const r = push(work, "origin", "refs/tags/outer");
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("tag inner message");
    expect(r.out).toContain("github-pat");
    expect(r.out).not.toContain(token);
    expect(remoteTags(remote)).toBe("");
  });
});
