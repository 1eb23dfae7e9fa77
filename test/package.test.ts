import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, CLI, cleanupTempDirs, fakeGithubToken, freshNpmProject, git, gitResult, makeRepo, npm, packedTarball, runCli, ROOT, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const npx = (cwd: string, ...args: string[]) => spawnSync("npx", ["--no-install", "leakstop", ...args], { cwd, env: cleanEnv(), encoding: "utf8" });
const SCHEMA_IN_PACKAGE = "node_modules/leakstop/dist/leakstop.schema.json";

describe("the published package", () => {
  it("holds the runtime files only: the CLI, its data, the hook stubs, the schema, LICENSE and README", () => {
    const files = execFileSync("tar", ["-tzf", packedTarball()], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ""));
    const tops = new Set(files.map((f) => (f.startsWith("dist/guidance/") ? "dist/guidance/" : f)));
    expect([...tops].sort()).toEqual(
      ["LICENSE", "README.md", "dist/catalogue.jsonl", "dist/cli/app.cjs", "dist/cli/main.cjs", "dist/cli/resident.cjs", "dist/cli/scanWorker.cjs", "dist/guidance/", "dist/leakstop.schema.json", "hooks/commit-msg", "hooks/leakstop-resident-client.pl", "hooks/pre-commit", "hooks/pre-push",
      "hooks/pre-receive", "package.json"].sort(),
    );
    const meta = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    expect(meta.license).toBe("MIT");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} leakstop contributors\n/);
    for (const key of ["repository", "homepage", "bugs", "keywords"]) expect(meta[key], key).toBeTruthy();
  });

  it("installed from the tarball, `npx leakstop init` hooks a project: a staged token blocks the commit, a clean one passes", () => {
    const project = freshNpmProject();
    npm(project, "install", "--ignore-scripts", "--prefer-offline", "--save-dev", packedTarball());
    const init = npx(project, "init");
    expect(init.status).toBe(0);
    expect(init.stdout).toContain(`leakstop: installed ${join(project, ".git", "hooks", "pre-commit")}`);

    const token = fakeGithubToken();
    write(project, "config.js", `module.exports = { token: "${token}" };\n`);
    git(project, "add", "config.js");
    const blocked = gitResult(project, ["commit", "-m", "add config"]);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain("config.js:1:");
    expect(blocked.stderr).toContain("[github-pat]");
    expect(blocked.stderr).toContain("git commit --no-verify");
    expect(blocked.stdout + blocked.stderr).not.toContain(token.slice(4));
    expect(git(project, "rev-list", "--count", "HEAD").trim()).toBe("1");

    write(project, "config.js", "module.exports = { token: process.env.GITHUB_TOKEN };\n");
    git(project, "add", "config.js");
    const clean = gitResult(project, ["commit", "-m", "config from the environment"]);
    expect(clean.status).toBe(0);
    expect(clean.stderr).toContain("leakstop: no secrets in 1 file");

    // The schema ships in the package; `.leakstop.json` names it by path and leakstop accepts the key.
    expect(existsSync(join(project, SCHEMA_IN_PACKAGE))).toBe(true);
    const schema = JSON.parse(readFileSync(join(project, SCHEMA_IN_PACKAGE), "utf8")) as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(schema).toEqual(JSON.parse(npx(project, "schema").stdout));
    const config = { $schema: `./${SCHEMA_IN_PACKAGE}`, ignorePaths: ["fixtures/**"], minSeverity: "medium" };
    expect(Object.keys(config).every((k) => k in schema.properties)).toBe(true);
    expect(schema.additionalProperties).toBe(false);
    write(project, ".leakstop.json", JSON.stringify(config, null, 2));
    git(project, "add", ".leakstop.json");
    const configured = gitResult(project, ["commit", "-m", "configure leakstop"]);
    expect(configured.stderr).not.toContain("error");
    expect(configured.status).toBe(0);
    write(project, "fixtures/sample.js", `const t = "${fakeGithubToken()}";\n`);
    git(project, "add", "fixtures/sample.js");
    const scan = runCli(project, ["--staged"]);
    expect(scan.status).toBe(0);
    expect(scan.stdout).toContain("1 suppressed: 1 config");
  }, 120_000);
});

/** A repository with a fake token staged in k.js; the token is returned to check it is never printed. */
function stagedToken(): { repo: string; token: string } {
  const repo = makeRepo();
  const token = fakeGithubToken();
  write(repo, "k.js", `const t = "${token}";\n`);
  git(repo, "add", "k.js");
  return { repo, token };
}

const ESC = "\x1b[";
const DISABLED_NOTE = "1 detector(s) disabled by .leakstop.json: slack-bot-token.";

