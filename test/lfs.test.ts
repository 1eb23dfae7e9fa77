// Files tracked by Git LFS: git holds a pointer, the content sits in the local LFS store. git-lfs itself is not
// needed: the store is laid out as git-lfs lays it out, and the pointer text is staged as the file's content.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePointer } from "../src/source/git/lfs.js";
import { cleanupTempDirs, cloneWithRemote, fakeGithubToken, git, gitResult, installTestHook, makeRepo, preReceiveServer, runCli, runJson, SEED, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const rsaKey = () =>
  generateKeyPairSync("rsa", { modulusLength: 1024, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey.trimEnd();

/** The middle of a key's body: never printed. */
const bodyOf = (key: string) => key.split("\n")[3];

const VERSION = "version https://git-lfs.github.com/spec/v1";

function pointerText(content: Buffer, version = VERSION): string {
  const oid = createHash("sha256").update(content).digest("hex");
  return `${version}\noid sha256:${oid}\nsize ${content.length}\n`;
}

/** Writes `content` into an LFS store (default: the repository's own) and stages its pointer at `path`, as `git add` does with git-lfs. */
function lfsAdd(repo: string, path: string, content: string | Buffer, objects = join(repo, ".git", "lfs", "objects"), store = true): void {
  const buf = Buffer.from(content);
  const oid = createHash("sha256").update(buf).digest("hex");
  if (store) write(objects, join(oid.slice(0, 2), oid.slice(2, 4), oid), buf);
  write(repo, ".gitattributes", "*.pem filter=lfs diff=lfs merge=lfs -text\n*.bin filter=lfs diff=lfs merge=lfs -text\n*.sql filter=lfs diff=lfs merge=lfs -text\n");
  write(repo, path, pointerText(buf));
  git(repo, "add", ".gitattributes", path);
}

describe(`Git LFS pointers (seed ${SEED})`, () => {
  it("recognises a pointer by the spec, and nothing else", () => {
    const content = Buffer.from("hello\n");
    expect(parsePointer(Buffer.from(pointerText(content)))).toEqual({ oid: createHash("sha256").update(content).digest("hex"), size: 6 });
    expect(parsePointer(Buffer.from(pointerText(content, "version https://hawser.github.com/spec/v1")))).not.toBeNull();
    const good = pointerText(content);
    expect(parsePointer(Buffer.from(good.replace("version https://git-lfs", "version http://git-lfs")))).toBeNull();
    expect(parsePointer(Buffer.from(good.toUpperCase().replace("VERSION HTTPS://GIT-LFS.GITHUB.COM/SPEC/V1", VERSION)))).toBeNull();
    const [v, oid, size] = good.trimEnd().split("\n");
    expect(parsePointer(Buffer.from(`${v}\n${size}\n${oid}\n`))).toBeNull();
    expect(parsePointer(Buffer.from(`${v}\n${oid}\n`))).toBeNull();
    expect(parsePointer(Buffer.from(good.trimEnd()))).toBeNull();
    expect(parsePointer(Buffer.from(`${v}\next-0-foo sha256:${"0".repeat(64)}\n${oid}\n${size}\n`))).not.toBeNull();
    expect(parsePointer(Buffer.from(`${v}\n${oid}\n${size}\nx-pad ${"a".repeat(1024)}\n`))).toBeNull();
  });

  it("blocks a staged .pem tracked by LFS whose object holds a private key, at the pointer's path, without printing the key", () => {
    const repo = makeRepo();
    const key = rsaKey();
    lfsAdd(repo, "keys/deploy.pem", `${key}\n`);
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("private-key-rsa");
    expect(r.stdout).toContain("keys/deploy.pem:1:1 (Git LFS object)");
    expect(r.stdout).not.toContain(bodyOf(key));
    const { report } = runJson(repo);
    expect(report.findings.map((f) => [f.detector, f.file, f.line])).toEqual([["private-key-rsa", "keys/deploy.pem", 1]]);
    expect(report.findings[0]).toMatchObject({ lfsObject: true });
    expect(JSON.stringify(report)).not.toContain(bodyOf(key));
    const sarif = JSON.parse(runCli(repo, ["--staged", "--format", "sarif"]).stdout);
    const result = sarif.runs[0].results[0];
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe("keys/deploy.pem");
    expect(result.message.text).toContain("(Git LFS object)");
    expect(result.properties).toEqual({ lfsObject: true });
  });

  it("blocks `git commit` through the pre-commit hook", () => {
    const repo = makeRepo();
    installTestHook(repo, "pre-commit");
    const key = rsaKey();
    lfsAdd(repo, "deploy.pem", `${key}\n`);
    const r = gitResult(repo, ["commit", "-m", "add key"]);
    const out = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    expect(out).toContain("deploy.pem:1:1 (Git LFS object)");
    expect(out).toContain("private-key-rsa");
    expect(out).not.toContain(bodyOf(key));
    expect(gitResult(repo, ["rev-parse", "-q", "--verify", "HEAD~1"]).status).not.toBe(0);
  });

  it("blocks `git push` of a commit whose LFS object holds a private key", () => {
    const { work, remote } = cloneWithRemote(["pre-push"]);
    const key = rsaKey();
    lfsAdd(work, "certs/server.pem", `${key}\n`);
    git(work, "commit", "-q", "-m", "add cert");
    const r = gitResult(work, ["push", "origin", "main"]);
    const out = r.stdout + r.stderr;
    expect(r.status).not.toBe(0);
    expect(out).toContain("certs/server.pem:1:1 (Git LFS object)");
    expect(out).toContain("private-key-rsa");
    expect(out).not.toContain(bodyOf(key));
    expect(git(remote, "log", "--format=%s", "main")).not.toContain("add cert");
    // The same commits read as a range (CI): the same finding.
    const range = runJson(work, ["scan", "--range", "origin/main..HEAD"]);
    expect(range.report.findings.map((f) => [f.detector, f.file])).toEqual([["private-key-rsa", "certs/server.pem"]]);
  });

  it("reads the LFS object of a committed file the pre-commit framework names (--all-files)", () => {
    const repo = makeRepo();
    const key = rsaKey();
    lfsAdd(repo, "deploy.pem", `${key}\n`);
    git(repo, "commit", "-q", "--no-verify", "-m", "add key");
    const r = runCli(repo, ["hook", "pre-commit", "deploy.pem"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("deploy.pem:1:1 (Git LFS object)");
    expect(r.stdout).not.toContain(bodyOf(key));
  });

  it("reads the LFS object of a pointer pushed under a tag that points at the blob", () => {
    const { work } = cloneWithRemote(["pre-push"]);
    lfsAdd(work, "loose.pem", `${rsaKey()}\n`);
    const blob = git(work, "rev-parse", ":loose.pem").trim();
    git(work, "reset", "-q");
    git(work, "tag", "-a", "keyblob", "-m", "a blob", blob);
    const r = gitResult(work, ["push", "origin", "refs/tags/keyblob"]);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("tag keyblob (blob):1:1 (Git LFS object)");
  });

  it("lists an LFS file whose object is not in this clone as skipped, with the reason, and passes", () => {
    const repo = makeRepo();
    lfsAdd(repo, "dump.sql", `INSERT INTO users VALUES (1, 'a');\n`, undefined, false);
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("dump.sql (Git LFS object not in this clone; git lfs fetch, then scan again)");
    expect(runJson(repo).report.scanned.skippedBinary).toBe(1);
  });

  it("reads an LFS object over 10 MB in pieces instead of holding it whole, every line scanned", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    lfsAdd(repo, "dump.sql", "INSERT INTO users VALUES (1, 'a');\n".repeat(310_000) + `-- token ${token}\n`);
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("dump.sql:310001:10 (Git LFS object)");
    expect(r.stdout).not.toContain(token);
    const { report } = runJson(repo);
    expect(report.findings.map((f) => [f.detector, f.file, f.line, f.lfsObject])).toEqual([["github-pat", "dump.sql", 310_001, true]]);
    // The object's 310,001 lines and .gitattributes' 3.
    expect(report.scanned).toMatchObject({ files: 2, lines: 310_004, skippedBinary: 0 });
  });

  it("on a modified LFS file reports only what the new object adds", () => {
    const repo = makeRepo();
    const key = rsaKey();
    lfsAdd(repo, "secrets.pem", `# deploy\n${key}\n`);
    git(repo, "commit", "-q", "--no-verify", "-m", "v1");
    const token = fakeGithubToken();
    lfsAdd(repo, "secrets.pem", `# deploy\n${key}\ntoken=${token}\n`);
    const { status, report, stdout } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.detector, f.file, f.line])).toEqual([["github-pat", "secrets.pem", key.split("\n").length + 2]]);
    expect(stdout).not.toContain(token);
  });

  it("keeps a binary LFS object skipped like any binary file", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    lfsAdd(repo, "model.bin", Buffer.concat([Buffer.from([0, 1, 2, 0, 0, 255]), randomBytes(4096), Buffer.from(`\n${token}\n`)]));
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("model.bin (binary content)");
  });

  it("follows lfs.storage, relative to the git directory or absolute", () => {
    const relative = makeRepo();
    git(relative, "config", "lfs.storage", "lfs-store");
    lfsAdd(relative, "a.pem", `${rsaKey()}\n`, join(relative, ".git", "lfs-store", "objects"));
    expect(runJson(relative).report.findings.map((f) => f.file)).toEqual(["a.pem"]);
    const absolute = makeRepo();
    const store = tempDir();
    git(absolute, "config", "lfs.storage", store);
    lfsAdd(absolute, "b.pem", `${rsaKey()}\n`, join(store, "objects"));
    expect(runJson(absolute).report.findings.map((f) => f.file)).toEqual(["b.pem"]);
  });

  it("on the server says the LFS content was not in the push instead of passing silently", () => {
    const { work } = preReceiveServer();
    lfsAdd(work, "deploy.pem", `${rsaKey()}\n`);
    git(work, "commit", "-q", "-m", "add key");
    const r = gitResult(work, ["push", "origin", "main"]);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toContain("files tracked by Git LFS; their content goes to the LFS server");
  });
});
