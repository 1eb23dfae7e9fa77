// Prose wrapped to the terminal so the report reads without horizontal scrolling. Commands, paths and code lines
// are never split: a copied command must run as printed.

const ANSI = /\x1b\[[0-9;]*m/g;
// Joins the words of a command or path so the wrapper treats them as one; turned back into spaces by unbreakable().
// A control character: text from the repository reaches the text report with those escaped (terminalSafe), so
// only glue added here is ever turned back.
const GLUE = "\u001f";

const MIN_WIDTH = 40;
export const DEFAULT_WIDTH = 80;

/** The terminal's width; when not on a terminal, COLUMNS (pipes, tests, screen captures); else 80. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const columns = stream.isTTY ? stream.columns : Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns >= MIN_WIDTH ? columns : DEFAULT_WIDTH;
}

export function visibleLength(text: string): number {
  return text.replace(ANSI, "").length;
}

/** A command or path inside prose: kept on one line whatever the width. */
export function keep(text: string): string {
  return text.replace(/ /g, GLUE);
}

/** The report as printed: glued words become plain spaces again. */
export function unbreakable(text: string): string {
  return text.replaceAll(GLUE, " ");
}

/**
 * Greedy word wrap: words (and kept spans) are never broken, one longer than the width gets a line of its own.
 * Continuation lines start with `hang` (usually spaces aligning them under the first line's text).
 */
export function wrap(text: string, width: number, hang = ""): string[] {
  if (visibleLength(text) <= width) return [text];
  const lead = /^ */.exec(text)![0];
  // Words with the spaces after each, so a line that is not broken keeps its spacing ("CRITICAL  Name").
  const tokens = text.slice(lead.length).match(/[^ ]+ */g) ?? [];
  const lines: string[] = [];
  let line = lead;
  let empty = true;
  for (const token of tokens) {
    const word = token.trimEnd();
    if (!empty && visibleLength(line) + visibleLength(word) > width) {
      lines.push(line.trimEnd());
      line = hang;
    }
    line += token;
    empty = false;
  }
  lines.push(line.trimEnd());
  return lines;
}
