//! OpenClaw plugin hooks: `aiperture hook openclaw`, run by aiperture's OpenClaw plugin.
//!
//! OpenClaw (npm `openclaw`) has no command hooks; its plugins register typed handlers in
//! JavaScript (`api.on("before_tool_call", handler)`, see `docs/plugins/hooks/tool-policy.md`
//! and `PluginHookBeforeToolCallEvent` in `dist/hook-runner-global-*.d.ts` of the package).
//! aiperture's plugin (`examples/openclaw/plugin/`, installed by `aiperture setup openclaw`)
//! turns each event into the JSON object below, runs this command with it on standard input,
//! and turns the answer into OpenClaw's result. The contract between the two is aiperture's own:
//!
//! - Input: `hook_event_name` (`before_tool_call` or `after_tool_call`), `session_id` (the
//!   context's `sessionId`, else its `sessionKey`), `cwd` (the agent's workspace, or the
//!   folder the plugin is configured with), `tool_name` (`event.toolName`), `tool_input`
//!   (`event.params`), and as OpenClaw sends them `agent_id`, `session_key`, `run_id`,
//!   `tool_call_id`, `tool_kind`, `derived_paths`, and after the call `error` and
//!   `duration_ms`.
//! - `before_tool_call` output: nothing for no opinion (the call goes ahead unless another
//!   hook decides); `{"block": true, "blockReason": …}` to refuse;
//!   `{"requireApproval": {title, description, severity, allowedDecisions}}` to make OpenClaw
//!   pause the run and ask its user (an unanswered approval denies). An undecided request at
//!   or above `hooks.ask_at_risk` asks and opens a prompt; below it, no opinion. Headless
//!   (`AIPERTURE_HEADLESS=1`: nobody answers OpenClaw's approvals) it blocks with the
//!   challenge a human approves with instead; the retry is then let through once.
//! - `after_tool_call`: the tool ran, so an open prompt for the same call is the user's
//!   approval (channel `openclaw`); the execution is journaled, `failed` when `error` is set.
//! - An event that cannot be read exits 2 with the reason on standard error; the plugin blocks
//!   on any exit but 0, on a timeout and on output it cannot parse (fail closed).
//!
//! Tools (OpenClaw 2026.9.6, `docs/tools/*.md`, `dist/agent-tools.before-tool-call.decision-*.mjs`):
//! `exec` {command, workdir}; `read` {path}; `write` {path, content}; `edit` {path, edits:
//! [{oldText, newText}]}; `apply_patch` {input} (with `derived_paths`); `web_fetch` {url};
//! `web_search`, `x_search` {query}; MCP tools named `<server>__<tool>`; anything else (with
//! the `code_mode_exec` kind of `exec`) through [`super::other_tool`].

use std::path::Path;

use serde_json::{Map, Value, json};

use super::{
    Call, Dialog, Host, Mapped, Ran, Reply, ask_reason, content_hash, decide, deny_reason, failed,
    first_str, needs_human_reason, ran, relative_path, what,
};
use crate::engine::Decision;
use crate::error::{Error, Result};
use crate::hooks::settings::Change;
use crate::risk::Tier;

/// Agent name, as journaled and as the decision channel.
pub const AGENT: &str = "openclaw";

/// The plugin's id (in `openclaw.plugin.json` and `plugins.entries`).
pub const PLUGIN_ID: &str = "aiperture";

/// The plugin's files, as `aiperture setup openclaw` installs them: (file name, content).
pub const PLUGIN_FILES: &[(&str, &str)] = &[
    ("openclaw.plugin.json", include_str!("../../examples/openclaw/plugin/openclaw.plugin.json")),
    ("package.json", include_str!("../../examples/openclaw/plugin/package.json")),
    ("index.js", include_str!("../../examples/openclaw/plugin/index.js")),
];

/// The paths an `apply_patch` input names (`*** Add File:`, `*** Update File:`, `*** Delete
/// File:`, `*** Move to:`), in order, without repeats.
fn patch_paths(input: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for line in input.lines() {
        let line = line.trim();
        let path = ["*** Add File:", "*** Update File:", "*** Delete File:", "*** Move to:"]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .map(str::trim);
        if let Some(p) = path.filter(|p| !p.is_empty())
            && !out.contains(&p)
        {
            out.push(p);
        }
    }
    out
}

