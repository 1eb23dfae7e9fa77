// Where an encoded segment may start, found in the change's bytes without a regular expression: a pass of RE2
// over every byte for runs of base64 cost a third of the whole scan (measured on node_modules), while these
// loops skip most bytes (memchr for `%` and `\`, strides of 16 over text that is not base64).
import type { DecodedFrom as Encoding } from "../../model/index.js";
import { MIN_BASE64_RUN } from "./base64.js";
import { MIN_PERCENT_ESCAPES } from "./percent.js";

/** A place to look at: byte offsets into the change's text, [at, end) (for an escape, the escape itself). */
export interface Candidate {
  encoding: Encoding;
  at: number;
  end: number;
}

const table = (chars: string) => {
  const t = new Uint8Array(256);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
};
const BASE64 = table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-");
// What a base64 group starts with when its first byte is text (printable ASCII, tab, line break): byte >> 2.
const TEXT_GROUP = table("CDIJKLMNOPQRSTUVWXYZabcdef");
const HEX = table("0123456789ABCDEFabcdef");
// Where a percent-encoded run starts: after whitespace, a quote, an angle bracket.
const PERCENT_STOP = table(" \t\r\n\"'`<>");
const GROUPS_CHECKED = 4;
/** Lines longer than this (minified bundles, source maps) are not decoded. */
export const MAX_DECODED_LINE = 8192;

export const isPercentStop = (byte: number) => PERCENT_STOP[byte] === 1;
// encodeURIComponent leaves `'` as it is, so a run goes on past one (a quote before the run still bounds it).
const ENDS_PERCENT_RUN = table(" \t\r\n\"`<>");

// Files that hold values rather than code (manifests, configs, dotenv, notebooks, requests): every run of base64
// is looked at. Elsewhere (source code, docs) only a run after `Basic ` or near a call that decodes base64:
// looking at every byte of code for runs, or at every quoted string, cost a sixth of the engine's time on
// node_modules (measured).
const DATA_FILE = /(^|\/)(\.env[^/]*|[^/.]+|[^/]*\.(ya?ml|json|env|properties|ini|toml|conf|cfg|cnf|xml|http|rest|txt|tfvars|tf|hcl|npmrc|netrc|pypirc|dockercfg|ipynb|b64|base64))$/i;

/**
 * Candidates of the enabled encodings, in order of position. `path` decides how much base64 is looked for;
 * undefined (a decoded view, small and already data) means every run.
 */
export function candidatesIn(buf: Buffer, enabled: Readonly<Record<Encoding, boolean>>, path: string | undefined, ascii = false): Candidate[] {
  const out: Candidate[] = [];
  // Invisible characters are not ASCII: a change that is (most are) has none, and pays nothing.
  if (enabled.invisible && !ascii) invisibleRuns(buf, out);
  // A plain byte array: indexing a Buffer in the loops below measured several times slower.
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  const data = path === undefined || DATA_FILE.test(path);
  if (enabled.base64 && data) base64Runs(bytes, out);
  else if (enabled.base64) {
    base64After(buf, bytes, "Basic ", out);
    base64NearDecoding(buf, bytes, out);
    encodedKeyFiles(buf, bytes, out);
  }
  if (enabled.percent) percentRuns(buf, out);
  if (enabled.escape) for (const escape of ["\\x", "\\u"]) escapes(buf, escape, out);
  // A string of a data file that holds line breaks holds a file of its own (a kubeconfig, a .pypirc in a JSON
  // value; a notebook's cell): its lines are read as lines.
  if (enabled.escape && data) lineBreaks(buf, out);
  if ((enabled.concat || enabled.base64) && !data) for (const quote of QUOTES) quotedLiterals(bytes, buf, quote, enabled, out);
  out.sort((a, b) => a.at - b.at);
  // `Basic ` inside a decoding call's reach finds its run twice.
  return out.filter((c, i) => i === 0 || c.at !== out[i - 1].at || c.encoding !== out[i - 1].encoding);
}

export const isDataFile = (path: string) => DATA_FILE.test(path);

/**
 * Whole runs of base64 characters, at least MIN_BASE64_RUN long, whose first groups begin as text's do. A run
 * of 16 must cover the 16th byte of any window that holds it: when that byte is not base64, the window moves
 * past it.
 */
function base64Runs(buf: Uint8Array, out: Candidate[]): void {
  const n = buf.length;
  let i = 0; // always at the start of a run or right after a byte that ends one
  while (i + MIN_BASE64_RUN <= n) {
    const probe = i + MIN_BASE64_RUN - 1;
    if (!BASE64[buf[probe]]) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i && BASE64[buf[start - 1]]) start--;
    if (start > i) {
      i = start;
      continue;
    }
    let end = probe + 1;
    while (end < n && BASE64[buf[end]]) end++;
    if (startsLikeText(buf, start)) out.push({ encoding: "base64", at: start, end });
    i = end + 1;
  }
}

