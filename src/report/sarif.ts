import type { DetectorDoc } from "../detectors/load.js";
import type { DetectorCore, Severity } from "../detectors/types.js";
import type { Finding } from "../model/index.js";
import type { Outcome, SuppressionMechanism } from "../model/index.js";
import { EXPLAIN_LIVE_CHECK, findingFile, findingLocation, GUIDANCE_LABELS, keepOutOfCode, LEAKSTOP_DOCS_URL, LFS_OBJECT_LABEL, NEW_REF_NAME_PLACE } from "../model/messages.js";
import { VERSION } from "../version.js";
import { renderGuidance } from "./guidance.js";
import type { RenderContext, Writer } from "./writer.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

/** GitHub code scanning ranks security alerts by this score (CVSS-like, 0.0 to 10.0), given per rule. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

const PLAIN = { bold: (s: string) => s, dim: (s: string) => s, severity: (_sev: Severity, s: string) => s };

/** A repository path as a relative URI reference: each segment percent-encoded (spaces, `#`, `%`). */
function pathUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function location(f: Finding) {
  // A commit or tag message is no file: named logically, so no artifact URI is made up for it.
  if (f.origin === "message") {
    return { logicalLocations: [{ name: f.path, fullyQualifiedName: f.commit ? `commit ${f.commit.sha} message` : f.path, kind: "object" }] };
  }
  if (f.origin === "ref") return { logicalLocations: [{ name: NEW_REF_NAME_PLACE, kind: "object" }] };
  // The lines are the member's, not the archive's: in the archive, the bytes where the member is stored; the
  // member itself as a logical place (its line and column are in the result's properties).
  if (f.member) {
    const [byteOffset, byteLength] = f.member.bytes;
    return {
      physicalLocation: { artifactLocation: { uri: pathUri(f.path) }, region: { byteOffset, byteLength } },
      logicalLocations: [{ name: f.member.name, fullyQualifiedName: findingFile(f), kind: "resource" }],
    };
  }
  return { physicalLocation: { artifactLocation: { uri: pathUri(f.path) }, region: { startLine: f.line, startColumn: f.column } } };
}

function result(f: Finding, suppression?: { mechanism: SuppressionMechanism; reason: string }) {
  return {
    ruleId: f.detector.id,
    level: LEVEL[f.detector.severity],
    message: { text: `${f.detector.name} (${f.redacted})${f.origin === "lfs" ? ` ${LFS_OBJECT_LABEL}` : ""}${f.member ? ` at ${findingLocation(f)}` : ""}${f.commit ? ` in commit ${f.commit.sha.slice(0, 8)}` : ""}` },
    locations: [location(f)],
    partialFingerprints: { "leakstop/v2": f.fingerprint },
    ...(f.commit || f.decodedFrom || f.origin === "lfs" || f.member
      ? {
          properties: {
            ...(f.commit ? { commit: f.commit.sha } : {}),
            ...(f.decodedFrom ? { decodedFrom: f.decodedFrom } : {}),
            ...(f.origin === "lfs" ? { lfsObject: true } : {}),
            ...(f.member ? { archiveMember: f.member.name, line: f.line, column: f.column } : {}),
          },
        }
      : {}),
    ...(suppression ? { suppressions: [{ kind: suppression.mechanism === "inline" ? "inSource" : "external", justification: suppression.reason }] } : {}),
  };
}

/** The guidance as Markdown for a dashboard's rule help; what a custom detector leaves out is left out. */
function guidanceMarkdown(doc: DetectorDoc): string {
  const g: Partial<DetectorDoc["guidance"]> = doc.guidance ?? {};
  const L = GUIDANCE_LABELS;
  const out: string[] = [`## ${doc.name}`, ""];
  if (g.what) out.push(`**${L.what}** ${g.what}`, "");
  out.push(`**${L.severity}** ${doc.severity}${g.severityReason ? `: ${g.severityReason}` : ""}`, "");
  if (g.attacker) out.push(`**${L.attacker}** ${g.attacker}`, "");
  if (g.check) out.push(`**${L.live}** ${EXPLAIN_LIVE_CHECK}`, "", "```sh", g.check, "```", "");
  if (g.revoke?.length) {
    out.push(`**${L.revoke}**${g.dashboard ? ` ([${g.dashboard}](${g.dashboard}))` : ""}:`, "", ...g.revoke.map((step, i) => `${i + 1}. ${step}`), "");
  }
  out.push(`**${L.keepOut}** ${keepOutOfCode(g.envVar)}`);
  return out.join("\n") + "\n";
}

function rule(d: DetectorCore, doc: DetectorDoc | undefined) {
  const dashboard = doc?.guidance?.dashboard;
  return {
    id: d.id,
    name: d.name,
    shortDescription: { text: d.name },
    fullDescription: { text: doc?.guidance?.what ?? d.name },
    helpUri: dashboard && /^https:\/\/\S+$/.test(dashboard) ? dashboard : LEAKSTOP_DOCS_URL,
    help: doc ? { text: renderGuidance(doc, PLAIN).join("\n"), markdown: guidanceMarkdown(doc) } : { text: d.name, markdown: d.name },
    properties: { severity: d.severity, service: d.service, "security-severity": SECURITY_SEVERITY[d.severity], tags: ["security", "secret"] },
  };
}

/** SARIF 2.1.0 for code-scanning dashboards; like every writer it only ever sees redacted values. */
export const sarifWriter: Writer = { render: renderSarif };

function renderSarif(outcome: Outcome, ctx: RenderContext): string {
  // Parts of one credential stay separate results: a dashboard shows each place to fix.
  const found = outcome.findings.flatMap((f) => [f, ...(f.parts ?? [])]);
  const all = [...found, ...outcome.suppressed.map((s) => s.finding)];
  const rules = [...new Map(all.map((f) => [f.detector.id, f.detector])).values()].map((d) => rule(d, ctx.guidance(d.id)));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "leakstop", version: VERSION, informationUri: LEAKSTOP_DOCS_URL, rules } },
        results: [...found.map((f) => result(f)), ...outcome.suppressed.map((s) => result(s.finding, s))],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
