import { sha256Hex } from "./placeholders.js";

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

/** Replaces each span in a line by its redacted form, and keeps long lines to a window around the first span. */
export function redactLine(text: string, spans: { start: number; end: number; redacted: string }[]): string {
  const sorted = [...spans].sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of sorted) out = out.slice(0, s.start) + s.redacted + out.slice(Math.min(s.end, out.length));
  const first = Math.min(...spans.map((s) => s.start));
  const WINDOW = 80;
  if (out.length > 2 * WINDOW + 40) {
    const from = Math.max(0, first - WINDOW);
    out = (from > 0 ? "\u2026" : "") + out.slice(from, from + 2 * WINDOW + 40) + "\u2026";
  }
  return out.trim();
}
