// Decoded views: a line holding an encoded segment is scanned once more with the segment decoded in place
// (`DB_PASSWORD: <base64>` reads `DB_PASSWORD: hunter…`), and what is found there is placed back on the encoded
// text of the real line. The idea of scan.ts's unescaped-quotes pass, for whole encodings: there a view of a
// region maps offsets back; here a view of a line maps findings back.
import type { DetectorCore } from "../../detectors/types.js";
import type { Change, Finding, Line } from "../../model/index.js";
import type { Layout } from "../prefilter/index.js";
import { redact, redactSharedLines } from "../redact.js";
import { findSegments, MAX_DECODED_LINE, MAX_DEPTH, type DecodeBudget, type Regions, type Segment } from "./index.js";

/** How many layers of decoding a change is under, what decoding may still spend, and where a view's decoded text is. */
export interface DecodeState {
  depth: number;
  budget: DecodeBudget;
  regions?: Regions;
}

/** Raw lines kept around a view, unreported, for the keyword windows and context rules that reach past a line. */
const CONTEXT_LINES = 2;
/** Findings the decoded views of one change add at most, like the findings listed per file. */
const MAX_DECODED_FINDINGS = 100;

interface View {
  change: Change;
  /** Line number of the view's first decoded line (the real line's number). */
  first: number;
  /** Per view line of the segment: where its part of the decoded text sits, and that part's offset in the decoded text. */
  pieces: { from: number; to: number; decodedAt: number }[];
}

/**
 * The change's findings with those of its decoded views added: `raw` is what the change's own text gave. A
 * decoded finding already found on the raw line by the same detector (or a more specific one) at the same
 * place is left out; one that is more specific than a raw finding there replaces it.
 */
export function withDecodedFindings(
  change: Change,
  raw: Finding[],
  text: { layout: Layout; lineStarts: number[] },
  state: DecodeState,
  scanView: (view: Change, state: DecodeState) => Finding[],
  onUnlisted?: (count: number) => void,
): Finding[] {
  if (state.depth >= MAX_DEPTH) return raw;
  const segments = findSegments(change.path, change.lines, text.layout, text.lineStarts, state.budget, state.regions);
  if (!segments.length) return raw;
  const decoded: Finding[] = [];
  for (const segment of segments) {
    const view = viewOf(change, segment);
    const regions: Regions = new Map(view.pieces.map((p, j) => [view.change.lines.findIndex((l) => l.number === view.first + j), [p.from, p.to]]));
    for (const f of scanView(view.change, { depth: state.depth + 1, budget: state.budget, regions })) {
      if (placeOnSegment(f, change.lines[segment.lineIndex], segment, view)) decoded.push(f);
    }
  }
  return merge(change, raw, decoded, onUnlisted);
}

function viewOf(change: Change, segment: Segment): View {
  const { lines } = change;
  const line = lines[segment.lineIndex];
  const prefix = line.text.slice(0, segment.start);
  const suffix = line.text.slice(segment.end);
  const parts = segment.decoded.text.split("\n");
  const pieces: View["pieces"] = [];
  const viewLines: Line[] = [];
  let decodedAt = 0;
  parts.forEach((part, j) => {
    const from = j === 0 ? prefix.length : 0;
    pieces.push({ from, to: from + part.length, decodedAt });
    viewLines.push({ number: line.number + j, text: (j === 0 ? prefix : "") + part + (j === parts.length - 1 ? suffix : ""), added: true });
    decodedAt += part.length + 1;
  });
  const context = (l: Line, shift: number): Line[] => (l.text.length > MAX_DECODED_LINE ? [] : [{ number: l.number + shift, text: l.text, added: false }]);
  const before = lines.slice(Math.max(0, segment.lineIndex - CONTEXT_LINES), segment.lineIndex).flatMap((l) => context(l, 0));
  const after = lines.slice(segment.lineIndex + 1, segment.lineIndex + 1 + CONTEXT_LINES).flatMap((l) => context(l, parts.length - 1));
  return { change: { path: change.path, commit: change.commit, origin: change.origin, lines: [...before, ...viewLines, ...after] }, first: line.number, pieces };
}

/**
 * Moves a finding of the view onto the real line: its columns cover the encoded text it came from (all of the
 * segment for base64, or when the decoded text spans lines; the escapes that spell it otherwise), its redacted
 * form masks that text. False when it lies outside the decoded text: the raw line's own scan has it.
 */
function placeOnSegment(f: Finding, line: Line, segment: Segment, view: View): boolean {
  const j = f.line - view.first;
  const piece = view.pieces[j];
  if (!piece) return false;
  const from = f.column - 1;
  const to = f.endColumn - 1;
  if (to <= piece.from || from >= piece.to) return false;
  const { origin } = segment.decoded;
  let start = segment.start;
  let end = segment.end;
  if (origin && view.pieces.length === 1) {
    // The parts of the finding outside the decoded text are the raw line's own characters, at the same columns.
    start = from < piece.from ? from : segment.start + origin[piece.decodedAt + from - piece.from];
    end = to > piece.to ? segment.end + (to - piece.to) : segment.start + origin[piece.decodedAt + to - piece.from];
  } else if (j === 0 && from < piece.from) {
    start = from;
  }
  f.line = line.number;
  f.column = start + 1;
  f.endColumn = end + 1;
  f.redacted = redact(line.text.slice(start, end));
  // The view's spans are columns of the decoded text: the real line is masked from this finding's own span.
  f.lineSpans = undefined;
  f.decodedFrom = segment.encoding;
  return true;
}

/** Whether `a`, overlapping `b`, is the more specific reading (the engine's rule between overlapping matches). */
function outranks(a: DetectorCore, b: DetectorCore): boolean {
  return Boolean(a.overrides?.includes(b.id)) || (Boolean(b.fallback) && !a.fallback);
}

const overlap = (a: Finding, b: Finding) => a.line === b.line && a.column < b.endColumn && b.column < a.endColumn;

function merge(change: Change, raw: Finding[], decoded: Finding[], onUnlisted?: (count: number) => void): Finding[] {
  const added: Finding[] = [];
  const replaced = new Set<Finding>();
  let unlisted = 0;
  for (const d of decoded) {
    if (raw.some((r) => overlap(r, d) && (r.detector.id === d.detector.id || outranks(r.detector, d.detector)))) continue;
    if (added.some((a) => overlap(a, d) && a.detector.id === d.detector.id && a.digest === d.digest)) continue;
    if (added.length >= MAX_DECODED_FINDINGS) {
      unlisted++;
      continue;
    }
    for (const r of raw) if (overlap(r, d) && outranks(d.detector, r.detector)) replaced.add(r);
    added.push(d);
  }
  if (unlisted) onUnlisted?.(unlisted);
  if (!added.length) return raw;
  const lines = new Set(added.map((d) => d.line));
  // Every secret on a line with a decoded finding is masked on it, replaced ones too.
  redactSharedLines(change, [...raw, ...added].filter((f) => lines.has(f.line)));
  return [...raw.filter((r) => !replaced.has(r)), ...added].sort((a, b) => a.line - b.line || a.column - b.column);
}
