//! The secrets family: commands that print a credential into the agent's transcript, which is
//! sent to a model provider and often logged. Secret *files* named as operands are judged where
//! operands are judged (`classify::secret_reads`, redirections, `cp`, `dd`, inline code); this
//! family judges the secrets that come out of programs and variables, and the ways around an
//! operand check: password managers, keychains, secret stores and CLIs that print a token
//! (`gh auth token`, `vault kv get`, `op read`, `gpg -d`), secret environment variables
//! (`echo $GITHUB_TOKEN`, `printenv`, `declare -p`, here-strings, inline interpreter code),
//! the environment filtered for secrets (`env | grep TOKEN`) or printed under a secret injector
//! (`op run -- printenv`), secret files printed from git history (`git show HEAD:.env`),
//! through a copy made earlier in the line, through a name produced by listing a secret folder
//! (`cat "$(ls ~/.ssh/id_*)"`, `ls ~/.ssh/id_* | xargs cat`, `find ~/.ssh -exec cat {} +`), or
//! through a redirection into an enclosing loop.
//!
//! Invariants: a printed secret is HIGH; a secret whose output goes to a file or into a program
//! that uses it (`gh auth token | docker login --password-stdin`, `curl -H "$(gh auth
//! token)"`) is a use, not a disclosure, and stays MEDIUM, but keeps its `secret_read` factor so
//! that a line which also sends it anywhere is still exfiltration; output that only feeds an
//! assignment (`x=$(op read …)`) counts as printed, since wrapping never lowers a tier. Help
//! forms print nothing. Cost: the checks made for every command return at once unless it has
//! inline code, a redirection or piped input, or shares its line with a copy; the rest start
//! with a `match` on the program.

use crate::risk::Tier;
use crate::risk::classify::{Args, Finding, finding};
use crate::risk::factor::Factor;
use crate::risk::paths;
use crate::risk::rules;
use crate::risk::shell::{Analysis, Cmd, RedirInfo, Stdin};

/// Adds this family's findings for one command.
pub(super) fn check(a: &Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let early =
        inline_code(c, args).or_else(|| laundered(a, c, prog, args)).or_else(|| fed(c, prog, args));
    if let Some(what) = early {
        let tier = if consumed(a, c) { Tier::Medium } else { Tier::High };
        out.push(finding(tier, Factor::SecretRead, what));
    }
    let what = match prog {
        "echo" | "printf" | "print" => variables(prog, args),
        "printenv" => args
            .operands(&[])
            .iter()
            .find(|f| secret_var(&f.text))
            .map(|f| format!("prints the secret variable {}", f.text)),
        "grep" | "egrep" | "fgrep" | "rg" | "ag" | "awk" | "gawk" | "mawk" | "sed" => {
            environment_filter(a, c, args)
        }
        "find" => find_reader(args),
        "xargs" => xargs_reader(a, c, args),
        "pass" | "gopass" => password_store(prog, args),
        "declare" | "typeset" | "export" if args.short('p') => args
            .operands(&[])
            .iter()
            .find(|f| secret_var(&f.text))
            .map(|f| format!("prints the secret variable {}", f.text)),
        "git" => git_history(args).or_else(|| token_printer(prog, args)),
        "op" | "doppler" | "aws-vault" | "infisical" | "chamber" | "envchain" | "teller"
        | "dotenvx" | "sops" | "summon" | "berglas" => {
            injected(prog, args).or_else(|| token_printer(prog, args))
        }
        _ => token_printer(prog, args),
    };
    let Some(what) = what else { return };
    let tier = if consumed(a, c) { Tier::Medium } else { Tier::High };
    out.push(finding(tier, Factor::SecretRead, what));
}

