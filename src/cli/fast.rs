//! A strict parser for the two commands that agent hooks run on every tool call, `check` and
//! `hook`, which spares them building the clap definition of every subcommand (about a fifth
//! of a check's instructions).
//!
//! It accepts only a plain subset of what clap accepts: the global options and the command's
//! own options as separate words (`--store DIR`, `--json`, `-q`), each at most once (except the
//! repeatable `--config`), values that are neither empty nor start with `-`, and positional
//! words that do not start with `-`. On anything else — help and version requests,
//! `--opt=value`, `--`, short clusters, repeats, unknown options, a missing or extra word,
//! words that are not UTF-8 — it gives up (`None`) and clap parses the line, with clap's
//! messages. Invariant, held by a property test: whatever it accepts, clap parses to the same
//! [`Cli`].

use std::ffi::OsString;
use std::path::PathBuf;

use super::check::CheckArgs;
use super::hook::{AgentName, HookArgs};
use super::{Cli, Command, GlobalArgs};

/// `args` (the program name first) as a [`Cli`], or `None` when clap must parse them.
pub(super) fn parse(args: &[OsString]) -> Option<Cli> {
    let words: Vec<&str> = args.iter().skip(1).map(|a| a.to_str()).collect::<Option<_>>()?;
    let mut global = GlobalArgs::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut sub: Option<&str> = None;
    let mut positional: Vec<&str> = Vec::new();
    let mut opts: Vec<(&str, Option<&str>)> = Vec::new();
    let mut it = words.into_iter();
    while let Some(w) = it.next() {
        if !w.starts_with('-') {
            if w.is_empty() {
                return None;
            }
            match sub {
                None => sub = Some(w),
                Some(_) => positional.push(w),
            }
            continue;
        }
        // An option: each at most once, except `--config`.
        if w != "--config" {
            if seen.contains(&w) {
                return None;
            }
            seen.push(w);
        }
        let mut value = || it.next().filter(|v| !v.is_empty() && !v.starts_with('-'));
        match w {
            "--store" => global.store = Some(PathBuf::from(value()?)),
            "--config" => global.config.push(value()?.to_owned()),
            "--json" => global.json = true,
            "-q" | "--quiet" => {
                // `-q` and `--quiet` are one option.
                if seen.contains(&"-q") && seen.contains(&"--quiet") {
                    return None;
                }
                global.quiet = true;
            }
            "--no-wait" => global.no_wait = true,
            _ => {
                // The subcommand's own options (only after its name).
                sub?;
                let takes_value = matches!(
                    (sub, w),
                    (
                        Some("check"),
                        "--session"
                            | "--task"
                            | "--org"
                            | "--project"
                            | "--content-hash"
                            | "--runtime"
                    )
                );
                let v = if takes_value { Some(value()?) } else { None };
                opts.push((w, v));
            }
        }
    }
    let command = match sub? {
        "check" => Command::Check(check_args(&positional, &opts)?),
        "hook" => Command::Hook(hook_args(&positional, &opts)?),
        _ => return None,
    };
    Some(Cli { global, command })
}

fn check_args(positional: &[&str], opts: &[(&str, Option<&str>)]) -> Option<CheckArgs> {
    let mut a = CheckArgs {
        tool: None,
        action: None,
        scope: None,
        stdin: false,
        session: None,
        task: None,
        org: None,
        project: None,
        content_hash: None,
        runtime: None,
        explain: false,
    };
    for (name, value) in opts {
        let v = value.map(str::to_owned);
        match *name {
            "--stdin" => a.stdin = true,
            "--explain" => a.explain = true,
            "--session" => a.session = v,
            "--task" => a.task = v,
            "--org" => a.org = v,
            "--project" => a.project = v,
            "--content-hash" => a.content_hash = v,
            "--runtime" => a.runtime = v,
            _ => return None,
        }
    }
    match (positional, a.stdin) {
        ([tool, action, scope], false) => {
            a.tool = Some((*tool).to_owned());
            a.action = Some((*action).to_owned());
            a.scope = Some((*scope).to_owned());
        }
        ([], true) => {}
        _ => return None,
    }
    Some(a)
}

