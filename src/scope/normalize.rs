//! Scope normalization: the pattern a human decision teaches beyond its exact scope.
//!
//! A pattern is a key, not a glob: it is looked up exactly, so `git log*` is simply the name
//! shared by every `git log …` command and can never match `git push` or `ls; rm -rf ~`.
//! The same function runs when a decision is recorded (the pattern is journaled with it) and
//! when a request is checked, so widening is only ever as wide as this module allows.
//!
//! Rules:
//! * shell: one simple command at a time. What a program is to learning is the registry's
//!   knowledge (`risk::registry::widening`, from its spec's `Props`). A program with
//!   subcommands (`Props::SUBCOMMANDS`) keeps its subcommand
//!   (`git log --oneline -5` → `git log*`, never `git*`), found after known global options
//!   only, and the verb after a group subcommand (`git stash list*`, `gh pr view*`,
//!   `gcloud compute instances list*`: a spec's `groups` in `risk::registry`); a data tool
//!   (`Props::DATA_TOOL`: options and data operands only) keeps its name
//!   (`ls -la` → `ls*`); any other program keeps its first word when it reads as a
//!   subcommand, and the word after it when it reads as a verb too (`tmux ls` → `tmux ls*`,
//!   never `tmux send-keys`; `flutter pub get*`), and is not widened
//!   otherwise (`sqlite3 db .tables`, `psql -c …`). Never widened: an unknown
//!   program, a wrapped command (`sudo …`), redirections that write, destructive or
//!   permission programs, interpreters, programs that run others or reach the network
//!   (`Props::NEVER_WIDEN`: `rm`, `chmod`, `dd`, `xargs`, `bash`, `curl`, …), task runners
//!   with arguments (`Props::TASK_RUNNER`: `make deploy`, `just y`), every subcommand or option
//!   in the rules of the program registry `risk::registry` (`git branch -D`,
//!   `git grep -O`, `npm install`, `npx`, `find -exec`, `sed -i`, …: one table, shared with
//!   the classifier), any operand, option value (`--opt=v`, `-f/path`), redirect source or
//!   here-string that is a sensitive path or a path outside the project (absolute, `~`,
//!   `..`), or a process substitution; a program named by a path (`./git`, `/tmp/x/cat`:
//!   another program than the one learned); prefix assignments other than harmless ones
//!   (`GIT_DIR=…`, `BROWSER=…`, `LD_PRELOAD=…`); and operands only known when the line runs
//!   (`ls $(curl …)`, `cat $CREDENTIALS_FILE`).
//!   Widening is further bounded at check time by the effect signature the pattern keeps
//!   (see `engine::learning`).
//! * file tools: folder and extension (`src/a/B.tsx` → `src/a/*.tsx`); no extension, a
//!   sensitive name or a `..` segment → not widened.
//! * web: scheme and host (`https://docs.rs/serde/latest` → `https://docs.rs/*`).
//! * anything else, and any scope holding glob characters: not widened.

use crate::glob::Glob;
use crate::risk::registry::{self, Widening};
use crate::risk::shell::SimpleCommand;

/// Whether `word` reads as a subcommand (`ls`, `send-keys`, `projects:list`), not a file,
/// path, option or value.
fn subcommand_word(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
}

/// Whether `s` names a sensitive file: its file name or the whole string matches a pattern.
pub fn is_sensitive(s: &str, sensitive: &[Glob]) -> bool {
    let name = s.rsplit('/').next().unwrap_or(s);
    sensitive.iter().any(|g| g.matches(name) || g.matches(s))
}

fn outside_project(arg: &str) -> bool {
    arg.starts_with('/')
        || arg.starts_with('~')
        || arg.starts_with("$HOME")
        || arg.starts_with("${HOME}")
        || arg.split('/').any(|seg| seg == "..")
}

/// The value an option carries in the same word: `--output=~/.bashrc` → `~/.bashrc`,
/// `-chdir=/tmp/x` → `/tmp/x`, `-f/etc/shadow` → `/etc/shadow` (an attached short-option
/// value that holds a path).
fn option_value(arg: &str) -> Option<&str> {
    if let Some(long) = arg.strip_prefix("--") {
        return long.split_once('=').map(|(_, v)| v);
    }
    let short = arg.strip_prefix('-')?;
    if let Some((_, v)) = short.split_once('=') {
        // A single-dash long option (`-chdir=/tmp/x`, `-out=…`).
        return Some(v);
    }
    short.get(1..).filter(|v| v.contains('/') || v.starts_with('~'))
}

