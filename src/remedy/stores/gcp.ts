import type { StoreTemplates } from "./types.js";

// GCP Secret Manager; the project comes from GOOGLE_CLOUD_PROJECT, credentials from Application Default Credentials.
export const gcpTemplates: StoreTemplates = {
  python: (n) => `import os

from google.cloud import secretmanager

client = secretmanager.SecretManagerServiceClient()
name = client.secret_version_path(os.environ["GOOGLE_CLOUD_PROJECT"], "${n.gcpId}", "latest")
${n.snake} = client.access_secret_version(request={"name": name}).payload.data.decode("utf-8")
`,
  javascript: (n) => `import { SecretManagerServiceClient } from "@google-cloud/secret-manager";

const client = new SecretManagerServiceClient();
const name = \`projects/\${process.env.GOOGLE_CLOUD_PROJECT}/secrets/${n.gcpId}/versions/latest\`;
const [version] = await client.accessSecretVersion({ name });
const ${n.camel} = version.payload?.data?.toString();
`,
  typescript: (n) => `import { SecretManagerServiceClient } from "@google-cloud/secret-manager";

const client = new SecretManagerServiceClient();
const name = \`projects/\${process.env.GOOGLE_CLOUD_PROJECT}/secrets/${n.gcpId}/versions/latest\`;
const [version] = await client.accessSecretVersion({ name });
const ${n.camel}: string | undefined = version.payload?.data?.toString();
if (!${n.camel}) throw new Error("${n.gcpId} has no value");
`,
  go: (n) => `package main

import (
	"context"
	"log"
	"os"

	secretmanager "cloud.google.com/go/secretmanager/apiv1"
	"cloud.google.com/go/secretmanager/apiv1/secretmanagerpb"
)

func main() {
	ctx := context.Background()
	client, err := secretmanager.NewClient(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	name := "projects/" + os.Getenv("GOOGLE_CLOUD_PROJECT") + "/secrets/${n.gcpId}/versions/latest"
	result, err := client.AccessSecretVersion(ctx, &secretmanagerpb.AccessSecretVersionRequest{Name: name})
	if err != nil {
		log.Fatal(err)
	}
	${n.camel} := string(result.Payload.Data)
	_ = ${n.camel}
}
`,
  java: (n) => `import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersionName;

public class ReadSecret {
    public static void main(String[] args) throws Exception {
        try (SecretManagerServiceClient client = SecretManagerServiceClient.create()) {
            SecretVersionName name = SecretVersionName.of(System.getenv("GOOGLE_CLOUD_PROJECT"), "${n.gcpId}", "latest");
            String ${n.camel} = client.accessSecretVersion(name).getPayload().getData().toStringUtf8();
        }
    }
}
`,
  ruby: (n) => `require "google/cloud/secret_manager"

client = Google::Cloud::SecretManager.secret_manager_service
name = client.secret_version_path project: ENV.fetch("GOOGLE_CLOUD_PROJECT"), secret: "${n.gcpId}", secret_version: "latest"
${n.snake} = client.access_secret_version(name: name).payload.data
`,
  csharp: (n) => `using System;
using Google.Cloud.SecretManager.V1;

var client = SecretManagerServiceClient.Create();
var name = new SecretVersionName(Environment.GetEnvironmentVariable("GOOGLE_CLOUD_PROJECT"), "${n.gcpId}", "latest");
var ${n.camel} = client.AccessSecretVersion(name).Payload.Data.ToStringUtf8();
`,
  shell: (n) => `${n.envVar}="$(gcloud secrets versions access latest --secret=${n.gcpId})"
export ${n.envVar}
`,
};
