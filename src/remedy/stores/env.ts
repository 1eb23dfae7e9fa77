import type { StoreTemplates } from "./types.js";

// The baseline every other store ends in: the process reads the variable and fails loudly when it is missing.
export const envTemplates: StoreTemplates = {
  python: (n) => `import os

${n.snake} = os.environ["${n.envVar}"]  # KeyError when unset: better than running without it
`,
  javascript: (n) => `const ${n.camel} = process.env.${n.envVar};
if (!${n.camel}) throw new Error("${n.envVar} is not set");
`,
  typescript: (n) => `const ${n.camel}: string | undefined = process.env.${n.envVar};
if (!${n.camel}) throw new Error("${n.envVar} is not set");
`,
  go: (n) => `package main

import (
	"log"
	"os"
)

func main() {
	${n.camel}, ok := os.LookupEnv("${n.envVar}")
	if !ok {
		log.Fatal("${n.envVar} is not set")
	}
	_ = ${n.camel}
}
`,
  java: (n) => `public class ReadSecret {
    public static void main(String[] args) {
        String ${n.camel} = System.getenv("${n.envVar}");
        if (${n.camel} == null) throw new IllegalStateException("${n.envVar} is not set");
    }
}
`,
  ruby: (n) => `${n.snake} = ENV.fetch("${n.envVar}")
`,
  csharp: (n) => `using System;

var ${n.camel} = Environment.GetEnvironmentVariable("${n.envVar}")
    ?? throw new InvalidOperationException("${n.envVar} is not set");
`,
  shell: (n) => `: "\${${n.envVar}:?${n.envVar} is not set}"
`,
};
