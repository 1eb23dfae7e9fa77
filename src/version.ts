import { readFileSync } from "node:fs";

// The build defines this from package.json (package.json's build script); sources run directly (vitest) read it.
declare const __LEAKSTOP_VERSION__: string | undefined;

export const VERSION: string =
  typeof __LEAKSTOP_VERSION__ === "string" ? __LEAKSTOP_VERSION__ : (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
