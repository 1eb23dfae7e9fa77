import type { Severity } from "../detectors/types.js";

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  severity(sev: Severity, s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s, severity: (_sev, s) => s };

const SEVERITY_COLOUR: Record<Severity, string> = { critical: "1;31", high: "31", medium: "33", low: "36" };

const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  severity: (sev, s) => `\x1b[${SEVERITY_COLOUR[sev]}m${s}\x1b[0m`,
};

/**
 * Colours on a terminal, or anywhere with FORCE_COLOR set and not "0"/"false" (CI logs); never when NO_COLOR
 * is set (https://no-color.org) or --no-color is given.
 */
export function styleFor(stream: NodeJS.WriteStream, forceOff: boolean): Style {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  const force = process.env.FORCE_COLOR;
  const forced = force === undefined ? undefined : force !== "0" && force !== "false";
  return (forced ?? stream.isTTY) && !noColor && !forceOff ? ansi : plain;
}

// C0, DEL, C1, line/paragraph separators and bidi controls: each can move the cursor, clear the screen or
// reorder what a terminal shows, so a crafted file name could rewrite the report.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b" };

/** Text from the repository made inert for a terminal: control characters shown as escapes (`\x1b`, `\n`, `\u202e`). */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
  });
}
