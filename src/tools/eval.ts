// `npm run eval`: the project's own quality benchmark.
// Recall: every detector's positive samples, placed in realistic files of many kinds, must be found.
// Noise: real text nobody wrote for leakstop (node_modules, Python's standard library, /usr/share), scanned as if
// newly added, should yield (almost) nothing.
import { fileURLToPath } from "node:url";
import { expandSample, seededRandom } from "./samples.js";
import { toCore } from "../detectors/schema.js";
import { compileCatalogue, type Catalogue } from "../engine/catalogue.js";
import { DECODERS } from "../engine/decode/index.js";
import { scanChange } from "../engine/scan.js";
import type { Change, Finding } from "../model/index.js";
import { readDetectorFiles } from "../detectors/files.js";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { compressedTextUnder, nodeModulesText, pythonStdlibDir, textFilesUnder, type CorpusFile } from "./corpus.js";
import { reviewOf } from "./evalReview.js";
import { oneFindingPerCredential } from "../policy/companions.js";
import { CONTEXTS } from "./evalContexts.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const seed = Number(process.env.LEAKSTOP_EVAL_SEED ?? 20261125);
const random = seededRandom(seed);

function changeOf(path: string, text: string): Change {
  return { path, lines: text.split("\n").map((t, i) => ({ number: i + 1, text: t, added: true })) };
}

/** Whether detector `id` finds one drawing of `template`, placed in a file of kind `ctx`. */
function sampleFound(catalogue: Catalogue, id: string, template: string, ctx: (typeof CONTEXTS)[number], draw: () => number): boolean {
  const text = ctx.wrap(expandSample(template, draw));
  return scanChange(catalogue, changeOf(ctx.file, text)).some((f) => f.detector.id === id);
}