/// Map an OpenClaw tool call to a request; `None` for aiperture's own MCP tools. `kind` is
/// the event's `tool_kind`, `derived` its `derived_paths`.
pub fn map(
    tool_name: &str,
    input: &Value,
    kind: Option<&str>,
    derived: &[&str],
    cwd: Option<&Path>,
) -> Option<Mapped> {
    let s = |k: &str| input.get(k).and_then(Value::as_str).unwrap_or_default();
    let path =
        || relative_path(first_str(input, &["path", "file_path", "filePath"]).unwrap_or("."), cwd);
    Some(match tool_name {
        "exec" if kind.is_none() => Mapped::new("shell", "execute", s("command")),
        "read" => Mapped::new("filesystem", "read", path()),
        "write" => Mapped {
            content_hash: content_hash(s("content")),
            ..Mapped::new("filesystem", "write", path())
        },
        "edit" => {
            let new: Vec<&str> = match input.get("edits") {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|e| e.get("newText").or_else(|| e.get("new_string")))
                    .filter_map(Value::as_str)
                    .collect(),
                _ => vec![s("newText")],
            };
            Mapped {
                content_hash: content_hash(&new.join("\n")),
                ..Mapped::new("filesystem", "write", path())
            }
        }
        "apply_patch" => {
            let body = s("input");
            let mut paths: Vec<&str> = derived.to_vec();
            for p in patch_paths(body) {
                if !paths.contains(&p) {
                    paths.push(p);
                }
            }
            let rel: Vec<String> = paths.iter().map(|p| relative_path(p, cwd)).collect();
            let m = match rel.as_slice() {
                [one] => Mapped::new("filesystem", "write", one.clone()),
                // Every path in the scope, so that self-protection sees each of them.
                _ => Mapped::new("apply_patch", "use", rel.join(" ")),
            };
            Mapped { content_hash: content_hash(body), ..m }
        }
        "web_fetch" => Mapped::new("web", "fetch", s("url")),
        "web_search" | "x_search" => Mapped::new("web", "search", s("query")),
        name if name.contains("__") => return super::other_tool(&format!("mcp__{name}"), input),
        "exec" => return super::other_tool(kind.unwrap_or("exec"), input),
        name => return super::other_tool(name, input),
    })
}

/// The tool call of an event, with its mapping (`None`: aiperture's own tool).
fn call(event: &Value) -> Result<(Call, Option<Mapped>)> {
    let c = Call::from_event(event, "OpenClaw")?;
    let kind = event.get("tool_kind").and_then(Value::as_str);
    let derived: Vec<&str> = match event.get("derived_paths") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let m = map(&c.tool_name, &c.input, kind, &derived, c.cwd.as_deref());
    Ok((c, m))
}

/// The `block` result with `reason`.
fn block(reason: &str) -> Reply {
    Reply::json(&json!({ "block": true, "blockReason": reason }))
}

/// Handle one event payload.
pub fn handle(payload: &[u8], host: &mut dyn Host) -> Reply {
    let (event, name) = match super::read_event(payload) {
        Ok(e) => e,
        Err(reply) => return reply,
    };
    match name.as_str() {
        "before_tool_call" => before(&event, host).unwrap_or_else(|e| block(&failed(&e))),
        "after_tool_call" => match after(&event, host) {
            Ok(()) => Reply::none(),
            Err(e) => {
                Reply::fail(1, &format!("aiperture: could not record the run: {}", e.chain()))
            }
        },
        _ => Reply::none(),
    }
}

fn after(event: &Value, host: &mut dyn Host) -> Result<()> {
    let (c, m) = call(event)?;
    let how = match event.get("error") {
        None | Some(Value::Null) => Ran::Ok,
        Some(Value::String(s)) if s.is_empty() => Ran::Ok,
        Some(_) => Ran::Failed,
    };
    if let Some(m) = m {
        ran(host, AGENT, &c, &m, how)?;
    }
    Ok(())
}

