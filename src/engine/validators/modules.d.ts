// Served at build and test time by src/tools/validatorModules.mjs: every module of this folder, by file name.
declare module "leakstop:validator-modules" {
  export const modules: Record<string, Record<string, unknown>>;
}
