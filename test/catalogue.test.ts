import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileCatalogue, patternFacts, spelledExactly } from "../src/engine/catalogue.js";
import { afterAll, describe, expect, it } from "vitest";
import { detectorSchema, toCore } from "../src/detectors/schema.js";
import { lineReach } from "../src/engine/pattern/lineReach.js";
import { readDetectorFiles } from "../src/detectors/files.js";
import { loadBuiltinDetectors, plainCore } from "../src/detectors/load.js";
import { CLI, cleanEnv, cleanupTempDirs, fakeGithubToken, git, makeRepo, ROOT, runCli, tempDir, write } from "./helpers.js";

afterAll(cleanupTempDirs);

describe("the detector catalogue", () => {
  const detectors = readDetectorFiles();

  it("has at least 250 detectors, each with complete guidance", () => {
    expect(detectors.length).toBeGreaterThanOrEqual(250);
    for (const d of detectors) {
      expect(d.guidance.revoke.length, d.id).toBeGreaterThanOrEqual(2);
      expect(d.guidance.dashboard, d.id).toMatch(/^https:\/\//);
    }
  });

  it("rejects empty or generic guidance in the schema", () => {
    const good = detectors.find((d) => d.id === "github-pat")!;
    const bad = { ...good, guidance: { ...good.guidance, attacker: "TBD", revoke: ["Rotate it."] } };
    const result = detectorSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const paths = result.success ? [] : result.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["guidance.attacker", "guidance.revoke"]));
  });

  it("`leakstop detectors` lists them all, as text and as JSON", () => {
    const dir = tempDir();
    const json = JSON.parse(runCli(dir, ["detectors", "--format", "json"]).stdout) as { id: string; name: string; severity: string }[];
    expect(json.length).toBe(detectors.length);
    expect(json.find((d) => d.id === "postman-api-key")).toEqual({ id: "postman-api-key", name: "Postman API key", service: "Postman", severity: "high" });
    const text = runCli(dir, ["detectors"]).stdout;
    expect(text).toMatch(/^github-pat\s+critical\s+GitHub personal access token \(classic\)$/m);
    expect(text.trim().split("\n").pop()).toBe(`${detectors.length} detectors`);
  });

  it("`leakstop explain` prints the full guidance, and suggests the id it did not find", () => {
    const dir = tempDir();
    const r = runCli(dir, ["explain", "picatic-api-key"]);
    expect(r.status).toBe(0);
    for (const heading of ["Picatic API key [picatic-api-key]", "Severity: high", "What it is:", "What an attacker can do:", "Is it live?", "Revoke and rotate", "  1. ", "PICATIC_API_KEY"]) {
      expect(r.stdout).toContain(heading);
    }
    const miss = runCli(dir, ["explain", "github-pt"]);
    expect(miss.status).toBe(2);
    expect(miss.stderr).toBe('leakstop: error: no detector "github-pt" (did you mean "github-pat"?); leakstop detectors lists them all\n');
  });
});

describe("terminal output", () => {
  /** Runs the CLI under a pseudo-terminal, as a developer's shell does. */
  function onTerminal(repo: string, env: Record<string, string>) {
    const r = spawnSync("script", ["-qec", `"${process.execPath}" "${CLI}" --staged`, "/dev/null"], { cwd: repo, env: cleanEnv(env), encoding: "utf8" });
    return r.stdout;
  }

  it("uses colours on a terminal, never when NO_COLOR is set", () => {
    const repo = makeRepo();
    write(repo, "k.js", `const t = "${fakeGithubToken()}";\n`);
    git(repo, "add", ".");
    expect(onTerminal(repo, {})).toContain("\x1b[1;31mCRITICAL\x1b[0m");
    const plain = onTerminal(repo, { NO_COLOR: "1" });
    expect(plain).toContain("CRITICAL  GitHub personal access token (classic)");
    expect(plain).not.toContain("\x1b[");
  });
});

