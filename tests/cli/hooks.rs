//! `aiperture hook claude-code` and `aiperture setup claude-code`, driven by the documented
//! payloads in `fixtures/hooks/claude-code/`.

use serde_json::{Value, json};

use crate::common::{Run, TestEnv, at};

/// A Claude Code fixture payload with `$CWD` replaced by the test's project folder.
fn payload(t: &TestEnv, name: &str) -> Value {
    fixture(t, "claude-code", name)
}

/// A fixture payload of `agent` with `$CWD` replaced by the test's project folder.
pub fn fixture(t: &TestEnv, agent: &str, name: &str) -> Value {
    let path = format!("{}/fixtures/hooks/{agent}/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let text = text.replace("$CWD", &t.cwd.display().to_string());
    serde_json::from_str(&text).expect("fixture JSON")
}

/// Run `aiperture hook <agent>` on `event`.
pub fn run_hook(t: &TestEnv, agent: &str, event: &Value) -> Run {
    t.run_stdin(&["hook", agent], event.to_string().as_bytes())
}

/// The hook's JSON output (exit 0 required); `Value::Null` for no output.
pub fn reply_of(t: &TestEnv, agent: &str, event: &Value) -> Value {
    let r = run_hook(t, agent, event);
    r.code(0);
    if r.stdout.trim().is_empty() { Value::Null } else { r.json() }
}

/// `v` changed by `f`.
pub fn with(mut v: Value, f: impl FnOnce(&mut Value)) -> Value {
    f(&mut v);
    v
}

fn hook(t: &TestEnv, event: &Value) -> Run {
    run_hook(t, "claude-code", event)
}

fn reply(t: &TestEnv, event: &Value) -> Value {
    reply_of(t, "claude-code", event)
}

fn decisions(t: &TestEnv) -> Vec<Value> {
    t.events(&t.store()).into_iter().filter(|e| e["kind"] == "decision").collect()
}

/// The learned statistics of exact pattern `pattern` (`Null` when there are none), and the
/// whole `patterns --json` output for messages.
fn learned(t: &TestEnv, pattern: &str) -> (Value, Value) {
    let p = t.run(&["patterns", "--json"]).json();
    let exact = p["patterns"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["pattern"] == pattern))
        .cloned()
        .unwrap_or_default();
    (exact, p)
}

fn permission_decision(v: &Value) -> &str {
    assert_eq!(v["hookSpecificOutput"]["hookEventName"], "PreToolUse", "{v}");
    v["hookSpecificOutput"]["permissionDecision"].as_str().unwrap_or_default()
}

#[test]
fn every_documented_event_gets_a_reply_in_the_contract() {
    let t = TestEnv::with_project();
    for name in [
        "pre_tool_use_bash",
        "pre_tool_use_write",
        "pre_tool_use_edit",
        "pre_tool_use_read",
        "pre_tool_use_webfetch",
        "pre_tool_use_mcp",
        "permission_request_bash",
        "post_tool_use_bash",
        "post_tool_use_failure_bash",
    ] {
        let v = reply(&t, &payload(&t, name));
        // No opinion, or exactly the documented output of that event.
        if !v.is_null() {
            let out = &v["hookSpecificOutput"];
            let event = payload(&t, name)["hook_event_name"].clone();
            assert_eq!(out["hookEventName"], event, "{name}: {v}");
            let keys: Vec<&String> = v.as_object().map(|m| m.keys().collect()).unwrap_or_default();
            assert_eq!(keys, ["hookSpecificOutput"], "{name}: undocumented fields in {v}");
        }
    }
    let v = reply(&t, &payload(&t, "session_start"));
    let msg = v["systemMessage"].as_str().unwrap_or_default();
    assert!(msg.starts_with("aiperture: store "), "{v}");
    assert!(msg.contains(&t.store().display().to_string()), "{v}");
    assert!(msg.contains("0 patterns auto-allow"), "{v}");

    // Each tool call was checked with the mapped request, as the agent's runtime.
    let checks: Vec<Value> =
        t.events(&t.store()).into_iter().filter(|e| e["kind"] == "check").collect();
    let req = |i: usize| {
        let r = &checks[i]["request"];
        (
            r["tool"].as_str().unwrap_or_default().to_string(),
            r["action"].as_str().unwrap_or_default().to_string(),
            r["scope"].as_str().unwrap_or_default().to_string(),
        )
    };
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(req(0), s("shell", "execute", "npm run lint -- --fix"));
    assert_eq!(req(1), s("filesystem", "write", "src/components/Button.tsx"));
    assert_eq!(req(2), s("filesystem", "write", "src/main.rs"));
    assert_eq!(req(3), s("filesystem", "read", "README.md"));
    assert_eq!(req(4), s("web", "fetch", "https://docs.rs/serde/latest/serde/"));
    assert_eq!(req(5), s("mcp", "github.create_issue", ""));
    assert_eq!(checks[0]["request"]["runtime"], "claude-code");
    assert_eq!(checks[0]["request"]["session"], "8f2c6a1e-4b7d-4e4a-9a51-2d0c3e7f9b10");
    assert_eq!(checks[0]["hook"]["event"], "PreToolUse");
    // A write carries the hash of the new content.
    let content = "export function Button() {\n  return <button>OK</button>;\n}\n";
    assert_eq!(checks[1]["request"]["content_hash"], sha256(content));
}

