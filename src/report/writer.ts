import type { DetectorDoc } from "../detectors/load.js";
import type { Outcome } from "../model/index.js";
import type { Style } from "./style.js";

/** What a writer may ask for besides the outcome. */
export interface RenderContext {
  guidance(id: string): DetectorDoc | undefined;
  style: Style;
  /** The full guidance for every credential, not only the steps (--verbose). */
  verbose?: boolean;
  /** Columns to wrap prose to (default 80). */
  width?: number;
}

/** One output format. Every writer gets findings already redacted and names already made showable. */
export interface Writer {
  render(outcome: Outcome, ctx: RenderContext): string;
}

export type Format = "text" | "json" | "sarif";
