// Checksums that some token formats carry, so a random string of the right shape can be told from a real token.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(value: number, width: number): string {
  let out = "";
  while (value > 0) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out.padStart(width, "0");
}

export interface Checksum {
  /** True when the token is consistent; `match` is the whole pattern match, for validators that read its context. */
  validate(token: string, match: string): boolean;
  /** Appends the checksum to a token body (used to build samples). */
  append(body: string): string;
}

/** GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_): CRC32 of the part after the prefix, 6 base62 chars. */
const crc32Base62: Checksum = {
  validate(token) {
    const start = token.indexOf("_") + 1;
    if (start === 0 || token.length < start + 7) return false;
    const entropy = token.slice(start, -6);
    return base62(crc32(entropy), 6) === token.slice(-6);
  },
  append(body) {
    return body + base62(crc32(body.slice(body.indexOf("_") + 1)), 6);
  },
};

export const CHECKSUMS: Record<string, Checksum> = {
  "crc32-base62": crc32Base62,
};

function decodeJsonPart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function jwtParts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[2].length < 16) return null;
  const header = decodeJsonPart(parts[0]);
  const payload = decodeJsonPart(parts[1]);
  if (!header || !payload || typeof header.alg !== "string" || header.alg.toLowerCase() === "none") return null;
  return { header, payload };
}

// Claims that make a token a credential rather than, say, a signed public document.
const CREDENTIAL_CLAIMS = ["role", "scope", "scp", "permissions", "roles", "api_key", "apikey", "key", "token_type", "azp", "client_id", "grant_type"];

function b64urlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A signed JWT: header and payload decode to JSON objects, the header names a real algorithm. */
const jwt: Checksum = {
  validate: (token) => jwtParts(token) !== null,
  append: (body) => body,
};

/** A JWT whose claims make it a credential: a subject or issuer plus a role/scope/permission-like claim. */
const jwtCredential: Checksum = {
  validate(token) {
    const parts = jwtParts(token);
    if (!parts) return false;
    const { payload } = parts;
    const exp = typeof payload.exp === "number" ? payload.exp : undefined;
    // Long-expired tokens in fixtures are noise; a token without expiry is the dangerous kind.
    if (exp !== undefined && exp * 1000 < Date.now() - 365 * 24 * 3600 * 1000) return false;
    // Public-by-design tokens (a Supabase anon key) carry a role too, but an anonymous one.
    if (typeof payload.role === "string" && /^(anon|anonymous|public|guest)$/i.test(payload.role)) return false;
    return CREDENTIAL_CLAIMS.some((c) => c in payload) || ("sub" in payload && "iss" in payload);
  },
  append: (body) => body,
};

export const JWT_SAMPLE = {
  /** Builds a structurally valid JWT around a random signature, for samples. */
  build(payload: object, signature: string): string {
    return `${b64urlJson({ alg: "HS256", typ: "JWT" })}.${b64urlJson(payload)}.${signature}`;
  },
};

// Macaroon version 2, binary (libmacaroons' format): a version byte, then sections of fields, each
// `type varint, length varint, bytes`, ended by a zero byte. Header: location?, identifier. Caveats: location?,
// identifier, verification id?. An empty section ends the caveats; a 32-byte signature field ends the token.
const MACAROON = { version: 2, eos: 0, location: 1, identifier: 2, vid: 4, signature: 6, signatureBytes: 32 };

function readUvarint(bytes: Buffer, at: number): [value: number, next: number] | null {
  let value = 0;
  for (let shift = 0, i = at; i < bytes.length && shift < 28; shift += 7, i++) {
    value |= (bytes[i] & 0x7f) << shift;
    if (bytes[i] < 0x80) return [value, i + 1];
  }
  return null;
}

