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
// A key pasted into comments or a quoted e-mail: `#`, `//`, `--`, `;`, ` * `, `>` before every line.
const COMMENT = /^(?:(?:[#;*>]+|\/\/+|--(?:[\t ]|$))[\t ]*)+/;
const ARMOR = /-----(?:BEGIN|END) [A-Z0-9 ]+-----/g;
// Written on one line with nothing between, OpenPGP's checksum follows the body's padding.
const GLUED_CHECKSUM = /^([A-Za-z0-9+/]+={0,2})=[A-Za-z0-9+/]{4}$/;

function validBody(block: string): boolean {
  const lines = block.split(LINE_BREAK);
  if (lines.length === 1) return validOneLine(block);
  let body = "";
  let ended = false;
  for (const line of lines) {
    const piece = line.replace(COMMENT, "");
    if (piece.startsWith("-----BEGIN ") || piece === "" || HEADER.test(piece) || ARMOR_CHECKSUM.test(piece)) continue;
    if (piece.startsWith("-----END ")) ended = true;
    else body += piece;
  }
  return BASE64.test(body) && body.length >= (ended ? MIN_BODY : MIN_BODY_WITHOUT_END);
}

/** A block whose line breaks became spaces (an environment variable) or were dropped: its words, headers aside. */
function validOneLine(block: string): boolean {
  const words = block.replace(ARMOR, " ").split(/[\t ]+/);
  let body = "";
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (HEADER.test(word)) {
      // `Proc-Type: 4,ENCRYPTED`: the value is the next word.
      if (word.endsWith(":")) i++;
      continue;
    }
    if (!ARMOR_CHECKSUM.test(word)) body += word.replace(GLUED_CHECKSUM, "$1");
  }
  return BASE64.test(body) && body.length >= MIN_BODY && block.includes("-----END ");
}

export const pemPrivateKey: Validator = { validate: validBody };
