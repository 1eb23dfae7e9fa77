/**
 * The speed heuristics, each on by default. Switching one off never changes findings (the prefilter's contract);
 * `npm run bench -- --heuristics` switches them off one at a time to weigh what each saves.
 */
export const HEURISTICS = {
  /** The keyword pass runs per 8 KB block, and regions stay near their blocks (off: one block per change). */
  blocks: true,
  /** The second, unescaped reading of JSON strings runs only for patterns that can read a quote or backslash. */
  quotes: true,
  /** Regions reach as many lines around a block as a pattern can cross (off: as far as the byte reach). */
  lineReach: true,
  /** `\b`, `^[\t ]*`, `(?:^|[^...])` before a pattern are checked outside RE2. */
  leading: true,
};

export type Heuristic = keyof typeof HEURISTICS;
