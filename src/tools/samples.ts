import { SampleTemplateError, VALIDATORS } from "../engine/validators/index.js";

export { SampleTemplateError };

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
  base58: "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
  bech32: "qpzry9x8gf2tvdw0s3jn54khce6mua7l",
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

// Validators that build whole sample values, by their template kind (`{jwt:…}`, `{macaroon:…}`, `{pkcs12:…}`).
const SAMPLE_BUILDERS = new Map(Object.values(VALIDATORS).flatMap((v) => (v.sample ? [[v.sample.kind, v.sample.build] as const] : [])));

const PLACEHOLDER = /\{([A-Za-z0-9]+):([a-z0-9-]+|\d+)\}/g;

/**
 * Expands a sample template: {alphabet:N} draws N random characters, {checksum:NAME} appends the named
 * checksum to the token it follows, {repeat:N} repeats the previous character N more times. Templates keep
 * token-shaped literals out of the repository: fake credentials exist only at run time.
 * A validator with a sample builder adds its own kind (see src/engine/validators/): {jwt:…}, {macaroon:…}, {pkcs12:…}.
 */
export function expandSample(template: string, random: () => number): string {
  let out = "";
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    out += template.slice(last, m.index);
    last = m.index! + m[0].length;
    const [, kind, arg] = m;
    const builder = SAMPLE_BUILDERS.get(kind);
    if (kind === "checksum") {
      const append = VALIDATORS[arg]?.append;
      if (!append) throw new SampleTemplateError(`unknown checksum "${arg}" in sample ${template}`);
      const tokenStart = tokenStartBefore(out, VALIDATORS[arg].tokenTail);
      out = out.slice(0, tokenStart) + append(out.slice(tokenStart));
    } else if (builder) {
      out += builder(arg, random);
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

function tokenStartBefore(text: string, tail = /[A-Za-z0-9_\-]*$/): number {
  const m = tail.exec(text);
  return m ? m.index : text.length;
}
