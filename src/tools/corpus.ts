// Real third-party code for the tools: every text file of the installed node_modules, as a developer might add it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export interface CorpusFile {
  path: string;
  text: string;
}

function* filesUnder(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** Text files (no NUL in the first 8,000 bytes, as git decides) under `root`/node_modules, up to 20 MB each. */
export function* nodeModulesText(root: string): Generator<CorpusFile> {
  for (const path of filesUnder(join(root, "node_modules"))) {
    if (statSync(path).size > 20 * 1024 * 1024) continue;
    const data = readFileSync(path);
    if (data.subarray(0, 8000).includes(0)) continue;
    yield { path: relative(root, path), text: data.toString("utf8") };
  }
}