fn sha256(s: &str) -> String {
    use sha2::Digest;
    aiperture::encoding::hex(&sha2::Sha256::digest(s.as_bytes()))
}

#[test]
fn human_approvals_in_the_dialog_teach_an_auto_allow_counted_once_each() {
    let mut t = TestEnv::with_project();
    for i in 0..10 {
        let session = json!(format!("session-{i}"));
        let set = |v: &mut Value| v["session_id"] = session.clone();
        // Undecided and low risk: no opinion before the tool, so Claude Code's rules apply.
        assert_eq!(reply(&t, &with(payload(&t, "pre_tool_use_bash"), set)), Value::Null);
        // Claude Code shows its dialog: still no opinion, and a prompt is open.
        assert_eq!(reply(&t, &with(payload(&t, "permission_request_bash"), set)), Value::Null);
        // The human said yes, the tool ran: one approval, even if the event is repeated.
        let post = with(payload(&t, "post_tool_use_bash"), set);
        assert_eq!(reply(&t, &post), Value::Null);
        assert_eq!(reply(&t, &post), Value::Null);
        assert_eq!(decisions(&t).len(), i + 1, "round {i}");
        t.now = at(&t.now, 120);
    }
    for d in decisions(&t) {
        assert_eq!(d["outcome"], "recorded");
        assert_eq!(d["decision"], "allow");
        assert_eq!(d["channel"], "claude-code");
        assert_eq!(d["by"], "tester");
        assert_eq!(d["rapid"], false);
        // The tool already ran: the approval leaves no allowance for another run.
        assert!(d["allowance"].is_null(), "{d}");
    }
    let v = reply(&t, &payload(&t, "pre_tool_use_bash"));
    assert_eq!(permission_decision(&v), "allow", "{v}");
    let reason = v["hookSpecificOutput"]["permissionDecisionReason"].as_str().unwrap_or_default();
    assert!(reason.contains("auto_learned"), "{v}");
    let (exact, p) = learned(&t, "npm run lint -- --fix");
    assert_eq!(exact["allows"], 10, "{p}");
    assert_eq!(exact["denies"], 0, "{p}");
    // A learned allow also answers the dialog itself.
    let v = reply(&t, &payload(&t, "permission_request_bash"));
    assert_eq!(v["hookSpecificOutput"]["decision"]["behavior"], "allow", "{v}");
}

#[test]
fn a_failed_tool_run_is_still_an_approval() {
    let t = TestEnv::with_project();
    reply(&t, &payload(&t, "permission_request_bash"));
    reply(&t, &payload(&t, "post_tool_use_failure_bash"));
    let d = decisions(&t);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["decision"], "allow");
    // The success event for the same call afterwards does not count again.
    reply(&t, &payload(&t, "post_tool_use_bash"));
    assert_eq!(decisions(&t).len(), 1);
}

