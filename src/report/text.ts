import type { Finding } from "../model/index.js";
import { envReadSnippet, isUntrackAdvised, quotePath, quoteShell, untrackFiles } from "./envSnippet.js";
import { exposureOf, type Exposure, type Outcome } from "../model/index.js";
import { credentialName, groupByDetector, locations, severityOf, shownLines, type Group } from "./credential.js";
import { renderGuidance } from "./guidance.js";
import { renderBlast } from "./blast.js";
import { renderHistory } from "./history.js";
import type { Style } from "./style.js";
import { renderCompact } from "./textCompact.js";
import { DEFAULT_WIDTH, unbreakable, wrap } from "./wrap.js";
import type { RenderContext, Writer } from "./writer.js";
import { annotatedObject, nameLooksRandom, notesSteps, ALL_ON_REMOTE_NOT_BLOCKED, findingFile, fixArchive, ALREADY_ON_REMOTE_DOES_NOT_BLOCK, BYPASS, decodedLabel, FILE_NAME_STEP, findingLocation, LFS_OBJECT_LABEL, messageSteps, objectSteps, pluralize, REF_NAME_STEPS, scanHeadline, scanSteps, summaryLine } from "../model/messages.js";

const shortSha = (sha: string) => sha.slice(0, 8);

/** The human report: each finding with its place, then what to do once per credential type. */
export const textWriter: Writer = { render: renderText };

function renderText(outcome: Outcome, ctx: RenderContext): string {
  if (outcome.findings.length === 0) return renderClean(outcome, ctx.style);
  const groups = groupByDetector(outcome, ctx.guidance);
  const where = outcome.mode === "push" ? "the commits being pushed" : outcome.findings.every((f) => f.origin === "message") ? "the commit message" : "staged changes";
  const blocked = outcome.mode === "staged" ? "the commit is blocked" : isBlocking(outcome) ? "the push is blocked" : ALL_ON_REMOTE_NOT_BLOCKED;
  const title =
    outcome.mode === "scan"
      ? scanHeadline(outcome.findings.length, outcome.findings.some((f) => f.commit))
      : `leakstop: ${pluralize(outcome.findings.length, "secret")} found in ${where}: ${blocked}.`;
  // Compact for a commit, where the fix is local; the full dossier for a push, where history and revoking matter.
  const lines = outcome.mode === "staged" && !ctx.verbose ? renderCompact(outcome, groups, title, ctx) : renderFull(outcome, groups, title, ctx);
  return unbreakable(lines.join("\n")) + "\n";
}

function renderFull(outcome: Outcome, groups: Group[], title: string, ctx: RenderContext): string[] {
  const { style } = ctx;
  const width = ctx.width ?? DEFAULT_WIDTH;
  const out: string[] = [];
  out.push(...wrap(style.bold(title), width, "    "));
  for (const group of groups) {
    out.push("");
    const sev = severityOf(group);
    const { name, ids } = credentialName(group);
    out.push(...wrap(`${style.severity(sev, sev.toUpperCase())}  ${style.bold(name)}  ${style.dim(`[${ids}]`)}`, width, "    "));
    for (const { finding, exposure } of group.items) {
      const commit = finding.commit ? `  ${style.dim(`in commit ${shortSha(finding.commit.sha)} "${finding.commit.subject}"`)}` : "";
      const note = finding.note ? `  ${style.dim(`(${finding.note})`)}` : "";
      const place = locations(finding) + (finding.decodedFrom ? `  ${style.dim(decodedLabel(finding.decodedFrom))}` : "");
      out.push(...wrap(`  ${place}${finding.origin === "message" ? "" : commit}${note}${exposure.kind === "remote" ? style.severity("critical", "  ALREADY ON A REMOTE") : exposure.kind === "local" && exposure.alsoOn ? style.severity("critical", "  ALREADY ON ANOTHER REMOTE") : ""}`, width, "      "));
      out.push(...shownLines(finding).map((line) => `      ${line}`));
      out.push(...renderBlast(finding, style));
    }
  }
  for (const group of groups) {
    out.push("");
    out.push(...wrap(style.bold(`── What to do: ${credentialName(group).name} ──`), width));
    out.push(...wrapSteps(outcome.mode === "scan" ? scanActions(group) : renderActions(group, ctx.guidance), width), "");
    out.push(...renderGuidance(group.doc, style, width));
  }
  out.push(...renderHistory(outcome, ctx));
  out.push("");
  out.push(...wrap(summaryLine(outcome), width, "    "));
  for (const note of outcome.notes) out.push(...wrapSteps(note.split("\n"), width));
  if (outcome.mode === "push" && outcome.findings.some((f) => exposureOf(f).kind === "remote")) out.push(...wrapSteps(ALREADY_ON_REMOTE_DOES_NOT_BLOCK.split("\n"), width));
  if (outcome.mode !== "scan" && (outcome.mode === "staged" || isBlocking(outcome))) out.push(BYPASS[outcome.mode]);
  return out;
}

