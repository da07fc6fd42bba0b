//! `aiperture hook openclaw` and `aiperture setup openclaw`, driven by the plugin's events in
//! `fixtures/hooks/openclaw/`, and the plugin itself under Node.js (without OpenClaw) against
//! the binary under test.

use serde_json::{Value, json};

use crate::common::{TestEnv, at};
use crate::hooks::{fixture, reply_of, run_hook, tested_program, with};

const AGENT: &str = "openclaw";

fn reply(t: &TestEnv, event: &Value) -> Value {
    reply_of(t, AGENT, event)
}

fn ev(t: &TestEnv, name: &str) -> Value {
    fixture(t, AGENT, name)
}

fn exec(t: &TestEnv, command: &str) -> Value {
    with(ev(t, "before_tool_call_exec"), |v| v["tool_input"]["command"] = json!(command))
}

fn kind(t: &TestEnv, k: &str) -> Vec<Value> {
    t.events(&t.store()).into_iter().filter(|e| e["kind"] == k).collect()
}

#[test]
fn openclaw_asks_at_the_threshold_and_learns_from_the_approval() {
    let mut t = TestEnv::with_project();
    // Learn from every approval: ask for everything undecided.
    t.write(".aiperture/config.toml", "[hooks]\nask_at_risk = \"low\"\n");
    for i in 0..10 {
        let s = json!(format!("oc-{i}"));
        let v = reply(&t, &with(ev(&t, "before_tool_call_exec"), |v| v["session_id"] = s.clone()));
        let ask = &v["requireApproval"];
        assert!(ask["title"].as_str().is_some_and(|m| m.contains("make test")), "{v}");
        assert!(ask["description"].as_str().is_some_and(|m| m.contains("risk")), "{v}");
        assert_eq!(ask["allowedDecisions"], json!(["allow-once", "deny"]));
        assert_eq!(v.as_object().map(serde_json::Map::len), Some(1), "{v}");
        // OpenClaw's user approved: the tool ran.
        let after = with(ev(&t, "after_tool_call_exec"), |v| v["session_id"] = s.clone());
        assert_eq!(reply(&t, &after), Value::Null);
        assert_eq!(kind(&t, "decision").len(), i + 1);
        t.now = at(&t.now, 120);
    }
    assert!(kind(&t, "decision").iter().all(|d| d["channel"] == AGENT && d["decision"] == "allow"));
    // Learned: no opinion any more.
    assert_eq!(reply(&t, &ev(&t, "before_tool_call_exec")), Value::Null);
    let last = kind(&t, "check").pop().unwrap_or_default();
    assert_eq!(last["verdict"]["decided_by"], "auto_learned");
    assert_eq!(last["request"]["runtime"], AGENT);
}

#[test]
fn openclaw_blocks_in_its_format_and_fails_closed() {
    let t = TestEnv::with_project();
    // Default ask_at_risk = high: a LOW write gets no opinion and opens no prompt.
    assert_eq!(reply(&t, &ev(&t, "before_tool_call_write")), Value::Null);
    let c = kind(&t, "check");
    assert_eq!(c[0]["request"]["tool"], "filesystem");
    assert_eq!(c[0]["request"]["scope"], "src/app.ts");
    assert!(c[0]["request"]["content_hash"].as_str().is_some_and(|h| h.len() == 64));
    // Self-protection: blocked, with the reason.
    let v = reply(&t, &exec(&t, "echo x > .aiperture/policy.toml"));
    assert_eq!(v["block"], true, "{v}");
    assert!(v["blockReason"].as_str().is_some_and(|r| r.contains("self_protection")), "{v}");
    assert_eq!(v.as_object().map(serde_json::Map::len), Some(2), "{v}");
    // HIGH and undecided: OpenClaw asks its user.
    let v = reply(&t, &exec(&t, "git push --force origin main"));
    assert_eq!(v["requireApproval"]["severity"], "warning", "{v}");
    // --exit-2: a block is exit 2 with the reason on standard error.
    let r = t.run_stdin(
        &["hook", AGENT, "--exit-2"],
        exec(&t, "rm -rf .aiperture").to_string().as_bytes(),
    );
    r.code(2);
    assert!(r.stderr.contains("self_protection"), "{r}");
    // Unreadable events block (exit 2; the plugin blocks on any exit but 0).
    for bad in ["", "not json", "[]", "{\"tool_name\": \"exec\"}"] {
        let r = t.run_stdin(&["hook", AGENT], bad.as_bytes());
        r.code(2);
        assert!(r.stderr.contains("not allowed"), "{bad}: {r}");
    }
    let r = run_hook(&t, AGENT, &json!({"hook_event_name": "before_tool_call", "tool_name": 7}));
    r.code(0);
    assert_eq!(r.json()["block"], true, "{r}");
    // aiperture's own MCP tools are left alone (asking aiperture about itself would loop).
    let own = with(ev(&t, "before_tool_call_exec"), |v| {
        v["tool_name"] = json!("aiperture__check_permission");
        v["tool_input"] = json!({"tool": "shell", "action": "execute", "scope": "ls"});
    });
    assert_eq!(reply(&t, &own), Value::Null);
}

