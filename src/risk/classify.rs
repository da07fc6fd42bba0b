//! The risk classifier: tier, score, named factors and reversibility for every simple command
//! of a tool call, and for the whole call.
//!
//! Shell scopes go through `risk::shell`, which yields every simple command (nested and
//! unwrapped ones included) with its expanded arguments, redirections, standard input, working
//! folder and notes (fork bomb, code run from stdin, dynamic code, …). Each command is then
//! judged by what its program does to what: `rm -r` of the home folder, `git push --force`,
//! `curl … | sh`, a redirection into `~/.bashrc`, `DROP TABLE` handed to `psql`. Arguments that
//! are data (`grep -r "rm -rf" docs/`, `echo "DROP TABLE"`, a commit message) are never read as
//! commands. A second pass links commands: a line that reads a secret and sends anything over
//! the network is exfiltration, whichever parts do which.
//!
//! Non-shell tools are judged on their scope: file paths for file tools (writes to system or
//! persistence paths, deletions), SQL for database tools, URLs for web tools.
//!
//! Score: a command's score lies in its tier's band — LOW [0, 0.3), MEDIUM [0.3, 0.6), HIGH
//! [0.6, 0.9), CRITICAL 1.0 — starting at 0.1, 0.4 and 0.7 and rising by 0.05 per extra factor;
//! the whole call takes the highest. Rounded to 3 decimals.
//!
//! Invariants: pure, deterministic (factor order is fixed: by tier, then discovery order), no
//! panics; the whole is never lower than its worst part; custom rules can only raise a tier;
//! anything that cannot be parsed or resolved is at least HIGH.

// Pedantic style lints that fight the shape of this code: parsers and tables naturally have
// match arms with equal bodies and short local names (`a`, `b`, `c` for bytes and atoms).
#![allow(
    clippy::match_same_arms,
    clippy::many_single_char_names,
    clippy::similar_names,
    clippy::items_after_statements,
    clippy::case_sensitive_file_extension_comparisons
)]

use std::borrow::Cow;
use std::collections::HashSet;

use super::code::Lang;
use super::explain;
use super::factor::Factor;
use super::paths::{self, Loc, PathInfo};
use super::registry;
use super::rules;
use super::shell::{self, Cmd, Field, Note, SimpleCommand, Stdin};
use super::sql;
use super::{RiskAssessment, Tier};
use crate::glob::Glob;

/// The risk of one simple command.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CommandRisk {
    /// The command.
    pub command: SimpleCommand,
    /// Its risk.
    pub risk: RiskAssessment,
    /// What it does, in plain language ("deletes the folder ~ and everything under it").
    pub explanation: String,
    /// Every reason for its tier, with the rule or handler that found it.
    pub findings: Vec<FindingOut>,
}

/// One reason for a tier as `explain` shows it: the rule that fired and what it found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FindingOut {
    /// The tier this reason implies.
    pub tier: Tier,
    /// The factor name, when the reason has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factor: Option<String>,
    /// What fired: a registry rule id (`git.stash.drop.destroys`), a classifier handler
    /// (`handler:rm`) or a custom rule (`custom:terraform.apply`).
    pub rule: String,
    /// What the command does, in plain language.
    pub what: String,
}

impl FindingOut {
    fn of(f: &Finding) -> FindingOut {
        FindingOut {
            tier: f.tier,
            factor: f.factor_name().map(str::to_owned),
            rule: f.rule.to_string(),
            what: f.what.clone(),
        }
    }
}

/// The full analysis of a tool call.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Analysis {
    /// The risk of the whole call: never lower than its worst command.
    pub risk: RiskAssessment,
    /// Every simple command, in execution order (empty for non-shell tools and unparseable
    /// commands).
    pub commands: Vec<CommandRisk>,
    /// False when the scope was a shell command that could not be parsed (the risk is then
    /// HIGH with the factor `unparseable`).
    pub parsed: bool,
    /// Reasons that belong to the call rather than to one command (a non-shell tool's scope,
    /// an unparseable command), with the rule or handler that found each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingOut>,
}

/// A user-defined risk rule (`[[risk.rule]]` in config), in the schema of the registry's
/// rules: a command running `program` (a name or one of its aliases, compared as the
/// registry does: `podman` is `docker`) whose leading operands, after the program's known
/// global options, are `subcommand` (a word or a list of words; any when absent), that gives
/// any of `any_flag` after them and before `--` when that list is not empty (`--flag=value`,
/// unambiguous abbreviations and short clusters count, as for the registry), and whose
/// arguments joined by single spaces match the fnmatch glob `args` when it is given, gets at
/// least `tier`, with `factor` (a [`Factor`] name or a name of the user's own) and `says` (what
/// the command does, in plain language). Rules only raise tiers. `explain` names the rule
/// `custom:<program>[.<subcommand>…]` ([`CustomRule::name`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(try_from = "CustomRuleToml")]
pub struct CustomRule {
    /// The program, compared case-insensitively after alias resolution (`terraform`).
    pub program: String,
    /// The leading operands (`["stash", "drop"]`, at most three); empty: any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subcommand: Vec<String>,
    /// Any of these options after the subcommand (`--all-namespaces`); empty: not required.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub any_flag: Vec<String>,
    /// A glob over the arguments joined by single spaces (`apply *`).
    pub args: Option<String>,
    /// The minimum tier.
    pub tier: Tier,
    /// The factor reported when the rule matches.
    pub factor: String,
    /// What a matching command does, in plain language (default: "matches a custom rule
    /// (`<factor>`)").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub says: Option<String>,
}

/// `[[risk.rule]]` as written, checked by [`CustomRule::try_from`].
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomRuleToml {
    program: String,
    #[serde(default, deserialize_with = "words")]
    subcommand: Vec<String>,
    #[serde(default)]
    any_flag: Vec<String>,
    #[serde(default)]
    args: Option<String>,
    #[serde(deserialize_with = "tier")]
    tier: Tier,
    factor: String,
    #[serde(default)]
    says: Option<String>,
}

impl TryFrom<CustomRuleToml> for CustomRule {
    type Error = String;

    fn try_from(r: CustomRuleToml) -> Result<CustomRule, String> {
        let program = r.program.trim();
        if program.is_empty() {
            return Err("`program` must name a program, got an empty string".to_owned());
        }
        if let Some(w) =
            r.subcommand.iter().find(|w| w.is_empty() || w.starts_with('-') || w.contains(' '))
        {
            return Err(format!(
                "`subcommand` must be words that are not options, got {w:?} (options go in \
                 `any_flag`)"
            ));
        }
        if r.subcommand.len() > 3 {
            return Err(format!(
                "`subcommand` has at most three words, got {}",
                r.subcommand.len()
            ));
        }
        if let Some(o) = r.any_flag.iter().find(|o| !o.starts_with('-') || o.len() < 2) {
            return Err(format!("`any_flag` must list options such as \"--force\", got {o:?}"));
        }
        if r.says.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return Err("`says` must not be empty (leave it out for the default)".to_owned());
        }
        Ok(CustomRule {
            program: program.to_owned(),
            subcommand: r.subcommand,
            any_flag: r.any_flag,
            args: r.args,
            tier: r.tier,
            factor: r.factor,
            says: r.says,
        })
    }
}

/// A tier name, in any case, with an error that lists the tiers.
fn tier<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Tier, D::Error> {
    struct Name;
    impl serde::de::Visitor<'_> for Name {
        type Value = Tier;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("`tier` as \"low\", \"medium\", \"high\" or \"critical\"")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Tier, E> {
            v.parse().map_err(|e: String| E::custom(format!("`tier`: {e}")))
        }
    }
    d.deserialize_any(Name)
}

/// A word or a list of words.
fn words<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Words;
    impl<'de> serde::de::Visitor<'de> for Words {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a word or a list of words")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_owned()])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut s: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(w) = s.next_element::<String>()? {
                out.push(w);
            }
            Ok(out)
        }
    }
    d.deserialize_any(Words)
}

impl CustomRule {
    /// The name `explain` shows for the rule: `custom:<program>` with its subcommand words
    /// after dots (`custom:terraform.apply`), in lower case.
    pub fn name(&self) -> String {
        let mut out = format!("custom:{}", self.program.to_ascii_lowercase());
        for w in &self.subcommand {
            out.push('.');
            out.push_str(&w.to_ascii_lowercase());
        }
        out
    }
}

/// One reason for a command's tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The tier this reason implies.
    pub tier: Tier,
    /// The factor (`None` for a plain description, or for a custom rule's own factor name).
    pub factor: Option<Factor>,
    /// A factor name outside [`Factor`], from a custom rule; it wins over `factor`.
    pub custom: Option<Box<str>>,
    /// What the command does, in plain language.
    pub what: String,
    /// What found it: a registry rule id, `handler:<name>` or `custom:<program>…` (empty
    /// until the stage that produced it tags it).
    pub rule: Cow<'static, str>,
}

impl Finding {
    /// The factor's name as reported in [`RiskAssessment::factors`], if any.
    pub(crate) fn factor_name(&self) -> Option<&str> {
        self.custom.as_deref().or(self.factor.map(Factor::name))
    }
}

/// What the pieces of an unparseable command say on their own. A command that does not parse
/// is HIGH, but a parse error must never hide a CRITICAL piece (`if; rm -rf /`), so the text
/// is cut at `;`, `&`, `|` and newlines, quoting ignored, and every piece that parses is
/// classified; their findings raise the whole. Bounded: at most [`MAX_FRAGMENTS`] pieces, and
/// pieces are not cut again.
fn fragment_findings(scope: &str, custom: &[CustomRule]) -> Vec<Finding> {
    let mut out = Vec::new();
    let pieces = scope.split([';', '&', '|', '\n']);
    for piece in pieces.filter(|p| !p.trim().is_empty()).take(MAX_FRAGMENTS) {
        if piece.len() == scope.len() || shell::analyze_full(piece).is_err() {
            continue;
        }
        let r = analyze_shell(piece, custom).risk;
        for f in &r.factors {
            out.push(named(r.tier, f, ""));
        }
    }
    out
}

pub(super) fn finding(
    tier: Tier,
    factor: impl Into<Option<Factor>>,
    what: impl Into<String>,
) -> Finding {
    Finding {
        tier,
        factor: factor.into(),
        custom: None,
        what: what.into(),
        rule: Cow::Borrowed(""),
    }
}

/// A finding without a factor: only a tier and a description.
/// Tags the findings from `from` on that no stage tagged yet with `rule`.
pub(super) fn tag(out: &mut [Finding], from: usize, rule: Cow<'static, str>) {
    let mut rest = out.iter_mut().skip(from).filter(|f| f.rule.is_empty()).peekable();
    while let Some(f) = rest.next() {
        if rest.peek().is_none() {
            f.rule = rule;
            return;
        }
        f.rule.clone_from(&rule);
    }
}

pub(super) fn plain(tier: Tier, what: impl Into<String>) -> Finding {
    Finding { tier, factor: None, custom: None, what: what.into(), rule: Cow::Borrowed("") }
}

/// A finding named by a factor name that may be one of [`Factor`] or a custom rule's own
/// (empty: no factor).
fn named(tier: Tier, name: &str, what: impl Into<String>) -> Finding {
    match Factor::from_name(name) {
        Some(f) => finding(tier, f, what),
        None if name.is_empty() => plain(tier, what),
        None => Finding {
            tier,
            factor: None,
            custom: Some(name.into()),
            what: what.into(),
            rule: Cow::Borrowed(""),
        },
    }
}

/// Classifies a tool call: `analyze(tool, action, scope, &[]).risk`.
pub fn classify(tool: &str, action: &str, scope: &str) -> RiskAssessment {
    analyze(tool, action, scope, &[]).risk
}

/// [`analyze`] with the working folder known: an absolute path below `folder` is inside the
/// project (not written "outside the project"). `None` is the same as [`analyze`].
pub fn analyze_in(
    folder: Option<&std::path::Path>,
    tool: &str,
    action: &str,
    scope: &str,
    custom: &[CustomRule],
) -> Analysis {
    paths::in_folder(folder, || analyze(tool, action, scope, custom))
}

/// Analyses a tool call: every simple command of a shell scope with its risk and explanation,
/// and the risk of the whole call. `custom` rules raise the tier of matching commands.
pub fn analyze(tool: &str, action: &str, scope: &str, custom: &[CustomRule]) -> Analysis {
    match tool_kind(tool, action) {
        ToolKind::Shell => analyze_shell(scope, custom),
        kind => analyze_other(kind, action, scope),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ToolKind {
    Shell,
    Database,
    Files,
    Web,
    Other,
}

impl ToolKind {
    /// The handler name `explain` shows for findings on a non-shell scope.
    fn handler(self) -> &'static str {
        match self {
            ToolKind::Shell => "handler:shell",
            ToolKind::Database => "handler:database",
            ToolKind::Files => "handler:files",
            ToolKind::Web => "handler:web",
            ToolKind::Other => "handler:action",
        }
    }
}

fn tool_kind(tool: &str, action: &str) -> ToolKind {
    let t = tool.to_ascii_lowercase();
    let a = action.to_ascii_lowercase();
    let t = t.rsplit("__").next().unwrap_or(&t).to_owned();
    if matches!(
        t.as_str(),
        "shell"
            | "bash"
            | "terminal"
            | "sh"
            | "zsh"
            | "exec"
            | "command"
            | "cmd"
            | "powershell"
            | "pwsh"
            | "run_command"
            | "run_terminal_cmd"
            | "execute_command"
            | "local_shell"
            | "console"
            | "run_shell_command"
            | "shell_command"
    ) {
        return ToolKind::Shell;
    }
    if matches!(
        t.as_str(),
        "database"
            | "db"
            | "sql"
            | "postgres"
            | "postgresql"
            | "mysql"
            | "sqlite"
            | "psql"
            | "mongo"
            | "mongodb"
            | "redis"
            | "query"
    ) {
        return ToolKind::Database;
    }
    if matches!(
        t.as_str(),
        "filesystem"
            | "file"
            | "fs"
            | "files"
            | "read"
            | "write"
            | "edit"
            | "multiedit"
            | "notebookedit"
            | "glob"
            | "grep"
            | "ls"
            | "viewer"
            | "str_replace_editor"
            | "str_replace_based_edit_tool"
            | "view"
            | "create"
            | "delete"
            | "notebook"
    ) {
        return ToolKind::Files;
    }
    if matches!(
        t.as_str(),
        "web"
            | "http"
            | "https"
            | "network"
            | "browser"
            | "fetch"
            | "webfetch"
            | "websearch"
            | "web_fetch"
            | "web_search"
            | "api"
            | "url"
            | "curl"
            | "request"
            | "download"
    ) {
        return ToolKind::Web;
    }
    if matches!(a.as_str(), "execute" | "exec" | "run" | "shell" | "command") {
        return ToolKind::Shell;
    }
    ToolKind::Other
}

// ---------------------------------------------------------------------------------------------
// Assembling results.

fn assessment(findings: &[Finding]) -> RiskAssessment {
    let tier = findings.iter().map(|f| f.tier).max().unwrap_or(Tier::Low);
    let mut factors: Vec<String> = Vec::new();
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| std::cmp::Reverse(f.tier));
    for f in sorted {
        if let Some(name) = f.factor_name()
            && !factors.iter().any(|g| g == name)
        {
            factors.push(name.to_owned());
        }
    }
    let extra = factors.len().saturating_sub(1) as f64 * 0.05;
    let score = match tier {
        Tier::Low => (0.1 + extra).min(0.29),
        Tier::Medium => (0.4 + extra).min(0.59),
        Tier::High => (0.7 + extra).min(0.89),
        Tier::Critical => 1.0,
    };
    let reversible = tier == Tier::Low
        || (tier == Tier::Medium
            && !findings.iter().any(|f| {
                matches!(
                    f.factor,
                    Some(
                        Factor::FileDelete
                            | Factor::RecursiveDelete
                            | Factor::DatabaseWrite
                            | Factor::ProcessKill
                            | Factor::SecretRead
                            | Factor::NetworkSend
                            | Factor::VcsPush
                    )
                )
            }));
    RiskAssessment { tier, score: (score * 1000.0).round() / 1000.0, factors, reversible }
}

fn whole(parts: &[RiskAssessment], extra: &[Finding]) -> RiskAssessment {
    let mut all: Vec<Finding> = extra.to_vec();
    for p in parts {
        for f in &p.factors {
            all.push(named(p.tier, f, ""));
        }
        if p.factors.is_empty() {
            all.push(plain(p.tier, ""));
        }
    }
    let mut r = assessment(&all);
    let max_score = parts.iter().map(|p| p.score).fold(0.0_f64, f64::max);
    if r.score < max_score {
        r.score = max_score;
    }
    r.reversible = parts.iter().all(|p| p.reversible) && extra.iter().all(|f| f.tier == Tier::Low);
    r
}

/// Most pieces of an unparseable command that are analysed on their own.
const MAX_FRAGMENTS: usize = 256;

fn analyze_shell(scope: &str, custom: &[CustomRule]) -> Analysis {
    let a = match shell::analyze_full(scope) {
        Ok(a) => a,
        Err(e) => {
            let mut fs =
                vec![finding(Tier::High, Factor::Unparseable, format!("cannot be analysed ({e})"))];
            tag(&mut fs, 0, Cow::Borrowed("handler:parser"));
            fs.extend(fragment_findings(scope, custom));
            tag(&mut fs, 1, Cow::Borrowed("handler:fragments"));
            let findings = fs.iter().map(FindingOut::of).collect();
            return Analysis {
                risk: assessment(&fs),
                commands: Vec::new(),
                parsed: false,
                findings,
            };
        }
    };
    let mut per: Vec<Vec<Finding>> = (0..a.cmds.len()).map(|i| command_findings(&a, i)).collect();
    // Line-level: a secret read anywhere, sent anywhere.
    let secret_src: Vec<bool> = per
        .iter()
        .map(|fs| {
            fs.iter().any(|f| {
                f.factor == Some(Factor::SecretRead) || f.factor == Some(Factor::EnvironmentRead)
            })
        })
        .collect();
    let any_secret = secret_src.iter().any(|b| *b);
    if any_secret {
        for (i, fs) in per.iter_mut().enumerate() {
            let sink = fs.iter().any(|f| f.factor.is_some_and(|x| SINK_FACTORS.contains(&x)));
            let own_secret =
                secret_src[i] && !fs.iter().any(|f| f.factor == Some(Factor::EnvironmentRead));
            if sink && (own_secret || secret_src.iter().enumerate().any(|(j, s)| *s && j != i)) {
                let mut f = finding(
                    Tier::High,
                    Factor::SecretExfiltration,
                    "sends secrets read in this command line over the network",
                );
                f.rule = Cow::Borrowed("handler:exfiltration");
                fs.push(f);
            }
        }
    }
    for (i, c) in a.cmds.iter().enumerate() {
        apply_custom(c, custom, &mut per[i]);
    }
    let mut commands = Vec::new();
    for (c, fs) in a.cmds.iter().zip(per.iter()) {
        let risk = assessment(fs);
        let explanation = explain::describe(c, fs);
        let findings = fs.iter().map(FindingOut::of).collect();
        commands.push(CommandRisk { command: c.simple.clone(), risk, explanation, findings });
    }
    let parts: Vec<RiskAssessment> = commands.iter().map(|c| c.risk.clone()).collect();
    let risk = if parts.is_empty() { assessment(&[]) } else { whole(&parts, &[]) };
    Analysis { risk, commands, parsed: true, findings: Vec::new() }
}

