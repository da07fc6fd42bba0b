//! Self-protection (decision step 1): an agent must not change what judges it, read the
//! secret that authenticates it, or run aiperture's human channels. Decided by effect, not
//! by text.
//!
//! **Protected locations** ([`Places`]): the active store folder, any folder named
//! `.aiperture` (another project's store judges other sessions), the user store (which holds
//! the trust records), the user config folder, every agent hook settings file `aiperture setup`
//! writes ([`HOOK_FILES`], in the project, in the working folder and in the home folder or the
//! agent's own config folder, `*.local.json` variants included; and any `<agent dir>/<file>`
//! of that table in any folder, since Codex reads every `.codex/config.toml` on the way to the
//! working folder), the agents' system-wide settings folders ([`SYSTEM_AGENT_DIRS`], whose
//! managed settings can switch hooks off), the installed aiperture program and an `aiperture`
//! in any folder on the `PATH` (the hooks run the program by name). The store
//! secrets (`secret`, `intel.key` of any store) may not even be read, nor may the user config
//! file, which may hold the server's admin key.
//!
//! **Shell commands** are judged part by part on the shell analysis (quotes removed, constants
//! propagated, wrappers and substitutions unwrapped, braces expanded, `cd` followed). A part whose
//! program is not on the read-only allow-list (`Props::READS_ONLY` in `risk::registry`; an unknown program is not; nor is a
//! listed name run from a path outside [`SYSTEM_BIN`], `./cat`, or after the command assigns
//! `PATH`) is denied when any word, option value (`-o X`, `-oX`, `--output=X`, `of=X`, `@X`) or
//! redirection (target or source) names a protected location or something inside one. A program
//! that deletes or moves whole trees, or copies into a folder, is also denied on an ancestor of one
//! (`rm -rf .`, `cp -r tpl/. .`), except `/`, the home folder and above, which the risk tiers make
//! CRITICAL so that a human decides each time. A link or bind mount (`ln`, `cp -s`/`-l`, `mount
//! --bind`, `bindfs`) to a protected location or any folder above one, `/` and home included, is
//! denied: later checks could not see through the new name. `/proc/<pid>/root/x` is read as `/x`,
//! `/proc/self/cwd/x` as `./x`, and another process's `cwd` as an unknown folder. `find` with
//! `-delete`, `-exec` or a write is denied when a starting point holds a protected location its
//! `-name` tests can reach, and so is an `xargs` fed by a command that names (or such a `find` that
//! reaches) one, or by literal input (`<<<`, `echo … |`) whose words name one. Any part that reads
//! a secret (an operand, option value or `<` source naming it, also the standard input of an
//! enclosing `{ …; } < f` or `while …; done < f`, or a reader of contents given a store folder) is
//! denied, read-only program or not. A command that assigns `HOME` (`HOME=…`, `export`, `env`)
//! moves `~`: any later part naming a `~` path is denied. Relative paths resolve against the
//! request's working folder and the `cd`s before them, lexically (`.`/`..`); where the working
//! folder is unknown, a relative path may lie anywhere, so it is compared with the tail of every
//! protected path. A word with glob characters (`*`, `?`, `[…]`, `**`) counts when it could match a
//! protected path; a wildcard does not match a leading `.` unless the command mentions `dotglob`,
//! `globdots` or `GLOBIGNORE`. Paths compare case-insensitively on macOS and Windows. A word whose
//! value is unknown (`$X/…`) is compared by what follows the unknown part; an unknown part inside a
//! component (`.ai${X}perture`) counts as a `*` that may be empty or start with a `.`. The code of
//! interpreters and `sed` scripts (arguments and heredocs) is searched for path-like tokens too,
//! and so are the arguments and literal input of programs that take commands ([`CODE_TAKERS`]:
//! editors, database shells, debuggers, multiplexers, `make -f -`) and `git -c` values.
//!
//! Also denied: assigning, exporting or unsetting any `AIPERTURE_*` variable; running
//! aiperture (by name, by a glob that expands to it, or by the installed program's path)
//! other than for the reads an agent may run (the classification is an exhaustive match on
//! the subcommand enum in `cli::agent`, registered at start-up with
//! [`set_aiperture_classifier`]; without one every aiperture invocation is denied), with a
//! global `--store`/`--config`, or with arguments not known until run time; and naming the
//! human-decision routes of `aiperture serve` (`/permissions/record`, `/permissions/grant`,
//! `/permissions/revoke`, `PATCH /config`, and in a URL-like word `/inbox/…` and `/hooks/ran`),
//! which are looked for in every expanded word after percent-decoding, dot-segment removal and
//! curl-style `{a,b}`/`[…]` globbing.
//!
//! **File tools** (hook adapters' Write, Edit, Read, Grep, …) use the same path test on the
//! request's scope, resolved against the payload's working folder: reading a store's
//! `policy.toml` is allowed, reading a secret or a whole store folder is not, and writing,
//! deleting or moving any protected location is denied.
//!
//! A patch applier (`git apply`, `git am`, `patch`, `apply_patch`) given the patch as literal
//! input (heredoc, here-string) is judged by the files the patch headers name. `git checkout
//! X -- …` and `git restore --source=X …` are judged on what their pathspecs reach (a git
//! `*` crosses `/`; `:/` is the repository root).
//!
//! Unparseable shell scopes fall back to a conservative text check. Limits: programs that
//! write where a file or the network says (archives, patch files, `git checkout`, `git pull`)
//! and paths computed at run time are left to the risk tiers, which ask.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::request::Request;
use crate::glob::Glob;
use crate::risk::Analysis;
use crate::risk::registry::{self, Props};
use crate::risk::shell::{self, Cmd, Field};
use crate::store::{Store, layout};

/// One agent hook settings file `aiperture setup` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HookFile {
    /// The agent name of `aiperture hook <agent>`.
    pub agent: &'static str,
    /// The agent's folder in a project or in the home folder.
    pub dir: &'static str,
    /// The settings file in that folder.
    pub file: &'static str,
    /// An environment variable that names the agent's user folder instead of `~/<dir>`.
    pub dir_env: Option<&'static str>,
}

/// The hook settings files of every agent `setup` knows (the one table; `setup` reads it).
/// Each is protected with its `*.local.json` variant, in the project and the user folders.
pub const HOOK_FILES: &[HookFile] = &[
    HookFile {
        agent: "claude-code",
        dir: ".claude",
        file: "settings.json",
        dir_env: Some("CLAUDE_CONFIG_DIR"),
    },
    HookFile { agent: "codex", dir: ".codex", file: "hooks.json", dir_env: Some("CODEX_HOME") },
    // Codex runs hooks only while its config.toml enables them.
    HookFile { agent: "codex", dir: ".codex", file: "config.toml", dir_env: Some("CODEX_HOME") },
    HookFile { agent: "gemini", dir: ".gemini", file: "settings.json", dir_env: None },
    HookFile { agent: "cursor", dir: ".cursor", file: "hooks.json", dir_env: None },
    // OpenClaw's configuration (user-wide only) and the folder of aiperture's plugin in it.
    HookFile {
        agent: "openclaw",
        dir: ".openclaw",
        file: "openclaw.json",
        dir_env: Some("OPENCLAW_STATE_DIR"),
    },
    HookFile {
        agent: "openclaw",
        dir: ".openclaw",
        file: "aiperture",
        dir_env: Some("OPENCLAW_STATE_DIR"),
    },
];

/// System-wide agent settings folders: managed or system settings there override the user's
/// and the project's and can switch hooks off (`disableAllHooks`, `[features] hooks = false`).
pub const SYSTEM_AGENT_DIRS: &[&str] = &[
    "/etc/claude-code",
    "/Library/Application Support/ClaudeCode",
    "/etc/codex",
    "/etc/gemini-cli",
    "/Library/Application Support/GeminiCli",
    "/etc/cursor",
    "/Library/Application Support/Cursor",
];

/// The settings file `setup` writes for `agent` (the first row of [`HOOK_FILES`]).
pub fn hook_file(agent: &str) -> Option<&'static HookFile> {
    HOOK_FILES.iter().find(|h| h.agent == agent)
}

/// Programs that delete, move or re-own whole trees: naming an ancestor of a protected
/// location is naming it.
const TREE_CHANGERS: &[&str] = &[
    "chattr", "chgrp", "chmod", "chown", "mv", "rimraf", "rm", "rmdir", "setfacl", "shred", "srm",
    "trash", "unlink",
];

