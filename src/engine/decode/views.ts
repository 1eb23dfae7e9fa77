// Decoded views: a line holding an encoded segment is scanned once more with the segment decoded in place
// (`DB_PASSWORD: <base64>` reads `DB_PASSWORD: hunter…`), and what is found there is placed back on the encoded
// text of the real line. The idea of scan.ts's unescaped-quotes pass, for whole encodings: there a view of a
// region maps offsets back; here a view of a line (or of a notebook cell's lines) maps findings back.
import type { DetectorCore } from "../../detectors/types.js";
import type { Change, Finding, Line } from "../../model/index.js";
import type { Layout } from "../prefilter/index.js";
import { redact, redactSharedLines } from "../redact.js";
import { secretDigest } from "../../util/crypto.js";
import { decodeBase64 } from "./base64.js";
import { candidatesIn } from "./candidates.js";
import { decodeEscapes } from "./escapes.js";
import { decodePercent } from "./percent.js";
import { withoutInvisible } from "./invisible.js";
import type { Decoded } from "./text.js";
import { DECODERS, endOfLine, findSegments, isAsWritten, MAX_DECODED_LINE, MAX_DEPTH, startOfPreviousLine, type DecodeBudget, type Encoding, type Part, type Regions, type Segment } from "./index.js";

/** How many layers of decoding a change is under, what decoding may still spend, and where a view's decoded text is. */
export interface DecodeState {
  depth: number;
  budget: DecodeBudget;
  regions?: Regions;
}

/** Whether any detector's keyword occurs in the change's bytes [from, to), or in other bytes. */
export interface KeywordCheck {
  inChange(from: number, to: number): boolean;
  inBytes(bytes: Buffer): boolean;
}

/** Raw lines kept around a view, unreported, for the keyword windows and context rules that reach past a line. */
const CONTEXT_LINES = 2;
/** Findings the decoded views of one change add at most, like the findings listed per file. */
const MAX_DECODED_FINDINGS = 100;

/** A run of a view line's text that is decoded text of one part: columns [from, to), at `decodedAt` in the part's decoded text. */
interface Piece {
  part: Part;
  from: number;
  to: number;
  decodedAt: number;
}

interface View {
  change: Change;
  /** Line number and index of the view's first line after the context lines above it. */
  first: number;
  firstIndex: number;
  /** Per view line from `first`: its pieces of decoded text (none on the lines that hold a string's quotes). */
  pieces: Piece[][];
  /** The real text kept at both ends of the decoded text, at the real line's columns (unless the segment has its own lines). */
  prefix: number;
  suffix: number;
}

/**
 * The change's findings with those of its decoded views added: `raw` is what the change's own text gave. A
 * decoded finding already found on the raw line by the same detector (or a more specific one) at the same
 * place is left out; one that is more specific than a raw finding there, or the same detector's precise
 * reading of a wider raw match (`refines`), replaces it.
 */
export function withDecodedFindings(
  change: Change,
  raw: Finding[],
  text: { layout: Layout; lineStarts: number[]; keywords: KeywordCheck },
  state: DecodeState,
  scanView: (view: Change, state: DecodeState) => Finding[],
  onUnlisted?: (count: number) => void,
): Finding[] {
  if (state.depth >= MAX_DEPTH) return raw;
  const segments = findSegments(change.path, change.lines, text.layout, text.lineStarts, state.budget, state.regions);
  if (!segments.length) return raw;
  const decoded: Finding[] = [];
  for (const segment of segments) {
    if (segment.cell && !cellMayFind(segment.parts, segment.cell, text.layout.buf, text.keywords)) continue;
    const view = viewOf(change, segment);
    const regions: Regions = new Map();
    view.pieces.forEach((pieces, j) => {
      if (pieces.length) regions.set(view.firstIndex + j, [pieces[0].from, pieces[pieces.length - 1].to]);
    });
    for (const f of scanView(view.change, { depth: state.depth + 1, budget: state.budget, regions })) {
      if (placeOnSegment(f, change.lines, segment, view)) decoded.push(f);
    }
  }
  return merge(change, raw, decoded, onUnlisted);
}

