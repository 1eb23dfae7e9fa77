// Path globs (ignorePaths, dotenv.files, allow-file paths), matched without regular expressions.
import RE2 from "re2";
import { describe, expect, it } from "vitest";
import { compileGlob } from "../src/policy/glob.js";
import { seededRandom } from "../src/tools/samples.js";

// The reference: the glob written as an RE2 expression, as leakstop matched globs before.
function referenceMatcher(glob: string): (path: string) => boolean {
  let re = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      i++;
      if (glob[i + 1] === "/") {
        i++;
        re += "(?:.*/)?";
      } else re += ".*";
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else re += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
  }
  const matcher = new RE2(glob.includes("/") ? `^${re.replace(/^\//, "")}$` : `(?:^|/)${re}$`);
  return (path) => matcher.test(path);
}

describe("path globs", () => {
  it("match as .gitignore-style globs do", () => {
    const cases: [string, string, boolean][] = [
      [".env", ".env", true],
      [".env", "app/.env", true],
      [".env", "app/.env.local", false],
      [".env.*", "deploy/.env.production", true],
      ["*.tfvars", "infra/prod/main.tfvars", true],
      ["infra/*.tfvars", "infra/prod/main.tfvars", false],
      ["infra/**/*.tfvars", "infra/prod/main.tfvars", true],
      ["infra/**/*.tfvars", "infra/main.tfvars", true],
      ["/docs/**", "docs/a/b.md", true],
      ["docs/**", "src/docs/a.md", false],
      ["test/fixtures/{keys,certs}/*.pem", "test/fixtures/certs/a.pem", true],
      ["test/fixtures/{keys,certs}/*.pem", "test/fixtures/other/a.pem", false],
      ["a?c", "abc", true],
      ["a?c", "a/c", false],
      ["{a,{b,c}d}.txt", "cd.txt", true],
      ["{a,{b,c}d}.txt", "c.txt", false],
    ];
    for (const [glob, path, expected] of cases) expect([glob, path, compileGlob(glob)(path)]).toEqual([glob, path, expected]);
  });

  it("agree with the RE2 form on 20,000 random globs and paths", () => {
    const random = seededRandom(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const globParts = ["a", "b", ".", "/", "*", "**", "**/", "?", "{", ",", "}", "{a,b}", "}{"];
    const pathParts = ["a", "b", ".", "/", "ab", "a/b"];
    let agreed = 0;
    let matched = 0;
    for (let n = 0; n < 20000; n++) {
      const glob = Array.from({ length: 1 + Math.floor(random() * 7) }, () => pick(globParts)).join("");
      let ours: (path: string) => boolean;
      try {
        ours = compileGlob(glob);
      } catch (err) {
        // Only an unclosed brace is refused, and RE2 refuses its form too.
        expect([glob, (err as Error).message]).toEqual([glob, 'a "{" is never closed by "}"']);
        expect(() => referenceMatcher(glob)).toThrow();
        continue;
      }
      const reference = referenceMatcher(glob);
      for (let k = 0; k < 5; k++) {
        const path = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(pathParts)).join("");
        const expected = reference(path);
        expect([glob, path, ours(path)]).toEqual([glob, path, expected]);
        agreed++;
        if (expected) matched++;
      }
    }
    expect(agreed).toBeGreaterThan(50000);
    expect(matched).toBeGreaterThan(5000);
  });

  it("refuse braces that spell more than 1,000 globs, in one line", () => {
    expect(() => compileGlob("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}")).toThrow('its "{…}" groups spell more than 1,000 paths');
    expect(() => compileGlob("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}")).not.toThrow();
  });
});
