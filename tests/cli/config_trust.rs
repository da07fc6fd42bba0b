//! A project's committed `config.toml` can only tighten until `aiperture policy trust`
//! (issue 16, point 1), and every duration and count in config is bounded (point 4): an
//! out-of-range value is a config error that fails closed, never a panic.

use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::hooks::{fixture, run_hook, with};

/// What a cloned repository might commit: every class of loosening and executing setting,
/// plus one tightening value.
fn cloned(t: &TestEnv, marker: &std::path::Path) {
    t.write(
        ".aiperture/config.toml",
        &format!(
            "[audit]\nforward_command = \"cat >> '{}'\"\n\n[learning]\nmin_decisions = 1\n\
             auto_approve_threshold = 0.5\n\n[session]\nrate_limit_per_minute = 0\nrisk_budget = 0\n\n\
             [hooks]\nask_at_risk = \"never\"\n\n[mcp]\nhuman_decisions = true\n\n\
             [server]\naddr = \"0.0.0.0:8100\"\n\n[journal]\ndurability = \"flush\"\n\n\
             [decision]\ndefault = \"deny\"\n\n[scope]\nsensitive_patterns = [\"*.pem\"]\n",
            marker.display()
        ),
    );
    t.write(".aiperture/policy.toml", "# cloned policy\n");
}

const LOOSE: [&str; 10] = [
    "audit.forward_command",
    "hooks.ask_at_risk",
    "journal.durability",
    "learning.auto_approve_threshold",
    "learning.min_decisions",
    "mcp.human_decisions",
    "scope.sensitive_patterns",
    "server.addr",
    "session.rate_limit_per_minute",
    "session.risk_budget",
];

fn ignored(v: &Value) -> Vec<String> {
    v["untrusted_config_ignored"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
        .unwrap_or_default()
}

#[test]
fn an_untrusted_project_config_only_tightens_until_trusted() {
    let t = TestEnv::new();
    let marker = t.tmp.path().join("forwarded");
    cloned(&t, &marker);

    let r = t.run(&["check", "shell", "execute", "ls", "--json"]);
    r.code(1);
    let v = r.json();
    // The tightening value applies: nothing decides, so the default is deny.
    assert_eq!((v["decision"].as_str(), v["decided_by"].as_str()), (Some("deny"), Some("default")));
    assert_eq!(ignored(&v), LOOSE, "{v}");
    assert_eq!(r.stderr.matches("warning:").count(), 1, "{r}");
    assert!(r.stderr.contains("not trusted") && r.stderr.contains("policy trust"), "{r}");
    // The forwarder never ran.
    assert!(!marker.exists(), "forward_command ran from an untrusted config");

    // The read commands say what is ignored.
    let r = t.run(&["config", "list", "--show-origin"]);
    r.code(0);
    for key in LOOSE {
        assert!(r.stdout.contains(&format!("# ignored until trusted: {key} = ")), "{key}\n{r}");
    }
    assert!(r.stdout.contains("session.rate_limit_per_minute = 200    # built-in defaults"), "{r}");
    assert!(r.stdout.contains("decision.default = \"deny\"    # "), "{r}");
    let v = t.run(&["config", "list", "--json"]).json();
    assert_eq!(v["ignored"].as_array().map(Vec::len), Some(LOOSE.len()), "{v}");
    let v = t.run(&["policy", "check", "--json"]).json();
    assert_eq!(v["config"]["trusted"], false, "{v}");
    let keys: Vec<&str> = v["config"]["ignored"]
        .as_array()
        .expect("ignored")
        .iter()
        .filter_map(|i| i["key"].as_str())
        .collect();
    assert_eq!(keys, LOOSE);
    let r = t.run(&["policy", "check"]);
    assert!(r.stdout.contains("not trusted; ignored until trusted:"), "{r}");
    assert!(r.stdout.contains("  mcp.human_decisions = true"), "{r}");

    // A human reviews and trusts both files: everything applies, the forwarder runs.
    let trusted = t.run(&["policy", "trust", "--json"]);
    trusted.code(0);
    let tv = trusted.json();
    assert_eq!(tv["config_sha256"].as_str().map(str::len), Some(64), "{tv}");
    let r = t.run(&["check", "shell", "execute", "ls", "--json"]);
    let v = r.json();
    assert!(v.get("untrusted_config_ignored").is_none(), "{v}");
    assert!(!r.stderr.contains("warning:"), "{r}");
    assert!(marker.exists(), "a trusted forward_command runs");
    assert_eq!(t.run(&["policy", "check", "--json"]).json()["config"]["trusted"], true);
    assert_eq!(t.run(&["config", "get", "session.rate_limit_per_minute"]).stdout.trim(), "0");

    // Any change to either file needs trust again.
    for (file, text) in [
        (".aiperture/policy.toml", "# cloned policy, edited\n"),
        (".aiperture/config.toml", "[session]\nrate_limit_per_minute = 0\n"),
    ] {
        std::fs::remove_file(&marker).expect("marker");
        let before = std::fs::read_to_string(t.cwd.join(file)).expect("read");
        t.write(file, text);
        let v = t.check_json("shell", "execute", "ls", &[]);
        assert!(ignored(&v).contains(&"session.rate_limit_per_minute".to_string()), "{file}: {v}");
        assert!(!marker.exists(), "{file}: forward_command ran after a change");
        assert_eq!(t.run(&["policy", "check", "--json"]).json()["config"]["trusted"], false);
        t.write(file, &before);
        t.run(&["policy", "trust"]).code(0);
    }
}

#[test]
fn an_old_policy_only_trust_record_does_not_trust_a_config() {
    let t = TestEnv::new();
    let marker = t.tmp.path().join("forwarded");
    cloned(&t, &marker);
    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"ls\"\ndecision = \"allow\"\n",
    );
    let policy = std::fs::read(t.store().join("policy.toml")).expect("policy");
    let sha = aiperture::store::trust::sha256_hex(&policy);
    let key = t.store().join("policy.toml").display().to_string();
    std::fs::create_dir_all(t.user_store()).expect("user store");
    std::fs::write(
        t.user_store().join("trusted-policies.json"),
        serde_json::to_vec(&json!({"format": 1, "policies": {key: sha}})).expect("json"),
    )
    .expect("trust file");
    let v = t.check_json("shell", "execute", "ls", &[]);
    // The policy it hashed is trusted (its allow rule decides) ...
    assert_eq!((v["decision"].as_str(), v["decided_by"].as_str()), (Some("allow"), Some("policy")));
    // ... the config it never hashed is not.
    assert_eq!(ignored(&v), LOOSE, "{v}");
    assert!(!marker.exists());
    // Trusting again writes a record over both files.
    t.run(&["policy", "trust"]).code(0);
    let v = t.check_json("shell", "execute", "ls", &[]);
    assert!(ignored(&v).is_empty(), "{v}");
    let text = std::fs::read_to_string(t.user_store().join("trusted-policies.json")).expect("t");
    assert!(text.contains("\"format\": 2") && text.contains("config_sha256"), "{text}");
}

