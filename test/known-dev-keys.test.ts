// Publicly known development keys (Hardhat/anvil, Ganache --deterministic, ZITADEL's example masterkey) stay
// quiet; random keys written the same way are still found.
// LEAKSTOP_PRINT_DIGESTS=1 npx vitest run test/known-dev-keys.test.ts prints the digests kept in
// src/engine/placeholders.ts, and nothing of the keys themselves.
import { createHmac } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { makePlaceholderFilter } from "../src/engine/placeholders.js";
import { scanText } from "./engineHelpers.js";
import { cleanupTempDirs, fake, git, makeRepo, runCli, SEED, write } from "./helpers.js";
import {
  addressOf,
  derivePrivateKey,
  devKeysOf,
  GANACHE_ACCOUNTS,
  GANACHE_MNEMONIC,
  HARDHAT_ACCOUNTS,
  HARDHAT_MNEMONIC,
  knownDevKeys,
  sha256,
} from "./knownDevKeys.js";

afterAll(cleanupTempDirs);

// Assembled at run time: ZITADEL's documented example, not a key of ours.
const ZITADEL_EXAMPLE = ["Masterkey", "Needs", "ToHave", "32Characters"].join("");

const ids = (text: string, path: string) => scanText(text, { path }).map((f) => f.detector.id);
const randomKey = () => fake("{hex:64}");
const randomMnemonic = () => fake(Array(12).fill("{lower:5}").join(" "));

/** The places a developer writes an EVM private key, each with the detector that reads it there. */
const KEY_FORMS: [string, string, (k: string) => string][] = [
  ["ethereum-private-key", "hardhat.config.js", (k) => `module.exports = {\n  networks: {\n    localhost: {\n      url: "http://127.0.0.1:8545",\n      accounts: ["0x${k}"],\n    },\n  },\n};`],
  ["ethereum-private-key", ".env", (k) => `PRIVATE_KEY=0x${k}`],
  ["ethereum-private-key", ".env", (k) => `DEPLOYER_PRIVATE_KEY=0x${k.toUpperCase()}`],
  ["ethereum-private-key", "scripts/deploy.js", (k) => `const wallet = new ethers.Wallet("${k}", provider);`],
  ["ethereum-private-key", "Makefile", (k) => `\tforge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --private-key ${k} --broadcast`],
  ["generic-secret-assignment", ".env", (k) => `PRIVATE_KEY=${k}`],
];

const MNEMONIC_FORMS: [string, (m: string) => string][] = [
  [".env", (m) => `MNEMONIC="${m}"`],
  ["hardhat.config.js", (m) => `module.exports = { networks: { ganache: { url: "http://127.0.0.1:8545", accounts: { mnemonic: "${m}" } } } };`],
  ["scripts/wallet.js", (m) => `const wallet = ethers.Wallet.fromPhrase("${m}");`],
];

const ZITADEL_FORMS: [string, (k: string) => string][] = [
  [".env", (k) => `ZITADEL_MASTERKEY=${k}`],
  ["docker-compose.yaml", (k) => `services:\n  zitadel:\n    image: ghcr.io/zitadel/zitadel:latest\n    command: 'start-from-init --masterkey "${k}" --tlsMode disabled'`],
  ["docker-compose.yml", (k) => `services:\n  zitadel:\n    environment:\n      ZITADEL_MASTERKEY: "${k}"`],
];

