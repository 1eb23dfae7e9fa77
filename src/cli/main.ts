#!/usr/bin/env node
import { parseArgs } from "node:util";
import { UserError } from "../errors.js";
import { readStaged } from "../git/staged.js";
import { errorLine, HOOK_FAILED } from "../report/messages.js";
import { builtinCatalogue, collect, exitCodeOf, render, type OutputOptions } from "./pipeline.js";
import { HELP, VERSION } from "./help.js";

type HookName = keyof typeof HOOK_FAILED;

async function runStaged(paths: string[], output: OutputOptions): Promise<number> {
  const catalogue = builtinCatalogue();
  const result = await collect((onChange) => readStaged(onChange, { paths }), catalogue);
  const outcome = {
    mode: "staged" as const,
    findings: result.findings,
    suppressed: [],
    exposures: result.findings.map(() => ({ kind: "staged" as const })),
    stats: result.stats,
    filesChanged: result.filesChanged,
    notes: [],
  };
  process.stdout.write(render(outcome, output));
  return exitCodeOf(outcome);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      staged: { type: "boolean" },
      format: { type: "string", default: "text" },
      "no-color": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values.format !== "text" && values.format !== "json") {
    throw new UserError(`--format must be text or json, not "${values.format}"`);
  }
  const output: OutputOptions = { format: values.format, noColor: values["no-color"] ?? false };
  const [command, ...rest] = positionals;
  if (values.staged || command === undefined) {
    if (!values.staged) throw new UserError("nothing to do: use leakstop --staged, or see leakstop --help");
    return runStaged(positionals, output);
  }
  switch (command) {
    case "hook":
      return runHook(rest, output);
    default:
      throw new UserError(`unknown command "${command}" (see leakstop --help)`);
  }
}

async function runHook(args: string[], output: OutputOptions): Promise<number> {
  const [name] = args;
  if (name === "pre-commit") return runStaged([], output);
  throw new UserError(`unknown hook "${name ?? ""}": expected pre-commit or pre-push`);
}

function hookName(argv: string[]): HookName | undefined {
  const i = argv.indexOf("hook");
  const name = i >= 0 ? argv[i + 1] : undefined;
  return name === "pre-commit" || name === "pre-push" ? name : undefined;
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof UserError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const message = known ? (err as Error).message : `internal error: ${(err as Error)?.message ?? String(err)}`;
    process.stderr.write(errorLine(message.split("\n")[0]) + "\n");
    const hook = hookName(argv);
    if (hook) process.stderr.write(HOOK_FAILED[hook] + "\n");
    process.exitCode = 2;
  },
);
