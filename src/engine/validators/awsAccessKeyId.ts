// AWS access key IDs, except those in a Signature V4 credential scope too old to sign anything.
import type { Validator } from "./validator.js";

// SigV4 signs with `<key ID>/<yyyymmdd>/<region>/<service>/aws4_request` (`/` or `%2F`, in a presigned URL's
// X-Amz-Credential or an Authorization header): the key ID travels in the clear, the secret never does.
const SCOPE = /\b([A-Z0-9]{20})(?:\/|%2F)(\d{4})(\d{2})(\d{2})(?:\/|%2F)[a-z0-9-]+(?:\/|%2F)[a-z0-9-]+(?:\/|%2F)aws4_request/gi;
// No SigV4 signature outlives its date by more than seven days (the longest a presigned URL lasts).
const LONGEST_SIGNATURE_MS = 8 * 24 * 3600 * 1000;

export const awsAccessKeyId: Validator = {
  validate(value, _match, line) {
    if (line === undefined) return true;
    for (const m of line.matchAll(SCOPE)) {
      if (m[1] !== value) continue;
      const signed = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]));
      // A signature that expired grants nothing, and its key ID was shown to every holder of the URL.
      if (Date.now() - signed > LONGEST_SIGNATURE_MS) return false;
    }
    return true;
  },
};
