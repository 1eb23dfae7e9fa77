// Every validator a detector can name in its `validator` field: each file here that exports a validator named
// after the file (`pemPrivateKey.ts` -> "pem-private-key"). A new validator is one new file, nothing else.
import { modules } from "leakstop:validator-modules";
import type { Validator } from "./validator.js";

export type { Validator } from "./validator.js";
export { SampleTemplateError } from "./validator.js";

const isValidator = (value: unknown): value is Validator => typeof (value as Validator | undefined)?.validate === "function";
const kebabCase = (stem: string) => stem.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

export const VALIDATORS: Readonly<Record<string, Validator>> = Object.fromEntries(
  Object.entries(modules).flatMap(([stem, exports]) => (isValidator(exports[stem]) ? [[kebabCase(stem), exports[stem]]] : [])),
);
