/** A structure check a detector names in its `validator` field, with the sample builder its templates use. */
export interface Validator {
  /**
   * True when the value is consistent; `match` is the whole pattern match and `line` the text around the value
   * on its line (up to 512 characters each side), for validators that read its context.
   */
  validate(value: string, match: string, line?: string): boolean;
  /** `{checksum:NAME}` in a sample template: completes the token body before it (a checksum, appended). */
  append?(body: string): string;
  /** What `append` reads as the token before it, when more than [A-Za-z0-9_-] (a GitLab routable token's dots). */
  tokenTail?: RegExp;
  /** `{KIND:ARG}` in a sample template: builds a whole value of this structure from `random`. */
  sample?: { kind: string; build(arg: string, random: () => number): string };
}

/** Random characters from an alphabet, for sample builders. */
export function randomFrom(alphabet: string, length: number, random: () => number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export const HEX = "0123456789abcdef";

/** Sample builders reject an argument they do not know with this error. */
export class SampleTemplateError extends Error {}

/**
 * A break between the lines of a block as detectors' patterns read it: a real one (indentation around it), or
 * `\n` / `\r\n` written into a string (escaped once or twice), maybe closing that string and opening the next
 * (a notebook's line per string, `"…\n" +` in code).
 */
export const LINE_BREAK = /(?:[\t ]*\r?\n|\\{1,2}(?:r\\{1,2})?n(?:\\?["'`][\t ]*[,+]?[\t ]*\r?\n[\t ]*\\?["'`])?)[\t ]*/g;
