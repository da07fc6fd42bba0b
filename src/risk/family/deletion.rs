//! The deletion family: deletions whose reach comes from somewhere other than an `rm` path
//! the rm handler can see, judged by effect.
//!
//! - `find ROOT … -exec rm {} +` (and `fd … ROOT -X rm`) deletes like `find ROOT … -delete`,
//!   and `-name '*'` narrows nothing;
//! - a deleter fed a wholesale listing (`git ls-files | xargs rm`, `ls | xargs rm`,
//!   `rm $(git ls-files)`, `git ls-files | while read f; do rm "$f"; done`) deletes every
//!   file the listing names, unless a `grep` narrows it; `git rm -r .` deletes every tracked
//!   file;
//! - emptying or overwriting a database file (`truncate -s 0 app.db`, `: > prod.db`,
//!   `cp /dev/null data.sqlite`, `ln -sf /dev/null app.db`) destroys the database;
//! - moving files onto `/dev/null` destroys them (and, as root, replaces the device);
//! - `shred`, `wipe` and `srm` destroy what they name beyond any recovery.
//!
//! Invariants: the program name (or a write redirection to a database file name) is matched
//! first and the function returns early for everything else, without allocating; findings only
//! add to what the per-program handlers say.

use crate::risk::Tier;
use crate::risk::classify::{Args, Finding, finding};
use crate::risk::factor::Factor;
use crate::risk::paths::{self, Loc, PathInfo};
use crate::risk::shell::{self, Analysis, Cmd, Field, Stdin};

/// Programs that delete the files they are given.
const DELETERS: &[&str] = &["rm", "unlink", "shred", "srm", "wipe"];

/// Adds this family's findings for one command.
pub(super) fn check(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    for r in &c.redirs {
        if matches!(r.op, ">" | ">|" | "&>")
            && r.target.proc_sub.is_none()
            && database_name(&r.target.text)
        {
            let info = args.path(&r.target);
            if is_database(&info) {
                out.push(emptied(&info, "overwrites"));
            }
        }
    }
    match prog {
        "find" => find_exec(args, out),
        "xargs" | "parallel" => {
            if let Stdin::Upstream(s, e) = c.stdin
                && super::inner_program(prog, args).is_some_and(|p| DELETERS.contains(&p))
                && let Some(what) = a.cmds.get(s..e).and_then(|cs| wholesale(cs, args))
            {
                out.push(finding(
                    Tier::High,
                    Factor::FileDelete,
                    format!("deletes every file {what} lists"),
                ));
            }
        }
        "rm" | "unlink" | "shred" | "srm" | "wipe" => {
            fed_listing(a, c, args, out);
            if prog != "rm" && prog != "unlink" {
                shred(prog, args, out);
            }
        }
        "truncate" => {
            let zero = args
                .value_of(&["-s", "--size"])
                .map(|f| f.text.as_str())
                .or_else(|| {
                    args.opts()
                        .find_map(|t| t.strip_prefix("--size=").or_else(|| t.strip_prefix("-s")))
                })
                .is_some_and(|v| {
                    v.trim_start_matches(['<', '/', '%']).trim_start_matches('0').is_empty()
                        || v.starts_with('-')
                });
            if zero {
                for f in args.operands(&["-s", "--size", "-r", "--reference"]) {
                    let info = args.path(f);
                    if is_database(&info) {
                        out.push(emptied(&info, "empties"));
                    }
                }
            }
        }
        "cp" | "dd" | "install" => {
            let null_source = if prog == "dd" {
                args.texts.contains(&"if=/dev/null")
            } else {
                args.operands(&["-t", "--target-directory", "-S", "--suffix", "-m", "--mode"])
                    .first()
                    .is_some_and(|f| f.text == "/dev/null")
            };
            if null_source {
                let dests: Vec<Field> = if prog == "dd" {
                    args.all
                        .iter()
                        .filter_map(|f| {
                            f.text
                                .strip_prefix("of=")
                                .map(|t| Field { text: t.to_owned(), ..(*f).clone() })
                        })
                        .collect()
                } else {
                    args.operands(&["-t", "--target-directory", "-S", "--suffix", "-m", "--mode"])
                        .into_iter()
                        .skip(1)
                        .cloned()
                        .collect()
                };
                for d in &dests {
                    let info = args.path(d);
                    if is_database(&info) {
                        out.push(emptied(&info, "empties"));
                    }
                }
            }
        }
        "mv" => onto_null(c, args, out),
        "ln" => {
            // `ln -sf /dev/null prod.db` replaces the database with an empty device.
            let ops = args.operands(&["-t", "--target-directory", "-S", "--suffix"]);
            if (args.short('f') || args.long(&["--force"]))
                && let [src, dest] = ops.as_slice()
                && src.text == "/dev/null"
            {
                let info = args.path(dest);
                if is_database(&info) {
                    out.push(emptied(&info, "replaces"));
                }
            }
        }
        "fd" | "fdfind" => fd_exec(args, out),
        "git" => {
            // `git rm -r .` deletes every tracked file from the working tree.
            let w = args.words(&["-C", "-c", "--git-dir", "--work-tree", "--pathspec-from-file"]);
            if w.first() == Some(&"rm")
                && !args.long(&["--cached"])
                && (args.short('r') || args.long(&["--recursive"]))
                && w.iter().skip(1).any(|p| {
                    let info = paths::classify(c.cwd.as_deref(), p, true);
                    info.all || matches!(info.loc, Loc::Cwd | Loc::Root | Loc::Home) || *p == ":/"
                })
            {
                out.push(finding(
                    Tier::High,
                    Factor::FileDelete,
                    "deletes every tracked file from the working tree (git rm -r)",
                ));
            }
        }
        _ => {}
    }
}