/// Programs that copy into a destination folder: `DEST/<basename of each source>` is written.
const COPIERS: &[&str] = &["cp", "ditto", "install", "ln", "mv", "rsync", "scp"];

/// Programs whose arguments or standard input are commands that may write files (editors,
/// database shells, debuggers, terminal multiplexers, `make -f -`): the paths inside them count.
pub const CODE_TAKERS: &[&str] = &[
    "duckdb",
    "ed",
    "emacs",
    "emacsclient",
    "ex",
    "expect",
    "gdb",
    "gmake",
    "gvim",
    "kak",
    "lldb",
    "make",
    "mariadb",
    "mysql",
    "nvim",
    "psql",
    "screen",
    "sqlite3",
    "tclsh",
    "tmux",
    "vi",
    "view",
    "vim",
    "vimdiff",
    "wish",
];

/// Builtins and programs that set, export or unset variables named in their arguments.
const SETTERS: &[&str] = &[
    "declare",
    "env",
    "export",
    "getopts",
    "launchctl",
    "let",
    "local",
    "mapfile",
    "printf",
    "read",
    "readarray",
    "readonly",
    "set",
    "setenv",
    "systemctl",
    "tmux",
    "typeset",
    "unset",
    "unsetenv",
];

/// Paths inside a store, for relative paths from an unknown folder.
const STORE_MEMBERS: &[&str] =
    &["journal", "journal/HEAD", "index", "objects", "lock", "config.toml", "policy.toml"];

/// Names found inside protected folders, for judging what a `find -name` test reaches.
const MEMBER_NAMES: &[&str] = &[
    ".gitignore",
    "000001.jsonl",
    "HEAD",
    "challenges",
    "config.toml",
    "e80.json",
    "index",
    "intel.key",
    "journal",
    "lock",
    "meta.json",
    "objects",
    "policy.toml",
    "secret",
    "sessions",
    "sha256",
    "stats",
    "trusted-policies.json",
];

/// HTTP routes of `aiperture serve` that record human decisions: `/permissions/…` (JSON),
/// `/inbox/…` (the approvals inbox's forms) and `/hooks/ran` (a client-mode hook's report that
/// a tool ran, which resolves the agent dialog's prompt as an approval), and whether a word
/// must look like a URL (hold a `:`) to name one (`inbox` and `hooks` are common folder names;
/// `src/inbox/revoke.rs` is a file).
const HUMAN_ROUTES: &[(&str, bool, &[&str])] = &[
    ("permissions", false, &["record", "grant", "revoke"]),
    ("inbox", true, &["sign-in", "decide", "revoke", "sign-out"]),
    ("hooks", true, &["ran"]),
];
const READ_ACTIONS: &[&str] = &["read", "get", "list", "view", "search", "glob", "grep", "stat"];

/// Whether an agent may run an aiperture invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentUse {
    /// A read an agent may run.
    Allowed,
    /// Refused, with why.
    Refused(String),
}

/// Classifies the arguments of an aiperture invocation (after the program name).
pub type Classifier = fn(&[String]) -> AgentUse;

static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();

/// Register the classifier of aiperture invocations (the command line does, at start-up).
pub fn set_aiperture_classifier(f: Classifier) {
    let _ = CLASSIFIER.set(f);
}

/// Whether file-name comparisons ignore case on this platform's usual file systems.
const CASE_INSENSITIVE: bool = cfg!(any(target_os = "macos", target_os = "windows"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Store,
    Secret,
    UserStore,
    UserConfig,
    HookSettings,
    Program,
    /// The user config file, which may hold the server's API and admin keys: read like a secret.
    ServerKeys,
}

impl Kind {
    /// Whether reading it is refused (`only == Some(Kind::Secret)` covers both).
    fn secret(self) -> bool {
        matches!(self, Kind::Secret | Kind::ServerKeys)
    }
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Store => "the aiperture store",
            Kind::Secret => "the aiperture store's secret",
            Kind::UserStore => "the aiperture user store (and its trust records)",
            Kind::UserConfig => "the aiperture user configuration",
            Kind::HookSettings => "an agent's hook settings",
            Kind::Program => "the aiperture program",
            Kind::ServerKeys => "the aiperture user configuration (which may hold the server keys)",
        }
    }
}

/// A protected location: absolute components, or (`anchored == false`) components that may
/// appear anywhere in a path (`.aiperture`, `.aiperture/secret`).
#[derive(Debug, Clone)]
struct Place {
    comps: Vec<Arc<str>>,
    anchored: bool,
    kind: Kind,
}

/// The protected locations of one check, and where relative paths start.
#[derive(Debug, Clone)]
pub struct Places {
    list: Vec<Place>,
    home: Option<Vec<String>>,
    cwd: Option<Vec<String>>,
}

impl Places {
    /// The protected locations for checks on `store`, with relative paths resolved against
    /// `cwd` (the request's working folder; `None` when unknown). Reads `HOME`,
    /// `CLAUDE_CONFIG_DIR`, `CODEX_HOME` and the running program's path; touches no file.
    pub fn new(store: &Store, cwd: Option<&Path>) -> Places {
        let var = |n: &str| std::env::var_os(n).filter(|v| !v.is_empty()).map(PathBuf::from);
        let home = var("HOME").or_else(|| var("USERPROFILE"));
        let mut env_dirs = Vec::new();
        for h in HOOK_FILES {
            if let Some(d) = h.dir_env.and_then(var) {
                env_dirs.push((h.dir, d));
            }
        }
        Places::build(&BuildInput {
            store_root: store.root(),
            user_data: &store.user_dirs().data,
            user_config: &store.user_dirs().config_file,
            home: home.as_deref(),
            cwd,
            env_dirs: &env_dirs,
            program: current_exe(),
            path_dirs: &std::env::var_os("PATH")
                .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .unwrap_or_default(),
        })
    }

