// The generic detector across languages and config formats (issue 13), with curl, mysql -p and Kubernetes
// stringData beside it: each form is found where its value is, and references, ciphertext, hashes, public keys,
// ids, placeholders and type annotations stay quiet.
import { afterAll, describe, expect, it } from "vitest";
import { describe as describeFinding, scanText } from "./engineHelpers.js";
import { cleanupTempDirs, fake, git, makeRepo, runCli, runJson, SEED, write } from "./helpers.js";

afterAll(cleanupTempDirs);

const GENERIC = "generic-secret-assignment";

interface Form {
  form: string;
  path: string;
  /** The text before the value, the value's template, the text after it. */
  before: string;
  value: string;
  after?: string;
  detector?: string;
}

const FORMS: Form[] = [
  // Declarations and assignments.
  { form: "Go typed var", path: "cmd/db.go", before: 'var dbPassword string = "', value: "{base62:20}", after: '"' },
  { form: "Go const", path: "cmd/api.go", before: 'const apiToken = "', value: "{base62:24}", after: '"' },
  { form: "TypeScript typed field", path: "src/api.ts", before: "  private readonly apiKey: string = '", value: "{base62:24}", after: "';" },
  { form: "Rust &str const", path: "src/main.rs", before: 'const API_TOKEN: &str = "', value: "{base62:24}", after: '";' },
  { form: "PHP .=", path: "index.php", before: '$secret .= "', value: "{base62:20}", after: '";' },
  { form: "PHP define()", path: "wp-config.php", before: "define('DB_PASSWORD', '", value: "{base62:16}", after: "');" },
  { form: "Makefile ?=", path: "Makefile", before: "DB_PASSWORD ?= ", value: "{base62:16}" },
  { form: "Makefile ::=", path: "Makefile", before: "API_TOKEN ::= ", value: "{base62:24}" },
  { form: "Makefile :=", path: "Makefile", before: "API_TOKEN := ", value: "{base62:24}" },
  { form: "Makefile +=", path: "Makefile", before: "API_TOKEN += ", value: "{base62:24}" },
  { form: "shell export", path: "deploy.sh", before: "export X_TOKEN=", value: "{base62:24}" },
  { form: "fish set -x", path: "config.fish", before: "set -x API_TOKEN ", value: "{base62:24}" },
  { form: "fish set -gx", path: "config.fish", before: "    set -gx API_TOKEN ", value: "{base62:24}" },
  { form: "csh setenv", path: ".cshrc", before: "setenv API_TOKEN ", value: "{base62:24}" },
  { form: "PowerShell $env:", path: "profile.ps1", before: '$env:API_KEY = "', value: "{base62:24}", after: '"' },
  { form: "Windows set", path: "run.bat", before: "set API_KEY=", value: "{base62:24}" },
  // Call arguments.
  { form: "System.setProperty", path: "App.java", before: 'System.setProperty("X_TOKEN", "', value: "{base62:24}", after: '");' },
  { form: "os.Setenv", path: "main.go", before: 'os.Setenv("DB_PASSWORD", "', value: "{base62:16}", after: '")' },
  { form: "setenv()", path: "main.c", before: 'setenv("API_TOKEN", "', value: "{base62:24}", after: '", 1);' },
  { form: "putenv()", path: "main.c", before: 'putenv("API_KEY=', value: "{base62:24}", after: '");' },
  { form: "map.put", path: "Config.java", before: 'map.put("password", "', value: "{base62:16}", after: '");' },
  { form: "config.set", path: "app.js", before: "config.set('apiKey', '", value: "{base62:24}", after: "');" },
  { form: "headers[...] =", path: "app.js", before: 'headers["X-Api-Key"] = "', value: "{base62:32}", after: '";' },
  { form: "Python kwarg", path: "app.py", before: 'client = Client(host="db", password="', value: "{base62:16}", after: '")' },
  { form: "Ruby hash argument", path: "app.rb", before: 'Client.new(user: "app", password: "', value: "{base62:16}", after: '")' },
  { form: "Ruby ENV ||=", path: "config/boot.rb", before: 'ENV["API_TOKEN"] ||= "', value: "{base62:24}", after: '"' },
  // XML.
  { form: "XML element", path: "pom.xml", before: "<properties>\n  <apiToken>", value: "{base62:24}", after: "</apiToken>" },
  { form: "Maven settings password", path: "settings.xml", before: "<server>\n  <id>nexus</id>\n  <password>", value: "{base62:16}", after: "</password>", detector: "maven-settings-password" },
  { form: "XML attribute", path: "context.xml", before: '<Resource name="jdbc/app" username="app" password="', value: "{base62:16}", after: '" />' },
  { form: ".NET appSettings", path: "web.config", before: '<appSettings>\n  <add key="ApiKey" value="', value: "{base62:32}", after: '"/>' },
  { form: "Java properties XML", path: "app.xml", before: '<entry key="db.password">', value: "{base62:16}", after: "</entry>" },
  // Config files.
  { form: ".properties =", path: "application.properties", before: "db.url=jdbc:postgresql://db/app\ndb.password=", value: "{base62:16}" },
  { form: ".properties :", path: "application.properties", before: "db.password:", value: "{base62:16}" },
  { form: "INI under a section", path: "app.ini", before: "[database]\nhost = db\npassword = ", value: "{base62:16}" },
  { form: "Terraform resource", path: "main.tf", before: 'resource "aws_db_instance" "db" {\n  username = "app"\n  password = "', value: "{base62:16}", after: '"\n}' },
  { form: "TOML", path: "config.toml", before: '[auth]\napi_token = "', value: "{base62:24}", after: '"' },
  { form: "Dockerfile ENV =", path: "Dockerfile", before: "FROM node:20\nENV DB_PASSWORD=", value: "{base62:16}" },
  { form: "Dockerfile ENV with a space", path: "Dockerfile", before: "FROM node:20\nENV DB_PASSWORD ", value: "{base62:16}" },
  { form: "Dockerfile ARG", path: "Dockerfile", before: "FROM node:20\nARG API_TOKEN=", value: "{base62:24}" },
  { form: "--password=", path: "run.sh", before: "./tool --password=", value: "{base62:16}" },
  { form: "--token with a space", path: "run.sh", before: "./tool --token ", value: "{base62:24}" },
  { form: "mysql -p", path: "backup.sh", before: "mysql -uroot -p", value: "{base62:14}", after: " app", detector: "mysql-cli-password" },
  { form: "mysqldump -p", path: "backup.sh", before: "mysqldump -u backup -p'", value: "{base62:14}", after: "' --all-databases", detector: "mysql-cli-password" },
  // curl.
  { form: "curl -u", path: "ci.sh", before: "curl -u deploy:", value: "{base62:16}", after: " https://ci.acme.io/api/json", detector: "curl-credentials" },
  { form: "curl --user", path: "ci.sh", before: "curl --user deploy:", value: "{base62:16}", after: " https://ci.acme.io/api/json", detector: "curl-credentials" },
  { form: "curl -u past a line continuation", path: "ci.sh", before: "curl -sS \\\n  -u ci-bot:", value: "{base62:20}", after: " \\\n  https://ci.acme.io", detector: "curl-credentials" },
  { form: "curl Bearer header", path: "ci.sh", before: 'curl -H "Authorization: Bearer ', value: "{base62:40}", after: '" https://api.acme.io/v1/me', detector: "curl-credentials" },
  { form: "curl Basic header", path: "ci.sh", before: "curl -H 'Authorization: Basic ", value: "{basic:deploy}", after: "' https://api.acme.io/v1/me", detector: "curl-credentials" },
  { form: "curl X-API-Key header", path: "ci.sh", before: 'curl -H "X-API-Key: ', value: "{base62:32}", after: '" https://api.acme.io/v1/me' },
  // Connection strings the SQL Server and ODBC detectors leave (no Server=, Data Source=, Driver= or DSN=).
  { form: "Npgsql Password=", path: "appsettings.json", before: '"Db": "Host=db.internal;Database=app;Username=app;Password=', value: "{base62:14}", after: ';"' },
  { form: "ADO Pwd= (short)", path: "appsettings.json", before: '"Db": "User ID=app;Pwd=', value: "{base62:10}", after: ';Initial Catalog=app"' },
  // A password that reads as a name is still the password where the syntax makes it literal.
  { form: "mysql -p, a password that reads as a name", path: "backup.sh", before: "mysql -uroot -p", value: "Maple{lower:3}Orbit{digits:2}", after: " app", detector: "mysql-cli-password" },
  { form: "--password=, a password that reads as a name", path: "run.sh", before: "./tool --password=", value: "Maple{lower:3}Orbit{digits:2}" },
  { form: "curl -u, a password that reads as a name", path: "ci.sh", before: "curl -u deploy:", value: "Maple{lower:3}Orbit{digits:2}", after: " https://ci.acme.io/api/json", detector: "curl-credentials" },
  { form: "ADO Pwd=, a password that reads as a name", path: "appsettings.json", before: '"Db": "User ID=app;Pwd=', value: "Maple{lower:3}Orbit{digits:2}", after: ';Initial Catalog=app"' },
  // A person's password of words and a number reads as a name, and is still a password.
  { form: ".env, a password of words and a number", path: ".env", before: "DB_PASSWORD=", value: "Maple{lower:3}Orbit{digits:4}" },
  { form: "docker-compose, a password of words and a number", path: "docker-compose.yml", before: "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ", value: "Maple{lower:3}Orbit{digits:4}" },
  { form: "a Python string, a password of words and a number", path: "settings.py", before: 'DB_PASSWORD = "', value: "Maple{lower:3}Orbit{digits:4}", after: '"' },
  // Passwords a person chose are often 8 to 11 characters: under a password's name that is long enough.
  { form: ".env, a short password", path: ".env", before: "DB_PASSWORD=", value: "{base62:11}" },
  { form: ".env, a short password before a comment", path: ".env", before: "SMTP_PASSWORD=", value: "{base62:10}", after: " # rotated monthly" },
  { form: "a Python string, a short password", path: "settings.py", before: 'SMTP_PASSWORD = "', value: "{base62:10}", after: '"' },
  // Names that end in _PASS, as many images read them (MAIL_PASS, DB_PASS).
  { form: "compose _PASS", path: "docker-compose.yml", before: "services:\n  mailer:\n    environment:\n      MAIL_PASS: ", value: "{base62:16}" },
  { form: ".env _PASS, a short password", path: ".env", before: "APP_DB_PASS=", value: "{base62:10}" },
  // Kubernetes.
  {
    form: "Kubernetes Secret stringData",
    path: "k8s/secret.yaml",
    before: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: payments\nstringData:\n  username: payments\n  api: ",
    value: "{base62:24}",
    detector: "kubernetes-secret-string-data",
  },
];

