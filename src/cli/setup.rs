//! `aiperture setup <agent>`: write (or remove) aiperture's hook entries in an agent's
//! configuration file.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::hook::AgentName;
use super::output::{print_json, write_out};
use crate::engine::protect;
use crate::error::{Error, IoContext};
use crate::hooks::program;
use crate::hooks::settings::{self, Change, Spec};
use crate::hooks::{claude_code, codex, cursor, gemini, openclaw};
use crate::store::fsutil;

/// Install aiperture as a hook of a coding agent
///
/// Adds one `aiperture hook <agent>` entry per event to the agent's hook configuration,
/// keeping everything else in the file as it was. Running it again changes nothing;
/// `--remove` takes aiperture's entries out again. Files:
///
///   claude-code  .claude/settings.json      (--global: ~/.claude/settings.json)
///   codex        .codex/hooks.json          (--global: ~/.codex/hooks.json)
///   gemini       .gemini/settings.json      (--global: ~/.gemini/settings.json)
///   cursor       .cursor/hooks.json         (--global: ~/.cursor/hooks.json)
///   openclaw     ~/.openclaw/openclaw.json  (OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR)
///                and the plugin in ~/.openclaw/aiperture/
///
/// Project files are looked for in the current folder. OpenClaw has only a user-wide
/// configuration: `setup openclaw` installs aiperture's plugin there (plugins.load.paths,
/// plugins.entries.aiperture) and, without --global, sets the plugin's `cwd` to the current
/// folder, so this project's store judges every OpenClaw agent; with --global each agent is
/// judged by the store of its own workspace. The configuration must be plain JSON (OpenClaw
/// reads JSON5; a file with comments is left alone, with what to add by hand). The hook finds the aiperture store
/// from the agent's working folder, so one global setup serves every project.
///
/// The command written is the absolute path of this aiperture program (or the PATH entry
/// that leads to it), quoted for a shell, so the hook works whatever PATH the agent gets: a
/// hook whose program is not found exits 127, which agents read as "no opinion", and the gate
/// is silently off. --program sets another path or a bare name; a bare name not found on
/// PATH, and a path inside a cargo target/ or a temporary folder (it will vanish), are
/// warned about on standard error (and listed under "warnings" with --json). `aiperture
/// doctor` checks installed hooks later.
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct SetupArgs {
    /// The agent to set up
    #[arg(value_enum)]
    pub agent: AgentName,
    /// Change the user-wide configuration instead of the project's
    #[arg(long)]
    pub global: bool,
    /// Show what would change without writing anything
    #[arg(long)]
    pub dry_run: bool,
    /// Remove aiperture's entries instead of adding them
    #[arg(long)]
    pub remove: bool,
    /// The program the agent runs (a path, or a name looked up on PATH) [default: the
    /// absolute path of this aiperture]
    #[arg(long, value_name = "PROGRAM")]
    pub program: Option<String>,
}

#[derive(Serialize)]
struct SetupOut<'a> {
    format: &'static str,
    agent: &'static str,
    file: String,
    changed: bool,
    dry_run: bool,
    /// The program the hook command runs (absent with --remove).
    #[serde(skip_serializing_if = "Option::is_none")]
    program: Option<&'a str>,
    /// Why the hook may not run (the program is not found, or will vanish).
    warnings: &'a [String],
    #[serde(flatten)]
    change: &'a Change,
}

fn home() -> Result<PathBuf, CliError> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| CliError::from(Error::Invalid("HOME is not set".into())))
}

/// The agent's hook configuration file: in the project folder `cwd`, or with `global` in the
/// user's (an environment override first).
pub(super) fn hook_path(agent: AgentName, global: bool, cwd: &Path) -> Result<PathBuf, CliError> {
    if agent == AgentName::Openclaw {
        let var = |k: &str| std::env::var(k).ok();
        return Ok(openclaw::config_file(&var, &home()?));
    }
    let agent = agent.as_str();
    // The agent's folder and file (one table, which self-protection reads too).
    let row = protect::hook_file(agent).ok_or_else(|| {
        CliError::from(Error::Invalid(format!("no hook settings file is known for {agent}")))
    })?;
    let dir = if global {
        match row.dir_env.and_then(std::env::var_os).filter(|d| !d.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => home()?.join(row.dir),
        }
    } else {
        cwd.join(row.dir)
    };
    Ok(dir.join(row.file))
}

