import type { Readable } from "node:stream";
import type * as WorkerThreads from "node:worker_threads";

/**
 * Git writes into a pipe of about 200 KB and then waits until it is read. The scan of one large change keeps
 * this thread busy for tens of milliseconds, and git waited all that time: on a diff of large files git and
 * the scan took turns instead of running on both cores (30 MB of minified lines: 0.57 s, 0.50 s with the
 * thread). Once a change reaches LARGE_CHANGE_BYTES, a thread of its own reads git's output as fast as git
 * writes it and queues it here, up to QUEUED_BYTES. Diffs of small files stay on this thread: git keeps up
 * without it, and running git at full speed beside the scan only slowed the scan (101 MB over 20,000 files:
 * 1.04x the time with the thread).
 */
const LARGE_CHANGE_BYTES = 512 * 1024;
const QUEUED_BYTES = 4 * 1024 * 1024;

// Reads of 64 KB, as Node's own: a string decoded from a larger read lands in the large-object space.
const READ_BYTES = 64 * 1024;

// Plain JavaScript evaluated in the thread, so that it starts without loading leakstop's bundle. It reads the
// pipe's descriptor, which stays owned (and closed) by this thread's stream; a read that finds the pipe empty
// sleeps a fraction of a millisecond, the time git takes to write a read's worth.
const READER = `
const { workerData, parentPort } = require("node:worker_threads");
const { readSync } = require("node:fs");
const { fd, shared, most, size } = workerData;
const state = new Int32Array(shared);
function read() {
  let buffer = new ArrayBuffer(size);
  let filled = 0;
  let waits = 0;
  // A read that found less than a buffer's worth goes as a copy of its size, so the queue's count is its memory.
  const send = () => {
    Atomics.add(state, 0, filled);
    const whole = filled === size;
    const sent = whole ? buffer : buffer.slice(0, filled);
    parentPort.postMessage({ buffer: sent, got: filled }, [sent]);
    if (whole) buffer = new ArrayBuffer(size);
    filled = 0;
  };
  for (;;) {
    // A full queue is let drain to half before reading on: one wake per half queue, not one per read.
    if (filled === 0 && Atomics.load(state, 0) > most) {
      for (let queued; (queued = Atomics.load(state, 0)) > most / 2; ) Atomics.wait(state, 0, queued, 50);
    }
    let got;
    try {
      got = readSync(fd, new Uint8Array(buffer), filled, size - filled, null);
    } catch (err) {
      if (err.code !== "EAGAIN") return parentPort.postMessage({ error: err.message });
      if (filled > 0 && ++waits > 1) send();
      Atomics.wait(state, 2, 0, 0.5);
      continue;
    }
    waits = 0;
    if (got === 0) {
      if (filled > 0) send();
      return parentPort.postMessage({ end: true });
    }
    filled += got;
    if (filled === size) send();
  }
}
parentPort.postMessage({ ready: true });
Atomics.wait(state, 1, 0);
if (Atomics.load(state, 1) === 1) read();
`;

// Where each file's part of a diff (or of `git log -p`) begins.
const FILE_HEADER = Buffer.from("\ndiff --");

/** Reads git's output as it comes and says once the file being read has reached LARGE_CHANGE_BYTES. */
export class LargeChangeWatch {
  private sinceHeader = 0;

  largeAfter(chunk: Buffer): boolean {
    const header = chunk.lastIndexOf(FILE_HEADER);
    this.sinceHeader = header === -1 ? this.sinceHeader + chunk.length : chunk.length - header;
    return this.sinceHeader >= LARGE_CHANGE_BYTES;
  }
}

interface PipeHandle {
  fd?: number;
  reading?: boolean;
  readStop?: () => number;
}

export interface ReaderThread {
  /** Ends the thread (after a failure: git is killed, its output no longer matters). */
  stop(): void;
}

/**
 * Starts a reader thread for `stdout` (git's output pipe). Once the thread runs, this thread's stream stops
 * reading, and each chunk the thread read goes to `onChunk`, in order. At the end of git's output the stream
 * is destroyed, so the child's "close" follows as usual. Until the thread runs, the stream reads as before.
 * Undefined where the pipe has no descriptor to share (Windows).
 */
export function readOnThread(stdout: Readable, onChunk: (chunk: Buffer) => void, onError: (err: Error) => void): ReaderThread | undefined {
  const handle = (stdout as unknown as { _handle?: PipeHandle })._handle;
  if (process.platform === "win32" || typeof handle?.fd !== "number" || handle.fd < 0 || typeof handle.readStop !== "function") return undefined;
  // Shared with the thread: [0] bytes read and not yet taken here; [1] 0 until told, then 1 read or 2 leave;
  // [2] never set, only waited on as a pause.
  const shared = new SharedArrayBuffer(12);
  const state = new Int32Array(shared);
  // Loaded here, not on every commit: most diffs never need the thread.
  const { Worker } = process.getBuiltinModule("node:worker_threads") as typeof WorkerThreads;
  const worker = new Worker(READER, { eval: true, workerData: { fd: handle.fd, shared, most: QUEUED_BYTES, size: READ_BYTES }, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
  let handedOver = false;
  const go = (value: 1 | 2) => {
    Atomics.store(state, 1, value);
    Atomics.notify(state, 1);
  };
  const takeOver = () => {
    // Between reads the stream holds nothing: what it read has gone to its listener. It must not start again.
    if (stdout.readableLength > 0 || stdout.destroyed || stdout.readableEnded) return go(2);
    stdout.pause();
    stdout.removeAllListeners("data");
    (stdout as unknown as { _read: () => void })._read = () => {};
    handle.reading = false;
    handle.readStop!();
    handedOver = true;
    go(1);
  };
  worker.on("message", (message: { ready?: true; buffer?: ArrayBuffer; got?: number; end?: true; error?: string }) => {
    if (message.ready) return takeOver();
    if (message.buffer) {
      onChunk(Buffer.from(message.buffer, 0, message.got));
      const queued = Atomics.sub(state, 0, message.got!) - message.got!;
      if (queued <= QUEUED_BYTES / 2 && queued + message.got! > QUEUED_BYTES / 2) Atomics.notify(state, 0);
      return;
    }
    stdout.destroy();
    if (message.error) onError(new Error(message.error));
  });
  worker.on("error", (err) => {
    if (!handedOver) return;
    stdout.destroy();
    onError(err);
  });
  return {
    stop() {
      go(2);
      void worker.terminate();
    },
  };
}
