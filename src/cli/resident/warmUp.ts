import { preloadNativeRe2 } from "../../engine/re2.js";
import { scanChange } from "../../engine/scan.js";
import type { Line } from "../../model/index.js";
import { preparedBuiltinCatalogue } from "../../policy/context.js";
import { collectGarbage } from "../../util/memory.js";

// Ordinary code with the words detectors look for: scanning it builds the keyword search's automaton and has
// V8 optimise the scan, as a commit would otherwise do for itself.
const SAMPLE = [
  'import { createClient } from "./client.js";',
  "const config = { host: process.env.DB_HOST, port: 5432, user: \"app\", password: process.env.DB_PASSWORD };",
  "export async function fetchToken(apiKey: string, secret: string): Promise<string> {",
  '  const response = await fetch(`${baseUrl}/oauth/token`, { method: "POST", headers: { Authorization: `Bearer ${apiKey}` } });',
  "  if (!response.ok) throw new Error(`token request failed: ${response.status}`);",
  "  return (await response.json()).access_token; // the secret stays in the vault",
  "}",
  "def connect(settings):",
  '    return psycopg.connect(dsn=os.environ["DATABASE_URL"], sslmode="require")',
  'aws_region = "eu-west-1"  # credentials come from the instance role',
  "<div class=\"key\" data-token=\"{{ csrf_token }}\">Sign in</div>",
  "  private_key_path: /etc/ssl/private/server.pem",
  "for (let i = 0; i < items.length; i++) total += items[i].price * items[i].quantity;",
];
const WARM_ROUNDS = 40;

/** What a resident process does before its commit arrives: the part of a run that depends on no repository. */
export function warmUp(): void {
  // On the JavaScript fallback the commit's own run loads it, so that its output says so, as without a resident process.
  if (!preloadNativeRe2()) return;
  const catalogue = preparedBuiltinCatalogue();
  const lines: Line[] = SAMPLE.map((text, i) => ({ number: i + 1, text, added: true }));
  for (let round = 0; round < WARM_ROUNDS; round++) scanChange(catalogue, { path: "src/warm-up.ts", lines });
  collectGarbage();
}
