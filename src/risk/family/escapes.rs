//! The escapes family: programs that are not shells but start one when told to, through an
//! option value, an operand or the text on their standard input. An editor's `!cmd`, a
//! debugger's `shell`, a makefile read from a pipe, an ssh `ProxyCommand`, a database
//! client's `\!`, git's `ext::` transport or a `GIT_DIR` pointing at a foreign configuration
//! all run whatever the caller wrote, so the command is at least HIGH whatever the program's
//! everyday use.
//!
//! What a registry rule can say (an option that always runs something: `tar --to-command`,
//! `vim -c`, `gdb -ex`, `make --eval`, `nano --speller`) is in the registry, and a command
//! the unwrapper can read out of an escape (vim's `!cmd`, a `git -c core.pager`, a tmux or
//! screen command, the recipes of a makefile whose text is known) is parsed there and judged
//! like any other; this module holds what needs a look at values or input: which `-f` a
//! makefile comes from, which ssh option a `-o` sets, which line of a heredoc a database
//! client reads.
//!
//! Invariants: matches on the program first and returns at once for every other program, so
//! ordinary commands pay one string comparison and allocate nothing; only adds findings (at
//! HIGH, or CRITICAL for network code run as root); an input that is not known statically
//! (a pipe from another program) counts as running code, never as harmless.

use crate::risk::Tier;
use crate::risk::classify::{Args, Finding, finding};
use crate::risk::factor::Factor;
use crate::risk::rules;
use crate::risk::shell::{Analysis, Cmd, Stdin};

/// Adds this family's findings for one command.
pub(super) fn check(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    match prog {
        "git" => git(c, args, out),
        "gh" => gh_graphql(args, out),
        "emacs" | "xemacs" | "emacsclient" => emacs(prog, args, out),
        "ed" | "ex" => editor_stdin(a, c, prog, args, out),
        "make" | "gmake" => make(a, c, args, out),
        "awk" | "gawk" | "mawk" | "nawk" | "sed" | "gsed" => program_file(a, c, prog, args, out),
        "ssh" | "scp" | "sftp" => {
            ssh_options(prog, args, out);
            if prog == "sftp" {
                bang_lines(a, c, prog, args, out);
            }
        }
        "ftp" | "dc" => bang_lines(a, c, prog, args, out),
        "less" | "man" | "journalctl" | "systemctl" => less_options(c, out),
        "rsync" => rsync_shell(args, out),
        "strace" | "ltrace" => trace_output(prog, args, out),
        "expect" => expect(c, args, out),
        "psql" | "mysql" | "mariadb" | "sqlite3" => db_shell(c, prog, args, out),
        _ => {}
    }
}

/// The finding for a program told to run something given on its command line or input.
fn runs(what: String) -> Finding {
    finding(Tier::High, Factor::CodeExecutionOption, what)
}

/// The text of a standard input known statically (a heredoc, a here-string, piped `echo`).
fn literal_stdin(c: &Cmd) -> Option<&str> {
    match &c.stdin {
        Stdin::Literal(s) => Some(s),
        _ => None,
    }
}

/// Whether the commands in `s..e` (earlier pipeline stages) download something.
fn fetches(a: &Analysis, s: usize, e: usize) -> bool {
    a.cmds.get(s..e.min(a.cmds.len())).unwrap_or_default().iter().any(|c| {
        c.code.as_ref().is_some_and(|(_, scan)| scan.network)
            || c.prog().is_some_and(|p| p != "git" && rules::FETCHERS.contains(&p.as_str()))
    })
}

