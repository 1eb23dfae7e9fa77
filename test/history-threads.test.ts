// History scans with the engine on worker threads: the same report, byte for byte, whatever the thread count.
import { availableParallelism } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, fake, fakeGithubToken, fakePostmanKey, git, gitResult, makeRepo, runCli, SEED, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const fakeNpmToken = () => fake("npm_{base62:30}{checksum:crc32-base62}");

interface Commit {
  message: string;
  files: Record<string, string>;
}

/** Appends commits to `branch` in one `git fast-import` run: hundreds of commits in well under a second. */
function importCommits(repo: string, branch: string, commits: Commit[]): void {
  const parts: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let time = 1_700_000_000;
  const parent = gitResult(repo, ["rev-parse", "--verify", "--quiet", branch]).stdout.trim();
  commits.forEach((c, i) => {
    parts.push(`commit refs/heads/${branch}\ncommitter Test <test@example.com> ${time++} +0000\n${data(c.message)}`);
    if (i === 0 && parent) parts.push(`from ${parent}\n`);
    for (const [path, content] of Object.entries(c.files)) parts.push(`M 100644 inline ${path}\n${data(content)}`);
    parts.push("\n");
  });
  const r = gitResult(repo, ["fast-import", "--quiet"], {}, parts.join(""));
  if (r.status !== 0) throw new Error(r.stderr);
}

