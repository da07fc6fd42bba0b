//! `aiperture hook` and `aiperture setup` for Codex CLI, Gemini CLI and Cursor, driven by the
//! documented payloads in `fixtures/hooks/<agent>/`.

use serde_json::{Value, json};

use crate::common::{Run, TestEnv, at};
use crate::hooks::{fixture, reply_of, run_hook, with};

fn hook(t: &TestEnv, agent: &str, event: &Value) -> Run {
    run_hook(t, agent, event)
}

fn reply(t: &TestEnv, agent: &str, event: &Value) -> Value {
    reply_of(t, agent, event)
}

fn decisions(t: &TestEnv) -> Vec<Value> {
    t.events(&t.store()).into_iter().filter(|e| e["kind"] == "decision").collect()
}

fn checks(t: &TestEnv) -> Vec<Value> {
    t.events(&t.store()).into_iter().filter(|e| e["kind"] == "check").collect()
}

// --- Codex -------------------------------------------------------------------------------

#[test]
fn codex_learns_from_its_approval_prompt() {
    let mut t = TestEnv::with_project();
    let f = |t: &TestEnv, n: &str, s: &str| {
        with(fixture(t, "codex", n), |v| v["session_id"] = json!(s))
    };
    for i in 0..10 {
        let s = format!("thr_{i}");
        // Undecided: no opinion before the tool (Codex has no "ask" there).
        assert_eq!(reply(&t, "codex", &f(&t, "pre_tool_use_bash", &s)), Value::Null);
        // Codex shows its approval prompt; the run afterwards is the human's yes.
        assert_eq!(reply(&t, "codex", &f(&t, "permission_request_bash", &s)), Value::Null);
        assert_eq!(reply(&t, "codex", &f(&t, "post_tool_use_bash", &s)), Value::Null);
        assert_eq!(reply(&t, "codex", &f(&t, "post_tool_use_bash", &s)), Value::Null);
        assert_eq!(decisions(&t).len(), i + 1);
        t.now = at(&t.now, 120);
    }
    assert!(decisions(&t).iter().all(|d| d["channel"] == "codex" && d["decision"] == "allow"));
    // Learned: the prompt is answered allow (no bare allow exists in PreToolUse).
    assert_eq!(reply(&t, "codex", &fixture(&t, "codex", "pre_tool_use_bash")), Value::Null);
    let v = reply(&t, "codex", &fixture(&t, "codex", "permission_request_bash"));
    assert_eq!(
        v,
        json!({"hookSpecificOutput": {"hookEventName": "PermissionRequest", "decision": {"behavior": "allow"}}})
    );
    // SessionStart prints nothing (Codex would hand it to the model).
    let r = hook(&t, "codex", &fixture(&t, "codex", "session_start"));
    r.code(0);
    assert_eq!(r.stdout, "");
}

#[test]
fn codex_denies_with_documented_fields_only() {
    let t = TestEnv::with_project();
    // HIGH risk cannot be asked for in Codex: denied with how a human allows it.
    let ev = with(fixture(&t, "codex", "pre_tool_use_bash"), |v| {
        v["tool_input"]["command"] = json!("git push --force origin main");
    });
    let v = reply(&t, "codex", &ev);
    let out = &v["hookSpecificOutput"];
    assert_eq!(out["hookEventName"], "PreToolUse");
    assert_eq!(out["permissionDecision"], "deny");
    let reason = out["permissionDecisionReason"].as_str().unwrap_or_default();
    assert!(reason.contains("aiperture approve ch_"), "{reason}");
    assert_eq!(out.as_object().map(serde_json::Map::len), Some(3), "{v}");
    assert_eq!(v.as_object().map(serde_json::Map::len), Some(1), "{v}");
    // Self-protection.
    let ev = with(fixture(&t, "codex", "pre_tool_use_bash"), |v| {
        v["tool_input"]["command"] = json!("aiperture approve ch_x --yes");
    });
    assert_eq!(reply(&t, "codex", &ev)["hookSpecificOutput"]["permissionDecision"], "deny");
    // --exit-2: exit 2 with the reason on stderr.
    let r = t.run_stdin(&["hook", "codex", "--exit-2"], ev.to_string().as_bytes());
    r.code(2);
    assert!(r.stderr.contains("self_protection"), "{r}");
    // An apply_patch names the files it writes.
    reply(&t, "codex", &fixture(&t, "codex", "pre_tool_use_apply_patch"));
    let c = checks(&t);
    let last = &c[c.len() - 1]["request"];
    assert_eq!(
        (last["tool"].clone(), last["action"].clone(), last["scope"].clone()),
        (json!("filesystem"), json!("write"), json!("src/lib.rs"))
    );
    // Unreadable input: exit 2 with a reason (Codex blocks only with a non-empty reason).
    let r = t.run_stdin(&["hook", "codex"], b"{");
    r.code(2);
    assert!(!r.stderr.trim().is_empty());
}

