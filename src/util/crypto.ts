// node:crypto costs a few milliseconds to load; most hook runs find nothing and never hash, so load it on use.
type Crypto = typeof import("node:crypto");

let loaded: Crypto | undefined;

export function crypto(): Crypto {
  loaded ??= process.getBuiltinModule("node:crypto") as Crypto;
  return loaded;
}

export function sha256Hex(text: string): string {
  return crypto().createHash("sha256").update(text).digest("hex");
}
