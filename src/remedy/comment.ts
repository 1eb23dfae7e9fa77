import type { Language } from "./choices.js";

const LINE_COMMENT: Record<Language, string> = {
  python: "#",
  ruby: "#",
  shell: "#",
  javascript: "//",
  typescript: "//",
  go: "//",
  java: "//",
  csharp: "//",
};

/** Lines as comments of the language, each ending in a newline. */
export function commentLines(lang: Language, lines: string[]): string {
  return lines.map((l) => `${LINE_COMMENT[lang]} ${l}\n`).join("");
}
