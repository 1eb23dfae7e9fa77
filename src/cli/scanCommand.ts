// `leakstop scan`, loaded only when asked for: hooks do not pay for compiling it.
import { UserError } from "../errors.js";
import type { Source } from "../model/index.js";
import { RANGE_ORIGIN, SCAN_ONE_MODE, SCAN_PATHS_ONLY_WITH_FILES, scanRangeNote } from "../model/messages.js";
import { detectCiRange } from "../source/ci.js";
import { directorySource } from "../source/directory.js";
import { locateRepo } from "../source/git/locate.js";
import { historySource } from "../source/history.js";
import { parseRange, rangeSource } from "../source/range.js";
import { pooledCollect } from "./pooledCollect.js";
import { run, type ScanOptions } from "./run.js";

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
    return run({ mode: "scan", source: historySource(), collect: pooledCollect }, options);
  }
  const detected = request.range
    ? { spec: parseRange(request.range), origin: RANGE_ORIGIN.range }
    : request.since
      ? { spec: parseRange(`${request.since}..HEAD`), origin: RANGE_ORIGIN.since }
      : detectCiRange();
  const source = rangeSource(detected.spec);
  const notes = [scanRangeNote(detected.spec.label, detected.origin), ...("note" in detected && detected.note ? [detected.note] : [])];
  return run({ mode: "scan", source: withNotes(source, notes), collect: pooledCollect }, options);
}

function withNotes(source: Source, notes: string[]): Source {
  return async function* () {
    const result = yield* source();
    return { ...result, notes: [...(result.notes ?? []), ...notes] };
  };
}
