// The secret stores and languages `leakstop explain --store/--lang` can write a snippet for.

export const STORES = ["env", "aws", "gcp", "azure", "vault", "conjur", "1password", "doppler"] as const;
export type StoreId = (typeof STORES)[number];

export const LANGUAGES = ["python", "javascript", "typescript", "go", "java", "ruby", "csharp", "shell"] as const;
export type Language = (typeof LANGUAGES)[number];

// Names people type for the same language.
const LANGUAGE_ALIASES: Record<string, Language> = { node: "javascript", js: "javascript", ts: "typescript", py: "python", golang: "go", "c#": "csharp", cs: "csharp", sh: "shell", bash: "shell" };

export function asStore(value: string): StoreId | undefined {
  const v = value.toLowerCase();
  return (STORES as readonly string[]).includes(v) ? (v as StoreId) : undefined;
}

export function asLanguage(value: string): Language | undefined {
  const v = value.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(v) ? (v as Language) : LANGUAGE_ALIASES[v];
}
