// node:crypto costs a few milliseconds to load; most hook runs find nothing and never hash, so load it on use.
type Crypto = typeof import("node:crypto");

let loaded: Crypto | undefined;

export function crypto(): Crypto {
  loaded ??= process.getBuiltinModule("node:crypto") as Crypto;
  return loaded;
}

// Fixed so that the same secret has the same digest in every run: digests are compared in memory, never written.
const DIGEST_KEY = "leakstop:secret-digest:v1";

/** How a secret leaves the engine: a keyed hash that finds the same secret elsewhere without carrying it. */
export function secretDigest(secret: string): string {
  return crypto().createHmac("sha256", DIGEST_KEY).update(secret).digest("hex");
}

export function sha256Hex(text: string): string {
  return crypto().createHash("sha256").update(text).digest("hex");
}

/**
 * Memory-hard hashing for anything written or printed about a secret (fingerprints, allow entries): each
 * offline guess costs one derivation (tens of milliseconds, 16 MiB), so short passwords cannot be brute-forced
 * from a report. Changing these parameters changes every fingerprint and hash: bump the versions that name them.
 */
export const SCRYPT = { N: 1 << 14, r: 8, p: 1 } as const;
export const SCRYPT_NAME = `scrypt-N${SCRYPT.N}-r${SCRYPT.r}-p${SCRYPT.p}`;

export function scryptHex(secret: string, salt: string, bytes: number): string {
  return crypto().scryptSync(secret, salt, bytes, SCRYPT).toString("hex");
}