function viewOf(change: Change, segment: Segment): View {
  const { lines } = change;
  const { parts, ownLines } = segment;
  const head = lines[parts[0].lineIndex];
  const tail = lines[parts[parts.length - 1].lineIndex];
  const prefix = head.text.slice(0, parts[0].start);
  const suffix = tail.text.slice(parts[parts.length - 1].end);
  const viewLines: Line[] = [];
  const pieces: Piece[][] = [];
  let number = head.number;
  let text = "";
  let onLine: Piece[] = [];
  const endLine = (added: boolean) => {
    viewLines.push({ number: number++, text, added });
    pieces.push(onLine);
    text = "";
    onLine = [];
  };
  const anyAdded = () => onLine.some((p) => lines[p.part.lineIndex].added);
  text = prefix;
  // A string with lines of its own: the key and quotes around it are lines of their own, read but never reported.
  if (ownLines) endLine(false);
  for (const part of parts) {
    const decoded = part.decoded.text;
    for (let at = 0; ; ) {
      const br = decoded.indexOf("\n", at);
      const to = br < 0 ? decoded.length : br;
      onLine.push({ part, from: text.length, to: text.length + to - at, decodedAt: at });
      text += decoded.slice(at, to);
      if (br < 0) break;
      endLine(anyAdded());
      at = br + 1;
    }
  }
  if (ownLines) {
    endLine(anyAdded());
    text = suffix;
    endLine(false);
  } else {
    text += suffix;
    endLine(anyAdded());
  }
  const context = (l: Line, shift: number): Line[] => (l.text.length > MAX_DECODED_LINE ? [] : [{ number: l.number + shift, text: l.text, added: false }]);
  const headIndex = parts[0].lineIndex;
  const tailIndex = parts[parts.length - 1].lineIndex;
  const before = lines.slice(Math.max(0, headIndex - CONTEXT_LINES), headIndex).flatMap((l) => context(l, 0));
  const after = lines.slice(tailIndex + 1, tailIndex + 1 + CONTEXT_LINES).flatMap((l) => context(l, number - tail.number - 1));
  return {
    change: { path: change.path, commit: change.commit, origin: change.origin, lines: [...before, ...viewLines, ...after] },
    first: head.number,
    firstIndex: before.length,
    pieces,
    prefix: ownLines ? 0 : prefix.length,
    suffix: ownLines ? 0 : suffix.length,
  };
}

/**
 * Whether a notebook cell's view could find anything. A finding needs a keyword of its detector in the view
 * (scan.ts's nearKeyword), a nested view an encoded run in the decoded text: a cell (with the lines kept around
 * it) holding neither is not read again. Lines read as written are pieces of the raw lines, checked there
 * without copying; lines whose escapes were decoded are checked as decoded.
 */
function cellMayFind(parts: Part[], cell: { from: number; to: number; encodedInside: boolean }, buf: Buffer, keywords: KeywordCheck): boolean {
  if (cell.encodedInside) return true;
  // A line without its line break runs on into the next one's text: a keyword may straddle the two.
  for (let k = 0; k < parts.length - 1; k++) if (!parts[k].decoded.text.endsWith("\n")) return true;
  let { from, to } = cell;
  for (let k = 0; k < CONTEXT_LINES && from > 0; k++) from = startOfPreviousLine(buf, from);
  for (let k = 0; k < CONTEXT_LINES && to < buf.length; k++) to = endOfLine(buf, to + 1);
  if (keywords.inChange(from, to)) return true;
  // The decoded lines at once: each ends with its line break, and neither a keyword nor an encoded run crosses one.
  let decodedText = "";
  for (const { decoded } of parts) if (!isAsWritten(decoded)) decodedText += decoded.text;
  if (!decodedText) return false;
  const bytes = Buffer.from(decodedText);
  return keywords.inBytes(bytes) || candidatesIn(bytes, DECODERS, undefined).length > 0;
}

/**
 * Moves a finding of the view onto the real line its secret is on: its columns cover the encoded text it came
 * from (all of the part for base64; the escapes that spell it otherwise), its redacted form masks that text.
 * False when it lies outside the decoded text (the raw line's own scan has it) or on a line only read for context.
 */