describe("CLI conventions", () => {
  it("FORCE_COLOR colours output that is not a terminal; NO_COLOR and --no-color win; FORCE_COLOR=0 does not force", () => {
    const { repo, token } = stagedToken();
    const forced = runCli(repo, ["--staged"], { FORCE_COLOR: "1" });
    expect(forced.status).toBe(1);
    expect(forced.stdout).toContain(ESC);
    expect(forced.stdout).toContain("k.js:1:12");
    expect(forced.stdout).not.toContain(token.slice(4));
    expect(runCli(repo, ["--staged"]).stdout).not.toContain(ESC);
    expect(runCli(repo, ["--staged"], { FORCE_COLOR: "0" }).stdout).not.toContain(ESC);
    expect(runCli(repo, ["--staged"], { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout).not.toContain(ESC);
    const noColor = runCli(repo, ["--staged", "--no-color"], { FORCE_COLOR: "1" });
    expect(noColor.status).toBe(1);
    expect(noColor.stdout).not.toContain(ESC);
    // JSON is never coloured.
    expect(() => JSON.parse(runCli(repo, ["--staged", "--format", "json"], { FORCE_COLOR: "1" }).stdout)).not.toThrow();
  });

  it.runIf(spawnSync("script", ["--version"]).status === 0)("on a terminal (script's pty) colours by default, and FORCE_COLOR=0 turns them off", () => {
    const { repo } = stagedToken();
    const onTty = (env: Record<string, string>) =>
      spawnSync("script", ["-qec", `"${process.execPath}" "${CLI}" --staged`, "/dev/null"], { cwd: repo, env: cleanEnv(env), encoding: "utf8" }).stdout;
    expect(onTty({})).toContain(ESC);
    expect(onTty({ FORCE_COLOR: "0" })).not.toContain(ESC);
    expect(onTty({ NO_COLOR: "1" })).not.toContain(ESC);
  });

  it("--quiet prints findings only: nothing when clean, no notes, same exit codes", () => {
    const repo = makeRepo();
    write(repo, ".leakstop.json", JSON.stringify({ disable: ["slack-bot-token"] }));
    write(repo, "a.js", "const a = 1;\n");
    git(repo, "add", "a.js");
    const loud = runCli(repo, ["--staged"]);
    expect(loud.status).toBe(0);
    expect(loud.stdout).toContain("leakstop: no secrets in 1 file");
    expect(loud.stdout).toContain(DISABLED_NOTE);
    for (const flag of ["--quiet", "-q"]) {
      const quiet = runCli(repo, ["--staged", flag]);
      expect(quiet.status, flag).toBe(0);
      expect(quiet.stdout, flag).toBe("");
      expect(quiet.stderr, flag).toBe("");
    }

    const token = fakeGithubToken();
    write(repo, "k.js", `const t = "${token}";\n`);
    git(repo, "add", "k.js");
    const found = runCli(repo, ["--staged", "--quiet"]);
    expect(found.status).toBe(1);
    expect(found.stdout).toContain("k.js:1:12");
    expect(found.stdout).toContain("[github-pat]");
    expect(found.stdout).not.toContain(DISABLED_NOTE);
    expect(found.stdout).not.toContain(token.slice(4));
    // JSON is for machines: --quiet leaves it whole.
    expect(JSON.parse(runCli(repo, ["--staged", "--quiet", "--format", "json"]).stdout).notes).toContain(DISABLED_NOTE);
  });

  it("argument errors are one line, exit 2, naming the option without echoing a pasted secret", () => {
    const { repo, token } = stagedToken();
    const cases: [string[], string][] = [
      [["--staged", "--bogus"], "leakstop: error: unknown option --bogus (see leakstop --help)"],
      [["--staged", "--format"], "leakstop: error: option --format needs a value (see leakstop --help)"],
      [["--staged=yes"], "leakstop: error: option --staged takes no value (see leakstop --help)"],
      [["'--staged"], "leakstop: error: unknown command: an argument starts with a quote (') that is never closed; check the quoting (see leakstop --help)"],
      [['"init'], "leakstop: error: unknown command: an argument starts with a quote (\") that is never closed; check the quoting (see leakstop --help)"],
      [["--staged", `--${token}`], `leakstop: error: unknown option a name of ${token.length + 2} characters (see leakstop --help)`],
    ];
    for (const [args, line] of cases) {
      const r = runCli(repo, args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr, args.join(" ")).toBe(`${line}\n`);
    }
    // Inside a hook the error also blocks and says how to bypass.
    const hook = runCli(repo, ["hook", "pre-commit", "--bogus"]);
    expect(hook.status).toBe(2);
    expect(hook.stderr).toBe("leakstop: error: unknown option --bogus (see leakstop --help)\nleakstop could not check this commit, so it is blocked. To commit without the check, deliberately: git commit --no-verify\n");
  });

  it("a config file leakstop does not read is named on stderr, with the one it reads; exit code and JSON unchanged", () => {
    const { repo } = stagedToken();
    const unread = [".leakstop.yaml", ".leakstop.yml", ".leakstoprc", ".leakstoprc.json", "leakstop.config.js"];
    for (const name of unread) write(repo, name, "ignorePaths: [k.js]\n");
    const r = runCli(repo, ["--staged", "--format", "json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings).toHaveLength(1);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual(
      unread.map((name) => `leakstop: warning: ${name} is not read; leakstop reads .leakstop.json (or the "leakstop" key of package.json)`),
    );
    expect(runCli(makeRepo(), ["--staged"]).stderr).toBe("");
  });
});