/// Prefix assignments that change nothing a command runs, reads or writes: logging, colour,
/// locale and terminal settings, and pagers and editors set to a harmless program
/// (`GIT_PAGER=cat`). Everything else is another environment than the one learned.
fn harmless_env(name: &str, value: &str) -> bool {
    const NAMES: &[&str] = &[
        "RUST_LOG",
        "RUST_BACKTRACE",
        "RUST_TEST_THREADS",
        "CARGO_TERM_COLOR",
        "CARGO_INCREMENTAL",
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "TERM",
        "COLUMNS",
        "LINES",
        "LANG",
        "LANGUAGE",
        "TZ",
        "CI",
        "NODE_ENV",
        "PYTHONUNBUFFERED",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONHASHSEED",
        "PYTHONWARNINGS",
        "GOOS",
        "GOARCH",
        "CGO_ENABLED",
        "GIT_TERMINAL_PROMPT",
        "DEBIAN_FRONTEND",
    ];
    NAMES.contains(&name)
        || name.starts_with("LC_")
        || ((name.ends_with("PAGER") || name.ends_with("EDITOR") || name == "VISUAL")
            && crate::risk::rules::harmless_program(value))
}

/// The pattern one simple shell command teaches, if it may be widened.
pub fn shell_command(c: &SimpleCommand, sensitive: &[Glob]) -> Option<String> {
    let program = c.program.as_deref()?;
    if !c.wrappers.is_empty() || c.redirects.iter().any(crate::risk::shell::Redirect::is_write) {
        return None;
    }
    let base = program.to_ascii_lowercase();
    let widening = registry::widening(&base);
    if matches!(widening, Widening::Never) || base.starts_with("mkfs") || base.starts_with("python")
    {
        return None;
    }
    // Another program than the one learned (`./git`, `/tmp/x/cat`, a function of the same
    // name), an environment that changes what it runs, loads or writes (`GIT_DIR=…`, `LD_PRELOAD=…`, `BROWSER=…`), or
    // operands only known when the line runs (`ls $(curl …)`, `cat $CREDENTIALS_FILE`).
    if c.program_dir.is_some()
        || c.function
        || c.dynamic
        || !c.env.iter().all(|(n, v)| harmless_env(n, v))
    {
        return None;
    }
    // Redirect sources and here-strings are operands too (`cat < ~/.ssh/id_rsa`), and a
    // process substitution runs a command of its own (`cat <(cat /etc/shadow)`).
    let sources = c
        .redirects
        .iter()
        .filter(|r| {
            matches!(r.op.trim_start_matches(|ch: char| ch.is_ascii_digit()), "<" | "<<<" | "<>")
        })
        .map(|r| &r.target);
    let names = |a: &str| {
        is_sensitive(a, sensitive)
            || outside_project(a)
            || a.starts_with("<(")
            || a.starts_with(">(")
            || (crate::glob::has_wildcard(a) && a.contains('/'))
    };
    if c.args.iter().chain(sources).any(|a| names(a) || option_value(a).is_some_and(names)) {
        return None;
    }
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    if !registry::matching_rules(&base, &args).is_empty() {
        return None;
    }
    if matches!(widening, Widening::TaskRunner) {
        return c.args.is_empty().then(|| format!("{program}*"));
    }
    if let Widening::Subcommand(spec) = widening {
        // The subcommand, after known global options only (`npm --loglevel warn install x`
        // must not become `npm warn*`).
        let at = registry::subcommand_at(&base, &args)?;
        let sub = &c.args[at];
        if sub.contains('/') || sub.contains('=') {
            return None;
        }
        let key = spec.name;
        // Build tools run every goal named (`mvn test exec:exec`, `gradle test publish`):
        // one goal only.
        if matches!(key, "mvn" | "gradle")
            && c.args[at + 1..].iter().any(|a| !a.starts_with('-') && !a.contains('='))
        {
            return None;
        }
        let group =
            spec.groups.contains(&"*") || spec.groups.contains(&sub.to_ascii_lowercase().as_str());
        if !group {
            return Some(format!("{program} {sub}*"));
        }
        // A group: its verb too (gcloud and az nest groups: up to three words). Without a
        // verb, only the bare group (`git stash`) is learned; an option first hides it.
        let depth = if matches!(key, "gcloud" | "az") { 3 } else { 2 };
        let mut words = vec![sub.as_str()];
        for a in &c.args[at + 1..] {
            if words.len() == depth {
                break;
            }
            if !subcommand_word(a) {
                if a.starts_with('-') && words.len() == 1 {
                    return None;
                }
                break;
            }
            words.push(a);
        }
        return Some(format!("{program} {}*", words.join(" ")));
    }
    if matches!(widening, Widening::Program) {
        return Some(format!("{program}*"));
    }
    // Any other program: its subcommand, named first, with the verb after it when there is
    // one (`tmux ls` → `tmux ls*`, `flutter pub get` → `flutter pub get*`).
    let words: Vec<&str> =
        c.args.iter().take(2).map(String::as_str).take_while(|a| subcommand_word(a)).collect();
    if words.is_empty() {
        return None;
    }
    Some(format!("{program} {}*", words.join(" ")))
}

