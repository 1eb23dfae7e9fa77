// A Google API key, unless it is the apiKey of a Firebase web app's config: Firebase documents that key as an
// identifier meant for client code (access is governed by Security Rules and App Check), not a secret.
import type { Validator } from "./validator.js";

// What a Firebase web config holds beside its apiKey: authDomain `<project>.firebaseapp.com`, messagingSenderId
// (also as MESSAGING_SENDER_ID in a .env) and a web appId `1:<sender id>:web:<hex>`. A key cannot spell these.
const FIREBASE_WEB_CONFIG = /firebaseapp\.com|messaging_?sender_?id|\d:web:[0-9a-f]/i;

export const googleApiKey: Validator = {
  // The detector's pattern reads on to the first such marker within a few lines, so `match` shows the ones after
  // the key; `line` shows those before it on a one-line (minified) config.
  validate: (_key, match, line = "") => !FIREBASE_WEB_CONFIG.test(match) && !FIREBASE_WEB_CONFIG.test(line),
};
