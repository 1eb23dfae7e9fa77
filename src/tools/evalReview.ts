// The reviewed findings of `npm run eval`'s noise corpora: what each one is, so a run tells known findings from new
// ones and counts false alarms apart from real key material and documentation examples. Paths only, no values.

type Verdict = "real key material" | "example value" | "false alarm";

interface Reviewed {
  /** The corpus name as eval prints it before a finding's path (up to " ("). */
  corpus: string;
  /** A path in that corpus, or a folder ending in `/`. */
  path: string;
  /** Every detector when absent. */
  detector?: string;
  verdict: Verdict;
  why: string;
}

const PYTHON = "Python standard library";
const SITE = "Python packages installed there";
const SHARE = "/usr/share text files";
const GCLOUD = "Google Cloud SDK";
const DEBIAN_PYTHON = "Debian's Python packages";

const REVIEWED: Reviewed[] = [
  // Private keys committed as test fixtures: real keys, public only because their projects published them.
  { corpus: PYTHON, path: "test/certdata/", verdict: "real key material", why: "CPython's TLS test keys" },
  { corpus: SITE, path: "moto/moto_proxy/", verdict: "real key material", why: "moto's proxy CA key" },
  { corpus: SHARE, path: "doc/libxmlsec1-dev/examples/", verdict: "real key material", why: "xmlsec's example RSA key" },
  { corpus: GCLOUD, path: "platform/gsutil/third_party/google-auth-library-python/tests/", verdict: "real key material", why: "google-auth's test keys and service accounts" },
  { corpus: GCLOUD, path: "platform/gsutil/third_party/requests/tests/certs/", verdict: "real key material", why: "requests' test certificates' keys" },
  { corpus: GCLOUD, path: "platform/gsutil/third_party/urllib3/dummyserver/certs/", verdict: "real key material", why: "urllib3's test server keys" },
  { corpus: GCLOUD, path: "platform/gsutil/gslib/tests/test_data/", verdict: "real key material", why: "gsutil's test service account" },
  { corpus: GCLOUD, path: "platform/gsutil/gslib/vendored/boto/tests/unit/cloudfront/", verdict: "real key material", why: "boto's CloudFront signing test key" },
  // Credentials a client ships on purpose: installed-app OAuth client secrets and API keys, public by design.
  { corpus: GCLOUD, path: "lib/googlecloudsdk/api_lib/auth/util.py", verdict: "real key material", why: "gcloud's installed-app OAuth client secret" },
  { corpus: GCLOUD, path: "lib/googlecloudsdk/core/config.py", verdict: "real key material", why: "gcloud's installed-app OAuth client secret" },
  { corpus: GCLOUD, path: "platform/bq/auth/utils.py", verdict: "real key material", why: "bq's installed-app OAuth client secrets" },
  { corpus: GCLOUD, path: "lib/googlecloudsdk/command_lib/crash_handling.py", verdict: "real key material", why: "the crash reporter's API key" },
  { corpus: GCLOUD, path: "platform/gsutil/gslib/", detector: "google-api-key", verdict: "real key material", why: "gsutil's API keys for Google APIs" },
  // Jetty's obfuscated default keystore passwords: OBF is reversible, so this is the password itself.
  { corpus: GCLOUD, path: "platform/google_appengine/google/appengine/tools/java/jetty94/jetty-home/modules/ssl.mod", verdict: "real key material", why: "Jetty's default keystore password, obfuscated" },
  { corpus: GCLOUD, path: "platform/google_appengine/google/appengine/tools/java/jetty12/jetty-home/modules/test-keystore.mod", verdict: "real key material", why: "Jetty's test keystore password, obfuscated" },
  // Documentation and tests with values made up in the shape of real ones: nothing in the text tells them apart.
  { corpus: SITE, path: "awscli/examples/", verdict: "example value", why: "AWS CLI examples with real-looking keys and passwords" },
  { corpus: SHARE, path: "doc/git/contrib/credential/netrc/", verdict: "example value", why: "git's netrc helper test file" },
  { corpus: GCLOUD, path: "lib/third_party/oauthlib/", verdict: "example value", why: "oauthlib docstrings' made-up tokens" },
  { corpus: GCLOUD, path: "platform/google_appengine/lib/oauthlib/", verdict: "example value", why: "oauthlib docstrings' made-up tokens" },
  { corpus: GCLOUD, path: "lib/third_party/requests_oauthlib/", verdict: "example value", why: "requests-oauthlib docstrings' made-up tokens" },
  { corpus: GCLOUD, path: "platform/google_appengine/lib/requests_oauthlib/", verdict: "example value", why: "requests-oauthlib docstrings' made-up tokens" },
  { corpus: GCLOUD, path: "lib/third_party/google_auth_oauthlib/", verdict: "example value", why: "a docstring's example client secret" },
  { corpus: GCLOUD, path: "platform/google_appengine/lib/google_auth_oauthlib/", verdict: "example value", why: "a docstring's example client secret" },
  { corpus: DEBIAN_PYTHON, path: "dist-packages/oauthlib/", verdict: "example value", why: "oauthlib docstrings' made-up tokens" },
  { corpus: GCLOUD, path: "lib/third_party/kubernetes/config/kube_config_test.py", verdict: "example value", why: "a test's refresh token" },
  { corpus: GCLOUD, path: "lib/surface/oracle_database/autonomous_databases/_partials/", verdict: "example value", why: "help text's example admin password" },
  { corpus: GCLOUD, path: "platform/google_appengine/google/appengine/tools/java/jetty94/jetty-home/modules/openid.mod", verdict: "example value", why: "a commented example client secret" },
  { corpus: GCLOUD, path: "platform/google_appengine/google/appengine/tools/java/jetty12/jetty-home/modules/openid.mod", verdict: "example value", why: "a commented example client secret" },
  { corpus: GCLOUD, path: "platform/gsutil/gslib/vendored/boto/tests/unit/auth/test_stsanon.py", verdict: "example value", why: "a test's web identity token" },
  // Not credentials at all.
  { corpus: GCLOUD, path: "platform/gsutil/gslib/vendored/boto/tests/unit/ec2/test_connection.py", verdict: "false alarm", why: "an EC2 clientToken (idempotency, not a secret)" },
];

/** The review of a finding at `path` in `corpus` by `detector`, or undefined when nobody has looked at it yet. */
export function reviewOf(corpus: string, path: string, detector: string): Reviewed | undefined {
  return REVIEWED.find(
    (r) => r.corpus === corpus && (r.path.endsWith("/") ? path.startsWith(r.path) : path === r.path) && (r.detector === undefined || r.detector === detector),
  );
}
