import { isPrintableText, type Decoded } from "./text.js";

/** Shorter runs decode to fewer than 12 bytes: below the shortest secret worth a second look. */
export const MIN_BASE64_RUN = 16;

/**
 * Base64 (standard or URL-safe, not both) of printable text, or undefined: wrong length or padding, or bytes
 * that are not text (images, gzip, protobuf, hashes). No per-character positions: a secret decoded from
 * base64 is placed on the whole run.
 */
export function decodeBase64(run: string): Decoded | undefined {
  if (run.length < MIN_BASE64_RUN) return undefined;
  const padded = run.endsWith("=");
  const body = run.replace(/=+$/, "");
  if (run.length - body.length > 2 || (padded ? run.length % 4 !== 0 : body.length % 4 === 1)) return undefined;
  const standard = /[+/]/.test(body);
  const urlSafe = /[-_]/.test(body);
  if ((standard && urlSafe) || !/^[A-Za-z0-9+/_-]+$/.test(body)) return undefined;
  const text = Buffer.from(body, urlSafe ? "base64url" : "base64").toString("utf8");
  return isPrintableText(text) ? { text } : undefined;
}
