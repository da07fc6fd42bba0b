//! A small scanner for inline interpreter code (`python -c`, `node -e`, `perl -e`, `ruby -e`,
//! `php -r`, `lua -e`, `Rscript -e`, `osascript -e`, `awk` programs, `deno eval`, heredocs fed to
//! an interpreter): which processes it starts, which files it deletes or writes, and whether it
//! uses the network, forks or evaluates more code.
//!
//! It is a tokenizer, not a parser: string literals (with the common quote forms of each
//! language: `'…'`, `"…"`, triple quotes, `qx(…)`, `%x(…)`, backticks, `%w(…)`) are separated
//! from code, and calls are recognised by name in the code outside the literals, so a name that
//! only appears inside a string (`print('os.system')`) is data, not a call. The literal
//! arguments of a process call become shell strings or argv lists that the shell analysis
//! classifies like any other command; a call whose arguments are not literals is reported as
//! dynamic.
//!
//! Invariants: pure, no panics, linear in the code length; it errs towards reporting a call.

// Pedantic style lints that fight the shape of this code: parsers and tables naturally have
// match arms with equal bodies and short local names (`a`, `b`, `c` for bytes and atoms).
#![allow(
    clippy::match_same_arms,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::items_after_statements,
    clippy::case_sensitive_file_extension_comparisons
)]

/// The language of a piece of inline code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    /// Python.
    Python,
    /// JavaScript or TypeScript (node, deno, bun).
    Js,
    /// Perl.
    Perl,
    /// Ruby.
    Ruby,
    /// PHP.
    Php,
    /// Lua.
    Lua,
    /// R.
    R,
    /// AppleScript.
    AppleScript,
    /// awk.
    Awk,
}

impl Lang {
    /// The interpreter's usual name, for factors and explanations.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Js => "node",
            Lang::Perl => "perl",
            Lang::Ruby => "ruby",
            Lang::Php => "php",
            Lang::Lua => "lua",
            Lang::R => "R",
            Lang::AppleScript => "osascript",
            Lang::Awk => "awk",
        }
    }
}

/// What a piece of code does, as far as the scanner can tell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CodeScan {
    /// The names of the process-starting calls found (`os.system`, `execSync`, `qx`).
    pub process_calls: Vec<String>,
    /// Literal shell command strings passed to a shell (`os.system('rm -rf /')`).
    pub shell_strings: Vec<String>,
    /// Literal argument vectors (`subprocess.run(['git', 'clean', '-fdx'])`).
    pub argvs: Vec<Vec<String>>,
    /// A process call whose command is not a literal.
    pub dynamic_process: bool,
    /// File deletions: the literal path (if any) and whether the deletion is recursive.
    pub deletes: Vec<(Option<String>, bool)>,
    /// Literal paths opened for writing (`None`: a write to a computed path).
    pub writes: Vec<Option<String>>,
    /// Network access (sockets, HTTP clients, `fetch`).
    pub network: bool,
    /// Calls `fork`.
    pub fork: bool,
    /// Calls `fork` inside a loop construct.
    pub fork_loop: bool,
    /// Evaluates code that is not a literal (`eval(x)`, `exec(base64…)`).
    pub dynamic_eval: bool,
    /// String literals that look like secret file paths.
    pub literals: Vec<String>,
}

/// A token of the code.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An identifier chain such as `os.system` or `child_process`.
    Ident(String),
    /// A string literal (decoded).
    Str(String),
    /// A string with interpolation (its value is unknown).
    DynStr,
    /// A literal that a shell runs (`qx(…)`, backticks in Perl/Ruby/PHP).
    Shell(String),
    /// A `%w(…)` word list.
    Words(Vec<String>),
    /// Punctuation.
    Punct(char),
}

/// Process-starting calls, matched on the last segment of an identifier chain.
const PROCESS_SHELL: &[&str] = &[
    "system",
    "popen",
    "getoutput",
    "getstatusoutput",
    "execsync",
    "shell_exec",
    "passthru",
    "proc_open",
    "execute",
    "capture2",
    "capture2e",
    "capture3",
    "popen2",
    "popen3",
    "pipeline",
];