function startsLikeText(buf: Uint8Array, start: number): boolean {
  for (let g = 0; g < GROUPS_CHECKED; g++) if (TEXT_GROUP[buf[start + 4 * g]] !== 1) return false;
  return true;
}

/** Runs right after `before`, whole and long enough. */
function base64After(buf: Buffer, bytes: Uint8Array, before: string, out: Candidate[]): void {
  for (let p = buf.indexOf(before); p >= 0; p = buf.indexOf(before, p + 1)) base64RunAt(bytes, p + before.length, out);
}

// How a private key or a cloud key file begins once base64-encoded for an environment variable or a CI secret
// (`TLS_KEY_B64=…`, decoded on another line): `-----BEGI`, and a GCP service-account file's `{"type":
// "service_account"`, compact or as downloaded. Each is found by a short piece of it whose first letter is rare
// in code: Buffer.indexOf scans for a needle under 7 bytes by its first byte (memchr), 3 to 7 times faster here
// than for the whole prefix.
const ENCODED_KEY_STARTS = [
  { piece: "CRUdJ", starts: ["LS0tLS1CRUdJ"] },
  { piece: "J0eXBl", starts: ["eyJ0eXBlIjoic2VydmljZV9hY2NvdW50", "eyJ0eXBlIjogInNlcnZpY2VfYWNjb3Vu", "ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3Vu"] },
];
const LONGEST_LEAD = 8;

/** Runs that begin as an encoded key file does (not inside a longer run). */
function encodedKeyFiles(buf: Buffer, bytes: Uint8Array, out: Candidate[]): void {
  for (const { piece, starts } of ENCODED_KEY_STARTS) {
    for (let p = buf.indexOf(piece); p >= 0; p = buf.indexOf(piece, p + 1)) {
      let start = p;
      while (start > 0 && p - start < LONGEST_LEAD && BASE64[bytes[start - 1]]) start--;
      if (start > 0 && BASE64[bytes[start - 1]]) continue;
      if (starts.some((s) => buf.toString("latin1", start, start + s.length) === s)) base64RunAt(bytes, start, out);
    }
  }
}

/** The run of base64 that starts at `start`, if it is long enough and begins as text's does. */
function base64RunAt(bytes: Uint8Array, start: number, out: Candidate[]): void {
  if (start + MIN_BASE64_RUN > bytes.length || !startsLikeText(bytes, start)) return;
  let end = start;
  while (end < bytes.length && BASE64[bytes[end]]) end++;
  if (end - start >= MIN_BASE64_RUN) out.push({ encoding: "base64", at: start, end });
}

// What code calls to decode base64: `Buffer.from(s, "base64")`, `base64.b64decode(s)`, `base64_decode`, Go's
// `base64.StdEncoding`, Java's `Base64.getDecoder()`, `Convert.FromBase64String`, `base64 -d`, Ruby's
// `Base64.decode64`. A string beside one of them on its line holds text someone encoded. `atob("…")` is found
// by the walk over quotes (quotedLiterals): a search of its own cost more than these three together (17 ms in 25
// MB of code, 4% of a large change's scan).
const DECODING_CALLS = ["base64", "Base64", "BASE64"];
/** How far from the call, on its line, a run may start: the call's arguments and its assignment. */
const DECODING_REACH = 256;

/** Runs on the line of a base64-decoding call, within DECODING_REACH of it either side. */
function base64NearDecoding(buf: Buffer, bytes: Uint8Array, out: Candidate[]): void {
  const calls: number[] = [];
  for (const call of DECODING_CALLS) for (let p = buf.indexOf(call); p >= 0; p = buf.indexOf(call, p + call.length)) calls.push(p);
  if (!calls.length) return;
  calls.sort((a, b) => a - b);
  let scannedTo = 0;
  for (const p of calls) {
    const lineStart = buf.lastIndexOf(10, p) + 1;
    const lineEnd = buf.indexOf(10, p);
    const from = Math.max(scannedTo, lineStart, p - DECODING_REACH);
    const to = Math.min(lineEnd < 0 ? bytes.length : lineEnd, p + DECODING_REACH);
    if (from >= to) continue;
    // The window may cut a run: it is read from its start to its end, wherever they are.
    let start = from;
    while (start > lineStart && BASE64[bytes[start - 1]]) start--;
    const found: Candidate[] = [];
    base64Runs(bytes.subarray(start, to), found);
    for (const c of found) {
      let end = start + c.end;
      while (end < bytes.length && BASE64[bytes[end]]) end++;
      if (!isDataUri(buf, start + c.at)) out.push({ encoding: "base64", at: start + c.at, end });
    }
    scannedTo = to;
  }
}

