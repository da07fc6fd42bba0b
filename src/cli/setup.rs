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
use crate::hooks::settings::{self, Change, Spec};
use crate::hooks::{claude_code, codex, cursor, gemini};
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
///
/// Project files are looked for in the current folder. The hook finds the aiperture store
/// from the agent's working folder, so one global setup serves every project.
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
    /// The command the agent runs, for when `aiperture` is not on the agent's PATH
    #[arg(long, value_name = "PROGRAM", default_value = "aiperture")]
    pub program: String,
}

#[derive(Serialize)]
struct SetupOut<'a> {
    format: &'static str,
    agent: &'static str,
    file: String,
    changed: bool,
    dry_run: bool,
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

/// The agent's configuration file and what goes in it.
fn target(ctx: &Ctx<'_>, args: &SetupArgs) -> Result<(PathBuf, Spec), CliError> {
    let agent = args.agent.as_str();
    let command = format!("{} hook {agent}", shell_words::quote(&args.program));
    // The agent's folder and file (one table, which self-protection reads too): in the
    // project, or the user's (an environment override first).
    let row = protect::hook_file(agent).ok_or_else(|| {
        CliError::from(Error::Invalid(format!("no hook settings file is known for {agent}")))
    })?;
    let dir = if args.global {
        match row.dir_env.and_then(std::env::var_os).filter(|d| !d.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => home()?.join(row.dir),
        }
    } else {
        ctx.cwd.join(row.dir)
    };
    let spec = match args.agent {
        AgentName::ClaudeCode => claude_code::setup_spec(&command),
        AgentName::Codex => codex::setup_spec(&command),
        AgentName::Gemini => gemini::setup_spec(&command),
        AgentName::Cursor => cursor::setup_spec(&command),
    };
    Ok((dir.join(row.file), spec))
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
    }
}

fn display(p: &Path, cwd: &Path) -> String {
    p.strip_prefix(cwd).unwrap_or(p).display().to_string()
}

/// Run `setup`.
pub fn run(ctx: &mut Ctx<'_>, args: &SetupArgs) -> Result<Outcome, CliError> {
    let (file, spec) = target(ctx, args)?;
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
