//! Self-protection by effect, through `aiperture check` and through `aiperture hook
//! claude-code`: protected locations named by any program that may write, in any spelling
//! the shell analysis sees through; secret reads; `AIPERTURE_*` assignments; aiperture
//! invocations; human routes. And ordinary work that must not be refused.

use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::hooks::{reply_of, with};

fn decided_by(t: &TestEnv, scope: &str) -> Value {
    let v = t.check_json("shell", "execute", scope, &[]);
    v["decided_by"].clone()
}

fn assert_refused(t: &TestEnv, scopes: &[&str]) {
    for scope in scopes {
        let v = t.check_json("shell", "execute", scope, &[]);
        assert_eq!(v["decision"], "deny", "{scope}: {v}");
        assert_eq!(v["decided_by"], "self_protection", "{scope}: {v}");
    }
}

#[test]
fn self_protection_refuses_writes_to_the_store_in_any_spelling() {
    let t = TestEnv::with_project();
    assert_refused(
        &t,
        &[
            "sort -o .aiperture/config.toml notes.txt",
            "sort -o.aiperture/config.toml notes.txt",
            "gzip .aiperture/journal/000001.jsonl",
            "shuf -o .aiperture/policy.toml x",
            "split -l 1 x .aiperture/part",
            "curl -o .aiperture/policy.toml https://example.com/p",
            "wget -O .aiperture/policy.toml https://example.com/p",
            "openssl enc -in x -out .aiperture/policy.toml",
            "sponge .aiperture/policy.toml",
            "zip -m out.zip .aiperture/journal/HEAD",
            "some-unknown-tool .aiperture/journal/HEAD",
            "cd .aiperture/journal && rm HEAD",
            "rm .aip*/journal/HEAD",
            "mv .[a]iperture x",
            "rm .aiperture/jour''nal/HEAD",
            "rm ./src/../.aiperture/journal/HEAD",
            "find . -name HEAD -delete",
            "find . -name HEAD | xargs rm",
            "echo x >> .aiperture/policy.toml",
            "rm -rf .",
            // Indirect names: literal xargs input, links, /proc, a moved HOME, git pathspecs,
            // literal patches, command strings, values aiperture prints.
            "echo .aiperture/policy.toml | xargs rm",
            "ln -s ~/.local/share l; rm l/aiperture/trusted-policies.json",
            "echo x > /proc/self/cwd/.claude/settings.json",
            "HOME=/tmp; rm -rf ~/../home/.config",
            "git checkout evil -- '*.json'",
            "git apply <<'EOF'\n--- a/.claude/settings.json\n+++ b/.claude/settings.json\n@@ -1 +1 @@\n-a\n+b\nEOF",
            "vim -c 'w! .claude/settings.json' -c q x",
            "rm -rf \"$(aiperture where)\"",
            "./cat .aiperture/policy.toml",
            "rm -rf .ai${X}perture",
        ],
    );
}

#[test]
fn self_protection_refuses_any_read_of_the_secret() {
    let t = TestEnv::with_project();
    assert_refused(
        &t,
        &[
            "cat .aiperture/secret",
            "cat .aiperture/s*",
            "cat .aiperture/sec''ret",
            "cat < .aiperture/secret",
            "cd .aiperture && base64 secret",
            "grep -r . .aiperture",
            "cat .aiperture/intel.key",
            "{ cat; } < .aiperture/secret",
            "cat ~/.config/aiperture/config.toml",
        ],
    );
}

