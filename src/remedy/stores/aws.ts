import type { StoreTemplates } from "./types.js";

// AWS Secrets Manager through each language's current SDK; credentials come from the default provider chain.
export const awsTemplates: StoreTemplates = {
  python: (n) => `import boto3

client = boto3.client("secretsmanager")
${n.snake} = client.get_secret_value(SecretId="${n.path}")["SecretString"]
`,
  javascript: (n) => `import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({});
const { SecretString: ${n.camel} } = await client.send(new GetSecretValueCommand({ SecretId: "${n.path}" }));
`,
  typescript: (n) => `import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({});
const { SecretString: ${n.camel} } = await client.send(new GetSecretValueCommand({ SecretId: "${n.path}" }));
if (!${n.camel}) throw new Error("${n.path} has no string value");
`,
  go: (n) => `package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	client := secretsmanager.NewFromConfig(cfg)
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("${n.path}")})
	if err != nil {
		log.Fatal(err)
	}
	${n.camel} := aws.ToString(out.SecretString)
	_ = ${n.camel}
}
`,
  java: (n) => `import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

public class ReadSecret {
    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClient.create()) {
            String ${n.camel} = client.getSecretValue(GetSecretValueRequest.builder().secretId("${n.path}").build()).secretString();
        }
    }
}
`,
  ruby: (n) => `require "aws-sdk-secretsmanager"

client = Aws::SecretsManager::Client.new
${n.snake} = client.get_secret_value(secret_id: "${n.path}").secret_string
`,
  csharp: (n) => `using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;

using var client = new AmazonSecretsManagerClient();
var response = await client.GetSecretValueAsync(new GetSecretValueRequest { SecretId = "${n.path}" });
var ${n.camel} = response.SecretString;
`,
  shell: (n) => `${n.envVar}="$(aws secretsmanager get-secret-value --secret-id ${n.path} --query SecretString --output text)"
export ${n.envVar}
`,
};
