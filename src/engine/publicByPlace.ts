// Values whose place on their line shows they are public by design, whichever detector reads them.

// Build-status badges of private projects carry a read-only status token in the image URL, for READMEs:
// CircleCI's Status-scope project token (`…/project.svg?style=svg&circle-token=…`), Travis CI's and Codecov's `?token=`.
const BADGE_TOKEN = /\.(?:svg|png)\?[^\s"'()<>]*?\b[A-Za-z_-]*token=([^\s"'()<>&#]+)/gi;
// SigV4 signs with `<key ID>/<yyyymmdd>/<region>/<service>/aws4_request` (`/` or `%2F`, in a presigned URL's
// X-Amz-Credential or an Authorization header): the key ID travels in the clear, the secret never does.
const SIGV4_SCOPE = /\b([A-Z0-9]{20})(?:\/|%2F)(\d{4})(\d{2})(\d{2})(?:\/|%2F)[a-z0-9-]+(?:\/|%2F)[a-z0-9-]+(?:\/|%2F)aws4_request/gi;
// No SigV4 signature outlives its date by more than seven days (the longest a presigned URL lasts).
const LONGEST_SIGNATURE_MS = 8 * 24 * 3600 * 1000;

/**
 * True when `value` is the token of a badge image URL on `line`, or the access key ID of a SigV4 credential scope
 * whose signature has expired: it grants nothing, and every holder of the URL was shown it.
 */
export function publicByPlace(value: string, line: string, now = Date.now()): boolean {
  if (/token=/i.test(line)) for (const m of line.matchAll(BADGE_TOKEN)) if (m[1] === value) return true;
  if (line.includes("aws4_request")) {
    for (const m of line.matchAll(SIGV4_SCOPE)) {
      if (m[1] === value && now - Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4])) > LONGEST_SIGNATURE_MS) return true;
    }
  }
  return false;
}
