// Base64 PKCS#12 keystores (.p12, .pfx) that hold a private key, wrapped over lines or not.
// PKCS#12 (RFC 7292): a DER SEQUENCE with a two-byte length, then version 3. A keystore that holds a private key
// names a keyBag or pkcs8ShroudedKeyBag (OIDs 1.2.840.113549.1.12.10.1.1 and .2) in its unencrypted contents;
// a truststore of certificates alone does not.
import { HEX, LINE_BREAK, randomFrom, SampleTemplateError, type Validator } from "./validator.js";

const PKCS12_HEADER = [0x30, 0x82, -1, -1, 0x02, 0x01, 0x03];
const KEY_BAG_OID_PREFIX = Buffer.from([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01]);
const BAG = { key: 0x01, shroudedKey: 0x02, cert: 0x03 };

function holdsKey(bytes: Buffer): boolean {
  if (!PKCS12_HEADER.every((b, i) => b < 0 || bytes[i] === b)) return false;
  for (let at = bytes.indexOf(KEY_BAG_OID_PREFIX); at >= 0; at = bytes.indexOf(KEY_BAG_OID_PREFIX, at + 1)) {
    const bag = bytes[at + KEY_BAG_OID_PREFIX.length];
    if (bag === BAG.key || bag === BAG.shroudedKey) return true;
  }
  return false;
}

/**
 * `{pkcs12:key|certs|key-wrapped}`: the outline of a PKCS#12 file: PFX header (version 3), a data ContentInfo,
 * and a safe bag naming either a shrouded private key or a certificate, amid random bytes standing for the
 * encrypted parts.
 */
function pkcs12Sample(kind: string, random: () => number): string {
  if (!["key", "certs", "key-wrapped"].includes(kind)) throw new SampleTemplateError(`unknown pkcs12 sample "${kind}"`);
  const noise = (n: number) => Buffer.from(randomFrom(HEX, n * 2, random), "hex");
  const bag = kind === "certs" ? BAG.cert : BAG.shroudedKey;
  const pkcs7Data = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
  const safeBag = [...KEY_BAG_OID_PREFIX, bag];
  const body = Buffer.concat([Buffer.from([0x02, 0x01, 0x03, 0x30, 0x82, 0x04, 0x00, ...pkcs7Data]), noise(300), Buffer.from(safeBag), noise(700)]);
  const der = Buffer.concat([Buffer.from([0x30, 0x82, body.length >> 8, body.length & 0xff]), body]).toString("base64");
  return kind === "key-wrapped" ? der.replace(/(.{64})(?=.)/g, "$1\n") : der;
}

export const pkcs12PrivateKey: Validator = {
  validate: (blob) => holdsKey(Buffer.from(blob.replace(LINE_BREAK, ""), "base64")),
  sample: { kind: "pkcs12", build: pkcs12Sample },
};
