//! Gemini CLI command hooks: `aiperture hook gemini`.
//!
//! Contract (geminicli.com/docs/hooks/reference; google-gemini/gemini-cli
//! `docs/hooks/reference.md` and `packages/core/src/hooks/`): one event JSON on standard
//! input with `session_id`, `transcript_path`, `cwd`, `hook_event_name`, `timestamp` and the
//! event's fields; exit 0 with a JSON object (plain text would be shown to the user), or
//! exit 2 with the reason on standard error to block. A timeout or crash lets the call run.
//!
//! - `BeforeTool`: deny answers `{"decision": "deny", "reason": …}` (the reason goes to the
//!   agent). An undecided request at or above `hooks.ask_at_risk` answers
//!   `{"decision": "ask", "systemMessage": …}`, which makes Gemini CLI show its confirmation
//!   even where its policy would approve (gemini-cli PR #21146; in the code, not yet in the
//!   reference), and opens a prompt in the index. An allow gives no opinion: Gemini's
//!   `"allow"` does not skip its own confirmation, so there is nothing to gain from it.
//! - Headless (no controlling terminal, Gemini started with `-p`, or `AIPERTURE_HEADLESS=1`;
//!   see [`super::headless`]): an ask would hang Gemini CLI forever, so where the hook would
//!   ask it denies with the challenge a human approves with (`aiperture approve ID`); the
//!   retry is then let through once.
//! - `AfterTool`: the tool ran, so an open prompt for the same call is one human approval
//!   (channel `gemini`); a tool that ran and failed is still approved. The execution is
//!   journaled for `aiperture compliance`, `failed` when `tool_response` carries an error.
//! - `SessionStart`: a one-line status as `systemMessage`.
//!
//! Tools: `run_shell_command` {command}; `read_file` {file_path}, `read_many_files`,
//! `glob`, `grep_search`, `list_directory`; `write_file` {file_path, content}; `replace`
//! {file_path, old_string, new_string}; `web_fetch` {prompt with the URLs};
//! `google_web_search` {query}; MCP tools, named from `mcp_context` (their `tool_name` format
//! changed between releases).
//!
//! Learning from Gemini's own confirmations happens only for prompts aiperture asked for
//! (Gemini reports no "dialog shown" event a hook can decide on), so with the default
//! `ask_at_risk = "high"` only HIGH and CRITICAL requests are learned from, and those are
//! never auto-allowed; set `hooks.ask_at_risk = "low"` to learn from everything.

use std::path::Path;

use serde_json::{Value, json};

use super::{
    Call, Dialog, Host, Mapped, Ran, Reply, SCOPE_KEYS, ask_reason, content_hash, decide,
    deny_reason, failed, first_str, folder, needs_human_reason, ran, relative_path, status_line,
};
use crate::engine::Decision;
use crate::error::Result;

/// Agent name, as journaled and as the decision channel.
pub const AGENT: &str = "gemini";

/// The events `aiperture setup gemini` subscribes to.
pub const EVENTS: &[&str] = &["BeforeTool", "AfterTool", "SessionStart"];

/// The first `http://` or `https://` URL in `text`.
fn first_url(text: &str) -> Option<&str> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | '"' | '\'' | ',' | '.'))
        })
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
}

