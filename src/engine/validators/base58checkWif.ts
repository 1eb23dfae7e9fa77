// Bitcoin private keys in Wallet Import Format: Base58Check of a version byte (0x80 mainnet, 0xef testnet),
// the 32-byte key and, for a compressed public key, 0x01; the last 4 bytes are the first 4 of SHA-256(SHA-256(payload)).
import { crypto } from "../../util/crypto.js";
import { randomFrom, SampleTemplateError, type Validator } from "./validator.js";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const VERSIONS = new Set([0x80, 0xef]);
const KEY_BYTES = 32;
const CHECKSUM_BYTES = 4;

function base58Decode(text: string): Buffer | null {
  let value = 0n;
  for (const ch of text) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) return null;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  for (; value > 0n; value >>= 8n) bytes.unshift(Number(value & 0xffn));
  for (let i = 0; i < text.length && text[i] === "1"; i++) bytes.unshift(0);
  return Buffer.from(bytes);
}

function base58Encode(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString("hex") || "0"}`);
  let out = "";
  for (; value > 0n; value /= 58n) out = BASE58[Number(value % 58n)] + out;
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) out = `1${out}`;
  return out;
}

function checksum(payload: Buffer): Buffer {
  const once = crypto().createHash("sha256").update(payload).digest();
  return crypto().createHash("sha256").update(once).digest().subarray(0, CHECKSUM_BYTES);
}

function isWif(text: string): boolean {
  const bytes = base58Decode(text);
  if (!bytes) return false;
  const payload = bytes.subarray(0, -CHECKSUM_BYTES);
  const compressed = payload.length === 1 + KEY_BYTES + 1 && payload[payload.length - 1] === 0x01;
  if (!VERSIONS.has(payload[0]) || (payload.length !== 1 + KEY_BYTES && !compressed)) return false;
  return checksum(payload).equals(bytes.subarray(-CHECKSUM_BYTES));
}

// `{wif:mainnet}` (uncompressed, starts with 5), `{wif:compressed}` (K or L), `{wif:testnet}` (c), `{wif:broken}` (a bad checksum).
const KINDS: Record<string, { version: number; compressed: boolean; broken?: boolean }> = {
  mainnet: { version: 0x80, compressed: false },
  compressed: { version: 0x80, compressed: true },
  testnet: { version: 0xef, compressed: true },
  broken: { version: 0x80, compressed: true, broken: true },
};

function wifSample(kind: string, random: () => number): string {
  const spec = KINDS[kind];
  if (!spec) throw new SampleTemplateError(`unknown wif sample "${kind}"`);
  const key = Buffer.from(randomFrom("0123456789abcdef", KEY_BYTES * 2, random), "hex");
  const payload = Buffer.concat([Buffer.from([spec.version]), key, Buffer.from(spec.compressed ? [0x01] : [])]);
  const sum = checksum(payload);
  if (spec.broken) sum[0] ^= 0xff;
  return base58Encode(Buffer.concat([payload, sum]));
}

export const base58checkWif: Validator = {
  validate: (value) => isWif(value),
  sample: { kind: "wif", build: wifSample },
};
