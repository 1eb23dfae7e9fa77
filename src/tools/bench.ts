// `npm run bench`: wall times of the real CLI on generated repositories, beside git's own diff as the floor; the
// same cases with the first set of detectors against the full catalogue; and the engine's scan rate with the
// catalogue as shipped and doubled; then the speed and memory targets (`--targets` alone, `--no-gigabyte` skips
// the 1 GB file). Prints tables; asserts nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBuiltinDetectors, plainCore } from "../detectors/load.js";
import type { DetectorCore } from "../detectors/types.js";
import { compileCatalogue } from "../engine/catalogue.js";
import { HEURISTICS, type Heuristic } from "../engine/prefilter/index.js";
import { scanChange } from "../engine/scan.js";
import type { Change } from "../model/index.js";
import { nodeModulesText } from "./corpus.js";
import { changeBytes, codeText, elapsedMs, git, leakstop, makeRepo, median, minifiedLine, peakRssMb, printTable, stage, timeRuns } from "./benchKit.js";
import { targetRows } from "./benchTargets.js";

const rows: string[][] = [];
const report = (what: string, ms: number, floorMs: number | null, extra = "") =>
  rows.push([what, `${ms.toFixed(1)} ms`, floorMs === null ? "" : `${floorMs.toFixed(1)} ms`, extra]);

type Doubling = "none" | "own-keywords" | "same-keywords" | "first-set";

// The first set of detectors (issue 2), to show what growing the catalogue to its full size costs.
const FIRST_SET = /^(picatic|postman|carto|aws-access-key-id|aws-secret|github-|gitlab-|slack-|stripe-|google-api-key|openai-api|anthropic-api|npm-access|private-key-(rsa|ec|openssh|pgp|pkcs8)$|(postgres|mysql|mongodb|redis)-url|generic-)/;

/**
 * Engine throughput with the first set of detectors, the catalogue as shipped, and the catalogue doubled: with
 * copies that bring keywords of their own (what adding providers does: each has its own prefix), or with exact
 * copies (the worst case: every keyword hit runs twice the patterns). Runs are interleaved so that machine
 * noise falls on every variant alike; each figure is a median.
 */
function engineRates(changes: Change[]): Map<Doubling, number> {
  const cores = loadBuiltinDetectors().map(plainCore);
  const copy = (c: DetectorCore, own: boolean): DetectorCore => ({
    ...c,
    id: `${c.id}-copy`,
    keywords: own ? c.keywords.map((k) => [...k].reverse().join("")) : c.keywords,
  });
  const variants: [Doubling, DetectorCore[]][] = [
    ["first-set", cores.filter((c) => FIRST_SET.test(c.id))],
    ["none", cores],
    ["own-keywords", [...cores, ...cores.map((c) => copy(c, true))]],
    ["same-keywords", [...cores, ...cores.map((c) => copy(c, false))]],
  ];
  const runs = variants.map(([name, list]) => {
    const catalogue = compileCatalogue(list);
    const scanAll = () => {
      for (const c of changes) scanChange(catalogue, c);
    };
    scanAll(); // compiles the patterns the text needs and warms the JIT, outside the timing
    return { name, scanAll, times: [] as number[] };
  });
  for (let round = 0; round < 9; round++) {
    for (const r of runs) r.times.push(elapsedMs(r.scanAll));
  }
  const mb = changes.reduce((n, c) => n + changeBytes(c), 0) / 1e6;
  return new Map(runs.map((r) => [r.name, mb / (median(r.times) / 1000)]));
}

/**
 * The full catalogue with the keyword prefilter defeated: every detector's keyword is a space, so every detector
 * reads every block. Slow, so measured on a slice with three rounds; it shows what the prefilter saves.
 */
