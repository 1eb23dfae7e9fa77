// Which configured remotes a push goes to: their remote-tracking refs say what that remote already has. Another
// remote's refs say nothing about it (a secret on an internal remote is new to a public one).
import { gitSync } from "./exec.js";

/**
 * The remotes a push to `remote` goes to, as git's pre-push hook names it: a configured remote's name, or a URL,
 * which counts for every remote configured with that URL. None when the URL is unknown here. `configured`: every
 * remote's name (a name may hold a slash: `origin/internal`'s refs are not `origin`'s).
 */
export function remotesPushedTo(remote: string, url?: string): { remotes: string[]; configured: string[] } {
  if (!remote) return { remotes: [], configured: [] };
  const lines = gitSync(["config", "--get-regexp", "^remote\\..*\\.(url|pushurl)$"], { allowFail: true }).stdout;
  const names = new Set<string>();
  const byUrl = new Set<string>();
  for (const line of lines.split("\n")) {
    const space = line.indexOf(" ");
    if (space < 0) continue;
    const key = line.slice(0, space);
    const name = key.slice("remote.".length, key.lastIndexOf("."));
    names.add(name);
    const value = line.slice(space + 1);
    if (value === remote || value === url) byUrl.add(name);
  }
  return { remotes: names.has(remote) ? [remote] : [...byUrl], configured: [...names] };
}

/** Each tracking ref of these remotes with its commit: refs/remotes/NAME/…, not those of a remote named NAME/… . */
export function trackingRefsOf(remotes: readonly string[], configured: readonly string[]): Map<string, string> {
  const refs = new Map<string, string>();
  if (!remotes.length) return refs;
  const { stdout } = gitSync(["for-each-ref", "--format=%(refname) %(objectname)", ...remotes.map((name) => `refs/remotes/${name}`)]);
  for (const line of stdout.split("\n")) {
    const [ref, sha] = line.split(" ");
    if (!ref || ref.endsWith("/HEAD")) continue;
    const owner = configured.filter((name) => ref.startsWith(`refs/remotes/${name}/`)).sort((a, b) => b.length - a.length)[0];
    if (owner !== undefined && remotes.includes(owner)) refs.set(ref, sha);
  }
  return refs;
}

/** The tracking ref that says what `name` has at a branch it is pushed (refs/heads/x: refs/remotes/name/x). */
export function trackingRefOf(name: string, remoteRef: string): string | null {
  return remoteRef.startsWith("refs/heads/") ? `refs/remotes/${name}/${remoteRef.slice("refs/heads/".length)}` : null;
}


