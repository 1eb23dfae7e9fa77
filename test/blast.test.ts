import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, cloneWithRemote, fake, fakeGithubToken, git, gitResult, runCli, SEED, tempDir, write, writeDump } from "./helpers.js";

afterAll(cleanupTempDirs);

const ZERO = "0".repeat(40);

function commit(dir: string, path: string, content: string, subject: string, env: Record<string, string> = {}): string {
  write(dir, path, content);
  git(dir, "add", path);
  const r = gitResult(dir, ["commit", "-q", "--no-verify", "-m", subject], env);
  if (r.status !== 0) throw new Error(r.stderr);
  return git(dir, "rev-parse", "HEAD").trim();
}

/** Every file under a directory, with its content. */
function filesUnder(dir: string): { path: string; content: string }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, content: readFileSync(path, "utf8") };
    });
}

/**
 * A clone whose token is in many places: pushed in config/old.js (origin/main), committed only locally in
 * config/local.js, on branch feature and tag v1 (feat.js), in the stash (README.md), and staged in src/app.js.
 */
function repoWithTokenEverywhere() {
  const { base, work } = cloneWithRemote([]);
  const token = fakeGithubToken();
  commit(work, "config/old.js", `module.exports = { token: "${token}" };\n`, "old config");
  git(work, "push", "-q", "--no-verify", "origin", "main");
  commit(work, "config/local.js", `const t = "${token}";\n`, "local config");
  commit(work, "deploy.sh", 'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user\n', "deploy");
  commit(work, ".github/workflows/ci.yml", "env:\n  TOKEN: ${{ secrets.GITHUB_TOKEN }}\n", "ci");
  commit(work, "src/api.py", 'import os\nTOKEN = os.environ["GITHUB_TOKEN"]\n', "api");
  commit(work, "src/other.js", "const old = process.env.GITHUB_TOKEN_OLD;\n", "other var");
  git(work, "checkout", "-q", "-b", "feature");
  commit(work, "feat.js", `const key = "${token}";\n`, "feature");
  git(work, "tag", "-a", "v1", "-m", "release");
  git(work, "checkout", "-q", "main");
  write(work, "README.md", `# app\ntoken ${token}\n`);
  git(work, "stash", "-q");
  write(work, "src/app.js", `const token = "${token}";\n`);
  git(work, "add", "src/app.js");
  return { base, work, token };
}