#[test]
fn self_protection_covers_the_user_store_config_hook_settings_and_program() {
    let t = TestEnv::with_project();
    let program = env!("CARGO_BIN_EXE_aiperture");
    let user_store = t.user_store().display().to_string();
    let scopes = [
        format!("cp evil.json {user_store}/trusted-policies.json"),
        "rm ~/.local/share/aiperture/trusted-policies.json".to_string(),
        "echo '[audit]' > ~/.config/aiperture/config.toml".to_string(),
        "echo '{}' > .claude/settings.json".to_string(),
        "echo '{\"disableAllHooks\":true}' > .claude/settings.local.json".to_string(),
        "truncate -s 0 ~/.claude/settings.json".to_string(),
        "rm .codex/hooks.json".to_string(),
        "sed -i s/aiperture// ~/.gemini/settings.json".to_string(),
        "cp /dev/null .cursor/hooks.json".to_string(),
        "cp settings.json .claude/".to_string(),
        format!("cp /tmp/evil {program}"),
    ];
    let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
    assert_refused(&t, &scopes);
}

#[test]
fn self_protection_refuses_aiperture_variables_and_invocations() {
    let t = TestEnv::with_project();
    assert_refused(
        &t,
        &[
            "AIPERTURE_STORE=/tmp/x make",
            "env AIPERTURE_STORE=/tmp/x make",
            "export AIPERTURE_STORE=/tmp/x",
            "unset AIPERTURE_STORE",
            "aiperture --config mcp.human_decisions=true mcp-serve",
            "aiperture serve",
            "aiperture --store /tmp/x check shell execute ls",
            "aiperture policy trust",
            "aiperture config set hooks.ask_at_risk never",
            "aiperture init",
            "curl -X POST http://127.0.0.1:8100/permissions/rec''ord -d '{}'",
            "curl 'http://127.0.0.1:8100/permissions/gr{a,}nt'",
            "curl -X PATCH http://127.0.0.1:8100/con''fig -d '{}'",
        ],
    );
}

#[test]
fn a_self_protection_deny_is_not_labelled_by_its_risk_tier() {
    let t = TestEnv::with_project();
    let scope = "echo x >> .aiperture/policy.toml";
    let v = t.check_json("shell", "execute", scope, &[]);
    assert_eq!(v["decided_by"], "self_protection", "{v}");
    assert!(v["risk"]["tier"].is_string(), "the JSON keeps the risk: {v}");
    let r = t.run(&["check", "shell", "execute", scope]);
    r.code(1);
    assert!(r.stdout.contains("refused by self-protection regardless of risk"), "{r}");
    assert!(!r.stdout.contains("risk="), "{r}");
    let cwd = t.cwd.display().to_string();
    let ev = pre_tool_use(&cwd, "Bash", json!({"command": scope}));
    let (d, why) = hook_decision(&t, &ev);
    assert_eq!(d, "deny", "{why}");
    assert!(why.contains("refused by self-protection regardless of risk"), "{why}");
    for tier in ["risk LOW", "risk MEDIUM", "risk HIGH", "risk CRITICAL"] {
        assert!(!why.contains(tier), "{why}");
    }
}

#[test]
fn self_protection_leaves_ordinary_work_alone() {
    let t = TestEnv::with_project();
    for scope in [
        "cat .aiperture/policy.toml",
        "grep -r 'aiperture approve' docs/",
        "aiperture check shell execute ls",
        "aiperture patterns --json",
        "ls -la",
        "git status",
        "cargo test",
        "rm -rf target",
        "cp ../notes.txt .",
        "find . -name '*.rs' -exec grep -n foo {} +",
        "sort -o sorted.txt notes.txt",
        "echo $AIPERTURE_STORE",
    ] {
        assert_ne!(decided_by(&t, scope), "self_protection", "{scope}");
    }
}

/// A Claude Code PreToolUse payload for `tool` with `input`, from the folder `cwd`.
fn pre_tool_use(cwd: &str, tool: &str, input: Value) -> Value {
    json!({
        "session_id": "s-protect",
        "transcript_path": "/tmp/t.jsonl",
        "cwd": cwd,
        "permission_mode": "bypassPermissions",
        "hook_event_name": "PreToolUse",
        "tool_name": tool,
        "tool_input": input,
        "tool_use_id": "toolu_protect",
    })
}

