//! `aiperture doctor`: check that aiperture gates the agent, and say how to fix what does not.
//!
//! Each check ends as ok, warning or problem with a one-line detail and, unless ok, a one-line
//! fix. A *problem* means a request may not be gated or decided as intended (no store, a
//! journal or witness that does not verify, a policy that does not parse, an installed hook
//! whose program does not resolve, so the agent gets exit 127 and reads it as no opinion);
//! a *warning* means something works but deserves a look (untrusted files, no policy rules
//! yet, pending asks, a hook that depends on this shell's PATH). Doctor writes nothing of its
//! own: it verifies the journal under the store lock like `verify-chain` and counts pending
//! asks like `pending` (only when the journal has events).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::hook::AgentName;
use super::output::{print_json, write_out};
use super::setup;
use crate::config as cfg;
use crate::engine::policy::Policy;
use crate::engine::presets::{self, PRESETS};
use crate::error::Error;
use crate::hooks::program::{self, Resolution};
use crate::hooks::settings;
use crate::journal::verify::{Finding, FindingKind, VerifyReport, verify_store};
use crate::store::{FoundBy, Store, fsutil, trust};

/// Check the setup: store, journal, trust, policy, agent hooks, pending asks
///
/// Runs every check and prints one line per check: ok, warning or problem, with the fix for
/// each warning and problem. The checks:
///
///   store         the store found from the working folder (or --store), and how
///   journal       the journal's hash chain and HEAD verify (as verify-chain does)
///   witness       the journal matches its witness in the user store
///   policy        policy.toml parses, and has rules (without a preset every request asks)
///   policy-trust  policy.toml is trusted (its allow rules apply)
///   config-trust  config.toml is trusted (its loosening settings apply)
///   pending       requests waiting for a human decision
///   hook:AGENT:project, hook:AGENT:global
///                 whether each agent's hook settings hold aiperture's hooks, and whether
///                 the hook's program resolves: an absolute path must be an executable
///                 file; a bare name must be on PATH (this shell's: an agent started from a
///                 desktop launcher may get another PATH, hence a warning)
///   hooks         at least one agent has the hooks installed
///
/// Project hook files are looked for in the working folder and in the folder holding the
/// project store. With --json the report is {"format":1,"ok":…,"problems":N,"warnings":N,
/// "checks":[{"name","status","detail","fix"}]}, status being "ok", "warning" or "problem"
/// and fix null for ok.
///
/// Exit status: 0 no problems (warnings allowed), 1 at least one problem, 2 error.
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct DoctorArgs {}

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Ok,
    Warning,
    Problem,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning => "warning",
            Status::Problem => "problem",
        }
    }
}

/// One check's result.
#[derive(Debug, Serialize)]
struct Check {
    name: String,
    status: Status,
    detail: String,
    fix: Option<String>,
}

#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    problems: usize,
    warnings: usize,
    checks: &'a [Check],
}

/// The checks collected so far.
#[derive(Default)]
struct Checks(Vec<Check>);

impl Checks {
    fn ok(&mut self, name: &str, detail: impl Into<String>) {
        self.push(name, Status::Ok, detail, None::<String>);
    }
    fn warn(&mut self, name: &str, detail: impl Into<String>, fix: impl Into<String>) {
        self.push(name, Status::Warning, detail, Some(fix));
    }
    fn problem(&mut self, name: &str, detail: impl Into<String>, fix: impl Into<String>) {
        self.push(name, Status::Problem, detail, Some(fix));
    }
    fn push(
        &mut self,
        name: &str,
        status: Status,
        detail: impl Into<String>,
        fix: Option<impl Into<String>>,
    ) {
        self.0.push(Check {
            name: name.into(),
            status,
            detail: detail.into(),
            fix: fix.map(Into::into),
        });
    }
}

/// The first hint an error would print, or `fallback`.
fn fix_for(e: Error, fallback: &str) -> (String, String) {
    let e = CliError::from(e);
    let fix = e.hints.first().cloned().unwrap_or_else(|| fallback.to_string());
    (e.error.to_string(), fix)
}

