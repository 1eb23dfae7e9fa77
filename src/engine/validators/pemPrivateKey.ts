// PEM private-key blocks (RFC 7468, OpenSSH, OpenPGP armor) as the patterns find them: in a file, indented, or
// written into a string. The patterns let dots into the body so that an example cut short with `...` (as in
// documentation) is read whole and turned down, instead of matching up to the dots; here the body must be
// base64 and long enough for a key.
import { LINE_BREAK, type Validator } from "./validator.js";

/** 48 bytes: an Ed25519 or X25519 key in PKCS#8, the smallest private key there is. */
const MIN_BODY = 64;
/** Without its END line, three full lines: examples show a line or two before they stop. */
const MIN_BODY_WITHOUT_END = 3 * 64;

const HEADER = /^[A-Za-z][A-Za-z0-9-]*:/; // Proc-Type, DEK-Info, OpenPGP's Comment and Version
const ARMOR_CHECKSUM = /^=[A-Za-z0-9+/]{4}$/; // OpenPGP's CRC-24 line
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function validBody(block: string): boolean {
  let body = "";
  let ended = false;
  for (const piece of block.split(LINE_BREAK)) {
    if (piece.startsWith("-----BEGIN ") || piece === "" || HEADER.test(piece) || ARMOR_CHECKSUM.test(piece)) continue;
    if (piece.startsWith("-----END ")) ended = true;
    else body += piece;
  }
  return BASE64.test(body) && body.length >= (ended ? MIN_BODY : MIN_BODY_WITHOUT_END);
}

export const pemPrivateKey: Validator = { validate: validBody };
