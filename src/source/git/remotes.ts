// Which configured remotes a push goes to: their remote-tracking refs say what that remote already has. Another
// remote's refs say nothing about it (a secret on an internal remote is new to a public one).
import { gitSync } from "./exec.js";

/**
 * The remotes a push to `remote` goes to, as git's pre-push hook names it: a configured remote's name, or a URL,
 * which counts for every remote configured with that URL. None when the URL is unknown here.
 */
export function remotesPushedTo(remote: string, url?: string): string[] {
  if (!remote) return [];
  const configured = gitSync(["config", "--get-regexp", "^remote\\..*\\.(url|pushurl)$"], { allowFail: true }).stdout;
  const names = new Set<string>();
  const byUrl = new Set<string>();
  for (const line of configured.split("\n")) {
    const space = line.indexOf(" ");
    if (space < 0) continue;
    const key = line.slice(0, space);
    const name = key.slice("remote.".length, key.lastIndexOf("."));
    names.add(name);
    const value = line.slice(space + 1);
    if (value === remote || value === url) byUrl.add(name);
  }
  return names.has(remote) ? [remote] : [...byUrl];
}

/** Whether a full ref name (refs/remotes/…) is a tracking ref of one of these remotes. */
export function tracksOneOf(ref: string, remotes: readonly string[]): boolean {
  return remotes.some((name) => ref.startsWith(`refs/remotes/${name}/`));
}
