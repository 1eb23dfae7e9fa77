// leakstop's SARIF checked by Microsoft's SARIF Multitool with the SARIF rules and GitHub's ingestion rules.
// The multitool is about 104 MB installed (a .NET build per platform): too big for a devDependency, so it is
// installed once into a temp dir kept between runs (npm's cache makes later installs offline).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { zip } from "../src/tools/archiveFiles.js";
import { cleanupTempDirs, cloneWithRemote, fake, fakeGithubToken, fakePostmanKey, git, npm, runCli, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const MULTITOOL_VERSION = "5.7.0";
/** SARIF's own rules and GitHub Advanced Security's ingestion rules (GH1xxx, GH2xxx). */
const RULE_KINDS = "Sarif;Gh";

function multitool(): string {
  const dir = join(tmpdir(), `leakstop-sarif-multitool-${MULTITOOL_VERSION}`);
  const bin = join(dir, "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    npm(dir, "install", "--prefer-offline", "--no-save", "--no-package-lock", "--prefix", dir, `@microsoft/sarif-multitool@${MULTITOOL_VERSION}`);
  }
  // Its postinstall (chmod) does not run where install scripts are not allowed.
  chmodSync(bin, 0o755);
  return bin;
}

interface Issue {
  level: string;
  ruleId: string;
  where: string;
}

/** Every error, warning and note the validator reports on one SARIF file. */
function validate(sarif: string): Issue[] {
  const dir = tempDir();
  const input = join(dir, "leakstop.sarif");
  const output = join(dir, "validation.sarif");
  writeFileSync(input, sarif);
  const r = spawnSync(multitool(), ["validate", "--rule-kind", RULE_KINDS, "--level", "Error;Warning;Note", "-o", output, input], { encoding: "utf8", env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" } });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  const log = JSON.parse(readFileSync(output, "utf8")) as { runs: { results?: { level?: string; ruleId: string; message: { arguments?: string[] } }[] }[] };
  return (log.runs[0].results ?? []).map((x) => ({ level: x.level ?? "warning", ruleId: x.ruleId, where: x.message.arguments?.[0] ?? "" }));
}

const serious = (issues: Issue[]) => issues.filter((i) => i.level === "error" || i.level === "warning");

const fakeNpmToken = () => fake("npm_{base62:30}{checksum:crc32-base62}");

describe.runIf(process.platform === "linux" && process.arch === "x64")(`SARIF validated by the SARIF Multitool ${MULTITOOL_VERSION} (${RULE_KINDS})`, () => {
  it("scan --files: three credentials of three detectors, zero errors and zero warnings", () => {
    const dir = tempDir();
    const secrets = [fakeGithubToken(), fakePostmanKey(), fakeNpmToken()];
    write(dir, "src/config.js", `const gh = "${secrets[0]}";\n`);
    write(dir, "collections/env file.txt", `\nPOSTMAN=${secrets[1]}\n`);
    write(dir, ".npmrc", `//registry.npmjs.org/:_authToken=${secrets[2]}\n`);
    const r = runCli(dir, ["scan", "--files", ".", "--format", "sarif"]);
    expect(r.status, r.stderr).toBe(1);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0].results.map((x) => x.ruleId).sort()).toEqual(["github-pat", "npm-access-token", "postman-api-key"]);
    for (const s of secrets) expect(r.stdout).not.toContain(s);
    expect(serious(validate(r.stdout))).toEqual([]);
  }, 180_000);

  it("a finding inside an archive member (the archive as artifact, the member as a logical place): zero errors and zero warnings", () => {
    const dir = tempDir();
    const token = fakeGithubToken();
    write(dir, "dist/app.war", zip([{ name: "WEB-INF/classes/application.properties", content: `a=1\ngithub.token=${token}\n` }]));
    const r = runCli(dir, ["scan", "--files", ".", "--format", "sarif"]);
    expect(r.status, r.stderr).toBe(1);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; properties?: { archiveMember?: string } }[] }[] };
    expect(sarif.runs[0].results.map((x) => [x.ruleId, x.properties?.archiveMember])).toEqual([["github-pat", "WEB-INF/classes/application.properties"]]);
    expect(r.stdout).not.toContain(token.slice(4));
    expect(serious(validate(r.stdout))).toEqual([]);
  }, 180_000);

  it("a pre-push run (a file, a commit message, an annotated tag): zero errors and zero warnings", () => {
    const { work } = cloneWithRemote([]);
    const token = fakeGithubToken();
    const inMessage = fakeNpmToken();
    write(work, "dir with space/config.js", `const gh = "${token}";\n`);
    git(work, "add", ".");
    git(work, "commit", "-q", "-m", `deploy\n\nNPM_TOKEN=${inMessage}`);
    git(work, "tag", "-a", "v1", "-m", "release");
    const head = git(work, "rev-parse", "HEAD").trim();
    const base = git(work, "rev-parse", "origin/main").trim();
    const tag = git(work, "rev-parse", "v1").trim();
    const refLines = `refs/heads/main ${head} refs/heads/main ${base}\nrefs/tags/v1 ${tag} refs/tags/v1 ${"0".repeat(40)}\n`;
    const r = runCli(work, ["hook", "pre-push", "origin", "../remote.git", "--format", "sarif"], {}, refLines);
    expect(r.status, r.stderr).toBe(1);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0].results.map((x) => x.ruleId).sort()).toEqual(["github-pat", "npm-access-token"]);
    expect(r.stdout).not.toContain(token);
    expect(r.stdout).not.toContain(inMessage);
    expect(serious(validate(r.stdout))).toEqual([]);
  }, 180_000);

  it("the GitHub rules are in force: a result without message text is an error", () => {
    const dir = tempDir();
    write(dir, "config.js", `const gh = "${fakeGithubToken()}";\n`);
    const sarif = JSON.parse(runCli(dir, ["scan", "--files", ".", "--format", "sarif"]).stdout) as { runs: { results: { message: unknown }[] }[] };
    sarif.runs[0].results[0].message = { id: "default" };
    expect(serious(validate(JSON.stringify(sarif))).map((i) => i.ruleId)).toContain("GH2012");
  }, 180_000);
});
