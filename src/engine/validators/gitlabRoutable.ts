// GitLab's routable tokens: <prefix><base64url payload>.<version>.<payload length><CRC32>, the version absent in
// the first (2024) form; version and length are 2 base36 characters, the CRC 7, over every character before it,
// the prefix included (GitLab's routable_token.rb). An instance prefix (`acme-glpat-`, at most 20 characters) is
// part of what the CRC covers, so it is read from the text before the value. Classic tokens have no dot: they
// pass on their shape.
import { crc32 } from "./crc32Base62.js";
import type { Validator } from "./validator.js";

const CRC_CHARS = 7;
const MAX_INSTANCE_PREFIX = 20;

const crcText = (text: string) => crc32(text).toString(36).padStart(CRC_CHARS, "0");

export const gitlabRoutable: Validator = {
  validate(token, _match, line = "") {
    if (!token.includes(".")) return true;
    const body = token.slice(0, -CRC_CHARS);
    const crc = token.slice(-CRC_CHARS);
    if (crcText(body) === crc) return true;
    const at = line.indexOf(token);
    if (at <= 0) return false;
    const prefix = /[A-Za-z0-9_-]*$/.exec(line.slice(Math.max(0, at - MAX_INSTANCE_PREFIX), at))![0];
    for (let k = 1; k <= prefix.length; k++) if (crcText(prefix.slice(-k) + body) === crc) return true;
    return false;
  },
  append: (body) => body + crcText(body),
  tokenTail: /[A-Za-z0-9_.-]*$/,
};
