import { defineConfig } from "vitest/config";
import { validatorModulesSource, VALIDATOR_MODULES_ID } from "./src/tools/validatorModules.mjs";

export default defineConfig({
  plugins: [
    {
      name: "validator-modules",
      resolveId: (id) => (id === VALIDATOR_MODULES_ID ? `\0${VALIDATOR_MODULES_ID}` : undefined),
      load: (id) => (id === `\0${VALIDATOR_MODULES_ID}` ? validatorModulesSource() : undefined),
    },
  ],
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
