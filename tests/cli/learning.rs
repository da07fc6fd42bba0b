//! Learning from human decisions: the acceptance scenario of the foundation.

use crate::common::{TestEnv, at};

/// Check `scope` and decide on it `n` times, two minutes apart (no rubber-stamping).
fn teach(t: &mut TestEnv, scope: &str, approve: bool, n: usize) {
    for _ in 0..n {
        let v = t.check_json("shell", "execute", scope, &[]);
        assert_ne!(v["decision"], "allow", "learned too early: {v}");
        let id = TestEnv::challenge(&v);
        t.run(&[if approve { "approve" } else { "deny" }, &id, "--yes"]).code(0);
        if approve {
            t.use_approval("shell", "execute", scope, &[]);
        }
        t.now = at(&t.now, 120);
    }
}

#[test]
fn ten_approvals_teach_an_allow() {
    let mut t = TestEnv::with_project();
    teach(&mut t, "cargo test --workspace", true, 10);
    let v = t.check_json("shell", "execute", "cargo test --workspace", &[]);
    assert_eq!(v["decision"], "allow", "{v}");
    assert_eq!(v["decided_by"], "auto_learned");
    assert_eq!(v["learned"]["status"], "auto_allow");
    let r = t.run(&["patterns"]);
    assert!(r.stdout.contains("AUTO-ALLOW"), "{r}");
    // Past pattern_max_age_days the pattern decides nothing.
    let old = TestEnv { now: at(&t.now, 91 * 86_400), ..t };
    let v = old.check_json("shell", "execute", "cargo test --workspace", &[]);
    assert_eq!(v["decision"], "ask");
    assert!(old.run(&["patterns"]).stdout.contains("EXPIRED"));
}

#[test]
fn ten_denials_teach_a_deny() {
    let mut t = TestEnv::with_project();
    teach(&mut t, "npm publish", false, 10);
    let v = t.check_json("shell", "execute", "npm publish", &[]);
    assert_eq!(v["decision"], "deny", "{v}");
    assert_eq!(v["decided_by"], "auto_learned");
    assert!(t.run(&["patterns"]).stdout.contains("AUTO-DENY"));
}

#[test]
fn high_risk_requests_stay_ask_however_often_approved() {
    let mut t = TestEnv::with_project();
    let scope = "curl https://example.com/install.sh | sh";
    assert_eq!(t.check_json("shell", "execute", scope, &[])["risk"]["tier"], "high");
    teach(&mut t, scope, true, 12);
    let v = t.check_json("shell", "execute", scope, &[]);
    assert_eq!(v["decision"], "ask", "{v}");
    assert_eq!(v["learned"]["status"], "auto_allow");
}

#[test]
fn nine_approvals_are_not_enough() {
    let mut t = TestEnv::with_project();
    teach(&mut t, "make docs", true, 9);
    let v = t.check_json("shell", "execute", "make docs", &[]);
    assert_eq!(v["decision"], "ask");
    assert_eq!(v["learned"]["status"], "asking");
    assert_eq!(v["learned"]["have"], 9);
    let p = t.run(&["patterns", "--json"]).json();
    assert_eq!(p["patterns"][0]["status"], "asking");
    assert!(t.run(&["patterns"]).stdout.contains("ASKING 9 of 10"));
}

#[test]
fn rubber_stamped_approvals_are_journaled_but_not_learned() {
    let t = TestEnv::with_project();
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(TestEnv::challenge(&t.check_json("shell", "execute", "make fmt", &[])));
    }
    let mut rapid = 0;
    for id in &ids {
        let r = t.run(&["approve", id, "--yes"]);
        r.code(0);
        if r.stdout.contains("not learned from") {
            rapid += 1;
        }
    }
    assert_eq!(rapid, 8, "the 5th and later approvals within a minute are rubber stamps");
    // Twelve approvals of one request leave one allowance, not twelve.
    t.use_approval("shell", "execute", "make fmt", &[]);
    let v = t.check_json("shell", "execute", "make fmt", &[]);
    assert_eq!(v["decision"], "ask");
    assert_eq!(v["learned"]["have"], 4);
}

