import { basename, extname } from "node:path";
import type { Line } from "../model/index.js";
import { ConfigError } from "../errors.js";
import { foreignMarkerReason, NO_REASON_GIVEN, unknownInlineDetector } from "../model/messages.js";
import { nearest } from "../util/nearest.js";

export interface InlineAllow {
  marker: string;
  /** Only this detector is allowed, when the marker names one. */
  detector?: string;
  reason: string;
}

/** How a language writes comments and strings, to tell a marker in a comment from one in a string or URL. */
interface Syntax {
  line: readonly string[];
  block: readonly (readonly [open: string, close: string])[];
  quotes: string;
  /** ` * text` continues a block comment. */
  starLines?: boolean;
  /** Openers count only at the start of the line or after whitespace. */
  strict?: boolean;
}

const C_LIKE: Syntax = { line: ["//"], block: [["/*", "*/"]], quotes: "\"'`", starLines: true };
const HASH: Syntax = { line: ["#"], block: [], quotes: "\"'" };
const SYNTAXES: Record<string, Syntax> = {
  c: C_LIKE,
  hash: HASH,
  sql: { line: ["--", "#"], block: [["/*", "*/"]], quotes: "\"'`" },
  markup: { line: [], block: [["<!--", "-->"]], quotes: '"' },
  markdown: { line: [], block: [["<!--", "-->"]], quotes: "" },
  component: { line: ["//"], block: [["/*", "*/"], ["<!--", "-->"]], quotes: "\"'`", starLines: true },
  css: { line: [], block: [["/*", "*/"]], quotes: "\"'", starLines: true },
  php: { line: ["//", "#"], block: [["/*", "*/"]], quotes: "\"'`", starLines: true },
  hcl: { line: ["#", "//"], block: [["/*", "*/"]], quotes: '"', starLines: true },
  ini: { line: [";", "#"], block: [], quotes: '"' },
  lisp: { line: [";"], block: [], quotes: '"' },
  percent: { line: ["%"], block: [], quotes: "" },
  batch: { line: ["REM ", "rem ", "@REM ", "@rem ", "::"], block: [], quotes: '"' },
  dashes: { line: ["--"], block: [["{-", "-}"]], quotes: "\"'" },
  basic: { line: ["'", "REM "], block: [], quotes: '"' },
  none: { line: [], block: [], quotes: "\"'" },
};
// For a file whose language is not known: the common openers, after whitespace or at the start of the line.
const UNKNOWN: Syntax = { line: ["//", "#", "--", ";"], block: [["/*", "*/"], ["<!--", "-->"]], quotes: "\"'`", starLines: true, strict: true };

const EXTENSIONS: Record<string, string[]> = {
  c: ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "java", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "go", "rs", "swift", "kt", "kts", "scala", "dart", "groovy", "gradle", "proto", "sol", "m", "mm", "jsonc", "json5", "zig", "scss", "less", "sass"],
  hash: ["py", "pyi", "rb", "sh", "bash", "zsh", "fish", "ksh", "yaml", "yml", "toml", "pl", "pm", "r", "cfg", "conf", "properties", "nix", "cmake", "ps1", "psm1", "mk", "cr", "ex", "exs", "jl", "coffee", "nim", "tcl", "awk", "pp", "rake", "gemspec", "env", "gitignore", "dockerignore"],
  sql: ["sql"],
  markup: ["html", "htm", "xhtml", "xml", "svg", "jsp", "xsl", "plist"],
  markdown: ["md", "markdown", "mdx"],
  component: ["vue", "svelte", "astro"],
  css: ["css"],
  php: ["php"],
  hcl: ["tf", "tfvars", "hcl"],
  ini: ["ini", "npmrc", "editorconfig", "gitconfig"],
  lisp: ["lisp", "clj", "cljs", "cljc", "edn", "el", "scm", "rkt", "asm", "s"],
  percent: ["tex", "sty", "cls", "erl", "hrl"],
  batch: ["bat", "cmd"],
  dashes: ["lua", "hs", "elm", "ada", "adb", "ads"],
  basic: ["vb", "vbs", "bas"],
  // JSON has no comments: a marker there is inside a string.
  none: ["json"],
};
const BY_EXTENSION = new Map(Object.entries(EXTENSIONS).flatMap(([syntax, exts]) => exts.map((e) => [e, SYNTAXES[syntax]] as const)));
const HASH_FILES = new Set(["dockerfile", "makefile", "gemfile", "rakefile", "vagrantfile", "procfile", "containerfile", "brewfile"]);

function syntaxOf(path: string): Syntax {
  const name = basename(path).toLowerCase();
  if (HASH_FILES.has(name) || name === ".env" || name.startsWith(".env.")) return HASH;
  const ext = extname(name).slice(1) || (name.startsWith(".") ? name.slice(1) : "");
  return BY_EXTENSION.get(ext) ?? UNKNOWN;
}

/** An opener counts at the start of the line or after a space or closing punctuation, never inside `https://`. */
const openerMayFollow = (c: string | undefined, strict = false) => c === undefined || (strict ? /\s/ : /[\s;,)}\]>"'`]/).test(c);

/**
 * Where the comment holding position `at` starts its text, and the text that closes it on this line if it is a
 * block comment; undefined when `at` is code or inside a quoted string.
 */
