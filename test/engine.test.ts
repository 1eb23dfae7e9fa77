// Engine mechanisms, in process: each test fails when its mechanism is switched off.
import { describe as group, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { byteScanHits, setHits } from "../src/engine/prefilter/keywords.js";
import { layoutOf } from "../src/engine/prefilter/index.js";
import { inlineAllowFor } from "../src/policy/inline.js";
import { builtinCatalogue, builtinCores, describe, detectorFiles, scanText } from "./engineHelpers.js";
import { compileCatalogue, renewPatterns } from "../src/engine/catalogue.js";
import { seededRandom } from "../src/tools/samples.js";
import { fake, fakeGithubToken, ROOT, SEED } from "./helpers.js";

const ids = (text: string, path?: string) => scanText(text, { path }).map((f) => f.detector.id);

group("engine mechanisms", () => {
  it("reads code inside a JSON string once more with its quotes unescaped", () => {
    const auth = fake("{base64:40}");
    const inner = JSON.stringify({ auths: { "https://index.docker.io/v1/": { auth } } });
    const manifest = `kind: Secret\ndata:\n  .dockerconfigjson: ${JSON.stringify(inner)}\n`;
    expect(manifest).toContain('\\"auth\\"');
    const found = scanText(manifest, { path: "k8s/pull-secret.yaml" });
    expect(found.map(describe)).toEqual([`docker-config-auth k8s/pull-secret.yaml:3:${manifest.split("\n")[2].indexOf(auth) + 1}-${manifest.split("\n")[2].indexOf(auth) + auth.length + 1}`]);
    expect(JSON.stringify(found.map((f) => [f.redacted, f.lineRedacted]))).not.toContain(auth.slice(4, 16));
  });

  it("takes a detector's context from the file's path", () => {
    const line = `SECRET_KEY=${fake("sk_{lower:27}")}`;
    expect(ids(line, "services/checkout/.env")).toContain("checkout-com-secret-key");
    expect(ids(line, "services/payments/.env")).not.toContain("checkout-com-secret-key");
  });

  it("never takes context from inside the secret itself", () => {
    // A long random body can spell a context word ("dbx"): that is not a Dropbox token's context.
    const body = fake("sl.{base64url:60}") + "dbx" + fake("{base64url:70}");
    expect(ids(`TOKEN=${body}`)).not.toContain("dropbox-access-token");
    expect(ids(`DBX_TOKEN=${body}`)).toContain("dropbox-access-token");
  });

  it("finds a token near its keyword and context word, not seven lines away", () => {
    const near = ["# asana", "step = 1", `ASANA_TOKEN=2/${fake("{digits:16}")}/${fake("{digits:16}")}:${fake("{hex:32}")}`].join("\n");
    expect(ids(near)).toContain("asana-pat");
    const far = ["# asana", ...Array(6).fill("step = 1"), `TOKEN=2/${fake("{digits:16}")}/${fake("{digits:16}")}:${fake("{hex:32}")}`].join("\n");
    expect(ids(far)).not.toContain("asana-pat");
  });
});

group("inline allow marker adjacency", () => {
  const known = new Set(["github-pat"]);
  const marker = { text: "# leakstop:allow test fixture", added: false };
  const secretLine = { number: 10, text: `TOKEN=${fakeGithubToken()}`, added: true };

  it("counts a marker on the line directly above", () => {
    expect(inlineAllowFor([{ ...marker, number: 9 }, secretLine], 1, "github-pat", known, "app.sh")).toMatchObject({ marker: "leakstop:allow" });
  });

  it("ignores a marker that is the previous line of the change but not directly above in the file", () => {
    expect(inlineAllowFor([{ ...marker, number: 4 }, secretLine], 1, "github-pat", known, "app.sh")).toBeUndefined();
  });
});

/** The engine's layout of a text, its lines cut at `\n`. */
function layoutOfText(text: string, longestKeyword: number) {
  const lines = text.split("\n").map((t) => ({ text: t }));
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.text.length + 1;
  }
  return layoutOf(lines, starts, longestKeyword);
}

