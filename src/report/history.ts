import type { DetectorDoc } from "../detectors/load.js";
import type { HistoryCleaning, Outcome } from "../model/index.js";
import { findingLocation, HISTORY_HEADING, HISTORY_HOST_KEEPS, HISTORY_IN_A_CLONE, HISTORY_REMOTE_REMOVED, HISTORY_ROTATE_FIRST, historyRulesFile, historyWindow } from "../model/messages.js";
import { quoteShell } from "./envSnippet.js";
import { DEFAULT_WIDTH, wrap } from "./wrap.js";
import type { RenderContext } from "./writer.js";


/** The commands that take secrets already on a remote out of its history, and the window to audit; once per report. */
export function renderHistory(outcome: Outcome, { guidance, style, width = DEFAULT_WIDTH }: RenderContext): string[] {
  const prose = (text: string) => wrap(text, width, "  ");
  const exposed = outcome.findings.filter((f) => f.blast?.history);
  if (!exposed.length) return [];
  const plan: HistoryCleaning = exposed[0].blast!.history!;
  const out = ["", style.bold(HISTORY_HEADING), ...prose(HISTORY_ROTATE_FIRST), ...prose(HISTORY_IN_A_CLONE)];
  const rules = quoteShell(plan.replaceFile);
  if (!plan.pushes.length) out.push(`    git filter-repo --replace-text ${rules}${plan.inMessages ? ` --replace-message ${rules}` : ""}`);
  for (const push of plan.pushes) {
    const dir = quoteShell(`leakstop-clean-${push.remote}`);
    out.push(`    git clone ${quoteShell(push.url)} ${dir} && cd ${dir}`);
    out.push(`    git filter-repo --replace-text ${rules}${plan.inMessages ? ` --replace-message ${rules}` : ""}`);
    out.push(`    git remote add ${quoteShell(push.remote)} ${quoteShell(push.url)}   ${style.dim(HISTORY_REMOTE_REMOVED)}`);
    for (const branch of push.branches) out.push(`    git push --force ${quoteShell(push.remote)} ${quoteShell(branch)}`);
  }
  out.push(...prose(historyRulesFile(plan.replaceFile)), ...prose(HISTORY_HOST_KEEPS));
  const seen = new Set<string>();
  for (const f of exposed) {
    if (seen.has(f.digest)) continue;
    seen.add(f.digest);
    const doc: DetectorDoc | undefined = guidance(f.detector.id);
    // Another part of the catalogue adds auditLog; read it as optional until then.
    const auditLog = (doc?.guidance as { auditLog?: string } | undefined)?.auditLog;
    out.push(...prose(historyWindow(f.blast!.history!.since, `${doc?.name ?? f.detector.name} (${findingLocation(f)})`, auditLog)));
  }
  return out;
}