#[test]
fn a_tool_run_without_a_dialog_teaches_nothing() {
    let t = TestEnv::with_project();
    reply(&t, &payload(&t, "pre_tool_use_bash"));
    reply(&t, &payload(&t, "post_tool_use_bash"));
    assert!(decisions(&t).is_empty());
    // Nor does a run of another input than the one the dialog showed.
    reply(&t, &payload(&t, "permission_request_bash"));
    let other =
        with(payload(&t, "post_tool_use_bash"), |v| v["tool_input"]["command"] = json!("npm test"));
    reply(&t, &other);
    assert!(decisions(&t).is_empty());
}

#[test]
fn a_dialog_whose_tool_never_runs_becomes_an_inferred_denial_once() {
    let mut t = TestEnv::with_project();
    reply(&t, &payload(&t, "permission_request_bash"));
    // Within the timeout nothing happens.
    t.now = at(&t.now, 9 * 60);
    reply(&t, &payload(&t, "pre_tool_use_read"));
    assert!(decisions(&t).is_empty());
    // Past `hooks.prompt_timeout` (10m) any hook event settles it.
    t.now = at(&t.now, 2 * 60);
    reply(&t, &payload(&t, "pre_tool_use_read"));
    let d = decisions(&t);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["decision"], "deny");
    assert_eq!(d[0]["inferred"], true);
    assert_eq!(d[0]["channel"], "claude-code");
    // Nobody was seen deciding: journaled as the agent's, and nothing is learned.
    assert_eq!(d[0]["by"], "claude-code");
    assert_eq!(d[0]["learn"], json!([]), "{}", d[0]);
    assert!(d[0]["not_learned"].as_str().is_some_and(|s| s.contains("not learned")), "{}", d[0]);
    let p = t.run(&["patterns", "--json"]).json();
    assert_eq!(p["patterns"], json!([]), "{p}");
    // Once only, and a late run of the tool does not add an approval on top.
    reply(&t, &payload(&t, "session_start"));
    reply(&t, &payload(&t, "post_tool_use_bash"));
    assert_eq!(decisions(&t).len(), 1);
    // Not kept in session memory: the same call in the same session is not denied.
    let v = reply(&t, &payload(&t, "pre_tool_use_bash"));
    assert_eq!(v, Value::Null, "{v}");
}

/// Ten headless runs, each ending in a dialog nobody answers (Claude Code `-p` refuses by
/// itself), teach no denial: only a human's decision is learned.
#[test]
fn unanswered_dialogs_of_headless_runs_teach_no_denial() {
    let mut t = TestEnv::with_project();
    for i in 0..10 {
        let set = |v: &mut Value| v["session_id"] = json!(format!("ci-run-{i}"));
        reply(&t, &with(payload(&t, "pre_tool_use_bash"), set));
        reply(&t, &with(payload(&t, "permission_request_bash"), set));
        t.now = at(&t.now, 11 * 60);
    }
    reply(&t, &payload(&t, "session_start"));
    let d = decisions(&t);
    assert_eq!(d.len(), 10, "{d:?}");
    assert!(d.iter().all(|d| d["inferred"] == true && d["by"] == "claude-code"), "{d:?}");
    let p = t.run(&["patterns", "--json"]).json();
    assert_eq!(p["patterns"], json!([]), "{p}");
    // The next run is not denied by anything learned.
    let v = reply(&t, &payload(&t, "pre_tool_use_bash"));
    assert_eq!(v, Value::Null, "{v}");
    // And a rebuilt index agrees.
    t.run(&["reindex"]).code(0);
    assert_eq!(t.run(&["patterns", "--json"]).json()["patterns"], json!([]));
}