    fn build(i: &BuildInput<'_>) -> Places {
        // Places share their components (`Arc<str>`): the hook files under the project, the
        // working folder and the home folder reuse one copy of each base, and the fixed names
        // are folded once.
        let abs = |p: &Path| -> Option<Vec<String>> {
            let s = p.to_string_lossy();
            if !is_absolute(&s) {
                return None;
            }
            Some(normalize(Vec::new(), &s))
        };
        let shared = |v: &Option<Vec<String>>| -> Option<Vec<Arc<str>>> {
            v.as_ref().map(|c| c.iter().map(|s| Arc::from(s.as_str())).collect())
        };
        let home = i.home.and_then(abs);
        let cwd = i.cwd.and_then(abs);
        let mut places = Vec::new();
        let mut add = |comps: Option<Vec<Arc<str>>>, kind: Kind| {
            if let Some(c) = comps.filter(|c| !c.is_empty()) {
                places.push(Place { comps: c, anchored: true, kind });
            }
        };
        let join = |base: &Option<Vec<Arc<str>>>, rest: &[&Arc<str>]| -> Option<Vec<Arc<str>>> {
            base.as_ref().map(|b| {
                let mut v = Vec::with_capacity(b.len() + rest.len());
                v.extend(b.iter().cloned());
                v.extend(rest.iter().map(|s| Arc::clone(s)));
                v
            })
        };
        let secret: Arc<str> = fold(layout::SECRET).into();
        let key_file: Arc<str> = fold(super::intel::KEY_FILE).into();
        let root = shared(&abs(i.store_root));
        add(root.clone(), Kind::Store);
        add(join(&root, &[&secret]), Kind::Secret);
        add(join(&root, &[&key_file]), Kind::Secret);
        let data = shared(&abs(i.user_data));
        add(data.clone(), Kind::UserStore);
        add(join(&data, &[&secret]), Kind::Secret);
        add(join(&data, &[&key_file]), Kind::Secret);
        let config = shared(&abs(i.user_config));
        add(
            config.clone().map(|mut c| {
                c.pop();
                c
            }),
            Kind::UserConfig,
        );
        // The user config may hold `server.admin_key`, which opens the human routes.
        add(config, Kind::ServerKeys);
        if cfg!(unix) {
            for d in SYSTEM_AGENT_DIRS {
                add(shared(&abs(Path::new(d))), Kind::HookSettings);
            }
        }
        add(shared(&i.program.and_then(abs)), Kind::Program);
        // The hooks run `aiperture` by name: a file of that name in any folder on the PATH
        // would be run instead.
        let program_names: [Arc<str>; 2] = [fold("aiperture").into(), fold("aiperture.exe").into()];
        for d in i.path_dirs {
            let dir = shared(&abs(d));
            for name in &program_names {
                add(join(&dir, &[name]), Kind::Program);
            }
        }
        // Hook settings: in the project (the store's parent), the working folder and the
        // user's folders.
        let store_dir: Arc<str> = fold(layout::STORE_DIR).into();
        let project = root
            .as_ref()
            .filter(|r| r.last().is_some_and(|l| *l == store_dir))
            .map(|r| r[..r.len() - 1].to_vec());
        let mut bases: Vec<Vec<Arc<str>>> = Vec::new();
        for b in [project, shared(&cwd), shared(&home)].into_iter().flatten() {
            if !bases.contains(&b) {
                bases.push(b);
            }
        }
        let mut unanchored = Vec::new();
        for h in HOOK_FILES {
            let dir: Arc<str> = fold(h.dir).into();
            let files: Vec<Arc<str>> =
                file_variants(h.file).iter().map(|f| Arc::from(fold(f))).collect();
            let mut dirs: Vec<Vec<Arc<str>>> = bases
                .iter()
                .map(|b| {
                    let mut d = b.clone();
                    d.push(Arc::clone(&dir));
                    d
                })
                .collect();
            for (name, d) in i.env_dirs {
                if *name == h.dir
                    && let Some(d) = shared(&abs(d))
                {
                    dirs.push(d);
                }
            }
            for d in &dirs {
                for f in &files {
                    add(join(&Some(d.clone()), &[f]), Kind::HookSettings);
                }
            }
            // Any agent's hook settings, wherever they are: another project's judge other
            // sessions, and Codex reads every `.codex/config.toml` between the project and the
            // working folder.
            for f in &files {
                unanchored.push(Place {
                    comps: vec![Arc::clone(&dir), Arc::clone(f)],
                    anchored: false,
                    kind: Kind::HookSettings,
                });
            }
        }
        places.append(&mut unanchored);
        // Any store folder, wherever it is, and its members (so that a relative path from an
        // unknown folder, `rm journal/HEAD`, is recognised).
        places.push(Place {
            comps: vec![Arc::clone(&store_dir)],
            anchored: false,
            kind: Kind::Store,
        });
        for m in STORE_MEMBERS {
            let mut comps = vec![Arc::clone(&store_dir)];
            comps.extend(m.split('/').map(|c| Arc::from(fold(c))));
            places.push(Place { comps, anchored: false, kind: Kind::Store });
        }
        for s in [&secret, &key_file] {
            places.push(Place {
                comps: vec![Arc::clone(&store_dir), Arc::clone(s)],
                anchored: false,
                kind: Kind::Secret,
            });
        }
        Places { list: places, home, cwd }
    }
}

struct BuildInput<'a> {
    store_root: &'a Path,
    user_data: &'a Path,
    user_config: &'a Path,
    home: Option<&'a Path>,
    cwd: Option<&'a Path>,
    env_dirs: &'a [(&'static str, PathBuf)],
    program: Option<&'a Path>,
    /// The folders of `PATH`.
    path_dirs: &'a [PathBuf],
}

/// `settings.json` and `settings.local.json`.
fn file_variants(file: &str) -> Vec<String> {
    match file.strip_suffix(".json") {
        Some(stem) => vec![file.to_owned(), format!("{stem}.local.json")],
        None => vec![file.to_owned()],
    }
}

fn current_exe() -> Option<&'static Path> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(|| std::env::current_exe().ok()).as_deref()
}

fn is_absolute(s: &str) -> bool {
    s.starts_with('/') || (cfg!(windows) && (s.starts_with('\\') || s.get(1..2) == Some(":")))
}

/// A name as compared on this platform.
fn fold(s: &str) -> String {
    if CASE_INSENSITIVE { s.to_lowercase() } else { s.to_owned() }
}

/// Append the components of `path` to `base`, folding `.` and `..` lexically. A `..` above
/// the start of a floating path is dropped (the unknown prefix absorbs it).
fn normalize(mut base: Vec<String>, path: &str) -> Vec<String> {
    let split: Box<dyn Iterator<Item = &str>> =
        if cfg!(windows) { Box::new(path.split(['/', '\\'])) } else { Box::new(path.split('/')) };
    for c in split {
        match c {
            "" | "." => {}
            ".." => {
                base.pop();
            }
            c => base.push(fold(c)),
        }
    }
    base
}

/// A path named by a word, resolved as far as it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Named {
    comps: Vec<String>,
    /// False when an unknown prefix comes first (unknown working folder or value).
    anchored: bool,
    /// Its `*`s stand for unknown values, which may start with a `.` or be empty.
    loose: bool,
}

/// A path component with unknown expansions (`.ai${X}perture`, `$X.aiperture`) as a glob with
/// `*` for each; `None` when nothing else is left (`$X`, `$(cmd)`).
fn unknown_as_glob(comp: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = comp.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => {
                match chars.peek() {
                    Some('{' | '(') => {
                        let (open, close) =
                            if chars.peek() == Some(&'{') { ('{', '}') } else { ('(', ')') };
                        let mut depth = 0;
                        for d in chars.by_ref() {
                            if d == open {
                                depth += 1;
                            } else if d == close {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                        }
                    }
                    Some(d) if d.is_ascii_alphabetic() || *d == '_' => {
                        while chars.peek().is_some_and(|d| d.is_ascii_alphanumeric() || *d == '_') {
                            chars.next();
                        }
                    }
                    Some(_) => {
                        chars.next();
                    }
                    None => {}
                }
                out.push('*');
            }
            '`' => {
                for d in chars.by_ref() {
                    if d == '`' {
                        break;
                    }
                }
                out.push('*');
            }
            c => out.push(c),
        }
    }
    out.chars().any(|c| c != '*').then_some(out)
}

/// `/proc/<pid>/root/x` is `/x`; `/proc/<pid>/cwd/x` is `x` in some process's working folder
/// (an unknown one).
fn through_proc(mut n: Named) -> Named {
    while n.anchored && n.comps.len() >= 3 && n.comps[0] == "proc" {
        match n.comps[2].as_str() {
            "root" => {
                n.comps.drain(..3);
            }
            "cwd" => {
                n.comps.drain(..3);
                n.anchored = false;
            }
            _ => break,
        }
    }
    n
}

/// How a named path relates to a protected one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Rel {
    /// It could be the protected path or lie inside it.
    at: bool,
    /// It could be a folder that holds the protected path.
    ancestor: bool,
}

impl Rel {
    fn or(self, o: Rel) -> Rel {
        Rel { at: self.at || o.at, ancestor: self.ancestor || o.ancestor }
    }
}

/// Per-check matching options.
#[derive(Debug, Clone, Copy)]
struct Opts {
    dotglob: bool,
    /// `HOME` is assigned in the command, so `~` no longer names the user's home folder.
    home_moved: bool,
    /// `PATH` is assigned in the command, so a program name may find another program.
    path_moved: bool,
}

/// Folders whose programs are the system's own: a read-only program named by a path is only
/// trusted there (`./cat` may be anything).
pub const SYSTEM_BIN: &[&str] =
    &["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin"];

fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Whether a word component could match a file name.
fn comp_matches(pat: &str, name: &str, o: Opts) -> bool {
    if !has_glob(pat) {
        return pat == name;
    }
    if pat.contains('(') {
        // An extended glob: anything.
        return o.dotglob || !name.starts_with('.') || pat.starts_with('.');
    }
    if name.starts_with('.') && !pat.starts_with('.') && !o.dotglob {
        return false;
    }
    Glob::lenient(&pat.replace("[^", "[!")).matches(name)
}

/// Compare `w` with `p` from their starts.
fn cmp<P: AsRef<str>>(w: &[String], p: &[P], o: Opts, budget: &mut u32) -> Rel {
    if *budget == 0 {
        return Rel { at: true, ancestor: true };
    }
    *budget -= 1;
    match (w.first(), p.first()) {
        // Exhausted together (the same path) or the word goes deeper (inside).
        (_, None) => Rel { at: true, ancestor: false },
        (None, Some(_)) => Rel { at: false, ancestor: true },
        (Some(wc), Some(pc)) if wc == "**" => {
            let mut r = cmp(&w[1..], p, o, budget);
            if o.dotglob || !pc.as_ref().starts_with('.') {
                r = r.or(cmp(w, &p[1..], o, budget));
            }
            r
        }
        (Some(wc), Some(pc)) => {
            if comp_matches(wc, pc.as_ref(), o) {
                cmp(&w[1..], &p[1..], o, budget)
            } else {
                Rel::default()
            }
        }
    }
}

