// A JWT whose claims make it a credential: a subject or issuer plus a role/scope/permission-like claim.
import { buildJwt, jwtParts } from "./jwtParts.js";
import { randomFrom, SampleTemplateError, type Validator } from "./validator.js";

// Claims that make a token a credential rather than, say, a signed public document.
const CREDENTIAL_CLAIMS = ["role", "scope", "scp", "permissions", "roles", "api_key", "apikey", "key", "token_type", "azp", "client_id", "grant_type"];

const LOWERNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** `{jwt:credential|service-role|kubernetes|plain|expired}`: a signed-looking JWT with that kind of claim set. */
function jwtSample(kind: string, random: () => number): string {
  const now = Math.floor(Date.now() / 1000);
  const sub = randomFrom(LOWERNUM, 16, random);
  const payloads: Record<string, object> = {
    credential: { iss: "https://auth.acme-corp.dev/", sub, scope: "admin write:all", iat: now - 3600 },
    "service-role": { iss: "supabase", ref: sub, role: "service_role", iat: now - 3600 },
    kubernetes: {
      iss: "kubernetes/serviceaccount",
      "kubernetes.io/serviceaccount/namespace": "ci",
      "kubernetes.io/serviceaccount/service-account.name": "deployer",
      sub: `system:serviceaccount:ci:deployer-${sub.slice(0, 4)}`,
    },
    plain: { page: sub, iat: now },
    expired: { iss: "auth", sub, scope: "read", exp: now - 3 * 365 * 24 * 3600 },
  };
  const payload = payloads[kind];
  if (!payload) throw new SampleTemplateError(`unknown JWT sample kind "${kind}"`);
  return buildJwt(payload, randomFrom(BASE64URL, 43, random));
}

export const jwtCredential: Validator = {
  validate(token) {
    const parts = jwtParts(token);
    if (!parts) return false;
    const { payload } = parts;
    const exp = typeof payload.exp === "number" ? payload.exp : undefined;
    // Long-expired tokens in fixtures are noise; a token without expiry is the dangerous kind.
    if (exp !== undefined && exp * 1000 < Date.now() - 365 * 24 * 3600 * 1000) return false;
    // Public-by-design tokens (a Supabase anon key) carry a role too, but an anonymous one.
    if (typeof payload.role === "string" && /^(anon|anonymous|public|guest)$/i.test(payload.role)) return false;
    return CREDENTIAL_CLAIMS.some((c) => c in payload) || ("sub" in payload && "iss" in payload);
  },
  sample: { kind: "jwt", build: jwtSample },
};