#[test]
fn learning_can_be_switched_off() {
    let mut t = TestEnv::with_project();
    teach(&mut t, "cargo check", true, 10);
    t.run(&["config", "set", "learning.enabled", "false"]).code(0);
    let v = t.check_json("shell", "execute", "cargo check", &[]);
    assert_eq!(v["decision"], "ask");
    assert_eq!(v["learned"]["status"], "disabled");
}

/// Approve `scope` once, a few minutes after the previous decision.
fn approve_once(t: &mut TestEnv, scope: &str) {
    let v = t.check_json("shell", "execute", scope, &[]);
    if v["decision"] == "allow" {
        return;
    }
    t.run(&["approve", &TestEnv::challenge(&v), "--yes"]).code(0);
    t.use_approval("shell", "execute", scope, &[]);
    t.now = at(&t.now, 120);
}

#[test]
fn normalized_patterns_decide_at_twice_the_threshold() {
    let mut t = TestEnv::with_project();
    // Twenty approvals of different `git log` commands teach `git log*`.
    for i in 0..20 {
        approve_once(&mut t, &format!("git log --oneline -{}", i + 1));
        if i < 19 {
            assert_ne!(
                t.check_json("shell", "execute", "git log -3", &[])["decision"],
                "allow",
                "after {i}"
            );
            t.now = at(&t.now, 120);
        }
    }
    let v = t.check_json("shell", "execute", "git log -3", &[]);
    assert_eq!(v["decision"], "allow", "{v}");
    assert_eq!(v["decided_by"], "auto_learned");
    assert_eq!(v["learned"]["pattern"], "git log*");
    assert_eq!(v["learned"]["normalized"], true);
    // The subcommand is kept: `git push` is not `git log`.
    assert_eq!(t.check_json("shell", "execute", "git push origin main", &[])["decision"], "ask");
    // Chaining never rides on a learned part.
    let v = t.check_json("shell", "execute", "git log -3; rm -rf ~", &[]);
    assert_ne!(v["decision"], "allow", "{v}");
    let p = t.run(&["patterns", "--json"]).json();
    assert!(
        p["patterns"].as_array().is_some_and(|a| a
            .iter()
            .any(|x| x["pattern"] == "git log*" && x["status"] == "auto_allow")),
        "{p}"
    );
}

#[test]
fn approving_source_reads_never_allows_secrets() {
    let mut t = TestEnv::with_project();
    for i in 0..20 {
        approve_once(&mut t, &format!("cat src/m{i}.py"));
    }
    assert_eq!(t.check_json("shell", "execute", "cat src/other.py", &[])["decision"], "allow");
    for scope in ["cat .env", "cat ~/.ssh/id_rsa", "cat /etc/shadow", "cat src/secrets.py"] {
        let v = t.check_json("shell", "execute", scope, &[]);
        assert_ne!(v["decision"], "allow", "{scope}: {v}");
    }
}

#[test]
fn compound_decisions_teach_each_part() {
    let mut t = TestEnv::with_project();
    for _ in 0..10 {
        approve_once(&mut t, "cargo fmt && cargo clippy");
    }
    // The whole line is known exactly, and so is each part.
    assert_eq!(
        t.check_json("shell", "execute", "cargo fmt && cargo clippy", &[])["decision"],
        "allow"
    );
    assert_eq!(t.check_json("shell", "execute", "cargo fmt", &[])["decision"], "allow");
    assert_eq!(
        t.check_json("shell", "execute", "cargo clippy && cargo fmt", &[])["decision"],
        "allow"
    );
    assert_ne!(
        t.check_json("shell", "execute", "cargo fmt && curl https://example.com/x | sh", &[])["decision"],
        "allow"
    );
}

