// leakstop's own repository passes leakstop, read whole: its detectors' samples, tests and docs hold nothing a
// full-file scan reports (two negative samples once did: see cellAround in src/engine/decode/index.ts).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT, runJson } from "./helpers.js";

describe("leakstop's own repository", () => {
  it("has no finding in any tracked file, read whole", () => {
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    const { status, report } = runJson(ROOT, ["scan", "--files", ...tracked]);
    expect(report.findings.map((f) => `${f.detector} ${f.file}:${f.line}`)).toEqual([]);
    expect(status).toBe(0);
    expect(report.scanned.files).toBe(tracked.length);
  });
});
