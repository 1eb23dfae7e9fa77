import { SEVERITIES, type Severity } from "../detectors/types.js";
import { FINDING_CAPS, type Change, type Finding } from "../engine/scan.js";
import { findingsNotListed, runFindingsNotListed } from "../report/messages.js";
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
    const inline = lineIndex >= 0 ? inlineAllowFor(change.lines, lineIndex, finding.detector.id, policy.knownIds, change.path) : undefined;
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

/** Caps what one run lists (FINDING_CAPS), turning what it leaves out into notes that say where. */
export class FindingBudget {
  private overRun = 0;
  readonly notes: string[] = [];

  /** For scanChange: findings past the per-line and per-file caps of this change. */
  unlistedIn(change: Change): (count: number, atLeast: boolean) => void {
    const cap = `at most ${FINDING_CAPS.perLine} per line and ${FINDING_CAPS.perFile} per file`;
    return (count, atLeast) => this.notes.push(findingsNotListed(count, change.path, cap, atLeast));
  }

  /** The blocking findings that still fit in the run's cap. */
  take(listedSoFar: number, kept: Finding[]): Finding[] {
    const room = Math.max(0, FINDING_CAPS.perRun - listedSoFar);
    if (kept.length <= room) return kept;
    this.overRun += kept.length - room;
    return kept.slice(0, room);
  }

  /** Notes for the report, once the run is over. */
  summary(): string[] {
    return this.overRun ? [...this.notes, runFindingsNotListed(this.overRun, FINDING_CAPS.perRun)] : this.notes;
  }
}
