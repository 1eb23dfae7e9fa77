// File names and defaults every stage may need; no imports, so configSchema can use them without a cycle.

export const DEFAULT_DOTENV_FILES = [".env", ".env.*", "*.env", "*.tfvars", "*.auto.tfvars", ".envrc"];
export const CONFIG_FILE = ".leakstop.json";
export const ALLOW_FILE = ".leakstop-allow.json";
