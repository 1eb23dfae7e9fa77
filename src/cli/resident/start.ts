import { createRequire } from "node:module";
import { dirname } from "node:path";
import { childProcess } from "../../source/git/childProcess.js";

/**
 * A commit goes on after its pre-commit hook (the commit-msg hook, the user's post-commit hooks). A process
 * warming up meanwhile took their CPU: with commit-msg installed, a whole `git commit` took as long as without
 * a resident process (444 ms both); starting it this much later, 372 against 441 ms.
 */
export const AFTER_COMMIT_MS = 1000;

/**
 * Starts a resident process for the next commit, detached: after `delayMs` it loads the CLI and compiles the
 * catalogue, between commits, then waits on `socket` for one commit (or 15 idle minutes) and leaves.
 */
export function startResident(socket: string, delayMs: number): void {
  const entry = createRequire(import.meta.url).resolve("./resident.cjs");
  try {
    const child = childProcess().spawn(process.execPath, [entry, socket, String(delayMs)], { cwd: dirname(socket), detached: true, stdio: "ignore" });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // The next commit runs in its own process, as it would without one.
  }
}
