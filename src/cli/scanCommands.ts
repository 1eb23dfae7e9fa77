import { scanChange } from "../engine/scan.js";
import { exposureOf, type Source } from "../model/index.js";
import { commitMsgSource } from "../source/commitMsg.js";
import { markPushExposures } from "../source/exposure.js";
import { planPush, pushSource, readPushRequest } from "../source/push.js";
import { namedFilesSource, stagedSource, type ReaderChoice } from "../source/staged.js";
import { receiveTimedOut } from "../model/messages.js";
import { receiveBudget } from "../policy/receiveBudget.js";
import { preReceiveWriter } from "../report/preReceive.js";
import { readReceiveRequest, receiveSource, untilDeadline } from "../source/preReceive.js";
import { run, type ScanOptions } from "./run.js";
import { UserError } from "../errors.js";
import { RANGE_ORIGIN, SCAN_ONE_MODE, SCAN_PATHS_ONLY_WITH_FILES, scanRangeNote } from "../model/messages.js";
import { detectCiRange } from "../source/ci.js";
import { directorySource } from "../source/directory.js";
import { locateRepo } from "../source/git/locate.js";
import { historySource } from "../source/history.js";
import { parseRange, rangeSource } from "../source/range.js";

export function runStaged(paths: string[], options: ScanOptions, reader: ReaderChoice = "auto"): Promise<number> {
  return run({ mode: "staged", source: stagedSource(reader, paths) }, options);
}

/** The pre-commit framework's file names: their staged diff, or their whole content when none is staged. */
export function runPreCommitFiles(paths: string[], options: ScanOptions): Promise<number> {
  return run({ mode: "staged", source: namedFilesSource(paths) }, options);
}

export function runPrePush(remoteArg: string | undefined, options: ScanOptions): Promise<number> {
  const { remote, updates } = readPushRequest(remoteArg);
  return run(
    {
      mode: "push",
      source: pushSource(planPush(remote, updates)),
      expose: (findings, ctx) => markPushExposures(findings, (change) => scanChange(ctx.catalogue, change)),
      // A secret already on a remote is exposed whatever this push does: it is reported, not blocked on.
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

export interface ScanRequest {
  range?: string;
  since?: string;
  all?: boolean;
  files?: boolean;
  paths: string[];
}

/** `leakstop scan`: a range, all history, files on disk, or (given none) the range the CI's variables name. */
export function runScan(request: ScanRequest, options: ScanOptions): Promise<number> {
  const chosen = [request.range, request.since, request.all, request.files].filter((v) => v !== undefined && v !== false);
  if (chosen.length > 1) throw new UserError(SCAN_ONE_MODE);
  if (request.paths.length && !request.files) throw new UserError(SCAN_PATHS_ONLY_WITH_FILES);
  if (request.files) {
    let top = process.cwd();
    try {
      top = locateRepo().workTree;
    } catch {
      // Outside a repository: paths are named from here, and the configuration is read from here.
    }
    return run({ mode: "scan", source: directorySource(request.paths, top), top }, options);
  }
  if (request.all) {
    return run({ mode: "scan", source: historySource() }, options);
  }
  const detected = request.range
    ? { spec: parseRange(request.range), origin: RANGE_ORIGIN.range }
    : request.since
      ? { spec: parseRange(`${request.since}..HEAD`), origin: RANGE_ORIGIN.since }
      : detectCiRange();
  const source = rangeSource(detected.spec);
  const notes = [scanRangeNote(detected.spec.label, detected.origin), ...("note" in detected && detected.note ? [detected.note] : [])];
  return run({ mode: "scan", source: withNotes(source, notes) }, options);
}

function withNotes(source: Source, notes: string[]): Source {
  return async function* () {
    const result = yield* source();
    return { ...result, notes: [...(result.notes ?? []), ...notes] };
  };
}

/**
 * `leakstop hook pre-receive` on the git server: what the push adds, with a time budget after which the
 * configured decision is taken and said (a server hook must not hold a push forever). What was scanned by
 * then is still reported, and a secret found in time rejects whatever the decision.
 */
export async function runPreReceive(options: ScanOptions): Promise<number> {
  const budget = receiveBudget();
  const updates = readReceiveRequest();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, budget.ms)));
  const limited = untilDeadline(receiveSource(updates), deadline);
  const code = await run(
    {
      mode: "push",
      source: limited.source,
      textWriter: preReceiveWriter,
      blastRadius: false,
      // Read after the scan: a cut scan with nothing found prints only the timeout line below.
      get quietWhenClean() {
        return limited.cut();
      },
    },
    options,
  );
  clearTimeout(timer);
  if (!limited.cut()) return code;
  process.stderr.write(receiveTimedOut(budget.ms, budget.source, budget.accept) + "\n");
  // A secret found in time rejects; otherwise the configured decision. The git processes behind the cut
  // source are abandoned, not awaited.
  process.exit(code === 1 || !budget.accept ? 1 : 0);
}
