/** An error the user can act on: printed as one line, exit code 2. */
export class UserError extends Error {}

export class GitError extends UserError {}

/** No git binary on this machine: the isomorphic-git reader can take over. */
export class GitNotFoundError extends GitError {}

/** A configuration, allow-file or detector problem, named with its file and key. */
export class ConfigError extends UserError {}
