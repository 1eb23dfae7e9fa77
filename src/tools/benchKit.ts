// What the benchmarks share: generated repositories, timing, and running the built CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { seededRandom } from "./samples.js";
import type { Change } from "../model/index.js";

export const CLI = fileURLToPath(new URL("../cli/main.cjs", import.meta.url));
export const random = seededRandom(20261125);
export const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@localhost",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@localhost",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
};

export const git = (cwd: string, args: string[], input?: string | Buffer) =>
  execFileSync("git", args, { cwd, env, input, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "pipe"] }).toString();

/** Git's own time for a command, its output thrown away: the floor, not the bench's cost of keeping 100 MB of it. */
export function gitOwn(cwd: string, args: string[]): void {
  const r = spawnSync("git", args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`git ${args[0]} failed in ${cwd}: ${r.stderr}`);
}

export const WORDS = ["user", "config", "value", "request", "handler", "token", "options", "result", "key", "cache", "session", "item", "render", "password", "client", "index", "state", "error"];
export const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
export const ident = () => pick(WORDS) + pick(WORDS).replace(/^./, (c) => c.toUpperCase()) + Math.floor(random() * 100);
export const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(random() * 16)]).join("");

/** Code-like text: identifiers, strings, secret-ish names with harmless values, hashes, long minified lines. */
export function codeLine(): string {
  switch (Math.floor(random() * 10)) {
    case 0: return `  const ${ident()} = await ${ident()}(options.${ident()}, "${pick(WORDS)}-${pick(WORDS)}");`;
    case 1: return `  if (!${ident()}.${ident()}) throw new Error("missing ${pick(WORDS)} in ${pick(WORDS)}");`;
    case 2: return `  headers["Authorization"] = \`Bearer \${process.env.API_TOKEN}\`; // ${pick(WORDS)}`;
    case 3: return `    "integrity": "sha512-${Buffer.from(hex(64), "hex").toString("base64")}",`;
    case 4: return `  ${ident()}: ${Math.floor(random() * 1e6)}, ${ident()}: "${hex(40)}",`;
    case 5: return `// ${Array.from({ length: 10 }, () => pick(WORDS)).join(" ")}`;
    case 6: return `  return ${ident()}.map((${pick(WORDS)}) => ${pick(WORDS)}.${ident()}).filter(Boolean);`;
    case 7: return `  password: config.get("${pick(WORDS)}.password"), secret: readSecret("${pick(WORDS)}"),`;
    case 8: return `export function ${ident()}(${ident()}, ${ident()}) {`;
    default: return "}";
  }
}

export function codeText(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const l = codeLine();
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join("\n") + "\n";
}

export function minifiedLine(bytes: number): string {
  let out = "";
  while (out.length < bytes) out += `var ${ident()}=function(a,b){return a.${ident()}(b,"${pick(WORDS)}")||{key:"${hex(8)}",token:null}};`;
  return out + "\n";
}

/** A repository with `files` committed files, built with fast-import so that large ones take seconds. */
export function makeRepo(root: string, name: string, files: number): string {
  const dir = join(root, name);
  mkdirSync(dir);
  git(dir, ["init", "-q", "-b", "main"]);
  const chunks: string[] = ["commit refs/heads/main", "committer Bench <bench@localhost> 1700000000 +0000", "data 4", "base"];
  for (let i = 0; i < files; i++) {
    const content = `// file ${i}\n${codeLine()}\n${codeLine()}\n`;
    chunks.push(`M 100644 inline src/d${i % 100}/f${i}.js`, `data ${Buffer.byteLength(content)}`, content);
  }
  git(dir, ["fast-import", "--quiet"], chunks.join("\n") + "\n");
  git(dir, ["read-tree", "main"]);
  return dir;
}

export function stage(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, ["add", "--", ...Object.keys(files)]);
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function elapsedMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median of `runs` timed calls, after one untimed call that warms caches. */
export function timeRuns(runs: number, fn: () => void): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(elapsedMs(fn));
  return median(times);
}

/**
 * Medians of two commands timed in turn (a b a b ...), after one untimed call of each (and `beforeA`, untimed,
 * before each timed a: waiting for something a left to settle). Forking from this bench
 * costs more as it holds more memory (500 MB of Buffers added 12-17 ms to `node -e 0`), so a start-up cost is
 * only compared with a floor timed beside it.
 */
export function timePaired(runs: number, a: () => void, b: () => void, beforeA?: () => void): [number, number] {
  a();
  b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    beforeA?.();
    as.push(elapsedMs(a));
    bs.push(elapsedMs(b));
  }
  return [median(as), median(bs)];
}

export const changeBytes = (c: Change) => c.lines.reduce((n, l) => n + Buffer.byteLength(l.text) + 1, 0);

export function leakstop(dir: string, args: string[], input?: string, withEnv: NodeJS.ProcessEnv = env): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: withEnv, input, maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`leakstop failed in ${dir}: ${r.stderr}`);
}

// Git's own processes (a diff of a 300 MB file takes over 400 MB) must not count: leakstop reports its own peak.
// On Linux that is VmHWM, the peak of the process's own memory map. getrusage's maxRSS also keeps the peak of
// the forked copy of this bench from before exec: with 500 MB of Buffers held here, a 58 MB run read as 481 MB.
const PEAK_REPORTER = `process.on("exit", () => {
  let kb = process.resourceUsage().maxRSS;
  try { kb = Number(/VmHWM:\\s*(\\d+)/.exec(require("fs").readFileSync("/proc/self/status", "utf8"))[1]); } catch {}
  process.stderr.write("\\nleakstop-peak-rss-kb " + kb + "\\n");
});
`;
let peakPreload: string | undefined;
function peakReporter(): string {
  if (peakPreload) return peakPreload;
  const dir = mkdtempSync(join(tmpdir(), "leakstop-peak-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  peakPreload = join(dir, "peak.cjs");
  writeFileSync(peakPreload, PEAK_REPORTER);
  return peakPreload;
}

/** Peak RSS in MB of the leakstop process itself (not of the git processes it runs). */
export function peakRssMb(dir: string, args: string[], input?: string): number | null {
  const r = spawnSync(process.execPath, ["--require", peakReporter(), CLI, ...args], { cwd: dir, env, input, maxBuffer: 1 << 30 });
  const kb = Number(/leakstop-peak-rss-kb (\d+)/.exec(r.stderr.toString())?.[1]);
  return Number.isFinite(kb) && kb > 0 ? kb / 1024 : null;
}


export function printTable(header: string[], body: string[][]): void {
  const table = [header, ...body];
  const width = header.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length)));
  for (const r of table) console.log(r.map((cell, c) => (cell ?? "").padEnd(width[c])).join("  ").trimEnd());
}
