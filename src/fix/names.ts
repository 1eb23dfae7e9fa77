import type { DetectorDoc } from "../detectors/load.js";
import type { Finding } from "../model/index.js";
import { secretDigest } from "../util/crypto.js";

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const MAX_SUFFIX = 20;

/** The variable a finding should be read from: its own, else its detector's; null when neither is a usable name. */
export function baseName(f: Finding, guidance: (id: string) => DetectorDoc | undefined): string | null {
  const name = f.envVar ?? guidance(f.detector.id)?.guidance?.envVar;
  return name && ENV_NAME.test(name) ? name : null;
}

export interface Assigned {
  name: string;
  /** The .env key holding the value (the name, or e.g. TF_VAR_name). */
  key: string;
  /** The value is already in .env under that key: nothing to append. */
  present: boolean;
}

/**
 * Gives each secret one name: the same secret keeps the name it got, two different secrets never share one,
 * a value already in .env is read from the name it has there, and a name already in .env with another value is
 * passed over (NAME_2, NAME_3…).
 */
export class NameBook {
  private readonly byDigest = new Map<string, Assigned>();
  private readonly takenKeys = new Map<string, string>();

  constructor(private readonly existing: Map<string, string>) {}

  assign(base: string, digest: string, keyOf: (name: string) => string): Assigned | null {
    const kind = keyOf("X");
    const memo = this.byDigest.get(`${kind}:${digest}`);
    if (memo) return memo;
    const reused = kind === "X" ? this.alreadyInEnv(digest) : undefined;
    if (reused) return this.take(reused, reused, digest, kind, true);
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const name = n === 1 ? base : `${base}_${n}`;
      const key = keyOf(name);
      const owner = this.takenKeys.get(key);
      if (owner !== undefined && owner !== digest) continue;
      const there = this.existing.get(key);
      if (there !== undefined && secretDigest(there) !== digest) continue;
      return this.take(name, key, digest, kind, there !== undefined);
    }
    return null;
  }

  /** The value is already in .env under some name: read it from there rather than store it twice. */
  private alreadyInEnv(digest: string): string | undefined {
    for (const [key, value] of this.existing) if (ENV_NAME.test(key) && secretDigest(value) === digest) return key;
    return undefined;
  }

  private take(name: string, key: string, digest: string, kind: string, present: boolean): Assigned {
    const assigned = { name, key, present };
    this.takenKeys.set(key, digest);
    this.byDigest.set(`${kind}:${digest}`, assigned);
    return assigned;
  }
}
