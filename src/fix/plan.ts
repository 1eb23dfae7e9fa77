import type { DetectorDoc } from "../detectors/load.js";
import type { Finding } from "../model/index.js";
import { FIX_REFUSED, fixEnvStyleFile } from "../model/messages.js";
import { FIX_REFUSED_DECODED, FIX_REFUSED_INVISIBLE, FIX_REFUSED_JOINED } from "../model/messages.js";
import { secretDigest } from "../util/crypto.js";
import type { FileEdit } from "./diff.js";
import { envLine } from "./envFile.js";
import { isEnvStyleFile, languageOf, type Language } from "./languages.js";
import { locateLiteral } from "./literal.js";
import { baseName, NameBook } from "./names.js";
import { readStagedText } from "./stagedFile.js";

export interface Refusal {
  finding: Finding;
  reason: string;
}

export interface FixPlan {
  edits: FileEdit[];
  /** `.env` lines to append, in order (each holds a value: never printed). */
  envLines: { key: string; line: string }[];
  fixed: Finding[];
  refusals: Refusal[];
  /** Every value read back, so whatever is printed can be checked for them. */
  values: string[];
  /** The values rewritten away: none may be staged afterwards. */
  fixedValues: string[];
}

interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** Decides, finding by finding, what to rewrite and what to leave with a reason. Reads only; changes nothing. */
export function planFix(findings: Finding[], top: string, existingEnv: Map<string, string>, guidance: (id: string) => DetectorDoc | undefined): FixPlan {
  const plan: FixPlan = { edits: [], envLines: [], fixed: [], refusals: [], values: [], fixedValues: [] };
  const names = new NameBook(existingEnv);
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) {
    if ((f.origin ?? "content") !== "content") plan.refusals.push({ finding: f, reason: FIX_REFUSED.notContent });
    else byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  }
  for (const [path, inFile] of byPath) {
    const refuseAll = (reason: string) => inFile.forEach((finding) => plan.refusals.push({ finding, reason }));
    if (isEnvStyleFile(path)) {
      refuseAll(fixEnvStyleFile(path));
      continue;
    }
    const lang = languageOf(path);
    if (!lang) {
      refuseAll(FIX_REFUSED.unknownType);
      continue;
    }
    const staged = readStagedText(top, path);
    if ("refuse" in staged) {
      refuseAll(staged.refuse);
      continue;
    }
    const edit: FileEdit = { path, lines: staged.lines, replaced: new Map(), inserted: [], finalNewline: staged.finalNewline, crlf: staged.crlf };
    const perLine = new Map<number, Replacement[]>();
    const sorted = [...inFile].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const f of sorted) {
      const reason = planOne(f, lang, edit, perLine, names, plan, guidance, top);
      if (reason) plan.refusals.push({ finding: f, reason });
      else plan.fixed.push(f);
    }
    for (const [index, reps] of perLine) {
      let text = edit.lines[index];
      for (const r of [...reps].sort((a, b) => b.start - a.start)) text = text.slice(0, r.start) + r.text + text.slice(r.end);
      edit.replaced.set(index, text);
    }
    if (edit.replaced.size) plan.edits.push(edit);
  }
  return plan;
}

/** Plans one finding's rewrite; returns why not, or null when planned. */
function planOne(
  f: Finding,
  lang: Language,
  edit: FileEdit,
  perLine: Map<number, Replacement[]>,
  names: NameBook,
  plan: FixPlan,
  guidance: (id: string) => DetectorDoc | undefined,
  top: string,
): string | null {
  const index = f.line - 1;
  const line = edit.lines[index];
  if (line === undefined) return FIX_REFUSED.unreadable;
  const [start, end] = [f.column - 1, f.endColumn - 1];
  if (f.decodedFrom) return f.decodedFrom === "concat" ? FIX_REFUSED_JOINED : f.decodedFrom === "invisible" ? FIX_REFUSED_INVISIBLE : FIX_REFUSED_DECODED;
  const value = line.slice(start, end);
  // A secret the engine reports up to its line's end may go on over the next lines (a PEM block).
  if (secretDigest(value) !== f.digest) return end >= line.replace(/\r$/, "").length ? FIX_REFUSED.spansLines : FIX_REFUSED.unreadable;
  plan.values.push(value);
  const at = locateLiteral(lang, edit.lines, index, start, end);
  if ("refuse" in at) return at.refuse;
  const reps = perLine.get(index) ?? [];
  const same = reps.find((r) => r.start === at.start && r.end === at.end);
  if (same) {
    plan.fixedValues.push(value);
    return null;
  }
  if (reps.some((r) => r.start < at.end && at.start < r.end)) return FIX_REFUSED.overlaps;
  const constant = lang.constantContext?.(edit.lines, index, at);
  if (constant) return constant;
  const base = baseName(f, guidance);
  if (!base) return FIX_REFUSED.noName;
  const assigned = names.assign(base, f.digest, lang.envKey ?? ((n) => n));
  if (!assigned) return FIX_REFUSED.noFreeName;
  const expression = lang.expression(assigned.name, at);
  if (typeof expression !== "string") return expression.refuse;
  if (!assigned.present && !plan.envLines.some((l) => l.key === assigned.key)) {
    const text = envLine(assigned.key, value);
    if (!text) return FIX_REFUSED.envValue;
    plan.envLines.push({ key: assigned.key, line: text });
  }
  reps.push({ start: at.start, end: at.end, text: expression });
  perLine.set(index, reps);
  const support = lang.support?.(edit.lines, assigned.name, index, edit.path, top);
  if (support && !edit.inserted.some((x) => x.key === support.key)) edit.inserted.push(support);
  plan.fixedValues.push(value);
  return null;
}
