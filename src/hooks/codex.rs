//! OpenAI Codex CLI command hooks: `aiperture hook codex`.
//!
//! Contract (developers.openai.com/codex/hooks; the parser in openai/codex
//! `codex-rs/hooks/src/engine/output_parser.rs`): one event JSON on standard input with
//! `session_id`, `turn_id`, `transcript_path`, `cwd`, `hook_event_name`, `model`,
//! `permission_mode` and the event's fields. Replies are strict: unknown output fields make
//! the whole reply invalid, and an invalid reply, a timeout or a crash lets the call run
//! (Codex fails open), so every reply here holds documented fields only.
//!
//! - `PreToolUse`: deny answers `hookSpecificOutput.permissionDecision = "deny"` with a
//!   non-empty reason. Codex has no "ask" and no bare "allow" here, so an allow and an
//!   undecided request give no opinion, except that an undecided request at or above
//!   `hooks.ask_at_risk` is denied with how a human can allow it (Codex cannot be made to
//!   ask, and a HIGH or CRITICAL call must not run without a human).
//! - `PermissionRequest` (Codex is about to show its approval prompt): allow or deny when the
//!   engine is sure (`hookSpecificOutput.decision.behavior`), else no opinion, which shows the
//!   prompt and opens a prompt in the index.
//! - `PostToolUse`: the tool ran, so an open prompt for the same call is one human approval
//!   (channel `codex`), and the execution is journaled for `aiperture compliance`.
//! - `SessionStart`: settles timed-out prompts and prints nothing (Codex adds plain output
//!   to the model's context).
//!
//! Tools: `Bash` {command}; `apply_patch` {command: the patch}, whose `*** Add File:`,
//! `*** Update File:`, `*** Delete File:` and `*** Move to:` lines name the files written
//! (action `delete` when the patch deletes one); `mcp__<server>__<tool>` with its arguments.
//! Codex reads files through the shell, so reads arrive as `Bash`.
//!
//! Failure: an unreadable event exits 2 with the reason on standard error (Codex blocks on
//! exit 2 with a non-empty reason); an error while deciding denies with the error.

use std::path::Path;

use serde_json::{Value, json};

use super::{
    Call, Dialog, Host, Mapped, Ran, Reply, content_hash, decide, deny_reason, failed, folder,
    needs_human_reason, ran, relative_path, settle,
};
use crate::engine::Decision;
use crate::error::Result;

/// Agent name, as journaled and as the decision channel.
pub const AGENT: &str = "codex";

/// The events `aiperture setup codex` subscribes to.
pub const EVENTS: &[&str] = &["PreToolUse", "PermissionRequest", "PostToolUse", "SessionStart"];

/// Files an `apply_patch` body touches, and whether it deletes any.
pub fn patch_files(patch: &str) -> (Vec<String>, bool) {
    let mut files = Vec::new();
    let mut deletes = false;
    for line in patch.lines() {
        let line = line.trim_end();
        for (prefix, delete) in [
            ("*** Add File: ", false),
            ("*** Update File: ", false),
            ("*** Delete File: ", true),
            ("*** Move to: ", false),
        ] {
            if let Some(rest) = line.strip_prefix(prefix) {
                let file = rest.trim().to_string();
                if !file.is_empty() && !files.contains(&file) {
                    files.push(file);
                }
                deletes |= delete;
            }
        }
    }
    (files, deletes)
}

/// Map a Codex tool call to a request; `None` for aiperture's own MCP tools.
pub fn map(tool_name: &str, input: &Value, cwd: Option<&Path>) -> Option<Mapped> {
    let s = |k: &str| input.get(k).and_then(Value::as_str).unwrap_or_default();
    Some(match tool_name {
        "Bash" => Mapped::new("shell", "execute", s("command")),
        "apply_patch" | "Edit" | "Write" => {
            let patch = s("command");
            let (files, deletes) = patch_files(patch);
            let scope: Vec<String> = files.iter().map(|f| relative_path(f, cwd)).collect();
            Mapped {
                content_hash: content_hash(patch),
                ..Mapped::new(
                    "filesystem",
                    if deletes { "delete" } else { "write" },
                    scope.join(" "),
                )
            }
        }
        name => return super::other_tool(name, input),
    })
}