/// What setup installs for `agent` when the hook runs `command`.
pub(super) fn spec(agent: AgentName, command: &str) -> Spec {
    match agent {
        AgentName::ClaudeCode => claude_code::setup_spec(command),
        AgentName::Codex => codex::setup_spec(command),
        AgentName::Gemini => gemini::setup_spec(command),
        AgentName::Cursor => cursor::setup_spec(command),
        // Not a hooks file: see `run_openclaw`.
        AgentName::Openclaw => {
            Spec { agent: openclaw::AGENT, layout: settings::Layout::Grouped, entries: Vec::new() }
        }
    }
}

/// The agent's configuration file and what goes in it.
fn target(ctx: &Ctx<'_>, args: &SetupArgs, program: &str) -> Result<(PathBuf, Spec), CliError> {
    let command = program::command(program, args.agent.as_str());
    Ok((hook_path(args.agent, args.global, &ctx.cwd)?, spec(args.agent, &command)))
}

/// What the user must still do in the agent after a change.
fn next_step(agent: AgentName) -> &'static str {
    match agent {
        AgentName::ClaudeCode => "restart Claude Code for the hooks to take effect",
        AgentName::Codex => {
            "Codex runs a new or changed hook only once you trust it: open Codex and review it \
             with /hooks"
        }
        AgentName::Gemini => {
            "restart Gemini CLI; it runs project hooks only in a trusted folder \
             (hooksConfig.enabled must not be false)"
        }
        AgentName::Cursor => {
            "Cursor reloads hooks.json by itself; project hooks run in a trusted workspace"
        }
        AgentName::Openclaw => {
            "OpenClaw reloads its plugins by itself in the default hybrid reload mode (otherwise \
             restart the Gateway); check with `openclaw plugins inspect aiperture`"
        }
    }
}

fn display(p: &Path, cwd: &Path) -> String {
    p.strip_prefix(cwd).unwrap_or(p).display().to_string()
}

/// The program to write and the warnings about it. With `--remove` the program does not
/// matter (entries are recognised by the program's file name, whatever its path).
fn program(args: &SetupArgs) -> Result<(String, Vec<String>), CliError> {
    let path = std::env::var_os("PATH");
    let program = match &args.program {
        Some(p) if p.trim().is_empty() => {
            return Err(CliError::from(Error::Invalid("--program is empty".into())));
        }
        Some(p) => p.clone(),
        None if args.remove => return Ok(("aiperture".into(), Vec::new())),
        None => program::default_program(path.as_deref())
            .map(|p| p.display().to_string())
            .ok_or_else(|| {
                CliError::from(Error::Invalid(
                    "the path of the running aiperture program is unknown".into(),
                ))
                .hint("pass --program PATH")
            })?,
    };
    if !settings::is_program_name(&program) {
        return Err(CliError::from(Error::Invalid(format!(
            "{program}: the program's file name must be `aiperture` (setup, doctor and \
             self-protection recognise aiperture's hook entries by it)"
        )))
        .hint("link or copy the binary to a file named aiperture and pass that path"));
    }
    if args.remove {
        return Ok((program, Vec::new()));
    }
    let mut warnings = Vec::new();
    match program::resolve(&program, path.as_deref()) {
        program::Resolution::Missing(why) => warnings.push(format!(
            "{why}: the agent's hook will fail to start, and an agent reads that as no \
             opinion (the gate is off); pass --program with the absolute path of aiperture"
        )),
        program::Resolution::OnPath(found) => {
            if let Some(why) = program::vanishing(&found, &program::temp_dirs()) {
                warnings.push(format!("{why}: the hook stops working when it goes"));
            }
        }
        program::Resolution::Path(p) => {
            if let Some(why) = program::vanishing(&p, &program::temp_dirs()) {
                warnings.push(format!(
                    "{why}: the hook stops working when it goes; install aiperture (`cargo \
                     install --path .`) and run setup with that program"
                ));
            }
        }
    }
    Ok((program, warnings))
}

