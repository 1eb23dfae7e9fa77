import { sha256Hex } from "../util/crypto.js";

/** At most the first 4 characters survive; the rest is masked with a bounded run of asterisks. */
export function redact(secret: string): string {
  const firstLine = secret.split(/\r?\n/, 1)[0];
  const keep = Math.min(4, Math.floor(firstLine.length / 4));
  return firstLine.slice(0, keep) + "*".repeat(Math.max(4, Math.min(firstLine.length - keep, 16)));
}

/** A stable identifier of a secret that cannot be turned back into it. */
export function fingerprintOf(detectorId: string, secret: string): string {
  return `${detectorId}:${sha256Hex(`leakstop:v1:${secret}`).slice(0, 16)}`;
}

export interface Span {
  start: number;
  end: number;
  redacted: string;
}

const BEFORE = 80;
const AFTER = 120;

/**
 * The line as shown for the finding at `focus`: every secret span redacted, and long lines (minified code) cut
 * to a window around the finding, so the cost stays bounded however many findings share the line.
 */
export function redactLine(text: string, spans: readonly Span[], focus = spans[0]?.start ?? 0): string {
  let from = Math.max(0, focus - BEFORE);
  const to = Math.min(text.length, focus + AFTER);
  const visible = spans.filter((s) => s.end > from && s.start < to).sort((a, b) => a.start - b.start);
  if (visible.length && visible[0].start < from) from = visible[0].start;
  let out = "";
  let at = from;
  for (const s of visible) {
    if (s.start < at) continue; // overlapping spans: the first one already covers it
    out += text.slice(at, s.start) + s.redacted;
    at = s.end;
  }
  if (at < to) out += text.slice(at, to);
  return ((from > 0 ? "\u2026" : "") + out + (to < text.length ? "\u2026" : "")).trim();
}
