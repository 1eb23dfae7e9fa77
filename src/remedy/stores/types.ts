import type { Language } from "../choices.js";
import type { SecretNames } from "../names.js";

/** The code that reads one credential from one store in one language, without the header leakstop adds. */
export type Template = (n: SecretNames) => string;
export type StoreTemplates = Record<Language, Template>;