function commentAround(text: string, at: number, syntax: Syntax): { close?: string } | undefined {
  if (syntax.starLines && /^\s*\*(?!\/)/.test(text) && text.indexOf("*") < at) return { close: "*/" };
  let quote: string | undefined;
  for (let i = 0; i < at; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    // An apostrophe inside a word (don't) opens nothing.
    if (syntax.quotes.includes(c) && !(c === "'" && /\w/.test(text[i - 1] ?? ""))) {
      quote = c;
      continue;
    }
    if (!openerMayFollow(text[i - 1], syntax.strict)) continue;
    if (syntax.line.some((open) => text.startsWith(open, i))) return {};
    const block = syntax.block.find(([open]) => text.startsWith(open, i));
    if (block) {
      const end = text.indexOf(block[1], i + block[0].length);
      if (end < 0 || end >= at) return { close: block[1] };
      i = end + block[1].length - 1; // a comment closed before the marker: code goes on
    }
  }
  return undefined;
}

/** Every position of `needle` (already lowercase) in the line, in any case. */
function positionsOf(lower: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) out.push(at);
  return out;
}

const LEAKSTOP = "leakstop:allow";
const PRAGMA = /pragma:\s*allowlist[ -](?:nextline[ -])?secret/gi;
const COMMENT_END = /\s*(\*\/|-->|%>|#}|\*\)|"""|''')\s*$/;
// Detector ids are kebab-case; a first word shaped like one is meant as an id, not as the start of a reason.
const ID_SHAPED = /^[a-z0-9]+(?:-[a-z0-9]+)+$/i;

interface LineContext {
  path: string;
  line: Line;
  syntax: Syntax;
  knownIds: ReadonlySet<string>;
}

function parseLeakstop(ctx: LineContext): (InlineAllow & { at: number }) | undefined {
  const { text } = ctx.line;
  for (const at of positionsOf(text.toLowerCase(), LEAKSTOP)) {
    const comment = commentAround(text, at, ctx.syntax);
    if (!comment) continue;
    let rest = text.slice(at + LEAKSTOP.length);
    if (comment.close) {
      const end = rest.indexOf(comment.close);
      if (end >= 0) rest = rest.slice(0, end);
    }
    rest = rest.replace(COMMENT_END, "").trim();
    // Whole: cut before the secrets in it are masked, a secret across the cut would stay unmasked (Gathering masks, then cuts).
    const reasonOf = (s: string) => s.replace(/^[:\-\u2013\u2014]\s*/, "") || NO_REASON_GIVEN;
    if (rest.startsWith(":")) return { marker: LEAKSTOP, reason: reasonOf(rest), at };
    const [first, ...words] = rest.split(/\s+/);
    if (first && ctx.knownIds.has(first)) return { marker: LEAKSTOP, detector: first, reason: reasonOf(words.join(" ")), at };
    if (first && ID_SHAPED.test(first)) {
      const where = `${ctx.path}:${ctx.line.number}`;
      throw new ConfigError(unknownInlineDetector(where, first, nearest(first, [...ctx.knownIds])));
    }
    return { marker: LEAKSTOP, reason: reasonOf(rest), at };
  }
  return undefined;
}

// Markers users migrating from other tools already have in their code.
function foreignMarker(ctx: LineContext): { marker: string; at: number } | undefined {
  const { text } = ctx.line;
  const lower = text.toLowerCase();
  const gitleaks = positionsOf(lower, "gitleaks:allow").find((at) => commentAround(text, at, ctx.syntax));
  if (gitleaks !== undefined) return { marker: "gitleaks:allow", at: gitleaks };
  for (const m of lower.includes("allowlist") ? text.matchAll(PRAGMA) : []) {
    if (commentAround(text, m.index, ctx.syntax)) return { marker: "pragma: allowlist secret", at: m.index };
  }
  return undefined;
}

/**
 * An allow marker on the finding's line or the line above it, if there is one that covers this detector. A
 * marker counts only inside a comment of the file's language, never inside a string or a URL. On the finding's
 * own line it covers what comes before it: a value pasted into its reason (`leakstop:allow old key was …`) is
 * not allowed by it. `column` is the finding's (1-based).
 */
export function inlineAllowFor(
  lines: readonly Line[],
  lineIndex: number,
  detectorId: string,
  knownIds: ReadonlySet<string>,
  path = "",
  column = 1,
): InlineAllow | undefined {
  const candidates = [lines[lineIndex]];
  const above = lines[lineIndex - 1];
  if (above && above.number === lines[lineIndex].number - 1) candidates.push(above);
  const syntax = syntaxOf(path);
  for (const line of candidates) {
    const ctx = { path, line, syntax, knownIds };
    // The finding's place on the line, against the marker's comment: before it, or after a block comment closes.
    const covers = (at: number) => {
      const close = commentAround(line.text, at, syntax)?.close;
      const end = close ? line.text.indexOf(close, at) : -1;
      // The line above: unless its block comment goes on, and the finding's line is still inside it.
      if (line !== lines[lineIndex]) return !close || end >= 0;
      const place = column - 1 - (line.offset ?? 0);
      return place < at || (end >= 0 && place >= end + close!.length);
    };
    const own = parseLeakstop(ctx);
    if (own && (!own.detector || own.detector === detectorId) && covers(own.at)) return { marker: own.marker, ...(own.detector ? { detector: own.detector } : {}), reason: own.reason };
    const foreign = foreignMarker(ctx);
    if (foreign && covers(foreign.at)) return { marker: foreign.marker, reason: foreignMarkerReason(foreign.marker) };
  }
  return undefined;
}
