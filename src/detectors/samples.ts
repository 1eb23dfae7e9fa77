import { CHECKSUMS, JWT_SAMPLE, MACAROON_SAMPLE, PKCS12_BAG } from "../engine/checksums.js";

// Alphabets a sample template can draw from: {name:length}.
const ALPHABETS: Record<string, string> = {
  base62: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  alnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits: "0123456789",
  hex: "0123456789abcdef",
  HEX: "0123456789ABCDEF",
  lowernum: "abcdefghijklmnopqrstuvwxyz0123456789",
  uppernum: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  base64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  base64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  base32: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
};

/** A small seeded generator, so a failing sample can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const PLACEHOLDER = /\{([A-Za-z0-9]+):([a-z0-9-]+|\d+)\}/g;

export class SampleTemplateError extends Error {}

/**
 * Expands a sample template: {alphabet:N} draws N random characters, {checksum:NAME} appends the named
 * checksum to the token it follows, {repeat:N} repeats the previous character N more times. Templates keep
 * token-shaped literals out of the repository: fake credentials exist only at run time.
 * {jwt:credential|service-role|kubernetes|plain|expired} builds a signed-looking JWT with that kind of claim set.
 * {macaroon:pypi|testpypi} builds a well-formed version 2 macaroon (base64url) for that index.
 * {pkcs12:key|certs|key-wrapped} builds a base64 PKCS#12 outline holding a private key or certificates only.
 */
export function expandSample(template: string, random: () => number): string {
  let out = "";
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out += template.slice(last, m.index);
    last = m.index! + m[0].length;
    const [, kind, arg] = m;
    if (kind === "checksum") {
      const checksum = CHECKSUMS[arg];
      if (!checksum) throw new SampleTemplateError(`unknown checksum "${arg}" in sample ${template}`);
      const tokenStart = tokenStartBefore(out);
      out = out.slice(0, tokenStart) + checksum.append(out.slice(tokenStart));
    } else if (kind === "jwt") {
      out += jwtSample(arg, random);
    } else if (kind === "macaroon") {
      out += macaroonSample(arg, random);
    } else if (kind === "pkcs12") {
      out += pkcs12Sample(arg, random);
    } else if (kind === "repeat") {
      out += out.slice(-1).repeat(Number(arg));
    } else {
      const alphabet = ALPHABETS[kind];
      const length = Number(arg);
      if (!alphabet || !Number.isInteger(length)) throw new SampleTemplateError(`unknown placeholder {${kind}:${arg}} in sample ${template}`);
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    }
  }
  return out + template.slice(last);
}

function tokenStartBefore(text: string): number {
  const m = /[A-Za-z0-9_\-]*$/.exec(text);
  return m ? m.index : text.length;
}

function randomFrom(alphabet: string, length: number, random: () => number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

const MACAROON_LOCATIONS: Record<string, string> = { pypi: "pypi.org", testpypi: "test.pypi.org" };

function macaroonSample(index: string, random: () => number): string {
  const location = MACAROON_LOCATIONS[index];
  if (!location) throw new SampleTemplateError(`unknown macaroon sample "${index}"`);
  const hex = (n: number) => randomFrom(ALPHABETS.hex, n, random);
  const identifier = JSON.stringify({ nonce: hex(32), version: 1 });
  const caveats = [JSON.stringify([1, [hex(32)]]), JSON.stringify([0, Math.floor(Date.now() / 1000) + 86400, Math.floor(Date.now() / 1000)])];
  const signature = Buffer.from(hex(64), "hex");
  return MACAROON_SAMPLE.build(location, identifier, caveats, signature);
}

/**
 * The outline of a PKCS#12 file: PFX header (version 3), a data ContentInfo, and a safe bag naming either a
 * shrouded private key or a certificate, amid random bytes standing for the encrypted parts.
 */
function pkcs12Sample(kind: string, random: () => number): string {
  if (!["key", "certs", "key-wrapped"].includes(kind)) throw new SampleTemplateError(`unknown pkcs12 sample "${kind}"`);
  const noise = (n: number) => Buffer.from(randomFrom(ALPHABETS.hex, n * 2, random), "hex");
  const bag = kind === "certs" ? PKCS12_BAG.cert : PKCS12_BAG.shroudedKey;
  const pkcs7Data = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
  const safeBag = [0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, bag];
  const body = Buffer.concat([Buffer.from([0x02, 0x01, 0x03, 0x30, 0x82, 0x04, 0x00, ...pkcs7Data]), noise(300), Buffer.from(safeBag), noise(700)]);
  const der = Buffer.concat([Buffer.from([0x30, 0x82, body.length >> 8, body.length & 0xff]), body]).toString("base64");
  return kind === "key-wrapped" ? der.replace(/(.{64})(?=.)/g, "$1\n") : der;
}

function jwtSample(kind: string, random: () => number): string {
  const now = Math.floor(Date.now() / 1000);
  const sub = randomFrom(ALPHABETS.lowernum, 16, random);
  const payloads: Record<string, object> = {
    credential: { iss: "https://auth.acme-corp.dev/", sub, scope: "admin write:all", iat: now - 3600 },
    "service-role": { iss: "supabase", ref: sub, role: "service_role", iat: now - 3600 },
    kubernetes: {
      iss: "kubernetes/serviceaccount",
      "kubernetes.io/serviceaccount/namespace": "ci",
      "kubernetes.io/serviceaccount/service-account.name": "deployer",
      sub: `system:serviceaccount:ci:deployer-${sub.slice(0, 4)}`,
    },
    plain: { page: sub, iat: now },
    expired: { iss: "auth", sub, scope: "read", exp: now - 3 * 365 * 24 * 3600 },
  };
  const payload = payloads[kind];
  if (!payload) throw new SampleTemplateError(`unknown JWT sample kind "${kind}"`);
  return JWT_SAMPLE.build(payload, randomFrom(ALPHABETS.base64url, 43, random));
}
