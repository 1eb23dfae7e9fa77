// Scans changes on worker threads while the main thread goes on reading git: changes go out in batches, results
// come back in the order the changes went in. The main thread never listens for messages: it polls its result
// ports, and when too much is in flight it blocks (Atomics.wait) until the oldest batch is back. Blocked, it
// reads no more of git's output, so git's pipe fills and git waits: memory stays bounded by the backlog.
import { MessageChannel, parentPort, receiveMessageOnPort, Worker, workerData, type MessagePort } from "node:worker_threads";
import type { DetectorCore } from "../detectors/types.js";
import type { Change, Finding, Line } from "../model/index.js";
import { SCAN_WORKER_STOPPED, scanWorkerFailed } from "../model/messages.js";
import { fingerprintOf } from "./redact.js";

/**
 * A finding as it crosses threads: its detector by id, no fingerprint (a getter, computed where it is shown),
 * and no place (path, commit and origin are its change's, which the main thread still holds).
 */
export type WireFinding = Omit<Finding, "detector" | "fingerprint" | "path" | "commit" | "origin" | "member"> & { detectorId: string };

/**
 * What the engine said about one change: its findings, what it counted past its caps (scanChange's onUnlisted),
 * and whether it left encoded text undecoded (onUndecoded).
 */
export interface Scanned<F = WireFinding> {
  findings: F[];
  unlisted: [count: number, atLeast: boolean][];
  undecoded?: boolean;
}

export type ScanOne = (change: Change, onUnlisted: (count: number, atLeast: boolean) => void, onUndecoded: () => void) => Finding[];

/** One change through `scan`, with what it told of leaving out, as the pool hands results back. */
export function scanRecorded(scan: ScanOne, change: Change): Scanned<Finding> {
  const unlisted: Scanned["unlisted"] = [];
  let undecoded = false;
  const findings = scan(change, (count, atLeast) => unlisted.push([count, atLeast]), () => (undecoded = true));
  return { findings, unlisted, ...(undecoded ? { undecoded } : {}) };
}

/**
 * A batch of changes as it crosses threads: every line's text in one string, and its number, flags and offset
 * in typed arrays. Cloning one string and a few arrays costs the main thread a fraction of cloning each Line.
 */
interface ToWorker {
  id: number;
  changes: Omit<Change, "lines">[];
  /** Lines per change. */
  counts: Int32Array;
  text: string;
  lengths: Int32Array;
  numbers: Int32Array;
  /** ADDED | SEEN | HAS_OFFSET. */
  flags: Uint8Array;
  offsets: Float64Array;
}

const ADDED = 1;
const SEEN = 2;
const HAS_OFFSET = 4;

function encodeBatch(id: number, changes: Change[]): ToWorker {
  let total = 0;
  for (const c of changes) total += c.lines.length;
  const batch: ToWorker = { id, changes: [], counts: new Int32Array(changes.length), text: "", lengths: new Int32Array(total), numbers: new Int32Array(total), flags: new Uint8Array(total), offsets: new Float64Array(total) };
  const texts: string[] = new Array<string>(total);
  let i = 0;
  changes.forEach((c, n) => {
    batch.changes.push({ path: c.path, ...(c.commit ? { commit: c.commit } : {}), ...(c.origin ? { origin: c.origin } : {}), ...(c.member ? { member: c.member } : {}), ...(c.laterPiece ? { laterPiece: c.laterPiece } : {}), ...(c.carriedOn ? { carriedOn: c.carriedOn } : {}) });
    batch.counts[n] = c.lines.length;
    for (const line of c.lines) {
      texts[i] = line.text;
      batch.lengths[i] = line.text.length;
      batch.numbers[i] = line.number;
      batch.flags[i] = (line.added ? ADDED : 0) | (line.seen ? SEEN : 0) | (line.offset !== undefined ? HAS_OFFSET : 0);
      batch.offsets[i] = line.offset ?? 0;
      i++;
    }
  });
  batch.text = texts.join("");
  return batch;
}

