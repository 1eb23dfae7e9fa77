import { generateKeyPairSync } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HOOK_FAILED } from "../src/model/messages.js";
import { MAX_LINE_BYTES } from "../src/source/git/exec.js";
import { CHUNK_BYTES } from "../src/source/git/patchParser.js";
import {
  cleanupTempDirs,
  cloneWithRemote,
  fakeGithubToken,
  fakePostmanKey,
  git,
  gitResult,
  installTestHook,
  makeRepo,
  runCli,
  runJson,
  SEED,
  write,
} from "./helpers.js";

afterAll(cleanupTempDirs);

/** A fresh PEM private key, made at run time so no key ever sits in the repository. */
function pemKey(kind: "rsa" | "ec" = "rsa", type: "pkcs8" | "sec1" = "pkcs8"): string {
  const { privateKey } = kind === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return privateKey.export({ type, format: "pem" }) as string;
}

/** A piece from the middle of a key's body: must never be printed. */
const bodyPiece = (pem: string) => pem.split("\n")[2].slice(10, 30);

function commitThroughHook(repo: string, message = "change") {
  const r = gitResult(repo, ["commit", "-q", "-m", message]);
  return { ...r, out: r.stdout + r.stderr };
}

function push(work: string) {
  const r = gitResult(work, ["push", "origin", "main"]);
  return { ...r, out: r.stdout + r.stderr };
}

const PLACEHOLDER = "-----BEGIN PRIVATE KEY-----\n# paste the service key here\n-----END PRIVATE KEY-----\n";

const utf16le = (text: string) => Buffer.from(text, "utf16le");
const utf16be = (text: string) => {
  const le = utf16le(text);
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};
const BOM_LE = Buffer.from([0xff, 0xfe]);
const BOM_BE = Buffer.from([0xfe, 0xff]);

/** The last line (1-based) of each full chunk the parser emits for a new file with these lines. */
function cutsOf(lines: string[]): number[] {
  const cuts: number[] = [];
  let bytes = 0;
  lines.forEach((l, i) => {
    bytes += Buffer.byteLength(l) + 1;
    if (bytes > CHUNK_BYTES) {
      cuts.push(i + 1);
      bytes = 0;
    }
  });
  return cuts;
}

