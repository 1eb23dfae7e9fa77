import type { StoreTemplates } from "./types.js";

// HashiCorp Vault KV v2 (mount "secret"): the official Go client, HashiCorp's Ruby gem and CLI, the HTTP API elsewhere.
// VAULT_ADDR and VAULT_TOKEN are the variables every Vault client reads.
export const vaultTemplates: StoreTemplates = {
  python: (n) => `import json
import os
import urllib.request

request = urllib.request.Request(
    os.environ["VAULT_ADDR"] + "/v1/${n.vaultMount}/data/${n.vaultPath}",
    headers={"X-Vault-Token": os.environ["VAULT_TOKEN"]},
)
with urllib.request.urlopen(request) as response:
    ${n.snake} = json.load(response)["data"]["data"]["${n.envVar}"]
`,
  javascript: (n) => `const response = await fetch(\`\${process.env.VAULT_ADDR}/v1/${n.vaultMount}/data/${n.vaultPath}\`, {
  headers: { "X-Vault-Token": process.env.VAULT_TOKEN },
});
if (!response.ok) throw new Error(\`Vault answered \${response.status}\`);
const ${n.camel} = (await response.json()).data.data.${n.envVar};
`,
  typescript: (n) => `const response = await fetch(\`\${process.env.VAULT_ADDR}/v1/${n.vaultMount}/data/${n.vaultPath}\`, {
  headers: { "X-Vault-Token": process.env.VAULT_TOKEN ?? "" },
});
if (!response.ok) throw new Error(\`Vault answered \${response.status}\`);
const body = (await response.json()) as { data: { data: Record<string, string | undefined> } };
const ${n.camel} = body.data.data["${n.envVar}"];
`,
  go: (n) => `package main

import (
	"context"
	"log"

	vault "github.com/hashicorp/vault/api"
)

func main() {
	// DefaultConfig reads VAULT_ADDR, NewClient reads VAULT_TOKEN.
	client, err := vault.NewClient(vault.DefaultConfig())
	if err != nil {
		log.Fatal(err)
	}
	secret, err := client.KVv2("${n.vaultMount}").Get(context.Background(), "${n.vaultPath}")
	if err != nil {
		log.Fatal(err)
	}
	${n.camel}, ok := secret.Data["${n.envVar}"].(string)
	if !ok {
		log.Fatal("${n.envVar} is not in ${n.vaultMount}/${n.vaultPath}")
	}
	_ = ${n.camel}
}
`,
  java: (n) => `// Vault's HTTP API with the JDK's client; Jackson reads the JSON answer.
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class ReadSecret {
    public static void main(String[] args) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(System.getenv("VAULT_ADDR") + "/v1/${n.vaultMount}/data/${n.vaultPath}"))
            .header("X-Vault-Token", System.getenv("VAULT_TOKEN"))
            .build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        String ${n.camel} = new ObjectMapper().readTree(body).at("/data/data/${n.envVar}").asText();
    }
}
`,
  ruby: (n) => `require "vault"

# Vault.address and Vault.token default to VAULT_ADDR and VAULT_TOKEN.
secret = Vault.kv("${n.vaultMount}").read("${n.vaultPath}")
${n.snake} = secret.data.fetch(:${n.envVar})
`,
  csharp: (n) => `using System;
using System.Net.Http;
using System.Text.Json;

using var http = new HttpClient();
http.DefaultRequestHeaders.Add("X-Vault-Token", Environment.GetEnvironmentVariable("VAULT_TOKEN"));
var body = await http.GetStringAsync(Environment.GetEnvironmentVariable("VAULT_ADDR") + "/v1/${n.vaultMount}/data/${n.vaultPath}");
var ${n.camel} = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("data").GetProperty("${n.envVar}").GetString();
`,
  shell: (n) => `${n.envVar}="$(vault kv get -mount=${n.vaultMount} -field=${n.envVar} ${n.vaultPath})"
export ${n.envVar}
`,
};
