import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
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
  makeRepo,
  placesOf,
  runCli,
  runJson,
  SEED,
  tempDir,
  write,
} from "./helpers.js";

afterAll(cleanupTempDirs);

function configError(config: string, file = ".leakstop.json") {
  const repo = makeRepo();
  write(repo, file, config);
  write(repo, "a.js", "const a = 1;\n");
  git(repo, "add", "a.js");
  const r = runCli(repo, ["--staged"]);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  return r.stderr;
}

describe(`configuration errors (seed ${SEED})`, () => {
  it("bad JSON names the line and column", () => {
    expect(configError('{\n  "disable": ["x"],\n  oops\n}\n')).toBe(
      "leakstop: error: .leakstop.json: not valid JSON at line 3 column 3: expected double-quoted property name\n",
    );
  });

  it("an unknown key suggests the near miss", () => {
    expect(configError('{ "ignorePath": ["docs/**"] }')).toBe(
      'leakstop: error: .leakstop.json: unknown key "ignorePath" (did you mean "ignorePaths"?); expected one of $schema, ignorePaths, disable, minSeverity, placeholders, detectors, dotenv\n',
    );
  });

  it("a wrong type names the path, what was expected and what was found", () => {
    expect(configError('{ "ignorePaths": ["docs/**", 7] }')).toBe(
      "leakstop: error: .leakstop.json: ignorePaths[1]: expected string, found a number\n",
    );
    expect(configError('{ "minSeverity": "severe" }')).toBe(
      'leakstop: error: .leakstop.json: minSeverity: expected one of "critical", "high", "medium", "low", found a string of 6 characters\n',
    );
  });

  it("a custom pattern RE2 cannot run names the detector and the construct", () => {
    const detector = (pattern: string) =>
      JSON.stringify({ detectors: [{ id: "acme-key", name: "ACME key", service: "ACME", severity: "high", keywords: ["acme_"], patterns: [pattern] }] });
    expect(configError(detector("acme_(?=[a-z]{8})[a-z]+"))).toBe(
      'leakstop: error: .leakstop.json: detectors[0].patterns[0]: detector "acme-key", pattern 1: pattern cannot run on RE2 (lookaround (?=, ?!, ?<=, ?<!) is not supported)\n',
    );
    expect(configError(detector("(acme)_\\1[a-z]+"))).toBe(
      'leakstop: error: .leakstop.json: detectors[0].patterns[0]: detector "acme-key", pattern 1: pattern cannot run on RE2 (backreferences are not supported)\n',
    );
  });

  it("reads the leakstop key of package.json, with the same checks", () => {
    expect(configError(JSON.stringify({ name: "app", leakstop: { disable: "github-pat" } }), "package.json")).toBe(
      'leakstop: error: package.json#leakstop: disable: expected array, found a string of 10 characters\n',
    );
  });

  it("an unknown detector id in disable is named with a suggestion", () => {
    expect(configError('{ "disable": ["github-pt"] }')).toBe(
      'leakstop: error: .leakstop.json: disable: unknown detector "github-pt" (did you mean "github-pat"?); leakstop detectors lists them all\n',
    );
  });

  it("exports the JSON Schema", () => {
    const r = runCli(tempDir(), ["schema"]);
    const schema = JSON.parse(r.stdout);
    expect(Object.keys(schema.properties)).toEqual(["$schema", "ignorePaths", "disable", "minSeverity", "placeholders", "detectors", "dotenv"]);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe("configuration options", () => {
  it("ignorePaths and minSeverity suppress visibly; disable skips a detector; custom detectors and placeholders work", () => {
    const repo = makeRepo();
    const acme = fake("acme_{lowernum:24}");
    write(
      repo,
      ".leakstop.json",
      JSON.stringify({
        ignorePaths: ["fixtures/**"],
        disable: ["postman-api-key"],
        minSeverity: "high",
        placeholders: ["notarealkey"],
        detectors: [{ id: "acme-key", name: "ACME deploy key", service: "ACME", severity: "critical", keywords: ["acme_"], patterns: ["\\b(acme_[a-z0-9]{24})\\b"] }],
      }),
    );
    write(repo, "fixtures/tok.js", `const t = "${fakeGithubToken()}";\n`);
    write(repo, "src/pm.js", `const k = "${fakePostmanKey()}";\n`);
    write(repo, "src/acme.js", `const deploy = "${acme}";\nconst other = "acme_notarealkeyxxxxxxxxxxxxx";\n`);
    write(repo, "src/low.py", `password = "${fake("{base62:12}{digits:4}")}"\n`);
    git(repo, "add", ".");
    const { status, report, stdout } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["acme-key src/acme.js:1"]);
    expect(report.suppressed.map((s) => `${s.detector} ${s.file} ${s.suppressedBy}: ${s.reason}`).sort()).toEqual([
      "generic-secret-assignment src/low.py config: severity medium is below minSeverity high",
      'github-pat fixtures/tok.js config: path matches ignorePaths "fixtures/**"',
    ]);
    expect(report.notes).toContain("1 detector(s) disabled by .leakstop.json: postman-api-key.");
    expect(stdout).not.toContain(acme);
  });
});

describe("the config file itself", () => {
  it("a link to a config that does not exist is an error, not no config; a byte order mark is read past", () => {
    const repo = makeRepo();
    write(repo, "a.js", "const a = 1;\n");
    git(repo, "add", ".");
    symlinkSync("../shared/leakstop.json", join(repo, ".leakstop.json"));
    const dangling = runCli(repo, ["--staged"]);
    expect(dangling.status).toBe(2);
    expect(dangling.stderr).toBe("leakstop: error: .leakstop.json is a link to a file that does not exist: fix the link or remove it\n");
    rmSync(join(repo, ".leakstop.json"));
    writeFileSync(join(repo, ".leakstop.json"), '\ufeff{ "minSeverity": "critical" }\n');
    write(repo, "b.py", `password = "${fake("{base62:12}{digits:4}")}"\n`);
    git(repo, "add", "b.py");
    const { status, report } = runJson(repo);
    expect(status).toBe(0);
    expect(report.suppressed.map((s) => s.reason)).toEqual(["severity medium is below minSeverity critical"]);
  });
});

describe("custom detectors", () => {
  it("a custom detector may not take a built-in's id: one line naming the entry", () => {
    const repo = makeRepo();
    write(repo, ".leakstop.json", JSON.stringify({ detectors: [{ id: "github-pat", name: "Acme widget id", service: "Acme", severity: "low", keywords: ["acmewid"], patterns: ["(acmewid_[0-9]{4})"] }] }));
    write(repo, "a.py", `t = "${fakeGithubToken()}"\n`);
    git(repo, "add", ".");
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`leakstop: error: .leakstop.json: detectors[0].id: "github-pat" is a built-in detector's id; give yours another (to turn the built-in off, list it in "disable")\n`);
    const acme = { id: "acme", name: "Acme id", service: "Acme", severity: "low", keywords: ["acmewid"], patterns: ["(acmewid_[0-9]{4})"] };
    write(repo, ".leakstop.json", JSON.stringify({ detectors: [acme, { ...acme, name: "Acme id again" }] }));
    expect(runCli(repo, ["--staged"]).stderr).toBe('leakstop: error: .leakstop.json: detectors[1].id: "acme" is already the id of detectors[0]; each detector needs an id of its own\n');
  });
});

describe("config placeholders", () => {
  it("a value holding one of the config's placeholders is suppressed visibly, by which entry, and --no-suppress reports it", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    const live = fake("sk_live_demo{base62:20}");
    write(repo, ".leakstop.json", JSON.stringify({ placeholders: ["nothing", "demo"] }));
    write(repo, "app.py", `gh = "${token}"\nst = "${live}"\n`);
    git(repo, "add", ".");
    const { status, report, stdout } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["github-pat app.py:1"]);
    expect(report.suppressed.map((s) => `${s.detector} ${s.file}:${s.line} ${s.suppressedBy}: ${s.reason}`)).toEqual([
      "stripe-secret-key app.py:2 config: the value holds placeholders[1] of the config",
    ]);
    expect(stdout).not.toContain(live.slice(8));
    const text = runCli(repo, ["--staged"]);
    expect(text.stdout + text.stderr).toContain("1 suppressed: 1 config");
    const all = runJson(repo, ["--staged", "--no-suppress"]);
    expect(all.report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["github-pat app.py:1", "stripe-secret-key app.py:2"]);
  });

  it("a placeholder that looks like a secret itself is an error naming it by place and length, never quoting it", () => {
    const repo = makeRepo();
    const token = fakeGithubToken();
    write(repo, ".leakstop.json", JSON.stringify({ placeholders: ["notarealkey", token] }));
    write(repo, "app.py", `gh = "${token}"\n`);
    git(repo, "add", ".");
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'leakstop: error: .leakstop.json: placeholders[1]: a word of 40 characters that looks like a secret itself; placeholders are words that fake values hold, such as "notarealkey" (a real value to accept goes in the allow file: leakstop allow)\n',
    );
    expect(r.stdout + r.stderr).not.toContain(token.slice(4, 16));
  });

  it("a placeholder that is part of a token prefix is an error: it would hide every such token", () => {
    const repo = makeRepo();
    write(repo, "a.py", "x = 1\n");
    git(repo, "add", ".");
    for (const [word, prefix] of [["live", "live_"], ["ghp_", "ghp_"], ["sk_live", "sk_live_"]]) {
      write(repo, ".leakstop.json", JSON.stringify({ placeholders: [word] }));
      const r = runCli(repo, ["--staged"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^leakstop: error: \\.leakstop\\.json: placeholders\\[0\\]: "${word}" is part of the token prefix \\S*${prefix.replace("_", "_")}: as a placeholder it would hide every such token`));
    }
  });
});

describe("inline allow markers", () => {
  const cases: [string, (t: string) => string][] = [
    ["app.js", (t) => `const t = "${t}"; // leakstop:allow github-pat test fixture for the client`],
    ["app.py", (t) => `# leakstop:allow documented sample\nTOKEN = "${t}"`],
    ["page.html", (t) => `<meta name="t" content="${t}"> <!-- gitleaks:allow -->`],
    ["query.sql", (t) => `SELECT '${t}'; -- pragma: allowlist secret`],
    ["conf.yaml", (t) => `# pragma: allowlist nextline secret\ntoken: ${t}`],
    ["main.c", (t) => `char *t = "${t}"; /* leakstop:allow vendored test vector */`],
    ["lib.c", (t) => `/* leakstop:allow vendored test vector */ char *t = "${t}";`],
  ];
  it("suppresses with the marker and its reason in several comment syntaxes, and lists them in JSON", () => {
    const repo = makeRepo();
    for (const [file, make] of cases) write(repo, file, make(fakeGithubToken()) + "\n");
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(report.findings).toEqual([]);
    expect(status).toBe(0);
    expect(report.suppressed.map((s) => `${s.file} ${s.suppressedBy}: ${s.reason}`).sort()).toEqual([
      "app.js inline: leakstop:allow: test fixture for the client",
      "app.py inline: leakstop:allow: documented sample",
      "conf.yaml inline: pragma: allowlist secret: pragma: allowlist secret marker",
      "lib.c inline: leakstop:allow: vendored test vector",
      "main.c inline: leakstop:allow: vendored test vector",
      "page.html inline: gitleaks:allow: gitleaks:allow marker",
      "query.sql inline: pragma: allowlist secret: pragma: allowlist secret marker",
    ]);
  });

  it("a value pasted into a marker's own reason is not allowed by it, nor one after a foreign marker's comment starts", () => {
    const repo = makeRepo();
    write(repo, "a.js", `// leakstop:allow old key was ${fake("sk_live_{base62:24}")}\nconst a = 1;\n`);
    write(repo, "b.py", `x = 1  # gitleaks:allow rotated ${fakeGithubToken()}\n`);
    // A block comment that goes on: the line below the marker is still its text.
    write(repo, "c.js", `/*\n * leakstop:allow: fixture\n * ${fakeGithubToken()}\n */\n`);
    git(repo, "add", ".");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["stripe-secret-key a.js:1", "github-pat b.py:1", "github-pat c.js:3"]);
    expect(report.suppressed).toEqual([]);
  });

  it("a marker naming another detector does not suppress, and --no-suppress shows everything", () => {
    const repo = makeRepo();
    write(repo, "a.js", `const t = "${fakeGithubToken()}"; // leakstop:allow postman-api-key not this one\n`);
    write(repo, "b.js", `const t = "${fakeGithubToken()}"; // leakstop:allow ok here\n`);
    git(repo, "add", ".");
    expect(runJson(repo).report.findings.map((f) => f.file)).toEqual(["a.js"]);
    const text = runCli(repo, ["--staged"]);
    expect(text.stdout).toContain("leakstop: 1 finding in 2 files, 2 added lines; 1 suppressed: 1 inline.");
    expect(runJson(repo, ["--staged", "--no-suppress"]).report.findings.map((f) => f.file)).toEqual(["a.js", "b.js"]);
  });
});

describe("allow file: suppressions keyed on the secret", () => {
  const setupWithRemote = () => cloneWithRemote(["pre-commit", "pre-push"]).work;

  it("allows a staged finding before the first commit, and the entry survives line moves, a rebase and a squash", () => {
    const repo = setupWithRemote();
    const token = fakeGithubToken();
    write(repo, "test/fixture.js", `export const sample = "${token}";\n`);
    git(repo, "add", ".");
    expect(runCli(repo, ["allow"]).stderr).toBe("leakstop: error: allow needs --reason TEXT: say why this finding is acceptable\n");
    const allowed = runCli(repo, ["allow", "--reason", "revoked token kept as a parser fixture"]);
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toMatch(/^leakstop: allowed github-pat at test\/fixture.js:1 \(github-pat:[0-9a-f]{16}\)\n/);
    const file = readFileSync(join(repo, ".leakstop-allow.json"), "utf8");
    expect(file).not.toContain(token);
    expect(file).not.toContain(token.slice(4, 12));
    expect(JSON.parse(file).entries[0]).toMatchObject({ detector: "github-pat", path: "test/fixture.js", reason: "revoked token kept as a parser fixture", addedBy: "Test <test@example.com>" });

    git(repo, "add", ".leakstop-allow.json");
    const commit = gitResult(repo, ["commit", "-m", "fixture"]);
    expect(commit.status).toBe(0);
    expect(commit.stderr).toContain("1 suppressed: 1 allow file");

    // Move the line: it is re-added at a new line number.
    write(repo, "test/fixture.js", `// parser fixtures\n\nexport const other = 1;\nexport const sample = "${token}";\n`);
    git(repo, "add", ".");
    expect(gitResult(repo, ["commit", "-m", "move"]).status).toBe(0);
    write(repo, "test/extra.js", "export const extra = 1;\n");
    git(repo, "add", ".");
    expect(gitResult(repo, ["commit", "-m", "extra"]).status).toBe(0);

    // Rebase: reorder the last two commits (new shas, moved line), then squash everything, then push.
    const onto = git(repo, "rev-parse", "HEAD~3").trim();
    const picks = git(repo, "log", "--reverse", "--format=%H", `${onto}..HEAD`).trim().split("\n");
    git(repo, "checkout", "-q", "--detach", onto);
    for (const sha of [picks[0], picks[2], picks[1]]) git(repo, "cherry-pick", "--allow-empty", sha);
    git(repo, "branch", "-f", "main", "HEAD");
    git(repo, "checkout", "-q", "main");
    git(repo, "reset", "-q", "--soft", onto);
    expect(gitResult(repo, ["commit", "-m", "squashed"]).status).toBe(0);
    const push = gitResult(repo, ["push", "origin", "main"]);
    expect(push.status).toBe(0);
    expect(push.stdout + push.stderr).toContain("1 suppressed: 1 allow file");
  });

  /** Rewrites the allow file's first entry by hand, as a person editing it would. */
  function editFirstAllowEntry(repo: string, edit: (entry: Record<string, string>) => void): void {
    const path = join(repo, ".leakstop-allow.json");
    const file = JSON.parse(readFileSync(path, "utf8"));
    edit(file.entries[0]);
    writeFileSync(path, JSON.stringify(file));
  }

  it("an expired entry blocks again and says so", () => {
    const repo = makeRepo();
    write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    expect(runCli(repo, ["allow", "--reason", "short-lived", "--expires", "2001-01-01"]).stderr).toBe("leakstop: error: --expires 2001-01-01 is in the past\n");
    runCli(repo, ["allow", "--reason", "short-lived", "--expires", "2999-01-01"]);
    expect(runJson(repo).status).toBe(0);
    editFirstAllowEntry(repo, (entry) => (entry.expires = "2020-01-01"));
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => f.file)).toEqual(["k.js"]);
    expect(report.notes).toEqual(['The allow entry for github-pat in k.js ("short-lived") expired on 2020-01-01, so k.js:1 blocks again.']);
  });

  it("a day the calendar does not have is an error, on the command line and in the file", () => {
    const repo = makeRepo();
    write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    for (const day of ["2030-02-30", "2030-13-01", "2030-00-10", "2030-12-00"]) {
      expect(runCli(repo, ["allow", "--reason", "short-lived", "--expires", day]).stderr).toBe(`leakstop: error: --expires must be a date YYYY-MM-DD, not "${day}" (no such day)\n`);
    }
    runCli(repo, ["allow", "--reason", "short-lived", "--expires", "2999-01-01"]);
    for (const day of ["2999-02-30", "2999-13-15"]) {
      editFirstAllowEntry(repo, (entry) => (entry.expires = day));
      const r = runCli(repo, ["--staged"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("entries[0].expires");
      expect(r.stderr).not.toContain("internal error");
    }
  });

  it("an entry naming an unknown detector is said to suppress nothing, with the id it may mean", () => {
    const repo = makeRepo();
    write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    runCli(repo, ["allow", "--reason", "test key"]);
    expect(runJson(repo).status).toBe(0);
    editFirstAllowEntry(repo, (entry) => (entry.detector = "github-pt"));
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.notes).toEqual(['.leakstop-allow.json: entries[0] names an unknown detector "github-pt" (did you mean "github-pat"?): it suppresses nothing (leakstop detectors lists them).']);
  });

  it("baseline accepts the working tree's findings without storing them, and reports stale entries", () => {
    const repo = makeRepo();
    const tokens = [fakeGithubToken(), fakePostmanKey()];
    write(repo, "old/a.js", `const a = "${tokens[0]}";\n`);
    write(repo, "old/b.sh", `export POSTMAN_API_KEY=${tokens[1]}\n`);
    git(repo, "add", ".");
    git(repo, "commit", "-q", "--no-verify", "-m", "legacy secrets");
    const r = runCli(repo, ["baseline"]);
    expect(r.stdout).toBe("leakstop: 2 finding(s) in the working tree; 2 new entries written to .leakstop-allow.json (salted hashes only).\n");
    const bytes = readFileSync(join(repo, ".leakstop-allow.json"), "utf8");
    for (const t of tokens) {
      expect(bytes).not.toContain(t);
      expect(bytes).not.toContain(t.slice(5, 13));
    }
    // Re-adding a baselined secret elsewhere in the same file is still accepted; a new one is not.
    write(repo, "old/a.js", `// moved\nconst a = "${tokens[0]}";\n`);
    write(repo, "new.js", `const n = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    expect(runJson(repo).report.findings.map((f) => f.file)).toEqual(["new.js"]);
    git(repo, "rm", "-q", "--cached", "old/b.sh");
    write(repo, "old/b.sh", "echo cleaned\n");
    git(repo, "add", "old/b.sh");
    git(repo, "reset", "-q", "new.js");
    const again = runCli(repo, ["baseline"]);
    expect(again.stdout).toContain('leakstop: stale entry: postman-api-key in old/b.sh ("baseline: present when leakstop was adopted on');
  });
});

describe("your own secrets, caught by value", () => {
  it("blocks a staged line holding a value from a git-ignored .env.local, whatever its format", () => {
    const repo = makeRepo();
    const password = fake("Zq{base62:10}!int-{digits:3}");
    write(repo, ".gitignore", ".env.local\n");
    write(repo, ".env.local", `# local only\nDB_PASSWORD="${password}"\nDEBUG=true\nPORT=5432\n`);
    write(repo, "deploy/values.yml", `database:\n  host: db.internal\n  pass: ${password}\n`);
    write(repo, "README.md", "# docs mention DEBUG=true and port 5432 freely\n");
    git(repo, "add", ".gitignore", "deploy/values.yml", "README.md");
    const r = runCli(repo, ["--staged"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("HIGH  Value from a git-ignored dotenv file  [dotenv-value]");
    expect(r.stdout.replace(/\s+/g, " ")).toContain("deploy/values.yml:3:9 (the value of DB_PASSWORD from .env.local)");
    expect(r.stdout).toContain("Fix deploy/values.yml:3: use ${DB_PASSWORD}");
    expect(r.stdout).not.toContain(password);
    expect(r.stdout).not.toContain(password.slice(4, 12));
    const { report } = runJson(repo);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["dotenv-value deploy/values.yml:3"]);
  });

  it("reads a .env that links to a file elsewhere, and names one that links to a device instead of passing it over", () => {
    const repo = makeRepo();
    const password = fake("Zq{base62:10}!int-{digits:3}");
    const elsewhere = tempDir();
    write(elsewhere, "app.env", `DB_PASSWORD=${password}\n`);
    write(repo, ".gitignore", ".env\n.env.local\n");
    symlinkSync(join(elsewhere, "app.env"), join(repo, ".env"));
    symlinkSync("/dev/zero", join(repo, ".env.local"));
    write(repo, "deploy/values.yml", `pass: ${password}\n`);
    git(repo, "add", ".gitignore", "deploy/values.yml");
    const { status, report } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["dotenv-value deploy/values.yml:1"]);
    expect(report.notes).toContain(".env.local: is a device, not a regular file; leakstop reads only regular files here; its values were not loaded.");
    expect(JSON.stringify(report)).not.toContain(password.slice(4, 12));
  });

  it("finds each value at every offset in one pass, a value that begins another, and not inside a longer token", () => {
    const repo = makeRepo();
    const short = fake("{base62:9}");
    const long = fake("{base62:30}");
    const prefix = long.slice(0, 12);
    write(repo, ".gitignore", ".env\n");
    write(repo, ".env", `SHORT_ONE=${short}\nLONG_ONE=${long}\nLONG_PREFIX=${prefix}\n`);
    // Lines 1-12: the short value after 0..11 characters, so it falls on every position between two probes.
    const shifted = Array.from({ length: 12 }, (_, i) => `${"x".repeat(i)} ${short}`);
    const lines = [
      ...shifted,
      `mirror: svc=${long}&mode=fast`, // 13: the long value between soft breaks, not its prefix
      `ids = ["${prefix}", "${prefix}x", "z${short}"]`, // 14: the prefix alone, then two longer tokens
      `both: ${short},${long}`, // 15: two values, in column order
    ];
    write(repo, "a.txt", lines.join("\n") + "\n");
    git(repo, "add", ".gitignore", "a.txt");
    // Each value is one finding, its other places listed with it: the short one, the long one, the prefix.
    const found = runJson(repo).report.findings.map((f) => placesOf([f]).map((p) => `${p.line}:${p.column} ${p.detector}`));
    expect(found).toEqual([
      [...shifted.map((l, i) => `${i + 1}:${l.indexOf(short) + 1} dotenv-value`), `15:${lines[14].indexOf(short) + 1} dotenv-value`],
      [`13:${lines[12].indexOf(long) + 1} dotenv-value`, `15:${lines[14].indexOf(long) + 1} dotenv-value`],
      [`14:${lines[13].indexOf(prefix) + 1} dotenv-value`],
    ]);
  });

  it("does not read tracked dotenv files, and can be turned off", () => {
    const repo = makeRepo();
    const tracked = fake("{base62:16}");
    write(repo, ".env.example", `GREETING_SUFFIX=${tracked}\n`);
    const ignored = fake("{base62:16}");
    write(repo, ".gitignore", ".env\n");
    write(repo, ".env", `GREETING_PREFIX=${ignored}\n`);
    write(repo, "a.txt", `${tracked}\n${ignored}\n`);
    git(repo, "add", ".env.example", ".gitignore", "a.txt");
    expect(runJson(repo).report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["dotenv-value a.txt:2"]);
    write(repo, ".leakstop.json", JSON.stringify({ dotenv: { enabled: false } }));
    expect(runJson(repo).report.findings).toEqual([]);
  });
});

describe("the dotenv walk, kept between commits", () => {
  /** A repository whose directories were last changed an hour ago, as in a working tree between edits. */
  const settledRepo = () => {
    const repo = makeRepo();
    write(repo, ".gitignore", ".env*\n");
    write(repo, "config/app.yml", "name: app\n");
    write(repo, "a.txt", "hello\n");
    git(repo, "add", ".gitignore", "config/app.yml", "a.txt");
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const dir of ["", "config"]) utimesSync(join(repo, dir), hourAgo, hourAgo);
    return { repo, hourAgo };
  };
  const findings = (repo: string, cache: string) => runJson(repo, ["--staged"], { LEAKSTOP_CACHE_DIR: cache }).report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`);
  const keptFiles = (cache: string) => readdirSync(join(cache, "dotenv")).map((name) => readFileSync(join(cache, "dotenv", name), "utf8"));

  it("finds a dotenv file added after the walk was kept, in a directory the walk had read", () => {
    const { repo } = settledRepo();
    const cache = tempDir();
    expect(findings(repo, cache)).toEqual([]);
    expect(keptFiles(cache)).toHaveLength(1);
    const value = fake("{base62:18}");
    write(repo, "config/.env.local", `SMTP_PASSWORD=${value}\n`);
    write(repo, "config/app.yml", `name: app\nsmtp: ${value}\n`);
    git(repo, "add", "config/app.yml");
    expect(findings(repo, cache)).toEqual(["dotenv-value config/app.yml:2"]);
  });

  it("reads the kept walk while every directory's modification time is unchanged; the kept file holds names, no values", () => {
    const { repo, hourAgo } = settledRepo();
    const cache = tempDir();
    const [first, second] = [fake("{base62:18}"), fake("{base62:18}")];
    write(repo, ".env", `API_PASSWORD=${first}\n`);
    write(repo, "a.txt", `one ${first}\ntwo ${second}\n`);
    git(repo, "add", "a.txt");
    utimesSync(repo, hourAgo, hourAgo);
    expect(findings(repo, cache)).toEqual(["dotenv-value a.txt:1"]);
    const [kept] = keptFiles(cache);
    expect(kept).toContain('".env"');
    expect(kept).not.toContain(first.slice(2, 10));
    // A file added with the directory's time put back is not seen: the kept walk is what was read.
    write(repo, ".env.local", `OTHER_PASSWORD=${second}\n`);
    utimesSync(repo, hourAgo, hourAgo);
    expect(findings(repo, cache)).toEqual(["dotenv-value a.txt:1"]);
    utimesSync(repo, new Date(), new Date());
    expect(findings(repo, cache)).toEqual(["dotenv-value a.txt:1", "dotenv-value a.txt:2"]);
  });

  it("a corrupt or foreign kept walk is ignored and replaced", () => {
    const { repo } = settledRepo();
    const cache = tempDir();
    const value = fake("{base62:18}");
    write(repo, "config/.env", `SMTP_PASSWORD=${value}\n`);
    write(repo, "config/app.yml", `smtp: ${value}\n`);
    git(repo, "add", "config/app.yml");
    utimesSync(join(repo, "config"), new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    expect(findings(repo, cache)).toEqual(["dotenv-value config/app.yml:1"]);
    const [name] = readdirSync(join(cache, "dotenv"));
    for (const broken of ["{ not json", JSON.stringify({ version: 1, top: "/elsewhere", key: "[]", dirs: [], found: [] }), JSON.stringify({ version: 1 })]) {
      writeFileSync(join(cache, "dotenv", name), broken);
      expect(findings(repo, cache), broken).toEqual(["dotenv-value config/app.yml:1"]);
      expect(keptFiles(cache)[0]).toContain("config/.env");
    }
  });

  it("does not keep a walk that read a name which could be a pasted secret, a directory's or a dotenv file's", () => {
    for (const [kind, make] of [
      ["directory", (repo: string, token: string) => write(repo, `fixtures-${token}/notes.txt`, "n\n")],
      ["dotenv file", (repo: string, token: string) => write(repo, `.env.${token}`, "A=1\n")],
    ] as const) {
      const { repo, hourAgo } = settledRepo();
      const token = fakeGithubToken();
      make(repo, token);
      for (const dir of readdirSync(repo).filter((d) => d.startsWith("fixtures-"))) utimesSync(join(repo, dir), hourAgo, hourAgo);
      utimesSync(repo, hourAgo, hourAgo);
      const cache = tempDir();
      expect([kind, findings(repo, cache)]).toEqual([kind, []]);
      expect([kind, existsSync(join(cache, "dotenv"))]).toEqual([kind, false]);
      // The same repository without that name keeps its walk.
      rmSync(join(repo, kind === "directory" ? `fixtures-${token}` : `.env.${token}`), { recursive: true });
      utimesSync(repo, hourAgo, hourAgo);
      expect(findings(repo, cache)).toEqual([]);
      expect(keptFiles(cache)).toHaveLength(1);
    }
  });

  it("does not keep a walk of directories changed in the last two seconds (coarse file-system clocks)", () => {
    const repo = makeRepo();
    write(repo, "a.txt", "hello\n");
    git(repo, "add", "a.txt");
    const cache = tempDir();
    expect(findings(repo, cache)).toEqual([]);
    expect(existsSync(join(cache, "dotenv"))).toBe(false);
  });
});