fn hook_args(positional: &[&str], opts: &[(&str, Option<&str>)]) -> Option<HookArgs> {
    let [agent] = positional else { return None };
    let agent = <AgentName as clap::ValueEnum>::from_str(agent, false).ok()?;
    let mut exit_2 = false;
    for (name, _) in opts {
        match *name {
            "--exit-2" => exit_2 = true,
            _ => return None,
        }
    }
    Some(HookArgs { agent, exit_2 })
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, FromArgMatches};
    use proptest::prelude::*;

    fn os(words: &[&str]) -> Vec<std::ffi::OsString> {
        std::iter::once("aiperture").chain(words.iter().copied()).map(Into::into).collect()
    }

    /// What clap makes of `args`, with every subcommand built.
    fn by_clap(args: &[std::ffi::OsString]) -> Option<String> {
        let mut full = super::Cli::command();
        full.build();
        let m = full.try_get_matches_from(args).ok()?;
        super::Cli::from_arg_matches(&m).ok().map(|c| format!("{c:?}"))
    }

    fn same_as_clap(words: &[&str]) -> Result<(), String> {
        let args = os(words);
        if let Some(fast) = super::parse(&args) {
            let clap = by_clap(&args);
            if clap.as_deref() != Some(format!("{fast:?}").as_str()) {
                return Err(format!("{words:?}: fast {fast:?}, clap {clap:?}"));
            }
        }
        Ok(())
    }

    #[test]
    fn the_lines_hooks_run_are_parsed_here_as_clap_parses_them() {
        let accepted: &[&[&str]] = &[
            &["check", "shell", "execute", "ls -la"],
            &["--store", "/s", "check", "shell", "execute", "ls -la", "--json"],
            &["check", "--session", "s1", "shell", "execute", "git push", "-q", "--explain"],
            &["check", "--stdin", "--config", "a.b=1", "--config", "c.d=2", "--no-wait"],
            &["hook", "claude-code"],
            &["--quiet", "hook", "codex", "--exit-2"],
        ];
        for words in accepted {
            assert!(super::parse(&os(words)).is_some(), "{words:?} takes the fast path");
            same_as_clap(words).unwrap();
        }
        let refused: &[&[&str]] = &[
            &[],
            &["check"],
            &["check", "--help"],
            &["--version"],
            &["check", "shell", "execute"],
            &["check", "shell", "execute", "x", "y"],
            &["check", "shell", "execute", "-rf"],
            &["check", "--stdin", "shell", "execute", "x"],
            &["check", "--json", "--json", "a", "b", "c"],
            &["check", "-q", "--quiet", "a", "b", "c"],
            &["--store=/s", "check", "a", "b", "c"],
            &["--store", "", "check", "a", "b", "c"],
            &["check", "--", "a", "b", "c"],
            &["check", "--session", "--json", "a", "b", "c"],
            &["--session", "s", "check", "a", "b", "c"],
            &["hook", "nobody"],
            &["hook", "claude-code", "--explain"],
            &["patterns"],
            &["check", "-qq", "a", "b", "c"],
        ];
        for words in refused {
            assert!(super::parse(&os(words)).is_none(), "{words:?} is left to clap");
        }
    }

    const WORDS: &[&str] = &[
        "check",
        "hook",
        "patterns",
        "help",
        "claude-code",
        "codex",
        "gemini",
        "shell",
        "execute",
        "ls -la",
        "-rf",
        "",
        "--store",
        "/tmp/s",
        "--config",
        "learning.min_decisions=3",
        "--json",
        "-q",
        "--quiet",
        "-qq",
        "--no-wait",
        "--stdin",
        "--session",
        "--task",
        "t",
        "--org",
        "--project",
        "--content-hash",
        "--runtime",
        "--explain",
        "--exit-2",
        "--",
        "-h",
        "--help",
        "-V",
        "--store=/x",
        "--jso",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever the fast parser accepts, clap parses to the same thing.
        #[test]
        fn whatever_is_accepted_here_clap_parses_the_same(
            picks in proptest::collection::vec(0..WORDS.len(), 0..9),
            lead in 0..3usize,
        ) {
            // Bias towards lines that start like a hook's, so that many are accepted.
            let mut words: Vec<&str> = match lead {
                0 => vec!["check", "shell", "execute", "x"],
                1 => vec!["hook", "claude-code"],
                _ => Vec::new(),
            };
            words.extend(picks.iter().map(|&i| WORDS[i]));
            prop_assert!(same_as_clap(&words).is_ok(), "{}", same_as_clap(&words).unwrap_err());
        }
    }
}