fn apply_custom(c: &Cmd, custom: &[CustomRule], out: &mut Vec<Finding>) {
    let Some(prog) = c.simple.program.as_deref() else { return };
    if custom.is_empty() {
        return;
    }
    let key = registry::canonical(&shell::program_key(prog));
    let args: Vec<&str> = c.simple.args.iter().map(String::as_str).collect();
    let ops = registry::Operands::new(&key, &args);
    let mut joined: Option<String> = None;
    for r in custom {
        if !r.program.eq_ignore_ascii_case(prog) && registry::canonical(&r.program) != key {
            continue;
        }
        if !ops.matches(&r.subcommand, &r.any_flag) {
            continue;
        }
        if let Some(g) = &r.args
            && !Glob::lenient(g).matches(joined.get_or_insert_with(|| args.join(" ")))
        {
            continue;
        }
        let what =
            r.says.clone().unwrap_or_else(|| format!("matches a custom rule ({})", r.factor));
        let mut f = named(r.tier, &r.factor, what);
        f.rule = Cow::Owned(r.name());
        out.push(f);
    }
}

/// Factors that mean data leaves the machine.
const SINK_FACTORS: &[Factor] = &[
    Factor::NetworkSend,
    Factor::NetworkConnection,
    Factor::RemoteCommand,
    Factor::VcsPush,
    Factor::NetworkAccess,
];

// ---------------------------------------------------------------------------------------------
// One command.

/// Helpers over one command's arguments.
pub(super) struct Args<'a> {
    pub(super) c: &'a Cmd,
    pub(super) all: Vec<&'a Field>,
    pub(super) texts: Vec<&'a str>,
}

impl<'a> Args<'a> {
    pub(super) fn new(c: &'a Cmd) -> Args<'a> {
        let all: Vec<&Field> = c.args().iter().collect();
        let texts = all.iter().map(|f| f.text.as_str()).collect();
        Args { c, all, texts }
    }

    /// Options before `--`.
    pub(super) fn opts(&self) -> impl Iterator<Item = &&'a str> {
        self.texts.iter().take_while(|t| **t != "--").filter(|t| t.starts_with('-') && t.len() > 1)
    }

    pub(super) fn short(&self, ch: char) -> bool {
        self.opts().any(|t| !t.starts_with("--") && t[1..].contains(ch))
    }

    pub(super) fn long(&self, names: &[&str]) -> bool {
        self.opts().any(|t| {
            names.iter().any(|n| *t == *n || t.strip_prefix(n).is_some_and(|r| r.starts_with('=')))
        })
    }

    pub(super) fn has(&self, word: &str) -> bool {
        self.texts.contains(&word)
    }

    /// Non-option arguments, skipping the values of `with_value` options.
    pub(super) fn operands(&self, with_value: &[&str]) -> Vec<&'a Field> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut after = false;
        while i < self.all.len() {
            let t = self.texts[i];
            if after {
                out.push(self.all[i]);
            } else if t == "--" {
                after = true;
            } else if t.starts_with('-') && t.len() > 1 {
                if with_value.contains(&t) {
                    i += 1;
                }
            } else {
                out.push(self.all[i]);
            }
            i += 1;
        }
        out
    }

    pub(super) fn words(&self, with_value: &[&str]) -> Vec<&'a str> {
        self.operands(with_value).into_iter().map(|f| f.text.as_str()).collect()
    }

    pub(super) fn value_of(&self, names: &[&str]) -> Option<&'a Field> {
        for (i, t) in self.texts.iter().enumerate() {
            if names.contains(t) {
                return self.all.get(i + 1).copied();
            }
        }
        None
    }

    pub(super) fn path(&self, f: &Field) -> PathInfo {
        paths::classify(self.c.cwd.as_deref(), &f.text, f.known && f.proc_sub.is_none())
    }

    pub(super) fn prod(&self) -> bool {
        self.texts.iter().any(|t| paths::is_prod_like(t))
            || self.c.cwd.as_deref().is_some_and(paths::is_prod_like)
    }
}

fn command_findings(a: &shell::Analysis, i: usize) -> Vec<Finding> {
    let c = &a.cmds[i];
    let mut out = Vec::new();
    notes(a, c, &mut out);
    tag(&mut out, 0, Cow::Borrowed("handler:notes"));
    redirects(c, &mut out);
    tag(&mut out, 0, Cow::Borrowed("handler:redirects"));
    if c.argv.is_empty() {
        // `> f` does what `: > f` does.
        if !c.redirs.is_empty() {
            super::family::command(a, c, ":", &Args::new(c), &mut out);
        }
        return out;
    }
    let Some(prog) = c.prog() else {
        out.push(finding(
            Tier::High,
            Factor::UnknownProgram,
            format!("runs a command whose name is only known at run time ({})", c.argv[0].text),
        ));
        tag(&mut out, 0, Cow::Borrowed("handler:dynamic_program"));
        return out;
    };
    let args = Args::new(c);
    if is_help(&prog, &args) {
        return out;
    }
    // `c.simple.env` holds the prefix assignments and what `env`, `sudo` and earlier
    // assignments of the line put in the environment (`env LD_PRELOAD=x ls`).
    for (name, value) in &c.simple.env {
        if matches!(
            name.as_str(),
            "LD_PRELOAD"
                | "LD_LIBRARY_PATH"
                | "LD_AUDIT"
                | "DYLD_INSERT_LIBRARIES"
                | "DYLD_LIBRARY_PATH"
        ) {
            out.push(finding(
                Tier::High,
                Factor::CodeInjection,
                format!("loads the library {value} into every program it starts ({name})"),
            ));
        }
    }
    tag(&mut out, 0, Cow::Borrowed("handler:environment"));
    if let Some((lang, scan)) = &c.code {
        code_findings(c, *lang, scan, &mut out);
    }
    tag(&mut out, 0, Cow::Borrowed("handler:inline_code"));
    if c.root {
        // Remote code as root is catastrophic.
        let remote = out.iter().any(|f| f.factor == Some(Factor::RemoteCodeExecution));
        if remote {
            out.push(finding(
                Tier::Critical,
                Factor::RemoteCodeExecution,
                "runs code from the network as root",
            ));
        }
    }
    tag(&mut out, 0, Cow::Borrowed("handler:root"));
    for r in registry::matching_rules(&prog, &args.texts) {
        if let Some(e) = r.effect {
            let from = out.len();
            out.push(finding(e.tier, e.factor, e.says));
            if e.factor == Factor::FileWriteOption {
                option_writes(c, &args, r.any_flag, &mut out);
            }
            tag(&mut out, from, Cow::Borrowed(r.id));
        }
    }
    if matches!(
        prog.as_str(),
        "less" | "more" | "most" | "vim" | "vi" | "nvim" | "view" | "ex" | "gvim" | "rvim"
    ) {
        let pager = matches!(prog.as_str(), "less" | "more" | "most");
        let runs = args.texts.iter().take_while(|t| **t != "--").any(|t| {
            t.strip_prefix('+').is_some_and(|cmd| {
                if pager {
                    cmd.contains('!') || cmd.contains('|')
                } else {
                    !cmd.is_empty()
                        && !cmd.chars().all(|ch| ch.is_ascii_digit())
                        && !cmd.starts_with('/')
                }
            })
        });
        if runs {
            out.push(finding(
                Tier::High,
                Factor::CodeExecutionOption,
                format!(
                    "runs a {prog} command given on the command line, which can start programs"
                ),
            ));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in &c.simple.env {
        let known = c.assigns.iter().find(|(n, _)| n == name).is_none_or(|(_, f)| f.known);
        if rules::PROGRAM_VARS.contains(&name.as_str())
            && !(known && (rules::harmless_program(value) || rules::harmless_setting(name, value)))
            && !seen.contains(&name.as_str())
        {
            seen.push(name);
            out.push(finding(
                Tier::High,
                Factor::CodeExecutionOption,
                format!("sets {name}, which makes programs run {value}"),
            ));
        }
    }
    tag(&mut out, 0, Cow::Borrowed("handler:program_options"));
    operand_effects(&prog, &args, &mut out);
    tag(&mut out, 0, Cow::Borrowed("handler:operands"));
    let from = out.len();
    program(a, c, &prog, &args, &mut out);
    if out.len() > from {
        tag(&mut out, from, Cow::Owned(format!("handler:{prog}")));
    }
    secret_reads(c, &prog, &args, &mut out);
    tag(&mut out, 0, Cow::Borrowed("handler:secrets"));
    super::family::command(a, c, &prog, &args, &mut out);
    out
}

/// Effects carried by operands rather than options: tmux runs the `#(…)` of a format and
/// takes `;`-separated command lists (`tmux ls \; run-shell …`); `uniq IN OUT` and
/// `xxd IN OUT` write their second operand.
fn operand_effects(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    match prog {
        "tmux" if a.texts.iter().any(|t| t.contains("#(") || t.ends_with(';')) => {
            out.push(finding(
                Tier::High,
                Factor::CodeExecutionOption,
                "runs a shell command or further tmux commands given in its arguments",
            ));
        }
        "uniq" | "xxd" => {
            let with_value: &[&str] = if prog == "uniq" {
                &["-f", "-s", "-w", "--skip-fields", "--skip-chars", "--check-chars"]
            } else {
                &["-c", "-g", "-l", "-o", "-s", "-n", "-cols", "-groupsize", "-len", "-seek"]
            };
            if let Some(target) = a.operands(with_value).get(1) {
                write_finding(&a.path(target), "writes", out);
            }
        }
        _ => {}
    }
}

/// The files named by the write options `opts` of a command (`--output=f`, `-o f`).
fn option_writes(c: &Cmd, a: &Args, opts: &[&str], out: &mut Vec<Finding>) {
    let _ = c;
    for (i, t) in a.texts.iter().enumerate() {
        if *t == "--" {
            break;
        }
        for o in opts {
            let value = if t == o {
                a.all.get(i + 1).map(|f| (f.text.clone(), f.known))
            } else {
                t.strip_prefix(o)
                    .and_then(|r| r.strip_prefix('='))
                    .map(|v| (v.to_owned(), a.all[i].known))
            };
            if let Some((v, known)) = value {
                write_finding(&paths::classify(a.c.cwd.as_deref(), &v, known), "writes", out);
            }
        }
    }
}

/// `--help`, `--version` and `man`-like forms only print.
fn is_help(prog: &str, a: &Args) -> bool {
    if shell::is_shell(prog)
        || matches!(
            prog,
            "sudo"
                | "doas"
                | "env"
                | "xargs"
                | "find"
                | "npx"
                | "eval"
                | "ssh"
                | "exec"
                | "command"
        )
    {
        return false;
    }
    match a.texts.as_slice() {
        [only] => matches!(
            *only,
            "--help" | "-h" | "--version" | "-V" | "help" | "version" | "-help" | "/?"
        ),
        [.., last] => {
            (*last == "--help"
                || *last == "-help"
                    && matches!(
                        prog,
                        "terraform" | "tofu" | "packer" | "vault" | "consul" | "nomad"
                    ))
                && a.texts.len() <= 3
                && !a.texts.contains(&"--")
        }
        [] => false,
    }
}

fn notes(a: &shell::Analysis, c: &Cmd, out: &mut Vec<Finding>) {
    let name = c.simple.program.clone().unwrap_or_default();
    for n in &c.notes {
        match n {
            Note::Unparseable(m) => out.push(finding(
                Tier::High,
                Factor::Unparseable,
                format!("runs code that cannot be analysed: {m}"),
            )),
            Note::ForkBomb => out.push(finding(
                Tier::Critical,
                Factor::ForkBomb,
                "starts a function that copies itself without end (fork bomb)",
            )),
            Note::RunsStdin => match &c.stdin {
                Stdin::Upstream(s, e) => {
                    let remote = range_fetches(a, *s, *e);
                    let kind = if shell::is_shell(&shell::program_key(&name)) {
                        "shell script"
                    } else {
                        "program"
                    };
                    if let Some(url) = remote {
                        let tier = if c.root { Tier::Critical } else { Tier::High };
                        out.push(finding(
                            tier,
                            Factor::RemoteCodeExecution,
                            format!(
                                "downloads {url} and runs it as a {kind}{}",
                                if c.root { " as root" } else { "" }
                            ),
                        ));
                    } else {
                        out.push(finding(
                            Tier::High,
                            Factor::PipeToShell,
                            format!("runs the output of another command as a {kind}"),
                        ));
                    }
                }
                Stdin::Network => out.push(finding(
                    Tier::High,
                    Factor::ReverseShell,
                    "runs commands received from a network connection",
                )),
                Stdin::File(f) => out.push(finding(
                    Tier::Medium,
                    Factor::RunsScript,
                    format!("runs the script in {}", f.text),
                )),
                Stdin::Literal(_) => out.push(finding(
                    Tier::High,
                    Factor::PipeToShell,
                    "runs text piped into it as a script",
                )),
                Stdin::Terminal => {
                    out.push(finding(Tier::High, Factor::PipeToShell, "runs its input as code"));
                }
            },
            Note::Dynamic(range) => {
                let remote = range.and_then(|(s, e)| range_fetches(a, s, e));
                if let Some(url) = remote {
                    let tier = if c.root { Tier::Critical } else { Tier::High };
                    out.push(finding(
                        tier,
                        Factor::RemoteCodeExecution,
                        format!(
                            "downloads {url} and runs it as code{}",
                            if c.root { " as root" } else { "" }
                        ),
                    ));
                } else {
                    out.push(finding(
                        Tier::High,
                        Factor::DynamicCode,
                        "runs code that is only known at run time",
                    ));
                }
            }
            Note::RunsFile(p) => {
                out.push(finding(Tier::Medium, Factor::RunsScript, format!("runs the script {p}")));
            }
            Note::RunsRemote(url) => {
                let tier = if c.root { Tier::Critical } else { Tier::High };
                out.push(finding(
                    tier,
                    Factor::RemoteCodeExecution,
                    format!("runs code downloaded from {url}"),
                ));
            }
            Note::Sources(p) => {
                out.push(plain(Tier::Low, format!("loads the shell file {p}")));
            }
            // Loop facts are judged by the host family.
            Note::Noexec | Note::Recursive | Note::Loop(_) | Note::Background => {}
            Note::RootShell => {
                out.push(finding(Tier::High, Factor::PrivilegeEscalation, "opens a root shell"));
            }
        }
    }
}

/// Whether the commands in `s..e` download something; returns what (a URL or the program).
fn range_fetches(a: &shell::Analysis, s: usize, e: usize) -> Option<String> {
    for c in a.cmds.get(s..e.min(a.cmds.len())).unwrap_or_default() {
        let Some(p) = c.prog() else { continue };
        let code_net = c.code.as_ref().is_some_and(|(_, s)| s.network);
        let remote_note = c
            .notes
            .iter()
            .find_map(|n| if let Note::RunsRemote(u) = n { Some(u.clone()) } else { None });
        if let Some(u) = remote_note {
            return Some(u);
        }
        let fetch = rules::FETCHERS.contains(&p.as_str())
            && !(p == "git" || (p == "openssl" && !c.args().iter().any(|f| f.text == "s_client")));
        if fetch
            || code_net
            || (p == "git"
                && c.args()
                    .iter()
                    .any(|f| matches!(f.text.as_str(), "show" | "cat-file" | "archive")))
        {
            let url = c
                .args()
                .iter()
                .find(|f| f.text.contains("://") || f.text.contains('@') && f.text.contains(':'))
                .map(|f| f.text.clone());
            return Some(url.unwrap_or_else(|| format!("the output of {p}")));
        }
    }
    None
}

fn redirects(c: &Cmd, out: &mut Vec<Finding>) {
    let prog = c.prog().unwrap_or_default();
    for r in &c.redirs {
        if r.target.proc_sub.is_some() {
            continue;
        }
        if r.is_write() {
            let info = paths::classify(c.cwd.as_deref(), &r.target.text, r.target.known);
            if info.loc == Loc::NetDevice {
                if shell::is_shell(&prog) || shell::interpreter_lang(&prog).is_some() {
                    out.push(finding(
                        Tier::High,
                        Factor::ReverseShell,
                        format!("connects a shell to the network ({})", r.target.text),
                    ));
                } else {
                    out.push(finding(
                        Tier::Medium,
                        Factor::NetworkConnection,
                        format!("sends output to {}", r.target.text),
                    ));
                }
                continue;
            }
            write_finding(&info, "writes", out);
        } else if r.is_read() {
            let info = paths::classify(c.cwd.as_deref(), &r.target.text, r.target.known);
            if info.loc == Loc::NetDevice {
                out.push(finding(
                    Tier::Medium,
                    Factor::NetworkConnection,
                    format!("reads from {}", r.target.text),
                ));
            } else if info.loc != Loc::Unknown && paths::is_secret(&info.norm) {
                out.push(finding(
                    Tier::High,
                    Factor::SecretRead,
                    format!("reads the secret file {}", info.norm),
                ));
            }
        }
    }
}

/// The finding for writing to a path.
fn write_finding(info: &PathInfo, verb: &str, out: &mut Vec<Finding>) {
    let p = &info.norm;
    let f = match info.loc {
        Loc::NullDevice => return,
        Loc::Device => finding(
            Tier::Critical,
            Factor::DiskDestruction,
            format!("{verb} raw data over the disk {p}"),
        ),
        Loc::NetDevice => {
            finding(Tier::Medium, Factor::NetworkConnection, format!("sends data to {p}"))
        }
        Loc::Unknown => finding(
            Tier::Medium,
            Factor::FileWrite,
            format!("{verb} a file whose name is only known at run time ({p})"),
        ),
        _ if paths::is_sudoers(p) => finding(
            Tier::High,
            Factor::Persistence,
            format!("{verb} the sudoers file {p}, changing who may run commands as root"),
        ),
        _ if paths::is_persistence(p) => finding(
            Tier::High,
            Factor::Persistence,
            format!("{verb} {p}, which runs commands automatically later"),
        ),
        // A test environment file (`.env.test`, committed by convention) holds settings for
        // the test run; writing it replaces no credentials.
        _ if paths::is_secret(p)
            && !matches!(p.rsplit('/').next(), Some(".env.test" | ".env.testing")) =>
        {
            finding(Tier::High, Factor::SecretOverwrite, format!("{verb} the credentials file {p}"))
        }
        _ if paths::is_agent_settings(p) => finding(
            Tier::High,
            Factor::TrustWeakened,
            format!("{verb} {p}, the agent's own hook and permission settings"),
        ),
        Loc::Root | Loc::SystemTop | Loc::System => {
            finding(Tier::High, Factor::SystemPathWrite, format!("{verb} the system path {p}"))
        }
        Loc::Home | Loc::Outside | Loc::Temp => finding(
            Tier::Medium,
            Factor::WriteOutsideProject,
            format!("{verb} {p}, outside the project"),
        ),
        Loc::Project | Loc::Generated | Loc::Cwd => {
            finding(Tier::Medium, Factor::FileWrite, format!("{verb} {p}"))
        }
    };
    out.push(f);
}

fn code_findings(c: &Cmd, lang: Lang, scan: &super::code::CodeScan, out: &mut Vec<Finding>) {
    let name = lang.name();
    if !scan.process_calls.is_empty() && starts_only_git_readers(c, scan) {
        out.push(plain(
            Tier::Low,
            format!("runs {name} code that only starts read-only git commands"),
        ));
    } else if !scan.process_calls.is_empty() {
        let calls: Vec<&str> = scan.process_calls.iter().map(String::as_str).take(3).collect();
        out.push(finding(
            Tier::High,
            Factor::InlineCodeExec,
            format!("runs {name} code that starts other programs ({})", calls.join(", ")),
        ));
    }
    if scan.dynamic_eval {
        out.push(finding(
            Tier::High,
            Factor::DynamicCode,
            format!("runs {name} code that evaluates code built at run time"),
        ));
    }
    if !scan.deletes.is_empty() {
        out.push(finding(
            Tier::Medium,
            Factor::InlineCodeDelete,
            format!("runs {name} code that deletes files"),
        ));
    }
    for w in &scan.writes {
        match w {
            Some(p) => write_finding(
                &paths::classify(c.cwd.as_deref(), p, true),
                &format!("{name} code writes"),
                out,
            ),
            None => out.push(finding(
                Tier::Medium,
                Factor::FileWrite,
                format!("runs {name} code that writes files"),
            )),
        }
    }
    if scan.network {
        out.push(finding(
            Tier::Medium,
            Factor::NetworkAccess,
            format!("runs {name} code that uses the network"),
        ));
    }
    if scan.fork_loop {
        out.push(finding(
            Tier::High,
            Factor::ResourceExhaustion,
            format!("runs {name} code that forks in a loop (fork bomb)"),
        ));
    } else if scan.fork {
        out.push(finding(
            Tier::Medium,
            Factor::ProcessSpawn,
            format!("runs {name} code that forks"),
        ));
    }
    for l in &scan.literals {
        let info = paths::classify(c.cwd.as_deref(), l, true);
        if paths::is_secret(&info.norm) {
            out.push(finding(
                Tier::High,
                Factor::SecretRead,
                format!("runs {name} code that opens the secret file {}", info.norm),
            ));
        }
    }
}

/// Whether every program that inline code starts is a git command that only reads (`git
/// status`, `git log -1`): no call with a computed command, every command a literal without
/// shell syntax, and no mention of the environment, the working folder or the program really
/// started in the code (`env=`, `os.environ`, `cwd=`, `chdir`, `executable=`, `shell:`),
/// which could point git at a configuration that runs programs or start another program.
/// The commands themselves are still classified on their own.
fn starts_only_git_readers(c: &Cmd, scan: &super::code::CodeScan) -> bool {
    const READERS: &[&str] = &[
        "status",
        "log",
        "diff",
        "show",
        "rev-parse",
        "describe",
        "ls-files",
        "ls-tree",
        "blame",
        "shortlog",
        "rev-list",
        "show-ref",
        "for-each-ref",
        "name-rev",
        "merge-base",
        "count-objects",
    ];
    let reads = |argv: &[String]| {
        let [prog, sub, rest @ ..] = argv else { return false };
        prog.rsplit('/').next() == Some("git")
            && READERS.contains(&sub.as_str())
            && rest.iter().all(|r| {
                !r.starts_with("--output") && !r.starts_with("--ext-diff") && !r.starts_with("-c")
            })
    };
    let shell_syntax = |s: &str| s.contains(|ch: char| "`$;|&<>(){}\\\n*?[]~#=".contains(ch));
    let n = scan.shell_strings.len() + scan.argvs.len();
    !scan.dynamic_process
        && !scan.dynamic_eval
        && n >= scan.process_calls.len()
        && scan.argvs.iter().all(|v| reads(v))
        && scan
            .shell_strings
            .iter()
            .all(|s| !shell_syntax(s) && shell_words::split(s).is_ok_and(|argv| reads(&argv)))
        && !c.argv.iter().any(|f| {
            let t = f.text.to_ascii_lowercase();
            ["env", "cwd", "chdir", "git_", "executable", "shell:"].iter().any(|w| t.contains(w))
        })
}

/// Whether `ps` is asked to print each process's environment: the BSD option `e` in a
/// dashless cluster (`ps eww`, `ps auxe`), or `-E` (BSD and macOS).
fn ps_prints_environment(a: &Args) -> bool {
    let mut takes_value = false;
    for t in &a.texts {
        let value = std::mem::take(&mut takes_value);
        if let Some(short) = t.strip_prefix('-').filter(|r| !r.starts_with('-')) {
            if short.contains('E') && short.chars().all(|ch| ch.is_ascii_alphabetic()) {
                return true;
            }
            takes_value = short.len() == 1 && "oOpuUgGtCqsN".contains(short);
        } else if let Some(long) = t.strip_prefix("--") {
            takes_value = matches!(
                long,
                "sort"
                    | "pid"
                    | "ppid"
                    | "user"
                    | "group"
                    | "format"
                    | "cols"
                    | "columns"
                    | "rows"
                    | "lines"
                    | "tty"
                    | "sid"
                    | "width"
                    | "quick-pid"
                    | "Group"
                    | "User"
            );
        } else if !value && t.contains('e') && t.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return true;
        }
    }
    false
}

/// Whether a jq-like filter reads the environment (`env`, `env.X`, `$ENV`, yq's `env(X)` and
/// `strenv(X)`); a field named `.env` does not.
fn filter_reads_environment(filter: &str) -> bool {
    if filter.contains("$ENV") {
        return true;
    }
    let b = filter.as_bytes();
    let word = |ch: u8| ch.is_ascii_alphanumeric() || ch == b'_';
    filter.match_indices("env").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| b[j]);
        let after = b.get(i + 3).copied();
        let strenv = i >= 3 && &filter[i - 3..i] == "str";
        (strenv || !before.is_some_and(|ch| word(ch) || ch == b'.' || ch == b'$'))
            && !after.is_some_and(word)
    })
}

