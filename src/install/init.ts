import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { INIT, INIT_HUSKY } from "../model/messages.js";
import { gitSync } from "../source/git/exec.js";

export const HOOKS = ["pre-commit", "pre-push", "commit-msg"] as const;
type Hook = (typeof HOOKS)[number];

const MARKER = "# leakstop-init";
const CHAINED_SUFFIX = ".pre-leakstop";
const STUB_SUFFIX = ".leakstop";
const HOOK_TEMPLATES = new URL("../../hooks/", import.meta.url);
/** The Perl client the stubs hand a check to a resident process with (LEAKSTOP_RESIDENT=1): it sits beside them. */
const RESIDENT_CLIENT = "leakstop-resident-client.pl";

export interface InitResult {
  messages: string[];
}

function repoTop(): string {
  return gitSync(["rev-parse", "--show-toplevel"]).stdout.trim();
}

function hasHuskyDependency(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
    return Boolean(pkg.devDependencies?.husky ?? pkg.dependencies?.husky);
  } catch {
    return false;
  }
}

interface HuskySetup {
  /** Where the user's hook scripts live (never husky's generated `_/`). */
  dir: string;
  /** core.hooksPath already runs husky from `dir`. */
  active: boolean;
}

/**
 * husky 9 sets core.hooksPath to `<dir>/_` (generated, git-ignored) and runs `<dir>/<hook>`; husky 8 set it
 * to `<dir>` itself. A package in a subfolder keeps its own `.husky/` (`cd .. && husky frontend/.husky`).
 */
function findHusky(top: string): HuskySetup | null {
  const hooksPath = gitSync(["config", "core.hooksPath"], { allowFail: true }).stdout.trim().replace(/[\\/]+$/, "");
  if (hooksPath) {
    const configured = resolve(top, hooksPath);
    const generated = basename(configured) === "_" && (existsSync(join(configured, "h")) || existsSync(join(configured, "husky.sh")) || basename(dirname(configured)) === ".husky");
    if (generated) return { dir: dirname(configured), active: true };
    if (basename(configured) === ".husky") return { dir: configured, active: true };
  }
  // Not set up in this clone: the nearest .husky/ or husky dependency from here up to the top.
  for (let dir = resolve(process.cwd()); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".husky")) || hasHuskyDependency(dir)) return { dir: join(dir, ".husky"), active: false };
    if (dir === top || !dir.startsWith(top + sep)) return null;
  }
}

