// A resident process serves one commit: the CLI loaded and the built-in catalogue compiled before the commit
// arrives, then the hook's directory, environment and terminal taken on whole, as if it had started there.
// One commit each, so nothing of one repository's run can reach another's: after a clean pre-commit it also
// checks that commit's message, from the same repository only. A successor starts once the rest of the
// commit is done.
import { spawn } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import * as net from "node:net";
import { basename, dirname, join } from "node:path";
import { Writable } from "node:stream";
import { PINNED, STAGED_DIFF, stagedDiffId } from "../../source/git/args.js";
import { startEarly, startPiped } from "../../source/git/early.js";
import { handHookInput } from "../../source/stdin.js";
import { loadCompiled } from "../compileCache.js";
import { ALIVE_MS, FRAME, frame, IDENTITY_FILES, installLink, isCommitMsgHook, isPreCommitHook, isPrePushHook, LAUNCHER_LINK_NAME, MESSAGE_SOCKET_NAME, messageLink, messageSocket, readsStagedDiff, residentSocket, type InstallClaim, type ResidentRequest, type TerminalShape } from "./protocol.js";
import { AFTER_COMMIT_MS, startResident } from "./start.js";

/** Left unused this long, it leaves: a warm process is memory held for a commit that may not come. */
const IDLE_MS = 15 * 60_000;
/** A request is argv, cwd and environment; anything much larger is not from our launcher. */
const MAX_REQUEST_BYTES = 1 << 20;
/**
 * After a clean pre-commit, git runs the commit-msg hook: milliseconds later with -m, or once the editor closes.
 * A message written for longer is checked by node, as without a resident process.
 */
const MESSAGE_WAIT_MS = 120_000;

interface App {
  runCli(argv: string[]): void;
  warmUp(): void;
}

const resolveHere = createRequire(import.meta.url).resolve;
const launcherPath = realpathSync(resolveHere("./main.cjs"));
const socketPath = process.argv[2];
const warmUpDelayMs = Number(process.argv[3] ?? 0);
const exitNow = process.exit.bind(process);
let app: App;
const server = net.createServer();
// Another process has the socket (two commits started one each): this one is not needed.
server.on("error", () => exitNow(0));
const idle = setTimeout(() => server.close(() => exitNow(0)), IDLE_MS);
// Stopped (a logout, kill): the socket goes with it, so no commit finds it and has to remove it.
for (const signal of ["SIGTERM", "SIGHUP"] as const)
  process.on(signal, () => {
    stopAwaitingMessage?.();
    server.close(() => leave());
  });
server.once("connection", (conn) => {
  // Closing unlinks the socket: the commit after this one starts its own process or finds the successor.
  server.close();
  clearTimeout(idle);
  // A connection that asks nothing, or is declined, ends this process: the hook's own install runs the commit.
  receive(conn, leave, (request) => (servedByInstall(request) && serve(conn, request, { answering: (status) => afterCommit(request, status) })) || leave());
});
setTimeout(() => {
  app = loadCompiled(resolveHere("./app.cjs")) as App;
  app.warmUp();
  warmSockets(() => {
    // A process's first spawn costs twice its later ones (10 ms against 4.5 here): paid now, not by the commit's git.
    // The link the stub's Perl client finds this process by, made before the socket so that both are there once it is.
    const listen = () => {
      removeLeftovers();
      publishLink(installLink(socketPath, launcherPath), basename(socketPath));
      server.listen(socketPath);
    };
    spawn("git", ["--version"], { stdio: "ignore" }).on("error", listen).on("close", listen);
  });
}, warmUpDelayMs);

/**
 * One request and answer over a throwaway socket beside the real one: a process's first connection runs socket
 * and stream code nothing else has run (accepting, reading, framing, tearing down), about 10 ms of a served
 * commit otherwise.
 */
function warmSockets(done: () => void): void {
  const path = `${socketPath}.warm-${process.pid}`;
  const probe = net.createServer((conn) => {
    conn.on("error", () => undefined);
    conn.once("data", () => conn.end(frame(FRAME.exit, Uint8Array.of(0))));
  });
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    probe.close();
    done();
  };
  // However the round trip goes (or hangs), the real socket is listened on.
  setTimeout(finish, 1000);
  probe.on("error", finish);
  probe.listen(path, () => {
    const client = net.connect(path);
    client.on("error", finish);
    client.on("data", () => undefined);
    client.on("close", finish);
    client.write("{}\n");
  });
}