/** Steps are prose except the command lines (indented 7 or more): those stay whole so they run as printed. */
function wrapSteps(lines: string[], width: number): string[] {
  return lines.flatMap((line) => {
    const indent = /^ */.exec(line)![0].length;
    if (indent >= 7) return [line];
    const numbered = /^ *\d+\. /.exec(line);
    // A step's own continuation line (indent 3 to 6) keeps its indent; a paragraph hangs by two.
    return wrap(line, width, " ".repeat(numbered ? numbered[0].length : indent >= 3 ? indent : indent + 2));
  });
}

function renderClean(outcome: Outcome, style: Style): string {
  return style.dim(summaryLine(outcome)) + "\n" + outcome.notes.map((n) => n + "\n").join("");
}

function renderActions(group: Group, guidance: RenderContext["guidance"]): string[] {
  const envVar = group.doc.guidance?.envVar ?? "SECRET_VALUE";
  // Parts of a credential are fixed where they are, each read from its own variable (not the main part's).
  for (const i of group.items) for (const p of i.finding.parts ?? []) p.envVar ??= guidance(p.detector.id)?.guidance?.envVar;
  group = { ...group, items: group.items.flatMap((i) => [i.finding, ...(i.finding.parts ?? [])].map((finding) => ({ finding, exposure: i.exposure }))) };
  const remote = group.items.filter((i) => i.exposure.kind === "remote");
  const local = group.items.filter((i) => i.exposure.kind === "local");
  const staged = group.items.filter((i) => i.exposure.kind === "staged");
  const objects = group.items.filter((i) => i.exposure.kind === "object" && i.finding.origin !== "ref");
  const refNames = group.items.filter((i) => i.finding.origin === "ref");
  const messages = group.items.filter((i) => i.exposure.kind === "message");
  const lines: string[] = [];
  if (remote.length) {
    lines.push("This secret is ALREADY ON A REMOTE: treat it as exposed, whatever happens to this push.");
    lines.push("  1. Revoke and rotate it now, before anything else (the credential's own steps are below).");
    const refs = new Set(remote.flatMap((i) => (i.exposure.kind === "remote" ? i.exposure.remoteRefs : [])));
    lines.push(`  2. It is in ${[...refs].slice(0, 5).join(", ")}${refs.size > 5 ? ", …" : ""}: removing it from history there needs a history rewrite (git filter-repo or BFG) and a force push; rotation matters more, since clones and caches keep old commits.`);
    const pushed = remote.flatMap((i) => (i.exposure.kind === "remote" && i.exposure.commit ? [i.exposure.commit] : []));
    lines.push(`  3. Check the provider's access logs for use of the key since ${pushed.length ? "the commit was first pushed:" : "it was first pushed."}`);
    for (const commit of pushed) lines.push(`       commit ${shortSha(commit.sha)} "${commit.subject}"`);
    lines.push(`  4. Replace the value in code with the environment variable ${envVar}.`);
  }
  if (local.length) {
    if (lines.length) lines.push("");
    const commits = new Map<string, LocalExposure>();
    for (const i of local) if (i.exposure.kind === "local") commits.set(i.exposure.commit.sha, i.exposure);
    // Not on the remote pushed to, but on another: this push is still blocked, and the copy there needs rotation.
    const elsewhere = [...new Set([...commits.values()].flatMap((e) => e.alsoOn ?? []))];
    let step = 1;
    if (elsewhere.length) {
      lines.push(`This push would take the secret to a remote that does not have it yet, and it has already left this machine: it is in ${elsewhere.slice(0, 5).join(", ")}${elsewhere.length > 5 ? ", …" : ""}. Rotate it, and remove it from history before pushing here:`);
      lines.push(`  ${step++}. Revoke and rotate it now (the credential's own steps are below): the copy already pushed stays exposed whatever happens to this push.`);
    } else lines.push("This secret is only in local commits: it has NOT left this machine. Remove it from history, then push again:");
    const notes = notesByRef(commits.values(), local);
    for (const [ref, n] of notes.byRef) lines.push(...notesSteps(step++, n.objects, nameLooksRandom(ref) ? null : quoteShell(ref), n.base));
    for (const e of commits.values()) {
      if (notes.commits.has(e.commit.sha)) continue;
      const inCommit = local.filter((i) => i.finding.commit?.sha === e.commit.sha);
      const files = inCommit.map((i) => findingPlace(i.finding));
      // A secret in the message too: the amend opens the editor to reword it.
      const amend = inCommit.some((i) => i.finding.origin === "message") ? "git commit --amend" : "git commit --amend --no-edit";
      if (inCommit.every((i) => i.finding.origin === "message")) {
        lines.push(`  ${step++}. It is in the message of commit ${shortSha(e.commit.sha)} "${e.commit.subject}" (${files.join(", ")}): reword it with`);
        lines.push(e.isTip ? "       git commit --amend" : `       ${rebaseCommand(e)}   (mark ${shortSha(e.commit.sha)} as "reword")`);
      } else if (e.isTip) {
        lines.push(`  ${step++}. It is in the last commit ${shortSha(e.commit.sha)} "${e.commit.subject}": edit ${files.join(", ")}, then`);
        lines.push(`       git add ${uniquePaths(inCommit.filter((i) => i.finding.origin !== "message"))} && ${amend}`);
      } else {
        lines.push(`  ${step++}. It is in commit ${shortSha(e.commit.sha)} "${e.commit.subject}" (${files.join(", ")}): rewrite from its parent with`);
        lines.push(`       ${rebaseCommand(e)}`);
        lines.push(`     ${rebaseStop(e)}, remove the secret, git add the file, ${amend}, git rebase --continue`);
      }
    }
    if (commits.size > notes.commits.size) lines.push(`  ${step++}. Read the value from the environment variable ${envVar} instead (see below), then push again.`);
    if (elsewhere.length) lines.push(`  ${step}. Removing it from ${elsewhere.length > 1 ? "those remotes" : "that remote"} too needs a history rewrite there (git filter-repo or BFG) and a force push.`);
    else lines.push(`  ${step}. Rotation is needed only if you shared the key anywhere else (chat, another repository, a paste).`);
  }
  if (objects.length) {
    if (lines.length) lines.push("");
    lines.push(...objectSteps([...new Set(objects.map((i) => i.finding.path))]));
  }
  if (refNames.length) {
    if (lines.length) lines.push("");
    lines.push(...REF_NAME_STEPS);
  }
  if (messages.length) {
    if (lines.length) lines.push("");
    lines.push(...messageSteps(messages.map((i) => i.finding.line)));
  }
  if (staged.length) {
    if (lines.length) lines.push("");
    lines.push("This secret is staged but not committed: nothing has left this machine.");
    lines.push(...stagedSteps(staged.map((i) => i.finding), envVar));
  }
  return lines;
}

