import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, cleanupTempDirs, fake, fakeGithubToken, fakePostmanKey, git, gitResult, installTestHook, makeRepo, runCli, SEED, tempDir, write, type CliResult } from "./helpers.js";

afterAll(cleanupTempDirs);

function has(tool: string, probe: string[] = ["--version"]): boolean {
  return spawnSync(tool, probe, { stdio: "ignore" }).status === 0;
}

/** Runs a parser or compiler on a file; its output is shown when it fails. */
function parses(cwd: string, cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  expect(r.status, `${cmd} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
}

/** Every file of the working tree but .git and .env. */
function worktreeFiles(dir: string, sub = ""): string[] {
  return readdirSync(join(dir, sub)).flatMap((name) => {
    const rel = sub ? `${sub}/${name}` : name;
    if (rel === ".git" || rel === ".env") return [];
    return statSync(join(dir, rel)).isDirectory() ? worktreeFiles(dir, rel) : [rel];
  });
}

function indexBlobs(dir: string): string {
  const ids = git(dir, "ls-files", "-s").split("\n").filter(Boolean).map((l) => l.split(/\s+/)[1]);
  return execFileSync("git", ["cat-file", "--batch"], { cwd: dir, input: ids.join("\n") + "\n", encoding: "utf8" });
}

/** What a user (or an attacker) can see of the repository: working tree, index, the HEAD tree. */
function snapshot(dir: string): string {
  const files = worktreeFiles(dir).map((f) => `${f}\n${readFileSync(join(dir, f), "utf8")}`).join("\n");
  const env = existsSync(join(dir, ".env")) ? readFileSync(join(dir, ".env"), "utf8") : "<no .env>";
  return [git(dir, "ls-files", "-s"), indexBlobs(dir), files, env].join("\n--\n");
}

/**
 * After `fix --yes`: the value is only in .env (not in the working tree, the index, the commit, the CLI's
 * output), .env is ignored and unstaged, the next scan is clean and a real commit through the hook succeeds.
 */
function expectOnlyInEnv(dir: string, secret: string, envKey: string, outputs: CliResult[]): void {
  for (const r of outputs) expect(r.stdout + r.stderr).not.toContain(secret);
  expect(readFileSync(join(dir, ".env"), "utf8")).toContain(`${envKey}=${secret}\n`);
  for (const f of worktreeFiles(dir)) expect(readFileSync(join(dir, f), "utf8"), f).not.toContain(secret);
  expect(indexBlobs(dir)).not.toContain(secret);
  expect(git(dir, "ls-files", "--", ".env")).toBe("");
  expect(gitResult(dir, ["check-ignore", "-q", ".env"]).status).toBe(0);
  const again = runCli(dir, ["--staged"]);
  expect(again.stdout).toContain("no secrets");
  expect(again.status).toBe(0);
  installTestHook(dir, "pre-commit");
  const commit = gitResult(dir, ["commit", "-q", "-m", "read the key from the environment"]);
  expect(commit.status, commit.stderr).toBe(0);
  expect(gitResult(dir, ["grep", "-F", "-q", secret, "HEAD"]).status).toBe(1);
  expect(git(dir, "ls-tree", "-r", "--name-only", "HEAD")).not.toContain(".env\n");
}

/** A repository with `path` staged, holding the content `body(secret)`; then `leakstop fix --yes`. */
function fixOne(path: string, body: (secret: string) => string, secret = fakeGithubToken()) {
  const dir = makeRepo();
  write(dir, path, body(secret));
  git(dir, "add", "--", path);
  const r = runCli(dir, ["fix", "--yes"]);
  return { dir, secret, r, text: () => readFileSync(join(dir, path), "utf8") };
}

describe(`leakstop fix (seed ${SEED})`, () => {
  it("JavaScript: the literal becomes process.env.GITHUB_TOKEN, the diff shows it redacted, the value goes to .env", () => {
    const { dir, secret, r, text } = fixOne("src/config.js", (s) => `const a = 1;\nconst token = "${s}";\nmodule.exports = { token };\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("--- a/src/config.js");
    expect(r.stdout).toContain(`-const token = "${secret.slice(0, 4)}****************";`);
    expect(r.stdout).toContain("+const token = process.env.GITHUB_TOKEN;");
    expect(r.stdout).toContain("+GITHUB_TOKEN=<redacted>");
    expect(r.stdout).toContain("1 finding fixed in 1 file");
    expect(text()).toBe("const a = 1;\nconst token = process.env.GITHUB_TOKEN;\nmodule.exports = { token };\n");
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("/.env\n");
    expect(git(dir, "diff", "--cached", "--name-only")).toContain(".gitignore");
    parses(dir, process.execPath, ["--check", "src/config.js"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("TypeScript in a subdirectory run from there: paths are the repository's", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "app/src/client.ts", `export const client = { auth: '${secret}' };\n`);
    git(dir, "add", "-A");
    const r = runCli(join(dir, "app"), ["fix", "--yes"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "app/src/client.ts"), "utf8")).toBe("export const client = { auth: process.env.GITHUB_TOKEN };\n");
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it.skipIf(!has("python3"))("Python: os.environ[...] and `import os` after the docstring and __future__ imports", () => {
    const { dir, secret, r, text } = fixOne("app/settings.py", (s) => `"""Settings."""\nfrom __future__ import annotations\nimport sys\n\nGITHUB = "${s}"\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`"""Settings."""\nfrom __future__ import annotations\nimport os\nimport sys\n\nGITHUB = os.environ["GITHUB_TOKEN"]\n`);
    expect(r.stdout).toContain("+import os");
    parses(dir, "python3", ["-m", "py_compile", "app/settings.py"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it.skipIf(!has("python3"))("Python: an existing `import os` is kept, not repeated", () => {
    const { dir, secret, r, text } = fixOne("tool.py", (s) => `import os\n\ndef client():\n    return Client('${s}')\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`import os\n\ndef client():\n    return Client(os.environ["GITHUB_TOKEN"])\n`);
    parses(dir, "python3", ["-m", "py_compile", "tool.py"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("Go: os.Getenv in a var, \"os\" added to the import block", () => {
    const { dir, secret, r, text } = fixOne("main.go", (s) => `package main\n\nimport (\n\t"fmt"\n)\n\nvar token = "${s}"\n\nfunc main() { fmt.Println(len(token)) }\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`package main\n\nimport (\n\t"os"\n\t"fmt"\n)\n\nvar token = os.Getenv("GITHUB_TOKEN")\n\nfunc main() { fmt.Println(len(token)) }\n`);
    if (has("go", ["version"])) parses(dir, "gofmt", ["-l", "main.go"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("Go: a constant is refused (os.Getenv is not constant)", () => {
    const { dir, r, text, secret } = fixOne("main.go", (s) => `package main\n\nconst token = "${s}"\n`);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not fixed: main.go:3  [github-pat]  a constant must be known when the code is compiled");
    expect(text()).toContain(secret);
    expect(existsSync(join(dir, ".env"))).toBe(false);
  });

  it.skipIf(!has("javac", ["-version"]))("Java: System.getenv, and the class still compiles", () => {
    const { dir, secret, r, text } = fixOne("src/App.java", (s) => `public class App {\n  static final String TOKEN = "${s}";\n  public static void main(String[] a) { System.out.println(TOKEN.length()); }\n}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toContain(`static final String TOKEN = System.getenv("GITHUB_TOKEN");`);
    const out = tempDir();
    parses(dir, "javac", ["-d", out, "src/App.java"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("Kotlin: System.getenv; a `const val` is refused", () => {
    const { dir, secret, r, text } = fixOne("Config.kt", (s) => `object Config {\n    val token = "${s}"\n}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toContain(`val token = System.getenv("GITHUB_TOKEN")`);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
    const refused = fixOne("Const.kt", (s) => `object C {\n    const val TOKEN = "${s}"\n}\n`);
    expect(refused.r.status).toBe(1);
    expect(refused.r.stdout).toContain("a constant must be known when the code is compiled");
  });

  it("C#: Environment.GetEnvironmentVariable; a verbatim string is refused", () => {
    const { dir, secret, r, text } = fixOne("Client.cs", (s) => `class Client {\n  static string Token = "${s}";\n}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toContain(`static string Token = System.Environment.GetEnvironmentVariable("GITHUB_TOKEN");`);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
    const refused = fixOne("Verbatim.cs", (s) => `class V {\n  static string T = @"${s}";\n}\n`);
    expect(refused.r.status).toBe(1);
    expect(refused.r.stdout).toContain("the literal has a prefix");
  });

  it("Ruby: ENV.fetch, checked with ruby -c where Ruby is installed", () => {
    const { dir, secret, r, text } = fixOne("config/client.rb", (s) => `client = Octokit::Client.new(access_token: '${s}')\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`client = Octokit::Client.new(access_token: ENV.fetch("GITHUB_TOKEN"))\n`);
    if (has("ruby")) parses(dir, "ruby", ["-c", "config/client.rb"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("PHP: getenv, checked with php -l where PHP is installed", () => {
    const { dir, secret, r, text } = fixOne("config.php", (s) => `<?php\n$token = "${s}";\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`<?php\n$token = getenv('GITHUB_TOKEN');\n`);
    if (has("php")) parses(dir, "php", ["-l", "config.php"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it.skipIf(!has("rustc"))("Rust: a let binding borrows the String, .to_string() takes it owned, and it compiles; a const is refused", () => {
    const body = (s: string) =>
      `fn takes(s: &str) -> usize { s.len() }\nfn main() {\n    let token = "${s}";\n    let owned: String = "${s}".to_string();\n    println!("{} {}", takes(token), owned.len());\n}\n`;
    const { dir, secret, r, text } = fixOne("src/main.rs", body);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toContain(`let token = &std::env::var("GITHUB_TOKEN").expect("GITHUB_TOKEN must be set");`);
    expect(text()).toContain(`let owned: String = std::env::var("GITHUB_TOKEN").expect("GITHUB_TOKEN must be set").to_string();`);
    expect(readFileSync(join(dir, ".env"), "utf8").match(/GITHUB_TOKEN=/g)).toHaveLength(1);
    parses(dir, "rustc", ["--edition", "2021", "--emit=metadata", "-o", join(tempDir(), "out.rmeta"), "src/main.rs"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);

    const refused = fixOne("lib.rs", (s) => `pub const TOKEN: &str = "${s}";\nfn f() { call("${s}") }\n`);
    expect(refused.r.status).toBe(1);
    expect(refused.r.stdout).toContain("not fixed: lib.rs:1  [github-pat]  a constant must be known");
    expect(refused.r.stdout).toContain("not fixed: lib.rs:2  [github-pat]  in Rust only a `let` binding or an owned String");
    expect(refused.text()).toContain(refused.secret);
  });

  it("shell: \"${GITHUB_TOKEN}\", and sh -n still parses it", () => {
    const { dir, secret, r, text } = fixOne("deploy.sh", (s) => `#!/bin/sh\nTOKEN="${s}"\ncurl -H "Authorization: Bearer $TOKEN" https://api.github.com/user\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`#!/bin/sh\nTOKEN="\${GITHUB_TOKEN}"\ncurl -H "Authorization: Bearer $TOKEN" https://api.github.com/user\n`);
    parses(dir, "sh", ["-n", "deploy.sh"]);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("shell: a secret inside a heredoc is refused", () => {
    const { r, text, secret } = fixOne("setup.sh", (s) => `cat > creds <<EOF\n${s}\nEOF\n`);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not fixed: setup.sh:2  [github-pat]  the secret is inside a heredoc");
    expect(text()).toContain(secret);
  });

  it("Dockerfile: ENV reads a build argument declared just before it", () => {
    const { dir, secret, r, text } = fixOne("Dockerfile", (s) => `FROM alpine:3\nENV GH_TOKEN="${s}"\nRUN echo ok\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`FROM alpine:3\nARG GITHUB_TOKEN\nENV GH_TOKEN="\${GITHUB_TOKEN}"\nRUN echo ok\n`);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("compose YAML: the value becomes ${GITHUB_TOKEN}, which compose reads from .env", () => {
    const { dir, secret, r, text } = fixOne("docker-compose.yml", (s) => `services:\n  app:\n    environment:\n      - GH_TOKEN=${s}\n      OTHER: "${s}"\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`services:\n  app:\n    environment:\n      - GH_TOKEN=\${GITHUB_TOKEN}\n      OTHER: "\${GITHUB_TOKEN}"\n`);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it.skipIf(!has("terraform", ["version"]))("Terraform: var.github_token, a sensitive variable block, TF_VAR_github_token in .env; terraform validates it", () => {
    const { dir, secret, r, text } = fixOne("infra/main.tf", (s) => `locals {\n  token = "${s}"\n}\n\noutput "token_length" {\n  value = length(local.token)\n  sensitive = true\n}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toContain("  token = var.github_token\n");
    expect(text()).toContain(`variable "github_token" {\n  type      = string\n  sensitive = true\n}\n`);
    const infra = join(dir, "infra");
    parses(infra, "terraform", ["init", "-backend=false", "-input=false", "-no-color"]);
    parses(infra, "terraform", ["validate", "-no-color"]);
    for (const made of [".terraform", ".terraform.lock.hcl"]) rmSync(join(infra, made), { recursive: true, force: true });
    expectOnlyInEnv(dir, secret, "TF_VAR_github_token", [r]);
  });

  it("Terraform: a variable already declared in another file of the module is not declared again", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "infra/variables.tf", `variable "github_token" {\n  type      = string\n  sensitive = true\n}\n`);
    write(dir, "infra/main.tf", `locals {\n  token = "${secret}"\n}\n`);
    git(dir, "add", "-A");
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "infra/main.tf"), "utf8")).toBe("locals {\n  token = var.github_token\n}\n");
    expectOnlyInEnv(dir, secret, "TF_VAR_github_token", [r]);
  });

  it("Dockerfile: one ARG per build stage, however many uses", () => {
    const { dir, secret, r, text } = fixOne("Dockerfile", (s) => `FROM alpine:3 AS build\nENV A="${s}"\nENV B="${s}"\nFROM alpine:3\nENV C=${s}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe(`FROM alpine:3 AS build\nARG GITHUB_TOKEN\nENV A="\${GITHUB_TOKEN}"\nENV B="\${GITHUB_TOKEN}"\nFROM alpine:3\nARG GITHUB_TOKEN\nENV C=\${GITHUB_TOKEN}\n`);
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("a GitHub Actions workflow is refused: its secrets live in the repository's settings", () => {
    const { dir, r, text, secret } = fixOne(".github/workflows/ci.yml", (s) => `jobs:\n  a:\n    env:\n      GH_TOKEN: ${s}\n`);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not fixed: .github/workflows/ci.yml:4  [github-pat]  a workflow reads secrets from the repository's settings");
    expect(text()).toContain(secret);
    expect(existsSync(join(dir, ".env"))).toBe(false);
  });

  it("a value of the git-ignored .env staged in code is read from its own variable; .env is left as it is", () => {
    const dir = makeRepo();
    const value = fake("{base62:12}-{base62:12}");
    write(dir, ".gitignore", ".env\n");
    write(dir, ".env", `PAYMENTS_SECRET=${value}\n`);
    git(dir, "add", ".gitignore");
    git(dir, "commit", "-q", "-m", "ignore .env");
    write(dir, "src/pay.js", `const secret = "${value}";\n`);
    git(dir, "add", "src/pay.js");
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(join(dir, "src/pay.js"), "utf8")).toBe("const secret = process.env.PAYMENTS_SECRET;\n");
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe(`PAYMENTS_SECRET=${value}\n`);
    expect(r.stdout).not.toContain("+PAYMENTS_SECRET=");
    expectOnlyInEnv(dir, value, "PAYMENTS_SECRET", [r]);
  });

  it("two different secrets get two names; the same secret twice gets one; a name already in .env with another value is passed over", () => {
    const dir = makeRepo();
    const [a, b, other] = [fakeGithubToken(), fakeGithubToken(), fakeGithubToken()];
    write(dir, ".gitignore", ".env\n");
    write(dir, ".env", `GITHUB_TOKEN=${other}\n`);
    write(dir, "src/a.js", `const a = "${a}";\nconst again = "${a}";\nconst b = '${b}';\n`);
    git(dir, "add", "-A");
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "src/a.js"), "utf8")).toBe(
      "const a = process.env.GITHUB_TOKEN_2;\nconst again = process.env.GITHUB_TOKEN_2;\nconst b = process.env.GITHUB_TOKEN_3;\n",
    );
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe(`GITHUB_TOKEN=${other}\nGITHUB_TOKEN_2=${a}\nGITHUB_TOKEN_3=${b}\n`);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe(".env\n");
    for (const s of [a, b, other]) expect(r.stdout + r.stderr).not.toContain(s);
    expectOnlyInEnv(dir, b, "GITHUB_TOKEN_3", [r]);
  });

  it("an unstaged edit of .gitignore stays unstaged: only the .env line is staged", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, ".gitignore", "node_modules/\n");
    git(dir, "add", ".gitignore");
    git(dir, "commit", "-q", "-m", "ignore");
    write(dir, ".gitignore", "node_modules/\ndist/\n");
    write(dir, "src/a.js", `const t = "${secret}";\n`);
    git(dir, "add", "src/a.js");
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("node_modules/\ndist/\n/.env\n");
    expect(git(dir, "show", ":.gitignore")).toBe("node_modules/\n/.env\n");
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [r]);
  });

  it("another credential type takes its detector's variable name", () => {
    const { dir, secret, r, text } = fixOne("postman.js", (s) => `const key = "${s}";\n`, fakePostmanKey());
    expect(r.status, r.stderr).toBe(0);
    expect(text()).toBe("const key = process.env.POSTMAN_API_KEY;\n");
    expectOnlyInEnv(dir, secret, "POSTMAN_API_KEY", [r]);
  });

  it("--dry-run prints the diff and changes nothing: index, working tree and .env byte-identical", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "src/config.js", `const token = "${secret}";\n`);
    git(dir, "add", "-A");
    const before = snapshot(dir);
    const r = runCli(dir, ["fix", "--dry-run"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("+const token = process.env.GITHUB_TOKEN;");
    expect(r.stdout).toContain("dry run, nothing changed");
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(snapshot(dir)).toBe(before);
    expect(existsSync(join(dir, ".env"))).toBe(false);
  });

  it("without a terminal and without --yes: prints the diff, exits 2 with one line saying to pass --yes, changes nothing", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "src/config.js", `const token = "${secret}";\n`);
    git(dir, "add", "-A");
    const before = snapshot(dir);
    const r = runCli(dir, ["fix"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain("+const token = process.env.GITHUB_TOKEN;");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^leakstop: error: .*pass --yes/);
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(snapshot(dir)).toBe(before);
  });

  it.skipIf(!has("script", ["-V"]))('on a terminal it asks "Apply? [y/N]": n changes nothing, y applies', () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "src/config.js", `const token = "${secret}";\n`);
    git(dir, "add", "-A");
    const before = snapshot(dir);
    // `script` runs the CLI on a pseudo-terminal; the answer is typed once the question is up.
    const answer = (key: string) =>
      spawnSync("sh", ["-c", `(sleep 2; echo ${key}) | script -qec '"${process.execPath}" "${CLI}" fix' /dev/null`], { cwd: dir, env: cleanEnv(), encoding: "utf8" });
    const no = answer("n");
    expect(no.stdout).toContain("Apply? [y/N]");
    expect(no.stdout).toContain("nothing changed");
    expect(snapshot(dir)).toBe(before);
    const yes = answer("y");
    expect(yes.stdout).toContain("1 finding fixed in 1 file");
    expect(readFileSync(join(dir, "src/config.js"), "utf8")).toBe("const token = process.env.GITHUB_TOKEN;\n");
    expectOnlyInEnv(dir, secret, "GITHUB_TOKEN", [no, yes]);
  });

  it("refuses a secret inside a URL, with the reason, exit 1, and changes nothing", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "src/remote.js", `const url = "https://x-access-token:${secret}@github.com/o/r.git";\n`);
    git(dir, "add", "-A");
    const before = snapshot(dir);
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not fixed: src/remote.js:1  [github-pat]  the secret is part of a larger string");
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(snapshot(dir)).toBe(before);
  });

  it("refuses a file type it cannot rewrite, and a secret in a comment", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "notes.txt", `token ${secret}\n`);
    write(dir, "src/a.js", `// old token: "${secret}"\nconst a = 1;\n`);
    git(dir, "add", "-A");
    const before = snapshot(dir);
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not fixed: notes.txt:1  [github-pat]  leakstop fix does not know how this type of file reads an environment variable");
    expect(r.stdout).toContain("not fixed: src/a.js:1  [github-pat]  the secret is in a comment");
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(snapshot(dir)).toBe(before);
  });

  it("refuses a multi-line private key, an object key, and a Ruby `<<` that is not a heredoc is still code", () => {
    const dir = makeRepo();
    const pem = fake("-----BEGIN EC PRIVATE KEY-----\n{base64:64}\n{base64:64}\n{base64:36}\n-----END EC PRIVATE KEY-----");
    const [a, b] = [fakeGithubToken(), fakeGithubToken()];
    write(dir, "src/key.js", `const signingKey = \`${pem}\`;\nconst byToken = { "${a}": 1 };\n`);
    write(dir, "lib/list.rb", `list << item\ntoken = "${b}"\n`);
    git(dir, "add", "-A");
    const before = snapshot(dir);
    const r = runCli(dir, ["fix", "--dry-run"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not fixed: src/key.js:1  [private-key-ec]  the secret spans several lines");
    expect(r.stdout).toContain("not fixed: src/key.js:6  [github-pat]  the literal is a key");
    expect(r.stdout).toContain(`+token = ENV.fetch("GITHUB_TOKEN")`);
    for (const s of [pem.split("\n")[1], a, b]) expect(r.stdout + r.stderr).not.toContain(s);
    expect(snapshot(dir)).toBe(before);
  });

  it("refuses a partially staged file (working tree differs from the index) and changes nothing", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "src/config.js", `const token = "${secret}";\n`);
    git(dir, "add", "-A");
    write(dir, "src/config.js", `const token = "${secret}";\nconst unstaged = 2;\n`);
    const before = snapshot(dir);
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("not fixed: src/config.js:1  [github-pat]  the file has unstaged changes");
    expect(snapshot(dir)).toBe(before);
  });

  it("core.autocrlf (Git for Windows' default): a CRLF file git sees as unchanged is rewritten, and keeps its CRLF", () => {
    const dir = makeRepo();
    git(dir, "config", "core.autocrlf", "true");
    const secret = fakeGithubToken();
    write(dir, "app.py", `import os\r\nTOKEN = "${secret}"\r\nprint(1)\r\n`);
    gitResult(dir, ["add", "app.py"]);
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "app.py"), "utf8")).toBe('import os\r\nTOKEN = os.environ["GITHUB_TOKEN"]\r\nprint(1)\r\n');
    expect(git(dir, "show", ":app.py")).toBe('import os\nTOKEN = os.environ["GITHUB_TOKEN"]\nprint(1)\n');
    expect(gitResult(dir, ["diff", "--quiet"]).status).toBe(0);
    expect(readFileSync(join(dir, ".env"), "utf8")).toContain(`GITHUB_TOKEN=${secret}\n`);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it("refuses to write through a .env that is a link (to a tracked file, or dangling), and changes nothing", () => {
    for (const target of [".env.development", "missing/.env"]) {
      const dir = makeRepo();
      const secret = fakeGithubToken();
      write(dir, ".env.development", "# shared dev settings\n");
      git(dir, "add", ".env.development");
      git(dir, "commit", "-q", "-m", "dev settings");
      symlinkSync(target, join(dir, ".env"));
      write(dir, "src/config.js", `const token = "${secret}";\n`);
      git(dir, "add", "src/config.js");
      const before = snapshot(dir);
      const r = runCli(dir, ["fix", "--yes"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        "leakstop: error: .env is a link or not a regular file, so leakstop fix will not write values to it: they would land where it points (a tracked file, say). Make .env a regular file first\n",
      );
      expect(snapshot(dir)).toBe(before);
      expect(readFileSync(join(dir, ".env.development"), "utf8")).toBe("# shared dev settings\n");
      expect(existsSync(join(dir, "missing"))).toBe(false);
    }
  });

  it("a staged env-style file is not rewritten: it says to untrack it", () => {
    const dir = makeRepo();
    const secret = fakeGithubToken();
    write(dir, "config/prod.env", `GITHUB_TOKEN=${secret}\n`);
    git(dir, "add", "-A");
    const before = snapshot(dir);
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("git rm --cached -- config/prod.env");
    expect(snapshot(dir)).toBe(before);
  });

  it("a file whose name is not UTF-8: fix gives that reason, and the report's command still names the file", () => {
    const dir = makeRepo();
    // The name's byte 0xE9 is written by the shell: a name passed from here would be encoded as UTF-8.
    execFileSync("sh", ["-c", 'mkdir -p src && printf \'const token = "%s";\\n\' "$TOKEN" > "$(printf \'src/caf\\351.js\')"'], { cwd: dir, env: { ...process.env, TOKEN: fakeGithubToken() } });
    git(dir, "add", "-A");
    // Its name cannot be read back through node: git says whether anything changed.
    const state = () => git(dir, "ls-files", "-s") + git(dir, "status", "--porcelain") + execFileSync("sh", ["-c", "cat src/*"], { cwd: dir, encoding: "utf8" });
    const before = state();
    const r = runCli(dir, ["fix", "--yes"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("\ufffd.js:1  [github-pat]  the file's name is not UTF-8: edit it by hand");
    expect(state()).toBe(before);
    const report = runCli(dir, ["--staged"]);
    expect(report.stdout).toContain("then git add 'src/caf?.js'");
    // Run as printed, the command names the file: git's pathspec reads `?` as its odd byte.
    execFileSync("sh", ["-c", "git rm -q --cached 'src/caf?.js'"], { cwd: dir });
    expect(git(dir, "diff", "--cached", "--name-only")).toBe("");
  });

  it("nothing staged or nothing found: exit 0", () => {
    const dir = makeRepo();
    const r = runCli(dir, ["fix"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("nothing to fix");
  });
});