/// How `n` relates to `p`, over every alignment an unknown prefix allows. Ancestry is only
/// claimed between anchored paths.
fn relate(n: &Named, p: &Place, o: Opts) -> Rel {
    let o = if n.loose { Opts { dotglob: true, ..o } } else { o };
    let mut budget = 4096;
    if n.anchored && p.anchored {
        return cmp(&n.comps, &p.comps, o, &mut budget);
    }
    let mut r = Rel::default();
    if !p.anchored {
        for j in 0..n.comps.len() {
            r.at |= cmp(&n.comps[j..], &p.comps, o, &mut budget).at;
        }
    }
    if !n.anchored {
        for k in 0..p.comps.len() {
            r.at |= cmp(&n.comps, &p.comps[k..], o, &mut budget).at;
        }
    }
    r
}

impl Places {
    /// Resolve a word as a path, from the command's working folder `cmd_cwd` (as the shell
    /// analysis tracks it: relative to the request's folder, `~`-based or absolute; `None`
    /// when unknown).
    fn resolve(&self, text: &str, known: bool, cmd_cwd: Option<&str>) -> Option<Named> {
        let text = text.trim();
        if text.is_empty() || text.contains('\n') {
            return None;
        }
        let mut text = text.to_owned();
        if !known || text.contains('$') || text.contains('`') {
            for h in ["${HOME}", "$HOME"] {
                if let Some(rest) = text.strip_prefix(h) {
                    text = format!("~{rest}");
                }
            }
            // Whatever follows the last unknown component.
            let comps: Vec<&str> = text.split('/').collect();
            if let Some(last) = comps.iter().rposition(|c| c.contains('$') || c.contains('`')) {
                let rest = comps[last + 1..].join("/");
                let mut c = normalize(Vec::new(), &rest);
                // `/proc/$$/cwd/x`, `/proc/$PID/root/x`.
                if last >= 1
                    && comps[last - 1] == "proc"
                    && c.first().is_some_and(|f| f == "cwd" || f == "root")
                {
                    c.remove(0);
                }
                // `.ai${X}perture`: the unknown part may be anything, the empty string included.
                let mut loose = false;
                if let Some(g) = unknown_as_glob(comps[last]) {
                    c.insert(0, fold(&g));
                    loose = true;
                }
                return (!c.is_empty()).then_some(Named { comps: c, anchored: false, loose });
            }
        }
        let from = |base: Option<Vec<String>>, rest: &str| -> Named {
            match base {
                Some(b) => {
                    through_proc(Named { comps: normalize(b, rest), anchored: true, loose: false })
                }
                None => Named { comps: normalize(Vec::new(), rest), anchored: false, loose: false },
            }
        };
        if is_absolute(&text) {
            let n = from(Some(Vec::new()), &text);
            // `/proc/self/cwd/x` is `x` from the command's own working folder.
            if let Some(rest) = text.strip_prefix('/').map(|t| normalize(Vec::new(), t))
                && rest.len() >= 3
                && rest[0] == "proc"
                && matches!(rest[1].as_str(), "self" | "thread-self" | "$$")
                && rest[2] == "cwd"
            {
                return self.resolve(&format!("./{}", rest[3..].join("/")), known, cmd_cwd);
            }
            return Some(n);
        }
        if text == "~" || text.starts_with("~/") {
            return Some(from(self.home.clone(), &text[1..]));
        }
        if text.starts_with('~') {
            let rest = text.split_once('/').map_or("", |(_, r)| r);
            return Some(from(None, rest));
        }
        let base = match cmd_cwd {
            None => None,
            Some(c) if is_absolute(c) => Some(normalize(Vec::new(), c)),
            Some(c) if c == "~" || c.starts_with("~/") => {
                self.home.clone().map(|h| normalize(h, &c[1..]))
            }
            Some(c) if c.starts_with('~') => None,
            Some(c) => self.cwd.clone().map(|w| normalize(w, c)),
        };
        Some(from(base, &text))
    }

    /// The first protected place `n` could be (or lie inside), with `ancestors`: or hold.
    fn hit(&self, n: &Named, ancestors: bool, o: Opts, only: Option<Kind>) -> Option<Kind> {
        let wide = ancestors && self.whole_system(n, o);
        let wanted =
            |p: &Place| only.is_none_or(|k| p.kind == k || (k == Kind::Secret && p.kind.secret()));
        self.list.iter().filter(|p| wanted(p)).find_map(|p| {
            let r = relate(n, p, o);
            (r.at || (ancestors && r.ancestor && !wide)).then_some(p.kind)
        })
    }

    /// `/`, the home folder or a folder above it: deleting these is CRITICAL for the risk
    /// tiers, where a human decides each time, rather than a self-protection matter.
    fn whole_system(&self, n: &Named, o: Opts) -> bool {
        if !n.anchored || n.comps.is_empty() {
            return true;
        }
        self.home.as_ref().is_some_and(|h| {
            let mut budget = 4096;
            let r = cmp(&n.comps, h, o, &mut budget);
            r.ancestor || (r.at && n.comps.len() <= h.len())
        })
    }

    /// Whether `n` is (or could be) a store folder itself, which holds a secret.
    fn is_store_folder(&self, n: &Named, o: Opts) -> bool {
        let roots = self.list.iter().filter(|p| {
            matches!(p.kind, Kind::Store | Kind::UserStore) && (p.anchored || p.comps.len() == 1)
        });
        roots.into_iter().any(|p| {
            let mut budget = 4096;
            if n.anchored && p.anchored {
                let r = cmp(&n.comps, &p.comps, o, &mut budget);
                return r.at && n.comps.len() <= p.comps.len();
            }
            // Ends with the store's name.
            n.comps.last().is_some_and(|l| p.comps.last().is_some_and(|pl| comp_matches(l, pl, o)))
        })
    }
}

/// The path-like candidates of one argument: itself, an option's attached value (`-oX`,
/// `--output=X`, `of=X`), and the file behind `@X` or `file://X`.
fn candidates(text: &str) -> Vec<&str> {
    let mut out = vec![text];
    if let Some((_, v)) = text.split_once('=') {
        out.push(v);
    }
    if text.starts_with('-') && !text.starts_with("--") {
        // A cluster of short options with a value attached after any of them.
        for (i, _) in text.char_indices().skip(2).take(8) {
            out.push(&text[i..]);
        }
    }
    let more: Vec<&str> = out
        .iter()
        .filter_map(|c| c.strip_prefix('@').or_else(|| c.strip_prefix("file://")))
        .collect();
    out.extend(more);
    out
}

/// The path-like tokens of a piece of code: split at quotes, brackets, separators and
/// blanks; only tokens that look like paths (a `/`, or a leading `.` or `~`).
fn script_tokens(code: &str) -> impl Iterator<Item = &str> {
    code.split(|c: char| c.is_whitespace() || "'\"`()[]{},;=<>|&+".contains(c))
        .filter(|t| t.contains('/') || t.starts_with('.') || t.starts_with('~'))
        .filter(|t| !t.contains("://"))
}

/// Why a request is refused by self-protection, if it is.
pub fn violation(req: &Request, analysis: &Analysis, places: &Places) -> Option<String> {
    if let Some(why) = route_violation(&req.scope) {
        return Some(why);
    }
    if !analysis.commands.is_empty() || !analysis.parsed {
        return shell_violation(&req.scope, places);
    }
    // A shell line of bare assignments runs no command (`AIPERTURE_STORE=/tmp/x`).
    if req.scope.to_ascii_uppercase().contains("AIPERTURE_")
        && let Some(why) = env_text_violation(&req.scope)
    {
        return Some(why);
    }
    file_violation(req, places).or_else(|| {
        // An MCP or other tool that runs what it is given (`mcp__shell__exec`): its scope is
        // judged as a shell command too, unless the tool only reads.
        let action = req.action.to_ascii_lowercase();
        let reads = action.split(['.', '_', '-', ' ']).any(|t| READ_ACTIONS.contains(&t))
            && !action.contains("write");
        (!reads && req.scope.contains(' ')).then(|| shell_violation(&req.scope, places)).flatten()
    })
}

