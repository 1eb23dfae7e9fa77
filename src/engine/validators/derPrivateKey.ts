// A private key pasted as the base64 of its DER encoding, without the PEM BEGIN and END lines (a JWT signing key
// in a properties file, a key in a JSON field, a key file's body alone). The value must decode to exactly one
// DER SEQUENCE shaped as one of the unencrypted private-key structures:
//   PKCS#1 RSA (RFC 8017) and OpenSSL's DSA: version 0, then five or more INTEGERs, the first at least 64 bytes;
//   PKCS#8 (RFC 5208, RFC 5958): version 0 or 1, an AlgorithmIdentifier opening with its OID, the key OCTET STRING;
//   SEC1 EC (RFC 5915): version 1, the private key OCTET STRING of 16 to 66 bytes.
// Public keys and certificates have none of these shapes; a truncated example fails the length.
import { LINE_BREAK, randomFrom, SampleTemplateError, type Validator } from "./validator.js";

const TAG = { integer: 0x02, octetString: 0x04, oid: 0x06, sequence: 0x30 };

interface Element {
  tag: number;
  start: number;
  end: number;
}

/** The DER element at `at`, or null when its header or length runs past `limit`. */
function elementAt(bytes: Buffer, at: number, limit: number): Element | null {
  if (at + 2 > limit) return null;
  const tag = bytes[at];
  let length = bytes[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const size = length & 0x7f;
    // DER: no indefinite length, at most 3 length bytes (16 MB) for anything a key holds.
    if (size === 0 || size > 3 || start + size > limit) return null;
    length = 0;
    for (let i = 0; i < size; i++) length = length * 256 + bytes[start + i];
    start += size;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : null;
}

/** The elements of a constructed element, or null when they do not fill it exactly. */
function childrenOf(bytes: Buffer, parent: Element): Element[] | null {
  const children: Element[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const child = elementAt(bytes, at, parent.end);
    if (!child) return null;
    children.push(child);
    at = child.end;
  }
  return children;
}

const size = (e: Element) => e.end - e.start;
const isVersion = (bytes: Buffer, e: Element | undefined, versions: number[]) => e?.tag === TAG.integer && size(e) === 1 && versions.includes(bytes[e.start]);

function isPkcs1(bytes: Buffer, fields: Element[]): boolean {
  return fields.length >= 6 && isVersion(bytes, fields[0], [0]) && fields.every((f) => f.tag === TAG.integer) && size(fields[1]) >= 64;
}

function isPkcs8(bytes: Buffer, fields: Element[]): boolean {
  const [version, algorithm, key] = fields;
  if (!isVersion(bytes, version, [0, 1]) || algorithm?.tag !== TAG.sequence || key?.tag !== TAG.octetString || size(key) < 16) return false;
  return childrenOf(bytes, algorithm)?.[0]?.tag === TAG.oid;
}

function isSec1(bytes: Buffer, fields: Element[]): boolean {
  const [version, key] = fields;
  return isVersion(bytes, version, [1]) && key?.tag === TAG.octetString && size(key) >= 16 && size(key) <= 66;
}

function isPrivateKeyDer(bytes: Buffer): boolean {
  const top = elementAt(bytes, 0, bytes.length);
  if (!top || top.tag !== TAG.sequence || top.end !== bytes.length) return false;
  const fields = childrenOf(bytes, top);
  return !!fields && (isPkcs1(bytes, fields) || isPkcs8(bytes, fields) || isSec1(bytes, fields));
}

const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

function validate(value: string): boolean {
  const body = value.replace(LINE_BREAK, "");
  return BASE64_BODY.test(body) && isPrivateKeyDer(Buffer.from(body, "base64"));
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const OID = {
  rsaEncryption: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
  ed25519: [0x2b, 0x65, 0x70],
  prime256v1: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
};

/**
 * `{derkey:KIND}`: the outline of a private key's DER with random bytes for its numbers: `rsa` (PKCS#1),
 * `rsa-pkcs8`, `rsa-wrapped` (PKCS#8 at 64 characters a line), `ec` (SEC1, P-256), `ed25519` (PKCS#8), and
 * `rsa-cut` (a PKCS#1 key missing its last bytes, as documentation shows one) and `public` (an RSA public key, SPKI).
 */
function derKeySample(kind: string, random: () => number): string {
  const bytes = (n: number) => Buffer.from(randomFrom("0123456789abcdef", 2 * n, random), "hex");
  // Positive INTEGERs with their top bit set, as RSA's numbers are: a leading zero byte keeps them positive.
  const number = (n: number) => der(TAG.integer, Buffer.from([0]), Buffer.from(bytes(n).map((b, i) => (i === 0 ? b | 0x80 : b))));
  const version = (v: number) => der(TAG.integer, Buffer.from([v]));
  const octets = (...content: Buffer[]) => der(TAG.octetString, ...content);
  const algorithm = (oid: number[], parameters: Buffer[] = []) => der(TAG.sequence, der(TAG.oid, Buffer.from(oid)), ...parameters);
  const rsa = () => der(TAG.sequence, version(0), number(256), der(TAG.integer, Buffer.from([1, 0, 1])), number(255), number(128), number(128), number(127), number(127), number(127));
  const pkcs8Rsa = () => der(TAG.sequence, version(0), algorithm(OID.rsaEncryption, [Buffer.from([0x05, 0x00])]), octets(rsa()));
  const keys: Record<string, () => Buffer> = {
    rsa,
    "rsa-pkcs8": pkcs8Rsa,
    "rsa-wrapped": pkcs8Rsa,
    ec: () => der(TAG.sequence, version(1), octets(bytes(32)), der(0xa0, der(TAG.oid, Buffer.from(OID.prime256v1))), der(0xa1, der(0x03, Buffer.from([0, 4]), bytes(64)))),
    ed25519: () => der(TAG.sequence, version(0), algorithm(OID.ed25519), octets(octets(bytes(32)))),
    "rsa-cut": () => rsa().subarray(0, 600),
    public: () => der(TAG.sequence, algorithm(OID.rsaEncryption, [Buffer.from([0x05, 0x00])]), der(0x03, Buffer.from([0]), der(TAG.sequence, number(256), der(TAG.integer, Buffer.from([1, 0, 1]))))),
  };
  if (!keys[kind]) throw new SampleTemplateError(`unknown derkey sample "${kind}"`);
  const text = keys[kind]().toString("base64");
  return kind === "rsa-wrapped" ? text.replace(/(.{64})(?=.)/g, "$1\n") : text;
}

export const derPrivateKey: Validator = {
  validate,
  sample: { kind: "derkey", build: derKeySample },
};