/// PreToolUse and PermissionRequest of one tool call share one challenge: a human approves
/// it once, and learning counts it once.
#[test]
fn one_tool_call_opens_one_challenge_across_its_events() {
    let t = TestEnv::with_project();
    assert_eq!(reply(&t, &payload(&t, "pre_tool_use_bash")), Value::Null);
    assert_eq!(reply(&t, &payload(&t, "permission_request_bash")), Value::Null);
    let checks: Vec<Value> =
        t.events(&t.store()).into_iter().filter(|e| e["kind"] == "check").collect();
    assert_eq!(checks.len(), 2, "{checks:?}");
    let id = |c: &Value| c["verdict"]["challenge"]["id"].as_str().unwrap_or_default().to_string();
    assert!(id(&checks[0]).starts_with("ch_"), "{}", checks[0]);
    assert_eq!(id(&checks[0]), id(&checks[1]));
    let pending = t.run(&["pending", "--json"]).json();
    let list = pending["pending"].as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 1, "{pending}");
    assert_eq!(list[0]["count"], 1, "{pending}");
    // The human approves it from a terminal: once, and the tool runs.
    t.run(&["approve", &id(&checks[0]), "--yes"]).code(0);
    t.run(&["approve", &id(&checks[1]), "--yes"]).code(1);
    reply(&t, &payload(&t, "post_tool_use_bash"));
    let d: Vec<Value> = decisions(&t).into_iter().filter(|d| d["outcome"] == "recorded").collect();
    assert_eq!(d.len(), 1, "{d:?}");
    let (exact, p) = learned(&t, "npm run lint -- --fix");
    assert_eq!(exact["allows"], 1, "{p}");
    // The run went through the dialog and spent the approval's one-time allowance.
    let x: Vec<Value> =
        t.events(&t.store()).into_iter().filter(|e| e["kind"] == "execution").collect();
    assert_eq!(x.len(), 1, "{x:?}");
    assert_eq!(x[0]["approval"], id(&checks[0]).as_str(), "{}", x[0]);

    // Another session's call of the same command is another call: its own challenge.
    let other = |v: &mut Value| v["session_id"] = json!("another-session");
    reply(&t, &with(payload(&t, "pre_tool_use_bash"), other));
    let checks: Vec<Value> =
        t.events(&t.store()).into_iter().filter(|e| e["kind"] == "check").collect();
    let last = checks.last().cloned().unwrap_or_default();
    assert!(id(&last).starts_with("ch_") && id(&last) != id(&checks[0]), "{last}");
}

/// Every tool run the agent reports is journaled as an execution that `compliance` counts.
#[test]
fn tool_runs_are_journaled_as_executions() {
    let t = TestEnv::with_project();
    // Approved in the dialog, then ran: covered.
    reply(&t, &payload(&t, "permission_request_bash"));
    reply(&t, &payload(&t, "post_tool_use_bash"));
    // Ran and failed, with no dialog (the agent's own rules let it through): still journaled.
    let failed = with(payload(&t, "post_tool_use_failure_bash"), |v| {
        v["tool_input"]["command"] = json!("npm test");
    });
    reply(&t, &failed);
    let x: Vec<Value> =
        t.events(&t.store()).into_iter().filter(|e| e["kind"] == "execution").collect();
    assert_eq!(x.len(), 2, "{x:?}");
    assert_eq!(x[0]["channel"], "claude-code");
    assert_eq!(x[0]["status"], "ok");
    assert_eq!(x[0]["request"]["scope"], "npm run lint -- --fix");
    assert_eq!(x[1]["status"], "failed");
    assert_eq!(x[1]["request"]["scope"], "npm test");
    let c = t.run(&["compliance", "--json"]).json();
    assert_eq!(c["executions"], 2, "{c}");
    assert_eq!(c["covered"], 1, "{c}");
    // The agent's own MCP tools are not journaled.
    let own = with(payload(&t, "post_tool_use_bash"), |v| {
        v["tool_name"] = json!("mcp__aiperture__check_permission");
    });
    reply(&t, &own);
    assert_eq!(t.events(&t.store()).iter().filter(|e| e["kind"] == "execution").count(), 2);
}

