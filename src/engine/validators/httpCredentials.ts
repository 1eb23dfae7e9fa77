// Credentials on an HTTP request: `Authorization: Basic <base64 of user:password>`, a bearer token, `curl -u user:password`.
import { makePlaceholderFilter } from "../placeholders.js";
import { genericSecret } from "./genericSecret.js";
import { jwtMayBeLive } from "./jwtCredential.js";
import { jwtParts } from "./jwtParts.js";
import { randomFrom, SampleTemplateError, type Validator } from "./validator.js";

const isPlaceholder = makePlaceholderFilter();
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The password inside a Basic credential, or undefined when the value is not base64 of printable `user:password`. */
function basicPassword(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(value, "base64").toString("latin1");
  if (!/^[\x20-\x7e]+$/.test(decoded)) return undefined;
  const colon = decoded.indexOf(":");
  return colon > 0 ? decoded.slice(colon + 1) : undefined;
}

export const httpCredentials: Validator = {
  validate(value, match) {
    const before = match.slice(0, match.length - value.length);
    // `Basic <value>`, or C#'s AuthenticationHeaderValue("Basic", "<value>").
    if (!/basic["',\s]*$/i.test(before)) {
      // A JWT is judged by its claims, not its text (the generic rules read `head.body.sig` as a dotted name
      // whenever the signature has no `-`): one sent as a credential counts while it may be live, as jwt-credential
      // judges it there, so the two agree and jwt-credential's finding wins.
      const jwt = jwtParts(value);
      if (jwt) return jwtMayBeLive(jwt.payload);
      return genericSecret.validate(value, match);
    }
    const password = basicPassword(value);
    // Judged as the password it carries: a `$VAR`, a placeholder or a word is no login.
    return password !== undefined && password.length >= 6 && !isPlaceholder(password) && genericSecret.validate(password, `password=${password}`);
  },
  sample: {
    kind: "basic",
    build(user, random) {
      if (!/^[a-z][a-z0-9-]*$/.test(user)) throw new SampleTemplateError(`{basic:${user}}: the argument is the user name`);
      return Buffer.from(`${user}:${randomFrom(BASE62, 18, random)}`).toString("base64");
    },
  },
};
