import { describe, expect, it } from "vitest";
import { readDetectorFiles } from "../src/detectors/files.js";
import { toCore } from "../src/detectors/schema.js";
import { compileCatalogue } from "../src/engine/catalogue.js";
import { scanChange } from "../src/engine/scan.js";
import type { Change } from "../src/model/index.js";
import { reachesKeywordGate } from "./engineHelpers.js";
import { fake, SEED } from "./helpers.js";

const detectors = readDetectorFiles();
const catalogue = compileCatalogue(detectors.map(toCore), { eager: true });

function changeOf(text: string): Change {
  return { path: "sample.txt", lines: text.split("\n").map((t, i) => ({ number: i + 1, text: t, added: true })) };
}

describe(`detector samples (seed ${SEED})`, () => {
  detectors.forEach((d, index) => {
    describe(d.id, () => {
      d.samples.positive.forEach((template, n) => {
        const expected = d.samples.expected?.find((e) => e.positive === n + 1);
        it(`finds positive sample ${n + 1}${expected ? " where it is expected" : ""}`, () => {
          const text = fake(template);
          const findings = scanChange(catalogue, changeOf(text)).filter((f) => f.detector.id === d.id);
          expect(findings.length, `sample: ${template}`).toBeGreaterThan(0);
          if (expected) {
            const { line, column, endColumn } = findings[0];
            expect({ positive: n + 1, line, column, endColumn }, `sample: ${template}`).toEqual(expected);
          }
        });
      });
      d.samples.negative.forEach((template, n) => {
        it(`ignores negative sample ${n + 1}, past its keyword gate`, () => {
          const text = fake(template);
          // A sample without the detector's keyword tests the prefilter, not the validator it was written for.
          expect(reachesKeywordGate(catalogue, index, text), `sample never reaches the keyword gate: ${template}`).toBe(true);
          const found = scanChange(catalogue, changeOf(text)).map((f) => f.detector.id);
          expect(found, `sample: ${template}`).not.toContain(d.id);
        });
      });
      it("never shows the whole secret", () => {
        for (const template of d.samples.positive) {
          const text = fake(template);
          for (const f of scanChange(catalogue, changeOf(text))) {
            expect(f.redacted.replace(/\*+$/, "").length).toBeLessThanOrEqual(4);
            const original = text.split("\n")[f.line - 1];
            const hidden = original.slice(f.column - 1 + 4, f.column - 1 + 12);
            expect(hidden.length).toBe(8);
            expect(f.lineRedacted).not.toContain(hidden);
            expect(f.fingerprint).not.toContain(hidden);
          }
        }
      });
    });
  });
});

// One secret is one finding: two detectors reading the same value must say which is the more specific
// (`overrides`), or a blocked commit counts the secret twice and repeats its advice.
it("no positive sample is reported twice, by two detectors at the same place", () => {
  const twice: string[] = [];
  for (const d of detectors) {
    for (const template of d.samples.positive) {
      const findings = scanChange(catalogue, changeOf(fake(template)));
      for (const [i, a] of findings.entries()) {
        for (const b of findings.slice(i + 1)) {
          if (a.line === b.line && a.column === b.column && a.endColumn === b.endColumn) twice.push(`${a.detector.id} + ${b.detector.id} on ${d.id}'s sample ${template.slice(0, 60)}`);
        }
      }
    }
  }
  expect(twice).toEqual([]);
});

/** A user's session JWT (no role, scope or issuer) with a random signature, built at run time. */
function sessionJwt(n: number, exp: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const payload = { sub: String(1000 + n), email: `u${n}@acme.io`, iat: exp - 3600, exp };
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}.${fake("{base64url:43}")}`;
}

describe("a JWT sent as a Bearer credential", () => {
  const now = Math.floor(Date.now() / 1000);
  // Before, the generic value rules read about half of them as a dotted name (`eyJ….eyJ….<sig>` whenever the
  // signature has no `-` and opens with a letter), and jwt-credential wanted a role or scope claim.
  it("is one finding, by jwt-credential, for each of 50 live session tokens, whatever their signature", () => {
    const missed: string[] = [];
    for (let n = 0; n < 50; n++) {
      const token = sessionJwt(n, now + 30 * 24 * 3600);
      for (const text of [`Authorization: Bearer ${token}`, `req.Header.Set("Authorization", "Bearer ${token}")`]) {
        const found = scanChange(catalogue, changeOf(text)).map((f) => f.detector.id);
        if (found.join() !== "jwt-credential") missed.push(`${found.join() || "nothing"} on signature ${token.split(".")[2].slice(0, 4)}…`);
      }
    }
    expect(missed).toEqual([]);
  });

  it("stays quiet on 50 session tokens expired two years ago, as on {jwt:expired} elsewhere", () => {
    const found = [];
    for (let n = 0; n < 50; n++) found.push(...scanChange(catalogue, changeOf(`Authorization: Bearer ${sessionJwt(n, now - 2 * 365 * 24 * 3600)}`)));
    expect(found.map((f) => f.detector.id)).toEqual([]);
  });
});

describe("a Firebase web config", () => {
  const config = (key: string) =>
    `const firebaseConfig = {\n  apiKey: "${key}",\n  authDomain: "acme.firebaseapp.com",\n  projectId: "acme",\n  storageBucket: "acme.appspot.com",\n  messagingSenderId: "${fake("{digits:12}")}",\n  appId: "1:${fake("{digits:12}")}:web:${fake("{hex:22}")}"\n};`;

  it("is quiet under every detector: its apiKey is public by design, and the generic rules leave Google keys to google-api-key", () => {
    expect(scanChange(catalogue, changeOf(config(fake("AIza{base64url:35}")))).map((f) => f.detector.id)).toEqual([]);
  });

  it("does not hide a Google key after it, or one on its own", () => {
    const text = `${config(fake("AIza{base64url:35}"))}\n\nconst mapsKey = "${fake("AIza{base64url:35}")}";`;
    expect(scanChange(catalogue, changeOf(text)).map((f) => [f.detector.id, f.line])).toEqual([["google-api-key", 10]]);
    expect(scanChange(catalogue, changeOf(`GOOGLE_API_KEY=${fake("AIza{base64url:35}")}`)).map((f) => f.detector.id)).toEqual(["google-api-key"]);
  });
});
