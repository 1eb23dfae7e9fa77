import { LANGUAGES } from "../choices.js";
import { commentLines } from "../comment.js";
import { envTemplates } from "./env.js";
import type { StoreTemplates } from "./types.js";

// Doppler's way into a program is the environment (`doppler run -- COMMAND`): the code is the env-var code.
const runLine = (n: { dopplerProject: string; dopplerConfig: string; envVar: string }) =>
  `Start the program with: doppler run --project ${n.dopplerProject} --config ${n.dopplerConfig} -- <command>; it sets ${n.envVar}.`;

export const dopplerTemplates = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    lang === "shell"
      ? (n) => `${n.envVar}="$(doppler secrets get ${n.envVar} --plain --project ${n.dopplerProject} --config ${n.dopplerConfig})"
export ${n.envVar}
`
      : (n) => commentLines(lang, [runLine(n)]) + envTemplates[lang](n),
  ]),
) as StoreTemplates;