#[test]
fn self_protection_holds_through_the_hook() {
    let t = TestEnv::with_project();
    for name in ["pre_tool_use_self_approve", "pre_tool_use_edit_store"] {
        let v = reply(&t, &payload(&t, name));
        assert_eq!(permission_decision(&v), "deny", "{name}: {v}");
        let reason = v["hookSpecificOutput"]["permissionDecisionReason"].as_str().unwrap_or("");
        assert!(reason.contains("self_protection"), "{name}: {reason}");
        // No "how to approve" for what no human decision can change.
        assert!(!reason.contains("can allow it with"), "{name}: {reason}");
    }
    // The agent may not feed the hook itself either (it could fake a dialog and a run).
    for cmd in [
        "echo '{}' | aiperture hook claude-code",
        "aiperture setup claude-code --remove",
        "sh -c 'aiperture deny ch_x'",
    ] {
        let ev =
            with(payload(&t, "pre_tool_use_bash"), |v| v["tool_input"]["command"] = json!(cmd));
        let v = reply(&t, &ev);
        assert_eq!(permission_decision(&v), "deny", "{cmd}: {v}");
        let pr = with(payload(&t, "permission_request_bash"), |v| {
            v["tool_input"]["command"] = json!(cmd);
        });
        let v = reply(&t, &pr);
        assert_eq!(v["hookSpecificOutput"]["decision"]["behavior"], "deny", "{cmd}: {v}");
    }
    // And with --exit-2 a deny is exit 2 with the reason on stderr.
    let ev = payload(&t, "pre_tool_use_self_approve");
    let r = t.run_stdin(&["hook", "claude-code", "--exit-2"], ev.to_string().as_bytes());
    r.code(2);
    assert!(r.stdout.is_empty(), "{r}");
    assert!(r.stderr.contains("aiperture denied"), "{r}");
}

#[test]
fn high_risk_asks_and_policy_denies() {
    let t = TestEnv::with_project();
    let ev = with(payload(&t, "pre_tool_use_bash"), |v| {
        v["tool_input"]["command"] = json!("git push --force origin main");
    });
    let v = reply(&t, &ev);
    assert_eq!(permission_decision(&v), "ask", "{v}");
    assert!(
        v["hookSpecificOutput"]["permissionDecisionReason"]
            .as_str()
            .is_some_and(|r| r.contains("HIGH"))
    );
    // With ask_at_risk = never it has no opinion.
    let r = t.run_stdin(
        &["hook", "claude-code", "--config", "hooks.ask_at_risk=never"],
        ev.to_string().as_bytes(),
    );
    r.code(0);
    assert_eq!(r.stdout, "", "{r}");

    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"npm run lint*\"\ndecision = \"deny\"\n",
    );
    let v = reply(&t, &payload(&t, "pre_tool_use_bash"));
    assert_eq!(permission_decision(&v), "deny", "{v}");
    let reason = v["hookSpecificOutput"]["permissionDecisionReason"].as_str().unwrap_or("");
    assert!(reason.contains("policy_deny"), "{reason}");
    let v = reply(&t, &payload(&t, "permission_request_bash"));
    assert_eq!(v["hookSpecificOutput"]["decision"]["behavior"], "deny", "{v}");
    assert!(v["hookSpecificOutput"]["decision"]["message"].as_str().is_some_and(|m| !m.is_empty()));
}

#[test]
fn aipertures_own_mcp_tools_are_left_alone() {
    let t = TestEnv::with_project();
    let ev = with(payload(&t, "pre_tool_use_mcp"), |v| {
        v["tool_name"] = json!("mcp__aiperture__check_permission");
    });
    assert_eq!(reply(&t, &ev), Value::Null);
    assert!(!t.store().join("journal").exists(), "nothing was journaled");
}