/// Process-starting calls that usually take an argument vector.
const PROCESS_ARGV: &[&str] = &[
    "run",
    "call",
    "popen",
    "check_call",
    "check_output",
    "spawn",
    "spawnsync",
    "execfile",
    "execfilesync",
    "execv",
    "execvp",
    "execve",
    "execvpe",
    "execl",
    "execlp",
    "execle",
    "execlpe",
    "spawnv",
    "spawnvp",
    "spawnl",
    "spawnlp",
    "posix_spawn",
    "posix_spawnp",
    "exec",
    "system2",
    "command",
    "pcntl_exec",
];

/// Modules whose presence makes a generic name such as `run` or `call` a process call.
const PROCESS_MODULES: &[&str] = &[
    "subprocess",
    "os",
    "child_process",
    "open3",
    "pty",
    "commands",
    "process",
    "deno",
    "bun",
    "kernel",
    "io",
    "ipc",
    "sh",
    "plumbum",
    "execa",
    "shelljs",
    "zx",
];

/// Deleting calls and whether they are recursive by nature.
const DELETE_CALLS: &[(&str, bool)] = &[
    ("remove", false),
    ("unlink", false),
    ("unlinksync", false),
    ("rmdir", false),
    ("rmdirsync", false),
    ("removedirs", true),
    ("rmtree", true),
    ("rm", false),
    ("rmsync", false),
    ("rm_f", false),
    ("rm_r", true),
    ("rm_rf", true),
    ("remove_dir", true),
    ("remove_entry", true),
    ("remove_tree", true),
    ("removesync", true),
    ("emptydir", true),
    ("emptydirsync", true),
    ("rimraf", true),
    ("delete", false),
    ("file.remove", false),
];

/// Network markers (identifier segments or module names).
const NETWORK: &[&str] = &[
    "urllib",
    "urlopen",
    "requests",
    "httpx",
    "http.client",
    "socket",
    "aiohttp",
    "fetch",
    "axios",
    "xmlhttprequest",
    "net.connect",
    "net.createconnection",
    "http.get",
    "https.get",
    "http.request",
    "https.request",
    "net::http",
    "open-uri",
    "uri.open",
    "tcpsocket",
    "lwp",
    "http::tiny",
    "io::socket",
    "curl_exec",
    "fsockopen",
    "websocket",
    "paramiko",
    "ftplib",
    "smtplib",
];

/// Calls that evaluate code.
const EVAL_CALLS: &[&str] =
    &["eval", "exec", "compile", "instance_eval", "class_eval", "runinnewcontext"];

/// Writing calls.
const WRITE_CALLS: &[&str] = &[
    "write_text",
    "write_bytes",
    "writefile",
    "writefilesync",
    "appendfile",
    "appendfilesync",
    "createwritestream",
    "file_put_contents",
];

/// Scans `code` written in `lang`.
pub(crate) fn scan(lang: Lang, code: &str) -> CodeScan {
    scan_depth(lang, code, 0)
}