/// Handle one event payload.
pub fn handle(payload: &[u8], host: &mut dyn Host) -> Reply {
    let (event, name) = match super::read_event(payload) {
        Ok(e) => e,
        Err(reply) => return reply,
    };
    match name.as_str() {
        "PreToolUse" => pre_tool_use(&event, host).unwrap_or_else(|e| deny(&failed(&e))),
        "PermissionRequest" => permission_request(&event, host)
            .unwrap_or_else(|e| super::permission_denied(&failed(&e))),
        "PostToolUse" => match call(&event).and_then(|c| {
            if let Some(m) = map(&c.tool_name, &c.input, c.cwd.as_deref()) {
                ran(host, AGENT, &c, &m, Ran::Ok)?;
            }
            Ok(())
        }) {
            Ok(()) => Reply::none(),
            Err(e) => {
                Reply::fail(1, &format!("aiperture: could not record the approval: {}", e.chain()))
            }
        },
        "SessionStart" => match settle(host, AGENT, folder(event.get("cwd")).as_deref()) {
            Ok(()) => Reply::none(),
            Err(e) => Reply::fail(1, &format!("aiperture: {}", e.chain())),
        },
        _ => Reply::none(),
    }
}

fn call(event: &Value) -> Result<Call> {
    let mut c = Call::from_event(event, "Codex")?;
    c.input = key_input(Some(&c.input));
    Ok(c)
}

/// The tool input as it identifies the call: without `description`, the approval reason
/// Codex adds to a PermissionRequest's input (the PostToolUse of the same call may lack it).
fn key_input(input: Option<&Value>) -> Value {
    match input {
        Some(Value::Object(m)) => Value::Object(
            m.iter()
                .filter(|(k, _)| *k != "description")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        Some(v) => v.clone(),
        None => Value::Null,
    }
}

fn deny(reason: &str) -> Reply {
    Reply::json(&json!({
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": reason
        }
    }))
}

fn pre_tool_use(event: &Value, host: &mut dyn Host) -> Result<Reply> {
    let c = call(event)?;
    let Some(m) = map(&c.tool_name, &c.input, c.cwd.as_deref()) else {
        return Ok(Reply::none());
    };
    let (v, ask_at) = decide(host, AGENT, &c, &m, Dialog::Never)?;
    // Codex accepts no bare "allow" and no "ask" here: both are no opinion, except that an
    // undecided HIGH-risk call must not run without a human.
    Ok(match v.decision {
        Decision::Deny => deny(&deny_reason(&v, &m)),
        Decision::Ask if ask_at.is_some_and(|t| v.risk.tier >= t) => {
            deny(&needs_human_reason(&v, &m, "Codex"))
        }
        Decision::Allow | Decision::Ask => Reply::none(),
    })
}

fn permission_request(event: &Value, host: &mut dyn Host) -> Result<Reply> {
    let c = call(event)?;
    let m = map(&c.tool_name, &c.input, c.cwd.as_deref());
    // Codex sends no sign of running headless (`codex exec` never shows a prompt); the
    // variable still says so for whatever runs it without a human.
    let headless = super::headless(host, AGENT, event).then_some("headless Codex");
    super::permission_request(host, AGENT, &c, m, headless)
}

/// The entries `aiperture setup codex` writes into `.codex/hooks.json`.
pub fn setup_spec(command: &str) -> super::settings::Spec {
    super::grouped_spec(
        AGENT,
        EVENTS,
        "SessionStart",
        &json!({ "type": "command", "command": command, "timeout": 30 }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_name_their_files() {
        let patch = "*** Begin Patch\n*** Update File: src/a.rs\n@@\n-x\n+y\n*** Add File: b.txt\n+hi\n*** Update File: c.rs\n*** Move to: d.rs\n*** End Patch\n";
        assert_eq!(
            patch_files(patch),
            (vec!["src/a.rs".into(), "b.txt".into(), "c.rs".into(), "d.rs".into()], false)
        );
        let del = "*** Begin Patch\n*** Delete File: old.rs\n*** End Patch";
        assert_eq!(patch_files(del), (vec!["old.rs".into()], true));
        let m = map("apply_patch", &json!({"command": del}), None);
        assert_eq!(m.map(|m| (m.action, m.scope)), Some(("delete".into(), "old.rs".into())));
    }

    #[test]
    fn own_mcp_tools_are_skipped() {
        assert_eq!(map("mcp__aiperture__check_permission", &json!({}), None), None);
        let m = map("mcp__memory__create_entities", &json!({"name": "x"}), None);
        assert_eq!(m.map(|m| m.action), Some("memory.create_entities".into()));
    }
}
