import type { DetectorDoc } from "../detectors/load.js";
import { SEVERITIES, type Severity } from "../detectors/types.js";
import { exposureOf, type Exposure, type Finding, type Outcome } from "../model/index.js";
import { findingFile, findingLocation, morePlaces, PART_JOINER } from "../model/messages.js";
import type { RenderContext } from "./writer.js";
import { keep } from "./wrap.js";

/** The findings of one credential type, with its guidance: the unit the report gives advice for. */
export interface Group {
  doc: DetectorDoc;
  items: { finding: Finding; exposure: Exposure }[];
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Groups by the main part's detector, most severe first. */
export function groupByDetector(outcome: Outcome, guidance: RenderContext["guidance"]): Group[] {
  const groups = new Map<string, Group>();
  for (const finding of outcome.findings) {
    const id = finding.detector.id;
    let group = groups.get(id);
    if (!group) {
      group = { doc: guidance(id) ?? fallbackDoc(finding), items: [] };
      groups.set(id, group);
    }
    group.items.push({ finding, exposure: exposureOf(finding) });
  }
  return [...groups.values()].sort((a, b) => rank(severityOf(a)) - rank(severityOf(b)));
}

/** Custom detectors without guidance still get the stage-specific steps. */
function fallbackDoc(finding: Finding): DetectorDoc {
  const d = finding.detector;
  return { id: d.id, name: d.name, service: d.service, severity: d.severity, guidance: {} as DetectorDoc["guidance"] };
}

/** The main finding and the parts found with it. */
export function allParts(f: Finding): Finding[] {
  return [f, ...(f.parts ?? [])];
}

/** A credential in parts is as severe as its most severe part. */
export function severityOf(group: Group, findings = group.items.map((i) => i.finding)): Severity {
  const all = findings.flatMap((f) => allParts(f).map((p) => p.detector.severity));
  return all.reduce((a, b) => (rank(b) < rank(a) ? b : a), group.doc.severity);
}

/** "AWS access key ID + AWS secret access key" and "aws-access-key-id + aws-secret-access-key" for a credential in parts. */
export function credentialName(group: Group, findings = group.items.map((i) => i.finding)): { name: string; ids: string } {
  const parts = new Map<string, string>([[group.doc.id, group.doc.name]]);
  for (const f of findings) for (const p of f.parts ?? []) parts.set(p.detector.id, p.detector.name);
  return { name: [...parts.values()].join(PART_JOINER), ids: keep([...parts.keys()].join(PART_JOINER)) };
}

// A secret pasted into many places would fill the screen: the first few are shown, the summary lists every line.
const PLACES_SHOWN = 4;

/** Every place of a finding and its parts: `a.py:3:22 and 4:26` (a part in the same file by line:col), kept on one line. */
export function locations(f: Finding): string {
  const all = allParts(f);
  const places = all.slice(0, PLACES_SHOWN).map((p, i) => (i > 0 && p.path === f.path && p.member?.name === f.member?.name && p.origin !== "message" ? `${p.line}:${p.column}` : findingLocation(p)));
  return keep(places.join(" and ")) + (all.length > PLACES_SHOWN ? ` ${morePlaces(all.length - PLACES_SHOWN)}` : "");
}

/** The redacted lines of a finding and its parts, each once. */
export function shownLines(f: Finding): string[] {
  const seen = new Map<string, string>();
  for (const p of allParts(f)) seen.set(`${findingFile(p)}\0${p.line}`, p.lineRedacted);
  return [...seen.values()].slice(0, PLACES_SHOWN);
}
