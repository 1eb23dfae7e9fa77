import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { existsSync } from "node:fs";
import { configLinkDangling, invalidJson, twoConfigs, unreadConfigFile } from "../model/messages.js";
import { isLink, readRegularFile } from "../source/files.js";
import { CONFIG_FILE } from "./defaults.js";
import { DEFAULT_SETTINGS, type Settings } from "./settings.js";

export { ConfigError };

export interface LoadedConfig {
  settings: Settings;
  /** Where the settings came from, for messages; null when defaults apply. */
  source: string | null;
}

export const CONFIG_MAX_BYTES = 1024 * 1024;

/** A config-like file's text, or null when it does not exist; anything else wrong with it is a ConfigError. */
export function readConfigText(path: string, name: string, maxBytes = CONFIG_MAX_BYTES): string | null {
  const read = readRegularFile(path, name, maxBytes);
  if ("text" in read) return read.text;
  // A link to nothing is a config the user meant to have: read as none, its rules would be gone without a word.
  if (read.kind === "missing" && isLink(path)) throw new ConfigError(configLinkDangling(name));
  if (read.kind === "missing") return null;
  throw new ConfigError(read.message);
}

/**
 * Where the first syntax error is: JSON.parse does not always say (and when it does not, it quotes the input
 * instead, which may hold a secret). Returns -1 when the text nests too deep to walk.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail();
      if (c !== 92) {
        i++;
        continue;
      }
      i++; // the escaped character
      if (text[i] === "u") {
        for (let k = 0; k < 4; k++) {
          i++;
          if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail();
        }
        i++;
      } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i])) i++;
      else fail();
    }
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      space();
      if (text[i] === close) return void i++;
      for (;;) {
        space();
        if (c === "{") {
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ":") fail();
          i++;
        }
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    for (const word of ["true", "false", "null"]) if (text.startsWith(word, i)) return void (i += word.length);
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) return void (i = NUMBER.lastIndex);
    fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (err) {
    if (typeof err === "number") return err;
    return -1; // too deep for the stack
  }
}

/** What the parser objected to, without the piece of input V8 quotes (`Unexpected token 'g', "{"a": g…" is not valid JSON`). */
function syntaxProblem(message: string): string {
  let what = message.split("\n")[0].replace(/ in JSON at position \d+.*$/, "");
  if (/^Unexpected token\b/.test(what)) what = "Unexpected token";
  else if (/^Bad (control|escaped) character/.test(what)) what = what.replace(/ in string literal.*$| in JSON.*$/, "");
  const quoted = what.search(/,? *(?:\.\.\.)?"/);
  if (quoted >= 0) what = what.slice(0, quoted);
  return what.charAt(0).toLowerCase() + what.slice(1);
}

/** Parses JSON, turning the parser's complaint into a line and column the user can go to. */
export function parseJsonFile(text: string, file: string): unknown {
  // A byte order mark, as some Windows editors write one, is no syntax error.
  if (text.startsWith("\ufeff")) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    let offset = jsonErrorOffset(text);
    if (offset < 0) {
      const pos = /position (\d+)/.exec(message);
      offset = pos ? Number(pos[1]) : -1;
    }
    let where: string | undefined;
    if (offset >= 0) {
      const before = text.slice(0, offset).split("\n");
      where = `line ${before.length} column ${before[before.length - 1].length + 1}`;
    }
    throw new ConfigError(invalidJson(file, where, syntaxProblem(message)));
  }
}

// Names other tools' conventions suggest: a rule written there would otherwise be ignored without a word.
const UNREAD_CONFIG_FILES = [".leakstop.yaml", ".leakstop.yml", ".leakstoprc", ".leakstoprc.json", "leakstop.config.js"];

/** One line on stderr (stdout may be JSON) per config file leakstop does not read. */
function warnUnreadConfigFiles(top: string): void {
  for (const name of UNREAD_CONFIG_FILES) if (existsSync(join(top, name))) process.stderr.write(unreadConfigFile(name, CONFIG_FILE) + "\n");
}

/** Reads `.leakstop.json`, or the `leakstop` key of package.json, at the top of the work tree. */
export async function loadConfig(top: string): Promise<LoadedConfig> {
  warnUnreadConfigFiles(top);
  let raw: unknown;
  let source: string | null = null;
  const own = readConfigText(join(top, CONFIG_FILE), CONFIG_FILE);
  if (own !== null) {
    raw = parseJsonFile(own, CONFIG_FILE);
    source = CONFIG_FILE;
  }
  const pkgText = readConfigText(join(top, "package.json"), "package.json");
  if (pkgText !== null) {
    const pkg = parseJsonFile(pkgText, "package.json") as Record<string, unknown> | null;
    if (pkg && typeof pkg === "object" && "leakstop" in pkg) {
      if (source) throw new ConfigError(twoConfigs(CONFIG_FILE));
      raw = pkg.leakstop;
      source = "package.json#leakstop";
    }
  }
  if (source === null) return { settings: DEFAULT_SETTINGS, source: null };
  const { validateConfig } = await import("./validateConfig.js");
  return { settings: validateConfig(raw, source), source };
}
