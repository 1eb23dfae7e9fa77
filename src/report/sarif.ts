import type { Severity } from "../detectors/types.js";
import type { Finding } from "../model/index.js";
import type { Outcome, SuppressionMechanism } from "../model/index.js";
import { VERSION } from "../version.js";
import type { Writer } from "./writer.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

function result(f: Finding, suppression?: { mechanism: SuppressionMechanism; reason: string }) {
  return {
    ruleId: f.detector.id,
    level: LEVEL[f.detector.severity],
    message: { text: `${f.detector.name} (${f.redacted})${f.commit ? ` in commit ${f.commit.sha.slice(0, 8)}` : ""}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.path }, region: { startLine: f.line, startColumn: f.column } } }],
    partialFingerprints: { "leakstop/v2": f.fingerprint },
    ...(suppression ? { suppressions: [{ kind: suppression.mechanism === "inline" ? "inSource" : "external", justification: suppression.reason }] } : {}),
  };
}

/** SARIF 2.1.0 for code-scanning dashboards; like every writer it only ever sees redacted values. */
export const sarifWriter: Writer = { render: renderSarif };

function renderSarif(outcome: Outcome): string {
  // Parts of one credential stay separate results: a dashboard shows each place to fix.
  const found = outcome.findings.flatMap((f) => [f, ...(f.parts ?? [])]);
  const all = [...found, ...outcome.suppressed.map((s) => s.finding)];
  const rules = [...new Map(all.map((f) => [f.detector.id, f.detector])).values()].map((d) => ({
    id: d.id,
    name: d.name,
    shortDescription: { text: d.name },
    properties: { severity: d.severity, service: d.service },
  }));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "leakstop", version: VERSION, rules } },
        results: [...found.map((f) => result(f)), ...outcome.suppressed.map((s) => result(s.finding, s))],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
