import type { Line } from "../engine/scan.js";

export interface InlineAllow {
  marker: string;
  /** Only this detector is allowed, when the marker names one. */
  detector?: string;
  reason: string;
}

const LEAKSTOP = "leakstop:allow";
// Markers users migrating from other tools already have in their code.
const FOREIGN = [
  { marker: "gitleaks:allow", test: (l: string) => l.includes("gitleaks:allow") },
  { marker: "pragma: allowlist secret", test: (l: string) => /pragma:\s*allowlist[ -](?:nextline[ -])?secret/i.test(l) },
];

const COMMENT_END = /\s*(\*\/|-->|%>|#}|\*\)|"""|''')\s*$/;

function parseLeakstop(line: string, knownIds: ReadonlySet<string>): InlineAllow | undefined {
  const at = line.toLowerCase().indexOf(LEAKSTOP);
  if (at < 0) return undefined;
  const rest = line.slice(at + LEAKSTOP.length).replace(COMMENT_END, "").trim();
  const [first, ...words] = rest.split(/\s+/);
  if (first && knownIds.has(first)) {
    return { marker: LEAKSTOP, detector: first, reason: words.join(" ").replace(/^[:\-–—]\s*/, "") || "no reason given" };
  }
  return { marker: LEAKSTOP, reason: rest.replace(/^[:\-–—]\s*/, "") || "no reason given" };
}

/** An allow marker on the finding's line or the line above it, if there is one that covers this detector. */
export function inlineAllowFor(lines: readonly Line[], lineIndex: number, detectorId: string, knownIds: ReadonlySet<string>): InlineAllow | undefined {
  const candidates = [lines[lineIndex]];
  const above = lines[lineIndex - 1];
  if (above && above.number === lines[lineIndex].number - 1) candidates.push(above);
  for (const line of candidates) {
    const own = parseLeakstop(line.text, knownIds);
    if (own && (!own.detector || own.detector === detectorId)) return own;
    for (const f of FOREIGN) if (f.test(line.text)) return { marker: f.marker, reason: `${f.marker} marker` };
  }
  return undefined;
}
