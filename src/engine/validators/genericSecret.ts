// A value assigned to a secret-named variable that looks like a real credential, not code or a reference.
import { visibleText } from "../decode/invisible.js";
import type { Validator } from "./validator.js";

// Names whose values are random but not secret: pagination cursors, CSRF nonces, digests, public halves, domain
// verification tokens (published in DNS: SES `VerificationToken`, site verification).
const NOT_SECRET_NAMES = /(^|_)(page|next|cursor|continuation|csrf|xsrf|nonce|hash|hashed|sha\d*|digest|checksum|fingerprint|integrity|public|publishable|verification|mock|dummy|fake|sample|example|placeholder)(_|$)/;

/** `nextPageToken`, `NEXT_PAGE_TOKEN` and `next-page-token` all become `next_page_token`. */
function snakeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toLowerCase();
}
// A bare UUID is an identifier far more often than a credential; provider detectors with context catch the rest.
// So is one behind its type's name (`token-9f0c…`), as AWS writes client tokens.
const UUID = /^([a-z]+[-_])?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Password hashes (bcrypt, crypt, argon2, LDAP) are stored on purpose and are not the password.
const PASSWORD_HASH = /^(\$(2[abxy]?|1|5|6|argon2(id|i|d)?|scrypt|pbkdf2[^$]*)\$|\{(S?SHA|SSHA\d*|MD5|CRYPT)\})/i;
// Ciphertext committed on purpose, useless without its key: AWS KMS blobs (`AQICAH…`, `AQECAH…`) and
// sealed-secrets values (`Ag…`, hundreds of characters). Only the holder of the key can read them.
const CIPHERTEXT = /^(AQ[IE]CAH[A-Za-z0-9+/]{60,}|Ag[A-Za-z0-9+/]{200,})={0,2}$/;
const GOOGLE_API_KEY = /^AIza[0-9A-Za-z_-]{35}$/;
// Tokens that version or page a resource, not credentials: AWS `ChangeToken`, `PolicyUpdateToken`, `SyncToken`.
// A presigned URL's `X-Amz-Credential` / `X-Goog-Credential` is a key ID and its scope, never the secret.
const NOT_SECRET_TOKENS = /(^|_)(change|update|sync|pagination|idempotency|resume)_token$|(^|_)x_(amz|goog)_credential$/;
// An AWS Signature V4 credential scope (`AKIA…/20240101/us-east-1/s3/aws4_request`, `/` percent-encoded in a
// presigned URL) names a key ID, never its secret.
const SIGV4_SCOPE = /^[A-Za-z0-9_-]+((\/|%2F)[a-z0-9-]+){3}(\/|%2F)aws4_request$/i;
// Prose about paging (`Next page token: eav1…` in a docstring) names a cursor.
const PAGING_PROSE = /\b(?:next|page|continuation)[ \t]+(\w+)[ \t]*:/i;
// A Google Secret Manager resource name (`projects/p/secrets/db-password/versions/3`) says where the secret is kept.
const SECRET_MANAGER_NAME = /^projects\/[^/]+\/secrets\/[^/]+(\/versions\/[^/]+)?$/;
// AWS's documentation spells its example IDs and keys with EXAMPLE (`…ODNN7EXAMPLE`): a value on such a line is its other half.
const EXAMPLE_SIBLING = /[A-Za-z0-9/+]{8}EXAMPLE/;

/** Whether `value` opens with `words` (joined by nothing, `-` or `_`) and a `-` or `_`, in any case. */
function opensWithName(value: string, words: readonly string[]): boolean {
  const lower = value.toLowerCase();
  let at = 0;
  for (const [i, word] of words.entries()) {
    if (i > 0 && (lower[at] === "-" || lower[at] === "_")) at++;
    if (!lower.startsWith(word.toLowerCase(), at)) return false;
    at += word.length;
  }
  return lower[at] === "-" || lower[at] === "_";
}

