//! Every configuration key at extreme values: `check` and every hook adapter exit only with
//! their documented statuses (never a panic's 101), and never allow what the default
//! configuration would not.
//!
//! Each key of the schema (read from `config list --json`, so a new key is covered without
//! editing this file) gets each extreme value of its type, in two layers:
//! - the project's committed `config.toml`, untrusted: the outcome must be at least as strict
//!   as with the defaults (allow < no opinion < ask < deny/error);
//! - the same file after `aiperture policy trust`, and the environment (`AIPERTURE_*`, the
//!   user's own layer): values may loosen, but on a store without human decisions or trusted
//!   allow rules nothing may come out as allow.

use serde_json::Value;

use crate::common::{Run, TestEnv};

/// How strict an outcome is, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strict {
    Allow,
    NoOpinion,
    Ask,
    Deny,
}

/// Requests on `check`: a read, a catastrophic command, a read of the store secret.
const CHECKS: [&str; 3] = ["ls -la", "rm -rf /", "cat .aiperture/secret"];

/// A panic is caught and fails closed (exit 2), but it is still a bug: no input may cause one.
fn no_panic(r: &Run, what: &str) {
    assert!(!r.stderr.contains("internal error"), "{what}: panicked:\n{r}");
}

fn check_outcome(r: &Run, what: &str) -> Strict {
    no_panic(r, what);
    match r.code {
        0 => Strict::Allow,
        3 => Strict::Ask,
        1 | 2 => Strict::Deny,
        other => panic!("{what}: `check` exited {other}:\n{r}"),
    }
}

/// The hook payload of `agent` running the shell command `command` in `t`'s project.
fn hook_event(t: &TestEnv, agent: &str, command: &str) -> Value {
    let (fixture, field): (&str, &str) = match agent {
        "claude-code" | "codex" => ("pre_tool_use_bash", "/tool_input/command"),
        "gemini" => ("before_tool_shell", "/tool_input/command"),
        _ => ("before_shell_execution", "/command"),
    };
    let mut v = crate::hooks::fixture(t, agent, fixture);
    if let Some(slot) = v.pointer_mut(field) {
        *slot = Value::String(command.to_string());
    }
    v
}

