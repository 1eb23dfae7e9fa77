// Which configured remotes a push goes to: their remote-tracking refs say what that remote already has. Another
// remote's refs say nothing about it (a secret on an internal remote is new to a public one).
import { gitSync } from "./exec.js";

/**
 * The remotes a push to `remote` goes to, as git's pre-push hook names it: a configured remote's name, or a URL,
 * which counts for every remote configured with that URL. None when the URL is unknown here. A remote that
 * pushes elsewhere than it fetches from (`pushurl`, `pushInsteadOf`: a fork) is left out, and named in
 * `elsewhere`: its tracking refs describe the repository it fetches from.
 */
export function remotesPushedTo(remote: string, url?: string): { remotes: string[]; elsewhere: string[] } {
  if (!remote) return { remotes: [], elsewhere: [] };
  const configured = gitSync(["config", "--get-regexp", "^remote\\..*\\.(url|pushurl)$|^url\\..*\\.pushinsteadof$"], { allowFail: true }).stdout;
  const names = new Set<string>();
  const byUrl = new Set<string>();
  const pushingElsewhere = new Set<string>();
  let pushInsteadOf = false;
  for (const line of configured.split("\n")) {
    const space = line.indexOf(" ");
    if (space < 0) continue;
    const key = line.slice(0, space);
    if (key.startsWith("url.")) {
      pushInsteadOf = true;
      continue;
    }
    const name = key.slice("remote.".length, key.lastIndexOf("."));
    names.add(name);
    if (key.endsWith(".pushurl")) pushingElsewhere.add(name);
    const value = line.slice(space + 1);
    if (value === remote || value === url) byUrl.add(name);
  }
  const pushedTo = names.has(remote) ? [remote] : [...byUrl];
  // Only where a push URL may differ is it asked for: a plain remote costs no git process more.
  const elsewhere = pushedTo.filter((name) => (pushInsteadOf || pushingElsewhere.has(name)) && !fetchesWherePushes(name));
  return { remotes: pushedTo.filter((name) => !elsewhere.includes(name)), elsewhere };
}

function fetchesWherePushes(name: string): boolean {
  const urls = (push: boolean) => new Set(gitSync(["remote", "get-url", ...(push ? ["--push"] : []), "--all", name], { allowFail: true }).stdout.split("\n").filter(Boolean));
  const fetch = urls(false);
  const push = urls(true);
  return push.size > 0 && [...push].every((u) => fetch.has(u));
}

/** The tracking ref that says what `name` has at a branch it is pushed (refs/heads/x: refs/remotes/name/x). */
export function trackingRefOf(name: string, remoteRef: string): string | null {
  return remoteRef.startsWith("refs/heads/") ? `refs/remotes/${name}/${remoteRef.slice("refs/heads/".length)}` : null;
}

/** Whether a full ref name (refs/remotes/…) is a tracking ref of one of these remotes. */
export function tracksOneOf(ref: string, remotes: readonly string[]): boolean {
  return remotes.some((name) => ref.startsWith(`refs/remotes/${name}/`));
}