/// Whether a variable name (or a word holding one) names a credential. Words that only
/// contain a marker (`GIT_AUTHOR_NAME`, `TOKENIZERS_PARALLELISM`) do not, nor names of what
/// is about a credential rather than the credential (`SSH_AUTH_SOCK`, `NEXTAUTH_URL`,
/// `GITHUB_TOKEN_FILE`, `AWS_ACCESS_KEY_ID`).
fn secret_var(text: &str) -> bool {
    let upper = text.to_ascii_uppercase().replace("AUTHOR", "").replace("TOKENIZER", "");
    let last = upper.rsplit('_').next().unwrap_or_default();
    let about = upper.contains('_')
        && matches!(
            last,
            "URL"
                | "HOST"
                | "PORT"
                | "SOCK"
                | "PATH"
                | "FILE"
                | "DIR"
                | "USER"
                | "USERNAME"
                | "NAME"
                | "TYPE"
                | "REGION"
                | "ENDPOINT"
                | "ID"
                | "ENABLED"
                | "MODE"
                | "LENGTH"
        );
    !about && rules::SECRET_VAR_MARKERS.iter().any(|m| upper.contains(m))
}

/// The secret variables `echo`/`printf` print: every `$NAME`/`${NAME…}` in an argument whose
/// value is not known (a variable the line itself assigned is not a secret).
fn variables(prog: &str, args: &Args) -> Option<String> {
    if prog == "printf" && args.texts.iter().any(|t| t.starts_with("-v")) {
        return None;
    }
    for f in &args.all {
        if f.known {
            continue;
        }
        if let Some(name) = referenced_vars(&f.text).find(|n| secret_var(n)) {
            return Some(format!("prints the secret variable ${name}"));
        }
    }
    None
}

/// The names referenced as `$NAME`, `${NAME…}` or `${!NAME}` in a word's source text.
fn referenced_vars(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('$').filter_map(move |(i, _)| {
        let rest = text.get(i + 1..)?;
        let rest = rest.strip_prefix("{!").or_else(|| rest.strip_prefix('{')).unwrap_or(rest);
        let end =
            rest.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).unwrap_or(rest.len());
        rest.get(..end).filter(|name| !name.is_empty())
    })
}

/// A filter (`grep TOKEN`, `awk '/SECRET/'`) that picks secret variables out of the whole
/// environment printed by an earlier pipeline stage (`env`, `printenv`, `set`, `export -p`).
fn environment_filter(a: &Analysis, c: &Cmd, args: &Args) -> Option<String> {
    let Stdin::Upstream(start, end) = c.stdin else { return None };
    let dumps = a.cmds.get(start..end).unwrap_or_default().iter().any(|u| {
        let dumper = u.simple.program.as_deref().is_some_and(|name| {
            matches!(name, "env" | "printenv" | "set" | "export" | "declare" | "typeset")
        });
        dumper && u.simple.args.iter().all(|t| t.starts_with('-'))
    });
    if !dumps {
        return None;
    }
    let pattern = args.texts.iter().find(|t| !t.starts_with('-') && selects_secrets(t))?;
    Some(format!("prints the environment's secret variables (matching {pattern})"))
}

/// Whether a search pattern picks out secret variable names: a word of it names one
/// (`TOKEN`, `AWS_SECRET`) or is part of such a name (`-i pass`, `KEY|TOK`).
fn selects_secrets(pattern: &str) -> bool {
    pattern.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).any(|w| {
        let upper = w.to_ascii_uppercase();
        w.len() >= 3
            && (secret_var(w) || rules::SECRET_VAR_MARKERS.iter().any(|m| m.contains(&*upper)))
    })
}

