import { createHash, createHmac, scryptSync } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  cleanupTempDirs,
  cloneWithRemote,
  fake,
  fakeGithubToken,
  fakePostmanKey,
  git,
  gitResult,
  installTestHook,
  makeRepo,
  runCli,
  runJson,
  SEED,
  stagedRepoWithToken,
  write,
} from "./helpers.js";

afterAll(cleanupTempDirs);

/**
 * The secret is nowhere, whole or as any run of 5 of its characters past the 4 a redaction may show. A failure
 * names the output and the offset, never the secret: test logs must not hold one either. Keyed fingerprints and the
 * allow file's salt and hashes are random hex, which a hex key's 5-character window meets by chance about once in
 * 200 runs, so they are masked first.
 */
function expectNoLeak(texts: string[], secrets: string[]): void {
  texts.map(withoutRandomHex).forEach((text, t) => {
    secrets.forEach((secret, n) => {
      const rest = secret.slice(4);
      for (let i = 0; i + 5 <= rest.length; i++) {
        const at = text.indexOf(rest.slice(i, i + 5));
        if (at >= 0) throw new Error(`output ${t} holds part of secret ${n} at offset ${at} (seed ${SEED})`);
      }
    });
  });
}

/** Text, JSON and SARIF of one staged scan. */
function withoutRandomHex(text: string): string {
  return text.replace(/\b([a-z0-9-]+):[0-9a-f]{16}\b/g, "$1:-").replace(/"(salt|hash)": "[0-9a-f]{32,64}"/g, '"$1": "-"');
}

function allFormats(repo: string, args: string[] = ["--staged"]) {
  const text = runCli(repo, args);
  const json = runCli(repo, [...args, "--format", "json"]);
  const sarif = runCli(repo, [...args, "--format", "sarif"]);
  return { text, json, sarif, all: [text, json, sarif].flatMap((r) => [r.stdout, r.stderr]) };
}

const SCRYPT = { N: 16384, r: 8, p: 1 };

describe(`every span on a line is masked before the line is shown (seed ${SEED})`, () => {
  it("a known .env value and a detector's token on one line: neither finding shows the other's secret", () => {
    const repo = makeRepo();
    const password = fake("Qv{base62:12}-{digits:4}");
    const token = fakeGithubToken();
    write(repo, ".gitignore", ".env\n");
    write(repo, ".env", `DB_PASSWORD=${password}\n`);
    write(repo, "src/app.js", `connect("${password}", "${token}");\n`);
    git(repo, "add", ".gitignore", "src/app.js");
    const { text, json, all } = allFormats(repo);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("[github-pat]");
    expect(text.stdout).toContain("[dotenv-value]");
    expect(text.stdout).toContain(`connect("${password.slice(0, 4)}`);
    expect(JSON.parse(json.stdout).findings.map((f: { detector: string }) => f.detector).sort()).toEqual(["dotenv-value", "github-pat"]);
    expectNoLeak(all, [password, token]);
  });

  it("more tokens on one line than the per-line cap lists: the ones not listed are masked too", () => {
    const repo = makeRepo();
    const tokens = Array.from({ length: 12 }, () => fakeGithubToken());
    write(repo, "src/tokens.js", `export const pool = [${tokens.map((t) => `"${t}"`).join(", ")}];\n`);
    git(repo, "add", ".");
    const { text, json, all } = allFormats(repo);
    expect(text.status).toBe(1);
    expect(JSON.parse(json.stdout).findings).toHaveLength(10);
    expect(text.stdout + text.stderr).toContain("not listed");
    expectNoLeak(all, tokens);
  });

  it("a random value no detector names, on the line of one that is found, is masked too; plain words are not", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    const unknown = fake("{base62:32}");
    const awsSecret = fake("{base64:40}");
    write(repo, "docs/keys.md", `ExtraordinarilyLongIdentifierName ${token} and the backup ${unknown}, also aws ${awsSecret}\n`);
    git(repo, "add", ".");
    const { text, all } = allFormats(repo);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("[github-pat]");
    expect(text.stdout).toContain("ExtraordinarilyLongIdentifierName");
    expect(text.stdout).toContain(`the backup ${unknown.slice(0, 4)}*`);
    expectNoLeak(all, [token, unknown, awsSecret]);
  });

  it("a custom detector overlapping a built-in match: the union of both spans is masked", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(
      repo,
      ".leakstop.json",
      JSON.stringify({
        detectors: [{ id: "auth-prefix", name: "Auth prefix", service: "Internal", severity: "high", keywords: ["auth="], patterns: ["(auth=[a-z]{3}_[A-Za-z0-9]{4})"] }],
      }),
    );
    write(repo, "deploy.sh", `curl -H auth=${token} https://example.test\n`);
    git(repo, "add", ".");
    const { text, all } = allFormats(repo);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("[auth-prefix]");
    expect(text.stdout).toContain("[github-pat]");
    expect(text.stdout).toContain("https://example.test");
    expectNoLeak(all, [token]);
  });
});

