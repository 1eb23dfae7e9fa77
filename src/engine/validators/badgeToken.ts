// Build-status badges of private projects carry a read-only status token in the image URL, for READMEs:
// CircleCI's Status-scope project token (`…/project.svg?style=svg&circle-token=…`), Travis CI's and Codecov's `?token=`.
const BADGE_TOKEN = /\.(?:svg|png)\?[^\s"'()<>]*?\b[A-Za-z_-]*token=([^\s"'()<>&#]+)/gi;

/** Whether `value` is the token query parameter of a badge image URL on `line`. */
export function isBadgeToken(value: string, line: string): boolean {
  for (const m of line.matchAll(BADGE_TOKEN)) if (m[1] === value) return true;
  return false;
}
