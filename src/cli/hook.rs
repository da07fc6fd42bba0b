//! `aiperture hook <agent>`: the command an agent runs before and after each tool call.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::write_out;
use crate::config::Config;
use crate::engine::Engine;
use crate::error::Result;
use crate::hooks::{self, Host};
use crate::remote::Team;
use crate::store::lock::Wait;
use crate::store::{Discover, STORE_ENV, Store};

/// Agents with a hook adapter.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentName {
    /// Claude Code (PreToolUse, PermissionRequest, PostToolUse, PostToolUseFailure,
    /// SessionStart)
    ClaudeCode,
    /// OpenAI Codex CLI (PreToolUse, PermissionRequest, PostToolUse, SessionStart)
    Codex,
    /// Gemini CLI (BeforeTool, AfterTool, SessionStart)
    Gemini,
    /// Cursor (beforeShellExecution, beforeMCPExecution, beforeReadFile,
    /// afterShellExecution, afterMCPExecution, sessionStart)
    Cursor,
    /// OpenClaw, through aiperture's plugin (before_tool_call, after_tool_call)
    Openclaw,
}

impl AgentName {
    /// The name used in commands, the journal and decision channels.
    pub fn as_str(self) -> &'static str {
        match self {
            AgentName::ClaudeCode => crate::hooks::claude_code::AGENT,
            AgentName::Codex => crate::hooks::codex::AGENT,
            AgentName::Gemini => crate::hooks::gemini::AGENT,
            AgentName::Cursor => crate::hooks::cursor::AGENT,
            AgentName::Openclaw => crate::hooks::openclaw::AGENT,
        }
    }
}

/// Answer an agent's hook event (read as JSON from standard input)
///
/// Run by the agent, not by hand: `aiperture setup <agent>` writes the hook entries (for
/// OpenClaw, which has no command hooks, it installs aiperture's plugin, which runs this
/// command before and after each tool call and blocks the call when it cannot get an
/// answer). The store is found from the event's `cwd` (the agent's project), so one
/// installation serves every project. The reply follows the agent's own hook contract (for Claude Code: exit 0
/// with a JSON object, or nothing for "no opinion"; exit 2 blocks), not the exit codes of
/// `aiperture check`.
///
/// Fail closed: an event that cannot be read or parsed exits 2 (blocks the call); an error
/// while deciding answers deny with the error as the reason. Input is limited to 1 MiB and
/// 10 s; the store lock is waited for at most `hooks.lock_timeout_ms`.
///
/// Headless agents (Claude Code `-p`, Gemini CLI without a terminal or with `-p`, or any agent
/// with AIPERTURE_HEADLESS=1 in its environment; AIPERTURE_HEADLESS=0 says attended) cannot
/// show a permission dialog: where the hook would ask, it denies with the `aiperture approve`
/// command a human runs, and the agent's retry is then let through once. Every tool run the
/// agent reports afterwards is journaled as an execution.
///
/// In client mode (`remote.url`, or AIPERTURE_URL) the team server decides and journals each
/// event, after this machine's self-protection, and the reply is the same; a server that cannot
/// be reached answers deny (or, with `remote.fallback = "local"`, the local store decides).
#[derive(clap::Args, Debug)]
pub struct HookArgs {
    /// The agent whose event this is
    #[arg(value_enum)]
    pub agent: AgentName,
    /// Report a deny by exit status 2 with the reason on standard error, instead of JSON on
    /// standard output (holds even where the agent ignores JSON output)
    #[arg(long = "exit-2")]
    pub exit_2: bool,
}

struct CliHost<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    /// The store found for a working folder and its configuration (found once per event).
    found: Option<(Option<PathBuf>, Store, Config)>,
}

impl CliHost<'_, '_> {
    /// The store found from `cwd` (the payload's working folder) and its configuration.
    fn found(&mut self, cwd: Option<&Path>) -> Result<&(Option<PathBuf>, Store, Config)> {
        let found = self.take_found(cwd)?;
        Ok(self.found.insert(found))
    }

