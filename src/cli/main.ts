#!/usr/bin/env node
import { parseArgs } from "node:util";
import { UserError } from "../errors.js";
import { badFormat, badReader, errorLine, HELP, HOOK_FAILED, HOOK_FAILED_COMMIT_MSG, HOOK_FAILED_PRE_RECEIVE, initLine, internalError, NOTHING_TO_DO, parseArgsProblem, unknownCommandWord, unknownHook } from "../model/messages.js";
import { VERSION } from "../version.js";
import { exitWhenFlushed, keepExitCodeWhenReaderLeaves } from "./exit.js";
import type { ScanOptions } from "./run.js";
import { warmUp as warmUpScan } from "./resident/warmUp.js";
import { runCommitMsg, runPreCommitFiles, runPrePush, runStaged } from "./scanCommands.js";

/**
 * `--store` and `--lang` may be given bare to list their choices; node's parser wants a value, so a bare one
 * (last, or followed by another option) becomes an empty value.
 */
function allowBareChoiceOptions(argv: string[]): string[] {
  return argv.map((arg, i) => ((arg === "--store" || arg === "--lang") && (i === argv.length - 1 || argv[i + 1].startsWith("-")) ? `${arg}=` : arg));
}

type HookName = keyof typeof HOOK_FAILED;

/** The command line as Node's parser reads it (a resident process runs this once before its commit: its first run cost 4 ms). */
function parseCli(argv: string[]) {
  return parseArgs({
    args: allowBareChoiceOptions(argv),
    allowPositionals: true,
    strict: true,
    options: {
      staged: { type: "boolean" },
      format: { type: "string", default: "text" },
      "no-color": { type: "boolean", default: false },
      quiet: { type: "boolean", short: "q", default: false },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
      uninstall: { type: "boolean", default: false },
      reader: { type: "string", default: "auto" },
      "no-suppress": { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      reason: { type: "string" },
      expires: { type: "string" },
      range: { type: "string" },
      since: { type: "string" },
      all: { type: "boolean" },
      files: { type: "boolean" },
      output: { type: "string" },
      store: { type: "string" },
      lang: { type: "string" },
      yes: { type: "boolean", short: "y", default: false },
      "dry-run": { type: "boolean", default: false },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values.format !== "text" && values.format !== "json" && values.format !== "sarif") {
    throw new UserError(badFormat(values.format));
  }
  const output: ScanOptions = {
    format: values.format,
    noColor: values["no-color"] ?? false,
    noSuppress: values["no-suppress"] ?? false,
    quiet: values.quiet,
    ...(values.verbose ? { verbose: true } : {}),
    ...(values.output !== undefined ? { outputFile: values.output } : {}),
  };
  const reader = values.reader;
  if (reader !== "auto" && reader !== "git" && reader !== "isomorphic-git") {
    throw new UserError(badReader(reader));
  }
  const [command, ...rest] = positionals;
  if (values.staged || command === undefined) {
    if (!values.staged) throw new UserError(NOTHING_TO_DO);
    return runStaged(positionals, output, reader);
  }
  switch (command) {
    case "hook":
      return runHook(rest, output);
    case "scan":
      return (await import("./scanCommand.js")).runScan({ range: values.range, since: values.since, all: values.all, files: values.files, paths: rest }, output);
    case "init":
      for (const line of (await import("../install/init.js")).init(values.uninstall ?? false).messages) process.stdout.write(initLine(line) + "\n");
      return 0;
    case "allow":
      return (await import("./suppressCommands.js")).allowFindings(rest, values.reason, values.expires);
    case "baseline":
      return (await import("./suppressCommands.js")).writeBaseline(values.reason);
    case "schema": {
      const { configJsonSchema } = await import("../policy/configSchema.js");
      process.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + "\n");
      return 0;
    }
    case "detectors":
      return (await import("./catalogueCommands.js")).listDetectors(output);
    case "explain":
      return (await import("./catalogueCommands.js")).explainDetector(rest[0], output, { store: values.store, lang: values.lang });
    case "fix":
      return (await import("./fixCommand.js")).runFix({ yes: values.yes ?? false, dryRun: values["dry-run"] ?? false });
    default:
      throw new UserError(unknownCommandWord(command));
  }
}

async function runHook(args: string[], output: ScanOptions): Promise<number> {
  const [name, ...rest] = args;
  // git passes a pre-commit hook nothing; the pre-commit framework passes file names.
  if (name === "pre-commit") return rest.length ? runPreCommitFiles(rest, output) : runStaged([], output);
  if (name === "pre-push") return runPrePush(rest[0], rest[1], output);
  if (name === "commit-msg") return runCommitMsg(rest[0], output);
  if (name === "pre-receive") return (await import("./preReceiveCommand.js")).runPreReceive(output);
  throw new UserError(unknownHook(name ?? ""));
}

function hookName(argv: string[]): HookName | "commit-msg" | "pre-receive" | undefined {
  const i = argv.indexOf("hook");
  const name = i >= 0 ? argv[i + 1] : undefined;
  return name === "pre-commit" || name === "pre-push" || name === "commit-msg" || name === "pre-receive" ? name : undefined;
}

/** One line (and the bypass in a hook), exit 2: an error must never look like a finding (exit 1). */
function fail(err: unknown, argv: string[]): void {
  const parseError = (err as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS");
  const message =
    err instanceof UserError ? err.message : parseError ? parseArgsProblem((err as { code: string }).code, (err as Error).message) : internalError((err as Error)?.message ?? String(err));
  process.exitCode = 2;
  if (process.stderr.destroyed) return;
  process.stderr.write(errorLine(message.split("\n")[0]) + "\n");
  const hook = hookName(argv);
  if (hook === "pre-receive") process.stderr.write(HOOK_FAILED_PRE_RECEIVE + "\n");
  else if (hook) process.stderr.write((hook === "commit-msg" ? HOOK_FAILED_COMMIT_MSG : HOOK_FAILED[hook]) + "\n");
}

/** Runs one command, then leaves once what it wrote is flushed. */
export function runCli(argv: string[]): void {
  keepExitCodeWhenReaderLeaves();
  // Thrown outside main's promise (a stream or child-process callback): still one line and exit 2, not a stack trace and 1.
  process.on("uncaughtException", (err) => {
    fail(err, argv);
    process.exit(2);
  });
  main(argv).then(
    (code) => {
      process.exitCode = code;
      exitWhenFlushed();
    },
    (err) => {
      fail(err, argv);
      exitWhenFlushed();
    },
  );
}

/** What a resident process does before its commit arrives: the scan's warm-up, then the command line's parser. */
export function warmUp(): void {
  warmUpScan();
  parseCli(["hook", "pre-commit"]);
}
