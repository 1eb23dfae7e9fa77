// Private keys in every kind of file the eval places them in (issue 13), and truncated examples that must stay
// quiet. Keys are generated at run time (node:crypto), or expanded from the detector's own sample templates for
// formats node cannot write (DSA's traditional form, OpenSSH, OpenPGP, PuTTY, PKCS#12).
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONTEXTS } from "../src/tools/evalContexts.js";
import { detectorFiles, scanText } from "./engineHelpers.js";
import { fake } from "./helpers.js";

const pem = (type: "rsa" | "ec" | "ed25519", encoding: "pkcs1" | "sec1" | "pkcs8", cipher?: string): string => {
  const privateKeyEncoding = { type: encoding, format: "pem", ...(cipher ? { cipher, passphrase: "correct horse" } : {}) } as const;
  const options = type === "rsa" ? { modulusLength: 1024 } : type === "ec" ? { namedCurve: "P-256" } : {};
  return (generateKeyPairSync as (t: string, o: object) => { privateKey: string })(type, { ...options, privateKeyEncoding }).privateKey.trimEnd();
};

const jwk = (type: "ec" | "ed25519") => {
  const { privateKey } = type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("ed25519");
  return { kid: "signing-2024", ...privateKey.export({ format: "jwk" }) } as Record<string, string>;
};

const sample = (id: string, n = 0) => fake(detectorFiles.find((d) => d.id === id)!.samples.positive[n]);

interface Case {
  id: string;
  key: () => { text: string; start: string; end?: string };
}

const block = (text: string) => ({ text, start: text.slice(0, 16), end: text.slice(-16) });

const CASES: Record<string, Case> = {
  rsa: { id: "private-key-rsa", key: () => block(pem("rsa", "pkcs1")) },
  "rsa with Proc-Type/DEK-Info": { id: "private-key-rsa", key: () => block(pem("rsa", "pkcs1", "aes-128-cbc")) },
  ec: { id: "private-key-ec", key: () => block(pem("ec", "sec1")) },
  "pkcs8 (Ed25519, the smallest key)": { id: "private-key-pkcs8", key: () => block(pem("ed25519", "pkcs8")) },
  "pkcs8 encrypted": { id: "private-key-pkcs8-encrypted", key: () => block(pem("ec", "pkcs8", "aes-256-cbc")) },
  dsa: { id: "private-key-dsa", key: () => block(sample("private-key-dsa")) },
  openssh: { id: "private-key-openssh", key: () => block(sample("private-key-openssh")) },
  pgp: { id: "private-key-pgp", key: () => block(sample("private-key-pgp")) },
  "service-account json": {
    id: "private-key-in-json",
    key: () => {
      const key = pem("rsa", "pkcs8");
      const text = JSON.stringify({ type: "service_account", private_key: `${key}\n`, client_email: "ci@acme.iam.gserviceaccount.com" });
      // In the file the key is JSON-escaped once more; its first characters and its END line are not.
      return { text, start: "-----BEGIN PRIVATE KEY-----", end: "-----END PRIVATE KEY-----" };
    },
  },
  "EC jwk": {
    id: "jwk-private-key",
    key: () => {
      const k = jwk("ec");
      return { text: JSON.stringify(k), start: k.d };
    },
  },
  "OKP jwk": {
    id: "jwk-private-key",
    key: () => {
      const k = jwk("ed25519");
      return { text: JSON.stringify(k), start: k.d };
    },
  },
  "pkcs12 wrapped in a heredoc": {
    id: "pkcs12-private-key",
    key: () => {
      const text = sample("pkcs12-private-key", 2);
      return { text, start: text.split("\n")[1].slice(0, 16) };
    },
  },
  "putty v3": { id: "private-key-putty", key: () => ({ text: sample("private-key-putty", 0), start: "PuTTY-User-Key-File-3" }) },
  "putty v2": { id: "private-key-putty", key: () => ({ text: sample("private-key-putty", 1), start: "PuTTY-User-Key-File-2" }) },
};

// The contexts each kind of key was missed in before (npm run eval): strings with `\n` escapes, a notebook's
// line per string, and for PuTTY every indented placement.
const MISSED: Record<string, string[]> = Object.fromEntries(
  Object.keys(CASES).map((name) => [name, ["config.json", "analysis.ipynb", ...(name.startsWith("putty") ? ["values.yaml", "src/client.ts", "cmd/main.go", "k8s/secret.yaml"] : [])]]),
);

/** Line and column (from 1) of the first (or last) occurrence of `needle`, and the column just past its end. */
function place(text: string, needle: string, last = false): { line: number; column: number; endColumn: number } {
  const at = last ? text.lastIndexOf(needle) : text.indexOf(needle);
  expect(at, `${needle.slice(0, 8)}… not in the file`).toBeGreaterThanOrEqual(0);
  const lineStart = text.lastIndexOf("\n", at) + 1;
  return { line: text.slice(0, at).split("\n").length, column: at - lineStart + 1, endColumn: at - lineStart + needle.length + 1 };
}