    /// [`CliHost::found`], taken out (opening the engine consumes the configuration).
    fn take_found(&mut self, cwd: Option<&Path>) -> Result<(Option<PathBuf>, Store, Config)> {
        if let Some(f) = self.found.take().filter(|f| f.0.as_deref() == cwd) {
            return Ok(f);
        }
        let env = std::env::var_os(STORE_ENV).filter(|v| !v.is_empty()).map(Into::into);
        let store = Store::discover(&Discover {
            flag: self.ctx.global.store.clone(),
            env,
            cwd: cwd.map_or_else(|| self.ctx.cwd.clone(), Path::to_path_buf),
            user: self.ctx.user_dirs()?,
        })?;
        let config = self.ctx.config(&store)?.config;
        Ok((cwd.map(Path::to_path_buf), store, config))
    }
}

impl Host for CliHost<'_, '_> {
    fn now(&mut self) -> Result<DateTime<Utc>> {
        self.ctx.now()
    }

    fn engine(&mut self, cwd: Option<&Path>) -> Result<Engine> {
        let (_, store, config) = self.take_found(cwd)?;
        let now = self.ctx.now()?;
        let wait = Wait::Timeout(Duration::from_millis(config.hooks.lock_timeout_ms));
        Engine::open(&store, config, wait, &mut |_| {}, now)
    }

    fn team(&mut self, cwd: Option<&Path>) -> Result<Option<Team>> {
        let (_, store, config) = self.found(cwd)?;
        Team::new(store, config, cwd)
    }

    fn user(&self) -> String {
        super::approve::default_decider()
    }
}

/// `agent`'s deny form with `reason`, one JSON line, for a hook process that cannot decide
/// (a panic; see [`super::crash`]): printed before the process exits with status 2, which
/// every supported agent reads as a block too.
pub fn deny_form(agent: AgentName, reason: &str) -> String {
    let v = match agent {
        AgentName::ClaudeCode | AgentName::Codex => serde_json::json!({
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": "deny",
                "permissionDecisionReason": reason
            }
        }),
        AgentName::Gemini => serde_json::json!({ "decision": "deny", "reason": reason }),
        AgentName::Cursor => serde_json::json!({
            "permission": "deny",
            "user_message": reason,
            "agent_message": reason
        }),
        AgentName::Openclaw => serde_json::json!({ "block": true, "blockReason": reason }),
    };
    format!("{v}\n")
}

/// With `--exit-2`, turn a JSON deny into exit 2 with the reason on standard error (every
/// supported agent blocks on exit 2 with a non-empty reason).
fn exit_2(reply: hooks::Reply, args: &HookArgs) -> hooks::Reply {
    if !args.exit_2 || reply.code != 0 {
        return reply;
    }
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&reply.stdout) else { return reply };
    let out = &v["hookSpecificOutput"];
    let reason = if out["permissionDecision"] == "deny" {
        out["permissionDecisionReason"].as_str()
    } else if out["decision"]["behavior"] == "deny" {
        out["decision"]["message"].as_str()
    } else if v["decision"] == "deny" {
        v["reason"].as_str()
    } else if v["block"] == true {
        v["blockReason"].as_str().or(Some("denied by aiperture"))
    } else if v["permission"] == "deny" {
        v["user_message"].as_str().or(Some("denied by aiperture"))
    } else {
        None
    };
    match reason {
        Some(r) => hooks::Reply::fail(2, if r.is_empty() { "denied by aiperture" } else { r }),
        None => reply,
    }
}

/// Run `hook`.
pub fn run(ctx: &mut Ctx<'_>, args: &HookArgs) -> Result<Outcome, CliError> {
    let reply = match hooks::read_payload(std::io::stdin()) {
        Err(e) => hooks::Reply::fail(
            2,
            &format!("aiperture: cannot read the hook event: {e}; the call is not allowed"),
        ),
        Ok(payload) => {
            let mut host = CliHost { ctx: &mut *ctx, found: None };
            match args.agent {
                AgentName::ClaudeCode => hooks::claude_code::handle(
                    &payload,
                    &mut host,
                    hooks::claude_code::Options { exit_2: args.exit_2 },
                ),
                AgentName::Codex => exit_2(hooks::codex::handle(&payload, &mut host), args),
                AgentName::Gemini => exit_2(hooks::gemini::handle(&payload, &mut host), args),
                AgentName::Cursor => exit_2(hooks::cursor::handle(&payload, &mut host), args),
                AgentName::Openclaw => exit_2(hooks::openclaw::handle(&payload, &mut host), args),
            }
        }
    };
    write_out(ctx.out, reply.stdout.as_bytes())?;
    let _ = ctx.err.write_all(reply.stderr.as_bytes());
    Ok(Outcome::Hook(reply.code))
}
