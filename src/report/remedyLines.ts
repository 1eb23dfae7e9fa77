import type { Guidance } from "../detectors/schema.js";
import { REMEDY_LABELS } from "../model/messages.js";

interface Bold {
  bold(s: string): string;
}

/** The revoke command and the audit log of a credential type, for the report's "What to do" and `leakstop explain`. */
export function renderRemedyGuidance(g: Partial<Guidance>, style: Bold): string[] {
  const out: string[] = [];
  if (g.revokeCommand?.length) out.push(style.bold(REMEDY_LABELS.revokeCommand), ...g.revokeCommand.map((line) => `    ${line}`));
  if (g.auditLog) out.push(`${style.bold(REMEDY_LABELS.auditLog)} ${g.auditLog}`);
  return out;
}
