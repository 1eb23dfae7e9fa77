import { rmSync } from "node:fs";
import type * as Net from "node:net";
import { errorLine, HOOK_FAILED, internalError, RESIDENT_LOST, residentSilent } from "../../model/messages.js";
import { stagedDiffId } from "../../source/git/args.js";
import { exitWhenFlushed, keepExitCodeWhenReaderLeaves } from "../exit.js";
import { FrameReader, FRAME, isPrePushHook, SILENCE_MS, type ResidentRequest } from "./protocol.js";

/**
 * Hands the commit to the resident process on `socket` and relays what it writes. If it never answers (gone,
 * busy with another commit, or silent for SILENCE_MS), `runHere` runs the commit in this process; if it stops
 * or falls silent partway, the commit is blocked, as any internal error in a hook is. A silent process is
 * killed: it hangs, and would hold its memory until the machine restarts.
 */
export function askResident(socket: string, argv: string[], runHere: () => void, handed: { stagedDiff?: Buffer; hookInput?: Buffer } = {}): void {
  let request: string;
  try {
    request = JSON.stringify(requestFor(argv, handed)) + "\n";
  } catch {
    // No working directory any more, say: this process reports it as a run of its own would.
    return runHere();
  }
  const block = (message: string) => {
    process.exitCode = 2;
    process.stderr.write(errorLine(internalError(message)) + "\n");
    if (argv.includes("hook")) process.stderr.write(HOOK_FAILED[isPrePushHook(argv) ? "pre-push" : "pre-commit"] + "\n");
  };
  const onCrash = (err: Error) => {
    block(String(err?.message ?? err).split("\n")[0]);
    process.exit(2);
  };
  process.on("uncaughtException", onCrash);
  keepExitCodeWhenReaderLeaves();
  const net = process.getBuiltinModule("node:net") as typeof Net;
  const conn = net.connect(socket);
  let answered = false;
  let finished = false;
  let refused = false;
  let residentPid: number | undefined;
  const onSilence = () => {
    finished = true;
    conn.destroy();
    try {
      if (residentPid) process.kill(residentPid, "SIGKILL");
    } catch {
      // Gone already.
    }
    if (answered) {
      block(residentSilent(SILENCE_MS / 1000));
      return exitWhenFlushed();
    }
    process.off("uncaughtException", onCrash);
    runHere();
  };
  let silence = setTimeout(onSilence, SILENCE_MS);
  const frames = new FrameReader((kind, payload) => {
    clearTimeout(silence);
    if (kind === FRAME.exit) {
      finished = true;
      // A stream error above keeps its exit code, as in a run of its own.
      process.exitCode = process.exitCode || payload[0];
      conn.destroy();
      return exitWhenFlushed();
    }
    silence = setTimeout(onSilence, SILENCE_MS);
    if (kind === FRAME.alive) {
      const pid = Number(payload.toString("latin1"));
      residentPid = Number.isSafeInteger(pid) && pid > 1 && pid !== process.pid ? pid : undefined;
      return;
    }
    answered = true;
    const stream = kind === FRAME.stdout ? process.stdout : process.stderr;
    if (!stream.destroyed) stream.write(payload);
  });
  conn.on("connect", () => conn.write(request));
  conn.on("data", (chunk: Buffer) => frames.push(chunk));
  conn.on("error", (err: NodeJS.ErrnoException) => (refused = err.code === "ECONNREFUSED"));
  conn.on("close", () => {
    clearTimeout(silence);
    if (finished) return;
    if (answered) return block(RESIDENT_LOST);
    // Nothing listens: a process that died without closing left its socket behind.
    if (refused) rmSync(socket, { force: true });
    process.off("uncaughtException", onCrash);
    runHere();
  });
}

function requestFor(argv: string[], { stagedDiff, hookInput }: { stagedDiff?: Buffer; hookInput?: Buffer }): ResidentRequest {
  return {
    argv,
    // The launcher took it only from a stub naming its own arguments.
    ...(stagedDiff ? { stagedDiff: stagedDiff.toString("base64"), stagedDiffId: stagedDiffId() } : {}),
    ...(hookInput ? { hookInput: hookInput.toString("base64") } : {}),
    cwd: process.cwd(),
    env: process.env as Record<string, string>,
    stdout: { isTTY: process.stdout.isTTY === true, ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}) },
    stderr: { isTTY: process.stderr.isTTY === true, ...(process.stderr.isTTY ? { columns: process.stderr.columns } : {}) },
  };
}
