// What a hook and a resident process say to each other over a Unix socket private to the user.
import { lstatSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A commit to check, as the hook's process sees it: the resident process takes on all of it before running. */
export interface ResidentRequest {
  argv: string[];
  /** The staged diff the hook piped in, whole with its status line (early.ts startPiped), in base64. */
  stagedDiff?: string;
  cwd: string;
  env: Record<string, string>;
  stdout: TerminalShape;
  stderr: TerminalShape;
  /** The id of the arguments the stub ran git with (args.ts stagedDiffId): a stub of another version's diff is not used. */
  stagedDiffId?: string;
  /** Sent by the stub's Perl client, which finds this process by its install, not by the socket's name: see servesInstall() in server.ts. */
  install?: InstallClaim;
  /**
   * Sent by the Perl client of a pre-commit run by `git commit` (GIT_INDEX_FILE set) with a commit-msg stub beside
   * it: the same commit's message may follow through that stub. A stub of an earlier version never sends it.
   */
  messageFollows?: boolean;
  /** The pre-push hook's stdin (git's ref lines), read by the hook's process, in base64: this process's stdin is not the hook's. */
  hookInput?: string;
}

/** The install a hook without node runs: its launcher (node_modules/.bin/leakstop, resolved) and the node on its PATH. */
export interface InstallClaim {
  launcher: string;
  node: string;
}

export interface TerminalShape {
  isTTY: boolean;
  columns?: number;
}

/**
 * Frames from the resident process: what to write to stdout or stderr, then the exit code; and, from the
 * request on, every ALIVE_MS while it runs, that it is alive (its process id). hooks/pre-commit's Perl client
 * reads the same frames and waits as long as SILENCE_MS: a change here is a change there.
 */
export const FRAME = { stdout: 1, stderr: 2, exit: 3, alive: 4 } as const;

export const ALIVE_MS = 1000;
/**
 * No frame for this long and the resident process is taken for hung. A run's longest step without a turn of
 * its event loop, a large file's scan, takes about a second for 50 MB; a hook that hangs instead blocks git.
 */
export const SILENCE_MS = 10_000;
const HEAD_BYTES = 5;

export function frame(kind: number, payload: Uint8Array): Buffer {
  const head = Buffer.allocUnsafe(HEAD_BYTES);
  head[0] = kind;
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

/** Splits a byte stream into frames, whatever the reads' sizes; a frame's reads are joined once, when it is whole. */
export class FrameReader {
  private parts: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly onFrame: (kind: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.parts.push(chunk);
    this.bytes += chunk.length;
    while (this.bytes >= HEAD_BYTES) {
      if (this.parts[0].length < HEAD_BYTES) this.parts = [Buffer.concat(this.parts, this.bytes)];
      const end = HEAD_BYTES + this.parts[0].readUInt32BE(1);
      if (this.bytes < end) return;
      const whole = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.bytes);
      const rest = whole.subarray(end);
      this.parts = rest.length ? [rest] : [];
      this.bytes = rest.length;
      this.onFrame(whole[0], whole.subarray(HEAD_BYTES, end));
    }
  }
}

/** What the socket's name is made of besides Node: the bundle and the catalogue, beside the launcher in dist/cli. */
export const IDENTITY_FILES = ["./app.cjs", "../catalogue.jsonl"];

/**
 * The socket this install's resident process listens on, or undefined where none may run: not on Windows, and
 * not unless the directory is the user's own and private (another local user could otherwise answer for it).
 * The name changes with the bundle, the catalogue and Node, so an upgrade never talks to an older process.
 */
export function residentSocket(files: string[]): string | undefined {
  if (process.platform === "win32" || typeof process.getuid !== "function") return undefined;
  const dir = process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, "leakstop") : join(tmpdir(), `leakstop-${process.getuid()}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // There already, or not creatable: the checks below decide.
  }
  try {
    const own = lstatSync(dir);
    if (!own.isDirectory() || own.uid !== process.getuid() || (own.mode & 0o077) !== 0) return undefined;
    const identity = [process.version, process.arch, process.execPath, process.env.LEAKSTOP_RE2 ?? ""];
    for (const file of files) {
      const s = statSync(file, { bigint: true });
      identity.push(String(s.dev), String(s.ino), String(s.size), String(s.mtimeNs), String(s.ctimeNs));
    }
    const socket = join(dir, `hook-${fnv1a64(identity.join("\0"))}.sock`);
    // A socket's path is limited to about 100 bytes (104 on macOS): a longer one could never be listened on.
    return Buffer.byteLength(socket) < MAX_SOCKET_PATH_BYTES ? socket : undefined;
  } catch {
    return undefined;
  }
}

const MAX_SOCKET_PATH_BYTES = 100;

/**
 * A link beside the socket, named by the launcher's resolved path, that the stubs' Perl client finds without
 * node (hooks/leakstop-resident-client.pl computes the same FNV-1a of the path's bytes). The process it
 * reaches checks the rest of the install itself.
 */
export function installLink(socket: string, launcher: string): string {
  return launcherLink("install", socket, launcher);
}

/** The link to the process that checked a commit's staged changes and waits for the same commit's message. */
export function messageLink(socket: string, launcher: string): string {
  return launcherLink("message", socket, launcher);
}

/** What the links are named, `<kind>-<FNV-1a of the launcher>`: a process that starts removes the dead ones. */
export const LAUNCHER_LINK_NAME = /^(install|message)-[0-9a-f]{8}$/;

/** The socket on which process `pid` waits for a commit's message, beside its install's socket (its link points here). */
export function messageSocket(socket: string, pid: number): string {
  return join(dirname(socket), `message-${pid}.socket`);
}

/** A message socket's name, the waiting process's id in it: one left by a process that was killed is removed. */
export const MESSAGE_SOCKET_NAME = /^message-(\d+)\.socket$/;

function launcherLink(kind: "install" | "message", socket: string, launcher: string): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(launcher)) hash = Math.imul(hash ^ byte, 0x01000193);
  return join(dirname(socket), `${kind}-${(hash >>> 0).toString(16).padStart(8, "0")}`);
}

// Flags that leave a staged run a staged run.
const NEUTRAL_FLAGS = new Set(["-q", "--quiet", "--no-color", "--verbose", "--no-suppress"]);

/** Whether a command line checks the staged diff (`--staged`, the pre-commit hook): only then is git's diff started early. */
export function readsStagedDiff(argv: string[]): boolean {
  const rest = argv.filter((a) => !NEUTRAL_FLAGS.has(a));
  return (rest.length === 1 && rest[0] === "--staged") || isPreCommitHook(rest);
}

/** The pre-commit hook's command line as git runs it (the pre-commit framework adds file names). */
export function isPreCommitHook(argv: string[]): boolean {
  return argv.length === 2 && argv[0] === "hook" && argv[1] === "pre-commit";
}

/** The pre-push hook's command line as git and the stub give it: the remote's name and URL, or fewer. */
export function isPrePushHook(argv: string[]): boolean {
  return argv.length <= 4 && argv[0] === "hook" && argv[1] === "pre-push";
}

/** The commit-msg hook's command line as git and the stubs give it: the message file and nothing else. */
export function isCommitMsgHook(argv: string[]): boolean {
  return argv.length === 3 && argv[0] === "hook" && argv[1] === "commit-msg";
}

/** A name, not a secret: FNV-1a keeps node:crypto (several ms to load) out of every commit. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return hash.toString(16).padStart(16, "0");
}
