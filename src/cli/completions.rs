//! `aiperture completions`: shell completion scripts that call aiperture back.
//!
//! The scripts come from clap_complete's dynamic engine: on each TAB the shell runs
//! `AIPERTURE_COMPLETE=<shell> aiperture -- <words…>`, and [`complete_if_asked`] answers from
//! the clap definitions, so subcommands, options and values complete as the definitions say,
//! and the challenge ids of `approve` and `deny` complete with the pending asks
//! ([`challenge_ids`]). Invariants: answering a completion never writes anything (the stores'
//! indexes are read without the lock, see [`crate::engine::peek_pending_asks`]) and never
//! fails out loud (an error gives no candidates); the completion mode starts only for the
//! exact `aiperture -- …` form with the variable set, so no other command line, and in
//! particular no `check` or `hook` run, can be turned into it.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use clap_complete::engine::CompletionCandidate;

use super::exit::{CliError, Outcome};
use super::output::{clip, write_out};
use super::{Cli, Ctx};
use crate::error::{Error, Result};
use crate::store::{Discover, STORE_ENV, Store, UserDirs, inbox};

/// The environment variable that turns a run into a completion request.
pub const VAR: &str = "AIPERTURE_COMPLETE";

/// Print a shell completion script
///
/// The script calls `aiperture` back on each TAB (`AIPERTURE_COMPLETE=<shell> aiperture -- …`),
/// so challenge ids complete with the pending asks of the store found from the working folder
/// and of every other store with pending asks, each with a short description. Completing
/// writes nothing. Install the script once, and again after upgrading aiperture (the call-back
/// protocol may change between versions):
///
///   bash  aiperture completions bash > ~/.local/share/bash-completion/completions/aiperture
///   zsh   aiperture completions zsh > ~/.zfunc/_aiperture   (fpath+=~/.zfunc before compinit)
///   fish  aiperture completions fish > ~/.config/fish/completions/aiperture.fish
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Run `completions`.
pub fn run(ctx: &mut Ctx<'_>, args: &CompletionsArgs) -> std::result::Result<Outcome, CliError> {
    let name = args.shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let shell = shells
        .completer(&name)
        .ok_or_else(|| Error::Invalid(format!("no completion script for {name}")))?;
    let mut buf = Vec::new();
    shell
        .write_registration(VAR, "aiperture", "aiperture", "aiperture", &mut buf)
        .map_err(|e| Error::Io { op: "write", path: "standard output".into(), source: e })?;
    write_out(ctx.out, &buf)?;
    Ok(Outcome::Success)
}

/// Answer a completion request (`AIPERTURE_COMPLETE=<shell> aiperture -- <words…>`) on
/// standard output; `false` when `args` (the program name first) are not one.
pub fn complete_if_asked(args: &[OsString]) -> bool {
    if args.get(1).is_none_or(|a| a != "--") {
        return false;
    }
    if std::env::var_os(VAR).is_none_or(|v| v.is_empty() || v == "0") {
        return false;
    }
    let cwd = std::env::current_dir().ok();
    let env = clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(VAR)
        .bin("aiperture")
        .completer("aiperture");
    // An error (an unknown shell, a closed pipe) gives no candidates, and no message.
    env.try_complete(args.iter().cloned(), cwd.as_deref()).unwrap_or(true)
}

/// The pending challenge ids starting with `current`, for the completion of `approve` and
/// `deny`; nothing when they cannot be read.
pub fn challenge_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let (Some(prefix), Ok(cwd)) = (current.to_str(), std::env::current_dir()) else {
        return Vec::new();
    };
    pending_ids(&cwd)
        .unwrap_or_default()
        .into_iter()
        .filter(|(id, _)| id.starts_with(prefix))
        .map(|(id, help)| CompletionCandidate::new(id).help(Some(help.into())))
        .collect()
}

/// Every pending ask's challenge id with a one-line description, newest first: of the store
/// found from `cwd` (or named by AIPERTURE_STORE), then of the other stores in the inbox.
/// Reads only.
pub fn pending_ids(cwd: &Path) -> Result<Vec<(String, String)>> {
    let user = UserDirs::from_env()?;
    let env = std::env::var_os(STORE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
    let home =
        Store::find(&Discover { flag: None, env, cwd: cwd.to_path_buf(), user: user.clone() }).ok();
    let now = crate::clock::now()?;
    let mut stores: Vec<(Store, bool)> = home.into_iter().map(|s| (s, true)).collect();
    for p in inbox::list(&user).unwrap_or_default() {
        if !stores.iter().any(|(s, _)| s.root() == p)
            && let Some(s) = Store::listed(&p, &user)
        {
            stores.push((s, false));
        }
    }
    let mut out = Vec::new();
    for (store, home) in &stores {
        let Ok(mut asks) = crate::engine::peek_pending_asks(store, now) else { continue };
        asks.sort_by_key(|g| std::cmp::Reverse(g.newest.check_seq));
        for g in asks {
            let c = &g.newest;
            let mut help = format!(
                "{} {} {} ({})",
                c.request.tool,
                c.request.action,
                clip(&c.request.scope, 50),
                c.tier
            );
            if !home {
                help.push_str(&format!(" in {}", store.root().display()));
            }
            out.push((c.challenge.id.clone(), help));
        }
    }
    Ok(out)
}