fn before(event: &Value, host: &mut dyn Host) -> Result<Reply> {
    let (c, m) = call(event)?;
    let Some(m) = m else { return Ok(Reply::none()) };
    let headless = super::headless(host, AGENT, event);
    let dialog = if headless { Dialog::Never } else { Dialog::WhenAsked };
    let (v, ask_at) = decide(host, AGENT, &c, &m, dialog)?;
    Ok(match v.decision {
        Decision::Deny => block(&deny_reason(&v, &m)),
        Decision::Ask if headless && ask_at.is_some_and(|t| v.risk.tier >= t) => {
            block(&needs_human_reason(&v, &m, "headless OpenClaw (nobody answers its approvals)"))
        }
        Decision::Ask if ask_at.is_some_and(|t| v.risk.tier >= t) => Reply::json(&json!({
            "requireApproval": {
                "title": format!("aiperture: {}", what(&m)),
                "description": ask_reason(&v, &m),
                "severity": if v.risk.tier >= Tier::Critical { "critical" } else { "warning" },
                // aiperture learns from the answers itself; OpenClaw's "always" would hide
                // later calls from the human.
                "allowedDecisions": ["allow-once", "deny"]
            }
        })),
        Decision::Allow | Decision::Ask => Reply::none(),
    })
}

// --- Setup ---------------------------------------------------------------------------------

/// OpenClaw's state folder: `OPENCLAW_STATE_DIR`, else `~/.openclaw`.
pub fn state_dir(var: &dyn Fn(&str) -> Option<String>, home: &Path) -> std::path::PathBuf {
    match var("OPENCLAW_STATE_DIR").filter(|d| !d.trim().is_empty()) {
        Some(d) => expand_home(&d, home),
        None => home.join(".openclaw"),
    }
}

/// OpenClaw's configuration file: `OPENCLAW_CONFIG_PATH`, else `openclaw.json` in the state
/// folder.
pub fn config_file(var: &dyn Fn(&str) -> Option<String>, home: &Path) -> std::path::PathBuf {
    match var("OPENCLAW_CONFIG_PATH").filter(|d| !d.trim().is_empty()) {
        Some(p) => expand_home(&p, home),
        None => state_dir(var, home).join("openclaw.json"),
    }
}

/// `~` and `~/…` expanded (OpenClaw expands them in these two variables).
fn expand_home(p: &str, home: &Path) -> std::path::PathBuf {
    match p.strip_prefix('~') {
        Some("") => home.to_path_buf(),
        Some(rest) if rest.starts_with('/') => home.join(rest.trim_start_matches('/')),
        _ => std::path::PathBuf::from(p),
    }
}

/// The plugin's folder: `aiperture` in the state folder.
pub fn plugin_dir(var: &dyn Fn(&str) -> Option<String>, home: &Path) -> std::path::PathBuf {
    state_dir(var, home).join(PLUGIN_ID)
}

/// The plugin's `plugins.entries.aiperture` value.
pub fn plugin_entry(program: &str, cwd: Option<&str>) -> Value {
    let mut config = Map::new();
    config.insert("program".into(), json!(program));
    if let Some(cwd) = cwd {
        config.insert("cwd".into(), json!(cwd));
    }
    json!({ "enabled": true, "config": config })
}