describe(`blast radius (seed ${SEED})`, () => {
  it("names every other place the staged secret is: HEAD files, branch, tag, stash, remote-tracking ref, and the files reading its variable", () => {
    const { work, token } = repoWithTokenEverywhere();
    const tmp = tempDir();
    const r = runCli(work, ["--staged"], { TMPDIR: tmp, COLUMNS: "1000" });
    expect(r.status).toBe(1);
    const alsoIn = r.stdout.split("\n").find((l) => l.trim().startsWith("Also in:"));
    expect(alsoIn).toBeDefined();
    expect(alsoIn).toContain("config/local.js, config/old.js at HEAD");
    expect(alsoIn).toContain("branch feature (feat.js)");
    expect(alsoIn).toContain("tag v1 (feat.js)");
    expect(alsoIn).toContain("stash@{0} (README.md)");
    expect(alsoIn).toContain("origin/main (config/old.js) already on the remote");
    expect(alsoIn).not.toContain("branch main");
    expect(r.stdout).toContain("Read as GITHUB_TOKEN in: .github/workflows/ci.yml, deploy.sh, src/api.py (update them when it is rotated)");
    expect(r.stdout).not.toContain("src/other.js");
    expect(r.stdout).not.toContain("not searched");
    expect(r.stdout + r.stderr).not.toContain(token);
    // A staged finding's search writes nothing anywhere.
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("puts the same places in the JSON report as a blastRadius object, without the value", () => {
    const { work, token } = repoWithTokenEverywhere();
    const r = runCli(work, ["--staged", "--format", "json"]);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain(token);
    const finding = JSON.parse(r.stdout).findings[0];
    expect(finding.file).toBe("src/app.js");
    expect(finding.blastRadius).toEqual({
      files: ["config/local.js", "config/old.js"],
      branches: [{ ref: "feature", paths: ["config/local.js", "config/old.js", "feat.js"] }],
      tags: [{ ref: "v1", paths: ["config/local.js", "config/old.js", "feat.js"] }],
      stashes: [{ ref: "stash@{0}", paths: ["README.md", "config/local.js", "config/old.js"] }],
      remotes: [{ ref: "origin/main", paths: ["config/old.js"] }],
      envVar: { name: "GITHUB_TOKEN", readers: [".github/workflows/ci.yml", "deploy.sh", "src/api.py"] },
      notSearched: 0,
    });
  });

  it("hands the value to git on stdin, never in argv, and runs no search at all when nothing is found", () => {
    const { work, token } = repoWithTokenEverywhere();
    const tmp = tempDir();
    const blockedTrace = join(tmp, "blocked.trace");
    expect(runCli(work, ["--staged"], { GIT_TRACE: blockedTrace }).status).toBe(1);
    const blocked = readFileSync(blockedTrace, "utf8");
    expect(blocked).toMatch(/git.* grep -F -I -o -z --no-color -f -/);
    expect(blocked).not.toContain(token);

    git(work, "reset", "-q");
    write(work, "src/app.js", "const token = process.env.GITHUB_TOKEN;\n");
    git(work, "add", "src/app.js");
    const cleanTrace = join(tmp, "clean.trace");
    const clean = runCli(work, ["--staged"], { GIT_TRACE: cleanTrace });
    expect(clean.status).toBe(0);
    const trace = readFileSync(cleanTrace, "utf8");
    expect(trace).not.toMatch(/ grep /);
    expect(trace).not.toContain("for-each-ref");
    expect(clean.stdout).not.toContain("Also in:");
  });

  it("reads a file back from git once for all the secrets in it, and looks for the code reading their variables in one search", () => {
    const { work } = cloneWithRemote([]);
    commit(work, "src/db.js", "module.exports = process.env.SERVICE_7_PASSWORD;\n", "db");
    const lines = Array.from({ length: 150 }, (_, i) => `service_${i}_password = "${fake("{base62:18}")}"`);
    write(work, "secrets.env", lines.join("\n") + "\n");
    git(work, "add", "secrets.env");
    // git, first on PATH, logs each command and what each `cat-file --batch` is asked for.
    const bin = tempDir();
    const [commands, asked] = [join(bin, "commands.log"), join(bin, "asked.log")];
    const realGit = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
    const wrapper = `#!/bin/sh\necho "$*" >> '${commands}'\ncase " $* " in *" cat-file --batch "*) tee -a '${asked}' | exec '${realGit}' "$@" ;; *) exec '${realGit}' "$@" ;; esac\n`;
    writeFileSync(join(bin, "git"), wrapper, { mode: 0o755 });
    const r = runCli(work, ["--staged", "--format", "json"], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { line: number; blastRadius?: { envVar?: { name: string; readers: string[] } } }[];
    expect(findings).toHaveLength(100);
    expect(findings.find((f) => f.line === 8)?.blastRadius?.envVar).toEqual({ name: "SERVICE_7_PASSWORD", readers: ["src/db.js"] });
    expect(readFileSync(asked, "utf8").split("\n").filter((l) => l === ":secrets.env")).toHaveLength(1);
    // One search for the values in every ref, one for the code reading any of the 100 variables.
    expect(readFileSync(commands, "utf8").split("\n").filter((l) => / grep /.test(l))).toHaveLength(2);
  });

  it("reads secrets back from a staged file larger than its heap: a 100 MB dump, and a token 1.5 MB into one line", () => {
    const { work } = cloneWithRemote([]);
    const [dumped, minified] = [fakeGithubToken(), fakeGithubToken()];
    commit(work, "config/keys.js", `const a = "${dumped}";\nconst b = "${minified}";\n`, "keys");
    writeDump(work, "dump.sql", 1_000_000, 500_000, `INSERT INTO tokens VALUES ('${dumped}');`);
    const filler = (bytes: number) => "var a=b.c(d,e)||f;".repeat(Math.ceil(bytes / 18));
    write(work, "dist/app.min.js", `${filler(1_500_000)}var t="${minified}";${filler(500_000)}\n`);
    git(work, "add", "dump.sql", "dist/app.min.js");
    // Held whole, the dump's text alone would not fit in this heap (V8 stops the process: out of memory).
    const r = runCli(work, ["--staged", "--format", "json"], { NODE_OPTIONS: "--max-old-space-size=64" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { file: string; line: number; column: number; blastRadius?: { files: string[] } }[];
    expect(findings.map((f) => `${f.file}:${f.line} ${f.blastRadius?.files}`)).toEqual(["dist/app.min.js:1 config/keys.js", "dump.sql:500001 config/keys.js"]);
    expect(findings[0].column).toBeGreaterThan(1_500_000);
    expect(r.stdout).not.toContain(dumped);
    expect(r.stdout).not.toContain(minified);
  }, 120_000);

  it("reads a secret back from a path with spaces, after one git cannot be asked for (a newline in its name)", () => {
    const { work } = cloneWithRemote([]);
    const [spaced, newline] = [fakeGithubToken(), fakeGithubToken()];
    commit(work, "config/keys.js", `const a = "${spaced}";\nconst b = "${newline}";\n`, "keys");
    write(work, "a\nodd.js", `const t = "${newline}";\n`);
    write(work, "z config/app settings 2.js", `const t = "${spaced}";\n`);
    git(work, "add", "a\nodd.js", "z config/app settings 2.js");
    // Changed since it was staged: the index is the only place its value can be read back from.
    write(work, "z config/app settings 2.js", "const t = process.env.TOKEN;\n");
    const r = runCli(work, ["--staged", "--format", "json"]);
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { file: string; blastRadius?: { files: string[] } }[];
    expect(findings.map((f) => [f.file, f.blastRadius?.files])).toEqual([
      // Asked of git, its name would take two of git's answers and shift the next file's: read from the working tree.
      ["a\nodd.js", ["config/keys.js"]],
      ["z config/app settings 2.js", ["config/keys.js"]],
    ]);
  });

  it("says how many refs it did not search when the time budget runs out", () => {
    const { work, token } = repoWithTokenEverywhere();
    const r = runCli(work, ["--staged"], { LEAKSTOP_BLAST_BUDGET_MS: "0" });
    expect(r.status).toBe(1);
    // HEAD, stash@{0}, feature, v1, origin/main (the current branch is HEAD; origin/HEAD only points elsewhere).
    expect(r.stdout).toContain("5 refs not searched for it");
    expect(r.stdout).not.toContain("Also in:");
    expect(r.stdout + r.stderr).not.toContain(token);
    const json = JSON.parse(runCli(work, ["--staged", "--format", "json"], { LEAKSTOP_BLAST_BUDGET_MS: "0" }).stdout);
    expect(json.findings[0].blastRadius.notSearched).toBe(5);
  });

  it("prints nothing extra while the secret is nowhere else, and names the branch once it is on one", () => {
    const { work } = cloneWithRemote([]);
    const token = fakeGithubToken();
    write(work, "src/app.js", `const token = "${token}";\n`);
    git(work, "add", "src/app.js");
    const alone = runCli(work, ["--staged"]);
    expect(alone.status).toBe(1);
    expect(alone.stdout).not.toContain("Also in:");
    expect(alone.stdout).not.toContain("not searched");
    expect(alone.stdout).not.toContain("Read as");
    expect(JSON.parse(runCli(work, ["--staged", "--format", "json"]).stdout).findings[0].blastRadius).toBeUndefined();
    git(work, "stash", "-q");
    git(work, "checkout", "-q", "-b", "spike");
    commit(work, "spike.js", `const t = "${token}";\n`, "spike");
    git(work, "checkout", "-q", "main");
    git(work, "stash", "pop", "-q");
    const r = runCli(work, ["--staged"]);
    expect(r.stdout).toContain("Also in: branch spike (spike.js)\n");
    expect(JSON.parse(runCli(work, ["--staged", "--format", "json"]).stdout).findings[0].blastRadius.branches).toEqual([{ ref: "spike", paths: ["spike.js"] }]);
  });
});

const COMMITTED_AT = "2026-01-15T10:00:00+00:00";

/** A secret pushed to the remote "backup" (bypassing the hook), then a push to origin that would carry it there too. */
function pushedSecret() {
  const { base, work } = cloneWithRemote(["pre-push"]);
  const backup = join(base, "backup.git");
  git(base, "init", "-q", "--bare", backup);
  git(work, "remote", "add", "backup", backup);
  const token = fakeGithubToken();
  const leak = commit(work, "src/app.js", `const a = 1;\nconst token = "${token}";\n`, "leak", { GIT_COMMITTER_DATE: COMMITTED_AT });
  git(work, "push", "-q", "--no-verify", "backup", "main");
  commit(work, "later.txt", "later\n", "later");
  return { base, work, token, leak, backup };
}

function replaceFileIn(out: string): string {
  const m = /git filter-repo --replace-text (\S+)/.exec(out);
  expect(m).not.toBeNull();
  return m![1];
}

describe(`cleaning history once a secret is on a remote (seed ${SEED})`, () => {
  it("gives the filter-repo command with a private rules file outside the repository, the force-pushes, and the exposure window", () => {
    const { work, token, leak } = pushedSecret();
    const tmp = tempDir();
    const r = gitResult(work, ["push", "origin", "main"], { TMPDIR: tmp, COLUMNS: "1000" });
    const out = r.stdout + r.stderr;
    // New to origin, so blocked; on backup already, so its history there needs cleaning.
    expect(r.status).not.toBe(0);
    expect(out).toContain("ALREADY ON ANOTHER REMOTE");
    expect(out).not.toContain(token);
    const file = replaceFileIn(out);
    expect(relative(work, file).startsWith("..")).toBe(true);
    expect(file.startsWith(tmp)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe(`literal:${token}==>***REMOVED***\n`);
    expect(out).toContain(`${file} holds the replacement rules`);
    expect(out).toContain("git push --force backup main");
    expect(out).not.toContain("git push --force origin");
    expect(out).toContain(`git clone ${join(work, "..", "backup.git")} leakstop-clean-backup`);
    expect(out).toContain("Forks, pull-request refs and caches on the host keep the old commits");
    expect(out).toContain("Rotate it first");
    expect(git(work, "log", "-1", "--format=%cI", leak).trim()).toBe(COMMITTED_AT);
    expect(out).toContain(`exposed since ${COMMITTED_AT} (committer date of ${leak.slice(0, 8)}`);
    expect(out).toMatch(/until it is revoked: read .+ for that window\./);
    // The only file written is the rules file.
    expect(filesUnder(tmp).map((f) => f.path)).toEqual([file]);
  });

  it("dates the window from the oldest pushed commit holding the secret, and keeps the value out of the JSON report", () => {
    const { work, token, leak } = pushedSecret();
    // A later pushed commit still holds it: the window starts at the first one.
    commit(work, "src/app.js", `const a = 2;\nconst token = "${token}";\n`, "touch", { GIT_COMMITTER_DATE: "2026-02-01T00:00:00+00:00" });
    git(work, "push", "-q", "--no-verify", "backup", "main");
    const head = git(work, "rev-parse", "HEAD").trim();
    const tmp = tempDir();
    const r = runCli(work, ["hook", "pre-push", "origin", "x", "--format", "json"], { TMPDIR: tmp }, `refs/heads/main ${head} refs/heads/main ${ZERO}\n`);
    expect(r.stdout + r.stderr).not.toContain(token);
    const report = JSON.parse(r.stdout);
    const found = report.findings.filter((f: { exposure?: string }) => f.exposure === "other-remote");
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      const history = f.blastRadius.history;
      expect(history.since).toEqual({ commit: leak, date: COMMITTED_AT });
      expect(history.pushes).toEqual([{ remote: "backup", url: join(work, "..", "backup.git"), branches: ["main"] }]);
      expect(readFileSync(history.replaceFile, "utf8")).toBe(`literal:${token}==>***REMOVED***\n`);
    }
  });

  it("names each remote's URL without the credentials in it, with that remote's branches to force-push", () => {
    const { work, leak } = pushedSecret();
    // An @ of its own in the password: the host starts after the last one.
    const password = `p@${fake("{base62:16}")}`;
    git(work, "remote", "add", "mirror", `https://deploy:${password}@git.example.invalid/team/app.git`);
    git(work, "update-ref", "refs/remotes/mirror/release", leak);
    const r = gitResult(work, ["push", "origin", "main"], { TMPDIR: tempDir(), COLUMNS: "1000" });
    const out = r.stdout + r.stderr;
    expect(out).toContain("git clone https://git.example.invalid/team/app.git leakstop-clean-mirror && cd leakstop-clean-mirror");
    expect(out).toContain("git remote add mirror https://git.example.invalid/team/app.git");
    expect(out).toContain("git push --force mirror release");
    expect(out).toContain("git push --force backup main");
    expect(out).not.toContain(password.slice(2));
  });

  it("adds --replace-message when the pushed secret is in a commit message, dated by that commit", () => {
    const { base, work } = cloneWithRemote(["pre-push"]);
    const token = fakeGithubToken();
    write(work, "a.txt", "a\n");
    git(work, "add", "a.txt");
    expect(gitResult(work, ["commit", "-q", "--no-verify", "-m", `deploy with ${token}`], { GIT_COMMITTER_DATE: COMMITTED_AT }).status).toBe(0);
    const leak = git(work, "rev-parse", "HEAD").trim();
    const backup = join(base, "backup.git");
    git(base, "init", "-q", "--bare", backup);
    git(work, "remote", "add", "backup", backup);
    git(work, "push", "-q", "--no-verify", "backup", "main");
    const r = gitResult(work, ["push", "origin", "main"], { TMPDIR: tempDir(), COLUMNS: "1000" });
    const out = r.stdout + r.stderr;
    expect(out).not.toContain(token);
    const file = replaceFileIn(out);
    expect(out).toContain(`git filter-repo --replace-text ${file} --replace-message ${file}`);
    expect(readFileSync(file, "utf8")).toBe(`literal:${token}==>***REMOVED***\n`);
    expect(out).toContain(`exposed since ${COMMITTED_AT} (committer date of ${leak.slice(0, 8)}`);
  });

  it("writes no rules file while nothing found is on a remote, and one once it is", () => {
    const { base, work } = cloneWithRemote(["pre-push"]);
    commit(work, "src/app.js", `const token = "${fakeGithubToken()}";\n`, "leak");
    const tmp = tempDir();
    const blocked = gitResult(work, ["push", "origin", "main"], { TMPDIR: tmp, COLUMNS: "1000" });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).not.toContain("filter-repo --replace-text");
    expect(readdirSync(tmp)).toEqual([]);
    const backup = join(base, "backup.git");
    git(base, "init", "-q", "--bare", backup);
    git(work, "remote", "add", "backup", backup);
    git(work, "push", "-q", "--no-verify", "backup", "main");
    const exposed = gitResult(work, ["push", "origin", "main"], { TMPDIR: tmp, COLUMNS: "1000" });
    expect(exposed.status).not.toBe(0);
    expect(replaceFileIn(exposed.stdout + exposed.stderr).startsWith(tmp)).toBe(true);
    expect(readdirSync(tmp)).toHaveLength(1);
  });

  const hasFilterRepo = spawnSync("git", ["filter-repo", "--version"]).status === 0;
  it.skipIf(!hasFilterRepo)("the printed rules take the value out of a clone's history (git filter-repo is installed)", () => {
    const { base, work, token } = pushedSecret();
    const tmp = tempDir();
    const out = gitResult(work, ["push", "origin", "main"], { TMPDIR: tmp, COLUMNS: "1000" });
    const file = replaceFileIn(out.stdout + out.stderr);
    const clean = join(base, "clean");
    git(base, "clone", "-q", join(base, "backup.git"), clean);
    expect(gitResult(clean, ["filter-repo", "--replace-text", file]).status).toBe(0);
    expect(gitResult(clean, ["grep", "-F", token, ...git(clean, "rev-list", "--all").trim().split("\n")]).stdout).toBe("");
    expect(existsSync(clean)).toBe(true);
  });
});