/** `data:image/png;base64,` before a run: an inlined file, not text someone hid. */
const isDataUri = (buf: Buffer, at: number) => at >= 7 && buf.toString("latin1", at - 7, at) === "base64,";

const QUOTES = [34, 39, 96];
const IS_QUOTE = table("\"'`");
// What a token is made of, where one may be cut in two: base64 and base64url, dots.
const TOKEN = table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_.-");
const BLANK = table(" \t");
const WORD = table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$");
/** Token characters on both sides of a join, together and on each side: shorter pieces are not worth a view. */
const MIN_JOINED_RUN = 16;
const MIN_PIECE = 4;
const RUN_LOOK = 64;

/**
 * Every quote of code, once: where code joins two string literals with a token cut between them (joinAt), and
 * the literal JavaScript decodes as base64 with `atob("…")`.
 */
function quotedLiterals(bytes: Uint8Array, buf: Buffer, quote: number, enabled: Readonly<Record<Encoding, boolean>>, out: Candidate[]): void {
  let looked = 0;
  for (let p = buf.indexOf(quote, 1); p >= 0; p = buf.indexOf(quote, p + 1)) {
    // A line too long to be decoded (a minified bundle's) is passed over whole. Lines are measured only every
    // MAX_DECODED_LINE bytes: measuring each cost more than its quotes.
    if (p - looked > MAX_DECODED_LINE) {
      looked = p;
      const end = buf.indexOf(10, p);
      if ((end < 0 ? buf.length : end) - (buf.lastIndexOf(10, p) + 1) > MAX_DECODED_LINE) {
        if (end < 0) return;
        p = end;
        continue;
      }
    }
    if (enabled.concat) joinAt(bytes, p, out);
    if (enabled.base64 && bytes[p - 1] === 40 && isAtob(bytes, p - 5)) base64RunAt(bytes, p + 1, out);
  }
}

/** `atob` at `at`, not the end of a longer name (`window.atob` counts). */
function isAtob(bytes: Uint8Array, at: number): boolean {
  return at >= 0 && bytes[at] === 97 && bytes[at + 1] === 116 && bytes[at + 2] === 111 && bytes[at + 3] === 98 && !WORD[bytes[at - 1]];
}

/**
 * A join candidate at the quote `p`, if it closes a literal that another joined to it goes on: `"ghp_ab" +
 * "cd…"`, `'…' . '…'`, `"…" "…"` (Python, C, shell), over a line break too (`+` at either end, or Python's `\`).
 * The candidate runs from the first literal's closing quote to the second one's opening quote. Most quotes are
 * turned down on one neighbouring byte: an opening quote follows no token character, a closing one is followed
 * by `)`, `,`, `;`.
 */
function joinAt(bytes: Uint8Array, p: number, out: Candidate[]): void {
  // A literal ending in an escape (`…\n'`, a line of prose) ends no token.
  if (!TOKEN[bytes[p - 1]] || bytes[p - 2] === 92) return;
  const next = openingQuoteAfter(bytes, p + 1);
  if (next < 0 || !TOKEN[bytes[next + 1]]) return;
  let left = 0;
  while (left < RUN_LOOK && p - 1 - left >= 0 && TOKEN[bytes[p - 1 - left]]) left++;
  let right = 0;
  while (right < RUN_LOOK && next + 1 + right < bytes.length && TOKEN[bytes[next + 1 + right]]) right++;
  if (left >= MIN_PIECE && right >= MIN_PIECE && left + right >= MIN_JOINED_RUN) out.push({ encoding: "concat", at: p, end: next });
}

/** The opening quote of the literal joined to the one closing just before `k`, or -1. */
function openingQuoteAfter(bytes: Uint8Array, k: number): number {
  const n = bytes.length;
  let joiner = false;
  const skipJoiner = () => {
    while (k < n && BLANK[bytes[k]]) k++;
    const c = bytes[k];
    // `+` (most languages), `.` and `..` (PHP, Perl, Lua), `&` (VB), `~` (D).
    if (!joiner && (c === 43 || c === 46 || c === 38 || c === 126)) {
      joiner = true;
      k += c === 46 && bytes[k + 1] === 46 ? 2 : 1;
      while (k < n && BLANK[bytes[k]]) k++;
    }
  };
  skipJoiner();
  if (bytes[k] === 92 && (bytes[k + 1] === 10 || bytes[k + 1] === 13)) k++;
  if (bytes[k] === 13) k++;
  if (bytes[k] === 10) {
    k++;
    skipJoiner();
  }
  return k < n && IS_QUOTE[bytes[k]] ? k : -1;
}