/// Run `doctor`.
pub fn run(ctx: &mut Ctx<'_>, _args: &DoctorArgs) -> Result<Outcome, CliError> {
    let mut checks = Checks::default();
    let store = match ctx.store() {
        Ok(store) => {
            let how = store.found_by().describe();
            if store.found_by() == FoundBy::User {
                checks.warn(
                    "store",
                    format!(
                        "no .aiperture/ above {}: using the user store {}",
                        ctx.cwd.display(),
                        store.root().display()
                    ),
                    "run `aiperture init` in the project folder to give the project its own \
                     policy and journal",
                );
            } else {
                checks.ok("store", format!("{} ({how})", store.root().display()));
            }
            Some(store)
        }
        Err(e) => {
            let (detail, fix) = fix_for(e, "run `aiperture init` in the project folder");
            checks.problem("store", detail, fix);
            None
        }
    };
    if let Some(store) = &store {
        store_checks(ctx, store, &mut checks)?;
    }
    hook_checks(ctx, store.as_ref(), &mut checks)?;
    render(ctx, &checks.0)?;
    Ok(if checks.0.iter().any(|c| c.status == Status::Problem) {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}

/// The journal, witness, policy, trust and pending checks of `store`.
fn store_checks(ctx: &mut Ctx<'_>, store: &Store, checks: &mut Checks) -> Result<(), CliError> {
    // The journal and its witness, under the lock (no append half done while we read).
    let report = {
        let lock = ctx.lock_store(store);
        match lock.and_then(|_lock| verify_store(store, &[])) {
            Ok(r) => Some(r),
            Err(e) => {
                let (detail, fix) = fix_for(e, "run `aiperture verify-chain` for the full report");
                checks.problem("journal", detail, fix);
                None
            }
        }
    };
    if let Some(r) = &report {
        journal_checks(store, r, checks);
    }
    policy_checks(store, checks);
    trust_checks(store, checks);
    // Config trust also names the settings that were ignored.
    let loaded = match cfg::load(&ctx.sources(store)) {
        Ok(l) => Some(l),
        Err(e) => {
            let (detail, fix) =
                fix_for(e, "`aiperture config list` shows every key and where it comes from");
            checks.problem("config", detail, fix);
            None
        }
    };
    if let Some(l) = &loaded
        && !l.ignored.is_empty()
        && let Some(c) = checks.0.iter_mut().find(|c| c.name == "config-trust")
    {
        let keys: Vec<&str> = l.ignored.iter().map(|i| i.key.as_str()).collect();
        c.detail.push_str(&format!(" (ignored now: {})", keys.join(", ")));
    }
    // Pending asks: only a journal with events can have any, and only an intact one opens.
    match (&report, loaded) {
        (Some(r), _) if r.events == 0 => checks.ok("pending", "no pending asks"),
        (Some(r), Some(l)) if r.intact => {
            let now = ctx.now()?;
            let counted = ctx.engine_on(store, l.config).and_then(|mut e| e.pending_asks(now));
            match counted {
                Ok(p) if p.is_empty() => checks.ok("pending", "no pending asks"),
                Ok(p) => checks.warn(
                    "pending",
                    format!("{} request(s) wait for a human decision", p.len()),
                    "`aiperture pending` lists them; decide with `aiperture approve ID` or \
                     `aiperture deny ID`",
                ),
                Err(e) => {
                    let (detail, fix) = fix_for(e, "run `aiperture pending` for the error");
                    checks.problem("pending", format!("cannot open the store: {detail}"), fix);
                }
            }
        }
        _ => checks.warn(
            "pending",
            "not counted: the journal or the configuration did not load",
            "fix the problems above first",
        ),
    }
    Ok(())
}

fn journal_checks(store: &Store, r: &VerifyReport, checks: &mut Checks) {
    let (witness, chain): (Vec<&Finding>, Vec<&Finding>) = r
        .findings
        .iter()
        .filter(|f| !f.recovered)
        .partition(|f| f.kind == FindingKind::WitnessMismatch);
    match chain.first() {
        None if r.events == 0 => checks.ok("journal", "no events yet (the first check starts it)"),
        None => checks.ok(
            "journal",
            format!(
                "intact: {} events in {} segment(s), last seq {}",
                r.events, r.segments, r.last_seq
            ),
        ),
        Some(f) => checks.problem(
            "journal",
            format!(
                "NOT INTACT: {} finding(s), the first {} at {}:{}: {}",
                chain.len(),
                f.kind.as_str(),
                f.segment,
                f.line,
                f.message
            ),
            "`aiperture verify-chain` gives the full report; restore .aiperture/journal/ from a \
             backup",
        ),
    }
    let status = r.witness.as_ref();
    if let Some(f) = witness.first() {
        let file = status.and_then(|w| w.path.clone()).unwrap_or_default();
        checks.problem(
            "witness",
            f.message.clone(),
            format!(
                "restore the journal from a backup; or, to accept the loss, delete the witness \
                 file {file}"
            ),
        );
        return;
    }
    match status {
        Some(w) if w.available => checks.ok(
            "witness",
            format!("the journal matches its witness (seq {})", w.seq.unwrap_or_default()),
        ),
        _ if store.is_user_store() => {
            checks.ok("witness", "the user store has no witness outside itself");
        }
        _ if r.events == 0 => checks.ok("witness", "no witness yet (no events)"),
        Some(w) => checks.warn(
            "witness",
            format!("not compared: {}", w.note),
            "the next check on this machine records a witness",
        ),
        None => checks.warn("witness", "not compared", "run `aiperture verify-chain`"),
    }
}

/// Whether the policy parses, and whether it has rules (a preset or the user's own).
fn policy_checks(store: &Store, checks: &mut Checks) {
    let file = store.policy_file();
    match Policy::load(&file) {
        Err(e) => {
            let (detail, _) = fix_for(e, "");
            checks.problem(
                "policy",
                format!("{detail}: every check fails with this error, so hooks deny everything"),
                "`aiperture policy check` lints the file; fix it, then `aiperture policy trust`",
            );
        }
        Ok(p) if p.rules.is_empty() => checks.warn(
            "policy",
            format!(
                "{} has no rules, so almost every request asks (even `ls`) until your answers \
                 teach otherwise",
                file.display()
            ),
            "`aiperture bootstrap developer` adds the reviewed developer preset (or readonly, \
             minimal; `--show` prints one)",
        ),
        Ok(p) => {
            let text = fsutil::read_optional(&file)
                .ok()
                .flatten()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            let names: Vec<&str> = PRESETS
                .iter()
                .map(|(n, _, _)| *n)
                .filter(|n| text.contains(&presets::marker(n)))
                .collect();
            let from = if names.is_empty() {
                String::new()
            } else {
                format!(", preset {}", names.join(", "))
            };
            checks.ok("policy", format!("{} rules{from}", p.rules.len()));
        }
    }
}

/// Whether policy.toml and config.toml are trusted.
fn trust_checks(store: &Store, checks: &mut Checks) {
    if store.is_user_store() {
        checks.ok("policy-trust", "the user store's policy is yours: always trusted");
        checks.ok("config-trust", "the user store's config is yours: always trusted");
        return;
    }
    let fix = format!(
        "review {} and {}, then run `aiperture policy trust`",
        store.policy_file().display(),
        store.config_file().display()
    );
    let policy =
        trust::file_sha256(&store.policy_file()).and_then(|h| trust::is_trusted(store, &h));
    match policy {
        Ok(true) => checks.ok("policy-trust", "trusted: its allow rules apply"),
        Ok(false) => checks.warn(
            "policy-trust",
            "not trusted (changed since it was trusted, or cloned): its allow rules are \
             ignored, deny and ask rules still apply",
            fix.clone(),
        ),
        Err(e) => {
            let (detail, _) = fix_for(e, "");
            checks.problem("policy-trust", detail, fix.clone());
        }
    }
    let config =
        trust::file_sha256(&store.config_file()).and_then(|h| trust::config_trusted(store, &h));
    match config {
        Ok(true) => checks.ok("config-trust", "trusted: all its settings apply"),
        Ok(false) => checks.warn(
            "config-trust",
            "not trusted: only its settings that tighten apply; those that loosen a limit or \
             run something are ignored",
            fix,
        ),
        Err(e) => {
            let (detail, _) = fix_for(e, "");
            checks.problem("config-trust", detail, fix);
        }
    }
}

/// The project folders whose hook files count: the working folder, and the folder holding a
/// project store.
fn project_dirs(cwd: &Path, store: Option<&Store>) -> Vec<PathBuf> {
    let mut dirs = vec![cwd.to_path_buf()];
    if let Some(s) = store
        && !s.is_user_store()
        && let Some(parent) = s.root().parent()
        && !dirs.iter().any(|d| d == parent)
    {
        dirs.push(parent.to_path_buf());
    }
    dirs
}

/// The hook checks of every agent, project and global.
fn hook_checks(ctx: &Ctx<'_>, store: Option<&Store>, checks: &mut Checks) -> Result<(), CliError> {
    let path = std::env::var_os("PATH");
    let temps = program::temp_dirs();
    let mut installed = 0;
    for &agent in AgentName::value_variants() {
        let mut places: Vec<(&str, PathBuf)> = Vec::new();
        // OpenClaw has only a user-wide configuration.
        if agent != AgentName::Openclaw {
            for dir in project_dirs(&ctx.cwd, store) {
                places.push(("project", setup::hook_path(agent, false, &dir)?));
            }
        }
        match setup::hook_path(agent, true, &ctx.cwd) {
            Ok(p) => places.push(("global", p)),
            Err(e) => checks.warn(
                &format!("hook:{}:global", agent.as_str()),
                format!("not checked: {}", e.error),
                "set HOME",
            ),
        }
        for (kind, file) in places {
            let name = format!("hook:{}:{kind}", agent.as_str());
            if hook_file_check(&name, agent, &file, kind, path.as_deref(), &temps, checks) {
                installed += 1;
            }
        }
    }
    if installed == 0 {
        checks.warn(
            "hooks",
            "no agent has aiperture's hooks installed: nothing gates an agent yet",
            "`aiperture setup claude-code` (or codex, gemini, cursor, openclaw; --global for every \
             project)",
        );
    } else {
        checks.ok("hooks", format!("installed in {installed} settings file(s)"));
    }
    Ok(())
}

/// Check one agent settings file; true when aiperture's hooks are installed in it.
fn hook_file_check(
    name: &str,
    agent: AgentName,
    file: &Path,
    kind: &str,
    path: Option<&OsStr>,
    temps: &[PathBuf],
    checks: &mut Checks,
) -> bool {
    let shown = file.display().to_string();
    let global = if kind == "global" { " --global" } else { "" };
    let setup_fix = format!(
        "run `aiperture setup {}{global}` (it writes this aiperture's absolute path)",
        agent.as_str()
    );
    let text = match fsutil::read_optional(file) {
        Ok(None) => {
            checks.ok(name, format!("{shown}: not installed"));
            return false;
        }
        Ok(Some(b)) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            checks.problem(name, e.to_string(), format!("make {shown} readable"));
            return false;
        }
    };
    let spec = setup::spec(agent, &program::command("aiperture", agent.as_str()));
    let commands = match agent {
        AgentName::Openclaw => crate::hooks::openclaw::installed_programs(&text, &shown),
        _ => settings::installed_commands(&text, &spec, &shown),
    };
    let commands = match commands {
        Ok(c) => c,
        // OpenClaw reads JSON5, which this check does not.
        Err(e) if agent == AgentName::Openclaw => {
            checks.warn(
                name,
                format!("{e}; whether aiperture's plugin is enabled was not checked"),
                "`openclaw plugins inspect aiperture`",
            );
            return false;
        }
        Err(e) => {
            checks.problem(
                name,
                format!("{e}: the agent cannot read its settings either"),
                format!("fix the JSON in {shown}"),
            );
            return false;
        }
    };
    if commands.is_empty() {
        checks.ok(name, format!("{shown}: not installed"));
        return false;
    }
    let mut worst: Option<(Status, String, Option<String>)> = None;
    let mut programs: Vec<String> = Vec::new();
    for cmd in &commands {
        let prog = match agent {
            AgentName::Openclaw => Some(cmd.clone()),
            _ => settings::program_of(cmd, agent.as_str()),
        };
        let Some(prog) = prog else { continue };
        if programs.contains(&prog) {
            continue;
        }
        programs.push(prog.clone());
        let (status, detail, fix) = match program::resolve(&prog, path) {
            Resolution::Missing(why) => (
                Status::Problem,
                format!(
                    "{shown}: {why}, so the hook cannot start and the agent reads that as no \
                     opinion: the gate is off"
                ),
                Some(setup_fix.clone()),
            ),
            Resolution::OnPath(found) => (
                Status::Warning,
                format!(
                    "{shown}: runs `{prog}`, found on this PATH at {}; an agent started \
                     elsewhere (a desktop launcher, an IDE) may get another PATH",
                    found.display()
                ),
                Some(setup_fix.clone()),
            ),
            Resolution::Path(p) => match program::vanishing(&p, temps) {
                Some(why) => (
                    Status::Warning,
                    format!("{shown}: installed, but {why}"),
                    Some(format!("install aiperture, then {setup_fix}")),
                ),
                None => (Status::Ok, format!("{shown}: installed, runs {}", p.display()), None),
            },
        };
        if worst.as_ref().is_none_or(|(s, _, _)| rank(status) > rank(*s)) {
            worst = Some((status, detail, fix));
        }
    }
    if let Some((status, detail, fix)) = worst {
        checks.push(name, status, detail, fix);
    }
    true
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Ok => 0,
        Status::Warning => 1,
        Status::Problem => 2,
    }
}

fn render(ctx: &mut Ctx<'_>, checks: &[Check]) -> Result<(), CliError> {
    let problems = checks.iter().filter(|c| c.status == Status::Problem).count();
    let warnings = checks.iter().filter(|c| c.status == Status::Warning).count();
    if ctx.global.json {
        print_json(ctx.out, &Report { ok: problems == 0, problems, warnings, checks })?;
        return Ok(());
    }
    let width = checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut s = String::new();
    for c in checks {
        s.push_str(&format!("{:<7}  {:<width$}  {}\n", c.status.as_str(), c.name, c.detail));
        if let Some(fix) = &c.fix {
            s.push_str(&format!("{:<7}  {:<width$}  fix: {fix}\n", "", ""));
        }
    }
    s.push_str(&match (problems, warnings) {
        (0, 0) => "all checks passed\n".to_string(),
        (0, w) => format!("no problems, {w} warning(s)\n"),
        (p, w) => format!("{p} problem(s), {w} warning(s): the fixes are above\n"),
    });
    write_out(ctx.out, s.as_bytes())?;
    Ok(())
}
