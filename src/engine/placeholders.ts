import { sha256Hex } from "../util/crypto.js";
import { decodeBase64 } from "./decode/base64.js";
import { shannonEntropy } from "./entropy.js";
import { LINE_BREAK } from "./validators/validator.js";

// Words that mark a value as an illustration or a reference, not a credential.
const PLACEHOLDER_WORDS = [
  "example", "your_", "your-", "yourapi", "yourkey", "yoursecret", "yourtoken", "placeholder",
  "changeme", "change_me", "change-me", "dummy", "redacted", "sample", "insert", "replace_me", "replaceme",
  "<", ">", "${", "{{", "}}", "$(", "%(", "process.env", "os.environ", "getenv", "secrets.", "env.", "env/",
  "env[", "%s", "****", "...", "\u2026", "foobar", "notreal", "not_real", "not-real",
  // The internet's stock example password, in the Rust documentation among others.
  "hunter2",
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
  // Hardhat's and Foundry anvil's 20 default accounts, listed by `npx hardhat node` and `anvil` (mnemonic
  // "test test ... junk", m/44'/60'/0'/0/i). The groups down to the mnemonics are derived in test/knownDevKeys.ts:
  // LEAKSTOP_PRINT_DIGESTS=1 npx vitest run test/known-dev-keys.test.ts prints their digests.
  "bc1a50966c9e6486bc4ebf880b51611a2a97fcb8e7a6976e9b81a9e3e8ca0e3c",
  "8335c55334821eefd4334369ff9c04a8594f161013cf9d87f58802d87297837e",
  "b26ab6529d20ebebb4192256f202984754f785481c64b1a1aed58cac93b3617e",
  "64034b44c579b335ab5e85debbfe72789e970138cc8d296799c3833a2a8525fb",
  "4d3e46eec8244d1d106f866ee48994f6176705298aee1b8426b2ad2529eb454b",
  "0aedba9d586f34f95cf1f0d54926f62e8a078ce2ca593be73ab27a87d3ff9c5d",
  "28e543d3753fc9d14c658ebef20b76a3b5f8e7d78667baf27832ceb3bea01bdf",
  "f070994a8599478580678f2b9482c5f02bb3de0647281e8efae183669425808a",
  "38e69fdd19aefeb4adf56312f10e62c30274997835173c7006308323ad7db506",
  "967f21586cdf1248a862f2cfb330099701c942c2c7a7537c54f7ec48f8556505",
  "0b33e0132123e78d42dd12a0fbbbacd19827d35ca88e0ad4ba83a47a65ba0487",
  "84bc109b3d59b0173a76fc3d831360a6e5063b3d4c82793a97de992947a0e3a8",
  "85bde548053aab4b5a6c78473d5eb2addaa5824299ad009bf06775e3ce923010",
  "f1513114f60e5e95732b840669fe83956d8a944d23e6c76f953e7edcf2491901",
  "5330d388af894c9e1a181a06a3ce44d61fd8602165d979942be4641f4002762f",
  "a2e06155cb1a424f972c3abfaddc9cea4820c4aec722d2378903fe28dd8fc40c",
  "4a67d7a0d8a16d6d954cef19eb5afdbdd82cc0e907a571f376ef0a0981a2a9d4",
  "b08bdfde9930d9202809530dcbe193c53fd0dc6928f2010d2ffca74df95ead36",
  "cf1fc66f853151a4c6666909c8f1f80e1d855ecffefbcb65a709aae544de5588",
  "100546a8b020a55aa09b2d34b50de9a3fc45a70b261aec6a989bb2d9321af583",
  // Ganache's 10 `--deterministic` accounts (from its documented mnemonic, same path).
  "578592185588730b9d10b87e2274706a8301a179cdb60fb4263c788e7e679503",
  "30e55f5463e22af009a1b785a4d723190c4522bfa2696c2ab85fd12cedca708d",
  "70b801afae94d2e653c9612d0ebbba1f52f0d6fca900a0c0f0aa0f3e500e41e9",
  "0bc9fde2b028e3b067e45059c84dbcf43b573344d84f1f259dd912427e76f83f",
  "f51c2c795f782308c7dcfa92a59cf89c9b21758b3cc8ace822bb78ffbb0f861f",
  "6dea34b661141091338390067dc6fe04c911ed6b939f7dce3faa8b6e68e755f0",
  "faeb1dab5a326eef752d42930ec4bf5305724d2b0ddfb06ba9e89b1a36449207",
  "196fbadca8b7eea62510a490b7e8131ec83cfe1dc33ace8660333d139ebb9c1d",
  "ecd5e9d0b08a8a9fd1c35bcd303b3cceea1c8b85ee33d4255849cd3fcd37e0b4",
  "3fd5610ee03a3503edceff018e3fb550d9f2c074609535d5af84cf4a87edfcdb",
  // Those two mnemonics, published in Hardhat's, Foundry's and Ganache's documentation.
  "f79cd64f9cea237897b8133e4b905b361c6f166faa5a1c64c32280938f5b707e",
  "9c5d0a6656e5d3f36601d0bf98762be09bad5d7b164382c1d6c826324d6d599a",
  // ZITADEL's example masterkey, in its documentation's and repository's docker-compose files.
  "d67cc271c12ad6f95c1b10db7acaf1e69fa8453ef84c898df920faf5d4364f3e",
  // OAuth 2.0's examples (RFC 6749 sections 2.3.1, 4.1 and 5.1; RFC 6750 section 4), copied into OAuth libraries'
  // docstrings and vendors' API pages: access token, refresh token, code, Basic header, client secret, bearer token.
  "6c96130f130ab0d6d158397e24d2bcc1c9a5e73ae081f6e983f1c7b545d24a4c",
  "00cf4c781dc37003f7c7dd7d4c9a6ef1e0f4c62d9a291aa8bc398774e3fefd32",
  "a35b81a7d7927b70ec99270dd2362b88580a28574af812f2c02f56469579186f",
  "ca7459e2b26776de081b9a07e40227fd6cff232a1e3233ff6b6aa6d036ca9981",
  "e9974c507d2a802143f614c878fcbb622a3800e05e6e0d329fee2c5b6b243329",
  "b8e148545b13c78bc74da2f1a7275dd71e56ddece129d7d2f7b3ecc06f7994da",
  // OAuth 1.0's examples (RFC 5849 sections 1.2 and 3.1), in every OAuth 1 library's signature tests: client
  // key and secret, temporary token and secret, verifier, token and secret, and section 3.1's key and token.
  "293257ab6495ebb11cf9e4aee0686ca30df8de2ab8d251f2cbbcf177bdfcae91",
  "cb87c87e4a138d9a72259d2a01bab15623c9846e568c1509b287721645a6ea53",
  "4c20e6f5cc11b93731e74cbe20739821d61c3563c9f50ecb884a27cd369f01fb",
  "6aa14267d94944e6b6483c81f5ad37f87bbc7e88aa368d4aba1e71e0b79cd8c4",
  "5586407997f5e8492fa0d6d310460386c80cc3542de6c876f75582bc219d4b82",
  "bb9b1163338b2a51495834ad5c65420443d6327381cf0f94ebf92b117f209d72",
  "649e1f5c769e718ba10d1a702a36499a731441d960b06da91c4c97786bf84595",
  "80f8b7c904d4a43f3b7036db73247daafe15b3f647b337d19031ff67b7c1a177",
  "2ff8b0fb93aca981c78f1e94355c298c23435461f1072ef4674848e620371787",
  // The Cargo Book's example registry token (Registries: `[registries.my-registry] token = "..."`).
  "3c14aab79351be94e9c4202d8f6d28c4a5d73cfb2e6e302d2d2478159ef57f9f",
  // X's (Twitter's) "Creating a signature" page: the example access token, consumer secret and token secret.
  "0e04efa6bc7d2d512fc108c5ba4215c42a7d4674301511c5d18f2e2885d45f35",
  "00b3dc640c9c99fcdbdab6f63d785248e4613fbaa65d63c56d97e54f987c3bab",
  "5aac38e542b76b97b3518c0293214d0b8aa11344e38518437f7dd44da0b521c3",
  // jwt.io's example token (HS256 over sub 1234567890, name John Doe, iat 1516239022, with its documented secret),
  // pasted into countless docs and tests.
  "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606",
  // AWS IAM's API examples (ChangePassword's old and new password, CreateLoginProfile's), shipped in every copy of
  // the AWS SDK's iam-2010-05-08.examples.json and on docs.aws.amazon.com.
  "6caa448826c11cd39c78a3a223c3ddb55358c975c0456e37058ccfbc559c86ce",
  "e6c2d3455587c47ccdd3df1271882656bc27be85f8eb6576eea35fe1aafa172a",
  "d8ccc3c547c850170a24a46dceca05861438dca7b115589739d526d2df404b66",
  // node.bcrypt.js's README demo plaintext ("password" in leetspeak).
  "ca3006d5cbeaec8598378338579096c464d374bb3326da8837479c035ff28743",
]);