describe("how far a pattern's matches reach across lines", () => {
  it("counts the line breaks a match can cross, and calls repeats across lines unbounded", () => {
    expect(lineReach("\\b(?P<secret>key-[0-9a-f]{32})\\b")).toBe(0);
    expect(lineReach("[^\\n;]*password=(\\S+)")).toBe(0);
    expect(lineReach("password\\s*[:=]\\s*(\\S+)")).toBe(2);
    expect(lineReach("(?:^|[^A-Za-z0-9_])(tok_[a-z]{8})")).toBe(1);
    expect(lineReach("(?:a\\s*b|c)")).toBe(1);
    expect(lineReach("(?:[\\t ]*\\r?\\n)*x")).toBe(1);
    expect(lineReach("x[\\s\\S]{0,2}y")).toBe(2);
    expect(lineReach("-----BEGIN KEY-----\\r?\\n(?:[A-Za-z0-9+/]{64}\\r?\\n)*")).toBe(Infinity);
    expect(lineReach('"kty"[^{}]*?"d"')).toBe(Infinity);
    expect(lineReach("(?s)BEGIN.*END")).toBe(Infinity);
    expect(lineReach("fm_[a-z]+(?:,\\s*fm_[a-z]+)*")).toBe(Infinity);
    expect(lineReach("\\btoken\\W+([a-z]{20})")).toBe(Infinity);
  });
});

describe("the shipped catalogue", () => {
  const SHIPPED = pathToFileURL(join(ROOT, "dist/catalogue.jsonl"));

  it("reads back as the detector files say: each detector's details are parsed from its own line on first use", () => {
    const shipped = loadBuiltinDetectors(SHIPPED);
    const files = readDetectorFiles().map(toCore);
    expect(shipped.map((d) => d.id)).toEqual(files.map((d) => d.id));
    // In an order no earlier read prepared: the last detector's details first, then the rest backwards.
    const read = [...shipped].reverse().map(plainCore).reverse();
    expect(read.map(({ exactKeywords: _e, patternFacts: _p, ...core }) => core)).toEqual(files);
  });

  it("carries each keyword's case rule as the patterns decide it, so start-up need not read them", () => {
    const shipped = loadBuiltinDetectors(SHIPPED);
    expect(shipped.length).toBeGreaterThan(250);
    for (const core of shipped) expect(core.exactKeywords, core.id).toEqual(core.keywords.map((kw) => spelledExactly(kw, core.patterns)));
    // Both rules occur: token prefixes spelled exactly, provider names in any case.
    const all = shipped.flatMap((c) => c.exactKeywords ?? []);
    expect(all).toContain(true);
    expect(all).toContain(false);
  });

  it("carries each pattern's facts (leading requirement, quotes, line reach), and compiles to the same detectors as without them", () => {
    const shipped = loadBuiltinDetectors(SHIPPED).map(plainCore);
    for (const core of shipped) expect(core.patternFacts, core.id).toEqual(core.patterns.map(patternFacts));
    const withFacts = compileCatalogue(shipped).detectors;
    const derived = compileCatalogue(shipped.map(({ patternFacts: _, ...core }) => core)).detectors;
    const shape = (d: (typeof withFacts)[number]) => [d.core.id, d.reach, d.readsQuotes, d.patterns.map((p) => [p.re.source, p.before, p.readsQuotes])];
    expect(withFacts.map(shape)).toEqual(derived.map(shape));
    // Every kind of fact occurs.
    const facts = shipped.flatMap((c) => c.patternFacts ?? []);
    expect(new Set(facts.map((f) => (typeof f.before === "object" ? "notAfter" : String(f.before))))).toEqual(new Set(["word", "line", "notAfter", "undefined"]));
    expect(facts.some((f) => f.lines === null)).toBe(true);
  });
});

