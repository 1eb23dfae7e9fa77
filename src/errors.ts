/** An error the user can act on: printed as one line, exit code 2. */
export class UserError extends Error {}

export class GitError extends UserError {}
