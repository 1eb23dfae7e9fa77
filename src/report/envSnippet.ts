import { basename, extname } from "node:path";
import { untrackCommand } from "../model/messages.js";

/** The one line that reads an environment variable in the language of the file the secret was found in. */
export function envReadSnippet(path: string, envVar: string): string | null {
  const name = basename(path).toLowerCase();
  if (/(^|[.-])(docker-)?compose[^/]*\.ya?ml$/.test(name) || name === "dockerfile" || name.endsWith(".dockerfile")) {
    return `\${${envVar}}`;
  }
  switch (extname(name)) {
    case ".js": case ".mjs": case ".cjs": case ".jsx": case ".ts": case ".tsx": case ".mts": case ".cts": case ".vue": case ".svelte":
      return `process.env.${envVar}`;
    case ".py": case ".ipynb":
      return `os.environ["${envVar}"]`;
    case ".go":
      return `os.Getenv("${envVar}")`;
    case ".java": case ".kt": case ".kts": case ".scala": case ".groovy": case ".gradle":
      return `System.getenv("${envVar}")`;
    case ".rb": case ".erb": case ".rake":
      return `ENV["${envVar}"]`;
    case ".sh": case ".bash": case ".zsh": case ".ksh": case ".fish": case ".mk":
      return `\${${envVar}}`;
    case ".php":
      return `getenv('${envVar}')`;
    case ".cs":
      return `Environment.GetEnvironmentVariable("${envVar}")`;
    case ".rs":
      return `std::env::var("${envVar}")`;
    case ".ps1":
      return `$env:${envVar}`;
    case ".tf":
      return `var.${envVar.toLowerCase()} (set TF_VAR_${envVar.toLowerCase()} in the environment)`;
    case ".yml": case ".yaml":
      return `\${${envVar}} (or your CI's secret reference, e.g. \${{ secrets.${envVar} }})`;
    default:
      return null;
  }
}

/**
 * Env-style files hold secrets by design, whatever their name (.env, .env.production, deploy.env, prod.tfvars,
 * secrets.yml; a secrets.py is code): the fix is to stop tracking the file, not to edit it. Templates meant to be committed are not.
 */
export function isDotenvFile(path: string): boolean {
  const name = basename(path).toLowerCase();
  if (/\.(example|sample|template|dist)$/.test(name) || /^(example|sample|template)\./.test(name)) return false;
  return name === ".env" || name.startsWith(".env.") || name.endsWith(".env") || name.endsWith(".tfvars") || /^secrets\.(ya?ml|json|toml|ini|cfg|conf|properties|txt|env)$/.test(name);
}

const TERMINAL_ESCAPE = /\\(?:[ntr]|x[0-9a-f]{2}|u[0-9a-f]{4})/;

/** A path, ref or URL as a shell word: as is when plainly safe, else single-quoted. */
export function quoteShell(word: string): string {
  // A name that is not UTF-8 reaches leakstop with U+FFFD for its odd bytes: git's pathspecs and .gitignore
  // read `?` as any one character, so the command still names the file.
  const named = word.replaceAll("\ufffd", "?");
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(named)) return named;
  // A name shown with its control characters escaped (`new\nline.js`, report/style.ts terminalSafe): bash and
  // zsh read those escapes back inside $'…', so the command names the real file.
  if (TERMINAL_ESCAPE.test(named)) return `$'${named.replace(/'/g, "\\'")}'`;
  return `'${named.replace(/'/g, `'\\''`)}'`;
}

/** A path as a word of a git command: `./` before a name git would read as an option (`-x`) or as pathspec magic (`:x`). */
export function quotePath(path: string): string {
  return quoteShell(/^[-:]/.test(path) ? `./${path}` : path);
}

/**
 * A path as a .gitignore line that matches it alone: glob characters and a backslash escaped, and what .gitignore
 * reads specially at a line's start (`#` a comment, `!` a negation) or end (spaces, dropped) escaped too.
 */
export function ignorePattern(path: string): string {
  return path
    .replace(/[\\*?[]/g, "\\$&")
    .replace(/^[#!]/, "\\$&")
    .replace(/ +$/, (spaces) => "\\ ".repeat(spaces.length));
}

/** `git rm --cached` for files to stop tracking, and the lines that ignore them. */
export function untrackFiles(paths: readonly string[]): string {
  return untrackCommand(paths.map(quotePath), paths.map((p) => quoteShell(ignorePattern(p))));
}

// Files that are a credential as a whole: login files, keys, certificates with their keys.
const CREDENTIAL_NAMES = new Set([".netrc", "_netrc", ".pypirc", ".git-credentials", ".pgpass", ".my.cnf", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]);

/** A file to stop tracking rather than edit: env-style files and files that are a credential as a whole. */
export function isUntrackAdvised(path: string): boolean {
  const name = basename(path).toLowerCase();
  return isDotenvFile(path) || CREDENTIAL_NAMES.has(name) || /\.(pem|key|p12|pfx|jks|keystore)$/.test(name);
}
