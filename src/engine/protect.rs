//! Self-protection (decision step 1): an agent must not change the store that judges it.
//!
//! Denied, in any disguise the shell analysis sees through (wrappers, `bash -c`, `eval`,
//! substitutions, absolute paths, quoting): a mutating `aiperture` subcommand (`approve`,
//! `deny`, `revoke`, `grant`, `config set`, `policy trust`, `init`, `reindex`, …); a command
//! that names the store's secret at all (reading it would let an agent forge challenges and
//! HEAD); a command that writes into the store folder (a mutating program with a store path in
//! its arguments, or a redirection into it); and for file tools, any write, delete or move
//! into the store; and any call that names the human-decision routes of `aiperture serve`
//! (`/permissions/record`, `/permissions/grant`, `/permissions/revoke`, `PATCH /config`).
//! Unparseable shell scopes fall back to a conservative text check.

use std::path::Path;

use super::request::Request;
use crate::risk::Analysis;
use crate::risk::shell::SimpleCommand;

const MUTATING_SUBCOMMANDS: &[&str] = &[
    "approve",
    "deny",
    "revoke",
    "grant",
    "init",
    "reindex",
    "configure",
    "bootstrap",
    "setup",
    "hook",
    "intel",
];
const MUTATING_PROGRAMS: &[&str] = &[
    "rm", "mv", "cp", "tee", "truncate", "dd", "ln", "chmod", "chown", "chattr", "sed", "perl",
    "install", "rsync", "shred", "unlink", "touch", "mkdir", "rmdir", "python", "python3", "node",
    "ruby", "tar", "unzip", "git", "patch", "vim", "vi", "nano", "emacs", "ed", "awk", "find",
];
/// HTTP routes of `aiperture serve` that record human decisions.
const HUMAN_ROUTES: &[&str] = &["/permissions/record", "/permissions/grant", "/permissions/revoke"];
const READ_ACTIONS: &[&str] = &["read", "get", "list", "view", "search", "glob", "grep", "stat"];

/// Why a request is refused by self-protection, if it is.
pub fn violation(req: &Request, analysis: &Analysis, store_root: &Path) -> Option<String> {
    let root = store_root.to_string_lossy();
    let names_store =
        |s: &str| s.contains(".aiperture") || (!root.is_empty() && s.contains(&*root));
    let names_secret =
        |s: &str| names_store(s) && (s.contains("secret") || s.contains("intel.key"));

    if names_secret(&req.scope) {
        return Some("the request names the store's secret".into());
    }
    if let Some(route) = HUMAN_ROUTES.iter().find(|r| req.scope.contains(*r)) {
        return Some(format!(
            "agents may not call aiperture's human-decision route {route}: human decisions go \
             through a human channel"
        ));
    }
    if req.scope.contains("PATCH") && req.scope.contains("/config") {
        return Some("agents may not change aiperture's configuration over HTTP".into());
    }
    if !analysis.commands.is_empty() {
        for c in &analysis.commands {
            if let Some(why) = command_violation(&c.command, &names_store) {
                return Some(why);
            }
        }
        return None;
    }
    if !analysis.parsed {
        // Not parseable as a shell command: refuse anything that both names the store and
        // looks like it could change it.
        let words: Vec<&str> = req.scope.split_whitespace().collect();
        let mutates = req.scope.contains('>')
            || words.iter().any(|w| MUTATING_PROGRAMS.contains(&w.rsplit('/').next().unwrap_or(w)))
            || words.iter().any(|w| w.ends_with("aiperture"));
        if (names_store(&req.scope) || req.scope.contains("aiperture")) && mutates {
            return Some("the command may change the aiperture store".into());
        }
        return None;
    }
    let action = req.action.to_ascii_lowercase();
    if names_store(&req.scope) && !READ_ACTIONS.contains(&action.as_str()) {
        return Some(format!("`{}` on the aiperture store is not allowed for agents", req.action));
    }
    None
}

fn command_violation(c: &SimpleCommand, names_store: &dyn Fn(&str) -> bool) -> Option<String> {
    let program = c.program.as_deref().unwrap_or("");
    if program == "aiperture" {
        let rest = subcommand_words(&c.args);
        let mutating = match rest.as_slice() {
            [first, ..] if MUTATING_SUBCOMMANDS.contains(first) => true,
            ["config", "set", ..] | ["policy", "trust", ..] | ["grant", ..] => true,
            _ => false,
        };
        if mutating {
            return Some(format!(
                "agents may not run `aiperture {}`: human decisions go through a human channel",
                rest.join(" ")
            ));
        }
    }
    let writes_into_store = c.redirects.iter().any(|r| r.is_write() && names_store(&r.target));
    let mutates_store =
        MUTATING_PROGRAMS.contains(&program) && c.args.iter().any(|a| names_store(a));
    if writes_into_store || mutates_store {
        return Some("the command may change the aiperture store".into());
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
        let req = Request::new(tool, action, scope);
        let analysis = crate::risk::analyze(tool, action, scope, &[]);
        violation(&req, &analysis, Path::new("/p/.aiperture")).is_some()
    }

    #[test]
    fn mutating_aiperture_commands_are_refused_in_any_disguise() {
        for s in [
            "aiperture approve ch_x --yes",
            "/usr/local/bin/aiperture --store x deny ch_x",
            "aiperture config set learning.min_decisions 1",
            "aiperture policy trust",
            "bash -c 'aiperture approve ch_x --yes'",
            "sudo aiperture grant shell execute '*' --task t",
            "ls && 'aiper'ture approve ch_x -y",
            "echo $(aiperture deny ch_x --yes)",
            "env A=1 aiperture reindex",
        ] {
            assert!(v("shell", "execute", s), "{s}");
        }
        assert!(v(
            "shell",
            "execute",
            "curl -X POST http://127.0.0.1:8100/permissions/record -d '{\"challenge\":\"ch_x\"}'"
        ));
        assert!(v("web", "fetch", "http://localhost:8100/permissions/grant"));
        assert!(v("shell", "execute", "curl -X PATCH localhost:8100/config -d '{}'"));
        assert!(!v("shell", "execute", "curl http://127.0.0.1:8100/permissions/check -d '{}'"));
        assert!(!v("shell", "execute", "aiperture check shell execute ls"));
        assert!(!v("shell", "execute", "aiperture patterns --json"));
        assert!(!v("shell", "execute", "grep -r 'aiperture approve' docs/"));
    }

    #[test]
    fn store_files_are_protected() {
        assert!(v("filesystem", "write", "/p/.aiperture/policy.toml"));
        assert!(v("filesystem", "read", "/p/.aiperture/secret"));
        assert!(v("shell", "execute", "echo x >> .aiperture/policy.toml"));
        assert!(v("shell", "execute", "rm -rf .aiperture"));
        assert!(v("shell", "execute", "cat .aiperture/secret"));
        assert!(v("shell", "execute", "cd /tmp; sudo mv /p/.aiperture/journal /tmp/x"));
        assert!(!v("filesystem", "read", "/p/.aiperture/policy.toml"));
        assert!(!v("shell", "execute", "cat .aiperture/policy.toml"));
    }
}
