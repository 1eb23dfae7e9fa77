import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PINNED, STAGED_DIFF, stagedDiffId } from "../src/source/git/args.js";
import { expandSample, seededRandom } from "../src/tools/samples.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CLI = join(ROOT, "dist/cli/main.cjs");

// Fake credentials are built at run time; the seed is printed so a failure can be replayed.
// A fixed default keeps CI reproducible; LEAKSTOP_TEST_SEED=<n> explores other bodies.
export const SEED = Number(process.env.LEAKSTOP_TEST_SEED ?? 20261125);
const random = seededRandom(SEED);
export function fake(template: string): string {
  return expandSample(template, random);
}

/** A GitHub classic token with a valid checksum. */
export const fakeGithubToken = () => fake("ghp_{base62:30}{checksum:crc32-base62}");
export const fakePostmanKey = () => fake("PMAK-{hex:24}-{hex:34}");
export const fakePicaticKey = () => fake("pk_live_{base62:24}");

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** Environment for child processes: no inherited git, leakstop or colour settings from the machine running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("GIT_") && !k.startsWith("LEAKSTOP_") && k !== "NO_COLOR" && k !== "FORCE_COLOR") env[k] = v;
  }
  return { ...env, ...GIT_ENV, ...extra };
}

const dirs: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "leakstop-test-"));
  dirs.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: cleanEnv(), encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

