import { spawn, spawnSync } from "node:child_process";
import { GitError } from "../../errors.js";
import { describeGitFailure } from "./exec.js";
import { cannotRunGit } from "../../model/messages.js";

export interface GitObject {
  name: string;
  type: string;
  content: Buffer;
}

export interface ObjectType {
  name: string;
  type: string;
}

// A spec with a newline would shift every answer after it; such names are answered "missing".
const usable = (spec: string) => !spec.includes("\n") && spec.length > 0;

function catFile(mode: "--batch" | "--batch-check", specs: string[]): Buffer {
  const asked = specs.filter(usable);
  if (!asked.length) return Buffer.alloc(0);
  const args = ["-c", "core.quotePath=false", "cat-file", mode];
  const r = spawnSync("git", args, { input: asked.join("\n") + "\n", maxBuffer: 1 << 30 });
  if (r.error) throw new GitError(cannotRunGit(r.error.message));
  if (r.status !== 0) throw new GitError(describeGitFailure(["cat-file"], r.stderr.toString("utf8")));
  return r.stdout;
}

/** Type and name of each object spec (`sha`, `sha^{}`, `rev:path`), in one git process; null where missing. */
export function objectTypes(specs: string[]): (ObjectType | null)[] {
  const lines = catFile("--batch-check", specs).toString("utf8").split("\n");
  let next = 0;
  return specs.map((spec) => {
    if (!usable(spec)) return null;
    const [name, type] = lines[next++].split(" ");
    return type === "missing" || type === "ambiguous" || !type ? null : { name, type };
  });
}

/** The content of each object spec, in one git process; null where missing. */
export function readObjects(specs: string[]): (GitObject | null)[] {
  return objectsOf(specs, catFile("--batch", specs));
}

/** As readObjects, with git running while the caller goes on (a push's messages are read beside its diff). */
export function readObjectsLater(specs: string[]): Promise<(GitObject | null)[]> {
  const asked = specs.filter(usable);
  if (!asked.length) return Promise.resolve(objectsOf(specs, Buffer.alloc(0)));
  const args = ["-c", "core.quotePath=false", "cat-file", "--batch"];
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString("utf8");
    });
    child.on("error", (err) => reject(new GitError(cannotRunGit(err.message))));
    child.on("close", (code) => {
      if (code !== 0) reject(new GitError(describeGitFailure(["cat-file"], stderr)));
      else resolve(objectsOf(specs, Buffer.concat(out)));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(asked.join("\n") + "\n");
  });
}

/** Each spec's object in cat-file --batch output, which answers the usable specs in order. */
function objectsOf(specs: string[], out: Buffer): (GitObject | null)[] {
  let at = 0;
  return specs.map((spec) => {
    if (!usable(spec)) return null;
    const nl = out.indexOf(10, at);
    const header = out.toString("utf8", at, nl).split(" ");
    at = nl + 1;
    if (header.length !== 3) return null;
    const size = Number(header[2]);
    const content = out.subarray(at, at + size);
    at += size + 1;
    return { name: header[0], type: header[1], content };
  });
}
