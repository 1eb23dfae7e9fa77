import type { Outcome } from "../model/index.js";
import { PART_JOINER, receiveExplainHint, receiveRejected, receiveSteps, summaryLine } from "../model/messages.js";
import { allParts, locations, shownLines } from "./credential.js";
import type { RenderContext, Writer } from "./writer.js";
import { unbreakable } from "./wrap.js";

/**
 * The server's report: the pusher reads it as `remote:` lines, so one line per finding and the steps once.
 * The full guidance stays on the pusher's machine (`leakstop explain`).
 */
export const preReceiveWriter: Writer = { render: renderPreReceive };

function renderPreReceive(outcome: Outcome, { guidance }: RenderContext): string {
  if (!outcome.findings.length) return [summaryLine(outcome), ...outcome.notes].join("\n") + "\n";
  const out = [receiveRejected(outcome.findings.length)];
  const envVars = new Set<string>();
  for (const f of outcome.findings) {
    // A credential joined from its parts (an access key ID and its secret) names every part and place.
    const parts = allParts(f);
    const commit = f.commit && f.origin !== "message" ? `  in commit ${f.commit.sha.slice(0, 8)} "${f.commit.subject}"` : "";
    out.push(`  ${unbreakable(locations(f))}  [${[...new Set(parts.map((p) => p.detector.id))].join(PART_JOINER)}] ${f.detector.name}${commit}`);
    out.push(...shownLines(f).map((line) => `      ${line}`));
    for (const p of parts) envVars.add(p.envVar ?? guidance(p.detector.id)?.guidance?.envVar ?? "SECRET_VALUE");
  }
  const inRefNames = outcome.findings.some((f) => f.origin === "ref");
  out.push("", ...receiveSteps([...envVars], { inRefNames, inContent: outcome.findings.some((f) => f.origin !== "ref") }));
  out.push(receiveExplainHint([...new Set(outcome.findings.map((f) => f.detector.id))]));
  out.push("", summaryLine(outcome), ...outcome.notes);
  return out.join("\n") + "\n";
}
