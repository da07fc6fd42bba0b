//! Self-protection (decision step 1): an agent must not change the store that judges it.
//!
//! Denied: any tool call whose scope names the store's secret (reading it would let an agent
//! forge challenges); writes, deletes and moves into the store folder through file tools; shell
//! commands that touch the store folder with a mutating program or a redirection; and mutating
//! `aiperture` subcommands (`approve`, `deny`, `revoke`, `grant`, `config set`, `policy trust`,
//! `init`, `reindex`) run through an agent's shell. This is a first line; the shell-analysis
//! module makes the command parsing exhaustive.

use std::path::Path;

use super::request::Request;

const MUTATING_SUBCOMMANDS: &[&str] =
    &["approve", "deny", "revoke", "grant", "init", "reindex", "configure", "bootstrap"];
const MUTATING_PROGRAMS: &[&str] = &[
    "rm", "mv", "cp", "tee", "truncate", "dd", "ln", "chmod", "chown", "sed", "perl", "install",
    "rsync", "shred", "unlink", "touch", "mkdir", "rmdir", "python", "python3", "node", "ruby",
];
const SHELL_TOOLS: &[&str] = &["shell", "bash", "terminal", "sh", "exec", "command"];
const READ_ACTIONS: &[&str] = &["read", "get", "list", "view", "search", "glob", "grep", "stat"];

/// Why a request is refused by self-protection, if it is.
pub fn violation(req: &Request, store_root: &Path) -> Option<String> {
    let root = store_root.to_string_lossy();
    let scope = req.scope.as_str();
    let tool = req.tool.to_ascii_lowercase();
    let action = req.action.to_ascii_lowercase();
    let names_store = scope.contains(".aiperture") || (!root.is_empty() && scope.contains(&*root));

    if names_store && scope.contains("secret") {
        return Some("the request names the store's secret".into());
    }
    if SHELL_TOOLS.contains(&tool.as_str()) || action == "execute" || action == "run" {
        let words = shell_words::split(scope)
            .unwrap_or_else(|_| scope.split_whitespace().map(str::to_string).collect());
        for (i, w) in words.iter().enumerate() {
            let base = w.rsplit('/').next().unwrap_or(w);
            if base == "aiperture" {
                let rest = subcommand_words(&words[i + 1..]);
                let mutating = match rest.as_slice() {
                    [first, ..] if MUTATING_SUBCOMMANDS.contains(first) => true,
                    ["config", "set", ..] | ["policy", "trust", ..] => true,
                    _ => false,
                };
                if mutating {
                    return Some(format!(
                        "agents may not run `aiperture {}`: human decisions go through a human \
                         channel",
                        rest.join(" ")
                    ));
                }
            }
        }
        if names_store {
            let mutates = scope.contains('>')
                || words.iter().any(|w| {
                    let base = w.rsplit('/').next().unwrap_or(w);
                    MUTATING_PROGRAMS.contains(&base)
                });
            if mutates {
                return Some("the command may change the aiperture store".into());
            }
        }
        return None;
    }
    if names_store && !READ_ACTIONS.contains(&action.as_str()) {
        return Some(format!("`{}` on the aiperture store is not allowed for agents", req.action));
    }
    None
}

/// The first two words after `aiperture` that are not options or option values.
fn subcommand_words(args: &[String]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut it = args.iter().map(String::as_str);
    while let Some(a) = it.next() {
        if a == "--store" || a == "--config" {
            it.next();
        } else if !a.starts_with('-') {
            out.push(a);
            if out.len() == 2 {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(tool: &str, action: &str, scope: &str) -> bool {
        violation(&Request::new(tool, action, scope), Path::new("/p/.aiperture")).is_some()
    }

    #[test]
    fn mutating_aiperture_commands_are_refused() {
        assert!(v("shell", "execute", "aiperture approve ch_x --yes"));
        assert!(v("shell", "execute", "/usr/local/bin/aiperture --store x deny ch_x"));
        assert!(v("shell", "execute", "aiperture config set learning.min_decisions 1"));
        assert!(v("shell", "execute", "aiperture policy trust"));
        assert!(!v("shell", "execute", "aiperture check shell execute ls"));
        assert!(!v("shell", "execute", "aiperture patterns --json"));
    }

    #[test]
    fn store_files_are_protected() {
        assert!(v("filesystem", "write", "/p/.aiperture/policy.toml"));
        assert!(v("filesystem", "read", "/p/.aiperture/secret"));
        assert!(v("shell", "execute", "echo x >> .aiperture/policy.toml"));
        assert!(v("shell", "execute", "rm -rf .aiperture"));
        assert!(!v("filesystem", "read", "/p/.aiperture/policy.toml"));
        assert!(!v("shell", "execute", "cat .aiperture/policy.toml"));
    }
}
