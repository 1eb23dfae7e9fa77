import type { Catalogue } from "../engine/catalogue.js";
import { redactSharedLines } from "../engine/redact.js";
import { scanChange } from "../engine/scan.js";
import type { Change, Finding } from "../model/index.js";
import { scanKnownValues, type KnownValueIndex } from "./index.js";

/** The engine's findings in one change, and the known values found there, as one list. */
export function scanWithKnownValues(
  catalogue: Catalogue,
  knownValues: KnownValueIndex | null,
  change: Change,
  onUnlisted?: (count: number, atLeast: boolean) => void,
  onUndecoded?: () => void,
): Finding[] {
  const detected = scanChange(catalogue, change, onUnlisted, onUndecoded);
  const known = knownValues ? scanKnownValues(knownValues, change) : [];
  if (!detected.length && !known.length) return detected;
  // Before merging drops duplicates: a dropped known value's span must still be masked on the line.
  redactSharedLines(change, [...detected, ...known]);
  return known.length ? mergeKnownValues(detected, known) : detected;
}

/**
 * A known value that a detector also matched is one finding: the detector's, with the variable's name. The
 * window is 8 characters because a detector's match may start a little before the bare value (a prefix such as
 * `Bearer ` or a quote it includes), while two different secrets on a line never start that close.
 */
function mergeKnownValues(findings: Finding[], known: Finding[]): Finding[] {
  for (const k of known) {
    const same = findings.find((f) => f.line === k.line && f.column <= k.column && k.column < f.column + 8);
    if (same) same.note ??= k.note;
    else findings.push(k);
  }
  return findings;
}
