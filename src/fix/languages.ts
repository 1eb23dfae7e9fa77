import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { FIX_REFUSED } from "../model/messages.js";
import { rx } from "./codePattern.js";

/** How one language reads an environment variable, and what it can and cannot take in place of a literal. */
export interface Language {
  name: string;
  /** Quote characters that open and close a plain string literal. */
  quotes: string;
  /** Unquoted words are values too (shell, Dockerfile, YAML). */
  bare?: boolean;
  /** Line comment starters, outside strings. */
  lineComments: string[];
  /** Block comments (`/*`) can hide a literal. */
  blockComments?: boolean;
  /** Delimiters of strings that may span lines: a literal after an odd number of them is inside one. */
  multiLine: string[];
  /** How a heredoc opens (`<<EOF`), its group the terminator: lines until it are not code. */
  heredoc?: RegExp;
  /** A literal followed by `:` is a key (`{ "k": 1 }`), which an expression cannot be. */
  keysByColon?: boolean;
  /** Characters that, just before the opening quote, change what the literal means (r"", b"", @"", $""). */
  prefixes?: RegExp;
  /** The expression (or quoted text) that replaces the whole literal `literal` on `line`; a string reason to refuse. */
  expression(name: string, at: LiteralAt): string | { refuse: string };
  /** Why this line cannot read a variable at run time (a constant, a default), or null. */
  constantContext?(lines: string[], index: number, at: LiteralAt): string | null;
  /** Lines to add so the expression works (an import, a declaration), and where; none when already there. */
  support?(lines: string[], name: string, index: number, path: string, top: string): Insertion | null;
  /** The name written to .env, when it differs from the variable's (Terraform's TF_VAR_ prefix). */
  envKey?(name: string): string;
}

export interface LiteralAt {
  line: string;
  /** The whole literal, quotes included: [start, end) of the line. */
  start: number;
  end: number;
  quoted: boolean;
}

export interface Insertion {
  /** Insert before this 0-based line (lines.length: at the end). */
  before: number;
  lines: string[];
  /** Identifies the insertion so the same one is made once per file. */
  key: string;
}

const C_LIKE = { lineComments: ["//"], blockComments: true };

// The literal's line up to it, and after it: enough to recognise the few contexts a rewrite cannot keep.
const before = (at: LiteralAt) => at.line.slice(0, at.start);
const after = (at: LiteralAt) => at.line.slice(at.end);

/** Inside `const ( … )` or on a `const` line (Go). */
function inGoConstBlock(lines: string[], index: number): boolean {
  if (rx(/^\s*const\b/).test(lines[index])) return true;
  for (let i = index - 1; i >= 0; i--) {
    if (rx(/^\s*\)/).test(lines[i])) return false;
    if (rx(/^\s*const\s*\(/).test(lines[i])) return true;
    if (rx(/^\s*(func|var|type|import)\b/).test(lines[i])) return false;
  }
  return false;
}


const JS: Language = {
  name: "JavaScript/TypeScript",
  quotes: `"'\``,
  keysByColon: true,
  ...C_LIKE,
  multiLine: ["`"],
  expression: (name) => `process.env.${name}`,
};

