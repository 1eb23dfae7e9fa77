// A resident process serves one commit: the CLI loaded and the built-in catalogue compiled before the commit
// arrives, then the hook's directory, environment and terminal taken on whole, as if it had started there.
// One commit each, so nothing of one repository's run can reach another's; a successor starts as it leaves,
// once the rest of the commit is done.
import { spawn } from "node:child_process";
import { existsSync, lstatSync, readdirSync, realpathSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import * as net from "node:net";
import { basename, dirname, join } from "node:path";
import { Writable } from "node:stream";
import { PINNED, STAGED_DIFF, stagedDiffId } from "../../source/git/args.js";
import { startEarly, startPiped } from "../../source/git/early.js";
import { loadCompiled } from "../compileCache.js";
import { ALIVE_MS, FRAME, frame, IDENTITY_FILES, installLink, residentSocket, type InstallClaim, type ResidentRequest, type TerminalShape } from "./protocol.js";
import { AFTER_COMMIT_MS, startResident } from "./start.js";

/** Left unused this long, it leaves: a warm process is memory held for a commit that may not come. */
const IDLE_MS = 15 * 60_000;
/** A request is argv, cwd and environment; anything much larger is not from our launcher. */
const MAX_REQUEST_BYTES = 1 << 20;

interface App {
  runCli(argv: string[]): void;
  warmUp(): void;
}

const resolveHere = createRequire(import.meta.url).resolve;
const launcherPath = realpathSync(resolveHere("./main.cjs"));
const socketPath = process.argv[2];
const warmUpDelayMs = Number(process.argv[3] ?? 0);
const leave = process.exit.bind(process);
let app: App;
let finishing = false;
const server = net.createServer();
// Another process has the socket (two commits started one each): this one is not needed.
server.on("error", () => leave(0));
const idle = setTimeout(() => server.close(() => leave(0)), IDLE_MS);
// Stopped (a logout, kill): the socket goes with it, so no commit finds it and has to remove it.
for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => server.close(() => leave(0)));
server.once("connection", (conn) => {
  // Closing unlinks the socket: the commit after this one starts its own process or finds the successor.
  server.close();
  clearTimeout(idle);
  conn.on("error", () => leave(0));
  // The hook's process gone (Ctrl-C, or a connection that asks nothing) ends this one: nothing is left to report to.
  conn.on("close", () => finishing || leave(0));
  // Decoded once whole: a character cut between two reads would otherwise decode as two replacement characters.
  const parts: Buffer[] = [];
  let bytes = 0;
  const onData = (chunk: Buffer) => {
    parts.push(chunk);
    bytes += chunk.length;
    if (!chunk.includes(0x0a)) {
      if (bytes > MAX_REQUEST_BYTES) leave(0);
      return;
    }
    conn.off("data", onData);
    const request = Buffer.concat(parts, bytes).toString("utf8");
    serve(conn, JSON.parse(request.slice(0, request.indexOf("\n"))) as ResidentRequest);
  };
  conn.on("data", onData);
});
setTimeout(() => {
  app = loadCompiled(resolveHere("./app.cjs")) as App;
  app.warmUp();
  warmSockets(() => {
    // A process's first spawn costs twice its later ones (10 ms against 4.5 here): paid now, not by the commit's git.
    const listen = () => {
      removeDeadLinks();
      linkInstall();
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

/** Install links whose socket is gone (their process left when idle, or was killed): each install's next process makes its own again. */
function removeDeadLinks(): void {
  const dir = dirname(socketPath);
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (/^install-[0-9a-f]{8}$/.test(name) && !existsSync(path) && Date.now() - lstatSync(path).mtimeMs > FRESH_LINK_MS) rmSync(path, { force: true });
    }
  } catch {
    // Left for the next process to try: a dangling link only means no process, to the stub.
  }
}

/** The link the stub's Perl client finds this process by, made before the socket so that both are there once it is. */
function linkInstall(): void {
  const link = installLink(socketPath, launcherPath);
  const made = `${link}.${process.pid}`;
  try {
    rmSync(made, { force: true });
    symlinkSync(basename(socketPath), made);
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

function serve(conn: net.Socket, request: ResidentRequest): void {
  try {
    process.chdir(request.cwd);
  } catch {
    // Not served: the hook's process runs the commit itself.
    return leave(0);
  }
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, request.env);
  // Not served (closed unanswered): the hook runs the commit with its own install, which starts a process for it.
  if (request.install && !servesInstall(request.install)) return leave(0);
  process.argv = [process.argv[0], process.argv[1], ...request.argv];
  // Sent from this thread's event loop: a run that stops turning it (a hang) stops saying it is alive.
  const alive = () => conn.write(frame(FRAME.alive, Buffer.from(String(process.pid))));
  alive();
  const beat = setInterval(alive, ALIVE_MS);
  redirect("stdout", FRAME.stdout, request.stdout, conn);
  redirect("stderr", FRAME.stderr, request.stderr, conn);
  process.exit = ((code?: number | string | null) => {
    if (finishing) return;
    finishing = true;
    clearInterval(beat);
    const status = Number(code ?? process.exitCode ?? 0) & 0xff;
    conn.end(frame(FRAME.exit, Uint8Array.of(status)), () =>
      setTimeout(() => {
        startResident(socketPath, 0);
        leave(0);
      }, AFTER_COMMIT_MS),
    );
  }) as typeof process.exit;
  const args = [...PINNED, ...STAGED_DIFF];
  if (request.stagedDiff !== undefined && request.stagedDiffId === stagedDiffId()) startPiped(args, Buffer.from(request.stagedDiff, "base64"));
  else startEarly(args);
  app.runCli(request.argv);
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