export function gitResult(cwd: string, args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync("git", args, { cwd, env: cleanEnv(env), encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function makeRepo(options: { initialCommit?: boolean } = {}): string {
  const dir = tempDir();
  git(dir, "init", "-q", "-b", "main");
  if (options.initialCommit !== false) {
    write(dir, "README.md", "# test\n");
    git(dir, "add", "README.md");
    git(dir, "commit", "-q", "-m", "initial");
  }
  return dir;
}

export function write(dir: string, path: string, content: string | Buffer): void {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

/**
 * A SQL dump of `rows` rows (about 96 bytes each), written in blocks so that its text is never held whole; row
 * number `at` (from 0) is `special` instead.
 */
export function writeDump(dir: string, path: string, rows: number, at: number, special: string): void {
  const row = (i: number) => (i === at ? `${special}\n` : `INSERT INTO items VALUES (${i}, 'item ${i}', 'lorem ipsum dolor sit amet consectetur', 42.5);\n`);
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  const fd = openSync(join(dir, path), "w");
  try {
    for (let from = 0; from < rows; from += 10_000) writeSync(fd, Array.from({ length: Math.min(10_000, rows - from) }, (_, i) => row(from + i)).join(""));
  } finally {
    closeSync(fd);
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The resident processes (LEAKSTOP_RESIDENT=1) whose socket is under `runtimeDir`. */
export function residentPids(runtimeDir: string): number[] {
  const ps = spawnSync("ps", ["-ww", "-eo", "pid=,args="], { encoding: "utf8" }).stdout;
  return ps
    .split("\n")
    .filter((line) => line.includes("resident.cjs") && line.includes(runtimeDir))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** A repository with a GitHub token staged at src/config.ts:1:23. */
export function stagedRepoWithToken(): { repo: string; token: string } {
  const repo = makeRepo();
  const token = fakeGithubToken();
  write(repo, "src/config.ts", `export const token = "${token}";\n`);
  git(repo, "add", "src/config.ts");
  return { repo, token };
}

export function runCli(cwd: string, args: string[], env: Record<string, string> = {}, input?: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(env), encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runJson(cwd: string, args: string[] = ["--staged"], env: Record<string, string> = {}) {
  const r = runCli(cwd, [...args, "--format", "json"], env);
  if (r.status === 2) throw new Error(`leakstop failed: ${r.stderr}`);
  return { status: r.status, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr, stdout: r.stdout };
}

export interface JsonFinding {
  detector: string;
  name: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  redacted: string;
  fingerprint: string;
  commit?: string;
  exposure?: string;
  archiveMember?: string;
  /** The credential's other parts, and the same secret's other places. */
  parts?: JsonFinding[];
}

/** Every place a report names: each finding, then its parts. */
export function placesOf(findings: JsonFinding[]): JsonFinding[] {
  return findings.flatMap((f) => [f, ...(f.parts ?? [])]);
}

export interface JsonReport {
  result: string;
  findings: JsonFinding[];
  suppressed: (JsonFinding & { suppressedBy: string; reason: string })[];
  scanned: { files: number; lines: number; bytes: number; skippedBinary: number; commits?: number };
  notes: string[];
}

/** Installs a pre-commit hook in the repository that runs the built CLI the way hooks/pre-commit does. */
export function installTestHook(dir: string, hook: "pre-commit" | "pre-push"): void {
  const path = join(dir, ".git", "hooks", hook);
  const args = hook === "pre-push" ? ' "$@"' : "";
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" hook ${hook}${args}\n`, { mode: 0o755 });
}

/** A bare remote and a clone of it with one pushed commit on main; leakstop runs as the clone's given hooks. */
export function cloneWithRemote(hooks: ("pre-commit" | "pre-push")[]): { base: string; remote: string; work: string } {
  const base = tempDir();
  const remote = join(base, "remote.git");
  const work = join(base, "work");
  git(base, "init", "-q", "--bare", "-b", "main", remote);
  git(base, "clone", "-q", remote, work);
  git(work, "checkout", "-q", "-b", "main");
  write(work, "README.md", "# app\n");
  git(work, "add", ".");
  git(work, "commit", "-q", "-m", "initial");
  git(work, "push", "-q", "origin", "main");
  for (const hook of hooks) installTestHook(work, hook);
  return { base, remote, work };
}

/** A bare server repository whose pre-receive hook is the built CLI, and an empty clone on main pushing to it over file://. */
export function preReceiveServer(): { remote: string; work: string } {
  const base = tempDir();
  const remote = join(base, "server.git");
  const work = join(base, "work");
  git(base, "init", "-q", "--bare", "-b", "main", remote);
  writeFileSync(join(remote, "hooks", "pre-receive"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" hook pre-receive\n`, { mode: 0o755 });
  git(base, "clone", "-q", `file://${remote}`, work);
  git(work, "checkout", "-q", "-b", "main");
  return { remote, work };
}

/** npm without its network chatter (audit, fund), in `cwd`. */
export const npm = (cwd: string, ...args: string[]) =>
  execFileSync("npm", args, { cwd, env: cleanEnv({ npm_config_audit: "false", npm_config_fund: "false" }), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

let packed: string | undefined;
/** The package as published, packed once: the tests run after the build, so packing needs no prepare script. */
export function packedTarball(): string {
  if (packed) return packed;
  const work = tempDir();
  npm(ROOT, "pack", "--ignore-scripts", "--pack-destination", work);
  return (packed = join(work, readdirSync(work).find((f) => f.endsWith(".tgz"))!));
}

/** A repository that is also an npm project (package.json, node_modules ignored). */
export function freshNpmProject(): string {
  const project = makeRepo();
  write(project, ".gitignore", "node_modules/\n");
  npm(project, "init", "-y");
  return project;
}

/** NODE_OPTIONS that make each node process of a hook log the git commands it starts, one per line. */
export function gitCommandLog(): { env: Record<string, string>; log: string } {
  const dir = tempDir();
  const log = join(dir, "commands.log");
  writeFileSync(log, "");
  const preload = join(dir, "preload.cjs");
  writeFileSync(
    preload,
    `const cp = require("node:child_process");
const note = (args) => require("node:fs").appendFileSync(${JSON.stringify(log)}, args.join(" ") + "\\n");
for (const name of ["spawn", "spawnSync"]) {
  const real = cp[name];
  cp[name] = (command, args, options) => (note(args ?? []), real(command, args, options));
}
`,
  );
  return { env: { NODE_OPTIONS: `--require ${preload}` }, log };
}

export const stagedDiffsRun = (log: string) => readFileSync(log, "utf8").split("\n").filter((c) => / diff --cached /.test(` ${c} `));

/** A repository with leakstop installed as a project dependency, the stub as its pre-commit hook (and commit-msg's, when asked). */
export function stubbedRepo(withCommitMsg = false): string {
  const repo = makeRepo();
  installStubs(repo, ["pre-commit", ...(withCommitMsg ? ["commit-msg" as const] : [])]);
  return repo;
}

/** leakstop as `npm install` puts it in `repo` (node_modules git-ignored), and the given stubs with the Perl client beside them. */
export function installStubs(repo: string, hooks: ("pre-commit" | "commit-msg" | "pre-push")[]): void {
  write(repo, ".gitignore", "node_modules\n");
  git(repo, "add", ".gitignore");
  git(repo, "commit", "-q", "-m", "ignore node_modules");
  write(repo, "node_modules/.bin/.keep", "");
  symlinkSync(CLI, join(repo, "node_modules/.bin/leakstop"));
  for (const file of [...hooks, "leakstop-resident-client.pl"]) copyFileSync(join(ROOT, "hooks", file), join(repo, ".git/hooks", file));
}

/**
 * NODE_OPTIONS that log each node process a run starts, in order: the name of the script it runs (`scripts`) and
 * its arguments after the script, joined by spaces (`args`).
 */
export function nodeRunLog(): { env: Record<string, string>; scripts: () => string[]; args: () => string[] } {
  const dir = tempDir();
  const log = join(dir, "runs.log");
  writeFileSync(log, "");
  writeFileSync(join(dir, "preload.cjs"), `require("node:fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify([require("node:path").basename(process.argv[1] ?? "-"), process.argv.slice(2).join(" ")]) + "\\n");\n`);
  const runs = () => readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as [string, string]);
  return { env: { NODE_OPTIONS: `--require ${join(dir, "preload.cjs")}` }, scripts: () => runs().map(([script]) => script), args: () => runs().map(([, args]) => args) };
}

/** The staged diff exactly as the pre-commit stub pipes it, without its status line. */
export function stagedDiff(repo: string): Buffer {
  return execFileSync("git", [...PINNED, ...STAGED_DIFF], { cwd: repo, env: cleanEnv(), maxBuffer: 1 << 30 });
}

/** The pre-commit hook given `input` as the stub's piped diff, named by `id` (leakstop's own by default). */
export function hookWithStdin(repo: string, input: Buffer | string, id = stagedDiffId(), env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, "hook", "pre-commit", `--diff-on-stdin=${id}`], { cwd: repo, env: cleanEnv(env), encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