// --- Gemini CLI --------------------------------------------------------------------------

#[test]
fn gemini_asks_at_the_threshold_and_learns_from_the_confirmation() {
    let mut t = TestEnv::with_project();
    // An attended Gemini CLI (the test process may have no terminal, which reads as headless).
    t.env.push(("AIPERTURE_HEADLESS".into(), "0".into()));
    // Learn from every confirmation: ask for everything undecided.
    t.write(".aiperture/config.toml", "[hooks]\nask_at_risk = \"low\"\n");
    for i in 0..10 {
        let s = json!(format!("gs-{i}"));
        let before =
            with(fixture(&t, "gemini", "before_tool_shell"), |v| v["session_id"] = s.clone());
        let v = reply(&t, "gemini", &before);
        assert_eq!(v["decision"], "ask", "{v}");
        assert!(v["systemMessage"].as_str().is_some_and(|m| m.contains("make test")));
        let after =
            with(fixture(&t, "gemini", "after_tool_shell"), |v| v["session_id"] = s.clone());
        assert_eq!(reply(&t, "gemini", &after), Value::Null);
        assert_eq!(reply(&t, "gemini", &after), Value::Null);
        assert_eq!(decisions(&t).len(), i + 1);
        t.now = at(&t.now, 120);
    }
    assert!(decisions(&t).iter().all(|d| d["channel"] == "gemini"));
    // Learned: no ask any more (Gemini's own flow runs it).
    assert_eq!(reply(&t, "gemini", &fixture(&t, "gemini", "before_tool_shell")), Value::Null);
    let last = checks(&t).pop().unwrap_or_default();
    assert_eq!(last["verdict"]["decided_by"], "auto_learned");
    // SessionStart: the status line for the user.
    let v = reply(&t, "gemini", &fixture(&t, "gemini", "session_start"));
    assert!(
        v["systemMessage"].as_str().is_some_and(|m| m.contains("1 patterns auto-allow")),
        "{v}"
    );
}

#[test]
fn gemini_below_the_threshold_has_no_opinion_and_denies_in_its_format() {
    let t = TestEnv::with_project();
    // Default ask_at_risk = high: a LOW write gets no opinion and opens no prompt.
    assert_eq!(reply(&t, "gemini", &fixture(&t, "gemini", "before_tool_write")), Value::Null);
    let c = checks(&t);
    assert_eq!(c[0]["request"]["scope"], "src/app.ts");
    assert!(c[0]["request"]["content_hash"].as_str().is_some_and(|h| h.len() == 64));
    reply(&t, "gemini", &with(fixture(&t, "gemini", "after_tool_shell"), |_| {}));
    assert!(decisions(&t).is_empty());
    let ev = with(fixture(&t, "gemini", "before_tool_shell"), |v| {
        v["tool_input"]["command"] = json!("bash -c 'aiperture deny ch_x'");
    });
    let v = reply(&t, "gemini", &ev);
    assert_eq!(v["decision"], "deny", "{v}");
    assert!(v["reason"].as_str().is_some_and(|r| r.contains("self_protection")));
}

// --- Cursor ------------------------------------------------------------------------------

