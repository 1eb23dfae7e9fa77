// What a blocked commit prints: short enough that the last screen holds the places and the bypass, wrapped to the
// terminal, one fix per file, and a credential found in parts reported once. Real repositories, the built CLI.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTempDirs, cloneWithRemote, fake, fakeGithubToken, fakePicaticKey, fakePostmanKey, git, gitResult, installTestHook, makeRepo, runCli, runJson, SEED, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const lines = (out: string) => out.replace(/\n$/, "").split("\n");
/** The report with wrapped lines joined and runs of spaces as one, to read sentences whatever the width. */
const flat = (out: string) => out.replace(/\s+/g, " ");

function expectNoSecret(out: string, ...secrets: string[]): void {
  for (const s of secrets) {
    expect(out).not.toContain(s);
    expect(out).not.toContain(s.slice(4, 14));
  }
}

/** `git commit` through the installed pre-commit hook, at a given terminal width (COLUMNS: the hook is not on a TTY). */
function commit(dir: string, columns: number) {
  const r = gitResult(dir, ["commit", "-q", "-m", "work"], { COLUMNS: String(columns) });
  return { status: r.status, out: r.stdout + r.stderr };
}

function oneFinding() {
  const dir = makeRepo();
  installTestHook(dir, "pre-commit");
  const token = fakeGithubToken();
  write(dir, "src/config.ts", `// settings\nexport const region = "eu";\nexport const token = "${token}";\n`);
  git(dir, "add", ".");
  return { dir, token };
}

/** Five findings of three credential types in three files. */
function fiveFindings() {
  const dir = makeRepo();
  installTestHook(dir, "pre-commit");
  const secrets = [fakeGithubToken(), fakeGithubToken(), fakePostmanKey(), fakePostmanKey(), fakePicaticKey()];
  write(dir, "src/app.js", `const main = "${secrets[0]}";\nconst backup = "${secrets[1]}";\n`);
  write(dir, "tools/sync.py", `import os\nPOSTMAN = "${secrets[2]}"\nPOSTMAN_OLD = "${secrets[3]}"\n`);
  write(dir, "deploy.env", `PICATIC_KEY=${secrets[4]}\n`);
  git(dir, "add", ".");
  return { dir, secrets };
}