/** A scan blocks nothing: committed secrets are treated as exposed, files on disk as not yet. */
function scanActions(group: Group): string[] {
  const envVar = group.doc.guidance?.envVar ?? "SECRET_VALUE";
  const places = (items: Group["items"]) => [...new Set(items.map((i) => (i.finding.commit && i.finding.origin !== "message" ? `${findingPlace(i.finding)} in ${shortSha(i.finding.commit.sha)}` : findingPlace(i.finding))))];
  const committed = group.items.filter((i) => i.finding.commit);
  const files = group.items.filter((i) => !i.finding.commit);
  const lines = committed.length ? scanSteps(places(committed), true, envVar) : [];
  if (files.length) lines.push(...(lines.length ? [""] : []), ...scanSteps(places(files), false, envVar));
  return lines;
}

/**
 * The objects whose notes hold the secret, by pushed notes ref, and the notes commits this covers: notes commits
 * are fixed by ref, not one by one.
 */
function notesByRef(commits: Iterable<LocalExposure>, local: Group["items"]) {
  const byRef = new Map<string, { objects: string[]; base: string | null }>();
  const covered = new Set<string>();
  for (const e of commits) {
    if (!e.notes) continue;
    const objects = local.filter((i) => i.finding.commit?.sha === e.commit.sha).map((i) => annotatedObject(i.finding.path));
    // A file in a notes tree that names no object is not a note: its commit gets the usual steps.
    if (objects.some((o) => o === null)) continue;
    const entry = byRef.get(e.notes.ref) ?? { objects: [], base: e.notes.base };
    for (const o of objects) if (o && !entry.objects.includes(o)) entry.objects.push(o);
    byRef.set(e.notes.ref, entry);
    covered.add(e.commit.sha);
  }
  return { byRef, commits: covered };
}