group("the layout of a long line", () => {
  it("is the same from the bytes git wrote, in reads of any size, as from its text", () => {
    const random = seededRandom(SEED);
    const separators = [" ", ",", ";", '"', "(", ")"];
    for (let n = 0; n < 20; n++) {
      // Runs without a separator longer than a cut looks back, and runs with many.
      let text = "";
      while (text.length < 60_000 + n * 3_000) text += "a".repeat(Math.floor(random() * (n % 2 ? 40 : 900))) + separators[Math.floor(random() * separators.length)];
      const bytes = Buffer.from(text, "latin1");
      const reads: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(random() * 70_000);
        reads.push(bytes.subarray(at, at + size));
        at += size;
      }
      // The long line alone in its block, as lines under 8 KB around it leave it.
      const before = "b".repeat(9_000);
      const lines = [{ text: before }, { text }, { text: "after" }];
      const starts = [0, before.length + 1, before.length + text.length + 2];
      const fromText = layoutOf(lines, starts, 20);
      const expected = { buf: Buffer.from(fromText.buf), blocks: fromText.blocks, blockChars: fromText.blockChars, ascii: fromText.ascii };
      const fromBytes = layoutOf([lines[0], { text, utf8: reads }, lines[2]], starts, 20);
      expect({ buf: fromBytes.buf, blocks: fromBytes.blocks, blockChars: fromBytes.blockChars, ascii: fromBytes.ascii }).toEqual(expected);
      expect(fromBytes.blocks.length).toBeGreaterThan(5);
    }
  });
});

group("the keyword pass's two searches", () => {
  const catalogue = builtinCatalogue();
  const index = catalogue.keywords!;
  const hitsBoth = (text: string) => {
    const layout = layoutOfText(text, index.longestKeyword);
    return { set: setHits(index, layout), bytes: byteScanHits(index, layout), blocks: layout.blocks.length - 1 };
  };

  it("the byte scan and the RE2 set enable the same detectors in the same blocks, on real code and every sample", () => {
    const texts = [
      ...detectorFiles.flatMap((d) => [...d.samples.positive, ...d.samples.negative].map((s) => fake(s))),
      ...["src/engine/scan.ts", "src/model/messages.ts", "README.md", "node_modules/isomorphic-git/index.umd.min.js", "node_modules/typescript/lib/lib.dom.d.ts"].map((p) =>
        readFileSync(join(ROOT, p), "utf8"),
      ),
    ];
    let blocks = 0;
    let enabled = 0;
    for (const text of texts) {
      const { set, bytes, blocks: n } = hitsBoth(text);
      expect(bytes).toEqual(set);
      blocks += n;
      for (const list of set.values()) enabled += list.length;
    }
    // Real work was compared: long files cut into many blocks, and many detectors enabled.
    expect(blocks).toBeGreaterThan(400);
    expect(enabled).toBeGreaterThan(10000);
  });

  it("agree on keywords in any case at and across every cut between blocks", () => {
    const spelt = index.entries.map((e, i) => (i % 3 === 0 ? e.lower.text.toUpperCase() : i % 3 === 1 ? e.lower.text : e.lower.text[0].toUpperCase() + e.lower.text.slice(1)));
    for (let shift = 0; shift < 40; shift += 3) {
      // A keyword opening a block, counted for the block before too; one straddling a block's end.
      const opening = spelt.map((k) => `${"x".repeat(8192 + shift)}\n${k} tail`).join("\n");
      const straddling = spelt.map((k) => `${"x".repeat(8190 - shift)}${k}`).join("\n");
      // One long line, cut into pieces after separators.
      const cutLine = spelt.map((k) => `${"y".repeat(700 + shift)} ${k}`).join("");
      for (const text of [opening, straddling, cutLine]) {
        const { set, bytes } = hitsBoth(text);
        expect(bytes).toEqual(set);
        expect(set.size).toBeGreaterThan(400);
      }
    }
  });

  it("agree on a keyword cut in two inside a long line, and on the keywords inside it", () => {
    // A run with no separator is cut at exactly BLOCK_CHARS: each keyword holding another keyword (not at its
    // ends) is cut at every inner offset, so one part of it opens the next block.
    const words = index.entries.map((e) => e.lower.text);
    const holding = words.filter((outer) => words.some((inner) => inner !== outer && outer.indexOf(inner, 1) > 0 && outer.indexOf(inner, 1) + inner.length < outer.length));
    expect(holding.length).toBeGreaterThan(20);
    const lines = holding.flatMap((k) => Array.from({ length: k.length - 1 }, (_, j) => `${"x".repeat(8192 - 1 - j)}${k}${"x".repeat(8200)}`));
    const { set, bytes } = hitsBoth(lines.join("\n"));
    expect(bytes).toEqual(set);
  });
});