function decodeBatch(batch: ToWorker): Change[] {
  let i = 0;
  let at = 0;
  return batch.changes.map((meta, n) => {
    const lines: Line[] = new Array<Line>(batch.counts[n]);
    for (let k = 0; k < lines.length; k++, i++) {
      const flags = batch.flags[i];
      const line: Line = { number: batch.numbers[i], text: batch.text.slice(at, (at += batch.lengths[i])), added: (flags & ADDED) !== 0 };
      if (flags & SEEN) line.seen = true;
      if (flags & HAS_OFFSET) line.offset = batch.offsets[i];
      lines[k] = line;
    }
    return { ...meta, lines };
  });
}

type FromWorker = { id: number; results: Scanned[] } | { id: number; error: string };

interface Setup {
  init: unknown;
  port: MessagePort;
  signal: SharedArrayBuffer;
  slot: number;
}

// A batch is sent when it holds this much text or this many changes: fewer, larger messages cost less.
const BATCH_BYTES = 256 * 1024;
const BATCH_CHANGES = 256;
/** Text sent and not yet handed back beyond which the reader waits: the bound on what the pool holds. */
const BACKLOG_BYTES = 4 * 1024 * 1024;
const BACKLOG_CHANGES = 8192;

export function textBytes(change: Change): number {
  let bytes = 0;
  for (const line of change.lines) bytes += line.text.length + 1;
  return bytes;
}

const PLACE = new Set(["detector", "path", "commit", "origin", "member"]);

function toWire(f: Finding): WireFinding {
  const wire: Record<string, unknown> = { detectorId: f.detector.id };
  // Own data properties only: the fingerprint getter would run scrypt for findings no one shows.
  for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(f))) if ("value" in d && !PLACE.has(key)) wire[key] = d.value;
  return wire as WireFinding;
}

/** The finding again, in its change's place, its detector the main thread's own object. */
export function fromWire(wire: WireFinding, change: Change, detectors: ReadonlyMap<string, DetectorCore>): Finding {
  const { detectorId, ...rest } = wire;
  const detector = detectors.get(detectorId);
  if (!detector) throw new Error(scanWorkerFailed(`unknown detector ${detectorId}`));
  let fingerprint: string | undefined;
  return {
    detector,
    path: change.path,
    commit: change.commit,
    origin: change.origin,
    ...(change.member ? { member: change.member } : {}),
    ...rest,
    get fingerprint() {
      return (fingerprint ??= fingerprintOf(detector.id, wire.digest));
    },
  };
}

/** An error's first line, short: it crosses to the main thread's one-line error, never with scanned text. */
function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split("\n")[0].slice(0, 160);
}

/** The worker's side: builds its scanner from the pool's `init`, then scans each batch it is sent. */
export function serveScans(build: (init: unknown) => Promise<ScanOne>): void {
  const { init, port, signal, slot } = workerData as Setup;
  const flags = new Int32Array(signal);
  const scanner = build(init);
  const reply = (message: FromWorker) => {
    port.postMessage(message);
    Atomics.add(flags, slot, 1);
    Atomics.notify(flags, slot);
  };
  parentPort!.on("message", (batch: ToWorker) => {
    scanner.then(
      (scan) => {
        try {
          reply({
            id: batch.id,
            results: decodeBatch(batch).map((change) => {
              const { findings, ...leftOut } = scanRecorded(scan, change);
              return { findings: findings.map(toWire), ...leftOut };
            }),
          });
        } catch (err) {
          reply({ id: batch.id, error: firstLine(err) });
        }
      },
      (err: unknown) => reply({ id: batch.id, error: firstLine(err) }),
    );
  });
}

interface Sent {
  id: number;
  changes: Change[];
  bytes: number;
  worker: number;
}

