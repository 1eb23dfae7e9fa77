import * as z from "zod/mini";
import { contextSchema, detectorSchema, guidanceSchema } from "../detectors/schema.js";
import { SEVERITIES } from "../detectors/types.js";
import { DEFAULT_DOTENV_FILES } from "./defaults.js";

/** A user's own detector: the built-in shape, with samples and guidance optional. */
export const customDetectorSchema = z.extend(detectorSchema, {
  samples: z.optional(detectorSchema.shape.samples),
  guidance: z.optional(z.partial(guidanceSchema)),
  context: z.optional(contextSchema),
  // The former name of `validator`, still read from existing configs.
  checksum: z.optional(z.string()),
});

const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { description });
  return schema;
};
const names = (min: number) => z.array(z.string().check(z.minLength(min)));

export const configSchema = z.strictObject({
  $schema: z.optional(z.string()),
  ignorePaths: described(z._default(names(1), []), "Globs of paths whose findings are suppressed (listed, never blocking)"),
  disable: described(z._default(names(1), []), "Detector ids that do not run"),
  minSeverity: described(z._default(z.enum(SEVERITIES), "low"), "Findings below this severity are listed but do not block"),
  placeholders: described(z._default(names(3), []), "Extra words that mark a value as a placeholder"),
  detectors: described(z._default(z.array(customDetectorSchema), []), "Your own detectors, same shape as detectors/*.json"),
  dotenv: described(
    z._default(
      z.strictObject({
        enabled: z._default(z.boolean(), true),
        files: z._default(names(1), DEFAULT_DOTENV_FILES),
      }),
      { enabled: true, files: DEFAULT_DOTENV_FILES },
    ),
    "Values of git-ignored dotenv files are blocked wherever they are staged",
  ),
});

export type Config = z.output<typeof configSchema>;
export type CustomDetector = z.output<typeof customDetectorSchema>;

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: "input" });
}