#[test]
fn cursor_asks_for_shell_and_learns_from_the_run() {
    let mut t = TestEnv::with_project();
    for i in 0..10 {
        let s = json!(format!("conv-{i}"));
        let before = with(fixture(&t, "cursor", "before_shell_execution"), |v| {
            v["conversation_id"] = s.clone();
        });
        let v = reply(&t, "cursor", &before);
        assert_eq!(v["permission"], "ask", "{v}");
        assert!(v["user_message"].as_str().is_some_and(|m| m.contains("npm run build")));
        let after = with(fixture(&t, "cursor", "after_shell_execution"), |v| {
            v["conversation_id"] = s.clone();
        });
        assert_eq!(reply(&t, "cursor", &after), Value::Null);
        assert_eq!(reply(&t, "cursor", &after), Value::Null);
        assert_eq!(decisions(&t).len(), i + 1);
        t.now = at(&t.now, 120);
    }
    let v = reply(&t, "cursor", &fixture(&t, "cursor", "before_shell_execution"));
    assert_eq!(v, json!({"permission": "allow"}));
    assert!(decisions(&t).iter().all(|d| d["channel"] == "cursor"));
}

#[test]
fn cursor_reads_mcp_and_failures() {
    let t = TestEnv::with_project();
    t.write(".aiperture/config.toml", "[hooks]\nask_at_risk = \"medium\"\n");
    // Reading .env is a secret read (MEDIUM, at the threshold here): Cursor cannot ask on
    // reads, so it is denied with how a human allows it.
    let v = reply(&t, "cursor", &fixture(&t, "cursor", "before_read_file"));
    assert_eq!(v["permission"], "deny", "{v}");
    assert!(v["user_message"].as_str().is_some_and(|m| m.contains("aiperture approve ch_")), "{v}");
    // The file content is not journaled.
    let text = std::fs::read_dir(t.store().join("journal"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect::<String>()
        })
        .unwrap_or_default();
    assert!(!text.contains("not-a-real-token"));
    // An ordinary read has no opinion.
    let ev = with(fixture(&t, "cursor", "before_read_file"), |v| {
        v["file_path"] = json!(t.cwd.join("src/main.rs").display().to_string());
        v["content"] = json!("fn main() {}");
    });
    assert_eq!(reply(&t, "cursor", &ev), Value::Null);
    // MCP: tool_input is a JSON string.
    let v = reply(&t, "cursor", &fixture(&t, "cursor", "before_mcp_execution"));
    assert_eq!(v["permission"], "ask", "{v}");
    let c = checks(&t);
    assert_eq!(c[c.len() - 1]["request"]["action"], "create_issue");
    // A byte-order mark and an empty cwd (cursor-agent) are tolerated.
    let ev = with(fixture(&t, "cursor", "before_shell_execution"), |v| v["cwd"] = json!(""));
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(ev.to_string().as_bytes());
    let r = t.run_stdin(&["hook", "cursor"], &bytes);
    r.code(0);
    assert_eq!(r.json()["permission"], "ask");
    // Errors deny; unreadable input exits 2 (Cursor's deny).
    t.write(".aiperture/config.toml", "[nope]\n");
    let v = reply(&t, "cursor", &fixture(&t, "cursor", "before_shell_execution"));
    assert_eq!(v["permission"], "deny", "{v}");
    let r = t.run_stdin(&["hook", "cursor"], b"garbage");
    r.code(2);
    // sessionStart is fire-and-forget: no output even on success.
    std::fs::remove_file(t.store().join("config.toml")).unwrap_or_default();
    let r = hook(&t, "cursor", &fixture(&t, "cursor", "session_start"));
    r.code(0);
    assert_eq!(r.stdout, "");
}

// --- setup -------------------------------------------------------------------------------

