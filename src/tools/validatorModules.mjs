// The validators are every file of src/engine/validators that exports a validator named after itself
// (`fooBar.ts` exports `fooBar`, named "foo-bar" in detector files): a new one is that file alone. esbuild (bundle.mjs)
// and vitest (vitest.config.ts) both serve this module's source for the import below.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const VALIDATOR_MODULES_ID = "leakstop:validator-modules";

const folder = join(dirname(fileURLToPath(import.meta.url)), "..", "engine", "validators");

/** `export const modules = { fileStem: module, ... }` over the folder's files, in name order. */
export function validatorModulesSource() {
  const stems = readdirSync(folder)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && name !== "index.ts")
    .map((name) => name.slice(0, -3))
    .sort();
  const imports = stems.map((stem, i) => `import * as m${i} from ${JSON.stringify(join(folder, `${stem}.ts`))};`);
  return `${imports.join("\n")}\nexport const modules = { ${stems.map((stem, i) => `${JSON.stringify(stem)}: m${i}`).join(", ")} };\n`;
}
