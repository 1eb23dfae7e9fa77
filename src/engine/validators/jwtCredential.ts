// A JWT whose claims make it a credential (a subject or issuer plus a role/scope/permission-like claim), or any live
// JWT sent as a Bearer credential.
import { buildJwt, jwtParts } from "./jwtParts.js";
import { randomFrom, SampleTemplateError, type Validator } from "./validator.js";

// Claims that make a token a credential rather than, say, a signed public document.
const CREDENTIAL_CLAIMS = ["role", "scope", "scp", "permissions", "roles", "api_key", "apikey", "key", "token_type", "azp", "client_id", "grant_type"];

const LOWERNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** `{jwt:credential|service-role|kubernetes|session|plain|expired}`: a signed-looking JWT with that kind of claim set. */
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
    // A user's session token: no role or issuer, only who it is and when it ends.
    session: { sub, email: `${sub.slice(0, 6)}@acme.io`, iat: now - 60, exp: now + 3600 },
    plain: { page: sub, iat: now },
    expired: { iss: "auth", sub, scope: "read", exp: now - 3 * 365 * 24 * 3600 },
  };
  const payload = payloads[kind];
  if (!payload) throw new SampleTemplateError(`unknown JWT sample kind "${kind}"`);
  return buildJwt(payload, randomFrom(BASE64URL, 43, random));
}

/**
 * Whether a JWT could still be accepted: not expired for over a year (long-expired tokens in fixtures are noise; the
 * year leaves room for history scanned after the fact) and not a public-by-design anonymous role (a Supabase anon key).
 */
export function jwtMayBeLive(payload: Record<string, unknown>): boolean {
  const exp = typeof payload.exp === "number" ? payload.exp : undefined;
  if (exp !== undefined && exp * 1000 < Date.now() - 365 * 24 * 3600 * 1000) return false;
  return !(typeof payload.role === "string" && /^(anon|anonymous|public|guest)$/i.test(payload.role));
}

// Where the token is sent as a credential, whatever its claims: after `Bearer ` (a header, a curl -H), as
// C#'s AuthenticationHeaderValue("Bearer", "…"), or after an Authorization header's `Token `/`JWT ` scheme.
const SENT_AS_CREDENTIAL = /(?:\bbearer|\bauthorization(?:["']?[ \t]*[:=]|["'][ \t]*,)[ \t]*[fbr]{0,2}["']?(?:token|jwt))[ \t]+$|\bbearer["'][ \t]*,[ \t]*["']$/i;

export const jwtCredential: Validator = {
  validate(token, _match, line = "") {
    const parts = jwtParts(token);
    if (!parts || !jwtMayBeLive(parts.payload)) return false;
    const { payload } = parts;
    const at = line.indexOf(token);
    if (at >= 0 && SENT_AS_CREDENTIAL.test(line.slice(Math.max(0, at - 200), at))) return true;
    return CREDENTIAL_CLAIMS.some((c) => c in payload) || ("sub" in payload && "iss" in payload);
  },
  sample: { kind: "jwt", build: jwtSample },
};
