// How a CLI process ends, whether it ran the command itself or relayed a resident process's run.

/** A reader that stops early (`leakstop --staged | head`) is not an error: the exit code stays the scan's. */
export function keepExitCodeWhenReaderLeaves(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      stream.destroy();
      if (err.code !== "EPIPE") process.exitCode = 2;
    });
  }
}

/**
 * Leaves once what was written is flushed: Node's own exit also waits for V8's background threads to wind
 * down, 4-9 ms of every commit here. The exit code stays whatever a stream error made it since.
 */
export function exitWhenFlushed(): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}