/// Add (or with `remove` take out) aiperture's plugin in OpenClaw's configuration `existing`
/// (`None`: no file yet): `plugins.load.paths` holds `dir`, `plugins.entries.aiperture` is
/// `entry`, and an existing `plugins.allow` list names the plugin. Everything else is kept.
/// The text must be plain JSON (OpenClaw reads JSON5; comments and trailing commas cannot be
/// kept by this writer, so such a file is refused and left alone). `file` names it in errors.
pub fn apply_config(
    existing: Option<&str>,
    dir: &str,
    entry: &Value,
    remove: bool,
    file: &str,
) -> Result<(String, Change)> {
    let mut root: Value = match existing.map(str::trim) {
        None | Some("") => json!({}),
        Some(text) => serde_json::from_str(text).map_err(|e| {
            Error::Invalid(format!(
                "{file} is not plain JSON ({e}); OpenClaw reads JSON5, but aiperture keeps only \
                 plain JSON intact, so nothing was changed. Add by hand: plugins.load.paths += \
                 \"{dir}\", plugins.entries.{PLUGIN_ID} = {entry}"
            ))
        })?,
    };
    let Some(obj) = root.as_object_mut() else {
        return Err(Error::Invalid(format!("{file}: the top level is not a JSON object")));
    };
    let mut change = Change::default();
    if remove {
        if let Some(plugins) = obj.get_mut("plugins").and_then(Value::as_object_mut) {
            if let Some(paths) = plugins
                .get_mut("load")
                .and_then(|l| l.get_mut("paths"))
                .and_then(Value::as_array_mut)
            {
                let n = paths.len();
                paths.retain(|p| p.as_str() != Some(dir));
                if paths.len() != n {
                    change.removed.push("plugins.load.paths".into());
                }
            }
            if let Some(entries) = plugins.get_mut("entries").and_then(Value::as_object_mut)
                && entries.remove(PLUGIN_ID).is_some()
            {
                change.removed.push(format!("plugins.entries.{PLUGIN_ID}"));
            }
            if let Some(allow) = plugins.get_mut("allow").and_then(Value::as_array_mut) {
                let n = allow.len();
                allow.retain(|p| p.as_str() != Some(PLUGIN_ID));
                if allow.len() != n {
                    change.removed.push("plugins.allow".into());
                }
            }
        }
    } else {
        let plugins = object_at(obj, "plugins", "plugins", file)?;
        let load = object_at(plugins, "load", "plugins.load", file)?;
        let paths = load.entry("paths").or_insert_with(|| json!([]));
        let Some(paths) = paths.as_array_mut() else {
            return Err(Error::Invalid(format!("{file}: plugins.load.paths is not a list")));
        };
        if !paths.iter().any(|p| p.as_str() == Some(dir)) {
            paths.push(json!(dir));
            change.added.push("plugins.load.paths".into());
        }
        let entries = object_at(plugins, "entries", "plugins.entries", file)?;
        match entries.get(PLUGIN_ID) {
            None => change.added.push(format!("plugins.entries.{PLUGIN_ID}")),
            Some(old) if old != entry => {
                change.updated.push(format!("plugins.entries.{PLUGIN_ID}"));
            }
            Some(_) => {}
        }
        entries.insert(PLUGIN_ID.into(), entry.clone());
        // An allowlist is exclusive: the plugin must be on it to load.
        if let Some(allow) = plugins.get_mut("allow").and_then(Value::as_array_mut)
            && !allow.iter().any(|p| p.as_str() == Some(PLUGIN_ID))
        {
            allow.push(json!(PLUGIN_ID));
            change.added.push("plugins.allow".into());
        }
    }
    let text = serde_json::to_string_pretty(&root)
        .map_err(|e| Error::Invalid(format!("{file}: cannot write JSON: {e}")))?;
    Ok((text + "\n", change))
}

/// The object at `key` of `obj`, created when absent; an error when it is something else.
fn object_at<'a>(
    obj: &'a mut Map<String, Value>,
    key: &str,
    shown: &str,
    file: &str,
) -> Result<&'a mut Map<String, Value>> {
    obj.entry(key)
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or_else(|| Error::Invalid(format!("{file}: {shown} is not an object")))
}

