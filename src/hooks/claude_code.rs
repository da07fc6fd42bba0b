//! Claude Code command hooks: `aiperture hook claude-code`.
//!
//! Contract (Claude Code hooks reference, code.claude.com/docs/en/hooks): one event JSON on
//! standard input with `session_id`, `transcript_path`, `cwd`, `permission_mode`,
//! `hook_event_name` and the event's own fields; exit 0 with a JSON object on standard output,
//! or exit 2 to block with the reason on standard error. Unknown input fields are ignored
//! (Claude Code adds fields over time); output holds documented fields only.
//!
//! Events handled (dispatch on `hook_event_name`):
//! - `PreToolUse`: the engine decides. Allow and deny are answered with
//!   `hookSpecificOutput.permissionDecision`; an undecided request (ask) answers `ask` at or
//!   above `hooks.ask_at_risk` (the dialog shows even where Claude Code's own rules would let
//!   the call through) and otherwise gives no opinion, so Claude Code's own rules apply.
//! - `PermissionRequest` (Claude Code is about to show its dialog): allow or deny when the
//!   engine is sure (`hookSpecificOutput.decision.behavior`); otherwise no opinion, so the
//!   human sees the dialog, and the check opens a *prompt* in the index. Both events of one
//!   tool call share one challenge.
//! - Headless (`claude -p`, which sets `CLAUDE_CODE_SESSION_ATTENDED=0`; permission mode
//!   `dontAsk`; or `AIPERTURE_HEADLESS=1`, see [`super::headless`]): nobody can answer the
//!   dialog, so where the hook would ask (PreToolUse at or above `hooks.ask_at_risk`, every
//!   undecided PermissionRequest) it denies with the challenge a human approves with
//!   (`aiperture approve ID`); the agent's retry is then let through once. No prompt opens,
//!   so nothing is inferred from Claude Code's own refusal.
//! - `PostToolUse` / `PostToolUseFailure`: the tool ran, so an open prompt for the same call
//!   (session, tool name and input) is recorded as one human approval with channel
//!   `claude-code`, and the execution is journaled (status `ok` or `failed`) for
//!   `aiperture compliance`. A failed run is still an approval. Prompts whose tool never runs
//!   are settled after `hooks.prompt_timeout` (checked on every hook event) as the agent's own
//!   refusal, which is never learned.
//! - `SessionStart`: a one-line status as `systemMessage`.
//!
//! Failure: an event that cannot be read or parsed exits 2 with the reason on standard error,
//! which blocks a PreToolUse call and denies a PermissionRequest. An error while deciding
//! answers deny with the error in the reason (exit 0 with JSON, or exit 2 with `--exit-2`).
//! With `--exit-2`, every deny is an exit 2, which holds even if JSON output is ignored.

use std::path::Path;

use serde_json::{Value, json};

use super::{
    Call, Dialog, Host, Mapped, Ran, Reply, ask_reason, content_hash, decide, deny_reason, failed,
    first_str, folder, needs_human_reason, ran, relative_path, status_line, what,
};
use crate::engine::Decision;
use crate::error::Result;

/// Agent name, as journaled and as the decision channel.
pub const AGENT: &str = "claude-code";

/// The events `aiperture setup claude-code` subscribes to.
pub const EVENTS: &[&str] =
    &["PreToolUse", "PermissionRequest", "PostToolUse", "PostToolUseFailure", "SessionStart"];

/// Options of the hook command.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Report denies by exit status 2 and the reason on standard error instead of JSON.
    pub exit_2: bool,
}

/// Map a Claude Code tool call to a request; `None` for aiperture's own MCP tools (asking
/// aiperture about itself would loop).
pub fn map(tool_name: &str, input: &Value, cwd: Option<&Path>) -> Option<Mapped> {
    let s = |k: &str| input.get(k).and_then(Value::as_str).unwrap_or_default();
    let path = |k: &str| relative_path(s(k), cwd);
    let m = match tool_name {
        "Bash" => Mapped::new("shell", "execute", s("command")),
        "Read" => Mapped::new("filesystem", "read", path("file_path")),
        "Glob" => {
            let pattern = s("pattern");
            match first_str(input, &["path"]) {
                Some(dir) => Mapped::new(
                    "filesystem",
                    "read",
                    format!("{}/{pattern}", relative_path(dir, cwd).trim_end_matches('/')),
                ),
                None => Mapped::new("filesystem", "read", pattern),
            }
        }
        "Grep" | "LS" => Mapped::new(
            "filesystem",
            "read",
            first_str(input, &["path"]).map_or_else(|| ".".into(), |p| relative_path(p, cwd)),
        ),
        "Write" => Mapped {
            content_hash: content_hash(s("content")),
            ..Mapped::new("filesystem", "write", path("file_path"))
        },
        "Edit" => Mapped {
            content_hash: content_hash(s("new_string")),
            ..Mapped::new("filesystem", "write", path("file_path"))
        },
        "MultiEdit" => {
            let new: Vec<&str> = input
                .get("edits")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|e| e.get("new_string")?.as_str()).collect())
                .unwrap_or_default();
            Mapped {
                content_hash: content_hash(&new.join("\0")),
                ..Mapped::new("filesystem", "write", path("file_path"))
            }
        }
        "NotebookEdit" => Mapped {
            content_hash: content_hash(s("new_source")),
            ..Mapped::new("filesystem", "write", path("notebook_path"))
        },
        "WebFetch" => Mapped::new("web", "fetch", s("url")),
        "WebSearch" => Mapped::new("web", "search", s("query")),
        "Task" | "Agent" => {
            Mapped::new("agent", "spawn", first_str(input, &["subagent_type"]).unwrap_or("agent"))
        }
        name => return super::other_tool(name, input),
    };
    Some(m)
}