/// Nobody answers a headless OpenClaw's approvals: blocked with how a human approves, and the
/// retry is let through once.
#[test]
fn headless_openclaw_is_blocked_with_how_to_approve() {
    let mut t = TestEnv::with_project();
    t.env.push(("AIPERTURE_HEADLESS".into(), "1".into()));
    let push = exec(&t, "git push --force origin main");
    let v = reply(&t, &push);
    assert_eq!(v["block"], true, "{v}");
    let reason = v["blockReason"].as_str().unwrap_or_default();
    assert!(reason.contains("headless OpenClaw"), "{reason}");
    let id = reason
        .split('`')
        .find_map(|w| w.strip_prefix("aiperture approve "))
        .unwrap_or_else(|| panic!("no approve command in {reason}"))
        .to_string();
    t.run(&["approve", &id, "--yes"]).code(0);
    assert_eq!(reply(&t, &push), Value::Null);
    assert_eq!(
        kind(&t, "check").pop().unwrap_or_default()["verdict"]["decided_by"],
        "human_approval"
    );
}

#[test]
fn openclaw_tool_runs_are_journaled_as_executions() {
    let t = TestEnv::with_project();
    assert_eq!(reply(&t, &ev(&t, "after_tool_call_exec")), Value::Null);
    let failed = with(ev(&t, "after_tool_call_exec"), |v| {
        v["tool_input"]["command"] = json!("npm test");
        v["error"] = json!("exit code 1");
    });
    assert_eq!(reply(&t, &failed), Value::Null);
    let x = kind(&t, "execution");
    assert_eq!(x.len(), 2, "{x:?}");
    assert_eq!(x[0]["channel"], AGENT);
    assert_eq!(x[0]["status"], "ok");
    assert_eq!(x[0]["request"]["scope"], "make test");
    assert_eq!(x[1]["status"], "failed");
    assert_eq!(x[1]["request"]["scope"], "npm test");
}

/// The folder of OpenClaw's state in `t` (HOME/.openclaw), with the environment overrides
/// of the machine running the tests cleared.
fn openclaw_home(t: &mut TestEnv) -> std::path::PathBuf {
    t.env.push(("OPENCLAW_STATE_DIR".into(), String::new()));
    t.env.push(("OPENCLAW_CONFIG_PATH".into(), String::new()));
    t.home.join(".openclaw")
}

fn read_json(p: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_default()).unwrap_or_default()
}