/** A link younger than this may be another process's, made just before it listens. */
const FRESH_LINK_MS = 60_000;

/**
 * What processes left that were killed or left when idle: links whose socket is gone (each install's next
 * process makes its own again), and message sockets whose process is gone (the stub would start Perl for them).
 */
function removeLeftovers(): void {
  const dir = dirname(socketPath);
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (LAUNCHER_LINK_NAME.test(name) && !existsSync(path) && Date.now() - lstatSync(path).mtimeMs > FRESH_LINK_MS) rmSync(path, { force: true });
      const waiter = MESSAGE_SOCKET_NAME.exec(name);
      if (waiter && !isRunning(Number(waiter[1]))) rmSync(path, { force: true });
    }
  } catch {
    // Left for the next process to try: a dangling link only means no process, to the stub.
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** `link` pointing at `target`, replacing whatever link was there in one step. */
function publishLink(link: string, target: string): void {
  const made = `${link}.${process.pid}`;
  try {
    rmSync(made, { force: true });
    symlinkSync(target, made);
    renameSync(made, link);
  } catch {
    // Without it a commit through the stub starts node, as without Perl.
  }
}

/**
 * Whether a request from the stub's Perl client is for this process: the same launcher, the node on the hook's
 * PATH this one, and the socket's name, taken again with the hook's environment and the files as they are now,
 * this one's (an upgrade or LEAKSTOP_RE2 changes it). Otherwise the hook's own install runs the commit.
 */
function servesInstall(claim: InstallClaim): boolean {
  try {
    return realpathSync(claim.launcher) === launcherPath && realpathSync(claim.node) === realpathSync(process.execPath) && residentSocket(IDENTITY_FILES.map((file) => resolveHere(file))) === socketPath;
  } catch {
    return false;
  }
}

/** Reads one request (a line of JSON) from `conn`; `onClosed` runs instead if it closes before sending one. */
function receive(conn: net.Socket, onClosed: () => void, onRequest: (request: ResidentRequest) => void): void {
  let received = false;
  conn.on("error", () => undefined);
  conn.on("close", () => received || onClosed());
  // Decoded once whole: a character cut between two reads would otherwise decode as two replacement characters.
  const parts: Buffer[] = [];
  let bytes = 0;
  const onData = (chunk: Buffer) => {
    parts.push(chunk);
    bytes += chunk.length;
    if (!chunk.includes(0x0a)) {
      if (bytes > MAX_REQUEST_BYTES) conn.destroy();
      return;
    }
    conn.off("data", onData);
    const text = Buffer.concat(parts, bytes).toString("utf8");
    let request: ResidentRequest;
    try {
      request = JSON.parse(text.slice(0, text.indexOf("\n"))) as ResidentRequest;
    } catch {
      // Not our launcher's or client's: closed unanswered, as if it had asked nothing.
      return void conn.destroy();
    }
    received = true;
    onRequest(request);
  };
  conn.on("data", onData);
}

/**
 * What the install's socket serves: a check of the staged diff, and a pre-push hook sent with its ref lines (this
 * process's stdin is not the hook's). Anything else is left to the hook's own process.
 */
function servedByInstall(request: ResidentRequest): boolean {
  return isPrePushHook(request.argv) ? request.hookInput !== undefined : readsStagedDiff(request.argv);
}

/**
 * Runs the request's command as if started in the hook's directory, with its environment and terminal: the exit
 * status goes to `answering` just before the hook is sent it, to `answered` once sent. False, with nothing run,
 * when the request is not this process's to serve: the hook's process then runs the command itself.
 */
function serve(conn: net.Socket, request: ResidentRequest, then: { answering?: (status: number) => void; answered?: () => void }): boolean {
  try {
    process.chdir(request.cwd);
  } catch {
    return false;
  }
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, request.env);
  if (request.install && !servesInstall(request.install)) return false;
  process.argv = [process.argv[0], process.argv[1], ...request.argv];
  process.exitCode = undefined;
  // Sent from this thread's event loop: a run that stops turning it (a hang) stops saying it is alive.
  const alive = () => conn.write(frame(FRAME.alive, Buffer.from(String(process.pid))));
  alive();
  const beat = setInterval(alive, ALIVE_MS);
  redirect("stdout", FRAME.stdout, request.stdout, conn);
  redirect("stderr", FRAME.stderr, request.stderr, conn);
  let finished = false;
  // The hook's process gone before the answer (Ctrl-C): nothing is left to report to.
  conn.on("close", () => finished || leave());
  process.exit = ((code?: number | string | null) => {
    if (finished) return;
    finished = true;
    clearInterval(beat);
    const status = Number(code ?? process.exitCode ?? 0) & 0xff;
    then.answering?.(status);
    conn.end(frame(FRAME.exit, Uint8Array.of(status)), then.answered);
  }) as typeof process.exit;
  if (readsStagedDiff(request.argv)) {
    const args = [...PINNED, ...STAGED_DIFF];
    if (request.stagedDiff !== undefined && request.stagedDiffId === stagedDiffId()) startPiped(args, Buffer.from(request.stagedDiff, "base64"));
    else startEarly(args);
  }
  if (request.hookInput !== undefined && isPrePushHook(request.argv)) handHookInput(Buffer.from(request.hookInput, "base64"));
  app.runCli(request.argv);
  return true;
}