#[test]
fn the_store_is_found_from_the_payload_cwd() {
    let t = TestEnv::with_project();
    // Run from another folder (the home folder, no store there), same HOME.
    let mut c = t.command(&["hook", "claude-code"]);
    c.current_dir(&t.home);
    let ev = payload(&t, "pre_tool_use_bash");
    let out = run_with_stdin(c, ev.to_string().as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(t.events(&t.store()).iter().filter(|e| e["kind"] == "check").count(), 1);
    assert!(!t.user_store().join("journal").exists());
}

pub fn run_with_stdin(mut c: std::process::Command, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input);
    }
    child.wait_with_output().expect("wait")
}

#[test]
fn unreadable_events_and_errors_never_allow() {
    let t = TestEnv::with_project();
    // Not JSON, not an object, no event name, too large: exit 2 blocks the call.
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(1 << 20));
    for input in ["not json", "[1,2]", "{\"tool_name\":\"Bash\"}", big.as_str(), ""] {
        let r = t.run_stdin(&["hook", "claude-code"], input.as_bytes());
        r.code(2);
        assert!(r.stdout.is_empty(), "{r}");
        assert!(r.stderr.contains("not allowed"), "{r}");
    }
    // A tool event without a tool name: deny with the error.
    let ev = with(payload(&t, "pre_tool_use_bash"), |v| {
        v.as_object_mut().map(|m| m.remove("tool_name"));
    });
    let v = reply(&t, &ev);
    assert_eq!(permission_decision(&v), "deny", "{v}");
    assert!(
        v["hookSpecificOutput"]["permissionDecisionReason"]
            .as_str()
            .is_some_and(|r| r.contains("could not decide"))
    );
    // A NUL byte in the command: deny, nothing allowed.
    let ev =
        with(payload(&t, "pre_tool_use_bash"), |v| v["tool_input"]["command"] = json!("ls\u{0}"));
    assert_eq!(permission_decision(&reply(&t, &ev)), "deny");
    // A broken store configuration: deny (PreToolUse) and deny (PermissionRequest).
    t.write(".aiperture/config.toml", "[learning]\nno_such_key = 1\n");
    let v = reply(&t, &payload(&t, "pre_tool_use_bash"));
    assert_eq!(permission_decision(&v), "deny", "{v}");
    assert!(
        v["hookSpecificOutput"]["permissionDecisionReason"]
            .as_str()
            .is_some_and(|r| r.contains("no_such_key")),
        "{v}"
    );
    let v = reply(&t, &payload(&t, "permission_request_bash"));
    assert_eq!(v["hookSpecificOutput"]["decision"]["behavior"], "deny", "{v}");
    // After the tool ran, an error is a non-blocking notice (exit 1), not a block.
    let r = hook(&t, &payload(&t, "post_tool_use_bash"));
    r.code(1);
    // SessionStart reports the error to the user.
    let v = reply(&t, &payload(&t, "session_start"));
    assert!(v["systemMessage"].as_str().is_some_and(|m| m.contains("error")), "{v}");
}

#[test]
fn events_it_does_not_handle_get_no_opinion() {
    let t = TestEnv::with_project();
    let ev = json!({
        "session_id": "s", "transcript_path": "/t", "cwd": t.cwd, "hook_event_name": "Stop",
        "stop_hook_active": false
    });
    assert_eq!(reply(&t, &ev), Value::Null);
}

const SETTINGS: &str = r#"{
  "model": "claude-sonnet-4-5",
  "permissions": {
    "allow": ["Bash(npm run test:*)"],
    "deny": ["Read(./.env)"]
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [{ "type": "command", "command": "dcg", "timeout": 5 }]
      }
    ],
    "Stop": [{ "hooks": [{ "type": "command", "command": "notify-send done" }] }]
  }
}
"#;

/// `setup --help` keeps its table of files one agent per line (clap rewraps doc paragraphs).
#[test]
fn setup_help_lists_one_agent_file_per_line() {
    let t = TestEnv::new();
    let r = t.run(&["setup", "--help"]);
    r.code(0);
    for (agent, file) in [
        ("claude-code", ".claude/settings.json"),
        ("codex", ".codex/hooks.json"),
        ("gemini", ".gemini/settings.json"),
        ("cursor", ".cursor/hooks.json"),
    ] {
        let line = r.stdout.lines().find(|l| l.trim_start().starts_with(agent) && l.contains(file));
        let line = line.unwrap_or_else(|| panic!("no line for {agent} with {file}:\n{r}"));
        assert_eq!(line.matches("--global:").count(), 1, "one agent per line: {line:?}");
    }
}

