import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Change } from "../src/model/index.js";
import { readStagedIso } from "../src/source/git/isoReader.js";
import { readStaged } from "../src/source/staged.js";
import { cleanupTempDirs, fakeGithubToken, git, makeRepo, runCli, runJson, SEED, tempDir, write, writeDump } from "./helpers.js";

afterAll(cleanupTempDirs);

type Reader = (onChange: (c: Change) => void, options: { cwd?: string }) => Promise<unknown>;

async function addedBy(reader: Reader, cwd: string): Promise<string[]> {
  const out: string[] = [];
  await reader((c) => {
    for (const l of c.lines) if (l.added) out.push(`${c.path}:${l.number}:${l.text}`);
  }, { cwd });
  return out.sort();
}

const lines = (n: number, tag = "line") => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`).join("\n") + "\n";

// Each scenario builds a repository with staged changes that both readers must see identically.
const scenarios: Record<string, (repo: string) => void> = {
  "new files in nested folders": (r) => {
    write(r, "a/b/c.txt", lines(5));
    write(r, "top.js", "const x = 1;\n");
  },
  "insertions, deletions and replacements in a modified file": (r) => {
    write(r, "m.txt", lines(30));
    git(r, "add", ".");
    git(r, "commit", "-q", "-m", "base");
    const l = lines(30).split("\n");
    l.splice(3, 2, "replaced A", "replaced B", "replaced C");
    l.splice(15, 0, "inserted");
    l.splice(25, 1);
    write(r, "m.txt", l.join("\n"));
  },
  "duplicated lines (an ambiguous diff)": (r) => {
    write(r, "d.txt", "a\nb\na\nb\n");
    git(r, "add", ".");
    git(r, "commit", "-q", "-m", "base");
    write(r, "d.txt", "a\nb\na\nb\na\nb\n}\n}\n");
  },
  "a deleted file and a binary file": (r) => {
    write(r, "gone.txt", lines(3));
    git(r, "add", ".");
    git(r, "commit", "-q", "-m", "base");
    git(r, "rm", "-q", "gone.txt");
    write(r, "img.bin", Buffer.from([0x89, 0, 1, 2, 10, 65, 10]));
  },
  "CRLF, no final newline, unusual names": (r) => {
    write(r, "win.txt", "one\r\ntwo\r\n");
    write(r, "no-eol.txt", "last line without newline");
    write(r, "sp ace ü \"q\".txt", "x\n");
  },
  "exact rename and rename with an edit": (r) => {
    write(r, "old1.txt", lines(20, "first"));
    write(r, "old2.txt", lines(20, "second"));
    git(r, "add", ".");
    git(r, "commit", "-q", "-m", "base");
    git(r, "mv", "old1.txt", "new1.txt");
    git(r, "mv", "old2.txt", "new2.txt");
    write(r, "new2.txt", lines(20, "second").replace("second 7\n", "edited 7\n"));
  },
  "symlink and mode change": (r) => {
    write(r, "script.sh", "echo hi\n");
    git(r, "add", ".");
    git(r, "commit", "-q", "-m", "base");
    git(r, "update-index", "--chmod=+x", "script.sh");
    symlinkSync("script.sh", join(r, "link"));
  },
  "intent-to-add file": (r) => {
    write(r, "ita.txt", "later\n");
    git(r, "add", "-N", "ita.txt");
    write(r, "real.txt", "now\n");
  },
};

describe(`staged-change readers agree (seed ${SEED})`, () => {
  for (const [name, build] of Object.entries(scenarios)) {
    it(name, async () => {
      const repo = makeRepo();
      build(repo);
      git(repo, "add", "-A", ":!ita.txt");
      const viaGit = await addedBy(readStaged, repo);
      const viaIso = await addedBy(readStagedIso, repo);
      expect(viaIso).toEqual(viaGit);
    });
  }

  it("agree on the first commit and with --separate-git-dir", async () => {
    const base = tempDir();
    const work = join(base, "w");
    mkdirSync(work);
    git(work, "init", "-q", "--separate-git-dir", join(base, "g.git"));
    write(work, "f.txt", lines(4));
    git(work, "add", ".");
    expect(await addedBy(readStagedIso, work)).toEqual(await addedBy(readStaged, work));
    // Four lines and the path the commit adds.
    expect((await addedBy(readStaged, work)).length).toBe(5);
  });

  it("never writes: the index is byte-for-byte unchanged after an isomorphic-git read", async () => {
    const repo = makeRepo();
    write(repo, "a.txt", "a\n");
    git(repo, "add", ".");
    const index = join(repo, ".git", "index");
    const before = readFileSync(index);
    const mtime = statSync(index).mtimeMs;
    await addedBy(readStagedIso, repo);
    expect(readFileSync(index)).toEqual(before);
    expect(statSync(index).mtimeMs).toBe(mtime);
  });

  it("finds a staged key through the CLI with --reader isomorphic-git", () => {
    const repo = makeRepo();
    write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    const { status, report } = runJson(repo, ["--staged", "--reader", "isomorphic-git"]);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}:${f.column}`)).toEqual(["github-pat k.js:1:12"]);
  });

  it("--reader isomorphic-git names a file past 10 MB as skipped instead of holding it whole; git's reader finds its key", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    writeDump(repo, "data/dump.sql", 1_000_000, 500_000, `INSERT INTO tokens VALUES ('${token}');`);
    write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    // Held whole, the dump would not fit in this heap (V8 stops the process: out of memory).
    const iso = runCli(repo, ["--staged", "--reader", "isomorphic-git"], { NODE_OPTIONS: "--max-old-space-size=64", COLUMNS: "1000" });
    expect(iso.stderr).toBe("");
    expect(iso.status).toBe(1);
    expect(iso.stdout).toContain("k.js:1:12");
    expect(iso.stdout).toContain("1 file skipped: data/dump.sql (larger than 10 MB, which the isomorphic-git reader does not read; run leakstop where git is installed)");
    const withGit = runJson(repo, ["--staged", "--reader", "git"]);
    expect(withGit.report.findings.map((f) => `${f.file}:${f.line}`)).toEqual(["data/dump.sql:500001", "k.js:1"]);
  }, 120_000);

  it("falls back to isomorphic-git by itself where there is no git binary", () => {
    const repo = makeRepo();
    write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    const { status, report } = runJson(repo, ["--staged"], { PATH: "/nonexistent" });
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["github-pat k.js:1"]);
  });

  const refusals: [string, (repo: string) => Record<string, string> | void, string][] = [
    ["index version 4", (r) => void git(r, "update-index", "--index-version", "4"), "index version 4"],
    ["split index", (r) => void git(r, "update-index", "--split-index"), "a split index"],
    ["sparse index", (r) => void git(r, "sparse-checkout", "init", "--cone", "--sparse-index"), "a sparse index"],
    ["alternate index", () => ({ GIT_INDEX_FILE: ".git/other-index" }), "an alternate index (GIT_INDEX_FILE, as in `git commit -a`)"],
    ["alternates", (r) => writeFileSync(join(r, ".git/objects/info/alternates"), "/nowhere\n"), "a repository with alternates"],
    ["partial clone", (r) => void git(r, "config", "extensions.partialClone", "origin"), "a partial clone"],
  ];
  for (const [label, setup, what] of refusals) {
    it(`refuses ${label} with a clear error`, () => {
      const repo = makeRepo();
      write(repo, "x/a.txt", "a\n");
      git(repo, "add", ".");
      const env = setup(repo) ?? {};
      const r = runCli(repo, ["--staged", "--reader", "isomorphic-git"], env);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`leakstop: error: the isomorphic-git reader cannot read ${what}; run leakstop where git is installed\n`);
    });
  }

  it("an index cut short is an error naming the file, wherever the cut falls, never an internal error", () => {
    const repo = makeRepo();
    write(repo, "a.txt", "a\n");
    write(repo, "b.txt", "b\n");
    git(repo, "add", ".");
    const index = readFileSync(join(repo, ".git/index"));
    for (const length of [6, 12, 40, 100, index.indexOf("b.txt")]) {
      writeFileSync(join(repo, ".git/index"), index.subarray(0, length));
      const r = runCli(repo, ["--staged", "--reader", "isomorphic-git"]);
      expect([length, r.status, r.stderr]).toEqual([length, 2, `leakstop: error: ${join(repo, ".git", "index")} ends inside an entry: the index is damaged (git status shows git's own error)\n`]);
    }
  });

  it("refuses a linked worktree and a SHA-256 repository", () => {
    const repo = makeRepo();
    const wt = join(tempDir(), "wt");
    git(repo, "worktree", "add", "-q", wt);
    expect(runCli(wt, ["--staged", "--reader", "isomorphic-git"]).stderr).toContain("cannot read a linked worktree (commondir)");
    const sha256 = tempDir();
    git(sha256, "init", "-q", "--object-format=sha256");
    expect(runCli(sha256, ["--staged", "--reader", "isomorphic-git"]).stderr).toContain("cannot read a SHA-256 repository");
  });
});
