//! Cursor agent hooks: `aiperture hook cursor`.
//!
//! Contract (cursor.com/docs/hooks): one event JSON on standard input with the common fields
//! `conversation_id`, `generation_id`, `model`, `hook_event_name`, `cursor_version`,
//! `workspace_roots`, `user_email`, `transcript_path` and the event's own fields; exit 0 with
//! a JSON object, or exit 2 to deny. Failures let the action through unless the entry says
//! `failClosed: true`, which `aiperture setup cursor` writes for every gating event.
//!
//! - `beforeShellExecution` {command, cwd} and `beforeMCPExecution` {tool_name, tool_input
//!   (a JSON string), url or command}: `{"permission": "allow" | "deny" | "ask",
//!   "user_message", "agent_message"}`. An undecided request answers ask, Cursor shows its
//!   dialog, and a prompt opens in the index.
//! - `beforeReadFile` {file_path, content}: allow or deny only (Cursor cannot ask here); an
//!   undecided read at or above `hooks.ask_at_risk` (a secret, a key) is denied with how a
//!   human allows it; below it there is no opinion (Cursor reads without asking). The file
//!   content is not journaled.
//! - `afterShellExecution` / `afterMCPExecution`: the tool ran, so an open prompt for the same
//!   call is one human approval (channel `cursor`), and the execution is journaled for
//!   `aiperture compliance`.
//! - Headless (`AIPERTURE_HEADLESS=1` in Cursor's environment, e.g. `cursor-agent -p` in CI):
//!   where the hook would ask it denies with how a human approves instead.
//! - `sessionStart`: settles timed-out prompts; prints nothing (it is fire-and-forget).
//!
//! Not covered: file edits. Cursor documents no event that runs before an edit with the
//! edit's input (`preToolUse` does not document the input of its `Write` tool, and
//! `afterFileEdit` only observes), so aiperture does not gate Cursor's edits.
//! The `cursor-agent` CLI has been reported to send a byte-order mark and an empty `cwd`:
//! both are tolerated (the first workspace root stands in for the folder).

use serde_json::{Value, json};

use super::{
    Call, Dialog, Host, Mapped, Ran, Reply, SCOPE_KEYS, ask_reason, decide, deny_reason, failed,
    first_str, folder, needs_human_reason, ran, relative_path, settle,
};
use crate::engine::Decision;
use crate::error::{Error, Result};

/// Agent name, as journaled and as the decision channel.
pub const AGENT: &str = "cursor";

/// The events `aiperture setup cursor` subscribes to, and whether each gates an action
/// (and so fails closed).
pub const EVENTS: &[(&str, bool)] = &[
    ("beforeShellExecution", true),
    ("beforeMCPExecution", true),
    ("beforeReadFile", true),
    ("afterShellExecution", false),
    ("afterMCPExecution", false),
    ("sessionStart", false),
];

/// The tool call an event describes, or `None` for aiperture's own MCP server.
fn call(event: &Value) -> Result<Option<(Call, Mapped)>> {
    let s = |k: &str| event.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let name = s("hook_event_name");
    let session = [s("conversation_id"), s("session_id")]
        .into_iter()
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    let cwd = folder(event.get("cwd")).or_else(|| {
        folder(event.get("workspace_roots").and_then(Value::as_array).and_then(|a| a.first()))
    });
    let rel = |p: &str| relative_path(p, cwd.as_deref());
    let (tool_name, input, mapped) = match name.as_str() {
        "beforeShellExecution" | "afterShellExecution" => {
            let command = s("command");
            let m = Mapped::new("shell", "execute", command.clone());
            ("Shell".to_string(), json!({ "command": command }), m)
        }
        "beforeMCPExecution" | "afterMCPExecution" => {
            let server_cmd = s("command");
            if server_cmd.contains("aiperture") && server_cmd.contains("mcp-serve") {
                return Ok(None);
            }
            let tool = s("tool_name");
            // Documented as a JSON string; an object is taken as it is.
            let input = match event.get("tool_input") {
                Some(Value::String(text)) => {
                    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
                }
                Some(v) => v.clone(),
                None => Value::Null,
            };
            let scope = first_str(&input, SCOPE_KEYS).unwrap_or_default().to_string();
            let m = Mapped::new("mcp", &tool, scope);
            (format!("MCP:{tool}"), input, m)
        }
        "beforeReadFile" => {
            let path = s("file_path");
            let m = Mapped::new("filesystem", "read", rel(&path));
            ("Read".to_string(), json!({ "file_path": path }), m)
        }
        other => {
            return Err(Error::Invalid(format!("the Cursor event {other:?} is not a tool event")));
        }
    };
    if mapped.tool == "mcp" && mapped.action.is_empty() {
        return Err(Error::Invalid("the Cursor MCP event has no `tool_name`".into()));
    }
    Ok(Some((Call { event: name, session, cwd, tool_name, input }, mapped)))
}

fn answer(permission: &str, message: &str) -> Reply {
    if message.is_empty() {
        return Reply::json(&json!({ "permission": permission }));
    }
    Reply::json(&json!({
        "permission": permission,
        "user_message": message,
        "agent_message": message
    }))
}