// Digests are of one form per kind, since detectors report a value as written: an EVM private key as 64 lowercase
// hex without `0x`, a mnemonic in lowercase with single spaces. Anything else is digested as is.
const HEX_KEY = /^(?:0[xX])?[0-9a-fA-F]{64}$/;
const MNEMONIC = /^[A-Za-z]+(?: +[A-Za-z]+){11,23}$/;

function exampleForm(secret: string): string {
  if (HEX_KEY.test(secret)) return secret.slice(-64).toLowerCase();
  if (MNEMONIC.test(secret)) return secret.toLowerCase().split(/ +/).join(" ");
  return secret;
}

// Values that are just the name of what should be there.
const PLACEHOLDER_VALUES = new Set(["password", "passwd", "secret", "token", "apikey", "api_key", "changeme", "admin", "root", "username", "example", "dummy"]);
// A `{name}` inside a value is a format or template placeholder (`key-{id}`, `{api_key}`).
// A name (`{id}`, `{api_key}`), a name and its argument (`{env:HOME}`, `{base62:16}`) or a position (`{0}`);
// letters mixed with digits and nothing else (`{zL4}`) are a generated password's characters, braces among them.
const TEMPLATE_FIELD = /\{(?:[A-Za-z_.\-]+|\d+|[A-Za-z_][A-Za-z0-9_.\-]*:[A-Za-z0-9_.:\-]*)\}/;

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

