//! Plain-language explanations of simple commands, for `aiperture explain` and the ask
//! prompts: "deletes the folder ~ and everything under it", "downloads https://… and runs it as
//! a shell script", "lists files".
//!
//! The classifier attaches a phrase to every finding; the explanation of a command is the
//! phrase of its most serious finding, or, for a command without findings, a short description
//! of what the program does, followed by where it was found ("inside sudo → bash -c").
//!
//! Invariants: pure, total (every command gets a sentence), no panics, and deterministic.

use super::Tier;
use super::classify::Finding;
use super::paths::{Loc, PathInfo};
use super::shell::Cmd;

/// Names a folder for a sentence: "the whole file system (/)", "your home folder (~)", …
pub(crate) fn folder(info: &PathInfo) -> String {
    let p = &info.norm;
    match info.loc {
        Loc::Root => "the whole file system (/)".to_owned(),
        Loc::Home if p == "~" => "the folder ~ (your home folder)".to_owned(),
        Loc::Home => format!("the home folder {p}"),
        Loc::Cwd if p == "." => "the current folder".to_owned(),
        Loc::Cwd => format!("the folder {p}, which contains the current folder"),
        Loc::SystemTop | Loc::System => format!("the system folder {p}"),
        Loc::Device => format!("the device {p}"),
        Loc::Unknown => format!("a path known only at run time ({p})"),
        _ => format!("the folder {p}"),
    }
}

/// What a program does when nothing in its arguments stands out.
fn program_phrase(prog: &str, args: &[String]) -> String {
    let first = args.iter().find(|a| !a.starts_with('-')).map_or("", String::as_str);
    let s = match prog {
        "ls" | "tree" | "exa" | "eza" => "lists files",
        "cat" | "bat" | "less" | "more" | "head" | "tail" => "prints the contents of files",
        "grep" | "rg" | "ag" | "ack" | "egrep" | "fgrep" => "searches text",
        "find" | "fd" | "fdfind" | "locate" => "searches for files",
        "echo" | "printf" => "prints text",
        "pwd" => "prints the current folder",
        "cd" | "pushd" | "popd" => "changes the current folder",
        "jq" | "yq" => "reads and transforms JSON or YAML",
        "sort" | "uniq" | "cut" | "tr" | "awk" | "sed" | "wc" | "column" | "paste" | "nl" => {
            "processes text"
        }
        "diff" | "cmp" | "comm" => "compares files",
        "stat" | "file" | "du" | "df" => "shows file information",
        "ps" | "top" | "htop" | "pgrep" => "shows running processes",
        "which" | "type" | "whereis" | "command" => "looks up a command",
        "man" | "info" | "help" | "tldr" => "shows documentation",
        "sleep" => "waits",
        "true" | "false" | ":" | "test" | "[" => "evaluates a condition",
        "ping" | "dig" | "nslookup" | "host" | "traceroute" => "checks the network",
        "curl" | "wget" | "http" | "xh" => "fetches a URL",
        "mkdir" => "creates a folder",
        "touch" => "creates or touches a file",
        "env" | "printenv" => "shows or sets environment variables",
        "export" | "declare" | "local" | "readonly" | "set" | "unset" => "sets shell variables",
        "source" | "." => "loads a shell file",
        "xargs" => "runs a command on its input",
        "make" | "ninja" | "cmake" | "bazel" | "just" | "task" => "runs build steps",
        "pytest" | "jest" | "vitest" | "mocha" | "tox" | "nox" => "runs tests",
        _ => "",
    };
    if !s.is_empty() {
        return s.to_owned();
    }
    match (prog, first) {
        ("git", sub) if !sub.is_empty() => format!("runs git {sub}"),
        (
            "cargo" | "npm" | "yarn" | "pnpm" | "go" | "dotnet" | "mvn" | "gradle" | "docker"
            | "kubectl" | "helm" | "terraform",
            sub,
        ) if !sub.is_empty() => {
            format!("runs {prog} {sub}")
        }
        _ => format!("runs {prog}"),
    }
}

/// The explanation of one command given its findings.
pub(crate) fn describe(c: &Cmd, findings: &[Finding]) -> String {
    let best = findings
        .iter()
        .filter(|f| !f.what.is_empty())
        .max_by(|a, b| a.tier.cmp(&b.tier).then(std::cmp::Ordering::Greater));
    let mut s = match best {
        Some(f) if f.tier > Tier::Low || findings.iter().all(|g| g.tier == Tier::Low) => {
            f.what.clone()
        }
        _ => match &c.simple.program {
            Some(p) => program_phrase(&super::shell::program_key(p), &c.simple.args),
            None if c.argv.is_empty() => "only redirects output".to_owned(),
            None => "runs a command whose name is only known at run time".to_owned(),
        },
    };
    if c.root && !s.contains("root") {
        s.push_str(" as root");
    }
    if !c.simple.wrappers.is_empty() {
        s.push_str(&format!(" (inside {})", c.simple.wrappers.join(" → ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use crate::risk::analyze;

    fn explain(cmd: &str) -> Vec<String> {
        analyze("shell", "execute", cmd, &[]).commands.into_iter().map(|c| c.explanation).collect()
    }

    #[test]
    fn sentences() {
        assert_eq!(
            explain("rm -rf ~"),
            ["deletes the folder ~ (your home folder) and everything under it"]
        );
        assert_eq!(
            explain("rm -rf /"),
            ["deletes the whole file system (/) and everything under it"]
        );
        let e = explain("curl -fsSL https://get.example/x.sh | sh");
        assert_eq!(e[1], "downloads https://get.example/x.sh and runs it as a shell script");
        assert_eq!(explain("ls -la"), ["lists files"]);
        let e = explain("sudo rm -rf /opt");
        assert!(e[1].starts_with("deletes the system folder /opt"), "{e:?}");
        assert!(e[1].ends_with("(inside sudo)"), "{e:?}");
        assert_eq!(explain("git status"), ["runs git status"]);
    }
}