/** Installs leakstop's hooks where this repository runs hooks; running it again changes nothing. */
export function init(uninstall: boolean): InitResult {
  const top = resolve(repoTop());
  const husky = findHusky(top);
  return husky ? initHusky(top, husky, uninstall) : initGitHooks(uninstall);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** A path as one shell word: quoted only when it needs to be. */
const shellWord = (s: string) => (/^[\w./-]+$/.test(s) ? s : shellQuote(s));

/**
 * husky runs hooks from the top with `node_modules/.bin` (relative) on PATH: a package in a subfolder has its
 * own node_modules, so its `.bin` goes first; a workspace's hoisted one at the top is still found after it.
 * Where leakstop is in the package's node_modules, the line runs its stub (hooks/), as a plain git install
 * does: git's diff runs while node starts, and with LEAKSTOP_RESIDENT=1 Perl can hand the commit over.
 * Otherwise (installed globally, run through npx, Yarn Plug'n'Play) it runs `leakstop` from the PATH.
 */
function huskyLine(hook: Hook, packageDir: string): string {
  const args = hook === "pre-commit" ? "" : ' "$@"';
  const path = packageDir === "" ? "" : `PATH=${shellQuote(`${packageDir}/node_modules/.bin`)}:"$PATH" `;
  const stub = shellWord(`${packageDir === "" ? "" : `${packageDir}/`}node_modules/leakstop/hooks/${hook}`);
  return `if [ -f ${stub} ]; then ${path}sh ${stub}${args}; else ${path}leakstop hook ${hook}${args}; fi ${MARKER}`;
}

const shown = (top: string, path: string) => relative(top, path).split(sep).join("/");

function initHusky(top: string, husky: HuskySetup, uninstall: boolean): InitResult {
  const messages: string[] = [];
  const packageDir = shown(top, dirname(husky.dir));
  if (!uninstall && !existsSync(husky.dir)) {
    mkdirSync(husky.dir, { recursive: true });
    messages.push(INIT_HUSKY.createdDir(`${shown(top, husky.dir)}/`));
  }
  for (const hook of HOOKS) {
    const path = join(husky.dir, hook);
    const rel = shown(top, path);
    const line = huskyLine(hook, packageDir);
    const existing = existsSync(path) ? readFileSync(path, "utf8") : null;
    const lines = existing === null ? [] : existing.split("\n");
    const ours = lines.filter((l) => l.includes(MARKER));
    if (uninstall) {
      if (!ours.length) continue;
      const rest = lines.filter((l) => !l.includes(MARKER));
      if (rest.join("").trim() === "") {
        rmSync(path);
        messages.push(INIT.removed(rel));
      } else {
        writeFileSync(path, rest.join("\n"));
        messages.push(INIT.removedLine(rel));
      }
      continue;
    }
    // A file saved with CRLF line ends keeps them.
    if (ours.length === 1 && ours[0].replace(/\r$/, "") === line) {
      messages.push(INIT.alreadyRuns(rel));
      continue;
    }
    if (ours.length) {
      // A line from another version of leakstop becomes this version's, where the first one was.
      const first = lines.findIndex((l) => l.includes(MARKER));
      const updated = lines.filter((l, i) => i === first || !l.includes(MARKER));
      updated[first] = line + (updated[first].endsWith("\r") ? "\r" : "");
      writeFileSync(path, updated.join("\n"));
      messages.push(INIT.updatedLine(rel));
      continue;
    }
    // First, so that leakstop reads git's stdin before any other command of the hook can consume it.
    const at = lines[0]?.startsWith("#!") ? 1 : 0;
    lines.splice(at, 0, line);
    writeFileSync(path, existing === null ? `${line}\n` : lines.join("\n"), { mode: 0o755 });
    messages.push(existing === null ? INIT.created(rel) : INIT.addedBefore(rel));
  }
  if (!uninstall && !husky.active) messages.push(packageDir === "" ? INIT.huskyInactive : INIT_HUSKY.inactiveIn(packageDir, shown(top, husky.dir)));
  return { messages };
}

/** Where git runs hooks from: honours core.hooksPath (relative to the work tree) and worktrees. */
function hooksDir(): string {
  const dir = resolve(gitSync(["rev-parse", "--path-format=absolute", "--git-path", "hooks"]).stdout.trim());
  mkdirSync(dir, { recursive: true });
  return dir;
}

function initGitHooks(uninstall: boolean): InitResult {
  const messages: string[] = [];
  const dir = hooksDir();
  for (const hook of HOOKS) {
    const path = join(dir, hook);
    const chained = path + CHAINED_SUFFIX;
    const existing = existsSync(path) ? readFileSync(path, "utf8") : null;
    const isOurs = existing?.includes(MARKER) ?? false;
    if (uninstall) {
      if (!isOurs) continue;
      rmSync(path);
      rmSync(path + STUB_SUFFIX, { force: true });
      if (existsSync(chained)) {
        renameSync(chained, path);
        messages.push(INIT.restoredPrevious(hook, path));
      } else {
        messages.push(INIT.removed(path));
      }
      continue;
    }
    if (isOurs) {
      // A stub from another version of leakstop is replaced by this version's (the stubs change with the CLI).
      const stub = existsSync(chained) ? path + STUB_SUFFIX : path;
      if (existsSync(stub) && readFileSync(stub, "utf8") !== standaloneHook(hook)) {
        writeHook(stub, standaloneHook(hook));
        messages.push(INIT.updated(stub));
      } else messages.push(INIT.alreadyRuns(path));
      continue;
    }
    if (existing !== null) {
      renameSync(path, chained);
      writeHook(path + STUB_SUFFIX, standaloneHook(hook));
      writeHook(path, chainedHook(hook));
      messages.push(INIT.installedChained(path, hook, `${hook}${CHAINED_SUFFIX}`));
    } else {
      writeHook(path, standaloneHook(hook));
      messages.push(INIT.installed(path));
    }
  }
  messages.push(...placeResidentClient(join(dir, RESIDENT_CLIENT), uninstall));
  return { messages };
}

/** The stubs' Perl client beside them, as this version ships it; removed with them. */
function placeResidentClient(path: string, uninstall: boolean): string[] {
  const existing = existsSync(path) ? readFileSync(path, "utf8") : null;
  if (uninstall) {
    if (existing === null) return [];
    rmSync(path);
    return [INIT.removed(path)];
  }
  const shipped = readFileSync(new URL(RESIDENT_CLIENT, HOOK_TEMPLATES), "utf8");
  if (existing === shipped) return [];
  writeFileSync(path, shipped);
  return [existing === null ? INIT.installed(path) : INIT.updatedCopy(path)];
}

function writeHook(path: string, content: string): void {
  writeFileSync(path, content);
  chmodSync(path, 0o755);
}

function template(hook: Hook): string {
  return readFileSync(new URL(hook, HOOK_TEMPLATES), "utf8");
}

function standaloneHook(hook: Hook): string {
  return template(hook).replace(/^#!\/bin\/sh\n/, `#!/bin/sh\n${MARKER}: installed by \`leakstop init\`; \`leakstop init --uninstall\` removes it.\n`);
}

/** Runs leakstop's stub, then the hook that was there before, each with the same arguments and stdin. */
function chainedHook(hook: Hook): string {
  return `#!/bin/sh
${MARKER}: installed by \`leakstop init\`; \`leakstop init --uninstall\` puts the previous hook back.
# Runs leakstop first, then the previous hook (${hook}${CHAINED_SUFFIX}) with the same arguments and input.
here=$(dirname "$0")
input=$(cat)
printf '%s\\n' "$input" | sh "$here/${hook}${STUB_SUFFIX}" "$@" || exit $?
printf '%s\\n' "$input" | exec "$here/${hook}${CHAINED_SUFFIX}" "$@"
`;
}
