// Bundles the CLI, its scan worker and the tools into dist/ with esbuild.
import { build } from "esbuild";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validatorModulesSource, VALIDATOR_MODULES_ID } from "./validatorModules.mjs";

// Paths below are the project's, whatever directory this runs from.
const root = fileURLToPath(new URL("../..", import.meta.url));
process.chdir(root);
const { version } = JSON.parse(readFileSync("package.json", "utf8"));
const tools = readdirSync("src/tools").filter((name) => name.endsWith(".ts"));

const validatorModules = {
  name: "validator-modules",
  setup(bundler) {
    bundler.onResolve({ filter: new RegExp(`^${VALIDATOR_MODULES_ID}$`) }, () => ({ path: VALIDATOR_MODULES_ID, namespace: "leakstop" }));
    bundler.onLoad({ filter: /.*/, namespace: "leakstop" }, () => ({ contents: validatorModulesSource(), loader: "ts", resolveDir: "src/engine/validators" }));
  },
};

await build({
  entryPoints: {
    "cli/main": "src/cli/launch.ts",
    "cli/app": "src/cli/main.ts",
    "cli/scanWorker": "src/cli/scanWorker.ts",
    "cli/resident": "src/cli/resident/server.ts",
    ...Object.fromEntries(tools.map((name) => [`tools/${name.slice(0, -3)}`, `src/tools/${name}`])),
  },
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["re2", "isomorphic-git"],
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  logLevel: "warning",
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [validatorModules],
  define: { __LEAKSTOP_VERSION__: JSON.stringify(version), "import.meta.url": "__importMetaUrl" },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
}).catch(() => process.exit(1)); // esbuild has printed what failed