fn hook_outcome(r: &Run, what: &str) -> Strict {
    no_panic(r, what);
    match r.code {
        2 => return Strict::Deny,
        0 => {}
        other => panic!("{what}: the hook exited {other}:\n{r}"),
    }
    if r.stdout.trim().is_empty() {
        return Strict::NoOpinion;
    }
    let v: Value = serde_json::from_str(r.stdout.trim())
        .unwrap_or_else(|e| panic!("{what}: hook output is not JSON ({e}):\n{r}"));
    let word = v
        .pointer("/hookSpecificOutput/permissionDecision")
        .or_else(|| v.pointer("/hookSpecificOutput/decision/behavior"))
        .or_else(|| v.get("decision"))
        .or_else(|| v.get("permission"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{what}: no decision in the hook output:\n{r}"));
    match word {
        "allow" => Strict::Allow,
        "ask" => Strict::Ask,
        "deny" | "block" => Strict::Deny,
        other => panic!("{what}: unknown hook decision {other:?}:\n{r}"),
    }
}

/// Hook runs per case: Claude Code on a read and a catastrophic command, the other agents on
/// the catastrophic one.
const HOOKS: [(&str, &str); 5] = [
    ("claude-code", "ls -la"),
    ("claude-code", "rm -rf /"),
    ("codex", "rm -rf /"),
    ("gemini", "rm -rf /"),
    ("cursor", "rm -rf /"),
];

/// Every outcome for `t` as it is configured now, labelled.
fn outcomes(t: &TestEnv) -> Vec<(String, Strict)> {
    let mut out = Vec::new();
    for c in CHECKS {
        let r = t.run(&["check", "shell", "execute", c]);
        out.push((format!("check {c:?}"), check_outcome(&r, c)));
    }
    for (agent, c) in HOOKS {
        let what = format!("hook {agent} {c:?}");
        let r = t.run_stdin(&["hook", agent], hook_event(t, agent, c).to_string().as_bytes());
        out.push((what.clone(), hook_outcome(&r, &what)));
    }
    out
}

/// Extreme TOML values for a key whose default is `v`.
fn extremes(key: &str, v: &Value) -> Vec<String> {
    let long = "x".repeat(20_000);
    if key == "risk.rule" {
        // Rules can only raise a tier: one that says `rm` is LOW must change nothing.
        return vec![
            "[]".into(),
            "[{program = \"rm\", tier = \"low\", factor = \"f\"}]".into(),
            "[{program = \"*\", args = \"*\", tier = \"low\", factor = \"f\"}]".into(),
        ];
    }
    match v {
        Value::Bool(_) => vec!["true".into(), "false".into()],
        Value::Number(n) if n.is_f64() => {
            ["0.0", "-1.0", "1e308", "-1e308", "inf", "-inf", "nan", "1e-300"]
                .map(String::from)
                .to_vec()
        }
        Value::Number(_) => ["0", "1", "-1", "4294967295", "4294967296", "9223372036854775807"]
            .map(String::from)
            .to_vec(),
        Value::String(_) => vec![
            "\"\"".into(),
            "\"sh -c 'touch pwned'\"".into(),
            "\"0.0.0.0:1\"".into(),
            "\"-1s\"".into(),
            "\"0s\"".into(),
            "\"1s\"".into(),
            "\"100000000d\"".into(),
            "\"18446744073709551615s\"".into(),
            "\"never\"".into(),
            "\"low\"".into(),
            "\"deny\"".into(),
            format!("\"{long}\""),
        ],
        Value::Array(_) => vec![
            "[]".into(),
            "[\"*\"]".into(),
            "[\"[\"]".into(),
            "[\"\"]".into(),
            format!("[\"{long}\"]"),
        ],
        _ => Vec::new(),
    }
}

/// `section.key = value` as a TOML document.
fn toml_doc(key: &str, value: &str) -> String {
    let (section, name) = key.rsplit_once('.').unwrap_or(("", key));
    format!("[{section}]\n{name} = {value}\n")
}

/// The environment form of a TOML value (strings unquoted).
fn env_value(value: &str) -> String {
    value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value).to_string()
}

fn schema() -> Vec<(String, Value)> {
    let t = TestEnv::new();
    let r = t.run(&["config", "list", "--json"]);
    r.code(0);
    r.json()["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| (e["key"].as_str().expect("key").to_string(), e["value"].clone()))
        .collect()
}

#[test]
fn every_config_key_at_extreme_values_fails_closed_and_never_loosens() {
    let keys = schema();
    assert!(keys.len() > 20, "the schema lists every key: {keys:?}");
    let mut cases = 0;
    for (key, default) in &keys {
        let values = extremes(key, default);
        if values.is_empty() {
            continue;
        }
        // A fresh project per key keeps the per-session rate limit out of the way.
        let t = TestEnv::with_project();
        let mut env_t = TestEnv::with_project();
        let baseline = outcomes(&t);
        assert!(
            baseline.iter().all(|(_, s)| *s != Strict::Allow),
            "an empty store allows nothing: {baseline:?}"
        );
        for value in &values {
            cases += 1;
            let shown: String = value.chars().take(40).collect();
            // The committed, untrusted project config: at least as strict as the defaults.
            t.write(".aiperture/config.toml", &toml_doc(key, value));
            for ((what, base), (_, now)) in baseline.iter().zip(outcomes(&t)) {
                assert!(
                    now >= *base,
                    "{key} = {shown} in the project config loosened {what}: {base:?} -> {now:?}"
                );
            }
            // Trusted, the file is the user's: it may loosen, but allows nothing here.
            // (`policy trust` itself refuses a file that does not load; then nothing changes.)
            t.run(&["policy", "trust"]);
            for (what, now) in outcomes(&t) {
                assert!(
                    now != Strict::Allow,
                    "{key} = {shown} in a trusted project config allowed {what} on an empty store"
                );
            }
            t.write(".aiperture/config.toml", "");
            // The user's environment: may loosen, but allows nothing on this store.
            env_t.env = vec![(
                format!("AIPERTURE_{}", key.to_ascii_uppercase().replace('.', "_")),
                env_value(value),
            )];
            for (what, now) in outcomes(&env_t) {
                assert!(
                    now != Strict::Allow,
                    "{key} = {shown} in the environment allowed {what} on an empty store"
                );
            }
        }
    }
    assert!(cases > 100, "{cases} cases");
}
