import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CLI,
  cleanEnv,
  cleanupTempDirs,
  cloneWithRemote,
  fake,
  fakeGithubToken,
  fakePostmanKey,
  git,
  gitResult,
  makeRepo,
  ROOT,
  runCli,
  SEED,
  tempDir,
  write,
  writeDump,
} from "./helpers.js";

afterAll(cleanupTempDirs);

const setup = () => cloneWithRemote(["pre-push"]);
const short = (sha: string) => sha.slice(0, 8);
const ZERO = "0".repeat(40);

function commitFile(work: string, path: string, content: string, subject: string): string {
  write(work, path, content);
  git(work, "add", path);
  git(work, "commit", "-q", "--no-verify", "-m", subject);
  return git(work, "rev-parse", "HEAD").trim();
}

function push(work: string, ...args: string[]) {
  const r = gitResult(work, ["push", ...args]);
  return { ...r, out: r.stdout + r.stderr };
}

const remoteRefs = (remote: string) => git(remote, "for-each-ref", "--format=%(refname) %(objectname)");

/** Asserts that no piece of the secret longer than a redacted prefix reaches the user. */
function expectNoSecret(out: string, secret: string): void {
  expect(out).not.toContain(secret);
  expect(out).not.toContain(secret.slice(8));
}

function hashObject(work: string, content: string): string {
  return gitResult(work, ["hash-object", "-w", "--stdin"], {}, content).stdout.trim();
}