const PYTHON: Language = {
  name: "Python",
  quotes: `"'`,
  lineComments: ["#"],
  multiLine: [`"""`, "'''"],
  prefixes: /[A-Za-z]$/,
  expression: (name) => `os.environ["${name}"]`,
  support(lines) {
    if (lines.some((l) => rx(/^import\s+(?:[\w.]+\s*,\s*)*os\s*(?:,|#|$)/).test(l))) return null;
    return { before: pythonImportLine(lines), lines: ["import os"], key: "import os" };
  },
};

/** After a shebang, leading comments, the module docstring and `from __future__` imports. */
function pythonImportLine(lines: string[]): number {
  let i = 0;
  while (i < lines.length && (rx(/^\s*(#.*)?$/).test(lines[i]))) i++;
  const doc = rx(/^[rRuU]?("""|''')/).exec(lines[i] ?? "");
  if (doc) {
    const rest = lines[i].slice(doc[0].length);
    if (!rest.includes(doc[1])) {
      i++;
      while (i < lines.length && !lines[i].includes(doc[1])) i++;
    }
    i++;
  }
  let last = -1;
  for (let j = i; j < lines.length; j++) if (rx(/^from\s+__future__\s+import\b/).test(lines[j])) last = j;
  return last >= 0 ? last + 1 : i;
}

const GO: Language = {
  name: "Go",
  quotes: `"\``,
  ...C_LIKE,
  multiLine: ["`"],
  expression: (name) => `os.Getenv("${name}")`,
  constantContext: (lines, index) => (inGoConstBlock(lines, index) ? FIX_REFUSED.constant : null),
  support(lines) {
    if (lines.some((l) => rx(/^\s*(import\s+)?(\w+\s+)?"os"\s*$/).test(l))) return null;
    const block = lines.findIndex((l) => rx(/^import\s*\(/).test(l));
    if (block >= 0) return { before: block + 1, lines: ['\t"os"'], key: "import os" };
    const single = lines.findIndex((l) => rx(/^import\s+"/).test(l));
    if (single >= 0) return { before: single + 1, lines: ['import "os"'], key: "import os" };
    const pkg = lines.findIndex((l) => rx(/^package\s+\w+/).test(l));
    return { before: pkg + 1, lines: ["", 'import "os"'], key: "import os" };
  },
};

const JAVA: Language = {
  name: "Java/Kotlin",
  quotes: `"`,
  ...C_LIKE,
  multiLine: [`"""`],
  expression: (name) => `System.getenv("${name}")`,
  constantContext: (lines, index) => (rx(/\bconst\s+val\b/).test(lines[index]) ? FIX_REFUSED.constant : null),
};

const CSHARP: Language = {
  name: "C#",
  quotes: `"`,
  ...C_LIKE,
  multiLine: [`"""`],
  prefixes: /[@$]$/,
  expression: (name) => `System.Environment.GetEnvironmentVariable("${name}")`,
  constantContext: (lines, index) => (rx(/\bconst\b/).test(lines[index]) ? FIX_REFUSED.constant : null),
};

const RUBY: Language = {
  name: "Ruby",
  quotes: `"'`,
  lineComments: ["#"],
  multiLine: [],
  heredoc: /<<[-~]?['"]?([A-Z_][A-Z0-9_]*)/,
  keysByColon: true,
  expression: (name) => `ENV.fetch("${name}")`,
};

const PHP: Language = {
  name: "PHP",
  quotes: `"'`,
  lineComments: ["//", "#"],
  blockComments: true,
  multiLine: [],
  heredoc: /<<<\s*['"]?([A-Za-z_]\w*)/,
  expression: (name) => `getenv('${name}')`,
  constantContext: (lines, index) => (rx(/\bconst\b|\bdefine\s*\(/).test(lines[index]) ? FIX_REFUSED.constant : null),
};

// `&` borrows a String that lives as long as the binding (temporary lifetime extension); owned uses drop it.
const RUST_OWNED_AFTER = /^\s*\.(to_string|to_owned|into)\s*\(\s*\)/;
const RUST: Language = {
  name: "Rust",
  quotes: `"`,
  ...C_LIKE,
  multiLine: [],
  prefixes: /[rb]$/,
  expression(name, at) {
    const read = `std::env::var("${name}").expect("${name} must be set")`;
    if (RUST_OWNED_AFTER.test(after(at))) return read;
    if (rx(/\bString::from\(\s*$/).test(before(at))) return read;
    if (rx(/^\s*let\s+(mut\s+)?\w+\s*(:\s*&\s*str\s*)?=\s*$/).test(before(at)) && rx(/^\s*;/).test(after(at))) return `&${read}`;
    return { refuse: FIX_REFUSED.rustType };
  },
  constantContext: (lines, index) => (rx(/^\s*(pub(\([^)]*\))?\s+)?(const|static)\b/).test(lines[index]) ? FIX_REFUSED.constant : null),
};

const SHELL_HEREDOC = /<<-?\s*['"]?([A-Za-z_]\w*)/;

const SHELL: Language = {
  name: "shell",
  quotes: `"'`,
  bare: true,
  lineComments: ["#"],
  multiLine: [],
  heredoc: SHELL_HEREDOC,
  expression: (name, at) => (at.quoted ? `"\${${name}}"` : `\${${name}}`),
};

/** Each build stage sees only the ARGs declared in it (or before the first FROM). */
function dockerArg(lines: string[], name: string, index: number): Insertion | null {
  const declares = rx(new RegExp(`^\\s*ARG\\s+${name}(\\s|=|$)`, "i"));
  let stage = index - 1;
  for (; stage >= 0 && !rx(/^\s*FROM\b/i).test(lines[stage]); stage--) if (declares.test(lines[stage])) return null;
  // One declaration per stage: the first use in the stage gets it, later ones share it.
  return { before: index, lines: [`ARG ${name}`], key: `ARG ${name}@${stage}` };
}

const DOCKERFILE: Language = { ...SHELL, name: "Dockerfile", support: dockerArg };

const YAML: Language = {
  name: "YAML",
  quotes: `"'`,
  keysByColon: true,
  bare: true,
  lineComments: ["#"],
  multiLine: [],
  expression: (name, at) => (at.quoted ? `"\${${name}}"` : `\${${name}}`),
  constantContext: (_lines, _index, at) => (rx(/[|>][-+]?\s*$/).test(before(at)) ? FIX_REFUSED.blockScalar : null),
};

/** A GitHub Actions workflow reads repository secrets, not .env: the value belongs in the repository's settings. */
const WORKFLOW: Language = { ...YAML, name: "GitHub Actions workflow", expression: () => ({ refuse: FIX_REFUSED.workflow }) };

export const terraformVariable = (name: string) => name.toLowerCase();

/** The other .tf files of the module (the same folder), as the working tree has them: a variable may be declared there. */
function siblingTerraform(top: string, path: string): string[] {
  const folder = join(top, dirname(path));
  const self = basename(path);
  return readdirSync(folder)
    .filter((f) => f.endsWith(".tf") && f !== self)
    .map((f) => readFileSync(join(folder, f), "utf8"));
}

const TERRAFORM: Language = {
  name: "Terraform",
  quotes: `"`,
  lineComments: ["#", "//"],
  blockComments: true,
  multiLine: [],
  heredoc: /<<-?['"]?([A-Za-z_]\w*)/,
  expression: (name, at) => (rx(/\$\{|%\{/).test(at.line.slice(at.start, at.end)) ? { refuse: FIX_REFUSED.template } : `var.${terraformVariable(name)}`),
  constantContext: (lines, index) => (rx(/^\s*default\s*=/).test(lines[index]) ? FIX_REFUSED.terraformDefault : null),
  support(lines, name, _index, path, top) {
    const v = terraformVariable(name);
    const declares = (text: string) => rx(new RegExp(`^\\s*variable\\s+"${v}"`, "m")).test(text);
    if (declares(lines.join("\n")) || siblingTerraform(top, path).some(declares)) return null;
    return { before: lines.length, lines: ["", `variable "${v}" {`, "  type      = string", "  sensitive = true", "}"], key: `variable ${v}` };
  },
  envKey: (name) => `TF_VAR_${terraformVariable(name)}`,
};

/** The language of a file by its name; null when leakstop fix does not know how to rewrite it. */
export function languageOf(path: string): Language | null {
  const name = basename(path).toLowerCase();
  if (name === "dockerfile" || name.startsWith("dockerfile.") || name.endsWith(".dockerfile")) return DOCKERFILE;
  switch (extname(name)) {
    case ".js": case ".mjs": case ".cjs": case ".jsx": case ".ts": case ".tsx": case ".mts": case ".cts":
      return JS;
    case ".py":
      return PYTHON;
    case ".go":
      return GO;
    case ".java": case ".kt": case ".kts":
      return JAVA;
    case ".cs":
      return CSHARP;
    case ".rb": case ".rake":
      return RUBY;
    case ".php":
      return PHP;
    case ".rs":
      return RUST;
    case ".sh": case ".bash": case ".zsh": case ".ksh":
      return SHELL;
    case ".yml": case ".yaml":
      return /(^|\/)\.github\/workflows\//.test(path) ? WORKFLOW : YAML;
    case ".tf":
      return TERRAFORM;
    default:
      return null;
  }
}

/** Files that hold values by design: they are untracked, not rewritten. */
export function isEnvStyleFile(path: string): boolean {
  const name = basename(path).toLowerCase();
  return name === ".env" || name.endsWith(".env") || name.startsWith(".env.") || name.endsWith(".tfvars");
}
