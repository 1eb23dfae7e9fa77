import { z } from "zod";
import { contextSchema, detectorSchema, guidanceSchema } from "../detectors/schema.js";
import { SEVERITIES } from "../detectors/types.js";
import { DEFAULT_DOTENV_FILES } from "./defaults.js";

/** A user's own detector: the built-in shape, with samples and guidance optional. */
export const customDetectorSchema = detectorSchema.extend({
  samples: detectorSchema.shape.samples.optional(),
  guidance: guidanceSchema.partial().optional(),
  context: contextSchema.optional(),
});


export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  ignorePaths: z.array(z.string().min(1)).default([]).describe("Globs of paths whose findings are suppressed (listed, never blocking)"),
  disable: z.array(z.string().min(1)).default([]).describe("Detector ids that do not run"),
  minSeverity: z.enum(SEVERITIES).default("low").describe("Findings below this severity are listed but do not block"),
  placeholders: z.array(z.string().min(3)).default([]).describe("Extra words that mark a value as a placeholder"),
  detectors: z.array(customDetectorSchema).default([]).describe("Your own detectors, same shape as detectors/*.json"),
  dotenv: z
    .strictObject({
      enabled: z.boolean().default(true),
      files: z.array(z.string().min(1)).default(DEFAULT_DOTENV_FILES),
    })
    .default({ enabled: true, files: DEFAULT_DOTENV_FILES })
    .describe("Values of git-ignored dotenv files are blocked wherever they are staged"),
});

export type Config = z.output<typeof configSchema>;
export type CustomDetector = z.output<typeof customDetectorSchema>;

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: "input" });
}