/**
 * Runs (between whitespace or quotes) holding two `%XX` escapes at least, or one that encodes what separates a
 * name from its value (`=`, `:`, `@`, `/`, `&`, `+`); `at` is the first escape.
 */
function percentRuns(buf: Buffer, out: Candidate[]): void {
  const isEscape = (p: number) => buf[p] === 37 && HEX[buf[p + 1]] === 1 && HEX[buf[p + 2]] === 1;
  for (let p = buf.indexOf(37); p >= 0; p = buf.indexOf(37, p + 1)) {
    if (!isEscape(p)) continue;
    let end = p + 3;
    let escapes = 1;
    let separator = isSeparatorEscape(buf, p);
    for (; end < buf.length && !ENDS_PERCENT_RUN[buf[end]]; end++) {
      if (!isEscape(end)) continue;
      escapes++;
      separator ||= isSeparatorEscape(buf, end);
    }
    if (escapes >= MIN_PERCENT_ESCAPES || separator) out.push({ encoding: "percent", at: p, end });
    p = end;
  }
}

const SEPARATOR_ESCAPES = new Set(["3D", "3A", "40", "2F", "26", "2B"]);
const isSeparatorEscape = (buf: Buffer, p: number) => SEPARATOR_ESCAPES.has(buf.toString("latin1", p + 1, p + 3).toUpperCase());

// UTF-8 of the characters invisible.ts takes out: U+200B-U+200D, U+2060 (E2 80 8B-8D, E2 81 A0), U+FEFF (EF BB
// BF) and the soft hyphen U+00AD (C2 AD).
const invisibleAt = (buf: Buffer, p: number): number => {
  const a = buf[p];
  if (a === 0xe2) return (buf[p + 1] === 0x80 && buf[p + 2] >= 0x8b && buf[p + 2] <= 0x8d) || (buf[p + 1] === 0x81 && buf[p + 2] === 0xa0) ? 3 : 0;
  if (a === 0xef) return buf[p + 1] === 0xbb && buf[p + 2] === 0xbf ? 3 : 0;
  return a === 0xc2 && buf[p + 1] === 0xad ? 2 : 0;
};
/** Token characters on a run's two sides together, around the invisible ones: less is a word broken for layout. */
const MIN_INVISIBLE_RUN = 16;

/** Runs of token characters with invisible characters inside them; the run is the candidate. */
function invisibleRuns(buf: Buffer, out: Candidate[]): void {
  // A run holding two kinds is found once per kind: candidatesIn drops the second.
  for (const lead of [0xe2, 0xef, 0xc2]) {
    let covered = 0;
    for (let p = buf.indexOf(lead); p >= 0; p = buf.indexOf(lead, p + 1)) {
      if (p < covered || !invisibleAt(buf, p)) continue;
      let start = p;
      for (;;) {
        if (start > 0 && TOKEN[buf[start - 1]]) start--;
        else if (start >= 2 && invisibleAt(buf, start - 2) === 2) start -= 2;
        else if (start >= 3 && invisibleAt(buf, start - 3) === 3) start -= 3;
        else break;
      }
      let end = p;
      let tokenChars = 0;
      for (;;) {
        const skip = invisibleAt(buf, end);
        if (skip) end += skip;
        else if (end < buf.length && TOKEN[buf[end]]) end++;
        else break;
      }
      for (let k = start; k < end; k++) if (TOKEN[buf[k]]) tokenChars++;
      covered = end;
      if (tokenChars >= MIN_INVISIBLE_RUN) out.push({ encoding: "invisible", at: start, end });
    }
  }
}

/** `\xHH`, `\uHHHH` and `\u{…}`: a line break or an escaped quote alone is left to the detectors and scan.ts's quote pass. */
function escapes(buf: Buffer, escape: string, out: Candidate[]): void {
  const digits = escape === "\\x" ? 2 : 4;
  for (let p = buf.indexOf(escape); p >= 0; p = buf.indexOf(escape, p + 2)) {
    let hex = 0;
    while (hex < digits && HEX[buf[p + 2 + hex]]) hex++;
    if (hex === digits || (digits === 4 && buf[p + 2] === 123)) out.push({ encoding: "escape", at: p, end: p + 2 });
  }
}

/** `\n` escapes: the first of a string has it read whole, the others are passed over (findSegments). */
function lineBreaks(buf: Buffer, out: Candidate[]): void {
  for (let p = buf.indexOf("\\n"); p >= 0; p = buf.indexOf("\\n", p + 2)) out.push({ encoding: "escape", at: p, end: p + 2 });
}