/// Run `setup`.
pub fn run(ctx: &mut Ctx<'_>, args: &SetupArgs) -> Result<Outcome, CliError> {
    let (program, warnings) = program(args)?;
    for w in &warnings {
        let _ = writeln!(ctx.err, "warning: {w}");
    }
    if args.agent == AgentName::Openclaw {
        return run_openclaw(ctx, args, &program, &warnings);
    }
    let (file, spec) = target(ctx, args, &program)?;
    let agent = args.agent.as_str();
    let shown = display(&file, &ctx.cwd);
    let existing = fsutil::read_optional(&file)?
        .map(|b| {
            String::from_utf8(b).map_err(|_| {
                Error::Invalid(format!("{shown}: not UTF-8 text; nothing was changed"))
            })
        })
        .transpose()?;
    let (text, change) = settings::apply(existing.as_deref(), &spec, args.remove, &shown)?;
    let changed = !change.is_empty();
    if changed && !args.dry_run {
        let mode = std::fs::metadata(&file).ok().map(|m| m.permissions());
        if let Some(dir) = file.parent() {
            fsutil::ensure_dir(dir)?;
        }
        fsutil::write_atomic(&file, text.as_bytes(), fsutil::Sync::Durable)?;
        // Keep the file's permissions (a new file gets the usual 0644, not a temp file's 0600).
        if let Some(perms) = mode.or_else(default_permissions) {
            std::fs::set_permissions(&file, perms).at("set permissions of", &file)?;
        }
    }
    if ctx.global.json {
        print_json(
            ctx.out,
            &SetupOut {
                format: "aiperture.setup.v1",
                agent,
                file: file.display().to_string(),
                changed,
                dry_run: args.dry_run,
                program: (!args.remove).then_some(program.as_str()),
                warnings: &warnings,
                change: &change,
            },
        )?;
    } else {
        let verb = if args.dry_run { "would update" } else { "updated" };
        let mut s = if changed {
            format!("{verb} {shown}:\n")
        } else {
            format!("{shown} is already up to date; nothing to change\n")
        };
        for (what, list) in
            [("added", &change.added), ("updated", &change.updated), ("removed", &change.removed)]
        {
            if !list.is_empty() {
                s.push_str(&format!("  {what} aiperture hook for {}\n", list.join(", ")));
            }
        }
        if changed && !args.remove {
            s.push_str(&format!("  the hook runs: {}\n", program::command(&program, agent)));
        }
        if changed && !args.dry_run && !args.remove {
            s.push_str(next_step(args.agent));
            s.push('\n');
        }
        if args.dry_run {
            write_out(ctx.out, s.as_bytes())?;
        } else {
            ctx.done(&s)?;
        }
    }
    Ok(Outcome::Success)
}