/// Secret files read by the command (printed into the transcript: HIGH), and the whole
/// environment printed. Secrets printed by programs and variables are the secrets family's.
fn secret_reads(c: &Cmd, prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let env_printer = match prog {
        "ps" => ps_prints_environment(a),
        "jq" | "gojq" | "jaq" | "yq" => a
            .texts
            .iter()
            .take_while(|t| **t != "--")
            .any(|t| !t.starts_with('-') && filter_reads_environment(t)),
        _ => false,
    };
    if env_printer {
        out.push(finding(
            Tier::Low,
            Factor::EnvironmentRead,
            "prints environment variables (which may hold tokens)",
        ));
    }
    if rules::ENV_DUMPERS.contains(&prog) {
        let bare = match prog {
            "env" | "printenv" => {
                a.operands(&["-u", "--unset", "-C", "--chdir"]).is_empty()
                    && !a.opts().any(|t| t.starts_with("-S") || t.starts_with("--split-string"))
            }
            "set" => a.texts.is_empty(),
            "export" | "declare" | "typeset" => {
                a.texts.iter().all(|t| matches!(*t, "-p" | "-x" | "-px")) && !a.texts.is_empty()
                    || (prog == "export" && a.texts.is_empty())
            }
            "compgen" => a.short('v') || a.short('e'),
            _ => false,
        };
        if bare {
            out.push(finding(
                Tier::Low,
                Factor::EnvironmentRead,
                "prints every environment variable (which may hold tokens)",
            ));
        }
    }
    // Copies are judged by `copy_move`, which knows where the copy goes.
    if rules::SECRET_USERS.contains(&prog) || matches!(prog, "cp" | "ditto" | "copy" | "install") {
        return;
    }
    for f in a.operands(&[]) {
        if f.text.contains('=')
            && !f.text.starts_with('/')
            && !f.text.starts_with('~')
            && !f.text.starts_with('.')
        {
            continue;
        }
        let info = a.path(f);
        if info.loc != Loc::Unknown && paths::is_secret(&info.norm) {
            out.push(finding(
                Tier::High,
                Factor::SecretRead,
                format!("reads the secret file {}", info.norm),
            ));
        }
    }
    let _ = c;
}

// ---------------------------------------------------------------------------------------------
// Programs.

#[allow(clippy::cognitive_complexity)]
fn program(a: &shell::Analysis, c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    let _ = a;
    let base = prog.trim_end_matches(|ch: char| ch.is_ascii_digit() || ch == '.');
    match prog {
        "sudo" | "doas" | "su" | "pkexec" | "run0" | "sudoedit" => {
            out.push(finding(
                Tier::High,
                Factor::PrivilegeEscalation,
                format!("runs a command as root through {prog}"),
            ));
        }
        "rm" | "unlink" | "srm" | "rimraf" | "del" | "del-cli" | "rmdir" | "shred" | "wipe"
        | "trash" | "trash-put" => rm(c, prog, args, out),
        "find" => find(args, out),
        "rsync" => rsync(args, out),
        "cp" | "mv" | "install" | "ln" | "ditto" | "copy" | "move" => copy_move(prog, args, out),
        "touch" | "mkdir" | "mkfifo" | "mknod" => create(prog, args, out),
        "chmod" | "chown" | "chgrp" | "setfacl" | "chattr" | "chflags" => {
            permissions(prog, args, out);
        }
        "dd" => dd(args, out),
        "tee" => {
            for f in args.operands(&[]) {
                write_finding(&args.path(f), "writes", out);
            }
        }
        "truncate" | "fallocate" => {
            for f in args.operands(&[
                "-s",
                "--size",
                "-r",
                "--reference",
                "-l",
                "--length",
                "-o",
                "--offset",
            ]) {
                write_finding(&args.path(f), "resizes", out);
            }
        }
        "sed" | "perl" | "ruby" => {
            let in_place = args.long(&["--in-place"])
                || args.opts().any(|t| {
                    !t.starts_with("--")
                        && (t.starts_with("-i") || (prog != "sed" && t[1..].contains('i')))
                });
            if in_place {
                let ops =
                    args.operands(&["-e", "-f", "--expression", "--file", "-I", "-M", "-m", "-r"]);
                let skip = usize::from(
                    prog == "sed"
                        && !args.short('e')
                        && !args.long(&["--expression"])
                        && !args.short('f'),
                );
                for f in ops.iter().skip(skip) {
                    write_finding(&args.path(f), "edits", out);
                }
            }
            if prog == "sed" {
                let script = args
                    .operands(&["-e", "-f"])
                    .first()
                    .map(|f| f.text.clone())
                    .unwrap_or_default();
                let scripts: Vec<String> =
                    sed_scripts(&args.texts).into_iter().chain(std::iter::once(script)).collect();
                if args.short('f') || args.long(&["--file"]) {
                    out.push(finding(
                        Tier::Medium,
                        Factor::RunsScript,
                        "runs a sed script from a file",
                    ));
                }
                for s in scripts {
                    for w in sed_writes(&s) {
                        write_finding(&paths::classify(c.cwd.as_deref(), &w, true), "writes", out);
                    }
                    if sed_executes(&s) {
                        out.push(finding(
                            Tier::High,
                            Factor::InlineCodeExec,
                            "runs a sed script that executes shell commands",
                        ));
                    }
                }
            }
        }
        "git" => git(args, out),
        "gh" | "glab" => gh(prog, args, out),
        "curl" | "curlie" => curl(args, out),
        "wget" | "wget2" => wget(args, out),
        "http" | "https" | "xh" | "httpie" => {
            let w = args.words(&[]);
            if w.first().is_some_and(|m| {
                matches!(m.to_ascii_uppercase().as_str(), "POST" | "PUT" | "PATCH" | "DELETE")
            }) || w.iter().any(|t| {
                t.contains(":=") || t.contains("=@") || (t.contains('=') && !t.contains("://"))
            }) {
                out.push(finding(Tier::Medium, Factor::NetworkSend, "sends data over HTTP"));
            }
        }
        "nc" | "ncat" | "netcat" | "nc.traditional" | "nc.openbsd" | "telnet" | "socat" => {
            netcat(prog, args, out);
        }
        "ssh" => {
            let ops = args.operands(registry::value_opts("ssh"));
            let host = ops.first().map_or(String::new(), |f| f.text.clone());
            if ops.len() > 1 {
                out.push(finding(
                    Tier::Medium,
                    Factor::RemoteCommand,
                    format!("runs a command on {host}"),
                ));
            } else if !host.is_empty() {
                out.push(finding(
                    Tier::Medium,
                    Factor::RemoteCommand,
                    format!("opens a shell on {host}"),
                ));
            }
        }
        "scp" | "sftp" | "ftp" | "lftp" | "tftp" | "mail" | "mailx" | "sendmail" | "mutt"
        | "s3cmd" => {
            let ops =
                args.operands(&["-i", "-P", "-o", "-F", "-c", "-l", "-S", "-J", "-s", "-a", "-b"]);
            let upload = prog != "scp" || ops.last().is_some_and(|f| paths::is_remote(&f.text));
            if upload {
                out.push(finding(
                    Tier::Medium,
                    Factor::NetworkSend,
                    format!("sends files over the network with {prog}"),
                ));
                for f in ops.iter().take(ops.len().saturating_sub(1)) {
                    let info = args.path(f);
                    if !paths::is_remote(&f.text) && paths::is_secret(&info.norm) {
                        out.push(finding(
                            Tier::High,
                            Factor::SecretExfiltration,
                            format!("sends the secret file {} to another machine", info.norm),
                        ));
                    }
                }
            } else if let Some(d) = ops.last() {
                write_finding(&args.path(d), "downloads into", out);
            }
        }
        "ssh-copy-id" => out.push(finding(
            Tier::High,
            Factor::Persistence,
            "installs an SSH key on another machine (authorized_keys)",
        )),
        "crontab" => {
            if args.short('l') {
            } else if args.short('r') {
                out.push(finding(
                    Tier::High,
                    Factor::Persistence,
                    "removes every scheduled cron job",
                ));
            } else {
                out.push(finding(Tier::High, Factor::Persistence, "installs scheduled cron jobs"));
            }
        }
        "at" | "batch" => {
            if !args.short('l') && !args.short('q') {
                out.push(finding(
                    Tier::Medium,
                    Factor::ScheduledTask,
                    "schedules a command to run later",
                ));
            }
        }
        "launchctl" => {
            let w = args.words(&[]);
            if w.first().is_some_and(|v| matches!(*v, "load" | "bootstrap" | "enable" | "submit")) {
                out.push(finding(
                    Tier::High,
                    Factor::Persistence,
                    "registers a launchd job that runs automatically",
                ));
            } else if w.first().is_some_and(|v| {
                matches!(*v, "unload" | "bootout" | "disable" | "remove" | "stop" | "kill")
            }) {
                out.push(finding(
                    Tier::Medium,
                    Factor::ServiceChange,
                    "stops or removes a launchd job",
                ));
            }
        }
        "usermod" | "useradd" | "userdel" | "groupadd" | "groupdel" | "groupmod" | "gpasswd"
        | "passwd" | "chpasswd" | "visudo" | "adduser" | "deluser" | "addgroup" | "delgroup"
        | "setcap" | "vipw" | "pwconv" | "dscl" | "sysadminctl" | "net" => {
            let net_accounts = args
                .texts
                .iter()
                .any(|t| matches!(t.to_ascii_lowercase().as_str(), "user" | "localgroup"));
            if prog != "net" || net_accounts {
                out.push(finding(
                    Tier::High,
                    Factor::PrivilegeEscalation,
                    format!("changes user accounts or privileges ({prog})"),
                ));
            }
        }
        "kill" => kill(args, out),
        "pkill" | "killall" | "killall5" | "skill" | "slay" => {
            let broad = prog == "killall5"
                || args.has("-u") && args.value_of(&["-u"]).is_some_and(|u| u.text == "root")
                || args
                    .words(&["-s", "--signal", "-u", "-U", "-g", "-G", "-P", "-t", "-n"])
                    .iter()
                    .any(|p| matches!(*p, "." | ".*" | "-1" | "^" | "''"))
                || (prog == "killall" && args.short('u') && args.words(&[]).is_empty());
            if broad {
                out.push(finding(
                    Tier::High,
                    Factor::ProcessKill,
                    "kills every process it can reach",
                ));
            } else {
                out.push(finding(
                    Tier::Medium,
                    Factor::ProcessKill,
                    format!("stops processes by name ({prog})"),
                ));
            }
        }
        "reboot" | "shutdown" | "halt" | "poweroff" | "kexec" => {
            if !(prog == "shutdown" && args.short('c')) {
                out.push(finding(
                    Tier::High,
                    Factor::SystemPower,
                    "reboots or shuts down the machine",
                ));
            }
        }
        "init" | "telinit" => {
            if args.words(&[]).first().is_some_and(|l| matches!(*l, "0" | "1" | "6" | "s" | "S")) {
                out.push(finding(
                    Tier::High,
                    Factor::SystemPower,
                    "switches the machine's runlevel (reboot or shutdown)",
                ));
            }
        }
        "systemctl" | "service" | "rc-service" | "sv" => services(prog, args, out),
        "ufw" | "iptables" | "ip6tables" | "iptables-legacy" | "iptables-nft" | "nft"
        | "firewall-cmd" | "setenforce" | "grubby" | "socketfilterfw" | "spctl" | "csrutil"
        | "aa-teardown" | "aa-disable" | "aa-complain" | "auditctl" | "sysctl" | "netsh"
        | "set-mppreference" | "pfctl" | "defaults" | "setsebool" | "semanage" => {
            security(prog, args, out);
        }
        "docker" | "podman" | "nerdctl" | "docker-compose" | "podman-compose" => {
            docker(prog, args, out);
        }
        "kubectl" | "oc" | "kubecolor" => kubectl(args, out),
        "helm" => helm(args, out),
        "terraform" | "tofu" | "terragrunt" | "pulumi" | "cdk" | "cdktf" | "serverless" | "sls"
        | "ansible-playbook" | "ansible" | "vagrant" | "kind" | "k3d" | "minikube" => {
            infra(prog, args, out);
        }
        "psql" | "mysql" | "mariadb" | "sqlite3" | "sqlite" | "duckdb" | "clickhouse-client"
        | "clickhouse" | "cockroach" | "sqlcmd" | "snowsql" | "bq" | "trino" | "presto"
        | "spark-sql" | "hive" | "beeline" | "cqlsh" | "usql" | "mycli" | "pgcli" | "litecli"
        | "mongosh" | "mongo" | "redis-cli" | "dropdb" | "dropuser" | "createdb" | "createuser"
        | "pg_restore" | "mongorestore" | "mysqladmin" | "alembic" | "rails" | "rake"
        | "prisma" | "flyway" | "liquibase" | "knex" | "sequelize" | "typeorm" | "diesel"
        | "sqlx" | "dbmate" | "goose" | "migrate" | "manage.py" => database(c, prog, args, out),
        "diskutil" | "format" | "fdisk" | "gdisk" | "cfdisk" | "sfdisk" | "sgdisk" | "parted"
        | "hdparm" | "nvme" | "cryptsetup" | "zpool" | "zfs" | "lvremove" | "vgremove"
        | "pvremove" | "lvreduce" | "mdadm" | "badblocks" | "wipefs" | "blkdiscard" | "mke2fs"
        | "mkswap" | "mkdosfs" | "mkntfs" | "mkexfatfs" | "zerofree" | "flashrom" | "diskpart" => {
            disk(prog, args, out);
        }
        p if p.starts_with("mkfs") || p.starts_with("newfs") => disk(prog, args, out),
        "stress" | "stress-ng" | "fork-bomb" => out.push(finding(
            Tier::High,
            Factor::ResourceExhaustion,
            "loads the machine until it may stop responding",
        )),
        "patch" | "unzip" | "7z" | "7za" | "unrar" | "gunzip" | "bunzip2" | "unxz" | "zstd"
        | "gzip" | "bzip2" | "xz" => {
            let listing = args.short('l')
                || args.short('t')
                || args.has("l")
                || args.has("t")
                || args.short('c')
                || args.long(&["--stdout", "--list", "--test", "--dry-run"]);
            if !listing {
                out.push(finding(
                    Tier::Medium,
                    Factor::FileWrite,
                    format!("changes or extracts files ({prog})"),
                ));
            }
        }
        "tar" | "gtar" | "bsdtar" => {
            let first = args.texts.first().copied().unwrap_or_default();
            let mode = if first.starts_with('-') { first.to_owned() } else { format!("-{first}") };
            let extract = args.long(&["--extract", "--get"])
                || (mode.contains('x') && !mode.starts_with("--"));
            let create = args.long(&["--create", "--append", "--update"])
                || (!mode.starts_with("--")
                    && (mode.contains('c') || mode.contains('r') || mode.contains('u')));
            if extract {
                let dest = args.value_of(&["-C", "--directory"]);
                match dest {
                    Some(d) => write_finding(&args.path(d), "extracts files into", out),
                    None => out.push(finding(
                        Tier::Medium,
                        Factor::FileWrite,
                        "extracts an archive into the current folder",
                    )),
                }
            } else if create {
                out.push(finding(Tier::Medium, Factor::FileWrite, "creates an archive"));
            }
        }
        "zip" => {
            if !args.has("-") {
                out.push(finding(Tier::Medium, Factor::FileWrite, "creates an archive"));
            }
        }
        "vim" | "vi" | "nvim" | "nano" | "emacs" | "code" | "subl" | "gedit" | "kate" | "micro"
        | "hx" | "ed" => {
            for f in args.operands(&["-c", "--cmd", "-u", "-S"]) {
                let info = args.path(f);
                if paths::is_persistence(&info.norm) || info.loc.is_system() {
                    write_finding(&info, "edits", out);
                }
            }
            out.push(finding(Tier::Medium, Factor::FileWrite, format!("opens an editor ({prog})")));
        }
        "mount"
        | "umount"
        | "swapoff"
        | "swapon"
        | "hostnamectl"
        | "timedatectl"
        | "modprobe"
        | "insmod"
        | "rmmod"
        | "ifconfig"
        | "route"
        | "ifdown"
        | "ifup"
        | "nmcli"
        | "update-rc.d"
        | "chkconfig"
        | "update-alternatives"
        | "ldconfig"
        | "depmod"
        | "update-grub"
        | "grub-install" => {
            if !args.texts.is_empty() || matches!(prog, "ifdown" | "ldconfig" | "update-grub") {
                let tier = if matches!(
                    prog,
                    "modprobe" | "insmod" | "rmmod" | "grub-install" | "update-grub"
                ) {
                    Tier::High
                } else {
                    Tier::Medium
                };
                if !(prog == "mount"
                    && args.texts.iter().all(|t| t.starts_with('-') && !t.contains('o')))
                {
                    out.push(finding(
                        tier,
                        Factor::SystemChange,
                        format!("changes the system configuration ({prog})"),
                    ));
                }
            }
        }
        "ip" => {
            if args.texts.iter().any(|t| {
                matches!(*t, "add" | "del" | "delete" | "set" | "flush" | "change" | "replace")
            }) {
                out.push(finding(
                    Tier::Medium,
                    Factor::SystemChange,
                    "changes the network configuration",
                ));
            }
        }
        "make" | "gmake" => {
            if args.short('n') || args.long(&["--dry-run", "--just-print", "--recon"]) {
                return;
            }
            for t in args.words(&["-C", "-f", "-j", "-l", "-o", "-W", "--file", "--directory"]) {
                if matches!(
                    t,
                    "install"
                        | "uninstall"
                        | "deploy"
                        | "release"
                        | "publish"
                        | "push"
                        | "clean"
                        | "distclean"
                        | "purge"
                ) {
                    out.push(finding(
                        Tier::Medium,
                        Factor::BuildSideEffects,
                        format!("runs the make target {t}"),
                    ));
                }
            }
        }
        "npm" | "yarn" | "pnpm" | "bun" | "cargo" | "pip" | "pip3" | "pipx" | "uv" | "poetry"
        | "pipenv" | "conda" | "mamba" | "gem" | "bundle" | "go" | "brew" | "port" | "apt"
        | "apt-get" | "aptitude" | "yum" | "dnf" | "zypper" | "pacman" | "apk" | "emerge"
        | "snap" | "flatpak" | "nix-env" | "nix" | "pkg_add" | "pkg" | "composer" | "dotnet"
        | "rustup" | "deno" | "asdf" | "mise" | "nvm" | "pyenv" | "sdk" | "winget" | "choco"
        | "scoop" | "lerna" | "changeset" | "changesets" | "twine" | "flit" | "hatch" | "pdm"
        | "nuget" | "skopeo" | "crane" | "oras" | "vsce" | "ovsx" | "goreleaser"
        | "semantic-release" | "release-it" | "np" | "anaconda" | "mix" | "dart" | "flutter"
        | "pub" | "pod" | "jf" | "mvn" | "mvnw" | "gradle" | "gradlew" | "buildah" | "npx"
        | "cli" => packages(prog, args, out),
        "openssl" => {
            if args.texts.first() == Some(&"s_client") {
                out.push(finding(Tier::Medium, Factor::NetworkSend, "opens a TLS connection"));
            }
        }
        "history" => {
            if args.short('c') || args.short('d') {
                out.push(finding(Tier::Medium, Factor::HistoryTamper, "erases the shell history"));
            }
        }
        "python" | "python3" | "node" | "nodejs" | "deno_" => {
            if let Some(code) = &c.code {
                let _ = code;
            }
        }
        _ => {
            if base == "python" || base == "pypy" {
                return;
            }
            if rules::CLOUD_CLIS.contains(&prog) {
                cloud(prog, args, out);
                return;
            }
            unknown_program(c, prog, args, out);
        }
    }
}