fn scan_depth(lang: Lang, code: &str, depth: usize) -> CodeScan {
    let toks = tokenize(lang, code);
    let mut out = CodeScan::default();
    let lower_code = code.to_ascii_lowercase();
    let mentions_process_module = toks.iter().any(|t| match t {
        Tok::Ident(s) => {
            let l = s.to_ascii_lowercase();
            PROCESS_MODULES.iter().any(|m| l == *m || l.starts_with(&format!("{m}.")))
        }
        Tok::Str(s) => {
            let l = s.to_ascii_lowercase();
            PROCESS_MODULES.iter().any(|m| l == *m || l.ends_with(&format!(":{m}")))
        }
        _ => false,
    });
    let has_loop = toks.iter().any(|t| {
        matches!(t, Tok::Ident(s) if matches!(s.as_str(), "while" | "loop" | "for" | "until" | "each" | "times" | "forever" | "repeat"))
    });
    for (i, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Shell(cmd) => {
                out.process_calls.push(if lang == Lang::Perl { "qx" } else { "`…`" }.to_owned());
                out.shell_strings.push(cmd.clone());
            }
            Tok::Str(s) if looks_like_path(s) => {
                out.literals.push(s.clone());
            }
            Tok::Ident(name) => {
                let lower = name.to_ascii_lowercase();
                let last = lower.rsplit('.').next().unwrap_or(&lower).to_owned();
                let prev_is_def = i > 0
                    && matches!(&toks[i - 1], Tok::Ident(p) if p == "def" || p == "function" || p == "sub");
                if prev_is_def {
                    continue;
                }
                let next_is_call = matches!(toks.get(i + 1), Some(Tok::Punct('(')))
                    || (matches!(lang, Lang::Perl | Lang::Ruby | Lang::AppleScript)
                        && matches!(
                            toks.get(i + 1),
                            Some(Tok::Str(_) | Tok::DynStr | Tok::Punct('['))
                        ));
                if NETWORK.iter().any(|n| {
                    lower == *n
                        || lower.starts_with(&format!("{n}."))
                        || lower.ends_with(&format!(".{n}"))
                        || last == *n
                }) {
                    out.network = true;
                }
                if last == "fork" || last == "pcntl_fork" {
                    out.fork = true;
                    if has_loop {
                        out.fork_loop = true;
                    }
                }
                // `do shell script "…"` (AppleScript).
                if lang == Lang::AppleScript && lower == "script" && i >= 2 {
                    if let (Some(Tok::Ident(a)), Some(Tok::Ident(b))) =
                        (toks.get(i - 2), toks.get(i - 1))
                        && a == "do"
                        && b == "shell"
                    {
                        push_call(&mut out, "do shell script", &toks, i + 1);
                    }
                    continue;
                }
                if !next_is_call {
                    continue;
                }
                let start = i + 1;
                if lang == Lang::Awk && lower == "system" {
                    push_call(&mut out, "system", &toks, start);
                    continue;
                }
                let generic = matches!(
                    last.as_str(),
                    "run"
                        | "call"
                        | "exec"
                        | "spawn"
                        | "popen"
                        | "command"
                        | "execute"
                        | "pipeline"
                );
                let process_module_ok = !generic
                    || match lower.rsplit_once('.') {
                        Some((owner, _)) => {
                            let owner = owner.rsplit(['.', ':']).next().unwrap_or(owner);
                            PROCESS_MODULES.contains(&owner)
                        }
                        None => mentions_process_module,
                    };
                if last == "exec" && lang == Lang::Python {
                    eval_call(&mut out, lang, &toks, start, depth);
                    continue;
                }
                if name == "Function" || name == "new Function" {
                    eval_call(&mut out, lang, &toks, start, depth);
                    continue;
                }
                if EVAL_CALLS.contains(&last.as_str())
                    && !(last == "exec" && lang == Lang::Js && process_module_ok)
                {
                    if last == "exec" && matches!(lang, Lang::Perl | Lang::Ruby | Lang::Php) {
                        push_call(&mut out, "exec", &toks, start);
                    } else {
                        eval_call(&mut out, lang, &toks, start, depth);
                    }
                    continue;
                }
                if (PROCESS_SHELL.contains(&last.as_str()) || PROCESS_ARGV.contains(&last.as_str()))
                    && process_module_ok
                {
                    push_call(&mut out, name, &toks, start);
                    continue;
                }
                if let Some(&(_, recursive)) = DELETE_CALLS
                    .iter()
                    .find(|(n, _)| *n == last || (n.contains('.') && lower.ends_with(n)))
                {
                    // `remove`/`delete`/`rm` alone are too generic without a file-system owner.
                    let owner_ok = !matches!(last.as_str(), "remove" | "delete" | "rm")
                        || [
                            "os.",
                            "fs.",
                            "file.",
                            "fileutils.",
                            "deno.",
                            "fse.",
                            "shutil.",
                            "path",
                            "dir.",
                        ]
                        .iter()
                        .any(|o| {
                            lower.starts_with(o)
                                || lower.contains(&format!(".{}", o.trim_end_matches('.')))
                        })
                        || matches!(lang, Lang::Lua | Lang::R);
                    if owner_ok {
                        let span = call_span(&toks, start);
                        let path = span.iter().find_map(|t| match t {
                            Tok::Str(s) => Some(s.clone()),
                            _ => None,
                        });
                        let rec = recursive
                            || span.iter().any(|t| matches!(t, Tok::Ident(s) if s.eq_ignore_ascii_case("recursive") || s == "TRUE" || s == "True"));
                        out.deletes.push((path, rec));
                    }
                    continue;
                }
                if WRITE_CALLS.contains(&last.as_str()) {
                    let span = call_span(&toks, start);
                    let path = span.iter().find_map(|t| match t {
                        Tok::Str(s) => Some(s.clone()),
                        _ => None,
                    });
                    out.writes.push(path.filter(|p| looks_like_path(p)));
                    continue;
                }
                if last == "open" {
                    let span = call_span(&toks, start);
                    let strs: Vec<&String> = span
                        .iter()
                        .filter_map(|t| if let Tok::Str(s) = t { Some(s) } else { None })
                        .collect();
                    let mode_write = strs.iter().skip(1).any(|m| {
                        m.len() <= 3 && (m.contains('w') || m.contains('a') || m.contains('+'))
                    });
                    if mode_write {
                        out.writes.push(strs.first().map(|s| (*s).clone()));
                    }
                    // Perl `open(FH, "cmd |")` / `open(my $fh, '-|', 'cmd')`.
                    if lang == Lang::Perl {
                        if let Some(pipe) = strs.iter().find(|s| {
                            s.trim_end().ends_with('|') || s.trim_start().starts_with('|')
                        }) {
                            out.process_calls.push("open".to_owned());
                            out.shell_strings.push(pipe.trim().trim_matches('|').trim().to_owned());
                        } else if strs.iter().any(|s| s.as_str() == "-|" || s.as_str() == "|-") {
                            out.process_calls.push("open".to_owned());
                            if let Some(c) = strs.last() {
                                out.shell_strings.push((*c).clone());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // awk: `print … | "cmd"`, `"cmd" | getline`, `|&`.
    if lang == Lang::Awk {
        for (i, t) in toks.iter().enumerate() {
            if *t == Tok::Punct('|') {
                let next = toks.get(i + 1);
                let prev = if i > 0 { toks.get(i - 1) } else { None };
                if let Some(Tok::Str(s)) = next {
                    out.process_calls.push("| \"…\"".to_owned());
                    out.shell_strings.push(s.clone());
                } else if let (Some(Tok::Str(s)), Some(Tok::Ident(g))) = (prev, next) {
                    if g == "getline" {
                        out.process_calls.push("getline".to_owned());
                        out.shell_strings.push(s.clone());
                    }
                } else if next.is_some() {
                    out.process_calls.push("|".to_owned());
                    out.dynamic_process = true;
                }
            }
            if *t == Tok::Punct('>')
                && matches!(toks.get(i + 1), Some(Tok::Str(_)))
                && let Some(Tok::Str(p)) = toks.get(i + 1)
            {
                out.writes.push(Some(p.clone()));
            }
        }
    }
    if lower_code.contains("/dev/tcp/") {
        out.network = true;
    }
    out
}

/// Records a process call whose arguments start at token `start`.
fn push_call(out: &mut CodeScan, name: &str, toks: &[Tok], start: usize) {
    out.process_calls.push(name.to_owned());
    let span = call_span(toks, start);
    // A list literal first: an argv.
    let mut idx = 0;
    let mut head: Vec<String> = Vec::new();
    let mut dynamic = false;
    while let Some(t) = span.get(idx) {
        match t {
            Tok::Str(s) => head.push(s.clone()),
            Tok::Words(w) => {
                out.argvs.push(w.clone());
                return;
            }
            Tok::Punct('[') => {
                let (list, dyn_list) = list_literal(&span[idx..]);
                if dyn_list {
                    out.dynamic_process = true;
                    return;
                }
                let mut argv = head.clone();
                if argv.len() == 1 && list.first() == argv.first() {
                    argv.clear();
                }
                argv.extend(list);
                if !argv.is_empty() {
                    out.argvs.push(argv);
                }
                return;
            }
            Tok::Punct(',') => {}
            Tok::Punct(')' | ';' | '\n') => break,
            Tok::Punct('{') => break,
            Tok::Ident(_) | Tok::DynStr | Tok::Shell(_) => {
                if head.is_empty() {
                    dynamic = true;
                }
                break;
            }
            Tok::Punct(_) => {
                if head.is_empty() {
                    dynamic = true;
                }
                break;
            }
        }
        idx += 1;
    }
    let _ = dynamic;
    match head.len() {
        0 => out.dynamic_process = true,
        1 => out.shell_strings.push(head.remove(0)),
        _ => out.argvs.push(head),
    }
}

/// An `eval`/`exec` of code: scan a literal argument, otherwise report dynamic evaluation.
fn eval_call(out: &mut CodeScan, lang: Lang, toks: &[Tok], start: usize, depth: usize) {
    let span = call_span(toks, start);
    match span.first() {
        Some(Tok::Str(s)) if depth < 3 => {
            let inner = scan_depth(lang, s, depth + 1);
            merge(out, inner);
        }
        _ => out.dynamic_eval = true,
    }
}

fn merge(out: &mut CodeScan, inner: CodeScan) {
    out.process_calls.extend(inner.process_calls);
    out.shell_strings.extend(inner.shell_strings);
    out.argvs.extend(inner.argvs);
    out.dynamic_process |= inner.dynamic_process;
    out.deletes.extend(inner.deletes);
    out.writes.extend(inner.writes);
    out.network |= inner.network;
    out.fork |= inner.fork;
    out.fork_loop |= inner.fork_loop;
    out.dynamic_eval |= inner.dynamic_eval;
    out.literals.extend(inner.literals);
}

/// The tokens of a call's arguments: inside the parentheses that start at `start`, or up to
/// the end of the statement for a call without parentheses.
fn call_span(toks: &[Tok], start: usize) -> &[Tok] {
    let Some(first) = toks.get(start) else { return &[] };
    if *first == Tok::Punct('(') {
        let mut depth = 0usize;
        for (j, t) in toks.iter().enumerate().skip(start) {
            match t {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return &toks[start + 1..j];
                    }
                }
                _ => {}
            }
        }
        return &toks[start + 1..];
    }
    let end = toks[start..]
        .iter()
        .position(|t| matches!(t, Tok::Punct(';' | '\n' | '}')))
        .map_or(toks.len(), |p| start + p);
    &toks[start..end]
}

/// The string elements of a `[…]` list at the start of `toks`, and whether any is not literal.
fn list_literal(toks: &[Tok]) -> (Vec<String>, bool) {
    let mut out = Vec::new();
    let mut dynamic = false;
    for t in toks.iter().skip(1) {
        match t {
            Tok::Punct(']') => break,
            Tok::Str(s) => out.push(s.clone()),
            Tok::Punct(',') => {}
            _ => dynamic = true,
        }
    }
    (out, dynamic)
}

/// Whether a string literal looks like a file path (for secret and write checks).
fn looks_like_path(s: &str) -> bool {
    !s.is_empty()
        && s.len() < 512
        && !s.contains(char::is_whitespace)
        && (s.contains('/') || s.starts_with('.') || s.starts_with('~'))
}

/// Splits code into tokens.
fn tokenize(lang: Lang, code: &str) -> Vec<Tok> {
    let b: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let hash_comments =
        matches!(lang, Lang::Python | Lang::Perl | Lang::Ruby | Lang::R | Lang::Awk);
    let slash_comments = matches!(lang, Lang::Js | Lang::Php);
    while i < b.len() {
        let c = b[i];
        if c == '\n' {
            out.push(Tok::Punct('\n'));
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if (hash_comments && c == '#' && !(lang == Lang::Ruby && b.get(i + 1) == Some(&'{')))
            || (slash_comments && c == '/' && b.get(i + 1) == Some(&'/'))
            || (lang == Lang::Lua && c == '-' && b.get(i + 1) == Some(&'-'))
        {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if slash_comments && c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i < b.len() && !(b[i] == '*' && b.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            continue;
        }
        // Perl/Ruby quote-like operators: qx(…), q(…), qq(…), %x(…), %w(…), %q(…).
        if matches!(lang, Lang::Perl | Lang::Ruby) {
            let (prefix_len, kind) = quote_like(&b, i, lang);
            if prefix_len > 0 {
                let open = b[i + prefix_len];
                let close = match open {
                    '(' => ')',
                    '{' => '}',
                    '[' => ']',
                    '<' => '>',
                    other => other,
                };
                let mut j = i + prefix_len + 1;
                let mut depth = 1usize;
                let mut s = String::new();
                while j < b.len() {
                    if b[j] == '\\' && j + 1 < b.len() {
                        s.push(b[j + 1]);
                        j += 2;
                        continue;
                    }
                    if b[j] == close && open != close {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    } else if b[j] == open && open != close {
                        depth += 1;
                    } else if b[j] == close {
                        break;
                    }
                    s.push(b[j]);
                    j += 1;
                }
                i = j + 1;
                out.push(match kind {
                    'x' => Tok::Shell(s),
                    'w' => Tok::Words(s.split_whitespace().map(str::to_owned).collect()),
                    _ => Tok::Str(s),
                });
                continue;
            }
        }
        if c == '"' || c == '\'' || c == '`' {
            // Python triple quotes.
            let triple =
                lang == Lang::Python && b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
            let q_len = if triple { 3 } else { 1 };
            let mut j = i + q_len;
            let mut s = String::new();
            let mut interpolated = false;
            while j < b.len() {
                if b[j] == '\\' && j + 1 < b.len() {
                    let e = b[j + 1];
                    s.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                    j += 2;
                    continue;
                }
                if b[j] == c && (!triple || (b.get(j + 1) == Some(&c) && b.get(j + 2) == Some(&c)))
                {
                    break;
                }
                if (c == '`' && lang == Lang::Js && b[j] == '$' && b.get(j + 1) == Some(&'{'))
                    || (c == '"'
                        && matches!(lang, Lang::Ruby)
                        && b[j] == '#'
                        && b.get(j + 1) == Some(&'{'))
                    || (c != '\''
                        && matches!(lang, Lang::Perl | Lang::Php)
                        && (b[j] == '$' || b[j] == '@')
                        && b.get(j + 1).is_some_and(|n| n.is_alphabetic() || *n == '{'))
                {
                    interpolated = true;
                }
                s.push(b[j]);
                j += 1;
            }
            i = j + q_len;
            let shell_backtick = c == '`' && matches!(lang, Lang::Perl | Lang::Ruby | Lang::Php);
            let zx = c == '`'
                && lang == Lang::Js
                && matches!(out.last(), Some(Tok::Ident(p)) if p == "$" || p.ends_with(".$") || p == "sh" || p == "exec");
            if shell_backtick || zx {
                if interpolated {
                    out.push(Tok::Shell(String::new()));
                    out.push(Tok::DynStr);
                } else {
                    out.push(Tok::Shell(s));
                }
            } else if interpolated {
                out.push(Tok::DynStr);
            } else {
                out.push(Tok::Str(s));
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '$' || c == '@' {
            let mut j = i;
            let mut s = String::new();
            while j < b.len() {
                let d = b[j];
                if d.is_alphanumeric() || d == '_' || d == '$' || d == '@' {
                    s.push(d);
                    j += 1;
                } else if (d == '.' || (d == ':' && b.get(j + 1) == Some(&':')))
                    && b.get(j + if d == ':' { 2 } else { 1 })
                        .is_some_and(|n| n.is_alphabetic() || *n == '_' || *n == '$')
                {
                    if d == ':' {
                        s.push_str("::");
                        j += 2;
                    } else {
                        s.push('.');
                        j += 1;
                    }
                } else {
                    break;
                }
            }
            // Python string prefixes: r'…', b"…", f'…'.
            if lang == Lang::Python
                && s.len() <= 2
                && s.chars().all(|ch| "rbfuRBFU".contains(ch))
                && matches!(b.get(j), Some('"' | '\''))
            {
                i = j;
                continue;
            }
            i = j;
            // `).run(`: a method on a call result keeps its own name.
            out.push(Tok::Ident(s));
            continue;
        }
        if c == '.' && b.get(i + 1).is_some_and(|n| n.is_alphabetic() || *n == '_') {
            i += 1;
            continue;
        }
        out.push(Tok::Punct(c));
        i += 1;
    }
    out
}

/// The length of a quote-like operator prefix at `i` (`qx`, `%x`, …) and its kind.
fn quote_like(b: &[char], i: usize, lang: Lang) -> (usize, char) {
    let prev_ident = i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_' || b[i - 1] == '$');
    if prev_ident {
        return (0, ' ');
    }
    let delim_ok = |k: usize| b.get(k).is_some_and(|&d| "({[<|/!".contains(d));
    match lang {
        Lang::Perl => {
            if b.get(i) == Some(&'q') {
                match b.get(i + 1) {
                    Some('x') if delim_ok(i + 2) => return (2, 'x'),
                    Some('q' | 'w') if delim_ok(i + 2) => {
                        return (2, if b[i + 1] == 'w' { 'w' } else { 's' });
                    }
                    _ if delim_ok(i + 1) => return (1, 's'),
                    _ => {}
                }
            }
            (0, ' ')
        }
        Lang::Ruby => {
            if b.get(i) == Some(&'%') {
                match b.get(i + 1) {
                    Some('x') if delim_ok(i + 2) => return (2, 'x'),
                    Some('w' | 'W') if delim_ok(i + 2) => return (2, 'w'),
                    Some('q' | 'Q') if delim_ok(i + 2) => return (2, 's'),
                    Some('(' | '{' | '[') => return (1, 's'),
                    _ => {}
                }
            }
            (0, ' ')
        }
        _ => (0, ' '),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_calls() {
        let s = scan(Lang::Python, "import os; os.system('git push --force')");
        assert_eq!(s.shell_strings, ["git push --force"]);
        let s = scan(Lang::Python, "__import__('subprocess').run(['git', 'clean', '-fdx'])");
        assert_eq!(s.argvs, [vec!["git", "clean", "-fdx"]]);
        let s = scan(Lang::Python, "import os; os.execvp('rm', ['rm', '-rf', '/'])");
        assert_eq!(s.argvs, [vec!["rm", "-rf", "/"]]);
        let s = scan(Lang::Python, "import shutil; shutil.rmtree('/var')");
        assert_eq!(s.deletes, [(Some("/var".to_owned()), true)]);
        let s = scan(Lang::Python, "print('rm -rf /'); print(os.system)");
        assert!(s.shell_strings.is_empty() && s.process_calls.is_empty(), "{s:?}");
        let s = scan(Lang::Python, "import platform; print(platform.machine())");
        assert_eq!(s, CodeScan::default());
        let s = scan(Lang::Python, "import os\nwhile True: os.fork()");
        assert!(s.fork_loop);
        let s = scan(Lang::Python, "exec(__import__('base64').b64decode('cHJpbnQ='))");
        assert!(s.dynamic_eval);
    }

    #[test]
    fn node_perl_ruby_calls() {
        let s = scan(
            Lang::Js,
            "require('node:child_process').execFileSync('dd', ['if=/dev/zero', 'of=/dev/sdb'])",
        );
        assert_eq!(s.argvs, [vec!["dd", "if=/dev/zero", "of=/dev/sdb"]]);
        let s = scan(
            Lang::Js,
            "require('child_process').spawnSync('npm', ['publish'], {stdio: 'inherit'})",
        );
        assert_eq!(s.argvs, [vec!["npm", "publish"]]);
        let s = scan(Lang::Js, "Deno.removeSync('/', { recursive: true })");
        assert_eq!(s.deletes, [(Some("/".to_owned()), true)]);
        let s = scan(Lang::Js, "console.log('DROP TABLE x'.toLowerCase())");
        assert!(s.process_calls.is_empty() && s.deletes.is_empty());
        let s = scan(Lang::Perl, "qx(chmod -R 777 /)");
        assert_eq!(s.shell_strings, ["chmod -R 777 /"]);
        let s = scan(Lang::Ruby, "%x(crontab -r)");
        assert_eq!(s.shell_strings, ["crontab -r"]);
        let s = scan(Lang::Ruby, "system('rm', '-rf', '/')");
        assert_eq!(s.argvs, [vec!["rm", "-rf", "/"]]);
        let s = scan(Lang::Ruby, "loop { fork }");
        assert!(s.fork_loop);
        let s = scan(Lang::Perl, "print for @INC");
        assert_eq!(s, CodeScan::default());
        let s = scan(Lang::Awk, "BEGIN { system(\"rm -rf /tmp/x\") }");
        assert_eq!(s.shell_strings, ["rm -rf /tmp/x"]);
        let s = scan(Lang::Awk, "{s+=$1} END {print s}");
        assert!(s.process_calls.is_empty());
    }
}
