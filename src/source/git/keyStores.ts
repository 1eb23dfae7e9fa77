// Keystores and key files committed in binary form (.p12, .pfx, .jks, .keystore, a DER .key): binary content is
// otherwise skipped, but these are credentials whole. One is read as its base64, one line, so the detectors that
// read keystores and keys pasted as base64 judge it (a truststore or a certificate stays quiet).
import type { Change, CommitInfo } from "../../model/index.js";

/** Keystores are a few KB; a binary file larger than this is not one worth reading whole. */
export const MAX_KEY_STORE_BYTES = 64 * 1024;

const JKS = [0xfe, 0xed, 0xfe, 0xed];
const JCEKS = [0xce, 0xce, 0xce, 0xce];

/** Whether a binary file's first bytes may be a keystore or a key: JKS or JCEKS magic, or a DER SEQUENCE (PKCS#12, PKCS#8, PKCS#1, SEC1). */
export function mayBeKeyStore(head: Buffer, size: number): boolean {
  if (size > MAX_KEY_STORE_BYTES || head.length < 4) return false;
  const starts = (magic: number[]) => magic.every((b, i) => head[i] === b);
  return starts(JKS) || starts(JCEKS) || (head[0] === 0x30 && (head[1] === 0x82 || head[1] === 0x81 || head[1] < 0x80));
}

/** The whole file as one line of base64, for the detectors. */
export function keyStoreChange(path: string, commit: CommitInfo | undefined, content: Buffer): Change {
  return { path, commit, origin: "content", lines: [{ number: 1, text: content.toString("base64"), added: true }] };
}