#[test]
fn init_trusts_what_it_writes_and_config_set_keeps_a_trusted_file_trusted() {
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    assert_eq!(t.run(&["config", "get", "session.rate_limit_per_minute"]).stdout.trim(), "0");
    assert_eq!(t.run(&["policy", "check", "--json"]).json()["config"]["trusted"], true);
    // Edited by hand (as a pull would): untrusted again; config set does not re-trust it.
    t.write(".aiperture/config.toml", "[session]\nrate_limit_per_minute = 0\n\n");
    let r = t.run(&["config", "set", "learning.min_decisions", "3"]);
    r.code(0);
    assert!(r.stderr.contains("ignored until you review the file"), "{r}");
    assert_eq!(t.run(&["config", "get", "learning.min_decisions"]).stdout.trim(), "10");
    assert_eq!(t.run(&["config", "get", "session.rate_limit_per_minute"]).stdout.trim(), "200");
}

#[test]
fn an_untrusted_config_cannot_turn_off_the_hook_dialog() {
    let t = TestEnv::new();
    cloned(&t, &t.tmp.path().join("forwarded"));
    t.write(".aiperture/config.toml", "[hooks]\nask_at_risk = \"never\"\n");
    let ev = with(fixture(&t, "claude-code", "pre_tool_use_bash"), |v| {
        v["tool_input"]["command"] = json!("git push --force origin main");
    });
    let r = run_hook(&t, "claude-code", &ev);
    r.code(0);
    let v = r.json();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "ask", "{r}");
    t.run(&["policy", "trust"]).code(0);
    let r = run_hook(&t, "claude-code", &ev);
    r.code(0);
    assert_eq!(r.stdout, "", "trusted: no opinion\n{r}");
}

#[test]
fn an_untrusted_config_cannot_offer_the_human_decision_tools_over_mcp() {
    let t = TestEnv::new();
    t.write(".aiperture/config.toml", "[mcp]\nhuman_decisions = true\n");
    let input = concat!(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
        "\n",
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        "\n",
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        "\n"
    );
    let r = t.run_stdin(&["mcp-serve"], input.as_bytes());
    r.code(0);
    assert!(r.stdout.contains("check_permission"), "{r}");
    assert!(!r.stdout.contains("approve_action"), "{r}");
    assert!(r.stderr.contains("mcp.human_decisions"), "{r}");
    t.run(&["policy", "trust"]).code(0);
    let r = t.run_stdin(&["mcp-serve"], input.as_bytes());
    assert!(r.stdout.contains("approve_action"), "{r}");
}

