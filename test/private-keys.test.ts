// Private keys in every kind of file the eval places them in (issue 13), and truncated examples that must stay
// quiet. Keys are generated at run time (node:crypto), or expanded from the detector's own sample templates for
// formats node cannot write (DSA's traditional form, OpenSSH, OpenPGP, PuTTY, PKCS#12).
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lineReach } from "../src/engine/pattern/lineReach.js";
import { CONTEXTS } from "../src/tools/evalContexts.js";
import { detectorFiles, scanText } from "./engineHelpers.js";
import { cloneWithRemote, fake, git, gitResult, makeRepo, runCli, runJson, write } from "./helpers.js";

const pem = (type: "rsa" | "ec" | "ed25519", encoding: "pkcs1" | "sec1" | "pkcs8", cipher?: string, bits = 1024): string => {
  const privateKeyEncoding = { type: encoding, format: "pem", ...(cipher ? { cipher, passphrase: "correct horse" } : {}) } as const;
  const options = type === "rsa" ? { modulusLength: bits } : type === "ec" ? { namedCurve: "P-256" } : {};
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
  it("env. inside a short random secret is chance: an Entra client secret holding EnV. is found; a value that starts with env/ stays quiet", () => {
    const secret = `${fake("{base62:3}")}7Q~${fake("{base62:17}")}aEnV.${fake("{base62:11}")}`;
    expect(scanText(`{ "AzureAd": { "ClientSecret": "${secret}" } }`, { path: "appsettings.json" }).map((f) => f.detector.id)).toEqual(["azure-ad-client-secret"]);
    expect(scanText(`API_TOKEN = "env/prod/${fake("{base62:12}")}"`, { path: "settings.py" })).toEqual([]);
  });

  it("EXAMPLE inside an AWS session token's random body marks AWS's documented example, so it stays quiet", () => {
    const body = fake("{base64:380}");
    const real = `"SessionToken": "IQoJb3JpZ2luX2Vj${body}"`;
    const example = `"SessionToken": "IQoJb3JpZ2luX2Vj${body.slice(0, 40)}EXAMPLE${body.slice(47)}"`;
    expect(scanText(real, { path: "docs/sts.json" }).map((f) => f.detector.id)).toEqual(["aws-session-token"]);
    expect(scanText(example, { path: "docs/sts.json" })).toEqual([]);
  });
});