/// Whether a path names a database file (SQLite, Access, DuckDB, KeePass, Redis dumps, …).
fn is_database(info: &PathInfo) -> bool {
    if matches!(info.loc, Loc::NullDevice | Loc::NetDevice | Loc::Device | Loc::Unknown) {
        return false;
    }
    database_name(&info.norm)
}

/// Whether a path's file name has a database extension (no allocation).
fn database_name(path: &str) -> bool {
    const EXTS: &[&str] = &[
        "db", "sqlite", "sqlite3", "db3", "s3db", "sl3", "mdb", "accdb", "duckdb", "kdbx", "realm",
        "ibd", "myd", "rdb", "aof",
    ];
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, ext)) = name.rsplit_once('.') else { return false };
    !stem.is_empty() && EXTS.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

fn emptied(info: &PathInfo, verb: &str) -> Finding {
    finding(
        Tier::High,
        Factor::DatabaseDestruction,
        format!("{verb} the database file {}, destroying its data", info.norm),
    )
}

/// What a pipeline stage lists wholesale, if it does: every tracked file (`git ls-files` with
/// no pathspec), everything in a folder (`ls`, `ls -a`), or an unfiltered `find`.
fn wholesale(cmds: &[Cmd], args: &Args) -> Option<String> {
    // A filter between the listing and the deleter narrows it (`git ls-files | grep '\.orig$'`).
    let narrowed = cmds.iter().any(|c| {
        c.simple.program.as_deref().is_some_and(|p| matches!(p, "grep" | "egrep" | "rg"))
            && !c.args().iter().any(|f| {
                f.text == "--invert-match"
                    || (f.text.starts_with('-')
                        && !f.text.starts_with("--")
                        && f.text.contains('v'))
            })
    });
    if narrowed {
        return None;
    }
    for c in cmds {
        let Some(p) = c.prog() else { continue };
        let ca = Args::new(c);
        let ops = ca.words(&["-x", "--exclude", "-X", "--exclude-from", "--format"]);
        match p.as_str() {
            "git" => {
                let sub = ops.first().copied();
                if matches!(sub, Some("ls-files")) && ops.len() == 1 {
                    return Some("git ls-files".to_owned());
                }
                if matches!(sub, Some("ls-tree")) && ca.short('r') && ops.len() <= 2 {
                    return Some("git ls-tree".to_owned());
                }
            }
            "ls" | "dir" => {
                let folder = ops.iter().all(|o| {
                    let info = paths::classify(c.cwd.as_deref(), o, true);
                    info.all || matches!(info.loc, Loc::Cwd | Loc::Home | Loc::Root)
                });
                if folder {
                    return Some(format!("`{}`", c.simple.text));
                }
            }
            "find" | "fd" | "fdfind" => {
                let info = shell::find_info(c.args());
                let roots: Vec<PathInfo> = info.roots.iter().map(|r| args.path(r)).collect();
                let broad = roots.iter().any(|r| {
                    matches!(r.loc, Loc::Root | Loc::Home | Loc::SystemTop)
                        || (!info.restrictive && p == "find" && r.loc == Loc::Cwd)
                });
                if broad && (p == "find" || ops.is_empty()) {
                    return Some(format!("`{}`", c.simple.text));
                }
            }
            _ => {}
        }
    }
    None
}

/// `rm $(git ls-files)`, and a deleter in a loop reading a wholesale listing.
fn fed_listing(a: &Analysis, c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let from_sub = args.all.iter().find_map(|f| {
        let (s, e) = f.from?;
        a.cmds.get(s..e).and_then(|cs| wholesale(cs, args))
    });
    let from_pipe = match c.stdin {
        Stdin::Upstream(s, e) if args.all.iter().any(|f| !f.known) => {
            a.cmds.get(s..e).and_then(|cs| wholesale(cs, args))
        }
        _ => None,
    };
    if let Some(what) = from_sub.or(from_pipe) {
        out.push(finding(
            Tier::High,
            Factor::FileDelete,
            format!("deletes every file {what} lists"),
        ));
    }
}

