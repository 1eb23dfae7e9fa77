// Azure's common annotated security keys (84 characters, or 88 in the long form): the base64 of 60 bytes, then
// a Marvin32 checksum of those bytes, seeded with the ASCII of "Default0" reversed (Microsoft's security-utilities,
// which defines the format). The short form keeps the checksum's first 3 bytes, the long form all 4 plus "==".
// Derived and hashed keys (signature JQQJ9D / JQQJ9H) encode their checksum differently, and Azure DevOps PATs
// (provider signature AZDO) use another seed: those pass on their shape alone.
import { BASE62 } from "./crc32Base62.js";
import type { Validator } from "./validator.js";

const SEED = Buffer.from("Default0", "ascii").reverse();
const SEED_LOW = SEED.readUInt32LE(0);
const SEED_HIGH = SEED.readUInt32LE(4);
const CHECKSUM_AT = 80;
/** The last of the 52 random characters before the JQQJ signature. */
const LAST_RANDOM = 51;

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;

/** Marvin32 (the hash .NET uses for strings), folded to 32 bits. */
function marvin32(bytes: Buffer, seedLow: number, seedHigh: number): number {
  let p0 = seedLow >>> 0;
  let p1 = seedHigh >>> 0;
  const mix = () => {
    p1 = (p1 ^ p0) >>> 0;
    p0 = (rotl(p0, 20) + p1) >>> 0;
    p1 = rotl(p1, 9);
    p1 = (p1 ^ p0) >>> 0;
    p0 = (rotl(p0, 27) + p1) >>> 0;
    p1 = rotl(p1, 19);
  };
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) {
    p0 = (p0 + bytes.readUInt32LE(i)) >>> 0;
    mix();
  }
  // The 0..3 bytes left, then a 0x80 byte, little-endian.
  let last = 0x80;
  for (let k = bytes.length - 1; k >= i; k--) last = ((last << 8) | bytes[k]) >>> 0;
  p0 = (p0 + last) >>> 0;
  mix();
  mix();
  return (p1 ^ p0) >>> 0;
}

function checksumText(body: string, longForm: boolean): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(marvin32(Buffer.from(body, "base64"), SEED_LOW, SEED_HIGH));
  return sum.subarray(0, longForm ? 4 : 3).toString("base64");
}

const isBase62 = (text: string) => /^[A-Za-z0-9]*$/.test(text);

export const azureAnnotatedKey: Validator = {
  validate(key) {
    if (key.length !== 84 && key.length !== 88) return false;
    if (key[57] !== "9" || key.slice(76, 80) === "AZDO") return true;
    return checksumText(key.slice(0, CHECKSUM_AT), key.length === 88) === key.slice(CHECKSUM_AT);
  },
  // Generators draw again until the key is base62 (no + or / in its checksum); samples change their last random character.
  append(body) {
    for (let k = Math.max(0, BASE62.indexOf(body[LAST_RANDOM])); ; k = (k + 1) % BASE62.length) {
      const candidate = body.slice(0, LAST_RANDOM) + BASE62[k] + body.slice(LAST_RANDOM + 1);
      const sum = checksumText(candidate, false);
      if (isBase62(sum)) return candidate + sum;
    }
  },
};