fn unknown_program(c: &Cmd, prog: &str, args: &Args, out: &mut Vec<Finding>) {
    if registry::has(prog, registry::Props::QUIET)
        || shell::is_shell(prog)
        || shell::interpreter_lang(prog).is_some()
    {
        return;
    }
    let first = c.argv.first().map(|f| f.text.as_str()).unwrap_or_default();
    let script_ext =
        [".sh", ".bash", ".zsh", ".py", ".rb", ".pl", ".js", ".ts", ".ps1", ".bat", ".cmd"]
            .iter()
            .any(|e| prog.ends_with(e));
    if (first.starts_with("./")
        || first.starts_with("../")
        || first.starts_with("~/")
        || script_ext)
        && !matches!(prog, "gradlew" | "mvnw" | "configure")
    {
        out.push(finding(
            Tier::Medium,
            Factor::RunsScript,
            format!("runs the local program {first}"),
        ));
        return;
    }
    let words = args.words(&[]);
    for w in words.iter().take(2) {
        let lw = w.to_ascii_lowercase();
        if rules::DELETE_VERBS.contains(&lw.as_str()) {
            let strong = matches!(
                lw.as_str(),
                "destroy" | "nuke" | "wipe" | "purge" | "erase" | "terminate" | "drop" | "teardown"
            );
            let tier = if strong && args.prod() { Tier::High } else { Tier::Medium };
            out.push(finding(
                tier,
                Factor::PossiblyDestructive,
                format!("runs `{prog} {w}`, which may delete something"),
            ));
            return;
        }
        if matches!(lw.as_str(), "publish" | "deploy" | "release" | "push" | "upload") {
            out.push(finding(
                Tier::Medium,
                Factor::PossiblyPublishes,
                format!("runs `{prog} {w}`, which may publish or deploy"),
            ));
            return;
        }
    }
}

/// The files a sed script writes: `w file` and `W file` commands and the `w` flag of `s`.
/// The commands of a sed script, each without its address and `!` (`1,5!w f` → `w f`).
fn sed_commands(script: &str) -> impl Iterator<Item = &str> {
    script.split(['\n', ';', '{', '}']).map(|cmd| {
        let t = cmd.trim();
        // Skip an address (`1`, `$`, `1,5`, `0~3`, `/re/`) and a `!`.
        let mut rest =
            t.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '$' | '~'));
        if let Some(r) = rest.strip_prefix('/')
            && let Some(end) = r.find('/')
        {
            rest = r[end + 1..]
                .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '$' | '~'));
        }
        rest.trim_start_matches(['!', ' ', '\t'])
    })
}

/// The scripts given to sed by option, however spelled: `-e S`, `-eS`, `-ne S`,
/// `--expression=S`, `--expression S` (and its abbreviations, `--expr=S`).
fn sed_scripts(texts: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(t) = texts.get(i) {
        if *t == "--" {
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, value) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v)));
            if !name.is_empty() && "expression".starts_with(name) {
                if let Some(v) = value {
                    out.push(v.to_owned());
                } else {
                    i += 1;
                    out.extend(texts.get(i).map(|s| (*s).to_owned()));
                }
            }
        } else if let Some(short) = t.strip_prefix('-')
            && let Some(at) = short.find('e')
            && short[..at].chars().all(|ch| "nrsuzE".contains(ch))
        {
            let rest = &short[at + 1..];
            if rest.is_empty() {
                i += 1;
                out.extend(texts.get(i).map(|s| (*s).to_owned()));
            } else {
                out.push(rest.to_owned());
            }
        }
        i += 1;
    }
    out
}

/// The flags of an `s` command (`s/a/b/gw f` → `gw f`).
fn sed_s_flags(cmd: &str) -> Option<&str> {
    let d = cmd.strip_prefix('s')?.chars().next()?;
    cmd[1 + d.len_utf8()..].splitn(3, d).nth(2)
}

fn sed_writes(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    for rest in sed_commands(script) {
        if let Some(f) = rest.strip_prefix('w').or_else(|| rest.strip_prefix('W'))
            && (f.starts_with(' ') || f.starts_with('\t'))
        {
            out.push(f.trim().to_owned());
        }
        if let Some(flags) = sed_s_flags(rest)
            && let Some(i) = flags.find('w')
        {
            out.push(flags[i + 1..].trim().to_owned());
        }
    }
    out.retain(|f| !f.is_empty());
    out
}

fn sed_executes(script: &str) -> bool {
    // An `e command` (with any address: `1e id`), or the `e` flag of `s` (before a `w file`).
    sed_commands(script).any(|rest| {
        rest == "e"
            || rest.starts_with("e ")
            || rest.starts_with("e\t")
            || sed_s_flags(rest).is_some_and(|f| f.split('w').next().unwrap_or("").contains('e'))
    })
}

fn folder_what(info: &PathInfo) -> String {
    explain::folder(info)
}

/// Whether a project path names a cache folder that tools rebuild on their own.
fn paths_is_cache(norm: &str) -> bool {
    let last = norm.trim_end_matches('/').rsplit('/').next().unwrap_or(norm);
    matches!(last, "__pycache__" | ".pytest_cache" | ".mypy_cache" | ".ruff_cache")
}

fn rm(c: &Cmd, prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let recursive = matches!(prog, "rimraf" | "del" | "del-cli")
        || a.short('r')
        || a.short('R')
        || a.opts().any(|t| t.starts_with("--r") && "--recursive".starts_with(t));
    let mut targets: Vec<&Field> = a.operands(&[]);
    let unknown = Field {
        text: "<arguments given at run time>".to_owned(),
        known: false,
        ..Field::default()
    };
    if c.extra_args {
        targets.push(&unknown);
    }
    if prog == "trash" || prog == "trash-put" {
        out.push(finding(Tier::Medium, Factor::FileDelete, "moves files to the trash"));
        return;
    }
    if prog == "rmdir" {
        for t in targets {
            let info = a.path(t);
            let tier = if info.loc.is_system() { Tier::High } else { Tier::Medium };
            out.push(finding(
                tier,
                Factor::FileDelete,
                format!("removes the empty folder {}", info.norm),
            ));
        }
        return;
    }
    let shred = matches!(prog, "shred" | "wipe" | "srm");
    for t in targets {
        let info = a.path(t);
        let what = folder_what(&info);
        if shred && info.loc == Loc::Device {
            out.push(finding(
                Tier::Critical,
                Factor::DiskDestruction,
                format!("overwrites the disk {} with random data", info.norm),
            ));
            continue;
        }
        // A cache folder deep in the project (`src/pkg/__pycache__`) is rebuilt like a
        // top-level generated one; with a trailing `/` rm would follow a symbolic link there.
        let loc =
            if info.loc == Loc::Project && paths_is_cache(&info.norm) && !t.text.ends_with('/') {
                &Loc::Generated
            } else {
                &info.loc
            };
        if recursive {
            let f = match loc {
                Loc::Root | Loc::Home | Loc::Cwd | Loc::SystemTop | Loc::Device => finding(
                    Tier::Critical,
                    Factor::FilesystemDestruction,
                    format!("deletes {what} and everything under it"),
                ),
                Loc::System | Loc::Outside | Loc::Temp | Loc::Project | Loc::Unknown => finding(
                    Tier::High,
                    Factor::RecursiveDelete,
                    format!("deletes {what} and everything under it"),
                ),
                Loc::Generated => finding(
                    Tier::Medium,
                    Factor::RecursiveDelete,
                    format!("deletes the generated folder {} (it can be rebuilt)", info.norm),
                ),
                Loc::NullDevice | Loc::NetDevice => continue,
            };
            out.push(f);
        } else {
            let f = match info.loc {
                Loc::Root | Loc::Home | Loc::Cwd if info.all => {
                    finding(Tier::High, Factor::FileDelete, format!("deletes every file in {what}"))
                }
                Loc::Root | Loc::SystemTop | Loc::System | Loc::Device => finding(
                    Tier::High,
                    Factor::SystemPathDelete,
                    format!("deletes the system file {}", info.norm),
                ),
                _ if paths::is_secret(&info.norm) => finding(
                    Tier::High,
                    Factor::FileDelete,
                    format!("deletes the credentials file {}", info.norm),
                ),
                Loc::NullDevice | Loc::NetDevice => continue,
                _ if shred => finding(
                    Tier::Medium,
                    Factor::FileDelete,
                    format!("destroys the file {} beyond recovery", info.norm),
                ),
                _ => finding(Tier::Medium, Factor::FileDelete, format!("deletes {}", info.norm)),
            };
            out.push(f);
        }
    }
}

fn find(a: &Args, out: &mut Vec<Finding>) {
    let info = shell::find_info(a.c.args());
    for w in &info.writes {
        write_finding(&a.path(w), "writes", out);
    }
    if !info.delete {
        return;
    }
    for r in &info.roots {
        let p = a.path(r);
        let what = folder_what(&p);
        let f = if info.restrictive {
            match p.loc {
                Loc::Project | Loc::Generated | Loc::Cwd => finding(
                    Tier::Medium,
                    Factor::FileDelete,
                    format!("deletes the matching files under {what}"),
                ),
                _ => finding(
                    Tier::High,
                    Factor::RecursiveDelete,
                    format!("deletes the matching files under {what}"),
                ),
            }
        } else {
            match p.loc {
                Loc::Root | Loc::Home | Loc::Cwd | Loc::SystemTop | Loc::Device => finding(
                    Tier::Critical,
                    Factor::FilesystemDestruction,
                    format!("deletes {what} and everything under it"),
                ),
                Loc::Generated => finding(
                    Tier::Medium,
                    Factor::RecursiveDelete,
                    format!("deletes the generated folder {}", p.norm),
                ),
                _ => finding(
                    Tier::High,
                    Factor::RecursiveDelete,
                    format!("deletes everything under {what}"),
                ),
            }
        };
        out.push(f);
    }
}

fn rsync(a: &Args, out: &mut Vec<Finding>) {
    if a.short('n') || a.long(&["--dry-run"]) {
        return;
    }
    let ops = a.operands(&[
        "-e",
        "--rsh",
        "-f",
        "--filter",
        "--exclude",
        "--include",
        "--exclude-from",
        "--include-from",
        "-T",
        "--temp-dir",
        "--port",
        "--password-file",
        "--log-file",
        "--backup-dir",
        "--suffix",
        "--chmod",
        "--chown",
        "--timeout",
        "-B",
        "--block-size",
        "--max-size",
        "--min-size",
        "--bwlimit",
        "--files-from",
    ]);
    let Some(dest) = ops.last() else { return };
    let delete = a.opts().any(|t| t.starts_with("--del") || t.starts_with("--remove-source"));
    if paths::is_remote(&dest.text) {
        out.push(finding(
            Tier::Medium,
            Factor::NetworkSend,
            format!("copies files to {}", dest.text),
        ));
        for s in &ops[..ops.len() - 1] {
            let info = a.path(s);
            if paths::is_secret(&info.norm) {
                out.push(finding(
                    Tier::High,
                    Factor::SecretExfiltration,
                    format!("sends the secret file {} to another machine", info.norm),
                ));
            }
        }
        if delete {
            out.push(finding(
                Tier::High,
                Factor::RecursiveDelete,
                format!("deletes files on {} that are not in the source", dest.text),
            ));
        }
        return;
    }
    let info = a.path(dest);
    if delete {
        let what = folder_what(&info);
        let f = match info.loc {
            Loc::Root | Loc::Home | Loc::Cwd | Loc::SystemTop | Loc::System => finding(
                Tier::Critical,
                Factor::FilesystemDestruction,
                format!("deletes everything in {what} that is not in the source"),
            ),
            Loc::Generated => finding(
                Tier::Medium,
                Factor::RecursiveDelete,
                format!("syncs into the generated folder {}", info.norm),
            ),
            _ => finding(
                Tier::High,
                Factor::RecursiveDelete,
                format!("deletes everything in {what} that is not in the source"),
            ),
        };
        out.push(f);
    } else {
        write_finding(&info, "copies files into", out);
    }
}

fn copy_move(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let with_value: &[&str] = &[
        "-t",
        "--target-directory",
        "-S",
        "--suffix",
        "-m",
        "--mode",
        "-o",
        "--owner",
        "-g",
        "--group",
        "-Z",
    ];
    let ops = a.operands(with_value);
    let target = a
        .value_of(&["-t", "--target-directory"])
        .or_else(|| a.opts().find_map(|t| t.strip_prefix("--target-directory=")).map(|_| ops[0]));
    if prog == "install" && a.short('d') {
        for f in &ops {
            write_finding(&a.path(f), "creates the folder", out);
        }
        return;
    }
    let (dest, sources): (Option<&Field>, Vec<&Field>) = match target {
        Some(t) => (Some(t), ops.clone()),
        None if ops.len() >= 2 => (ops.last().copied(), ops[..ops.len() - 1].to_vec()),
        None => (None, ops.clone()),
    };
    let verb = match prog {
        "mv" | "move" => "moves files into",
        "ln" => "creates a link at",
        _ => "copies files into",
    };
    if let Some(d) = dest {
        let mut info = a.path(d);
        if matches!(info.norm.as_str(), "/tmp" | "/var/tmp") && prog != "ln" {
            // Into the temporary folder, not over it.
            info.loc = Loc::Temp;
        }
        if prog == "mv" && info.loc == Loc::NullDevice {
            for s in &sources {
                let si = a.path(s);
                out.push(finding(
                    Tier::Medium,
                    Factor::FileDelete,
                    format!("destroys {} by moving it onto /dev/null", si.norm),
                ));
            }
        } else if paths::is_secret(&info.norm)
            && prog != "ln"
            && (a.short('n') || a.long(&["--no-clobber", "--update=none"]))
            && !sources.iter().any(|s| paths::is_secret(&a.path(s).norm))
        {
            // `cp -n .env.example .env`: creates the file from a template, never overwrites.
            out.push(finding(
                Tier::Medium,
                Factor::FileWrite,
                format!("creates {} unless it exists", info.norm),
            ));
        } else {
            write_finding(&info, verb, out);
        }
    }
    if matches!(prog, "mv" | "move") {
        for s in &sources {
            let si = a.path(s);
            let what = folder_what(&si);
            match si.loc {
                Loc::Root | Loc::Home | Loc::Cwd | Loc::SystemTop => out.push(finding(
                    Tier::Critical,
                    Factor::FilesystemDestruction,
                    format!("moves away {what}, breaking everything that uses it"),
                )),
                Loc::System => out.push(finding(
                    Tier::High,
                    Factor::SystemPathWrite,
                    format!("moves the system path {}", si.norm),
                )),
                _ if paths::is_persistence(&si.norm) || paths::is_secret(&si.norm) => {
                    out.push(finding(
                        Tier::Medium,
                        Factor::FileWrite,
                        format!("moves {}", si.norm),
                    ));
                }
                _ => {}
            }
        }
    }
    // Copied to standard output, a secret is printed.
    let prints = dest.is_some_and(|d| {
        matches!(
            d.text.as_str(),
            "/dev/stdout" | "/dev/stderr" | "/dev/tty" | "/dev/fd/1" | "/dev/fd/2" | "-"
        ) || d.text.starts_with("/proc/self/fd/")
    });
    for s in &sources {
        let si = a.path(s);
        if matches!(prog, "cp" | "ditto" | "copy" | "install") && paths::is_secret(&si.norm) {
            out.push(finding(
                if prints { Tier::High } else { Tier::Medium },
                Factor::SecretRead,
                format!("copies the secret file {}", si.norm),
            ));
        }
    }
}

