import { z } from "zod";

import { SEVERITIES, type DetectorCore } from "./types.js";

export { SEVERITIES, type DetectorCore, type Severity } from "./types.js";

// Generic filler that says nothing a responder can act on.
const GENERIC = /^(n\/?a|none|tbd|todo|unknown|see (docs|documentation)|-|\.+)$/i;
const specific = (min: number) =>
  z
    .string()
    .trim()
    .min(min, `must be at least ${min} characters of specific text`)
    .refine((s) => !GENERIC.test(s), "must be specific, not a generic filler");

const ENV_VAR = /^[A-Z][A-Z0-9_]*$/;

export const guidanceSchema = z.strictObject({
  what: specific(30),
  severityReason: specific(15),
  attacker: specific(30),
  check: specific(10),
  revoke: z.array(specific(8)).min(2, "needs numbered steps (at least 2)"),
  dashboard: z.string().url(),
  envVar: z.string().regex(ENV_VAR, "must be an UPPER_SNAKE_CASE environment variable name"),
  variableNames: z.array(z.string().min(2)).min(1),
  files: z.array(z.string().min(2)).min(1),
});

export const contextSchema = z.strictObject({
  // One of these words (case-insensitive) must occur within `lines` lines of the match.
  words: z.array(z.string().min(2)).min(1),
  lines: z.number().int().min(0).max(20).default(3),
});

export const samplesSchema = z.strictObject({
  positive: z.array(z.string().min(1)).min(1),
  negative: z.array(z.string().min(1)).min(1),
});

export const detectorSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case"),
  name: z.string().min(3),
  service: z.string().min(2),
  severity: z.enum(SEVERITIES),
  keywords: z.array(z.string().min(3, "keywords must be at least 3 characters")).min(1),
  patterns: z.array(z.string().min(4)).min(1),
  entropy: z.number().min(0).max(8).optional(),
  checksum: z.string().optional(),
  context: contextSchema.optional(),
  // Detectors this one overrides when both match the same text (a more specific reading).
  overrides: z.array(z.string()).optional(),
  // Reported only when no other detector matches the same text (the generic detectors).
  fallback: z.boolean().optional(),
  samples: samplesSchema,
  guidance: guidanceSchema,
});

export type Detector = z.infer<typeof detectorSchema>;
export type Guidance = z.infer<typeof guidanceSchema>;

export function toCore(d: Detector): DetectorCore {
  const { samples: _s, guidance: _g, ...core } = d;
  return core;
}
