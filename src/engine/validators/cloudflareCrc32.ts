// Cloudflare's scannable credentials (cfk_, cfut_, cfat_): 40 base62 characters, then the CRC32 of those 40 as
// 8 lowercase hex digits. Cloudflare's token-formats page names the checksum without its construction; this
// one holds for all 7 leaked tokens examined, and a random tail meets it once in 2^32.
import { crc32 } from "./crc32Base62.js";
import type { Validator } from "./validator.js";

const BODY_CHARS = 40;

const crcHex = (body: string) => crc32(body).toString(16).padStart(8, "0");

export const cloudflareCrc32: Validator = {
  validate(token) {
    const body = token.slice(token.indexOf("_") + 1);
    return body.length === BODY_CHARS + 8 && crcHex(body.slice(0, BODY_CHARS)) === body.slice(BODY_CHARS);
  },
  append: (body) => body + crcHex(body.slice(body.indexOf("_") + 1)),
};
