// File names and defaults every stage may need; no imports, so configSchema can use them without a cycle.

export const DEFAULT_DOTENV_FILES = [".env", ".env.*", "*.env", "*.tfvars", "*.auto.tfvars", ".envrc"];
export const CONFIG_FILE = ".leakstop.json";
export const ALLOW_FILE = ".leakstop-allow.json";
/** The JSON Schema of CONFIG_FILE, shipped in the package under dist/ (`"$schema": "./node_modules/leakstop/dist/leakstop.schema.json"`). */
export const SCHEMA_FILE = "leakstop.schema.json";