/// `setup openclaw`: the plugin's files in OpenClaw's state folder and its entries in
/// OpenClaw's configuration. Installing writes the files first (the configuration never names
/// a plugin that is not there); removing takes the entries out first.
fn run_openclaw(
    ctx: &mut Ctx<'_>,
    args: &SetupArgs,
    program: &str,
    warnings: &[String],
) -> Result<Outcome, CliError> {
    let home = home()?;
    let var = |k: &str| std::env::var(k).ok();
    let file = openclaw::config_file(&var, &home);
    let dir = openclaw::plugin_dir(&var, &home);
    let shown = display(&file, &ctx.cwd);
    let cwd = (!args.global).then(|| ctx.cwd.display().to_string());
    let entry = openclaw::plugin_entry(program, cwd.as_deref());
    let existing = fsutil::read_optional(&file)?
        .map(|b| {
            String::from_utf8(b).map_err(|_| {
                Error::Invalid(format!("{shown}: not UTF-8 text; nothing was changed"))
            })
        })
        .transpose()?;
    let dir_text = dir.display().to_string();
    let (text, mut change) =
        openclaw::apply_config(existing.as_deref(), &dir_text, &entry, args.remove, &shown)?;
    let config_changed = !change.is_empty();
    let mut files: Vec<(PathBuf, &str)> = Vec::new();
    for (name, content) in openclaw::PLUGIN_FILES {
        let path = dir.join(name);
        let old = fsutil::read_optional(&path)?;
        let label = format!("plugin file {}", display(&path, &ctx.cwd));
        match (args.remove, old) {
            (true, Some(_)) => change.removed.push(label),
            (false, None) => change.added.push(label),
            (false, Some(b)) if b != content.as_bytes() => change.updated.push(label),
            _ => continue,
        }
        files.push((path, content));
    }
    let changed = !change.is_empty();
    if changed && !args.dry_run {
        let write_config = |text: &str| -> Result<(), CliError> {
            if !config_changed {
                return Ok(());
            }
            let mode = std::fs::metadata(&file).ok().map(|m| m.permissions());
            if let Some(parent) = file.parent() {
                fsutil::ensure_dir(parent)?;
            }
            fsutil::write_atomic(&file, text.as_bytes(), fsutil::Sync::Durable)?;
            if let Some(perms) = mode.or_else(default_permissions) {
                std::fs::set_permissions(&file, perms).at("set permissions of", &file)?;
            }
            Ok(())
        };
        if args.remove {
            write_config(&text)?;
            for (path, _) in &files {
                std::fs::remove_file(path).at("remove", path)?;
            }
            // The folder goes when nothing else is left in it.
            let _ = std::fs::remove_dir(&dir);
        } else {
            fsutil::ensure_dir(&dir)?;
            for (path, content) in &files {
                fsutil::write_atomic(path, content.as_bytes(), fsutil::Sync::Durable)?;
                if let Some(perms) = default_permissions() {
                    std::fs::set_permissions(path, perms).at("set permissions of", path)?;
                }
            }
            write_config(&text)?;
        }
    }
    if ctx.global.json {
        print_json(
            ctx.out,
            &SetupOut {
                format: "aiperture.setup.v1",
                agent: openclaw::AGENT,
                file: file.display().to_string(),
                changed,
                dry_run: args.dry_run,
                program: (!args.remove).then_some(program),
                warnings,
                change: &change,
            },
        )?;
        return Ok(Outcome::Success);
    }
    let verb = if args.dry_run { "would update" } else { "updated" };
    let mut s = if changed {
        format!("{verb} {shown} and the plugin in {}:\n", display(&dir, &ctx.cwd))
    } else {
        format!("{shown} and the plugin are already up to date; nothing to change\n")
    };
    for (what, list) in
        [("added", &change.added), ("updated", &change.updated), ("removed", &change.removed)]
    {
        for item in list {
            s.push_str(&format!("  {what} {item}\n"));
        }
    }
    if changed && !args.remove {
        s.push_str(&format!("  the plugin runs: {program} hook openclaw\n"));
        match &cwd {
            Some(c) => s.push_str(&format!("  judged by the store of {c}\n")),
            None => s.push_str("  judged by the store of each agent's workspace\n"),
        }
    }
    if changed && !args.dry_run && !args.remove {
        s.push_str(next_step(args.agent));
        s.push('\n');
    }
    if args.dry_run {
        write_out(ctx.out, s.as_bytes())?;
    } else {
        ctx.done(&s)?;
    }
    Ok(Outcome::Success)
}

/// Permissions of a newly created configuration file: 0644 on Unix (the temp file it is
/// renamed from is private); elsewhere whatever the write produced.
#[allow(clippy::unnecessary_wraps)] // `None` on other platforms
fn default_permissions() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}