/// Map a Gemini CLI tool call (with the event's `mcp_context`, if any) to a request; `None`
/// for aiperture's own MCP tools.
pub fn map(
    tool_name: &str,
    input: &Value,
    mcp: Option<&Value>,
    cwd: Option<&Path>,
) -> Option<Mapped> {
    let s = |k: &str| input.get(k).and_then(Value::as_str).unwrap_or_default();
    let path = |keys: &[&str]| relative_path(first_str(input, keys).unwrap_or("."), cwd);
    if let Some(ctx) = mcp.filter(|v| v.is_object()) {
        let server = ctx.get("server_name").and_then(Value::as_str).unwrap_or_default();
        let tool = ctx.get("tool_name").and_then(Value::as_str).unwrap_or(tool_name);
        if server == "aiperture" {
            return None;
        }
        return Some(Mapped::new(
            "mcp",
            &format!("{server}.{tool}"),
            first_str(input, SCOPE_KEYS).unwrap_or_default(),
        ));
    }
    Some(match tool_name {
        "run_shell_command" => Mapped::new("shell", "execute", s("command")),
        "read_file" => {
            Mapped::new("filesystem", "read", path(&["file_path", "absolute_path", "path"]))
        }
        "read_many_files" => {
            let first = input
                .get("include")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_str)
                .unwrap_or(".");
            Mapped::new("filesystem", "read", relative_path(first, cwd))
        }
        "glob" | "grep_search" | "search_file_content" | "list_directory" => {
            Mapped::new("filesystem", "read", path(&["dir_path", "path", "directory"]))
        }
        "write_file" => Mapped {
            content_hash: content_hash(s("content")),
            ..Mapped::new("filesystem", "write", path(&["file_path", "absolute_path", "path"]))
        },
        "replace" => Mapped {
            content_hash: content_hash(s("new_string")),
            ..Mapped::new("filesystem", "write", path(&["file_path", "absolute_path", "path"]))
        },
        "web_fetch" => Mapped::new("web", "fetch", first_url(s("prompt")).unwrap_or(s("prompt"))),
        "google_web_search" => Mapped::new("web", "search", s("query")),
        name => return super::other_tool(name, input),
    })
}

/// Whether the command lines of the hook's ancestors (nearest first) show a Gemini CLI
/// started non-interactively: the nearest one that runs Gemini CLI (a `gemini` program or
/// its `gemini.js` bundle) has `-p`/`--prompt` and not `-i`/`--prompt-interactive`.
pub fn started_headless(ancestors: &[Vec<String>]) -> bool {
    let is_gemini = |a: &String| {
        let name = a.rsplit(['/', '\\']).next().unwrap_or(a);
        matches!(name, "gemini" | "gemini.js" | "gemini.mjs")
    };
    let Some(argv) = ancestors.iter().find(|argv| argv.iter().take(3).any(is_gemini)) else {
        return false;
    };
    let has = |flags: &[&str]| {
        argv.iter().any(|a| flags.iter().any(|f| a == f || a.starts_with(&format!("{f}="))))
    };
    has(&["-p", "--prompt"]) && !has(&["-i", "--prompt-interactive"])
}

/// How a tool run ended, from an `AfterTool` event: failed when its `tool_response` carries a
/// non-empty `error`.
fn after_status(event: &Value) -> Ran {
    match event.get("tool_response").and_then(|r| r.get("error")) {
        None | Some(Value::Null) => Ran::Ok,
        Some(Value::String(s)) if s.is_empty() => Ran::Ok,
        Some(_) => Ran::Failed,
    }
}

/// Handle one event payload.
pub fn handle(payload: &[u8], host: &mut dyn Host) -> Reply {
    let (event, name) = match super::read_event(payload) {
        Ok(e) => e,
        Err(reply) => return reply,
    };
    match name.as_str() {
        "BeforeTool" => before_tool(&event, host).unwrap_or_else(|e| deny(&failed(&e))),
        "AfterTool" => match call(&event).and_then(|c| {
            if let Some(m) = map(&c.tool_name, &c.input, event.get("mcp_context"), c.cwd.as_deref())
            {
                ran(host, AGENT, &c, &m, after_status(&event))?;
            }
            Ok(())
        }) {
            Ok(()) => Reply::none(),
            Err(e) => Reply::json(&json!({
                "systemMessage": format!("aiperture: could not record the approval: {}", e.chain())
            })),
        },
        "SessionStart" => Reply::json(&json!({
            "systemMessage": status_line(host, AGENT, folder(event.get("cwd")).as_deref())
                .unwrap_or_else(|e| format!("aiperture: error: {}", e.chain()))
        })),
        _ => Reply::none(),
    }
}

fn call(event: &Value) -> Result<Call> {
    Call::from_event(event, "Gemini CLI")
}

fn deny(reason: &str) -> Reply {
    Reply::json(&json!({ "decision": "deny", "reason": reason }))
}

