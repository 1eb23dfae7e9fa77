// Engine mechanisms, in process: each test fails when its mechanism is switched off.
import { describe as group, expect, it } from "vitest";
import { inlineAllowFor } from "../src/policy/inline.js";
import { describe, scanText } from "./engineHelpers.js";
import { fake, fakeGithubToken } from "./helpers.js";

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