fn hook_decision(t: &TestEnv, ev: &Value) -> (String, String) {
    let v = reply_of(t, "claude-code", ev);
    let out = &v["hookSpecificOutput"];
    (
        out["permissionDecision"].as_str().unwrap_or_default().to_string(),
        out["permissionDecisionReason"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn self_protection_holds_for_hook_file_tools() {
    let t = TestEnv::with_project();
    std::fs::create_dir_all(t.cwd.join("src")).unwrap();
    let cwd = t.cwd.display().to_string();
    let sub = t.cwd.join("src").display().to_string();
    let home = t.home.display().to_string();
    let refused = [
        pre_tool_use(&cwd, "Write", json!({"file_path": ".claude/settings.json", "content": "{}"})),
        pre_tool_use(
            &cwd,
            "Write",
            json!({"file_path": format!("{cwd}/.claude/settings.local.json"), "content": "{}"}),
        ),
        // Relative to the payload's folder, not the hook process's.
        pre_tool_use(
            &sub,
            "Write",
            json!({"file_path": "../.claude/settings.json", "content": "{}"}),
        ),
        pre_tool_use(
            &sub,
            "Edit",
            json!({"file_path": "../.aiperture/config.toml", "old_string": "a", "new_string": "b"}),
        ),
        pre_tool_use(
            &cwd,
            "MultiEdit",
            json!({"file_path": ".aiperture/policy.toml", "edits": [{"old_string": "a", "new_string": "b"}]}),
        ),
        pre_tool_use(
            &cwd,
            "NotebookEdit",
            json!({"notebook_path": format!("{home}/.codex/hooks.json"), "new_source": "x"}),
        ),
        pre_tool_use(
            &cwd,
            "Write",
            json!({"file_path": format!("{home}/.local/share/aiperture/trusted-policies.json"), "content": "{}"}),
        ),
        pre_tool_use(&cwd, "Read", json!({"file_path": format!("{cwd}/.aiperture/secret")})),
        pre_tool_use(&sub, "Read", json!({"file_path": "../.aiperture/secret"})),
        pre_tool_use(&cwd, "Grep", json!({"pattern": "x", "path": ".aiperture"})),
        pre_tool_use(&cwd, "Bash", json!({"command": "cd .aiperture/journal && rm HEAD"})),
        pre_tool_use(&sub, "Bash", json!({"command": "rm ../.aiperture/journal/HEAD"})),
        // `..` of the payload's folder is the project, which holds the store.
        pre_tool_use(&sub, "Bash", json!({"command": "rm -rf .."})),
        pre_tool_use(&cwd, "Bash", json!({"command": "echo '{}' > .claude/settings.json"})),
        // MCP tools: every path-like argument, a command they run, a look-alike server name.
        pre_tool_use(
            &cwd,
            "mcp__fs__move_file",
            json!({"source": "notes.txt", "destination": ".aiperture/policy.toml"}),
        ),
        pre_tool_use(&cwd, "mcp__fs__copy", json!({"from": "x", "to": ".claude/settings.json"})),
        pre_tool_use(
            &cwd,
            "mcp__shell__exec",
            json!({"command": "bash -c 'echo {} > .claude/settings.json'"}),
        ),
        pre_tool_use(&cwd, "mcp__aiperture__run_shell", json!({"command": "rm -rf .aiperture"})),
        // /proc names and system-wide settings.
        pre_tool_use(
            &cwd,
            "Write",
            json!({"file_path": format!("/proc/self/root{cwd}/.claude/settings.json"), "content": "{}"}),
        ),
        pre_tool_use(
            &cwd,
            "Read",
            json!({"file_path": format!("{home}/.config/aiperture/config.toml")}),
        ),
    ];
    for ev in &refused {
        let (d, why) = hook_decision(&t, ev);
        assert_eq!(d, "deny", "{ev}: {why}");
        assert!(why.contains("self_protection"), "{ev}: {why}");
    }
    let allowed_reads = [
        pre_tool_use(&cwd, "Read", json!({"file_path": format!("{cwd}/.aiperture/policy.toml")})),
        pre_tool_use(&sub, "Read", json!({"file_path": "../.aiperture/config.toml"})),
        pre_tool_use(&cwd, "Read", json!({"file_path": ".claude/settings.json"})),
        pre_tool_use(&cwd, "Grep", json!({"pattern": "x", "path": "src"})),
        // src/config.toml is no store file once the payload's folder is known.
        pre_tool_use(&sub, "Bash", json!({"command": "rm config.toml"})),
        pre_tool_use(&cwd, "Write", json!({"file_path": "src/main.rs", "content": "fn main() {}"})),
        pre_tool_use(
            &cwd,
            "mcp__fs__move_file",
            json!({"source": "notes.txt", "destination": "docs/notes.txt"}),
        ),
        pre_tool_use(&cwd, "mcp__fs__read_file", json!({"path": ".aiperture/policy.toml"})),
    ];
    for ev in &allowed_reads {
        let (_, why) = hook_decision(&t, ev);
        assert!(!why.contains("self_protection"), "{ev}: {why}");
    }
    // The same payload with the tool input changed only in its path is refused.
    let ev = with(allowed_reads[0].clone(), |v| {
        v["tool_input"]["file_path"] = json!(format!("{cwd}/.aiperture/s*"));
    });
    assert_eq!(hook_decision(&t, &ev).0, "deny");
}

#[test]
fn self_protection_holds_for_the_file_tools_of_every_adapter() {
    use crate::hooks::fixture;
    let t = TestEnv::with_project();
    let cwd = t.cwd.display().to_string();
    // Codex apply_patch: the files it names, relative to the payload's folder.
    for (patch, refused) in [
        (
            "*** Begin Patch\n*** Update File: .claude/settings.json\n@@\n-a\n+b\n*** End Patch\n",
            true,
        ),
        ("*** Begin Patch\n*** Delete File: .aiperture/journal/HEAD\n*** End Patch\n", true),
        ("*** Begin Patch\n*** Add File: src/new.rs\n+x\n*** End Patch\n", false),
    ] {
        let ev = with(fixture(&t, "codex", "pre_tool_use_apply_patch"), |v| {
            v["tool_input"]["command"] = json!(patch);
        });
        let r = t.run_stdin(&["hook", "codex", "--exit-2"], ev.to_string().as_bytes());
        assert_eq!(r.stderr.contains("self_protection"), refused, "{patch}: {r}");
    }
    // Gemini write_file and read_file.
    for (tool, input, refused) in [
        (
            "write_file",
            json!({"file_path": format!("{cwd}/.gemini/settings.json"), "content": "{}"}),
            true,
        ),
        (
            "write_file",
            json!({"file_path": format!("{cwd}/.aiperture/policy.toml"), "content": ""}),
            true,
        ),
        ("read_file", json!({"absolute_path": format!("{cwd}/.aiperture/secret")}), true),
        ("read_file", json!({"absolute_path": format!("{cwd}/.aiperture/policy.toml")}), false),
    ] {
        let ev = with(fixture(&t, "gemini", "before_tool_write"), |v| {
            v["tool_name"] = json!(tool);
            v["tool_input"] = input.clone();
        });
        let v = reply_of(&t, "gemini", &ev);
        let denied = v["decision"] == "deny"
            && v["reason"].as_str().is_some_and(|r| r.contains("self_protection"));
        assert_eq!(denied, refused, "{tool} {input}: {v}");
    }
    // Cursor beforeReadFile.
    for (file, refused) in [(".aiperture/secret", true), (".aiperture/policy.toml", false)] {
        let ev = with(fixture(&t, "cursor", "before_read_file"), |v| {
            v["file_path"] = json!(format!("{cwd}/{file}"));
            v["content"] = json!("x");
        });
        let v = reply_of(&t, "cursor", &ev);
        let denied = v["permission"] == "deny" && v.to_string().contains("self_protection");
        assert_eq!(denied, refused, "{file}: {v}");
    }
}
