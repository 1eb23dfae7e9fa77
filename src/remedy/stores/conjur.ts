import type { StoreTemplates } from "./types.js";

// CyberArk Conjur: CyberArk's Go, Java and Ruby clients, the REST API elsewhere (authenticate with the host's API
// key, send the base64 access token, read the variable). The CONJUR_* variables are the ones Conjur's clients read.
export const conjurTemplates: StoreTemplates = {
  python: (n) => `import base64
import os
import urllib.parse
import urllib.request

url, account = os.environ["CONJUR_APPLIANCE_URL"], os.environ["CONJUR_ACCOUNT"]
login = urllib.parse.quote(os.environ["CONJUR_AUTHN_LOGIN"], safe="")
authn = urllib.request.Request(f"{url}/authn/{account}/{login}/authenticate", data=os.environ["CONJUR_AUTHN_API_KEY"].encode(), method="POST")
with urllib.request.urlopen(authn) as response:
    access_token = base64.b64encode(response.read()).decode()
variable = urllib.parse.quote("${n.path}", safe="")
request = urllib.request.Request(f"{url}/secrets/{account}/variable/{variable}", headers={"Authorization": f'Token token="{access_token}"'})
with urllib.request.urlopen(request) as response:
    ${n.snake} = response.read().decode()
`,
  javascript: (n) => `const url = process.env.CONJUR_APPLIANCE_URL;
const account = process.env.CONJUR_ACCOUNT;
const login = encodeURIComponent(process.env.CONJUR_AUTHN_LOGIN);
const authn = await fetch(\`\${url}/authn/\${account}/\${login}/authenticate\`, { method: "POST", body: process.env.CONJUR_AUTHN_API_KEY });
if (!authn.ok) throw new Error(\`Conjur authentication answered \${authn.status}\`);
const accessToken = Buffer.from(await authn.arrayBuffer()).toString("base64");
const variable = encodeURIComponent("${n.path}");
const response = await fetch(\`\${url}/secrets/\${account}/variable/\${variable}\`, { headers: { Authorization: \`Token token="\${accessToken}"\` } });
if (!response.ok) throw new Error(\`Conjur answered \${response.status}\`);
const ${n.camel} = await response.text();
`,
  typescript: (n) => `const url = process.env.CONJUR_APPLIANCE_URL;
const account = process.env.CONJUR_ACCOUNT;
const login = encodeURIComponent(process.env.CONJUR_AUTHN_LOGIN ?? "");
const authn = await fetch(\`\${url}/authn/\${account}/\${login}/authenticate\`, { method: "POST", body: process.env.CONJUR_AUTHN_API_KEY });
if (!authn.ok) throw new Error(\`Conjur authentication answered \${authn.status}\`);
const accessToken: string = Buffer.from(await authn.arrayBuffer()).toString("base64");
const variable = encodeURIComponent("${n.path}");
const response = await fetch(\`\${url}/secrets/\${account}/variable/\${variable}\`, { headers: { Authorization: \`Token token="\${accessToken}"\` } });
if (!response.ok) throw new Error(\`Conjur answered \${response.status}\`);
const ${n.camel}: string = await response.text();
`,
  go: (n) => `package main

import (
	"log"
	"os"

	"github.com/cyberark/conjur-api-go/conjurapi"
	"github.com/cyberark/conjur-api-go/conjurapi/authn"
)

func main() {
	config, err := conjurapi.LoadConfig()
	if err != nil {
		log.Fatal(err)
	}
	conjur, err := conjurapi.NewClientFromKey(config, authn.LoginPair{
		Login:  os.Getenv("CONJUR_AUTHN_LOGIN"),
		APIKey: os.Getenv("CONJUR_AUTHN_API_KEY"),
	})
	if err != nil {
		log.Fatal(err)
	}
	value, err := conjur.RetrieveSecret("${n.path}")
	if err != nil {
		log.Fatal(err)
	}
	${n.camel} := string(value)
	_ = ${n.camel}
}
`,
  java: (n) => `import com.cyberark.conjur.api.Conjur;

public class ReadSecret {
    public static void main(String[] args) {
        // new Conjur() reads CONJUR_APPLIANCE_URL, CONJUR_ACCOUNT, CONJUR_AUTHN_LOGIN and CONJUR_AUTHN_API_KEY.
        Conjur conjur = new Conjur();
        String ${n.camel} = conjur.variables().retrieveSecret("${n.path}");
    }
}
`,
  ruby: (n) => `require "conjur-api"

Conjur.configuration.appliance_url = ENV.fetch("CONJUR_APPLIANCE_URL")
Conjur.configuration.account = ENV.fetch("CONJUR_ACCOUNT")
conjur = Conjur::API.new_from_key(ENV.fetch("CONJUR_AUTHN_LOGIN"), ENV.fetch("CONJUR_AUTHN_API_KEY"))
${n.snake} = conjur.resource("#{Conjur.configuration.account}:variable:${n.path}").value
`,
  csharp: (n) => `using System;
using System.Net.Http;
using System.Net.Http.Headers;

var url = Environment.GetEnvironmentVariable("CONJUR_APPLIANCE_URL");
var account = Environment.GetEnvironmentVariable("CONJUR_ACCOUNT");
var login = Uri.EscapeDataString(Environment.GetEnvironmentVariable("CONJUR_AUTHN_LOGIN") ?? "");
using var http = new HttpClient();
var authn = await http.PostAsync($"{url}/authn/{account}/{login}/authenticate", new StringContent(Environment.GetEnvironmentVariable("CONJUR_AUTHN_API_KEY") ?? ""));
authn.EnsureSuccessStatusCode();
var accessToken = Convert.ToBase64String(await authn.Content.ReadAsByteArrayAsync());
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", $"token=\\"{accessToken}\\"");
var ${n.camel} = await http.GetStringAsync($"{url}/secrets/{account}/variable/{Uri.EscapeDataString("${n.path}")}");
`,
  shell: (n) => `${n.envVar}="$(conjur variable get -i ${n.path})"
export ${n.envVar}
`,
};