#[test]
fn setup_for_each_agent_is_idempotent_and_removable() {
    let mut t = TestEnv::new();
    t.env.push(("PATH".into(), crate::hooks::BARE_PATH.into()));
    t.write(
        ".codex/hooks.json",
        "{\n  \"description\": \"team hooks\",\n  \"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"say done\"}]}]}\n}\n",
    );
    t.write(
        ".gemini/settings.json",
        "{\"theme\": \"dark\", \"hooksConfig\": {\"enabled\": true}}\n",
    );
    t.write(
        ".cursor/hooks.json",
        "{\"version\": 1, \"hooks\": {\"afterFileEdit\": [{\"command\": \"./fmt.sh\"}]}}\n",
    );
    for (agent, file, events) in [
        (
            "codex",
            ".codex/hooks.json",
            vec!["PreToolUse", "PermissionRequest", "PostToolUse", "SessionStart"],
        ),
        ("gemini", ".gemini/settings.json", vec!["BeforeTool", "AfterTool", "SessionStart"]),
        (
            "cursor",
            ".cursor/hooks.json",
            vec![
                "beforeShellExecution",
                "beforeMCPExecution",
                "beforeReadFile",
                "afterShellExecution",
                "afterMCPExecution",
                "sessionStart",
            ],
        ),
    ] {
        let path = t.cwd.join(file);
        let original: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
                .unwrap_or_default();
        let r = t.run(&["setup", agent, "--json"]);
        r.code(0);
        assert_eq!(r.json()["added"], json!(events), "{agent}: {r}");
        let once = std::fs::read_to_string(&path).unwrap_or_default();
        let v: Value = serde_json::from_str(&once).unwrap_or_default();
        let want = format!("{} hook {agent}", shell_words::quote(&crate::hooks::tested_program()));
        for e in &events {
            assert!(v["hooks"][e].to_string().contains(&want), "{agent} {e}: {v}");
        }
        let r = t.run(&["setup", agent, "--json"]);
        assert_eq!(r.json()["changed"], false, "{agent}: {r}");
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), once);
        t.run(&["setup", agent, "--remove"]).code(0);
        let back: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or_default();
        assert_eq!(back, original, "{agent}");
    }
    // Agent-specific content.
    t.run(&["setup", "gemini"]).code(0);
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(t.cwd.join(".gemini/settings.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(v["hooks"]["BeforeTool"][0]["hooks"][0]["timeout"], 30000, "milliseconds");
    assert_eq!(v["theme"], "dark");
    t.run(&["setup", "cursor"]).code(0);
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(t.cwd.join(".cursor/hooks.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(v["hooks"]["beforeShellExecution"][0]["failClosed"], true);
    assert_eq!(v["hooks"]["afterFileEdit"][0]["command"], "./fmt.sh");
    let r = t.run(&["setup", "codex"]);
    assert!(r.stdout.contains("/hooks"), "{r}");
    // --global honours the agent's home override.
    let mut g = TestEnv::new();
    let codex_home = g.home.join("codex-home");
    g.env.push(("CODEX_HOME".into(), codex_home.display().to_string()));
    g.run(&["setup", "codex", "--global"]).code(0);
    assert!(codex_home.join("hooks.json").exists());
}

// --- examples ----------------------------------------------------------------------------

#[test]
fn example_hook_settings_are_what_setup_writes() {
    let t = TestEnv::new();
    for (agent, written, example) in [
        ("claude-code", ".claude/settings.json", "claude-code.settings.json"),
        ("codex", ".codex/hooks.json", "codex.hooks.json"),
        ("gemini", ".gemini/settings.json", "gemini.settings.json"),
        ("cursor", ".cursor/hooks.json", "cursor.hooks.json"),
    ] {
        // The examples show the bare name; setup writes an absolute path unless told.
        t.run(&["setup", agent, "--program", "aiperture"]).code(0);
        let got = std::fs::read_to_string(t.cwd.join(written)).unwrap_or_default();
        let path = format!("{}/examples/hooks/{example}", env!("CARGO_MANIFEST_DIR"));
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(got, want, "{path} is out of date: copy what `aiperture setup {agent}` writes");
    }
}

/// PATH with the tested binary first.
fn path_with_binary() -> String {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_aiperture"));
    let dir = bin.parent().map(|d| d.display().to_string()).unwrap_or_default();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

const ALLOW_PUSH: &str = "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"git push origin main\"\ndecision = \"allow\"\n";

#[test]
fn example_git_pre_push_checks_each_ref() {
    let t = TestEnv::with_project();
    let hook = format!("{}/examples/git/pre-push", env!("CARGO_MANIFEST_DIR"));
    let sha = "1111111111111111111111111111111111111111";
    let zero = "0000000000000000000000000000000000000000";
    let push = |line: &str| {
        let mut c = std::process::Command::new("sh");
        c.arg(&hook)
            .args(["origin", "git@example.com:acme/app.git"])
            .env_clear()
            .env("HOME", &t.home)
            .env("PATH", path_with_binary())
            .env("AIPERTURE_NOW", &t.now)
            .current_dir(&t.cwd);
        crate::hooks::run_with_stdin(c, line.as_bytes())
    };
    // Not decided yet: the push stops and says a human must decide.
    let out = push(&format!("refs/heads/main {sha} refs/heads/main {zero}\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("a human must decide on 'git push origin main'")
    );
    // Allowed by policy: the push goes.
    t.write(".aiperture/policy.toml", ALLOW_PUSH);
    t.run(&["policy", "trust"]).code(0);
    let out = push(&format!("refs/heads/main {sha} refs/heads/main {zero}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // Deleting the branch is another command, not allowed by that rule.
    let out = push(&format!("(delete) {zero} refs/heads/main {sha}\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git push origin --delete main"));
}

#[test]
fn example_preexec_runs_only_what_aiperture_allows() {
    let t = TestEnv::with_project();
    let script = format!("{}/examples/shell/preexec.bash", env!("CARGO_MANIFEST_DIR"));
    let run = || {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("source '{script}'; echo ran-it"))
            .env_clear()
            .env("HOME", &t.home)
            .env("PATH", path_with_binary())
            .env("AIPERTURE_NOW", &t.now)
            .current_dir(&t.cwd)
            .output()
            .expect("bash");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(!run().contains("ran-it"), "an undecided command ran");
    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"echo ran-it\"\ndecision = \"allow\"\n",
    );
    t.run(&["policy", "trust"]).code(0);
    assert!(run().contains("ran-it"), "an allowed command did not run");
}

/// `aiperture hook <agent>` run in a new session without a controlling terminal (as a
/// headless agent runs it), with `input` on standard input.
fn hook_without_terminal(t: &TestEnv, agent: &str, event: &Value) -> Run {
    let inner = t.command(&["hook", agent]);
    let mut c = std::process::Command::new("setsid");
    c.arg("-w").arg(inner.get_program()).args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.current_dir(&t.cwd);
    let out = crate::hooks::run_with_stdin(c, event.to_string().as_bytes());
    Run::from(out)
}

/// A headless Gemini CLI hangs forever on an ask: without a terminal the hook denies instead,
/// with the challenge a human approves, and the retry is let through once.
#[test]
fn headless_gemini_is_denied_with_how_to_approve_instead_of_asked() {
    let mut t = TestEnv::with_project();
    let push = with(fixture(&t, "gemini", "before_tool_shell"), |v| {
        v["tool_input"]["command"] = json!("git push --force origin main");
    });
    let r = hook_without_terminal(&t, "gemini", &push);
    r.code(0);
    let v = r.json();
    assert_eq!(v["decision"], "deny", "{v}");
    let reason = v["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("headless Gemini CLI"), "{reason}");
    let id = reason
        .split('`')
        .find_map(|w| w.strip_prefix("aiperture approve "))
        .unwrap_or_else(|| panic!("no approve command in {reason}"))
        .to_string();
    // No prompt opened: nothing is inferred later.
    t.now = at(&t.now, 11 * 60);
    hook_without_terminal(&t, "gemini", &fixture(&t, "gemini", "session_start")).code(0);
    assert!(decisions(&t).is_empty(), "{:?}", decisions(&t));
    // Also with a terminal, when Gemini was told to run headless.
    t.env.push(("AIPERTURE_HEADLESS".into(), "1".into()));
    let v = reply(&t, "gemini", &push);
    assert_eq!(v["decision"], "deny", "{v}");
    // A human approves (within the challenge's life); the retry runs (no opinion in Gemini).
    t.now = at(&t.now, -11 * 60);
    t.run(&["approve", &id, "--yes"]).code(0);
    let v = reply(&t, "gemini", &push);
    assert_eq!(v, Value::Null, "{v}");
    assert_eq!(checks(&t).pop().unwrap_or_default()["verdict"]["decided_by"], "human_approval");
}

/// `claude -p` says its session is unattended: an ask would be refused by Claude Code itself
/// (no human's decision), so the hook denies with how a human approves, opens no prompt, and
/// both events of the call share one challenge.
#[test]
fn headless_claude_code_is_denied_with_how_to_approve_and_learns_nothing_by_itself() {
    let mut t = TestEnv::with_project();
    t.env.push(("CLAUDE_CODE_SESSION_ATTENDED".into(), "0".into()));
    // LOW and undecided: no opinion before the tool (Claude Code's own rules apply) …
    let pre = fixture(&t, "claude-code", "pre_tool_use_bash");
    assert_eq!(reply(&t, "claude-code", &pre), Value::Null);
    // … and when it would show its dialog, a deny that says how to approve.
    let v = reply(&t, "claude-code", &fixture(&t, "claude-code", "permission_request_bash"));
    assert_eq!(v["hookSpecificOutput"]["decision"]["behavior"], "deny", "{v}");
    let msg = v["hookSpecificOutput"]["decision"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("headless Claude Code") && msg.contains("then retry"), "{msg}");
    let c = checks(&t);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0]["verdict"]["challenge"]["id"], c[1]["verdict"]["challenge"]["id"]);
    // HIGH: denied before the tool, not asked.
    let push = with(pre.clone(), |v| {
        v["tool_input"]["command"] = json!("git push --force origin main");
    });
    let v = reply(&t, "claude-code", &push);
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny", "{v}");
    // No prompt: nothing is inferred, nothing learned, however long it waits.
    t.now = at(&t.now, 11 * 60);
    reply(&t, "claude-code", &fixture(&t, "claude-code", "session_start"));
    assert!(decisions(&t).is_empty());
    // A permission mode that never asks counts as headless too, also when attended.
    t.env.retain(|(k, _)| k != "CLAUDE_CODE_SESSION_ATTENDED");
    let dont_ask = with(push.clone(), |v| v["permission_mode"] = json!("dontAsk"));
    let v = reply(&t, "claude-code", &dont_ask);
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny", "{v}");
    // Attended, the same call asks.
    let v = reply(&t, "claude-code", &push);
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "ask", "{v}");
}

/// Any agent told it runs headless (`AIPERTURE_HEADLESS=1`) is denied with how to approve
/// where the hook would ask: Cursor's ask and Codex's approval prompt.
#[test]
fn agents_told_they_run_headless_are_never_asked() {
    let mut t = TestEnv::with_project();
    t.env.push(("AIPERTURE_HEADLESS".into(), "1".into()));
    let v = reply(&t, "cursor", &fixture(&t, "cursor", "before_shell_execution"));
    assert_eq!(v["permission"], "deny", "{v}");
    assert!(v["agent_message"].as_str().is_some_and(|m| m.contains("aiperture approve ch_")));
    let v = reply(&t, "codex", &fixture(&t, "codex", "permission_request_bash"));
    assert_eq!(v["hookSpecificOutput"]["decision"]["behavior"], "deny", "{v}");
    // Attended, both ask (Cursor) or leave the prompt to the human (Codex).
    t.env.retain(|(k, _)| k != "AIPERTURE_HEADLESS");
    let v = reply(&t, "cursor", &fixture(&t, "cursor", "before_shell_execution"));
    assert_eq!(v["permission"], "ask", "{v}");
    assert_eq!(reply(&t, "codex", &fixture(&t, "codex", "permission_request_bash")), Value::Null);
}
