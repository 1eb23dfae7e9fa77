// Where a credential lives in each store, derived from its environment variable so every snippet agrees.

/** The application name in every path: the user replaces it once. */
export const APP = "myapp";

export interface SecretNames {
  envVar: string;
  /** Secrets Manager, Conjur: `myapp/GITHUB_TOKEN`. */
  path: string;
  /** GCP secret ids allow letters, digits, `-` and `_`, no `/`. */
  gcpId: string;
  /** Key Vault secret names allow letters, digits and `-` only. */
  azureName: string;
  /** Vault KV v2: one secret per application, one key per credential. */
  vaultMount: string;
  vaultPath: string;
  /** 1Password secret reference: vault/item/field. */
  opRef: string;
  dopplerProject: string;
  dopplerConfig: string;
  /** The local variable in the language's own style: github_token / githubToken. */
  snake: string;
  camel: string;
}

export function secretNames(envVar: string): SecretNames {
  const words = envVar.toLowerCase().split("_").filter(Boolean);
  return {
    envVar,
    path: `${APP}/${envVar}`,
    gcpId: `${APP}_${envVar}`,
    azureName: `${APP}-${envVar.replace(/_/g, "-")}`,
    vaultMount: "secret",
    vaultPath: APP,
    opRef: `op://${APP}/${envVar}/credential`,
    dopplerProject: APP,
    dopplerConfig: "prd",
    snake: words.join("_"),
    camel: words.map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join(""),
  };
}