/// A non-shell request: the scope (and each of its space-separated parts) as a path.
fn file_violation(req: &Request, places: &Places) -> Option<String> {
    let action = req.action.to_ascii_lowercase();
    let read = action.split(['.', '_', '-', ' ']).any(|t| READ_ACTIONS.contains(&t))
        && !action.contains("write");
    let delete = action.contains("delete") || action.contains("move") || action.contains("rename");
    let o = Opts { dotglob: false, home_moved: false, path_moved: false };
    let cwd = Some(".");
    let mut words: Vec<&str> = vec![req.scope.as_str()];
    if req.scope.contains(' ') {
        words.extend(req.scope.split_whitespace());
    }
    for w in words {
        let Some(n) = places.resolve(w, true, cwd) else { continue };
        if let Some(kind) = places.hit(&n, false, o, Some(Kind::Secret)) {
            return Some(format!("`{}` of {} is not allowed", req.action, kind.describe()));
        }
        if read {
            if places.is_store_folder(&n, o) && !has_glob(w) {
                return Some("reading a whole aiperture store folder reads its secret".into());
            }
            continue;
        }
        if let Some(kind) = places.hit(&n, delete, o, None) {
            return Some(format!(
                "`{}` on {} is not allowed for agents",
                req.action,
                kind.describe()
            ));
        }
    }
    None
}

/// A shell command, part by part.
fn shell_violation(scope: &str, places: &Places) -> Option<String> {
    if let Some(why) = env_text_violation(scope) {
        return Some(why);
    }
    let Ok(a) = shell::analyze_full(scope) else { return unparsed_violation(scope) };
    if let Some(name) = a.assigned.iter().find(|n| is_aiperture_var(n)) {
        return Some(format!("agents may not set {name}: it changes what judges them"));
    }
    let prefix = a.cmds.iter().flat_map(|c| c.assigns.iter().map(|(n, _)| n.as_str()));
    let set_by = a.cmds.iter().filter(|c| c.prog().is_some_and(|p| SETTERS.contains(&p.as_str())));
    let set_by =
        set_by.flat_map(|c| c.args().iter().map(|f| f.text.split('=').next().unwrap_or("")));
    let names: Vec<&str> =
        a.assigned.iter().map(String::as_str).chain(prefix).chain(set_by).collect();
    let o = Opts {
        dotglob: ["dotglob", "globdots", "GLOBIGNORE"].iter().any(|k| scope.contains(k)),
        home_moved: names.contains(&"HOME"),
        path_moved: names.contains(&"PATH"),
    };
    for (i, c) in a.cmds.iter().enumerate() {
        if let Some(why) = command_violation(c, i, &a.cmds, places, o) {
            return Some(why);
        }
    }
    None
}

/// Not parseable as a shell command: refuse anything that names aiperture or a protected
/// folder at all.
fn unparsed_violation(scope: &str) -> Option<String> {
    let lower = scope.to_ascii_lowercase();
    let names = [
        "aiperture",
        ".claude",
        ".codex",
        ".gemini",
        ".cursor",
        "claude-code",
        "claudecode",
        "gemini-cli",
        "geminicli",
        "/etc/codex",
        "/etc/cursor",
    ];
    names
        .iter()
        .any(|n| lower.contains(n))
        .then(|| "the command cannot be analysed and names aiperture or an agent's settings".into())
}

fn is_aiperture_var(name: &str) -> bool {
    name.get(..10).is_some_and(|p| p.eq_ignore_ascii_case("AIPERTURE_"))
}

