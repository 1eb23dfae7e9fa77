// A tag may point at another annotated tag (a nested tag): pushing the outer one sends the inner tag object,
// message and all, though no ref names it.
import { readObjects } from "./objects.js";

export interface PushedTag {
  name: string;
  sha: string;
}

// git itself peels at most this deep in places; a deeper chain is not a real tag history.
const MAX_TAG_DEPTH = 10;

/**
 * The pushed tags and every tag object they point at through other tags, each named by its own `tag` header.
 * `skip` says which tag objects the other side already has. Bounded in depth, and a cycle (impossible in a
 * sound repository, since an object names its target by hash) stops at an object already taken.
 */
export function withNestedTags(tags: PushedTag[], skip: (sha: string) => boolean = () => false): PushedTag[] {
  const all = [...tags];
  const seen = new Set(tags.map((t) => t.sha));
  // Each level is read once: an inner tag's name is in its own header.
  let level: { sha: string; inner: boolean }[] = tags.map((t) => ({ sha: t.sha, inner: false }));
  for (let depth = 0; depth <= MAX_TAG_DEPTH && level.length; depth++) {
    const objects = readObjects(level.map((l) => l.sha));
    const next: { sha: string; inner: boolean }[] = [];
    level.forEach(({ sha, inner }, i) => {
      const object = objects[i];
      if (object?.type !== "tag") return;
      const head = object.content.toString("utf8", 0, Math.max(0, object.content.indexOf("\n\n")));
      if (inner) all.push({ name: /^tag (.*)$/m.exec(head)?.[1] || sha.slice(0, 8), sha });
      const target = /^object ([0-9a-f]+)$/m.exec(head)?.[1];
      if (depth === MAX_TAG_DEPTH || !target || /^type (.*)$/m.exec(head)?.[1] !== "tag" || seen.has(target) || skip(target)) return;
      seen.add(target);
      next.push({ sha: target, inner: true });
    });
    level = next;
  }
  return all;
}