fn create(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    for f in
        a.operands(&["-m", "--mode", "-d", "-r", "-t", "--reference", "--date", "-Z", "--context"])
    {
        let info = a.path(f);
        match info.loc {
            Loc::Project | Loc::Generated | Loc::Cwd => {
                out.push(plain(Tier::Low, format!("creates {}", info.norm)));
            }
            Loc::NullDevice => {}
            _ => {
                let verb =
                    if prog == "mkdir" { "creates the folder" } else { "creates or touches" };
                write_finding(&info, verb, out);
            }
        }
    }
}

/// Whether a chmod mode makes files world-writable, removes all access, or sets setuid.
fn mode_effects(mode: &str) -> (bool, bool, bool) {
    if !mode.is_empty() && mode.chars().all(|c| c.is_ascii_digit()) {
        let digits: Vec<u32> = mode.chars().filter_map(|c| c.to_digit(8)).collect();
        let last = digits.last().copied().unwrap_or(0);
        let world = last & 2 != 0;
        let none = digits.iter().all(|d| *d == 0);
        let setuid = digits.len() == 4 && digits[0] & 6 != 0;
        return (world, none, setuid);
    }
    let mut world = false;
    let mut setuid = false;
    let mut none = false;
    for clause in mode.split(',') {
        let who: String = clause.chars().take_while(|c| "ugoa".contains(*c)).collect();
        let rest = &clause[who.len()..];
        let op = rest.chars().next().unwrap_or(' ');
        let perms = &rest[op.len_utf8().min(rest.len())..];
        let everyone = who.is_empty() || who.contains('o') || who.contains('a');
        if everyone && (op == '+' || op == '=') && perms.contains('w') {
            world = true;
        }
        if (op == '+' || op == '=') && perms.contains('s') {
            setuid = true;
        }
        if (who.contains('a') || who.is_empty())
            && op == '-'
            && perms.contains('r')
            && perms.contains('w')
            && perms.contains('x')
        {
            none = true;
        }
    }
    (world, none, setuid)
}

fn permissions(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let recursive = a.short('R') || a.long(&["--recursive"]) || (prog == "setfacl" && a.short('R'));
    let ops = a.operands(&["--reference", "-M", "-X", "-m", "-x", "--modify", "--remove", "-f"]);
    let (mode, targets): (Option<&Field>, Vec<&Field>) = match prog {
        "chmod" | "chown" | "chgrp" | "chattr" | "chflags" => {
            if a.opts().any(|t| t.starts_with("--reference")) {
                (None, ops.clone())
            } else {
                (ops.first().copied(), ops.iter().skip(1).copied().collect())
            }
        }
        _ => (None, ops.clone()),
    };
    let (world, none, setuid) = if prog == "chmod" {
        mode.map_or((false, false, false), |m| mode_effects(&m.text))
    } else {
        (false, false, false)
    };
    let what_change = match prog {
        "chmod" => "permissions",
        "chown" | "chgrp" => "ownership",
        _ => "attributes",
    };
    if setuid {
        out.push(finding(
            Tier::High,
            Factor::PrivilegeEscalation,
            "sets the setuid/setgid bit, letting a program run with its owner's rights",
        ));
    }
    for t in targets {
        let info = a.path(t);
        let what = folder_what(&info);
        let f = match (recursive, &info.loc) {
            (true, Loc::Root | Loc::Home | Loc::Cwd | Loc::SystemTop)
                if !matches!(info.loc, Loc::Cwd) || world =>
            {
                finding(
                    Tier::Critical,
                    Factor::SystemPermissions,
                    format!(
                        "changes the {what_change} of everything under {what}{}",
                        if world { ", making it writable by everyone" } else { "" }
                    ),
                )
            }
            (true, Loc::System) => finding(
                Tier::High,
                Factor::SystemPermissions,
                format!("changes the {what_change} of everything under {what}"),
            ),
            (false, Loc::Root | Loc::SystemTop | Loc::System) => finding(
                Tier::High,
                Factor::SystemPermissions,
                format!("changes the {what_change} of the system path {}", info.norm),
            ),
            (true, _) if world => finding(
                Tier::High,
                Factor::WorldWritable,
                format!("makes everything under {what} writable by everyone"),
            ),
            _ if world => finding(
                Tier::Medium,
                Factor::WorldWritable,
                format!("makes {} writable by everyone", info.norm),
            ),
            _ if none => finding(
                Tier::Medium,
                Factor::PermissionChange,
                format!("removes all access to {}", info.norm),
            ),
            _ if paths::is_persistence(&info.norm) => finding(
                Tier::Medium,
                Factor::PermissionChange,
                format!("changes the {what_change} of {}", info.norm),
            ),
            _ => finding(
                Tier::Medium,
                Factor::PermissionChange,
                format!("changes the {what_change} of {}", info.norm),
            ),
        };
        out.push(f);
    }
}

fn dd(a: &Args, out: &mut Vec<Finding>) {
    for f in &a.all {
        if let Some(of) = f.text.strip_prefix("of=") {
            let g = Field { text: of.to_owned(), ..(*f).clone() };
            let info = a.path(&g);
            write_finding(&info, "writes", out);
        }
        if let Some(inp) = f.text.strip_prefix("if=") {
            let g = Field { text: inp.to_owned(), ..(*f).clone() };
            let info = a.path(&g);
            if info.loc == Loc::Device {
                out.push(finding(
                    Tier::Medium,
                    Factor::DiskRead,
                    format!("reads the raw disk {}", info.norm),
                ));
            } else if paths::is_secret(&info.norm) {
                // Without `of=`, dd prints what it reads.
                let prints = !a.texts.iter().any(|t| t.starts_with("of="));
                out.push(finding(
                    if prints { Tier::High } else { Tier::Medium },
                    Factor::SecretRead,
                    format!("reads the secret file {}", info.norm),
                ));
            }
        }
    }
}

fn disk(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let devices: Vec<String> = a
        .all
        .iter()
        .filter(|f| {
            let t = f.text.as_str();
            let p = paths::classify(None, t, f.known);
            p.loc == Loc::Device
                || t.to_ascii_lowercase().contains("physicaldrive")
                || (prog == "diskutil" && t.starts_with("disk"))
        })
        .map(|f| f.text.clone())
        .collect();
    let unknown = a.all.iter().any(|f| !f.known);
    let dev = devices.first().cloned().unwrap_or_else(|| "a disk".to_owned());
    let list = a.short('l')
        || a.long(&["--list", "--print"])
        || a.has("print")
        || a.has("list")
        || a.has("info")
        || a.has("status");
    let destroy = |out: &mut Vec<Finding>, verb: &str| {
        if !devices.is_empty() {
            out.push(finding(
                Tier::Critical,
                Factor::DiskDestruction,
                format!("{verb} {dev}, destroying all data on it"),
            ));
        } else if unknown {
            out.push(finding(
                Tier::High,
                Factor::DiskDestruction,
                format!("{verb} a device known only at run time"),
            ));
        } else {
            out.push(finding(Tier::Medium, Factor::DiskWrite, format!("{verb} an image file")));
        }
    };
    match prog {
        p if p.starts_with("mkfs")
            || p.starts_with("newfs")
            || matches!(p, "mke2fs" | "mkswap" | "mkdosfs" | "mkntfs" | "mkexfatfs") =>
        {
            destroy(out, "formats");
        }
        "wipefs" | "blkdiscard" | "zerofree"
            if !(prog == "wipefs"
                && !a.short('a')
                && !a.long(&["--all"])
                && !a.short('o')
                && !a.long(&["--offset"])) =>
        {
            destroy(out, "wipes");
        }
        "badblocks" if a.short('w') => {
            destroy(out, "overwrites");
        }
        "format" if !a.texts.is_empty() && !a.has("/?") => {
            out.push(finding(
                Tier::Critical,
                Factor::DiskDestruction,
                format!("formats the drive {}", a.texts.first().copied().unwrap_or_default()),
            ));
        }
        "diskutil" => {
            let verb = a.texts.first().map(|t| t.to_ascii_lowercase()).unwrap_or_default();
            let destructive = verb.starts_with("erase")
                || matches!(
                    verb.as_str(),
                    "zerodisk"
                        | "randomdisk"
                        | "secureerase"
                        | "partitiondisk"
                        | "reformat"
                        | "splitpartition"
                        | "mergepartitions"
                )
                || (verb == "apfs"
                    && a.texts.get(1).is_some_and(|t| {
                        t.to_ascii_lowercase().starts_with("delete")
                            || t.to_ascii_lowercase().starts_with("erase")
                    }));
            if destructive {
                out.push(finding(
                    Tier::Critical,
                    Factor::DiskDestruction,
                    format!(
                        "erases {}, destroying all data on it",
                        a.texts.last().copied().unwrap_or("a disk")
                    ),
                ));
            } else if matches!(
                verb.as_str(),
                "mount"
                    | "unmount"
                    | "unmountdisk"
                    | "eject"
                    | "mountdisk"
                    | "rename"
                    | "enablejournal"
            ) {
                out.push(finding(Tier::Medium, Factor::DiskWrite, format!("runs diskutil {verb}")));
            }
        }
        "fdisk" | "gdisk" | "cfdisk" | "sfdisk" | "sgdisk" | "parted" => {
            if list {
                return;
            }
            let mutating = a.texts.iter().any(|t| {
                matches!(
                    *t,
                    "mklabel"
                        | "mktable"
                        | "mkpart"
                        | "rm"
                        | "resizepart"
                        | "rescue"
                        | "mkfs"
                        | "-Z"
                        | "--zap-all"
                        | "-o"
                        | "--clear"
                        | "-z"
                        | "--zap"
                        | "-d"
                        | "--delete"
                        | "-n"
                        | "--new"
                )
            }) || prog == "sfdisk"
                || (prog == "parted"
                    && a.texts.iter().any(|t| t == &"-s" || t == &"--script")
                    && a.texts.len() > 2);
            if mutating && !devices.is_empty() {
                destroy(out, "rewrites the partition table of");
            } else if !devices.is_empty() {
                out.push(finding(
                    Tier::High,
                    Factor::DiskPartitioning,
                    format!("edits the partitions of {dev}"),
                ));
            }
        }
        "hdparm"
            if a.opts().any(|t| {
                t.starts_with("--security-erase")
                    || t.starts_with("--trim-sector")
                    || t.starts_with("--write-sector")
                    || *t == "--dco-restore"
                    || *t == "--make-bad-sector"
            }) =>
        {
            destroy(out, "erases");
        }
        "nvme"
            if a.texts.first().is_some_and(|v| {
                matches!(*v, "format" | "sanitize" | "ns-delete" | "delete-ns")
            }) =>
        {
            destroy(out, "erases");
        }
        "cryptsetup" => {
            if a.texts.iter().any(|t| {
                matches!(
                    t.to_ascii_lowercase().as_str(),
                    "luksformat" | "erase" | "luksErase" | "reencrypt"
                )
            }) {
                destroy(out, "reformats");
            } else if !a.texts.is_empty() && !list {
                out.push(finding(
                    Tier::Medium,
                    Factor::DiskWrite,
                    "opens or closes an encrypted volume",
                ));
            }
        }
        "zpool" | "zfs" => {
            let v = a.texts.first().copied().unwrap_or_default();
            if matches!(v, "destroy" | "labelclear") {
                out.push(finding(
                    Tier::Critical,
                    Factor::DiskDestruction,
                    format!(
                        "destroys the ZFS {} {}",
                        if prog == "zpool" { "pool" } else { "dataset" },
                        a.texts.last().copied().unwrap_or_default()
                    ),
                ));
            } else if !matches!(v, "list" | "status" | "get" | "iostat" | "history" | "") {
                out.push(finding(
                    Tier::Medium,
                    Factor::DiskWrite,
                    format!("changes ZFS storage ({prog} {v})"),
                ));
            }
        }
        "lvremove" | "vgremove" | "pvremove" | "mdadm" | "flashrom"
            if (prog != "mdadm"
                || a.opts().any(|t| matches!(*t, "--zero-superblock" | "--create" | "-C"))) =>
        {
            out.push(finding(
                Tier::Critical,
                Factor::DiskDestruction,
                format!("destroys storage volumes ({prog})"),
            ));
        }
        "lvreduce" | "diskpart" => out.push(finding(
            Tier::High,
            Factor::DiskPartitioning,
            format!("changes storage volumes ({prog})"),
        )),
        _ => {}
    }
}

fn git(a: &Args, out: &mut Vec<Finding>) {
    let globals: &[&str] =
        &["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path", "--config-env"];
    let all = &a.texts;
    let mut k = 0;
    while k < all.len() && all[k].starts_with('-') {
        k += if globals.contains(&all[k]) { 2 } else { 1 };
    }
    let Some(sub) = all.get(k).copied() else { return };
    let rest: Vec<&str> = all[k + 1..].to_vec();
    let flag = |names: &[&str]| {
        rest.iter()
            .take_while(|t| **t != "--")
            .any(|t| names.iter().any(|n| *t == *n || t.starts_with(&format!("{n}="))))
    };
    let short = |c: char| {
        rest.iter()
            .take_while(|t| **t != "--")
            .any(|t| t.starts_with('-') && !t.starts_with("--") && t[1..].contains(c))
    };
    let operands: Vec<&str> = rest.iter().filter(|t| !t.starts_with('-')).copied().collect();
    let dry = flag(&["--dry-run"])
        || (matches!(sub, "clean" | "push" | "add" | "rm" | "mv") && short('n'));
    let destroy = |out: &mut Vec<Finding>, what: String| {
        out.push(finding(Tier::High, Factor::VcsDestruction, what));
    };
    match sub {
        "push" => {
            if dry {
                return;
            }
            let target = operands.iter().skip(1).copied().collect::<Vec<_>>().join(" ");
            if flag(&["--force", "--force-with-lease", "--force-if-includes", "--mirror"])
                || short('f')
                || operands.iter().skip(1).any(|r| r.starts_with('+'))
            {
                destroy(
                    out,
                    format!(
                        "force-pushes, overwriting history on the remote{}",
                        if target.is_empty() { String::new() } else { format!(" ({target})") }
                    ),
                );
            }
            if flag(&["--delete", "--prune"])
                || short('d')
                || operands.iter().skip(1).any(|r| r.starts_with(':'))
            {
                destroy(
                    out,
                    format!(
                        "deletes branches or tags on the remote{}",
                        if target.is_empty() { String::new() } else { format!(" ({target})") }
                    ),
                );
            }
            out.push(finding(
                Tier::Medium,
                Factor::VcsPush,
                format!("pushes commits to {}", operands.first().copied().unwrap_or("the remote")),
            ));
        }
        "reset" => {
            if flag(&["--hard"]) {
                destroy(out, "discards every uncommitted change (git reset --hard)".to_owned());
            } else if rest.contains(&"--")
                || operands.len() > 1
                || (operands.len() == 1
                    && !flag(&["--soft", "--mixed", "--merge", "--keep"])
                    && !operands[0].contains('~')
                    && !operands[0].contains('^')
                    && operands[0] != "HEAD")
                || operands.is_empty() && !flag(&["--soft", "--mixed", "--merge", "--keep"])
            {
                out.push(plain(Tier::Low, "unstages changes"));
            } else {
                out.push(finding(
                    Tier::Medium,
                    Factor::VcsWrite,
                    "moves the current branch to another commit",
                ));
            }
        }
        "clean" => {
            if dry {
                return;
            }
            if short('f') || short('d') || short('x') || short('X') || flag(&["--force"]) {
                destroy(out, "deletes untracked files for good (git clean)".to_owned());
            } else {
                out.push(finding(Tier::Medium, Factor::VcsWrite, "runs git clean"));
            }
        }
        "filter-branch" | "filter-repo" => {
            destroy(out, "rewrites the repository's history".to_owned());
        }
        "checkout" | "restore" | "switch" => {
            let discards = operands.contains(&".")
                || operands.contains(&":/")
                || rest.contains(&"--")
                    && rest.iter().skip_while(|t| **t != "--").any(|t| *t == "." || *t == ":/");
            if flag(&["--force", "--discard-changes"])
                || (short('f') && sub != "switch")
                || (discards && (!flag(&["--staged"]) || flag(&["--worktree"])))
            {
                destroy(out, "discards uncommitted changes in the working tree".to_owned());
            } else if sub == "restore" && !flag(&["--staged"]) && !operands.is_empty() {
                out.push(finding(
                    Tier::Medium,
                    Factor::VcsWrite,
                    format!("discards changes to {}", operands.join(" ")),
                ));
            }
        }
        "stash" => match operands.first().copied() {
            Some("clear") => destroy(out, "deletes every stashed change".to_owned()),
            Some("drop") => {
                out.push(finding(Tier::Medium, Factor::VcsWrite, "deletes a stashed change"));
            }
            _ => {}
        },
        "branch" => {
            if short('D')
                || short('d')
                || flag(&["--delete", "--force"])
                || short('M')
                || short('f')
            {
                out.push(finding(
                    Tier::Medium,
                    Factor::VcsWrite,
                    format!("deletes or overwrites the branch {}", operands.join(" ")),
                ));
            }
        }
        "tag" => {
            if short('d') || flag(&["--delete"]) || short('f') {
                out.push(finding(
                    Tier::Medium,
                    Factor::VcsWrite,
                    format!("deletes or moves the tag {}", operands.join(" ")),
                ));
            }
        }
        "update-ref" => {
            if short('d') {
                destroy(out, "deletes a git reference".to_owned());
            } else {
                out.push(finding(Tier::Medium, Factor::VcsWrite, "rewrites a git reference"));
            }
        }
        "reflog" => {
            if operands.first().is_some_and(|o| matches!(*o, "expire" | "delete")) {
                destroy(
                    out,
                    "deletes reflog entries, making lost commits unrecoverable".to_owned(),
                );
            }
        }
        "config" => {
            // The values of `--file f`, `--type t`, … are not the key; git 2.46 spells the
            // action as a word (`git config set alias.x '!…'`).
            let mut operands: Vec<&str> = Vec::new();
            let mut vals = rest.iter().take_while(|t| **t != "--");
            while let Some(t) = vals.next() {
                if matches!(*t, "-f" | "--file" | "--blob" | "--type" | "--default" | "--comment") {
                    vals.next();
                } else if !t.starts_with('-') {
                    operands.push(t);
                }
            }
            let verb = operands.first().copied().filter(|v| {
                matches!(
                    *v,
                    "set" | "get" | "list" | "unset" | "edit" | "rename-section" | "remove-section"
                )
            });
            if verb.is_some() {
                operands.remove(0);
            }
            if matches!(verb, Some("get" | "list")) {
                return;
            }
            let key = operands.first().map(|k| k.to_ascii_lowercase()).unwrap_or_default();
            let reading = flag(&[
                "--list",
                "--get",
                "--get-all",
                "--get-regexp",
                "--get-urlmatch",
                "--get-color",
                "--get-colorbool",
                "--show-origin",
                "--show-scope",
                "--name-only",
            ]) || short('l')
                || matches!(operands.first().copied(), Some("get" | "list"))
                || operands.len() < 2
                    && !flag(&[
                        "--unset",
                        "--unset-all",
                        "--add",
                        "--replace-all",
                        "--remove-section",
                        "--rename-section",
                        "--edit",
                    ])
                    && !short('e')
                    && verb.is_none();
            if reading {
                return;
            }
            let hooks = rules::git_key_runs(&key, operands.get(1).copied().unwrap_or_default());
            if hooks {
                out.push(finding(
                    Tier::High,
                    Factor::Persistence,
                    format!("makes git run a command automatically ({key})"),
                ));
            } else {
                out.push(finding(
                    Tier::Medium,
                    Factor::VcsConfig,
                    format!("changes the git setting {key}"),
                ));
            }
        }
        "remote" => {
            if operands.first().is_some_and(|o| {
                matches!(
                    *o,
                    "add"
                        | "remove"
                        | "rm"
                        | "rename"
                        | "set-url"
                        | "set-head"
                        | "set-branches"
                        | "prune"
                )
            }) {
                out.push(finding(Tier::Medium, Factor::VcsConfig, "changes the git remotes"));
            }
        }
        "status" | "log" | "diff" | "show" | "blame" | "grep" | "ls-files" | "ls-tree"
        | "ls-remote" | "rev-parse" | "rev-list" | "describe" | "shortlog" | "cat-file"
        | "for-each-ref" | "show-ref" | "whatchanged" | "count-objects" | "fsck"
        | "verify-commit" | "verify-tag" | "help" | "version" | "var" | "check-ignore"
        | "check-attr" | "name-rev" | "merge-base" | "range-diff" | "difftool" | "show-branch"
        | "fetch" | "init" | "annotate" | "bisect" | "worktree" | "submodule" | "archive"
        | "bundle" | "format-patch" | "request-pull" | "instaweb" | "lfs" | "sparse-checkout" => {
            if sub == "worktree"
                && operands.first() == Some(&"remove")
                && (short('f') || flag(&["--force"]))
            {
                destroy(out, "removes a worktree with its uncommitted changes".to_owned());
            }
        }
        "commit" | "merge" | "rebase" | "cherry-pick" | "revert" | "pull" | "am" | "apply"
        | "mv" | "rm" | "add" | "clone" | "notes" | "gc" | "prune" | "replace" | "repack"
        | "mergetool" | "commit-tree" => {
            if dry {
                return;
            }
            let what = match sub {
                "commit" => "records a commit".to_owned(),
                "rm" => format!("removes tracked files {}", operands.join(" ")),
                _ => format!("changes the repository (git {sub})"),
            };
            out.push(finding(Tier::Medium, Factor::VcsWrite, what));
        }
        _ => out.push(finding(Tier::Medium, Factor::VcsWrite, format!("runs git {sub}"))),
    }
}

