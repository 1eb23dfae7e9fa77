#!/usr/bin/env node
// The installed command. A commit waits on two things: git computing the staged diff and Node loading the CLI.
// Started here, git's diff runs on the other core while the CLI below compiles and builds its catalogue.
// With LEAKSTOP_RESIDENT=1 a commit or a push goes to a process that did the loading before it (resident/).
import { existsSync, fstatSync } from "node:fs";
import * as nodeModule from "node:module";
import { PINNED, STAGED_DIFF, stagedDiffId } from "../source/git/args.js";
import { startEarly, startPiped } from "../source/git/early.js";
import { keepPipedCommentChar } from "../source/git/piped.js";
import { handHookInput, readStdinBytes } from "../source/stdin.js";
import { loadCompiled } from "./compileCache.js";
import { askResident } from "./resident/client.js";
import { IDENTITY_FILES, isPrePushHook, readsStagedDiff, residentSocket } from "./resident/protocol.js";
import { AFTER_COMMIT_MS, startResident } from "./resident/start.js";

// The hook stubs run git themselves and pipe its output in, said by these flags (hooks/pre-commit, commit-msg).
const PIPED_FLAG = "--diff-on-stdin=";
const COMMENT_CHAR_FLAG = "--comment-char-on-stdin";
// Read whole before the CLI loads: git wrote a commit's diff while node started. A larger diff is left unread,
// and git run here as without the stub: its large files are read on a thread of their own (readerThread.ts).
const PIPED_MOST_BYTES = 1 << 20;
const COMMENT_CHAR_MOST_BYTES = 4096;
// A diff the resident process is handed in the request; a larger one it reads from git itself.
const RESIDENT_DIFF_BYTES = 256 * 1024;

/** What the hook piped in, whole; undefined on a terminal (no stub pipes into one) or past `most` bytes. */
function readPiped(most: number): Buffer | undefined {
  try {
    if (fstatSync(0).isCharacterDevice()) return undefined;
    return readStdinBytes(most) ?? undefined;
  } catch {
    // Not a stream this process can read: git is run here, as without the stub.
    return undefined;
  }
}

const given = process.argv.slice(2);
const pipedId = given.find((a) => a.startsWith(PIPED_FLAG))?.slice(PIPED_FLAG.length);
const argv = given.filter((a) => !a.startsWith(PIPED_FLAG) && a !== COMMENT_CHAR_FLAG);
const staged = readsStagedDiff(argv);
// A stub of another version names other arguments: its diff is left unread, and git is run here as usual.
const piped = staged && pipedId === stagedDiffId() ? readPiped(PIPED_MOST_BYTES) : undefined;
if (argv[0] === "hook" && argv[1] === "commit-msg" && given.includes(COMMENT_CHAR_FLAG)) {
  const comment = readPiped(COMMENT_CHAR_MOST_BYTES);
  if (comment) keepPipedCommentChar(comment);
}
const resolve = nodeModule.createRequire(import.meta.url).resolve;
const appPath = resolve("./app.cjs");

/** Runs the command in this process; `resident` is a socket to start a process on for the next commit. */
function runHere(resident?: string): void {
  if (staged) {
    const args = [...PINNED, ...STAGED_DIFF];
    if (piped) startPiped(args, piped);
    else startEarly(args);
  }
  if (resident) process.once("exit", () => startResident(resident, AFTER_COMMIT_MS));
  (loadCompiled(appPath) as { runCli(argv: string[]): void }).runCli(argv);
}

const pushHook = isPrePushHook(argv);
const resident = (staged || pushHook) && process.env.LEAKSTOP_RESIDENT === "1" ? residentSocket(IDENTITY_FILES.map((file) => resolve(file))) : undefined;
const residentDiff = piped && piped.length <= RESIDENT_DIFF_BYTES ? piped : undefined;
if (resident && existsSync(resident)) {
  // A push hook's ref lines go with it, read here and kept, should this process run it after all. One run by
  // hand on a terminal is run here, which says that git gives those lines (and leaves the listening process be).
  const pushInput = pushHook ? readPiped(Infinity) : undefined;
  if (pushInput) handHookInput(pushInput);
  if (pushHook && !pushInput) runHere();
  else askResident(resident, argv, () => runHere(resident), { stagedDiff: residentDiff, hookInput: pushInput });
} else runHere(resident);