function recall(catalogue: Catalogue, detectors: ReturnType<typeof readDetectorFiles>) {
  const perDetector = new Map<string, { found: number; total: number; misses: string[] }>();
  for (const d of detectors) {
    const stat = { found: 0, total: 0, misses: [] as string[] };
    for (const template of d.samples.positive) {
      for (const ctx of CONTEXTS) {
        stat.total++;
        if (sampleFound(catalogue, d.id, template, ctx, random)) stat.found++;
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

// A threshold too tight for an alphabet (an entropy floor on 32 hex characters) misses a share of real keys
// that 36 placements rarely show: each positive sample is drawn many more times, on its own random sequence.
const DRAWS = 300;

function recallAtScale(catalogue: Catalogue, detectors: ReturnType<typeof readDetectorFiles>) {
  const draw = seededRandom(seed + 1);
  let found = 0;
  let total = 0;
  const weak: { id: string; template: string; missed: number }[] = [];
  for (const d of detectors) {
    for (const template of d.samples.positive) {
      let missed = 0;
      for (let i = 0; i < DRAWS; i++) {
        if (!sampleFound(catalogue, d.id, template, CONTEXTS[i % CONTEXTS.length], draw)) missed++;
      }
      found += DRAWS - missed;
      total += DRAWS;
      if (missed) weak.push({ id: d.id, template, missed });
    }
  }
  return { found, total, weak: weak.sort((a, b) => b.missed - a.missed) };
}

interface Corpus {
  name: string;
  files: Iterable<CorpusFile>;
}

/** Real text nobody wrote for leakstop: node_modules, Python's standard library, /usr/share, /usr/lib's code, /usr/include, Rust's docs. */
function corpora(): { ready: Corpus[]; missing: string[] } {
  const ready: Corpus[] = [{ name: "node_modules of this checkout", files: nodeModulesText(root) }];
  const missing: string[] = [];
  const stdlib = pythonStdlibDir();
  if (stdlib) {
    ready.push({ name: `Python standard library (${stdlib})`, files: textFilesUnder(stdlib, { skip: new Set(["site-packages"]) }) });
    const sitePackages = join(stdlib, "site-packages");
    if (existsSync(sitePackages)) ready.push({ name: `Python packages installed there (${sitePackages})`, files: textFilesUnder(sitePackages) });
  } else missing.push("Python standard library (no python3)");
  if (existsSync("/usr/share")) {
    ready.push({ name: "/usr/share text files", files: textFilesUnder("/usr/share") });
    ready.push({ name: "/usr/share gzip-compressed text: man pages, changelogs (first 100 MB, read as archives)", files: compressedTextUnder("/usr/share", 100e6) });
  } else missing.push("/usr/share");
  for (const [name, dir] of [
    ["Google Cloud SDK", "/usr/lib/google-cloud-sdk"],
    ["Debian's Python packages", "/usr/lib/python3"],
    ["npm packages installed globally", "/usr/lib/node_modules"],
    ["C and C++ headers", "/usr/include"],
    ["Rust's HTML documentation", join(homedir(), ".rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc")],
  ]) {
    if (existsSync(dir)) ready.push({ name: `${name} (${dir})`, files: textFilesUnder(dir) });
  }
  return { ready, missing };
}

/** One scan of the corpus, as `leakstop scan --files DIR` reports it: one finding per credential, with its places. */
function noise(catalogue: Catalogue, corpus: Corpus) {
  const found: Finding[] = [];
  let bytes = 0;
  let files = 0;
  for (const { path, text } of corpus.files) {
    files++;
    bytes += Buffer.byteLength(text);
    found.push(...scanChange(catalogue, changeOf(path, text)));
  }
  const findings = oneFindingPerCredential(found).map((finding) => ({ path: finding.path, finding }));
  return { findings, places: found.length, bytes, files };
}

type DetectorFile = ReturnType<typeof readDetectorFiles>[number];

/** How a detector decides: what its family of formats shares. */
function familyOf(d: DetectorFile): string {
  if (d.fallback) return "generic (name = value, curl, connection strings)";
  if (/private-key|-private-key|secret-key$/.test(d.id) && d.patterns.some((p) => p.includes("BEGIN"))) return "private keys and key files";
  if (d.patterns.some((p) => p.includes("://"))) return "URLs with credentials";
  if (d.validator) return "structure checked (checksum, JWT, macaroon, keystore)";
  if (d.context) return "value shape plus context words (hex, UUID, plain alphanumerics)";
  return "self-identifying prefix or shape";
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

  const families = new Map<string, { found: number; total: number; detectors: number }>();
  for (const d of detectors) {
    const family = familyOf(d);
    const stat = perDetector.get(d.id)!;
    const f = families.get(family) ?? { found: 0, total: 0, detectors: 0 };
    families.set(family, { found: f.found + stat.found, total: f.total + stat.total, detectors: f.detectors + 1 });
  }
  console.log("By family:");
  for (const [family, f] of [...families].sort((a, b) => b[1].detectors - a[1].detectors)) {
    console.log(`  ${family}: ${f.detectors} detectors, ${f.found}/${f.total} = ${((100 * f.found) / f.total).toFixed(2)}%`);
  }

  console.log(`\nRecall through decoding (each detector's first positive sample, encoded):`);
  for (const r of decodedRecall(catalogue, detectors)) {
    console.log(`  ${r.encoding}: ${r.found}/${r.total} = ${((100 * r.found) / r.total).toFixed(2)}% (${r.decoded} through decoding)${r.misses.length ? `  missed e.g. ${r.misses.slice(0, 5).join(", ")}` : ""}`);
  }

  const scale = recallAtScale(catalogue, detectors);
  console.log(`\nRecall at scale (each positive sample drawn ${DRAWS} times, across the file kinds): ${scale.found}/${scale.total} = ${((100 * scale.found) / scale.total).toFixed(3)}%`);
  for (const w of scale.weak.slice(0, 15)) console.log(`  ${w.id}: missed ${w.missed}/${DRAWS} of ${w.template.replace(/\n/g, "\\n").slice(0, 100)}`);

  const { ready, missing } = corpora();
  const all: { corpus: string; path: string; finding: Finding; review: ReturnType<typeof reviewOf> }[] = [];
  let totalMb = 0;
  let totalPlaces = 0;
  console.log("\nNoise on real text nobody wrote for leakstop (target: fewer than 1 finding per 20 MB):");
  for (const corpus of ready) {
    const { findings, places, bytes, files } = noise(catalogue, corpus);
    totalPlaces += places;
    const mb = bytes / 1e6;
    totalMb += mb;
    const name = corpus.name.split(" (")[0];
    all.push(...findings.map((f) => ({ ...f, corpus: name, review: reviewOf(name, f.path, f.finding.detector.id) })));
    console.log(`  ${corpus.name}: ${findings.length} findings (${places} places) in ${files} files, ${mb.toFixed(1)} MB = ${((findings.length / mb) * 20).toFixed(2)} per 20 MB`);
  }
  for (const name of missing) console.log(`  ${name}: not on this machine, not measured`);
  console.log(`  all: ${all.length} findings (${totalPlaces} places) in ${totalMb.toFixed(1)} MB = ${((all.length / totalMb) * 20).toFixed(2)} per 20 MB`);
  const verdictOf = (f: (typeof all)[number]) => f.review?.verdict ?? "not reviewed yet";
  const byVerdict = new Map<string, number>();
  for (const f of all) byVerdict.set(verdictOf(f), (byVerdict.get(verdictOf(f)) ?? 0) + 1);
  console.log("As reviewed (src/tools/evalReview.ts):");
  for (const [verdict, n] of [...byVerdict].sort((a, b) => b[1] - a[1])) console.log(`  ${verdict}: ${n} (${((n / totalMb) * 20).toFixed(2)} per 20 MB)`);
  const byDetector = new Map<string, number>();
  for (const { finding } of all) byDetector.set(finding.detector.id, (byDetector.get(finding.detector.id) ?? 0) + 1);
  const familyOfId = new Map(detectors.map((d) => [d.id, familyOf(d)]));
  const noiseByFamily = new Map<string, number>();
  for (const { finding } of all) {
    const family = familyOfId.get(finding.detector.id) ?? "other";
    noiseByFamily.set(family, (noiseByFamily.get(family) ?? 0) + 1);
  }
  console.log("By family:");
  for (const [family, n] of [...noiseByFamily].sort((a, b) => b[1] - a[1])) console.log(`  ${family}: ${n} (${((n / totalMb) * 20).toFixed(2)} per 20 MB)`);
  // Every decoder is listed, found through or not: a decoder that adds noise must show, and one that adds none too.
  const noiseByDecoding = new Map<string, number>([["as written", 0], ...Object.keys(DECODERS).map((e): [string, number] => [`${e}-decoded`, 0])]);
  for (const { finding } of all) {
    const how = finding.decodedFrom ? `${finding.decodedFrom}-decoded` : "as written";
    noiseByDecoding.set(how, (noiseByDecoding.get(how) ?? 0) + 1);
  }
  console.log("By decoding:");
  for (const [how, n] of noiseByDecoding) console.log(`  ${how}: ${n} (${((n / totalMb) * 20).toFixed(2)} per 20 MB)`);
  console.log("Noisiest detectors:");
  for (const [id, n] of [...byDetector].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${id}: ${n}`);
  console.log("Every finding, for review (redacted):");
  for (const f of all) {
    const { corpus, path, finding, review } = f;
    console.log(`  ${finding.detector.id}  ${corpus}: ${path}:${finding.line}:${finding.column}${finding.parts?.length ? ` and ${finding.parts.length} more` : ""}  [${verdictOf(f)}${review ? `: ${review.why}` : ""}]  ${finding.lineRedacted.slice(0, 140)}`);
  }
}

main();