describe("a pattern's leading requirement", () => {
  const split = (pattern: string) => patternFacts(pattern).before;

  it("is checked outside RE2 only when a literal follows it, for RE2 to skip ahead to", () => {
    expect(split("\\bghp_[A-Za-z0-9]{36}\\b")).toBe("word");
    expect(split("\\b(?P<secret>NRAK-[A-Z0-9]{27})\\b")).toBe("word");
    expect(split("(?m)^[\\t ]*token:[\\t ]*(?P<secret>\\S+)")).toBe("line");
    expect(split("(?:^|[^A-Za-z0-9])(?P<secret>(?:AKIA)[A-Z0-9]{16})")).toEqual({ notAfter: expect.any(String) });
    // What RE2 cannot skip to: a class, alternatives (in the group or at the top), an optional first character.
    expect(split("(?:^|[^A-Za-z0-9])(?P<secret>[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51})")).toBeUndefined();
    expect(split("\\b(?P<secret>(?:sk|rk)_live_[A-Za-z0-9]{24})")).toBeUndefined();
    expect(split("\\b(?P<secret>sk_live_[A-Za-z0-9]{24}|rk_[0-9]{8})")).toBeUndefined();
    expect(split("\\b(?:abc)?def[0-9]{8}")).toBeUndefined();
    expect(split("\\bx?abc[0-9]{8}")).toBeUndefined();
    expect(split("\\b(?:xy)|abc")).toBeUndefined();
    // An alternative inside a later group does not make the first character optional.
    expect(split("\\b(?P<secret>pat_(?:live|test)_[0-9]{8})")).toBe("word");
  });
});

describe("a new credential type with a new validator", () => {
  afterAll(cleanupTempDirs);

  it("is one detector file plus one validator file, nothing else: both are picked up by the build and run", () => {
    // A copy of the project with exactly two files added.
    const project = tempDir();
    for (const part of ["src", "detectors", "package.json", "tsconfig.json"]) cpSync(join(ROOT, part), join(project, part), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
    write(
      project,
      "src/engine/validators/evenDigitSum.ts",
      'import type { Validator } from "./validator.js";\n\n/** Test-only: a token whose digits add up to an even number. */\nexport const evenDigitSum: Validator = {\n  validate: (value) => [...value].reduce((sum, c) => sum + (c >= "0" && c <= "9" ? Number(c) : 0), 0) % 2 === 0,\n};\n',
    );
    const base = JSON.parse(readFileSync(join(ROOT, "detectors/ably-api-key.json"), "utf8")) as Record<string, unknown>;
    const detector = { ...base, id: "acme-even-key", name: "Acme even key", service: "Acme", keywords: ["acmeeven_"], patterns: ["\\b(?P<secret>acmeeven_[0-9]{24})\\b"], entropy: undefined, context: undefined, validator: "even-digit-sum", samples: { positive: ["KEY=acmeeven_{digits:24}"], negative: ["KEY=acmeeven_<your key>"] } };
    write(project, "detectors/acme-even-key.json", JSON.stringify(detector, null, 2));
    const built = spawnSync("npm", ["run", "--silent", "bundle"], { cwd: project, env: cleanEnv(), encoding: "utf8" });
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);

    const digits = (sumIsEven: boolean) => {
      for (;;) {
        const body = Array.from({ length: 24 }, () => Math.floor(Math.random() * 10)).join("");
        if (([...body].reduce((s, c) => s + Number(c), 0) % 2 === 0) === sumIsEven) return `acmeeven_${body}`;
      }
    };
    const repo = makeRepo();
    write(repo, "config.env", `FIRST=${digits(false)}\nSECOND=${digits(true)}\n`);
    git(repo, "add", "config.env");
    const run = spawnSync(process.execPath, [join(project, "dist/cli/main.cjs"), "--staged", "--format", "json"], { cwd: repo, env: cleanEnv(), encoding: "utf8" });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { detector: string; file: string; line: number }[] };
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual(["acme-even-key config.env:2"]);
  }, 120_000);
});
