//! Shell analysis: a command string becomes the flat list of every simple command it would run,
//! including the ones hidden inside substitutions, wrappers and other interpreters.
//!
//! # Why a hand-written parser
//!
//! We weighed [brush-parser] (0.4, MIT, the PEG parser of the brush shell) against our own
//! lexer and parser. brush-parser handles the full bash grammar, but: it pulls `peg`, `cached`,
//! `bon`, `tracing`, `utf8-chars` and even `insta` as normal dependencies; its recursive PEG
//! rules have no nesting limit, so a hostile `((((…` can exhaust the stack instead of failing
//! closed, which means we would need our own pre-scanner anyway; and it parses words lazily
//! (a `$(…)` inside a word is a string to re-parse), so nested commands, `$'…'` decoding, brace
//! expansion and constant propagation would still be ours to write. What the risk analysis needs
//! is narrower and different from what a shell needs: exact source spans per simple command,
//! quote removal that remembers what was quoted, statically known values, and a hard bound on
//! work. So `parse` is a ~1,000-line recursive-descent parser with a 64 KiB input limit and a
//! 40-level nesting limit, and this module expands and unwraps its tree. `shell-words` (already
//! a dependency) only splits flat argument strings and cannot see operators, so it is not
//! enough on its own.
//!
//! # What is understood
//!
//! Sequences (`;`, newline, `&`), `&&`, `||`, pipelines, subshells, brace groups, `if`/`while`/
//! `until`/`for`/`case`, `[[ ]]`, `(( ))`, functions, `$(…)`, backticks, process substitution,
//! redirections with their targets, heredocs and here-strings, `VAR=x` prefixes and assignments,
//! quoting and escapes (`'r'm`, `r\m`, `"m"kfs`, `$'\x72m'`), line continuations, `${IFS}` and
//! brace expansion. Simple assignments are propagated as constants (`X=rm; $X -rf /`,
//! `D=/usr; rm -rf "$D"`), as are `read … <<< literal`, `printf -v`, arrays, `cd` (the working
//! folder) and the positional parameters of `sh -c '…' a b` and of function calls.
//!
//! Wrappers are unwrapped and their inner commands emitted with the wrapper's name in
//! [`SimpleCommand::wrappers`]: `sudo`/`doas`/`su -c`, `env`, `nohup`, `nice`, `timeout`,
//! `time`, `exec`, `command`, `builtin`, `xargs`, `find -exec`, `watch`, `script -c`,
//! `ssh host cmd`, `bash|sh|zsh|dash|ksh|busybox sh -c`, `eval`, `source`, heredocs and pipes
//! into a shell, `python|node|perl|ruby|… -c|-e` (the code is scanned by `risk::code`), `npx`,
//! `uv run`, `docker exec`, `kubectl exec`, `git submodule foreach` and more. The output of
//! `echo`, `printf`, `cat <<EOF`, `base64 -d`, `rev` and `tr` is computed when its input is
//! literal, so `echo cm0gLXJmIC8= | base64 -d | sh` is seen as `rm -rf /`.
//!
//! Invariants: pure (no I/O, no clock), no panics, bounded work: the source is at most 64 KiB,
//! parse nesting at most 40 levels, unwrapping at most [`MAX_UNWRAP`] levels, at most
//! [`MAX_COMMANDS`] simple commands and [`MAX_REPARSE`] bytes of re-parsed inner scripts; brace
//! expansion yields at most 64 words. Anything over a limit or unparseable is reported, never
//! guessed (the classifier makes it HIGH with the factor `unparseable`).
//!
//! [brush-parser]: https://crates.io/crates/brush-parser

// Pedantic style lints that fight the shape of this code: parsers and tables naturally have
// match arms with equal bodies and short local names (`a`, `b`, `c` for bytes and atoms).
#![allow(
    clippy::match_same_arms,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::items_after_statements,
    clippy::case_sensitive_file_extension_comparisons
)]

mod loops;
mod parse;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::code::{self, CodeScan, Lang};
use super::paths;
pub(crate) use loops::LoopFacts;
pub use parse::ParseError;
use parse::{
    AssignValue, Command, Compound, FuncDef, Param, ParamOp, Part, Redir, RedirTarget, Script,
    Simple, Word,
};

/// Most nested wrappers (`sudo env bash -c "…"` is three) before analysis gives up.
pub const MAX_UNWRAP: usize = 16;
/// Most simple commands analysed in one string.
pub const MAX_COMMANDS: usize = 2_000;
/// Most bytes of inner scripts (`-c` strings, heredocs, `eval`) parsed for one string.
pub const MAX_REPARSE: usize = 1024 * 1024;
/// Most words one word may become through brace expansion.
const MAX_BRACE: usize = 64;

/// A redirection of a simple command.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Redirect {
    /// The operator with its file descriptor: `>`, `2>`, `>>`, `<`, `&>`, `2>&`, `<<`, `<<<`, …
    pub op: String,
    /// The target after expansion: a path, an fd number for `>&`/`<&`, the body of a heredoc
    /// (`<<`, `<<-`) or the string of a here-string (`<<<`).
    pub target: String,
}

impl Redirect {
    /// Whether this redirection writes to its target (`>`, `>>`, `>|`, `&>`, `&>>`, `<>`, with
    /// any fd); fd duplications (`2>&1`) and inputs are not writes.
    pub fn is_write(&self) -> bool {
        let op = self.op.trim_start_matches(|c: char| c.is_ascii_digit());
        matches!(op, ">" | ">>" | ">|" | "&>" | "&>>" | "<>")
            || (op == ">&" && !self.target.chars().all(|c| c.is_ascii_digit() || c == '-'))
    }
}

/// One simple command found in a command string, after unwrapping quotes, paths and wrappers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SimpleCommand {
    /// The source text of this simple command (for display and learning). For a command found
    /// inside a wrapper's argument (`sudo rm -rf /`, `bash -c "…"`) it is the text of the inner
    /// command as the wrapper would run it.
    pub text: String,
    /// The program's basename after quote removal and path stripping (`/bin/rm` → `rm`,
    /// `'r'm` → `rm`, `$'\x72m'` → `rm`); `None` when it is unknown until run time (a
    /// variable or substitution that could not be resolved), or for a command made only of
    /// redirections (`> file`).
    pub program: Option<String>,
    /// The arguments after expansion and quote removal. An argument that cannot be known keeps
    /// its source text (`$X`, `$(…)`).
    pub args: Vec<String>,
    /// The redirections, in order (including those inherited from an enclosing `{ …; } > f`).
    pub redirects: Vec<Redirect>,
    /// The wrappers it was found inside, outermost first: `sudo`, `bash -c`, `xargs`,
    /// `find -exec`, `ssh`, `$()`, `` `…` ``, `<()`, `eval`, `python -c`, `function f`, …
    pub wrappers: Vec<String>,
    /// True for the parts a human would name in a compound line: the elements of `;`, `&&`,
    /// `||`, `|` and `&` at the outermost level, including the members of top-level groups,
    /// subshells and control structures (`if`, `for`, …). False for commands found inside
    /// substitutions, wrappers, functions and inner scripts.
    pub top_level: bool,
    /// The folder the program was named in (`./git` → `.`, `/tmp/x/cat` → `/tmp/x`); `None`
    /// for a bare name, looked up in `PATH`. A program named by a path is another program.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program_dir: Option<String>,
    /// The prefix assignments, name and value as expanded (`GIT_DIR=x git log`): they change
    /// what the program does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<(String, String)>,
    /// Some argument, redirection target or prefix value is computed when the line runs (a
    /// command substitution, or a variable that could not be resolved): what the command
    /// touches is not known before it runs.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dynamic: bool,
    /// The name is a shell function defined in the same line (`ls() { …; }; ls`): calling it
    /// runs the function's body, not the program.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub function: bool,
}

impl SimpleCommand {
    /// The paths this command writes, deletes, moves or changes, as far as its program is
    /// known (best effort): output redirection targets, plus the operands of `rm`, `rmdir`,
    /// `unlink`, `shred`, `mv` (sources and destination), the destination of `cp`, `install`,
    /// `ln`, `rsync`, `dd of=`, `tee`, `touch`, `mkdir`, `truncate`, the targets of `chmod`,
    /// `chown`, `chgrp`, the files of `sed -i`/`perl -i`, `curl -o`, `wget -O`, `tar -C` and
    /// the starting points of `find … -delete`. Paths are as expanded (`~` kept), relative to
    /// the working folder at that point of the line; a `cd` earlier in the line is not applied.
    pub fn written_paths(&self) -> Vec<String> {
        let mut out: Vec<String> =
            self.redirects.iter().filter(|r| r.is_write()).map(|r| r.target.clone()).collect();
        let Some(prog) = self.program.as_deref().map(program_key) else { return out };
        let operands: Vec<&String> = self
            .args
            .iter()
            .scan(false, |after, a| {
                let keep = *after || !a.starts_with('-') || a == "-";
                if a == "--" {
                    *after = true;
                    return Some(None);
                }
                Some(keep.then_some(a))
            })
            .flatten()
            .collect();
        let value_after = |names: &[&str]| -> Vec<String> {
            self.args
                .windows(2)
                .filter(|w| names.contains(&w[0].as_str()))
                .map(|w| w[1].clone())
                .collect()
        };
        match prog.as_str() {
            "rm" | "rmdir" | "unlink" | "shred" | "srm" | "rimraf" | "mv" | "touch" | "mkdir"
            | "tee" | "trash" => {
                out.extend(operands.into_iter().cloned());
            }
            "cp" | "install" | "ln" | "rsync" | "scp" | "ditto" => {
                out.extend(value_after(&["-t", "--target-directory"]));
                out.extend(operands.last().map(|s| (*s).clone()));
            }
            "chmod" | "chown" | "chgrp" | "chattr" | "setfacl" | "truncate" => {
                out.extend(
                    operands
                        .into_iter()
                        .skip(usize::from(prog != "truncate" && prog != "setfacl"))
                        .cloned(),
                );
            }
            "sed" | "perl" | "ruby"
                if self.args.iter().any(|a| {
                    a.starts_with("-i")
                        || a.starts_with("--in-place")
                        || (prog != "sed"
                            && a.starts_with('-')
                            && !a.starts_with("--")
                            && a.contains('i'))
                }) =>
            {
                out.extend(
                    operands
                        .into_iter()
                        .skip(usize::from(prog == "sed" && !self.args.iter().any(|a| a == "-e")))
                        .cloned(),
                );
            }
            "dd" => out
                .extend(self.args.iter().filter_map(|a| a.strip_prefix("of=").map(str::to_owned))),
            "curl" | "wget" => out.extend(
                value_after(&["-o", "--output", "-O", "--output-document"])
                    .into_iter()
                    .filter(|p| p != "-"),
            ),
            "tar" => out.extend(value_after(&["-C", "--directory"])),
            "find" if self.args.iter().any(|a| a == "-delete") => {
                let fields: Vec<Field> =
                    self.args.iter().map(|a| Field::known(a.clone())).collect();
                out.extend(find_info(&fields).roots.into_iter().map(|f| f.text));
            }
            _ => {}
        }
        out
    }
}

/// Parses `src` and returns every simple command it contains, in execution order, nested ones
/// included (see the module docs for what is unwrapped).
///
/// Fails when the string is not valid shell, or exceeds a size, nesting or work limit.
/// Inner scripts that fail to parse (`bash -c "'"`) do not fail the call: the command that
/// would run them is returned, and [`crate::risk::analyze`] marks it `unparseable`.
pub fn simple_commands(src: &str) -> Result<Vec<SimpleCommand>, ParseError> {
    Ok(analyze(src)?.into_iter().map(|c| c.simple).collect())
}

// ---------------------------------------------------------------------------------------------
// The analysed form of a simple command (internal).

/// A value after expansion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Field {
    /// The text (for an unknown value: its source text, e.g. `$X`).
    pub text: String,
    /// Whether the value is known statically.
    pub known: bool,
    /// Holds an unquoted glob character.
    pub glob: bool,
    /// A process substitution `<(…)`/`>(…)`: an index into the walker's table.
    pub proc_sub: Option<usize>,
    /// The commands (an index range into the output) whose output produced this value.
    pub from: Option<(usize, usize)>,
}

impl Field {
    fn known(text: impl Into<String>) -> Field {
        Field { text: text.into(), known: true, ..Field::default() }
    }

    fn unknown(text: impl Into<String>) -> Field {
        Field { text: text.into(), known: false, ..Field::default() }
    }
}

/// Where a command's standard input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stdin {
    /// Nothing redirected or piped.
    Terminal,
    /// Statically known text (heredoc, here-string, or the output of `echo`/`printf`/… ).
    Literal(String),
    /// The output of the commands in this index range (earlier pipeline stages).
    Upstream(usize, usize),
    /// A file (`< file`).
    File(Field),
    /// A network socket (`< /dev/tcp/…`, or an fd opened on one).
    Network,
}

/// Facts found while unwrapping, used by the classifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Note {
    /// An inner script could not be analysed (syntax error or limit); the message says why.
    Unparseable(String),
    /// A self-replicating function call (`:(){ :|:& };:`).
    ForkBomb,
    /// A shell or interpreter executes its standard input, which is not a literal.
    RunsStdin,
    /// Executes code computed at run time; the range holds the commands that produce it.
    Dynamic(Option<(usize, usize)>),
    /// Runs a local script file whose content is unknown.
    RunsFile(String),
    /// Runs code downloaded from this URL in the same line.
    RunsRemote(String),
    /// Reads (sources) a local file into the current shell.
    Sources(String),
    /// `bash -n`, `command -v`: nothing is executed.
    Noexec,
    /// An interactive shell as root (`sudo -s`, `sudo -i`, `su`).
    RootShell,
    /// A function called from inside itself.
    Recursive,
    /// Runs inside a loop that never ends by itself or that starts a background process on
    /// each of thousands of passes (`while true; do x & done`).
    Loop(LoopFacts),
    /// Runs in the background (`cmd &`).
    Background,
}

/// A process substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProcSub {
    /// Its output when statically known.
    pub output: Option<String>,
    /// The commands it runs (an index range into the output).
    pub cmds: (usize, usize),
}

/// A redirection after expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RedirInfo {
    /// The explicit fd.
    pub fd: Option<u32>,
    /// The operator.
    pub op: &'static str,
    /// The target (the body for heredocs).
    pub target: Field,
}

impl RedirInfo {
    /// Whether this writes to a file.
    pub(crate) fn is_write(&self) -> bool {
        matches!(self.op, ">" | ">>" | ">|" | "&>" | "&>>" | "<>")
            || (self.op == ">&"
                && !self.target.text.chars().all(|c| c.is_ascii_digit() || c == '-'))
    }

    /// Whether this reads a file into the command (`<`, `<>`).
    pub(crate) fn is_read(&self) -> bool {
        matches!(self.op, "<" | "<>")
    }
}

/// A simple command with everything the classifier needs.
#[derive(Debug, Clone)]
pub(crate) struct Cmd {
    /// The public view.
    pub simple: SimpleCommand,
    /// The full argument vector, program first, with knowledge flags.
    pub argv: Vec<Field>,
    /// The redirections.
    pub redirs: Vec<RedirInfo>,
    /// Where standard input comes from.
    pub stdin: Stdin,
    /// The working folder (`None`: unknown).
    pub cwd: Option<String>,
    /// Runs as root (inside `sudo`, `doas`, `su`, …).
    pub root: bool,
    /// Facts from unwrapping.
    pub notes: Vec<Note>,
    /// Inline code and what it does, for interpreters.
    pub code: Option<(Lang, CodeScan)>,
    /// Receives extra arguments only known at run time (`xargs`, `find -exec … {} +`).
    pub extra_args: bool,
    /// Prefix assignments (`VAR=x cmd`).
    pub assigns: Vec<(String, Field)>,
    /// Standard input comes from an earlier pipeline stage (not a heredoc or a file).
    pub piped: bool,
}

impl Cmd {
    /// The lower-cased program name, without a `.exe` suffix (`None` when unknown).
    pub(crate) fn prog(&self) -> Option<String> {
        self.simple.program.as_deref().map(program_key)
    }

    /// The arguments (after the program).
    pub(crate) fn args(&self) -> &[Field] {
        self.argv.get(1..).unwrap_or_default()
    }
}

/// The variables assigned earlier in the line that may be in the environment of the
/// commands after them (`PATH=.:$PATH; git log`): a variable that is already exported stays
/// exported when reassigned, and environment variables are named in capitals by convention
/// (plus the lower-case `npm_config_*` and `*_proxy`). Loop and `read` variables are not.
fn line_environment(env: &Env) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = env
        .vars
        .iter()
        .filter(|(n, _)| {
            n.chars().any(|c| c.is_ascii_uppercase())
                || n.starts_with("npm_config_")
                || n.ends_with("_proxy")
        })
        .map(|(n, v)| {
            let text = match v {
                Val::Scalar(f) => f.text.clone(),
                Val::Array(items) => {
                    items.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" ")
                }
            };
            (n.clone(), text)
        })
        .collect();
    out.sort();
    out
}

/// The lower-cased program key of a basename: `.exe` stripped, `python3.12` → `python3.12`.
pub(crate) fn program_key(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    lower.strip_suffix(".exe").map_or(lower.clone(), str::to_owned)
}

/// The basename of a program word (`/usr/bin/rm` → `rm`, `C:\x\cmd.exe` → `cmd.exe`).
fn basename(word: &str) -> &str {
    let trimmed = word.trim_end_matches('/');
    trimmed.rsplit(['/', '\\']).next().unwrap_or(trimmed)
}

/// The result of analysing a string: every simple command.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysis {
    /// Every simple command, in order.
    pub cmds: Vec<Cmd>,
    /// The names of every variable assigned anywhere (bare `X=1`, prefix `X=1 cmd`,
    /// `declare X=1`), including the assignments that run no command.
    pub assigned: Vec<String>,
}

/// Parses and expands `src` into analysed commands.
pub(crate) fn analyze(src: &str) -> Result<Vec<Cmd>, ParseError> {
    analyze_full(src).map(|a| a.cmds)
}

/// Parses and expands `src` into an [`Analysis`].
pub(crate) fn analyze_full(src: &str) -> Result<Analysis, ParseError> {
    let script = parse::parse(src)?;
    let mut w = Walker { reparsed: src.len(), ..Walker::default() };
    let mut env = Env::new();
    let ctx = Ctx::top();
    w.script(&script, &mut env, &ctx);
    w.walk_uncalled(&env, &ctx);
    if w.exhausted {
        return Err(ParseError {
            message: format!(
                "more than {MAX_COMMANDS} commands or {MAX_REPARSE} bytes of inner scripts"
            ),
            offset: 0,
        });
    }
    Ok(Analysis { cmds: w.out, assigned: w.assigned })
}

// ---------------------------------------------------------------------------------------------
// Walking the tree.

