/**
 * The prefilter: which bytes of a change each detector reads. It is speed only, never meaning.
 *
 * CONTRACT: the regions it returns cover every possible match. The engine keeps a match only inside the keyword
 * window (../keywordWindow.ts) of one of its detector's keywords, and for every keyword occurrence the regions
 * of that detector cover its window. Scanning with `prefilter: false` (every detector reads every whole change)
 * must therefore give the same findings: test/equivalence.test.ts holds it to that.
 */
export { charOffsetOf, hasEscapedQuote, layoutOf, releaseLayout, type Layout } from "./layout.js";
export { KeywordIndexBuilder, keywordHits, type KeywordIndex, type Needle } from "./keywords.js";
export { regionsOf, type RegionRule } from "./regions.js";
export { HEURISTICS, type Heuristic } from "./switches.js";