/** The main thread's side. Results come out of `ready` and `oldest` in the order the changes were submitted. */
export class ScanPool {
  private readonly workers: { worker: Worker; port: MessagePort; bytes: number }[] = [];
  private readonly flags: Int32Array;
  private batch: Change[] = [];
  private batchBytes = 0;
  private nextId = 0;
  private readonly sent: Sent[] = [];
  private readonly back = new Map<number, Scanned[]>();
  private backlogBytes = 0;
  private backlogChanges = 0;

  constructor(script: URL, size: number, init: unknown) {
    const signal = new SharedArrayBuffer(4 * size);
    this.flags = new Int32Array(signal);
    for (let slot = 0; slot < size; slot++) {
      const { port1, port2 } = new MessageChannel();
      // The worker's own stderr (a second re2 fallback notice, config warnings) repeats what this thread said.
      // A small young generation: a batch is garbage once scanned, and each worker's memory stays lower.
      const worker = new Worker(script, { workerData: { init, port: port2, signal, slot } satisfies Setup, transferList: [port2], stdout: true, stderr: true, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      worker.stdout.resume();
      worker.stderr.resume();
      worker.unref();
      this.workers.push({ worker, port: port1, bytes: 0 });
    }
  }

  submit(change: Change): void {
    const bytes = textBytes(change);
    this.batch.push(change);
    this.batchBytes += bytes;
    this.backlogBytes += bytes;
    this.backlogChanges++;
    if (this.batchBytes >= BATCH_BYTES || this.batch.length >= BATCH_CHANGES) this.send();
  }

  /** More is in flight than the pool may hold: take `oldest` before submitting more. */
  get full(): boolean {
    return this.backlogBytes > BACKLOG_BYTES || this.backlogChanges > BACKLOG_CHANGES;
  }

  get idle(): boolean {
    return !this.sent.length && !this.batch.length;
  }

  /** The results already back, in order, without waiting. */
  ready(): [Change, Scanned][] {
    this.poll();
    const out: [Change, Scanned][] = [];
    while (this.sent.length && this.back.has(this.sent[0].id)) out.push(...this.take());
    return out;
  }

  /** The oldest batch's results, waiting for them (and sending what is batched, so that they come). */
  oldest(): [Change, Scanned][] {
    if (!this.sent.length) this.send();
    const first = this.sent[0];
    if (!first) return [];
    while (!this.back.has(first.id)) {
      const seen = Atomics.load(this.flags, first.worker);
      if (this.poll()) continue;
      // A worker that died without replying (out of memory) would leave this waiting forever.
      if (Atomics.wait(this.flags, first.worker, seen, 1000) === "timed-out" && this.workers[first.worker].worker.threadId === -1) throw new Error(SCAN_WORKER_STOPPED);
    }
    return this.take();
  }

  close(): void {
    for (const { worker, port } of this.workers) {
      port.close();
      void worker.terminate();
    }
  }

  private send(): void {
    if (!this.batch.length) return;
    // To the worker with the least text in hand.
    let worker = 0;
    for (let w = 1; w < this.workers.length; w++) if (this.workers[w].bytes < this.workers[worker].bytes) worker = w;
    const id = this.nextId++;
    this.workers[worker].worker.postMessage(encodeBatch(id, this.batch));
    this.workers[worker].bytes += this.batchBytes;
    this.sent.push({ id, changes: this.batch, bytes: this.batchBytes, worker });
    this.batch = [];
    this.batchBytes = 0;
  }

  /** Reads every result waiting on the ports; whether any was there. */
  private poll(): boolean {
    let any = false;
    for (const { port } of this.workers) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const message = m.message as FromWorker;
        if ("error" in message) throw new Error(scanWorkerFailed(message.error));
        this.back.set(message.id, message.results);
        any = true;
      }
    }
    return any;
  }

  private take(): [Change, Scanned][] {
    const done = this.sent.shift()!;
    const results = this.back.get(done.id)!;
    this.back.delete(done.id);
    this.workers[done.worker].bytes -= done.bytes;
    this.backlogBytes -= done.bytes;
    this.backlogChanges -= done.changes.length;
    return done.changes.map((change, i) => [change, results[i]]);
  }
}