/// `AIPERTURE_X=…`, `${AIPERTURE_X:=…}`, `for AIPERTURE_X in`, `$env:AIPERTURE_X = …` in the
/// text itself (bare assignments run no command, so the analysis has no part for them).
fn env_text_violation(scope: &str) -> Option<String> {
    let upper = scope.to_ascii_uppercase();
    let mut from = 0;
    while let Some(at) = upper[from..].find("AIPERTURE_").map(|i| i + from) {
        let end = upper[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(upper.len(), |i| i + at);
        let rest = &upper[end..];
        let before = upper[..at].trim_end();
        let assigns = rest.starts_with('=')
            || rest.starts_with("+=")
            || rest.starts_with(":=")
            || (before.ends_with("ENV:") && rest.trim_start().starts_with('='))
            || before.ends_with("FOR");
        if assigns && !rest.starts_with("==") {
            return Some(format!(
                "agents may not set {}: it changes what judges them",
                &scope[at..end]
            ));
        }
        from = end.max(at + 1);
    }
    None
}

fn command_violation(c: &Cmd, idx: usize, all: &[Cmd], places: &Places, o: Opts) -> Option<String> {
    let prog = c.prog();
    let args = c.args();
    let cwd = c.cwd.as_deref();

    // Variables.
    if let Some((n, _)) = c.assigns.iter().find(|(n, _)| is_aiperture_var(n)) {
        return Some(format!("agents may not set {n}: it changes what judges them"));
    }
    if prog.as_deref().is_some_and(|p| SETTERS.contains(&p))
        && let Some(a) = args.iter().find(|a| is_aiperture_var(&a.text))
    {
        return Some(format!(
            "agents may not set or unset {}: it changes what judges them",
            a.text.split('=').next().unwrap_or_default()
        ));
    }

    // HTTP routes, in every expanded word.
    for w in &c.argv {
        if let Some(why) = route_violation(&w.text) {
            return Some(why);
        }
    }
    if patch_config(&c.argv) {
        return Some("agents may not change aiperture's configuration over HTTP".into());
    }

    // aiperture itself.
    // (A glob in the program word expands against the working folder: `aip*ture`.)
    let is_aiperture = prog.as_deref().is_some_and(|p| comp_matches(p, "aiperture", o))
        || c.argv.first().is_some_and(|f| {
            f.known
                && places
                    .resolve(&f.text, true, cwd)
                    .is_some_and(|n| places.hit(&n, false, o, Some(Kind::Program)).is_some())
        });
    // The system's own program: found on an unchanged PATH, or named in a system folder.
    let system_program = !o.path_moved
        && c.argv.first().is_some_and(|f| match f.text.rsplit_once('/') {
            None => true,
            Some((dir, _)) => SYSTEM_BIN.contains(&dir),
        });
    let mut read_only = system_program
        && prog.as_deref().is_some_and(|p| registry::has(p, Props::READS_ONLY))
        && !(prog.as_deref() == Some("rg") && args.iter().any(|a| a.text.starts_with("--pre")));
    if is_aiperture {
        if let Some(why) = aiperture_violation(c) {
            return Some(why);
        }
        read_only = true;
    }

    // `HOME=/elsewhere; rm -rf ~/…`: `~` is no longer the home folder the places are built
    // on, so a part that names a `~` path (or runs under `cd ~`) is refused.
    if o.home_moved && !prog.as_deref().is_some_and(|p| registry::has(p, Props::METADATA_ONLY)) {
        let tilde = |t: &str| t.starts_with('~');
        if args.iter().any(|a| candidates(&a.text).into_iter().any(tilde))
            || c.redirs.iter().any(|r| tilde(&r.target.text))
            || cwd.is_some_and(tilde)
        {
            return Some(
                "the command assigns HOME and then names a `~` path, which may be protected".into(),
            );
        }
    }

    // Code and scripts name files inside strings: `python3 -c "open('.aiperture/x','w')"`,
    // `sed 's/a/b/w .aiperture/x'`, a heredoc fed to an interpreter.
    let scripted = c.code.is_some()
        || prog.as_deref().is_some_and(|p| {
            p == "sed" || shell::interpreter_lang(p).is_some() || CODE_TAKERS.contains(&p)
        });
    // `git -c core.pager='tee x' log`, `git -c alias.x='!rm x' x`: config values run too.
    let git_config: Vec<&str> = if prog.as_deref() == Some("git") {
        args.windows(2).filter(|w| w[0].text == "-c").map(|w| w[1].text.as_str()).collect()
    } else {
        Vec::new()
    };
    if scripted || !git_config.is_empty() {
        let literal = match &c.stdin {
            shell::Stdin::Literal(t) if scripted => Some(t.as_str()),
            _ => None,
        };
        let all_args = args.iter().filter(|_| scripted).map(|a| a.text.as_str());
        let texts = all_args.chain(git_config.iter().copied()).chain(literal);
        for token in texts.flat_map(script_tokens) {
            for cand in candidates(token) {
                if let Some(n) = places.resolve(cand, true, cwd)
                    && let Some(kind) = places.hit(&n, false, o, None)
                {
                    return Some(format!("the command's code names {}", kind.describe()));
                }
            }
        }
    }

    // A patch given as literal input (`git apply <<'EOF'`, `patch -p1 <<< …`) writes the
    // files its headers name.
    if let shell::Stdin::Literal(text) = &c.stdin
        && applies_patches(prog.as_deref(), args)
    {
        for target in patch_targets(text) {
            if let Some(n) = places.resolve(&target, true, cwd)
                && let Some(kind) = places.hit(&n, false, o, None)
            {
                return Some(format!("the patch it applies changes {}", kind.describe()));
            }
        }
    }

    // Secrets: read by anyone.
    let metadata = prog.as_deref().is_some_and(|p| registry::has(p, Props::METADATA_ONLY));
    let reads = args.iter().filter(|a| a.proc_sub.is_none()).map(|a| (a.text.as_str(), a.known));
    let sources = c
        .redirs
        .iter()
        .filter(|r| r.is_read() || r.is_write())
        .map(|r| (r.target.text.as_str(), r.target.known));
    // Standard input opened on a file by an enclosing `{ …; } < f` or `while …; done < f`.
    let stdin_file = match &c.stdin {
        shell::Stdin::File(f) => Some((f.text.as_str(), f.known)),
        _ => None,
    };
    for (text, known) in reads.chain(sources).chain(stdin_file) {
        for cand in candidates(text) {
            let Some(n) = places.resolve(cand, known, cwd) else { continue };
            if let Some(kind) = places.hit(&n, false, o, Some(Kind::Secret)) {
                return Some(format!("the command may read {}", kind.describe()));
            }
            if !metadata && prog.as_deref() != Some("find") && places.is_store_folder(&n, o) {
                return Some("the command may read the aiperture store's secret".into());
            }
        }
    }

    // Writes: redirect targets, for every program.
    for r in c.redirs.iter().filter(|r| r.is_write()) {
        if let Some(n) = places.resolve(&r.target.text, r.target.known, cwd)
            && let Some(kind) = places.hit(&n, false, o, None)
        {
            return Some(format!("the command may write to {}", kind.describe()));
        }
    }

    if prog.as_deref() == Some("find") {
        return find_violation(c, places, o);
    }
    // `… | xargs rm`: the paths come from the commands upstream.
    // `echo X | xargs rm`, `xargs rm <<< X`: the paths are the literal input's words.
    if matches!(prog.as_deref(), Some("xargs" | "parallel")) {
        let inner = all.get(idx + 1).filter(|n| n.extra_args);
        let inner_reads =
            inner.and_then(Cmd::prog).is_some_and(|p| registry::has(&p, Props::READS_ONLY));
        let tree = inner.and_then(Cmd::prog).is_none_or(|p| TREE_CHANGERS.contains(&p.as_str()));
        let named = match &c.stdin {
            shell::Stdin::Upstream(from, to) => {
                let upstream = all.get(*from..(*to).min(idx)).unwrap_or_default();
                upstream_names(upstream, places, o, tree)
            }
            shell::Stdin::Literal(t) => literal_names(t, cwd, places, o, tree),
            _ => false,
        };
        if !inner_reads && named {
            return Some("the command may change a protected location named upstream".into());
        }
    }
    if read_only {
        return None;
    }

    // `rm -rf "$(aiperture where)"`: what aiperture prints (the store, its paths) may name a
    // protected location, and is only known when it runs.
    let from_aiperture = |f: &Field| {
        f.from.is_some_and(|(s, e)| {
            all.get(s..e.min(all.len()))
                .unwrap_or_default()
                .iter()
                .any(|u| u.prog().is_some_and(|p| comp_matches(&p, "aiperture", o)))
        })
    };
    if args.iter().chain(c.redirs.iter().map(|r| &r.target)).any(from_aiperture) {
        return Some("the command acts on a path aiperture prints, which may be protected".into());
    }

    // Any other program may write what it names, redirect sources included.
    let tree = prog.as_deref().is_some_and(|p| TREE_CHANGERS.contains(&p));
    let sources = c.redirs.iter().filter(|r| r.is_read()).map(|r| &r.target);
    for a in args.iter().filter(|a| a.proc_sub.is_none()).chain(sources) {
        for cand in candidates(&a.text) {
            if let Some(n) = places.resolve(cand, a.known, cwd)
                && let Some(kind) = places.hit(&n, tree, o, None)
            {
                return Some(format!("the command may change {}", kind.describe()));
            }
        }
    }
    if let Some(p) = prog.as_deref().filter(|p| COPIERS.contains(p))
        && let Some(why) = copy_violation(p, args, cwd, places, o)
    {
        return Some(why);
    }
    if let Some(why) = implicit_tree_violation(prog.as_deref(), args, cwd, places, o) {
        return Some(why);
    }
    if let Some(why) = link_violation(prog.as_deref(), args, cwd, places, o) {
        return Some(why);
    }
    None
}

/// A link or bind mount to a folder that holds a protected location gives it a second name
/// that no later check can see through (`ln -s ~/.local/share l; rm l/aiperture/…`): refused,
/// for any folder above one, `/` and the home folder included.
fn link_violation(
    prog: Option<&str>,
    args: &[Field],
    cwd: Option<&str>,
    places: &Places,
    o: Opts,
) -> Option<String> {
    let prog = prog?;
    let short = |c: char| {
        args.iter()
            .any(|a| a.text.starts_with('-') && !a.text.starts_with("--") && a.text.contains(c))
    };
    let long = |l: &str| args.iter().any(|a| a.text == l || a.text.starts_with(&format!("{l}=")));
    let linking = match prog {
        "ln" | "link" | "bindfs" => true,
        "cp" => short('s') || short('l') || long("--link") || long("--symbolic-link"),
        "mount" => {
            long("--bind")
                || long("--rbind")
                || short('B')
                || args.iter().any(|a| a.text.split(',').any(|p| p == "bind" || p == "rbind"))
        }
        _ => false,
    };
    if !linking {
        return None;
    }
    // Operands, skipping the values of `-t`/`-S`/`-o`/`-T`-style options.
    let mut operands: Vec<&Field> = Vec::new();
    let mut target_dir: Option<&Field> = None;
    let mut i = 0;
    let mut attached: Option<String> = None;
    // Short options that take a value: `-t DIR` (ln, cp), `-S SUFFIX`, mount's `-o`/`-t`.
    let valued: &[char] = if prog == "mount" { &['o', 't', 'O', 'L', 'U'] } else { &['t', 'S'] };
    while i < args.len() {
        let t = args[i].text.as_str();
        if t == "--target-directory" {
            target_dir = args.get(i + 1);
            i += 1;
        } else if let Some(v) = t.strip_prefix("--target-directory=") {
            attached = Some(v.to_owned());
        } else if matches!(t, "--suffix" | "--options" | "--types") {
            i += 1;
        } else if t.starts_with('-') && !t.starts_with("--") && t.len() > 1 {
            if let Some((at, c)) = t.char_indices().skip(1).find(|(_, c)| valued.contains(c)) {
                let rest = &t[at + c.len_utf8()..];
                let value = if rest.is_empty() {
                    i += 1;
                    args.get(i).map(|a| a.text.clone())
                } else {
                    Some(rest.to_owned())
                };
                if c == 't' && prog != "mount" {
                    attached = value;
                }
            }
        } else if !t.starts_with('-') || t == "-" {
            operands.push(&args[i]);
        }
        i += 1;
    }
    let target_dir = target_dir.map(|d| d.text.clone()).or(attached);
    let (sources, link_dir): (Vec<&Field>, Option<String>) = match (target_dir, operands.len()) {
        (Some(d), _) => (operands, Some(d)),
        (None, 0) => return None,
        (None, 1) => (operands, Some(".".into())),
        (None, n) => {
            let last = &operands[n - 1].text;
            let dir = if n > 2 || last.ends_with('/') {
                last.clone()
            } else {
                last.rsplit_once('/')
                    .map_or(".".into(), |(d, _)| if d.is_empty() { "/".into() } else { d.into() })
            };
            (operands[..n - 1].to_vec(), Some(dir))
        }
    };
    for s in sources {
        let mut named = vec![places.resolve(&s.text, s.known, cwd)];
        // A relative symbolic link target is relative to the link's folder.
        if let Some(d) =
            link_dir.as_deref().filter(|_| !is_absolute(&s.text) && !s.text.starts_with('~'))
        {
            named.push(places.resolve(&format!("{d}/{}", s.text), s.known, cwd));
        }
        for n in named.into_iter().flatten() {
            if let Some(p) = places.list.iter().find(|p| {
                let r = relate(&n, p, o);
                r.at || r.ancestor
            }) {
                return Some(format!(
                    "the command makes another name for {} (or a folder above it)",
                    p.kind.describe()
                ));
            }
        }
    }
    None
}

/// Whether a literal `xargs` input (words split at blanks and NULs) names a protected location.
fn literal_names(text: &str, cwd: Option<&str>, places: &Places, o: Opts, tree: bool) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '\0').filter(|w| !w.is_empty()).any(|w| {
        let w = w.trim_matches(|c| c == '\'' || c == '"');
        places.resolve(w, true, cwd).is_some_and(|n| places.hit(&n, tree, o, None).is_some())
    })
}