// `env.`, `env/` and `env[` begin a reference (`${env.API_KEY}`, `env/prod`); inside random letters and digits
// (`…haEnV.Qy…` in an Entra client secret) they are chance, at any length of value.
const REFERENCE_HEADS = new Set(["env.", "env/", "env["]);

function startsAWord(lower: string, word: string): boolean {
  for (let i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + 1)) if (i === 0 || !/[a-z0-9]/.test(lower[i - 1])) return true;
  return false;
}

// A key block quoted in an e-mail or markdown has `>` after each line break (real, or `\n` in a string):
// quoting, not a placeholder's brackets.
const QUOTED_LINE = new RegExp(`(${LINE_BREAK.source})(?:>[\\t ]*)+`, "g");

export type PlaceholderFilter = (secret: string) => boolean;

/** The value with its random runs taken out, worked out once and only when asked: most values never need it. */
function lazyOutsideRandomRuns(secret: string): () => string {
  let worded: string | undefined;
  return () => (worded ??= withoutRandomRuns(secret));
}

/** The index of the first of `words` (lowercased) that a value holds as a word of its own, or -1. */
function wordIndex(words: readonly string[], secret: string, outsideRandomRuns: () => string): number {
  const lower = secret.toLowerCase();
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!lower.includes(w)) continue;
    if (w.length > SHORT_WORD) return i;
    if (REFERENCE_HEADS.has(w) && !startsAWord(lower, w)) continue;
    if (outsideRandomRuns().toLowerCase().includes(w)) return i;
  }
  return -1;
}

/**
 * The config's own placeholder words: the index of the first one a matched value holds, or -1. Unlike the
 * built-in words, a match of these is a suppression the user chose: reported as suppressed, undone by --no-suppress.
 */
export function makeConfigPlaceholders(words: readonly string[]): (secret: string) => number {
  const lower = words.map((w) => w.toLowerCase());
  return (secret) => wordIndex(lower, secret, lazyOutsideRandomRuns(secret));
}

/**
 * True when a matched value looks like an illustration rather than a credential: placeholder words,
 * references to variables, documented example keys, or a body made of repeated or sequential characters.
 */
export function makePlaceholderFilter(): PlaceholderFilter {
  const words = PLACEHOLDER_WORDS;
  return (value) => {
    const secret = value.includes(">") ? value.replace(QUOTED_LINE, "$1") : value;
    const lower = secret.toLowerCase();
    const outsideRandomRuns = lazyOutsideRandomRuns(secret);
    if (wordIndex(words, secret, outsideRandomRuns) >= 0) return true;
    // Same-case only: random bodies contain "xXxX" now and then, placeholders are "xxxx" or "XXXX".
    if (["xxxx", "XXXX"].some((w) => secret.includes(w) && outsideRandomRuns().includes(w))) return true;
    if (PLACEHOLDER_VALUES.has(lower) || TEMPLATE_FIELD.test(secret)) return true;
    if (DOCUMENTED_EXAMPLES.has(sha256Hex(exampleForm(secret)))) return true;
    for (const seq of SEQUENCES) if (lower.includes(seq.slice(0, 8))) return true;
    if (secret.length >= 8 && longestTrivialRun(secret) >= Math.max(6, Math.floor(secret.length / 3))) return true;
    if (secret.length >= 8 && new Set(secret).size <= 3) return true;
    if (countsUp(secret)) return true;
    // A placeholder written in base64 (a value that decodes to "not my real password") is still one.
    const text = decodeBase64(secret)?.text.toLowerCase();
    if (text !== undefined && words.some((w) => w.length > SHORT_WORD && text.includes(w))) return true;
    return false;
  };
}
