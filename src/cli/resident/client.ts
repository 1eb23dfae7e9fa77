import { rmSync } from "node:fs";
import type * as Net from "node:net";
import { errorLine, HOOK_FAILED, internalError, RESIDENT_LOST } from "../../model/messages.js";
import { FrameReader, FRAME, type ResidentRequest } from "./protocol.js";

/**
 * Hands the commit to the resident process on `socket` and relays what it writes. If it never answers (gone,
 * or busy with another commit), `runHere` runs the commit in this process; if it stops partway, the commit is
 * blocked, as any internal error in a hook is.
 */
export function askResident(socket: string, argv: string[], runHere: () => void): void {
  const net = process.getBuiltinModule("node:net") as typeof Net;
  // A reader that stops early (`leakstop --staged | head`) is not an error, as in a run of its own.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      stream.destroy();
      if (err.code !== "EPIPE") process.exitCode = 2;
    });
  }
  const conn = net.connect(socket);
  let answered = false;
  let finished = false;
  const frames = new FrameReader((kind, payload) => {
    if (kind === FRAME.exit) {
      finished = true;
      process.exitCode = payload[0];
      conn.destroy();
      return void process.stdout.write("", () => process.stderr.write("", () => process.exit()));
    }
    answered = true;
    (kind === FRAME.stdout ? process.stdout : process.stderr).write(payload);
  });
  let refused = false;
  conn.on("connect", () => conn.write(JSON.stringify(requestFor(argv)) + "\n"));
  conn.on("data", (chunk: Buffer) => frames.push(chunk));
  conn.on("error", (err: NodeJS.ErrnoException) => (refused = err.code === "ECONNREFUSED"));
  conn.on("close", () => {
    if (finished) return;
    if (!answered) {
      // Nothing listens: a process that died without closing left its socket behind.
      if (refused) rmSync(socket, { force: true });
      return runHere();
    }
    process.exitCode = 2;
    process.stderr.write(errorLine(internalError(RESIDENT_LOST)) + "\n");
    if (argv.includes("hook")) process.stderr.write(HOOK_FAILED["pre-commit"] + "\n");
  });
}

function requestFor(argv: string[]): ResidentRequest {
  return {
    argv,
    cwd: process.cwd(),
    env: process.env as Record<string, string>,
    stdout: { isTTY: process.stdout.isTTY === true, ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}) },
    stderr: { isTTY: process.stderr.isTTY === true, ...(process.stderr.isTTY ? { columns: process.stderr.columns } : {}) },
  };
}
