/**
 * A URL without the user and password before its host (`https://user:token@host/…` is common in remote URLs).
 * The host starts after the last `@` before the path: a password may hold a raw `@`.
 */
export function withoutUserinfo(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/]*@/, "$1");
}