function rateWithoutPrefilter(changes: Change[], bytes: number): number {
  const slice: Change[] = [];
  let size = 0;
  for (const c of changes) {
    if (size >= bytes) break;
    slice.push(c);
    size += changeBytes(c);
  }
  const catalogue = compileCatalogue(loadBuiltinDetectors().map((c) => ({ ...plainCore(c), keywords: [" "] })));
  const scanAll = () => {
    for (const c of slice) scanChange(catalogue, c);
  };
  return size / 1e6 / (timeRuns(3, scanAll) / 1000);
}

const addedLines = (text: string) => text.split("\n").map((t, i) => ({ number: i + 1, text: t, added: true }));

/** Keyword-dense synthetic code, in changes of 2,000 lines. */
function syntheticChanges(text: string): Change[] {
  const lines = addedLines(text);
  const changes: Change[] = [];
  for (let i = 0; i < lines.length; i += 2000) changes.push({ path: `f${i}.js`, lines: lines.slice(i, i + 2000) });
  return changes;
}

/** Real third-party code: this project's installed node_modules, one change per file, up to `limit` bytes. */
function realChanges(limit: number, wanted: (text: string) => boolean = () => true): Change[] {
  const changes: Change[] = [];
  let bytes = 0;
  for (const { path, text } of nodeModulesText(fileURLToPath(new URL("../..", import.meta.url)))) {
    if (bytes >= limit) break;
    if (!wanted(text)) continue;
    bytes += Buffer.byteLength(text);
    changes.push({ path, lines: addedLines(text) });
  }
  return changes;
}

interface Case {
  what: string;
  dir: string;
  runs: number;
  run: () => void;
}

/**
 * Each case with the first set of detectors and with the full catalogue, both through a `.leakstop.json` (the
 * first set by `disable`-ing the rest), so that both pay for reading a configuration alike. Interleaved rounds.
 */
function compareCatalogues(cases: Case[]): string[][] {
  const all = loadBuiltinDetectors();
  const firstSet = JSON.stringify({ disable: all.filter((c) => !FIRST_SET.test(c.id)).map((c) => c.id) });
  const out: string[][] = [];
  for (const c of cases) {
    const config = join(c.dir, ".leakstop.json");
    const timed = (json: string) => {
      writeFileSync(config, json);
      return elapsedMs(c.run);
    };
    timed(firstSet);
    timed("{}");
    const first: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < c.runs; i++) {
      first.push(timed(firstSet));
      full.push(timed("{}"));
    }
    unlinkSync(config);
    const f = median(first);
    const m = median(full);
    out.push([c.what, `${f.toFixed(1)} ms`, `${m.toFixed(1)} ms`, `${(((m - f) / f) * 100).toFixed(1)}%`]);
  }
  return out;
}



/**
 * `--heuristics [--rounds N]`: only the engine rows (real code, real minified code, keyword-dense code), with each speed heuristic
 * switched off in turn against all on. Rounds interleave the variants; figures are medians.
 */
