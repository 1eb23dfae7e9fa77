import { snippetHeader, STORE_TITLES } from "../model/messages.js";
import type { Language, StoreId } from "./choices.js";
import { commentLines } from "./comment.js";
import { secretNames, type SecretNames } from "./names.js";
import { awsTemplates } from "./stores/aws.js";
import { azureTemplates } from "./stores/azure.js";
import { conjurTemplates } from "./stores/conjur.js";
import { dopplerTemplates } from "./stores/doppler.js";
import { envTemplates } from "./stores/env.js";
import { gcpTemplates } from "./stores/gcp.js";
import { onePasswordTemplates } from "./stores/onepassword.js";
import type { StoreTemplates } from "./stores/types.js";
import { vaultTemplates } from "./stores/vault.js";

const TEMPLATES: Record<StoreId, StoreTemplates> = {
  env: envTemplates,
  aws: awsTemplates,
  gcp: gcpTemplates,
  azure: azureTemplates,
  vault: vaultTemplates,
  conjur: conjurTemplates,
  "1password": onePasswordTemplates,
  doppler: dopplerTemplates,
};

/** Where the credential sits in the store, as the header names it. */
function location(store: StoreId, n: SecretNames): string | undefined {
  switch (store) {
    case "env":
      return undefined;
    case "aws":
    case "conjur":
      return n.path;
    case "gcp":
      return n.gcpId;
    case "azure":
      return n.azureName;
    case "vault":
      return `${n.vaultMount}/${n.vaultPath}, key ${n.envVar}`;
    case "1password":
      return n.opRef;
    case "doppler":
      return `${n.dopplerProject}/${n.dopplerConfig}, ${n.envVar}`;
  }
}

export interface Snippet {
  store: StoreId;
  language: Language;
  envVar: string;
  code: string;
}

/** The code that reads the credential named by `envVar` from `store` in `language`: a header comment, then the template. */
export function renderSnippet(envVar: string, store: StoreId, language: Language): Snippet {
  const n = secretNames(envVar);
  const header = commentLines(language, [snippetHeader(envVar, STORE_TITLES[store], location(store, n))]);
  return { store, language, envVar, code: header + "\n" + TEMPLATES[store][language](n) };
}