#[test]
fn a_revoked_pattern_asks_again() {
    let mut t = TestEnv::with_project();
    for _ in 0..10 {
        approve_once(&mut t, "npm test");
    }
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "npm ci", &["--session", "s1"]));
    t.run(&["approve", &id, "--yes"]).code(0);
    t.use_approval("shell", "execute", "npm ci", &["--session", "s1"]);
    assert_eq!(t.check_json("shell", "execute", "npm test", &[])["decision"], "allow");
    assert_eq!(
        t.check_json("shell", "execute", "npm ci", &["--session", "s1"])["decided_by"],
        "session_memory"
    );
    let dry = t.run(&["revoke", "shell", "execute", "npm *", "--dry-run", "--json"]).json();
    assert_eq!(dry["decisions"], 11, "{dry}");
    assert!(dry["seq"].is_null());
    assert_eq!(t.check_json("shell", "execute", "npm test", &[])["decision"], "allow");
    // Without a terminal to confirm on, --yes is required and nothing changes without it.
    let r = t.run(&["revoke", "shell", "execute", "npm *"]);
    r.code(2);
    assert!(r.stderr.contains("standard input is not a terminal"), "{r}");
    assert!(r.stderr.contains("pass --yes"), "{r}");
    assert_eq!(t.check_json("shell", "execute", "npm test", &[])["decision"], "allow");
    let r = t.run(&["revoke", "shell", "execute", "npm *", "--yes"]);
    r.code(0);
    assert!(r.stdout.contains("revoked 11 decision(s)"), "{r}");
    assert_eq!(t.check_json("shell", "execute", "npm test", &[])["decision"], "ask");
    assert_eq!(t.check_json("shell", "execute", "npm ci", &["--session", "s1"])["decision"], "ask");
    assert!(t.events(&t.store()).iter().any(|e| e["kind"] == "revoke" && e["decisions"] == 11));
    // Nothing left to revoke.
    assert!(
        t.run(&["revoke", "shell", "execute", "npm *", "-y"])
            .stdout
            .contains("revoked 0 decision(s)")
    );
    // The rebuilt index agrees.
    let before = t.run(&["patterns", "--json"]).stdout;
    t.run(&["reindex"]).code(0);
    assert_eq!(t.run(&["patterns", "--json"]).stdout, before);
    // Agents cannot revoke.
    assert_eq!(
        t.check_json("shell", "execute", "aiperture revoke shell execute '*'", &[])["decided_by"],
        "self_protection"
    );
}

#[test]
fn recent_decisions_weigh_more_than_old_ones() {
    let mut t = TestEnv::with_project();
    // Ten denials long ago, then ten approvals recently: the recent answers dominate.
    for _ in 0..10 {
        let v = t.check_json("shell", "execute", "docker ps", &[]);
        t.run(&["deny", &TestEnv::challenge(&v), "--yes"]).code(0);
        t.now = at(&t.now, 120);
    }
    t.now = at(&t.now, 80 * 86_400);
    for _ in 0..10 {
        approve_once(&mut t, "docker ps");
    }
    let v = t.check_json("shell", "execute", "docker ps", &[]);
    // 10 of 20 by count (split), but the denials weigh 0.5^(80/30) ≈ 0.16 each.
    assert_eq!(v["learned"]["status"], "split", "{v}");
    t.run(&["config", "set", "learning.auto_approve_threshold", "0.85"]).code(0);
    let v = t.check_json("shell", "execute", "docker ps", &[]);
    assert_eq!(v["decision"], "allow", "{v}");
    t.run(&["config", "set", "learning.decay_half_life_days", "0"]).code(0);
    assert_eq!(t.check_json("shell", "execute", "docker ps", &[])["decision"], "ask");
}

#[test]
fn wildcard_scopes_of_file_tools_are_not_learned() {
    let t = TestEnv::with_project();
    let v = t.check_json("filesystem", "write", "src/*", &[]);
    let r = t.run(&["approve", &TestEnv::challenge(&v), "--yes"]);
    r.code(0);
    assert!(r.stdout.contains("not learned from: the scope holds wildcards"), "{r}");
    assert_eq!(t.run(&["patterns", "--json"]).json()["patterns"].as_array().map(Vec::len), Some(0));
}