/// Handle one event payload.
pub fn handle(payload: &[u8], host: &mut dyn Host, opts: Options) -> Reply {
    let (event, name) = match super::read_event(payload) {
        Ok(e) => e,
        Err(reply) => return reply,
    };
    match name.as_str() {
        "PreToolUse" => {
            pre_tool_use(&event, host, opts).unwrap_or_else(|e| deny(&name, &failed(&e), opts))
        }
        "PermissionRequest" => permission_request(&event, host)
            .unwrap_or_else(|e| deny(&name, &failed(&e), Options::default())),
        "PostToolUse" | "PostToolUseFailure" => post_tool_use(&event, host).unwrap_or_else(|e| {
            // The tool already ran: a non-blocking error notice is all that is left.
            Reply::fail(1, &format!("aiperture: could not record the approval: {}", e.chain()))
        }),
        "SessionStart" => Reply::json(&json!({
            "systemMessage": status_line(host, AGENT, folder(event.get("cwd")).as_deref())
                .unwrap_or_else(|e| format!("aiperture: error: {}", e.chain()))
        })),
        // Events aiperture does not subscribe to: no opinion.
        _ => Reply::none(),
    }
}

/// The tool call of a tool event.
fn call(event: &Value) -> Result<Call> {
    Call::from_event(event, "Claude Code")
}

fn deny(event: &str, reason: &str, opts: Options) -> Reply {
    if opts.exit_2 {
        return Reply::fail(2, reason);
    }
    match event {
        "PermissionRequest" => super::permission_denied(reason),
        _ => Reply::json(&json!({
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": "deny",
                "permissionDecisionReason": reason
            }
        })),
    }
}

/// How a headless Claude Code is named in the reason of a deny that would have been an ask.
const HEADLESS: &str = "headless Claude Code (nobody can answer its dialog)";

fn pre_tool_use(event: &Value, host: &mut dyn Host, opts: Options) -> Result<Reply> {
    let c = call(event)?;
    let Some(m) = map(&c.tool_name, &c.input, c.cwd.as_deref()) else {
        return Ok(Reply::none());
    };
    let headless = super::headless(host, AGENT, event);
    let (v, ask_at) = decide(host, AGENT, &c, &m, Dialog::Never)?;
    let answer = |decision: &str, reason: String| {
        Reply::json(&json!({
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": decision,
                "permissionDecisionReason": reason
            }
        }))
    };
    Ok(match v.decision {
        Decision::Allow => answer(
            "allow",
            format!(
                "aiperture allowed {}: {} [decided by {}]",
                what(&m),
                v.reason,
                v.decided_by.as_str()
            ),
        ),
        Decision::Deny => deny("PreToolUse", &deny_reason(&v, &m), opts),
        Decision::Ask if headless && ask_at.is_some_and(|t| v.risk.tier >= t) => {
            deny("PreToolUse", &needs_human_reason(&v, &m, HEADLESS), opts)
        }
        Decision::Ask if ask_at.is_some_and(|t| v.risk.tier >= t) => {
            answer("ask", ask_reason(&v, &m))
        }
        Decision::Ask => Reply::none(),
    })
}

fn permission_request(event: &Value, host: &mut dyn Host) -> Result<Reply> {
    let c = call(event)?;
    let m = map(&c.tool_name, &c.input, c.cwd.as_deref());
    let headless = super::headless(host, AGENT, event).then_some(HEADLESS);
    super::permission_request(host, AGENT, &c, m, headless)
}

fn post_tool_use(event: &Value, host: &mut dyn Host) -> Result<Reply> {
    let c = call(event)?;
    if let Some(m) = map(&c.tool_name, &c.input, c.cwd.as_deref()) {
        let how = if c.event == "PostToolUseFailure" { Ran::Failed } else { Ran::Ok };
        ran(host, AGENT, &c, &m, how)?;
    }
    Ok(Reply::none())
}

/// The entries `aiperture setup claude-code` writes into `.claude/settings.json`: one
/// command handler per event, running `command` (e.g. `aiperture hook claude-code`).
pub fn setup_spec(command: &str) -> super::settings::Spec {
    super::grouped_spec(
        AGENT,
        EVENTS,
        "SessionStart",
        &json!({ "type": "command", "command": command, "timeout": 30 }),
    )
}
