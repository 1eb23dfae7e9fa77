import { loadGuidance, type DetectorDoc } from "../detectors/load.js";
import { EXPLAIN_LIVE_CHECK, explainHeader, GUIDANCE_LABELS, keepOutOfCode } from "../model/messages.js";
import { renderRemedyGuidance } from "./remedyLines.js";
import { terminalSafeDeep } from "./shownNames.js";
import type { Style } from "./style.js";
import { wrap } from "./wrap.js";

/** Guidance by detector id: the repository's custom detectors (made inert for a terminal), then the built-in files. */
export function guidanceLookup(customDocs: DetectorDoc[]): (id: string) => DetectorDoc | undefined {
  let custom: Map<string, DetectorDoc> | undefined;
  return (id) => {
    custom ??= new Map(customDocs.map((d) => [d.id, terminalSafeDeep(d)]));
    return custom.get(id) ?? loadGuidance(id);
  };
}

/**
 * What to know and do about one credential type: the one renderer behind the text report's "What to do" and
 * `leakstop explain`, so the two never drift. Custom detectors may carry only part of the guidance: it prints
 * what there is.
 */
export function renderGuidance(doc: DetectorDoc, style: Style, width?: number): string[] {
  const g: Partial<DetectorDoc["guidance"]> = doc.guidance ?? {};
  const L = GUIDANCE_LABELS;
  const out: string[] = [];
  if (g.what) out.push(`${style.bold(L.what)} ${g.what}`);
  out.push(`${style.bold(L.severity)} ${doc.severity}${g.severityReason ? `: ${g.severityReason}` : ""}`);
  if (g.attacker) out.push(`${style.bold(L.attacker)} ${g.attacker}`);
  // The live check and the revoke command are commands: never wrapped, so they run as printed.
  const commands = new Set<string>();
  const check = g.check ? `    ${g.check}` : undefined;
  if (check) out.push(`${style.bold(L.live)} ${EXPLAIN_LIVE_CHECK}`, check);
  if (check) commands.add(check);
  for (const line of g.revokeCommand ?? []) commands.add(`    ${line}`);
  if (g.revoke?.length) {
    out.push(`${style.bold(L.revoke)}${g.dashboard ? ` (${g.dashboard})` : ""}:`, ...g.revoke.map((step, i) => `  ${i + 1}. ${step}`));
  }
  out.push(...renderRemedyGuidance(g, style));
  out.push(`${style.bold(L.keepOut)} ${keepOutOfCode(g.envVar)}`);
  if (g.variableNames?.length && g.files?.length) {
    out.push(`${style.bold(L.usuallyNamed)} ${g.variableNames.join(", ")}; ${style.bold(L.foundIn)} ${g.files.join(", ")}.`);
  }
  if (width === undefined) return out;
  return out.flatMap((line) => (commands.has(line) ? [line] : wrap(line, width, /^ *\d+\. /.test(line) ? "     " : "    ")));
}

/** `leakstop explain ID` as text: a header naming the detector, then the same guidance as the report. */
export function renderExplain(doc: DetectorDoc, style: Style): string {
  return [...explainHeader(doc), "", ...renderGuidance(doc, style), ""].join("\n");
}
