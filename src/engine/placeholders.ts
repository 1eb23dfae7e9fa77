import { sha256Hex } from "../util/crypto.js";
import { shannonEntropy } from "./entropy.js";
import { LINE_BREAK } from "./validators/validator.js";

// Words that mark a value as an illustration or a reference, not a credential.
const PLACEHOLDER_WORDS = [
  "example", "your_", "your-", "yourapi", "yourkey", "yoursecret", "yourtoken", "placeholder",
  "changeme", "change_me", "change-me", "dummy", "redacted", "sample", "insert", "replace_me", "replaceme",
  "<", ">", "${", "{{", "}}", "$(", "%(", "process.env", "os.environ", "getenv", "secrets.", "env.", "env/",
  "env[", "****", "...", "\u2026", "foobar", "notreal", "not_real", "not-real",
  // Variations on the word itself (`myPassword`, `p#ssword`, `Passw0rd`): names, not secrets.
  "ssword", "ssw0rd", "passwd",
];

// Documented example credentials, kept as SHA-256 digests so no token-shaped literal lives in this repository.
const DOCUMENTED_EXAMPLES = new Set<string>([
  // Stripe's documentation test keys (secret, secret, publishable).
  "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
  "f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397",
  "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",
  // Published local-emulator keys: Azurite storage, Cosmos DB emulator, Supabase CLI (service_role JWT, sb_secret_).
  "0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059",
  "aa6547439583c3a275d4542a0df6c1ad6a863971be9f2a2220f027cc02aef615",
  "70541e07fd4f900b66e289f5be55c85f9bef1def4924a5b0c518c45ea1688c12",
  "c85debb55f2f204d868cc1552c42faa143b4c675f61363ab040dd50b5b5304cd",
]);


// Values that are just the name of what should be there.
const PLACEHOLDER_VALUES = new Set(["password", "passwd", "secret", "token", "apikey", "api_key", "changeme", "admin", "root", "username", "example", "dummy"]);
// A `{name}` inside a value is a format or template placeholder (`key-{id}`, `{api_key}`).
const TEMPLATE_FIELD = /\{[A-Za-z0-9_:.\-]+\}/;

const SEQUENCES = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl"];

/** The longest run of one repeated character, or of consecutive ascending characters. */
function longestTrivialRun(s: string): number {
  let best = 1;
  let same = 1;
  let ascending = 1;
  for (let i = 1; i < s.length; i++) {
    const prev = s.charCodeAt(i - 1);
    const cur = s.charCodeAt(i);
    same = cur === prev ? same + 1 : 1;
    ascending = cur === prev + 1 ? ascending + 1 : 1;
    best = Math.max(best, same, ascending);
  }
  return best;
}

/**
 * Whether the value's digits and its letters each mostly count up (`abcd1234efgh5678`, `a123b45c6d78…`): typed
 * by hand for an illustration. Random text steps up by one about one time in ten (digits) or in twenty (letters).
 */
function countsUp(s: string): boolean {
  let steps = 0;
  let up = 0;
  for (const run of [s.replace(/[^0-9]/g, ""), s.toLowerCase().replace(/[^a-z]/g, "")]) {
    for (let i = 1; i < run.length; i++) {
      const prev = run.charCodeAt(i - 1);
      const cur = run.charCodeAt(i);
      steps++;
      if (cur === prev + 1 || (run[i - 1] === "9" && run[i] === "0")) up++;
    }
  }
  return steps >= 12 && up * 4 >= steps * 3;
}

// A key block's body is long random base64: any four characters turn up in it now and then (`env/` in about one
// 2048-bit RSA key in 1,200, `xxxx` in one in 5,000). Words of four characters or fewer inside such a run are
// chance; each further character makes one 32 times rarer, and a longer word is meant (AWS's documented example
// session tokens carry EXAMPLE inside their random body).
const LONG_RUN = /[A-Za-z0-9+/_-]{64,}/g;
const RANDOM_RUN_ENTROPY = 4.5;
const SHORT_WORD = 4;

function withoutRandomRuns(secret: string): string {
  if (secret.length < 64) return secret;
  return secret.replace(LONG_RUN, (run) => (shannonEntropy(run) >= RANDOM_RUN_ENTROPY ? " " : run));
}

// A key block quoted in an e-mail or markdown has `>` after each line break (real, or `\n` in a string):
// quoting, not a placeholder's brackets.
const QUOTED_LINE = new RegExp(`(${LINE_BREAK.source})(?:>[\\t ]*)+`, "g");

export type PlaceholderFilter = (secret: string) => boolean;

/**
 * True when a matched value looks like an illustration rather than a credential: placeholder words,
 * references to variables, documented example keys, or a body made of repeated or sequential characters.
 */
export function makePlaceholderFilter(extraWords: readonly string[] = []): PlaceholderFilter {
  const words = [...PLACEHOLDER_WORDS, ...extraWords.map((w) => w.toLowerCase())];
  return (value) => {
    const secret = value.includes(">") ? value.replace(QUOTED_LINE, "$1") : value;
    const lower = secret.toLowerCase();
    // Random runs are taken out only once a short word turned up: most values hold none.
    let worded: string | undefined;
    const outsideRandomRuns = () => (worded ??= withoutRandomRuns(secret));
    for (const w of words) if (lower.includes(w) && (w.length > SHORT_WORD || outsideRandomRuns().toLowerCase().includes(w))) return true;
    // Same-case only: random bodies contain "xXxX" now and then, placeholders are "xxxx" or "XXXX".
    if (["xxxx", "XXXX"].some((w) => secret.includes(w) && outsideRandomRuns().includes(w))) return true;
    if (PLACEHOLDER_VALUES.has(lower) || TEMPLATE_FIELD.test(secret)) return true;
    if (DOCUMENTED_EXAMPLES.has(sha256Hex(secret))) return true;
    for (const seq of SEQUENCES) if (lower.includes(seq.slice(0, 8))) return true;
    if (secret.length >= 8 && longestTrivialRun(secret) >= Math.max(6, Math.floor(secret.length / 3))) return true;
    if (secret.length >= 8 && new Set(secret).size <= 3) return true;
    if (countsUp(secret)) return true;
    return false;
  };
}
