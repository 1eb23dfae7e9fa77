import type { Finding, Outcome } from "../model/index.js";
import {
  FIX_FOR_YOU,
  BYPASS,
  blockedAt,
  decodedLabel,
  explainLine,
  findingFile,
  findingLocation,
  LFS_OBJECT_LABEL,
  fixArchive,
  fixCommitMessage,
  fixCredentialFile,
  fixEnvFile,
  fixFileName,
  fixDataFile,
  fixInCode,
  restageCommand,
  summaryLine,
} from "../model/messages.js";
import { allParts, credentialName, locations, severityOf, shownLines, type Group } from "./credential.js";
import { envReadSnippet, isDotenvFile, isUntrackAdvised, quotePath, untrackFiles } from "./envSnippet.js";
import { DEFAULT_WIDTH, keep, visibleLength, wrap } from "./wrap.js";
import { renderBlast } from "./blast.js";
import type { RenderContext } from "./writer.js";

const HANG = "    ";

/**
 * The report a blocked commit prints by default: each finding in two lines, then per file the one fix, one
 * `leakstop explain` per credential type, and last the places and the bypass, so the terminal's last screen
 * says what matters. The full guidance is one command (or --verbose) away.
 */
export function renderCompact(outcome: Outcome, groups: Group[], title: string, ctx: RenderContext): string[] {
  const width = ctx.width ?? DEFAULT_WIDTH;
  const out = [...wrap(ctx.style.bold(title), width, HANG)];
  for (const group of groups) for (const { finding } of group.items) out.push(...findingLines(group, finding, ctx, width));
  out.push("");
  const fixes = fixLines(groups, ctx, width);
  out.push(...fixes.lines);
  for (const group of groups) out.push(...wrap(explainLine(group.doc.id), width, HANG));
  // Where leakstop fix can do the edits, it says so; that line then stands between the advice and the tail.
  out.push(...(fixes.rewritable ? wrap(FIX_FOR_YOU, width, HANG) : [""]));
  for (const note of outcome.notes) for (const line of note.split("\n")) out.push(...wrap(line, width, HANG));
  out.push(...tailLines(outcome, width));
  return out;
}

/** One header line (severity, credential, detector, place) and the redacted line: the unit others may add lines to. */
export function findingLines(group: Group, finding: Finding, { style }: RenderContext, width: number): string[] {
  const sev = severityOf(group, [finding]);
  const { name, ids } = credentialName(group, [finding]);
  const note = finding.note ? `  ${style.dim(`(${finding.note})`)}` : "";
  const decoded = finding.decodedFrom ? `  ${style.dim(decodedLabel(finding.decodedFrom))}` : "";
  const header = `${style.severity(sev, sev.toUpperCase())}  ${style.bold(name)}  ${style.dim(`[${ids}]`)}${decoded}  ${locations(finding)}${note}`;
  return [...wrap(header, width, HANG), ...shownLines(finding).map((line) => `${HANG}${line}`), ...renderBlast(finding, style)];
}

interface FileFindings {
  path: string;
  origin: Finding["origin"];
  findings: Finding[];
}

/** Per file, what to change in it: read the value from the environment, untrack an env file, rename, reword. */
function fixLines(groups: Group[], ctx: RenderContext, width: number): { lines: string[]; rewritable: boolean } {
  const files = new Map<string, FileFindings>();
  for (const group of groups) {
    for (const { finding } of group.items) {
      for (const part of allParts(finding)) {
        // A secret in an archive, in a member or in a member's name, is fixed by taking the archive out.
        const origin = part.member ? "archive" : part.origin;
        const key = `${origin ?? "content"}\0${part.path}`;
        const file = files.get(key) ?? { path: part.path, origin, findings: [] };
        file.findings.push(part);
        files.set(key, file);
      }
    }
  }
  const out: string[] = [];
  let rewritable = false;
  for (const file of files.values()) {
    const lines = [...new Set(file.findings.map((f) => f.line))].sort((a, b) => a - b);
    if (file.origin === "message") {
      out.push(...wrap(fixCommitMessage(lines), width, HANG));
    } else if (file.origin === "path") {
      out.push(...wrap(fixFileName(keep(file.path)), width, HANG));
    } else if (file.origin === "archive") {
      out.push(...wrap(fixArchive(keep(file.path)), width, HANG), `${HANG}${untrackFiles([file.path])}`);
    } else if (isUntrackAdvised(file.path)) {
      const advice = isDotenvFile(file.path) ? fixEnvFile(keep(file.path)) : fixCredentialFile(keep(file.path));
      out.push(...wrap(advice, width, HANG), `${HANG}${untrackFiles([file.path])}`);
    } else {
      const fix = codeFix(file, lines, ctx, width);
      rewritable ||= fix.inCode;
      out.push(...fix.lines);
    }
  }
  return { lines: out, rewritable };
}

/** Code gets the line that reads the variable in its language; a data file is either edited or untracked. */
function codeFix(file: FileFindings, lines: number[], ctx: RenderContext, width: number): { lines: string[]; inCode: boolean } {
  const names = [...new Set(file.findings.map((f) => f.envVar ?? ctx.guidance(f.detector.id)?.guidance?.envVar ?? "SECRET_VALUE"))];
  const where = keep(`${file.path}:${lines.join(",")}`);
  const snippets = names.map((name) => envReadSnippet(file.path, name));
  if (snippets.every((s): s is string => s !== null)) {
    return { lines: wrap(fixInCode(where, snippets.map(keepCode).join(" and "), keep(restageCommand(quotePath(file.path)))), width, HANG), inCode: true };
  }
  return { lines: [...wrap(fixDataFile(where, names.join(", ")), width, HANG), `${HANG}${untrackFiles([file.path])}`], inCode: false };
}

/** The code of a snippet stays whole; a remark after it in parentheses may wrap. */
function keepCode(snippet: string): string {
  const cut = snippet.indexOf(" (");
  return cut < 0 ? keep(snippet) : keep(snippet.slice(0, cut)) + snippet.slice(cut);
}

/** The summary, every place that blocks (file:line), the bypass: the last lines on screen. */
function tailLines(outcome: Outcome, width: number): string[] {
  const places = placeList(outcome.findings.flatMap(allParts));
  const summary = summaryLine(outcome);
  const blocked = blockedAt(places);
  const tail = visibleLength(`${summary} ${blocked}`) <= width ? [`${summary} ${blocked}`] : [...wrap(summary, width, HANG), ...wrap(blocked, width, HANG)];
  return outcome.mode === "scan" ? tail : [...tail, BYPASS[outcome.mode]];
}

/** "a.py:3,7, .env:1": each file once with its lines, in the order found; a message by its own wording. */
function placeList(findings: Finding[]): string[] {
  const byFile = new Map<string, Set<number>>();
  const messages: string[] = [];
  for (const f of findings) {
    if (f.origin === "message") messages.push(findingLocation(f));
    else {
      // An LFS object's or archive member's lines are not the file's: listed apart, labelled.
      const key = f.origin === "lfs" ? `${f.path}\0lfs` : findingFile(f);
      byFile.set(key, (byFile.get(key) ?? new Set()).add(f.line));
    }
  }
  const files = [...byFile].map(([key, lines]) => {
    const [path, lfs] = key.split("\0");
    return `${path}:${[...lines].sort((a, b) => a - b).join(",")}${lfs ? ` ${LFS_OBJECT_LABEL}` : ""}`;
  });
  return [...files, ...new Set(messages)].map(keep);
}