describe("names: file names, commit subjects, branch and tag names", () => {
  it("a token used as a directory name is masked in every format, and leakstop allow stores a glob that still matches", () => {
    const repo = makeRepo();
    installTestHook(repo, "pre-commit");
    const inName = fakeGithubToken();
    const inFile = fakePostmanKey();
    const path = `config/${inName}/x.txt`;
    write(repo, path, `POSTMAN_API_KEY=${inFile}\n`);
    git(repo, "add", ".");
    const { text, json, sarif, all } = allFormats(repo);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`config/${inName.slice(0, 4)}*`);
    expect(text.stdout).toMatch(/config\/ghp_\*+\/x\.txt:1:17/);
    expect(JSON.parse(json.stdout).findings[0].file).toMatch(/^config\/ghp_\*+\/x\.txt$/);
    expect(JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^config\/ghp_\*+\/x\.txt$/);
    expectNoLeak(all, [inName, inFile]);

    const allowed = runCli(repo, ["allow", "--reason", "fixture"]);
    expect(allowed.status).toBe(0);
    const file = readFileSync(join(repo, ".leakstop-allow.json"), "utf8");
    // Two entries: the token in the name (the path is scanned too) and the key in the file.
    expect(JSON.parse(file).entries.map((e: { path: string }) => e.path)).toEqual(["config/ghp_*/x.txt", "config/ghp_*/x.txt"]);
    expectNoLeak([allowed.stdout, allowed.stderr, file], [inName, inFile]);

    git(repo, "add", ".leakstop-allow.json");
    const commit = gitResult(repo, ["commit", "-q", "-m", "fixture"]);
    expect(commit.status).toBe(0);
    expect(commit.stdout + commit.stderr).toContain("2 suppressed: 2 allow file");
    expectNoLeak([commit.stdout, commit.stderr], [inName, inFile]);
  });

  it("a commit subject and a branch holding a token are masked in the push report of another finding", () => {
    const { base, work } = cloneWithRemote(["pre-push"]);
    git(base, "init", "-q", "--bare", "-b", "main", "backup.git");
    git(work, "remote", "add", "backup", join(base, "backup.git"));
    const inSubject = fakeGithubToken();
    const inBranch = fakeGithubToken();
    const inFile = fakePostmanKey();
    git(work, "checkout", "-q", "-b", `leak-${inBranch}`);
    write(work, "run.sh", `export POSTMAN_API_KEY=${inFile}\n`);
    git(work, "add", ".");
    git(work, "commit", "-q", "--no-verify", "-m", `deploy with ${inSubject}`);
    // Already pushed to origin (bypassing the hook): pushing to backup names the origin branch that holds it.
    expect(gitResult(work, ["push", "-q", "--no-verify", "origin", `leak-${inBranch}`]).status).toBe(0);
    const push = gitResult(work, ["push", "-q", "backup", "HEAD:refs/heads/other"]);
    // Already on origin, but new to backup: blocked, and origin's branch is named for rotation.
    expect(push.status).not.toBe(0);
    const out = push.stdout + push.stderr;
    expect(out).toContain("[postman-api-key]");
    expect(out).toContain("ALREADY ON ANOTHER REMOTE");
    expect(out).toContain(`"deploy with ${inSubject.slice(0, 4)}*`);
    expect(out).toContain(`origin/leak-${inBranch.slice(0, 4)}*`);
    expectNoLeak([out], [inSubject, inBranch, inFile]);

    const head = git(work, "rev-parse", "HEAD").trim();
    const json = runCli(work, ["hook", "pre-push", "backup", "x", "--format", "json"], {}, `HEAD ${head} refs/heads/third ${"0".repeat(40)}\n`);
    expect(json.status).toBe(1);
    expectNoLeak([json.stdout, json.stderr], [inSubject, inBranch, inFile]);
  });

  it("a tag named with a token is masked where its message's finding is located", () => {
    const { work } = cloneWithRemote(["pre-push"]);
    const inTag = fakeGithubToken();
    const inMessage = fakePostmanKey();
    git(work, "tag", "-a", "-m", `release\n\nkey ${inMessage}`, `t-${inTag}`, "HEAD^{tree}");
    const push = gitResult(work, ["push", "-q", "origin", `refs/tags/t-${inTag}`]);
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain(`tag t-${inTag.slice(0, 4)}*`);
    expect(push.stdout + push.stderr).toContain("[postman-api-key]");
    expectNoLeak([push.stdout, push.stderr], [inTag, inMessage]);
  });
});