/// Out-of-range durations and counts are config errors naming the file and the key: `check`
/// exits 2 and the hook answers its deny form; never exit 101 (a panic).
#[test]
fn out_of_range_config_values_fail_closed_with_clear_errors() {
    let t = TestEnv::with_project();
    let cases = [
        "[challenge]\nttl = \"100000000d\"",
        "[challenge]\nttl = \"0s\"",
        "[hooks]\nprompt_timeout = \"100000000d\"",
        "[hooks]\nlock_timeout_ms = 0",
        "[server]\nworkers = 100000",
        "[server]\nmax_body_bytes = 9223372036854775807",
        "[server]\nread_timeout_ms = 1",
        "[audit]\nforward_timeout_ms = 99999999",
        "[journal]\nsegment_max_bytes = 1",
        "[session]\nrate_limit_per_minute = -5",
        "[session]\nrisk_budget = 1e308",
        "[learning]\nmin_decisions = 99999999999",
        "[learning]\npattern_max_age_days = 4000000000",
        "[learning]\nrapid_approval_window_seconds = 0",
        "[learning]\ndecay_half_life_days = -1",
        "[learning]\nauto_approve_threshold = 2",
        "[intel]\nepsilon = 1000",
        "[intel]\nmin_orgs = 0",
    ];
    let ev = fixture(&t, "claude-code", "pre_tool_use_bash");
    for text in cases {
        let key = format!(
            "{}.{}",
            text.split(['[', ']']).nth(1).expect("section"),
            text.split('\n').nth(1).and_then(|l| l.split(" = ").next()).expect("key")
        );
        t.write(".aiperture/config.toml", &format!("{text}\n"));
        let r = t.run(&["check", "shell", "execute", "ls"]);
        r.code(2);
        assert!(r.stderr.contains(&format!("`{key}`")), "{text}\n{r}");
        assert!(r.stderr.contains(".aiperture/config.toml"), "{text}\n{r}");
        let r = run_hook(&t, "claude-code", &ev);
        assert_ne!(r.code, 101, "{text}\n{r}");
        r.code(0);
        let v = r.json();
        assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny", "{text}\n{r}");
        // The same through the user's own layers.
        let raw = text.split(" = ").nth(1).expect("value").trim_matches('"');
        t.write(".aiperture/config.toml", "");
        let r = t.run(&["--config", &format!("{key}={raw}"), "check", "shell", "execute", "ls"]);
        r.code(2);
        assert!(r.stderr.contains(&format!("`{key}`")), "{text}\n{r}");
    }
}

#[test]
fn an_untrusted_ask_rule_does_not_displace_a_default_of_deny() {
    let t = TestEnv::with_project();
    let user = t.home.join(".config/aiperture");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(user.join("config.toml"), "[decision]\ndefault = \"deny\"\n").unwrap();
    // A cloned repository's policy: ask for everything, which a hook below `ask_at_risk`
    // leaves to the agent's own rules.
    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"*\"\naction = \"*\"\nscope = \"*\"\ndecision = \"ask\"\n",
    );
    let v = t.check_json("shell", "execute", "rm -rf build", &[]);
    assert_eq!(
        (v["decision"].as_str(), v["decided_by"].as_str()),
        (Some("deny"), Some("default")),
        "{v}"
    );
    // Trusted, the same rule is the user's own and applies.
    t.run(&["policy", "trust"]).code(0);
    let v = t.check_json("shell", "execute", "rm -rf build", &[]);
    assert_eq!(
        (v["decision"].as_str(), v["decided_by"].as_str()),
        (Some("ask"), Some("policy")),
        "{v}"
    );
}

#[test]
fn a_store_cloned_inside_a_project_does_not_replace_the_project_store() {
    let t = TestEnv::with_project();
    // The project's own rule.
    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"git push --force*\"\n\
         decision = \"deny\"\n",
    );
    // A repository cloned into the project, with a store of its own (and even a journal and
    // secret committed).
    t.write("vendor/x/.aiperture/policy.toml", "# theirs\n");
    t.write("vendor/x/.aiperture/config.toml", "[session]\nrisk_budget = 0\n");
    t.write("vendor/x/.aiperture/secret", "0123456789abcdef0123456789abcdef");
    let check = |dir: &std::path::Path| {
        let mut c = t.command(&["check", "shell", "execute", "git push --force", "--json"]);
        c.current_dir(dir);
        let out = c.output().unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let v = check(&t.cwd.join("vendor/x"));
    assert_eq!(
        (v["decision"].as_str(), v["decided_by"].as_str()),
        (Some("deny"), Some("policy_deny")),
        "{v}"
    );
    assert_eq!(v["store"].as_str(), Some(t.store().display().to_string().as_str()), "{v}");
    // Once a human adopts it (trusts its files), it is the store of its folder.
    let mut c = t.command(&["--store", "vendor/x/.aiperture", "policy", "trust"]);
    assert!(c.output().unwrap().status.success());
    let v = check(&t.cwd.join("vendor/x"));
    assert!(v["store"].as_str().is_some_and(|s| s.ends_with("vendor/x/.aiperture")), "{v}");
    assert_ne!(v["decided_by"].as_str(), Some("policy_deny"), "{v}");
}
