import type { TextRedactor } from "../knownValues/redactText.js";
import type { CommitInfo, Exposure, Finding, Outcome } from "../model/index.js";
import { terminalSafe } from "./style.js";
import { showBlast } from "./blast.js";

/** Suppression reasons are free text from the repository: shown redacted and no longer than this. */
export const REASON_MAX = 200;

export function capped(text: string, max = REASON_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}

/**
 * Makes everything the outcome holds from the repository safe to show, in place, just before it is rendered:
 * names (paths, commit subjects, refs), notes and reasons get their secrets masked, and for a terminal their
 * control characters escaped. Shown lines are already redacted by the engine; they only need escaping.
 */
export function makeShowable(outcome: Outcome, redactor: TextRedactor, forTerminal: boolean): void {
  const inert = forTerminal ? terminalSafe : (s: string) => s;
  const show = (s: string) => inert(redactor.mask(s));
  const commits = new Set<CommitInfo>();
  const showFinding = (f: Finding) => {
    f.path = show(f.path);
    if (f.member) f.member = { ...f.member, name: show(f.member.name) };
    if (f.note) f.note = show(f.note);
    f.lineRedacted = inert(f.lineRedacted);
    if (f.commit) commits.add(f.commit);
    if (f.blast) showBlast(f.blast, show);
  };
  outcome.findings.forEach(showFinding);
  for (const s of outcome.suppressed) {
    showFinding(s.finding);
    s.reason = inert(capped(redactor.maskProse(s.reason)));
  }
  const exposures = new Set(outcome.findings.flatMap((f): Exposure[] => (f.exposure ? [f.exposure] : [])));
  for (const e of exposures) {
    if (e.kind === "object") e.where = show(e.where);
    if ((e.kind === "local" || e.kind === "remote") && e.commit) commits.add(e.commit);
    if (e.kind === "remote") e.remoteRefs = e.remoteRefs.map(show);
    if (e.kind === "local" && e.alsoOn) e.alsoOn = e.alsoOn.map(show);
    // A branch the rewrite advice names: a token pasted into a branch's name is masked there too.
    if (e.kind === "local" && e.rewrite?.branch) e.rewrite = { ...e.rewrite, branch: show(e.rewrite.branch) };
  }
  for (const c of commits) c.subject = inert(redactor.maskProse(c.subject));
  outcome.notes = outcome.notes.map(show);
  if (outcome.stats.skipped) outcome.stats.skipped = outcome.stats.skipped.map((s) => ({ ...s, path: show(s.path) }));
}

/** Every string of a value from the repository's config (custom detectors' names and guidance) made inert for a terminal. */
export function terminalSafeDeep<T>(value: T): T {
  if (typeof value === "string") return terminalSafe(value) as T;
  if (Array.isArray(value)) return value.map(terminalSafeDeep) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, terminalSafeDeep(v)])) as T;
  return value;
}
