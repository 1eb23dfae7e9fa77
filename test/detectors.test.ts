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