/// Handle one event payload.
pub fn handle(payload: &[u8], host: &mut dyn Host) -> Reply {
    let (event, name) = match super::read_event(payload) {
        Ok(e) => e,
        Err(reply) => return reply,
    };
    match name.as_str() {
        "beforeShellExecution" | "beforeMCPExecution" | "beforeReadFile" => {
            before(&event, host).unwrap_or_else(|e| answer("deny", &failed(&e)))
        }
        "afterShellExecution" | "afterMCPExecution" => match call(&event) {
            Ok(None) => Reply::none(),
            Ok(Some((c, m))) => match ran(host, AGENT, &c, &m, Ran::Ok) {
                Ok(()) => Reply::none(),
                Err(e) => Reply::fail(1, &format!("aiperture: {}", e.chain())),
            },
            Err(e) => Reply::fail(1, &format!("aiperture: {}", e.chain())),
        },
        "sessionStart" => {
            let cwd = folder(event.get("cwd")).or_else(|| {
                folder(
                    event.get("workspace_roots").and_then(Value::as_array).and_then(|a| a.first()),
                )
            });
            match settle(host, AGENT, cwd.as_deref()) {
                Ok(()) => Reply::none(),
                Err(e) => Reply::fail(1, &format!("aiperture: {}", e.chain())),
            }
        }
        _ => Reply::none(),
    }
}

fn before(event: &Value, host: &mut dyn Host) -> Result<Reply> {
    let Some((c, m)) = call(event)? else { return Ok(Reply::none()) };
    let read = c.event == "beforeReadFile";
    let headless = super::headless(host, AGENT, event);
    let dialog = if read || headless { Dialog::Never } else { Dialog::Always };
    let (v, ask_at) = decide(host, AGENT, &c, &m, dialog)?;
    Ok(match v.decision {
        Decision::Allow => answer("allow", ""),
        Decision::Deny => answer("deny", &deny_reason(&v, &m)),
        Decision::Ask if !read && headless => {
            answer("deny", &needs_human_reason(&v, &m, "headless Cursor"))
        }
        Decision::Ask if !read => answer("ask", &ask_reason(&v, &m)),
        Decision::Ask if ask_at.is_some_and(|t| v.risk.tier >= t) => {
            answer("deny", &needs_human_reason(&v, &m, "Cursor read"))
        }
        Decision::Ask => Reply::none(),
    })
}

/// The entries `aiperture setup cursor` writes into `.cursor/hooks.json`.
pub fn setup_spec(command: &str) -> super::settings::Spec {
    let entries = EVENTS
        .iter()
        .map(|&(event, gates)| {
            let entry = if gates {
                json!({ "command": command, "timeout": 30, "failClosed": true })
            } else {
                json!({ "command": command, "timeout": 30 })
            };
            (event.to_string(), entry)
        })
        .collect();
    super::settings::Spec { agent: AGENT, layout: super::settings::Layout::Flat, entries }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn shell_events_before_and_after_share_a_key() {
        let before = json!({"hook_event_name": "beforeShellExecution", "conversation_id": "c1",
            "command": "npm test", "cwd": "/p", "sandbox": false});
        let after = json!({"hook_event_name": "afterShellExecution", "conversation_id": "c1",
            "command": "npm test", "output": "ok", "duration": 10, "sandbox": false});
        let (b, _) = call(&before).ok().flatten().unwrap_or_else(|| panic!("no call"));
        let (a, _) = call(&after).ok().flatten().unwrap_or_else(|| panic!("no call"));
        assert_eq!(b.key(AGENT), a.key(AGENT));
    }

    #[test]
    fn mcp_input_is_a_json_string_and_own_server_is_skipped() {
        let ev = json!({"hook_event_name": "beforeMCPExecution", "conversation_id": "c",
            "tool_name": "create_issue", "tool_input": "{\"repo\":\"x\",\"path\":\"a.md\"}",
            "url": "https://mcp.example"});
        let (_, m) = call(&ev).ok().flatten().unwrap_or_else(|| panic!("no call"));
        assert_eq!(
            (m.tool.as_str(), m.action.as_str(), m.scope.as_str()),
            ("mcp", "create_issue", "a.md")
        );
        let own = json!({"hook_event_name": "beforeMCPExecution", "tool_name": "check_permission",
            "tool_input": "{}", "command": "aiperture mcp-serve"});
        assert!(matches!(call(&own), Ok(None)));
    }

    #[test]
    fn an_empty_cwd_falls_back_to_the_workspace_root() {
        let ev = json!({"hook_event_name": "beforeReadFile", "conversation_id": "c", "cwd": "",
            "workspace_roots": ["/w"], "file_path": "/w/src/a.rs", "content": "x"});
        let (c, m) = call(&ev).ok().flatten().unwrap_or_else(|| panic!("no call"));
        assert_eq!(c.cwd.as_deref(), Some(Path::new("/w")));
        assert_eq!(m.scope, "src/a.rs");
    }
}
