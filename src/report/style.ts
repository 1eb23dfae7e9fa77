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

/** Colours only on a terminal, never when NO_COLOR is set (https://no-color.org) or --no-color is given. */
export function styleFor(stream: NodeJS.WriteStream, forceOff: boolean): Style {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  return stream.isTTY && !noColor && !forceOff ? ansi : plain;
}
