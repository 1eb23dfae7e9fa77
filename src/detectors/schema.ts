import * as z from "zod/mini";

import { SEVERITIES, type DetectorCore } from "./types.js";

export { SEVERITIES, type DetectorCore, type Severity } from "./types.js";

// zod's mini build: the same checks, and it loads in a few milliseconds where the classic build takes ~100.

// Generic filler that says nothing a responder can act on.
const GENERIC = /^(n\/?a|none|tbd|todo|unknown|see (docs|documentation)|-|\.+)$/i;
const specific = (min: number) =>
  z.string().check(
    z.trim(),
    z.minLength(min, `must be at least ${min} characters of specific text`),
    z.refine((s) => !GENERIC.test(s), "must be specific, not a generic filler"),
  );
const text = (min: number, message?: string) => z.string().check(z.minLength(min, message));
const list = <T extends z.ZodMiniType>(item: T, min: number, message?: string) => z.array(item).check(z.minLength(min, message));

const ENV_VAR = /^[A-Z][A-Z0-9_]*$/;

// A revoke command is shown, never run: it reads the credential from its variable ($GITHUB_TOKEN), never holds one.
const ENV_REFERENCE = /\$\{?[A-Z][A-Z0-9_]*\}?/;
// Token bodies are long runs mixing letters and digits, or long unbroken runs; commands, URLs and names are not.
function holdsLiteralToken(line: string): boolean {
  const mixed = (line.match(/[A-Za-z0-9_+=-]{20,}/g) ?? []).some((run) => /\d/.test(run) && /[A-Za-z]/.test(run));
  return mixed || /[A-Za-z0-9+=]{32,}/.test(line);
}
const commandLine = z.string().check(
  z.minLength(10, "must be a whole command"),
  z.refine((s) => !holdsLiteralToken(s), "must not hold a token-shaped value: read it from its $VARIABLE"),
);
const revokeCommand = list(commandLine, 1).check(
  z.refine((lines) => lines.some((l) => ENV_REFERENCE.test(l)), "must read the credential from its environment variable ($NAME)"),
);

export const guidanceSchema = z.strictObject({
  what: specific(30),
  severityReason: specific(15),
  attacker: specific(30),
  check: specific(10),
  revoke: list(specific(8), 2, "needs numbered steps (at least 2)"),
  dashboard: z.url(),
  envVar: z.string().check(z.regex(ENV_VAR, "must be an UPPER_SNAKE_CASE environment variable name")),
  variableNames: list(text(2), 1),
  files: list(text(2), 1),
  // Shell lines that revoke the credential through the provider's API, shown and never run.
  revokeCommand: z.optional(revokeCommand),
  // Where to read what the credential was used for while exposed: a URL or a one-line how-to.
  auditLog: z.optional(specific(15)),
});

export const contextSchema = z.strictObject({
  // One of these words (case-insensitive) must occur within `lines` lines of the match.
  words: list(text(2), 1),
  lines: z._default(z.int().check(z.minimum(0), z.maximum(20)), 3),
});

export const samplesSchema = z.strictObject({
  positive: list(text(1), 1),
  negative: list(text(1), 1),
  // Where the finding of a positive sample must be (its number, from 1): line, column and one past its end.
  expected: z.optional(
    z.array(z.strictObject({ positive: z.int().check(z.minimum(1)), line: z.int().check(z.minimum(1)), column: z.int().check(z.minimum(1)), endColumn: z.int().check(z.minimum(2)) })),
  ),
});

export const detectorSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case")),
  name: text(3),
  service: text(2),
  severity: z.enum(SEVERITIES),
  keywords: list(text(3, "keywords must be at least 3 characters"), 1),
  patterns: list(text(4), 1),
  entropy: z.optional(z.number().check(z.minimum(0), z.maximum(8))),
  // The structure check (src/engine/validators/) a match must pass.
  validator: z.optional(z.string()),
  context: z.optional(contextSchema),
  // Detectors this one overrides when both match the same text (a more specific reading).
  overrides: z.optional(z.array(z.string())),
  // Reported only when no other detector matches the same text (the generic detectors).
  fallback: z.optional(z.boolean()),
  // The credential this one is a part of (a secret key of its key ID): found within `lines` lines, one finding.
  partOf: z.optional(z.array(z.strictObject({ detector: z.string(), lines: z.int().check(z.minimum(1), z.maximum(30)) }))),
  samples: samplesSchema,
  guidance: guidanceSchema,
});

export type Detector = z.infer<typeof detectorSchema>;
export type Guidance = z.infer<typeof guidanceSchema>;

export function toCore(d: Detector): DetectorCore {
  const { samples: _s, guidance: _g, ...core } = d;
  return core;
}