fn gh(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let w = a.words(&[
        "-R",
        "--repo",
        "-X",
        "--method",
        "-H",
        "--header",
        "-f",
        "-F",
        "--field",
        "--raw-field",
        "-q",
        "--jq",
        "-t",
        "--template",
        "--hostname",
        "-b",
        "--body",
        "--title",
        "-B",
        "--base",
        "-m",
        "--milestone",
        "-l",
        "--label",
        "-a",
        "--assignee",
    ]);
    let area = w.first().copied().unwrap_or_default();
    let verb = w.get(1).copied().unwrap_or_default();
    let method =
        a.value_of(&["-X", "--method"]).map(|f| f.text.to_ascii_uppercase()).or_else(|| {
            a.opts().find_map(|t| {
                t.strip_prefix("--method=")
                    .or_else(|| t.strip_prefix("-X").filter(|m| !m.is_empty()))
                    .map(str::to_ascii_uppercase)
            })
        });
    if area == "api" {
        match method.as_deref() {
            Some("DELETE") => out.push(finding(
                Tier::High,
                Factor::VcsDestruction,
                format!("deletes through the {prog} API"),
            )),
            Some("POST" | "PUT" | "PATCH") => out.push(finding(
                Tier::Medium,
                Factor::NetworkSend,
                format!("changes data through the {prog} API"),
            )),
            _ if a.has("-f") || a.has("-F") || a.has("--field") || a.has("--raw-field") => out
                .push(finding(
                    Tier::Medium,
                    Factor::NetworkSend,
                    format!("changes data through the {prog} API"),
                )),
            _ => {}
        }
        return;
    }
    if matches!(verb, "delete" | "archive")
        && matches!(
            area,
            "repo"
                | "release"
                | "project"
                | "variable"
                | "secret"
                | "label"
                | "gist"
                | "cache"
                | "ruleset"
                | "run"
        )
    {
        let tier = if area == "repo" { Tier::High } else { Tier::Medium };
        out.push(finding(tier, Factor::VcsDestruction, format!("deletes a GitHub {area}")));
        return;
    }
    let read =
        matches!(
            verb,
            "view"
                | "list"
                | "ls"
                | "status"
                | "checks"
                | "diff"
                | "watch"
                | "download"
                | "clone"
                | "checkout"
                | "browse"
                | "token"
                | ""
        ) || matches!(area, "search" | "status" | "browse" | "help" | "version" | "completion");
    if !read || (area == "repo" && verb == "clone") {
        let f =
            if area == "gist" && verb == "create" { Factor::NetworkSend } else { Factor::VcsWrite };
        out.push(finding(Tier::Medium, f, format!("changes GitHub state ({prog} {area} {verb})")));
    }
}

fn curl(a: &Args, out: &mut Vec<Finding>) {
    let data_opts = [
        "-d",
        "--data",
        "--data-raw",
        "--data-binary",
        "--data-ascii",
        "--data-urlencode",
        "--json",
        "-F",
        "--form",
        "--form-string",
        "-T",
        "--upload-file",
    ];
    let mut sends = false;
    let mut i = 0;
    let texts = &a.texts;
    while i < texts.len() {
        let t = texts[i];
        let (opt, val) = match t.split_once('=') {
            Some((o, v)) if o.starts_with("--") => (o, Some(v.to_owned())),
            _ => (t, None),
        };
        let is_data = data_opts.contains(&opt)
            || (t.starts_with('-')
                && !t.starts_with("--")
                && (t.ends_with('d') || t.ends_with('F') || t.ends_with('T'))
                && t.len() > 2
                && t[1..].chars().all(|c| c.is_ascii_alphabetic()));
        let attached = if !t.starts_with("--")
            && t.len() > 2
            && ["-d", "-F", "-T"].iter().any(|p| t.starts_with(p))
            && !t[1..].chars().all(|c| c.is_ascii_alphabetic())
        {
            Some(t[2..].to_owned())
        } else {
            None
        };
        if is_data || attached.is_some() {
            sends = true;
            let separate = val.is_none() && attached.is_none();
            let v = val
                .clone()
                .or(attached)
                .or_else(|| texts.get(i + 1).map(|s| (*s).to_owned()))
                .unwrap_or_default();
            let upload = opt == "-T" || opt == "--upload-file" || t.ends_with('T');
            let file = if upload {
                Some(v.clone())
            } else if let Some(f) = v.strip_prefix('@') {
                Some(f.to_owned())
            } else if let Some((_, f)) = v.split_once("=@").or_else(|| v.split_once("=<")) {
                Some(f.split(';').next().unwrap_or(f).to_owned())
            } else {
                None
            };
            if let Some(f) = file
                && f != "-"
                && f != "."
            {
                let info = paths::classify(
                    a.c.cwd.as_deref(),
                    &f,
                    !f.contains('$') || f.starts_with("$HOME"),
                );
                let norm = if f.starts_with("$HOME") {
                    f.replacen("$HOME", "~", 1)
                } else {
                    info.norm.clone()
                };
                if paths::is_secret(&norm) {
                    out.push(finding(
                        Tier::High,
                        Factor::SecretExfiltration,
                        format!("uploads the secret file {norm} to {}", url(a)),
                    ));
                }
            }
            if separate {
                i += 1;
            }
        }
        let attached_method = t.strip_prefix("-X").filter(|m| !m.is_empty());
        if matches!(opt, "-X" | "--request") || attached_method.is_some() {
            let m = attached_method
                .map(str::to_owned)
                .or_else(|| val.clone())
                .or_else(|| texts.get(i + 1).map(|s| (*s).to_owned()))
                .unwrap_or_default()
                .to_ascii_uppercase();
            if matches!(m.as_str(), "POST" | "PUT" | "PATCH" | "DELETE") {
                sends = true;
            }
        }
        if matches!(opt, "-o" | "--output")
            && let Some(f) = val.clone().or_else(|| texts.get(i + 1).map(|s| (*s).to_owned()))
            && f != "-"
        {
            write_finding(
                &paths::classify(a.c.cwd.as_deref(), &f, a.all.get(i + 1).is_none_or(|x| x.known)),
                "downloads into",
                out,
            );
        }
        i += 1;
    }
    if sends {
        out.push(finding(Tier::Medium, Factor::NetworkSend, format!("sends data to {}", url(a))));
    } else if a.short('O') || a.long(&["--remote-name"]) {
        out.push(finding(
            Tier::Medium,
            Factor::FileWrite,
            format!("downloads {} into a file", url(a)),
        ));
    }
}

fn url(a: &Args) -> String {
    a.texts
        .iter()
        .find(|t| t.contains("://"))
        .map_or_else(|| "a server".to_owned(), |u| (*u).to_owned())
}

fn wget(a: &Args, out: &mut Vec<Finding>) {
    if a.long(&["--spider"]) {
        return;
    }
    if a.opts()
        .any(|t| t.starts_with("--post-") || t.starts_with("--body-") || t.starts_with("--method"))
    {
        out.push(finding(Tier::Medium, Factor::NetworkSend, format!("sends data to {}", url(a))));
        if let Some(f) = a
            .opts()
            .find_map(|t| t.strip_prefix("--post-file=").or_else(|| t.strip_prefix("--body-file=")))
        {
            let info = paths::classify(a.c.cwd.as_deref(), f, true);
            if paths::is_secret(&info.norm) {
                out.push(finding(
                    Tier::High,
                    Factor::SecretExfiltration,
                    format!("uploads the secret file {} to {}", info.norm, url(a)),
                ));
            }
        }
    }
    let clustered = a.opts().find_map(|t| {
        let body = t.strip_prefix('-').filter(|b| !b.starts_with('-'))?;
        let at = body.find('O')?;
        body[..at].chars().all(|c| c.is_ascii_alphabetic()).then(|| body[at + 1..].to_owned())
    });
    if let Some(v) = &clustered
        && !v.is_empty()
    {
        if v != "-" {
            write_finding(&paths::classify(a.c.cwd.as_deref(), v, true), "downloads into", out);
        }
        return;
    }
    let dest = a.value_of(&["-O", "--output-document", "-P", "--directory-prefix"]).or_else(|| {
        let i = a
            .texts
            .iter()
            .position(|t| t.starts_with('-') && !t.starts_with("--") && t.ends_with('O'))?;
        a.all.get(i + 1).copied()
    });
    match dest {
        Some(d) if d.text == "-" => {}
        Some(d) => write_finding(&a.path(d), "downloads into", out),
        None => {
            if let Some(v) = a.opts().find_map(|t| t.strip_prefix("--output-document=")) {
                if v != "-" {
                    write_finding(
                        &paths::classify(a.c.cwd.as_deref(), v, true),
                        "downloads into",
                        out,
                    );
                }
            } else if !a.opts().any(|t| t.starts_with("-O")) {
                out.push(finding(
                    Tier::Medium,
                    Factor::FileWrite,
                    format!("downloads {} into the current folder", url(a)),
                ));
            }
        }
    }
}

fn netcat(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    if prog == "socat" {
        let exec = a.texts.iter().any(|t| {
            let u = t.to_ascii_uppercase();
            u.contains("EXEC:") || u.contains("SYSTEM:")
        });
        if exec {
            out.push(finding(
                Tier::High,
                Factor::ReverseShell,
                "connects a program's input and output to the network",
            ));
        } else {
            out.push(finding(
                Tier::Medium,
                Factor::NetworkConnection,
                "relays data over the network",
            ));
        }
        return;
    }
    if a.short('e') || a.short('c') || a.long(&["--exec", "--sh-exec", "--lua-exec"]) {
        out.push(finding(
            Tier::High,
            Factor::ReverseShell,
            "connects a program's input and output to the network",
        ));
    } else if a.short('z') {
        out.push(plain(Tier::Low, "checks whether a network port is open"));
    } else if a.short('l') || a.long(&["--listen"]) {
        out.push(finding(Tier::Medium, Factor::NetworkListen, "listens for network connections"));
    } else {
        out.push(finding(
            Tier::Medium,
            Factor::NetworkConnection,
            format!("sends its input to {}", a.words(&["-p", "-s", "-w", "-i", "-q"]).join(" ")),
        ));
    }
    if let Stdin::File(f) = &a.c.stdin {
        let info = a.path(f);
        if paths::is_secret(&info.norm) {
            out.push(finding(
                Tier::High,
                Factor::SecretExfiltration,
                format!("sends the secret file {} over the network", info.norm),
            ));
        }
    }
}

fn kill(a: &Args, out: &mut Vec<Finding>) {
    let texts = &a.texts;
    let mut i = 0;
    let mut targets: Vec<&str> = Vec::new();
    let mut signal_seen = false;
    while i < texts.len() {
        let t = texts[i];
        if t == "--" {
            targets.extend(texts[i + 1..].iter().copied());
            break;
        }
        if matches!(t, "-s" | "-n" | "--signal") {
            signal_seen = true;
            i += 2;
            continue;
        }
        if matches!(t, "-l" | "-L" | "--list" | "--table") {
            return;
        }
        if t.starts_with('-') && !signal_seen && targets.is_empty() && i == 0 {
            signal_seen = true;
            i += 1;
            continue;
        }
        targets.push(t);
        i += 1;
    }
    if targets.contains(&"-1") {
        out.push(finding(
            Tier::High,
            Factor::ProcessKill,
            "kills every process the user can reach (kill -1)",
        ));
    } else if targets.contains(&"1") {
        out.push(finding(Tier::High, Factor::ProcessKill, "signals the init process (PID 1)"));
    } else if !targets.is_empty() {
        out.push(finding(
            Tier::Medium,
            Factor::ProcessKill,
            format!("sends a signal to process {}", targets.join(" ")),
        ));
    }
}

fn services(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let w = a.words(&[
        "-H",
        "--host",
        "-M",
        "--machine",
        "-t",
        "--type",
        "-p",
        "--property",
        "-n",
        "--lines",
        "-o",
        "--output",
    ]);
    let (verb, units): (&str, Vec<&str>) =
        if prog == "service" || prog == "rc-service" || prog == "sv" {
            (w.get(1).copied().unwrap_or_default(), w.first().copied().into_iter().collect())
        } else {
            (w.first().copied().unwrap_or_default(), w.iter().skip(1).copied().collect())
        };
    let security = units.iter().any(|u| {
        let u = u.trim_end_matches(".service").to_ascii_lowercase();
        rules::SECURITY_SERVICES.contains(&u.as_str())
    });
    match verb {
        "stop" | "disable" | "mask" | "kill" if security => out.push(finding(
            Tier::High,
            Factor::SecurityDisable,
            format!("stops the security service {}", units.join(" ")),
        )),
        "reboot" | "poweroff" | "halt" | "kexec" | "rescue" | "emergency" | "suspend"
        | "hibernate" => {
            out.push(finding(Tier::High, Factor::SystemPower, format!("{verb}s the machine")));
        }
        "isolate" => {
            out.push(finding(
                Tier::High,
                Factor::SystemPower,
                "switches the system to another target",
            ));
        }
        "enable" | "link" | "preset" | "reenable" | "add-wants" => out.push(finding(
            Tier::Medium,
            Factor::ServiceChange,
            format!("makes {} start automatically", units.join(" ")),
        )),
        "stop" | "disable" | "mask" | "kill" | "restart" | "start" | "reload" | "try-restart"
        | "reload-or-restart" | "daemon-reload" | "unmask" | "set-property" | "edit" | "revert"
        | "reset-failed" => {
            let critical = units.iter().any(|u| {
                rules::CRITICAL_SERVICES
                    .contains(&u.trim_end_matches(".service").to_ascii_lowercase().as_str())
            });
            let tier = if critical && matches!(verb, "stop" | "disable" | "mask" | "kill") {
                Tier::High
            } else {
                Tier::Medium
            };
            out.push(finding(
                tier,
                Factor::ServiceChange,
                format!("{verb}s the service {}", units.join(" ")),
            ));
        }
        _ => {}
    }
}

fn security(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let t: Vec<String> = a.texts.iter().map(|s| s.to_ascii_lowercase()).collect();
    let has = |w: &str| t.iter().any(|x| x == w);
    let disable = match prog {
        "ufw" => has("disable") || has("reset"),
        "iptables" | "ip6tables" | "iptables-legacy" | "iptables-nft" => {
            t.iter().any(|x| matches!(x.as_str(), "-f" | "--flush" | "-x" | "--delete-chain"))
                || t.windows(3).any(|w| (w[0] == "-p" || w[0] == "--policy") && w[2] == "accept")
        }
        "nft" => has("flush") || (has("delete") && (has("table") || has("ruleset"))),
        "firewall-cmd" => {
            t.iter().any(|x| {
                x.contains("--set-default-zone=trusted")
                    || x == "--panic-off"
                    || x.starts_with("--remove-service=ssh")
            }) || has("--zone=trusted")
        }
        "setenforce" => has("0") || has("permissive"),
        "grubby" | "sysctl" => t.iter().any(|x| {
            x.contains("selinux=0")
                || x.contains("enforcing=0")
                || x.contains("apparmor=0")
                || x.contains("randomize_va_space=0")
                || x.contains("audit=0")
        }),
        "socketfilterfw" => {
            t.windows(2).any(|w| w[0].starts_with("--setglobalstate") && w[1] == "off")
                || t.iter().any(|x| x == "--setglobalstate=off")
        }
        "spctl" => has("--master-disable") || has("--global-disable") || has("--disable"),
        "csrutil" => has("disable"),
        "aa-teardown" | "aa-disable" | "aa-complain" => true,
        "auditctl" => has("-d") || t.windows(2).any(|w| w[0] == "-e" && w[1] == "0"),
        "netsh" => t.iter().any(|x| x == "off") && t.iter().any(|x| x.contains("firewall")),
        "set-mppreference" => t.iter().any(|x| x.starts_with("-disable")),
        "pfctl" => has("-d") || has("-f") && has("/dev/null"),
        "defaults" => t.iter().any(|x| x.contains("com.apple.alf")) && has("write"),
        "setsebool" | "semanage" => has("permissive") || has("-a") && has("permissive"),
        _ => false,
    };
    if disable {
        out.push(finding(
            Tier::High,
            Factor::SecurityDisable,
            format!("turns off a security control ({prog})"),
        ));
    } else if matches!(
        prog,
        "ufw"
            | "iptables"
            | "ip6tables"
            | "nft"
            | "firewall-cmd"
            | "setenforce"
            | "sysctl"
            | "auditctl"
            | "netsh"
            | "pfctl"
            | "setsebool"
            | "semanage"
    ) && !t.iter().any(|x| {
        matches!(
            x.as_str(),
            "status"
                | "-l"
                | "-L"
                | "--list"
                | "list"
                | "-s"
                | "--state"
                | "-a"
                | "show"
                | "--list-all"
        )
    }) && !t.is_empty()
    {
        out.push(finding(
            Tier::Medium,
            Factor::SecurityChange,
            format!("changes security settings ({prog})"),
        ));
    }
}

