import type { DetectorDoc } from "../detectors/load.js";
import { KNOWN_VALUE_DETECTOR } from "../engine/knownValues.js";

/** Guidance for a value leakstop recognised from the user's own git-ignored dotenv files. */
export function dotenvDoc(): DetectorDoc {
  const { id, name, service, severity } = KNOWN_VALUE_DETECTOR;
  return {
    id,
    name,
    service,
    severity,
    guidance: {
      what: "A value that also sits in one of your git-ignored dotenv files (.env, .env.local, *.tfvars…): a file you keep out of git because it holds real credentials. Pasting that value into a tracked file publishes it.",
      severityReason: "it is one of your real configuration secrets, whatever its format",
      attacker: "Whatever the variable grants: database passwords open the database, API keys call the API as you, signing secrets forge sessions.",
      check: "Look up the variable in the dotenv file named above to see which service it belongs to, then test it there yourself.",
      revoke: [
        "Remove the value from the staged file and read the variable from the environment instead.",
        "If the value was shared or pushed anywhere, rotate it in the service it belongs to and update the dotenv file.",
      ],
      dashboard: "https://12factor.net/config",
      envVar: "the variable named in the finding",
      variableNames: ["any variable of your .env files"],
      files: [".env", ".env.local", "*.tfvars"],
    },
  };
}