/// Inline interpreter code that prints a secret environment variable
/// (`python -c "print(os.environ['AWS_SECRET_ACCESS_KEY'])"`, `node -e
/// "console.log(process.env.GITHUB_TOKEN)"`).
fn inline_code(c: &Cmd, args: &Args) -> Option<String> {
    const ACCESSORS: &[&str] = &[
        "environ",
        "getenv",
        "process.env",
        "env[",
        "$env{",
        "env.fetch",
        "deno.env",
        "env::var",
        "env(",
    ];
    const PRINTS: &[&str] = &[
        "print", "console.", "puts", "say", "echo", "stdout", "stderr", "warn", "dump", "p(",
        "pp(", "write(", "display",
    ];
    c.code.as_ref()?;
    let stdin = match &c.stdin {
        Stdin::Literal(text) => Some(text.as_str()),
        _ => None,
    };
    let texts = args.texts.iter().copied().chain(stdin);
    for text in texts {
        let lower = text.to_ascii_lowercase();
        if !ACCESSORS.iter().any(|x| lower.contains(x)) || !PRINTS.iter().any(|x| lower.contains(x))
        {
            continue;
        }
        let name = text
            .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
            .find(|w| w.bytes().any(|b| b.is_ascii_uppercase()) && secret_var(w));
        if let Some(name) = name {
            return Some(format!("runs code that prints the secret variable {name}"));
        }
    }
    None
}

/// A reader of a file that an earlier command of the line made from a secret
/// (`cp ~/.aws/credentials /tmp/c && cat /tmp/c`), or of a name that an earlier command
/// printed by listing a secret folder (`cat "$(ls ~/.ssh/id_* | head -1)"`).
fn laundered(a: &Analysis, c: &Cmd, prog: &str, args: &Args) -> Option<String> {
    if a.cmds.len() < 2
        || rules::SECRET_USERS.contains(&prog)
        || matches!(prog, "cp" | "mv" | "ln" | "install" | "ditto" | "rsync")
    {
        return None;
    }
    let at = a.cmds.iter().position(|x| std::ptr::eq(x, c))?;
    for f in &args.all {
        if let Some((start, end)) = f.from.filter(|_| !f.known && f.proc_sub.is_none()) {
            let producers = a.cmds.get(start..end).unwrap_or_default();
            if let Some(dir) = producers.iter().find_map(names_secret) {
                return Some(format!("reads a file named by a listing of the secret path {dir}"));
            }
        }
    }
    let copies = a.cmds.get(..at).unwrap_or_default().iter().filter(|u| {
        matches!(
            u.simple.program.as_deref(),
            Some("cp" | "mv" | "ln" | "install" | "ditto" | "rsync")
        )
    });
    let mut copies = copies.peekable();
    copies.peek()?;
    let operands: Vec<String> =
        args.operands(&[]).iter().filter(|f| f.known).map(|f| args.path(f).norm).collect();
    if operands.is_empty() {
        return None;
    }
    for u in copies {
        let known: Vec<_> =
            u.args().iter().filter(|f| f.known && !f.text.starts_with('-')).collect();
        let [sources @ .., dest] = known.as_slice() else { continue };
        let dest = paths::classify(u.cwd.as_deref(), &dest.text, true).norm;
        for s in sources {
            let src = paths::classify(u.cwd.as_deref(), &s.text, true).norm;
            if !paths::is_secret(&src) {
                continue;
            }
            // The copy itself, or a file inside the folder it was copied into.
            let hit = operands.iter().any(|o| {
                *o == dest || o.strip_prefix(dest.as_str()).is_some_and(|r| r.starts_with('/'))
            });
            if hit {
                return Some(format!("reads a copy of the secret file {src}"));
            }
        }
    }
    None
}

/// The secret path a producer command names (`ls ~/.ssh/id_*`, `find ~/.aws`).
fn names_secret(u: &Cmd) -> Option<String> {
    u.args().iter().filter(|f| f.known && !f.text.starts_with('-')).find_map(|f| {
        let info = paths::classify(u.cwd.as_deref(), &f.text, true);
        (info.loc != paths::Loc::Unknown && paths::is_secret(&info.norm)).then_some(info.norm)
    })
}

/// `… | xargs cat`, where an earlier stage lists a secret path (`ls ~/.ssh/id_*`,
/// `find ~/.aws -type f`).
fn xargs_reader(a: &Analysis, c: &Cmd, args: &Args) -> Option<String> {
    let Stdin::Upstream(start, end) = c.stdin else { return None };
    let runs = args.words(&["-I", "-n", "-P", "-L", "-d", "-E", "-s", "--max-args"]);
    let name = runs.first()?.rsplit('/').next()?;
    if !READERS.contains(&name) {
        return None;
    }
    let dir = a.cmds.get(start..end).unwrap_or_default().iter().find_map(names_secret)?;
    Some(format!("prints files listed from the secret path {dir} ({name})"))
}