/** A value that is not read as a word: a digit among the letters (random letters alone sometimes spell a name). */
function valueOf(template: string): string {
  for (;;) {
    const value = fake(template);
    if (/\d/.test(value) || template.startsWith("{basic")) return value;
  }
}

describe(`generic detector forms (seed ${SEED})`, () => {
  it.each(FORMS)("finds $form at its line and column", ({ path, before, value: template, after = "", detector = GENERIC }) => {
    const value = valueOf(template);
    const text = `${before}${value}${after}\n`;
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    const found = scanText(text, { path }).map(describeFinding);
    expect(found).toEqual([`${detector} ${path}:${line}:${column}-${column + value.length}`]);
  });

  it("names the variable a call argument or XML key assigns, for the fix", () => {
    const [setenv] = scanText(`os.Setenv("DB_PASSWORD", "${valueOf("{base62:16}")}")\n`, { path: "main.go" });
    const [xml] = scanText(`<add key="Stripe.ApiKey" value="${valueOf("{base62:32}")}"/>\n`, { path: "web.config" });
    expect([setenv.envVar, xml.envVar]).toEqual(["DB_PASSWORD", "STRIPE_API_KEY"]);
  });

  it("finds every entry of a Kubernetes Secret's stringData, one finding each", () => {
    const values = [1, 2, 3].map(() => valueOf("{base62:20}"));
    const text = `kind: Secret\nstringData:\n  A1: ${values[0]}\n  DB_PASSWORD: ${values[1]}\n  region: eu-west-1\n  A3: ${values[2]}\n`;
    expect(scanText(text, { path: "secret.yaml" }).map(describeFinding)).toEqual([
      "kubernetes-secret-string-data secret.yaml:3:7-27",
      "kubernetes-secret-string-data secret.yaml:4:16-36",
      "kubernetes-secret-string-data secret.yaml:6:7-27",
    ]);
  });
});