/// `find ROOT … -exec rm {} +` deletes like `-delete`; `-name '*'` matches everything.
fn find_exec(args: &Args, out: &mut Vec<Finding>) {
    let fields = args.c.args();
    let info = shell::find_info(fields);
    let deletes = info.execs.iter().any(|(kind, start, _)| {
        matches!(kind.as_str(), "-exec" | "-execdir")
            && fields
                .get(*start)
                .is_some_and(|f| DELETERS.contains(&f.text.rsplit('/').next().unwrap_or_default()))
    });
    // `-name '*'` narrows nothing.
    let everything = info.only_name.as_deref().is_some_and(|n| matches!(n, "*" | "?*"));
    let judged = if info.delete { everything } else { deletes };
    if !judged {
        return;
    }
    let restrictive = info.restrictive && !everything;
    for r in &info.roots {
        out.extend(matches_deleted(&args.path(r), !restrictive, true));
    }
}

/// Deleting what a search matches under the folder `info`: every file there (CRITICAL) when
/// the search is `unfiltered` and the folder is the root, the home folder, a top system
/// folder or (with `cwd_too`) the working folder; nothing to report inside the project or a
/// temp folder; otherwise the matching files (HIGH).
fn matches_deleted(info: &PathInfo, unfiltered: bool, cwd_too: bool) -> Option<Finding> {
    let what = crate::risk::explain::folder(info);
    match info.loc {
        Loc::Root | Loc::Home | Loc::SystemTop if unfiltered => Some(finding(
            Tier::Critical,
            Factor::FilesystemDestruction,
            format!("deletes every file under {what}"),
        )),
        Loc::Cwd if unfiltered && cwd_too => Some(finding(
            Tier::Critical,
            Factor::FilesystemDestruction,
            format!("deletes every file under {what}"),
        )),
        Loc::Project | Loc::Generated | Loc::Cwd | Loc::Temp => None,
        _ => Some(finding(
            Tier::High,
            Factor::RecursiveDelete,
            format!("deletes the matching files under {what}"),
        )),
    }
}

/// `fd . ~ -X rm`: a deleter run on every match of a broad `fd` search.
fn fd_exec(args: &Args, out: &mut Vec<Finding>) {
    let Some(p) =
        args.texts.iter().position(|t| matches!(*t, "-x" | "--exec" | "-X" | "--exec-batch"))
    else {
        return;
    };
    let deleter = args
        .texts
        .get(p + 1)
        .is_some_and(|t| DELETERS.contains(&t.rsplit('/').next().unwrap_or_default()));
    if !deleter {
        return;
    }
    let before: Vec<&Field> = args.all.iter().take(p).copied().collect();
    let with_value = [
        "-t",
        "--type",
        "-e",
        "--extension",
        "-d",
        "--max-depth",
        "--min-depth",
        "-E",
        "--exclude",
        "-S",
        "--size",
        "--changed-within",
        "--changed-before",
        "-o",
        "--owner",
        "-j",
        "--threads",
        "--base-directory",
        "--search-path",
    ];
    let mut ops: Vec<&Field> = Vec::new();
    let mut i = 0;
    while i < before.len() {
        let t = before[i].text.as_str();
        if with_value.contains(&t) {
            i += 2;
            continue;
        }
        if !t.starts_with('-') {
            ops.push(before[i]);
        }
        i += 1;
    }
    let narrowed = before.iter().any(|f| {
        matches!(f.text.as_str(), "-e" | "--extension" | "-S" | "--size" | "-E" | "--exclude")
    });
    let broad_pattern = ops.first().is_none_or(|f| matches!(f.text.as_str(), "." | "^" | ""));
    for r in ops.iter().skip(1) {
        out.extend(matches_deleted(&args.path(r), broad_pattern && !narrowed, false));
    }
}

/// `mv ~/.ssh/id_rsa /dev/null`: the source is gone (and, as root, `/dev/null` is replaced).
fn onto_null(c: &Cmd, args: &Args, out: &mut Vec<Finding>) {
    let with_value = ["-t", "--target-directory", "-S", "--suffix"];
    let ops = args.operands(&with_value);
    let target = args.value_of(&["-t", "--target-directory"]).or(ops.last().copied());
    if target.is_none_or(|t| args.path(t).norm != "/dev/null") {
        return;
    }
    let explicit = args.value_of(&["-t", "--target-directory"]).is_some();
    let sources = if explicit { &ops[..] } else { &ops[..ops.len().saturating_sub(1)] };
    for s in sources {
        let info = args.path(s);
        out.push(finding(
            Tier::High,
            Factor::FileDelete,
            format!("destroys {} by moving it onto /dev/null", info.norm),
        ));
    }
    if c.root && !sources.is_empty() {
        out.push(finding(
            Tier::High,
            Factor::SystemPathWrite,
            "replaces the /dev/null device with a file, breaking every program that uses it",
        ));
    }
}

/// `shred`, `wipe`, `srm`: no undo, no backup, no trash.
fn shred(prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let ops = args.operands(&["-n", "--iterations", "-s", "--size", "--random-source"]);
    for f in ops {
        let info = args.path(f);
        if matches!(info.loc, Loc::NullDevice | Loc::NetDevice | Loc::Device) {
            continue;
        }
        out.push(finding(
            Tier::High,
            Factor::FileDelete,
            format!("destroys {} beyond any recovery ({prog})", info.norm),
        ));
    }
}
