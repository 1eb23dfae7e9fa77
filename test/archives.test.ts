// Archives committed as files: zip (and jar, war, docx), gzip and tar.gz, built at run time (archiveFiles.ts).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { ArchiveError, archiveKind, membersOf } from "../src/source/git/archives.js";
import { tar, zip } from "../src/tools/archiveFiles.js";
import { seededRandom } from "../src/tools/samples.js";
import { cleanupTempDirs, cloneWithRemote, fakeGithubToken, fakePostmanKey, git, gitResult, makeRepo, placesOf, runCli, runJson, SEED, write, type JsonReport } from "./helpers.js";

afterAll(cleanupTempDirs);

const config = (token: string) => `# service settings\nendpoint=https://api.example.com\ntoken=${token}\n`;

describe(`archives are read for their members (seed ${SEED})`, () => {
  it("blocks a token inside a zip member, at archive!member:line:column, in every format, without printing it", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "dist/bundle.zip", zip([{ name: "README.txt", content: "hello\n" }, { name: "conf/app.properties", content: config(token) }, { name: "logo.png", content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 0, 0]) }]));
    git(repo, "add", ".");
    const text = runCli(repo, ["--staged"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("dist/bundle.zip!conf/app.properties:3:7");
    expect(text.stdout).toContain("git rm --cached dist/bundle.zip");
    const { report, stdout } = runJson(repo);
    expect(report.findings.map((f) => [f.detector, f.file, f.archiveMember, f.line, f.column])).toEqual([["github-pat", "dist/bundle.zip", "conf/app.properties", 3, 7]]);
    const sarif = JSON.parse(runCli(repo, ["--staged", "--format", "sarif"]).stdout);
    const result = sarif.runs[0].results[0];
    // The member's entry in the zip: its local header (30 bytes and the name) and its compressed bytes.
    const entry = 30 + "README.txt".length + deflateRawSync("hello\n").length;
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "dist/bundle.zip" }, region: { byteOffset: entry, byteLength: 30 + "conf/app.properties".length + deflateRawSync(config(token)).length } });
    expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toBe("dist/bundle.zip!conf/app.properties");
    expect(result.properties).toMatchObject({ archiveMember: "conf/app.properties", line: 3, column: 7 });
    for (const out of [text.stdout, text.stderr, stdout, JSON.stringify(sarif)]) expect(out).not.toContain(token.slice(4));
  });

  it("reads archives with the isomorphic-git reader too", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "bundle.zip", zip([{ name: "conf/app.properties", content: config(token) }]));
    git(repo, "add", ".");
    const { status, report } = runJson(repo, ["--staged", "--reader", "isomorphic-git"]);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.detector, f.file, f.archiveMember, f.line, f.column])).toEqual([["github-pat", "bundle.zip", "conf/app.properties", 3, 7]]);
  });

  it("reads a jar inside a war, and lists an archive nested deeper as skipped", () => {
    const repo = makeRepo();
    const inJar = fakeGithubToken();
    const deeper = zip([{ name: "deep.properties", content: config(fakeGithubToken()) }]);
    const jar = zip([{ name: "application.properties", content: config(inJar) }, { name: "lib/deeper.zip", content: deeper, method: 0 }]);
    write(repo, "app.war", zip([{ name: "WEB-INF/lib/service.jar", content: jar }, { name: "index.html", content: "<html></html>\n" }]));
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.file, f.archiveMember, f.line])).toEqual([["app.war", "WEB-INF/lib/service.jar!application.properties", 3]]);
    expect(report.scanned.skipped).toEqual([{ path: "app.war!WEB-INF/lib/service.jar!lib/deeper.zip", reason: "archive inside an archive" }]);
  });

  it("reads a tar.gz's files and a single gzip-compressed file", () => {
    const repo = makeRepo();
    const inTar = fakeGithubToken();
    const inGz = fakePostmanKey();
    write(repo, "backup.tar.gz", gzipSync(tar([{ name: "etc/app/notes.txt", content: "nothing here\n" }, { name: "etc/app/service.env", content: `A=1\nGITHUB_TOKEN=${inTar}\n` }])));
    write(repo, "logs/settings.conf.gz", gzipSync(`x = 1\npostman = ${inGz}\n`));
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.detector, f.file, f.archiveMember, f.line])).toEqual([
      ["github-pat", "backup.tar.gz", "etc/app/service.env", 2],
      ["postman-api-key", "logs/settings.conf.gz", "settings.conf", 2],
    ]);
  });

  it("in a changed archive reports only what each member adds", () => {
    const repo = makeRepo();
    const old = fakeGithubToken();
    write(repo, "conf.zip", zip([{ name: "app.properties", content: config(old) }]));
    git(repo, "add", ".");
    git(repo, "commit", "-q", "--no-verify", "-m", "old");
    const added = fakePostmanKey();
    write(repo, "conf.zip", zip([{ name: "app.properties", content: `${config(old)}postman=${added}\n` }, { name: "other.txt", content: "plain\n" }]));
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.detector, f.archiveMember, f.line])).toEqual([["postman-api-key", "app.properties", 4]]);
  });

  it("lists what it could not read, and still reads the rest: an encrypted member, an unknown method, a member past 10 MB, a damaged archive", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(
      repo,
      "mixed.zip",
      zip([
        { name: "locked.txt", content: "secret stuff\n", encrypted: true },
        { name: "bzip.txt", content: "other stuff\n", method: 12 },
        { name: "huge.log", content: "INFO request served in 3 ms\n".repeat(400_000) },
        { name: "ok.env", content: `TOKEN=${token}\n` },
      ]),
    );
    write(repo, "broken.zip", zip([{ name: "a.txt", content: "a\n" }]).subarray(0, 40));
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.file, f.archiveMember, f.line])).toEqual([["mixed.zip", "ok.env", 1]]);
    expect(report.scanned.skipped).toEqual([
      { path: "broken.zip", reason: "archive that could not be read (truncated or damaged)" },
      { path: "mixed.zip!locked.txt", reason: "encrypted archive member" },
      { path: "mixed.zip!bzip.txt", reason: "archive member compressed with method 12 (only stored and deflate are read)" },
      { path: "mixed.zip!huge.log", reason: "archive member larger than 10 MB" },
    ]);
  });

  it("names a compressed file it does not open by its format, staged and on disk, instead of 'binary content'", () => {
    const repo = makeRepo();
    const body = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) % 256));
    write(repo, "dump.sql.xz", Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), body]));
    write(repo, "prod.env.bz2", Buffer.concat([Buffer.from("BZh91AY&SY"), body]));
    write(repo, "backup.tar.zst", Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), body]));
    write(repo, "logo.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), body]));
    git(repo, "add", ".");
    const expected = [
      { path: "backup.tar.zst", reason: "compressed as zstd, which leakstop does not open" },
      { path: "dump.sql.xz", reason: "compressed as xz, which leakstop does not open" },
      { path: "logo.png", reason: "binary content" },
      { path: "prod.env.bz2", reason: "compressed as bzip2, which leakstop does not open" },
    ];
    const staged = runJson(repo);
    expect(staged.status).toBe(0);
    expect([...(staged.report.scanned.skipped ?? [])].sort((a, b) => a.path.localeCompare(b.path))).toEqual(expected);
    const onDisk = runJson(repo, ["scan", "--files", "."]);
    expect([...(onDisk.report.scanned.skipped ?? [])].sort((a, b) => a.path.localeCompare(b.path))).toEqual(expected);
  });

  it("blocks a token used as a member's name, and masks it wherever the member is named", () => {
    const repo = makeRepo();
    const inName = fakeGithubToken();
    write(repo, "a.zip", zip([{ name: `keys/${inName}/app.env`, content: `POSTMAN=${fakePostmanKey()}\n` }, { name: `keys/${inName}/b.txt`, content: "plain\n" }]));
    git(repo, "add", ".");
    const text = runCli(repo, ["--staged"]);
    const json = runCli(repo, ["--staged", "--format", "json"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/a\.zip!keys\/ghp_\*+\/app\.env:1:6/);
    expect(text.stdout).toMatch(/a\.zip!keys\/ghp_\*+\/app\.env:1:9/);
    // The token named by both members is one finding: the second member's name is its other place.
    const findings = placesOf((JSON.parse(json.stdout) as JsonReport).findings);
    expect(findings.map((f) => [f.detector, f.archiveMember!.replace(/\*+/, "*"), f.line, f.column])).toEqual([
      ["github-pat", "keys/ghp_*/app.env", 1, 6],
      ["github-pat", "keys/ghp_*/b.txt", 1, 6],
      ["postman-api-key", "keys/ghp_*/app.env", 1, 9],
    ]);
    for (const out of [text.stdout, text.stderr, json.stdout]) expect(out).not.toContain(inName.slice(4));
  });

  it("reads a zip tracked by Git LFS from the local store, and a gzip whose content is past 10 MB is listed", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    const object = zip([{ name: "creds/ci.env", content: `CI_TOKEN=${token}\n` }]);
    const oid = createHash("sha256").update(object).digest("hex");
    write(join(repo, ".git", "lfs", "objects"), join(oid.slice(0, 2), oid.slice(2, 4), oid), object);
    write(repo, ".gitattributes", "*.zip filter=lfs diff=lfs merge=lfs -text\n");
    write(repo, "assets.zip", `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${object.length}\n`);
    write(repo, "dump.sql.gz", gzipSync("INSERT INTO t VALUES (1);\n".repeat(420_000)));
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.file, f.archiveMember, f.line, f.column])).toEqual([["assets.zip", "creds/ci.env", 1, 10]]);
    expect(report.scanned.skipped).toEqual([{ path: "dump.sql.gz", reason: "gzip file whose content is larger than 10 MB" }]);
  });

  it("reads damaged archives without a crash or a hang: 3,000 random corruptions give members or its own 'could not be read'", async () => {
    const random = seededRandom(SEED);
    const seeds = [
      zip([{ name: "a/b.txt", content: "hello world\n".repeat(100) }, { name: "c.env", content: "TOKEN=abc\n".repeat(50) }, { name: "d.bin", content: Buffer.alloc(512, 7), method: 0 }]),
      gzipSync(tar([{ name: "dir/file.txt", content: "x=1\n".repeat(300) }])),
      gzipSync("plain text\n".repeat(200)),
    ];
    const outcomes = { read: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(seeds[i % seeds.length]);
      for (let k = 1 + Math.floor(random() * 8); k > 0; k--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const cut = random() < 0.1 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      try {
        for (const member of membersOf(cut, archiveKind(cut) ?? (i % seeds.length ? "gzip" : "zip"), "x.gz")) {
          member.read();
          if (member.chunks) {
            try {
              for await (const chunk of member.chunks()) void chunk;
            } catch (err) {
              if (!(err instanceof ArchiveError)) throw err;
            }
          }
        }
        outcomes.read++;
      } catch (err) {
        if (!(err instanceof ArchiveError)) throw err;
        outcomes.refused++;
      }
    }
    expect(outcomes.read + outcomes.refused).toBe(3000);
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it("blocks a push of a commit that adds an archive holding a secret, and leaves the archive alone on fix", () => {
    const { work } = cloneWithRemote(["pre-push"]);
    write(work, "release.zip", zip([{ name: "config/prod.env", content: `GITHUB_TOKEN=${fakeGithubToken()}\n` }]));
    git(work, "add", ".");
    git(work, "commit", "-q", "--no-verify", "-m", "release");
    const push = gitResult(work, ["push", "-q", "origin", "HEAD:refs/heads/main"]);
    expect(push.status).toBe(1);
    expect(push.stdout + push.stderr).toContain("release.zip!config/prod.env:1:14");

    const repo = makeRepo();
    write(repo, "r.zip", zip([{ name: "prod.env", content: `GITHUB_TOKEN=${fakeGithubToken()}\n` }]));
    git(repo, "add", ".");
    const before = readFileSync(join(repo, "r.zip"));
    runCli(repo, ["fix"]);
    expect(readFileSync(join(repo, "r.zip")).equals(before)).toBe(true);
  });
});
