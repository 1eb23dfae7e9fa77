// What every decoder hands back, and the test that keeps binary out of the decoded views.

/** Decoded text, and where each of its characters came from in the encoded segment. */
export interface Decoded {
  text: string;
  /**
   * Offset in the segment of each decoded character, plus one entry for the end (length text.length + 1);
   * absent when the encoding has no per-character positions (base64): any part maps to the whole segment.
   */
  origin?: number[];
}

/** Printable text: no C0 or C1 control characters but tab and line breaks, and no invalid UTF-8 (U+FFFD). */
export function isPrintableText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c !== 9 && c !== 10 && c !== 13 : (c >= 0x7f && c <= 0x9f) || c === 0xfffd) return false;
  }
  return true;
}

/**
 * Bytes decoded as UTF-8, each character placed at the segment offset of its first byte. Undefined when the
 * bytes are not printable text.
 */
export function textOfBytes(bytes: number[], byteOrigin: number[], end: number): Decoded | undefined {
  const text = Buffer.from(bytes).toString("utf8");
  if (!isPrintableText(text)) return undefined;
  const origin: number[] = [];
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    origin.push(byteOrigin[b]);
    // UTF-8 length of this UTF-16 unit: a surrogate pair's two units share four bytes.
    b += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 0 : c >= 0xdc00 && c <= 0xdfff ? 4 : 3;
  }
  origin.push(end);
  return { text, origin };
}
