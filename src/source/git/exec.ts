import { isAscii } from "node:buffer";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { GitError, GitNotFoundError } from "../../errors.js";
import { cannotRunGit, gitFailed, NOT_A_REPOSITORY } from "../../model/messages.js";

import { PINNED } from "./args.js";
import { childProcess } from "./childProcess.js";
import { takeEarly } from "./early.js";
import { LargeChangeWatch, readOnThread, type ReaderThread } from "./readerThread.js";

/** Beyond this a line reaches its reader in pieces, cut after a separator, so no string nears V8's limit. */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;
/** From this length an ASCII line that came in several reads is handed on as those reads (LineReads). */
export const LONG_LINE_BYTES = 64 * 1024;

/**
 * A long ASCII line as it came from git: a string per read, and the reads. Decoded into one string, a line
 * over about 128 KB lands in fresh pages, which cost more than the decoding (30 MB of long lines: 131 ms
 * against 52, measured); a string per read stays in the young generation.
 */
export interface LineReads {
  texts: string[];
  bytes: Buffer[];
}

/** The reads' texts as one string: V8 joins them without copying, until something reads its characters. */
export function joinReads(texts: readonly string[]): string {
  let text = texts[0] ?? "";
  for (let i = 1; i < texts.length; i++) text += texts[i];
  return text;
}

// How far back from the cap a cut looks for a separator before cutting anywhere.
export const CUT_SEARCH = 64 * 1024;
/** Characters (as bytes or UTF-16 units) a token never contains: a cut just after one does not split a secret. */
export const SEPARATORS = new Set([9, 32, 34, 39, 44, 59, 38, 60, 62, 40, 41, 91, 93, 123, 125, 124]);

/** Where to cut a piece of a long line: after the last separator near the end, else on a UTF-8 boundary. */
function cutPoint(buf: Buffer): number {
  for (let i = buf.length - 1; i >= buf.length - CUT_SEARCH && i > 0; i--) if (SEPARATORS.has(buf[i])) return i + 1;
  let at = buf.length - 1;
  while (at > 1 && (buf[at] & 0xc0) === 0x80) at--;
  return at;
}

function cannotRun(err: Error): GitError {
  const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
  return new (missing ? GitNotFoundError : GitError)(cannotRunGit(err.message));
}

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim().length > 0)?.trim() ?? "";
}

