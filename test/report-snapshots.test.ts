// The three writers on fixed outcomes, built in process: every value is already redacted (as the engine hands
// it on), so the snapshots hold no secret. A change to what users read shows up here as a snapshot diff.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { DetectorDoc } from "../src/detectors/load.js";
import type { DetectorCore } from "../src/detectors/types.js";
import type { CommitInfo, Exposure, Finding, Outcome } from "../src/model/index.js";
import { renderExplain, renderGuidance } from "../src/report/guidance.js";
import { jsonWriter } from "../src/report/json.js";
import { sarifWriter } from "../src/report/sarif.js";
import type { Style } from "../src/report/style.js";
import { textWriter } from "../src/report/text.js";
import type { RenderContext } from "../src/report/writer.js";
import { cleanupTempDirs, runCli, tempDir } from "./helpers.js";

afterAll(cleanupTempDirs);

const plain: Style = { bold: (s) => s, dim: (s) => s, severity: (_sev, s) => s };

const tokenDetector: DetectorCore = { id: "demo-token", name: "Demo service token", service: "Demo", severity: "critical", keywords: ["demo"], patterns: ["x"] };
const passwordDetector: DetectorCore = { id: "demo-password", name: "Demo database password", service: "DemoDB", severity: "medium", keywords: ["pw"], patterns: ["x"] };

const tokenDoc: DetectorDoc = {
  id: tokenDetector.id,
  name: tokenDetector.name,
  service: tokenDetector.service,
  severity: tokenDetector.severity,
  guidance: {
    what: "A token for the demo service.",
    severityReason: "it reads and writes everything the account can",
    attacker: "Act as the account owner.",
    check: "curl -H 'Authorization: Bearer $DEMO_TOKEN' https://demo.invalid/me",
    revoke: ["Open the token settings.", "Delete the token and create a new one."],
    dashboard: "https://demo.invalid/settings/tokens",
    envVar: "DEMO_TOKEN",
    variableNames: ["DEMO_TOKEN"],
    files: [".env", "config.yml"],
  },
};

const ctx: RenderContext = { guidance: (id) => (id === tokenDoc.id ? tokenDoc : undefined), style: plain };

const commit: CommitInfo = { sha: "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d", parent: "0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e", subject: "add config" };

function finding(detector: DetectorCore, path: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    detector,
    path,
    line,
    column: 15,
    endColumn: 31,
    redacted: "de…wx",
    lineRedacted: 'const value = "de…wx";',
    fingerprint: `fp-${detector.id}-${line}`,
    digest: "0".repeat(64),
    saltedHash: () => "0".repeat(64),
    ...extra,
  };
}

function staged(): Outcome {
  return {
    mode: "staged",
    findings: [finding(tokenDetector, "src/app.js", 3), finding(passwordDetector, "db/settings.py", 7, { envVar: "DB_PASSWORD" })],
    suppressed: [{ finding: finding(tokenDetector, "test/fixture.js", 1), mechanism: "inline", reason: "leakstop:allow: test fixture" }],
    stats: { files: 3, lines: 42, bytes: 1234, skippedBinary: 1, skipped: [{ path: "logo.png", reason: "binary content" }] },
    filesChanged: 4,
    notes: [],
  };
}

function pushed(): Outcome {
  const local: Exposure = { kind: "local", commit, isTip: true, parent: commit.parent };
  const remote: Exposure = { kind: "remote", commit, remoteRefs: ["origin/main"] };
  return {
    mode: "push",
    findings: [finding(tokenDetector, "src/app.js", 3, { commit, exposure: local }), finding(passwordDetector, "db/settings.py", 7, { commit, exposure: remote })],
    suppressed: [],
    stats: { files: 2, lines: 10, bytes: 300, skippedBinary: 0 },
    filesChanged: 2,
    commitsScanned: 1,
    notes: ["A note from the source."],
  };
}

describe("report writers on a fixed outcome", () => {
  it("text: staged findings, grouped by credential type, with the steps and the guidance", async () => {
    await expect(textWriter.render(staged(), ctx)).toMatchFileSnapshot("__snapshots__/report-staged.txt");
    await expect(textWriter.render(staged(), { ...ctx, verbose: true })).toMatchFileSnapshot("__snapshots__/report-staged-verbose.txt");
  });

  it("text: a push, with one secret only local and one already on a remote (exposure travels on the finding)", async () => {
    const text = textWriter.render(pushed(), ctx);
    expect(text).toContain("ALREADY ON A REMOTE");
    expect(text).toContain("git push --no-verify");
    await expect(text).toMatchFileSnapshot("__snapshots__/report-push.txt");
  });

  it("text: nothing found is one line", () => {
    expect(textWriter.render({ ...staged(), findings: [], suppressed: [] }, ctx)).toBe("leakstop: no secrets in 3 files, 42 added lines; 1 file skipped: logo.png (binary content).\n");
  });

  it("json: one object, exposure from each finding", async () => {
    const out = jsonWriter.render(pushed(), ctx);
    expect(JSON.parse(out).findings.map((f: { exposure?: string }) => f.exposure)).toEqual(["local", "remote"]);
    await expect(out).toMatchFileSnapshot("__snapshots__/report-push.json");
    await expect(jsonWriter.render(staged(), ctx)).toMatchFileSnapshot("__snapshots__/report-staged.json");
  });

  it("sarif: rules, results and suppressions, with the version from package.json", async () => {
    const out = sarifWriter.render(staged(), ctx);
    const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
    expect(JSON.parse(out).runs[0].tool.driver.version).toBe(version);
    await expect(out.replace(version, "<version>")).toMatchFileSnapshot("__snapshots__/report-staged.sarif.json");
  });

  it("explain and the report's guidance come from one renderer", () => {
    const explain = renderExplain(tokenDoc, plain);
    for (const line of renderGuidance(tokenDoc, plain)) expect(explain).toContain(line);
    expect(textWriter.render(staged(), { ...ctx, verbose: true })).toContain(renderGuidance(tokenDoc, plain, 80).join("\n"));
    expect(explain.split("\n").slice(0, 2)).toEqual(["Demo service token [demo-token]", "Service: Demo"]);
  });
});

describe("the built CLI", () => {
  it("explain prints the report's guidance, for the dotenv-value detector too, and spells 'did you mean' one way", () => {
    const dir = tempDir();
    const r = runCli(dir, ["explain", "dotenv-value"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Value from a git-ignored dotenv file [dotenv-value]");
    expect(r.stdout).toContain("What it is: A value that also sits in one of your git-ignored dotenv files");
    expect(r.stdout).toContain("Is it live? Run this yourself (leakstop never sends anything):");
    const miss = runCli(dir, ["explain", "dotenv-valu"]);
    expect(miss.status).toBe(2);
    expect(miss.stderr).toBe('leakstop: error: no detector "dotenv-valu" (did you mean "dotenv-value"?); leakstop detectors lists them all\n');
  });
});
