import { loadBuiltinDetectors, loadGuidance, type DetectorDoc } from "../detectors/load.js";
import { UserError } from "../errors.js";
import { nearest } from "../util/nearest.js";
import type { OutputOptions } from "./pipeline.js";

export function listDetectors(output: OutputOptions): number {
  const docs = loadBuiltinDetectors();
  if (output.format === "json") {
    process.stdout.write(JSON.stringify(docs.map(({ id, name, service, severity }) => ({ id, name, service, severity })), null, 2) + "\n");
    return 0;
  }
  const width = Math.max(...docs.map((d) => d.id.length));
  for (const d of docs) process.stdout.write(`${d.id.padEnd(width)}  ${d.severity.padEnd(8)}  ${d.name}\n`);
  process.stdout.write(`${docs.length} detectors\n`);
  return 0;
}

export function explainDetector(id: string | undefined, output: OutputOptions): number {
  if (!id) throw new UserError("explain needs a detector id (see leakstop detectors)");
  const doc = loadGuidance(id);
  if (!doc) {
    const guess = nearest(id, loadBuiltinDetectors().map((d) => d.id));
    throw new UserError(`no detector "${id}"${guess ? ` (did you mean ${guess}?)` : ""}; leakstop detectors lists them all`);
  }
  process.stdout.write(output.format === "json" ? JSON.stringify(doc, null, 2) + "\n" : explainText(doc));
  return 0;
}

function explainText(doc: DetectorDoc): string {
  const g = doc.guidance;
  return [
    `${doc.name} [${doc.id}]`,
    `Service: ${doc.service}`,
    `Severity: ${doc.severity}: ${g.severityReason}`,
    "",
    `What it is: ${g.what}`,
    `What an attacker can do: ${g.attacker}`,
    "",
    "Is it live? (a command to run yourself; leakstop never sends anything)",
    `    ${g.check}`,
    "",
    `Revoke and rotate (${g.dashboard}):`,
    ...g.revoke.map((s, i) => `  ${i + 1}. ${s}`),
    "",
    `Keep it out of code: read it from the environment variable ${g.envVar}; keep the value in a secret manager or your CI's secrets.`,
    `Usually named: ${g.variableNames.join(", ")}`,
    `Usually found in: ${g.files.join(", ")}`,
    "",
  ].join("\n");
}