/** Reads one section from `at`: the field types in order, and where the next section starts; null when malformed. */
function readSection(bytes: Buffer, at: number): { types: number[]; next: number } | null {
  const types: number[] = [];
  while (at < bytes.length) {
    const type = readUvarint(bytes, at);
    if (!type) return null;
    if (type[0] === MACAROON.eos) return { types, next: type[1] };
    if (types.length && type[0] <= types[types.length - 1]) return null;
    const length = readUvarint(bytes, type[1]);
    if (!length || length[1] + length[0] > bytes.length) return null;
    types.push(type[0]);
    at = length[1] + length[0];
  }
  return null;
}

function isMacaroonV2(bytes: Buffer): boolean {
  if (bytes[0] !== MACAROON.version) return false;
  const header = readSection(bytes, 1);
  const headerTypes = header?.types.join();
  if (!header || (headerTypes !== `${MACAROON.identifier}` && headerTypes !== `${MACAROON.location},${MACAROON.identifier}`)) return false;
  let at = header.next;
  for (;;) {
    const caveat = readSection(bytes, at);
    if (!caveat) return false;
    at = caveat.next;
    if (caveat.types.length === 0) break;
    const body = caveat.types[0] === MACAROON.location ? caveat.types.slice(1) : caveat.types;
    if (body[0] !== MACAROON.identifier || body.length > 2 || (body.length === 2 && body[1] !== MACAROON.vid)) return false;
  }
  return bytes[at] === MACAROON.signature && bytes[at + 1] === MACAROON.signatureBytes && at + 2 + MACAROON.signatureBytes === bytes.length;
}

/** PyPI API tokens: `pypi-` and a base64url macaroon that must parse as version 2, signature included. */
const macaroonV2: Checksum = {
  validate: (token) => isMacaroonV2(Buffer.from(token.slice(token.indexOf("-") + 1), "base64url")),
  append: (body) => body,
};

export const MACAROON_SAMPLE = {
  /** A well-formed macaroon around random identifier and signature bytes, for samples. */
  build(location: string, identifier: string, caveats: string[], signature: Buffer): string {
    const field = (type: number, data: Buffer) => {
      if (data.length > 127) throw new Error("sample macaroon fields stay under 128 bytes");
      return Buffer.concat([Buffer.from([type, data.length]), data]);
    };
    const eos = Buffer.from([MACAROON.eos]);
    return Buffer.concat([
      Buffer.from([MACAROON.version]),
      field(MACAROON.location, Buffer.from(location)),
      field(MACAROON.identifier, Buffer.from(identifier)),
      eos,
      ...caveats.flatMap((c) => [field(MACAROON.identifier, Buffer.from(c)), eos]),
      eos,
      field(MACAROON.signature, signature),
    ]).toString("base64url");
  },
};

CHECKSUMS["macaroon-v2"] = macaroonV2;

// PKCS#12 (RFC 7292): a DER SEQUENCE with a two-byte length, then version 3. A keystore that holds a private key
// names a keyBag or pkcs8ShroudedKeyBag (OIDs 1.2.840.113549.1.12.10.1.1 and .2) in its unencrypted contents;
// a truststore of certificates alone does not.
const PKCS12_HEADER = [0x30, 0x82, -1, -1, 0x02, 0x01, 0x03];
const PKCS12_KEY_BAG_OID_PREFIX = Buffer.from([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01]);
export const PKCS12_BAG = { key: 0x01, shroudedKey: 0x02, cert: 0x03 };

function pkcs12HoldsKey(bytes: Buffer): boolean {
  if (!PKCS12_HEADER.every((b, i) => b < 0 || bytes[i] === b)) return false;
  for (let at = bytes.indexOf(PKCS12_KEY_BAG_OID_PREFIX); at >= 0; at = bytes.indexOf(PKCS12_KEY_BAG_OID_PREFIX, at + 1)) {
    const bag = bytes[at + PKCS12_KEY_BAG_OID_PREFIX.length];
    if (bag === PKCS12_BAG.key || bag === PKCS12_BAG.shroudedKey) return true;
  }
  return false;
}