fn docker(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let w = a.words(&[
        "-H",
        "--host",
        "--context",
        "-c",
        "--config",
        "-f",
        "--file",
        "-p",
        "--project-name",
        "--env-file",
        "--profile",
        "-l",
        "--log-level",
    ]);
    let (compose, rest): (bool, Vec<&str>) = if prog.ends_with("compose") {
        (true, w.clone())
    } else if w.first() == Some(&"compose") {
        (true, w[1..].to_vec())
    } else {
        (false, w.clone())
    };
    let verb = rest.first().copied().unwrap_or_default();
    let obj = rest.get(1).copied().unwrap_or_default();
    if compose {
        match verb {
            "down" if a.short('v') || a.long(&["--volumes"]) => out.push(finding(
                Tier::High,
                Factor::ContainerDestruction,
                "removes the containers and their data volumes",
            )),
            "down" | "rm" | "stop" | "kill" | "up" | "restart" | "start" | "run" | "exec"
            | "create" | "pause" => out.push(finding(
                Tier::Medium,
                Factor::ContainerChange,
                format!("runs docker compose {verb}"),
            )),
            "push" => {
                out.push(finding(
                    Tier::High,
                    Factor::PackagePublish,
                    "pushes images to a registry",
                ));
            }
            _ => {}
        }
        return;
    }
    let push = verb == "push"
        || (verb == "image" && obj == "push")
        || (verb == "manifest" && obj == "push")
        || ((verb == "buildx" || verb == "build" || verb == "builder") && a.long(&["--push"]))
        || a.opts().any(|t| t.starts_with("--output=type=registry"));
    if push {
        out.push(finding(Tier::High, Factor::PackagePublish, "pushes an image to a registry"));
        return;
    }
    let volumes = a.long(&["--volumes"]);
    match (verb, obj) {
        ("system", "prune") => {
            if volumes {
                out.push(finding(
                    Tier::High,
                    Factor::ContainerDestruction,
                    "deletes unused containers, images and data volumes",
                ));
            } else {
                out.push(finding(
                    Tier::Medium,
                    Factor::ContainerChange,
                    "deletes unused containers and images",
                ));
            }
        }
        ("volume", "prune" | "rm" | "remove") => {
            out.push(finding(
                Tier::High,
                Factor::ContainerDestruction,
                "deletes container data volumes",
            ));
        }
        ("container" | "image" | "network" | "builder" | "buildx", "prune" | "rm" | "remove")
        | ("rm" | "rmi", _)
        | ("image" | "container", "rmi") => {
            out.push(finding(
                Tier::Medium,
                Factor::ContainerChange,
                format!("removes containers or images ({verb} {obj})"),
            ));
        }
        ("run" | "create", _) | ("container", "run" | "create") => {
            let privileged =
                a.long(&["--privileged", "--pid", "--cap-add", "--device", "--security-opt"])
                    && a.opts().any(|t| {
                        t.starts_with("--privileged")
                            || t.contains("host")
                            || t.contains("SYS_ADMIN")
                            || t.contains("ALL")
                            || t.contains("unconfined")
                            || t.starts_with("--device")
                    })
                    || a.texts.windows(2).any(|w| {
                        (w[0] == "-v" || w[0] == "--volume")
                            && (w[1].starts_with("/:")
                                || w[1].starts_with("/var/run/docker.sock")
                                || w[1].starts_with("/etc:"))
                    })
                    || a.opts().any(|t| t.starts_with("--volume=/:") || t.starts_with("-v=/:"));
            if privileged {
                out.push(finding(
                    Tier::High,
                    Factor::PrivilegeEscalation,
                    "runs a container with access to the host",
                ));
            } else {
                out.push(finding(Tier::Medium, Factor::ContainerChange, "runs a container"));
            }
        }
        (
            "stop" | "kill" | "restart" | "start" | "pause" | "unpause" | "exec" | "cp" | "commit"
            | "tag" | "login" | "logout" | "update" | "rename" | "attach" | "load" | "import",
            _,
        )
        | (
            "container",
            "stop" | "kill" | "restart" | "start" | "exec" | "cp" | "commit" | "update",
        )
        | ("network" | "volume", "create" | "connect" | "disconnect")
        | ("context", "use" | "create" | "rm") => {
            out.push(finding(
                Tier::Medium,
                Factor::ContainerChange,
                format!(
                    "runs docker {verb}{}",
                    if obj.is_empty() { String::new() } else { format!(" {obj}") }
                ),
            ));
        }
        _ => {}
    }
}

fn kubectl(a: &Args, out: &mut Vec<Finding>) {
    let w = a.words(registry::value_opts("kubectl"));
    let verb = w.first().copied().unwrap_or_default();
    let prod = a.prod();
    let broad_kinds = [
        "namespace",
        "namespaces",
        "ns",
        "node",
        "nodes",
        "no",
        "pv",
        "persistentvolume",
        "persistentvolumes",
        "crd",
        "crds",
        "customresourcedefinition",
        "customresourcedefinitions",
        "all",
        "storageclass",
        "storageclasses",
        "sc",
        "cluster",
        "clusters",
        "clusterrole",
        "clusterrolebinding",
    ];
    match verb {
        "delete" => {
            let kind = w
                .get(1)
                .map(|k| k.split('/').next().unwrap_or(k).to_ascii_lowercase())
                .unwrap_or_default();
            let broad = broad_kinds.contains(&kind.as_str())
                || a.long(&["--all", "--all-namespaces"])
                || a.short('A');
            if a.opts().any(|t| t.starts_with("--dry-run") && !t.ends_with("=none")) {
                return;
            }
            let name = w.get(2).copied().unwrap_or_default();
            if broad {
                out.push(finding(
                    rules::delete_tier(prod),
                    Factor::CloudDestruction,
                    format!(
                        "deletes the Kubernetes {kind} {name} and everything in it{}",
                        if prod { " on a production cluster" } else { "" }
                    ),
                ));
            } else {
                let tier = if prod { Tier::High } else { Tier::Medium };
                out.push(finding(
                    tier,
                    Factor::CloudChange,
                    format!("deletes Kubernetes {kind} {name}"),
                ));
            }
        }
        "drain" => {
            out.push(finding(Tier::High, Factor::CloudChange, "evicts every workload from a node"));
        }
        "apply" | "create" | "replace" | "patch" | "edit" | "label" | "annotate" | "set"
        | "scale" | "autoscale" | "expose" | "run" | "rollout" | "cordon" | "uncordon"
        | "taint" | "exec" | "cp" | "attach" | "debug" | "port-forward" | "proxy" => {
            if a.opts().any(|t| t.starts_with("--dry-run") && !t.ends_with("=none"))
                || (verb == "rollout"
                    && w.get(1).is_some_and(|s| matches!(*s, "status" | "history")))
            {
                return;
            }
            let tier = if prod && !matches!(verb, "port-forward" | "proxy") {
                Tier::High
            } else {
                Tier::Medium
            };
            out.push(finding(
                tier,
                Factor::CloudChange,
                format!(
                    "changes the cluster (kubectl {verb}){}",
                    if prod { " on a production target" } else { "" }
                ),
            ));
        }
        "config"
            if w.get(1).is_some_and(|s| {
                s.starts_with("set")
                    || s.starts_with("use")
                    || s.starts_with("delete")
                    || s.starts_with("rename")
            }) =>
        {
            out.push(finding(
                Tier::Medium,
                Factor::CloudChange,
                "changes the kubectl configuration",
            ));
        }
        _ => {}
    }
}

fn helm(a: &Args, out: &mut Vec<Finding>) {
    let w = a.words(registry::value_opts("helm"));
    let verb = w.first().copied().unwrap_or_default();
    let prod = a.prod();
    if a.long(&["--dry-run"]) {
        return;
    }
    match verb {
        "uninstall" | "delete" | "del" | "un" => out.push(finding(
            Tier::High,
            Factor::CloudDestruction,
            format!(
                "uninstalls the Helm release {}{}",
                w.get(1).copied().unwrap_or_default(),
                if prod { " from production" } else { "" }
            ),
        )),
        "install" | "upgrade" | "rollback" => {
            let tier = if prod { Tier::High } else { Tier::Medium };
            out.push(finding(
                tier,
                Factor::CloudChange,
                format!("changes the cluster (helm {verb})"),
            ));
        }
        "push" => {
            out.push(finding(Tier::High, Factor::PackagePublish, "pushes a chart to a registry"));
        }
        _ => {}
    }
}

fn infra(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let w = a.words(&[
        "-s",
        "--stack",
        "-C",
        "--cwd",
        "--profile",
        "-e",
        "--extra-vars",
        "-i",
        "--inventory",
        "-l",
        "--limit",
        "-u",
        "--user",
        "-t",
        "--tags",
        "--name",
        "--context",
        "-c",
        "--app",
    ]);
    let prod = a.prod();
    let sub = w.first().copied().unwrap_or_default();
    let sub2 = w.get(1).copied().unwrap_or_default();
    let destroy = |out: &mut Vec<Finding>, what: &str| {
        out.push(finding(
            rules::delete_tier(prod),
            Factor::CloudDestruction,
            format!("{what}{}", if prod { " on a production target" } else { "" }),
        ));
    };
    match prog {
        "terraform" | "tofu" | "terragrunt" => match sub {
            "destroy" => destroy(out, "destroys all infrastructure managed here"),
            "apply" if a.opts().any(|t| *t == "-destroy" || *t == "--destroy") => {
                destroy(out, "destroys all infrastructure managed here");
            }
            "apply" | "import" | "taint" | "untaint" | "refresh" | "force-unlock" | "run-all" => {
                let tier = if prod { Tier::High } else { Tier::Medium };
                out.push(finding(
                    tier,
                    Factor::CloudChange,
                    format!("changes real infrastructure ({prog} {sub})"),
                ));
            }
            "state" if matches!(sub2, "rm" | "mv" | "push" | "replace-provider") => {
                out.push(finding(
                    Tier::Medium,
                    Factor::CloudChange,
                    format!("edits the {prog} state ({sub2})"),
                ));
            }
            "workspace" if sub2 == "delete" => {
                out.push(finding(Tier::High, Factor::CloudDestruction, "deletes a workspace"));
            }
            _ => {}
        },
        "pulumi" => match sub {
            "destroy" | "down" => destroy(out, "destroys every resource of the stack"),
            "stack" if sub2 == "rm" => {
                out.push(finding(Tier::High, Factor::CloudDestruction, "deletes a stack"));
            }
            "up" | "update" | "refresh" | "import" | "cancel" => {
                let tier = if prod { Tier::High } else { Tier::Medium };
                out.push(finding(
                    tier,
                    Factor::CloudChange,
                    format!("changes real infrastructure (pulumi {sub})"),
                ));
            }
            _ => {}
        },
        "cdk" | "cdktf" => match sub {
            "destroy" => destroy(out, "destroys the stacks"),
            "deploy" => out.push(finding(
                if prod { Tier::High } else { Tier::Medium },
                Factor::CloudChange,
                "deploys infrastructure",
            )),
            _ => {}
        },
        "serverless" | "sls" => match sub {
            "remove" => destroy(out, "removes the deployed service"),
            "deploy" => out.push(finding(
                if prod { Tier::High } else { Tier::Medium },
                Factor::CloudChange,
                "deploys a service",
            )),
            _ => {}
        },
        "ansible-playbook" | "ansible"
            if !a.long(&["--check", "--syntax-check", "--list-hosts", "--list-tasks"])
                && !a.short('C') =>
        {
            out.push(finding(
                if prod { Tier::High } else { Tier::Medium },
                Factor::CloudChange,
                format!("runs {prog} against real machines"),
            ));
        }
        "vagrant" => {
            if sub == "destroy" {
                out.push(finding(
                    Tier::High,
                    Factor::CloudDestruction,
                    "destroys a virtual machine",
                ));
            } else if matches!(sub, "up" | "halt" | "reload" | "provision" | "ssh") {
                out.push(finding(Tier::Medium, Factor::CloudChange, format!("runs vagrant {sub}")));
            }
        }
        "kind" | "k3d" | "minikube" => {
            if sub == "delete" || sub2 == "delete" {
                out.push(finding(Tier::Medium, Factor::CloudChange, "deletes a local cluster"));
            } else if matches!(sub, "create" | "start" | "stop") {
                out.push(finding(Tier::Medium, Factor::CloudChange, format!("runs {prog} {sub}")));
            }
        }
        _ => {}
    }
}

fn cloud(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let w: Vec<String> = a
        .words(&[
            "--profile",
            "--region",
            "--output",
            "--query",
            "--endpoint-url",
            "-o",
            "--project",
            "--zone",
            "--format",
            "-g",
            "--resource-group",
            "--subscription",
            "-n",
            "--name",
            "--app",
            "-a",
            "--context",
            "-c",
        ])
        .iter()
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let prod = a.prod();
    let is_delete = |v: &str| {
        rules::DELETE_VERBS.contains(&v)
            || v.starts_with("delete-")
            || v.starts_with("terminate-")
            || v.starts_with("remove-")
            || v.starts_with("deregister-")
            || v.starts_with("purge-")
            || v.starts_with("destroy")
            || v.ends_with(":destroy")
            || v.ends_with(":delete")
            || v.ends_with(":remove")
    };
    let is_read = |v: &str| {
        rules::READ_VERBS.contains(&v)
            || v.starts_with("describe")
            || v.starts_with("list")
            || v.starts_with("get-")
            || v.starts_with("show")
            || v.starts_with("head-")
            || v.ends_with(":info")
            || v.ends_with(":list")
            // Policy simulation and analysis only evaluate (`aws iam simulate-principal-policy`).
            || v.starts_with("simulate-")
            || v.starts_with("validate-")
            || matches!(
                v,
                "analyze-iam-policy"
                    | "lint-condition"
                    | "test-iam-permissions"
                    | "troubleshoot-policy"
                    | "policy-troubleshoot"
                    | "generate-credential-report"
                    | "generate-service-last-accessed-details"
                    | "generate-organizations-access-report"
            )
    };
    let verbs: Vec<&str> = w.iter().take(4).map(String::as_str).collect();
    // `--dryrun` (aws s3) and `--dry-run` (aws ec2, rclone) only report what would happen;
    // where a command has no such option the CLI refuses to run.
    if matches!(prog, "aws" | "rclone")
        && a.texts
            .iter()
            .take_while(|t| **t != "--")
            .any(|t| matches!(*t, "--dryrun" | "--dry-run"))
    {
        out.push(plain(Tier::Low, format!("only shows what {prog} would do (dry run)")));
        return;
    }
    // aws s3 specifics.
    if prog == "aws" && verbs.first() == Some(&"s3")
        || prog == "gsutil"
        || prog == "s3cmd"
        || prog == "rclone"
    {
        let v = if prog == "aws" {
            verbs.get(1).copied().unwrap_or_default()
        } else {
            verbs.first().copied().unwrap_or_default()
        };
        let recursive = a.long(&["--recursive"]) || a.short('r') || a.short('R');
        match v {
            "rb" | "purge" => out.push(finding(
                rules::delete_tier(prod),
                Factor::CloudDestruction,
                "deletes a storage bucket",
            )),
            "rm" | "del" | "delete" | "deletefile" | "rmdir" => {
                let tier = if recursive { rules::delete_tier(prod) } else { Tier::Medium };
                out.push(finding(
                    tier,
                    if recursive { Factor::CloudDestruction } else { Factor::CloudChange },
                    "deletes objects from a storage bucket",
                ));
            }
            "sync" if a.long(&["--delete"]) || a.short('d') && prog == "gsutil" => {
                out.push(finding(
                    rules::delete_tier(prod),
                    Factor::CloudDestruction,
                    "syncs a bucket, deleting what is not in the source",
                ));
            }
            "cp" | "mv" | "sync" | "copy" | "move" | "put" | "rsync" => {
                let remote_dest = a
                    .texts
                    .last()
                    .is_some_and(|t| t.contains("://") || (prog == "rclone" && t.contains(':')));
                let f = if remote_dest { Factor::NetworkSend } else { Factor::FileWrite };
                out.push(finding(Tier::Medium, f, format!("copies files with {prog} {v}")));
            }
            _ => {}
        }
        return;
    }
    if let Some(v) = verbs.iter().find(|v| is_delete(v)) {
        let whole = verbs.iter().any(|x| {
            matches!(
                *x,
                "projects"
                    | "group"
                    | "cluster"
                    | "clusters"
                    | "aks"
                    | "eks"
                    | "gke"
                    | "database"
                    | "db"
                    | "sql"
                    | "rds"
                    | "stack"
                    | "cloudformation"
                    | "apps:destroy"
            )
        });
        let tier = if prod
            || (whole && *v != "remove" && prog == "gcloud" && verbs.first() == Some(&"projects"))
        {
            Tier::Critical
        } else {
            Tier::High
        };
        out.push(finding(
            tier,
            Factor::CloudDestruction,
            format!(
                "deletes cloud resources ({prog} {}){}",
                verbs.join(" "),
                if prod { " on a production target" } else { "" }
            ),
        ));
        return;
    }
    if verbs.iter().any(|v| is_read(v)) || verbs.is_empty() {
        return;
    }
    if prog == "aws" && verbs.first() == Some(&"iam")
        || verbs
            .iter()
            .any(|v| v.contains("policy") || v.contains("role-binding") || v.contains("add-iam"))
    {
        out.push(finding(
            Tier::High,
            Factor::PrivilegeEscalation,
            format!("changes cloud permissions ({prog} {})", verbs.join(" ")),
        ));
        return;
    }
    let tier = if prod { Tier::High } else { Tier::Medium };
    out.push(finding(
        tier,
        Factor::CloudChange,
        format!("changes cloud resources ({prog} {})", verbs.join(" ")),
    ));
}

