import type { StoreTemplates } from "./types.js";

// 1Password: the official SDKs (Python, JavaScript, Go) with a service account, the op CLI elsewhere.
export const onePasswordTemplates: StoreTemplates = {
  python: (n) => `import asyncio
import os

from onepassword.client import Client


async def read_secret() -> str:
    client = await Client.authenticate(auth=os.environ["OP_SERVICE_ACCOUNT_TOKEN"], integration_name="myapp", integration_version="v1.0.0")
    return await client.secrets.resolve("${n.opRef}")


${n.snake} = asyncio.run(read_secret())
`,
  javascript: (n) => `import { createClient } from "@1password/sdk";

const client = await createClient({
  auth: process.env.OP_SERVICE_ACCOUNT_TOKEN,
  integrationName: "myapp",
  integrationVersion: "v1.0.0",
});
const ${n.camel} = await client.secrets.resolve("${n.opRef}");
`,
  typescript: (n) => `import { createClient } from "@1password/sdk";

const client = await createClient({
  auth: process.env.OP_SERVICE_ACCOUNT_TOKEN ?? "",
  integrationName: "myapp",
  integrationVersion: "v1.0.0",
});
const ${n.camel}: string = await client.secrets.resolve("${n.opRef}");
`,
  go: (n) => `package main

import (
	"context"
	"log"
	"os"

	"github.com/1password/onepassword-sdk-go"
)

func main() {
	ctx := context.Background()
	client, err := onepassword.NewClient(ctx,
		onepassword.WithServiceAccountToken(os.Getenv("OP_SERVICE_ACCOUNT_TOKEN")),
		onepassword.WithIntegrationInfo("myapp", "v1.0.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	${n.camel}, err := client.Secrets().Resolve(ctx, "${n.opRef}")
	if err != nil {
		log.Fatal(err)
	}
	_ = ${n.camel}
}
`,
  java: (n) => `// 1Password has no Java SDK: this runs the op CLI (signed in, or with OP_SERVICE_ACCOUNT_TOKEN set).
import java.nio.charset.StandardCharsets;

public class ReadSecret {
    public static void main(String[] args) throws Exception {
        Process op = new ProcessBuilder("op", "read", "${n.opRef}").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String ${n.camel} = new String(op.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (op.waitFor() != 0) throw new IllegalStateException("op read failed");
    }
}
`,
  ruby: (n) => `# 1Password has no Ruby SDK: this runs the op CLI (signed in, or with OP_SERVICE_ACCOUNT_TOKEN set).
require "open3"

out, status = Open3.capture2("op", "read", "${n.opRef}")
raise "op read failed" unless status.success?
${n.snake} = out.chomp
`,
  csharp: (n) => `// 1Password has no .NET SDK: this runs the op CLI (signed in, or with OP_SERVICE_ACCOUNT_TOKEN set).
using System;
using System.Diagnostics;

var start = new ProcessStartInfo("op") { RedirectStandardOutput = true };
start.ArgumentList.Add("read");
start.ArgumentList.Add("${n.opRef}");
using var op = Process.Start(start)!;
var ${n.camel} = op.StandardOutput.ReadToEnd().TrimEnd();
op.WaitForExit();
if (op.ExitCode != 0) throw new InvalidOperationException("op read failed");
`,
  shell: (n) => `${n.envVar}="$(op read "${n.opRef}")"
export ${n.envVar}
`,
};
