// `leakstop hook pre-receive`, loaded only on a git server.
import { receiveTimedOut } from "../model/messages.js";
import { receiveBudget } from "../policy/receiveBudget.js";
import { preReceiveWriter } from "../report/preReceive.js";
import { readReceiveRequest, receiveSource, untilDeadline } from "../source/preReceive.js";
import { run, type ScanOptions } from "./run.js";

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
