// `npm run eval`: the project's own quality benchmark.
// Recall: every detector's positive samples, placed in realistic files of many kinds, must be found.
// Noise: every text file of the installed node_modules, scanned as if newly added, should yield (almost) nothing.
import { fileURLToPath } from "node:url";
import { expandSample, seededRandom } from "./samples.js";
import { toCore } from "../detectors/schema.js";
import { compileCatalogue, type Catalogue } from "../engine/catalogue.js";
import { scanChange } from "../engine/scan.js";
import type { Change, Finding } from "../model/index.js";
import { readDetectorFiles } from "../detectors/files.js";
import { nodeModulesText } from "./corpus.js";
import { CONTEXTS } from "./evalContexts.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const seed = Number(process.env.LEAKSTOP_EVAL_SEED ?? 20261125);
const random = seededRandom(seed);

function changeOf(path: string, text: string): Change {
  return { path, lines: text.split("\n").map((t, i) => ({ number: i + 1, text: t, added: true })) };
}

function recall(catalogue: Catalogue, detectors: ReturnType<typeof readDetectorFiles>) {
  const perDetector = new Map<string, { found: number; total: number; misses: string[] }>();
  for (const d of detectors) {
    const stat = { found: 0, total: 0, misses: [] as string[] };
    for (const template of d.samples.positive) {
      for (const ctx of CONTEXTS) {
        const text = ctx.wrap(expandSample(template, random));
        const ids = scanChange(catalogue, changeOf(ctx.file, text)).map((f) => f.detector.id);
        stat.total++;
        if (ids.includes(d.id)) stat.found++;
        else if (stat.misses.length < 3) stat.misses.push(`${ctx.file}: ${template}`);
      }
    }
    perDetector.set(d.id, stat);
  }
  return perDetector;
}

// Each detector's first positive sample written as decoding must read it (issue 13): base64 under a Kubernetes
// Secret's data, percent-encoded in a URL's query, every character \x-escaped in a JavaScript string.
const ENCODED_CONTEXTS: { encoding: string; file: string; wrap: (sample: string) => string }[] = [
  { encoding: "base64", file: "k8s/secret.yaml", wrap: (s) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  config: ${Buffer.from(s).toString("base64")}\n` },
  { encoding: "percent", file: "deploy/values.yaml", wrap: (s) => `service:\n  callback: "https://auth.example.com/cb?state=${encodeURIComponent(s)}"\n` },
  { encoding: "escape", file: "src/config.js", wrap: (s) => `export const config = "${[...s].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("")}";\n` },
];

function decodedRecall(catalogue: Catalogue, detectors: ReturnType<typeof readDetectorFiles>) {
  return ENCODED_CONTEXTS.map(({ encoding, file, wrap }) => {
    let found = 0;
    let decoded = 0;
    const misses: string[] = [];
    for (const d of detectors) {
      const text = wrap(expandSample(d.samples.positive[0], random));
      const own = scanChange(catalogue, changeOf(file, text)).filter((f) => f.detector.id === d.id);
      // Encoding leaves some samples as they were (a bare token has nothing to percent-encode): the raw pass has those.
      if (own.length) found++;
      else misses.push(d.id);
      if (own.some((f) => f.decodedFrom === encoding)) decoded++;
    }
    return { encoding, found, decoded, total: detectors.length, misses };
  });
}

function noise(catalogue: Catalogue) {
  const findings: { path: string; finding: Finding }[] = [];
  let bytes = 0;
  let files = 0;
  for (const { path, text } of nodeModulesText(root)) {
    files++;
    bytes += Buffer.byteLength(text);
    for (const finding of scanChange(catalogue, changeOf(path, text))) findings.push({ path, finding });
  }
  return { findings, bytes, files };
}

function main(): void {
  const detectors = readDetectorFiles();
  const catalogue = compileCatalogue(detectors.map(toCore));
  console.log(`leakstop eval: ${detectors.length} detectors, sample seed ${seed}`);

  const perDetector = recall(catalogue, detectors);
  let found = 0;
  let total = 0;
  for (const s of perDetector.values()) {
    found += s.found;
    total += s.total;
  }
  console.log(`\nRecall on the labelled corpus: ${found}/${total} = ${((100 * found) / total).toFixed(2)}% (${CONTEXTS.length} file kinds per sample)`);
  const weak = [...perDetector].filter(([, s]) => s.found < s.total).sort((a, b) => a[1].found / a[1].total - b[1].found / b[1].total);
  for (const [id, s] of weak) {
    console.log(`  ${id}: ${s.found}/${s.total}${s.misses.length ? `  missed e.g. ${s.misses[0]}` : ""}`);
  }

  console.log(`\nRecall through decoding (each detector's first positive sample, encoded):`);
  for (const r of decodedRecall(catalogue, detectors)) {
    console.log(`  ${r.encoding}: ${r.found}/${r.total} = ${((100 * r.found) / r.total).toFixed(2)}% (${r.decoded} through decoding)${r.misses.length ? `  missed e.g. ${r.misses.slice(0, 5).join(", ")}` : ""}`);
  }

  const { findings, bytes, files } = noise(catalogue);
  const mb = bytes / 1e6;
  console.log(`\nNoise on real third-party code: ${findings.length} findings in ${files} files, ${mb.toFixed(1)} MB = ${((findings.length / mb) * 10).toFixed(2)} per 10 MB`);
  const byDetector = new Map<string, number>();
  for (const { finding } of findings) byDetector.set(finding.detector.id, (byDetector.get(finding.detector.id) ?? 0) + 1);
  console.log("Noisiest detectors:");
  for (const [id, n] of [...byDetector].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${id}: ${n}`);
  console.log("Every finding, for review (redacted):");
  for (const { path, finding } of findings) {
    console.log(`  ${finding.detector.id}  ${path}:${finding.line}:${finding.column}  ${finding.lineRedacted.slice(0, 140)}`);
  }
}

main();