/// Programs that print the files they are given.
const READERS: &[&str] = &[
    "cat", "head", "tail", "less", "more", "xxd", "od", "hexdump", "base64", "strings", "grep",
    "awk", "sed", "tac", "nl", "bat", "jq",
];

/// `find <secret folder> -exec cat {} …`: a reader run on every file of a secret folder.
fn find_reader(args: &Args) -> Option<String> {
    let exec = args.texts.iter().position(|t| {
        matches!(*t, "-exec" | "-execdir" | "-ok" | "-okdir" | "-x" | "--exec" | "-X")
    })?;
    let runs = args.texts.get(exec + 1)?;
    let name = runs.rsplit('/').next().unwrap_or(runs);
    if !READERS.contains(&name) {
        return None;
    }
    let root = args.all.iter().take(exec).find(|f| {
        !f.text.starts_with('-') && {
            let info = args.path(f);
            info.loc != paths::Loc::Unknown && paths::is_secret(&info.norm)
        }
    })?;
    Some(format!("prints every file under the secret folder {} ({name})", root.text))
}

/// `pass NAME` and `gopass NAME` show an entry; their other subcommands do not print it.
fn password_store(prog: &str, args: &Args) -> Option<String> {
    if args.long(&["--clip", "--help", "--version"]) || args.short('c') || args.short('h') {
        return None;
    }
    let words = args.words(&[]);
    let first = *words.first()?;
    let lists = matches!(
        first,
        "ls" | "list"
            | "find"
            | "search"
            | "init"
            | "insert"
            | "add"
            | "edit"
            | "generate"
            | "rm"
            | "remove"
            | "delete"
            | "mv"
            | "rename"
            | "cp"
            | "copy"
            | "git"
            | "help"
            | "version"
            | "sync"
            | "setup"
            | "mounts"
            | "recipients"
            | "templates"
            | "audit"
            | "config"
            | "fsck"
    );
    (!lists).then(|| format!("prints a password-store entry ({prog} {})", words.join(" ")))
}

/// Programs that print a credential when run with these words (any order), unless asked for
/// help.
fn token_printer(prog: &str, args: &Args) -> Option<String> {
    let first = prog.as_bytes().first()?;
    // Cheap gate: most programs share no first letter with a token printer's name.
    if !b"abdghklopsv".contains(first) {
        return None;
    }
    let (_, words) = rules::TOKEN_PRINTERS
        .iter()
        .find(|(p, words)| *p == prog && words.iter().all(|w| args.texts.contains(w)))?;
    if args.texts.iter().any(|t| matches!(*t, "-help" | "--help" | "-h" | "help")) {
        return None;
    }
    // A decryptor writing to a file prints nothing.
    if matches!(prog, "gpg" | "age" | "sops")
        && args.texts.iter().any(|t| matches!(*t, "-o" | "--output") || t.starts_with("--output="))
    {
        return None;
    }
    Some(format!("prints a credential ({prog} {})", words.join(" ")))
}

/// A printer fed a secret on standard input: a here-string or heredoc holding a secret
/// variable (`cat <<< "$GITHUB_TOKEN"`), or a secret file redirected into an enclosing loop or
/// group (`while read l; do echo "$l"; done < ~/.ssh/id_rsa`).
fn fed(c: &Cmd, prog: &str, args: &Args) -> Option<String> {
    match &c.stdin {
        Stdin::File(f)
            if !c.redirs.iter().any(RedirInfo::is_read) && !rules::SECRET_USERS.contains(&prog) =>
        {
            let info = args.path(f);
            (info.loc != paths::Loc::Unknown && paths::is_secret(&info.norm))
                .then(|| format!("reads the secret file {}", info.norm))
        }
        // The printer may be the wrapped program (`env cat <<< "$TOKEN"`).
        _ if c.redirs.is_empty()
            || !PASS_THROUGH.contains(&prog)
                && !args.texts.iter().any(|t| PASS_THROUGH.contains(t)) =>
        {
            None
        }
        _ => c.redirs.iter().find_map(|r| {
            let name = referenced_vars(&r.target.text).find(|n| secret_var(n))?;
            (matches!(r.op, "<<<" | "<<" | "<<-") && !r.target.known)
                .then(|| format!("prints the secret variable ${name}"))
        }),
    }
}

