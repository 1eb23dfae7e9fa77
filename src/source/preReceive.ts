import { UserError } from "../errors.js";
import { emptyStats, type Change, type ScanStats, type Source, type SourceResult } from "../model/index.js";
import { badReceiveLine, PRE_RECEIVE_BY_HAND, receivedObjectMissing } from "../model/messages.js";
import { gitSync } from "./git/exec.js";
import { refLines, ZERO_SHA } from "./git/refLines.js";
import { objectTypes } from "./git/objects.js";
import { withNestedTags } from "./git/tags.js";
import { blobsOfTrees, emptyPlan, pushSource, type PushPlan } from "./push.js";
import { hookInput } from "./stdin.js";

/** One line git gives a pre-receive hook: `<old sha> <new sha> <ref>`. */
export interface ReceivedUpdate {
  oldSha: string;
  newSha: string;
  ref: string;
}


export function parseReceiveLines(input: string): ReceivedUpdate[] {
  return refLines(input, 3, [0, 1], (n) => badReceiveLine(n)).map(([oldSha, newSha, ref]) => ({ oldSha, newSha, ref }));
}

export function readReceiveRequest(): ReceivedUpdate[] {
  const input = hookInput();
  if (input === undefined) throw new UserError(PRE_RECEIVE_BY_HAND);
  return parseReceiveLines(input);
}

const shortRef = (ref: string) => ref.replace(/^refs\/(heads|tags)\//, "");
const refLabel = (ref: string) => (ref.startsWith("refs/tags/") ? `tag ${shortRef(ref)}` : shortRef(ref));

// Refs are not updated before pre-receive accepts: `--all` is exactly what the server already has.
const ON_SERVER = ["--not", "--all"];

/**
 * What the push adds to the server: commits reachable from the new shas and from no existing ref, annotated
 * tags no ref already points at, blobs and trees pushed under a tag. Deletions add nothing. Objects are read
 * through git, which finds the quarantined ones from the environment it set up for this hook.
 */
export function planReceive(updates: ReceivedUpdate[]): PushPlan {
  const plan = emptyPlan();
  const live = updates.filter((u) => !ZERO_SHA.test(u.newSha));
  if (!live.length) return plan;
  plan.newRefs = live.filter((u) => ZERO_SHA.test(u.oldSha)).map((u) => u.ref);
  const existing = new Set(gitSync(["for-each-ref", "--format=%(objectname)"]).stdout.split("\n").filter(Boolean));
  const types = objectTypes(live.flatMap((u) => [u.newSha, `${u.newSha}^{}`]));
  const tips = new Set<string>();
  const trees: { label: string; sha: string }[] = [];
  live.forEach((u, i) => {
    const [object, peeled] = types.slice(2 * i, 2 * i + 2);
    // Rejected rather than passed as nothing to scan: a line written by hand or by a broken proxy.
    if (!object) throw new UserError(receivedObjectMissing(updates.indexOf(u) + 1));
    if (object.type === "tag" && !existing.has(u.newSha)) plan.tags.push({ name: shortRef(u.ref), sha: u.newSha });
    if (peeled?.type === "commit") tips.add(peeled.name);
    else if (peeled?.type === "blob" && !existing.has(u.newSha)) plan.blobs.push({ path: `${refLabel(u.ref)} (blob)`, sha: peeled.name });
    else if (peeled?.type === "tree") trees.push({ label: `${refLabel(u.ref)} (tree)`, sha: peeled.name });
  });
  if (tips.size) {
    const input = [...tips].join("\n") + "\n";
    for (const line of gitSync(["rev-list", "--parents", "--stdin", ...ON_SERVER], { input }).stdout.split("\n")) {
      if (!line) continue;
      const [sha, ...parents] = line.split(" ");
      plan.commits.push(sha);
      if (parents.length > 1) plan.merges.add(sha);
    }
  }
  if (trees.length) plan.blobs.push(...blobsOfTrees(trees, [], ON_SERVER));
  if (plan.tags.length) plan.tags = withNestedTags(plan.tags, (sha) => existing.has(sha));
  return plan;
}

/** Everything a push adds to the server, read like a push from the client side. */
export function receiveSource(updates: ReceivedUpdate[]): Source {
  // Git LFS content goes to the LFS server, not through this repository: pointers are all a push brings.
  return pushSource(planReceive(updates), { lfsInStore: false });
}

const CUT = Symbol("deadline");

/**
 * The source cut off at a deadline: what was read by then is still scanned and reported (a secret found in
 * time still rejects), with the stats counted so far. The git processes behind a cut source are abandoned.
 */
export function untilDeadline(source: Source, deadline: Promise<void>): { source: Source; cut: () => boolean } {
  let cut = false;
  const limited: Source = async function* () {
    const changes = source();
    // Not Promise.race against the deadline: every race leaves a reaction on the deadline's promise that holds
    // its result, so each change read would stay reachable until the deadline.
    let expired = false;
    let wake: ((cut: typeof CUT) => void) | undefined;
    void deadline.then(() => {
      expired = true;
      wake?.(CUT);
    });
    const stats: ScanStats = emptyStats();
    const files = new Set<string>();
    for (;;) {
      let next: IteratorResult<Change, SourceResult> | typeof CUT | undefined = expired
        ? CUT
        : await new Promise<IteratorResult<Change, SourceResult> | typeof CUT>((resolve, reject) => {
            wake = resolve;
            changes.next().then(resolve, reject);
          });
      wake = undefined;
      if (next === CUT) {
        cut = true;
        stats.files = files.size;
        return { stats, filesChanged: files.size };
      }
      if (next.done) return next.value;
      files.add(`${next.value.commit?.sha ?? ""} ${next.value.path}`);
      stats.lines += next.value.lines.length;
      yield next.value;
      // Not held across the next wait (see collect in src/cli/run.ts).
      next = undefined;
    }
  };
  return { source: limited, cut: () => cut };
}
