import { loadBuiltinDetectors, loadGuidance } from "../detectors/load.js";
import { UserError } from "../errors.js";
import { KNOWN_VALUE_DETECTOR } from "../knownValues/index.js";
import { detectorCount, EXPLAIN_NEEDS_ID, unknownDetector } from "../model/messages.js";
import { renderExplain } from "../report/guidance.js";
import { styleFor } from "../report/style.js";
import { nearest } from "../util/nearest.js";
import type { ScanOptions } from "./run.js";

type OutputOptions = Pick<ScanOptions, "format" | "noColor">;

export function listDetectors(output: OutputOptions): number {
  const docs = loadBuiltinDetectors();
  if (output.format === "json") {
    process.stdout.write(JSON.stringify(docs.map(({ id, name, service, severity }) => ({ id, name, service, severity })), null, 2) + "\n");
    return 0;
  }
  const width = Math.max(...docs.map((d) => d.id.length));
  for (const d of docs) process.stdout.write(`${d.id.padEnd(width)}  ${d.severity.padEnd(8)}  ${d.name}\n`);
  process.stdout.write(detectorCount(docs.length) + "\n");
  return 0;
}

export function explainDetector(id: string | undefined, output: OutputOptions): number {
  if (!id) throw new UserError(EXPLAIN_NEEDS_ID);
  const doc = loadGuidance(id);
  if (!doc) {
    const guess = nearest(id, [...loadBuiltinDetectors().map((d) => d.id), KNOWN_VALUE_DETECTOR.id]);
    throw new UserError(unknownDetector(id, guess));
  }
  process.stdout.write(output.format === "json" ? JSON.stringify(doc, null, 2) + "\n" : renderExplain(doc, styleFor(process.stdout, output.noColor)));
  return 0;
}