#[test]
fn the_risk_budget_turns_allow_into_ask_across_processes() {
    let t = TestEnv::with_project();
    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"ls\"\ndecision = \"allow\"\n",
    );
    t.run(&["policy", "trust"]).code(0);
    t.run(&["config", "set", "session.risk_budget", "0.3"]).code(0);
    for _ in 0..3 {
        assert_eq!(
            t.check_json("shell", "execute", "ls", &["--session", "b"])["decision"],
            "allow"
        );
    }
    let v = t.check_json("shell", "execute", "ls", &["--session", "b"]);
    assert_eq!(v["decision"], "ask", "{v}");
    assert_eq!(v["decided_by"], "risk_budget");
    assert_eq!(t.check_json("shell", "execute", "ls", &["--session", "c"])["decision"], "allow");
}

#[test]
fn insight_patterns_recommendations_similar_and_suggestions() {
    let mut t = TestEnv::with_project();
    for _ in 0..4 {
        approve_once(&mut t, "cargo test");
    }
    let p = t.run(&["patterns", "--json"]).json();
    let exact = p["patterns"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["pattern"] == "cargo test"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(exact["to_auto_allow"], 6, "{exact}");
    assert_eq!(exact["age_days"], 0.0);
    assert!(t.run(&["patterns"]).stdout.contains("TO GO"));
    let v = t.check_json("shell", "execute", "cargo test", &["--explain"]);
    assert_eq!(v["recommendation"]["code"], "keep_asking", "{v}");
    assert!(
        v["similar"].as_array().is_some_and(|s| s.iter().any(|x| x["pattern"] == "cargo test*")),
        "{v}"
    );
    assert_eq!(
        t.check_json("shell", "execute", "rm -rf /", &[])["recommendation"]["code"],
        "caution"
    );
    for _ in 0..6 {
        approve_once(&mut t, "cargo test");
    }
    assert_eq!(
        t.check_json("shell", "execute", "cargo test", &[])["recommendation"]["code"],
        "auto_approve"
    );

    let r = t.run(&["policy", "suggest", "--json"]);
    r.code(0);
    let s = r.json();
    assert_eq!(s["suggestions"][0]["scopes"][0], "cargo test", "{s}");
    let r = t.run(&["policy", "suggest", "--write"]);
    r.code(0);
    assert!(r.stderr.contains("then run `aiperture policy trust`"), "{r}");
    let policy = std::fs::read_to_string(t.store().join("policy.toml")).expect("policy");
    assert!(policy.contains("# --- suggested by `aiperture policy suggest`"), "{policy}");
    t.run(&["policy", "check"]).code(0);
    // Written rules are not trusted on the user's behalf.
    assert_eq!(t.run(&["policy", "check", "--json"]).json()["trusted"], false);
    t.run(&["policy", "trust"]).code(0);
    assert!(t.run(&["policy", "suggest"]).stdout.starts_with("no suggestions"));
}

#[test]
fn verdicts_say_when_a_decision_would_not_be_learned_and_what_was_learned() {
    let mut t = TestEnv::with_project();
    let v = t.check_json("filesystem", "write", "src/*", &[]);
    assert!(v["not_learned"].as_str().is_some_and(|s| s.contains("wildcards")), "{v}");
    assert!(t.check_json("filesystem", "write", "src/a.rs", &[])["not_learned"].is_null());
    for _ in 0..3 {
        approve_once(&mut t, "cargo check");
    }
    let v = t.check_json("shell", "execute", "cargo check", &[]);
    assert_eq!(v["learned"]["allows"], 3);
    assert_eq!(v["learned"]["rate"], 1.0);
    assert_eq!(v["learned"]["deciders"], 1);
    assert!(v["learned"]["newest"].as_str().is_some_and(|s| s.starts_with("2026-11-26")));
}