const QUIET: [string, string][] = [
  // Code that only looks like an assignment (found in Python's installed packages by npm run eval).
  ["a class whose name ends in Token, then its body", "class JsonWebToken:\n    SENSITIVE_NAMES: Final[tuple[str, ...]]"],
  ["a list of names, one of them secret-like", '    "SSL_SESSION_set1_master_key",\n    "SSL_SESSION_set_cipher",'],
  ["a tuple of strings", "('http', 'user/name', 'password', 'localhost:8080')"],
  ["a label repeating its variable's name", "    ACCESS_KEY = 'AWSAccessKeyId'\n    SECRET_KEY = 'AWSSecretKey'"],
  // References to a secret store or a variable.
  ["1Password reference", "password: op://vault/item/field"],
  ["Vault reference", "db_password: vault:secret/data/app#password"],
  ["secretRef", "envFrom:\n  - secretRef:\n      name: app-secrets-prod"],
  ["secretKeyRef", "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: app-secret\n        key: password"],
  ["GitHub Actions secret", "token: ${{ secrets.DEPLOY_TOKEN }}"],
  ["${VAR}", "API_TOKEN=${API_TOKEN_FROM_CI}"],
  ["$(VAR)", "API_TOKEN := $(API_TOKEN_FROM_ENV)"],
  ["%VAR%", "set API_TOKEN=%CI_API_TOKEN%"],
  ["Helm value", "password: {{ .Values.db.password }}"],
  ["process.env", "const apiToken = process.env.API_TOKEN;"],
  ["os.environ", 'password = os.environ["DB_PASSWORD"]'],
  ["System.getenv", 'String token = System.getenv("API_TOKEN");'],
  ["HCL var.", "  password = var.db_password"],
  ["HCL data.", "  password = data.aws_secretsmanager_secret_version.db.secret_string"],
  ["HCL local.", "  password = local.db_password"],
  ["CloudFormation !Ref", "  MasterUserPassword: !Ref DbPassword"],
  ["CloudFormation !Sub", "  MasterUserPassword: !Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'"],
  ["dynamic reference", "  MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'"],
  ["Secrets Manager ARN", "secret_arn: arn:aws:secretsmanager:eu-west-1:{digits:12}:secret:prod/db-{base62:6}"],
  ["call argument from the environment", 'System.setProperty("api.token", System.getenv("API_TOKEN"));'],
  ["os.Setenv from config", "os.Setenv(\"DB_PASSWORD\", cfg.DatabasePassword)"],
  ["define() from getenv", "define('DB_PASSWORD', getenv('DB_PASSWORD'));"],
  ["XML property reference", "<password>${db.password}</password>"],
  ["appSettings variable", '<add key="ApiKey" value="%API_KEY%"/>'],
  ["curl -u from variables", 'curl -u "$CI_USER:$CI_TOKEN" https://ci.acme.io/api/json'],
  ["curl Bearer from a variable", 'curl -H "Authorization: Bearer $API_TOKEN" https://api.acme.io'],
  ["curl Basic built at run time", "curl -H \"Authorization: Basic $(printf '%s:%s' \"$USER\" \"$PASS\" | base64)\" https://api.acme.io"],
  ["Basic that is no user:password", "Authorization: Basic {base64:24}"],
  ["mysql prompting for the password", "mysql -u root -p app < schema.sql"],
  ["mysql -p from a variable", 'mysql -u root -p"$MYSQL_ROOT_PASSWORD" app'],
  ["Dockerfile secret file path", "ENV DB_PASSWORD_FILE /run/secrets/db_password"],
  ["Helm stringData", "kind: Secret\nstringData:\n  password: {{ .Values.db.password | quote }}"],
  ["stringData outside a Secret", "kind: ConfigMap\nstringData:\n  api: {base62:24}"],
  // Names without values.
  ["password: then nothing", "password:\n"],
  ["empty string", 'password = ""'],
  ["None", "password = None"],
  ["null", "password = null"],
  ["undefined", "password = undefined"],
  ["Go declaration without a value", "var dbPassword string"],
  // Ciphertext.
  ["sealed secret", "kind: SealedSecret\nspec:\n  encryptedData:\n    password: AgB{base64:300}"],
  ["SOPS", "password: ENC[AES256_GCM,data:{base64:24},iv:{base64:44},tag:{base64:24},type:str]"],
  ["ansible-vault", "db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  {hex:80}"],
  ["KMS ciphertext", "db_password: AQICAH{base64:180}"],
  // Public keys.
  ["ssh public key", "public_key: ssh-rsa AAAAB3NzaC1yc2E{base64:200} deploy@ci"],
  ["PEM public key", 'public_key = """-----BEGIN PUBLIC KEY-----\nMIIB{base64:60}\n-----END PUBLIC KEY-----"""'],
  ["publicKey", 'publicKey: "{base64:88}"'],
  ["public api key", 'publicApiKey: "{base62:40}"'],
  // Identifiers and settings named like secrets.
  ["client_id", "client_id: {base62:24}"],
  ["token_type", "token_type: Bearer"],
  ["tokenUrl", "tokenUrl: https://login.acme.io/oauth/token"],
  ["passwordPolicy", "passwordPolicy: MinLength12Upper1"],
  ["an assignment from a variable that reads as a name", "password = userPassword2\napi_token = sessionToken1"],
  ["a name written as a value, with a digit", 'TOKEN_STORAGE_KEY = "accessToken2"'],
  ["names that hold pass in another word, or name a file", 'bypass = "{base62:16}"\ncompass_heading = "{base62:16}"\nDB_PASS_FILE=/run/secrets/{base62:12}\n/// Return true if -debug-pass=Executions'],
  ["a secret manager's secret named by a flag", 'GITHUB_TOKEN="$(gcloud secrets versions access latest --secret=myapp_GITHUB_TOKEN)"'],
  ["short values under a password's name that are no password", 'password = userPass\npwd = os.getcwd()\nDB_PASSWORD=postgres\npassword = "12345678"\nPASSWORD=${DB_PASS}\napi_token = "{base62:9}"'],
  ["password_reset_url", "password_reset_url: /account/reset"],
  // Hashes: a stored hash does not log anyone in.
  ["bcrypt", 'password_hash = "$2b$12${base64:53}"'],
  ["bcrypt as the password", 'user.password = "$2b$12${base64:53}"'],
  ["argon2", 'password = "$argon2id$v=19$m=65536,t=3,p=4${base64:22}${base64:43}"'],
  // Placeholders, type annotations and fixtures.
  ["placeholder", 'api_key: "<your api key>"'],
  ["placeholder word", 'define("AUTH_SECRET_KEY", "put-your-unique-phrase-here");'],
  ["type annotation", "  password: string;"],
  ["typed parameters", "function login(password: string, token?: string) {}"],
  ["password123", 'password = "password123"'],
  ["changeme", 'password = "changeme"'],
  ["fixture in an XML element", "<password>changeme</password>"],
  // Code and config around the new forms that holds no value.
  ["a label", 't("password", "Enter your password")'],
  ["a list of field names", 'const fields = ["password", "password_confirmation"];'],
  ["an empty setenv", 'setenv("API_TOKEN", "", 1);'],
  ["an XML placeholder", "<apiKey>YOUR_API_KEY_HERE</apiKey>"],
  ["a setting named after the password", "ENV PASSWORD_MIN_LENGTH 12"],
  ["fish set from an argument", "set -x API_TOKEN $argv[1]"],
  ["PHP .= a call", "$token .= chr(rand(65, 90));"],
  ["password: then a nested key", "password:\n  vault_path: secret/data/app"],
  ["a header set from a variable", 'headers.set("Authorization", "Bearer " + token);'],
  ["a template literal header", "headers: { Authorization: `Bearer ${token}` }"],
  ["an f-string header", 'requests.get(url, headers={"Authorization": f"Bearer {token}"})'],
  ["curl -u admin:admin", "curl -u admin:admin http://localhost:8080"],
  ["a header name in appSettings", '<add key="ApiKeyHeaderName" value="X-Api-Key-Header-Value"/>'],
  ["an empty connection-string password", 'var conn = "Host=db;Username=app;Password=;";'],
  ["a templated connection-string password", '"Host=db;Database=app;Username=app;Password={{db_password}};"'],
  // Quoted and dotenv values now run past symbols: prose, prompts, templates and code there stay quiet.
  ["a prompt", 'password = "Enter your password:"\npassword = getpass("Password: ")'],
  ["i18n messages", '"password": "Password must contain at least 8 characters",\n"password": "password.required",\n"passwordHint": "Use 8+ (a-z, A-Z, 0-9)"'],
  ["Jinja and Ansible templates", 'password: "{{ vault_pw }}"\npassword: "{{vault_db_password}}"'],
  ["a placeholder in angle brackets", '"password": "<password>"\nDB_PASSWORD=<db-password>'],
  ["a Python %-format", "password = '%(db_password)s'\nDB_PASSWORD = \"%s:%s\" % (user, pw)"],
  ["shell and compose references", 'DB_PASSWORD=${DB_PASSWORD:-changeme}\nPASSWORD="${DB_PASS}"\nexport DB_PASSWORD=$(cat /run/secrets/db)'],
  ["masked", 'password = "********"\nDB_PASSWORD=********'],
  ["dotenv references to code", "DB_PASSWORD=os.getenv(DB_PASS)\nDB_PASSWORD=self.DB_PASSWORD\nOLDPWD=/home/app/src"],
  ["identifiers joined by punctuation", 'password: "my-app-name"\ndb.password=db.password.field'],
  ["a label string, then code (minified UI)", 'o.createElement("label",{htmlFor:"auth_password"},"Password:"),B?$e.createElement("code",null," ****** "):o.createElement(Input,{type:"password"})'],
  ["JavaScript property assignments", "this.password = value.toString();\nurl.password = fixedValue;\noptions.password = parts[1];"],
  ["a word with a soft hyphen in it (a UI string)", '{"auth":{"token":"Zugangs\u00adtoken","label":"Token\u00adverwaltung"}}'],
];

