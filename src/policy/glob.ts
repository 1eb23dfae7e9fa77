import { GLOB_TOO_MANY_ALTERNATIVES, GLOB_UNCLOSED_BRACE } from "../model/messages.js";

/** A glob that cannot be compiled; callers add the file and key it came from. */
export class GlobError extends Error {}

// Matched in plain JavaScript, in time linear in the path for each token: a commit's dotenv walk matches every
// file near the top of the tree, and RE2's native module (a few ms to load) is then not needed by a clean commit.
type Token =
  | { kind: "literal"; text: string }
  /** `*`: any characters within a segment. */
  | { kind: "star" }
  /** `?`: one character within a segment. */
  | { kind: "one" }
  /** `**` not followed by `/`: any characters, across segments. */
  | { kind: "anything" }
  /** `**` followed by `/`: nothing, or whole segments. */
  | { kind: "segments" };

type Piece = Token | { kind: "open" } | { kind: "comma" } | { kind: "close" };

/** Brace groups may spell at most this many globs (nested groups multiply). */
const MOST_ALTERNATIVES = 1000;

/**
 * Compiles a path glob (`**` any depth, `*` within a segment, `?`, `{a,b}`) to a matcher. A glob without a slash
 * matches the file name at any depth, as in .gitignore.
 */
export function compileGlob(glob: string): (path: string) => boolean {
  const anywhere = !glob.includes("/");
  const alternatives = expandBraces(piecesOf(glob.replace(/^\//, ""))).map((tokens) => {
    const literals = tokens.flatMap((t) => (t.kind === "literal" ? [t.text] : []));
    // Without a slash or `**`, nothing in the glob spans a `/`: only the file name can match, all of it.
    const nameOnly = anywhere && !tokens.some((t) => t.kind === "anything" || t.kind === "segments");
    return { tokens, literals, nameOnly };
  });
  return (path) =>
    alternatives.some(({ tokens, literals, nameOnly }) => {
      const subject = nameOnly ? path.slice(path.lastIndexOf("/") + 1) : path;
      // Most paths lack one of the glob's literal parts: a walk over many files rarely runs the full match.
      for (const literal of literals) if (!subject.includes(literal)) return false;
      return matches(tokens, subject, anywhere && !nameOnly);
    });
}

export function anyGlob(globs: readonly string[]): (path: string) => string | undefined {
  const compiled = globs.map((g) => [g, compileGlob(g)] as const);
  return (path) => compiled.find(([, match]) => match(path))?.[0];
}

function piecesOf(glob: string): Piece[] {
  const pieces: Piece[] = [];
  let depth = 0;
  const literal = (c: string) => {
    const last = pieces[pieces.length - 1];
    if (last?.kind === "literal") last.text += c;
    else pieces.push({ kind: "literal", text: c });
  };
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      i++;
      if (glob[i + 1] === "/") {
        i++;
        pieces.push({ kind: "segments" });
      } else pieces.push({ kind: "anything" });
    } else if (c === "*") pieces.push({ kind: "star" });
    else if (c === "?") pieces.push({ kind: "one" });
    else if (c === "{") {
      depth++;
      pieces.push({ kind: "open" });
    } else if (c === "}" && depth > 0) {
      depth--;
      pieces.push({ kind: "close" });
    } else if (c === "," && depth > 0) pieces.push({ kind: "comma" });
    else literal(c);
  }
  if (depth > 0) throw new GlobError(GLOB_UNCLOSED_BRACE);
  return pieces;
}

/** Every brace-free glob the braces spell. */
function expandBraces(pieces: Piece[]): Token[][] {
  let at = 0;
  // A sequence ends at a comma or a close of its group (or the end); each returns its alternatives.
  const sequence = (): Token[][] => {
    let results: Token[][] = [[]];
    while (at < pieces.length && pieces[at].kind !== "comma" && pieces[at].kind !== "close") {
      const piece = pieces[at++];
      const options = piece.kind === "open" ? group() : [[piece as Token]];
      results = results.flatMap((r) => options.map((o) => [...r, ...o]));
      if (results.length > MOST_ALTERNATIVES) throw new GlobError(GLOB_TOO_MANY_ALTERNATIVES(MOST_ALTERNATIVES));
    }
    return results;
  };
  const group = (): Token[][] => {
    const options = sequence();
    while (pieces[at]?.kind === "comma") {
      at++;
      options.push(...sequence());
    }
    at++; // the close
    return options;
  };
  return sequence();
}

/** Whether the tokens spell the whole path, or (anywhere) a tail of it that starts a segment. */
function matches(tokens: Token[], path: string, anywhere: boolean): boolean {
  const n = path.length;
  let reach = new Uint8Array(n + 1);
  reach[0] = 1;
  if (anywhere) for (let i = 0; i < n; i++) if (path[i] === "/") reach[i + 1] = 1;
  for (const token of tokens) {
    const next = new Uint8Array(n + 1);
    let any = false;
    for (let p = 0; p <= n; p++) {
      switch (token.kind) {
        case "literal":
          if (reach[p] && path.startsWith(token.text, p)) next[p + token.text.length] = 1;
          break;
        case "one":
          if (reach[p] && p < n && path[p] !== "/") next[p + 1] = 1;
          break;
        case "star":
          next[p] = reach[p] || (p > 0 && next[p - 1] && path[p - 1] !== "/") ? 1 : 0;
          break;
        case "anything":
          next[p] = reach[p] || (p > 0 && next[p - 1]) ? 1 : 0;
          break;
        case "segments":
          next[p] = reach[p] || (any && path[p - 1] === "/") ? 1 : 0;
          any ||= reach[p] === 1;
          break;
      }
    }
    reach = next;
  }
  return reach[n] === 1;
}