/// The programs aiperture's plugin entries in OpenClaw's configuration `text` run (empty when
/// the plugin is not installed or is disabled). `file` names it in errors.
pub fn installed_programs(text: &str, file: &str) -> Result<Vec<String>> {
    let root: Value = serde_json::from_str(text)
        .map_err(|e| Error::Invalid(format!("{file} is not plain JSON: {e}")))?;
    let entry = &root["plugins"]["entries"][PLUGIN_ID];
    if entry.is_null() || entry["enabled"] == json!(false) {
        return Ok(Vec::new());
    }
    Ok(vec![entry["config"]["program"].as_str().unwrap_or("aiperture").to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    type Triple = Option<(String, String, String)>;

    #[allow(clippy::needless_pass_by_value)] // literals at the call sites
    fn m(t: &str, i: Value) -> Triple {
        map(t, &i, None, &[], Some(Path::new("/p"))).map(|m| (m.tool, m.action, m.scope))
    }

    #[allow(clippy::unnecessary_wraps)] // compared with `m`
    fn r(a: &str, b: &str, c: &str) -> Triple {
        Some((a.to_string(), b.to_string(), c.to_string()))
    }

    #[test]
    fn tools_map_to_requests() {
        assert_eq!(
            m("exec", json!({"command": "ls -la", "workdir": "."})),
            r("shell", "execute", "ls -la")
        );
        assert_eq!(m("read", json!({"path": "/p/src/a.rs"})), r("filesystem", "read", "src/a.rs"));
        assert_eq!(
            m("write", json!({"path": "b.txt", "content": "x"})),
            r("filesystem", "write", "b.txt")
        );
        assert_eq!(
            m("edit", json!({"path": "/p/c.rs", "edits": [{"oldText": "a", "newText": "b"}]})),
            r("filesystem", "write", "c.rs")
        );
        assert_eq!(
            m("web_fetch", json!({"url": "https://example.com/a"})),
            r("web", "fetch", "https://example.com/a")
        );
        assert_eq!(m("web_search", json!({"query": "rust"})), r("web", "search", "rust"));
        assert_eq!(
            m("github__create_issue", json!({"repo": "x"})),
            r("mcp", "github.create_issue", "")
        );
        assert_eq!(m("aiperture__check_permission", json!({"tool": "shell"})), None);
        assert_eq!(m("message", json!({"action": "reply"})), r("message", "use", ""));
        // Code Mode's exec runs JavaScript, not a shell command.
        let code = map("exec", &json!({"code": "1"}), Some("code_mode_exec"), &[], None);
        assert_eq!(code.map(|m| m.tool), Some("code_mode_exec".into()));
    }

    #[test]
    fn a_patch_is_judged_on_every_path_it_touches() {
        let one = "*** Begin Patch\n*** Update File: src/a.rs\n@@\n-a\n+b\n*** End Patch";
        assert_eq!(m("apply_patch", json!({"input": one})), r("filesystem", "write", "src/a.rs"));
        let two = "*** Begin Patch\n*** Add File: a.txt\n+x\n*** Delete File: .aiperture/policy.toml\n*** End Patch";
        assert_eq!(
            m("apply_patch", json!({"input": two})),
            r("apply_patch", "use", "a.txt .aiperture/policy.toml")
        );
        let derived =
            map("apply_patch", &json!({"input": ""}), None, &["/p/x.rs"], Some(Path::new("/p")));
        assert_eq!(derived.map(|m| m.scope), Some("x.rs".into()));
    }

    #[test]
    fn the_config_gains_and_loses_the_plugin_and_keeps_the_rest() {
        let entry = plugin_entry("/usr/bin/aiperture", None);
        let old = r#"{"agents": {"defaults": {"workspace": "~/w"}}, "plugins": {"allow": ["x"]}}"#;
        let (text, c) = apply_config(Some(old), "/h/.openclaw/aiperture", &entry, false, "f")
            .unwrap_or_default();
        assert_eq!(c.added, ["plugins.load.paths", "plugins.entries.aiperture", "plugins.allow"]);
        let v: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["agents"]["defaults"]["workspace"], "~/w");
        assert_eq!(v["plugins"]["allow"], json!(["x", "aiperture"]));
        assert_eq!(v["plugins"]["entries"]["aiperture"]["config"]["program"], "/usr/bin/aiperture");
        assert_eq!(installed_programs(&text, "f").unwrap_or_default(), ["/usr/bin/aiperture"]);
        let (again, c) = apply_config(Some(&text), "/h/.openclaw/aiperture", &entry, false, "f")
            .unwrap_or_default();
        assert!(c.is_empty() && again == text, "{c:?}");
        let (gone, c) = apply_config(Some(&text), "/h/.openclaw/aiperture", &entry, true, "f")
            .unwrap_or_default();
        assert_eq!(c.removed.len(), 3, "{c:?}");
        let v: Value = serde_json::from_str(&gone).unwrap_or_default();
        assert_eq!(v["plugins"]["allow"], json!(["x"]));
        assert!(installed_programs(&gone, "f").unwrap_or_default().is_empty());
        // JSON5 is refused, not rewritten.
        let json5 = "{ // comment\n plugins: {}, }";
        assert!(apply_config(Some(json5), "/d", &entry, false, "f").is_err());
    }
}