function weighHeuristics(rounds: number): void {
  const cores = loadBuiltinDetectors();
  const rowsOf: [string, Change[]][] = [
    ["real code", realChanges(10_000_000)],
    ["real minified code", realChanges(6_000_000, (text) => /[^\n]{20000}/.test(text))],
    ["keyword-dense", syntheticChanges(codeText(4_000_000))],
  ];
  const names = Object.keys(HEURISTICS) as Heuristic[];
  // The baseline twice: how far its two figures differ is the noise floor of the table.
  const variants = [null, null, ...names].map((off) => {
    const withSwitch = <T>(fn: () => T): T => {
      if (off) HEURISTICS[off] = false;
      try {
        return fn();
      } finally {
        if (off) HEURISTICS[off] = true;
      }
    };
    const catalogue = withSwitch(() => compileCatalogue(cores, { eager: true }));
    return { off, catalogue, withSwitch, times: rowsOf.map(() => [] as number[]) };
  });
  const scan = (v: (typeof variants)[number], changes: Change[]) => v.withSwitch(() => elapsedMs(() => changes.forEach((c) => scanChange(v.catalogue, c))));
  for (const v of variants) rowsOf.forEach(([, changes]) => scan(v, changes)); // warm up
  for (let round = 0; round < rounds; round++) {
    // Each round starts at another variant, so no variant always runs first (or right after a costly one).
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(round + k) % variants.length];
      rowsOf.forEach(([, changes], r) => v.times[r].push(scan(v, changes)));
    }
  }
  const mb = rowsOf.map(([, changes]) => changes.reduce((n, c) => n + changeBytes(c), 0) / 1e6);
  const rate = (v: (typeof variants)[number], r: number) => mb[r] / (median(v.times[r]) / 1000);
  const all = variants[0];
  console.log(`Engine heuristics, each switched off against all on (medians of ${rounds} interleaved rounds; + means the heuristic saves time)`);
  printTable(
    ["switched off", ...rowsOf.map(([what], r) => `${what} (${mb[r].toFixed(0)} MB)`)],
    variants.map((v) => [
      v.off ?? (v === all ? "(none: all on)" : "(none, again: noise)"),
      ...rowsOf.map((_, r) => {
        const saved = (median(v.times[r]) - median(all.times[r])) / median(v.times[r]);
        return v !== all ? `${rate(v, r).toFixed(1)} MB/s (${saved >= 0 ? "+" : ""}${(saved * 100).toFixed(1)}%)` : `${rate(v, r).toFixed(1)} MB/s`;
      }),
    ]),
  );
}

