import { SEVERITIES, type Severity } from "../detectors/types.js";
import { FINDING_CAPS } from "../engine/scan.js";
import type { Change, Finding } from "../model/index.js";
import { allowEntryExpiredNote, findingFile, belowMinSeverityReason, placeholderReason, findingCaps, encodedNotDecoded, findingsNotListed, ignoredPathReason, runFindingsNotListed } from "../model/messages.js";
import type { Suppressed } from "../model/index.js";
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
    const inline = lineIndex >= 0 ? inlineAllowFor(change.lines, lineIndex, finding.detector.id, policy.knownIds, change.path, finding.column) : undefined;
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
      result.notes.push(allowEntryExpiredNote(finding.detector.id, entry.path, entry.reason, entry.expires, `${findingFile(finding)}:${finding.line}`));
    }
    if (finding.placeholder !== undefined) {
      result.suppressed.push({ finding, mechanism: "config", reason: placeholderReason(finding.placeholder) });
      continue;
    }
    const glob = policy.ignoredBy(finding.path);
    if (glob) {
      result.suppressed.push({ finding, mechanism: "config", reason: ignoredPathReason(glob) });
      continue;
    }
    if (below(finding.detector.severity, policy.minSeverity)) {
      result.suppressed.push({ finding, mechanism: "config", reason: belowMinSeverityReason(finding.detector.severity, policy.minSeverity) });
      continue;
    }
    result.kept.push(finding);
  }
  return result;
}

/** Caps what one run lists (FINDING_CAPS), turning what it leaves out into notes that say where. */
export class FindingBudget {
  private overRun = 0;
  /** Per file, in the order first met: what its pieces left out. A long file is scanned in pieces; its caps are per file. */
  private readonly unlisted = new Map<string, { path: string; count: number; atLeast: boolean }>();
  /** Per file, in the order first met: the path of a file whose pieces stopped decoding at the budget. */
  private readonly undecoded = new Map<string, string>();
  /** The file whose pieces are coming in (they come one after another), and how many of its findings are listed. */
  private file: { key: string; listed: number } | undefined;

  /** For scanChange: findings past the per-line and per-file caps of this change. */
  unlistedIn(change: Change): (count: number, atLeast: boolean) => void {
    return (count, atLeast) => this.leaveOut(fileKey(change), change.path, count, atLeast);
  }

  /** For scanChange: encoded text of this change left undecoded at the decoding budget, noted once per file. */
  undecodedIn(change: Change): () => void {
    return () => void this.undecoded.set(fileKey(change), change.path);
  }

  /** The findings of one piece of a file that still fit in the file's cap (FINDING_CAPS.perFile). */
  withinFile(change: Change, found: Finding[]): Finding[] {
    const key = fileKey(change);
    if (this.file?.key !== key) this.file = { key, listed: 0 };
    const room = Math.max(0, FINDING_CAPS.perFile - this.file.listed);
    if (found.length <= room) {
      this.file.listed += found.length;
      return found;
    }
    this.file.listed += room;
    this.leaveOut(key, change.path, found.length - room, false);
    return found.slice(0, room);
  }

  private leaveOut(key: string, path: string, count: number, atLeast: boolean): void {
    const entry = this.unlisted.get(key);
    if (entry) {
      entry.count += count;
      entry.atLeast ||= atLeast;
    } else this.unlisted.set(key, { path, count, atLeast });
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
    const cap = findingCaps(FINDING_CAPS.perLine, FINDING_CAPS.perFile);
    const notes = [...this.unlisted.values()].map((u) => findingsNotListed(u.count, u.path, cap, u.atLeast));
    notes.push(...[...this.undecoded.values()].map(encodedNotDecoded));
    return this.overRun ? [...notes, runFindingsNotListed(this.overRun, FINDING_CAPS.perRun)] : notes;
  }
}

/** Which file a change is a piece of: the same path in another commit, or an archive's member, is another file. */
function fileKey(change: Change): string {
  return [change.commit?.sha ?? "", change.origin ?? "", change.member?.name ?? "", change.path].join("\u0000");
}