/** Runs git to completion and returns stdout; throws GitError with git's own first line on failure. */
export function gitSync(args: string[], options: { cwd?: string; input?: string; allowFail?: boolean } = {}): { stdout: string; status: number } {
  const result = childProcess().spawnSync("git", [...PINNED, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (result.error) throw cannotRun(result.error);
  if (result.status !== 0 && !options.allowFail) {
    throw new GitError(describeGitFailure(args, result.stderr));
  }
  return { stdout: result.stdout, status: result.status ?? 1 };
}

/** gitSync without blocking: the caller goes on with other work while git runs. */
export function gitOutput(args: string[], options: { cwd?: string; input?: string; allowFail?: boolean } = {}): Promise<{ stdout: string; status: number }> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn("git", [...PINNED, ...args], { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => stdout.push(d));
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString("utf8");
    });
    child.on("error", (err) => reject(cannotRun(err)));
    child.on("close", (code) => {
      if (code !== 0 && !options.allowFail) return reject(new GitError(describeGitFailure(args, stderr)));
      resolve({ stdout: Buffer.concat(stdout).toString("utf8"), status: code ?? 1 });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

export function describeGitFailure(args: string[], stderr: string): string {
  const line = firstLine(stderr).replace(/^fatal:\s*/, "").replace(/^error:\s*/, "");
  // Outside a repository `git diff --cached` falls back to --no-index mode and rejects --cached.
  if (/not a git repository/i.test(line) || /--no-index|unknown option .cached/.test(stderr)) return NOT_A_REPOSITORY;
  return gitFailed(args.find((a) => !a.startsWith("-")) ?? "", line);
}

/**
 * Streams git's stdout line by line (as raw UTF-8 text without the newline) and resolves when git exits
 * successfully; rejects with git's own message otherwise. A line longer than MAX_LINE_BYTES arrives in
 * pieces: `continues` is true for every piece but the last. A long ASCII line also comes as its `reads`.
 */
export function gitLines(args: string[], onLine: OnGitLine, options: { cwd?: string; stdin?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const full = [...PINNED, ...args];
    const early = options.cwd === undefined && options.stdin === undefined ? takeEarly(full) : undefined;
    if (early?.error) return reject(cannotRun(early.error));
    // An early process has no stdin (git diff reads none); its output pipes are the same.
    const child = early ? (early.child as ChildProcessWithoutNullStreams) : childProcess().spawn("git", full, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    // A long line arrives in many chunks: keep its parts and join them once, not on every chunk.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let pendingAscii = true;
    let failed: Error | null = null;
    const largeChange = new LargeChangeWatch();
    let thread: ReaderThread | undefined | false;
    const fail = (err: Error) => {
      failed = err;
      child.kill();
    };
    const hold = (part: Buffer) => {
      pending.push(part);
      pendingBytes += part.length;
      pendingAscii &&= isAscii(part);
    };
    const flushPiece = () => {
      const joined = Buffer.concat(pending);
      const at = cutPoint(joined);
      onLine(joined.toString("utf8", 0, at), true);
      pending = at < joined.length ? [joined.subarray(at)] : [];
      pendingBytes = joined.length - at;
      pendingAscii = pending.every((part) => isAscii(part));
    };
    const endLine = () => {
      if (pendingAscii && pendingBytes >= LONG_LINE_BYTES) {
        const texts = pending.map((part) => part.toString("latin1"));
        onLine(joinReads(texts), false, { texts, bytes: pending });
      } else onLine(Buffer.concat(pending).toString("utf8"), false);
      pending = [];
      pendingBytes = 0;
      pendingAscii = true;
    };
    const onStderr = (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString("utf8");
    };
    const onStdout = (chunk: Buffer) => {
      if (failed) return;
      if (thread === undefined && largeChange.largeAfter(chunk)) thread = readOnThread(child.stdout, onStdout, fail) ?? false;
      let from = 0;
      try {
        if (pending.length) {
          const nl = chunk.indexOf(10);
          if (nl !== -1) {
            hold(chunk.subarray(0, nl));
            endLine();
            from = nl + 1;
          }
        }
        const last = chunk.lastIndexOf(10);
        if (last >= from) emitLines(chunk, from, last, onLine);
        from = Math.max(from, last + 1);
        if (from < chunk.length) {
          hold(chunk.subarray(from));
          while (pendingBytes > MAX_LINE_BYTES) flushPiece();
        }
      } catch (err) {
        fail(err as Error);
      }
    };
    const onClose = (code: number | null) => {
      if (thread) thread.stop();
      if (failed) return reject(failed);
      if (code !== 0) return reject(new GitError(describeGitFailure(args, stderr)));
      try {
        if (pending.length) endLine();
      } catch (err) {
        return reject(err);
      }
      resolve();
    };
    child.on("error", (err) => reject(cannotRun(err)));
    if (early) {
      // What the early process wrote before this reader took it comes first; it may even have finished.
      stderr = early.stderr;
      for (const chunk of early.held) onStdout(chunk);
      if (early.closed !== undefined) return onClose(early.closed);
    }
    child.stderr.on("data", onStderr);
    child.stdout.on("data", onStdout);
    child.stdout.resume();
    child.on("close", onClose);
    if (!child.stdin) return;
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}

/**
 * One line of git's output. `ascii` says the line is known to be ASCII, so its UTF-8 length is its length
 * (counting it costs a native call per line: 100 ms over a 101 MB diff, profiled).
 */
export type OnGitLine = (line: string, continues: boolean, reads?: LineReads, ascii?: boolean) => void;

// A line that opens with "-" (a diff's removed line, or a header): decoded alone, since it is dropped.
const NEWLINE_DASH = Buffer.from("\n-");

/**
 * Hands on the lines of chunk[from, end], `end` being a newline. A run of lines is decoded as one string and
 * cut, which costs a fifth of decoding each line on its own (measured on a 101 MB diff: 40 ms against 180 ms).
 * The lines share the run's text: a removed line is left out of the runs, so it never keeps that text alive.
 */
function emitLines(chunk: Buffer, from: number, end: number, onLine: OnGitLine): void {
  while (from <= end) {
    if (chunk[from] === 45) {
      const nl = chunk.indexOf(10, from);
      onLine(chunk.toString("utf8", from, nl), false);
      from = nl + 1;
      continue;
    }
    const dash = chunk.indexOf(NEWLINE_DASH, from);
    const runEnd = dash === -1 || dash > end ? end : dash;
    const text = chunk.toString("utf8", from, runEnd);
    // Not the text's length against the bytes': an invalid byte also decodes to one unit, and counts as three.
    const ascii = text.length === runEnd - from && isAscii(chunk.subarray(from, runEnd));
    let at = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", at)) {
      onLine(text.slice(at, nl), false, undefined, ascii);
      at = nl + 1;
    }
    onLine(text.slice(at), false, undefined, ascii);
    from = runEnd + 1;
  }
}

export interface Blob {
  id: string;
  size: number;
  /** The first bytes (up to SNIFF_BYTES), or the whole blob when the caller asked to keep it. */
  content: Buffer;
}

export const SNIFF_BYTES = 8000;

/** Where one object's bytes go as git writes them. */
export interface ObjectSink {
  write(chunk: Buffer): void;
  end(): void;
}

/**
 * One `git cat-file --batch` for `specs`, each object's bytes handed on as they come, never held whole: `open`
 * hears each object in the order asked (its size, -1 where missing or unusable; its type) and says where its
 * bytes go (undefined: nowhere). Memory stays that of one chunk, however large the objects.
 */
export function streamObjects(specs: string[], open: (spec: string, size: number, type: string) => ObjectSink | undefined, options: { cwd?: string } = {}): Promise<void> {
  // A spec with a newline would shift every answer after it: it is answered missing without asking git.
  const asked = specs.filter((spec) => spec.length > 0 && !spec.includes("\n"));
  let next = 0;
  let answered = 0;
  const answerUnasked = () => {
    while (next < specs.length && specs[next] !== asked[answered]) open(specs[next++], -1, "missing")?.end();
  };
  return new Promise((resolve, reject) => {
    answerUnasked();
    if (!asked.length) return resolve();
    const child = childProcess().spawn("git", [...PINNED, "cat-file", "--batch"], { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    let header: Buffer[] = [];
    // The object being read: bytes still to come (its trailing newline included), and where they go.
    let current: { left: number; sink: ObjectSink | undefined } | null = null;
    let failed: unknown;
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString("utf8");
    });
    const read = (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        if (!current) {
          const nl = chunk.indexOf(10, at);
          if (nl === -1) {
            header.push(chunk.subarray(at));
            return;
          }
          header.push(chunk.subarray(at, nl));
          // `<name> <type> <size>`, or `<spec> missing` where the spec may hold spaces.
          const fields = Buffer.concat(header).toString("utf8").split(" ");
          header = [];
          at = nl + 1;
          const size = fields.length === 3 && /^\d+$/.test(fields[2]) ? Number(fields[2]) : -1;
          answered++;
          const sink = open(specs[next++], size, size < 0 ? "missing" : fields[1]);
          if (size < 0) sink?.end();
          else current = { left: size + 1, sink };
          answerUnasked();
          continue;
        }
        const take = Math.min(current.left, chunk.length - at);
        const data = chunk.subarray(at, at + Math.min(take, current.left - 1));
        if (data.length) current.sink?.write(data);
        current.left -= take;
        at += take;
        if (current.left === 0) {
          current.sink?.end();
          current = null;
          answerUnasked();
        }
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      if (failed) return;
      try {
        read(chunk);
      } catch (err) {
        failed = err;
        child.kill();
      }
    });
    child.on("error", (err) => reject(cannotRun(err)));
    child.on("close", (code) => {
      if (failed) return reject(failed);
      if (code !== 0) return reject(new GitError(describeGitFailure(["cat-file"], stderr)));
      resolve();
    });
    child.stdin.on("error", () => {});
    child.stdin.end(asked.map((spec) => spec + "\n").join(""));
  });
}

/**
 * Reads blobs through one `git cat-file --batch`. `keep` sees each blob's first bytes and says whether to
 * hold the rest: a binary blob streams past without being held.
 */
export async function gitBlobs(ids: string[], keep: (head: Buffer, size: number) => boolean, options: { cwd?: string } = {}): Promise<Blob[]> {
  const blobs: Blob[] = [];
  await streamObjects(
    ids,
    (id, size) => {
      const blob: Blob = { id, size: Math.max(size, 0), content: Buffer.alloc(0) };
      blobs.push(blob);
      if (size <= 0) return undefined;
      let parts: Buffer[] = [];
      let held = 0;
      let kept: boolean | null = null;
      const decide = () => {
        const head = Buffer.concat(parts);
        kept = keep(head, size);
        parts = [kept ? head : head.subarray(0, SNIFF_BYTES)];
      };
      return {
        write(chunk) {
          if (kept === false) return;
          parts.push(chunk);
          held += chunk.length;
          if (kept === null && held >= Math.min(SNIFF_BYTES, size)) decide();
        },
        end() {
          if (kept === null) decide();
          blob.content = Buffer.concat(parts);
        },
      };
    },
    options,
  );
  return blobs;
}

/** One blob's bytes as git writes them (`git cat-file blob`): a blob of any size, never held whole. */
export async function* gitBlobChunks(id: string, options: { cwd?: string } = {}): AsyncGenerator<Buffer> {
  const child = childProcess().spawn("git", [...PINNED, "cat-file", "blob", id], { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", (err) => reject(cannotRun(err)));
    child.on("close", resolve);
  });
  // A reader that stops early never asks how git ended.
  exited.catch(() => {});
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    if ((await exited) !== 0) throw new GitError(describeGitFailure(["cat-file", "blob"], stderr));
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/**
 * Runs git with a deadline: git is stopped when time runs out and the caller told so, instead of an error.
 * Input goes through stdin, so what is searched for never shows in the process list.
 */
export function gitWithin(args: string[], timeoutMs: number, options: { cwd?: string; input?: string } = {}): { stdout: string; status: number; timedOut: boolean } {
  const result = childProcess().spawnSync("git", [...PINNED, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    timeout: Math.max(1, Math.ceil(timeoutMs)),
    killSignal: "SIGKILL",
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  if (result.error && !timedOut) throw cannotRun(result.error);
  return { stdout: result.stdout ?? "", status: result.status ?? 1, timedOut };
}
