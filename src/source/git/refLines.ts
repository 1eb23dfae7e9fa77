import { UserError } from "../../errors.js";

/** An all-zero object name: a ref that does not exist (yet, or any more). */
export const ZERO_SHA = /^0+$/;
const SHA = /^[0-9a-f]{40,64}$/;

/**
 * The lines git hands a hook on stdin, each split into its fields; `malformed` words the error for a line (1-based)
 * with another number of fields, or with an object name that is not one (its field's index). It is not given the
 * line: a ref name can hold a secret.
 */
export function refLines(
  input: string,
  fields: number,
  shaFields: number[],
  malformed: (lineNumber: number, fieldCount: number, notSha: number | undefined) => string,
): string[][] {
  return input
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((line, i) => {
      const parts = line.split(" ");
      if (parts.length !== fields) throw new UserError(malformed(i + 1, parts.length, undefined));
      const notSha = shaFields.find((f) => !SHA.test(parts[f]));
      if (notSha !== undefined) throw new UserError(malformed(i + 1, parts.length, notSha));
      return parts;
    });
}
