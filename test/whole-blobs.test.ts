// Whole files read outside a diff (named to the pre-commit framework, pushed under a tag, on disk) are scanned in
// pieces as they come: a leakstop whose heap is smaller than the file still finds the secret in it, at its line.
import { closeSync, ftruncateSync, openSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, cloneWithRemote, fakeGithubToken, git, runCli, SEED, tempDir, writeDump } from "./helpers.js";

afterAll(cleanupTempDirs);

// Held whole, a 96 MB file's text alone would not fit in this heap (V8 stops the process: out of memory).
const SMALL_HEAP = { NODE_OPTIONS: "--max-old-space-size=64" };

/** A clone with a committed 96 MB dump holding `token` on line 500,001. */
function committedDump(token: string) {
  const { work } = cloneWithRemote([]);
  writeDump(work, "data/dump.sql", 1_000_000, 500_000, `INSERT INTO tokens VALUES ('${token}');`);
  git(work, "add", "data/dump.sql");
  git(work, "commit", "-q", "--no-verify", "-m", "dump");
  return work;
}

describe(`whole files read in pieces (seed ${SEED})`, () => {
  it("the pre-commit framework naming a committed file larger than the heap (--all-files): found at its line", () => {
    const token = fakeGithubToken();
    const work = committedDump(token);
    const r = runCli(work, ["hook", "pre-commit", "data/dump.sql"], SMALL_HEAP);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("data/dump.sql:500001:29");
    expect(r.stdout).toContain("[github-pat]");
    expect(r.stdout).not.toContain(token);
  }, 120_000);

  it("a tag that points at a blob larger than the heap, pushed: found at its line", () => {
    const token = fakeGithubToken();
    const work = committedDump(token);
    git(work, "tag", "-a", "snapshot", "-m", "the dump alone", git(work, "rev-parse", "HEAD:data/dump.sql").trim());
    const refs = `refs/tags/snapshot ${git(work, "rev-parse", "snapshot").trim()} refs/tags/snapshot ${"0".repeat(40)}\n`;
    const r = runCli(work, ["hook", "pre-push", "origin", "x"], SMALL_HEAP, refs);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain("tag snapshot (blob):500001:29");
    expect(r.stdout + r.stderr).not.toContain(token);
  }, 120_000);

  it("scan --files: a 48 MB file on disk read under a smaller heap, and one past 50 MB named as skipped", () => {
    const token = fakeGithubToken();
    const dir = tempDir();
    writeDump(dir, "data/dump.sql", 500_000, 250_000, `INSERT INTO tokens VALUES ('${token}');`);
    // Sparse: its size is all that is looked at.
    const big = openSync(join(dir, "data/huge.bin"), "w");
    ftruncateSync(big, 51 * 1024 * 1024);
    closeSync(big);
    const r = runCli(dir, ["scan", "--files", "data"], { ...SMALL_HEAP, COLUMNS: "1000" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("data/dump.sql:250001:29");
    expect(r.stdout).toContain("1 file skipped: data/huge.bin (larger than 50 MB)");
    expect(r.stdout).not.toContain(token);
  }, 120_000);
});
