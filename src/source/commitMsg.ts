import { readFileSync } from "node:fs";
import { UserError } from "../errors.js";
import { emptyStats, type Source } from "../model/index.js";
import { COMMIT_MSG_FILE_MISSING, commitMsgUnreadable } from "../model/messages.js";
import { gitSync } from "./git/exec.js";
import { takePipedCommentChar } from "./git/piped.js";
import { editedMessageLines } from "./git/messageText.js";

/**
 * The character git strips comment lines by; "auto" picks one per message, among which '#' is the usual. The
 * commit-msg stub pipes it in (hooks/commit-msg), read by git while node started.
 */
function commentChar(): string {
  const configured = takePipedCommentChar() ?? gitSync(["config", "--get", "core.commentChar"], { allowFail: true }).stdout.trim();
  return configured.length === 1 ? configured : "#";
}

/** `leakstop hook commit-msg FILE`: the message git is about to record, as git will keep it. Read before any scan setup. */
export function commitMsgSource(file: string | undefined): Source {
  if (!file) throw new UserError(COMMIT_MSG_FILE_MISSING);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(commitMsgUnreadable(file, (err as NodeJS.ErrnoException).code ?? (err as Error).message));
  }
  const lines = editedMessageLines(text, commentChar());
  return async function* () {
    yield { path: "commit message", lines, origin: "message" };
    return { stats: { ...emptyStats(), lines: lines.length }, filesChanged: 1 };
  };
}
