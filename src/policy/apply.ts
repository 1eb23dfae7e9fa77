import { SEVERITIES, type Severity } from "../detectors/types.js";
import type { Change, Finding } from "../engine/scan.js";
import type { Suppressed } from "../report/outcome.js";
import { isExpired, matchAllowEntry, type AllowFile } from "./allowFile.js";
import { inlineAllowFor } from "./inline.js";

export interface Policy {
  /** --no-suppress: every finding is reported, whatever says otherwise. */
  noSuppress: boolean;
  knownIds: ReadonlySet<string>;
  allow: AllowFile | null;
  ignoredBy: (path: string) => string | undefined;
  minSeverity: Severity;
}

export interface Triage {
  kept: Finding[];
  suppressed: Suppressed[];
  notes: string[];
}

const below = (sev: Severity, min: Severity) => SEVERITIES.indexOf(sev) > SEVERITIES.indexOf(min);

/** Sorts one change's findings into what blocks and what is suppressed (with the mechanism and the reason). */
export function triage(policy: Policy, change: Change, findings: Finding[]): Triage {
  const result: Triage = { kept: [], suppressed: [], notes: [] };
  for (const finding of findings) {
    if (policy.noSuppress) {
      result.kept.push(finding);
      continue;
    }
    const lineIndex = change.lines.findIndex((l) => l.number === finding.line);
    const inline = lineIndex >= 0 ? inlineAllowFor(change.lines, lineIndex, finding.detector.id, policy.knownIds) : undefined;
    if (inline) {
      result.suppressed.push({ finding, mechanism: "inline", reason: `${inline.marker}: ${inline.reason}` });
      continue;
    }
    const entry = policy.allow ? matchAllowEntry(policy.allow, finding) : undefined;
    if (entry && !isExpired(entry)) {
      result.suppressed.push({ finding, mechanism: "allow-file", reason: entry.reason });
      continue;
    }
    if (entry) {
      result.notes.push(`The allow entry for ${finding.detector.id} in ${entry.path} ("${entry.reason}") expired on ${entry.expires}, so ${finding.path}:${finding.line} blocks again.`);
    }
    const glob = policy.ignoredBy(finding.path);
    if (glob) {
      result.suppressed.push({ finding, mechanism: "config", reason: `path matches ignorePaths "${glob}"` });
      continue;
    }
    if (below(finding.detector.severity, policy.minSeverity)) {
      result.suppressed.push({ finding, mechanism: "config", reason: `severity ${finding.detector.severity} is below minSeverity ${policy.minSeverity}` });
      continue;
    }
    result.kept.push(finding);
  }
  return result;
}
