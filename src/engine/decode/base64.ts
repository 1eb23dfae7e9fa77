import { isPrintableText, type Decoded } from "./text.js";

/** Shorter runs decode to fewer than 12 bytes: below the shortest secret worth a second look. */
export const MIN_BASE64_RUN = 16;

/**
 * Base64 (standard or URL-safe, not both) of printable text, or undefined: wrong length or padding, or bytes
 * that are not text (images, gzip, protobuf, hashes). No per-character positions: a secret decoded from
 * base64 is placed on the whole run.
 */
export function decodeBase64(run: string, minRun = MIN_BASE64_RUN): Decoded | undefined {
  if (run.length < minRun) return undefined;
  let body = run.length;
  while (body > 0 && run.charCodeAt(body - 1) === 61) body--;
  const padding = run.length - body;
  if (padding > 2 || (padding > 0 ? run.length % 4 !== 0 : body % 4 === 1)) return undefined;
  let standard = false;
  let urlSafe = false;
  for (let i = 0; i < body; i++) {
    const c = run.charCodeAt(i);
    if (c === 43 || c === 47) standard = true;
    else if (c === 45 || c === 95) urlSafe = true;
    else if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return undefined;
  }
  if (standard && urlSafe) return undefined;
  const text = Buffer.from(run.slice(0, body), urlSafe ? "base64url" : "base64").toString("utf8");
  return isPrintableText(text) ? { text } : undefined;
}
