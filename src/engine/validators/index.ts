// Every validator a detector can name in its `validator` field. A new one is one file plus its line here.
import { base58checkWif } from "./base58checkWif.js";
import { crc32Base62 } from "./crc32Base62.js";
import { genericSecret } from "./genericSecret.js";
import { githubInstallationToken } from "./githubInstallationToken.js";
import { httpCredentials } from "./httpCredentials.js";
import { jwt } from "./jwt.js";
import * as jwtClaims from "./jwtCredential.js";
import { macaroonV2 } from "./macaroonV2.js";
import { pemPrivateKey } from "./pemPrivateKey.js";
import * as keystore from "./pkcs12PrivateKey.js";
import type { Validator } from "./validator.js";

export type { Validator } from "./validator.js";
export { SampleTemplateError } from "./validator.js";

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  "crc32-base62": crc32Base62,
  "macaroon-v2": macaroonV2,
  "pkcs12-private-key": keystore.pkcs12PrivateKey,
  jwt,
  "jwt-credential": jwtClaims.jwtCredential,
  "generic-secret": genericSecret,
  "github-installation-token": githubInstallationToken,
  "base58check-wif": base58checkWif,
  "http-credentials": httpCredentials,
  "pem-private-key": pemPrivateKey,
};