// Keys as people paste them outside a key file (issue 13): behind comment markers, inside Python's triple
// quotes or a YAML block, with their line breaks turned into spaces or dropped, and each with CRLF line endings.
describe("keys pasted in other forms", () => {
  const KEYS: { id: string; key: () => string }[] = [
    { id: "private-key-rsa", key: () => pem("rsa", "pkcs1") },
    { id: "private-key-rsa", key: () => pem("rsa", "pkcs1", "aes-128-cbc") },
    { id: "private-key-ec", key: () => pem("ec", "sec1") },
    { id: "private-key-pkcs8", key: () => pem("ed25519", "pkcs8") },
    { id: "private-key-pkcs8", key: () => pem("rsa", "pkcs8") },
    { id: "private-key-pkcs8-encrypted", key: () => pem("ec", "pkcs8", "aes-256-cbc") },
    { id: "private-key-dsa", key: () => sample("private-key-dsa") },
    { id: "private-key-openssh", key: () => sample("private-key-openssh") },
    { id: "private-key-pgp", key: () => sample("private-key-pgp") },
  ];

  /** Each key in `form`, as `[detector, line, column]` found against where its BEGIN line is. */
  function check(form: (key: string) => string, path: string, eol: "\n" | "\r\n" = "\n") {
    for (const { id, key } of KEYS) {
      const text = form(key()).split("\n").join(eol);
      const at = place(text, "-----BEGIN");
      const found = scanText(text, { path }).map((f) => [f.detector.id, f.line, f.column]);
      expect([id, found]).toEqual([id, [[id, at.line, at.column]]]);
    }
  }

  const COMMENTS: { prefix: string; path: string; wrap: (block: string) => string }[] = [
    { prefix: "# ", path: "app/settings.py", wrap: (b) => `import os\n\n# The deploy key, until the vault is set up:\n${b}\nDEBUG = False\n` },
    { prefix: "// ", path: "src/sign.ts", wrap: (b) => `import { sign } from "node:crypto";\n\n// test key:\n${b}\nexport const algorithm = "RS256";\n` },
    { prefix: "-- ", path: "db/seed.sql", wrap: (b) => `-- seed data\n${b}\nINSERT INTO users (name) VALUES ('admin');\n` },
    { prefix: "; ", path: "config/app.ini", wrap: (b) => `[server]\nport = 8080\n; old key\n${b}\n` },
    { prefix: " * ", path: "src/tls.c", wrap: (b) => `#include <stdio.h>\n\n/*\n * Server key:\n${b}\n */\nint main(void) { return 0; }\n` },
    { prefix: "> ", path: "docs/thread.md", wrap: (b) => `On Monday, Ops wrote:\n> Here is the key for the build box:\n>\n${b}\n\nThanks!\n` },
    { prefix: "> > ", path: "docs/thread.md", wrap: (b) => `> > Here it is:\n${b}\n> \n> Got it.\n` },
  ];
  const commented = (prefix: string) => (key: string) => key.split("\n").map((l) => (l === "" ? prefix.trimEnd() : prefix + l)).join("\n");

  for (const { prefix, path, wrap } of COMMENTS) {
    for (const eol of ["\n", "\r\n"] as const) {
      it(`finds keys with every line behind "${prefix}" (${eol === "\n" ? "LF" : "CRLF"}), at the BEGIN line`, () => {
        check((key) => wrap(commented(prefix)(key)), path, eol);
      });
    }
  }

  const PYTHON: Record<string, (key: string) => string> = {
    "real line breaks": (k) => `import jwt\n\nKEY = """${k}"""\n\ntoken = jwt.encode({}, KEY)\n`,
    "real line breaks, opened on the line before": (k) => `import jwt\n\nKEY = '''\n${k}\n'''\n`,
    "\\n escapes on one line": (k) => `KEY = """${k.split("\n").join("\\n")}\\n"""\n`,
  };
  for (const [name, form] of Object.entries(PYTHON)) {
    for (const eol of ["\n", "\r\n"] as const) {
      it(`finds keys in a Python triple-quoted string, ${name} (${eol === "\n" ? "LF" : "CRLF"})`, () => {
        const escapedCrlf = name.includes("escapes") && eol === "\r\n";
        check(escapedCrlf ? (k) => `KEY = """${k.split("\n").join("\\r\\n")}\\r\\n"""\n` : form, "app/keys.py", eol);
      });
    }
  }

  const YAML: Record<string, (key: string) => string> = {
    "key: |": (k) => `tls:\n  key: |\n${k.split("\n").map((l) => `    ${l}`).join("\n")}\n  port: 443\n`,
    "key: |-": (k) => `signing_key: |-\n${k.split("\n").map((l) => `  ${l}`).join("\n")}\nother: 1\n`,
    "- |": (k) => `keys:\n  - |\n${k.split("\n").map((l) => `    ${l}`).join("\n")}\n`,
  };
  for (const [name, form] of Object.entries(YAML)) {
    for (const eol of ["\n", "\r\n"] as const) {
      it(`finds keys in a YAML block scalar (${name}, ${eol === "\n" ? "LF" : "CRLF"})`, () => check(form, "deploy/values.yaml", eol));
    }
  }

  // Lines joined by spaces (a key pasted into an env var or a form field), or by nothing at all.
  const joined = (sep: string) => (key: string) => {
    const lines = key.split("\n");
    const blank = lines.indexOf("");
    // Headers (Proc-Type, DEK-Info) and the blank line after them stay apart from the body by a space.
    return blank > 0 ? `${lines.slice(0, blank).join(" ")} ${lines.slice(blank + 1).join(sep)}` : lines.join(sep);
  };
  const ONE_LINE: Record<string, { path: string; form: (line: string) => string }> = {
    "a quoted .env value": { path: ".env", form: (l) => `NODE_ENV=production\nPRIVATE_KEY="${l}"\nPORT=8080\n` },
    "an unquoted .env value": { path: ".env", form: (l) => `PRIVATE_KEY=${l}\n` },
    "a JSON string": { path: "config.json", form: (l) => `{\n  "signing_key": "${l}",\n  "port": 8080\n}\n` },
    "a shell export": { path: "deploy.sh", form: (l) => `#!/bin/sh\nexport PRIVATE_KEY='${l}'\n./run\n` },
  };
  for (const [sepName, sep] of [["spaces", " "], ["nothing", ""]] as const) {
    for (const [name, { path, form }] of Object.entries(ONE_LINE)) {
      for (const eol of ["\n", "\r\n"] as const) {
        it(`finds keys whose line breaks became ${sepName}, in ${name} (${eol === "\n" ? "LF" : "CRLF"})`, () => {
          check((key) => form(joined(sep)(key)), path, eol);
        });
      }
    }
  }

  it("finds a key whose body is one long line between its BEGIN and END lines", () => {
    check((key) => {
      const lines = key.split("\n");
      // Headers, the blank line after them and OpenPGP's checksum line keep lines of their own.
      const own = (l: string) => l.includes(":") || l === "" || l.startsWith("=");
      const body = lines.slice(1, -1).filter((l) => !own(l)).join("");
      const before = lines.slice(1, -1).filter((l) => own(l) && !l.startsWith("="));
      const after = lines.slice(1, -1).filter((l) => l.startsWith("="));
      return [lines[0], ...before, body, ...after, lines[lines.length - 1], ""].join("\n");
    }, "tls.key");
  });

  it("finds a 4096-bit key behind comments, and on one line, once each (the comment form reads its first lines only)", () => {
    const key = pem("rsa", "pkcs1", undefined, 4096);
    expect(key.split("\n").length).toBeGreaterThan(50);
    const text = `# deploy key\n${commented("# ")(key)}\nDEBUG = False\nKEY = "${joined(" ")(key)}"\n`;
    expect(scanText(text, { path: "app/settings.py" }).map((f) => [f.detector.id, f.line, f.column])).toEqual([
      ["private-key-rsa", 2, 3],
      ["private-key-rsa", key.split("\n").length + 3, 8],
    ]);
  });

  it("finds two keys behind comments one after the other, each at its own BEGIN line", () => {
    const [a, b] = [pem("ec", "sec1"), pem("rsa", "pkcs8")];
    const text = `${commented("// ")(a)}\n//\n${commented("// ")(b)}\n`;
    expect(scanText(text, { path: "src/keys.ts" }).map((f) => [f.detector.id, f.line])).toEqual([
      ["private-key-ec", 1],
      ["private-key-pkcs8", a.split("\n").length + 2],
    ]);
  });

  it("finds a commented or quoted key inside a JSON string and in a notebook's lines (line breaks written as \\n)", () => {
    for (const prefix of ["# ", "> "]) {
      const key = commented(prefix)(pem("ec", "sec1"));
      const json = JSON.stringify({ notes: `old key:\n${key}` });
      expect(scanText(json, { path: "config.json" }).map((f) => [f.detector.id, f.line, f.column])).toEqual([["private-key-ec", 1, json.indexOf("-----BEGIN") + 1]]);
      const notebook = CONTEXTS.find((c) => c.file === "analysis.ipynb")!.wrap(key);
      expect(scanText(notebook, { path: "analysis.ipynb" }).map((f) => [f.detector.id, f.line, f.column])).toEqual([["private-key-ec", place(notebook, "-----BEGIN").line, place(notebook, "-----BEGIN").column]]);
    }
  });

  it("reads a bounded number of lines for the comment form", () => {
    const reaches = detectorFiles.flatMap((d) => d.patterns.filter((p) => p.includes("(?:#+|//+|--|;+|\\*|>)")).map((p) => [d.id, lineReach(p)]));
    expect(reaches).toHaveLength(7);
    // Headers (4), a blank line, the first body line, 24 more and the END line or one more body line.
    for (const [id, reach] of reaches) expect([id, reach]).toEqual([id, id === "private-key-openssh" || String(id).startsWith("private-key-pkcs8") ? 26 : 31]);
  });

  it("reports a comment-prefixed key through the CLI at its BEGIN line, on a real commit", () => {
    const repo = makeRepo();
    const key = pem("rsa", "pkcs1");
    write(repo, "src/sign.ts", `// test key:\n${commented("// ")(key)}\nexport const algorithm = "RS256";\n`);
    write(repo, ".env", `PRIVATE_KEY="${joined(" ")(pem("ed25519", "pkcs8"))}"\r\n`);
    git(repo, "add", ".");
    const { status, report, stdout } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.detector, f.file, f.line, f.column]).sort()).toEqual([
      ["private-key-pkcs8", ".env", 1, 14],
      ["private-key-rsa", "src/sign.ts", 2, 4],
    ]);
    // No part of either key body shows.
    for (const line of key.split("\n").slice(1, -1)) expect(stdout).not.toContain(line.slice(8, 24));
  });
});

