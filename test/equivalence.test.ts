// The prefilter is speed only: with it off (every detector reads every whole change) the engine must find
// exactly the same things, on every sample, every sample in every kind of file, and a slice of real code.
import { describe as group, expect, it } from "vitest";
import { compileCatalogue } from "../src/engine/catalogue.js";
import { nodeModulesText } from "../src/tools/corpus.js";
import { CONTEXTS } from "../src/tools/evalContexts.js";
import { builtinCatalogue, builtinCores, describe, detectorFiles, scanText } from "./engineHelpers.js";
import { fake, ROOT, SEED } from "./helpers.js";

const withoutPrefilter = compileCatalogue(builtinCores, { prefilter: false });

/** The findings of both engines on one text, as comparable lines. */
function both(text: string, path: string): { on: string[]; off: string[] } {
  return {
    on: scanText(text, { path }).map(describe).sort(),
    off: scanText(text, { path, catalogue: withoutPrefilter }).map(describe).sort(),
  };
}

// Enough real code to meet minified files, source maps, lockfiles and docs, bounded so the test stays quick.
const CORPUS_BYTES = 5_000_000;

const positives = detectorFiles.flatMap((d) => d.samples.positive);

function plant(text: string, n: number): string {
  const lines = text.split("\n");
  lines.splice((n * 7919) % lines.length, 0, fake(positives[n % positives.length]));
  return lines.join("\n");
}

group(`prefilter on and off find the same (seed ${SEED})`, () => {
  const kinds = 1 + CONTEXTS.length;
  it("covers every positive and negative sample, alone and in each kind of file", () => {
    const samples = detectorFiles.reduce((n, d) => n + d.samples.positive.length + d.samples.negative.length, 0);
    expect(samples * kinds).toBeGreaterThan(20_000);
  });

  // In groups of detectors, each with its own time budget: the cost grows with detectors × samples.
  const GROUP = 40;
  for (let first = 0; first < detectorFiles.length; first += GROUP) {
    const group = detectorFiles.slice(first, first + GROUP);
    it(`on every sample of ${group[0].id} … ${group[group.length - 1].id}, alone and in each kind of file`, () => {
      const differences: string[] = [];
      for (const d of group) {
        for (const template of [...d.samples.positive, ...d.samples.negative]) {
          const sample = fake(template);
          for (const { file, text } of [{ file: "sample.txt", text: sample }, ...CONTEXTS.map((c) => ({ file: c.file, text: c.wrap(sample) }))]) {
            const { on, off } = both(text, file);
            if (on.join("\n") !== off.join("\n")) differences.push(`${d.id} ${template} in ${file}: on [${on}] off [${off}]`);
          }
        }
      }
      expect(differences).toEqual([]);
    }, 180_000);
  }

  it("with a keyword at every distance from a sample that lacks it: lines above and below, blank or not, and along one long line", () => {
    const differences: string[] = [];
    const code = "  const value = compute(input, options);";
    detectorFiles.forEach((d, i) => {
      // This detector alone, both ways: what is under test is where it reads, not how detectors overlap.
      const on = compileCatalogue([builtinCores[i]]);
      const off = compileCatalogue([builtinCores[i]], { prefilter: false });
      const keyword = d.keywords[0];
      const strip = new RegExp(d.keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
      for (const template of d.samples.positive) {
        const sample = fake(template).replace(strip, "Q");
        const texts: string[] = [];
        for (const lines of [1, 2, 3, 4, 6]) {
          for (const filler of [code, ""]) {
            const between = Array(lines - 1).fill(filler);
            texts.push([`# ${keyword}`, ...between, sample].join("\n"), [sample, ...between, `# ${keyword}`].join("\n"));
          }
        }
        for (const bytes of [4000, 4200, 16000, 17000]) {
          const filler = "x ".repeat(bytes / 2);
          texts.push(`${keyword} ${filler}${sample}`, `${sample} ${filler}${keyword}`, `${keyword} ${filler}${fake(template)}`);
        }
        for (const text of texts) {
          const found = [on, off].map((catalogue) => scanText(text, { catalogue }).map(describe).join(" "));
          if (found[0] !== found[1]) differences.push(`${d.id} ${template}: on [${found[0]}] off [${found[1]}]`);
        }
      }
    });
    expect(differences).toEqual([]);
  });

  it(`on the first ${CORPUS_BYTES / 1e6} MB of node_modules text files`, () => {
    const differences: string[] = [];
    let bytes = 0;
    let findings = 0;
    let n = 0;
    for (const { path, text } of nodeModulesText(ROOT)) {
      if (bytes >= CORPUS_BYTES) break;
      bytes += Buffer.byteLength(text);
      // Every file also gets one sample planted at a line of its own, so real code surrounds real matches.
      const planted = plant(text, n++);
      const { on, off } = both(planted, path);
      findings += on.length;
      if (on.join("\n") !== off.join("\n")) differences.push(`${path}: on [${on}] off [${off}]`);
    }
    expect(bytes).toBeGreaterThanOrEqual(CORPUS_BYTES);
    expect(differences).toEqual([]);
    expect(findings).toBeGreaterThan(n / 2);
  });

  it("the shipped catalogue is the prefiltered one", () => {
    expect(builtinCatalogue().prefilter).toBe(true);
    expect(withoutPrefilter.prefilter).toBe(false);
  });
});
