// `npm run eval`: the project's own quality benchmark.
// Recall: every detector's positive samples, placed in realistic files of many kinds, must be found.
// Noise: real text nobody wrote for leakstop (node_modules, Python's standard library, /usr/share), scanned as if
// newly added, should yield (almost) nothing.
import { fileURLToPath } from "node:url";
import { expandSample, seededRandom } from "./samples.js";
import { toCore } from "../detectors/schema.js";
import { compileCatalogue, type Catalogue } from "../engine/catalogue.js";
import { scanChange } from "../engine/scan.js";
import type { Change, Finding } from "../model/index.js";
import { readDetectorFiles } from "../detectors/files.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { nodeModulesText, pythonStdlibDir, textFilesUnder, type CorpusFile } from "./corpus.js";
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

interface Corpus {
  name: string;
  files: Iterable<CorpusFile>;
}

/** Real text nobody wrote for leakstop: the installed node_modules, Python's standard library, /usr/share. */
function corpora(): { ready: Corpus[]; missing: string[] } {
  const ready: Corpus[] = [{ name: "node_modules of this checkout", files: nodeModulesText(root) }];
  const missing: string[] = [];
  const stdlib = pythonStdlibDir();
  if (stdlib) {
    ready.push({ name: `Python standard library (${stdlib})`, files: textFilesUnder(stdlib, { skip: new Set(["site-packages"]) }) });
    const sitePackages = join(stdlib, "site-packages");
    if (existsSync(sitePackages)) ready.push({ name: `Python packages installed there (${sitePackages})`, files: textFilesUnder(sitePackages) });
  } else missing.push("Python standard library (no python3)");
  if (existsSync("/usr/share")) ready.push({ name: "/usr/share text files (first 150 MB)", files: textFilesUnder("/usr/share", { limitBytes: 150e6 }) });
  else missing.push("/usr/share");
  return { ready, missing };
}

function noise(catalogue: Catalogue, corpus: Corpus) {
  const findings: { path: string; finding: Finding }[] = [];
  let bytes = 0;
  let files = 0;
  for (const { path, text } of corpus.files) {
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

  const { ready, missing } = corpora();
  const all: { path: string; finding: Finding }[] = [];
  let totalMb = 0;
  console.log("\nNoise on real text nobody wrote for leakstop (target: fewer than 1 finding per 20 MB):");
  for (const corpus of ready) {
    const { findings, bytes, files } = noise(catalogue, corpus);
    const mb = bytes / 1e6;
    totalMb += mb;
    all.push(...findings.map((f) => ({ ...f, path: `${corpus.name.split(" (")[0]}: ${f.path}` })));
    console.log(`  ${corpus.name}: ${findings.length} findings in ${files} files, ${mb.toFixed(1)} MB = ${((findings.length / mb) * 20).toFixed(2)} per 20 MB`);
  }
  for (const name of missing) console.log(`  ${name}: not on this machine, not measured`);
  console.log(`  all: ${all.length} findings in ${totalMb.toFixed(1)} MB = ${((all.length / totalMb) * 20).toFixed(2)} per 20 MB`);
  const byDetector = new Map<string, number>();
  for (const { finding } of all) byDetector.set(finding.detector.id, (byDetector.get(finding.detector.id) ?? 0) + 1);
  console.log("Noisiest detectors:");
  for (const [id, n] of [...byDetector].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${id}: ${n}`);
  console.log("Every finding, for review (redacted):");
  for (const { path, finding } of all) {
    console.log(`  ${finding.detector.id}  ${path}:${finding.line}:${finding.column}  ${finding.lineRedacted.slice(0, 140)}`);
  }
}

main();
