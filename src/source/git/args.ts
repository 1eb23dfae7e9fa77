// What every git call is given, in a module of its own: the launcher starts the staged diff with it before
// the rest of the CLI loads.

// Pins every setting that changes the shape of git's output, whatever the user's config says. Replace objects
// are off: a replacement is what git shows, never what a commit or a push carries. A file above
// core.bigFileThreshold would be "binary" to diff whatever its content (4095m still parses where long is 32 bits).
// log.showRoot=false would show a root commit (an orphan branch, a first push) without its diff, and another
// log output encoding would re-encode the commit lines the patch parser reads.
export const PINNED = [
  "--no-replace-objects",
  "-c", "core.bigFileThreshold=4095m",
  "-c", "core.quotePath=false",
  "-c", "color.ui=false",
  "-c", "color.diff=false",
  "-c", "diff.noprefix=false",
  "-c", "diff.mnemonicPrefix=false",
  "-c", "diff.relative=false",
  "-c", "diff.suppressBlankEmpty=false",
  "-c", "diff.external=",
  "-c", "diff.renames=true",
  "-c", "log.showSignature=false",
  "-c", "log.showRoot=true",
  "-c", "i18n.logOutputEncoding=UTF-8",
];

/** Context lines around each hunk: detectors' context rules read them; they are never reported. */
export const CONTEXT_LINES = 3;

export const DIFF_FORMAT = [
  "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/",
  "--diff-algorithm=myers", "--no-indent-heuristic", "--find-renames", "--submodule=short", "--full-index",
];

/** `git diff --cached` as the staged source reads it, before any path arguments. */
export const STAGED_DIFF = ["--literal-pathspecs", "diff", "--cached", ...DIFF_FORMAT, `-U${CONTEXT_LINES}`];

/**
 * Names the staged diff's arguments for the hook stub, which runs that diff itself and pipes it in
 * (hooks/pre-commit): a stub from another version of leakstop names other arguments, and its diff is not used.
 * A name, not a secret: FNV-1a, so that no hash module loads on a commit.
 */
export function stagedDiffId(): string {
  const text = [...PINNED, ...STAGED_DIFF].join("\0");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}