// After its commit, what keeps this process: its successor, due to start, and the commit's message, awaited.
let successorDue: NodeJS.Timeout | undefined;
let messagePending = false;
let stopAwaitingMessage: (() => void) | undefined;

/** Leaves, starting the successor first if it is due. */
function leave(): void {
  if (successorDue) {
    clearTimeout(successorDue);
    startResident(socketPath, 0);
  }
  exitNow(0);
}

/**
 * As a commit is answered: the successor starts when the rest of the commit is done. The message of a clean
 * pre-commit whose Perl client said it may follow (messageFollows) is awaited: the commit-msg stub hands it over
 * the same way, while a hook run by node, a hook run outside a commit, or a stub without a commit-msg stub beside
 * it sends none. It is listened for before the hook has its answer, so that the commit-msg hook finds it.
 */
function afterCommit(request: ResidentRequest, status: number): void {
  successorDue = setTimeout(() => {
    successorDue = undefined;
    startResident(socketPath, 0);
    if (!messagePending) exitNow(0);
  }, AFTER_COMMIT_MS);
  if (status === 0 && isPreCommitHook(request.argv) && request.messageFollows === true) awaitMessage(request.cwd);
}

/**
 * Listens, for MESSAGE_WAIT_MS, for the commit-msg hook of the commit just checked, which the stubs' Perl
 * client finds through the install's message link. A request from another directory is declined: node checks it.
 */
function awaitMessage(commitDir: string): void {
  let commitTop: string;
  try {
    commitTop = realpathSync(commitDir);
  } catch {
    return;
  }
  const socket = messageSocket(socketPath, process.pid);
  const link = messageLink(socketPath, launcherPath);
  const messages = net.createServer();
  const stopListening = () => {
    stopAwaitingMessage = undefined;
    clearTimeout(wait);
    // Another commit's process may have taken the link since: only this process's own is removed.
    try {
      if (readlinkSync(link) === basename(socket)) rmSync(link);
    } catch {
      // Gone already.
    }
    messages.close();
  };
  const done = () => {
    messagePending = false;
    stopListening();
    if (!successorDue) exitNow(0);
  };
  const wait = setTimeout(done, MESSAGE_WAIT_MS);
  messagePending = true;
  stopAwaitingMessage = stopListening;
  messages.on("error", done);
  messages.once("connection", (conn) => {
    stopListening();
    receive(conn, done, (request) => {
      if (!isCommitMsgHook(request.argv) || !sameDirectory(request.cwd, commitTop)) return void conn.end(done);
      // The pre-commit run's handler would report a crash of this run as its own.
      process.removeAllListeners("uncaughtException");
      if (!serve(conn, request, { answered: done })) conn.end(done);
    });
  });
  // Bound once listen returns: the link is made at once, before the pre-commit hook has its answer.
  messages.listen(socket);
  publishLink(link, basename(socket));
}

function sameDirectory(dir: string, top: string): boolean {
  try {
    return realpathSync(dir) === top;
  } catch {
    return false;
  }
}

/** process.stdout or stderr as the hook's: what is written goes to it in frames; it is a terminal if the hook's is. */
function redirect(name: "stdout" | "stderr", kind: number, shape: TerminalShape, conn: net.Socket): void {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (chunk.length) conn.write(frame(kind, chunk));
      done();
    },
  });
  Object.assign(stream, { isTTY: shape.isTTY, columns: shape.columns });
  Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => stream });
}
