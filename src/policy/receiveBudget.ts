import { UserError } from "../errors.js";
import { badReceiveBudget, badReceiveOnTimeout, DEFAULT_PRE_RECEIVE_BUDGET_MS, describeName } from "../model/messages.js";
import { gitSync } from "../source/git/exec.js";

export interface ReceiveBudget {
  ms: number;
  /** Where the budget came from, for the timeout line. */
  source: string;
  accept: boolean;
}

const BUDGET_ENV = "LEAKSTOP_PRE_RECEIVE_BUDGET_MS";
const BUDGET_KEY = "leakstop.preReceive.timeoutMs";
const ON_TIMEOUT_KEY = "leakstop.preReceive.onTimeout";

// git config, not .leakstop.json: a bare repository has no work tree to hold one, and /etc/gitconfig sets it server-wide.
function gitConfig(key: string): string | undefined {
  const { stdout, status } = gitSync(["config", "--get", key], { allowFail: true });
  return status === 0 ? stdout.trim() : undefined;
}

/** How long the server waits for a scan, and what it decides after: the environment, then git config, then 20 s, reject. */
export function receiveBudget(): ReceiveBudget {
  const fromEnv = process.env[BUDGET_ENV];
  const configured = fromEnv === undefined || fromEnv === "" ? gitConfig(BUDGET_KEY) : undefined;
  const source = fromEnv ? BUDGET_ENV : configured !== undefined ? BUDGET_KEY : "the default";
  const raw = fromEnv || configured;
  let ms = DEFAULT_PRE_RECEIVE_BUDGET_MS;
  if (raw !== undefined) {
    if (!/^\d{1,9}$/.test(raw)) throw new UserError(badReceiveBudget(source, describeName(raw)));
    ms = Number(raw);
  }
  const onTimeout = gitConfig(ON_TIMEOUT_KEY) ?? "reject";
  if (onTimeout !== "reject" && onTimeout !== "accept") throw new UserError(badReceiveOnTimeout(ON_TIMEOUT_KEY, describeName(onTimeout)));
  return { ms, source, accept: onTimeout === "accept" };
}
