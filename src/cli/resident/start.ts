import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname } from "node:path";

/**
 * Starts a resident process for the next commit, detached: it loads the CLI and compiles the catalogue now,
 * between commits, then waits on `socket` for one commit (or 15 idle minutes) and leaves.
 */
export function startResident(socket: string): void {
  const entry = createRequire(import.meta.url).resolve("./resident.cjs");
  try {
    const child = spawn(process.execPath, [entry, socket], { cwd: dirname(socket), detached: true, stdio: "ignore" });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // The next commit runs in its own process, as it would without one.
  }
}