function main(): void {
  const roundsAt = process.argv.indexOf("--rounds");
  if (process.argv.includes("--heuristics")) return weighHeuristics(roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 7);
  const root = mkdtempSync(join(tmpdir(), "leakstop-bench-"));
  const gigabyte = !process.argv.includes("--no-gigabyte");
  try {
    if (process.argv.includes("--targets")) return targetRows(root, { gigabyte });
    console.log(`leakstop benchmark (node ${process.version}, ${loadBuiltinDetectors().length} detectors); building repositories in ${root}`);
    const cases: Case[] = [];
    const floor = timeRuns(10, () => execFileSync(process.execPath, ["-e", "0"]));
    report("node -e 0 (process start, the floor of any Node CLI)", floor, null);

    const typical = makeRepo(root, "typical", 5000);
    const typicalFiles: Record<string, string> = {};
    for (let i = 0; i < 10; i++) typicalFiles[`src/feature/m${i}.ts`] = codeText(30 * 60);
    stage(typical, typicalFiles);
    const diffFloor = timeRuns(15, () => git(typical, ["diff", "--cached", "-U0"]));
    const typicalRun = () => leakstop(typical, ["--staged"]);
    report("typical commit: 10 files, ~300 added lines, 5,000-file repo", timeRuns(15, typicalRun), diffFloor);
    cases.push({ what: "typical commit", dir: typical, runs: 15, run: typicalRun });

    const huge = makeRepo(root, "huge", 100_000);
    stage(huge, { "src/one.js": "export const one = 1;\n" });
    const hugeRun = () => leakstop(huge, ["--staged"]);
    report("one-line change, 100,000-file repo", timeRuns(10, hugeRun), timeRuns(10, () => git(huge, ["diff", "--cached", "-U0"])));
    cases.push({ what: "one-line change, 100,000-file repo", dir: huge, runs: 10, run: hugeRun });

    const large = makeRepo(root, "large", 1000);
    const largeFiles: Record<string, string> = {};
    for (let i = 0; i < 48; i++) largeFiles[`gen/part${i}.js`] = codeText(1_000_000);
    largeFiles["dist/app.min.js"] = minifiedLine(400_000).repeat(5);
    stage(large, largeFiles);
    const mb = Object.values(largeFiles).reduce((n, s) => n + Buffer.byteLength(s), 0) / 1e6;
    const largeRun = () => leakstop(large, ["--staged"]);
    const largeMs = timeRuns(3, largeRun);
    const largeFloor = timeRuns(3, () => git(large, ["diff", "--cached", "-U0"]));
    report(`large change: ${mb.toFixed(1)} MB added (incl. 400 KB minified lines)`, largeMs, largeFloor, `${(mb / (largeMs / 1000)).toFixed(1)} MB/s end to end`);
    cases.push({ what: `large change, ${mb.toFixed(0)} MB`, dir: large, runs: 3, run: largeRun });

    const push = makeRepo(root, "push", 1000);
    const base = git(push, ["rev-parse", "main"]).trim();
    const commits: string[] = [];
    for (let i = 1; i <= 500; i++) {
      const content = codeText(600);
      commits.push(`commit refs/heads/main\ncommitter Bench <bench@localhost> ${1700000000 + i} +0000\ndata ${`c${i}`.length}\nc${i}\n${i === 1 ? `from ${base}\n` : ""}M 100644 inline src/p${i}.js\ndata ${Buffer.byteLength(content)}\n${content}`);
    }
    git(push, ["fast-import", "--quiet", "--force"], commits.join("\n") + "\n");
    const tip = git(push, ["rev-parse", "main"]).trim();
    const stdin = `refs/heads/main ${tip} refs/heads/main ${base}\n`;
    const pushRun = () => leakstop(push, ["hook", "pre-push", "origin", "x"], stdin);
    report("pre-push of 500 commits", timeRuns(9, pushRun), timeRuns(5, () => git(push, ["log", "-p", "-U0", `${base}..${tip}`])));
    cases.push({ what: "pre-push of 500 commits", dir: push, runs: 9, run: pushRun });

    const small = peakRssMb(large, ["--staged", "--", "gen/part0.js"]);
    const full = peakRssMb(large, ["--staged"]);
    if (small !== null && full !== null) rows.push(["peak memory: 1 MB change vs 50 MB change", `${small.toFixed(0)} MB`, "", `${full.toFixed(0)} MB for the whole change`]);
    printTable(["case", "leakstop (median)", "git floor", "notes"], rows);

    const firstSet = loadBuiltinDetectors().filter((c) => FIRST_SET.test(c.id)).length;
    console.log(`\nSpeed as the catalogue grows: the same cases, first set of ${firstSet} detectors vs all ${loadBuiltinDetectors().length} (medians, interleaved)`);
    printTable(["case", `first set (${firstSet})`, `full (${loadBuiltinDetectors().length})`, "difference"], compareCatalogues(cases));

    const firstCount = firstSet;
    const all = loadBuiltinDetectors().length;
    const slower = (r: number, than: number) => `${r.toFixed(1)} MB/s (${(((than - r) / than) * 100).toFixed(1)}% slower)`;
    const engineRows = (changes: Change[]) => {
      const rates = engineRates(changes);
      const rate = rates.get("none")!;
      const first = rates.get("first-set")!;
      const bare = rateWithoutPrefilter(changes, 2_000_000);
      return [
        [`first set of ${firstCount} detectors`, `${first.toFixed(1)} MB/s`],
        [`full catalogue of ${all}`, slower(rate, first)],
        ["twice the detectors, each with its own keywords", slower(rates.get("own-keywords")!, rate)],
        ["every detector duplicated (same keywords, worst case)", slower(rates.get("same-keywords")!, rate)],
        [`full catalogue without the keyword prefilter (2 MB, 3 rounds)`, `${bare.toFixed(1)} MB/s (${(rate / bare).toFixed(0)}× slower than with it)`],
      ];
    };
    const real = realChanges(20_000_000);
    const realMb = real.reduce((n, c) => n + changeBytes(c), 0) / 1e6;
    console.log(`\nEngine alone, in process (medians of 9 interleaved rounds): real third-party code (${real.length} files of node_modules, ${realMb.toFixed(0)} MB)`);
    printTable(["catalogue", "scan rate"], engineRows(real));
    console.log("\nEngine alone, on 8 MB of synthetic code dense with keywords (secret-named variables on most lines)");
    printTable(["catalogue", "scan rate"], engineRows(syntheticChanges(codeText(8_000_000))));
    targetRows(root, { gigabyte });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
