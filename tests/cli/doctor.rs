//! `aiperture doctor`: every check's ok path and its warning or problem path, the exit status
//! (0 without problems, 1 with any), the `--json` structure, and the README's quick start
//! (`init`, `bootstrap developer`, `setup claude-code`) ending in a passing doctor and a
//! gated Claude Code hook.

use std::io::Write;
use std::process::Stdio;

use serde_json::{Value, json};

use crate::common::{Run, TestEnv};
use crate::hooks::{BARE_PATH, fixture, tested_program};

/// `doctor --json`, with the exit status checked against the report.
fn doctor(t: &TestEnv) -> (Run, Value) {
    let r = t.run(&["doctor", "--json"]);
    let v = r.json();
    let problems = v["problems"].as_u64().unwrap_or(u64::MAX);
    assert_eq!(r.code, i32::from(problems != 0), "{r}");
    assert_eq!(v["ok"], json!(problems == 0), "{r}");
    (r, v)
}

/// The check called `name`.
fn check<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["checks"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no check {name} in {v:#}"))
}

/// Assert a check's status; a non-ok check has a fix, an ok check none.
#[track_caller]
fn status(v: &Value, name: &str, want: &str) -> String {
    let c = check(v, name);
    assert_eq!(c["status"], want, "{name}: {c:#}");
    assert_eq!(c["fix"].is_string(), want != "ok", "{name}: {c:#}");
    c["detail"].as_str().unwrap_or_default().to_string()
}

fn fix(v: &Value, name: &str) -> String {
    check(v, name)["fix"].as_str().unwrap_or_default().to_string()
}

fn sealed() -> TestEnv {
    let mut t = TestEnv::new();
    t.env.push(("PATH".into(), BARE_PATH.into()));
    t
}

/// The commands of the README's quick start (the first `sh` block after "## Set up"), each
/// without its comment.
fn readme_quick_start() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let after = readme.split_once("\n## Set up\n").map(|(_, a)| a).unwrap_or_default();
    let block = after.split_once("```sh\n").map(|(_, b)| b).unwrap_or_default();
    let block = block.split_once("```").map(|(b, _)| b).unwrap_or_default();
    block
        .lines()
        .map(|l| l.split_once(" #").map_or(l, |(c, _)| c).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_readme_quick_start_is_four_commands_then_doctor() {
    assert_eq!(
        readme_quick_start(),
        [
            "cargo install --locked --path .",
            "cd ~/my-project",
            "aiperture init",
            "aiperture bootstrap developer",
            "aiperture setup claude-code",
            "aiperture doctor",
        ]
    );
}

/// The README's quick start after the install, in the test's project: every `aiperture`
/// command of it but the final `doctor`, run as written.
fn quick_start() -> TestEnv {
    let t = sealed();
    let commands = readme_quick_start();
    let run: Vec<&String> = commands
        .iter()
        .filter(|c| c.starts_with("aiperture ") && *c != "aiperture doctor")
        .collect();
    assert_eq!(run.len(), 3, "{commands:?}");
    for c in run {
        let words = shell_words::split(c).expect("shell words");
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        t.run(&args).code(0);
    }
    t
}

/// Run a hook command exactly as Claude Code does (through `sh -c`), in the test's sealed
/// environment, with `event` on standard input.
fn run_as_agent(t: &TestEnv, command: &str, event: &Value) -> Run {
    let mut c = std::process::Command::new("sh");
    for (k, _) in std::env::vars() {
        if k.starts_with("AIPERTURE_") || k.starts_with("XDG_") {
            c.env_remove(k);
        }
    }
    c.arg("-c")
        .arg(command)
        .env("HOME", &t.home)
        .env("AIPERTURE_NOW", &t.now)
        .current_dir(&t.cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in &t.env {
        c.env(k, v);
    }
    let mut child = c.spawn().expect("spawn sh");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(event.to_string().as_bytes()).expect("write event");
    drop(stdin);
    Run::from(child.wait_with_output().expect("wait"))
}

#[test]
fn the_quick_start_ends_in_a_passing_doctor_and_a_gated_claude_code() {
    let t = quick_start();
    let (r, v) = doctor(&t);
    assert_eq!(v["problems"], 0, "{r}");
    status(&v, "store", "ok");
    status(&v, "journal", "ok");
    status(&v, "witness", "ok");
    assert!(status(&v, "policy", "ok").contains("preset developer"), "{r}");
    status(&v, "policy-trust", "ok");
    status(&v, "config-trust", "ok");
    status(&v, "pending", "ok");
    status(&v, "hooks", "ok");
    // Installed with the tested binary's absolute path, which resolves; it lives in a cargo
    // build folder, which doctor warns about.
    let d = status(&v, "hook:claude-code:project", "warning");
    assert!(d.contains("installed, but") && d.contains("cargo build folder"), "{d}");
    status(&v, "hook:claude-code:global", "ok");
    for c in v["checks"].as_array().into_iter().flatten() {
        let keys: Vec<&String> = c.as_object().map(|m| m.keys().collect()).unwrap_or_default();
        assert_eq!(keys, ["name", "status", "detail", "fix"], "{c}");
    }
    // Human form: one line per check and a summary; exit 0.
    let h = t.run(&["doctor"]);
    h.code(0);
    assert!(h.stdout.lines().any(|l| l.starts_with("ok") && l.contains("journal")), "{h}");
    assert!(h.stdout.ends_with("no problems, 1 warning(s)\n"), "{h}");

    // The preset decides: routine commands run, publishing is denied, and a destructive
    // command goes to a human.
    assert_eq!(t.check_json("shell", "execute", "ls", &[])["decision"], "allow");
    let v = t.check_json("shell", "execute", "git push --force origin main", &[]);
    assert_eq!(v["decision"], "deny", "{v}");
    let v = t.check_json("shell", "execute", "rm -rf /", &[]);
    assert_eq!((&v["decision"], &v["risk"]["tier"]), (&json!("ask"), &json!("critical")), "{v}");

    // The hook command exactly as written, run the way Claude Code runs it.
    let settings: Value = serde_json::from_str(
        &std::fs::read_to_string(t.cwd.join(".claude/settings.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    let cmd = settings["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(cmd, format!("{} hook claude-code", shell_words::quote(&tested_program())));
    let bash = |command: &str| {
        let mut e = fixture(&t, "claude-code", "pre_tool_use_bash");
        e["tool_input"]["command"] = json!(command);
        let r = run_as_agent(&t, &cmd, &e);
        r.code(0);
        r.json()["hookSpecificOutput"]["permissionDecision"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(bash("ls"), "allow");
    assert_eq!(bash("git push --force origin main"), "deny");
    assert_eq!(bash("rm -rf /"), "ask");

    // The ask (the same request twice: one line) now waits for a human.
    let (_, v) = doctor(&t);
    assert!(status(&v, "pending", "warning").starts_with("1 request(s)"), "{v:#}");
    assert!(fix(&v, "pending").contains("aiperture pending"));
}

#[test]
fn no_project_store_and_no_hooks_are_warnings() {
    let t = sealed();
    let (r, v) = doctor(&t);
    assert_eq!(r.code, 0, "{r}");
    assert!(status(&v, "store", "warning").contains("using the user store"), "{r}");
    assert!(fix(&v, "store").contains("aiperture init"));
    assert!(status(&v, "policy", "warning").contains("has no rules"), "{r}");
    assert!(fix(&v, "policy").contains("aiperture bootstrap developer"));
    status(&v, "policy-trust", "ok");
    for agent in ["claude-code", "codex", "gemini", "cursor"] {
        for kind in ["project", "global"] {
            let d = status(&v, &format!("hook:{agent}:{kind}"), "ok");
            assert!(d.ends_with("not installed"), "{d}");
        }
    }
    status(&v, "hooks", "warning");
    assert!(fix(&v, "hooks").contains("aiperture setup claude-code"));
}

#[test]
fn a_missing_store_is_a_problem() {
    let t = sealed();
    let missing = t.cwd.join("nowhere");
    let r = t.run(&["doctor", "--json", "--store", &missing.display().to_string()]);
    r.code(1);
    let v = r.json();
    assert!(status(&v, "store", "problem").contains("nowhere"), "{r}");
    assert!(fix(&v, "store").contains("aiperture init"), "{r}");
    // The hook checks still run.
    status(&v, "hooks", "warning");
    let h = t.run(&["doctor", "--store", &missing.display().to_string()]);
    h.code(1);
    assert!(h.stdout.contains("problem  store"), "{h}");
    assert!(h.stdout.contains("fix: "), "{h}");
    assert!(h.stdout.ends_with("1 problem(s), 1 warning(s): the fixes are above\n"), "{h}");
}

#[test]
fn a_tampered_journal_and_a_lost_journal_are_problems() {
    let t = quick_start();
    t.check_json("shell", "execute", "ls", &[]);
    t.check_json("shell", "execute", "cat README.md", &[]);
    let seg = t.store().join("journal/000001.jsonl");
    let text = std::fs::read_to_string(&seg).unwrap_or_default();
    assert!(text.contains("README.md"));
    std::fs::write(&seg, text.replace("README.md", "READMX.md")).unwrap();
    let (r, v) = doctor(&t);
    r.code(1);
    assert!(status(&v, "journal", "problem").starts_with("NOT INTACT"), "{r}");
    assert!(fix(&v, "journal").contains("aiperture verify-chain"));
    status(&v, "pending", "warning");

    // Deleted as a whole: the chain of nothing verifies, the witness does not.
    std::fs::write(&seg, &text).unwrap();
    doctor(&t).0.code(0);
    std::fs::remove_dir_all(t.store().join("journal")).unwrap();
    let (r, v) = doctor(&t);
    r.code(1);
    status(&v, "witness", "problem");
    assert!(fix(&v, "witness").contains("delete the witness file"), "{r}");
}

#[test]
fn untrusted_files_are_warnings_and_a_broken_policy_is_a_problem() {
    let t = quick_start();
    let policy = t.store().join("policy.toml");
    let text = std::fs::read_to_string(&policy).unwrap_or_default();
    std::fs::write(&policy, format!("{text}\n# edited\n")).unwrap();
    let (r, v) = doctor(&t);
    r.code(0);
    assert!(status(&v, "policy-trust", "warning").contains("allow rules are ignored"), "{r}");
    status(&v, "config-trust", "warning");
    assert!(fix(&v, "policy-trust").contains("aiperture policy trust"));
    t.run(&["policy", "trust"]).code(0);
    let (_, v) = doctor(&t);
    status(&v, "policy-trust", "ok");
    status(&v, "config-trust", "ok");

    std::fs::write(&policy, "[[rule]]\ntool = \"shell\"\n").unwrap();
    let (r, v) = doctor(&t);
    r.code(1);
    assert!(status(&v, "policy", "problem").contains("hooks deny everything"), "{r}");
    assert!(fix(&v, "policy").contains("aiperture policy check"));
}

#[test]
fn an_installed_hook_whose_program_does_not_resolve_is_a_problem() {
    let mut t = sealed();
    t.run(&["init"]).code(0);
    // An absolute path that does not exist, in the project's settings.
    t.run(&["setup", "claude-code", "--program", "/nonexistent/bin/aiperture"]).code(0);
    let (r, v) = doctor(&t);
    r.code(1);
    let d = status(&v, "hook:claude-code:project", "problem");
    assert!(d.contains("/nonexistent/bin/aiperture does not exist") && d.contains("gate is off"));
    assert!(fix(&v, "hook:claude-code:project").contains("aiperture setup claude-code`"), "{r}");

    // A bare name not on PATH, in the global settings.
    t.run(&["setup", "claude-code", "--program", "/usr/bin/true"]).code(2);
    t.run(&["setup", "codex", "--global", "--program", "aiperture"]).code(0);
    let (_, v) = doctor(&t);
    let d = status(&v, "hook:codex:global", "problem");
    assert!(d.contains("`aiperture` is not found on PATH"), "{d}");
    assert!(fix(&v, "hook:codex:global").contains("aiperture setup codex --global"));

    // The same bare name found on PATH: it works from this shell, hence a warning only.
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_aiperture"));
    let dir = bin.parent().map(|d| d.display().to_string()).unwrap_or_default();
    t.env.retain(|(k, _)| k != "PATH");
    t.env.push(("PATH".into(), format!("{dir}:{BARE_PATH}")));
    t.run(&["setup", "claude-code", "--program", bin.to_str().unwrap_or_default()]).code(0);
    let (r, v) = doctor(&t);
    r.code(0);
    let d = status(&v, "hook:codex:global", "warning");
    assert!(d.contains("found on this PATH") && d.contains("another PATH"), "{d}");

    // Settings the agent cannot read either.
    t.write(".cursor/hooks.json", "{ \"hooks\": [");
    let (r, v) = doctor(&t);
    r.code(1);
    assert!(status(&v, "hook:cursor:project", "problem").contains("not valid JSON"), "{r}");
}

#[test]
fn the_help_documents_the_checks_and_the_exit_status() {
    let t = TestEnv::new();
    let r = t.run(&["doctor", "--help"]);
    r.code(0);
    for word in ["policy-trust", "hook:AGENT:project", "Exit status: 0 no problems"] {
        assert!(r.stdout.contains(word), "{word}: {r}");
    }
}