describe("suppression reasons", () => {
  it("the rest of an inline-allowed line is masked in JSON and SARIF, and a long reason is capped", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, "a.js", `/* leakstop:allow */ const t = "${token}";\n`);
    write(repo, "b.js", `const u = "${fakeGithubToken()}"; // leakstop:allow ${"very long reason ".repeat(30)}\n`);
    git(repo, "add", ".");
    const { json, sarif, all } = allFormats(repo);
    expect(json.status).toBe(0);
    const reasons = JSON.parse(json.stdout).suppressed.map((s: { reason: string }) => s.reason);
    expect(reasons).toHaveLength(2);
    for (const r of reasons) expect(r.length).toBeLessThanOrEqual(200);
    const justifications = JSON.parse(sarif.stdout).runs[0].results.map((r: { suppressions: { justification: string }[] }) => r.suppressions[0].justification);
    expect(justifications.sort()).toEqual([...reasons].sort());
    expectNoLeak(all, [token]);
  });

  it("a token across the 200-character cap of a reason is masked before the cut: no piece of it is left", () => {
    const repo = makeRepo();
    const inReason = fakeGithubToken();
    // The shown reason ("leakstop:allow: " and the text) holds the token from character 170, 178 or 190, across its cap.
    const pads = [170, 178, 190].map((n) => "because ".repeat(n / 8 + 1).slice(0, n - 17));
    pads.forEach((pad, i) => write(repo, `s${i}.js`, `// leakstop:allow github-pat ${pad} ${inReason} tail\nconst k = "${fakeGithubToken()}";\n`));
    git(repo, "add", ".");
    const { text, json, sarif, all } = allFormats(repo);
    // First: a failing assertion below would print the reason, and test logs must not hold the secret either.
    expectNoLeak(all, [inReason]);
    // The token pasted into a reason is not allowed by its own marker: it blocks; the next line's is allowed.
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("3 suppressed: 3 inline");
    // One finding: the same token in three files is one secret, its other places listed with it.
    expect(JSON.parse(json.stdout).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`)).toEqual(["s0.js:1"]);
    const reasons: string[] = JSON.parse(json.stdout).suppressed.map((s: { reason: string }) => s.reason);
    expect(reasons).toHaveLength(3);
    for (const r of reasons) {
      expect(r.length).toBeLessThanOrEqual(200);
      expect(r).toMatch(/^leakstop:allow: because because .* ghp_\*+/);
    }
    const justifications = JSON.parse(sarif.stdout)
      .runs[0].results.filter((r: { suppressions?: unknown[] }) => r.suppressions?.length)
      .map((r: { suppressions: { justification: string }[] }) => r.suppressions[0].justification);
    expect(justifications.sort()).toEqual([...reasons].sort());
  });
});

/** What leaves the engine in place of a secret: HMAC-SHA256 under a fixed, versioned key. */
const digestOf = (secret: string) => createHmac("sha256", "leakstop:secret-digest:v1").update(secret).digest("hex");

describe("what leakstop writes costs years to brute-force", () => {
  it("fingerprints are a truncated scrypt of the secret's digest with a fixed versioned salt, the same across runs and repositories", () => {
    const secret = fakeGithubToken();
    const fingerprints = [makeRepo(), makeRepo()].map((repo) => {
      write(repo, "k.js", `const k = "${secret}";\n`);
      git(repo, "add", ".");
      return runJson(repo).report.findings[0].fingerprint;
    });
    const expected = `github-pat:${scryptSync(digestOf(secret), "leakstop:fingerprint:v3", 8, SCRYPT).toString("hex")}`;
    expect(fingerprints).toEqual([expected, expected]);
    expect(expected).not.toBe(`github-pat:${createHash("sha256").update(`leakstop:v1:${secret}`).digest("hex").slice(0, 16)}`);
  });

  it("a new allow file is version 3: scrypt hashes of the digest keyed with its salt; leakstop allow then a commit passes", () => {
    const repo = makeRepo();
    installTestHook(repo, "pre-commit");
    const password = fake("{lower:8}");
    const detector = { id: "db-pass", name: "DB password", service: "DB", severity: "high", keywords: ["dbpass:"], patterns: ["dbpass:([a-z]{8})\\b"] };
    write(repo, ".leakstop.json", JSON.stringify({ detectors: [detector] }));
    write(repo, "db.txt", `dbpass:${password}\n`);
    git(repo, "add", ".");
    expect(runCli(repo, ["--staged"]).status).toBe(1);
    const allowed = runCli(repo, ["allow", "--reason", "test database"]);
    expect(allowed.status).toBe(0);
    const file = JSON.parse(readFileSync(join(repo, ".leakstop-allow.json"), "utf8"));
    expect(file).toMatchObject({ version: 3, kdf: "scrypt-N16384-r8-p1", salt: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(file.entries[0].hash).toBe(scryptSync(digestOf(password), file.salt, 32, SCRYPT).toString("hex"));
    git(repo, "add", ".leakstop-allow.json");
    expect(gitResult(repo, ["commit", "-q", "-m", "db"]).status).toBe(0);
  });

  it("a version 1 or 2 allow file suppresses nothing, says so on every run, and leakstop allow starts a version 3 file", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    const salt = "0123456789abcdef0123456789abcdef";
    const hash = createHmac("sha256", salt).update(token).digest("hex");
    const entry = { hash, detector: "github-pat", path: "k.js", reason: "old", addedBy: "Test", added: "2026-01-01" };
    writeFileSync(join(repo, ".leakstop-allow.json"), JSON.stringify({ version: 1, salt, entries: [entry] }));
    write(repo, "k.js", `const k = "${token}";\n`);
    git(repo, "add", "k.js");
    const blocked = runJson(repo);
    expect(blocked.status).toBe(1);
    expect(blocked.report.notes).toContain(
      "leakstop: .leakstop-allow.json is version 1: its entries (1) hashed the secret itself, which this version can no longer check, so they suppress nothing. " +
        "Rewrite it: leakstop baseline (and leakstop allow for staged findings) writes version 3.",
    );
    const v2 = { version: 2, kdf: "scrypt-N16384-r8-p1", salt, entries: [{ ...entry, hash: scryptSync(token, salt, 32, SCRYPT).toString("hex") }] };
    writeFileSync(join(repo, ".leakstop-allow.json"), JSON.stringify(v2));
    expect(runJson(repo).status).toBe(1);
    const allowed = runCli(repo, ["allow", "--reason", "again"]);
    expect(allowed.stdout).toContain("leakstop: .leakstop-allow.json was version 2: its entries (1) could not be checked, so it was started anew as version 3.");
    expect(JSON.parse(readFileSync(join(repo, ".leakstop-allow.json"), "utf8")).version).toBe(3);
    const { status, report } = runJson(repo);
    expect(status).toBe(0);
    expect(report.suppressed.map((s) => s.suppressedBy)).toEqual(["allow-file"]);
  });
});

describe("errors and stored identities never quote a secret", () => {
  it("a custom pattern RE2 rejects is named by RE2's reason, never quoted: a token pasted into it is not in the error", () => {
    const repo = makeRepo();
    write(repo, "a.js", "const a = 1;\n");
    git(repo, "add", "a.js");
    const token = fakeGithubToken();
    const cases: [pattern: string, reason: string, fallback: string][] = [
      [`(${token}`, "missing )", "missing closing )"],
      [`[${token}`, "missing ]", "missing closing ]"],
      [`${token})`, "unexpected )", "unexpected )"],
      [`(?P<${token})`, "invalid named capture group", "invalid named capture"],
      [`acme_{2,1}${token}`, "invalid repetition size at character 6", "invalid repeat count at character 6"],
      // 800 KB: the error stays one short line.
      [`(acme_${token.repeat(20_000)}`, "missing )", "missing closing )"],
    ];
    const prefix = 'leakstop: error: .leakstop.json: detectors[0].patterns[0]: detector "acme-key", pattern 1: pattern cannot run on RE2';
    for (const [pattern, reason, fallbackReason] of cases) {
      write(repo, ".leakstop.json", JSON.stringify({ detectors: [{ id: "acme-key", name: "ACME key", service: "ACME", severity: "high", keywords: ["acme_"], patterns: [pattern] }] }));
      const native = runCli(repo, ["--staged"]);
      const fallback = runCli(repo, ["--staged"], { LEAKSTOP_RE2: "fallback" });
      expectNoLeak([native.stdout, native.stderr, fallback.stdout, fallback.stderr], [token]);
      expect(native.status).toBe(2);
      expect(native.stdout).toBe("");
      expect(native.stderr).toBe(`${prefix} (${reason})\n`);
      expect(fallback.status).toBe(2);
      expect(fallback.stderr.split("\n").filter((l) => l.startsWith("leakstop: error:"))).toEqual([`${prefix} (${fallbackReason})`]);
    }
  });

  it("leakstop allow masks a token in git's author identity before storing it as addedBy", () => {
    const { repo, token } = stagedRepoWithToken();
    const inName = fakeGithubToken();
    const allowed = runCli(repo, ["allow", "--reason", "fixture"], { GIT_AUTHOR_NAME: `dev ${inName}` });
    const file = readFileSync(join(repo, ".leakstop-allow.json"), "utf8");
    expectNoLeak([allowed.stdout, allowed.stderr, file], [token, inName]);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toContain("leakstop: allowed github-pat at src/config.ts:1");
    expect(JSON.parse(file).entries.map((e: { addedBy: string }) => e.addedBy)).toEqual([expect.stringMatching(/^dev ghp_\*+ <test@example\.com>$/)]);
    const { status, report } = runJson(repo);
    expect(status).toBe(0);
    expect(report.suppressed.map((s) => s.suppressedBy)).toEqual(["allow-file"]);
  });

  it("a random value no detector knows is masked in commit subjects, suppression reasons and the allow file, as on a shown line", () => {
    const repo = makeRepo();
    const unknown = fake("{base62:32}");
    const token = fakeGithubToken();
    write(repo, "a.js", `const t = "${token}";\n// leakstop:allow github-pat rotated, the old value was ${unknown}\nconst u = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    git(repo, "commit", "-q", "--no-verify", "-m", `rotate creds ${unknown}`);
    const scan = allFormats(repo, ["scan", "--range", "HEAD~1..HEAD"]);
    expect(scan.text.status).toBe(1);
    expect(scan.text.stdout).toContain(`"rotate creds ${unknown.slice(0, 4)}*`);
    expectNoLeak(scan.all, [unknown, token]);
    write(repo, "b.py", `k = "${fakePostmanKey()}"\n`);
    git(repo, "add", "b.py");
    const allowed = runCli(repo, ["allow", "--reason", `temp ${unknown}`], { GIT_AUTHOR_NAME: `ci ${unknown}` });
    expect(allowed.status).toBe(0);
    const file = readFileSync(join(repo, ".leakstop-allow.json"), "utf8");
    expect(JSON.parse(file).entries.map((e: { reason: string; addedBy: string }) => [e.reason, e.addedBy])).toEqual([
      [`temp ${unknown.slice(0, 4)}${"*".repeat(16)}`, `ci ${unknown.slice(0, 4)}${"*".repeat(16)} <test@example.com>`],
    ]);
    expectNoLeak([allowed.stdout, allowed.stderr, file], [unknown]);
  });

  it("a malformed pre-push ref line is described, not echoed: a token or an escape sequence in it does not reach the error", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    const zero = "0".repeat(40);
    const sha = git(repo, "rev-parse", "HEAD").trim();
    const shape = 'leakstop: error: pre-push input line 1 is not "<local ref> <local sha> <remote ref> <remote sha>"';
    const cases: [input: string, problem: string][] = [
      [`refs/heads/feat/${token} HEAD refs/heads/feat/${token} ${zero}\n`, "its local sha is not 40 or 64 hex digits"],
      [`refs/heads/main ${sha} refs/heads/main ${token}\n`, "its remote sha is not 40 or 64 hex digits"],
      [`refs/heads/${token}\n`, "it has 1 field"],
      [`refs/heads/x\x1b]0;pwned\x07\x1b[31m${token} ${sha} refs/heads/x ${zero} more\n`, "it has 5 fields"],
    ];
    for (const [input, problem] of cases) {
      const r = runCli(repo, ["hook", "pre-push", "origin", "/nowhere"], {}, input);
      expectNoLeak([r.stdout, r.stderr], [token]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")[0]).toBe(`${shape}: ${problem}`);
      expect(r.stderr).toContain("leakstop could not check this push, so it is blocked.");
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
  });
});

describe("control characters never reach the terminal", () => {
  it("a file named with ESC[2J and a newline, and a line with a bidi override, are shown escaped", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    const name = "evil\x1b[2J\nname.js";
    write(repo, name, `const t = "${token}"; // \u202e reversed\n`);
    // A repository's own config is repository content too: a custom detector's name reaches the report.
    const detector = { id: "evil-name", name: "Evil\x1b]0;pwned\x07 name", service: "Evil", severity: "high", keywords: ["evilkey="], patterns: ["evilkey=([a-z]{12})"] };
    write(repo, ".leakstop.json", JSON.stringify({ detectors: [detector] }));
    write(repo, "e.txt", `evilkey=${fake("{lower:12}")}\n`);
    git(repo, "add", "-A");
    expect(readdirSync(repo)).toContain(name);
    const text = runCli(repo, ["--staged"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("evil\\x1b[2J\\nname.js:1:12");
    expect(text.stdout).toContain("\\u202e reversed");
    expect(text.stdout).toContain("Evil\\x1b]0;pwned\\x07 name");
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(text.stdout).not.toContain("evil\n");
    const json = runJson(repo);
    expect(json.report.findings.map((f) => f.file)).toContain(name);
    expectNoLeak([text.stdout, json.stdout], [token]);
  });
});
