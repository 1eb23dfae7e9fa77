import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, cleanupTempDirs, fakeGithubToken, freshNpmProject, git, gitResult, npm, packedTarball, runCli, ROOT, write } from "./helpers.js";

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
      ["LICENSE", "README.md", "dist/catalogue.json", "dist/cli/main.cjs", "dist/guidance/", "dist/leakstop.schema.json", "hooks/commit-msg", "hooks/pre-commit", "hooks/pre-push", "package.json"].sort(),
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
