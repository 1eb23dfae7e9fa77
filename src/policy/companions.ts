import { exposureOf, type Finding } from "../model/index.js";

/**
 * Parts of one credential (an access key ID and its secret, a service-account key and its private key) found
 * close together in the same change become one finding: the main part carries the others in `parts`, so the
 * report names the credential once and counts it once. Which detectors pair up, and how far apart, is data
 * (`partOf` in detectors/*.json).
 */
export function joinCompanions(findings: Finding[]): Finding[] {
  const joined = new Set<Finding>();
  for (const part of findings) {
    for (const link of part.detector.partOf ?? []) {
      const main = nearestMain(findings, part, link.detector, link.lines, joined);
      if (!main) continue;
      (main.parts ??= []).push(part);
      joined.add(part);
      break;
    }
  }
  return findings.filter((f) => !joined.has(f));
}

function nearestMain(findings: Finding[], part: Finding, detector: string, within: number, joined: Set<Finding>): Finding | undefined {
  const candidates = findings.filter(
    (f) => f !== part && !joined.has(f) && f.detector.id === detector && sameChange(f, part) && Math.abs(f.line - part.line) <= within,
  );
  // Two key pairs in one file: each secret goes to the closest ID still missing that kind of part, the one above on a tie.
  const score = (f: Finding) => [f.parts?.some((p) => p.detector.id === part.detector.id) ? 1 : 0, Math.abs(f.line - part.line), f.line > part.line ? 1 : 0];
  return candidates.sort((a, b) => compare(score(a), score(b)))[0];
}

function sameChange(a: Finding, b: Finding): boolean {
  return a.path === b.path && a.member?.name === b.member?.name && (a.origin ?? "content") === (b.origin ?? "content") && a.commit?.sha === b.commit?.sha && exposureOf(a).kind === exposureOf(b).kind;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * The same secret found by the same detector at several places (copied into three files, repeated down a test)
 * is one credential to revoke: the first place carries the others in `parts`, so the report counts and advises
 * on it once and still lists every place. Places in different commits, exposed differently or decoded differently
 * stay apart, because each needs its own fix.
 */
export function joinRepeats(findings: Finding[]): Finding[] {
  const firstOf = new Map<string, Finding>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const key = [f.detector.id, f.digest, exposureOf(f).kind, f.commit?.sha ?? "", f.decodedFrom ?? ""].join("\0");
    const main = firstOf.get(key);
    if (!main) {
      firstOf.set(key, f);
      kept.push(f);
      continue;
    }
    (main.parts ??= []).push(f, ...(f.parts ?? []));
    delete f.parts;
  }
  return kept;
}

/** What the report counts: one finding per credential, its parts and its other places inside it. */
export function oneFindingPerCredential(findings: Finding[]): Finding[] {
  return joinRepeats(joinCompanions(findings));
}
