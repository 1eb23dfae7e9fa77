// GitHub App installation tokens (ghs_): the classic 36-character form carries a CRC32 (crc32-base62); the
// stateless form GitHub issues since April 2026, ghs_<app id>_<JWT>, carries a signed JWT instead.
import { crc32Base62 } from "./crc32Base62.js";
import { jwtParts } from "./jwtParts.js";
import type { Validator } from "./validator.js";

const STATELESS = /^ghs_\d+_(eyJ.*)$/;

export const githubInstallationToken: Validator = {
  validate(token, match) {
    const stateless = STATELESS.exec(token);
    return stateless ? jwtParts(stateless[1]) !== null : crc32Base62.validate(token, match);
  },
  append: crc32Base62.append,
};
