export const HELP = `leakstop: stop API keys, tokens, private keys and passwords before git commits or pushes them.

Usage:
  leakstop --staged [paths...]     scan what the next commit would add (only the given paths, if any)
  leakstop hook pre-commit         the pre-commit hook (same as --staged)
  leakstop hook pre-push R URL     the pre-push hook (reads git's ref lines on stdin)
  leakstop hook commit-msg FILE    the commit-msg hook (scans the message git is about to record)
  leakstop init [--uninstall]      install (or remove) the pre-commit and pre-push hooks in this repository
  leakstop allow [FINGERPRINT...] --reason TEXT [--expires YYYY-MM-DD]
                                   accept staged findings (all, or these) in .leakstop-allow.json
  leakstop baseline [--reason TEXT]
                                   accept every finding of the working tree (adopting leakstop)
  leakstop schema                  the JSON Schema of .leakstop.json
  leakstop detectors               list every detector (id, severity, name)
  leakstop explain <detector-id>   the full guidance for one credential type

Options:
  --format FORMAT      text (default), json, or sarif (for code-scanning dashboards)
  --reader R           how staged changes are read: auto (default: git, or isomorphic-git where no git
                       binary exists), git, isomorphic-git
  --no-suppress        report everything: ignore inline markers, the allow file and config suppressions
  --no-color           no colours (also: NO_COLOR=1; colours are only used on a terminal)
  -h, --help           this help
  -v, --version        the version

Exit codes: 0 nothing found, 1 secrets found (blocked), 2 error (in a hook: blocked).
`;