function placeOnSegment(f: Finding, lines: readonly Line[], segment: Segment, view: View): boolean {
  const j = f.line - view.first;
  const onLine = view.pieces[j] ?? [];
  const from = f.column - 1;
  const to = f.endColumn - 1;
  const overlapping = onLine.filter((p) => from < p.to && p.from < to);
  if (!overlapping.length) return false;
  const head = overlapping[0];
  // A finding that runs on into the next line's string (a cell's line without its line break) ends where this one does.
  const tail = overlapping.filter((p) => p.part === head.part).pop()!;
  const { part } = head;
  const line = lines[part.lineIndex];
  if (!line.added) return false;
  const { origin } = part.decoded;
  const isFirst = j === 0 && head === onLine[0];
  const isLast = j === view.pieces.length - 1 && tail === onLine[onLine.length - 1];
  let start = part.start;
  let end = part.end;
  // The parts of the finding outside the decoded text are the raw line's own characters, at the same columns.
  if (from < head.from) start = isFirst && view.prefix ? from : part.start;
  else if (origin) start = part.start + origin[head.decodedAt + from - head.from];
  if (to <= tail.to && origin) end = part.start + origin[tail.decodedAt + to - tail.from];
  else if (to > tail.to && origin && isLast && view.suffix) end = part.end + (to - tail.to);
  f.line = line.number;
  f.column = start + 1;
  f.endColumn = end + 1;
  f.redacted = redact(line.text.slice(start, end));
  // The view's spans are columns of the decoded text: the real line is masked from this finding's own span, and
  // a secret split over strings from every later piece of it on that line.
  f.lineSpans = undefined;
  const laterPieces = overlapping.filter((p) => p.part !== part && p.part.lineIndex === part.lineIndex);
  if (laterPieces.length) {
    const later = [...new Set(laterPieces.map((p) => p.part))].map((p) => ({ start: p.start, end: p.end, redacted: "*".repeat(Math.min(16, Math.max(4, p.end - p.start))) }));
    f.lineSpans = [{ start, end, redacted: f.redacted }, ...later];
  }
  // A string's own lines are the text it holds as written: a value encoded in them says how it was encoded.
  f.decodedFrom = segment.ownLines && f.decodedFrom ? f.decodedFrom : segment.encoding;
  return true;
}

/** Whether `a`, overlapping `b`, is the more specific reading (the engine's rule between overlapping matches). */
function outranks(a: DetectorCore, b: DetectorCore): boolean {
  return Boolean(a.overrides?.includes(b.id)) || (Boolean(b.fallback) && !a.fallback);
}

/**
 * Whether decoded finding `d` is the precise reading of raw finding `r`, the same detector's: the raw match ran
 * on through the escapes (`\n`, `%26`) past the secret, so its span is wider and its value another.
 */
const refines = (d: Finding, r: Finding) =>
  d.detector.id === r.detector.id && d.digest !== r.digest && d.line === r.line && r.column <= d.column && d.endColumn <= r.endColumn && d.endColumn - d.column < r.endColumn - r.column;

// A raw match over joined strings is not one value to decode: it keeps the joined view's place.
const DECODE: Record<Encoding, (text: string) => Decoded | undefined> = {
  base64: decodeBase64,
  percent: decodePercent,
  escape: (text) => decodeEscapes(text),
  concat: () => undefined,
  invisible: withoutInvisible,
};

/**
 * A secret over several decoded lines (a key in a JSON string) is placed on its first line's part only, while
 * the raw match spans all of it as written: when the raw span decodes to the secret, it is where it is.
 */
function takeWholePlace(change: Change, d: Finding, r: Finding): void {
  const line = change.lines.find((l) => l.number === r.line);
  const written = line?.text.slice(r.column - 1, r.endColumn - 1);
  const decoded = written && d.decodedFrom ? DECODE[d.decodedFrom](written) : undefined;
  if (!decoded || secretDigest(decoded.text) !== d.digest) return;
  d.column = r.column;
  d.endColumn = r.endColumn;
  d.redacted = redact(written!);
}

const overlap = (a: Finding, b: Finding) => a.line === b.line && a.column < b.endColumn && b.column < a.endColumn;

function merge(change: Change, raw: Finding[], decoded: Finding[], onUnlisted?: (count: number) => void): Finding[] {
  const added: Finding[] = [];
  const replaced = new Set<Finding>();
  let unlisted = 0;
  for (const d of decoded) {
    const found = raw.filter((r) => overlap(r, d) && (r.detector.id === d.detector.id || outranks(r.detector, d.detector)));
    if (found.some((r) => !refines(d, r))) continue;
    if (added.some((a) => overlap(a, d) && a.detector.id === d.detector.id && a.digest === d.digest)) continue;
    if (added.length >= MAX_DECODED_FINDINGS) {
      unlisted++;
      continue;
    }
    for (const r of raw) {
      if (!overlap(r, d) || !(outranks(d.detector, r.detector) || refines(d, r))) continue;
      replaced.add(r);
      if (refines(d, r)) takeWholePlace(change, d, r);
    }
    added.push(d);
  }
  if (unlisted) onUnlisted?.(unlisted);
  if (!added.length) return raw;
  const lines = new Set(added.map((d) => d.line));
  // Every secret on a line with a decoded finding is masked on it, replaced ones too.
  redactSharedLines(change, [...raw, ...added].filter((f) => lines.has(f.line)));
  return [...raw.filter((r) => !replaced.has(r)), ...added].sort((a, b) => a.line - b.line || a.column - b.column);
}