/** Lines of ordinary code, `bytes` long in all. */
function filler(seed: number, bytes: number): string {
  const lines: string[] = [];
  for (let n = 0, size = 0; size < bytes; n++) {
    const line = `export function handler${seed}_${n}(request, response) { return response.send(request.body.items[${n}] ?? null); }`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

const secrets: string[] = [];
const remember = (s: string) => (secrets.push(s), s);
const makers = [fakeGithubToken, fakePostmanKey, fakeNpmToken];

/**
 * About 320 commits and 14 MB of added text: past the 4 MB a scan reads before handing over to a pool, and more
 * than the pool's batches and its backlog hold, so batches go to every worker and the reader waits. Secrets of three detectors are spread over it,
 * with an inline allow marker, a file past the per-file cap, a commit message, a side branch and its merge.
 */
function bigHistory(): string {
  const repo = makeRepo();
  const commits: Commit[] = [];
  for (let i = 0; i < 300; i++) {
    const files: Record<string, string> = { [`src/mod${i % 40}.js`]: filler(i, i % 25 === 0 ? 600_000 : 20_000) };
    if (i % 23 === 5) files[`config/keys${i}.js`] = `\nconst key = "${remember(makers[i % 3]())}";\n`;
    if (i === 77) files["src/fixture.js"] = `const t = "${remember(fakeGithubToken())}"; // leakstop:allow github-pat test fixture\n`;
    if (i === 150) files["src/many.js"] = Array.from({ length: 103 }, (_, n) => `const t${n} = "${remember(fakeGithubToken())}";\n`).join("");
    commits.push({ message: i === 200 ? `rotate\n\nNPM_TOKEN=${remember(fakeNpmToken())}\n` : `change ${i}`, files });
  }
  importCommits(repo, "main", commits);
  git(repo, "reset", "-q", "--hard", "main");
  git(repo, "branch", "side", "main~20");
  importCommits(repo, "side", Array.from({ length: 20 }, (_, i) => ({ message: `side ${i}`, files: { [`side/part${i}.js`]: filler(1000 + i, 30_000) + (i === 9 ? `const s = "${remember(fakePostmanKey())}";\n` : "") } })));
  git(repo, "merge", "-q", "--no-ff", "-m", "merge side", "side");
  return repo;
}

const threads = (n: number) => ({ LEAKSTOP_THREADS: String(n), NODE_DEBUG: "worker" });
// Scan workers only (started from a file; Node prints its URL on the lines after): a history with large
// files also starts the thread that reads git's output, from code it evaluates.
const workersStarted = (stderr: string) => stderr.split("\n").filter((l) => /create new worker URL \{/.test(l)).length;
/** What leakstop itself printed on stderr, without Node's debug lines. */
const ownLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("leakstop"));

describe(`history scans on worker threads (seed ${SEED})`, () => {
  let repo: string;
  beforeAll(() => {
    repo = bigHistory();
  }, 120_000);

  for (const format of ["json", "text"]) {
    it(`scan --all --format ${format}: one thread and two give the same report, byte for byte`, () => {
      const one = runCli(repo, ["scan", "--all", "--format", format], threads(1));
      const two = runCli(repo, ["scan", "--all", "--format", format], threads(2));
      expect(workersStarted(one.stderr)).toBe(0);
      expect(workersStarted(two.stderr)).toBe(2);
      expect(one.status).toBe(1);
      expect(two.status).toBe(1);
      expect(two.stdout).toBe(one.stdout);
      expect(ownLines(two.stderr)).toEqual(ownLines(one.stderr));
      for (const s of secrets) {
        expect(two.stdout).not.toContain(s);
        expect(two.stderr).not.toContain(s);
      }
      if (format === "json") {
        const report = JSON.parse(two.stdout) as { findings: { detector: string; file: string; line: number }[]; suppressed: { detector: string; file: string; suppressedBy: string }[]; notes: string[]; scanned: { commits: number } };
        expect(report.scanned.commits).toBe(322);
        expect(new Set(report.findings.map((f) => f.detector))).toEqual(new Set(["github-pat", "postman-api-key", "npm-access-token"]));
        expect(report.findings.map((f) => `${f.file}:${f.line}`)).toContain("side/part9.js:" + (filler(1009, 30_000).split("\n").length));
        expect(report.findings.filter((f) => f.file === "src/many.js")).toHaveLength(100);
        expect(report.notes.join("\n")).toMatch(/src\/many\.js/);
        expect(report.suppressed.map((s) => `${s.detector} ${s.file} ${s.suppressedBy}`)).toEqual(["github-pat src/fixture.js inline"]);
      }
    }, 120_000);
  }

  // Text from here on: JSON's fingerprints (scrypt, for a hundred findings) would double the time.
  it("--range and --since: the same report with one thread and with three", () => {
    for (const args of [["--range", "main~250..main"], ["--since", "main~200"]]) {
      const one = runCli(repo, ["scan", ...args], threads(1));
      const three = runCli(repo, ["scan", ...args], threads(3));
      expect(workersStarted(three.stderr)).toBe(3);
      expect(one.status).toBe(1);
      expect(three.status).toBe(1);
      expect(three.stdout).toBe(one.stdout);
    }
  }, 120_000);

  it("left to itself, a history this big hands over to worker threads where there are cores to spare", () => {
    const r = runCli(repo, ["scan", "--all"], { NODE_DEBUG: "worker" });
    expect(r.status).toBe(1);
    // One core is left to the main thread and git: on 2 cores the pool costs more than it saves.
    const cores = availableParallelism();
    expect(workersStarted(r.stderr)).toBe(cores >= 3 ? Math.min(cores - 1, 4) : 0);
    expect(r.stdout).toBe(runCli(repo, ["scan", "--all"], threads(1)).stdout);
  }, 120_000);

  it("a slow batch early does not let later findings overtake it", () => {
    const slow = makeRepo();
    // Thousands of keyword hits with no token behind them: a batch that takes one worker long to scan.
    const dense = Array.from({ length: 40_000 }, (_, n) => `const k${n} = "ghp_" + parts[${n}]; // npm_ PMAK- ghp_`).join("\n");
    // First more than a scan reads on its own thread before it hands over (4 MB).
    const commits: Commit[] = Array.from({ length: 5 }, (_, i) => ({ message: `vendor ${i}`, files: { [`vendor/lib${i}.js`]: filler(i, 1_000_000) } }));
    commits.push({ message: "dense", files: { "src/dense.js": `${dense}\nconst t = "${remember(fakeGithubToken())}";\n` } });
    for (let i = 0; i < 120; i++) commits.push({ message: `small ${i}`, files: { [`src/small${i}.js`]: filler(i, 12_000) + `const t = "${remember(makers[i % 3]())}";\n` } });
    importCommits(slow, "main", commits);
    const one = runCli(slow, ["scan", "--all"], threads(1));
    const two = runCli(slow, ["scan", "--all"], threads(2));
    expect(workersStarted(two.stderr)).toBe(2);
    expect(one.status).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.indexOf("src/dense.js")).toBeLessThan(one.stdout.indexOf("src/small0.js"));
  }, 120_000);

  it("a small history starts no worker thread", () => {
    const small = makeRepo();
    write(small, "app.js", `const t = "${remember(fakeGithubToken())}";\n`);
    git(small, "add", ".");
    git(small, "commit", "-q", "-m", "add app");
    const r = runCli(small, ["scan", "--all", "--format", "json"], { NODE_DEBUG: "worker" });
    expect(r.status).toBe(1);
    expect(workersStarted(r.stderr)).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(["app.js:1"]);
  }, 60_000);
});