/// Programs that apply a patch read from standard input.
fn applies_patches(prog: Option<&str>, args: &[Field]) -> bool {
    match prog {
        Some("patch" | "apply_patch" | "applypatch") => true,
        Some("git") => args.iter().any(|a| matches!(a.text.as_str(), "apply" | "am")),
        _ => false,
    }
}

/// The files a unified, git or Codex patch names, each also without its first component
/// (`a/x`, `b/x` are `x` under `-p1`).
fn patch_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let paths: Vec<&str> = if let Some(r) = line.strip_prefix("diff --git ") {
            r.split_whitespace().collect()
        } else if let Some(r) = ["+++ ", "--- ", "rename to ", "copy to ", "rename from "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
        {
            r.split('\t').next().into_iter().collect()
        } else if let Some(r) =
            ["*** Update File:", "*** Add File:", "*** Delete File:", "*** Move to:"]
                .iter()
                .find_map(|p| line.strip_prefix(p))
        {
            vec![r.trim()]
        } else {
            continue;
        };
        for p in paths {
            let p = p.trim().trim_matches('"');
            if p.is_empty() || p == "/dev/null" {
                continue;
            }
            out.push(p.to_owned());
            if let Some((_, rest)) = p.split_once('/') {
                out.push(rest.to_owned());
            }
        }
    }
    out
}

/// Whether the commands feeding an `xargs` name (or find) a protected location.
fn upstream_names(upstream: &[Cmd], places: &Places, o: Opts, tree: bool) -> bool {
    upstream.iter().any(|up| {
        if up.prog().as_deref() == Some("find") {
            return find_reaches(up, places, o, false);
        }
        let words = up.args().iter().map(|a| (a.text.as_str(), a.known));
        let literal = match &up.stdin {
            shell::Stdin::Literal(t) => Some(t.as_str()),
            _ => None,
        };
        words.chain(literal.into_iter().flat_map(str::split_whitespace).map(|w| (w, true))).any(
            |(text, known)| {
                places
                    .resolve(text, known, up.cwd.as_deref())
                    .is_some_and(|n| places.hit(&n, tree, o, None).is_some())
            },
        )
    })
}

/// Commands that delete a whole tree they do not name as an operand: `git clean -f` and
/// `git stash -u`/`--all` (the working folder, or their pathspecs; ignored files, which
/// include a store's local state, with `-x`/`--all`), `rsync --delete` (the destination).
fn implicit_tree_violation(
    prog: Option<&str>,
    args: &[Field],
    cwd: Option<&str>,
    places: &Places,
    o: Opts,
) -> Option<String> {
    let operands = |from: usize| -> Vec<&Field> {
        args.iter().skip(from).filter(|a| !a.text.starts_with('-')).collect()
    };
    if prog == Some("git")
        && let Some(why) = git_restore_violation(args, cwd, places, o)
    {
        return Some(why);
    }
    let trees: Vec<&Field> = match prog? {
        "git" => {
            let sub = args.iter().position(|a| a.text == "clean" || a.text == "stash")?;
            let short = |c: char| {
                args.iter().any(|a| {
                    a.text.starts_with('-') && !a.text.starts_with("--") && a.text.contains(c)
                })
            };
            let long = |l: &str| args.iter().any(|a| a.text == l);
            if args[sub].text == "clean" {
                if long("--dry-run") || short('n') {
                    return None;
                }
            } else if !(long("--all") || long("--include-untracked") || short('a') || short('u')) {
                // A plain stash touches tracked files only.
                return None;
            }
            // Pathspecs after the subcommand (`git stash push -- a b`), not its verbs.
            operands(sub + 1)
                .into_iter()
                .filter(|a| !matches!(a.text.as_str(), "push" | "save"))
                .collect()
        }
        "rsync" if args.iter().any(|a| a.text.starts_with("--delete")) => {
            operands(0).last().copied().into_iter().collect()
        }
        _ => return None,
    };
    let dot = Field { text: ".".into(), known: true, ..Field::default() };
    let trees = if trees.is_empty() { vec![&dot] } else { trees };
    for t in trees {
        if let Some(n) = places.resolve(&t.text, t.known, cwd)
            && let Some(kind) = places.hit(&n, true, o, None)
        {
            return Some(format!("the command may delete {}", kind.describe()));
        }
    }
    None
}

/// `git checkout <tree-ish> -- <pathspec>` and `git restore --source=<tree-ish> <pathspec>`
/// write every tracked file the pathspec matches from another commit. A git pathspec's `*`
/// crosses `/` and its magic (`:(glob)`, `:/`) re-roots it, so a pathspec with either, or one
/// naming a folder while a source commit is given, counts as every file under its literal
/// prefix: refused when that prefix holds a protected location.
fn git_restore_violation(
    args: &[Field],
    cwd: Option<&str>,
    places: &Places,
    o: Opts,
) -> Option<String> {
    let sub = args.iter().position(|a| a.text == "checkout" || a.text == "restore")?;
    let rest = &args[sub + 1..];
    let dashes = rest.iter().position(|a| a.text == "--");
    let restore = args[sub].text == "restore";
    let source = if restore {
        rest.iter().any(|a| {
            a.text == "-s"
                || a.text.starts_with("--source")
                || (a.text.starts_with("-s") && a.text.len() > 2)
        })
    } else {
        // `git checkout X -- paths`: X is a commit.
        dashes.is_some_and(|d| rest[..d].iter().any(|a| !a.text.starts_with('-')))
    };
    let specs: Vec<&Field> = match dashes {
        Some(d) => rest[d + 1..].iter().collect(),
        None if restore => rest.iter().filter(|a| !a.text.starts_with('-')).collect(),
        // Without `--`, the first operand of checkout may be a branch.
        None => rest.iter().filter(|a| !a.text.starts_with('-')).skip(1).collect(),
    };
    for spec in specs {
        let mut text = spec.text.as_str();
        let mut magic = false;
        let mut top = false;
        if let Some(r) = text.strip_prefix(":(") {
            let (words, t) = r.split_once(')').unwrap_or((r, ""));
            top = words.split(',').any(|w| w == "top");
            text = t;
            magic = true;
        } else if let Some(r) = text.strip_prefix(':') {
            top = r.starts_with('/');
            text = r.trim_start_matches(['/', '!', '^']);
            magic = true;
        }
        if top {
            // From the repository's root, which holds the project's store and hook settings.
            return Some(
                "the command may restore files from another commit across the whole \
                         repository, protected locations included"
                    .into(),
            );
        }
        let glob = has_glob(text);
        if !(glob || magic || source) {
            continue;
        }
        // The literal folder the pathspec starts from.
        let prefix: String = if glob {
            let cut = text.find(['*', '?', '[']).unwrap_or(text.len());
            text[..cut].rsplit_once('/').map_or(String::from("."), |(d, _)| d.to_owned())
        } else {
            text.to_owned()
        };
        let prefix = if prefix.is_empty() { "." } else { prefix.as_str() };
        if let Some(n) = places.resolve(prefix, spec.known, cwd)
            && let Some(kind) = places.hit(&n, true, o, None)
        {
            return Some(format!(
                "the command may restore {} from another commit",
                kind.describe()
            ));
        }
    }
    None
}