describe(`publicly known development keys (seed ${SEED})`, () => {
  it("derives the accounts the tools publish: account 0 and 1 have their documented addresses", () => {
    // Addresses are public: Hardhat's and anvil's account list, Ganache's --deterministic account list. Four
    // matching addresses check the derivation and the Keccak-256 behind them at once.
    expect(addressOf(derivePrivateKey(HARDHAT_MNEMONIC, 0))).toBe("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    expect(addressOf(derivePrivateKey(HARDHAT_MNEMONIC, 1))).toBe("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    expect(addressOf(derivePrivateKey(GANACHE_MNEMONIC, 0))).toBe("0x90f8bf6a479f320ead074411a4b0e7944ea8c9c1");
    expect(addressOf(derivePrivateKey(GANACHE_MNEMONIC, 1))).toBe("0xffcf8fdee72ac11b5c542428b35eef5769c409f0");
    const keys = knownDevKeys();
    expect(keys).toHaveLength(HARDHAT_ACCOUNTS + GANACHE_ACCOUNTS);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{64}$/);

    const groups = {
      [`Hardhat/anvil accounts 0-${HARDHAT_ACCOUNTS - 1}`]: devKeysOf(HARDHAT_MNEMONIC, HARDHAT_ACCOUNTS),
      [`Ganache --deterministic accounts 0-${GANACHE_ACCOUNTS - 1}`]: devKeysOf(GANACHE_MNEMONIC, GANACHE_ACCOUNTS),
      "the two mnemonics": [HARDHAT_MNEMONIC, GANACHE_MNEMONIC],
      "ZITADEL example masterkey": [ZITADEL_EXAMPLE],
    };
    if (process.env.LEAKSTOP_PRINT_DIGESTS) {
      for (const [name, values] of Object.entries(groups)) console.log(`// ${name}\n${values.map((v) => `"${sha256(v)}",`).join("\n")}`);
    }
  });

  it("the placeholder filter knows every one of them however it is written, and nothing next to them", () => {
    const isPlaceholder = makePlaceholderFilter();
    for (const k of knownDevKeys()) {
      for (const form of [k, `0x${k}`, `0x${k.toUpperCase()}`, k.toUpperCase()]) expect(isPlaceholder(form)).toBe(true);
      // One character off is another key.
      const near = k.slice(0, 63) + (k[63] === "0" ? "1" : "0");
      expect(isPlaceholder(near)).toBe(false);
      expect(isPlaceholder(`0x${near}`)).toBe(false);
    }
    for (const m of [HARDHAT_MNEMONIC, GANACHE_MNEMONIC]) {
      expect(isPlaceholder(m)).toBe(true);
      expect(isPlaceholder(m.toUpperCase())).toBe(true);
      expect(isPlaceholder(m.replace(/ /g, "  "))).toBe(true);
      // The same words in another order are another wallet.
      expect(isPlaceholder(m.split(" ").reverse().join(" "))).toBe(false);
    }
    expect(isPlaceholder(ZITADEL_EXAMPLE)).toBe(true);
    expect(isPlaceholder(ZITADEL_EXAMPLE.toLowerCase())).toBe(false);
    for (let i = 0; i < 20; i++) {
      expect(isPlaceholder(randomKey())).toBe(false);
      expect(isPlaceholder(`0x${randomKey()}`)).toBe(false);
      expect(isPlaceholder(randomMnemonic())).toBe(false);
      expect(isPlaceholder(fake("{base62:32}"))).toBe(false);
    }
  });

  it("reports none of the 30 account keys in any of the places keys are written; random keys there are found", () => {
    for (const [detector, path, form] of KEY_FORMS) {
      for (const k of knownDevKeys()) expect(ids(form(k), path), `${detector} in ${path}`).toEqual([]);
      for (let i = 0; i < 5; i++) expect(ids(form(randomKey()), path), `${detector} in ${path}`).toEqual([detector]);
    }
  });

  it("reports neither published mnemonic; a random mnemonic is found", () => {
    for (const [path, form] of MNEMONIC_FORMS) {
      for (const m of [HARDHAT_MNEMONIC, GANACHE_MNEMONIC, GANACHE_MNEMONIC.toUpperCase()]) expect(ids(form(m), path), path).toEqual([]);
      expect(ids(form(randomMnemonic()), path), path).toEqual(["wallet-mnemonic-phrase"]);
    }
  });

  it("reports ZITADEL's example masterkey nowhere; a random masterkey is found", () => {
    for (const [path, form] of ZITADEL_FORMS) {
      expect(ids(form(ZITADEL_EXAMPLE), path), path).toEqual([]);
      expect(ids(form(fake("{base62:32}")), path), path).toEqual(["zitadel-masterkey"]);
    }
  });

  it("leakstop --staged passes a hardhat.config.js's default accounts and blocks the one random key in it", () => {
    const [k0, k1] = devKeysOf(HARDHAT_MNEMONIC, 2);
    const random = randomKey();
    const lines = [
      "require(\"@nomicfoundation/hardhat-toolbox\");",
      "",
      "module.exports = {",
      "  solidity: \"0.8.24\",",
      "  networks: {",
      "    hardhat: {",
      `      accounts: [{ privateKey: "0x${k1}", balance: "10000000000000000000000" }],`,
      "    },",
      "    localhost: {",
      "      url: \"http://127.0.0.1:8545\",",
      `      accounts: ["0x${k0}"],`,
      "    },",
      "    ganache: {",
      "      url: \"http://127.0.0.1:7545\",",
      `      accounts: { mnemonic: "${GANACHE_MNEMONIC}" },`,
      "    },",
      "    sepolia: {",
      "      url: process.env.SEPOLIA_RPC_URL,",
      `      accounts: ["0x${random}"],`,
      "    },",
      "  },",
      "};",
    ];
    const repo = makeRepo();
    write(repo, "hardhat.config.js", `${lines.join("\n")}\n`);
    git(repo, "add", "hardhat.config.js");
    const r = runCli(repo, ["--staged"]);
    expect(r.status, r.stderr).toBe(1);
    const line = lines.findIndex((l) => l.includes(random)) + 1;
    const column = lines[line - 1].indexOf(`0x${random}`) + 1;
    expect(r.stdout).toContain("[ethereum-private-key]");
    expect(r.stdout).toContain(`hardhat.config.js:${line}:${column}`);
    expect(r.stdout).toContain("leakstop: 1 finding in 1 file");
    expect(r.stdout).not.toContain("wallet-mnemonic-phrase");
    for (const k of [k0, k1, random]) expect(r.stdout + r.stderr).not.toContain(k.slice(8, 24));
  });
});

describe("jwt.io's example token", () => {
  // Built at run time from what jwt.io shows: its header, its John Doe claims and its documented secret.
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const signed = (claims: object) => {
    const body = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
    return `${body}.${createHmac("sha256", "your-256-bit-secret").update(body).digest("base64url")}`;
  };

  it("stays quiet after Bearer, in code and in docs; the same token with other claims is found", () => {
    const example = signed({ sub: "1234567890", name: "John Doe", iat: 1516239022 });
    const line = (t: string) => `const headers = { Authorization: "Bearer ${t}" };\n`;
    expect(ids(line(example), "src/api.test.js")).toEqual([]);
    expect(ids(`curl -H "Authorization: Bearer ${example}" https://api.acme.io\n`, "README.md")).toEqual([]);
    expect(ids(line(signed({ sub: "8812", name: "Jane Roe", iat: 1716239022 })), "src/api.js")).toEqual(["jwt-credential"]);
  });
});