describe("other forms stay quiet without a key in them", () => {
  const quiet = (text: string, path: string) => expect([text.slice(0, 40), scanText(text, { path }).map((f) => f.detector.id)]).toEqual([text.slice(0, 40), []]);
  const publicKey = () => generateKeyPairSync("rsa", { modulusLength: 1024, publicKeyEncoding: { type: "spki", format: "pem" } }).publicKey.trimEnd();
  const certificate = () => ["-----BEGIN CERTIFICATE-----", ...Array.from({ length: 12 }, () => fake("{base64:64}")), fake("{base64:40}=="), "-----END CERTIFICATE-----"].join("\n");
  const stub = (label: string, body: string[]) => [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join("\n");
  const realFirstLine = () => pem("rsa", "pkcs1").split("\n")[1];

  const BLOCKS: Record<string, () => string> = {
    "a public key": publicKey,
    "an RSA public key (PKCS#1)": () => generateKeyPairSync("rsa", { modulusLength: 1024, publicKeyEncoding: { type: "pkcs1", format: "pem" } }).publicKey.trimEnd(),
    "a key's first two lines, without its END line": () => pem("rsa", "pkcs1").split("\n").slice(0, 3).join("\n"),
    "a certificate": certificate,
    "a body cut to MIIE...": () => stub("RSA PRIVATE KEY", ["MIIE..."]),
    "a body cut after its first line": () => stub("PRIVATE KEY", [realFirstLine(), "..."]),
    "<your key here>": () => stub("PRIVATE KEY", ["<your key here>"]),
    "a body of x": () => stub("EC PRIVATE KEY", Array.from({ length: 4 }, () => "x".repeat(64))),
    "a body of X": () => stub("OPENSSH PRIVATE KEY", Array.from({ length: 4 }, () => "X".repeat(70))),
    "only the BEGIN and END lines": () => stub("RSA PRIVATE KEY", []),
  };
  const FORMS: Record<string, { path: string; form: (block: string) => string }> = {
    "# comments": { path: "app/settings.py", form: (b) => `${b.split("\n").map((l) => `# ${l}`).join("\n")}\nDEBUG = False\n` },
    "// comments": { path: "src/sign.ts", form: (b) => `${b.split("\n").map((l) => `// ${l}`).join("\n")}\n` },
    "a C block comment": { path: "src/tls.c", form: (b) => `/*\n${b.split("\n").map((l) => ` * ${l}`).join("\n")}\n */\n` },
    "a quoted e-mail": { path: "docs/thread.md", form: (b) => `${b.split("\n").map((l) => `> ${l}`).join("\n")}\n` },
    "a Python triple-quoted string": { path: "app/keys.py", form: (b) => `KEY = """${b}"""\n` },
    "a YAML block": { path: "values.yaml", form: (b) => `key: |\n${b.split("\n").map((l) => `  ${l}`).join("\n")}\n` },
    "spaces for line breaks": { path: ".env", form: (b) => `PRIVATE_KEY="${b.split("\n").join(" ")}"\n` },
    "no line breaks": { path: ".env", form: (b) => `PRIVATE_KEY="${b.split("\n").join("")}"\n` },
  };
  for (const [blockName, block] of Object.entries(BLOCKS)) {
    it(`${blockName}, in every form, LF and CRLF`, () => {
      for (const { path, form } of Object.values(FORMS)) {
        for (const eol of ["\n", "\r\n"]) quiet(form(block()).split("\n").join(eol), path);
      }
    });
  }

  it("documentation that names the BEGIN and END lines in prose", () => {
    quiet("The file starts with `-----BEGIN RSA PRIVATE KEY-----` and ends with `-----END RSA PRIVATE KEY-----`.\n", "docs/keys.md");
    quiet('# Paste the key between "-----BEGIN PRIVATE KEY-----" and "-----END PRIVATE KEY-----" lines.\n', "app/settings.py");
    quiet("PRIVATE_KEY=\"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\"\n", ".env.example");
  });
});

// A key's DER in base64 with no BEGIN and END lines: how keys go into properties files, env values and JSON fields.
describe("private keys without their PEM lines", () => {
  const der = (type: "rsa" | "ec" | "ed25519", encoding: "pkcs1" | "sec1" | "pkcs8"): string => {
    const options = type === "rsa" ? { modulusLength: 2048 } : type === "ec" ? { namedCurve: "P-256" } : {};
    const { privateKey } = (generateKeyPairSync as (t: string, o: object) => { privateKey: Buffer })(type, { ...options, privateKeyEncoding: { type: encoding, format: "der" } });
    return privateKey.toString("base64");
  };
  const wrapped = (text: string) => text.replace(/(.{64})(?=.)/g, "$1\n");

  it("blocks each kind of key in the file it is pasted into, at the value's line and column, printing none of it", () => {
    const keys = {
      properties: der("rsa", "pkcs8"),
      json: der("rsa", "pkcs1"),
      js: der("ec", "pkcs8"),
      py: der("ec", "sec1"),
      yaml: der("ed25519", "pkcs8"),
      body: der("rsa", "pkcs1"),
    };
    const repo = makeRepo();
    write(repo, "src/main/resources/application.properties", `server.port=8080\njwt.private-key=${keys.properties}\n`);
    write(repo, "config/signing.json", `{\n  "kid": "2024-01",\n  "key": "${keys.json}"\n}\n`);
    write(repo, "src/sign.js", `const privateKey = "${keys.js}";\n`);
    write(repo, "app/keys.py", `SIGNING_KEY = '${keys.py}'\n`);
    write(repo, "deploy/values.yaml", `signer:\n  ed25519: ${keys.yaml}\n`);
    // A key file's body alone, wrapped as PEM wraps it.
    write(repo, "deploy/key.txt", `${wrapped(keys.body)}\n`);
    git(repo, "add", ".");
    const { status, report, stdout } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.detector, f.file, f.line, f.column]).sort()).toEqual([
      ["private-key-der", "app/keys.py", 1, 16],
      ["private-key-der", "config/signing.json", 3, 11],
      ["private-key-der", "deploy/key.txt", 1, 1],
      ["private-key-der", "deploy/values.yaml", 2, 12],
      ["private-key-der", "src/main/resources/application.properties", 2, 17],
      ["private-key-der", "src/sign.js", 1, 21],
    ]);
    for (const key of Object.values(keys)) expect(stdout).not.toContain(key.slice(8, 24));
    const text = runCli(repo, ["--staged"]).stdout;
    expect(text).toContain("CRITICAL  Private key as base64 DER, without its PEM lines  [private-key-der]");
    for (const key of Object.values(keys)) expect(text).not.toContain(key.slice(8, 24));
  });

  it("a key inside its PEM lines is reported once, as the PEM block", () => {
    const key = pem("rsa", "pkcs1");
    expect(scanText(`${key}\n`, { path: "deploy/id_rsa" }).map((f) => f.detector.id)).toEqual(["private-key-rsa"]);
    const yaml = `tls:\n  key: |\n${pem("rsa", "pkcs8").split("\n").map((l) => `    ${l}`).join("\n")}\n`;
    expect(scanText(yaml, { path: "values.yaml" }).map((f) => f.detector.id)).toEqual(["private-key-pkcs8"]);
  });

  it("public keys, certificates and keys cut short stay quiet", () => {
    const publicDer = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "pkcs1", format: "der" } }).publicKey.toString("base64");
    const spki = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "der" } }).publicKey.toString("base64");
    const key = der("rsa", "pkcs1");
    const quiet = (text: string, path: string) => expect([path, scanText(text, { path }).map((f) => f.detector.id)]).toEqual([path, []]);
    quiet(`RSA_PUBLIC_KEY=${publicDer}\n`, ".env");
    quiet(`{"publicKey": "${spki}"}\n`, "config.json");
    quiet(`jwt.private-key=${key.slice(0, Math.floor(key.length / 8) * 4)}\n`, "application.properties");
    quiet(`jwt.private-key=${key.slice(0, 64)}...\n`, "docs/setup.md");
    // One wrapped line dropped from a key body: the DER no longer adds up.
    const lines = wrapped(key).split("\n");
    quiet(`${[...lines.slice(0, 3), ...lines.slice(4)].join("\n")}\n`, "deploy/key.txt");
  });
});

