#!/usr/bin/env node
// The installed command. A commit waits on two things: git computing the staged diff and Node loading the CLI.
// Started here, git's diff runs on the other core while the CLI below compiles and builds its catalogue.
// With LEAKSTOP_RESIDENT=1 a commit goes to a process that did the loading before the commit (resident/).
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";
import { PINNED, STAGED_DIFF } from "../source/git/args.js";
import { startEarly } from "../source/git/early.js";
import { loadCompiled } from "./compileCache.js";
import { askResident } from "./resident/client.js";
import { residentSocket } from "./resident/protocol.js";
import { AFTER_COMMIT_MS, startResident } from "./resident/start.js";

// Flags that leave a staged run a staged run; anything else (paths, --reader, other commands) starts nothing.
const NEUTRAL = new Set(["-q", "--quiet", "--no-color", "--verbose", "--no-suppress"]);

function readsStagedDiff(argv: string[]): boolean {
  const rest = argv.filter((a) => !NEUTRAL.has(a));
  return (rest.length === 1 && rest[0] === "--staged") || (rest.length === 2 && rest[0] === "hook" && rest[1] === "pre-commit");
}

const argv = process.argv.slice(2);
const staged = readsStagedDiff(argv);
const resolve = nodeModule.createRequire(import.meta.url).resolve;
const appPath = resolve("./app.cjs");

/** Runs the command in this process; `resident` is a socket to start a process on for the next commit. */
function runHere(resident?: string): void {
  if (staged) startEarly([...PINNED, ...STAGED_DIFF]);
  if (resident) process.once("exit", () => startResident(resident, AFTER_COMMIT_MS));
  (loadCompiled(appPath) as { runCli(argv: string[]): void }).runCli(argv);
}

const resident = staged && process.env.LEAKSTOP_RESIDENT === "1" ? residentSocket([appPath, resolve("../catalogue.json")]) : undefined;
if (resident && existsSync(resident)) askResident(resident, argv, () => runHere(resident));
else runHere(resident);
