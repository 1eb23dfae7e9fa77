// CircleCI tokens, except the status token a badge's image URL carries.
import { isBadgeToken } from "./badgeToken.js";
import type { Validator } from "./validator.js";

export const circleciToken: Validator = {
  validate(value, _match, line) {
    return line === undefined || !isBadgeToken(value, line);
  },
};
