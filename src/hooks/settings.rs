//! Installing and removing aiperture's entries in an agent's JSON hook configuration.
//!
//! Pure: text in, text out. The caller reads the file, asks [`apply`] for the new text and
//! writes it atomically. Everything that is not aiperture's is preserved, key order included
//! (serde_json keeps insertion order here). aiperture's handlers are recognised by their
//! command (`… aiperture hook <agent> …`), so running setup twice changes nothing and
//! `--remove` takes out exactly what setup put in, also after the user moved them around.
//!
//! Two layouts exist: *grouped* (Claude Code, Codex, Gemini CLI: `hooks.<Event>` is a list of
//! `{matcher, hooks: [handler…]}` groups) and *flat* (Cursor: `hooks.<event>` is a list of
//! handlers, with a top-level `version`).

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// How an agent nests its hook entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `hooks.<Event>: [{matcher?, hooks: [handler]}]`.
    Grouped,
    /// `hooks.<event>: [handler]`, with `version: 1` at the top.
    Flat,
}

/// What to install: one entry per event (a group for [`Layout::Grouped`], a handler for
/// [`Layout::Flat`]).
#[derive(Debug, Clone)]
pub struct Spec {
    /// The agent name in `aiperture hook <agent>`.
    pub agent: &'static str,
    /// Layout of the file.
    pub layout: Layout,
    /// `(event name, entry)` pairs, in the order they are added.
    pub entries: Vec<(String, Value)>,
}

/// What [`apply`] changed.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Change {
    /// Events that gained an aiperture entry.
    pub added: Vec<String>,
    /// Events that lost their aiperture entries.
    pub removed: Vec<String>,
    /// Events whose aiperture entry was replaced by a different one.
    pub updated: Vec<String>,
}

impl Change {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.updated.is_empty()
    }
}

/// Whether `handler` runs `aiperture hook <agent>` (any path to the program, any extra flags).
pub fn is_ours(handler: &Value, agent: &str) -> bool {
    handler.get("command").and_then(Value::as_str).is_some_and(|c| program_of(c, agent).is_some())
}

/// Whether `name` (a path or a bare name) names the aiperture program.
pub fn is_program_name(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    base == "aiperture" || base == "aiperture.exe"
}

/// The program of a hook command that runs `aiperture hook <agent>` (a bare name or a path,
/// unquoted), or `None` when the command is not aiperture's hook for `agent`.
pub fn program_of(cmd: &str, agent: &str) -> Option<String> {
    // Shell quoting first (a quoted path with spaces), then plain words (Windows paths,
    // whose backslashes are not escapes).
    let quoted = shell_words::split(cmd).unwrap_or_default();
    let plain: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
    [quoted, plain].iter().find_map(|words| {
        words
            .windows(3)
            .find(|w| is_program_name(&w[0]) && w[1] == "hook" && w[2] == agent)
            .map(|w| w[0].clone())
    })
}

/// The commands of aiperture's hook handlers for `spec.agent` in a configuration file's
/// text, one per handler, in file order (`[]`: none installed, or the file is empty).
pub fn installed_commands(text: &str, spec: &Spec, file: &str) -> Result<Vec<String>> {
    let bad = |why: String| Error::Invalid(format!("{file}: {why}"));
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let doc = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => m,
        Ok(_) => return Err(bad("the file is not a JSON object".into())),
        Err(e) => return Err(bad(format!("the file is not valid JSON ({e})"))),
    };
    let Some(hooks) = doc.get("hooks") else { return Ok(Vec::new()) };
    let Value::Object(hooks) = hooks else { return Err(bad("`hooks` is not an object".into())) };
    let mut out = Vec::new();
    for list in hooks.values() {
        let Value::Array(list) = list else { continue };
        let found: Vec<Value> = match spec.layout {
            Layout::Flat => list.clone(),
            Layout::Grouped => list.iter().flat_map(handlers).collect(),
        };
        for h in found {
            if let Some(c) = h.get("command").and_then(Value::as_str)
                && program_of(c, spec.agent).is_some()
            {
                out.push(c.to_string());
            }
        }
    }
    Ok(out)
}

/// Our handlers of one event's list, as JSON (for comparing before and after).
fn ours_in(list: &[Value], spec: &Spec) -> Vec<Value> {
    match spec.layout {
        Layout::Flat => list.iter().filter(|h| is_ours(h, spec.agent)).cloned().collect(),
        Layout::Grouped => list
            .iter()
            .filter(|g| handlers(g).iter().any(|h| is_ours(h, spec.agent)))
            .cloned()
            .collect(),
    }
}

fn handlers(group: &Value) -> Vec<Value> {
    group.get("hooks").and_then(Value::as_array).cloned().unwrap_or_default()
}