/// `cp a b DEST/` writes `DEST/a` and `DEST/b` (and their trees with `-r`).
fn copy_violation(
    prog: &str,
    args: &[Field],
    cwd: Option<&str>,
    places: &Places,
    o: Opts,
) -> Option<String> {
    let mut operands: Vec<&Field> = Vec::new();
    let mut target: Option<&Field> = None;
    let mut i = 0;
    let mut after = false;
    while i < args.len() {
        let t = args[i].text.as_str();
        if !after && t == "--" {
            after = true;
        } else if !after && (t == "-t" || t == "--target-directory") {
            target = args.get(i + 1);
            i += 1;
        } else if !after && let Some(v) = t.strip_prefix("--target-directory=") {
            let _ = v;
            target = Some(&args[i]);
        } else if after || !t.starts_with('-') || t == "-" {
            operands.push(&args[i]);
        }
        i += 1;
    }
    let (dest, sources): (&Field, Vec<&Field>) = if let Some(t) = target {
        (t, operands)
    } else {
        let (last, rest) = operands.split_last()?;
        (*last, rest.to_vec())
    };
    let dest_text = dest.text.strip_prefix("--target-directory=").unwrap_or(&dest.text);
    let recursive = prog == "mv"
        || prog == "rsync"
        || prog == "ditto"
        || args.iter().any(|a| {
            a.text == "--recursive"
                || a.text == "--archive"
                || (a.text.starts_with('-')
                    && !a.text.starts_with("--")
                    && a.text.contains(['r', 'R', 'a']))
        });
    for s in sources {
        let base = s.text.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
        let base = if base.is_empty() { "." } else { base };
        let joined = format!("{}/{base}", dest_text.trim_end_matches('/'));
        if let Some(n) = places.resolve(&joined, dest.known && s.known, cwd)
            && let Some(kind) = places.hit(&n, recursive, o, None)
        {
            return Some(format!("the command may write into {}", kind.describe()));
        }
    }
    None
}

/// `find` deletes, runs or writes: refused when a starting point holds a protected location
/// its name tests can reach.
fn find_violation(c: &Cmd, places: &Places, o: Opts) -> Option<String> {
    let info = shell::find_info(c.args());
    for w in &info.writes {
        if let Some(n) = places.resolve(&w.text, w.known, c.cwd.as_deref())
            && let Some(kind) = places.hit(&n, false, o, None)
        {
            return Some(format!("the command may write to {}", kind.describe()));
        }
    }
    if !info.delete && info.execs.is_empty() {
        return None;
    }
    let reads_only = !info.delete
        && info.execs.iter().all(|(_, s, _)| {
            c.args()
                .get(*s)
                .is_some_and(|p| registry::has(&shell::program_key(&p.text), Props::READS_ONLY))
        });
    find_reaches(c, places, o, reads_only).then(|| {
        "the command may delete or change a protected location under its starting points".into()
    })
}

/// Whether a `find` may act on a protected location (only secrets when `secrets_only`).
fn find_reaches(c: &Cmd, places: &Places, o: Opts, secrets_only: bool) -> bool {
    let args = c.args();
    let info = shell::find_info(args);
    // AND-ed `-name`/`-iname` tests narrow what is reached; `-o`, `!`, `-not`, `,` or `-path`
    // make the test unknowable.
    let mut names: Vec<(String, bool)> = Vec::new();
    let mut open = false;
    for (i, a) in args.iter().enumerate() {
        match a.text.as_str() {
            "-name" | "-iname" => {
                if let Some(v) = args.get(i + 1) {
                    names.push((v.text.clone(), a.text == "-iname"));
                }
            }
            "-o" | "-or" | "!" | "-not" | "," => open = true,
            _ => {}
        }
    }
    if open {
        names.clear();
    }
    let o_all = Opts { dotglob: true, ..o };
    let name_ok = |name: &str| {
        names.iter().all(|(p, ci)| {
            let (p, n) = if *ci {
                (p.to_lowercase(), name.to_lowercase())
            } else {
                (p.clone(), name.to_owned())
            };
            comp_matches(&p, &n, o_all)
        })
    };
    for r in &info.roots {
        let Some(n) = places.resolve(&r.text, r.known, c.cwd.as_deref()) else { return true };
        for p in places.list.iter().filter(|p| !secrets_only || p.kind.secret()) {
            let rel = relate(&n, p, o);
            if !(rel.at || rel.ancestor) {
                continue;
            }
            if names.is_empty() && !open {
                return true;
            }
            if open {
                return true;
            }
            // The components of `p` at or below the root.
            let depth = if n.anchored && p.anchored { n.comps.len().saturating_sub(1) } else { 0 };
            let folder = matches!(p.kind, Kind::Store | Kind::UserStore | Kind::UserConfig);
            if p.comps.iter().skip(depth).any(|comp| name_ok(comp))
                || (folder && MEMBER_NAMES.iter().any(|m| name_ok(m)))
            {
                return true;
            }
        }
    }
    false
}

/// Whether an aiperture invocation is refused.
fn aiperture_violation(c: &Cmd) -> Option<String> {
    let args: Vec<String> = c.args().iter().map(|a| a.text.clone()).collect();
    let shown = || format!("aiperture {}", args.join(" "));
    for a in &args {
        let flag = a.split('=').next().unwrap_or_default();
        if flag == "--store" || flag == "--config" {
            return Some(format!(
                "agents may not run `{}`: {flag} changes which store or settings judge them",
                shown()
            ));
        }
    }
    if c.args().iter().any(|a| !a.known || a.proc_sub.is_some()) || c.extra_args {
        return Some(format!(
            "agents may not run `{}`: its arguments are only known when it runs",
            shown()
        ));
    }
    let Some(classify) = CLASSIFIER.get() else {
        return Some(format!("agents may not run `{}`", shown()));
    };
    match classify(&args) {
        AgentUse::Allowed => None,
        AgentUse::Refused(why) => Some(format!("agents may not run `{}`: {why}", shown())),
    }
}

/// `PATCH` together with a URL ending in `/config`.
fn patch_config(argv: &[Field]) -> bool {
    let patch = argv.iter().any(|w| {
        let l = w.text.to_ascii_lowercase();
        l == "patch" || l.ends_with("=patch") || l == "-xpatch"
    });
    patch
        && argv.iter().any(|w| {
            let t = percent_decode(&w.text);
            let comps = url_comps(&t);
            t.contains(':') && comps.last().is_some_and(|l| l.eq_ignore_ascii_case("config"))
        })
}

/// A word naming a human-decision route of `aiperture serve`.
fn route_violation(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    if !HUMAN_ROUTES.iter().any(|(prefix, _, _)| lower.contains(prefix)) {
        return None;
    }
    let decoded = percent_decode(text);
    let comps = url_comps(&decoded);
    for w in comps.windows(2) {
        let Some((prefix, _, routes)) = HUMAN_ROUTES.iter().find(|(prefix, url, _)| {
            w[0].eq_ignore_ascii_case(prefix) && (!url || text.contains(':'))
        }) else {
            continue;
        };
        let tail: String = w[1]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "{}[]*?,!^_-".contains(*c))
            .collect::<String>()
            .to_ascii_lowercase();
        // The server ignores a query string: `record?x=1` is `record`.
        let path_only = tail.split('?').next().unwrap_or_default().to_owned();
        for alt in curl_braces(&tail).into_iter().chain(curl_braces(&path_only)) {
            if let Some(route) =
                routes.iter().find(|r| Glob::lenient(&alt.replace("[^", "[!")).matches(r))
            {
                return Some(format!(
                    "agents may not call aiperture's human-decision route /{prefix}/{route}: \
                     human decisions go through a human channel"
                ));
            }
        }
    }
    None
}

/// The path segments of a URL-ish word, with `.` and `..` removed.
fn url_comps(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in text.split(['/', '\\']) {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c.to_owned()),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// curl's `{a,b}` alternatives (bounded; `[…]` is already a glob class).
fn curl_braces(s: &str) -> Vec<String> {
    let mut out = vec![s.to_owned()];
    for _ in 0..4 {
        let mut next = Vec::new();
        let mut changed = false;
        for w in &out {
            if let (Some(a), Some(b)) = (w.find('{'), w.find('}'))
                && a < b
            {
                changed = true;
                for alt in w[a + 1..b].split(',') {
                    next.push(format!("{}{alt}{}", &w[..a], &w[b + 1..]));
                }
            } else {
                next.push(w.clone());
            }
        }
        out = next;
        out.truncate(64);
        if !changed {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests;