fn before_tool(event: &Value, host: &mut dyn Host) -> Result<Reply> {
    let c = call(event)?;
    let Some(m) = map(&c.tool_name, &c.input, event.get("mcp_context"), c.cwd.as_deref()) else {
        return Ok(Reply::none());
    };
    let headless = super::headless(host, AGENT, event);
    let dialog = if headless { Dialog::Never } else { Dialog::WhenAsked };
    let (v, ask_at) = decide(host, AGENT, &c, &m, dialog)?;
    // Gemini's "allow" does not skip its own confirmation: an allow is no opinion.
    Ok(match v.decision {
        Decision::Deny => deny(&deny_reason(&v, &m)),
        // Headless, an ask would hang Gemini CLI forever.
        Decision::Ask if headless && ask_at.is_some_and(|t| v.risk.tier >= t) => {
            deny(&needs_human_reason(&v, &m, "headless Gemini CLI (nobody can answer an ask)"))
        }
        Decision::Ask if ask_at.is_some_and(|t| v.risk.tier >= t) => Reply::json(&json!({
            "decision": "ask",
            "systemMessage": ask_reason(&v, &m)
        })),
        Decision::Allow | Decision::Ask => Reply::none(),
    })
}

/// The entries `aiperture setup gemini` writes into `.gemini/settings.json`.
pub fn setup_spec(command: &str) -> super::settings::Spec {
    let handler = json!({
        "name": "aiperture",
        "type": "command",
        "command": command,
        "description": "aiperture permission layer",
        "timeout": 30000
    });
    super::grouped_spec(AGENT, EVENTS, "SessionStart", &handler)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_map_to_requests() {
        let cwd = Path::new("/p");
        let m =
            |t: &str, i: Value| map(t, &i, None, Some(cwd)).map(|m| (m.tool, m.action, m.scope));
        let r = |a: &str, b: &str, c: &str| Some((a.to_string(), b.to_string(), c.to_string()));
        assert_eq!(
            m("run_shell_command", json!({"command": "ls -la"})),
            r("shell", "execute", "ls -la")
        );
        assert_eq!(
            m("read_file", json!({"file_path": "/p/src/a.rs"})),
            r("filesystem", "read", "src/a.rs")
        );
        assert_eq!(
            m("write_file", json!({"file_path": "/p/b.txt", "content": "x"})),
            r("filesystem", "write", "b.txt")
        );
        assert_eq!(
            m("web_fetch", json!({"prompt": "Summarise https://example.com/a, please"})),
            r("web", "fetch", "https://example.com/a")
        );
        let mcp = json!({"server_name": "github", "tool_name": "create_issue"});
        let got = map("mcp_github_create_issue", &json!({"repo": "x"}), Some(&mcp), None);
        assert_eq!(got.map(|m| m.action), Some("github.create_issue".into()));
        let own = json!({"server_name": "aiperture", "tool_name": "check_permission"});
        assert_eq!(map("mcp_aiperture_check_permission", &json!({}), Some(&own), None), None);
    }
}

#[cfg(test)]
mod headless_tests {
    use super::started_headless;

    fn argv(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn a_gemini_started_with_a_prompt_is_headless() {
        for (lines, want) in [
            (
                vec![
                    "sh -c aiperture hook gemini",
                    "node /x/bundle/gemini.js -p hi --approval-mode yolo",
                ],
                true,
            ),
            (vec!["node /x/bundle/gemini.js --prompt=hi"], true),
            (vec!["/usr/local/bin/gemini --prompt hi"], true),
            (vec!["node /x/bundle/gemini.js -i hi"], false),
            (vec!["node /x/bundle/gemini.js -p hi --prompt-interactive"], false),
            (vec!["node /x/bundle/gemini.js"], false),
            // Another program's -p says nothing; the nearest Gemini decides.
            (vec!["python3 -p x", "node /x/bundle/gemini.js"], false),
            (vec!["node /x/gemini.js", "bash -c gemini -p x"], false),
            (vec![], false),
        ] {
            let a: Vec<Vec<String>> = lines.iter().map(|l| argv(l)).collect();
            assert_eq!(started_headless(&a), want, "{lines:?}");
        }
    }
}
