// GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_): CRC32 of the part after the prefix, 6 base62 chars.
import type { Validator } from "./validator.js";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(value: number, width: number): string {
  let out = "";
  while (value > 0) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out.padStart(width, "0");
}

export const crc32Base62: Validator = {
  validate(token) {
    const start = token.indexOf("_") + 1;
    if (start === 0 || token.length < start + 7) return false;
    const entropy = token.slice(start, -6);
    return base62(crc32(entropy), 6) === token.slice(-6);
  },
  append(body) {
    return body + base62(crc32(body.slice(body.indexOf("_") + 1)), 6);
  },
};