#[test]
fn setup_openclaw_installs_the_plugin_idempotently_and_removes_it() {
    let mut t = TestEnv::new();
    let state = openclaw_home(&mut t);
    let config = state.join("openclaw.json");
    let original = "{\n  \"agents\": {\"defaults\": {\"workspace\": \"~/.openclaw/workspace\"}},\n  \"plugins\": {\"allow\": [\"voice-call\"], \"load\": {\"paths\": [\"~/my-plugin\"]}}\n}\n";
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(&config, original).unwrap();
    // --dry-run writes nothing.
    let r = t.run(&["setup", AGENT, "--dry-run", "--json"]);
    r.code(0);
    assert_eq!(r.json()["changed"], true, "{r}");
    assert_eq!(std::fs::read_to_string(&config).unwrap_or_default(), original);
    assert!(!state.join("aiperture").exists());
    // Installed: the plugin's files, as in examples/openclaw/plugin/, and its entries.
    let r = t.run(&["setup", AGENT, "--json"]);
    r.code(0);
    let added = r.json()["added"].clone();
    for want in ["plugins.load.paths", "plugins.entries.aiperture", "plugins.allow"] {
        assert!(added.as_array().is_some_and(|a| a.contains(&json!(want))), "{want}: {r}");
    }
    for f in ["openclaw.plugin.json", "package.json", "index.js"] {
        let example = format!("{}/examples/openclaw/plugin/{f}", env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            std::fs::read_to_string(state.join("aiperture").join(f)).unwrap_or_default(),
            std::fs::read_to_string(&example).unwrap_or_default(),
            "{f}"
        );
    }
    let v = read_json(&config);
    let dir = state.join("aiperture").display().to_string();
    assert_eq!(v["plugins"]["load"]["paths"], json!(["~/my-plugin", dir]));
    assert_eq!(v["plugins"]["allow"], json!(["voice-call", "aiperture"]));
    let entry = &v["plugins"]["entries"]["aiperture"];
    assert_eq!(entry["enabled"], true);
    assert_eq!(entry["config"]["program"], tested_program());
    // Without --global, this project's store judges.
    assert_eq!(entry["config"]["cwd"], t.cwd.display().to_string());
    assert_eq!(v["agents"]["defaults"]["workspace"], "~/.openclaw/workspace");
    // Again: nothing changes.
    let once = std::fs::read_to_string(&config).unwrap_or_default();
    let r = t.run(&["setup", AGENT, "--json"]);
    assert_eq!(r.json()["changed"], false, "{r}");
    assert_eq!(std::fs::read_to_string(&config).unwrap_or_default(), once);
    // Doctor sees it.
    let d = t.run(&["doctor", "--json"]).json();
    let check = d["checks"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == "hook:openclaw:global"))
        .cloned()
        .unwrap_or_default();
    assert!(check["detail"].as_str().is_some_and(|s| s.contains("installed")), "{check}");
    // --global: the agent's workspace judges (no cwd).
    t.run(&["setup", AGENT, "--global"]).code(0);
    assert_eq!(read_json(&config)["plugins"]["entries"]["aiperture"]["config"].get("cwd"), None);
    // Removed: the configuration as it was (in content), and the plugin folder gone.
    t.run(&["setup", AGENT, "--remove"]).code(0);
    let back = read_json(&config);
    let before: Value = serde_json::from_str(original).unwrap_or_default();
    assert_eq!(back["plugins"]["allow"], before["plugins"]["allow"]);
    assert_eq!(back["plugins"]["load"], before["plugins"]["load"]);
    assert_eq!(back["plugins"]["entries"], json!({}));
    assert!(!state.join("aiperture").exists());
    let r = t.run(&["setup", AGENT, "--remove", "--json"]);
    assert_eq!(r.json()["changed"], false, "{r}");
}

#[test]
fn setup_openclaw_honours_the_state_folder_and_leaves_json5_alone() {
    let mut t = TestEnv::new();
    let state = t.tmp.path().join("oc-state");
    t.env.push(("OPENCLAW_STATE_DIR".into(), state.display().to_string()));
    t.env.push(("OPENCLAW_CONFIG_PATH".into(), String::new()));
    t.run(&["setup", AGENT]).code(0);
    assert!(state.join("openclaw.json").exists());
    assert!(state.join("aiperture/index.js").exists());
    // A JSON5 file (comments, unquoted keys) is refused and kept as it was.
    let json5 = "// mine\n{ gateway: { port: 18789 }, }\n";
    let file = state.join("openclaw.json");
    std::fs::write(&file, json5).unwrap();
    let r = t.run(&["setup", AGENT, "--global"]);
    assert_ne!(r.code, 0, "{r}");
    assert!(r.stderr.contains("plugins.entries.aiperture"), "{r}");
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), json5);
    // The plugin folder and the configuration are protected like the other agents' hooks.
    let p = t.run(&[
        "check",
        "shell",
        "execute",
        &format!("rm {}", state.join("aiperture/index.js").display()),
        "--json",
    ]);
    assert_eq!(p.json()["decision"], "deny", "{p}");
}

/// The plugin itself, under Node.js (20 or newer) without OpenClaw: `tests/openclaw/
/// plugin.test.mjs` registers it on a fake `api` and calls its handlers, which run this
/// aiperture. Without `node` on PATH it is skipped with a notice, except under CI=true.
#[cfg(unix)]
#[test]
fn the_openclaw_plugin_runs_under_node_without_openclaw() {
    let node = std::env::var_os("PATH")
        .and_then(|p| std::env::split_paths(&p).map(|d| d.join("node")).find(|n| n.is_file()));
    let Some(node) = node else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "node is not on PATH: the OpenClaw plugin cannot be tested"
        );
        eprintln!("notice: node is not on PATH; the OpenClaw plugin test is skipped");
        return;
    };
    let t = TestEnv::with_project();
    let scratch = t.tmp.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let inner = t.command(&[]);
    let mut c = std::process::Command::new(node);
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.env("AIPERTURE_BIN", tested_program())
        .env("OPENCLAW_TEST_PROJECT", &t.cwd)
        .env("OPENCLAW_TEST_SCRATCH", &scratch)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--test", "tests/openclaw/plugin.test.mjs"]);
    let out = c.output().expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("# fail 0") && !stdout.contains("# pass 0"), "{stdout}");
    // The run the plugin reported after the call is journaled.
    let x = kind(&t, "execution");
    assert!(
        x.iter().any(|e| e["channel"] == AGENT && e["request"]["scope"] == "make test"),
        "{x:?}"
    );
}