type LocalExposure = Extract<Exposure, { kind: "local" }>;

/** The rebase that reaches a local commit: from its parent, on the pushed branch holding it, keeping merges. */
function rebaseCommand(e: LocalExposure): string {
  const { branch, acrossMerges } = e.rewrite ?? {};
  return `git rebase -i ${acrossMerges ? "--rebase-merges " : ""}${e.parent ? shortSha(e.parent) : "--root"}${branch ? ` ${quoteShell(branch)}` : ""}`;
}

/** Where that rebase stops for the fix: a merge cannot be marked "edit", so a break follows its line. */
function rebaseStop(e: LocalExposure): string {
  const short = shortSha(e.commit.sha);
  return e.rewrite?.isMerge ? `after the line "merge -C ${short} …" add a line "break"; when it stops` : `mark ${short} as "edit"`;
}

function isBlocking(outcome: Outcome): boolean {
  return outcome.findings.some((f) => exposureOf(f).kind !== "remote");
}

function findingPlace(f: Finding): string {
  if (f.origin === "lfs") return `${f.path}:${f.line} ${LFS_OBJECT_LABEL}`;
  return f.origin === "message" || f.origin === "ref" ? findingLocation(f) : `${findingFile(f)}:${f.line}`;
}

function uniquePaths(items: { finding: Finding }[]): string {
  return [...new Set(items.map((i) => quotePath(i.finding.path)))].join(" ");
}

function stagedSteps(findings: Finding[], envVar: string): string[] {
  const lines: string[] = [];
  const archives = findings.filter((f) => f.member);
  findings = findings.filter((f) => !f.member);
  const named = findings.filter((f) => f.origin === "path");
  findings = findings.filter((f) => f.origin !== "path");
  const dotenv = findings.filter((f) => isUntrackAdvised(f.path));
  const code = findings.filter((f) => !isUntrackAdvised(f.path));
  let step = 1;
  if (named.length) lines.push(`  ${step++}. ${FILE_NAME_STEP}`);
  if (code.length) {
    const names = [...new Set(code.map((f) => f.envVar ?? envVar))].join(", ");
    lines.push(`  ${step++}. Remove it and read it from the environment variable ${names} instead:`);
    for (const f of code) {
      const name = f.envVar ?? envVar;
      const snippet = envReadSnippet(f.path, name);
      lines.push(`       ${f.path}:${f.line}  ${snippet ? `use ${snippet}` : `load ${name} from the environment in the code that reads this file`}`);
    }
    lines.push(`  ${step++}. Keep the real value outside the repository: an untracked .env file listed in .gitignore, or a secret manager.`);
  }
  if (dotenv.length) {
    const paths = uniquePaths(dotenv.map((finding) => ({ finding })));
    lines.push(`  ${step++}. ${paths} holds real values: stop tracking it and ignore it:`);
    lines.push(`       ${untrackFiles([...new Set(dotenv.map((f) => f.path))])}`);
    lines.push(`     Commit a ${paths}.example with empty values instead.`);
  }
  if (archives.length) {
    const paths = uniquePaths(archives.map((finding) => ({ finding })));
    lines.push(`  ${step++}. ${fixArchive(paths)}`, `       ${untrackFiles([...new Set(archives.map((f) => f.path))])}`);
  }
  if (code.length) lines.push(`  ${step++}. Re-stage: git add ${uniquePaths(code.map((finding) => ({ finding })))}`);
  lines.push(`  ${step}. Rotation is needed only if you shared the key anywhere else (chat, another repository, a paste).`);
  return lines;
}
