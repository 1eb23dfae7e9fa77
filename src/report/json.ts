import type { Finding } from "../model/index.js";
import type { Exposure, Outcome } from "../model/index.js";
import type { Writer } from "./writer.js";
import { blastIsEmpty } from "./blast.js";

function findingJson(f: Finding, exposure?: Exposure) {
  return {
    detector: f.detector.id,
    name: f.detector.name,
    severity: f.detector.severity,
    ...placeJson(f),
    ...(f.commit ? { commit: f.commit.sha, commitSubject: f.commit.subject } : {}),
    ...(exposure && exposure.kind !== "staged" ? { exposure: exposure.kind === "local" && exposure.alsoOn ? "other-remote" : exposure.kind } : {}),
    ...(f.blast && !blastIsEmpty(f.blast) ? { blastRadius: f.blast } : {}),
    ...(f.parts?.length ? { parts: f.parts.map(partJson) } : {}),
  };
}

/** Another part of the same credential (the secret of an access key ID), or another place of the same secret. */
function partJson(f: Finding) {
  return { detector: f.detector.id, name: f.detector.name, ...placeJson(f) };
}

/** Where the value is and how it is shown: the file, its place, and whether an LFS object, archive member or decoding holds it. */
function placeJson(f: Finding) {
  return {
    file: f.path,
    line: f.line,
    column: f.column,
    redacted: f.redacted,
    fingerprint: f.fingerprint,
    ...(f.decodedFrom ? { decodedFrom: f.decodedFrom } : {}),
    ...(f.origin === "lfs" ? { lfsObject: true } : {}),
    ...(f.member ? { archiveMember: f.member.name } : {}),
  };
}

/** One JSON object, nothing else: findings carry only redacted values and fingerprints. */
export const jsonWriter: Writer = { render: renderJson };

function renderJson(outcome: Outcome): string {
  const result = outcome.findings.length ? "findings" : outcome.filesChanged === 0 ? "nothing-to-scan" : "clean";
  return (
    JSON.stringify(
      {
        result,
        findings: outcome.findings.map((f) => findingJson(f, f.exposure)),
        suppressed: outcome.suppressed.map((s) => ({ ...findingJson(s.finding), suppressedBy: s.mechanism, reason: s.reason })),
        scanned: { ...outcome.stats, ...(outcome.commitsScanned !== undefined ? { commits: outcome.commitsScanned } : {}) },
        notes: outcome.notes,
      },
      null,
      2,
    ) + "\n"
  );
}
