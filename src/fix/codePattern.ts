import { re2, type RE2 } from "../engine/re2.js";

// The user's code is scanned data: patterns over it run on RE2 (linear time), compiled once, on first use.
const compiled = new Map<string, RE2>();

export function rx(pattern: RegExp): RE2 {
  const key = `${pattern.flags}/${pattern.source}`;
  let found = compiled.get(key);
  if (!found) compiled.set(key, (found = new (re2())(pattern)));
  return found;
}