fn packages(prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let w = a.words(&[
        "-p",
        "--package",
        "--manifest-path",
        "--target",
        "-j",
        "--features",
        "-Z",
        "-w",
        "--workspace",
        "--prefix",
        "-C",
        "--filter",
        "-r",
        "--registry",
        "--index",
        "--access",
        "--tag",
        "--otp",
        "-t",
        "-f",
        "--file",
        "-s",
        "--settings",
        "-P",
        "--projects",
    ]);
    let dry = (a.long(&["--dry-run", "--snapshot", "--skip-publish"])
        || (prog == "npm" && a.has("--dry-run")))
        && !a
            .texts
            .iter()
            .any(|t| matches!(*t, "--dry-run=false" | "--dry-run=0" | "--no-dry-run"));
    let matches = |words: &[&str]| -> bool {
        if words.is_empty() {
            return true;
        }
        if matches!(prog, "mvn" | "mvnw" | "gradle" | "gradlew") {
            return w.iter().any(|t| {
                words.iter().any(|x| t == x || t.starts_with(x) || t.ends_with(&format!(":{x}")))
            });
        }
        w.len() >= words.len() && w.iter().zip(words.iter()).all(|(a, b)| a == b)
            || (words.len() == 1 && words[0].starts_with("--") && a.has(words[0]))
    };
    for (p, words) in rules::PUBLISHERS {
        if *p == prog && matches(words) && (prog != "docker") {
            if dry {
                return;
            }
            out.push(finding(
                Tier::High,
                Factor::PackagePublish,
                format!(
                    "publishes a package ({prog}{}{})",
                    if words.is_empty() { "" } else { " " },
                    words.join(" ")
                ),
            ));
            return;
        }
    }
    for (p, words) in rules::INSTALLERS {
        if *p == prog && matches(words) {
            if dry
                || (prog == "pacman"
                    && !a
                        .opts()
                        .any(|t| t.starts_with("-S") || t.starts_with("-R") || t.starts_with("-U")))
                || (prog == "pacman"
                    && a.opts().any(|t| {
                        t.starts_with("-Ss") || t.starts_with("-Si") || t.starts_with("-Q")
                    }))
            {
                return;
            }
            if prog == "npx" {
                return;
            }
            let names: Vec<&str> = w.iter().skip(words.len()).copied().collect();
            out.push(finding(
                Tier::Medium,
                Factor::PackageInstall,
                format!(
                    "installs or removes packages{}",
                    if names.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", names.join(" "))
                    }
                ),
            ));
            return;
        }
    }
    // Bare `yarn` installs.
    if prog == "yarn" && w.is_empty() && a.texts.is_empty() {
        out.push(finding(Tier::Medium, Factor::PackageInstall, "installs the project's packages"));
        return;
    }
    let sub = w.first().copied().unwrap_or_default();
    match (prog, sub) {
        ("npm" | "yarn" | "pnpm" | "bun", "version") => out.push(finding(
            Tier::Medium,
            Factor::VcsWrite,
            "bumps the package version (commits and tags)",
        )),
        ("npm" | "pnpm" | "yarn" | "bun", "run" | "run-script")
            if w.get(1).is_some_and(|s| matches!(*s, "deploy" | "release" | "publish")) =>
        {
            out.push(finding(
                Tier::Medium,
                Factor::PossiblyPublishes,
                format!("runs the package script {}", w[1]),
            ));
        }
        ("npm", "config") if w.get(1).is_some_and(|s| matches!(*s, "set" | "delete" | "edit")) => {
            out.push(finding(Tier::Medium, Factor::PackageConfig, "changes the npm configuration"));
        }
        ("npm", "cache") if w.get(1) == Some(&"clean") => {
            out.push(finding(Tier::Medium, Factor::FileDelete, "clears the npm cache"));
        }
        ("cargo", "clean") => out.push(finding(
            Tier::Medium,
            Factor::RecursiveDelete,
            "deletes the build output folder target (it can be rebuilt)",
        )),
        ("cargo", "login" | "owner" | "logout")
        | ("npm", "login" | "logout" | "adduser" | "owner" | "access" | "team") => {
            out.push(finding(
                Tier::Medium,
                Factor::PackageConfig,
                format!("changes registry credentials or owners ({prog} {sub})"),
            ));
        }
        ("go", "clean") if a.long(&["-modcache", "--modcache"]) || a.has("-modcache") => {
            out.push(finding(Tier::Medium, Factor::FileDelete, "deletes the Go module cache"));
        }
        ("brew", "services")
            if w.get(1).is_some_and(|s| matches!(*s, "start" | "stop" | "restart")) =>
        {
            out.push(finding(
                Tier::Medium,
                Factor::ServiceChange,
                "starts or stops a background service",
            ));
        }
        ("mvn" | "mvnw" | "gradle" | "gradlew", _) if w.contains(&"install") => out.push(finding(
            Tier::Medium,
            Factor::PackageInstall,
            "installs artifacts into the local repository",
        )),
        _ => {}
    }
}

fn database(c: &Cmd, prog: &str, a: &Args, out: &mut Vec<Finding>) {
    let mut push_db = |fs: Vec<sql::DbFinding>| {
        for (tier, factor, what) in fs {
            out.push(finding(tier, factor, what));
        }
    };
    let stdin_sql = || match &c.stdin {
        Stdin::Literal(t) => Some(t.clone()),
        _ => None,
    };
    let stdin_unknown = matches!(c.stdin, Stdin::Upstream(..) | Stdin::File(_) | Stdin::Network);
    let value = |names: &[&str], prefixes: &[&str]| -> Option<Field> {
        if let Some(f) = a.value_of(names) {
            return Some(f.clone());
        }
        for t in &a.all {
            for p in prefixes {
                if let Some(v) = t.text.strip_prefix(p)
                    && !v.is_empty()
                {
                    return Some(Field { text: v.to_owned(), ..(*t).clone() });
                }
            }
        }
        None
    };
    let sql_of = |f: &Field| -> Vec<sql::DbFinding> {
        if f.known {
            sql::classify_sql(&f.text)
        } else {
            vec![(Tier::High, Some(Factor::DatabaseWrite), "runs SQL built at run time".to_owned())]
        }
    };
    match prog {
        "psql" | "mysql" | "mariadb" | "duckdb" | "clickhouse-client" | "clickhouse"
        | "cockroach" | "sqlcmd" | "snowsql" | "trino" | "presto" | "spark-sql" | "hive"
        | "beeline" | "cqlsh" | "usql" | "mycli" | "pgcli" | "sqlite3" | "sqlite" | "litecli"
        | "bq" => {
            let cmd = match prog {
                "psql" | "duckdb" | "usql" | "pgcli" => {
                    value(&["-c", "--command"], &["--command=", "-c"])
                }
                "mysql" | "mariadb" | "mycli" | "cockroach" | "spark-sql" | "hive" | "beeline"
                | "cqlsh" => value(&["-e", "--execute"], &["--execute=", "-e"]),
                "clickhouse-client" | "clickhouse" => value(&["-q", "--query"], &["--query="]),
                "sqlcmd" => value(&["-Q", "-q"], &[]),
                "snowsql" => value(&["-q", "--query"], &["--query="]),
                "trino" | "presto" => value(&["--execute"], &["--execute="]),
                _ => None,
            };
            let readonly = a.long(&["-readonly", "--readonly"]) || a.has("-readonly");
            let mut findings = Vec::new();
            if let Some(s) = cmd {
                findings.extend(sql_of(&s));
            }
            if matches!(prog, "sqlite3" | "sqlite" | "litecli" | "duckdb") {
                if let Some(s) = a.value_of(&["-cmd"]) {
                    findings.extend(sql_of(s));
                }
                let ops =
                    a.operands(&["-cmd", "-separator", "-nullvalue", "-init", "-newline", "-c"]);
                if ops.len() >= 2 {
                    for f in &ops[1..] {
                        findings.extend(sql_of(f));
                    }
                }
            }
            if prog == "bq"
                && a.texts.first() == Some(&"query")
                && let Some(f) = a.operands(&[]).get(1)
            {
                findings.extend(sql_of(f));
            }
            if findings.is_empty() {
                if let Some(t) = stdin_sql() {
                    findings.extend(sql::classify_sql(&t));
                } else if stdin_unknown || a.value_of(&["-f", "--file"]).is_some() {
                    findings.push((
                        Tier::Medium,
                        Some(Factor::DatabaseWrite),
                        "runs SQL from another command or a file".to_owned(),
                    ));
                }
            }
            if readonly {
                findings.retain(|f| f.0 == Tier::Low);
            }
            push_db(findings);
        }
        "mongosh" | "mongo" => {
            if let Some(js) = value(&["--eval"], &["--eval="]) {
                push_db(if js.known {
                    sql::classify_mongo(&js.text)
                } else {
                    vec![(
                        Tier::High,
                        Some(Factor::DatabaseWrite),
                        "runs database code built at run time".to_owned(),
                    )]
                });
            } else if let Some(t) = stdin_sql() {
                push_db(sql::classify_mongo(&t));
            } else if stdin_unknown || a.operands(&[]).iter().any(|f| f.text.ends_with(".js")) {
                push_db(vec![(
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    "runs database code from a file".to_owned(),
                )]);
            }
        }
        "redis-cli" => {
            let ops = a.words(registry::value_opts("redis-cli"));
            if ops.is_empty() {
                if let Some(t) = stdin_sql() {
                    for line in t.lines() {
                        let words: Vec<&str> = line.split_whitespace().collect();
                        push_db(sql::classify_redis(&words));
                    }
                }
            } else {
                push_db(sql::classify_redis(&ops));
            }
        }
        "dropdb" => push_db(vec![(
            Tier::Critical,
            Some(Factor::DatabaseDestruction),
            format!("drops the database {}", a.words(&["-h", "-p", "-U"]).join(" ")),
        )]),
        "dropuser" => {
            push_db(vec![(
                Tier::High,
                Some(Factor::DatabasePrivilege),
                "drops a database role".to_owned(),
            )]);
        }
        "createdb" | "createuser" => {
            push_db(vec![(Tier::Medium, Some(Factor::DatabaseWrite), format!("runs {prog}"))]);
        }
        "pg_restore" | "mongorestore" => {
            if a.short('c') || a.long(&["--clean", "--drop"]) {
                push_db(vec![(
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    "replaces existing database objects with a backup".to_owned(),
                )]);
            } else {
                push_db(vec![(
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    "restores a backup into a database".to_owned(),
                )]);
            }
        }
        "mysqladmin" => {
            let w = a.words(&["-h", "-u", "-p", "-P"]);
            if w.first().is_some_and(|v| *v == "drop") {
                push_db(vec![(
                    Tier::Critical,
                    Some(Factor::DatabaseDestruction),
                    format!("drops the database {}", w.get(1).copied().unwrap_or_default()),
                )]);
            } else if w.first().is_some_and(|v| *v == "shutdown") {
                push_db(vec![(
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    "shuts the database server down".to_owned(),
                )]);
            }
        }
        _ => {
            // Migration tools.
            let w: Vec<String> = a
                .words(&["-c", "--config", "-x", "--schema", "-e", "--env"])
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect();
            let joined = w.join(" ");
            let critical =
                ["db:drop", "database drop", "dropall", "drop-all", "schema:drop", "db drop"]
                    .iter()
                    .any(|k| joined.contains(k));
            let high = [
                "db:reset",
                "db:schema:load",
                "db:rollback",
                "migrate reset",
                "downgrade",
                "flush",
                "clean",
                "rollback",
                "database reset",
                "--force-reset",
                "--accept-data-loss",
                "reset",
                "down",
            ]
            .iter()
            .any(|k| joined.contains(k) || a.has(k));
            let write = [
                "upgrade",
                "migrate",
                "db:migrate",
                "push",
                "up",
                "deploy",
                "seed",
                "db:seed",
                "apply",
                "run",
            ]
            .iter()
            .any(|k| w.iter().any(|x| x == k || x.starts_with(&format!("{k}:"))));
            if critical {
                push_db(vec![(
                    Tier::Critical,
                    Some(Factor::DatabaseDestruction),
                    format!("drops the database ({prog} {joined})"),
                )]);
            } else if high {
                push_db(vec![(
                    Tier::High,
                    Some(Factor::DatabaseDestruction),
                    format!("resets or rolls back the database ({prog} {joined})"),
                )]);
            } else if write {
                push_db(vec![(
                    Tier::Medium,
                    Some(Factor::DatabaseWrite),
                    format!("changes the database schema ({prog} {joined})"),
                )]);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Non-shell tools.

fn analyze_other(kind: ToolKind, action: &str, scope: &str) -> Analysis {
    let act = action.to_ascii_lowercase();
    let read = matches!(
        act.as_str(),
        "read"
            | "get"
            | "list"
            | "view"
            | "glob"
            | "grep"
            | "search"
            | "stat"
            | "open"
            | "cat"
            | "head"
            | "tail"
            | "ls"
            | "find"
            | "fetch"
            | "query"
            | "select"
            | "browse"
            | "navigate"
            | "download"
            | "describe"
            | "show"
            | "inspect"
            | "head_request"
            | "websearch"
            | "webfetch"
            | "lookup"
    );
    let destroy =
        matches!(act.as_str(), "drop" | "destroy" | "truncate" | "format" | "wipe" | "purge");
    let delete = matches!(act.as_str(), "delete" | "remove" | "rm" | "unlink" | "rmdir" | "erase");
    let mut out = Vec::new();
    match kind {
        ToolKind::Database => {
            let lower = scope.trim_start().to_ascii_lowercase();
            let fs = if lower.starts_with("db.") {
                sql::classify_mongo(scope)
            } else {
                sql::classify_sql(scope)
            };
            let looks_like_sql = lower.split_whitespace().next().is_some_and(|w| {
                matches!(
                    w,
                    "select"
                        | "insert"
                        | "update"
                        | "delete"
                        | "drop"
                        | "truncate"
                        | "alter"
                        | "create"
                        | "grant"
                        | "revoke"
                        | "with"
                        | "show"
                        | "explain"
                        | "pragma"
                        | "describe"
                        | "desc"
                        | "values"
                        | "merge"
                        | "replace"
                        | "begin"
                        | "commit"
                        | "set"
                        | "use"
                        | "copy"
                        | "call"
                        | "vacuum"
                        | "analyze"
                )
            }) || lower.starts_with("db.");
            if looks_like_sql {
                for (t, f, w) in fs {
                    out.push(finding(t, f, w));
                }
            }
            if destroy {
                let whole = lower.contains("database") || paths::is_prod_like(scope);
                let tier = if whole { Tier::Critical } else { Tier::High };
                out.push(finding(tier, Factor::DatabaseDestruction, format!("{act}s {scope}")));
            } else if delete {
                out.push(finding(
                    Tier::Medium,
                    Factor::DatabaseWrite,
                    format!("deletes from {scope}"),
                ));
            } else if !read && !looks_like_sql {
                out.push(finding(Tier::Medium, Factor::DatabaseWrite, format!("{act} on {scope}")));
            }
        }
        ToolKind::Files => {
            let info =
                paths::classify(Some("."), scope, !scope.contains('$') && !scope.contains('`'));
            if read {
                if paths::is_secret(&info.norm) {
                    out.push(finding(
                        Tier::Medium,
                        Factor::SecretRead,
                        format!("reads the secret file {}", info.norm),
                    ));
                } else if info.loc == Loc::Device {
                    out.push(finding(
                        Tier::Medium,
                        Factor::DiskRead,
                        format!("reads the raw disk {}", info.norm),
                    ));
                }
            } else if delete || destroy {
                let dir_like = scope.ends_with('/')
                    || scope.contains('*')
                    || !info.norm.rsplit('/').next().unwrap_or_default().contains('.');
                let what = folder_what(&info);
                let f = match info.loc {
                    Loc::SystemTop
                        if !scope.ends_with('/')
                            && !scope.contains('*')
                            && info.norm.matches('/').count() > 1 =>
                    {
                        finding(
                            Tier::High,
                            Factor::SystemPathDelete,
                            format!("deletes the system file {}", info.norm),
                        )
                    }
                    Loc::Root | Loc::Home | Loc::Cwd | Loc::SystemTop | Loc::Device => finding(
                        Tier::Critical,
                        Factor::FilesystemDestruction,
                        format!("deletes {what} and everything under it"),
                    ),
                    Loc::System => finding(
                        Tier::High,
                        Factor::SystemPathDelete,
                        format!("deletes the system path {}", info.norm),
                    ),
                    Loc::Generated => finding(
                        Tier::Medium,
                        Factor::RecursiveDelete,
                        format!("deletes the generated path {}", info.norm),
                    ),
                    _ if info.all || scope.contains("**") => finding(
                        Tier::High,
                        Factor::RecursiveDelete,
                        format!("deletes everything under {what}"),
                    ),
                    _ if paths::is_secret(&info.norm) || paths::is_persistence(&info.norm) => {
                        finding(Tier::High, Factor::FileDelete, format!("deletes {}", info.norm))
                    }
                    _ if dir_like && (info.loc == Loc::Outside || info.loc == Loc::Unknown) => {
                        finding(Tier::High, Factor::RecursiveDelete, format!("deletes {what}"))
                    }
                    _ => {
                        finding(Tier::Medium, Factor::FileDelete, format!("deletes {}", info.norm))
                    }
                };
                out.push(f);
            } else {
                write_finding(&info, "writes", &mut out);
            }
        }
        ToolKind::Web => {
            let lower = scope.to_ascii_lowercase();
            let host = lower
                .split("://")
                .nth(1)
                .unwrap_or(&lower)
                .split(['/', '?', '#'])
                .next()
                .unwrap_or_default()
                .to_owned();
            if host.starts_with("169.254.169.254")
                || host.starts_with("metadata.google.internal")
                || host.starts_with("100.100.100.200")
                || host.starts_with("[fd00:ec2::254]")
            {
                out.push(finding(
                    Tier::High,
                    Factor::CloudMetadata,
                    format!("reads cloud instance credentials from {host}"),
                ));
            } else if lower.starts_with("file://") {
                let path = scope.get(7..).unwrap_or_default();
                if paths::is_secret(path) {
                    out.push(finding(
                        Tier::Medium,
                        Factor::SecretRead,
                        format!("reads the secret file {path}"),
                    ));
                }
            }
            if read {
                out.push(finding(Tier::Low, Factor::WebFetch, format!("fetches {scope}")));
            } else if delete || destroy {
                let tier = if paths::is_prod_like(&host) { Tier::High } else { Tier::Medium };
                out.push(finding(
                    tier,
                    Factor::NetworkSend,
                    format!("sends a delete request to {scope}"),
                ));
            } else {
                out.push(finding(
                    Tier::Medium,
                    Factor::NetworkSend,
                    format!("sends data to {scope}"),
                ));
            }
        }
        ToolKind::Other | ToolKind::Shell => {
            if destroy {
                out.push(finding(Tier::High, Factor::DestructiveAction, format!("{act}s {scope}")));
            } else if delete {
                out.push(finding(
                    Tier::Medium,
                    Factor::DestructiveAction,
                    format!("deletes {scope}"),
                ));
            } else if !read {
                out.push(finding(Tier::Medium, Factor::UnknownAction, format!("{act} on {scope}")));
            }
        }
    }
    let mut risk = assessment(&out);
    if read
        && risk.tier <= Tier::Medium
        && !risk.factors.iter().any(|f| f == Factor::SecretRead.name())
    {
        risk.reversible = true;
    }
    let mut seen = HashSet::new();
    risk.factors.retain(|f| seen.insert(f.clone()));
    tag(&mut out, 0, Cow::Borrowed(kind.handler()));
    let findings = out.iter().map(FindingOut::of).collect();
    Analysis { risk, commands: Vec::new(), parsed: true, findings }
}

#[cfg(test)]
mod tests;
