import type { Finding, CommitInfo } from "../engine/scan.js";
import type { ScanStats } from "../git/patchParser.js";

/** Where a secret has gone, decided from local information only. */
export type Exposure =
  | { kind: "staged" }
  /** In commits that no remote-tracking ref contains: blocked before it left the machine. */
  | { kind: "local"; commit: CommitInfo; isTip: boolean; parent: string | null }
  /** In a tag's message, or a blob or tree pushed under a tag, that no remote has yet. */
  | { kind: "object"; where: string }
  /** In the commit message being written. */
  | { kind: "message" }
  /**
   * The secret itself is already reachable from these remote-tracking refs (its commit is, or the same value is
   * at the same path there): it has left the machine, and pushing it again exposes nothing new.
   */
  | { kind: "remote"; commit?: CommitInfo; remoteRefs: string[] };

export type SuppressionMechanism = "inline" | "allow-file" | "config";

export interface Suppressed {
  finding: Finding;
  mechanism: SuppressionMechanism;
  reason: string;
}

export interface Outcome {
  mode: "staged" | "push";
  findings: Finding[];
  suppressed: Suppressed[];
  /** Exposure per finding, same order as findings. */
  exposures: Exposure[];
  stats: ScanStats;
  /** Files touched by the change at all; zero means there was nothing to scan. */
  filesChanged: number;
  commitsScanned?: number;
  notes: string[];
}
