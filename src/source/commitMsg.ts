import { UserError } from "../errors.js";
import { emptyStats, type Source } from "../model/index.js";
import { COMMIT_MSG_FILE, COMMIT_MSG_FILE_GONE, COMMIT_MSG_FILE_MISSING } from "../model/messages.js";
import { readRegularFile } from "./files.js";
import { gitSync } from "./git/exec.js";
import { takePipedCommentChar } from "./git/piped.js";
import { editedMessageLines } from "./git/messageText.js";

// Far past any message a person writes; a larger file is refused (the hook blocks, and says so).
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * The character git's comment and scissors lines start with; "auto" picks one per message, among which '#' is the
 * usual. The commit-msg stub pipes it in (hooks/commit-msg), read by git while node started.
 */
function commentChar(): string {
  const configured = takePipedCommentChar() ?? gitSync(["config", "--get", "core.commentChar"], { allowFail: true }).stdout.trim();
  return configured.length === 1 ? configured : "#";
}

/** `leakstop hook commit-msg FILE`: the message git is about to record, as git will keep it. Read before any scan setup. */
export function commitMsgSource(file: string | undefined): Source {
  if (!file) throw new UserError(COMMIT_MSG_FILE_MISSING);
  // Git writes a regular file; a fifo or /dev/zero named here must neither hang the hook nor fill its memory.
  const read = readRegularFile(file, COMMIT_MSG_FILE, MAX_MESSAGE_BYTES);
  if (!("text" in read)) throw new UserError(read.kind === "missing" ? COMMIT_MSG_FILE_GONE : read.message);
  const lines = editedMessageLines(read.text, commentChar());
  return async function* () {
    yield { path: "commit message", lines, origin: "message" };
    return { stats: { ...emptyStats(), lines: lines.length }, filesChanged: 1 };
  };
}
