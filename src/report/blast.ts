import type { BlastPlace, BlastRadius, Finding } from "../model/index.js";
import { BLAST_ALSO_IN, BLAST_AT_HEAD, BLAST_ON_REMOTE, blastMore, blastNotSearched, blastReaders } from "../model/messages.js";
import type { Style } from "./style.js";

const MAX_PLACES = 6;
const MAX_PATHS = 2;
const INDENT = "      ";

function capList(items: string[], max: number): string {
  return items.length > max ? [...items.slice(0, max), blastMore(items.length - max)].join(", ") : items.join(", ");
}

// Paths already named at HEAD are left out of other refs, unless the ref has no other (then they say where).
function place(label: string, p: BlastPlace, atHead: Set<string> = new Set()): string {
  const fresh = p.paths.filter((path) => !atHead.has(path));
  return `${label} (${capList(fresh.length ? fresh : p.paths, MAX_PATHS)})`;
}

/** Where else a finding's secret is, in a line or three under the finding; nothing when nowhere else. */
export function renderBlast(f: Finding, style: Style): string[] {
  const b = f.blast;
  if (!b) return [];
  const atHead = new Set(b.files);
  const places = [
    ...(b.files.length ? [`${capList(b.files, MAX_PATHS)} ${BLAST_AT_HEAD}`] : []),
    ...b.branches.map((p) => place(`branch ${p.ref}`, p, atHead)),
    ...b.tags.map((p) => place(`tag ${p.ref}`, p, atHead)),
    ...b.stashes.map((p) => place(p.ref, p, atHead)),
    ...b.remotes.map((p) => `${place(p.ref, p)} ${style.severity("critical", BLAST_ON_REMOTE)}`),
  ];
  const out: string[] = [];
  if (places.length) out.push(`${INDENT}${style.bold(BLAST_ALSO_IN)} ${capList(places, MAX_PLACES)}`);
  if (b.envVar?.readers.length) out.push(`${INDENT}${blastReaders(b.envVar.name, capList(b.envVar.readers, MAX_PLACES))}`);
  if (b.notSearched) out.push(`${INDENT}${style.dim(blastNotSearched(b.notSearched))}`);
  return out;
}

/** Nothing found elsewhere, nothing left unsearched, nothing to clean: the report says nothing about it. */
export function blastIsEmpty(b: BlastRadius): boolean {
  const places = b.files.length + b.branches.length + b.tags.length + b.stashes.length + b.remotes.length;
  return places === 0 && !b.envVar?.readers.length && b.notSearched === 0 && !b.history;
}

/** Names from the repository in a blast radius made safe to show, the way makeShowable does the rest. */
export function showBlast(b: BlastRadius, show: (s: string) => string): void {
  const showPlace = (p: BlastPlace) => ({ ref: show(p.ref), paths: p.paths.map(show) });
  b.files = b.files.map(show);
  b.branches = b.branches.map(showPlace);
  b.tags = b.tags.map(showPlace);
  b.stashes = b.stashes.map(showPlace);
  b.remotes = b.remotes.map(showPlace);
  if (b.envVar) b.envVar = { name: b.envVar.name, readers: b.envVar.readers.map(show) };
  if (b.history) {
    b.history = {
      ...b.history,
      replaceFile: show(b.history.replaceFile),
      pushes: b.history.pushes.map((p) => ({ remote: show(p.remote), url: show(p.url), branches: p.branches.map(show) })),
    };
  }
}