describe(`push side: nothing slips through (seed ${SEED})`, () => {
  describe("tags that point at a blob or a tree", () => {
    it("scans a blob pushed under a lightweight tag and under an annotated tag", () => {
      const { remote, work } = setup();
      const token = fakeGithubToken();
      const blob = hashObject(work, `notes\nkey = "${token}"\n`);
      git(work, "tag", "v1", blob);
      const before = remoteRefs(remote);
      const r = push(work, "origin", "v1");
      expect(r.status).not.toBe(0);
      expect(remoteRefs(remote)).toBe(before);
      expect(r.out).toContain("tag v1 (blob):2:8");
      expect(r.out).toContain("[github-pat]");
      expect(r.out.replace(/\s+/g, " ")).toContain("has NOT left this machine");
      expect(r.out).not.toContain("not a commit; it was not scanned");
      expectNoSecret(r.out, token);

      git(work, "tag", "-a", "v2", "-m", "a blob", blob);
      const annotated = push(work, "origin", "v2");
      expect(annotated.status).not.toBe(0);
      expect(annotated.out).toContain("tag v2 (blob):2:8");
    });

    it("reads the blob a tag pushes, not a replacement of it", () => {
      const { work } = setup();
      const token = fakeGithubToken();
      const blob = hashObject(work, `notes\nkey = "${token}"\n`);
      git(work, "replace", blob, hashObject(work, "notes\nnothing here\n"));
      git(work, "tag", "v3", blob);
      const r = push(work, "origin", "v3");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("tag v3 (blob):2:8");
      expectNoSecret(r.out, token);
    });

    it("scans the blobs of a pushed tree that the remote does not have", () => {
      const { work } = setup();
      const token = fakePostmanKey();
      const secretBlob = hashObject(work, `K=${token}\n`);
      const readme = git(work, "rev-parse", "HEAD:README.md").trim();
      const sub = gitResult(work, ["mktree"], {}, `100644 blob ${secretBlob}\tk.env\n`).stdout.trim();
      const tree = gitResult(work, ["mktree"], {}, `100644 blob ${readme}\tREADME.md\n040000 tree ${sub}\tconf\n`).stdout.trim();
      git(work, "tag", "snap", tree);
      const other = gitResult(work, ["mktree"], {}, `100644 blob ${hashObject(work, `X=${fakePostmanKey()}\n`)}\tx.env\n`).stdout.trim();
      git(work, "tag", "other", other);
      const r = push(work, "origin", "snap", "other");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("tag snap (tree) conf/k.env:1:3");
      expect(r.out).toContain("tag other (tree) x.env:1:3");
      expect(r.out).not.toContain("README.md:");
      expectNoSecret(r.out, token);
    });
  });

  describe("the names of the refs a push creates", () => {
    it("blocks a branch and a tag named with a token, shown masked; the same commits push under clean names", () => {
      const { remote, work } = setup();
      const token = fakeGithubToken();
      git(work, "checkout", "-q", "-b", `deploy-${token}`);
      commitFile(work, "a.js", "const a = 1;\n", "a");
      const before = remoteRefs(remote);
      const r = push(work, "origin", "HEAD");
      expect(r.status).not.toBe(0);
      expect(remoteRefs(remote)).toBe(before);
      expect(r.out).toContain("[github-pat]");
      expect(r.out).toContain("  the name of a branch or tag this push creates\n      refs/heads/deploy-ghp_****");
      expect(r.out.replace(/\s+/g, " ")).toContain("This secret is in the name of a branch or tag this push would create on the remote: it has NOT left this machine.");
      expectNoSecret(r.out, token);

      const json = runCli(work, ["hook", "pre-push", "origin", remote, "--format", "json"], {}, `refs/heads/deploy-${token} ${git(work, "rev-parse", "HEAD").trim()} refs/heads/deploy-${token} ${ZERO}\n`);
      expect(json.status).toBe(1);
      const report = JSON.parse(json.stdout) as { findings: { file: string; line: number; column: number; detector: string; exposure: string }[] };
      expect(report.findings).toEqual([expect.objectContaining({ file: "new ref names", line: 1, column: 19, detector: "github-pat", exposure: "object" })]);
      expectNoSecret(json.stdout, token);

      expect(push(work, "origin", "HEAD:refs/heads/deploy").status).toBe(0);
      // Already on the remote, the commit is not new: the name alone blocks.
      git(work, "tag", `v1-${token}`);
      const tagged = push(work, "origin", `v1-${token}`);
      expect(tagged.status).not.toBe(0);
      expect(tagged.out).toContain("refs/tags/v1-ghp_****");
      expect(tagged.out).toContain("leakstop: 1 finding in 0 commits, 0 files, 0 added lines.");
      expectNoSecret(tagged.out, token);
      expect(remoteRefs(remote)).not.toContain("refs/tags/");
    });

    it("reads only names the remote does not have yet: pushing to a branch already there is not blocked by its name", () => {
      const { work } = setup();
      const name = `deploy-${fakeGithubToken()}`;
      git(work, "checkout", "-q", "-b", name);
      commitFile(work, "a.js", "const a = 1;\n", "a");
      expect(push(work, "--no-verify", "origin", "HEAD").status).toBe(0);
      git(work, "fetch", "-q", "origin");
      commitFile(work, "b.js", "const b = 2;\n", "b");
      const r = push(work, "origin", "HEAD");
      expect([r.status, r.out]).toEqual([0, expect.stringContaining("leakstop: no secrets in 1 commit, 1 file, 1 added line.")]);
    });
  });

  describe("commit and tag messages", () => {
    it("blocks a push whose commit message holds a token, located by commit and message line", () => {
      const { remote, work } = setup();
      const token = fakeGithubToken();
      const before = remoteRefs(remote);
      write(work, "a.js", "const a = 1;\n");
      git(work, "add", "a.js");
      git(work, "commit", "-q", "--no-verify", "-m", `debug login\n\nused ${token} to test`);
      const sha = git(work, "rev-parse", "HEAD").trim();
      const r = push(work, "origin", "main");
      expect(r.status).not.toBe(0);
      expect(remoteRefs(remote)).toBe(before);
      expect(r.out).toContain(`commit ${short(sha)} message, line 3`);
      expect(r.out).toContain(`It is in the message of commit ${short(sha)} "debug login"`);
      expect(r.out).toContain("git commit --amend");
      expectNoSecret(r.out, token);

      const json = runCli(work, ["hook", "pre-push", "origin", remote, "--format", "json"], {}, `refs/heads/main ${sha} refs/heads/main ${ZERO}\n`);
      expect(json.status).toBe(1);
      const report = JSON.parse(json.stdout) as { findings: { file: string; line: number; detector: string }[] };
      expect(report.findings).toEqual([expect.objectContaining({ file: `commit ${sha} message`, line: 3, detector: "github-pat" })]);
      expectNoSecret(json.stdout, token);
    });

    it("blocks a push of an annotated tag whose message holds a token", () => {
      const { work } = setup();
      const token = fakePostmanKey();
      git(work, "tag", "-a", "v1", "-m", `release 1\n\nci key ${token}`);
      const r = push(work, "origin", "v1");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("tag v1 message, line 3");
      expect(r.out).toContain("[postman-api-key]");
      expectNoSecret(r.out, token);
    });

    it("leakstop init installs a commit-msg hook that blocks `git commit -m` with a token", () => {
      const repo = makeRepo();
      mkdirSync(join(repo, "node_modules", ".bin"), { recursive: true });
      symlinkSync(join(ROOT, "dist/cli/main.cjs"), join(repo, "node_modules", ".bin", "leakstop"));
      write(repo, ".gitignore", "node_modules/\n");
      git(repo, "add", ".gitignore");
      git(repo, "commit", "-q", "--no-verify", "-m", "ignore");
      expect(runCli(repo, ["init"]).stdout).toContain(`installed ${join(repo, ".git", "hooks", "commit-msg")}`);
      write(repo, "a.js", "const a = 1;\n");
      git(repo, "add", "a.js");
      const token = fakeGithubToken();
      const head = git(repo, "rev-parse", "HEAD").trim();
      const r = gitResult(repo, ["commit", "-m", `add a\n\ntoken ${token}`]);
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain("commit message, line 3");
      expect(r.stdout + r.stderr).toContain("Fix the commit message (line 3): commit again without the secret");
      expectNoSecret(r.stdout + r.stderr, token);
      expect(git(repo, "rev-parse", "HEAD").trim()).toBe(head);
      const clean = gitResult(repo, ["commit", "-q", "-m", "add a"]);
      expect(clean.status).toBe(0);
      expect(clean.stdout + clean.stderr).not.toContain("commit message");
    });

    it("the commit-msg hook reads comment lines (git keeps them from -m and -F), and nothing below the scissors line", () => {
      const repo = makeRepo();
      const file = join(tempDir(), "COMMIT_EDITMSG");
      const token = fakeGithubToken();
      writeFileSync(file, `subject\n# ------------------------ >8 ------------------------\n+const t = "${token}";\n`);
      const r = runCli(repo, ["hook", "commit-msg", file]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe("");
      const leaky = join(tempDir(), "MSG");
      writeFileSync(leaky, `subject\n# rotate ${token}\n`);
      const blocked = runCli(repo, ["hook", "commit-msg", leaky]);
      expect(blocked.status).toBe(1);
      expect(blocked.stdout).toContain("commit message, line 2");
      // The scissors line is git's comment character's: another character's line is text like any other.
      git(repo, "config", "core.commentChar", ";");
      writeFileSync(leaky, `subject\n; ------------------------ >8 ------------------------\nkey ${token}\n`);
      expect(runCli(repo, ["hook", "commit-msg", leaky]).status).toBe(0);
      writeFileSync(leaky, `subject\n# ------------------------ >8 ------------------------\nkey ${token}\n`);
      const other = runCli(repo, ["hook", "commit-msg", leaky]);
      expect(other.status).toBe(1);
      expect(other.stdout).toContain("commit message, line 3");
    });
  });

  describe("tracking refs that do not describe where the push goes", () => {
    /** A token committed and pushed to origin (hook bypassed), then a second bare repository. */
    const onOrigin = () => {
      const { base, remote, work } = setup();
      const token = fakeGithubToken();
      const sha = commitFile(work, "s.py", `TOKEN = "${token}"\n`, "add client");
      git(work, "push", "-q", "--no-verify", "origin", "main");
      const other = join(base, "other.git");
      git(base, "init", "-q", "--bare", "-b", "main", other);
      return { base, remote, work, token, sha, other };
    };

    const NOT_TRUSTED = "does not have what refs/remotes/origin/main says it has (a branch deleted there, or a new URL): that tracking ref was not trusted";

    it("a repository moved to a new host (git remote set-url): origin's old tracking ref is not trusted, and the push is blocked", () => {
      const { work, token, sha, other } = onOrigin();
      git(work, "remote", "set-url", "origin", other);
      const r = push(work, "-u", "origin", "--all");
      expect(r.status).not.toBe(0);
      expect(git(other, "for-each-ref")).toBe("");
      expect(r.out).toContain(`s.py:1:10  in commit ${short(sha)} "add client"`);
      expect(r.out.replace(/\s+/g, " ")).toContain(`Note: git says origin ${NOT_TRUSTED}`);
      // The copy on the old host is named: it has left the machine all the same.
      expect(r.out.replace(/\s+/g, " ")).toContain("it has already left this machine: it is in origin/main");
      expectNoSecret(r.out, token);
    });

    it("a new host that has the branch at an older commit: the tracking ref ahead of it is not trusted either", () => {
      const { work, token, sha, other } = onOrigin();
      git(work, "push", "-q", "--no-verify", other, `${sha}^:refs/heads/main`);
      git(work, "remote", "set-url", "origin", other);
      const r = push(work, "origin", "main");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain(`s.py:1:10  in commit ${short(sha)} "add client"`);
      expect(r.out.replace(/\s+/g, " ")).toContain(NOT_TRUSTED);
      expect(git(other, "rev-parse", "main").trim()).toBe(git(work, "rev-parse", `${sha}^`).trim());
      expectNoSecret(r.out, token);
    });

    it("a branch deleted on the server and pushed again: only its own tracking ref is set aside, an old secret on main does not block", () => {
      const { remote, work, token } = onOrigin();
      git(work, "checkout", "-q", "-b", "feat");
      commitFile(work, "f.txt", "f\n", "feat");
      git(work, "push", "-q", "--no-verify", "origin", "feat");
      git(remote, "update-ref", "-d", "refs/heads/feat");
      commitFile(work, "f.txt", "f2\n", "feat again");
      const r = push(work, "origin", "feat");
      expect(r.status).toBe(0);
      expect(r.out).not.toContain("s.py");
      expect(r.out.replace(/\s+/g, " ")).toContain("does not have what refs/remotes/origin/feat says it has");
      expectNoSecret(r.out, token);
    });

    it("a remote named origin/internal: its tracking refs are not origin's, so what was pushed only there is scanned", () => {
      const { base, work, token: onMain } = onOrigin();
      git(base, "init", "-q", "--bare", "internal.git");
      git(work, "remote", "add", "origin/internal", join(base, "internal.git"));
      git(work, "checkout", "-q", "-b", "feat");
      const token = fakePostmanKey();
      const sha = commitFile(work, "k.js", `const k = "${token}";\n`, "internal key");
      git(work, "push", "-q", "--no-verify", "origin/internal", "feat");
      const r = push(work, "origin", "feat");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain(`k.js:1:12  in commit ${short(sha)} "internal key"`);
      expect(r.out).not.toContain("s.py");
      expectNoSecret(r.out, token);
      expectNoSecret(r.out, onMain);
    });
  });

  describe("git configuration that changes what git log shows", () => {
    it("log.showRoot=false: an orphan branch's root commit is still scanned, by pre-push and by scan --all", () => {
      const { remote, work } = setup();
      const token = fakeGithubToken();
      git(work, "config", "log.showRoot", "false");
      git(work, "checkout", "-q", "--orphan", "pages");
      git(work, "rm", "-rfq", ".");
      const sha = commitFile(work, "site/config.py", `TOKEN = "${token}"\n`, "pages");
      const before = remoteRefs(remote);
      const r = push(work, "origin", "pages");
      expect(r.status).not.toBe(0);
      expect(remoteRefs(remote)).toBe(before);
      expect(r.out).toContain(`site/config.py:1:10  in commit ${short(sha)} "pages"`);
      expectNoSecret(r.out, token);
      const all = runCli(work, ["scan", "--all", "--format", "json"]);
      expect(all.status).toBe(1);
      expect((JSON.parse(all.stdout) as { findings: { file: string; line: number }[] }).findings.map((f) => `${f.file}:${f.line}`)).toEqual(["site/config.py:1"]);
    });

    it("i18n.logOutputEncoding=UTF-16: a pushed commit's finding keeps its commit, and the advice is the commit's", () => {
      const { work } = setup();
      const token = fakeGithubToken();
      git(work, "config", "i18n.logOutputEncoding", "UTF-16");
      const sha = commitFile(work, "s.py", `TOKEN = "${token}"\n`, "fix");
      const r = push(work, "origin", "main");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain(`s.py:1:10  in commit ${short(sha)} "fix"`);
      expect(r.out).toContain(`It is in the last commit ${short(sha)} "fix"`);
      expectNoSecret(r.out, token);
    });
  });

  describe("git notes", () => {
    /** Runs the commands the report prints (its lines indented 7 or more that start with git), as printed. */
    const runPrinted = (work: string, out: string) => {
      const commands = out.split("\n").filter((line) => /^ {7,}git /.test(line));
      const r = spawnSync("sh", ["-e", "-c", commands.join("\n")], { cwd: work, env: cleanEnv(), encoding: "utf8" });
      expect(r.stderr).not.toMatch(/fatal|error/);
      expect(r.status).toBe(0);
      return commands;
    };

    it("a note holding a token blocks the push of its notes ref; the printed commands take it out of notes history, and the ref then pushes", () => {
      const { remote, work } = setup();
      const token = fakePostmanKey();
      const head = git(work, "rev-parse", "HEAD").trim();
      git(work, "notes", "add", "-m", `deploy key ${token}`, head);
      const r = push(work, "origin", "refs/notes/commits");
      expect(r.status).not.toBe(0);
      expect(remoteRefs(remote)).not.toContain("refs/notes/");
      expect(r.out).toContain(`${head}:1:12`);
      expect(r.out).toContain(`It is in the note on ${short(head)} (git notes --ref=refs/notes/commits)`);
      expect(r.out).not.toContain("git rebase");
      expectNoSecret(r.out, token);

      const commands = runPrinted(work, r.out);
      expect(commands).toEqual([
        `       git notes --ref=refs/notes/commits remove --ignore-missing ${head}`,
        `       git update-ref refs/notes/commits "$(git commit-tree -m 'Notes' refs/notes/commits^{tree})"`,
      ]);
      const again = push(work, "origin", "refs/notes/commits");
      expect(again.status).toBe(0);
      expect(git(remote, "log", "-p", "refs/notes/commits")).not.toContain(token.slice(5));
    });

    it("with notes already on the remote, the new notes commit goes on from the remote's, so the push is a fast-forward", () => {
      const { remote, work } = setup();
      const token = fakePostmanKey();
      const first = git(work, "rev-parse", "HEAD").trim();
      const second = commitFile(work, "b.txt", "b\n", "second");
      git(work, "push", "-q", "--no-verify", "origin", "main");
      git(work, "notes", "add", "-m", "reviewed by ops", second);
      expect(push(work, "origin", "refs/notes/commits").status).toBe(0);
      const onRemote = git(remote, "rev-parse", "refs/notes/commits").trim();
      git(work, "notes", "add", "-m", `deploy key ${token}`, first);
      const r = push(work, "origin", "refs/notes/commits");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain(`git commit-tree -p ${onRemote.slice(0, 12)} -m 'Notes' refs/notes/commits^{tree}`);
      expectNoSecret(r.out, token);

      runPrinted(work, r.out);
      const again = push(work, "origin", "refs/notes/commits");
      expect(again.status).toBe(0);
      expect(again.out).toContain(`${onRemote.slice(0, 7)}..`);
      expect(git(remote, "log", "-p", "refs/notes/commits")).not.toContain(token.slice(5));
      // The clean note is still there.
      expect(git(work, "notes", "show", second)).toBe("reviewed by ops\n");
    });
  });

  describe("merges", () => {
    it("a merge of a teammate's already-pushed secret introduces nothing and is not blocked", () => {
      const { base, remote, work } = setup();
      const mate = join(base, "mate");
      git(base, "clone", "-q", remote, mate);
      const token = fakeGithubToken();
      commitFile(mate, "theirs.js", `const t = "${token}";\n`, "teammate leak");
      git(mate, "push", "-q", "--no-verify", "origin", "main");
      commitFile(work, "mine.js", "const mine = 1;\n", "my work");
      git(work, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
      const r = push(work, "origin", "main");
      expect(r.status).toBe(0);
      expect(r.out).toContain("leakstop: no secrets in 2 commits");
      expect(r.out).not.toContain("theirs.js");
      expect(r.out).not.toContain("has NOT left this machine");
    });

    it("a merge that resolves a conflict by adding a new secret is blocked", () => {
      const { base, remote, work } = setup();
      const mate = join(base, "mate");
      git(base, "clone", "-q", remote, mate);
      const theirs = fakeGithubToken();
      commitFile(mate, "old.js", `const t = "${theirs}";\n`, "teammate leak");
      commitFile(mate, "conf.js", "const url = 'their';\n", "theirs");
      git(mate, "push", "-q", "--no-verify", "origin", "main");
      commitFile(work, "conf.js", "const url = 'mine';\n", "mine");
      git(work, "fetch", "-q", "origin");
      expect(gitResult(work, ["merge", "-q", "--no-edit", "origin/main"]).status).not.toBe(0);
      const token = fakePostmanKey();
      write(work, "conf.js", `const url = 'mine';\nconst key = "${token}";\n`);
      git(work, "add", "conf.js");
      git(work, "commit", "-q", "--no-verify", "--no-edit");
      const merge = git(work, "rev-parse", "HEAD").trim();
      const r = push(work, "origin", "main");
      expect(r.status).not.toBe(0);
      expect(r.out).toContain(`conf.js:2:14  in commit ${short(merge)}`);
      expect(r.out).not.toContain("conf.js:1:");
      expect(r.out).not.toContain("old.js");
      expect(r.out).toContain("leakstop: 1 finding in 2 commits");
      expectNoSecret(r.out, token);
    });
  });

  describe("the printed history rewrite reaches the commit, run as printed", () => {
    /** Runs the printed rebase with an editor that applies `todo` to git's list; returns the command. */
    const rebaseAsPrinted = (work: string, out: string, todo: string) => {
      const command = out.split("\n").find((l) => l.trim().startsWith("git rebase -i"))!.trim();
      const r = spawnSync("sh", ["-c", command], { cwd: work, env: cleanEnv({ GIT_SEQUENCE_EDITOR: `sed -i '${todo}'` }), encoding: "utf8" });
      expect(r.stderr).not.toMatch(/fatal|error/);
      return command;
    };
    /** At the stop: the secret's line removed from `path`, amended, continued. */
    const fixAndContinue = (work: string, path: string) => {
      write(work, path, "const key = process.env.POSTMAN_API_KEY;\n");
      git(work, "add", path);
      git(work, "commit", "-q", "--amend", "--no-edit", "--no-verify");
      expect(gitResult(work, ["-c", "core.editor=true", "rebase", "--continue"]).status).toBe(0);
    };

    it("a branch pushed while another is checked out: the rebase names it, and leaves the checked-out branch alone", () => {
      const { work } = setup();
      git(work, "checkout", "-q", "-b", "feat");
      commitFile(work, "a.txt", "a\n", "a");
      const token = fakePostmanKey();
      const leak = commitFile(work, "key.js", `const key = "${token}";\n`, "add key");
      commitFile(work, "b.txt", "b\n", "b");
      git(work, "checkout", "-q", "main");
      commitFile(work, "m.txt", "m\n", "m");
      const mainBefore = git(work, "rev-parse", "main").trim();
      const r = push(work, "origin", "feat");
      expect(r.status).not.toBe(0);
      const command = rebaseAsPrinted(work, r.out, `s/^pick ${leak.slice(0, 7)}/edit ${leak.slice(0, 7)}/`);
      expect(command).toBe(`git rebase -i ${short(git(work, "rev-parse", `${leak}^`).trim())} feat`);
      fixAndContinue(work, "key.js");
      expect(git(work, "rev-parse", "main").trim()).toBe(mainBefore);
      expect(push(work, "origin", "feat").status).toBe(0);
    });

    it("a branch named with a token, pushed while another is checked out: the rebase names it masked", () => {
      const { work } = setup();
      const inName = fakeGithubToken();
      git(work, "checkout", "-q", "-b", `fix-${inName}`);
      const token = fakePostmanKey();
      commitFile(work, "key.js", `const key = "${token}";\n`, "add key");
      commitFile(work, "b.txt", "b\n", "b");
      git(work, "checkout", "-q", "main");
      const r = push(work, "origin", `fix-${inName}`);
      expect(r.status).not.toBe(0);
      expect(r.out).toMatch(/git rebase -i [0-9a-f]{8} 'fix-ghp_\*+'/);
      expectNoSecret(r.out, inName);
      expectNoSecret(r.out, token);
    });

    it("a secret in a merge's own change, below a later commit: the rebase keeps merges and stops after the merge", () => {
      const { work } = setup();
      commitFile(work, "base.txt", "base\n", "base");
      git(work, "checkout", "-q", "-b", "side");
      commitFile(work, "s.txt", "s\n", "side work");
      git(work, "checkout", "-q", "main");
      commitFile(work, "m.txt", "m\n", "main work");
      git(work, "merge", "-q", "--no-ff", "--no-commit", "side");
      const token = fakePostmanKey();
      write(work, "key.js", `const key = "${token}";\n`);
      git(work, "add", "key.js");
      git(work, "commit", "-q", "--no-verify", "--no-edit");
      const merge = git(work, "rev-parse", "HEAD").trim();
      commitFile(work, "later.txt", "later\n", "later");
      const r = push(work, "origin", "main");
      expect(r.status).not.toBe(0);
      expect(r.out.replace(/\s+/g, " ")).toContain(`after the line "merge -C ${short(merge)} …" add a line "break"; when it stops, remove the secret`);
      const command = rebaseAsPrinted(work, r.out, `/^merge -C ${merge.slice(0, 7)}/a break`);
      expect(command).toBe(`git rebase -i --rebase-merges ${short(git(work, "rev-parse", `${merge}^`).trim())}`);
      fixAndContinue(work, "key.js");
      expect(Number(git(work, "rev-list", "--merges", "--count", "HEAD").trim())).toBe(1);
      expect(push(work, "origin", "main").status).toBe(0);
    });
  });

  describe("exposure is a fact about the secret", () => {
    it("a force push of a rebased commit whose secret is already on the remote is reported, not blocked", () => {
      const { remote, work } = setup();
      const token = fakeGithubToken();
      commitFile(work, "cfg.js", `const a = 1;\nconst t = "${token}";\n`, "leak");
      git(work, "push", "-q", "--no-verify", "origin", "main");
      git(work, "commit", "-q", "--amend", "--no-verify", "-m", "leak, reworded");
      const rewritten = git(work, "rev-parse", "HEAD").trim();
      const r = push(work, "--force", "origin", "main");
      expect(r.status).toBe(0);
      expect(remoteRefs(remote)).toContain(rewritten);
      expect(r.out).toContain("cfg.js:2:12");
      expect(r.out).toContain("ALREADY ON A REMOTE");
      expect(r.out).toContain("so the push is not blocked");
      expect(r.out).toContain("origin/main");
      expect(r.out).toContain("leakstop allow");
      expect(r.out).not.toContain("has NOT left this machine");
      expect(r.out).not.toContain("To push anyway");
      expectNoSecret(r.out, token);
    });

    it("finds the copy on the remote in a file larger than the heap leakstop runs in", () => {
      const { work } = setup();
      const token = fakeGithubToken();
      writeDump(work, "dump.sql", 1_000_000, 500_000, `INSERT INTO tokens VALUES ('${token}');`);
      git(work, "add", "dump.sql");
      git(work, "commit", "-q", "--no-verify", "-m", "dump");
      git(work, "push", "-q", "--no-verify", "origin", "main");
      const pushed = git(work, "rev-parse", "HEAD").trim();
      git(work, "commit", "-q", "--amend", "--no-verify", "-m", "dump, reworded");
      const refs = `refs/heads/main ${git(work, "rev-parse", "HEAD").trim()} refs/heads/main ${pushed}\n`;
      // Read whole, the remote's copy would not fit in this heap (V8 stops the process: out of memory).
      const r = runCli(work, ["hook", "pre-push", "origin", "x"], { NODE_OPTIONS: "--max-old-space-size=64" }, refs);
      expect(r.status).toBe(0);
      expect(r.stdout + r.stderr).toMatch(/dump\.sql:500001:29 .*ALREADY ON A REMOTE/);
      expectNoSecret(r.stdout + r.stderr, token);
    }, 120_000);

    it("a secret already on another remote still blocks a push to a remote that does not have it", () => {
      const { base, work } = setup();
      const publicRemote = join(base, "public.git");
      git(base, "init", "-q", "--bare", "-b", "main", publicRemote);
      git(work, "remote", "add", "public", publicRemote);
      const token = fakeGithubToken();
      const leak = commitFile(work, "client.js", `const k = "${token}";\n`, "add client");
      git(work, "push", "-q", "--no-verify", "origin", "main");
      const r = push(work, "public", "main");
      expect(r.status).not.toBe(0);
      expect(remoteRefs(publicRemote)).toBe("");
      expect(r.out).toMatch(/client\.js:1:12 [^\n]*"add client"\s+ALREADY ON ANOTHER REMOTE/);
      expect(r.out).toContain("the push is blocked");
      expect(r.out).not.toContain("so the push is not blocked");
      expect(r.out.replace(/\s+/g, " ")).toContain("it has already left this machine: it is in origin/main. Rotate it");
      expect(r.out).not.toContain("has NOT left this machine");
      expect(r.out).toContain(`It is in the last commit ${short(leak)} "add client"`);
      expectNoSecret(r.out, token);
      // The same push by URL counts as a push to the remote configured with that URL: nothing new, not blocked.
      const again = push(work, join(base, "remote.git"), "main");
      expect(again.status).toBe(0);
    });

    it("a rebased copy on another remote is named, and the push to a remote without it is blocked", () => {
      const { base, work } = setup();
      const mirror = join(base, "mirror.git");
      git(base, "init", "-q", "--bare", "-b", "main", mirror);
      git(work, "remote", "add", "mirror", mirror);
      const token = fakeGithubToken();
      commitFile(work, "cfg.js", `const a = 1;\nconst t = "${token}";\n`, "leak");
      git(work, "push", "-q", "--no-verify", "origin", "main");
      git(work, "commit", "-q", "--amend", "--no-verify", "-m", "leak, reworded");
      const r = push(work, "mirror", "main");
      expect(r.status).not.toBe(0);
      expect(remoteRefs(mirror)).toBe("");
      expect(r.out).toMatch(/cfg\.js:2:12 [^\n]*"leak, reworded"\s+ALREADY ON ANOTHER REMOTE/);
      expect(r.out.replace(/\s+/g, " ")).toContain("it is in origin/main.");
      expectNoSecret(r.out, token);
      // To the remote that has the copy, the rewritten commit exposes nothing new.
      const forced = push(work, "--force", "origin", "main");
      expect(forced.status).toBe(0);
      expect(forced.out).toContain("ALREADY ON A REMOTE");
    });

    it("a new secret in the same push still blocks it, and only the old one is called exposed", () => {
      const { work } = setup();
      const old = fakeGithubToken();
      commitFile(work, "cfg.js", `const t = "${old}";\n`, "leak");
      git(work, "push", "-q", "--no-verify", "origin", "main");
      write(work, "cfg.js", `const t = "${old}";\nconst u = "${fakePostmanKey()}";\n`);
      git(work, "add", "cfg.js");
      git(work, "commit", "-q", "--amend", "--no-verify", "-m", "leak again");
      const r = push(work, "--force", "origin", "main");
      expect(r.status).not.toBe(0);
      expect(r.out).toMatch(/cfg\.js:1:12 .*ALREADY ON A REMOTE/);
      expect(r.out).toMatch(/cfg\.js:2:12 [^\n]*"leak again"\n/);
      expect(r.out).toContain("has NOT left this machine");
      expect(r.out).toContain("the push is blocked");
    });
  });

  describe("pre-push stdin and many refs", () => {
    it("a remote sha this repository does not have is noted with the URL git passed, without the credentials in it", () => {
      const { work } = setup();
      const head = git(work, "rev-parse", "HEAD").trim();
      const password = `p@${fake("{base62:20}")}`;
      const url = `https://deploy:${password}@git.example.invalid/team/app.git`;
      const r = runCli(work, ["hook", "pre-push", url, url], {}, `refs/heads/main ${head} refs/heads/main ${"1".repeat(40)}\n`);
      expect(r.status).toBe(0);
      expect((r.stdout + r.stderr).replace(/\s+/g, " ")).toContain("Note: refs/heads/main on https://git.example.invalid/team/app.git is at 11111111, which this repository does not have");
      expect(r.stdout + r.stderr).not.toContain(password.slice(2));
    });

    it("a line naming a local sha this repository does not have is an error, not nothing to scan", () => {
      const { work } = setup();
      const missing = "1234567890abcdef".repeat(3).slice(0, 40);
      const r = runCli(work, ["hook", "pre-push", "origin", "x"], {}, `refs/heads/main ${git(work, "rev-parse", "HEAD").trim()} refs/heads/main ${ZERO}\nrefs/heads/other ${missing} refs/heads/other ${ZERO}\n`);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n").filter(Boolean)).toEqual([
        "leakstop: error: pre-push input line 2: its local sha is not an object in this repository (fetch it, or run the hook from git push)",
        expect.stringContaining("git push --no-verify"),
      ]);
    });

    it("reads ref lines that arrive after the hook has started", () => {
      const { remote, work } = setup();
      const sha = commitFile(work, "late.js", `const t = "${fakeGithubToken()}";\n`, "late");
      const line = `refs/heads/main ${sha} refs/heads/main ${ZERO}`;
      const script = `(sleep 0.3; printf '%s\\n' '${line}') | "${process.execPath}" "${CLI}" hook pre-push origin '${remote}'`;
      const r = spawnSync("sh", ["-c", script], { cwd: work, env: cleanEnv(), encoding: "utf8" });
      expect(r.stderr).not.toContain("EAGAIN");
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("late.js:1:12");
    });

    function tagPush(count: number): { status: number | null; spawns: number } {
      const { work } = setup();
      const sha = commitFile(work, "t.js", "const t = 1;\n", "tagged");
      const refs = Array.from({ length: count }, (_, i) => `create refs/tags/t${i} ${sha}\n`).join("");
      expect(gitResult(work, ["update-ref", "--stdin"], {}, refs).status).toBe(0);
      const trace = join(tempDir(), "trace");
      const r = gitResult(work, ["push", "-q", "--tags", "origin"], { GIT_TRACE: trace });
      const lines = readFileSync(trace, "utf8").split("\n");
      const hookAt = lines.findIndex((l) => l.includes("run_command:") && l.includes("pre-push"));
      const spawns = lines.slice(hookAt + 1).filter((l) => l.includes("trace: built-in: git") && !/\bgit (pack-objects|send-pack|receive-pack|index-pack|unpack-objects)\b/.test(l)).length;
      return { status: r.status, spawns };
    }

    it("pushes 2,000 tags with as many git processes as 10 tags take", () => {
      const few = tagPush(10);
      const many = tagPush(2000);
      expect(few.status).toBe(0);
      expect(many.status).toBe(0);
      console.log(`git processes after the hook starts: ${few.spawns} (10 tags), ${many.spawns} (2,000 tags)`);
      expect(many.spawns).toBe(few.spawns);
      expect(many.spawns).toBeLessThanOrEqual(15);
    }, 60_000);
  });

  describe("the pre-commit framework", () => {
    it("scans a first push that the framework describes without FROM/TO refs", () => {
      const repo = makeRepo();
      const remote = join(tempDir(), "r.git");
      git(repo, "init", "-q", "--bare", remote);
      git(repo, "remote", "add", "origin", remote);
      const sha = commitFile(repo, "first.js", `const t = "${fakeGithubToken()}";\n`, "first push");
      const r = runCli(repo, ["hook", "pre-push"], {
        PRE_COMMIT_REMOTE_NAME: "origin",
        PRE_COMMIT_REMOTE_URL: remote,
        PRE_COMMIT_REMOTE_BRANCH: "refs/heads/main",
        PRE_COMMIT_LOCAL_BRANCH: "refs/heads/main",
      }, "");
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(`first.js:1:12  in commit ${short(sha)} "first push"`);
    });

    it("--all-files: with nothing staged, scans the named tracked files' content", () => {
      const repo = makeRepo();
      const token = fakeGithubToken();
      commitFile(repo, "src/k.js", `const a = 1;\nconst t = "${token}";\n`, "old leak");
      const r = runCli(repo, ["hook", "pre-commit", "README.md", "src/k.js"], { PRE_COMMIT: "1" });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("src/k.js:2:12");
      expect(r.stdout).not.toContain("nothing is staged");
      expect(r.stdout.replace(/\s+/g, " ")).toContain("their whole content was scanned: these secrets are already committed");
      expectNoSecret(r.stdout, token);
    });

    it("with something staged, scans the staged diff of the named files only", () => {
      const repo = makeRepo();
      commitFile(repo, "old.js", `const t = "${fakeGithubToken()}";\n`, "old leak");
      write(repo, "new.js", "const n = 1;\n");
      git(repo, "add", "new.js");
      const clean = runCli(repo, ["hook", "pre-commit", "new.js", "old.js"]);
      expect(clean.status).toBe(0);
      expect(clean.stdout).not.toContain("old.js");
      expect(clean.stdout).toContain("leakstop: no secrets in 1 file, 1 added line.");
      // Another hook of the framework owns other.js (its own `files:` pattern): not ours to scan here.
      write(repo, "other.js", `const o = "${fakeGithubToken()}";\n`);
      git(repo, "add", "other.js");
      const onlyNamed = runCli(repo, ["hook", "pre-commit", "new.js"]);
      expect(onlyNamed.status).toBe(0);
      expect(onlyNamed.stdout).not.toContain("other.js");
      write(repo, "new.js", `const n = "${fakePostmanKey()}";\n`);
      git(repo, "add", "new.js");
      const blocked = runCli(repo, ["hook", "pre-commit", "new.js"]);
      expect(blocked.status).toBe(1);
      expect(blocked.stdout).toContain("new.js:1:12");
      expect(blocked.stdout).not.toContain("old.js");
    });
  });
});