describe(`nothing slips through, staged side (seed ${SEED})`, () => {
  describe("a multi-line secret whose first line did not change", () => {
    it("blocks a key pasted into a committed placeholder between unchanged BEGIN and END lines", () => {
      const repo = makeRepo();
      write(repo, "keys/service.pem", PLACEHOLDER);
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "placeholder");
      installTestHook(repo, "pre-commit");
      const key = pemKey();
      write(repo, "keys/service.pem", key);
      git(repo, "add", ".");
      const r = commitThroughHook(repo);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("[private-key-pkcs8]");
      expect(r.out).toContain("keys/service.pem:2:1");
      expect(r.out).toContain("leakstop: 1 finding in 1 file");
      expect(r.out).not.toContain(bodyPiece(key));
      expect(git(repo, "log", "--format=%s")).not.toContain("change");
    });

    it("blocks a committed key rotated in place (BEGIN and END unchanged, body changed), RSA and EC", () => {
      const repo = makeRepo();
      write(repo, "tls/server.key", pemKey());
      write(repo, "tls/ec.key", pemKey("ec", "sec1"));
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "old keys");
      installTestHook(repo, "pre-commit");
      write(repo, "tls/server.key", pemKey());
      write(repo, "tls/ec.key", pemKey("ec", "sec1"));
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      const found = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.detector}`).sort();
      expect(found).toEqual(["tls/ec.key:2:1 private-key-ec", "tls/server.key:2:1 private-key-pkcs8"]);
      expect(commitThroughHook(repo).status).not.toBe(0);
    });

    it("still says nothing of a committed key that an edit next to it leaves unchanged", () => {
      const repo = makeRepo();
      const key = pemKey();
      write(repo, "tls/server.key", key);
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "key");
      write(repo, "tls/server.key", `${key}# rotated yearly\n`);
      git(repo, "add", ".");
      const r = runCli(repo, ["--staged"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("leakstop: no secrets in 1 file, 1 added line.");
    });

    it("blocks the same at pre-push", () => {
      const { work } = cloneWithRemote(["pre-push"]);
      write(work, "keys/service.pem", PLACEHOLDER);
      git(work, "add", ".");
      git(work, "commit", "-q", "-m", "placeholder");
      expect(push(work).status).toBe(0);
      const key = pemKey();
      write(work, "keys/service.pem", key);
      git(work, "commit", "-q", "-am", "real key");
      const r = push(work);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("[private-key-pkcs8]");
      expect(r.out).toMatch(/keys\/service\.pem:2:1 {2}in commit [0-9a-f]{8} "real key"/);
      expect(r.out).not.toContain(bodyPiece(key));
    });
  });

  describe("UTF-16 text files", () => {
    const text = (token: string) => `# settings\r\nname = demo\r\ntoken = "${token}"\r\n`;

    for (const [label, encode] of [
      ["UTF-16LE with a BOM", (t: string) => Buffer.concat([BOM_LE, utf16le(t)])],
      ["UTF-16BE with a BOM", (t: string) => Buffer.concat([BOM_BE, utf16be(t)])],
      ["UTF-16LE without a BOM", (t: string) => utf16le(t)],
    ] as const) {
      it(`scans ${label} as text and reports the line the user sees`, () => {
        const repo = makeRepo();
        const token = fakeGithubToken();
        write(repo, "settings.ini", encode(text(token)));
        git(repo, "add", ".");
        const { status, report, stdout } = runJson(repo);
        expect(status).toBe(1);
        expect(report.findings.map((f) => [f.file, f.line, f.detector])).toEqual([["settings.ini", 3, "github-pat"]]);
        expect(report.scanned.skippedBinary).toBe(0);
        expect(stdout).not.toContain(token.slice(4, 14));
        const text1 = runCli(repo, ["--staged"]);
        expect(text1.stdout).toContain("settings.ini:3:");
        expect(text1.stdout).not.toContain("skipped");
      });
    }

    it("reads UTF-16 that PowerShell's >> appended to a UTF-8 file", () => {
      const repo = makeRepo();
      write(repo, ".env.local", "MODE=dev\n");
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "env");
      const token = fakeGithubToken();
      write(repo, ".env.local", Buffer.concat([Buffer.from("MODE=dev\n"), utf16le(`GITHUB_TOKEN=${token}\r\n`)]));
      git(repo, "add", ".");
      const { status, report, stdout } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => [f.file, f.line, f.detector])).toEqual([[".env.local", 2, "github-pat"]]);
      expect(stdout).not.toContain(token.slice(4, 14));

      // Past git's first 8000 bytes the NULs do not make the file binary to git: its text diff holds them.
      const long = "# comment\n".repeat(1000);
      write(repo, "big.env", long);
      git(repo, "add", ".");
      git(repo, "commit", "-q", "--no-verify", "-m", "long env");
      write(repo, "big.env", Buffer.concat([Buffer.from(long), utf16le(`GITHUB_TOKEN=${fakeGithubToken()}\r\n`)]));
      git(repo, "add", "big.env");
      const again = runJson(repo);
      expect(again.report.findings.map((f) => [f.file, f.line, f.detector])).toEqual([["big.env", 1001, "github-pat"]]);
    });

    it("reads UTF-16 with the isomorphic-git reader too", () => {
      const repo = makeRepo();
      write(repo, "settings.ini", Buffer.concat([BOM_LE, utf16le(text(fakeGithubToken()))]));
      git(repo, "add", ".");
      const { status, report } = runJson(repo, ["--staged", "--reader", "isomorphic-git"]);
      expect(status).toBe(1);
      expect(report.findings.map((f) => [f.file, f.line, f.detector])).toEqual([["settings.ini", 3, "github-pat"]]);
    });

    it("reads a UTF-16 file over 10 MB in pieces: every line is scanned, numbered, and a very long one keeps its columns", () => {
      const repo = makeRepo();
      const early = fakeGithubToken();
      const late = fakePostmanKey();
      // 1.2 million characters before the key: it lies past the first piece of its line.
      const longLine = `$blob = '${"x1,".repeat(400_000)}${late}'\r\n`;
      const content = `$a = 1\r\n$t = "${early}"\r\n` + "$value = 'harmless line of text';\r\n".repeat(160_000) + longLine + "$end = 1\r\n";
      write(repo, "big.ps1", Buffer.concat([BOM_LE, utf16le(content)]));
      git(repo, "add", ".");
      const { status, report, stdout } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => [f.file, f.line, f.column, f.detector])).toEqual([
        ["big.ps1", 2, 7, "github-pat"],
        ["big.ps1", 160_003, 1_200_010, "postman-api-key"],
      ]);
      expect(report.scanned.lines).toBe(160_004);
      expect(report.scanned.skippedBinary).toBe(0);
      expect(stdout).not.toContain(early);
      expect(stdout).not.toContain(late);
    });

    it("reports only the lines a change adds to a committed UTF-16 file", () => {
      const repo = makeRepo();
      const old = fakeGithubToken();
      write(repo, "env.ps1", Buffer.concat([BOM_LE, utf16le(`$a = 1\r\n$old = "${old}"\r\n$b = 2\r\n`)]));
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "old");
      const added = fakePostmanKey();
      write(repo, "env.ps1", Buffer.concat([BOM_LE, utf16le(`$a = 1\r\n$old = "${old}"\r\n$b = 2\r\n$POSTMAN = "${added}"\r\n`)]));
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => [f.file, f.line, f.detector])).toEqual([["env.ps1", 4, "postman-api-key"]]);
      expect(report.scanned.lines).toBe(1);
    });
  });

  it("reads UTF-16 and attribute-binary text in pushed commits too, and names real binaries it skipped", () => {
    const { work } = cloneWithRemote(["pre-push"]);
    write(work, ".gitattributes", "*.cfg -diff\n");
    write(work, "win/settings.ini", Buffer.concat([BOM_LE, utf16le(`a = 1\r\ntoken = "${fakeGithubToken()}"\r\n`)]));
    write(work, "app.cfg", `x = 1\nkey = "${fakePostmanKey()}"\n`);
    write(work, "logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    git(work, "add", ".");
    git(work, "commit", "-q", "-m", "files");
    const r = push(work);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("win/settings.ini:2:");
    expect(r.out).toContain("app.cfg:2:");
    expect(r.out.replace(/\s+/g, " ")).toContain("1 file skipped: logo.png (binary content)");
  });

  describe("files git calls binary by attribute or size", () => {
    it("scans a key in a file that .gitattributes marks binary", () => {
      const repo = makeRepo();
      write(repo, ".gitattributes", "*.pem binary\n");
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "attributes");
      write(repo, "deploy/id.pem", pemKey());
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => [f.file, f.line, f.detector])).toEqual([["deploy/id.pem", 1, "private-key-pkcs8"]]);
    });

    it("scans text under `* -diff`, added lines only", () => {
      const repo = makeRepo();
      write(repo, "app.cfg", "mode = dev\nport = 80\n");
      git(repo, "add", ".");
      git(repo, "commit", "-q", "-m", "cfg");
      write(repo, ".gitattributes", "* -diff\n");
      write(repo, "app.cfg", `mode = dev\nport = 80\nkey = "${fakeGithubToken()}"\n`);
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.detector}`)).toEqual(["app.cfg:3 github-pat"]);
      expect(report.scanned).toMatchObject({ lines: 2, skippedBinary: 0 });
    });

    it("scans text above a tiny core.bigFileThreshold", () => {
      const repo = makeRepo();
      git(repo, "config", "core.bigFileThreshold", "10");
      write(repo, "big.txt", `${"filler line\n".repeat(50)}token = "${fakeGithubToken()}"\n`);
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => `${f.file}:${f.line} ${f.detector}`)).toEqual(["big.txt:51 github-pat"]);
    });

    it("names what it skipped and why, never a bare 'no secrets'", () => {
      const repo = makeRepo();
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]);
      write(repo, "logo.png", png);
      write(repo, "notes.txt", "a\nb\nc\n");
      git(repo, "add", ".");
      const r = runCli(repo, ["--staged"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("leakstop: no secrets in 1 file, 3 added lines; 1 file skipped: logo.png (binary content).");
      const { report } = runJson(repo);
      expect(report.scanned).toMatchObject({ skippedBinary: 1, skipped: [{ path: "logo.png", reason: "binary content" }] });
      for (let i = 0; i < 7; i++) write(repo, `img/${i}.bin`, png);
      git(repo, "add", ".");
      expect(runCli(repo, ["--staged"]).stdout).toContain(
        "8 files skipped: img/0.bin, img/1.bin, img/2.bin, img/3.bin, img/4.bin and 3 more (binary content).",
      );
    });
  });

  describe("git replace", () => {
    it("scans the commit a push carries, not its replacement", () => {
      const { work } = cloneWithRemote(["pre-push"]);
      const base = git(work, "rev-parse", "HEAD").trim();
      write(work, "app.js", `const t = "${fakeGithubToken()}";\n`);
      git(work, "add", ".");
      git(work, "commit", "-q", "-m", "leaky");
      const leaky = git(work, "rev-parse", "HEAD").trim();
      const clean = git(work, "commit-tree", `${base}^{tree}`, "-p", base, "-m", "clean stand-in").trim();
      git(work, "replace", leaky, clean);
      const r = push(work);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("[github-pat]");
      expect(r.out).toContain(`in commit ${leaky.slice(0, 8)} "leaky"`);
    });

    it("reads the message a push carries, not its replacement's", () => {
      const { work } = cloneWithRemote(["pre-push"]);
      const base = git(work, "rev-parse", "HEAD").trim();
      const token = fakeGithubToken();
      write(work, "notes.txt", "plain\n");
      git(work, "add", ".");
      git(work, "commit", "-q", "-m", `deploy with ${token}`);
      const leaky = git(work, "rev-parse", "HEAD").trim();
      const clean = git(work, "commit-tree", "HEAD^{tree}", "-p", base, "-m", "clean stand-in").trim();
      git(work, "replace", leaky, clean);
      const r = push(work);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("[github-pat]");
      expect(r.out).toContain(`commit ${leaky.slice(0, 7)}`);
      expect(r.out).not.toContain(token);
    });

    it("diffs the index against the real HEAD, not a replacement of it", () => {
      const repo = makeRepo();
      installTestHook(repo, "pre-commit");
      write(repo, "app.js", `const t = "${fakeGithubToken()}";\n`);
      git(repo, "add", ".");
      // A stand-in HEAD whose tree already holds the staged file hides it from a diff against HEAD.
      const tree = git(repo, "write-tree").trim();
      const standIn = git(repo, "commit-tree", tree, "-m", "stand-in").trim();
      git(repo, "replace", "HEAD", standIn);
      const r = commitThroughHook(repo);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("[github-pat]");
      expect(r.out).toContain("app.js:1:");
    });
  });

  describe("file and directory names", () => {
    it("blocks a token that is only a directory name or a file name, at commit", () => {
      const repo = makeRepo();
      installTestHook(repo, "pre-commit");
      write(repo, `config/${fakeGithubToken()}/x.txt`, "hello\n");
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => f.detector)).toEqual(["github-pat"]);
      expect(commitThroughHook(repo).status).not.toBe(0);

      const other = makeRepo();
      write(other, `${fakePostmanKey()}.json`, "");
      git(other, "add", ".");
      const named = runJson(other);
      expect(named.status).toBe(1);
      expect(named.report.findings.map((f) => f.detector)).toEqual(["postman-api-key"]);
    });

    it("never spells out a token-named file in the list of skipped binaries", () => {
      const repo = makeRepo();
      const token = fakeGithubToken();
      write(repo, `img/${token}.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
      git(repo, "add", ".");
      const r = runCli(repo, ["--staged"]);
      expect(r.status).toBe(1);
      expect(r.stdout.replace(/\s+/g, " ")).toContain("1 file skipped: (a path holding a secret) (binary content)");
      expect(r.stdout.split("\n").find((l) => l.includes("skipped"))).not.toContain(token.slice(4, 14));
    });

    it("blocks a rename to a token-named file", () => {
      const repo = makeRepo();
      git(repo, "mv", "README.md", `${fakeGithubToken()}.md`);
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => f.detector)).toEqual(["github-pat"]);
    });

    it("blocks a token-named path at pre-push", () => {
      const { work } = cloneWithRemote(["pre-push"]);
      write(work, `keys/${fakeGithubToken()}`, "x\n");
      git(work, "add", ".");
      git(work, "commit", "-q", "-m", "named");
      const r = push(work);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain("[github-pat]");
    });
  });

  describe("a diff of large files, read on a second thread", () => {
    // Past a file of half a megabyte, git's output is read on a thread of its own (source/git/readerThread.ts):
    // tokens before, around and long after that point, in large files, minified lines and small files between.
    function largeDiff(): { files: Record<string, string>; expected: string[] } {
      const files: Record<string, string> = {};
      const expected: string[] = [];
      const place = (path: string, lines: string[], at: number) => {
        const token = fakeGithubToken();
        const column = at === 2 ? 70_001 : 1;
        lines[at - 1] = at === 2 ? `${"a,".repeat(35_000)}token="${token}",${"b,".repeat(35_000)}` : `token = "${token}"`;
        expected.push(`${path}:${at}:${column + (at === 2 ? 7 : 9)} github-pat`);
      };
      for (let f = 0; f < 9; f++) {
        const large = f % 2 === 0;
        const path = large ? `gen/bundle${f}.js` : `src/small${f}.js`;
        const lines = Array.from({ length: large ? 30_000 : 60 }, (_, i) => `const value${i} = "${"xy".repeat(large ? 40 : 10)}"; // ${i}`);
        if (large) for (const at of [1, 2, 15_000, 30_000]) place(path, lines, at);
        else place(path, lines, 30);
        files[path] = lines.join("\n") + "\n";
      }
      return { files, expected: expected.sort() };
    }
    const placesIn = (findings: { file: string; line: number; column: number; detector: string }[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.detector}`).sort();

    it("finds every token at its file, line and column, staged and at pre-push", () => {
      const { files, expected } = largeDiff();
      const repo = makeRepo();
      for (const [path, text] of Object.entries(files)) write(repo, path, text);
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(placesIn(report.findings)).toEqual(expected);
      expect(report.scanned.files).toBe(9);

      const { work } = cloneWithRemote(["pre-push"]);
      for (const [path, text] of Object.entries(files)) write(work, path, text);
      git(work, "add", ".");
      git(work, "commit", "-q", "-m", "bundles");
      const r = push(work);
      expect(r.status).not.toBe(0);
      for (const place of expected) expect(r.out).toContain(place.split(":").slice(0, 2).join(":"));
      const pushed = runJson(work, ["scan", "--range", "origin/main..HEAD"]);
      expect(placesIn(pushed.report.findings)).toEqual(expected);
    });

    it("git failing after the thread took over blocks the commit with git's reason, staged and in history", () => {
      // A large file first (the thread reads from there), then a file whose blob is gone: git stops with an error.
      const big = Array.from({ length: 30_000 }, (_, i) => `const value${i} = "${"xy".repeat(40)}"; // ${i}`).join("\n") + "\n";
      const repo = makeRepo();
      installTestHook(repo, "pre-commit");
      write(repo, "a/big.js", big);
      write(repo, "b/small.js", "const small = 1;\n");
      git(repo, "add", ".");
      // Gone from the work tree too: git reads an unchanged file from there rather than from its objects.
      const lost = git(repo, "rev-parse", ":b/small.js").trim();
      rmSync(join(repo, ".git", "objects", lost.slice(0, 2), lost.slice(2)));
      rmSync(join(repo, "b/small.js"));
      const staged = runCli(repo, ["--staged"]);
      expect(staged.status).toBe(2);
      expect(staged.stderr).toContain(`unable to read ${lost}`);
      const commit = commitThroughHook(repo);
      expect(commit.status).not.toBe(0);
      expect(commit.out).toContain(`unable to read ${lost}`);
      expect(commit.out).toContain(HOOK_FAILED["pre-commit"]);
      expect(git(repo, "rev-list", "--count", "HEAD").trim()).toBe("1");

      const history = makeRepo({ initialCommit: true });
      write(history, "a/big.js", big);
      git(history, "add", ".");
      git(history, "commit", "-q", "-m", "big");
      write(history, "b/small.js", "const small = 1;\n");
      git(history, "add", ".");
      git(history, "commit", "-q", "-m", "small");
      const gone = git(history, "rev-parse", "HEAD:b/small.js").trim();
      rmSync(join(history, ".git", "objects", gone.slice(0, 2), gone.slice(2)));
      const scanned = runCli(history, ["scan", "--all"]);
      expect(scanned.status).toBe(2);
      expect(scanned.stderr).toContain(`unable to read ${gone}`);
    });
  });

  describe("memory bounded per file", () => {
    it("finds tokens after a chunk boundary and at the end of a ~40 MB file, each once at its line", () => {
      const repo = makeRepo();
      const line = "x".repeat(99);
      const perLine = line.length + 1;
      const lines = Math.ceil((40 * 1024 * 1024) / perLine);
      const body = new Array<string>(lines).fill(line);
      // A key straddling the first cut, a token on the first line after the second, one on the last line.
      const key = pemKey().trimEnd().split("\n");
      const keyAt = cutsOf(body)[0] - 3;
      body.splice(keyAt - 1, key.length, ...key);
      const tokenAt = cutsOf(body)[1] + 1;
      body[tokenAt - 1] = `token = "${fakeGithubToken()}"`;
      body[lines - 1] = `token = "${fakeGithubToken()}"`;
      write(repo, "data/big.txt", body.join("\n") + "\n");
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      const found = report.findings.map((f) => `${f.line} ${f.detector}`).sort();
      expect(found).toEqual([`${keyAt} private-key-pkcs8`, `${tokenAt} github-pat`, `${lines} github-pat`].sort());
    });

    it("finds tokens that straddle the points where a long line is cut into pieces, each once at its column", () => {
      const repo = makeRepo();
      const tokens = [1, 2, 3].map(() => fakeGithubToken());
      let line = "";
      const columns: number[] = [];
      for (const token of tokens) {
        // The token's middle falls on the next multiple of the piece size.
        const target = (columns.length + 1) * MAX_LINE_BYTES - token.length / 2;
        line += "a,".repeat(Math.ceil((target - line.length) / 2));
        columns.push(line.length + 1);
        line += token + ",";
      }
      write(repo, "data/wide.csv", `${line}\n`);
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => `${f.line}:${f.column} ${f.detector}`)).toEqual(columns.map((c) => `1:${c} github-pat`));
    });

    it("finds a key cut in two by the point where a long file is cut into pieces, once, at its BEGIN line, staged, pushed and as files", () => {
      const key = pemKey().trimEnd().split("\n");
      const body = new Array<string>(4000).fill("x".repeat(99));
      const keyAt = cutsOf(body)[0] - 10;
      body.splice(keyAt - 1, key.length, ...key);
      // The cut falls inside the key: its first piece holds BEGIN, the next one END.
      const cut = cutsOf(body)[0];
      expect(cut).toBeGreaterThan(keyAt);
      expect(cut).toBeLessThan(keyAt + key.length - 1);
      const text = body.join("\n") + "\n";
      // A file whose last line, the key's END, is where the cut falls: the piece after it holds no new line.
      const endKey = pemKey().trimEnd().split("\n");
      const keyBytes = endKey.reduce((n, l) => n + l.length + 1, 0);
      const filler = CHUNK_BYTES - keyBytes + 1;
      const tail = [...new Array<string>(Math.floor(filler / 100)).fill("x".repeat(99)), ...(filler % 100 ? ["y".repeat((filler % 100) - 1)] : []), ...endKey];
      expect(cutsOf(tail)).toEqual([tail.length]);
      const repo = makeRepo();
      write(repo, "data/fixture.txt", text);
      write(repo, "data/tail.txt", tail.join("\n") + "\n");
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      const tailKeyAt = tail.length - endKey.length + 1;
      expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.detector}`)).toEqual([`data/fixture.txt:${keyAt}:1 private-key-pkcs8`, `data/tail.txt:${tailKeyAt}:1 private-key-pkcs8`]);
      const files = runCli(repo, ["scan", "--files", "data/fixture.txt"]);
      expect(files.status).toBe(1);
      expect(files.stdout).toContain(`data/fixture.txt:${keyAt}:1`);
      expect(files.stdout).not.toContain(bodyPiece(key.join("\n")));

      const { work } = cloneWithRemote(["pre-push"]);
      write(work, "data/fixture.txt", text);
      git(work, "add", ".");
      git(work, "commit", "-q", "-m", "fixture");
      const r = push(work);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain(`data/fixture.txt:${keyAt}:1  in commit`);
      expect(r.out).not.toContain(bodyPiece(key.join("\n")));
    });

    it("finds a token at the end of one enormous line, at its line", () => {
      const repo = makeRepo();
      const token = fakeGithubToken();
      const huge = "a,".repeat(10 * 1024 * 1024) + `token="${token}"`;
      write(repo, "data/one-line.csv", `head\n${huge}\ntail\n`);
      git(repo, "add", ".");
      const { status, report } = runJson(repo);
      expect(status).toBe(1);
      expect(report.findings.map((f) => `${f.line}:${f.column} ${f.detector}`)).toEqual([`2:${huge.length - token.length} github-pat`]);

      const { work } = cloneWithRemote(["pre-push"]);
      write(work, "data/one-line.csv", `head\n${huge}\ntail\n`);
      git(work, "add", ".");
      git(work, "commit", "-q", "-m", "data");
      const r = push(work);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain(`data/one-line.csv:2:${huge.length - token.length}  in commit`);
      expect(r.out).toContain("1 finding in 1 commit, 1 file, 3 added lines");
    });
  });
});