/// The program `setup` writes by default in a test: the tested binary's canonical path (the
/// test's PATH holds no `aiperture`).
pub fn tested_program() -> String {
    std::path::Path::new(env!("CARGO_BIN_EXE_aiperture"))
        .canonicalize()
        .expect("canonical path of the tested binary")
        .display()
        .to_string()
}

/// A PATH without any `aiperture` on it.
pub const BARE_PATH: &str = "/usr/bin:/bin";

#[test]
fn setup_keeps_other_settings_is_idempotent_and_removes_cleanly() {
    let mut t = TestEnv::new();
    t.env.push(("PATH".into(), BARE_PATH.into()));
    t.write(".claude/settings.json", SETTINGS);
    let file = t.cwd.join(".claude/settings.json");

    let r = t.run(&["setup", "claude-code", "--dry-run"]);
    r.code(0);
    assert!(r.stdout.contains("would update"), "{r}");
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), SETTINGS);

    let r = t.run(&["setup", "claude-code"]);
    r.code(0);
    assert!(r.stdout.contains("added aiperture hook for PreToolUse, PermissionRequest"), "{r}");
    let once = std::fs::read_to_string(&file).unwrap_or_default();
    let v: Value = serde_json::from_str(&once).unwrap_or_default();
    assert_eq!(v["model"], "claude-sonnet-4-5");
    assert_eq!(v["permissions"]["deny"][0], "Read(./.env)");
    assert_eq!(v["hooks"]["PreToolUse"][0]["hooks"][0]["command"], "dcg");
    // The absolute path of the running program, so the hook runs whatever PATH the agent gets.
    assert_eq!(
        v["hooks"]["PreToolUse"][1]["hooks"][0]["command"],
        format!("{} hook claude-code", shell_words::quote(&tested_program()))
    );
    assert!(
        r.stdout.contains(&format!(
            "  the hook runs: {} hook claude-code\n",
            shell_words::quote(&tested_program())
        )),
        "{r}"
    );
    // The tested binary lives in a cargo build folder, which goes away: setup says so.
    assert!(r.stderr.contains("warning: ") && r.stderr.contains("cargo build folder"), "{r}");
    assert_eq!(v["hooks"]["Stop"][0]["hooks"][0]["command"], "notify-send done");
    for e in
        ["PreToolUse", "PermissionRequest", "PostToolUse", "PostToolUseFailure", "SessionStart"]
    {
        let n = v["hooks"][e]
            .as_array()
            .map_or(0, |a| a.iter().filter(|g| g.to_string().contains("aiperture hook")).count());
        assert_eq!(n, 1, "{e}: {v}");
    }

    // Twice: nothing changes, byte for byte.
    let r = t.run(&["setup", "claude-code", "--json"]);
    r.code(0);
    assert_eq!(r.json()["changed"], false, "{r}");
    assert_eq!(r.json()["program"], tested_program(), "{r}");
    assert!(r.json()["warnings"][0].as_str().is_some_and(|w| w.contains("cargo build folder")));
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), once);

    // The bare name: the entry is replaced, not duplicated, and a name not on PATH is warned
    // about (stderr and JSON) yet written, as asked.
    let r = t.run(&["setup", "claude-code", "--program", "aiperture", "--json"]);
    r.code(0);
    assert_eq!(r.json()["updated"].as_array().map(Vec::len), Some(5), "{r}");
    let w = r.json()["warnings"][0].as_str().unwrap_or_default().to_string();
    assert!(w.contains("`aiperture` is not found on PATH"), "{r}");
    assert!(r.stderr.contains(&format!("warning: {w}")), "{r}");
    let bare: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default())
        .unwrap_or_default();
    assert_eq!(bare["hooks"]["PreToolUse"][1]["hooks"][0]["command"], "aiperture hook claude-code");
    assert_eq!(bare["hooks"]["PreToolUse"].as_array().map(Vec::len), Some(2), "{bare}");

    // Remove: back to the original content.
    let r = t.run(&["setup", "claude-code", "--remove"]);
    r.code(0);
    assert!(r.stdout.contains("removed"), "{r}");
    let back: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default())
        .unwrap_or_default();
    let orig: Value = serde_json::from_str(SETTINGS).unwrap_or_default();
    assert_eq!(back, orig);
    let r = t.run(&["setup", "claude-code", "--remove", "--json"]);
    assert_eq!(r.json()["changed"], false);
}

