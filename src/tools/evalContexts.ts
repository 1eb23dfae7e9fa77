// The kinds of files `npm run eval` (and the equivalence test) place each sample in.

/** How a sample line sits in each kind of file: lines around it, and how the line itself is written there. */
export const CONTEXTS: { file: string; wrap: (sample: string) => string }[] = [
  { file: "deploy.sh", wrap: (s) => `#!/bin/sh\nset -eu\n${s}\n./run --env prod\n` },
  { file: ".env", wrap: (s) => `NODE_ENV=production\nPORT=8080\n${s}\n` },
  { file: "config.json", wrap: (s) => `{\n  "name": "service",\n  "note": ${JSON.stringify(s)},\n  "port": 8080\n}\n` },
  { file: "values.yaml", wrap: (s) => `service:\n  name: api\n  # set below\n  raw: |\n${s.split("\n").map((l) => `    ${l}`).join("\n")}\n` },
  { file: "src/client.ts", wrap: (s) => `import { request } from "./http";\n\nexport async function connect() {\n  ${s.split("\n").join("\n  ")}\n  return request("/health");\n}\n` },
  { file: "app/settings.py", wrap: (s) => `import os\n\nDEBUG = False\n${s}\nALLOWED_HOSTS = ["*"]\n` },
  { file: "cmd/main.go", wrap: (s) => `package main\n\nfunc main() {\n\t// ${"configuration"}\n\t${s.split("\n").join("\n\t")}\n}\n` },
  { file: "src/main/java/App.java", wrap: (s) => `public class App {\n    /*\n    ${s}\n    */\n}\n` },
  { file: "infra/main.tf", wrap: (s) => `provider "aws" {\n  region = "eu-west-1"\n}\n\n# ${"value"}\n${s}\n` },
  { file: "k8s/secret.yaml", wrap: (s) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  notes: |\n${s.split("\n").map((l) => `    ${l}`).join("\n")}\n` },
  { file: "analysis.ipynb", wrap: (s) => JSON.stringify({ cells: [{ cell_type: "code", source: s.split("\n").map((l) => `${l}\n`) }] }, null, 1) + "\n" },
  { file: "docs/setup.md", wrap: (s) => `# Setup\n\nRun this once:\n\n\`\`\`\n${s}\n\`\`\`\n` },
];