describe("private keys in every kind of file", () => {
  for (const [name, { id, key }] of Object.entries(CASES)) {
    for (const file of MISSED[name]) {
      it(`${name} in ${file}: ${id} at the key's first line and column`, () => {
        const { text: keyText, start, end } = key();
        const text = CONTEXTS.find((c) => c.file === file)!.wrap(keyText);
        const findings = scanText(text, { path: file }).filter((f) => f.detector.id === id);
        expect(findings).toHaveLength(1);
        const { line, column } = place(text, start);
        expect({ line: findings[0].line, column: findings[0].column }).toEqual({ line, column });
        // Written on one line, the span runs to the end of the END line.
        if (end && file === "config.json") expect(findings[0].endColumn).toBe(place(text, end, true).endColumn);
      });
    }
  }

  it("finds a key written as concatenated strings in code", () => {
    const lines = pem("rsa", "pkcs1").split("\n");
    const text = `const key =\n${lines.map((l) => `  "${l}\\n"`).join(" +\n")};\n`;
    const findings = scanText(text, { path: "src/key.ts" });
    expect(findings.map((f) => [f.detector.id, f.line, f.column])).toEqual([["private-key-rsa", 2, 4]]);
  });

  it("finds a key with CRLF line endings, in a file and in a string", () => {
    const key = pem("ec", "sec1").split("\n");
    expect(scanText(`${key.join("\r\n")}\r\n`, { path: "tls.key" }).map((f) => [f.detector.id, f.line])).toEqual([["private-key-ec", 1]]);
    expect(scanText(`KEY_PEM="${key.join("\\r\\n")}"\r\n`, { path: ".env" }).map((f) => [f.detector.id, f.column])).toEqual([["private-key-in-json", 10]]);
  });

  it("reports a key in a JSON string under a field named for something else as its own type", () => {
    const text = JSON.stringify({ note: pem("ec", "sec1") });
    expect(scanText(text, { path: "config.json" }).map((f) => [f.detector.id, f.column])).toEqual([["private-key-ec", 10]]);
  });
});

describe("truncated example keys stay quiet", () => {
  const body = (key: string) => key.split("\n").slice(1, -1);
  const quiet = (text: string, path = "docs/example.rst") => expect(scanText(text, { path }).map((f) => f.detector.id)).toEqual([]);

  it("awscli's PrivateKey example: the body's middle cut out with ...", () => {
    const lines = body(pem("rsa", "pkcs1"));
    const cut = `${lines[0].slice(0, 60)}...${lines[lines.length - 1].slice(-7)}`;
    quiet(`    "keyPair": {\n        "PrivateKey": "-----BEGIN RSA PRIVATE KEY-----\\n${cut}\\n-----END RSA PRIVATE KEY-----\\n"\n    }\n`);
  });

  it("a PEM block showing its first lines, then ... on a line of its own", () => {
    for (const shown of [1, 2]) {
      const lines = body(pem("rsa", "pkcs1"));
      quiet(["-----BEGIN RSA PRIVATE KEY-----", ...lines.slice(0, shown), "...", "-----END RSA PRIVATE KEY-----", ""].join("\n"));
      quiet(JSON.stringify({ private_key: ["-----BEGIN PRIVATE KEY-----", ...lines.slice(0, shown), "...", "-----END PRIVATE KEY-----"].join("\n") }), "config.json");
    }
  });

  it("a body too short for any key", () => {
    const short = body(pem("rsa", "pkcs1"))[0].slice(0, 44);
    quiet(`-----BEGIN PRIVATE KEY-----\n${short}\n-----END PRIVATE KEY-----\n`);
    quiet(`-----BEGIN EC PRIVATE KEY-----\n${short}\n-----END EC PRIVATE KEY-----\n`);
  });

  it("still finds encrypted keys, whose headers are not base64", () => {
    const key = pem("rsa", "pkcs1", "aes-256-cbc");
    expect(key).toContain("Proc-Type: 4,ENCRYPTED");
    expect(scanText(`${key}\n`, { path: "server.key" }).map((f) => f.detector.id)).toEqual(["private-key-rsa"]);
    expect(scanText(JSON.stringify({ key }), { path: "config.json" }).map((f) => f.detector.id)).toEqual(["private-key-in-json"]);
  });
});

describe("a key body is random, not a placeholder", () => {
  // Splices `word` into the middle of the body's second line, keeping the body valid base64.
  const withWord = (key: string, word: string) => {
    const lines = key.split("\n");
    lines[2] = lines[2].slice(0, 20) + word + lines[2].slice(20 + word.length);
    return lines.join("\n");
  };

  it("a real key is found whatever four characters its body happens to hold (env/, xxxx, XXXX)", () => {
    for (const word of ["env/", "xxxx", "XXXX", "Env/"]) {
      const key = withWord(pem("rsa", "pkcs1"), word);
      expect([word, scanText(`${key}\n`, { path: "deploy/id_rsa" }).map((f) => `${f.detector.id} ${f.line}:${f.column}`)]).toEqual([word, ["private-key-rsa 1:1"]]);
    }
  });

  it("a body spelt by hand stays quiet", () => {
    const lines = (line: string) => Array.from({ length: 6 }, () => line).join("\n");
    for (const body of [lines("x".repeat(64)), lines("EXAMPLEKEY".repeat(6) + "EXAM"), lines("your-private-key-goes-here-".repeat(2) + "and-not-here")]) {
      expect(scanText(`-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`, { path: "docs/setup.md" })).toEqual([]);
    }
  });
});

describe("a marker word inside a long random value", () => {
  it("EXAMPLE inside an AWS session token's random body marks AWS's documented example, so it stays quiet", () => {
    const body = fake("{base64:380}");
    const real = `"SessionToken": "IQoJb3JpZ2luX2Vj${body}"`;
    const example = `"SessionToken": "IQoJb3JpZ2luX2Vj${body.slice(0, 40)}EXAMPLE${body.slice(47)}"`;
    expect(scanText(real, { path: "docs/sts.json" }).map((f) => f.detector.id)).toEqual(["aws-session-token"]);
    expect(scanText(example, { path: "docs/sts.json" })).toEqual([]);
  });
});