describe(`generic detector stays quiet (seed ${SEED})`, () => {
  it.each(QUIET)("on %s", (_name, template) => {
    expect(scanText(fake(template), { path: "sample.txt" }).map(describeFinding)).toEqual([]);
  });
});

describe(`leakstop --staged with the new forms (seed ${SEED})`, () => {
  it("blocks a Dockerfile with ENV NAME value and curl -u user:password, at their lines, without printing either", () => {
    const repo = makeRepo();
    const password = valueOf("{base62:16}");
    const curlPassword = valueOf("{base62:16}");
    write(repo, "Dockerfile", `FROM node:20\nENV DB_PASSWORD ${password}\nRUN curl -fsS -u deploy:${curlPassword} https://nexus.acme.io/repository/app.tgz -o app.tgz\n`);
    git(repo, "add", "Dockerfile");

    const text = runCli(repo, ["--staged"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("Dockerfile:2");
    expect(text.stdout).toContain("Dockerfile:3");
    expect(text.stdout).toContain("[generic-secret-assignment]");
    expect(text.stdout).toContain("[curl-credentials]");

    const json = runJson(repo);
    expect(json.status).toBe(1);
    expect(json.report.findings.map((f) => `${f.detector} ${f.file}:${f.line}:${f.column}`)).toEqual([
      "generic-secret-assignment Dockerfile:2:17",
      "curl-credentials Dockerfile:3:25",
    ]);
    for (const output of [text.stdout, text.stderr, json.stdout, json.stderr]) {
      expect(output).not.toContain(password);
      expect(output).not.toContain(curlPassword);
      expect(output).not.toContain(password.slice(4, 12));
      expect(output).not.toContain(curlPassword.slice(4, 12));
    }
  });

  it("blocks a Gmail app password in a Nodemailer transport, spaced as Google shows it, without printing it", () => {
    const repo = makeRepo();
    const appPassword = fake("{lower:4} {lower:4} {lower:4} {lower:4}");
    const line3 = `  auth: { user: "alerts@acme.io", pass: "${appPassword}" },`;
    write(repo, "mailer.js", `const transporter = nodemailer.createTransport({\n  service: "gmail",\n${line3}\n});\n`);
    git(repo, "add", "mailer.js");

    const json = runJson(repo);
    expect(json.status).toBe(1);
    expect(json.report.findings.map((f) => `${f.detector} ${f.file}:${f.line}:${f.column}`)).toEqual([`google-app-password mailer.js:3:${line3.indexOf(appPassword) + 1}`]);
    const text = runCli(repo, ["--staged"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("Google app password  [google-app-password]");
    expect(text.stdout).toContain("Fix mailer.js:3: use process.env.GMAIL_APP_PASSWORD, then git add mailer.js");
    expect(runCli(repo, ["explain", "google-app-password"]).stdout).toContain("https://myaccount.google.com/apppasswords");
    for (const output of [text.stdout, text.stderr, json.stdout, json.stderr]) {
      expect(output).not.toContain(appPassword);
      expect(output).not.toContain(appPassword.slice(5, 14));
    }
  });

  it("blocks the passwords people choose in a committed .env: words and a number, 10 characters, a _PASS name", () => {
    const repo = makeRepo();
    const wordsAndNumber = fake("Maple{lower:3}Orbit{digits:4}");
    const short = valueOf("{base62:10}");
    const mailPass = valueOf("{base62:16}");
    write(repo, ".env.production", `NODE_ENV=production\nDB_PASSWORD=${wordsAndNumber}\nSMTP_PASSWORD=${short}\nMAIL_PASS=${mailPass}\n`);
    git(repo, "add", ".env.production");

    const json = runJson(repo);
    expect(json.status).toBe(1);
    expect(json.report.findings.map((f) => `${f.detector} ${f.file}:${f.line}:${f.column}`)).toEqual([
      "generic-secret-assignment .env.production:2:13",
      "generic-secret-assignment .env.production:3:15",
      "generic-secret-assignment .env.production:4:11",
    ]);
    const text = runCli(repo, ["--staged"]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("Blocked: .env.production:2,3,4");
    expect(text.stdout).toContain("Fix .env.production: it holds real values: untrack it and ignore it");
    for (const output of [text.stdout, text.stderr, json.stdout, json.stderr]) {
      for (const value of [wordsAndNumber, short, mailPass]) {
        expect(output).not.toContain(value);
        expect(output).not.toContain(value.slice(3, 9));
      }
    }
  });
});

/** Lowercase letters and digits with a three-key keyboard run at each end (`sdf…sdf`, `qwe…lkj`): typed by hand. */
function typedByHand(): string {
  const runs = ["sdf", "asd", "qwe", "lkj", "jkl", "zxc", "wer"];
  const dice = fake("{digits:2}");
  return `${runs[Number(dice[0]) % runs.length]}${valueOf("{lowernum:10}")}${runs[Number(dice[1]) % runs.length]}`;
}

/** Letters and digits that each count up from a random start, in runs of 1-4 (`abcd1234efgh5678`, `a123b45c…`). */
function countingUp(length: number): string {
  const dice = fake("{digits:80}");
  let letter = 97 + (Number(dice[0]) % 6);
  let digit = Number(dice[1]);
  let out = "";
  for (let i = 2; out.length < length; i++) {
    const run = 1 + (Number(dice[i]) % 4);
    for (let k = 0; k < run && out.length < length; k++) {
      if (i % 2 === 0) out += String.fromCharCode(97 + ((letter++ - 97) % 26));
      else out += String(digit++ % 10);
    }
  }
  return out;
}

/** The same characters in another order: what a random value with that alphabet looks like. */
function shuffled(value: string): string {
  const chars = [...value];
  const dice = fake(`{digits:${chars.length}}`);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = (Number(dice[i]) * 7 + i) % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

/** A base64 DER ECDSA signature, SEQUENCE { INTEGER r, INTEGER s }, from random r and s. */
function derSignature(): Buffer {
  const r = Buffer.from(fake("{hex:64}"), "hex");
  const s = Buffer.from(fake("{hex:64}"), "hex");
  r[0] &= 0x7f;
  s[0] &= 0x7f;
  return Buffer.concat([Buffer.from([0x30, 68, 0x02, 32]), r, Buffer.from([0x02, 32]), s]);
}

/** yyyymmdd of a day `daysAgo` before today, as SigV4 dates its credential scope. */
function scopeDate(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86400000).toISOString().slice(0, 10).replace(/-/g, "");
}

interface Pair {
  noise: string;
  /** The text found, then the text that stays quiet; `{value}` is the value found, at its column on line 1. */
  found: () => { text: string; value: string; detector?: string };
  quiet: () => string;
}

// Documentation and mocks in Python's site-packages and /usr/share (npm run eval, issue 13): each quiet rule
// beside a real value of the same shape that is still found.
const NOISE: Pair[] = [
  {
    noise: "a WAF ChangeToken (versions a resource)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `"AccessToken": "${value}"`, value }; },
    quiet: () => `"ChangeToken": "${valueOf("{base62:24}")}"`,
  },
  {
    noise: "an FMS PolicyUpdateToken",
    found: () => { const value = `1:${valueOf("{base64:22}")}==`; return { text: `"PolicyToken": "${value}"`, value }; },
    quiet: () => `"PolicyUpdateToken": "1:${valueOf("{base64:22}")}=="`,
  },
  {
    noise: "a sync_token",
    found: () => { const value = valueOf("{base62:24}"); return { text: `auth_token = "${value}"`, value }; },
    quiet: () => `sync_token = "${valueOf("{base62:24}")}"`,
  },
  {
    noise: "an ID that opens with its type's name (ExportToken: export-token-…)",
    found: () => { const value = valueOf("{lowernum:28}"); return { text: `"ExportToken": "${value}",`, value }; },
    quiet: () => `"ExportToken": "export-token-${valueOf("{lowernum:16}")}",`,
  },
  {
    noise: "a SigV4 credential scope in an Authorization header",
    found: () => { const value = `${valueOf("{uppernum:20}")}/${valueOf("{base62:20}")}`; return { text: `Authorization: AWS4-HMAC-SHA256 Credential=${value}, SignedHeaders=host`, value }; },
    quiet: () => `Authorization: AWS4-HMAC-SHA256 Credential=${valueOf("{lowernum:12}")}_key/20220524/us-east-1/cognito-idp/aws4_request, SignedHeaders=host`,
  },
  {
    noise: "a DER ECDSA signature named SharedSecret",
    found: () => {
      const der = derSignature();
      der[0] = 0x31; // one byte off: no longer a signature's SEQUENCE
      const value = der.toString("base64");
      return { text: `  "SharedSecret": "${value}",`, value };
    },
    quiet: () => `  "SharedSecret": "${derSignature().toString("base64")}",`,
  },
  {
    noise: "a secret beside AWS's EXAMPLE key ID on its line",
    found: () => {
      // A value that starts with `/` reads as a path.
      const value = `${valueOf("{base62:1}{base64:42}")}=`;
      return { text: `--credential "AccessKeyId=${valueOf("{uppernum:20}")}, RawSecretAccessKey=${value}"`, value };
    },
    quiet: () => `--credential "AccessKeyId=ABCDE${fake("{digits:8}")}EXAMPLE, RawSecretAccessKey=${valueOf("{base64:43}")}="`,
  },
  {
    noise: "a value whose letters and digits count up (abcd1234efgh…)",
    found: () => { const value = shuffled(countingUp(32)); return { text: `"token": "${value}"`, value }; },
    quiet: () => `"token": "${countingUp(32)}"`,
  },
  {
    noise: "a short value that counts up",
    found: () => { const value = shuffled(countingUp(16)); return { text: `AppServerPrivateKey="${value}"`, value }; },
    quiet: () => `AppServerPrivateKey="${countingUp(16)}"`,
  },
  {
    noise: "a phrase with one-letter words (IAmSensitive)",
    found: () => { const value = fake("{upper:1}{lower:1}".repeat(6)); return { text: `model = Model(password='${value}')`, value }; },
    quiet: () => "model = Model(password='IAmSensitive')",
  },
  {
    noise: "random letters where a capital A or I falls after consonants (not a phrase)",
    found: () => {
      const pick = (alphabet: string, n: number) => [...fake(`{digits:${n}}`)].map((d, i) => alphabet[(Number(d) * 3 + i) % alphabet.length]).join("");
      const value = `${pick("bcdfghjklmnpqrstvwxz", 4)}I${pick("BCDFGHJKLM", 1)}a${pick("NPQRSTVWXZ", 1)}e${pick("bcdfghjklmnpqrstvwxz", 3)}Ok7`;
      return { text: `mysql -u root --password=${value} app`, value };
    },
    quiet: () => "model = Model(password='IAmSensitive', password_bytes=b'IAmSensitiveBytes')",
  },
  {
    noise: "a Travis CI status badge's token",
    found: () => { const value = valueOf("{base62:20}"); return { text: `curl https://api.acme.io/v1/items?token=${value}&branch=main`, value }; },
    quiet: () => `[![Build](https://travis-ci.com/acme/app.svg?token=${valueOf("{base62:20}")}&branch=main)](https://travis-ci.com/acme/app)`,
  },
  {
    noise: "a CircleCI status badge's token",
    found: () => {
      const value = fake("{hex:40}");
      return { text: `curl "https://circleci.com/api/v1.1/project/gh/acme/app?circle-token=${value}"`, value, detector: "circleci-personal-token" };
    },
    quiet: () => `[![CircleCI](https://circleci.com/gh/acme/app.svg?style=svg&circle-token=${fake("{hex:40}")})](https://circleci.com/gh/acme/app)`,
  },
  {
    noise: "an access key ID in a presigned URL that expired",
    found: () => {
      const value = fake("AKIA{base32:16}");
      const text = `https://acme.s3.amazonaws.com/a.tgz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${value}%2F${scopeDate(1)}%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Expires=3600`;
      return { text, value, detector: "aws-access-key-id" };
    },
    quiet: () => `https://acme.s3.amazonaws.com/a.tgz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${fake("AKIA{base32:16}")}%2F${scopeDate(9)}%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Expires=3600`,
  },
  // From the Google Cloud SDK's vendored libraries and generated code (npm run eval).
  {
    noise: "a Secret Manager resource name passed as the password",
    found: () => { const value = valueOf("{base62:20}"); return { text: `gcloud eventarc kafka-sources create src --sasl-password=${value} \\`, value }; },
    quiet: () => `gcloud eventarc kafka-sources create src --sasl-password=projects/${valueOf("{lowernum:8}")}/secrets/kafka-sasl-secret/versions/1 \\`,
  },
  {
    noise: "a Closure-compiled module name ($-joined words)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `tokens.AtKeywordToken = ${value};`, value }; },
    quiet: () => "$tokens.AtKeywordToken = module$contents$third_party$javascript$safevalues$builders$html_sanitizer$css$tokens_AtKeywordToken;",
  },
  {
    noise: "a generated model's type name with its version (V1SecretProjection)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `      'secret': '${value}',`, value }; },
    quiet: () => "      'secret': 'V1SecretProjection',\n      'service_account_token': 'V1ServiceAccountTokenProjection'",
  },
  {
    noise: "a docstring naming a field's type, with a full stop",
    found: () => { const value = valueOf("{base62:24}"); return { text: `    oauth2ClientCredentials: ${value}`, value }; },
    quiet: () => "    oauth2ClientCredentials: Oauth2ClientCredentials.\n    credentials: oauth2client.client.OAuth2Credentials.",
  },
  {
    noise: "a format string (%s)",
    found: () => { const value = valueOf("{base62:20}"); return { text: `    access_token = '${value}'`, value }; },
    quiet: () => "    access_token = 'InvalidToken:%s:%s' % (token, time.time() % 100)",
  },
  {
    noise: "a signed URL's X-Goog-Credential (an account and its scope)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `      '&access_token=${value}'`, value }; },
    quiet: () => `      '&x-goog-credential=${valueOf("{lowernum:12}")}_service_account%2F19000101%2Fus-central1%2Fstorage%2Fgoog4_request'`,
  },
  {
    noise: "a value that spells its own variable's name",
    found: () => { const value = valueOf("{lowernum:21}"); return { text: `AWS_IMDSV2_SESSION_TOKEN = "${value}"`, value }; },
    quiet: () => 'AWS_IMDSV2_SESSION_TOKEN = "awsimdsv2sessiontoken"',
  },
  {
    noise: "a setting's name read from a config file (gs_oauth2_refresh_token)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `config.get('Credentials', '${value}')`, value }; },
    quiet: () => "config.get('Credentials', 'gs_oauth2_refresh_token')",
  },
  {
    noise: "a variable named in markdown after a colon",
    found: () => { const value = valueOf("{base62:24}"); return { text: `your credentials: ${value}`, value }; },
    quiet: () => "following environment variables to ascertain your credentials:\n\n**AWS_ACCESS_KEY_ID** - Your AWS Access Key ID",
  },
  {
    noise: "a page token in a docstring",
    found: () => { const value = valueOf("{base62:25}"); return { text: `    Access token: ${value}`, value }; },
    quiet: () => `    Next page token: ${valueOf("{base62:25}")}`,
  },
  {
    noise: "a token typed by hand along the keyboard (sdf…sdf)",
    found: () => { const value = typedByHand(); return { text: `    'oauth_password': '${value}',`, value }; },
    quiet: () => `    'oauth_token': '${typedByHand()}',`,
  },
  {
    noise: "an SES domain VerificationToken (published as a DNS TXT record)",
    found: () => { const value = `${valueOf("{base62:1}{base64:42}")}=`; return { text: `result = {"SessionToken": "${value}"}`, value }; },
    quiet: () => `result = {"VerificationToken": "${valueOf("{base64:43}")}="}`,
  },
  // From a spot check of /usr/lib (Debian's Python packages, global npm packages, JDKs).
  {
    noise: "a template's description of the value (base64_encoded_64_byte_salt)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `# password = ${value}`, value }; },
    quiet: () => "# password = base64_encoded_64_byte_salt W base64_encoded_hash W",
  },
  {
    noise: "a hashedPassword",
    found: () => { const value = `${valueOf("{base62:1}{base64:42}")}=`; return { text: `savedPassword = "${value}"`, value }; },
    quiet: () => `hashedPassword = "${valueOf("{base62:1}{base64:42}")}="`,
  },
  {
    noise: "a placeholder written in base64 (\"not my real password\")",
    found: () => { const value = Buffer.from(valueOf("{base62:20}")).toString("base64"); return { text: `  password: '${value}',`, value }; },
    quiet: () => `  password: '${Buffer.from(`not my real password ${fake("{digits:2}")}`).toString("base64")}',`,
  },
  // From C and C++ headers (/usr/include).
  {
    noise: "a C++ scope after a token-named type (AsmToken::EndOfStatement)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `  AsmToken = ${value};`, value }; },
    quiet: () => "  bool IsEnd = CurTok.front().getKind() == AsmToken::EndOfStatement;",
  },
  {
    noise: "a C++ enumerator assigned to a token member (_S_token_ord_char)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `\t  _M_token = ${value};`, value }; },
    quiet: () => "\t  _M_token = _S_token_ord_char;",
  },
  // From the Rust toolchain's HTML documentation.
  {
    noise: "minified code after a ternary's colon (f.onMatch=f.token)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `var c={applyToken:${value}};`, value }; },
    quiet: () => 'typeof f.token=="function"&&!f.onMatch&&(c>1?f.onMatch=this.$applyToken:f.onMatch=f.token),c>1;',
  },
  {
    noise: "the stock example password (hunter2) in a percent-encoded playground link",
    found: () => {
      // Read as written: the value runs from the `+` after `+=` to the `;`.
      const value = `+b%22${valueOf("{base62:12}")}%5C0%5C0%22`;
      return { text: `<a href="https://play.rust-lang.org/?code=fn+main()+%7B%0Alet+password+=${value};%0A%7D">Run</a>`, value };
    },
    quiet: () => '<a href="https://play.rust-lang.org/?code=fn+main()+%7B%0Alet+password+=+b%22hunter2%5C0%5C0%5C0%5C0%5C0%5C0%5C0%5C0%5C0%22;%0A%7D">Run</a>',
  },
  {
    noise: "an AWS client token (a UUID behind its type's name)",
    found: () => { const value = valueOf("{base62:24}"); return { text: `<clientToken>${value}</clientToken>`, value }; },
    quiet: () => `<clientToken>token-${fake("{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}")}</clientToken>`,
  },
];

describe(`noise from documentation and mocks (seed ${SEED})`, () => {
  it("still finds an issued token that holds two keyboard runs by chance", () => {
    const body = valueOf("{base62:56}");
    const value = `${body.slice(0, 20)}qwe${body.slice(20, 40)}lkj${body.slice(40)}`;
    const text = `    'oauth_token': '${value}',`;
    const column = text.indexOf(value) + 1;
    expect(scanText(`${text}\n`, { path: "example.rst" }).map(describeFinding)).toEqual([`${GENERIC} example.rst:1:${column}-${column + value.length}`]);
  });

  it.each(NOISE)("stays quiet on $noise", ({ quiet }) => {
    expect(scanText(`${quiet()}\n`, { path: "example.rst" }).map(describeFinding)).toEqual([]);
  });

  it.each(NOISE)("still finds a real value of the shape of $noise", ({ found }) => {
    const { text, value, detector = GENERIC } = found();
    const column = text.indexOf(value) + 1;
    expect(scanText(`${text}\n`, { path: "example.rst" }).map(describeFinding)).toEqual([`${detector} example.rst:1:${column}-${column + value.length}`]);
  });
});

// Generated passwords hold symbols (& ( ) , ; [ ] { } | \\): a quoted value under a password's name runs to its
// closing quote, a dotenv line's value to its end. (Last in the file: the seeded values of the tests above stay.)
const SYMBOL_FORMS: Form[] = [
  { form: "YAML, a quoted password with & and (", path: "config.yml", before: 'database:\n  password: "', value: "{base62:3}&{base62:3}({base62:4}", after: '"' },
  { form: ".env, a password with ; , and !", path: ".env", before: "DB_PASSWORD=", value: "{base62:3};{base62:3},{base62:3}!{base62:2}", detector: "env-password" },
  { form: "a deploy.env password with ; , and !", path: "deploy.env", before: "DB_PASSWORD=", value: "{base62:3};{base62:3},{base62:3}!{base62:2}", after: " # staging", detector: "env-password" },
  { form: "compose, a quoted password with & # and (", path: "docker-compose.yml", before: 'services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: "', value: "{base62:2}&{base62:3}#{base62:3}({base62:1}", after: '"' },
  { form: "compose list, a password with ; and |", path: "docker-compose.yml", before: "services:\n  db:\n    environment:\n      - DB_PASSWORD=", value: "{base62:4};{base62:4}|{base62:4}", detector: "env-password" },
  { form: "JSON, a password with ] and {", path: "config.json", before: '{"password": "', value: "{base62:3}]{base62:3}\u007b{base62:3}!{base62:2}", after: '"}' },
  { form: "a Python string, a password with a comma", path: "settings.py", before: 'DB_PASSWORD = "', value: "{base62:6},{base62:4}", after: '"' },
  { form: "a single-quoted password with brackets and a backslash", path: "app.rb", before: "  password: '", value: "{base62:4}[{base62:3}]\\{base62:4}", after: "'," },
  { form: "properties, a password with ; and (", path: "mail.properties", before: "mail.smtp.password=", value: "{base62:5};{base62:3}({base62:2}", detector: "env-password" },
  { form: "JSON, a password with a pair of braces around letters and a digit", path: "config.json", before: '{"password": "', value: "{digits:1}{base62:3}\u007b{lower:1}{upper:1}{digits:1}\u007d{base62:4}", after: '"}' },
];

/** Random letters that an identifier test once took for a name (`xspu…`: a vowel made it a word), 16 characters. */
function readsAsWords(): string {
  const pick = (alphabet: string, n: number) => [...fake(`{digits:${n}}`)].map((d, i) => alphabet[(Number(d) * 7 + i * 3) % alphabet.length]).join("");
  const consonants = "bcdfghjklmnpqrstvwxz";
  return `x${pick(consonants, 2)}u${pick(consonants.toUpperCase(), 4)}Do${pick(consonants, 1)}${fake("{digits:2}")}Y${pick(consonants, 1)}${fake("{digits:1}")}`;
}

describe(`generic detector, passwords with symbols (seed ${SEED})`, () => {
  it.each(SYMBOL_FORMS)("finds $form at its line and column", ({ path, before, value: template, after = "", detector = GENERIC }) => {
    const value = valueOf(template);
    const text = `${before}${value}${after}\n`;
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    expect(scanText(text, { path }).map(describeFinding)).toEqual([`${detector} ${path}:${line}:${column}-${column + value.length}`]);
  });

  it("finds random letters whose first segment has a vowel (ansible_become_pass: xspu…)", () => {
    for (let i = 0; i < 20; i++) {
      const value = readsAsWords();
      const text = `all:\n  vars:\n    ansible_become_pass: ${value}\n`;
      expect(scanText(text, { path: "inventory.yml" }).map(describeFinding)).toEqual([`${GENERIC} inventory.yml:3:26-42`]);
    }
  });
});
