// Java keystores (JKS, and JCEKS) as base64: pasted into a CI variable, or a binary .jks read as its base64.
// The format (the JDK's sun.security.provider.JavaKeyStore): magic FEEDFEED (JCEKS: CECECECE), version 1 or 2,
// an entry count, then entries, each a tag (1: private key, 2: trusted certificate, 3: JCEKS secret key), an
// alias, a timestamp and the entry's bytes. A keystore holds a credential when an entry is a private or secret
// key; a truststore of certificates alone does not.
import { LINE_BREAK, randomFrom, SampleTemplateError, type Validator } from "./validator.js";

const MAGIC = { jks: 0xfeedfeed, jceks: 0xcececece };
const TAG = { privateKey: 1, trustedCert: 2, secretKey: 3 };
// Entries read at most: a truststore of the JDK's CA certificates holds about 150.
const MAX_ENTRIES = 1000;

/** Reads big-endian fields, and says when one runs past the end. */
class Reader {
  at = 0;
  constructor(private readonly bytes: Buffer) {}
  private need(n: number): boolean {
    return this.at + n <= this.bytes.length;
  }
  u16(): number | undefined {
    if (!this.need(2)) return undefined;
    this.at += 2;
    return this.bytes.readUInt16BE(this.at - 2);
  }
  u32(): number | undefined {
    if (!this.need(4)) return undefined;
    this.at += 4;
    return this.bytes.readUInt32BE(this.at - 4);
  }
  skip(n: number | undefined): boolean {
    if (n === undefined || !this.need(n)) return false;
    this.at += n;
    return true;
  }
  /** A Java modified-UTF-8 string (its 2-byte length, then its bytes), skipped. */
  skipUtf(): boolean {
    return this.skip(this.u16());
  }
}

/** Whether a keystore's bytes hold a private or secret key entry. */
function holdsKey(bytes: Buffer): boolean {
  const read = new Reader(bytes);
  const magic = read.u32();
  const version = read.u32();
  const count = read.u32();
  if ((magic !== MAGIC.jks && magic !== MAGIC.jceks) || (version !== 1 && version !== 2) || count === undefined) return false;
  for (let i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
    const tag = read.u32();
    if (tag === TAG.privateKey || (tag === TAG.secretKey && magic === MAGIC.jceks)) return read.skipUtf() && read.skip(8);
    if (tag !== TAG.trustedCert || !read.skipUtf() || !read.skip(8)) return false;
    if (version === 2 && !read.skipUtf()) return false;
    if (!read.skip(read.u32())) return false;
  }
  return false;
}

function validate(value: string): boolean {
  return holdsKey(Buffer.from(value.replace(LINE_BREAK, ""), "base64"));
}

/**
 * `{jks:key}`, `{jks:certs}`, `{jks:key-wrapped}`, `{jks:jceks-secret}`: the outline of a keystore with random
 * bytes for its encrypted key and certificates: one private key entry (on one line, or wrapped at 76 characters
 * as `base64` writes it), two trusted certificates, or a JCEKS secret key.
 */
function keyStoreSample(kind: string, random: () => number): string {
  if (!["key", "certs", "key-wrapped", "jceks-secret"].includes(kind)) throw new SampleTemplateError(`unknown jks sample "${kind}"`);
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  const utf = (text: string) => Buffer.concat([u16(text.length), Buffer.from(text)]);
  const noise = (n: number) => Buffer.from(randomFrom("0123456789abcdef", 2 * n, random), "hex");
  const blob = (n: number) => Buffer.concat([u32(n), noise(n)]);
  const stamp = noise(8);
  const cert = (alias: string) => Buffer.concat([u32(TAG.trustedCert), utf(alias), stamp, utf("X.509"), blob(700)]);
  const entries =
    kind === "certs"
      ? [cert("root-ca"), cert("intermediate")]
      : kind === "jceks-secret"
        ? [u32(TAG.secretKey), utf("db-master"), stamp, noise(300)]
        : [u32(TAG.privateKey), utf("upload"), stamp, blob(1200), u32(1), utf("X.509"), blob(700)];
  const magic = kind === "jceks-secret" ? MAGIC.jceks : MAGIC.jks;
  const bytes = Buffer.concat([u32(magic), u32(2), u32(kind === "certs" ? 2 : 1), ...entries, noise(20)]).toString("base64");
  return kind === "key-wrapped" ? bytes.replace(/(.{76})(?=.)/g, "$1\n") : bytes;
}

export const javaKeyStore: Validator = {
  validate,
  sample: { kind: "jks", build: keyStoreSample },
};
