import { scanChange } from "../engine/scan.js";
import { exposureOf } from "../model/index.js";
import { commitMsgSource } from "../source/commitMsg.js";
import { markPushExposures } from "../source/exposure.js";
import { remotesPushedTo } from "../source/git/remotes.js";
import { planPush, pushSource, readPushRequest } from "../source/push.js";
import { namedFilesSource, stagedSource, type ReaderChoice } from "../source/staged.js";
import { run, type ScanOptions } from "./run.js";

export function runStaged(paths: string[], options: ScanOptions, reader: ReaderChoice = "auto"): Promise<number> {
  return run({ mode: "staged", source: stagedSource(reader, paths) }, options);
}

/** The pre-commit framework's file names: their staged diff, or their whole content when none is staged. */
export function runPreCommitFiles(paths: string[], options: ScanOptions): Promise<number> {
  return run({ mode: "staged", source: namedFilesSource(paths) }, options);
}

export function runPrePush(remoteArg: string | undefined, urlArg: string | undefined, options: ScanOptions): Promise<number> {
  const { remote, url, updates } = readPushRequest(remoteArg, urlArg);
  const plan = planPush(remote, updates, remotesPushedTo(remote, url));
  return run(
    {
      mode: "push",
      source: pushSource(plan),
      expose: (findings, ctx) => markPushExposures(findings, (change) => scanChange(ctx.catalogue, change), plan),
      // A secret already on the remote pushed to is exposed whatever this push does: it is reported, not blocked on.
      exitCode: (o) => (o.findings.length && o.findings.some((f) => exposureOf(f).kind !== "remote") ? 1 : 0),
    },
    options,
  );
}

/** `leakstop hook commit-msg FILE`: the message git is about to record. Quiet when clean. */
export function runCommitMsg(file: string | undefined, options: ScanOptions): Promise<number> {
  return run(
    {
      mode: "staged",
      source: commitMsgSource(file),
      expose: (findings) => findings.forEach((f) => (f.exposure = { kind: "message" })),
      quietWhenClean: true,
    },
    options,
  );
}