// Keystores and keys committed as binary files: read whole, as their base64, by the detectors for pasted ones.
describe("keystores and keys committed as binary files", () => {
  const binary = (template: string) => Buffer.from(fake(template), "base64");
  const derKey = () => generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding: { type: "pkcs8", format: "der" } }).privateKey as unknown as Buffer;

  function repoWithKeyStores(): string {
    const repo = makeRepo();
    write(repo, "android/app/release.jks", binary("{jks:key}"));
    write(repo, "certs/client.p12", binary("{pkcs12:key}"));
    write(repo, "deploy/server.key", derKey());
    write(repo, "android/app/truststore.jks", binary("{jks:certs}"));
    write(repo, "certs/ca.p12", binary("{pkcs12:certs}"));
    write(repo, "assets/logo.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0)]));
    return repo;
  }
  const EXPECTED = [
    ["java-keystore-private-key", "android/app/release.jks", 1, 1],
    ["pkcs12-private-key", "certs/client.p12", 1, 1],
    ["private-key-der", "deploy/server.key", 1, 1],
  ];

  it("blocks a staged binary keystore holding a key, and a DER key file; truststores and other binary files pass", () => {
    const repo = repoWithKeyStores();
    git(repo, "add", ".");
    const { status, report, stdout } = runJson(repo);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.detector, f.file, f.line, f.column]).sort()).toEqual(EXPECTED);
    // The truststores were read (5 files, 5 lines), the image was skipped as binary.
    expect(report.scanned).toMatchObject({ files: 5, lines: 5, skippedBinary: 1 });
    const text = runCli(repo, ["--staged"]).stdout;
    expect(text).toContain("git rm --cached android/app/release.jks && echo android/app/release.jks >> .gitignore");
    for (const path of ["android/app/release.jks", "certs/client.p12", "deploy/server.key"]) {
      const shownBase64 = readFileSync(join(repo, path)).toString("base64");
      expect(stdout + text).not.toContain(shownBase64.slice(8, 24));
    }
  });

  it("blocks the same files pushed, and finds them with scan --files", () => {
    const { remote, work } = cloneWithRemote(["pre-push"]);
    for (const [path, content] of [
      ["android/app/release.jks", binary("{jks:key}")],
      ["certs/client.p12", binary("{pkcs12:key}")],
      ["deploy/server.key", derKey()],
    ] as const) write(work, path, content);
    git(work, "add", ".");
    git(work, "commit", "-q", "--no-verify", "-m", "signing");
    const before = git(remote, "for-each-ref");
    const pushed = gitResult(work, ["push", "origin", "main"]);
    expect(pushed.status).not.toBe(0);
    expect(pushed.stdout + pushed.stderr).toContain("android/app/release.jks:1:1");
    expect(git(remote, "for-each-ref")).toBe(before);
    const { report } = runJson(work, ["scan", "--files", "."]);
    expect(report.findings.map((f) => [f.detector, f.file, f.line, f.column]).sort()).toEqual(EXPECTED);
  });
});
