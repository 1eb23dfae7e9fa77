#!/usr/bin/env node
// The installed command. A commit waits on two things: git computing the staged diff and Node loading the CLI.
// Started here, git's diff runs on the other core while the CLI below compiles and builds its catalogue.
import * as nodeModule from "node:module";
import { PINNED, STAGED_DIFF } from "../source/git/args.js";
import { startEarly } from "../source/git/early.js";
import { loadCompiled } from "./compileCache.js";

// Flags that leave a staged run a staged run; anything else (paths, --reader, other commands) starts nothing.
const NEUTRAL = new Set(["-q", "--quiet", "--no-color", "--verbose", "--no-suppress"]);

function readsStagedDiff(argv: string[]): boolean {
  const rest = argv.filter((a) => !NEUTRAL.has(a));
  return (rest.length === 1 && rest[0] === "--staged") || (rest.length === 2 && rest[0] === "hook" && rest[1] === "pre-commit");
}

if (readsStagedDiff(process.argv.slice(2))) startEarly([...PINNED, ...STAGED_DIFF]);
loadCompiled(nodeModule.createRequire(import.meta.url).resolve("./app.cjs"));
