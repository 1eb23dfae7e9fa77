import { basename, extname } from "node:path";

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

/** Dotenv-style files hold secrets by design: the fix is to stop tracking the file, not to edit it. */
export function isDotenvFile(path: string): boolean {
  const name = basename(path).toLowerCase();
  return name === ".env" || (name.startsWith(".env.") && !/\.(example|sample|template|dist)$/.test(name)) || name.endsWith(".tfvars");
}
