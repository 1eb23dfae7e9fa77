import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { readDetectorFiles } from "../src/detectors/files.js";
import { detectorSchema } from "../src/detectors/schema.js";
import { LANGUAGES, STORES, type Language } from "../src/remedy/choices.js";
import { cleanupTempDirs, fake, fakeGithubToken, git, makeRepo, runCli, stagedRepoWithToken, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

interface Snippet {
  id: string;
  store: string;
  language: Language;
  envVar: string;
  code: string;
}

function snippet(id: string, store: string, lang: string): Snippet {
  const r = runCli(tempDir(), ["explain", id, "--store", store, "--lang", lang, "--format", "json"]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Snippet;
}

// Every store in every language, read through the built CLI once for the whole file.
const ALL = STORES.flatMap((store) => LANGUAGES.map((lang) => snippet("github-pat", store, lang)));
const byLanguage = (lang: Language) => ALL.filter((s) => s.language === lang);

/** Problems a parser reports, as short strings ("" when the snippet parses). */
function syntaxProblems(s: Snippet): string {
  const dir = tempDir();
  switch (s.language) {
    case "python": {
      const r = spawnSync("python3", ["-c", "import ast,sys; ast.parse(sys.stdin.read())"], { input: s.code, encoding: "utf8" });
      return r.status === 0 ? "" : r.stderr;
    }
    case "javascript": {
      // ES module: the snippets use top-level await.
      const file = join(dir, "snippet.mjs");
      writeFileSync(file, s.code);
      const r = spawnSync(process.execPath, ["--check", file], { encoding: "utf8" });
      return r.status === 0 ? "" : r.stderr;
    }
    case "typescript": {
      const out = ts.transpileModule(s.code, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
      return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n");
    }
    case "shell": {
      const problems = ["bash", "sh"].map((shell) => spawnSync(shell, ["-n"], { input: s.code, encoding: "utf8" })).filter((r) => r.status !== 0);
      return problems.map((r) => r.stderr).join("\n");
    }
    case "java": {
      // The SDKs are not on this machine: javac parses the whole file first, and only unresolved names
      // (packages, classes, methods) may be reported after that. Any other error is a real mistake.
      const file = join(dir, "ReadSecret.java");
      writeFileSync(file, s.code);
      const r = spawnSync("javac", ["-proc:none", "-Xmaxerrs", "500", "-d", join(dir, "out"), file], { encoding: "utf8" });
      const errors = r.stderr.split("\n").filter((l) => / error: /.test(l));
      return errors.filter((l) => !/error: (package \S+ does not exist|cannot find symbol|cannot access)/.test(l)).join("\n");
    }
    case "go": {
      const r = spawnSync("gofmt", ["-e"], { input: s.code, encoding: "utf8" });
      return r.status === 0 ? "" : r.stderr;
    }
    case "ruby": {
      const r = spawnSync("ruby", ["-c"], { input: s.code, encoding: "utf8" });
      return r.status === 0 ? "" : r.stderr;
    }
    case "csharp":
      return "no C# parser wired in";
  }
}

describe("leakstop explain --store --lang: code that reads the credential from a secret store", () => {
  it("generates all 8 stores × 8 languages for github-pat, each naming GITHUB_TOKEN and holding no secret-shaped value", () => {
    expect(ALL).toHaveLength(64);
    for (const s of ALL) {
      expect(s.code, `${s.store}/${s.language}`).toContain("GITHUB_TOKEN");
      expect(s.code, `${s.store}/${s.language}`).not.toMatch(/gh[pousr]_[A-Za-z0-9]{10,}/);
    }
    // The store-specific name is derived from the variable, not written per detector.
    expect(ALL.find((s) => s.store === "aws" && s.language === "python")!.code).toContain('SecretId="myapp/GITHUB_TOKEN"');
    expect(ALL.find((s) => s.store === "azure" && s.language === "go")!.code).toContain('"myapp-GITHUB-TOKEN"');
    expect(ALL.find((s) => s.store === "1password" && s.language === "shell")!.code).toContain("op://myapp/GITHUB_TOKEN/credential");
    expect(ALL.find((s) => s.store === "vault" && s.language === "java")!.code).toContain("/data/data/GITHUB_TOKEN");
    // leakstop itself finds nothing in the 64 snippets once they are staged.
    const repo = makeRepo();
    const ext: Record<Language, string> = { python: "py", javascript: "mjs", typescript: "ts", go: "go", java: "java", ruby: "rb", csharp: "cs", shell: "sh" };
    for (const s of ALL) write(repo, `snippets/${s.store}/read.${ext[s.language]}`, s.code);
    git(repo, "add", ".");
    const scan = runCli(repo, ["--staged"]);
    expect(scan.status, scan.stdout).toBe(0);
  });

  it.each(["python", "javascript", "typescript", "shell"] as const)("every %s snippet parses", (lang) => {
    for (const s of byLanguage(lang)) expect(syntaxProblems(s), `${s.store}/${s.language}:\n${s.code}`).toBe("");
  });

  // Syntax only: the SDKs' classes are not on this machine, so unresolved names are allowed (see syntaxProblems).
  it.skipIf(!has("javac"))("every java snippet parses (javac, unresolved SDK names allowed)", () => {
    for (const s of byLanguage("java")) expect(syntaxProblems(s), `${s.store}:\n${s.code}`).toBe("");
  });

  it.skipIf(!has("gofmt"))("every go snippet parses (gofmt -e)", () => {
    for (const s of byLanguage("go")) expect(syntaxProblems(s), s.store).toBe("");
  });

  it.skipIf(!has("ruby"))("every ruby snippet parses (ruby -c)", () => {
    for (const s of byLanguage("ruby")) expect(syntaxProblems(s), s.store).toBe("");
  });

  // No C# parser is scripted here (the dotnet SDK would be needed to compile top-level statements).
  it.skip("every csharp snippet parses", () => {});

  it("uses each detector's own variable: slack-bot-token reads SLACK_BOT_TOKEN from its derived paths", () => {
    const aws = snippet("slack-bot-token", "aws", "javascript");
    expect(aws.code).toContain('SecretId: "myapp/SLACK_BOT_TOKEN"');
    expect(aws.code).toContain("slackBotToken");
    expect(snippet("slack-bot-token", "gcp", "shell").code).toContain("--secret=myapp_SLACK_BOT_TOKEN");
    expect(snippet("slack-bot-token", "env", "python").code).toContain('slack_bot_token = os.environ["SLACK_BOT_TOKEN"]');
    expect(snippet("slack-bot-token", "doppler", "ruby").code).toMatch(/doppler run --project myapp --config prd --[\s\S]*ENV\.fetch\("SLACK_BOT_TOKEN"\)/);
  });

  it("prints plain code as text; accepts aliases; either option alone defaults the other (env, shell)", () => {
    const dir = tempDir();
    const go = runCli(dir, ["explain", "github-pat", "--store", "gcp", "--lang", "golang"]);
    expect(go.status).toBe(0);
    expect(go.stdout).toMatch(/^\/\/ Reads GITHUB_TOKEN from GCP Secret Manager \(myapp_GITHUB_TOKEN\)/);
    expect(go.stdout).toContain("secretmanager.NewClient(ctx)");
    expect(runCli(dir, ["explain", "github-pat", "--store", "vault"]).stdout).toContain("vault kv get -mount=secret -field=GITHUB_TOKEN myapp");
    expect(runCli(dir, ["explain", "github-pat", "--lang", "node"]).stdout).toContain("process.env.GITHUB_TOKEN");
  });

  it("--store or --lang without a value lists the choices; an unknown value is one error line naming them (exit 2)", () => {
    const dir = tempDir();
    const stores = runCli(dir, ["explain", "github-pat", "--store"]);
    expect(stores.status).toBe(0);
    for (const s of STORES) expect(stores.stdout).toMatch(new RegExp(`^  ${s}\\s`, "m"));
    const both = runCli(dir, ["explain", "--lang", "--store"]);
    expect(both.status).toBe(0);
    for (const l of LANGUAGES) expect(both.stdout).toMatch(new RegExp(`^  ${l}\\s`, "m"));
    expect(both.stdout).toContain("Secret stores (--store):");

    const bad = runCli(dir, ["explain", "github-pat", "--store", "s3"]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toEqual([`leakstop: error: --store: unknown secret store "s3"; choose one of ${STORES.join(", ")}`]);
    const badLang = runCli(dir, ["explain", "github-pat", "--lang", "cobol"]);
    expect(badLang.status).toBe(2);
    expect(badLang.stderr).toContain(`choose one of ${LANGUAGES.join(", ")}`);
    // A token typed by mistake is described, never echoed.
    const token = fakeGithubToken();
    const leaked = runCli(dir, ["explain", "github-pat", "--lang", token]);
    expect(leaked.status).toBe(2);
    expect(leaked.stderr).not.toContain(token);
    expect(leaked.stderr).not.toContain(token.slice(4, 16));
  });

  it("without --store/--lang, explain prints the guidance as before and one line naming the options", () => {
    const r = runCli(tempDir(), ["explain", "github-pat"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("GitHub personal access token (classic) [github-pat]");
    const last = r.stdout.trimEnd().split("\n").pop();
    expect(last).toBe("Code that reads it from a secret manager: leakstop explain github-pat --store STORE --lang LANGUAGE (without a value, each lists its choices).");
  });
});

describe("revoke commands and audit logs in the guidance", () => {
  const detectors = readDetectorFiles();
  const githubPat = detectors.find((d) => d.id === "github-pat")!;

  it("explain github-pat shows GitHub's revocation API reading $GITHUB_TOKEN, as valid shell, and runs nothing", () => {
    // A curl on PATH that records any call: explain must only print the command.
    const bin = tempDir();
    const marker = join(bin, "curl-was-run");
    writeFileSync(join(bin, "curl"), `#!/bin/sh\ntouch "${marker}"\n`, { mode: 0o755 });
    const r = runCli(tempDir(), ["explain", "github-pat"], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Revoke it from a terminal"));
    expect(at).toBeGreaterThan(0);
    const command = lines[at + 1].trim();
    expect(command).toContain("https://api.github.com/credentials/revoke");
    expect(command).toContain("$GITHUB_TOKEN");
    expect(spawnSync("bash", ["-n"], { input: command }).status).toBe(0);
    expect(r.stdout).toMatch(/^Audit log for the exposure window: https:\/\/github\.com\/settings\/security-log/m);
    expect(spawnSync("test", ["-e", marker]).status).toBe(1);
  });

  it("in a report wrapped at 80 columns, the revoke command stays on one line, so it runs as printed", () => {
    const { repo } = stagedRepoWithToken();
    const r = runCli(repo, ["--staged", "--verbose"], { COLUMNS: "80" });
    expect(r.status).toBe(1);
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Revoke it from a terminal"));
    expect(at).toBeGreaterThan(0);
    const command = lines.slice(at).find((l) => l.trim().startsWith("curl"))!.trim();
    expect(command).toBe(githubPat.guidance.revokeCommand!.join(" "));
    expect(spawnSync("bash", ["-n"], { input: command }).status).toBe(0);
  });

  it("every revokeCommand in the catalogue is valid shell and reads a $VARIABLE; the major providers name an audit log", () => {
    const withCommand = detectors.filter((d) => d.guidance.revokeCommand);
    expect(withCommand.map((d) => d.id)).toEqual(expect.arrayContaining(["github-pat", "gitlab-pat", "slack-bot-token", "npm-access-token", "discord-webhook-url"]));
    for (const d of withCommand) {
      const script = d.guidance.revokeCommand!.join("\n");
      expect(spawnSync("bash", ["-n"], { input: script }).status, d.id).toBe(0);
      expect(script, d.id).toMatch(/\$\{?[A-Z][A-Z0-9_]*/);
    }
    for (const id of ["github-pat", "gitlab-pat", "aws-access-key-id", "gcp-service-account-key", "azure-ad-client-secret", "slack-bot-token", "stripe-secret-key", "npm-access-token", "openai-api-key"]) {
      expect(detectors.find((d) => d.id === id)!.guidance.auditLog, id).toBeTruthy();
    }
  });

  it("the schema rejects a revokeCommand holding a literal token, or reading no $VARIABLE", () => {
    const token = fakeGithubToken();
    const withGuidance = (revokeCommand: string[]) => ({ ...githubPat, guidance: { ...githubPat.guidance, revokeCommand } });
    const paths = (r: ReturnType<typeof detectorSchema.safeParse>) => (r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

    const literal = detectorSchema.safeParse(withGuidance([`curl -sS -X POST https://api.github.com/credentials/revoke -d '{"credentials":["${token}"]}'`]));
    expect(literal.success).toBe(false);
    expect(paths(literal).join("\n")).toMatch(/guidance\.revokeCommand\.0: must not hold a token-shaped value/);
    // Another provider's shape: a long hex key.
    expect(detectorSchema.safeParse(withGuidance([`curl -H "X-Key: ${fake("{hex:40}")}" -X DELETE https://example.com/key   # $KEY`])).success).toBe(false);

    const noVariable = detectorSchema.safeParse(withGuidance(["curl -sS -X POST https://slack.com/api/auth.revoke"]));
    expect(noVariable.success).toBe(false);
    expect(paths(noVariable).join("\n")).toMatch(/guidance\.revokeCommand: must read the credential from its environment variable/);

    expect(detectorSchema.safeParse(withGuidance(['curl -sS -X POST -H "Authorization: Bearer $SLACK_BOT_TOKEN" https://slack.com/api/auth.revoke'])).success).toBe(true);
  });

  it("the verbose report's guidance for a staged token shows the revoke command and the audit log, never the token", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "deploy.sh", `export GITHUB_TOKEN=${token}\n`);
    git(repo, "add", "deploy.sh");
    const r = runCli(repo, ["--staged", "--verbose"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('-d "{\\"credentials\\":[\\"$GITHUB_TOKEN\\"]}"');
    expect(r.stdout).toContain("Audit log for the exposure window:");
    expect(r.stdout + r.stderr).not.toContain(token);
    // The JSON guidance carries the fields for other tools (the history cleaner reads auditLog).
    const json = JSON.parse(runCli(repo, ["explain", "github-pat", "--format", "json"]).stdout) as { guidance: { revokeCommand: string[]; auditLog: string } };
    expect(json.guidance.revokeCommand[0]).toContain("$GITHUB_TOKEN");
    expect(json.guidance.auditLog).toContain("security-log");
  });
});