group("columns on lines with characters beyond ASCII", () => {
  it("places several findings per region at their UTF-16 columns, wherever accented letters and emoji sit", () => {
    const [t1, t2, t3] = [fakeGithubToken(), fakeGithubToken(), fakeGithubToken()];
    const lines = [`const note = "héllo wörld 😀";`, `const a = "${t1}"; /* ñ */ const b = "${t2}";`, "// ñandú 😀😀", `const c = "😀 ${t3}";`];
    const expected = [
      `github-pat sample.txt:2:${lines[1].indexOf(t1) + 1}-${lines[1].indexOf(t1) + 1 + t1.length}`,
      `github-pat sample.txt:2:${lines[1].indexOf(t2) + 1}-${lines[1].indexOf(t2) + 1 + t2.length}`,
      `github-pat sample.txt:4:${lines[3].indexOf(t3) + 1}-${lines[3].indexOf(t3) + 1 + t3.length}`,
    ];
    expect(scanText(lines.join("\n")).map(describe)).toEqual(expected);
  });
});

group("the layout", () => {
  it("reuses a scanned change's buffer for the next one and reads nothing of the old text", () => {
    const filler = (lines: number, tag: string) => Array.from({ length: lines }, (_, i) => `const ${tag}${i} = compute(${i}, "${tag}-${i % 97}");`);
    // A large change with its token late, then a smaller one that fits in the same buffer: the old token's
    // bytes are still there, past the new text's end.
    const late = fakeGithubToken();
    const first = filler(9000, "alpha");
    first[8500] = `const t = "${late}";`;
    expect(scanText(first.join("\n")).map(describe)).toEqual([`github-pat sample.txt:8501:12-${12 + late.length}`]);
    const second = filler(5000, "beta");
    expect(scanText(second.join("\n"))).toEqual([]);
    // A decoded value is scanned in a nested layout while the outer one is still being read.
    const encoded = Buffer.from(fakeGithubToken()).toString("base64");
    const plain = fakeGithubToken();
    const third = filler(7000, "gamma");
    third[100] = `data = "${encoded}"`;
    third[6900] = `const t = "${plain}";`;
    const found = scanText(third.join("\n")).map((f) => [f.detector.id, f.line, f.column, f.decodedFrom]);
    expect(found).toEqual([
      ["github-pat", 101, 9, "base64"],
      ["github-pat", 6901, 12, undefined],
    ]);
  });

  it("holds the change's text as UTF-8, with each block's start in bytes and in characters", () => {
    // Short ASCII lines, then lines of 2-, 3- and 4-byte characters late in the change (past the buffer sized
    // for ASCII), a long line cut into pieces, and a last line with no newline after it.
    const wide = ["é", "€", "😀"];
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) parts.push(`const v${i} = "${"ab".repeat(i % 40)}";`);
    for (let i = 0; i < 900; i++) parts.push(`${wide[i % 3].repeat(1 + (i % 50))} x`);
    parts.push(`${"q, ".repeat(20000)}€`, "end");
    for (const text of [parts.join("\n"), parts.slice(0, 3000).join("\n"), `${"€".repeat(30000)}\nx`, "x", "😀"]) {
      const layout = layoutOfText(text, 8);
      expect(layout.buf.equals(Buffer.from(text, "utf8"))).toBe(true);
      expect(layout.ascii).toBe(!/[^\x00-\x7f]/.test(text));
      for (let b = 0; b < layout.blocks.length; b++) {
        expect(layout.buf.toString("utf8", 0, layout.blocks[b]).length).toBe(layout.blockChars[b]);
      }
      expect(layout.blocks[layout.blocks.length - 1]).toBe(layout.buf.length);
    }
  });
});

group("patterns compiled afresh (memory.ts lets go of RE2's caches)", () => {
  it("finds the same after renewPatterns, with new compiled patterns for the detectors in use", () => {
    const catalogue = compileCatalogue(builtinCores);
    const text = `const token = "${fakeGithubToken()}";\nAWS_ACCESS_KEY_ID=${fake("AKIA{base32:16}")}\n`;
    const before = scanText(text, { path: "src/a.js", catalogue }).map(describe);
    const github = catalogue.detectors.find((d) => d.core.id === "github-pat")!;
    const compiled = github.patterns[0].re;
    renewPatterns(catalogue);
    expect(github.patterns[0].re).not.toBe(compiled);
    expect(scanText(text, { path: "src/a.js", catalogue }).map(describe)).toEqual(before);
    expect(before).toHaveLength(2);
  });
});
