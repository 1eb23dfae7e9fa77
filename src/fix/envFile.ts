import { appendFileSync, existsSync, lstatSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isLink } from "../source/files.js";
import { gitSync } from "../source/git/exec.js";
import { rx } from "./codePattern.js";

export const ENV_FILE = ".env";

/** The values already in the repository's .env, by name (quotes removed). */
export function readEnvFile(top: string): Map<string, string> {
  const values = new Map<string, string>();
  const path = join(top, ENV_FILE);
  if (!existsSync(path)) return values;
  for (const raw of readFileSync(path, "utf8").split(/\r?\n/)) {
    const m = rx(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/).exec(raw);
    if (!m) continue;
    const v = m[2];
    const quoted = v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]);
    values.set(m[1], quoted ? v.slice(1, -1) : v);
  }
  return values;
}

/** Values a dotenv reader takes as they are; anything else is single-quoted, and a value with a quote cannot be written safely. */
export function envLine(name: string, value: string): string | null {
  if (/^[A-Za-z0-9_\-.+/=:@~%,]+$/.test(value)) return `${name}=${value}`;
  if (/['\n\r]/.test(value)) return null;
  return `${name}='${value}'`;
}

/** Appends lines to .env, starting on a new line; creates the file (readable by its owner only) if missing. */
export function appendEnvLines(top: string, lines: string[]): void {
  const path = join(top, ENV_FILE);
  if (!existsSync(path)) {
    writeFileSync(path, lines.join("\n") + "\n", { mode: 0o600 });
    return;
  }
  const current = readFileSync(path, "utf8");
  appendFileSync(path, (current === "" || current.endsWith("\n") ? "" : "\n") + lines.join("\n") + "\n");
}

/** No .env yet, or a regular file: a link would take the values to the file it points to (a tracked one, say). */
export function isEnvWritable(top: string): boolean {
  const path = join(top, ENV_FILE);
  return existsSync(path) ? lstatSync(path).isFile() : !isLink(path);
}

export function isEnvTracked(top: string): boolean {
  return gitSync(["--literal-pathspecs", "ls-files", "--cached", "--", ENV_FILE], { cwd: top }).stdout.trim() !== "";
}

export function isEnvIgnored(top: string): boolean {
  return gitSync(["check-ignore", "-q", "--no-index", "--", ENV_FILE], { cwd: top, allowFail: true }).status === 0;
}

const IGNORE_LINE = `/${ENV_FILE}\n`;
const withLine = (text: string) => text + (text === "" || text.endsWith("\n") ? "" : "\n") + IGNORE_LINE;

/**
 * Adds `.env` to .gitignore in the working tree and in the index. Only that line is staged: other unstaged
 * edits of .gitignore stay unstaged.
 */
export function ignoreEnvFile(top: string): void {
  const path = join(top, ".gitignore");
  const inTree = existsSync(path) ? readFileSync(path, "utf8") : "";
  const entry = gitSync(["--literal-pathspecs", "ls-files", "-s", "--", ".gitignore"], { cwd: top }).stdout;
  const inIndex = entry ? gitSync(["cat-file", "blob", entry.split(/\s+/)[1]], { cwd: top }).stdout : null;
  writeFileSync(path, withLine(inTree));
  if (inIndex === null || inIndex === inTree) {
    gitSync(["--literal-pathspecs", "add", "--", ".gitignore"], { cwd: top });
    return;
  }
  const blob = gitSync(["hash-object", "-w", "--stdin"], { cwd: top, input: withLine(inIndex) }).stdout.trim();
  gitSync(["update-index", "--cacheinfo", `${entry.split(/\s+/)[0]},${blob},.gitignore`], { cwd: top });
}
