// A value stored base64-encoded by a format that encodes every value (a Kubernetes Secret's `data:`): judged as
// the text it decodes to, by the generic detector's value rules, under the key it is stored at.
import { genericSecret } from "./genericSecret.js";
import { randomFrom, SampleTemplateError, type Validator } from "./validator.js";

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The printable one-line text a base64 value holds, or null (binary, a file of several lines: decoded views read those). */
function decodedText(value: string): string | null {
  if (value.length % 4 !== 0 || !BASE64.test(value)) return null;
  const text = Buffer.from(value, "base64").toString("utf8");
  return /^[\x21-\x7e]+$/.test(text) ? text : null;
}

export const encodedSecret: Validator = {
  validate(value, match) {
    const text = decodedText(value);
    if (text === null) return false;
    // The key's name, then the decoded value: the rules read the name as they would in `name: value`.
    const key = match.slice(0, Math.max(0, match.lastIndexOf(value))).split("\n").pop() ?? "";
    return genericSecret.validate(text, `${key}${text}`);
  },
  sample: {
    kind: "b64secret",
    /** `{b64secret:N}`: base64 of N random base62 characters (a value as kubectl stores it); `{b64secret:word}`: of a word. */
    build(arg, random) {
      if (arg === "word") return Buffer.from("production").toString("base64");
      const n = Number(arg);
      if (!Number.isInteger(n) || n < 1) throw new SampleTemplateError(`b64secret: expected a length or "word", not ${arg.length} characters`);
      return Buffer.from(randomFrom(BASE62, n, random)).toString("base64");
    },
  },
};