/// The finding for a program that runs its standard input as commands (`make -f -`, `ed`):
/// none for a terminal, remote code execution when an earlier stage downloads it.
fn stdin_runs(a: &Analysis, c: &Cmd, kind: &str, out: &mut Vec<Finding>) {
    match &c.stdin {
        Stdin::Terminal => {}
        Stdin::Upstream(s, e) if fetches(a, *s, *e) => {
            let tier = if c.root { Tier::Critical } else { Tier::High };
            out.push(finding(
                tier,
                Factor::RemoteCodeExecution,
                format!("downloads {kind} and runs it"),
            ));
        }
        Stdin::Upstream(..) | Stdin::Network => out.push(finding(
            Tier::High,
            Factor::PipeToShell,
            format!("runs {kind} produced by another command"),
        )),
        Stdin::Literal(_) | Stdin::File(_) => {
            out.push(runs(format!("runs {kind} given on its input, which can start programs")));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// git and gh.

/// `git` escapes the program handler does not see: the `ext::` transport (the URL is a
/// command line), `GIT_DIR`/`GIT_CONFIG*` pointing git at a configuration that may hold a
/// pager, an fsmonitor or hooks, `LESS='+!…'` for its pager, and `send-email
/// --smtp-server=/path`, a sendmail-like program rather than a host.
fn git(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let smtp_program = args.texts.iter().enumerate().any(|(i, t)| match *t {
        "--smtp-server" => args.texts.get(i + 1).is_some_and(|v| v.contains('/')),
        _ => t.strip_prefix("--smtp-server=").is_some_and(|v| v.contains('/')),
    });
    if smtp_program {
        out.push(runs("sends mail through a program named by --smtp-server".to_owned()));
    }
    less_options(c, out);
    if let Some(url) = args.texts.iter().find(|t| {
        let t = t.trim_start_matches("--upload-pack=");
        t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("ext::"))
    }) {
        out.push(runs(format!("uses git's ext:: transport, which runs the command {url}")));
    }
    for (name, value) in &c.simple.env {
        let foreign = match name.as_str() {
            "GIT_DIR" => !matches!(value.as_str(), ".git" | "./.git"),
            "GIT_CONFIG" | "GIT_CONFIG_SYSTEM" => value != "/dev/null",
            _ => false,
        };
        if foreign {
            out.push(runs(format!(
                "reads git settings from {value} ({name}), which can make git run programs"
            )));
        }
    }
}

/// `LESS='+!cmd'`: options for less (the pager of git, man and systemd) from the environment
/// that run a shell command when it starts.
fn less_options(c: &Cmd, out: &mut Vec<Finding>) {
    for (n, v) in &c.simple.env {
        let runs_shell = match n.as_str() {
            "LESS" | "SYSTEMD_LESS" => v.contains('!'),
            "MANOPT" => v
                .split_whitespace()
                .any(|w| w.starts_with("-P") || w.starts_with("--pager") || w.starts_with("-H")),
            _ => false,
        };
        if runs_shell {
            out.push(runs(format!("passes options that run a shell through {n}")));
        }
    }
}

/// `gh api graphql` with a mutation that deletes (`deleteRef`, `deleteRepository`).
fn gh_graphql(args: &Args, out: &mut Vec<Finding>) {
    if args.texts.first() != Some(&"api") || !args.has("graphql") {
        return;
    }
    let deletes = args.texts.iter().any(|t| {
        let l = t.to_ascii_lowercase();
        l.contains("mutation") && l.contains("delete")
    });
    if deletes {
        out.push(finding(
            Tier::High,
            Factor::VcsDestruction,
            "deletes through a GitHub GraphQL mutation",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Editors.

/// Emacs `--eval`/`-f` run Lisp, which can start any program (`(shell-command …)`).
fn emacs(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    const HARMLESS_FUNCS: &[&str] = &["batch-byte-compile", "batch-native-compile"];
    let client = prog == "emacsclient";
    let mut texts = args.texts.iter().take_while(|t| **t != "--");
    let mut evals = false;
    while let Some(t) = texts.next() {
        let (name, value) = t.split_once('=').unwrap_or((t, ""));
        let name = name.strip_prefix('-').unwrap_or(name);
        match name {
            "-eval" | "eval" | "-execute" | "execute" => evals = true,
            "e" if client => evals = true,
            "f" | "-funcall" | "funcall" if !client => {
                let func = if value.is_empty() { texts.next().copied() } else { Some(value) };
                if !func.is_some_and(|f| HARMLESS_FUNCS.contains(&f)) {
                    evals = true;
                }
            }
            _ => {}
        }
    }
    if evals {
        out.push(runs(format!(
            "runs Emacs Lisp given on the command line ({prog}), which can start programs"
        )));
    }
}

/// `ed` and `ex` read commands from their input when it is not a terminal; `!cmd` runs a
/// shell command, and an `ed` file operand `!cmd` reads a command's output.
fn editor_stdin(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    if prog == "ed" && args.words(&["-p", "--prompt"]).iter().any(|w| w.starts_with('!')) {
        out.push(runs("runs the shell command named as ed's file".to_owned()));
        return;
    }
    match literal_stdin(c) {
        Some(text) if !text.contains('!') => {}
        Some(_) => out.push(runs(format!("runs {prog} commands that start a shell (`!`)"))),
        None => stdin_runs(a, c, &format!("{prog} commands"), out),
    }
}

/// `sftp` and `ftp` batches and `dc` programs: a line (or, for dc, a command) starting with
/// `!` runs a shell command; input from another program may hold one.
fn bang_lines(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let bang = |text: &str| {
        if prog == "dc" {
            // `!<`, `!>` and `!=` are comparisons; any other `!` runs the rest of the line.
            text.split('!').skip(1).any(|r| !r.starts_with(['<', '>', '=']))
        } else {
            text.lines().any(|l| l.trim_start().starts_with('!'))
        }
    };
    let texts = &args.texts;
    let expression = prog == "dc"
        && texts.iter().enumerate().any(|(i, t)| {
            let v = match *t {
                "-e" | "--expression" => texts.get(i + 1).copied(),
                _ => t.strip_prefix("--expression="),
            };
            v.is_some_and(bang)
        });
    if expression {
        out.push(runs("runs a shell command from a dc program (!)".to_owned()));
        return;
    }
    // sftp reads commands from its input only with `-b -` or without a batch file.
    let batch_file =
        texts.iter().enumerate().any(|(i, t)| *t == "-b" && texts.get(i + 1) != Some(&"-"));
    if batch_file
        || (prog == "dc" && !args.words(&["-e", "--expression", "-f", "--file"]).is_empty())
    {
        return;
    }
    match &c.stdin {
        Stdin::Literal(text) if bang(text) => {
            out.push(runs(format!("runs a shell command from {prog} input (!)")));
        }
        Stdin::Literal(_) | Stdin::Terminal => {}
        _ => stdin_runs(a, c, &format!("{prog} commands"), out),
    }
}

// ---------------------------------------------------------------------------------------------
// make.

/// Shells a makefile may name in `SHELL=` on the command line.
const MAKE_SHELLS: &[&str] =
    &["sh", "bash", "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/env bash"];

/// `make -f -`, `-f /dev/stdin` or `-f <(…)` runs recipes that are not in a project file;
/// `SHELL=prog` makes every recipe run through `prog`.
fn make(a: &Analysis, c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    // `MAKEFLAGS='--eval=…'` passes the same options through the environment.
    for (name, value) in &c.simple.env {
        if matches!(name.as_str(), "MAKEFLAGS" | "GNUMAKEFLAGS" | "MFLAGS")
            && value.split_whitespace().any(|w| {
                ["--eval", "-E", "--file", "--makefile", "-f"].iter().any(|o| w.starts_with(o))
                    || w.contains("SHELL=")
            })
        {
            out.push(runs(format!("passes make options that run commands through {name}")));
        }
    }
    let mut i = 0;
    while let Some(t) = args.texts.get(i) {
        if *t == "--" {
            break;
        }
        // `-f name`, a cluster ending in `f` (`-sf name`), `-fname`, `--file=name`.
        let short_cluster = t.starts_with('-') && !t.starts_with("--") && t.len() > 1;
        if matches!(*t, "-f" | "--file" | "--makefile") || short_cluster && t.ends_with('f') {
            i += 1;
            if let Some(f) = args.all.get(i) {
                make_file(a, c, &f.text, f.proc_sub.is_some() || !f.known, out);
            }
        } else if let Some(v) = t
            .strip_prefix("--file=")
            .or_else(|| t.strip_prefix("--makefile="))
            .or_else(|| t.strip_prefix("-f").filter(|_| short_cluster))
        {
            make_file(a, c, v, args.all.get(i).is_some_and(|f| !f.known), out);
        }
        if let Some(v) = t.strip_prefix("SHELL=")
            && !MAKE_SHELLS.contains(&v)
        {
            out.push(runs(format!("runs every recipe through {v} (make SHELL=)")));
        }
        if let Some(v) = t.strip_prefix(".SHELLFLAGS=")
            && v.split_whitespace().any(|w| !w.starts_with('-'))
        {
            out.push(runs(format!("passes {v} to the shell of every recipe (make .SHELLFLAGS=)")));
        }
        i += 1;
    }
}

/// `awk -f -` and `sed -f -` read their program from standard input: awk's `system()` and
/// sed's `e` command run shell commands, so a program not in a file asks like `sh` does.
fn program_file(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let texts = &args.texts;
    let from_stdin = texts.iter().enumerate().any(|(i, t)| {
        let v = match *t {
            "-f" | "--file" => texts.get(i + 1).copied(),
            _ => t.strip_prefix("--file="),
        };
        v.is_some_and(|v| matches!(v, "-" | "/dev/stdin"))
    });
    if from_stdin {
        stdin_runs(a, c, &format!("a {prog} program"), out);
    }
}

/// The finding for `make -f name`.
fn make_file(a: &Analysis, c: &Cmd, name: &str, opaque: bool, out: &mut Vec<Finding>) {
    if opaque || name.starts_with("/dev/fd/") || name.starts_with("/proc/") {
        out.push(runs(format!("runs a makefile produced at run time ({name})")));
    } else if matches!(name, "-" | "/dev/stdin") {
        stdin_runs(a, c, "a makefile", out);
    }
}

// ---------------------------------------------------------------------------------------------
// ssh, scp, sftp, rsync.

/// ssh options whose value is a command run on this machine.
const SSH_COMMAND_OPTIONS: &[&str] = &["proxycommand", "localcommand", "knownhostscommand"];

/// Whether an ssh `-o` value sets an option that runs a local command.
fn ssh_option_runs(value: &str) -> bool {
    let value = value.trim_start();
    let end = value.find(|ch: char| ch == '=' || ch.is_whitespace()).unwrap_or(value.len());
    let (key, rest) = value.split_at(end);
    let rest = rest.trim_start_matches(|ch: char| ch == '=' || ch.is_whitespace());
    SSH_COMMAND_OPTIONS.iter().any(|o| key.eq_ignore_ascii_case(o))
        && !rest.eq_ignore_ascii_case("none")
}

/// `-o ProxyCommand=…` (also `LocalCommand`, `KnownHostsCommand`) and, for scp and sftp,
/// `-S prog`: commands run on this machine before anything reaches the remote one.
fn ssh_options(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let texts = &args.texts;
    for (i, t) in texts.iter().enumerate() {
        if *t == "--" {
            break;
        }
        if short_value(texts, i, 'o').is_some_and(ssh_option_runs) {
            out.push(runs(format!("runs a local command through an ssh option ({prog})")));
            return;
        }
        if prog != "ssh"
            && *t == "-S"
            && let Some(program) = texts.get(i + 1).filter(|p| !is_ssh(p))
        {
            out.push(runs(format!("runs {program} in place of ssh ({prog} -S)")));
            return;
        }
    }
}

/// The value of the short option `-<letter>` at `texts[i]`: the next word after `-o` or a
/// cluster ending in it (`-vo x`), or the rest of the word (`-ox`).
fn short_value<'a>(texts: &[&'a str], i: usize, letter: char) -> Option<&'a str> {
    let t = texts.get(i)?;
    let cluster = t.strip_prefix('-').filter(|r| !r.starts_with('-'))?;
    if cluster.ends_with(letter) && cluster.chars().all(|ch| ch.is_ascii_alphanumeric()) {
        return texts.get(i + 1).copied();
    }
    cluster.strip_prefix(letter).filter(|v| !v.is_empty())
}

/// Whether a program word names ssh itself.
fn is_ssh(word: &str) -> bool {
    let base = word.rsplit('/').next().unwrap_or(word);
    matches!(base, "ssh" | "rsh" | "autossh")
}

/// `rsync -e prog` runs `prog` on this machine to reach the remote one.
fn rsync_shell(args: &Args, out: &mut Vec<Finding>) {
    let texts = &args.texts;
    let value = texts.iter().enumerate().find_map(|(i, t)| match *t {
        "--rsh" => texts.get(i + 1).copied(),
        _ => t.strip_prefix("--rsh=").or_else(|| short_value(texts, i, 'e')),
    });
    let Some(value) = value else { return };
    let words: Vec<&str> = value.split_whitespace().collect();
    let escapes = match words.first() {
        Some(p) if is_ssh(p) => {
            words.iter().zip(words.iter().skip(1)).any(|(o, v)| *o == "-o" && ssh_option_runs(v))
                || words.iter().any(|w| w.strip_prefix("-o").is_some_and(ssh_option_runs))
        }
        _ => true,
    };
    if escapes {
        out.push(runs(format!("runs {value} on this machine as rsync's remote shell")));
    }
}

// ---------------------------------------------------------------------------------------------
// Tracers, expect, database clients.

/// `strace -o '|cmd'` (or `!cmd`) pipes the trace into a shell command.
fn trace_output(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let texts = &args.texts;
    let piped = texts.iter().enumerate().any(|(i, t)| {
        let v = match *t {
            "-o" | "--output" => texts.get(i + 1).copied(),
            _ => t.strip_prefix("--output=").or_else(|| t.strip_prefix("-o")),
        };
        v.is_some_and(|v| v.starts_with('|') || v.starts_with('!'))
    });
    if piped {
        out.push(runs(format!("pipes its trace into a shell command ({prog} -o '|…')")));
    }
}

/// `expect` without a script file reads Tcl commands (`spawn`, `exec`) from its input.
fn expect(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let script = args.words(&["-c", "-f", "-b"]).first().is_some_and(|w| *w != "-");
    if !script && !matches!(c.stdin, Stdin::Terminal) && !args.has("-c") {
        out.push(runs("runs expect commands from its input, which can start programs".into()));
    }
}

/// Database client commands that start a shell: `\!` (psql, mysql), `system` and `pager`
/// (mysql), `.shell`/`.system` and output piped into a command (sqlite3), and psql's `\o |`.
fn db_shell(c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let escapes = |text: &str| {
        let text = text.strip_prefix("--").and_then(|t| t.split_once('=')).map_or(text, |(_, v)| v);
        text.split(['\n', ';']).any(|line| {
            let l = line.trim_start().to_ascii_lowercase();
            match prog {
                "sqlite3" => {
                    l.starts_with(".shell")
                        || l.starts_with(".system")
                        || (l.starts_with(".once")
                            || l.starts_with(".output")
                            || l.starts_with(".import")
                            || l.starts_with(".read"))
                            && l.contains('|')
                }
                "psql" => {
                    l.contains("\\!")
                        || ["\\o", "\\g", "\\w", "\\gx"]
                            .iter()
                            .any(|m| l.split(m).skip(1).any(|r| r.trim_start().starts_with('|')))
                        || (l.contains("\\copy") && l.contains("program"))
                }
                _ => l.contains("\\!") || l.starts_with("system ") || l.starts_with("pager "),
            }
        })
    };
    if args.texts.iter().any(|t| escapes(t)) || literal_stdin(c).is_some_and(escapes) {
        out.push(runs(format!("runs a shell command from the {prog} client")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_options_that_run_local_commands() {
        for v in [
            "ProxyCommand=sh -c id",
            "proxycommand sh",
            "LocalCommand=id",
            " KnownHostsCommand=/tmp/x",
        ] {
            assert!(ssh_option_runs(v), "{v}");
        }
        for v in ["ProxyCommand=none", "ProxyJump=bastion", "StrictHostKeyChecking=no", ""] {
            assert!(!ssh_option_runs(v), "{v}");
        }
    }

    #[test]
    fn short_option_values() {
        let texts = ["-vo", "ProxyCommand=x", "-oLocalCommand=y", "-o", "z", "-v", "--o"];
        assert_eq!(short_value(&texts, 0, 'o'), Some("ProxyCommand=x"));
        assert_eq!(short_value(&texts, 2, 'o'), Some("LocalCommand=y"));
        assert_eq!(short_value(&texts, 3, 'o'), Some("z"));
        assert_eq!(short_value(&texts, 5, 'o'), None);
        assert_eq!(short_value(&texts, 6, 'o'), None);
        assert_eq!(short_value(&texts, 9, 'o'), None);
        assert!(is_ssh("/usr/bin/ssh") && !is_ssh("sh"));
    }
}