describe(`compact report of a blocked commit (seed ${SEED})`, () => {
  for (const columns of [80, 120]) {
    it(`one finding at ${columns} columns: at most 10 lines, the place and the bypass last`, () => {
      const { dir, token } = oneFinding();
      const r = commit(dir, columns);
      expect(r.status).not.toBe(0);
      const out = lines(r.out);
      expect(out.length).toBeLessThanOrEqual(10);
      expect(flat(r.out)).toContain("CRITICAL GitHub personal access token (classic) [github-pat] src/config.ts:3:23");
      // At 120 columns the header holds the place on the same line: the width is read from COLUMNS.
      if (columns === 120) expect(out).toContain("CRITICAL  GitHub personal access token (classic)  [github-pat]  src/config.ts:3:23");
      expect(r.out).toContain(`export const token = "${token.slice(0, 4)}****************";`);
      expect(r.out).toContain("Fix src/config.ts:3: use process.env.GITHUB_TOKEN, then git add src/config.ts");
      expect(r.out).toContain("leakstop explain github-pat");
      expect(out.at(-2)).toContain("src/config.ts:3");
      expect(out.at(-1)).toBe("To commit anyway, deliberately: git commit --no-verify");
      for (const line of out) expect(line.length).toBeLessThanOrEqual(columns);
      // The dossier is one command away, not on screen.
      expect(r.out).not.toContain("What an attacker can do:");
      expectNoSecret(r.out, token);
      expect(git(dir, "rev-list", "--count", "HEAD").trim()).toBe("1");
    });

    it(`five findings of three types at ${columns} columns: at most 30 lines, every place listed last`, () => {
      const { dir, secrets } = fiveFindings();
      const r = commit(dir, columns);
      expect(r.status).not.toBe(0);
      const out = lines(r.out);
      expect(out.length).toBeLessThanOrEqual(30);
      expect(out[0]).toBe("leakstop: 5 secrets found in staged changes: the commit is blocked.");
      const tail = out.slice(-3).join("\n");
      for (const place of ["src/app.js:1,2", "tools/sync.py:2,3", "deploy.env:1"]) expect(tail).toContain(place);
      expect(out.at(-1)).toBe("To commit anyway, deliberately: git commit --no-verify");
      for (const id of ["github-pat", "postman-api-key", "picatic-api-key"]) {
        expect(out.filter((l) => l.endsWith(`leakstop explain ${id}`))).toHaveLength(1);
      }
      for (const line of out) expect(line.length).toBeLessThanOrEqual(columns);
      expectNoSecret(r.out, ...secrets);
    });
  }

  it("wraps prose at the width but never splits a command or the redacted code line", () => {
    const dir = makeRepo();
    const token = fakeGithubToken();
    const longName = "a-rather-long-directory-name/with-a-nested-folder/and-another-level";
    write(dir, `${longName}/settings.py`, `CONFIG = {"service": "x", "retries": 3, "timeout": 30, "token": "${token}", "region": "eu"}\n`);
    write(dir, `${longName}/deploy.env`, `GITHUB_TOKEN=${fakeGithubToken()}\n`);
    git(dir, "add", ".");
    const r = runCli(dir, ["--staged"], { COLUMNS: "60" });
    expect(r.status).toBe(1);
    const out = lines(r.stdout);
    // Lines over the width are single unbreakable pieces: the code line, a command, a long path.
    for (const line of out.filter((l) => l.length > 60)) {
      const ok = line.includes('"token": "') || line.trim().startsWith("git rm --cached") || !line.trim().includes(" ") || line.includes(longName);
      expect(ok, line).toBe(true);
    }
    expect(r.stdout).toContain(`    git rm --cached ${longName}/deploy.env && echo ${longName}/deploy.env >> .gitignore\n`);
    expect(r.stdout).toContain(`    git add ${longName}/settings.py\n`);
    expect(r.stdout).toContain(`    CONFIG = {"service": "x", "retries": 3, "timeout": 30, "token": "${token.slice(0, 4)}`);
    expectNoSecret(r.stdout, token);
  });

  it("the printed untrack and re-stage commands work for names git or .gitignore would read specially", () => {
    for (const name of ["#prod.env", "!prod.env", "[x].env", "prod.env ", "-prod.env", ":prod.env", "a*b.env"]) {
      const dir = makeRepo();
      write(dir, name, `GITHUB_TOKEN=${fakeGithubToken()}\n`);
      write(dir, "-rf.py", `TOKEN = "${fakeGithubToken()}"\n`);
      write(dir, "ab.env", "kept\n");
      git(dir, "add", "-A");
      const r = runCli(dir, ["--staged"]);
      expect(r.status).toBe(1);
      const untrack = r.stdout.split("\n").find((l) => l.trim().startsWith("git rm --cached"))!.trim();
      const ran = spawnSync("sh", ["-c", untrack], { cwd: dir, encoding: "utf8" });
      expect([name, ran.status, ran.stderr]).toEqual([name, 0, expect.not.stringMatching(/error|fatal/)]);
      git(dir, "add", "-A");
      // Untracked and ignored: staging everything does not take it back; no other file is ignored by its line.
      expect([name, git(dir, "diff", "--cached", "--name-only").split("\n").filter(Boolean).sort()]).toEqual([name, ["-rf.py", ".gitignore", "ab.env"]]);
      const restage = /then (git add .*)$/.exec(r.stdout.split("\n").find((l) => l.includes("then git add"))!)![1];
      expect(restage).toBe("git add ./-rf.py");
      expect(spawnSync("sh", ["-c", restage], { cwd: dir }).status).toBe(0);
    }
  });

  it("a name with a newline or a tab, shown escaped, is named by a command that works in bash: $'…'", () => {
    for (const name of ["new\nline.js", "tab\tname.js"]) {
      const dir = makeRepo();
      write(dir, name, `const t = "${fakeGithubToken()}";\n`);
      git(dir, "add", "-A");
      const r = runCli(dir, ["--staged"], { COLUMNS: "300" });
      expect(r.status).toBe(1);
      const restage = /then (git add .*)$/m.exec(r.stdout)![1];
      expect(restage).toBe(`git add $'${name.replace("\n", "\\n").replace("\t", "\\t")}'`);
      write(dir, name, "const t = process.env.GITHUB_TOKEN;\n");
      expect(spawnSync("bash", ["-c", restage], { cwd: dir }).status).toBe(0);
      expect(runCli(dir, ["--staged"]).status).toBe(0);
    }
  });

  it("env-style files of any name are untracked and ignored; code gets the line that reads the variable", () => {
    const dir = makeRepo();
    const secrets = [fakeGithubToken(), fakeGithubToken(), fakeGithubToken(), fakeGithubToken(), fakeGithubToken()];
    write(dir, "deploy.env", `GITHUB_TOKEN=${secrets[0]}\n`);
    write(dir, "config/secrets.yml", `github:\n  token: ${secrets[1]}\n`);
    write(dir, "infra/prod.tfvars", `github_token = "${secrets[2]}"\n`);
    write(dir, "app.py", `import os\nTOKEN = "${secrets[3]}"\n`);
    write(dir, ".env.example", `GITHUB_TOKEN=${secrets[4]}\n`);
    git(dir, "add", ".");
    const r = runCli(dir, ["--staged"]);
    expect(r.status).toBe(1);
    for (const path of ["deploy.env", "config/secrets.yml", "infra/prod.tfvars"]) {
      expect(r.stdout).toContain(`    git rm --cached ${path} && echo ${path} >> .gitignore`);
    }
    expect(r.stdout).toContain('Fix app.py:2: use os.environ["GITHUB_TOKEN"], then git add app.py');
    expect(r.stdout).not.toContain("git rm --cached app.py");
    // A template is meant to be committed: it is edited, not untracked as an env file.
    expect(r.stdout).not.toContain("Fix .env.example: it holds real values");
    expectNoSecret(r.stdout, ...secrets);
  });

  it("a secret in a file name gets rename advice, not code advice or a command with the masked name", () => {
    const dir = makeRepo();
    const token = fakeGithubToken();
    write(dir, `config/${token}/x.txt`, "hello\n");
    git(dir, "add", ".");
    const r = runCli(dir, ["--staged"]);
    expect(r.status).toBe(1);
    expect(flat(r.stdout)).toMatch(/Fix config\/ghp_\*+\/x\.txt: the secret is in the file's name: rename the file \(git mv\)/);
    expect(r.stdout).not.toContain("git add config/");
    expect(r.stdout).not.toContain("from the environment");
    expectNoSecret(r.stdout, token);
  });

  it("--verbose keeps the full guidance for a commit", () => {
    const { dir, token } = oneFinding();
    const r = runCli(dir, ["--staged", "--verbose"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("── What to do: GitHub personal access token (classic) ──");
    expect(r.stdout).toContain("What an attacker can do:");
    expect(r.stdout).toContain("Revoke and rotate");
    for (const line of lines(r.stdout)) if (line.length > 80) expect(line.startsWith("    ") && !/^ {4}\S.* \S/.test(line.slice(0, 0))).toBe(true);
    expectNoSecret(r.stdout, token);
  });

  it("a push whose secret is already on another remote keeps the dossier: revoking is the point", () => {
    const { base, work } = cloneWithRemote(["pre-push"]);
    const backup = `${base}/backup.git`;
    git(base, "init", "-q", "--bare", backup);
    git(work, "remote", "add", "backup", backup);
    const token = fakeGithubToken();
    write(work, "a.js", `const t = "${token}";\n`);
    git(work, "add", ".");
    git(work, "commit", "-q", "--no-verify", "-m", "leak");
    git(work, "push", "-q", "--no-verify", "backup", "main");
    const r = gitResult(work, ["push", "origin", "main"], { COLUMNS: "80" });
    const out = r.stdout + r.stderr;
    expect(r.status).not.toBe(0);
    expect(out).toContain("ALREADY ON ANOTHER REMOTE");
    expect(out).toContain("What an attacker can do:");
    expect(out).toContain("Revoke and rotate it now");
    // The dossier is wrapped too: only a command or the code line may run past the width (the history commands too).
    for (const line of lines(out).filter((l) => l.length > 80)) expect(/^ {4,}(aws |curl |gh |git |const )/.test(line), line).toBe(true);
    expectNoSecret(out, token);
  });
});

describe(`a credential found in parts is one finding (seed ${SEED})`, () => {
  it("AWS access key ID, secret access key and session token on nearby lines: one credential, one guidance block", () => {
    const dir = makeRepo();
    installTestHook(dir, "pre-commit");
    const id = fake("AKIA{base32:16}");
    const secret = fake("{base64:40}");
    const session = fake("IQoJb3JpZ2luX2Vj{base64:380}");
    write(dir, "deploy/aws.py", `import boto3\nAWS_ACCESS_KEY_ID = "${id}"\nAWS_SECRET_ACCESS_KEY = "${secret}"\nAWS_SESSION_TOKEN = "${session}"\n`);
    git(dir, "add", ".");
    const r = commit(dir, 80);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("leakstop: 1 secret found in staged changes");
    expect(r.out).toContain("leakstop: 1 finding in 1 file, 4 added lines.");
    const header = flat(r.out.slice(r.out.indexOf("CRITICAL"), r.out.indexOf("\n    AWS_ACCESS_KEY_ID")));
    expect(header).toBe(
      "CRITICAL AWS access key ID + AWS secret access key + AWS session token (temporary STS credentials) [aws-access-key-id + aws-secret-access-key + aws-session-token] deploy/aws.py:2:22 and 3:26 and 4:22",
    );
    expect(r.out.match(/^CRITICAL/gm)).toHaveLength(1);
    expect(r.out.match(/leakstop explain /g)).toHaveLength(1);
    expect(r.out).toContain("leakstop explain aws-access-key-id");
    expect(flat(r.out)).toContain('Fix deploy/aws.py:2,3,4: use os.environ["AWS_ACCESS_KEY_ID"] and os.environ["AWS_SECRET_ACCESS_KEY"] and os.environ["AWS_SESSION_TOKEN"], then git add deploy/aws.py');
    expect(lines(r.out).at(-2)).toContain("deploy/aws.py:2,3,4");
    expectNoSecret(r.out, id, secret, session);

    const verbose = runCli(dir, ["--staged", "--verbose"]);
    expect(verbose.stdout.match(/── What to do: /g)).toHaveLength(1);
    expect(flat(verbose.stdout)).toContain("── What to do: AWS access key ID + AWS secret access key + AWS session token (temporary STS credentials) ──");
    expect(verbose.stdout).toContain('deploy/aws.py:3  use os.environ["AWS_SECRET_ACCESS_KEY"]');

    const json = runJson(dir);
    expect(json.report.findings).toHaveLength(1);
    const [main] = json.report.findings as (typeof json.report.findings[number] & { parts: { detector: string; line: number; column: number; redacted: string }[] })[];
    expect(main).toMatchObject({ detector: "aws-access-key-id", file: "deploy/aws.py", line: 2, column: 22 });
    expect(main.parts.map((p) => [p.detector, p.line, p.column])).toEqual([
      ["aws-secret-access-key", 3, 26],
      ["aws-session-token", 4, 22],
    ]);
    expect(main.parts[0].redacted.startsWith(secret.slice(0, 4))).toBe(true);
    expectNoSecret(json.stdout, id, secret, session);

    const sarif = JSON.parse(runCli(dir, ["--staged", "--format", "sarif"]).stdout);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(["aws-access-key-id", "aws-secret-access-key", "aws-session-token"]);
  });

  const pairs: [string, string, string, string][] = [
    ["alibaba-access-key-id", "alibaba-access-key-secret", "ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5t{base62:18}", "ALIBABA_CLOUD_ACCESS_KEY_SECRET={base62:30}"],
    ["scaleway-access-key", "scaleway-secret-key", "SCW_ACCESS_KEY=SCW{uppernum:17}", "SCW_SECRET_KEY={hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}"],
    ["datadog-api-key", "datadog-app-key", "DD_API_KEY={hex:32}", "DD_APP_KEY={hex:40}"],
  ];
  for (const [main, part, mainLine, partLine] of pairs) {
    it(`${main} with its ${part} on the next line is one finding`, () => {
      const dir = makeRepo();
      write(dir, "ci/creds.sh", `${fake(mainLine)}\n${fake(partLine)}\n`);
      git(dir, "add", ".");
      const json = runJson(dir);
      const found = json.report.findings as (typeof json.report.findings[number] & { parts?: { detector: string; line: number }[] })[];
      expect(found.map((f) => [f.detector, f.line, f.parts?.map((p) => [p.detector, p.line])])).toEqual([[main, 1, [[part, 2]]]]);
    });
  }

  it("an ID and a secret far apart, or in different files, stay separate findings; near each other they are one", () => {
    const dir = makeRepo();
    write(dir, "near.py", `AWS_ACCESS_KEY_ID = "${fake("AKIA{base32:16}")}"\nAWS_SECRET_ACCESS_KEY = "${fake("{base64:40}")}"\n`);
    const filler = Array.from({ length: 12 }, (_, i) => `# line ${i}`).join("\n");
    write(dir, "far.py", `AWS_ACCESS_KEY_ID = "${fake("AKIA{base32:16}")}"\n${filler}\nAWS_SECRET_ACCESS_KEY = "${fake("{base64:40}")}"\n`);
    write(dir, "a.py", `AWS_ACCESS_KEY_ID = "${fake("AKIA{base32:16}")}"\n`);
    write(dir, "b.py", `AWS_SECRET_ACCESS_KEY = "${fake("{base64:40}")}"\n`);
    git(dir, "add", ".");
    const json = runJson(dir);
    expect(json.report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`).sort()).toEqual([
      "aws-access-key-id a.py:1",
      "aws-access-key-id far.py:1",
      "aws-access-key-id near.py:1",
      "aws-secret-access-key b.py:1",
      "aws-secret-access-key far.py:14",
    ]);
  });

  it("a Google Cloud service-account JSON is one credential: its key ID and its private key", () => {
    const dir = makeRepo();
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const keyId = fake("{hex:40}");
    const account = {
      type: "service_account",
      project_id: "demo-project",
      private_key_id: keyId,
      private_key: pem,
      client_email: "deployer@demo-project.iam.gserviceaccount.com",
      client_id: fake("{digits:21}"),
    };
    write(dir, "keys/deployer.json", JSON.stringify(account, null, 2) + "\n");
    git(dir, "add", ".");
    const r = runCli(dir, ["--staged"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("leakstop: 1 secret found in staged changes");
    expect(flat(r.stdout)).toContain("[gcp-service-account-key + private-key-in-json] keys/deployer.json:4:22 and 5:19");
    expect(r.stdout).toContain("git rm --cached keys/deployer.json && echo keys/deployer.json >> .gitignore");
    const json = runJson(dir);
    expect(json.report.findings.map((f) => f.detector)).toEqual(["gcp-service-account-key"]);
    expectNoSecret(r.stdout + json.stdout, keyId, pem.split("\n")[1]);
  });

  it("a database URL with user and password is one finding, fixed by reading the URL from the environment", () => {
    const dir = makeRepo();
    const password = fake("{base62:18}");
    write(dir, "config/db.yml", `url: postgres://admin:${password}@db.internal:5432/app\n`);
    git(dir, "add", ".");
    const r = runCli(dir, ["--staged"]);
    expect(r.stdout).toContain("leakstop: 1 secret found in staged changes");
    expect(r.stdout).toContain("Fix config/db.yml:1: use ${DATABASE_URL}");
    expectNoSecret(r.stdout, password);
    const json = runJson(dir);
    expect(json.report.findings.map((f) => f.detector)).toEqual(["postgres-url-password"]);
    expectNoSecret(json.stdout, password);
  });
});

describe(`the same secret at several places is one finding (seed ${SEED})`, () => {
  it("a token pasted twice in one file and once in another is one credential with every place; another token stays apart", () => {
    const dir = makeRepo();
    installTestHook(dir, "pre-commit");
    const [token, other] = [fakeGithubToken(), fakeGithubToken()];
    write(dir, "src/a.ts", `export const token = "${token}";\n\nexport const again = "${token}";\n`);
    write(dir, "src/b.ts", `// copied\nconst t = "${token}";\nconst u = "${other}";\n`);
    git(dir, "add", ".");
    const r = commit(dir, 200);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("leakstop: 2 secrets found in staged changes");
    expect(r.out).toContain("[github-pat]  src/a.ts:1:23 and 3:23 and src/b.ts:2:12\n");
    expect(r.out).toContain("[github-pat]  src/b.ts:3:12\n");
    expect(r.out).toContain("leakstop: 2 findings in 2 files, 6 added lines.");
    expect(r.out).toContain("Blocked: src/a.ts:1,3, src/b.ts:2,3");
    expect(r.out).toContain("Fix src/b.ts:2,3: use process.env.GITHUB_TOKEN");
    const json = runJson(dir);
    const found = json.report.findings;
    expect(found.map((f) => [f.file, f.line, f.parts?.map((p) => [p.file, p.line])])).toEqual([
      ["src/a.ts", 1, [["src/a.ts", 3], ["src/b.ts", 2]]],
      ["src/b.ts", 3, undefined],
    ]);
    expect(new Set(found[0].parts!.map((p) => p.fingerprint))).toEqual(new Set([found[0].fingerprint]));
    expectNoSecret(r.out + json.stdout, token, other);
  });

  it("the same token pushed in two commits stays two findings: each commit needs its own fix", () => {
    const { work } = cloneWithRemote(["pre-push"]);
    const token = fakeGithubToken();
    write(work, "a.js", `const t = "${token}";\n`);
    git(work, "add", ".");
    git(work, "commit", "-q", "--no-verify", "-m", "first");
    write(work, "b.js", `const u = "${token}";\nconst v = "${token}";\n`);
    git(work, "add", ".");
    git(work, "commit", "-q", "--no-verify", "-m", "second");
    const r = gitResult(work, ["push", "origin", "main"], { COLUMNS: "200" });
    const out = r.stdout + r.stderr;
    expect(r.status).not.toBe(0);
    expect(out).toContain("leakstop: 2 secrets found in the commits being pushed");
    expect(out).toMatch(/^ {2}b\.js:1:12 and 2:12 {2}in commit [0-9a-f]{8} "second"$/m);
    expect(out).toMatch(/^ {2}a\.js:1:12 {2}in commit [0-9a-f]{8} "first"$/m);
    expectNoSecret(out, token);
  });

  it("a secret in six files names the first four places on its line and every file in the summary", () => {
    const dir = makeRepo();
    const token = fakeGithubToken();
    const files = ["a", "b", "c", "d", "e", "f"].map((name) => `cfg/${name}.py`);
    for (const path of files) write(dir, path, `TOKEN = "${token}"\n`);
    git(dir, "add", ".");
    const r = runCli(dir, ["--staged"], { COLUMNS: "200" });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("leakstop: 1 secret found in staged changes");
    expect(r.stdout).toContain("cfg/a.py:1:10 and cfg/b.py:1:10 and cfg/c.py:1:10 and cfg/d.py:1:10 and 2 more places\n");
    expect(lines(r.stdout).filter((line) => line.includes(`TOKEN = "${token.slice(0, 4)}*`))).toHaveLength(4);
    expect(r.stdout).toContain(`Blocked: ${files.map((f) => `${f}:1`).join(", ")}`);
    expectNoSecret(r.stdout, token);
  });
});
