// A signed JWT: header and payload decode to JSON objects, the header names a real algorithm.
import { jwtParts } from "./jwtParts.js";
import type { Validator } from "./validator.js";

export const jwt: Validator = {
  validate: (token) => jwtParts(token) !== null,
};
