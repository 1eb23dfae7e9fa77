import type { StoreTemplates } from "./types.js";

// Azure Key Vault; the vault comes from AZURE_KEYVAULT_URL (https://NAME.vault.azure.net), identity from DefaultAzureCredential.
export const azureTemplates: StoreTemplates = {
  python: (n) => `import os

from azure.identity import DefaultAzureCredential
from azure.keyvault.secrets import SecretClient

client = SecretClient(vault_url=os.environ["AZURE_KEYVAULT_URL"], credential=DefaultAzureCredential())
${n.snake} = client.get_secret("${n.azureName}").value
`,
  javascript: (n) => `import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";

const client = new SecretClient(process.env.AZURE_KEYVAULT_URL, new DefaultAzureCredential());
const { value: ${n.camel} } = await client.getSecret("${n.azureName}");
`,
  typescript: (n) => `import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";

const vaultUrl = process.env.AZURE_KEYVAULT_URL;
if (!vaultUrl) throw new Error("AZURE_KEYVAULT_URL is not set");
const client = new SecretClient(vaultUrl, new DefaultAzureCredential());
const { value: ${n.camel} } = await client.getSecret("${n.azureName}");
`,
  go: (n) => `package main

import (
	"context"
	"log"
	"os"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets"
)

func main() {
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	client, err := azsecrets.NewClient(os.Getenv("AZURE_KEYVAULT_URL"), cred, nil)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := client.GetSecret(context.Background(), "${n.azureName}", "", nil)
	if err != nil {
		log.Fatal(err)
	}
	${n.camel} := *resp.Value
	_ = ${n.camel}
}
`,
  java: (n) => `import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

public class ReadSecret {
    public static void main(String[] args) {
        SecretClient client = new SecretClientBuilder()
            .vaultUrl(System.getenv("AZURE_KEYVAULT_URL"))
            .credential(new DefaultAzureCredentialBuilder().build())
            .buildClient();
        String ${n.camel} = client.getSecret("${n.azureName}").getValue();
    }
}
`,
  ruby: (n) => `# Azure has no maintained Key Vault SDK for Ruby: this runs the az CLI.
require "open3"

out, status = Open3.capture2("az", "keyvault", "secret", "show", "--id", "#{ENV.fetch("AZURE_KEYVAULT_URL")}/secrets/${n.azureName}", "--query", "value", "--output", "tsv")
raise "az keyvault secret show failed" unless status.success?
${n.snake} = out.chomp
`,
  csharp: (n) => `using System;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

var client = new SecretClient(new Uri(Environment.GetEnvironmentVariable("AZURE_KEYVAULT_URL")!), new DefaultAzureCredential());
KeyVaultSecret secret = await client.GetSecretAsync("${n.azureName}");
var ${n.camel} = secret.Value;
`,
  shell: (n) => `${n.envVar}="$(az keyvault secret show --id "$AZURE_KEYVAULT_URL/secrets/${n.azureName}" --query value --output tsv)"
export ${n.envVar}
`,
};