#[test]
fn setup_global_and_broken_files() {
    let t = TestEnv::new();
    let r = t.run(&["setup", "claude-code", "--global", "--program", "/opt/ai perture/aiperture"]);
    r.code(0);
    assert!(r.stderr.contains("warning: /opt/ai perture/aiperture does not exist"), "{r}");
    let file = t.home.join(".claude/settings.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default())
        .unwrap_or_default();
    assert_eq!(
        v["hooks"]["PreToolUse"][0]["hooks"][0]["command"],
        "'/opt/ai perture/aiperture' hook claude-code"
    );
    // Recognised as ours on the next run despite the quoting.
    let r = t.run(&[
        "setup",
        "claude-code",
        "--global",
        "--program",
        "/opt/ai perture/aiperture",
        "--json",
    ]);
    assert_eq!(r.json()["changed"], false, "{r}");

    t.write(".claude/settings.json", "{ \"hooks\": ");
    let r = t.run(&["setup", "claude-code"]);
    r.code(2);
    assert!(r.stderr.contains("not valid JSON"), "{r}");
    assert_eq!(
        std::fs::read_to_string(t.cwd.join(".claude/settings.json")).unwrap_or_default(),
        "{ \"hooks\": "
    );
}

/// The index files of open calls that name `challenge`: (in the prompts' shard, elsewhere).
fn call_files(t: &TestEnv, challenge: &str) -> (bool, usize) {
    let dir = t.store().join("index/prompts");
    let mut prompts = false;
    let mut others = 0;
    for e in std::fs::read_dir(&dir).expect("index/prompts").flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        if text.contains(challenge) {
            if e.file_name() == "000.json" {
                prompts = true;
            } else {
                others += 1;
            }
        }
    }
    (prompts, others)
}

#[test]
fn open_calls_are_kept_by_call_and_prompts_apart() {
    // A call asked without a dialog is kept in a shard of its own call (a hook does not read
    // every call asked within the hour); when the dialog shows it moves to the prompts' shard,
    // which every hook reads; the same challenge throughout, and a rebuilt index agrees.
    let t = TestEnv::with_project();
    assert_eq!(reply(&t, &payload(&t, "pre_tool_use_bash")), Value::Null);
    let checks = || -> Vec<Value> {
        t.events(&t.store()).into_iter().filter(|e| e["kind"] == "check").collect()
    };
    let first = checks()[0]["verdict"]["challenge"]["id"].as_str().unwrap_or_default().to_string();
    assert!(first.starts_with("ch_"));
    assert_eq!(call_files(&t, &first), (false, 1));
    assert_eq!(reply(&t, &payload(&t, "permission_request_bash")), Value::Null);
    let second = checks()[1]["verdict"]["challenge"]["id"].clone();
    assert_eq!(second, first.as_str(), "one call, one challenge");
    assert_eq!(call_files(&t, &first), (true, 0));
    std::fs::remove_dir_all(t.store().join("index")).expect("drop the index");
    t.run(&["reindex"]).code(0);
    assert_eq!(call_files(&t, &first), (true, 0));
    // The tool ran: the prompt is resolved as the human's approval.
    assert_eq!(reply(&t, &payload(&t, "post_tool_use_bash")), Value::Null);
    assert_eq!(decisions(&t).len(), 1);
    assert_eq!(call_files(&t, &first), (false, 0));
}
