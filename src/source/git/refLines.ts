import { UserError } from "../../errors.js";

/** An all-zero object name: a ref that does not exist (yet, or any more). */
export const ZERO_SHA = /^0+$/;
const SHA = /^[0-9a-f]{40,64}$/;

/**
 * The lines git hands a hook on stdin, each split into its fields; `malformed` words the error for a line with
 * another number of fields, or an object name that is not one, at that line (1-based).
 */
export function refLines(input: string, fields: number, shaFields: number[], malformed: (lineNumber: number, line: string) => string): string[][] {
  return input
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((line, i) => {
      const parts = line.split(" ");
      if (parts.length !== fields || shaFields.some((f) => !SHA.test(parts[f]))) throw new UserError(malformed(i + 1, line.slice(0, 120)));
      return parts;
    });
}
