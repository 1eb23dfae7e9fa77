import { textOfBytes, type Decoded } from "./text.js";

/** Two escapes at least, or one of a name's separator (candidates.ts): one `%20` in a URL is everyday text. */
export const MIN_PERCENT_ESCAPES = 2;

const hexValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/**
 * A URL or form value with its `%XX` escapes decoded (`p%40ss` → `p@ss`; `+` stays, it may be part of a
 * token), or undefined when it has fewer than two escapes or decodes to something other than text.
 */
export function decodePercent(segment: string): Decoded | undefined {
  const bytes: number[] = [];
  const byteOrigin: number[] = [];
  let escapes = 0;
  for (let i = 0; i < segment.length; ) {
    const c = segment.charCodeAt(i);
    if (c === 37 && i + 2 < segment.length && hexValue(segment.charCodeAt(i + 1)) >= 0 && hexValue(segment.charCodeAt(i + 2)) >= 0) {
      bytes.push(hexValue(segment.charCodeAt(i + 1)) * 16 + hexValue(segment.charCodeAt(i + 2)));
      byteOrigin.push(i);
      escapes++;
      i += 3;
      continue;
    }
    // Anything else is copied as its UTF-8 bytes, each placed at its character.
    const char = String.fromCodePoint(segment.codePointAt(i)!);
    for (const b of Buffer.from(char, "utf8")) {
      bytes.push(b);
      byteOrigin.push(i);
    }
    i += char.length;
  }
  if (escapes === 0) return undefined;
  return textOfBytes(bytes, byteOrigin, segment.length);
}
