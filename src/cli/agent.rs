//! Which aiperture invocations an agent may run: self-protection asks this module about every
//! `aiperture …` it finds in a shell command.
//!
//! The arguments are parsed with the real command-line definition and the result is matched
//! exhaustively on [`Command`] and its subcommand enums, so a new subcommand does not compile
//! until it is classified here. Allowed are the reads: checking and explaining requests,
//! listing patterns, challenges, artifacts and the journal, verifying, statistics, help.
//! Refused is anything that records a decision or an execution, changes configuration, policy
//! or trust, serves, acts as a hook, sets up, initialises, imports or writes; so is any global
//! `--store` or `--config` (they change what judges the agent) and anything that does not
//! parse (another version of the program may read it differently).

use clap::FromArgMatches;

use super::{Cli, Command, artifact, audit, config, intel, policy};
use crate::engine::protect::AgentUse;

/// Register [`classify`] with self-protection.
pub fn register() {
    crate::engine::protect::set_aiperture_classifier(classify);
}

/// Whether an agent may run `aiperture <args>`.
pub fn classify(args: &[String]) -> AgentUse {
    let mut line: Vec<std::ffi::OsString> = vec!["aiperture".into()];
    line.extend(args.iter().map(Into::into));
    let parsed = super::command_for(&line)
        .try_get_matches_from(&line)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            return match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => AgentUse::Allowed,
                _ => refuse("the arguments are not understood"),
            };
        }
    };
    if cli.global.store.is_some() || !cli.global.config.is_empty() {
        return refuse("--store and --config change which store and settings judge the agent");
    }
    access(&cli.command)
}

fn refuse(why: &str) -> AgentUse {
    AgentUse::Refused(why.to_owned())
}

/// The exhaustive classification.
fn access(c: &Command) -> AgentUse {
    const HUMAN: &str = "human decisions go through a human channel";
    const WRITES: &str = "it changes aiperture's state, which only a human may do";
    match c {
        Command::Check(_)
        | Command::Explain(_)
        | Command::Pending(_)
        | Command::Patterns(_)
        | Command::VerifyChain(_)
        | Command::Compliance(_)
        | Command::Stats(_)
        | Command::Where(_)
        | Command::Doctor(_)
        | Command::Completions(_) => AgentUse::Allowed,
        Command::Approve(_)
        | Command::Deny(_)
        | Command::Review(_)
        | Command::Grant(_)
        | Command::Revoke(_) => refuse(HUMAN),
        Command::Config(c) => match c {
            config::ConfigCommand::Get(_) | config::ConfigCommand::List(_) => AgentUse::Allowed,
            config::ConfigCommand::Set(_) | config::ConfigCommand::Unset(_) => refuse(WRITES),
        },
        Command::Policy(c) => match c {
            policy::PolicyCommand::Check(_) => AgentUse::Allowed,
            policy::PolicyCommand::Suggest(a) if !a.write => AgentUse::Allowed,
            policy::PolicyCommand::Suggest(_) => refuse(WRITES),
            policy::PolicyCommand::Trust(_) => refuse(HUMAN),
        },
        Command::Artifact(c) => match c {
            artifact::ArtifactCommand::Show(_)
            | artifact::ArtifactCommand::List(_)
            | artifact::ArtifactCommand::Verify(_)
            | artifact::ArtifactCommand::Costs(_) => AgentUse::Allowed,
            artifact::ArtifactCommand::Store(_) => refuse(WRITES),
        },
        Command::Audit(c) => match c {
            audit::AuditCommand::Log(_)
            | audit::AuditCommand::Show(_)
            | audit::AuditCommand::Export(_) => AgentUse::Allowed,
        },
        Command::Intel(c) => match c {
            intel::IntelCommand::Show(_) => AgentUse::Allowed,
            intel::IntelCommand::Export(_) | intel::IntelCommand::Import(_) => refuse(WRITES),
            intel::IntelCommand::Trust(_) | intel::IntelCommand::Untrust(_) => refuse(HUMAN),
        },
        Command::ReportExecution(_)
        | Command::Bootstrap(_)
        | Command::Init(_)
        | Command::Reindex(_)
        | Command::Configure(_)
        | Command::Setup(_) => refuse(WRITES),
        Command::Serve(_) | Command::McpServe(_) => {
            refuse("a server run by the agent would answer its own human-decision requests")
        }
        Command::Hook(_) => refuse("the agent could fake its own dialog and tool runs"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(line: &str) -> bool {
        let args: Vec<String> = shell_words::split(line).unwrap_or_default();
        classify(&args) == AgentUse::Allowed
    }

    #[test]
    fn reads_are_allowed_and_everything_else_is_refused() {
        for ok in [
            "check shell execute ls",
            "check --json shell execute 'rm -rf /'",
            "explain shell execute ls",
            "where",
            "patterns --json",
            "pending",
            "verify-chain",
            "audit log",
            "audit show 3",
            "config get learning.min_decisions",
            "config list",
            "policy check",
            "policy suggest",
            "artifact list",
            "stats",
            "intel show",
            "--help",
            "check --help",
            "--version",
        ] {
            assert!(allowed(ok), "{ok}");
        }
        for bad in [
            "approve ch_x --yes",
            "deny ch_x",
            "deny --last --yes",
            "review",
            "grant --task t shell execute '*'",
            "revoke shell execute ls",
            "config set learning.min_decisions 1",
            "policy trust",
            "policy suggest --write",
            "init",
            "reindex",
            "serve",
            "mcp-serve",
            "hook claude-code",
            "setup claude-code --remove",
            "configure",
            "bootstrap",
            "intel export --out x",
            "report-execution shell execute ls",
            "--config mcp.human_decisions=true mcp-serve",
            "--config learning.min_decisions=1 check shell execute ls",
            "--store /tmp/x check shell execute ls",
            "check shell execute ls --store /tmp/x",
            "no-such-subcommand",
        ] {
            assert!(!allowed(bad), "{bad}");
        }
    }
}
