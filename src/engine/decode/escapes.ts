import { isPrintableText, type Decoded } from "./text.js";

const SIMPLE: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", "`": "`", "/": "/" };

const isHex = (s: string) => s.length > 0 && [...s].every((c) => (c >= "0" && c <= "9") || (c >= "a" && c <= "f") || (c >= "A" && c <= "F"));

/**
 * The body of a quoted string (between its quotes) with its escapes decoded, as JS, Python and JSON write
 * them: `\xHH`, `\uHHHH`, `\u{H…}`, `\n`, `\t`, `\r`, `\\` and escaped quotes. Undefined when nothing was
 * decoded (unless `plain`: then the body as written) or the result is not printable text (`\x00`…).
 */
export function decodeEscapes(body: string, plain = false, origins = true): Decoded | undefined {
  let text = "";
  const origin: number[] = [];
  let decoded = 0;
  // Runs without a backslash are copied whole: a notebook's cells are mostly such runs.
  for (let i = 0; i < body.length; ) {
    const slash = body.indexOf("\\", i);
    const stop = slash < 0 || slash + 1 >= body.length ? body.length : slash;
    if (stop > i) {
      text += body.slice(i, stop);
      if (origins) for (let k = i; k < stop; k++) origin.push(k);
      i = stop;
      continue;
    }
    const kind = body[i + 1];
    let value: string | undefined;
    let length = 2;
    if (kind === "x" && isHex(body.slice(i + 2, i + 4)) && i + 4 <= body.length) {
      value = String.fromCharCode(parseInt(body.slice(i + 2, i + 4), 16));
      length = 4;
    } else if (kind === "u" && body[i + 2] === "{") {
      const close = body.indexOf("}", i + 3);
      const hex = close > 0 ? body.slice(i + 3, close) : "";
      if (hex.length >= 1 && hex.length <= 6 && isHex(hex) && parseInt(hex, 16) <= 0x10ffff) {
        value = String.fromCodePoint(parseInt(hex, 16));
        length = close + 1 - i;
      }
    } else if (kind === "u" && isHex(body.slice(i + 2, i + 6)) && i + 6 <= body.length) {
      value = String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      length = 6;
    } else {
      value = SIMPLE[kind];
    }
    if (value === undefined) {
      // Not an escape this decoder knows: kept as written.
      origin.push(i);
      text += body[i++];
      continue;
    }
    for (let k = 0; k < value.length; k++) origin.push(i);
    text += value;
    decoded++;
    i += length;
  }
  if ((decoded === 0 && !plain) || !isPrintableText(text)) return undefined;
  origin.push(body.length);
  return origins ? { text, origin } : { text };
}