/// The pattern a file path teaches: its folder and extension.
pub fn path(p: &str, sensitive: &[Glob]) -> Option<String> {
    if p.is_empty() || crate::glob::has_wildcard(p) || is_sensitive(p, sensitive) {
        return None;
    }
    if p.split('/').any(|seg| seg == "..") || p.starts_with('~') || p.ends_with('/') {
        return None;
    }
    let (dir, name) = match p.rfind('/') {
        Some(i) => (Some(&p[..i]), &p[i + 1..]),
        None => (None, p),
    };
    let dot = name.rfind('.')?;
    let ext = &name[dot..];
    if dot == 0 && !name[1..].contains('.') && dir.is_none() {
        // A dot file such as `.gitignore` at the top: keep it exact.
        return None;
    }
    if ext.len() < 2
        || ext.len() > 11
        || !ext[1..].chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    Some(match dir {
        Some(d) => format!("{d}/*{ext}"),
        None => format!("*{ext}"),
    })
}

/// The pattern a URL teaches: scheme and host.
pub fn url(u: &str) -> Option<String> {
    let (scheme, rest) = u.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    if host.is_empty() || host.contains('@') || crate::glob::has_wildcard(host) {
        return None;
    }
    Some(format!("{scheme}://{host}/*"))
}

/// The pattern a non-shell request teaches, by tool family.
pub fn other(tool: &str, action: &str, scope: &str, sensitive: &[Glob]) -> Option<String> {
    let t = tool.to_ascii_lowercase();
    let a = action.to_ascii_lowercase();
    match t.as_str() {
        "filesystem" | "file" | "fs" => {
            if matches!(a.as_str(), "delete" | "remove" | "chmod" | "move") {
                return None;
            }
            path(scope, sensitive)
        }
        "web" | "http" | "browser" => url(scope),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sensitive() -> Vec<Glob> {
        [
            "*secret*",
            "*credential*",
            "*password*",
            "*.env",
            "*.pem",
            "*.key",
            "*token*",
            ".env*",
            "*id_rsa*",
            "*private*",
        ]
        .iter()
        .map(|p| Glob::lenient(p))
        .collect()
    }

    fn sh(cmd: &str) -> Option<String> {
        let cmds = crate::risk::shell::simple_commands(cmd).ok()?;
        let top: Vec<_> = cmds.iter().filter(|c| c.top_level).collect();
        assert_eq!(top.len(), 1, "{cmd}");
        shell_command(top[0], &sensitive())
    }

    #[test]
    fn commands_keep_their_subcommand() {
        assert_eq!(sh("git log --oneline -5").as_deref(), Some("git log*"));
        assert_eq!(sh("git log -3").as_deref(), Some("git log*"));
        assert_eq!(sh("git status").as_deref(), Some("git status*"));
        assert_eq!(sh("cargo test --release").as_deref(), Some("cargo test*"));
        assert_eq!(sh("ls -la").as_deref(), Some("ls*"));
        assert_eq!(sh("make").as_deref(), Some("make*"));
        assert_eq!(sh("cat src/a.py").as_deref(), Some("cat*"));
    }

    #[test]
    fn risky_commands_are_never_widened() {
        for cmd in [
            "rm -f a.txt",
            "chmod +x run.sh",
            "find . -name '*.o' -delete",
            "find . -exec ls {} ;",
            "xargs rm",
            "python -c 'print(1)'",
            "npm install left-pad",
            "pip install requests",
            "cargo install ripgrep",
            "make deploy",
            "npm run build",
            "git push origin main",
            "sudo ls",
            "cat .env",
            "cat ~/.ssh/config",
            "cat /etc/passwd",
            "cat ../other/x",
            "echo hi > out.txt",
            "sed -i s/a/b/ f.txt",
            "$X status",
        ] {
            assert_eq!(sh(cmd), None, "{cmd}");
        }
    }

    #[test]
    fn effect_changing_subcommands_learn_only_their_exact_scope() {
        for cmd in [
            "git branch -D main",
            "git stash drop",
            "git stash clear",
            "git remote set-url origin https://example.com/x",
            "git push --force",
            "git reset --hard",
            "git clean -fd",
            "docker image prune -af",
            "docker system prune",
            "kubectl config view --raw",
            "kubectl delete pod x",
            "gh pr merge --admin 1",
            "cargo add serde",
            "pipx install black",
            "pipx run cowsay",
            "npm install",
            "npx cowsay",
            "bundle exec sh -c id",
            "uv run bash -c id",
            "git grep -Ovi x",
            "git log --output=x",
            "go test -exec x ./...",
            "npm test --script-shell=x",
            "npm --loglevel warn install x",
            "cat < ~/.ssh/id_rsa",
            "cat < /etc/passwd",
            "cat <<< ~/.ssh/id_rsa",
            "cat <(cat /etc/shadow)",
        ] {
            assert_eq!(sh(cmd), None, "{cmd}");
        }
        assert_eq!(sh("git branch -a").as_deref(), Some("git branch*"));
        assert_eq!(sh("git stash list").as_deref(), Some("git stash list*"));
        assert_eq!(sh("git stash").as_deref(), Some("git stash*"));
        assert_eq!(sh("git remote -v"), None);
        assert_eq!(sh("gh pr view 1").as_deref(), Some("gh pr view*"));
        assert_eq!(sh("docker compose ps --services").as_deref(), Some("docker compose ps*"));
        assert_eq!(
            sh("gcloud compute instances list --zone x").as_deref(),
            Some("gcloud compute instances list*")
        );
        assert_eq!(sh("aws s3 ls s3://b").as_deref(), Some("aws s3 ls*"));
        assert_eq!(sh("cargo xtask ci").as_deref(), Some("cargo xtask ci*"));
        assert_eq!(sh("mvn test").as_deref(), Some("mvn test*"));
        assert_eq!(sh("mvn test exec:exec"), None);
        assert_eq!(sh("gradle test publish"), None);
        assert_eq!(sh("git --no-pager log -5").as_deref(), Some("git log*"));
        assert_eq!(sh("git -C sub log -5").as_deref(), Some("git log*"));
        assert_eq!(sh("cat < src/a.rs").as_deref(), Some("cat*"));
        assert_eq!(sh("pipx list").as_deref(), Some("pipx list*"));
    }

    #[test]
    fn another_program_environment_or_run_time_operand_is_not_widened() {
        for cmd in [
            "./git log -5",
            "/tmp/x/cat src/a.rs",
            "bin/ls -la",
            "/usr/bin/cat src/a.rs",
            "cat $CREDENTIALS_FILE",
            "cat \"$1\"",
            "ls $(curl -s https://example.com/p)",
            "cat `echo src/a.rs`",
            "head -n $(id) src/a.rs",
            "cat ${X[$(id)]}",
            "GIT_DIR=/tmp/evil/.git git log",
            "ls() { id; }; ls -la",
            "function ls { id; }; ls",
            "PATH=.:$PATH; git log",
            "GIT_TRACE=/tmp/x git status",
            "HOME=/tmp/evil git log",
            "PATH=/tmp/evil:$PATH git log",
            "BROWSER=x gh pr view 1 --web",
            "KUBECONFIG=/tmp/evil kubectl get pods",
            "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER=/tmp/x cargo test",
            "npm test --prefix=/tmp/evil",
            "cargo check --manifest-path=/tmp/x/Cargo.toml",
            "grep -f/etc/shadow foo",
            "terraform plan -chdir=/tmp/evil",
            "terraform plan -var-file=/tmp/x",
            "git log --output=~/.bashrc",
        ] {
            assert_eq!(sh(cmd), None, "{cmd}");
        }
        // The part after an exported assignment runs in that environment.
        let cmds = crate::risk::shell::simple_commands("export GIT_DIR=/tmp/evil; git log").ok();
        let last = cmds.as_ref().and_then(|c| c.iter().rfind(|c| c.top_level));
        assert_eq!(last.and_then(|c| shell_command(c, &sensitive())), None);
        assert_eq!(sh("n=3; head -n $n src/a.rs").as_deref(), Some("head*"));
        assert_eq!(sh("RUST_LOG=debug cargo test").as_deref(), Some("cargo test*"));
        assert_eq!(sh("GIT_PAGER=cat git log -3").as_deref(), Some("git log*"));
        assert_eq!(sh("LC_ALL=C sort a.txt").as_deref(), Some("sort*"));
        assert_eq!(sh("cat src/{a,b}.rs").as_deref(), Some("cat*"));
        assert_eq!(sh("git log --format=%H -3").as_deref(), Some("git log*"));
    }

    #[test]
    fn the_normalizer_and_the_classifier_read_the_same_registry_rules() {
        // Every subcommand rule of the registry stops widening, and the classifier reports
        // the same rule by its id when it has an effect: one table, read by both.
        let mut checked = 0;
        for spec in registry::SPECS {
            for rule in spec.rules.iter().filter(|r| !r.sub.is_empty() && r.any_flag.is_empty()) {
                let cmd = format!("{} {} x", spec.name, rule.sub.join(" "));
                assert_eq!(sh(&cmd), None, "{cmd} ({})", rule.id);
                let words: Vec<&str> = cmd.split(' ').skip(1).collect();
                let ids: Vec<&str> =
                    registry::matching_rules(spec.name, &words).iter().map(|r| r.id).collect();
                assert!(ids.contains(&rule.id), "{cmd}: {ids:?}");
                if rule.effect.is_some() {
                    let a = crate::risk::analyze("shell", "execute", &cmd, &[]);
                    assert!(
                        a.commands.iter().flat_map(|c| &c.findings).any(|f| f.rule == rule.id),
                        "{cmd}: the classifier does not report {}",
                        rule.id
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked}");
        // A never-widened subcommand from the registry: learning keeps `apt install x` exact
        // while `apt list` widens, and the registry names the rule.
        assert_eq!(sh("apt install x"), None);
        assert_eq!(sh("apt list --installed").as_deref(), Some("apt list*"));
        assert_eq!(
            registry::matching_rules("apt", &["install", "x"]).first().map(|r| r.id),
            Some("apt.install.no_widen")
        );
        // Which programs keep a subcommand, are never widened or are task runners is the
        // registry's knowledge too, aliases included.
        assert_eq!(sh("podman ps -a").as_deref(), Some("podman ps*"));
        assert_eq!(sh("pip3 list").as_deref(), Some("pip3 list*"));
        assert_eq!(sh("chmod 644 a.txt"), None);
        assert_eq!(sh("just"), Some("just*".to_owned()));
        assert_eq!(sh("just deploy"), None);
    }

    #[test]
    fn only_data_tools_widen_at_the_program_level() {
        assert_eq!(sh("tmux ls").as_deref(), Some("tmux ls*"));
        assert_eq!(sh("tmux send-keys -t 0 x Enter").as_deref(), Some("tmux send-keys*"));
        assert_eq!(sh("pipenv graph").as_deref(), Some("pipenv graph*"));
        assert_eq!(sh("direnv status").as_deref(), Some("direnv status*"));
        assert_eq!(sh("firebase projects:list").as_deref(), Some("firebase projects:list*"));
        assert_eq!(sh("grep -rn foo src").as_deref(), Some("grep*"));
        assert_eq!(sh("pytest -x").as_deref(), Some("pytest*"));
        for cmd in ["sqlite3 db.sqlite .tables", "psql -c 'select 1'", "gpg --list-keys", "tmux"] {
            assert_eq!(sh(cmd), None, "{cmd}");
        }
    }

    #[test]
    fn paths_and_urls() {
        let s = sensitive();
        assert_eq!(path("src/a/B.tsx", &s).as_deref(), Some("src/a/*.tsx"));
        assert_eq!(path("config.yaml", &s).as_deref(), Some("*.yaml"));
        assert_eq!(path("/home/u/p/src/main.rs", &s).as_deref(), Some("/home/u/p/src/*.rs"));
        for p in [
            "src/secrets.py",
            ".env",
            "Makefile",
            "src/../x.py",
            "src/*.py",
            "dir/",
            "a.verylongextension",
        ] {
            assert_eq!(path(p, &s), None, "{p}");
        }
        assert_eq!(url("https://docs.rs/serde/latest").as_deref(), Some("https://docs.rs/*"));
        assert_eq!(url("ftp://x/y"), None);
        assert_eq!(url("https://user@host/x"), None);
        assert_eq!(other("filesystem", "delete", "src/a.rs", &s), None);
        assert_eq!(other("filesystem", "write", "src/a.rs", &s).as_deref(), Some("src/*.rs"));
    }
}