/** Base64 PKCS#12 keystores (.p12, .pfx) that hold a private key, wrapped over lines or not. */
const pkcs12PrivateKey: Checksum = {
  validate: (blob) => pkcs12HoldsKey(Buffer.from(blob.replace(/\s+/g, ""), "base64")),
  append: (body) => body,
};
CHECKSUMS["pkcs12-private-key"] = pkcs12PrivateKey;
CHECKSUMS.jwt = jwt;
CHECKSUMS["jwt-credential"] = jwtCredential;

// Names whose values are random but not secret: pagination cursors, CSRF nonces, digests, public halves.
const NOT_SECRET_NAMES = /(^|_)(page|next|cursor|continuation|csrf|xsrf|nonce|hash|sha\d*|digest|checksum|fingerprint|integrity|public|publishable|mock|dummy|fake|sample|example|placeholder)(_|$)/;

/** `nextPageToken`, `NEXT_PAGE_TOKEN` and `next-page-token` all become `next_page_token`. */
function snakeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toLowerCase();
}
// A bare UUID is an identifier far more often than a credential; provider detectors with context catch the rest.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Password hashes (bcrypt, crypt, argon2, LDAP) are stored on purpose and are not the password.
const PASSWORD_HASH = /^(\$(2[abxy]?|1|5|6|argon2(id|i|d)?|scrypt|pbkdf2[^$]*)\$|\{(S?SHA|SSHA\d*|MD5|CRYPT)\})/i;
const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * Identifiers, not values: camelCase words (`contextToken2`, `kEnumerableProperty`, `InterpolationInJSX`,
 * `RsaPrivateKey`) and SCREAMING_SNAKE names. Word segments have vowels and are two letters or more; random
 * letters break into one-letter and vowel-less segments almost at once.
 */
function looksLikeIdentifier(value: string): boolean {
  if (SCREAMING_SNAKE.test(value)) return true;
  // Words joined by punctuation: `Access-Control-Allow-Credentials`, `my.app.Secret`.
  const words = value.split(/[-_./]+/).filter(Boolean);
  if (words.length > 1) return words.every((w) => looksLikeIdentifier(w));
  const letters = value.replace(/\d+$/, "").replace(/^[a-z](?=[A-Z])/, "");
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(letters)) return false;
  const segments = letters.match(/[A-Z]{2,}\d*(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+/g) ?? [];
  if (segments.join("") !== letters) return false;
  return segments.every((seg) => /^[A-Z]+\d*$/.test(seg) ? seg.length <= 6 : seg.length >= 2 && /[aeiouy]/i.test(seg));
}

const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[[^\]]*\])+$/;

/** A value assigned to a secret-named variable that looks like a real credential, not code or a reference. */
const genericSecret: Checksum = {
  validate(value, match) {
    if (value.length > 256) return false; // a blob, not a password or key
    const name = match.slice(0, match.length - value.length).replace(/["'`\s:=>-]+$/, "");
    if (NOT_SECRET_NAMES.test(snakeName(name))) return false;
    // Amazon resource names identify a secret's location (`arn:aws:secretsmanager:…`), never its value.
    if (/^(arn|aws):/i.test(value)) return false;
    if (CODE_REFERENCE.test(value) || PASSWORD_HASH.test(value) || UUID.test(value) || /^(https?:|\.{0,2}\/|~\/)/.test(value)) return false;
    // Shell, PowerShell and batch variable references: `$API_KEY`, `$env:X`, `%TOKEN%`, `$(cmd)`.
    if (/^(\$[A-Za-z_({]|%[A-Za-z_][A-Za-z0-9_]*%|\$env:)/.test(value)) return false;
    // A call (`getToken(`), words joined by punctuation (`api_secret@cloud_name`) or a bare camelCase name.
    // An expression (`!questionToken`, `?NonIdentifier`) is code: judge the identifier behind the operator.
    const bare = value.replace(/^[!?~*&+\-_]+/, "");
    if (match.endsWith("(") || !/[0-9A-Z]/.test(value) || looksLikeIdentifier(bare) || CODE_REFERENCE.test(bare)) return false;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
    return classes >= 2;
  },
  append: (body) => body,
};
CHECKSUMS["generic-secret"] = genericSecret;