/**
 * A DER ECDSA or DSA signature, `SEQUENCE { INTEGER r, INTEGER s }` in base64 (`MEUCI…`, `MEYCIQ…`): what
 * signing returns, public by design.
 */
function isDerSignature(value: string): boolean {
  if (!/^M[C-E][A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const der = Buffer.from(value, "base64");
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return false;
  let at = 2;
  for (let i = 0; i < 2; i++) {
    if (der[at] !== 0x02) return false;
    at += 2 + der[at + 1];
  }
  return at === der.length;
}

const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const LABEL_THEN_CODE = /^(["'`])[A-Za-z0-9_.-]*[:=]\s*\1$/;

// How English words (and so names) open: one consonant, or one of these clusters, before a vowel. Random letters
// with a vowel open with any pair (`xspu`, `Hrbm`, `Dfcy`): taking them for words dropped 1 random 16-character
// value in 250 as a name, now 1 in 500; of 72,000 mixed-case names from npm and Python code, 0.24% stop reading as
// names (`toStderr`, `CrcXmodem`).
const WORD_ONSET = /^(?:[^aeiouy]?|bl|br|ch|cl|cr|dr|dw|fl|fr|gh|gl|gn|gr|js|kl|kn|kr|mn|ph|pl|pr|ps|sc|sh|sk|sl|sm|sn|sp|st|sv|sw|th|tr|ts|tw|wh|wr|chr|phr|sch|scr|shr|sph|spl|spr|squ|str|thr)(?:[aeiouy]|$)/i;

/**
 * Identifiers, not values: camelCase words (`contextToken2`, `kEnumerableProperty`, `InterpolationInJSX`,
 * `RsaPrivateKey`) and SCREAMING_SNAKE names. Word segments have vowels and are two letters or more; random
 * letters break into one-letter and vowel-less segments almost at once.
 */
function looksLikeIdentifier(value: string): boolean {
  if (SCREAMING_SNAKE.test(value)) return true;
  // Words joined by punctuation (`Access-Control-Allow-Credentials`, `my.app.Secret`, Closure's `module$contents$x`),
  // with a short abbreviation now and then (`gs_oauth2_refresh_token`, `html_sanitizer$css$tokens`).
  // Numbers between them are part of the name (`base64_encoded_64_byte_salt`).
  const words = value.split(/[-_./$]+/).filter((w) => w && !/^\d+$/.test(w));
  if (words.length > 1) {
    const abbreviations = words.filter((w) => !looksLikeIdentifier(w));
    return abbreviations.every((w) => /^[a-z]{1,4}$|^[A-Z]{1,4}$/.test(w)) && abbreviations.length * 3 <= words.length;
  }
  // A version before the name (`V1SecretProjection`, Kubernetes' generated models) is no random capital.
  const letters = value.replace(/\d+$/, "").replace(/^(?:[a-z]|V\d{1,2})(?=[A-Z][a-z])/, "");
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(letters)) return false;
  // English one-letter words (`IAmSensitive`, `ThisIsASecret`) are segments of their own.
  const segments = letters.match(/[A-Z]{2,}\d*(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+\d*|[AI](?=[A-Z][a-z])/g) ?? [];
  if (segments.join("") !== letters) return false;
  // Random letters are about half capitals, in many short segments; names are mostly lower case (`parseHTTPResponseXML`: 40%).
  const capitals = letters.replace(/[^A-Z]/g, "").length;
  if (segments.length >= 3 && capitals * 5 > letters.length * 2) return false;
  // Digits close a name's segment (`sha256Digest`, `base64`) once; inside two segments they are random.
  if (segments.slice(0, -1).filter((seg) => /\d/.test(seg)).length >= 2) return false;
  // One short abbreviation among real words is still a name: `jwtCredential`, `pkcs12PrivateKey`, `sshKey`.
  const isWord = (seg: string) => seg.length >= 2 && /[aeiouy]/i.test(seg) && !/\d/.test(seg) && WORD_ONSET.test(seg);
  // An abbreviation glued to a word (`Tsconfig`, `Stdout`) opens oddly too: it counts as the one abbreviation.
  const isAbbreviation = (seg: string) => /^[A-Za-z]{2,4}\d{0,3}$/.test(seg) || (/^[A-Za-z]{5,8}$/.test(seg) && /[aeiouy]/i.test(seg));
  let abbreviations = 0;
  const named = segments.every((seg) => {
    if (/^[A-Z]+\d*$/.test(seg)) return seg.length <= 6;
    if (isWord(seg)) return true;
    return isAbbreviation(seg) && ++abbreviations === 1;
  });
  if (abbreviations === 0) return named;
  // Beside an abbreviation, a one-letter word is more likely a random capital.
  return named && !segments.some((seg) => seg.length === 1) && segments.some((seg) => isWord(seg) && seg.length >= 4);
}

const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[[^\]]*\])+$/;

// Keyboard rows and digits, both ways: what a hand types to fill a field (`sdf0…sdf`, `qwe…lkj`).
const KEY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890"].flatMap((row) => [row, [...row].reverse().join("")]);
const KEY_RUNS = new Set(KEY_ROWS.flatMap((row) => Array.from({ length: row.length - 2 }, (_, i) => row.slice(i, i + 3))));

/**
 * Whether a value was typed by a person: three-key runs along a keyboard row, two or more, covering a quarter of
 * it. Two runs alone turn up in one random 32-character token in 1,400 and one 62-character token in 320 (1 in
 * 40,000 and none in 200,000 with the quarter); hand-typed fakes (`sdf0…sdf`, `qwe089234lkjsdf`) are short and
 * mostly runs. Hex is left out: its digits make runs far more often.
 */
function typedByHand(value: string): boolean {
  if (/^[0-9a-f]+$/i.test(value)) return false;
  const lower = value.toLowerCase();
  let runs = 0;
  for (let i = 0; i + 3 <= lower.length; i++) {
    if (!KEY_RUNS.has(lower.slice(i, i + 3))) continue;
    runs++;
    i += 2; // `tyui` is one run
  }
  return runs >= 2 && runs * 3 * 4 >= lower.length;
}

// Slots whose value is a password by syntax, never a variable: a password flag (`-p…`, `--db-password=…`, `--pass`,
// `-u user:…`) and a connection string's `;Pwd=`. A camelCase-looking value there is the password itself. Other
// flags may name what they point to (`--secret=myapp_GITHUB_TOKEN` names a secret in a secret manager).
const LITERAL_SLOT = /(?:^|\s)(?:-p|--?(?:[\w-]*pass(?:word|wd)|pass)(?:=|\s+)|(?:-u|--user)(?:=|\s*)[^\s:'"]+:)["']?$|;\s*(?:pwd|password)\s*=\s*$/i;

// A person's password is often capitalised words and a number (`SuperSecret2024`, `CorrectHorse42`), which reads
// as a name. Names written as values seldom end that way: `accessToken2` has one digit, `sha256Digest` none at
// the end (1.76 GB of eval corpus: no finding added).
const WORDS_AND_NUMBER = /^(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])[A-Za-z]{4,}[0-9]{2,}$/;

// Names of values a service issues (tokens, API and access keys), never chosen by a person; passwords and
// secrets may be.
const ISSUED_NAME = /token|(^|_)(api|access)_?key$/;

export const genericSecret: Validator = {
  validate(value, match, line) {
    // Judged as it reads: a word with a soft hyphen in it is still a word (its token form is read in a decoded view).
    const visible = visibleText(value);
    if (visible !== value) return genericSecret.validate(visible, visibleText(match), line && visibleText(line));
    if (value.length > 256) return false; // a blob, not a password or key
    // A name of its own (`SENSITIVE_NAMES:` on the line after `class JsonWebToken:`), not the value of the one before.
    if (value.endsWith(":")) return false;
    // The text before the value; a pattern may also read a character past it.
    const slot = match.slice(0, Math.max(0, match.indexOf(value)));
    // A label string ending in its separator (`"Password:"` then code): the value read after its closing quote is
    // the code that follows, not a value; so is one that opens by closing an expression.
    if (LABEL_THEN_CODE.test(slot) || /^[)\]},;]/.test(value)) return false;
    const name = slot.replace(/["'`\s:=>-]+$/, "");
    const snake = snakeName(name);
    if (NOT_SECRET_NAMES.test(snake) || NOT_SECRET_TOKENS.test(snake)) return false;
    // A label that spells its own variable's name (`ACCESS_KEY = 'AWSAccessKeyId'`) names a field, it is no value.
    // So does one that holds it (`AWS_IMDSV2_SESSION_TOKEN = "awsimdsv2sessiontoken"`): random text never spells it.
    const nameWords = snake.split("_").filter((w) => w.length >= 3);
    if (nameWords.length >= 2 && value.toLowerCase().replace(/[^a-z0-9]/g, "").includes(nameWords.slice(-2).join(""))) return false;
    if (line && PAGING_PROSE.exec(line)?.[1] === name.replace(/^\W+/, "")) return false;
    // An ID that opens with its own type's name (`ExportToken: export-token-…`), like `vpc-…`, identifies a resource.
    if (nameWords.length >= 2 && opensWithName(value, nameWords.slice(-2))) return false;
    if (SIGV4_SCOPE.test(value) || isDerSignature(value)) return false;
    if (line?.includes("EXAMPLE") && EXAMPLE_SIBLING.test(line)) return false;
    // A C++ scope (`AsmToken::Identifier`) or a Ruby symbol (`token: :bearer_auth`) is code.
    if (value.startsWith(":")) return false;
    // Amazon resource names identify a secret's location (`arn:aws:secretsmanager:…`), never its value.
    if (/^(arn|aws):/i.test(value) || SECRET_MANAGER_NAME.test(value)) return false;
    if (CIPHERTEXT.test(value)) return false;
    // A Google API key is google-api-key's to judge: it stays quiet on a Firebase web config's key on purpose.
    if (GOOGLE_API_KEY.test(value)) return false;
    if (CODE_REFERENCE.test(value) || PASSWORD_HASH.test(value) || UUID.test(value) || /^(https?:|\.{0,2}\/|~\/)/.test(value)) return false;
    // Shell, PowerShell and batch variable references: `$API_KEY`, `$env:X`, `%TOKEN%`, `$(cmd)`.
    if (/^(\$[A-Za-z_({]|%[A-Za-z_][A-Za-z0-9_]*%|\$env:)/.test(value)) return false;
    // A call (`getToken(`), words joined by punctuation (`api_secret@cloud_name`) or a bare camelCase name.
    // An expression (`!questionToken`, `?NonIdentifier`) is code: judge the identifier behind the operator.
    // So is prose around a name: markdown emphasis (`**AWS_ACCESS_KEY_ID**`), a sentence's full stop.
    const bare = value.replace(/^[!?~*&+\-_]+/, "").replace(/(?<=[A-Za-z0-9])(\*+|\.)$/, "");
    const readsAsName = !WORDS_AND_NUMBER.test(bare) && !LITERAL_SLOT.test(slot) && looksLikeIdentifier(bare);
    if (match.endsWith("(") || !/[0-9A-Z]/.test(value) || readsAsName || CODE_REFERENCE.test(bare)) return false;
    // Minified code after a ternary's `:` (`f.onMatch=f.token`): an assignment between two names.
    const assigned = bare.split("=");
    if (assigned.length === 2 && assigned.every((side) => CODE_REFERENCE.test(side) || looksLikeIdentifier(side))) return false;
    if (ISSUED_NAME.test(snake) && typedByHand(value)) return false;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
    return classes >= 2;
  },
};
