// Characters that show as nothing (a zero-width space, a soft hyphen, a word joiner): copied out of a chat, a wiki
// or a word processor inside a token, they hide it from every pattern while the token still works once pasted
// where they are dropped. Read with them taken out.
import type { Decoded } from "./text.js";

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const INVISIBLE_CODES = new Set([0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/** Text as it reads: its invisible characters dropped (a soft hyphen in a word, "Zugangs\u00adtoken"). */
export const visibleText = (text: string) => text.replace(INVISIBLE, "");

/** The run with its invisible characters taken out, each kept character placed at its offset in the run. */
export function withoutInvisible(run: string): Decoded | undefined {
  let text = "";
  const origin: number[] = [];
  for (let i = 0; i < run.length; i++) {
    if (INVISIBLE_CODES.has(run.charCodeAt(i))) continue;
    text += run[i];
    origin.push(i);
  }
  if (text.length === run.length) return undefined;
  origin.push(run.length);
  return { text, origin };
}