/// Remove our handlers from one event's list; groups left without handlers go too.
fn strip(list: &mut Vec<Value>, spec: &Spec) {
    match spec.layout {
        Layout::Flat => list.retain(|h| !is_ours(h, spec.agent)),
        Layout::Grouped => {
            list.retain_mut(|g| {
                let Some(hs) = g.get_mut("hooks").and_then(Value::as_array_mut) else {
                    return true;
                };
                let before = hs.len();
                hs.retain(|h| !is_ours(h, spec.agent));
                !(hs.is_empty() && before > 0)
            });
        }
    }
}

/// The new text of a configuration file (`None`: the file does not exist) with aiperture's
/// entries installed (or removed with `remove`), and what changed. `file` names the file in
/// errors. The text is pretty-printed JSON with a final newline; it is returned even when
/// nothing changed, so callers decide whether to write.
pub fn apply(
    existing: Option<&str>,
    spec: &Spec,
    remove: bool,
    file: &str,
) -> Result<(String, Change)> {
    let bad = |why: String| Error::Invalid(format!("{file}: {why}; nothing was changed"));
    let mut doc: Map<String, Value> = match existing.map(|t| t.trim_start_matches('\u{feff}')) {
        None => Map::new(),
        Some(t) if t.trim().is_empty() => Map::new(),
        Some(t) => match serde_json::from_str::<Value>(t) {
            Ok(Value::Object(m)) => m,
            Ok(_) => return Err(bad("the file is not a JSON object".into())),
            Err(e) => return Err(bad(format!("the file is not valid JSON ({e})"))),
        },
    };
    let had_hooks = doc.contains_key("hooks");
    let mut hooks = match doc.remove("hooks") {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(bad("`hooks` is not an object".into())),
    };
    let mut before: Map<String, Value> = Map::new();
    for (event, list) in &hooks {
        let Value::Array(list) = list else {
            return Err(bad(format!("`hooks.{event}` is not a list")));
        };
        let ours = ours_in(list, spec);
        if !ours.is_empty() {
            before.insert(event.clone(), Value::Array(ours));
        }
    }
    // Take ours out everywhere (also from events we no longer install).
    let mut emptied = Vec::new();
    for (event, list) in &mut hooks {
        if let Value::Array(list) = list {
            let had = !list.is_empty();
            strip(list, spec);
            if had && list.is_empty() && before.contains_key(event) {
                emptied.push(event.clone());
            }
        }
    }
    for e in &emptied {
        hooks.remove(e);
    }
    if !remove {
        for (event, entry) in &spec.entries {
            let list = hooks.entry(event.clone()).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                list.push(entry.clone());
            }
        }
        if spec.layout == Layout::Flat && !doc.contains_key("version") {
            doc.insert("version".into(), Value::from(1));
        }
    }
    let mut change = Change::default();
    let installed: Vec<&str> =
        if remove { Vec::new() } else { spec.entries.iter().map(|(e, _)| e.as_str()).collect() };
    for (event, ours) in &before {
        if installed.contains(&event.as_str()) {
            let now: Vec<Value> =
                spec.entries.iter().filter(|(e, _)| e == event).map(|(_, v)| v.clone()).collect();
            if ours.as_array().map(Vec::as_slice) != Some(now.as_slice()) {
                change.updated.push(event.clone());
            }
        } else {
            change.removed.push(event.clone());
        }
    }
    for e in installed {
        if !before.contains_key(e) && !change.added.iter().any(|a| a == e) {
            change.added.push(e.to_string());
        }
    }
    if !hooks.is_empty() || (had_hooks && emptied.is_empty()) {
        doc.insert("hooks".into(), Value::Object(hooks));
    }
    if change.is_empty() {
        // Nothing of ours moved: keep the original text byte for byte.
        if let Some(t) = existing {
            return Ok((t.to_string(), change));
        }
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(doc))
        .map_err(|e| Error::Json { what: file.to_string(), source: e })?;
    text.push('\n');
    Ok((text, change))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Spec {
        let entry = |m: &str| json!({"matcher": m, "hooks": [{"type": "command", "command": "aiperture hook claude-code", "timeout": 30}]});
        Spec {
            agent: "claude-code",
            layout: Layout::Grouped,
            entries: vec![("PreToolUse".into(), entry("*")), ("PostToolUse".into(), entry("*"))],
        }
    }

    #[test]
    fn recognises_its_own_handlers_only() {
        for cmd in [
            "aiperture hook claude-code",
            "/home/u/.cargo/bin/aiperture hook claude-code --exit-2",
            "AIPERTURE_STORE=/x aiperture hook claude-code",
            "C:\\bin\\aiperture.exe hook claude-code",
        ] {
            assert!(is_ours(&json!({ "command": cmd }), "claude-code"), "{cmd}");
        }
        for cmd in [
            "aiperture hook codex",
            "echo aiperture hook",
            "my-aiperture hook claude-code",
            "aiperture check shell execute x",
        ] {
            assert!(!is_ours(&json!({ "command": cmd }), "claude-code"), "{cmd}");
        }
        assert!(!is_ours(&json!({ "url": "http://x/aiperture hook claude-code" }), "claude-code"));
    }

    #[test]
    fn finds_the_program_of_its_own_commands() {
        assert_eq!(
            program_of("aiperture hook claude-code", "claude-code").as_deref(),
            Some("aiperture")
        );
        assert_eq!(
            program_of("'/opt/ai perture/aiperture' hook claude-code --exit-2", "claude-code")
                .as_deref(),
            Some("/opt/ai perture/aiperture")
        );
        assert_eq!(program_of("aiperture hook codex", "claude-code"), None);
        let (text, _) = apply(Some("{\"a\": 1}"), &spec(), false, "f").unwrap_or_default();
        let cmds = installed_commands(&text, &spec(), "f").unwrap_or_default();
        assert_eq!(cmds, ["aiperture hook claude-code", "aiperture hook claude-code"]);
        assert_eq!(installed_commands("{\"a\": 1}", &spec(), "f").ok(), Some(vec![]));
        assert!(installed_commands("{", &spec(), "f").is_err());
    }

    #[test]
    fn installs_idempotently_and_removes_only_its_own() {
        let original = r#"{
  "model": "opus",
  "permissions": {"allow": ["Bash(ls *)"]},
  "hooks": {
    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "dcg"}]}]
  }
}"#;
        let (once, c1) = apply(Some(original), &spec(), false, "f").unwrap_or_default();
        assert_eq!(c1.added, ["PreToolUse", "PostToolUse"]);
        let v: Value = serde_json::from_str(&once).unwrap_or_default();
        assert_eq!(v["model"], "opus");
        assert_eq!(v["permissions"]["allow"][0], "Bash(ls *)");
        assert_eq!(v["hooks"]["PreToolUse"].as_array().map(Vec::len), Some(2));
        assert_eq!(v["hooks"]["PreToolUse"][0]["hooks"][0]["command"], "dcg");
        // Key order is kept.
        let keys: Vec<&String> = v.as_object().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["model", "permissions", "hooks"]);

        let (twice, c2) = apply(Some(&once), &spec(), false, "f").unwrap_or_default();
        assert!(c2.is_empty(), "{c2:?}");
        assert_eq!(twice, once);

        let (removed, c3) = apply(Some(&twice), &spec(), true, "f").unwrap_or_default();
        assert_eq!(c3.removed, ["PreToolUse", "PostToolUse"]);
        let r: Value = serde_json::from_str(&removed).unwrap_or_default();
        let o: Value = serde_json::from_str(original).unwrap_or_default();
        assert_eq!(r, o);
    }

    #[test]
    fn a_changed_entry_is_replaced_not_duplicated() {
        let (once, _) = apply(None, &spec(), false, "f").unwrap_or_default();
        let mut other = spec();
        other.entries[0].1["hooks"][0]["timeout"] = json!(10);
        let (text, c) = apply(Some(&once), &other, false, "f").unwrap_or_default();
        assert_eq!(c.updated, ["PreToolUse"]);
        let v: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["hooks"]["PreToolUse"].as_array().map(Vec::len), Some(1));
        assert_eq!(v["hooks"]["PreToolUse"][0]["hooks"][0]["timeout"], 10);
    }

    #[test]
    fn removing_from_a_file_without_hooks_changes_nothing() {
        let (text, c) = apply(Some("{\"a\": 1}\n"), &spec(), true, "f").unwrap_or_default();
        assert!(c.is_empty());
        assert_eq!(text, "{\"a\": 1}\n");
        let (_, c) = apply(None, &spec(), true, "f").unwrap_or_default();
        assert!(c.is_empty());
    }

    #[test]
    fn broken_files_are_refused() {
        for bad in ["{", "[]", "{\"hooks\": []}", "{\"hooks\": {\"PreToolUse\": {}}}"] {
            let e = apply(Some(bad), &spec(), false, "settings.json").err();
            assert!(
                matches!(&e, Some(Error::Invalid(m)) if m.starts_with("settings.json: ")),
                "{bad}: {e:?}"
            );
        }
    }

    #[test]
    fn flat_layout_gets_a_version() {
        let s = Spec {
            agent: "cursor",
            layout: Layout::Flat,
            entries: vec![(
                "beforeShellExecution".into(),
                json!({"command": "aiperture hook cursor", "timeout": 30}),
            )],
        };
        let (text, _) = apply(None, &s, false, "f").unwrap_or_default();
        let v: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["version"], 1);
        assert_eq!(v["hooks"]["beforeShellExecution"][0]["command"], "aiperture hook cursor");
        let (again, c) = apply(Some(&text), &s, false, "f").unwrap_or_default();
        assert!(c.is_empty());
        assert_eq!(again, text);
    }
}