#[derive(Debug, Clone)]
enum Val {
    Scalar(Field),
    Array(Vec<Field>),
}

#[derive(Debug, Clone)]
struct Env {
    vars: HashMap<String, Val>,
    positional: Option<Vec<Field>>,
    cwd: Option<String>,
    net_fds: Vec<u32>,
}

impl Env {
    fn new() -> Env {
        Env {
            vars: HashMap::new(),
            positional: None,
            cwd: Some(".".to_owned()),
            net_fds: Vec::new(),
        }
    }

    fn set(&mut self, name: &str, v: Val) {
        self.vars.insert(name.to_owned(), v);
    }

    fn ifs(&self) -> String {
        match self.vars.get("IFS") {
            Some(Val::Scalar(f)) if f.known => f.text.clone(),
            _ => " \t\n".to_owned(),
        }
    }
}

#[derive(Debug, Clone)]
struct Ctx {
    wrappers: Vec<String>,
    top: bool,
    stdin: Stdin,
    root: bool,
    depth: usize,
    out_redirs: Vec<RedirInfo>,
    /// Standard input comes from an earlier pipeline stage.
    piped: bool,
}

impl Ctx {
    fn top() -> Ctx {
        Ctx {
            wrappers: Vec::new(),
            top: true,
            stdin: Stdin::Terminal,
            root: false,
            depth: 0,
            out_redirs: Vec::new(),
            piped: false,
        }
    }

    /// A context for commands nested under `label` (substitution, wrapper, inner script).
    fn nested(&self, label: &str, stdin: Stdin) -> Ctx {
        let mut wrappers = self.wrappers.clone();
        wrappers.push(label.to_owned());
        let piped = self.piped && stdin == self.stdin;
        Ctx {
            wrappers,
            top: false,
            stdin,
            root: self.root,
            depth: self.depth + 1,
            out_redirs: Vec::new(),
            piped,
        }
    }
}

#[derive(Debug, Clone)]
enum FileSrc {
    Literal(String),
    Remote(String),
}

#[derive(Default)]
struct Walker {
    out: Vec<Cmd>,
    procs: Vec<ProcSub>,
    funcs: HashMap<String, Rc<FuncDef>>,
    func_order: Vec<String>,
    called: HashSet<String>,
    func_stack: Vec<String>,
    aliases: HashMap<String, String>,
    files: HashMap<String, FileSrc>,
    /// For a transparent wrapper (`env`, `sudo`, `nohup`, …): the index of its inner command.
    inner: HashMap<usize, usize>,
    reparsed: usize,
    exhausted: bool,
    /// Every variable name assigned (see [`Analysis::assigned`]).
    assigned: Vec<String>,
}

/// The static output of a script: the last stage of its only pipeline.
type LastIdx = Option<usize>;

impl Walker {
    fn script(&mut self, s: &Script, env: &mut Env, ctx: &Ctx) -> LastIdx {
        let mut last = None;
        let single = s.items.len() == 1;
        for item in &s.items {
            let single_pipe = single && item.pipelines.len() == 1;
            let from = self.out.len();
            for p in &item.pipelines {
                let idx = self.pipeline(&p.cmds, env, ctx);
                last = if single_pipe { idx } else { None };
            }
            if item.background {
                self.note_from(from, &Note::Background);
            }
        }
        last
    }

    fn pipeline(&mut self, cmds: &[Command], env: &mut Env, ctx: &Ctx) -> LastIdx {
        if self.exhausted {
            return None;
        }
        if cmds.len() == 1 {
            return self.command(&cmds[0], env, ctx);
        }
        let start = self.out.len();
        let mut stdin = ctx.stdin.clone();
        let mut last = None;
        for (i, c) in cmds.iter().enumerate() {
            let mut sub_env = env.clone();
            let mut c_ctx = ctx.clone();
            c_ctx.stdin = stdin.clone();
            c_ctx.piped = ctx.piped || i > 0;
            last = self.command(c, &mut sub_env, &c_ctx);
            stdin = match last.and_then(|i| self.static_output(i)) {
                Some(text) => Stdin::Literal(text),
                None => Stdin::Upstream(start, self.out.len()),
            };
        }
        last
    }

    fn command(&mut self, c: &Command, env: &mut Env, ctx: &Ctx) -> LastIdx {
        match c {
            Command::Simple(s) => self.simple(s, env, ctx),
            Command::Function(f) => {
                if !self.funcs.contains_key(&f.name) {
                    self.func_order.push(f.name.clone());
                }
                self.funcs.insert(f.name.clone(), Rc::clone(f));
                None
            }
            Command::Compound(comp, redirs) => {
                let (infos, stdin) = self.redirs(redirs, env, ctx);
                let mut cctx = ctx.clone();
                if let Some(s) = stdin {
                    cctx.stdin = s;
                }
                cctx.out_redirs.extend(infos.into_iter().filter(RedirInfo::is_write));
                if cctx.depth > parse::MAX_DEPTH * 2 {
                    self.exhausted = true;
                    return None;
                }
                match comp.as_ref() {
                    Compound::Subshell(s) => {
                        let mut e = env.clone();
                        self.script(s, &mut e, &cctx);
                    }
                    Compound::Group(s) => {
                        self.script(s, env, &cctx);
                    }
                    Compound::If(parts) => {
                        for s in parts {
                            self.script(s, env, &cctx);
                        }
                    }
                    Compound::Loop(a, b, until) => {
                        let from = self.out.len();
                        self.script(a, env, &cctx);
                        self.script(b, env, &cctx);
                        // `seq 1 100000 | while read i; …`: the input sets the pass count.
                        let (fed_endless, fed_many) = match &cctx.stdin {
                            Stdin::Upstream(s, e) => loops::fed(self.out.get(*s..*e)),
                            _ => (false, false),
                        };
                        let endless = loops::endless(a, *until) || fed_endless;
                        if let Some(f) = loops::facts(endless, fed_many, b) {
                            self.note_from(from, &Note::Loop(f));
                        }
                    }
                    Compound::For(var, words, body) => {
                        let from = self.out.len();
                        let many = words.as_deref().is_some_and(loops::many);
                        let values: Vec<Field> = match words {
                            Some(ws) => {
                                ws.iter().flat_map(|w| self.expand(w, env, &cctx)).collect()
                            }
                            None => {
                                env.positional.clone().unwrap_or_else(|| vec![Field::unknown("$@")])
                            }
                        };
                        if (1..=3).contains(&values.len()) {
                            for v in values {
                                env.set(var, Val::Scalar(v));
                                self.script(body, env, &cctx);
                            }
                        } else {
                            env.set(var, Val::Scalar(Field::unknown(format!("${var}"))));
                            self.script(body, env, &cctx);
                        }
                        if let Some(f) = loops::facts(false, many, body) {
                            self.note_from(from, &Note::Loop(f));
                        }
                    }
                    Compound::ArithFor(words, body) => {
                        let from = self.out.len();
                        for w in words {
                            self.expand_single(w, env, &cctx);
                        }
                        self.script(body, env, &cctx);
                        let (endless, many) = loops::arith_header(words);
                        if let Some(f) = loops::facts(endless, many, body) {
                            self.note_from(from, &Note::Loop(f));
                        }
                    }
                    Compound::Case(w, arms) => {
                        self.expand_single(w, env, &cctx);
                        for (pats, body) in arms {
                            for p in pats {
                                self.expand_single(p, env, &cctx);
                            }
                            self.script(body, env, &cctx);
                        }
                    }
                    Compound::Arith(w) => {
                        self.expand_single(w, env, &cctx);
                    }
                    Compound::Cond(ws) => {
                        for w in ws {
                            self.expand_single(w, env, &cctx);
                        }
                    }
                }
                None
            }
        }
    }

    /// Walks the bodies of functions that were defined but never called.
    fn walk_uncalled(&mut self, env: &Env, ctx: &Ctx) {
        let names: Vec<String> = self.func_order.clone();
        for name in names {
            if self.called.contains(&name) {
                continue;
            }
            let Some(f) = self.funcs.get(&name).cloned() else { continue };
            self.called.insert(name.clone());
            let mut e = env.clone();
            e.positional = None;
            let c = ctx.nested(&format!("function {name}"), Stdin::Terminal);
            self.func_stack.push(name.clone());
            self.command(&f.body, &mut e, &c);
            self.func_stack.pop();
        }
    }

