import { scryptHex } from "../util/crypto.js";
import { shannonEntropy } from "./entropy.js";

/** At most the first 4 characters survive; the rest is masked with a bounded run of asterisks. */
export function redact(secret: string): string {
  const firstLine = secret.split(/\r?\n/, 1)[0];
  const keep = keptPrefixLength(firstLine);
  return firstLine.slice(0, keep) + "*".repeat(Math.max(4, Math.min(firstLine.length - keep, 16)));
}

/** How many leading characters of a secret may be shown: at most 4, and at most a quarter of it. */
export function keptPrefixLength(secret: string): number {
  return Math.min(4, Math.floor(secret.length / 4));
}

// Versioned: a fingerprint never changes meaning. Fixed so that the same secret has the same fingerprint everywhere.
const FINGERPRINT_SALT = "leakstop:fingerprint:v3";

/** A stable identifier of a secret that cannot be turned back into it, even for a short password (scrypt). */
export function fingerprintOf(detectorId: string, digest: string): string {
  return `${detectorId}:${scryptHex(digest, FINGERPRINT_SALT, 8)}`;
}

export type { Span } from "../model/index.js";
import type { Span } from "../model/index.js";

/** Spans in order, overlapping ones merged: the first one's mask stands for the whole union. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** `text[from, to)` with every span masked; spans must be merged and sorted. */
function masked(text: string, merged: readonly Span[], from: number, to: number): string {
  let out = "";
  let at = from;
  for (const s of merged) {
    if (s.end <= from || s.start >= to) continue;
    out += text.slice(at, Math.max(at, s.start)) + s.redacted;
    at = Math.max(at, s.end);
  }
  if (at < to) out += text.slice(at, to);
  return out;
}

/** The whole text with every span masked (names, subjects, reasons: short texts shown in full). */
export function maskSpans(text: string, spans: readonly Span[]): string {
  return spans.length ? masked(text, mergeSpans(spans), 0, text.length) : text;
}

const BEFORE = 80;
const AFTER = 120;

/**
 * The line as shown for the finding at `focus`: every secret span redacted, and long lines (minified code) cut
 * to a window around the finding, so the cost stays bounded however many findings share the line.
 */
export function redactLine(text: string, spans: readonly Span[], focus = spans[0]?.start ?? 0): string {
  let merged = mergeSpans(spans);
  let from = Math.max(0, focus - BEFORE);
  const to = Math.min(text.length, focus + AFTER);
  // Never start the window inside a secret: widen it to the secret's start.
  const cut = merged.find((s) => s.start < from && s.end > from);
  if (cut) from = cut.start;
  const unnamed = randomRuns(text, from, to).filter((r) => !merged.some((s) => s.start < r.end && r.start < s.end));
  if (unnamed.length) merged = mergeSpans([...merged, ...unnamed]);
  return ((from > 0 ? "\u2026" : "") + masked(text, merged, from, to) + (to < text.length ? "\u2026" : "")).trim();
}

// A run of token characters this long, with letters and digits, and this random, is masked wherever a line is shown.
const TOKEN_RUN = /[A-Za-z0-9+/_=.-]{20,}/g;
const RANDOM_BITS_PER_CHAR = 3.5;
// How far past the shown window a run is read, so one the window cuts is judged whole.
const RUN_REACH = 1024;

/**
 * Random-looking runs in text[from, to): a secret no detector named (the unpaired half of a key, a token of an
 * unknown provider) on the line of one that is found is masked too, never shown because it went unrecognised.
 */
function randomRuns(text: string, from: number, to: number): Span[] {
  const runs: Span[] = [];
  const reach = Math.max(0, from - RUN_REACH);
  for (const m of text.slice(reach, to + RUN_REACH).matchAll(TOKEN_RUN)) {
    const run = m[0];
    const start = reach + m.index;
    if (start >= to || start + run.length <= from) continue;
    if (!looksRandom(run)) continue;
    runs.push({ start, end: start + run.length, redacted: redact(run) });
  }
  return runs;
}

const looksRandom = (run: string) => /\d/.test(run) && /[A-Za-z]/.test(run) && shannonEntropy(run) >= RANDOM_BITS_PER_CHAR;

/** The random-looking runs of a short free text (a subject, a reason), masked as a shown line's are. */
export function randomRunSpans(text: string): Span[] {
  return randomRuns(text, 0, text.length);
}

/** Whether text holds a run that a shown line would have masked: a token no detector may know. */
export function holdsRandomRun(text: string): boolean {
  for (const m of text.matchAll(TOKEN_RUN)) if (looksRandom(m[0])) return true;
  return false;
}

/** What redactSharedLines reads and rewrites of a finding (the engine's Finding, or a known value's). */
interface ShownFinding {
  line: number;
  column: number;
  endColumn: number;
  redacted: string;
  lineRedacted: string;
  lineSpans?: readonly Span[];
}

/**
 * Rebuilds each finding's shown line from the spans of every secret on that line, whichever scanner found it
 * (detectors, custom detectors, known values), listed or beyond the per-line cap: one finding's line must not
 * show another's secret.
 */
export function redactSharedLines(change: { lines: readonly { number: number; text: string; offset?: number }[] }, findings: readonly ShownFinding[]): void {
  const byLine = new Map<number, ShownFinding[]>();
  for (const f of findings) byLine.set(f.line, [...(byLine.get(f.line) ?? []), f]);
  const lines = new Map(change.lines.map((l) => [l.number, l]));
  for (const [number, onLine] of byLine) {
    const line = lines.get(number);
    if (!line) continue;
    const offset = line.offset ?? 0;
    const spans: Span[] = [];
    for (const f of onLine) {
      if (f.lineSpans) spans.push(...f.lineSpans);
      else spans.push({ start: f.column - 1 - offset, end: Math.max(f.endColumn - 1, f.column) - offset, redacted: f.redacted });
    }
    spans.sort((a, b) => a.start - b.start);
    for (const f of onLine) f.lineRedacted = redactLine(line.text, spans, f.column - 1 - offset);
  }
}