/// `git show REV:path` and `git cat-file -p REV:path` of a secret file: it is printed from
/// history even when it is no longer in the working tree.
fn git_history(args: &Args) -> Option<String> {
    let at = crate::risk::registry::subcommand_at("git", &args.texts)?;
    if !matches!(args.texts.get(at).copied(), Some("show" | "cat-file")) {
        return None;
    }
    args.texts.iter().skip(at + 1).find_map(|t| {
        let (_, path) = t.split_once(':').filter(|(rev, _)| !rev.starts_with('-'))?;
        let info = paths::classify(Some("."), path.trim_start_matches("./"), true);
        (!path.is_empty() && paths::is_secret(&info.norm))
            .then(|| format!("prints the secret file {path} from the repository history"))
    })
}

/// A secret injector (`op run`, `doppler run`, `aws-vault exec`, …) around a program that
/// prints the environment it was given (`op run -- printenv`).
fn injected(prog: &str, args: &Args) -> Option<String> {
    let runs = match prog {
        "envchain" => args.words(&[]).get(1).copied(),
        _ => {
            args.texts.iter().position(|t| *t == "--").and_then(|i| args.texts.get(i + 1)).copied()
        }
    }?;
    let name = runs.rsplit('/').next().unwrap_or(runs);
    matches!(name, "env" | "printenv" | "set" | "export" | "declare" | "echo" | "printf")
        .then(|| format!("prints the secrets {prog} puts in the environment ({name})"))
}

/// Programs through which printed text stays printed.
const PASS_THROUGH: &[&str] = &[
    "cat", "tee", "base64", "base32", "basenc", "xxd", "od", "hexdump", "hd", "head", "tail",
    "grep", "egrep", "fgrep", "rg", "sed", "awk", "gawk", "mawk", "tr", "cut", "sort", "uniq",
    "rev", "fold", "fmt", "nl", "less", "more", "most", "column", "jq", "yq", "gojq", "strings",
    "echo", "printf", "xargs", "iconv", "dd", "pv", "paste", "tac", "bat", "openssl", "cmp",
];

/// Whether the command's standard output goes somewhere other than the transcript: a file,
/// or a program that uses it (`| docker login --password-stdin`, `curl -H "$(gh auth token)"`).
fn consumed(a: &Analysis, c: &Cmd) -> bool {
    let to_file = c.redirs.iter().any(|r| {
        r.is_write()
            && matches!(r.fd, None | Some(1))
            && !matches!(
                r.target.text.as_str(),
                "/dev/stdout" | "/dev/stderr" | "/dev/tty" | "/dev/fd/1" | "/dev/fd/2"
            )
    });
    if to_file {
        return true;
    }
    let Some(at) = a.cmds.iter().position(|x| std::ptr::eq(x, c)) else { return false };
    let inside = |(start, end): (usize, usize)| start <= at && at < end;
    let mut users = a.cmds.iter().filter(|u| {
        matches!(u.stdin, Stdin::Upstream(start, end) if inside((start, end)))
            || u.argv.iter().any(|f| f.from.is_some_and(inside) && f.proc_sub.is_none())
    });
    let mut any = false;
    let all_print = users.all(|u| {
        any = true;
        u.simple.program.as_deref().is_some_and(|p| PASS_THROUGH.contains(&p))
    });
    // A substitution that only feeds an assignment (`x=$(gh auth token)`) is not counted as
    // a use: the next command may print it, and wrapping must never lower a tier.
    any && !all_print
}