    fn simple(&mut self, s: &Simple, env: &mut Env, ctx: &Ctx) -> LastIdx {
        if self.out.len() >= MAX_COMMANDS {
            self.exhausted = true;
            return None;
        }
        let mut assigns: Vec<(String, Val)> = Vec::new();
        for a in s.assigns.iter().chain(&s.decls) {
            if self.assigned.len() < MAX_COMMANDS && !self.assigned.contains(&a.name) {
                self.assigned.push(a.name.clone());
            }
        }
        for a in &s.assigns {
            assigns.push((a.name.clone(), self.assign_value(&a.value, env, ctx)));
        }
        let mut argv: Vec<Field> = Vec::new();
        for w in &s.words {
            argv.extend(self.expand(w, env, ctx));
        }
        let mut decls: Vec<(String, Val)> = Vec::new();
        for a in &s.decls {
            let v = self.assign_value(&a.value, env, ctx);
            let shown = match &v {
                Val::Scalar(f) => format!("{}={}", a.name, f.text),
                Val::Array(fs) => {
                    format!(
                        "{}=({})",
                        a.name,
                        fs.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" ")
                    )
                }
            };
            argv.push(Field::known(shown));
            decls.push((a.name.clone(), v));
        }
        let (mut redirs, stdin_override) = self.redirs(&s.redirs, env, ctx);
        let own_redirs = !redirs.is_empty();
        redirs.extend(ctx.out_redirs.iter().cloned());
        if argv.is_empty() {
            for (n, v) in assigns.clone() {
                env.set(&n, v);
            }
            if !own_redirs {
                return None;
            }
        }
        // Aliases.
        if let Some(first) = argv.first()
            && first.known
            && let Some(text) = self.aliases.get(&first.text).cloned()
        {
            let rest: Vec<String> = argv[1..].iter().map(|f| quote(&f.text)).collect();
            let full = if rest.is_empty() { text } else { format!("{text} {}", rest.join(" ")) };
            let mut e = env.clone();
            let c = ctx.nested(&format!("alias {}", argv[0].text), ctx.stdin.clone());
            let mut c = c;
            c.top = ctx.top;
            return self.script_text(&full, &mut e, &c, None);
        }
        let overridden = stdin_override.is_some();
        let stdin = stdin_override.unwrap_or_else(|| ctx.stdin.clone());
        let scalar_assigns: Vec<(String, Field)> = assigns
            .iter()
            .map(|(n, v)| {
                (
                    n.clone(),
                    match v {
                        Val::Scalar(f) => f.clone(),
                        Val::Array(_) => Field::unknown(format!("${n}")),
                    },
                )
            })
            .collect();
        // A heredoc or `<` redirection replaces piped input.
        let unpiped;
        let ctx = if ctx.piped && overridden {
            unpiped = Ctx { piped: false, stdin: stdin.clone(), ..ctx.clone() };
            &unpiped
        } else {
            ctx
        };
        let idx = self.push(s.text.clone(), argv, redirs, stdin, env, ctx, scalar_assigns);
        if !decls.is_empty() {
            for (n, v) in decls {
                env.set(&n, v);
            }
        }
        if let Some(c) = self.out.get(idx) {
            let mut eff: Vec<Field> = c.argv.clone();
            while eff.len() > 1
                && eff[0].known
                && matches!(eff[0].text.as_str(), "builtin" | "command")
            {
                eff.remove(0);
            }
            let (stdin, redirs) = (c.stdin.clone(), c.redirs.clone());
            self.effects(&eff, &stdin, &redirs, env);
        }
        self.track_files(idx, env);
        let mut inner_env = env.clone();
        for (n, v) in assigns {
            inner_env.set(&n, v);
        }
        self.unwrap(idx, &inner_env, ctx);
        Some(idx)
    }

    fn assign_value(&mut self, v: &AssignValue, env: &Env, ctx: &Ctx) -> Val {
        match v {
            AssignValue::Scalar(w) => Val::Scalar(self.expand_single(w, env, ctx)),
            AssignValue::Array(ws) => {
                Val::Array(ws.iter().flat_map(|w| self.expand(w, env, ctx)).collect())
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        text: String,
        argv: Vec<Field>,
        redirs: Vec<RedirInfo>,
        stdin: Stdin,
        env: &Env,
        ctx: &Ctx,
        assigns: Vec<(String, Field)>,
    ) -> usize {
        let program = argv.first().and_then(|f| {
            if f.known && !f.text.is_empty() { Some(basename(&f.text).to_owned()) } else { None }
        });
        let program_dir = argv.first().filter(|f| f.known).and_then(|f| {
            let t = f.text.trim_end_matches(['/', '\\']);
            t.rfind(['/', '\\']).map(|i| if i == 0 { "/".to_owned() } else { t[..i].to_owned() })
        });
        let runtime = |f: &Field| !f.known || f.from.is_some() || f.proc_sub.is_some();
        let dynamic = argv.iter().skip(1).any(runtime)
            || redirs.iter().any(|r| runtime(&r.target))
            || assigns.iter().any(|(_, f)| runtime(f));
        let simple = SimpleCommand {
            text,
            program,
            args: argv.iter().skip(1).map(|f| f.text.clone()).collect(),
            redirects: redirs
                .iter()
                .map(|r| Redirect {
                    op: format!("{}{}", r.fd.map(|f| f.to_string()).unwrap_or_default(), r.op),
                    target: r.target.text.clone(),
                })
                .collect(),
            wrappers: ctx.wrappers.clone(),
            top_level: ctx.top,
            program_dir,
            env: assigns
                .iter()
                .map(|(n, f)| (n.clone(), f.text.clone()))
                .chain(line_environment(env))
                .collect(),
            dynamic,
            function: false,
        };
        self.out.push(Cmd {
            simple,
            argv,
            redirs,
            stdin,
            cwd: env.cwd.clone(),
            root: ctx.root,
            notes: Vec::new(),
            code: None,
            extra_args: false,
            assigns,
            piped: ctx.piped && stdin_is_data(&ctx.stdin),
        });
        self.out.len() - 1
    }

    /// Adds `n` to every command from index `from` on.
    fn note_from(&mut self, from: usize, n: &Note) {
        for c in self.out.iter_mut().skip(from) {
            if !c.notes.contains(n) {
                c.notes.push(n.clone());
            }
        }
    }

    fn note(&mut self, idx: usize, n: Note) {
        if let Some(c) = self.out.get_mut(idx)
            && !c.notes.contains(&n)
        {
            c.notes.push(n);
        }
    }

    /// Parses `text` and walks it in `env`/`ctx`; a syntax error becomes a note on `owner`.
    fn script_text(
        &mut self,
        text: &str,
        env: &mut Env,
        ctx: &Ctx,
        owner: Option<usize>,
    ) -> LastIdx {
        self.reparsed += text.len();
        if self.reparsed > MAX_REPARSE {
            self.exhausted = true;
            return None;
        }
        if ctx.depth > MAX_UNWRAP {
            if let Some(o) = owner {
                self.note(o, Note::Unparseable("wrappers nested too deeply".to_owned()));
            }
            return None;
        }
        match parse::parse(text) {
            Ok(s) => self.script(&s, env, ctx),
            Err(e) => {
                if let Some(o) = owner {
                    self.note(o, Note::Unparseable(format!("inner script: {e}")));
                }
                None
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Expansion.

    /// Expands a word into fields (brace expansion, parameter and command substitution, word
    /// splitting, quote removal).
    fn expand(&mut self, w: &Word, env: &Env, ctx: &Ctx) -> Vec<Field> {
        let Some(alternatives) = brace_expand(&w.parts) else {
            return vec![Field::unknown(w.raw.clone())];
        };
        let mut out = Vec::new();
        for parts in alternatives {
            let segs = self.segments(&parts, env, ctx);
            split_fields(segs, &env.ifs(), &mut out);
        }
        out
    }

    /// Expands a word into one value (no splitting: assignments, redirection targets).
    fn expand_single(&mut self, w: &Word, env: &Env, ctx: &Ctx) -> Field {
        let segs = self.segments(&w.parts, env, ctx);
        let mut f = Field { known: true, ..Field::default() };
        for s in segs {
            if s.brk && !f.text.is_empty() {
                f.text.push(' ');
            }
            f.text.push_str(&s.text);
            f.known &= s.known;
            f.glob |= s.glob;
            f.proc_sub = f.proc_sub.or(s.proc_sub);
            f.from = union(f.from, s.from);
        }
        f
    }

    fn segments(&mut self, parts: &[Part], env: &Env, ctx: &Ctx) -> Vec<Seg> {
        let mut segs = Vec::new();
        for p in parts {
            match p {
                Part::Lit(s) => segs.push(Seg {
                    text: s.clone(),
                    known: true,
                    split: false,
                    quoted: false,
                    glob: s.contains(['*', '?', '[']),
                    ..Seg::default()
                }),
                Part::Quoted(s) => {
                    segs.push(Seg { text: s.clone(), known: true, quoted: true, ..Seg::default() });
                }
                Part::Param(param) => {
                    let values = self.param(param, env, ctx);
                    for (i, f) in values.into_iter().enumerate() {
                        segs.push(Seg {
                            brk: i > 0,
                            text: f.text,
                            known: f.known,
                            split: !param.quoted,
                            quoted: param.quoted,
                            from: f.from,
                            ..Seg::default()
                        });
                    }
                }
                Part::Subst { script, quoted, raw } => {
                    let f = self.subst(script, raw, env, ctx);
                    segs.push(Seg {
                        text: f.text,
                        known: f.known,
                        split: !quoted,
                        quoted: *quoted,
                        from: f.from,
                        ..Seg::default()
                    });
                }
                Part::Arith { word, quoted } => {
                    let f = self.expand_single(word, env, ctx);
                    segs.push(Seg {
                        text: format!("$(({}))", f.text),
                        known: false,
                        quoted: *quoted,
                        from: f.from,
                        ..Seg::default()
                    });
                }
                Part::Proc { script, output, raw } => {
                    let label = if *output { ">()" } else { "<()" };
                    let stdin = if *output {
                        Stdin::Upstream(self.out.len(), self.out.len())
                    } else {
                        Stdin::Terminal
                    };
                    let c = ctx.nested(label, stdin);
                    let start = self.out.len();
                    let mut e = env.clone();
                    let last = self.script(script, &mut e, &c);
                    let output_text =
                        if *output { None } else { last.and_then(|i| self.static_output(i)) };
                    self.procs.push(ProcSub { output: output_text, cmds: (start, self.out.len()) });
                    segs.push(Seg {
                        text: raw.clone(),
                        known: true,
                        quoted: true,
                        proc_sub: Some(self.procs.len() - 1),
                        from: Some((start, self.out.len())),
                        ..Seg::default()
                    });
                }
            }
        }
        segs
    }

    fn param(&mut self, p: &Param, env: &Env, ctx: &Ctx) -> Vec<Field> {
        if let Some(w) = &p.index_word {
            // `${a[$(id)]}`: the subscript's substitutions run; the element is not known.
            let f = self.expand_single(w, env, ctx);
            return vec![Field { from: f.from, ..Field::unknown(p.raw.clone()) }];
        }
        let name = p.name.as_str();
        let value: Option<Vec<Field>> = match name {
            "@" | "*" => env.positional.clone(),
            "#" => env.positional.as_ref().map(|v| vec![Field::known(v.len().to_string())]),
            "0" => Some(vec![Field::known("sh")]),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().unwrap_or(0);
                env.positional
                    .as_ref()
                    .map(|v| vec![v.get(i.wrapping_sub(1)).cloned().unwrap_or_default_known()])
            }
            "?" | "$" | "!" | "-" => None,
            _ => match env.vars.get(name) {
                Some(Val::Scalar(f)) => match p.index.as_deref() {
                    None | Some("0" | "@" | "*") => Some(vec![f.clone()]),
                    Some(_) => None,
                },
                Some(Val::Array(items)) => match p.index.as_deref() {
                    Some("@" | "*") => Some(items.clone()),
                    None => Some(items.first().cloned().into_iter().collect()),
                    Some(i) => {
                        i.parse::<usize>().ok().map(|i| items.get(i).cloned().into_iter().collect())
                    }
                },
                None => match name {
                    "HOME" => Some(vec![Field::known("~")]),
                    "PWD" => env.cwd.clone().map(|c| vec![Field::known(c)]),
                    "TMPDIR" => Some(vec![Field::known("/tmp")]),
                    "IFS" => Some(vec![Field::known(" \t\n")]),
                    _ => None,
                },
            },
        };
        let value = value.map(|mut v| {
            // `"$*"` / `"${a[*]}"` join into one field.
            if p.quoted && (name == "*" || p.index.as_deref() == Some("*")) && v.len() > 1 {
                let joined = v.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" ");
                let known = v.iter().all(|f| f.known);
                v = vec![Field { text: joined, known, ..Field::default() }];
            }
            v
        });
        match &p.op {
            ParamOp::Plain => value.unwrap_or_else(|| vec![Field::unknown(p.raw.clone())]),
            ParamOp::Default(w) => match value {
                Some(v)
                    if v.iter().any(|f| !f.text.is_empty() || !f.known)
                        && v.iter().all(|f| f.known) =>
                {
                    v
                }
                _ => vec![self.expand_single(w, env, ctx)],
            },
            ParamOp::Length => match value {
                Some(v) if v.len() == 1 && v[0].known => {
                    vec![Field::known(v[0].text.chars().count().to_string())]
                }
                _ => vec![Field::unknown(p.raw.clone())],
            },
            ParamOp::Prompt => {
                // `${X@P}` runs the command substitutions in X's value: a value that may hold
                // one is code known only at run time (analysed too when it is known).
                let text = value
                    .filter(|v| v.iter().all(|f| f.known))
                    .map(|v| v.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" "));
                if text.as_deref().is_none_or(|t| t.contains(['$', '`'])) {
                    let c = ctx.nested("${…@P}", Stdin::Terminal);
                    let raw = Field::unknown(p.raw.clone());
                    let idx = self.push(
                        p.raw.clone(),
                        vec![raw],
                        Vec::new(),
                        Stdin::Terminal,
                        env,
                        &c,
                        Vec::new(),
                    );
                    if let Some(t) = text {
                        let mut e = env.clone();
                        let script = format!(": \"{}\"", t.replace('"', "\\\""));
                        self.script_text(&script, &mut e, &c, Some(idx));
                    }
                }
                vec![Field::unknown(p.raw.clone())]
            }
            ParamOp::Other(w) => {
                let f = self.expand_single(w, env, ctx);
                vec![Field { from: f.from, ..Field::unknown(p.raw.clone()) }]
            }
        }
    }

    fn subst(&mut self, script: &Script, raw: &str, env: &Env, ctx: &Ctx) -> Field {
        let label = if raw.starts_with('`') { "`…`" } else { "$()" };
        let c = ctx.nested(label, Stdin::Terminal);
        let start = self.out.len();
        let mut e = env.clone();
        let last = self.script(script, &mut e, &c);
        let range = Some((start, self.out.len()));
        match last.and_then(|i| self.static_output(i)) {
            Some(text) => Field {
                text: text.trim_end_matches('\n').to_owned(),
                known: true,
                from: range,
                ..Field::default()
            },
            None => Field { from: range, ..Field::unknown(raw) },
        }
    }

    fn redirs(&mut self, rs: &[Redir], env: &Env, ctx: &Ctx) -> (Vec<RedirInfo>, Option<Stdin>) {
        let mut out = Vec::new();
        let mut stdin = None;
        for r in rs {
            let target = match &r.target {
                RedirTarget::Word(w) | RedirTarget::Heredoc(w) => self.expand_single(w, env, ctx),
                RedirTarget::Pending(_) => Field::known(""),
            };
            let input_fd = r.fd.is_none_or(|f| f == 0);
            match r.op {
                "<<" | "<<-" if input_fd => {
                    stdin = Some(if target.known {
                        Stdin::Literal(target.text.clone())
                    } else {
                        Stdin::Upstream(0, 0)
                    });
                }
                "<<<" if input_fd => {
                    stdin = Some(if target.known {
                        Stdin::Literal(format!("{}\n", target.text))
                    } else {
                        Stdin::Upstream(
                            target.from.map_or(0, |r| r.0),
                            target.from.map_or(0, |r| r.1),
                        )
                    });
                }
                "<" | "<>" if input_fd => {
                    stdin = Some(if let Some(pi) = target.proc_sub {
                        match self.procs.get(pi) {
                            Some(ProcSub { output: Some(t), .. }) => Stdin::Literal(t.clone()),
                            Some(p) => Stdin::Upstream(p.cmds.0, p.cmds.1),
                            None => Stdin::Upstream(0, 0),
                        }
                    } else if target.known
                        && (target.text.starts_with("/dev/tcp/")
                            || target.text.starts_with("/dev/udp/"))
                    {
                        Stdin::Network
                    } else {
                        Stdin::File(target.clone())
                    });
                }
                "<&" if input_fd => {
                    if let Ok(fd) = target.text.parse::<u32>()
                        && env.net_fds.contains(&fd)
                    {
                        stdin = Some(Stdin::Network);
                    }
                }
                _ => {}
            }
            out.push(RedirInfo { fd: r.fd, op: r.op, target });
        }
        (out, stdin)
    }

    // -----------------------------------------------------------------------------------------
    // Builtins that change the shell state.

    fn effects(&mut self, argv: &[Field], stdin: &Stdin, redirs: &[RedirInfo], env: &mut Env) {
        let Some(first) = argv.first() else { return };
        if !first.known {
            return;
        }
        let prog = program_key(basename(&first.text));
        let args: Vec<Field> = argv[1..].to_vec();
        match prog.as_str() {
            "cd" | "pushd" => {
                let target = args.iter().find(|a| !a.text.starts_with('-') || a.text == "-");
                env.cwd = match target {
                    None => Some("~".to_owned()),
                    Some(t) if t.known && t.text != "-" => paths::join(env.cwd.as_deref(), &t.text),
                    Some(_) => None,
                };
            }
            "read" => {
                let mut names = Vec::new();
                let mut i = 0;
                while i < args.len() {
                    let a = &args[i].text;
                    if matches!(a.as_str(), "-p" | "-a" | "-d" | "-n" | "-N" | "-t" | "-u" | "-i") {
                        i += 2;
                        continue;
                    }
                    if !a.starts_with('-') {
                        names.push(a.clone());
                    }
                    i += 1;
                }
                let line = match stdin {
                    Stdin::Literal(t) => Some(t.lines().next().unwrap_or_default().to_owned()),
                    _ => None,
                };
                if names.is_empty() {
                    names.push("REPLY".to_owned());
                }
                let n = names.len();
                for (k, name) in names.iter().enumerate() {
                    let v = match &line {
                        Some(l) if n == 1 => Field::known(l.trim()),
                        Some(l) => {
                            let words: Vec<&str> = l.split_whitespace().collect();
                            if k + 1 == n {
                                Field::known(
                                    words.get(k..).map(|w| w.join(" ")).unwrap_or_default(),
                                )
                            } else {
                                Field::known(words.get(k).copied().unwrap_or_default())
                            }
                        }
                        None => Field::unknown(format!("${name}")),
                    };
                    env.set(name, Val::Scalar(v));
                }
            }
            "printf" => {
                if args.first().is_some_and(|a| a.text == "-v")
                    && let Some(name) = args.get(1)
                {
                    let rest = &args[2..];
                    let v = if rest.iter().all(|f| f.known) {
                        let texts: Vec<&str> = rest.iter().map(|f| f.text.as_str()).collect();
                        Field::known(printf(&texts))
                    } else {
                        Field::unknown(format!("${}", name.text))
                    };
                    env.set(&name.text, Val::Scalar(v));
                }
            }
            "unset" => {
                for a in args.iter().filter(|a| !a.text.starts_with('-')) {
                    env.set(&a.text, Val::Scalar(Field::known("")));
                }
            }
            "set" => {
                if let Some(pos) = args.iter().position(|a| a.text == "--") {
                    env.positional = Some(args[pos + 1..].to_vec());
                }
            }
            "shift" => {
                let n: usize = args.first().and_then(|a| a.text.parse().ok()).unwrap_or(1);
                if let Some(p) = env.positional.as_mut() {
                    p.drain(..n.min(p.len()));
                }
            }
            "exec" if args.is_empty() => {
                for r in redirs {
                    if (r.target.text.starts_with("/dev/tcp/")
                        || r.target.text.starts_with("/dev/udp/"))
                        && let Some(fd) = r.fd
                    {
                        env.net_fds.push(fd);
                    }
                }
            }
            "alias" => {
                for a in &args {
                    if let Some((n, v)) = a.text.split_once('=')
                        && a.known
                    {
                        self.aliases.insert(n.to_owned(), v.to_owned());
                    }
                }
            }
            "export" | "declare" | "typeset" | "local" | "readonly" => {
                // Declared names without a value become known empty only if unset; leave them.
            }
            _ => {}
        }
    }

    /// Remembers files written in this line whose content is known (a literal or a download).
    fn track_files(&mut self, idx: usize, env: &Env) {
        let Some(c) = self.out.get(idx) else { return };
        let Some(prog) = c.prog() else { return };
        let args: Vec<Field> = c.args().to_vec();
        let cwd = env.cwd.clone();
        let url = args.iter().find(|a| a.text.contains("://")).map(|a| a.text.clone());
        let fetcher =
            matches!(prog.as_str(), "curl" | "wget" | "fetch" | "http" | "https" | "xh" | "aria2c");
        let mut written: Vec<(String, Option<FileSrc>)> = Vec::new();
        for r in &c.redirs {
            if r.is_write() && r.fd.is_none_or(|f| f == 1) && r.target.known {
                let content = if fetcher {
                    url.clone().map(FileSrc::Remote)
                } else {
                    self.produced_text(idx).map(FileSrc::Literal)
                };
                written.push((r.target.text.clone(), content));
            }
        }
        let mut i = 0;
        while i < args.len() {
            let a = args[i].text.as_str();
            if fetcher {
                let out_file = match a {
                    "-o" | "--output" | "-O" | "--output-document"
                        if prog != "curl" || a != "-O" =>
                    {
                        args.get(i + 1).map(|f| f.text.clone())
                    }
                    _ if a.starts_with("--output=") || a.starts_with("--output-document=") => {
                        a.split_once('=').map(|(_, v)| v.to_owned())
                    }
                    _ if prog == "curl" && a.starts_with("-o") && a.len() > 2 => {
                        Some(a[2..].to_owned())
                    }
                    _ if prog == "curl"
                        && a.starts_with('-')
                        && !a.starts_with("--")
                        && a.ends_with('o')
                        && a.len() > 2 =>
                    {
                        args.get(i + 1).map(|f| f.text.clone())
                    }
                    _ => None,
                };
                if let Some(f) = out_file
                    && f != "-"
                {
                    written.push((f, url.clone().map(FileSrc::Remote)));
                }
            }
            i += 1;
        }
        if prog == "wget"
            && !args.iter().any(|a| {
                a.text.starts_with("-O")
                    || a.text.starts_with("--output-document")
                    || a.text == "--spider"
            })
            && let Some(u) = &url
        {
            let name =
                u.split(['?', '#']).next().unwrap_or(u).rsplit('/').next().unwrap_or("index.html");
            let name = if name.is_empty() { "index.html" } else { name };
            written.push((name.to_owned(), Some(FileSrc::Remote(u.clone()))));
        }
        if prog == "curl"
            && args.iter().any(|a| {
                a.text == "-O"
                    || a.text == "--remote-name"
                    || (a.text.starts_with('-')
                        && !a.text.starts_with("--")
                        && a.text.contains('O'))
            })
            && let Some(u) = &url
        {
            let name =
                u.split(['?', '#']).next().unwrap_or(u).rsplit('/').next().unwrap_or_default();
            if !name.is_empty() {
                written.push((name.to_owned(), Some(FileSrc::Remote(u.clone()))));
            }
        }
        if prog == "tee" {
            let content = match &c.stdin {
                Stdin::Literal(t) => Some(FileSrc::Literal(t.clone())),
                _ => None,
            };
            for a in args.iter().filter(|a| !a.text.starts_with('-') && a.known) {
                written.push((a.text.clone(), content.clone()));
            }
        }
        if matches!(prog.as_str(), "cp" | "mv" | "install") {
            let ops: Vec<&Field> = args.iter().filter(|a| !a.text.starts_with('-')).collect();
            if let [src, dst] = ops.as_slice() {
                let key = paths::join(cwd.as_deref(), &src.text);
                let content = key.and_then(|k| self.files.get(&k).cloned());
                written.push((dst.text.clone(), content));
            }
        }
        for (path, content) in written {
            if let Some(key) = paths::join(cwd.as_deref(), &path) {
                match content {
                    Some(c) => {
                        self.files.insert(key, c);
                    }
                    None => {
                        self.files.remove(&key);
                    }
                }
            }
        }
    }

    fn file_content(&self, cwd: Option<&str>, path: &str) -> Option<FileSrc> {
        paths::join(cwd, path).and_then(|k| self.files.get(&k).cloned())
    }

    // -----------------------------------------------------------------------------------------
    // Static evaluation of simple text producers.

    /// The output of command `idx` on its standard output when it is statically known.
    fn static_output(&self, idx: usize) -> Option<String> {
        let c = self.out.get(idx)?;
        if c.redirs.iter().any(|r| r.is_write() && r.fd.is_none_or(|f| f == 1)) {
            return None;
        }
        if let Some(&inner) = self.inner.get(&idx)
            && inner != idx
            && self.out.get(inner).is_some_and(|i| !i.extra_args)
        {
            return self.static_output(inner);
        }
        self.produced_text(idx)
    }

    /// The text command `idx` writes (to stdout or its redirection) when statically known.
    fn produced_text(&self, idx: usize) -> Option<String> {
        let c = self.out.get(idx)?;
        if c.argv.iter().any(|f| !f.known) {
            return None;
        }
        let prog = c.prog()?;
        let args: Vec<&str> = c.args().iter().map(|f| f.text.as_str()).collect();
        let stdin = match &c.stdin {
            Stdin::Literal(t) => Some(t.as_str()),
            _ => None,
        };
        match prog.as_str() {
            "echo" => Some(echo(&args)),
            "printf" if args.first() != Some(&"-v") => Some(printf(&args)),
            "cat" | "tee"
                if args.iter().all(|a| *a == "-" || (prog == "tee" && !a.starts_with('-'))) =>
            {
                stdin.map(str::to_owned)
            }
            "base64" if args.iter().any(|a| matches!(*a, "-d" | "--decode" | "-D")) => {
                let input = match args.iter().find(|a| !a.starts_with('-')) {
                    Some(_) => None,
                    None => stdin,
                }?;
                base64_decode(input)
            }
            "openssl"
                if args.contains(&"-d")
                    && args.iter().any(|a| matches!(*a, "base64" | "-base64" | "-a")) =>
            {
                base64_decode(stdin?)
            }
            "rev" if args.is_empty() => {
                Some(stdin?.lines().map(|l| l.chars().rev().collect::<String>() + "\n").collect())
            }
            "tr" if args.len() == 2 && !args[0].starts_with('-') => tr(args[0], args[1], stdin?),
            "xxd" if args.contains(&"-r") && args.contains(&"-p") => hex_decode(stdin?),
            _ => None,
        }
    }

    // -----------------------------------------------------------------------------------------
    // Unwrapping.

    fn unwrap(&mut self, idx: usize, env: &Env, ctx: &Ctx) {
        let Some(c) = self.out.get(idx) else { return };
        let argv = c.argv.clone();
        let stdin = c.stdin.clone();
        let cwd = c.cwd.clone();
        let Some(first) = argv.first() else { return };
        if !first.known {
            return;
        }
        if ctx.depth >= MAX_UNWRAP {
            if is_wrapper_like(&first.text) {
                self.note(idx, Note::Unparseable("wrappers nested too deeply".to_owned()));
            }
            return;
        }
        // Function calls.
        if let Some(f) = self.funcs.get(&first.text).cloned() {
            if let Some(c) = self.out.get_mut(idx) {
                c.simple.function = true;
            }
            let name = first.text.clone();
            self.called.insert(name.clone());
            if self.func_stack.contains(&name) {
                self.note(idx, Note::Recursive);
                if is_fork_bomb(&f) {
                    self.note(idx, Note::ForkBomb);
                }
                return;
            }
            if is_fork_bomb(&f) {
                self.note(idx, Note::ForkBomb);
            }
            let mut e = env.clone();
            e.positional = Some(argv[1..].to_vec());
            let c = ctx.nested(&format!("function {name}"), stdin);
            self.func_stack.push(name);
            self.command(&f.body, &mut e, &c);
            self.func_stack.pop();
            return;
        }
        let prog = program_key(basename(&first.text));
        let args = &argv[1..];
        let texts: Vec<&str> = args.iter().map(|f| f.text.as_str()).collect();
        let child = |label: &str| ctx.nested(label, stdin.clone());
        match prog.as_str() {
            "sudo" | "doas" | "pkexec" | "run0" => {
                let with_value = super::registry::value_opts(&prog);
                let mut i = skip_options(args, with_value);
                let shell_flag = args[..i].iter().any(|a| {
                    a.text == "-s"
                        || a.text == "-i"
                        || a.text == "--shell"
                        || a.text == "--login"
                        || (a.text.starts_with('-')
                            && !a.text.starts_with("--")
                            && (a.text.contains('s') || a.text.contains('i')))
                });
                // `sudo VAR=x cmd`.
                let mut assigns = Vec::new();
                while let Some(a) = args.get(i) {
                    match a.text.split_once('=') {
                        Some((n, v)) if parse::is_name(n) => {
                            assigns.push((n.to_owned(), Field { text: v.to_owned(), ..a.clone() }));
                            i += 1;
                        }
                        _ => break,
                    }
                }
                let mut c = child(&prog);
                c.root = true;
                if i >= args.len() {
                    if shell_flag || prog == "run0" {
                        self.note(idx, Note::RootShell);
                    }
                    return;
                }
                let mut e = env.clone();
                for (n, v) in assigns {
                    e.set(&n, Val::Scalar(v));
                }
                if shell_flag {
                    let text = join_raw(&args[i..]);
                    let label = format!("{prog} -s");
                    let mut c2 = ctx.nested(&label, stdin.clone());
                    c2.root = true;
                    self.script_text(&text, &mut e, &c2, Some(idx));
                } else {
                    self.walk_argv(args[i..].to_vec(), &e, &c, idx, false);
                }
            }
            "su" => {
                let mut i = 0;
                let mut script = None;
                let mut operands = 0;
                while i < args.len() {
                    let a = args[i].text.as_str();
                    if a == "-c" || a == "--command" {
                        script = args.get(i + 1).cloned();
                        i += 2;
                        continue;
                    }
                    if let Some(v) = a.strip_prefix("--command=") {
                        script = Some(Field { text: v.to_owned(), ..args[i].clone() });
                    } else if a == "-s"
                        || a == "--shell"
                        || a == "-g"
                        || a == "-G"
                        || a == "--group"
                    {
                        i += 2;
                        continue;
                    } else if !a.starts_with('-') {
                        operands += 1;
                    }
                    i += 1;
                }
                let _ = operands;
                let mut c = child("su -c");
                c.root = true;
                match script {
                    Some(s) if s.known => {
                        let mut e = env.clone();
                        self.script_text(&s.text, &mut e, &c, Some(idx));
                    }
                    Some(s) => self.note(idx, Note::Dynamic(s.from)),
                    None => self.note(idx, Note::RootShell),
                }
            }
            "env" => {
                let mut i = 0;
                let mut e = env.clone();
                let mut split: Option<Vec<Field>> = None;
                while i < args.len() {
                    let a = args[i].text.as_str();
                    if a == "--" {
                        i += 1;
                        break;
                    }
                    if a == "-S" || a == "--split-string" {
                        if let Some(s) = args.get(i + 1) {
                            // `env -S` honours quotes and backslashes (`-S 'sh -c "…"'`).
                            let words = shell_words::split(&s.text).unwrap_or_else(|_| {
                                s.text.split_whitespace().map(str::to_owned).collect()
                            });
                            split = Some(
                                words
                                    .into_iter()
                                    .map(|w| Field { text: w, known: s.known, ..Field::default() })
                                    .collect(),
                            );
                        }
                        i += 2;
                        break;
                    }
                    if let Some(s) = a
                        .strip_prefix("-S")
                        .filter(|s| !s.is_empty())
                        .or_else(|| a.strip_prefix("--split-string="))
                    {
                        let words = shell_words::split(s)
                            .unwrap_or_else(|_| s.split_whitespace().map(str::to_owned).collect());
                        split = Some(words.into_iter().map(Field::known).collect());
                        i += 1;
                        break;
                    }
                    if a == "-C" || a == "--chdir" {
                        if let Some(d) = args.get(i + 1) {
                            e.cwd =
                                if d.known { paths::join(e.cwd.as_deref(), &d.text) } else { None };
                        }
                        i += 2;
                        continue;
                    }
                    if a == "-u" || a == "--unset" {
                        i += 2;
                        continue;
                    }
                    if a.starts_with('-') && a.len() > 1 {
                        i += 1;
                        continue;
                    }
                    if let Some((n, v)) = a.split_once('=')
                        && parse::is_name(n)
                    {
                        e.set(n, Val::Scalar(Field { text: v.to_owned(), ..args[i].clone() }));
                        i += 1;
                        continue;
                    }
                    break;
                }
                let mut inner: Vec<Field> = split.unwrap_or_default();
                inner.extend(args.get(i..).unwrap_or_default().iter().cloned());
                if !inner.is_empty() {
                    let c = child("env");
                    self.walk_argv(inner, &e, &c, idx, false);
                }
            }
            "nohup" | "nice" | "ionice" | "timeout" | "time" | "stdbuf" | "setsid" | "chrt"
            | "taskset" | "command" | "builtin" | "exec" | "caffeinate" | "unbuffer" | "strace"
            | "ltrace" | "valgrind" | "firejail" | "proxychains" | "proxychains4" | "torsocks"
            | "xvfb-run" | "dbus-run-session" | "tini" | "dumb-init" | "numactl" | "catchsegv"
            | "systemd-run" | "flock" | "chroot" | "gosu" | "su-exec" | "sshpass" | "runuser"
            | "nsenter" | "unshare" | "bwrap" | "faketime" | "ccache" | "sccache" | "distcc"
            | "rlwrap" | "script" | "entr" | "watch" | "retry" | "with-contenv"
            | "s6-setuidgid" | "chpst" | "setpriv" | "chronic" | "cpulimit" | "fakeroot"
            | "ssh-agent" | "tsp" | "sg" => {
                self.generic_wrapper(idx, &prog, args, env, ctx, &stdin);
            }
            "xargs" | "parallel" => self.xargs(idx, &prog, args, env, ctx),
            "find" => self.find_exec(idx, args, env, ctx, &stdin),
            "fd" | "fdfind" => {
                if let Some(p) = args.iter().position(|a| {
                    matches!(a.text.as_str(), "-x" | "--exec" | "-X" | "--exec-batch")
                }) {
                    let mut inner: Vec<Field> =
                        args[p + 1..].iter().take_while(|a| a.text != ";").cloned().collect();
                    let placeholder = inner.iter().any(|a| a.text.contains('{'));
                    for a in &mut inner {
                        if a.text.contains("{}") || a.text.contains("{/}") || a.text.contains("{.}")
                        {
                            a.known = false;
                        }
                    }
                    let c = ctx.nested("fd -x", Stdin::Terminal);
                    if let Some(i) = self.walk_argv(inner, env, &c, idx, false)
                        && !placeholder
                    {
                        self.out[i].extra_args = true;
                    }
                }
            }
            "ssh" => {
                let with_value = super::registry::value_opts("ssh");
                for (k, a) in args.iter().enumerate() {
                    let v = if a.text == "-o" {
                        args.get(k + 1).map(|f| f.text.clone())
                    } else {
                        a.text.strip_prefix("-o").map(str::to_owned)
                    };
                    if let Some(opt) = v
                        && let Some((key, val)) = opt.split_once(['=', ' '])
                        && (key.eq_ignore_ascii_case("proxycommand")
                            || key.eq_ignore_ascii_case("localcommand"))
                    {
                        let mut e = env.clone();
                        let c = ctx.nested("ssh ProxyCommand", Stdin::Terminal);
                        self.script_text(val, &mut e, &c, Some(idx));
                    }
                }
                let i = skip_options(args, with_value);
                if args.len() > i + 1 {
                    let host = args[i].text.clone();
                    let rest = &args[i + 1..];
                    if rest.iter().all(|f| f.known) {
                        let text = join_raw(rest);
                        let mut e = Env::new();
                        e.cwd = Some("~".to_owned());
                        let c = child(&format!("ssh {host}"));
                        self.script_text(&text, &mut e, &c, Some(idx));
                    } else {
                        self.note(idx, Note::Dynamic(rest.iter().find_map(|f| f.from)));
                    }
                }
            }
            "eval" => {
                let rest: Vec<Field> = args.to_vec();
                if rest.is_empty() {
                    return;
                }
                if rest.iter().all(|f| f.known) {
                    let text = rest.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" ");
                    let mut e = env.clone();
                    let mut c = child("eval");
                    c.top = false;
                    self.script_text(&text, &mut e, &c, Some(idx));
                } else {
                    let from = rest
                        .iter()
                        .filter_map(|f| f.from)
                        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
                    self.note(idx, Note::Dynamic(from));
                }
            }
            "source" | "." => {
                let Some(file) = args.first() else { return };
                let positional =
                    if args.len() > 1 { Some(args[1..].to_vec()) } else { env.positional.clone() };
                self.run_script_source(
                    idx,
                    file,
                    env,
                    ctx,
                    "source",
                    positional.as_deref(),
                    &stdin,
                    cwd.as_deref(),
                    false,
                );
            }
            "trap" => {
                if args.len() >= 2
                    && !args[0].text.starts_with('-')
                    && args[0].text.parse::<i64>().is_err()
                {
                    if args[0].known {
                        let mut e = env.clone();
                        let c = child("trap");
                        self.script_text(&args[0].text, &mut e, &c, Some(idx));
                    } else {
                        self.note(idx, Note::Dynamic(args[0].from));
                    }
                }
            }
            "busybox" | "toybox" => {
                if !args.is_empty() {
                    let c = child(&prog);
                    self.walk_argv(args.to_vec(), env, &c, idx, false);
                }
            }
            "cmd" => {
                if let Some(p) = args.iter().position(|a| {
                    a.text.eq_ignore_ascii_case("/c") || a.text.eq_ignore_ascii_case("/k")
                }) {
                    let rest = &args[p + 1..];
                    if rest.iter().all(|f| f.known) {
                        let mut e = env.clone();
                        let c = child("cmd /c");
                        self.script_text(&join_raw(rest), &mut e, &c, Some(idx));
                    } else {
                        self.note(idx, Note::Dynamic(None));
                    }
                }
            }
            "powershell" | "pwsh" => {
                let mut k = 0;
                while k < args.len() {
                    let a = args[k].text.to_ascii_lowercase();
                    if a.starts_with("-e")
                        && "-encodedcommand".starts_with(a.as_str())
                        && a.len() >= 2
                        && a != "-executionpolicy"
                        && !a.starts_with("-ex")
                    {
                        self.note(idx, Note::Dynamic(None));
                        return;
                    }
                    if a == "-c" || (a.len() > 3 && "-command".starts_with(a.as_str())) {
                        let rest = &args[k + 1..];
                        if rest.iter().all(|f| f.known) {
                            let mut e = env.clone();
                            let c = child(&format!("{prog} -Command"));
                            self.script_text(&join_raw(rest), &mut e, &c, Some(idx));
                        } else {
                            self.note(idx, Note::Dynamic(None));
                        }
                        return;
                    }
                    if a == "-file" || a == "-f" {
                        if let Some(f) = args.get(k + 1) {
                            self.note(idx, Note::RunsFile(f.text.clone()));
                        }
                        return;
                    }
                    k += 1;
                }
            }
            p if is_shell(p) => self.shell(idx, p, args, env, ctx, &stdin, cwd.as_deref()),
            "iex" | "invoke-expression" => {
                if args.is_empty() {
                    self.run_stdin_script(idx, &prog, env, ctx, &stdin, None);
                } else if args.iter().all(|f| f.known) {
                    let mut e = env.clone();
                    let c = child("Invoke-Expression");
                    self.script_text(&join_raw(args), &mut e, &c, Some(idx));
                } else {
                    let from = args
                        .iter()
                        .filter_map(|f| f.from)
                        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
                    self.note(idx, Note::Dynamic(from));
                }
            }
            p if interpreter_lang(p).is_some() || p == "deno" || p == "bun" => {
                self.interpreter(idx, p, args, env, ctx, &stdin, cwd.as_deref());
            }
            "npx" | "pnpx" | "bunx" => {
                if let Some(p) = args.iter().position(|a| a.text == "-c" || a.text == "--call") {
                    if let Some(s) = args.get(p + 1) {
                        let mut e = env.clone();
                        let c = child(&prog);
                        self.script_text(&s.text, &mut e, &c, Some(idx));
                    }
                    return;
                }
                let i = skip_options(args, &["-p", "--package", "--node-options", "--shell"]);
                if let Some(pkg) = args.get(i) {
                    let mut inner = args[i..].to_vec();
                    inner[0] = Field { text: package_bin(&pkg.text), ..pkg.clone() };
                    let c = child(&prog);
                    self.walk_argv(inner, env, &c, idx, false);
                }
            }
            _ => {
                self.subcommand_wrapper(idx, &prog, args, &texts, env, ctx, &stdin, cwd.as_deref());
            }
        }
    }

    /// Walks an argument vector as a simple command nested under a wrapper; returns its index.
    fn walk_argv(
        &mut self,
        argv: Vec<Field>,
        env: &Env,
        ctx: &Ctx,
        owner: usize,
        _extra: bool,
    ) -> Option<usize> {
        if argv.is_empty() || self.out.len() >= MAX_COMMANDS {
            if self.out.len() >= MAX_COMMANDS {
                self.exhausted = true;
            }
            return None;
        }
        // `nohup VAR=x cmd` runs no program named `VAR=x` that anyone has; read the words as the
        // assignments they look like (as `time VAR=x cmd` and `env VAR=x cmd` make them).
        let mut argv = argv;
        let mut assigns: Vec<(String, Field)> = Vec::new();
        while argv.len() > 1
            && let Some((n, v)) = argv[0].text.split_once('=').filter(|(n, _)| parse::is_name(n))
        {
            assigns.push((n.to_owned(), Field { text: v.to_owned(), ..argv[0].clone() }));
            argv.remove(0);
        }
        let inner;
        let env = if assigns.is_empty() {
            env
        } else {
            let mut e = env.clone();
            for (n, v) in &assigns {
                e.set(n, Val::Scalar(v.clone()));
            }
            inner = e;
            &inner
        };
        let text = join_fields(&argv);
        let idx = self.push(text, argv, Vec::new(), ctx.stdin.clone(), env, ctx, assigns);
        if ctx.wrappers.last().is_some_and(|w| TRANSPARENT.contains(&w.as_str())) {
            self.inner.insert(owner, idx);
        }
        self.track_files(idx, env);
        self.unwrap(idx, env, ctx);
        Some(idx)
    }

    fn generic_wrapper(
        &mut self,
        idx: usize,
        prog: &str,
        args: &[Field],
        env: &Env,
        ctx: &Ctx,
        stdin: &Stdin,
    ) {
        // Which options take a value is the registry's knowledge; how many operands come
        // before the command (`timeout 5 cmd`, `flock FILE cmd`) is the wrapper's own.
        let with_value = super::registry::value_opts(prog);
        let skip = usize::from(matches!(
            prog,
            "chroot"
                | "chrt"
                | "faketime"
                | "flock"
                | "gosu"
                | "s6-setuidgid"
                | "sg"
                | "su-exec"
                | "taskset"
                | "timeout"
        ));
        let root = matches!(
            prog,
            "chroot"
                | "gosu"
                | "su-exec"
                | "runuser"
                | "nsenter"
                | "s6-setuidgid"
                | "chpst"
                | "setpriv"
        );
        // `command -v`, `command -V`: lookup only.
        if prog == "command"
            && args
                .iter()
                .take_while(|a| a.text.starts_with('-'))
                .any(|a| a.text.contains('v') || a.text.contains('V'))
        {
            self.note(idx, Note::Noexec);
            return;
        }
        // Options that carry a whole command line.
        let script_opt: &[&str] = match prog {
            "flock" | "runuser" | "sg" => &["-c", "--command"],
            "script" => &["-c", "--command"],
            _ => &[],
        };
        for (k, a) in args.iter().enumerate() {
            let cluster_c = prog == "script"
                && a.text.len() > 2
                && a.text.starts_with('-')
                && !a.text.starts_with("--")
                && a.text.ends_with('c');
            let val = if script_opt.contains(&a.text.as_str()) || cluster_c {
                args.get(k + 1).cloned()
            } else {
                a.text
                    .strip_prefix("--command=")
                    .filter(|_| !script_opt.is_empty())
                    .map(|v| Field { text: v.to_owned(), ..a.clone() })
            };
            if let Some(v) = val {
                let mut c = ctx.nested(&format!("{prog} -c"), stdin.clone());
                c.root |= root;
                if v.known {
                    let mut e = env.clone();
                    self.script_text(&v.text, &mut e, &c, Some(idx));
                } else {
                    self.note(idx, Note::Dynamic(v.from));
                }
                return;
            }
        }
        let mut i = skip_options(args, with_value);
        // `nice -10 cmd`, `timeout 30s cmd`: leading operands.
        i += skip.min(args.len().saturating_sub(i));
        if prog == "script" {
            return;
        }
        let rest = args.get(i..).unwrap_or_default();
        if rest.is_empty() {
            if root {
                self.note(idx, Note::RootShell);
            }
            return;
        }
        let mut c = ctx.nested(prog, stdin.clone());
        c.root |= root;
        let exec_direct = args[..i].iter().any(|a| a.text == "-x" || a.text == "--exec");
        if (prog == "watch" && !exec_direct)
            || (prog == "entr" && args[..i].iter().any(|a| a.text.contains('s')))
        {
            if rest.iter().all(|f| f.known) {
                let mut e = env.clone();
                let text = if prog == "entr" { rest[0].text.clone() } else { join_raw(rest) };
                self.script_text(&text, &mut e, &c, Some(idx));
            } else {
                self.note(idx, Note::Dynamic(None));
            }
            return;
        }
        self.walk_argv(rest.to_vec(), env, &c, idx, false);
    }

    fn xargs(&mut self, idx: usize, prog: &str, args: &[Field], env: &Env, ctx: &Ctx) {
        let with_value = super::registry::value_opts(prog);
        let i = skip_options(args, with_value);
        let replace =
            args[..i].windows(2).find(|w| w[0].text == "-I").map(|w| w[1].text.clone()).or_else(
                || {
                    args[..i].iter().find_map(|a| {
                        a.text
                            .strip_prefix("-i")
                            .map(|r| if r.is_empty() { "{}".to_owned() } else { r.to_owned() })
                    })
                },
            );
        let mut inner: Vec<Field> = args.get(i..).unwrap_or_default().to_vec();
        let mut literal_args: Vec<Field> = Vec::new();
        if prog == "parallel"
            && let Some(p) = inner.iter().position(|a| a.text == ":::" || a.text == "::::")
        {
            literal_args = inner[p + 1..].iter().filter(|a| a.text != ":::").cloned().collect();
            inner.truncate(p);
        }
        if prog == "parallel" && inner.is_empty() {
            // With no command, GNU parallel runs each argument (or input line) as a command.
            for a in &literal_args {
                self.script_field(idx, a, "parallel :::", env, ctx);
            }
            if literal_args.is_empty() {
                self.note(idx, Note::RunsStdin);
            }
            return;
        }
        if inner.is_empty() {
            inner.push(Field::known("echo"));
        }
        let placeholder = replace.clone().unwrap_or_else(|| "{}".to_owned());
        let mut has_placeholder = false;
        for a in &mut inner {
            if a.text.contains(&placeholder) && (replace.is_some() || prog == "parallel") {
                has_placeholder = true;
                if literal_args.len() == 1 {
                    a.text = a.text.replace(&placeholder, &literal_args[0].text);
                } else {
                    a.known = false;
                }
            }
        }
        if !has_placeholder {
            inner.extend(literal_args.iter().cloned());
        }
        let c = ctx.nested(prog, Stdin::Terminal);
        if let Some(k) = self.walk_argv(inner, env, &c, idx, true)
            && !has_placeholder
            && literal_args.is_empty()
            && let Some(cmd) = self.out.get_mut(k)
        {
            cmd.extra_args = true;
        }
    }

    fn find_exec(&mut self, idx: usize, args: &[Field], env: &Env, ctx: &Ctx, _stdin: &Stdin) {
        let info = find_info(args);
        let root_sub = if !info.restrictive && !info.mindepth && info.roots.len() == 1 {
            info.roots.first().cloned()
        } else {
            None
        };
        // `find DIR -name NAME -exec … {}`: every match is a `DIR/…/NAME`, so `DIR/NAME` stands
        // for all of them (a glob NAME stays a glob).
        let name_sub = match (&info.only_name, info.roots.as_slice()) {
            (Some(n), [r]) if r.known && root_sub.is_none() => {
                Some(format!("{}/{n}", r.text.trim_end_matches('/')))
            }
            _ => None,
        };
        for (kind, start, end) in info.execs {
            let mut inner: Vec<Field> = args[start..end].to_vec();
            let plus = args.get(end).is_some_and(|a| a.text == "+") && name_sub.is_none();
            for a in &mut inner {
                if a.text.contains("{}") {
                    match (&root_sub, &name_sub) {
                        (Some(r), _) if r.known => a.text = a.text.replace("{}", &r.text),
                        (None, Some(n)) => {
                            a.glob |= n.contains(['*', '?', '[']);
                            a.text = a.text.replace("{}", n);
                        }
                        _ => a.known = false,
                    }
                }
            }
            let label = format!("find {kind}");
            let c = ctx.nested(&label, Stdin::Terminal);
            let mut e = env.clone();
            if kind.contains("dir") {
                e.cwd = None;
            }
            if let Some(k) = self.walk_argv(inner, &e, &c, idx, plus)
                && plus
                && let Some(cmd) = self.out.get_mut(k)
            {
                cmd.extra_args = true;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn shell(
        &mut self,
        idx: usize,
        prog: &str,
        args: &[Field],
        env: &Env,
        ctx: &Ctx,
        stdin: &Stdin,
        cwd: Option<&str>,
    ) {
        let mut i = 0;
        let mut has_c = false;
        let mut noexec = false;
        let mut read_stdin = false;
        while i < args.len() {
            let a = args[i].text.as_str();
            if a == "--" {
                i += 1;
                break;
            }
            if matches!(
                a,
                "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file" | "--init-command" | "-C"
            ) {
                i += 2;
                continue;
            }
            if let Some(flags) =
                a.strip_prefix('-').filter(|f| !f.starts_with('-') && !f.is_empty())
            {
                has_c |= flags.contains('c');
                noexec |= flags.contains('n') && !flags.contains('c');
                read_stdin |= flags.contains('s');
                i += 1;
                continue;
            }
            if a.starts_with("--") {
                if a == "--command" {
                    has_c = true;
                }
                i += 1;
                continue;
            }
            if a.starts_with('+') {
                i += 1;
                continue;
            }
            break;
        }
        if noexec {
            self.note(idx, Note::Noexec);
            return;
        }
        let label_c = format!("{prog} -c");
        if has_c {
            let Some(script) = args.get(i) else { return };
            let positional = args.get(i + 2..).map(<[Field]>::to_vec).or(Some(Vec::new()));
            if script.known {
                let mut e = env.clone();
                e.positional = positional;
                let c = ctx.nested(&label_c, stdin.clone());
                self.script_text(&script.text, &mut e, &c, Some(idx));
            } else {
                self.note(idx, Note::Dynamic(script.from));
            }
            return;
        }
        if !read_stdin && let Some(file) = args.get(i) {
            let positional = Some(&args[i + 1..]);
            self.run_script_source(idx, file, env, ctx, prog, positional, stdin, cwd, true);
            return;
        }
        self.run_stdin_script(idx, prog, env, ctx, stdin, None);
    }

    /// A shell or interpreter executing its standard input.
    fn run_stdin_script(
        &mut self,
        idx: usize,
        prog: &str,
        env: &Env,
        ctx: &Ctx,
        stdin: &Stdin,
        lang: Option<Lang>,
    ) {
        match stdin {
            Stdin::Terminal => {}
            Stdin::Literal(t) => {
                if ctx.piped || self.out.get(idx).is_some_and(|c| c.piped) {
                    self.note(idx, Note::RunsStdin);
                }
                let label = format!("{prog} (stdin)");
                match lang {
                    None => {
                        let mut e = env.clone();
                        let c = ctx.nested(&label, Stdin::Terminal);
                        self.script_text(t, &mut e, &c, Some(idx));
                    }
                    Some(l) => self.inline_code(idx, l, &t.clone(), env, ctx),
                }
            }
            _ => self.note(idx, Note::RunsStdin),
        }
    }

    /// Runs a script given as a file operand (`sh x.sh`, `source x`, `python3 <(…)`).
    #[allow(clippy::too_many_arguments)]
    fn run_script_source(
        &mut self,
        idx: usize,
        file: &Field,
        env: &Env,
        ctx: &Ctx,
        prog: &str,
        positional: Option<&[Field]>,
        _stdin: &Stdin,
        cwd: Option<&str>,
        runs: bool,
    ) {
        let lang = interpreter_lang(prog);
        let run_text = |w: &mut Walker, text: &str, label: String| {
            if let Some(l) = lang {
                w.inline_code(idx, l, text, env, ctx);
            } else {
                let mut e = env.clone();
                e.positional = positional.map(<[Field]>::to_vec);
                let c = ctx.nested(&label, Stdin::Terminal);
                w.script_text(text, &mut e, &c, Some(idx));
            }
        };
        if file.text == "-" {
            let stdin = self.out.get(idx).map_or(Stdin::Terminal, |c| c.stdin.clone());
            self.run_stdin_script(idx, prog, env, ctx, &stdin, lang);
            return;
        }
        if let Some(pi) = file.proc_sub {
            match self.procs.get(pi).cloned() {
                Some(ProcSub { output: Some(t), .. }) => run_text(self, &t, format!("{prog} <()")),
                Some(p) => self.note(idx, Note::Dynamic(Some(p.cmds))),
                None => self.note(idx, Note::Dynamic(None)),
            }
            return;
        }
        if !file.known {
            self.note(idx, Note::Dynamic(file.from));
            return;
        }
        if file.text.starts_with("http://") || file.text.starts_with("https://") {
            self.note(idx, Note::RunsRemote(file.text.clone()));
            return;
        }
        match self.file_content(cwd, &file.text) {
            Some(FileSrc::Literal(t)) => run_text(self, &t, format!("{prog} {}", file.text)),
            Some(FileSrc::Remote(url)) => self.note(idx, Note::RunsRemote(url)),
            None => {
                if file.text.starts_with("/dev/fd/") || file.text == "/dev/stdin" {
                    let stdin = self.out.get(idx).map_or(Stdin::Terminal, |c| c.stdin.clone());
                    self.run_stdin_script(idx, prog, env, ctx, &stdin, lang);
                } else if runs {
                    self.note(idx, Note::RunsFile(file.text.clone()));
                } else {
                    self.note(idx, Note::Sources(file.text.clone()));
                }
            }
        }
    }

    /// Scans inline interpreter code and walks the commands it would run.
    fn inline_code(&mut self, idx: usize, lang: Lang, code: &str, env: &Env, ctx: &Ctx) {
        self.reparsed += code.len();
        if self.reparsed > MAX_REPARSE {
            self.exhausted = true;
            return;
        }
        let scan = code::scan(lang, code);
        let label = format!("{} code", lang.name());
        let c = ctx.nested(&label, Stdin::Terminal);
        for s in &scan.shell_strings {
            let mut e = env.clone();
            self.script_text(s, &mut e, &c, Some(idx));
        }
        for argv in &scan.argvs {
            let fields: Vec<Field> = argv.iter().map(|a| Field::known(a.clone())).collect();
            self.walk_argv(fields, env, &c, idx, false);
        }
        for (path, recursive) in &scan.deletes {
            let mut argv = vec![Field::known("rm")];
            if *recursive {
                argv.push(Field::known("-rf"));
            } else {
                argv.push(Field::known("-f"));
            }
            argv.push(match path {
                Some(p) => Field::known(p.clone()),
                None => Field::unknown("<computed path>"),
            });
            self.walk_argv(argv, env, &c, idx, false);
        }
        if let Some(cmd) = self.out.get_mut(idx) {
            cmd.code = Some((lang, scan));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn interpreter(
        &mut self,
        idx: usize,
        prog: &str,
        args: &[Field],
        env: &Env,
        ctx: &Ctx,
        stdin: &Stdin,
        cwd: Option<&str>,
    ) {
        let lang = interpreter_lang(prog).unwrap_or(Lang::Js);
        let mut code: Vec<String> = Vec::new();
        let mut dynamic = None;
        let mut i = 0;
        let mut operand: Option<usize> = None;
        let mut module: Option<usize> = None;
        let value_opts: &[&str] = match lang {
            Lang::Python => &["-W", "-X", "--check-hash-based-pycs"],
            Lang::Js => &[
                "-r",
                "--require",
                "--import",
                "--loader",
                "--experimental-loader",
                "-C",
                "--conditions",
                "--input-type",
                "--env-file",
                "--title",
            ],
            Lang::Ruby => &["-r", "-I", "-C", "-E", "-F", "-K", "-T", "-x"],
            Lang::Lua => &["-l"],
            Lang::AppleScript => &["-l"],
            Lang::Awk => &[
                "-F",
                "-v",
                "-f",
                "-i",
                "-l",
                "-W",
                "--field-separator",
                "--assign",
                "--file",
                "--include",
                "--load",
            ],
            Lang::Php => &["-c", "-d", "-z", "-t", "-S"],
            _ => &[],
        };
        let code_flags: &[&str] = match lang {
            Lang::Python => &["-c"],
            Lang::Js => &["-e", "--eval", "-p", "--print"],
            Lang::Perl => &["-e", "-E"],
            Lang::Ruby | Lang::Lua | Lang::R | Lang::AppleScript => &["-e"],
            Lang::Php => &["-r"],
            Lang::Awk => &[],
        };
        // deno / bun subcommands.
        if prog == "deno" || prog == "bun" {
            let sub = args.first().map(|a| a.text.as_str()).unwrap_or_default();
            match sub {
                "eval" => {
                    let k =
                        1 + skip_options(&args[1..], &["--ext", "--import-map", "--config", "-c"]);
                    match args.get(k) {
                        Some(f) if f.known => code.push(f.text.clone()),
                        Some(f) => dynamic = Some(f.from),
                        None => {}
                    }
                    i = args.len();
                }
                "run" => {
                    let k = 1 + skip_options(
                        &args[1..],
                        &[
                            "--config",
                            "-c",
                            "--import-map",
                            "--env-file",
                            "--cert",
                            "--location",
                            "--seed",
                            "--v8-flags",
                        ],
                    );
                    operand = (k < args.len()).then_some(k);
                    i = args.len();
                }
                "x" => {
                    if args.len() > 1 {
                        let mut inner = args[1..].to_vec();
                        inner[0] = Field { text: package_bin(&inner[0].text), ..inner[0].clone() };
                        let c = ctx.nested(&format!("{prog} x"), stdin.clone());
                        self.walk_argv(inner, env, &c, idx, false);
                    }
                    return;
                }
                s if !s.starts_with('-') && !s.is_empty() && prog == "deno" => return,
                s if !s.starts_with('-') && !s.is_empty() && prog == "bun" && !s.contains('.') => {
                    return;
                }
                _ => {}
            }
        }
        while i < args.len() {
            let a = args[i].text.as_str();
            if a == "--" {
                i += 1;
                break;
            }
            if code_flags.contains(&a) {
                match args.get(i + 1) {
                    Some(f) if f.known => code.push(f.text.clone()),
                    Some(f) => dynamic = Some(f.from),
                    None => {}
                }
                i += 2;
                if lang == Lang::Python {
                    break;
                }
                continue;
            }
            if let Some(v) = a.strip_prefix("--eval=").or_else(|| a.strip_prefix("--print=")) {
                code.push(v.to_owned());
                i += 1;
                continue;
            }
            if lang == Lang::Python && a == "-m" {
                module = Some(i + 1);
                break;
            }
            if value_opts.contains(&a) {
                i += 2;
                continue;
            }
            if a.starts_with('-') && a.len() > 1 {
                let flags = &a[1..];
                match lang {
                    Lang::Perl => {
                        // A cluster such as `-le`, `-ne`, `-pi.bak`, `-Mstrict`, `-e'code'`.
                        let chars: Vec<char> = flags.chars().collect();
                        let mut k = 0;
                        let mut took_next = false;
                        while k < chars.len() {
                            match chars[k] {
                                'e' | 'E' => {
                                    let rest: String = chars[k + 1..].iter().collect();
                                    if rest.is_empty() {
                                        match args.get(i + 1) {
                                            Some(f) if f.known => code.push(f.text.clone()),
                                            Some(f) => dynamic = Some(f.from),
                                            None => {}
                                        }
                                        took_next = true;
                                    } else {
                                        code.push(rest);
                                    }
                                    break;
                                }
                                'M' | 'm' | 'I' | 'x' | 'i' | 'C' | 'd' | 'D' | 'l' | '0' | 'V' => {
                                    break;
                                }
                                _ => k += 1,
                            }
                        }
                        i += if took_next { 2 } else { 1 };
                        continue;
                    }
                    Lang::Python
                        if flags.ends_with('c')
                            && flags.chars().all(|c| c.is_ascii_alphabetic()) =>
                    {
                        match args.get(i + 1) {
                            Some(f) if f.known => code.push(f.text.clone()),
                            Some(f) => dynamic = Some(f.from),
                            None => {}
                        }
                        i += 2;
                        break;
                    }
                    Lang::Python if flags.starts_with('c') && flags.len() > 1 => {
                        code.push(flags[1..].to_owned());
                        i += 1;
                        break;
                    }
                    Lang::Ruby if flags.starts_with('e') && flags.len() > 1 => {
                        code.push(flags[1..].to_owned());
                        i += 1;
                        continue;
                    }
                    _ => {
                        i += 1;
                        continue;
                    }
                }
            }
            break;
        }
        if lang == Lang::Awk && code.is_empty() && operand.is_none() {
            let uses_file = args.iter().any(|a| a.text == "-f" || a.text == "--file");
            if !uses_file && let Some(p) = args.get(i) {
                if p.known {
                    code.push(p.text.clone());
                } else {
                    dynamic = Some(p.from);
                }
            }
            if code.is_empty() && dynamic.is_none() {
                return;
            }
        }
        if let Some(m) = module {
            if args.get(m).is_some() {
                let c = ctx.nested(&format!("{prog} -m"), stdin.clone());
                self.walk_argv(args[m..].to_vec(), env, &c, idx, false);
            }
            return;
        }
        if let Some(from) = dynamic {
            self.note(idx, Note::Dynamic(from));
        }
        if !code.is_empty() {
            let joined = code.join("\n");
            self.inline_code(idx, lang, &joined, env, ctx);
            return;
        }
        if dynamic.is_some() {
            return;
        }
        let operand = operand.or_else(|| (i < args.len()).then_some(i));
        match operand.and_then(|k| args.get(k)) {
            Some(file) => {
                let file = file.clone();
                let positional = args.get(operand.unwrap_or(0) + 1..);
                self.run_script_source(idx, &file, env, ctx, prog, positional, stdin, cwd, true);
            }
            None => self.run_stdin_script(idx, prog, env, ctx, stdin, Some(lang)),
        }
    }

    /// Wrappers recognised by a subcommand (`uv run`, `docker exec`, `git submodule foreach`, …)
    /// and programs with a command-carrying option (`tar --to-command`, `nc -e`, …).
    #[allow(clippy::too_many_arguments)]
    fn subcommand_wrapper(
        &mut self,
        idx: usize,
        prog: &str,
        args: &[Field],
        texts: &[&str],
        env: &Env,
        ctx: &Ctx,
        stdin: &Stdin,
        cwd: Option<&str>,
    ) {
        let sub = texts.first().copied().unwrap_or_default();
        let after_dashdash =
            || texts.iter().position(|t| *t == "--").map(|p| args[p + 1..].to_vec());
        let mut inner: Option<(Vec<Field>, String)> = None;
        let mut script: Option<(Field, String)> = None;
        match (prog, sub) {
            (
                "uv" | "poetry" | "pipenv" | "pdm" | "hatch" | "rye" | "pixi" | "conda" | "devbox"
                | "mamba" | "micromamba" | "op" | "doppler" | "infisical" | "dotenvx",
                "run",
            )
            | (
                "bundle" | "mise" | "asdf" | "rbenv" | "pyenv" | "nodenv" | "goenv" | "aws-vault"
                | "direnv",
                "exec",
            )
            | ("mise", "x")
            | ("npm", "exec" | "x")
            | ("pnpm" | "yarn", "exec" | "dlx")
            | ("nix", "develop" | "shell") => {
                if let Some(a) = after_dashdash() {
                    inner = Some((a, format!("{prog} {sub}")));
                } else if let Some(p) = texts.iter().position(|t| *t == "-c" || *t == "--command")
                    && matches!(prog, "nix" | "doppler")
                {
                    // Only these wrappers take `-c` themselves; elsewhere it belongs to the
                    // inner command (`bundle exec sh -c '…'` is analysed as `sh -c '…'`).
                    if let Some(f) = args.get(p + 1) {
                        if prog == "doppler" {
                            script = Some((f.clone(), format!("{prog} {sub} --command")));
                        } else {
                            inner = Some((args[p + 1..].to_vec(), format!("{prog} {sub} -c")));
                        }
                    }
                } else if prog != "nix" {
                    let with_value: &[&str] = &[
                        "--with",
                        "--python",
                        "-p",
                        "--project",
                        "--directory",
                        "--group",
                        "--extra",
                        "--env-file",
                        "--package",
                        "--index",
                        "--from",
                        "-n",
                        "--name",
                        "--prefix",
                        "-e",
                        "--environment",
                        "--config",
                        "-w",
                        "--workspace",
                        "--filter",
                        "-F",
                    ];
                    let mut k = 1 + skip_options(&args[1..], with_value);
                    if matches!(prog, "aws-vault" | "direnv") {
                        k += 1;
                    }
                    if k < args.len() {
                        let mut v = args[k..].to_vec();
                        if matches!(sub, "dlx" | "exec" | "x")
                            && matches!(prog, "npm" | "pnpm" | "yarn" | "mise")
                        {
                            v[0] = Field { text: package_bin(&v[0].text), ..v[0].clone() };
                        }
                        inner = Some((v, format!("{prog} {sub}")));
                    }
                }
            }
            ("nix-shell", _) => {
                if let Some(p) = texts.iter().position(|t| *t == "--run" || *t == "--command")
                    && let Some(f) = args.get(p + 1)
                {
                    script = Some((f.clone(), "nix-shell --run".to_owned()));
                }
            }
            ("dotenv", _) => {
                if let Some(a) = after_dashdash() {
                    inner = Some((a, "dotenv".to_owned()));
                }
            }
            ("docker" | "podman" | "nerdctl", _) => {
                let (k, label) = if sub == "exec" {
                    (1, format!("{prog} exec"))
                } else if sub == "container" && texts.get(1) == Some(&"exec") {
                    (2, format!("{prog} exec"))
                } else if sub == "compose" && matches!(texts.get(1), Some(&("exec" | "run"))) {
                    (2, format!("{prog} compose {}", texts[1]))
                } else {
                    (usize::MAX, String::new())
                };
                if k != usize::MAX && k <= args.len() {
                    let rest = &args[k..];
                    let j = skip_options(
                        rest,
                        &[
                            "-e",
                            "--env",
                            "--env-file",
                            "-u",
                            "--user",
                            "-w",
                            "--workdir",
                            "--detach-keys",
                            "--index",
                            "-v",
                            "--volume",
                            "-p",
                            "--publish",
                            "--name",
                            "--entrypoint",
                            "-l",
                            "--label",
                        ],
                    );
                    if j + 1 < rest.len() {
                        inner = Some((rest[j + 1..].to_vec(), label));
                    }
                }
            }
            ("docker-compose", "exec" | "run") => {
                let rest = &args[1..];
                let j = skip_options(
                    rest,
                    &[
                        "-e",
                        "--env",
                        "-u",
                        "--user",
                        "-w",
                        "--workdir",
                        "--index",
                        "-v",
                        "--volume",
                        "-p",
                        "--publish",
                        "--name",
                        "--entrypoint",
                    ],
                );
                if j + 1 < rest.len() {
                    inner = Some((rest[j + 1..].to_vec(), format!("docker-compose {sub}")));
                }
            }
            ("kubectl" | "oc", _) if texts.contains(&"exec") => {
                if let Some(a) = after_dashdash() {
                    inner = Some((a, format!("{prog} exec")));
                }
            }
            ("git", _) => {
                // `git [-C dir] [-c k=v] submodule foreach …`, filter-branch filters, rebase --exec.
                let k = skip_options(
                    args,
                    &[
                        "-C",
                        "-c",
                        "--git-dir",
                        "--work-tree",
                        "--namespace",
                        "--exec-path",
                        "--config-env",
                    ],
                );
                let s = texts.get(k).copied().unwrap_or_default();
                // `-c core.pager='sh -c …'`, `-c alias.x='!cmd'`: values git hands to a shell.
                for (j, t) in texts.iter().enumerate().take(k) {
                    let Some(f) = args.get(j + 1).filter(|_| *t == "-c") else { continue };
                    let Some((key, v)) = f.text.split_once('=') else { continue };
                    let key = key.to_ascii_lowercase();
                    let cmd = if key.starts_with("alias.") || key.starts_with("credential.") {
                        v.trim_start().strip_prefix('!')
                    } else if key.starts_with("pager.")
                        || matches!(
                            key.as_str(),
                            "core.pager"
                                | "core.editor"
                                | "sequence.editor"
                                | "core.sshcommand"
                                | "core.fsmonitor"
                                | "diff.external"
                        )
                    {
                        Some(v)
                    } else {
                        None
                    };
                    if let Some(cmd) = cmd {
                        let f = Field { text: cmd.to_owned(), ..f.clone() };
                        self.script_field(idx, &f, &format!("git -c {key}"), env, ctx);
                    }
                }
                let rest = &args[(k + 1).min(args.len())..];
                let rest_t: Vec<&str> = rest.iter().map(|f| f.text.as_str()).collect();
                match s {
                    "submodule" if rest_t.contains(&"foreach") => {
                        let p = rest_t.iter().position(|t| *t == "foreach").unwrap_or(0);
                        let q = p + 1 + skip_options(&rest[p + 1..], &[]);
                        if q < rest.len() {
                            script = Some((
                                Field {
                                    text: join_raw(&rest[q..]),
                                    known: rest[q..].iter().all(|f| f.known),
                                    ..Field::default()
                                },
                                "git submodule foreach".to_owned(),
                            ));
                        }
                    }
                    "filter-branch" | "rebase" | "bisect" => {
                        for (j, t) in rest_t.iter().enumerate() {
                            let is_filter = t.starts_with("--") && t.ends_with("-filter");
                            if (is_filter || *t == "--exec" || *t == "-x")
                                && let Some(f) = rest.get(j + 1)
                            {
                                let mut e = env.clone();
                                let c = ctx.nested(&format!("git {s} {t}"), Stdin::Terminal);
                                if f.known {
                                    self.script_text(&f.text, &mut e, &c, Some(idx));
                                } else {
                                    self.note(idx, Note::Dynamic(f.from));
                                }
                            }
                        }
                        if s == "bisect" && rest_t.first() == Some(&"run") && rest.len() > 1 {
                            inner = Some((rest[1..].to_vec(), "git bisect run".to_owned()));
                        }
                    }
                    _ => {}
                }
            }
            ("tar" | "gtar" | "bsdtar", _) => {
                for (j, t) in texts.iter().enumerate() {
                    let v = if let Some(v) = t
                        .strip_prefix("--to-command=")
                        .or_else(|| t.strip_prefix("--use-compress-program="))
                        .or_else(|| t.strip_prefix("--checkpoint-action=exec="))
                    {
                        Some(Field { text: v.to_owned(), ..args[j].clone() })
                    } else if matches!(*t, "--to-command" | "-I" | "--use-compress-program") {
                        args.get(j + 1).cloned()
                    } else {
                        None
                    };
                    if let Some(v) = v {
                        script = Some((v, format!("tar {}", t.split('=').next().unwrap_or(t))));
                    }
                }
            }
            ("rsync", _) => {
                for (j, t) in texts.iter().enumerate() {
                    let v = if let Some(v) = t.strip_prefix("--rsh=") {
                        Some(Field { text: v.to_owned(), ..args[j].clone() })
                    } else if *t == "-e" || *t == "--rsh" {
                        args.get(j + 1).cloned()
                    } else {
                        None
                    };
                    if let Some(v) = v
                        && !v.text.trim_start().starts_with("ssh")
                    {
                        script = Some((v, "rsync -e".to_owned()));
                    }
                }
            }
            ("socat", _) => {
                for a in args {
                    let upper = a.text.to_ascii_uppercase();
                    for key in ["EXEC:", "SYSTEM:"] {
                        if let Some(pos) = upper.find(key) {
                            let body = a.text[pos + key.len()..]
                                .split(',')
                                .next()
                                .unwrap_or_default()
                                .to_owned();
                            script = Some((
                                Field { text: body, ..a.clone() },
                                format!("socat {}", key.trim_end_matches(':')),
                            ));
                        }
                    }
                }
            }
            ("nc" | "ncat" | "netcat" | "nc.traditional" | "nc.openbsd", _) => {
                for (j, t) in texts.iter().enumerate() {
                    if matches!(*t, "-e" | "--exec") {
                        if let Some(f) = args.get(j + 1) {
                            inner = Some((vec![f.clone()], format!("{prog} -e")));
                        }
                    } else if matches!(*t, "-c" | "--sh-exec")
                        && let Some(f) = args.get(j + 1)
                    {
                        script = Some((f.clone(), format!("{prog} -c")));
                    }
                }
            }
            ("at" | "batch", _) => {
                if let Stdin::Literal(t) = stdin {
                    script = Some((Field::known(t.clone()), prog.to_owned()));
                }
            }
            ("crontab", _) => {
                let file_operand = args.iter().any(|a| !a.text.starts_with('-'));
                if !file_operand && let Stdin::Literal(t) = stdin {
                    let mut lines = Vec::new();
                    for line in t.lines() {
                        let l = line.trim();
                        if l.is_empty() || l.starts_with('#') {
                            continue;
                        }
                        let mut words = l.split_whitespace();
                        let skip = if l.starts_with('@') { 1 } else { 5 };
                        for _ in 0..skip {
                            words.next();
                        }
                        let rest: Vec<&str> = words.collect();
                        if !rest.is_empty() {
                            lines.push(rest.join(" "));
                        }
                    }
                    if !lines.is_empty() {
                        script = Some((Field::known(lines.join("\n")), "crontab".to_owned()));
                    }
                }
            }
            ("hyperfine", _) => {
                let mut j = 0;
                while j < args.len() {
                    let t = texts[j];
                    if matches!(
                        t,
                        "-p" | "--prepare" | "-c" | "--cleanup" | "-s" | "--setup" | "--conclude"
                    ) {
                        if let Some(f) = args.get(j + 1).cloned() {
                            self.script_field(idx, &f, "hyperfine", env, ctx);
                        }
                        j += 2;
                        continue;
                    }
                    if t.starts_with('-') {
                        j += if t.contains('=')
                            || matches!(
                                t,
                                "-N" | "--shell=none"
                                    | "-i"
                                    | "--ignore-failure"
                                    | "--show-output"
                                    | "--style"
                            ) {
                            1
                        } else {
                            2
                        };
                        continue;
                    }
                    let f = args[j].clone();
                    self.script_field(idx, &f, "hyperfine", env, ctx);
                    j += 1;
                }
            }
            ("watchexec", _) => {
                if let Some(a) = after_dashdash() {
                    script = Some((
                        Field {
                            text: join_raw(&a),
                            known: a.iter().all(|f| f.known),
                            ..Field::default()
                        },
                        "watchexec".to_owned(),
                    ));
                }
            }
            ("make" | "gmake", _) => {
                // The recipes of a makefile whose text is known: written earlier in the line
                // (`echo 'all:; …' > Makefile && make`) or given on standard input.
                let named = texts.iter().enumerate().find_map(|(i, t)| match *t {
                    "-f" | "--file" | "--makefile" => texts.get(i + 1).copied(),
                    _ => t
                        .strip_prefix("--file=")
                        .or_else(|| t.strip_prefix("--makefile="))
                        .or_else(|| t.strip_prefix("-f").filter(|v| !v.is_empty())),
                });
                let moved =
                    texts.iter().any(|t| t.starts_with("-C") || t.starts_with("--directory"));
                let src = match named {
                    Some("-" | "/dev/stdin") => match stdin {
                        Stdin::Literal(t) => Some(FileSrc::Literal(t.clone())),
                        _ => None,
                    },
                    _ if moved => None,
                    Some(f) => self.file_content(cwd, f),
                    None => ["GNUmakefile", "makefile", "Makefile"]
                        .iter()
                        .find_map(|f| self.file_content(cwd, f)),
                };
                match src {
                    Some(FileSrc::Literal(text)) => match make_recipes(&text) {
                        Some(r) => script = Some((Field::known(r), "make recipe".to_owned())),
                        None => self.note(
                            idx,
                            Note::Unparseable(
                                "a makefile that changes its shell or reads other files".to_owned(),
                            ),
                        ),
                    },
                    Some(FileSrc::Remote(url)) => self.note(idx, Note::RunsRemote(url)),
                    None => {}
                }
            }
            ("tmux", _) => self.tmux(idx, args, texts, env, ctx),
            (
                "xterm" | "uxterm" | "konsole" | "alacritty" | "foot" | "gnome-terminal"
                | "xfce4-terminal" | "terminator" | "tilix",
                _,
            ) => {
                // Terminal emulators run the command after `--` or `-e` (the rest of the line
                // for xterm-like ones, one command string for the GNOME-like ones).
                let string_e =
                    matches!(prog, "gnome-terminal" | "xfce4-terminal" | "terminator" | "tilix");
                if let Some(p) = texts.iter().position(|t| {
                    matches!(*t, "--" | "-x" | "--execute") || (*t == "-e" && !string_e)
                }) {
                    let rest = &args[p + 1..];
                    let label = format!("{prog} {}", texts[p]);
                    match rest {
                        // One word with spaces is run by a shell.
                        [one] if one.text.contains(' ') => script = Some((one.clone(), label)),
                        _ => inner = Some((rest.to_vec(), label)),
                    }
                } else if let Some(p) = texts.iter().position(|t| matches!(*t, "-e" | "--command"))
                    && let Some(f) = args.get(p + 1)
                {
                    script = Some((f.clone(), format!("{prog} -e")));
                }
            }
            ("screen", _) => {
                // `screen -dmS name cmd…` runs cmd; `screen -S name -X stuff 'cmd\n'` types it
                // into the session's shell.
                let mut i = 0;
                let mut remote = false;
                while let Some(t) = texts.get(i) {
                    let Some(cluster) = t.strip_prefix('-').filter(|c| !c.is_empty()) else {
                        break;
                    };
                    remote |= cluster.contains('X');
                    let valued = ["S", "c", "e", "h", "p", "s", "T", "t"]
                        .iter()
                        .any(|l| cluster.ends_with(l))
                        && cluster.chars().all(|ch| ch.is_ascii_alphanumeric());
                    i += if valued || *t == "-Logfile" { 2 } else { 1 };
                }
                let rest = args.get(i..).unwrap_or_default();
                match rest.first().map(|f| f.text.as_str()) {
                    Some("stuff") if remote => {
                        let text = join_raw(&rest[1..]).replace("^M", "\n").replace("\\n", "\n");
                        let known = rest[1..].iter().all(|f| f.known);
                        script = Some((
                            Field { text, known, ..Field::default() },
                            "screen stuff".into(),
                        ));
                    }
                    Some("exec" | "screen") if remote => {
                        inner = Some((rest[1..].to_vec(), "screen -X".to_owned()));
                    }
                    Some(_) if !remote => inner = Some((rest.to_vec(), "screen".to_owned())),
                    _ => {}
                }
            }
            ("perf", "record" | "stat" | "trace") => {
                let rest = &args[1..];
                let k = skip_options(
                    rest,
                    &[
                        "-e",
                        "--event",
                        "-o",
                        "--output",
                        "-p",
                        "--pid",
                        "-t",
                        "--tid",
                        "-F",
                        "--freq",
                        "-c",
                        "--count",
                        "-C",
                        "--cpu",
                        "-r",
                        "--repeat",
                        "-m",
                        "--mmap-pages",
                        "-G",
                        "--cgroup",
                        "-u",
                        "--uid",
                        "-I",
                        "-x",
                        "--call-graph",
                        "--filter",
                        "-j",
                        "-D",
                        "--delay",
                    ],
                );
                if k < rest.len() {
                    inner = Some((rest[k..].to_vec(), format!("perf {sub}")));
                }
            }
            (
                "vim" | "vi" | "nvim" | "view" | "ex" | "gvim" | "rvim" | "gdb" | "lldb" | "less"
                | "man",
                _,
            ) => {
                // Shell commands inside editor, debugger and pager commands given on the
                // command line: `vim -c '!cmd'`, `vi +'!cmd'`, `gdb -ex 'shell cmd'`,
                // `lldb -o 'platform shell cmd'`, `less +!cmd`, `man -P cmd`.
                let opts: &[&str] = match prog {
                    "gdb" => &["-ex", "--ex", "-iex", "--iex", "-eval-command", "--eval-command"],
                    "lldb" => &["-o", "--one-line", "-O", "--one-line-before-file", "-k"],
                    "man" => &["-P", "--pager"],
                    "less" => &[],
                    _ => &["-c", "--cmd"],
                };
                for (j, t) in texts.iter().enumerate() {
                    let value = if opts.contains(t) {
                        args.get(j + 1).map(|f| (f, f.text.as_str()))
                    } else if let Some(v) = t.strip_prefix('+').filter(|_| prog != "man") {
                        Some((&args[j], v))
                    } else {
                        opts.iter()
                            .find_map(|o| t.strip_prefix(o).and_then(|r| r.strip_prefix('=')))
                            .filter(|_| t.starts_with("--"))
                            .map(|v| (&args[j], v))
                    };
                    let Some((f, v)) = value else { continue };
                    let v = v.trim_start_matches([':', ' ']);
                    let cmd = match prog {
                        "man" => Some(v),
                        "gdb" => v.strip_prefix('!').or_else(|| v.strip_prefix("shell ")),
                        "lldb" => {
                            v.strip_prefix("platform shell ").or_else(|| v.strip_prefix("shell "))
                        }
                        _ => v.strip_prefix("silent").unwrap_or(v).trim_start().strip_prefix('!'),
                    };
                    if let Some(cmd) = cmd.filter(|c| !c.trim().is_empty()) {
                        let f = Field { text: cmd.to_owned(), ..f.clone() };
                        self.script_field(idx, &f, &format!("{prog} {t}"), env, ctx);
                    }
                }
            }
            _ => {
                // A program run by path: a script written or downloaded earlier in the line.
                if let Some(first) = self.out.get(idx).and_then(|c| c.argv.first().cloned())
                    && first.text.contains('/')
                {
                    match self.file_content(cwd, &first.text) {
                        Some(FileSrc::Literal(t)) => {
                            let mut e = env.clone();
                            e.positional = Some(args.to_vec());
                            let c = ctx.nested(&first.text, Stdin::Terminal);
                            self.script_text(&t, &mut e, &c, Some(idx));
                        }
                        Some(FileSrc::Remote(url)) => self.note(idx, Note::RunsRemote(url)),
                        None => {}
                    }
                }
            }
        }
        if let Some((v, label)) = inner
            && !v.is_empty()
        {
            let c = ctx.nested(&label, stdin.clone());
            self.walk_argv(v, env, &c, idx, false);
        }
        if let Some((f, label)) = script {
            self.script_field(idx, &f, &label, env, ctx);
        }
    }

    /// tmux commands that run a shell command: `-c cmd`, `new`/`split-window`/`new-window`/
    /// `respawn-pane`/`display-popup`/`run-shell`/`pipe-pane`/`if-shell` with a command, and
    /// `send-keys` (its text is typed into the pane's shell).
    fn tmux(&mut self, idx: usize, args: &[Field], texts: &[&str], env: &Env, ctx: &Ctx) {
        let k = skip_options(args, &["-L", "-S", "-f", "-T", "-c"]);
        for (j, t) in texts.iter().enumerate().take(k) {
            if let Some(f) = args.get(j + 1).filter(|_| *t == "-c") {
                self.script_field(idx, f, "tmux -c", env, ctx);
            }
        }
        let sub = texts.get(k).copied().unwrap_or_default();
        let with_value: &[&str] = match sub {
            "new" | "new-session" => &["-c", "-e", "-f", "-F", "-n", "-s", "-t", "-x", "-y"],
            "neww" | "new-window" => &["-c", "-e", "-F", "-n", "-t"],
            "splitw" | "split-window" => &["-c", "-e", "-l", "-t", "-F", "-p"],
            "respawnp" | "respawn-pane" | "respawnw" | "respawn-window" => &["-c", "-e", "-t"],
            "run" | "run-shell" => &["-d", "-c", "-t"],
            "popup" | "display-popup" => {
                &["-b", "-c", "-d", "-e", "-h", "-s", "-S", "-t", "-T", "-w", "-x", "-y"]
            }
            "pipep" | "pipe-pane" | "if" | "if-shell" => &["-t"],
            "send" | "send-keys" => &["-t", "-N"],
            _ => return,
        };
        let rest = args.get(k + 1..).unwrap_or_default();
        let words: Vec<Field> = rest[skip_options(rest, with_value)..]
            .iter()
            .take_while(|f| !matches!(f.text.as_str(), ";" | "\\;"))
            .filter(|f| {
                !matches!(sub, "send" | "send-keys")
                    || !matches!(
                        f.text.as_str(),
                        "Enter" | "C-m" | "C-j" | "KPEnter" | "Escape" | "Space" | "Tab" | "C-c"
                    )
            })
            .cloned()
            .collect();
        let words = if matches!(sub, "if" | "if-shell") {
            &words[..words.len().min(1)]
        } else {
            &words[..]
        };
        if !words.is_empty() {
            let f = Field {
                text: join_raw(words),
                known: words.iter().all(|f| f.known),
                ..Field::default()
            };
            self.script_field(idx, &f, &format!("tmux {sub}"), env, ctx);
        }
    }

    fn script_field(&mut self, idx: usize, f: &Field, label: &str, env: &Env, ctx: &Ctx) {
        if f.known {
            let mut e = env.clone();
            let c = ctx.nested(label, Stdin::Terminal);
            self.script_text(&f.text, &mut e, &c, Some(idx));
        } else {
            self.note(idx, Note::Dynamic(f.from));
        }
    }
}

trait KnownDefault {
    fn unwrap_or_default_known(self) -> Field;
}

impl KnownDefault for Option<Field> {
    fn unwrap_or_default_known(self) -> Field {
        self.unwrap_or_else(|| Field::known(""))
    }
}

/// Whether standard input carries data (not the terminal).
fn stdin_is_data(s: &Stdin) -> bool {
    !matches!(s, Stdin::Terminal)
}

/// Wrappers whose output is their inner command's output.
const TRANSPARENT: &[&str] = &[
    "env",
    "sudo",
    "doas",
    "nohup",
    "nice",
    "ionice",
    "timeout",
    "time",
    "stdbuf",
    "setsid",
    "command",
    "builtin",
    "exec",
    "chrt",
    "taskset",
    "caffeinate",
    "unbuffer",
    "busybox",
    "toybox",
    "gosu",
    "su-exec",
    "chroot",
    "runuser",
];

/// A segment of an expanded word.
#[derive(Debug, Clone, Default)]
struct Seg {
    text: String,
    known: bool,
    split: bool,
    quoted: bool,
    glob: bool,
    brk: bool,
    proc_sub: Option<usize>,
    from: Option<(usize, usize)>,
}

fn union(a: Option<(usize, usize)>, b: Option<(usize, usize)>) -> Option<(usize, usize)> {
    match (a, b) {
        (Some(x), Some(y)) => Some((x.0.min(y.0), x.1.max(y.1))),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Builds fields from segments, splitting unquoted expansion results on `ifs`.
fn split_fields(segs: Vec<Seg>, ifs: &str, out: &mut Vec<Field>) {
    let mut cur = Field { known: true, ..Field::default() };
    let mut has = false;
    let finish = |cur: &mut Field, has: &mut bool, out: &mut Vec<Field>| {
        if *has {
            out.push(std::mem::replace(cur, Field { known: true, ..Field::default() }));
        } else {
            *cur = Field { known: true, ..Field::default() };
        }
        *has = false;
    };
    for s in segs {
        if s.brk {
            finish(&mut cur, &mut has, out);
        }
        cur.from = union(cur.from, s.from);
        if s.split && s.known {
            for ch in s.text.chars() {
                if ifs.contains(ch) {
                    let from = cur.from;
                    finish(&mut cur, &mut has, out);
                    cur.from = from;
                } else {
                    cur.text.push(ch);
                    has = true;
                }
            }
            continue;
        }
        cur.text.push_str(&s.text);
        cur.known &= s.known;
        cur.glob |= s.glob;
        cur.proc_sub = cur.proc_sub.or(s.proc_sub);
        has |= s.quoted || !s.text.is_empty() || !s.known;
    }
    finish(&mut cur, &mut has, out);
}

/// Brace expansion of the unquoted literal parts of a word (`{a,b}`, `{1..3}`); `None` when
/// the word would expand to more than [`MAX_BRACE`] words (its value is then unknown).
fn brace_expand(parts: &[Part]) -> Option<Vec<Vec<Part>>> {
    // The braces may sit in different unquoted parts (`{'a'b,c}`).
    let has_brace = parts.iter().any(|p| matches!(p, Part::Lit(s) if s.contains('{')))
        && parts.iter().any(|p| matches!(p, Part::Lit(s) if s.contains('}')));
    if !has_brace {
        return Some(vec![parts.to_vec()]);
    }
    // Atoms: literal characters and opaque parts.
    #[derive(Clone)]
    enum Atom {
        Ch(char),
        Opaque(Part),
    }
    let mut atoms = Vec::new();
    for p in parts {
        match p {
            Part::Lit(s) => atoms.extend(s.chars().map(Atom::Ch)),
            other => atoms.push(Atom::Opaque(other.clone())),
        }
    }
    fn expand(atoms: &[Atom], budget: &mut usize) -> Vec<Vec<Atom>> {
        // `budget` counts calls; at zero the expansion is abandoned (the word is unknown).
        if *budget == 0 {
            return Vec::new();
        }
        *budget -= 1;
        // Find the first `{` with a matching `}` that has a top-level `,` or `..`.
        let mut i = 0;
        while i < atoms.len() {
            if let Atom::Ch('{') = atoms[i] {
                let mut depth = 0;
                let mut commas = Vec::new();
                let mut close = None;
                for (j, a) in atoms.iter().enumerate().skip(i) {
                    match a {
                        Atom::Ch('{') => depth += 1,
                        Atom::Ch('}') => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j);
                                break;
                            }
                        }
                        Atom::Ch(',') if depth == 1 => commas.push(j),
                        _ => {}
                    }
                }
                if let Some(close) = close {
                    let prefix = &atoms[..i];
                    let suffix = &atoms[close + 1..];
                    let mut alts: Vec<Vec<Atom>> = Vec::new();
                    if commas.is_empty() {
                        // `{1..5}` / `{a..e}`.
                        let inner: String = atoms[i + 1..close]
                            .iter()
                            .map(|a| if let Atom::Ch(c) = a { *c } else { '\u{0}' })
                            .collect();
                        if let Some((a, b)) = inner.split_once("..") {
                            if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
                                let (lo, hi) = (x.min(y), x.max(y));
                                if hi - lo < MAX_BRACE as i64 {
                                    for n in lo..=hi {
                                        alts.push(n.to_string().chars().map(Atom::Ch).collect());
                                    }
                                }
                            } else if a.chars().count() == 1 && b.chars().count() == 1 {
                                let (x, y) = (
                                    a.chars().next().unwrap_or('a'),
                                    b.chars().next().unwrap_or('a'),
                                );
                                let (lo, hi) = (x.min(y) as u32, x.max(y) as u32);
                                if hi - lo < MAX_BRACE as u32 {
                                    for n in lo..=hi {
                                        if let Some(c) = char::from_u32(n) {
                                            alts.push(vec![Atom::Ch(c)]);
                                        }
                                    }
                                }
                            }
                        }
                        if alts.is_empty() {
                            i += 1;
                            continue;
                        }
                    } else {
                        let mut start = i + 1;
                        for &c in commas.iter().chain(std::iter::once(&close)) {
                            alts.push(atoms[start..c].to_vec());
                            start = c + 1;
                        }
                    }
                    let mut out = Vec::new();
                    for alt in alts {
                        let mut v = prefix.to_vec();
                        v.extend(alt);
                        v.extend_from_slice(suffix);
                        let sub = expand(&v, budget);
                        if *budget == 0 {
                            return Vec::new();
                        }
                        out.extend(sub);
                        if out.len() > MAX_BRACE {
                            *budget = 0;
                            return Vec::new();
                        }
                    }
                    return out;
                }
            }
            i += 1;
        }
        vec![atoms.to_vec()]
    }
    let mut budget = MAX_BRACE * 64;
    let expanded = expand(&atoms, &mut budget);
    if budget == 0 {
        return None;
    }
    Some(
        expanded
            .into_iter()
            .map(|alt| {
                let mut parts = Vec::new();
                let mut lit = String::new();
                for a in alt {
                    match a {
                        Atom::Ch(c) => lit.push(c),
                        Atom::Opaque(p) => {
                            if !lit.is_empty() {
                                parts.push(Part::Lit(std::mem::take(&mut lit)));
                            }
                            parts.push(p);
                        }
                    }
                }
                if !lit.is_empty() {
                    parts.push(Part::Lit(lit));
                }
                parts
            })
            .collect(),
    )
}

/// Skips leading options; returns the index of the first operand. `with_value` lists options
/// that take a separate value.
pub(crate) fn skip_options(args: &[Field], with_value: &[&str]) -> usize {
    let mut i = 0;
    while i < args.len() {
        let a = args[i].text.as_str();
        if a == "--" {
            return i + 1;
        }
        if !a.starts_with('-') || a == "-" {
            return i;
        }
        if with_value.contains(&a) {
            i += 2;
            continue;
        }
        i += 1;
    }
    args.len()
}

/// `find` arguments: starting points, whether a test narrows what is matched, and the
/// `-exec`/`-execdir`/`-ok`/`-okdir` ranges (start, end exclusive of the `;`/`+`).
#[derive(Debug, Clone, Default)]
pub(crate) struct FindInfo {
    /// The starting points (default `.`).
    pub roots: Vec<Field>,
    /// A test such as `-name` or `-newer` narrows the matches.
    pub restrictive: bool,
    /// `-mindepth 1` or more: the starting point itself is never matched.
    pub mindepth: bool,
    /// `-delete` is present.
    pub delete: bool,
    /// `-exec`-like actions: (action name, first word index, end index).
    pub execs: Vec<(String, usize, usize)>,
    /// Files written by `-fprint`, `-fprintf`, `-fls`.
    pub writes: Vec<Field>,
    /// The one `-name`/`-iname` pattern, when it is the only test before the first action
    /// (besides `-type`, depth limits and `-prune`): every match is named like it.
    pub only_name: Option<String>,
}

/// Parses `find` arguments.
pub(crate) fn find_info(args: &[Field]) -> FindInfo {
    let mut info = FindInfo::default();
    let mut i = 0;
    while i < args.len()
        && matches!(args[i].text.as_str(), "-H" | "-L" | "-P" | "-O0" | "-O1" | "-O2" | "-O3")
    {
        i += 1;
    }
    if args.get(i).is_some_and(|a| a.text == "-D") {
        i += 2;
    }
    while i < args.len() {
        let t = args[i].text.as_str();
        if t.starts_with('-') || t == "(" || t == "!" || t == "," || t == "\\(" {
            break;
        }
        info.roots.push(args[i].clone());
        i += 1;
    }
    if info.roots.is_empty() {
        info.roots.push(Field::known("."));
    }
    const RESTRICTIVE: &[&str] = &[
        "-name",
        "-iname",
        "-path",
        "-ipath",
        "-wholename",
        "-iwholename",
        "-regex",
        "-iregex",
        "-newer",
        "-anewer",
        "-cnewer",
        "-mtime",
        "-mmin",
        "-atime",
        "-amin",
        "-ctime",
        "-cmin",
        "-size",
        "-empty",
        "-user",
        "-group",
        "-uid",
        "-gid",
        "-perm",
        "-links",
        "-inum",
        "-samefile",
        "-lname",
        "-ilname",
        "-nouser",
        "-nogroup",
        "-used",
        "-fstype",
        "-readable",
        "-writable",
        "-executable",
        "-newermt",
        "-context",
    ];
    let mut names = 0;
    let mut only_simple = true;
    while i < args.len() {
        let t = args[i].text.as_str();
        if info.execs.is_empty() && !info.delete {
            match t {
                "-name" | "-iname" => {
                    names += 1;
                    if let Some(v) = args.get(i + 1).filter(|v| v.known && !v.text.contains('/')) {
                        info.only_name = Some(v.text.clone());
                    } else {
                        only_simple = false;
                    }
                }
                "-type" | "-maxdepth" | "-mindepth" => {}
                "-depth" | "-xdev" | "-mount" | "-prune" | "-print" | "-print0" | "-follow" => {}
                "-exec" | "-execdir" | "-ok" | "-okdir" | "-delete" => {}
                _ if t.starts_with('-') || matches!(t, "(" | "!" | "," | "\\(") => {
                    only_simple = false;
                }
                _ => {}
            }
        }
        if RESTRICTIVE.contains(&t) || t.starts_with("-newer") {
            info.restrictive = true;
        }
        if t == "-mindepth"
            && args.get(i + 1).is_some_and(|v| v.text.parse::<u32>().is_ok_and(|n| n >= 1))
        {
            info.mindepth = true;
        }
        if t == "-delete" {
            info.delete = true;
        }
        if matches!(t, "-fprint" | "-fprint0" | "-fls" | "-fprintf")
            && let Some(f) = args.get(i + 1)
        {
            info.writes.push(f.clone());
        }
        if matches!(t, "-exec" | "-execdir" | "-ok" | "-okdir") {
            let start = i + 1;
            let mut end = start;
            while end < args.len() && args[end].text != ";" && args[end].text != "+" {
                end += 1;
            }
            info.execs.push((t.to_owned(), start, end));
            i = end + 1;
            continue;
        }
        i += 1;
    }
    if names != 1 || !only_simple {
        info.only_name = None;
    }
    info
}

/// Whether `name` is a shell.
pub(crate) fn is_shell(name: &str) -> bool {
    matches!(
        name,
        "sh" | "bash"
            | "zsh"
            | "dash"
            | "ksh"
            | "mksh"
            | "ash"
            | "yash"
            | "posh"
            | "fish"
            | "csh"
            | "tcsh"
            | "rbash"
            | "lksh"
            | "oksh"
            | "pdksh"
            | "ksh93"
    )
}

/// The language of an interpreter program name.
pub(crate) fn interpreter_lang(name: &str) -> Option<Lang> {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    match base {
        "python" | "pypy" | "python-dbg" | "ipython" => Some(Lang::Python),
        "node" | "nodejs" | "deno" | "bun" | "tsx" | "ts-node" => Some(Lang::Js),
        "perl" => Some(Lang::Perl),
        "ruby" | "jruby" | "irb" => Some(Lang::Ruby),
        "php" => Some(Lang::Php),
        "lua" | "luajit" => Some(Lang::Lua),
        "rscript" | "r" => Some(Lang::R),
        "osascript" => Some(Lang::AppleScript),
        "awk" | "gawk" | "mawk" | "nawk" => Some(Lang::Awk),
        _ => None,
    }
}

/// Whether a program wraps another command (for the depth-limit note).
fn is_wrapper_like(word: &str) -> bool {
    let p = program_key(basename(word));
    is_shell(&p)
        || interpreter_lang(&p).is_some()
        || matches!(
            p.as_str(),
            "sudo"
                | "doas"
                | "su"
                | "env"
                | "eval"
                | "nohup"
                | "nice"
                | "timeout"
                | "time"
                | "exec"
                | "command"
                | "builtin"
                | "xargs"
                | "find"
                | "watch"
                | "ssh"
                | "source"
                | "."
        )
}

/// The shell commands of a makefile's text: recipe lines (after a tab, or after `;` on a rule
/// line, without their `@-+` prefixes), the bodies of `$(shell …)` and the right side of
/// `!=` assignments, with `$$` read as `$`. `None` for a makefile this reading cannot follow:
/// one that changes its shell or recipe prefix, includes or loads other files, or evaluates
/// text as makefile code.
fn make_recipes(text: &str) -> Option<String> {
    const NOT_UNDERSTOOD: &[&str] =
        &["SHELL", ".RECIPEPREFIX", "$(eval", "${eval", "$(file", "${file", "$(guile", "${guile"];
    if NOT_UNDERSTOOD.iter().any(|w| text.contains(w)) {
        return None;
    }
    let mut out = Vec::new();
    for line in text.lines() {
        let head = line.trim_start();
        if ["include", "-include", "sinclude", "load", "-load"]
            .iter()
            .any(|d| head.strip_prefix(d).is_some_and(|r| r.starts_with([' ', '\t'])))
        {
            return None;
        }
        let recipe = if let Some(r) = line.strip_prefix('\t') {
            Some(r)
        } else if let Some((_, rhs)) = line.split_once("!=") {
            Some(rhs)
        } else {
            line.split_once(':').and_then(|(_, rest)| rest.split_once(';')).map(|(_, r)| r)
        };
        if let Some(r) = recipe {
            out.push(r.trim_start().trim_start_matches(['@', '-', '+']).to_owned());
        }
        let mut rest = line;
        while let Some(p) = rest.find("$(shell ").or_else(|| rest.find("${shell ")) {
            let body = &rest[p + 8..];
            let end = body.find([')', '}']).unwrap_or(body.len());
            out.push(body[..end].to_owned());
            rest = &body[end..];
        }
    }
    Some(out.join("\n").replace("$$", "$"))
}

/// The binary a package name runs (`prettier@3` → `prettier`, `@scope/cli` → `cli`).
fn package_bin(pkg: &str) -> String {
    let no_scope = if let Some(rest) = pkg.strip_prefix('@') {
        rest.split_once('/').map_or(rest, |(_, name)| name)
    } else {
        pkg
    };
    no_scope.split('@').next().unwrap_or(no_scope).to_owned()
}

/// Whether a function definition replicates itself (a fork bomb): it calls itself twice, or
/// once in the background or inside a pipeline.
fn is_fork_bomb(f: &FuncDef) -> bool {
    let mut count = 0usize;
    let mut spawning = false;
    fn visit_cmd(
        c: &Command,
        name: &str,
        spawn: bool,
        count: &mut usize,
        spawning: &mut bool,
        depth: usize,
    ) {
        if depth > 64 {
            return;
        }
        match c {
            Command::Simple(s) => {
                if s.words.first().is_some_and(|w| w.raw == name) {
                    *count += 1;
                    *spawning |= spawn;
                }
            }
            Command::Compound(comp, _) => match comp.as_ref() {
                Compound::Subshell(s) | Compound::Group(s) => {
                    visit_script(s, name, spawn, count, spawning, depth + 1);
                }
                Compound::If(parts) => {
                    for s in parts {
                        visit_script(s, name, spawn, count, spawning, depth + 1);
                    }
                }
                Compound::Loop(a, b, _) => {
                    visit_script(a, name, true, count, spawning, depth + 1);
                    visit_script(b, name, true, count, spawning, depth + 1);
                }
                Compound::For(_, _, b) | Compound::ArithFor(_, b) => {
                    visit_script(b, name, true, count, spawning, depth + 1);
                }
                Compound::Case(_, arms) => {
                    for (_, b) in arms {
                        visit_script(b, name, spawn, count, spawning, depth + 1);
                    }
                }
                Compound::Arith(_) | Compound::Cond(_) => {}
            },
            Command::Function(_) => {}
        }
    }
    fn visit_script(
        s: &Script,
        name: &str,
        spawn: bool,
        count: &mut usize,
        spawning: &mut bool,
        depth: usize,
    ) {
        for item in &s.items {
            for p in &item.pipelines {
                let multi = p.cmds.len() > 1;
                for c in &p.cmds {
                    visit_cmd(c, name, spawn || multi || item.background, count, spawning, depth);
                }
            }
        }
    }
    visit_cmd(&f.body, &f.name, false, &mut count, &mut spawning, 0);
    count >= 2 || (count >= 1 && spawning)
}

/// Joins field texts with single spaces, as `ssh`, `watch` and `eval` do before the shell
/// parses the result.
fn join_raw(fields: &[Field]) -> String {
    fields.iter().map(|f| f.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// Joins fields with spaces, quoting those that need it, to form a command line.
fn join_fields(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| if f.known { quote(&f.text) } else { f.text.clone() })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Quotes a word for the shell if it holds special characters.
fn quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%^~{}*?[]".contains(c))
    {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// `echo` output (with `-n`, `-e`, `-E`).
fn echo(args: &[&str]) -> String {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| matches!(c, 'n' | 'e' | 'E'))
        {
            newline &= !a.contains('n');
            escapes = a.contains('e');
            i += 1;
        } else {
            break;
        }
    }
    let mut s = args[i..].join(" ");
    if escapes {
        s = unescape(&s);
    }
    if newline {
        s.push('\n');
    }
    s
}

/// Backslash escapes of `printf` formats and `echo -e`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some('x') => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 && it.peek().is_some_and(char::is_ascii_hexdigit) {
                    v = v * 16 + it.next().and_then(|d| d.to_digit(16)).unwrap_or(0);
                    n += 1;
                }
                out.push(char::from_u32(v).unwrap_or('?'));
            }
            Some(d @ '0'..='7') => {
                let mut v = d.to_digit(8).unwrap_or(0);
                let mut n = 0;
                while n < 3 && it.peek().is_some_and(|c| ('0'..='7').contains(c)) {
                    v = v * 8 + it.next().and_then(|d| d.to_digit(8)).unwrap_or(0);
                    n += 1;
                }
                out.push(char::from_u32(v).unwrap_or('?'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `printf FORMAT ARGS…` output for `%s`, `%b`, `%d`, `%i`, `%c`, `%q`, `%%`; the format is
/// reused while arguments remain, as the shell does.
pub(crate) fn printf(args: &[&str]) -> String {
    let Some(fmt) = args.first() else { return String::new() };
    let fmt = unescape(fmt);
    let rest = &args[1..];
    let mut out = String::new();
    let mut k = 0;
    for round in 0..64 {
        let mut chars = fmt.chars().peekable();
        let mut used = false;
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            // Flags, width and precision.
            while chars.peek().is_some_and(|c| "-+ #0123456789.".contains(*c)) {
                chars.next();
            }
            match chars.next() {
                Some('%') => out.push('%'),
                Some(
                    conv @ ('s' | 'b' | 'd' | 'i' | 'c' | 'q' | 'u' | 'x' | 'f' | 'g' | 'e' | 'o'
                    | 'X'),
                ) => {
                    let arg = rest.get(k).copied().unwrap_or_default();
                    k += 1;
                    used = true;
                    match conv {
                        'b' => out.push_str(&unescape(arg)),
                        'c' => out.extend(arg.chars().next()),
                        'd' | 'i' | 'u' | 'x' | 'f' | 'g' | 'e' | 'o' | 'X' => {
                            out.push_str(if arg.is_empty() { "0" } else { arg });
                        }
                        _ => out.push_str(arg),
                    }
                }
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
                None => out.push('%'),
            }
        }
        if !used || k >= rest.len() || round == 63 {
            break;
        }
    }
    out
}

/// Standard base64 decoding (whitespace ignored); `None` when invalid or not UTF-8.
fn base64_decode(s: &str) -> Option<String> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.chars() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '+' | '-' => 62,
            '/' | '_' => 63,
            '=' => break,
            c if c.is_whitespace() => continue,
            _ => return None,
        };
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Hex decoding for `xxd -r -p`.
fn hex_decode(s: &str) -> Option<String> {
    let digits: Vec<u32> =
        s.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_digit(16)).collect::<Option<_>>()?;
    let bytes: Vec<u8> =
        digits.chunks(2).map(|p| (p[0] * 16 + p.get(1).copied().unwrap_or(0)) as u8).collect();
    String::from_utf8(bytes).ok()
}

/// `tr SET1 SET2` on `input` (ranges `a-z` supported).
fn tr(set1: &str, set2: &str, input: &str) -> Option<String> {
    fn expand(set: &str) -> Vec<char> {
        let c: Vec<char> = set.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < c.len() {
            if i + 2 < c.len() && c[i + 1] == '-' && c[i] <= c[i + 2] {
                let (a, b) = (c[i] as u32, c[i + 2] as u32);
                if b - a > 1024 {
                    return Vec::new();
                }
                out.extend((a..=b).filter_map(char::from_u32));
                i += 3;
            } else {
                out.push(c[i]);
                i += 1;
            }
        }
        out
    }
    let from = expand(set1);
    let mut to = expand(set2);
    if from.is_empty() || to.is_empty() || set1.contains('[') || set2.contains('[') {
        return None;
    }
    while to.len() < from.len() {
        let last = *to.last()?;
        to.push(last);
    }
    Some(input.chars().map(|ch| from.iter().position(|f| *f == ch).map_or(ch, |p| to[p])).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmds(src: &str) -> Vec<SimpleCommand> {
        match simple_commands(src) {
            Ok(c) => c,
            Err(e) => panic!("{src:?}: {e}"),
        }
    }

    fn progs(src: &str) -> Vec<String> {
        cmds(src).into_iter().map(|c| c.program.unwrap_or_else(|| "?".to_owned())).collect()
    }

    fn find<'a>(cs: &'a [SimpleCommand], prog: &str) -> &'a SimpleCommand {
        cs.iter()
            .find(|c| c.program.as_deref() == Some(prog))
            .unwrap_or_else(|| panic!("no {prog} in {cs:#?}"))
    }

    #[test]
    fn braces_expand_across_quoted_parts_and_assignments_are_recorded() {
        let cs = cmds("rm '.a'/{'x'y,zz}");
        assert_eq!(find(&cs, "rm").args, [".a/xy", ".a/zz"]);
        assert_eq!(cmds("echo '{a,b}'")[0].args, ["{a,b}"]);
        let a = analyze_full("A=1; B=2 make; declare C=3; export D=4").unwrap_or_default();
        assert_eq!(a.assigned, ["A", "B", "C", "D"]);
    }

    #[test]
    fn sequences_and_top_level_parts() {
        let cs = cmds("a; b && c || d | e & f\ng");
        let names: Vec<_> = cs.iter().map(|c| c.program.clone().unwrap_or_default()).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e", "f", "g"]);
        assert!(cs.iter().all(|c| c.top_level && c.wrappers.is_empty()));
        let cs = cmds("(cd packages && rm -rf core)");
        assert!(cs.iter().all(|c| c.top_level));
        let rm = find(&cs, "rm");
        assert_eq!(rm.args, ["-rf", "core"]);
    }

    #[test]
    fn substitutions_are_nested() {
        let cs = cmds("echo \"$(rm -rf /opt)\" `id` <(ls) >(cat)");
        let rm = find(&cs, "rm");
        assert_eq!(rm.wrappers, ["$()"]);
        assert!(!rm.top_level);
        assert_eq!(find(&cs, "id").wrappers, ["`…`"]);
        assert_eq!(find(&cs, "ls").wrappers, ["<()"]);
        assert_eq!(find(&cs, "cat").wrappers, [">()"]);
        assert!(find(&cs, "echo").top_level);
    }

    #[test]
    fn quoting_tricks_resolve_the_program() {
        for (src, prog) in [
            ("'r'm -rf /", "rm"),
            ("r\\m -rf /", "rm"),
            ("\"m\"kfs.ext4 /dev/sdb", "mkfs.ext4"),
            ("$'\\x72m' x", "rm"),
            ("/bin/rm x", "rm"),
            ("./rm x", "rm"),
            ("c\"\"hmod -R 777 /", "chmod"),
            ("git${IFS}reset${IFS}--hard", "git"),
            ("{dd,if=/dev/zero,of=/dev/sdb}", "dd"),
            ("X=rm; $X -rf /", "rm"),
            ("$(printf git) push", "git"),
            ("`echo chmod` -R 777 /", "chmod"),
            ("$(echo su)do ls", "sudo"),
        ] {
            let cs = cmds(src);
            assert!(cs.iter().any(|c| c.program.as_deref() == Some(prog)), "{src}: {cs:#?}");
        }
        let cs = cmds("git${IFS}reset${IFS}--hard");
        assert_eq!(find(&cs, "git").args, ["reset", "--hard"]);
        let cs = cmds("{dd,if=/dev/zero,of=/dev/sdb}");
        assert_eq!(find(&cs, "dd").args, ["if=/dev/zero", "of=/dev/sdb"]);
    }

    #[test]
    fn constants_propagate() {
        let cs = cmds("D=/usr; rm -rf \"$D\"");
        assert_eq!(find(&cs, "rm").args, ["-rf", "/usr"]);
        let cs = cmds("export TARGET=$HOME; rm -rf \"$TARGET\"/*");
        assert_eq!(find(&cs, "rm").args, ["-rf", "~/*"]);
        let cs = cmds("read -r cmd <<< 'git clean -xdf'; $cmd");
        assert_eq!(find(&cs, "git").args, ["clean", "-xdf"]);
        let cs = cmds("printf -v c '%s' chmod; $c -R 777 /");
        assert_eq!(find(&cs, "chmod").args, ["-R", "777", "/"]);
        let cs = cmds("declare -a c=(dd if=/dev/zero of=/dev/sdb); \"${c[@]}\"");
        assert_eq!(find(&cs, "dd").args, ["if=/dev/zero", "of=/dev/sdb"]);
        let cs = cmds("P=$UNKNOWN; $P reset --hard");
        assert!(cs.iter().any(|c| c.program.is_none()));
        let cs = cmds("rm -rf \"${ROOT_DIR:-/}\"");
        assert_eq!(find(&cs, "rm").args, ["-rf", "/"]);
    }

    #[test]
    fn wrappers_unwrap() {
        for (src, prog, wrapper) in [
            ("sudo rm -rf /opt", "rm", "sudo"),
            ("sudo -u deploy git push --force", "git", "sudo"),
            ("doas pkg_add curl", "pkg_add", "doas"),
            ("su - root -c 'systemctl stop nginx'", "systemctl", "su -c"),
            ("env -i PATH=/usr/bin rm -rf /usr/local", "rm", "env"),
            ("/usr/bin/env -S rm -rf /var", "rm", "env"),
            ("nohup sh -c 'sleep 60; git clean -xdf' &", "git", "sh -c"),
            ("nice --adjustment=10 dd if=/dev/zero of=/dev/sdc", "dd", "nice"),
            ("timeout 30s mkfs.ext4 -F /dev/xvdf", "mkfs.ext4", "timeout"),
            ("time make", "make", "time"),
            ("exec rm x", "rm", "exec"),
            ("command rm x", "rm", "command"),
            ("builtin cd ~", "cd", "builtin"),
            ("xargs -a targets.txt rm -rf", "rm", "xargs"),
            ("find src -maxdepth 0 -exec git reset --hard HEAD~1 \\;", "git", "find -exec"),
            ("watch -n 5 'rm -rf /tmp/x'", "rm", "watch"),
            ("script -q -c 'rm -rf /tmp/x' /dev/null", "rm", "script -c"),
            ("ssh host 'rm -rf /var/www'", "rm", "ssh host"),
            ("bash -c \"rm -rf /\"", "rm", "bash -c"),
            ("busybox sh -c 'rm -rf /'", "rm", "sh -c"),
            ("eval 'git push --force'", "git", "eval"),
            ("python3 -c \"import os; os.system('rm -rf /')\"", "rm", "python code"),
            ("node -e \"require('child_process').execSync('rm -rf /')\"", "rm", "node code"),
            ("perl -e 'system(\"rm -rf /\")'", "rm", "perl code"),
            ("ruby -e 'system(\"rm -rf /\")'", "rm", "ruby code"),
            ("sh <<EOS\nchmod -R 777 /\nEOS", "chmod", "sh (stdin)"),
            ("zsh <<< 'rm -rf /usr/share'", "rm", "zsh (stdin)"),
            ("echo 'mkfs.ext4 -F /dev/sdb' | bash", "mkfs.ext4", "bash (stdin)"),
            ("npx rimraf src", "rimraf", "npx"),
            ("uv run pytest", "pytest", "uv run"),
            ("docker exec db psql -c 'DROP DATABASE x'", "psql", "docker exec"),
            ("kubectl exec pod -- rm -rf /data", "rm", "kubectl exec"),
            ("f() { rm -rf /; }; f", "rm", "function f"),
            ("sh -c 'rm -rf \"$1\"' _ /", "rm", "sh -c"),
        ] {
            let cs = cmds(src);
            let c = find(&cs, prog);
            assert!(c.wrappers.iter().any(|w| w == wrapper), "{src}: {:?}", c.wrappers);
            assert!(!c.top_level, "{src}");
        }
        let cs = cmds("sh -c 'rm -rf \"$1\"' _ /");
        assert_eq!(find(&cs, "rm").args, ["-rf", "/"]);
    }

    #[test]
    fn decoded_pipelines_are_seen() {
        let cs = cmds("echo Z2l0IGNsZWFuIC14ZGY= | base64 --decode | sh");
        assert_eq!(find(&cs, "git").args, ["clean", "-xdf"]);
        let cs = cmds("rev <<< '/ fr- mr' | sh");
        assert_eq!(find(&cs, "rm").args, ["-rf", "/"]);
        let cs = cmds("tr 'a-z' 'n-za-m' <<< 'tvg pyrna -kqs' | bash");
        assert_eq!(find(&cs, "git").args, ["clean", "-xdf"]);
        let cs = cmds("cat <<'X' > /tmp/run.sh && sh /tmp/run.sh\ncargo publish\nX");
        assert_eq!(find(&cs, "cargo").args, ["publish"]);
    }

    #[test]
    fn written_paths_cover_redirects_and_mutating_programs() {
        let cs = cmds("echo x >> .aiperture/policy.toml; rm -rf .aiperture; cp a .aiperture/");
        let paths: Vec<String> = cs.iter().flat_map(SimpleCommand::written_paths).collect();
        assert_eq!(paths, [".aiperture/policy.toml", ".aiperture", ".aiperture/"]);
        let cs = cmds("sudo sed -i 's/a/b/' ~/.aiperture/config.toml");
        let sed = find(&cs, "sed");
        assert_eq!(sed.written_paths(), ["~/.aiperture/config.toml"]);
        assert!(find(&cmds("cat .aiperture/secret"), "cat").written_paths().is_empty());
    }

    #[test]
    fn redirects_keep_targets() {
        let cs = cmds("echo hi > out.txt 2>&1 < in.txt");
        let r = &cs[0].redirects;
        assert_eq!(r.len(), 3);
        assert_eq!((r[0].op.as_str(), r[0].target.as_str()), (">", "out.txt"));
        assert!(r[0].is_write());
        assert_eq!((r[1].op.as_str(), r[1].target.as_str()), ("2>&", "1"));
        assert!(!r[1].is_write());
        let cs = cmds("{ git rev-parse HEAD; date -u; } > build/info.txt");
        assert!(cs.iter().all(|c| c.redirects.iter().any(|r| r.target == "build/info.txt")));
    }

    #[test]
    fn limits_are_errors() {
        assert!(simple_commands(&"x".repeat(70_000)).is_err());
        assert!(simple_commands("echo 'unterminated").is_err());
        let deep = format!("{}{}{}", "$(".repeat(100), "x", ")".repeat(100));
        assert!(simple_commands(&deep).is_err());
        // Wrappers nested beyond the unwrap limit: the command is returned, flagged.
        let s = format!("{}ls", "nohup ".repeat(MAX_UNWRAP + 4));
        let cs = analyze(&s).unwrap_or_default();
        assert!(cs.iter().any(|c| c.notes.iter().any(|n| matches!(n, Note::Unparseable(_)))));
        // Five nested `bash -c` are still seen through.
        let mut s = "rm -rf /".to_owned();
        for _ in 0..5 {
            s = format!("bash -c {}", quote(&s));
        }
        let cs = analyze(&s).unwrap_or_default();
        assert!(cs.iter().any(|c| c.simple.program.as_deref() == Some("rm")));
    }

    #[test]
    fn fork_bombs_are_noted() {
        for src in [":(){ :|:& };:", "_(){ _|_& };_", "f(){ f & f; }; f"] {
            let cs = analyze(src).unwrap_or_default();
            assert!(cs.iter().any(|c| c.notes.contains(&Note::ForkBomb)), "{src}");
        }
        let cs = analyze("f(){ echo hi; }; f; f").unwrap_or_default();
        assert!(cs.iter().all(|c| !c.notes.contains(&Note::ForkBomb)));
    }

    #[test]
    fn printf_and_helpers() {
        assert_eq!(printf(&["%s\\n", "a", "b"]), "a\nb\n");
        assert_eq!(printf(&["%s", "chmod"]), "chmod");
        assert_eq!(base64_decode("Z2l0IHB1c2ggLWY="), Some("git push -f".to_owned()));
        assert_eq!(package_bin("@changesets/cli@2"), "cli");
        assert_eq!(package_bin("prettier@3.0"), "prettier");
        assert_eq!(progs("true"), ["true"]);
    }
}
