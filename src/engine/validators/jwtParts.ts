// Shared by the JWT validators: the decoded header and payload of a signed token, and building one for samples.

function decodeJsonPart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function jwtParts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[2].length < 16) return null;
  const header = decodeJsonPart(parts[0]);
  const payload = decodeJsonPart(parts[1]);
  if (!header || !payload || typeof header.alg !== "string" || header.alg.toLowerCase() === "none") return null;
  return { header, payload };
}

function b64urlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A structurally valid JWT around a given signature, for samples. */
export function buildJwt(payload: object, signature: string): string {
  return `${b64urlJson({ alg: "HS256", typ: "JWT" })}.${b64urlJson(payload)}.${signature}`;
}
