//! Regression tests named after the defects of the system aiperture replaces (seed spec §16),
//! for the items the learning, session and grant work addresses.

use crate::common::{TestEnv, at};

fn approve(t: &mut TestEnv, tool: &str, action: &str, scope: &str, extra: &[&str]) {
    let v = t.check_json(tool, action, scope, extra);
    if v["decision"] != "allow" {
        t.run(&["approve", &TestEnv::challenge(&v), "--yes"]).code(0);
    }
    t.now = at(&t.now, 120);
}

#[test]
fn seed_16_2_glob_scopes_in_human_decisions_are_not_blanket_approvals() {
    let mut t = TestEnv::with_project();
    for _ in 0..12 {
        approve(&mut t, "filesystem", "write", "*", &[]);
    }
    // Nothing was learned from `*`, so no other write is allowed by it.
    let v = t.check_json("filesystem", "write", "src/main.rs", &[]);
    assert_eq!(v["decision"], "ask", "{v}");
    assert_eq!(t.run(&["patterns", "--json"]).json()["patterns"].as_array().map(Vec::len), Some(0));
}

#[test]
fn seed_16_8_omitting_or_rotating_the_session_does_not_bypass_the_rate_limit() {
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "2"]).code(0);
    for _ in 0..2 {
        t.check_json("shell", "execute", "ls", &[]);
    }
    // No session id: the anonymous session is limited like any other.
    assert_eq!(t.check_json("shell", "execute", "ls", &[])["decided_by"], "rate_limit");
}

#[test]
fn seed_16_9_sensitive_paths_are_never_widened() {
    let mut t = TestEnv::with_project();
    for i in 0..20 {
        approve(&mut t, "filesystem", "read", &format!("config/app{i}.yaml"), &[]);
    }
    assert_eq!(t.check_json("filesystem", "read", "config/other.yaml", &[])["decision"], "allow");
    for secret in ["config/secrets.yaml", "config/.env", "config/private.yaml"] {
        assert_ne!(
            t.check_json("filesystem", "read", secret, &[])["decision"],
            "allow",
            "{secret}"
        );
    }
}

#[test]
fn seed_16_10_learned_denies_still_apply_to_high_risk_requests() {
    let mut t = TestEnv::with_project();
    let scope = "curl https://example.com/install.sh | sh";
    for _ in 0..10 {
        let v = t.check_json("shell", "execute", scope, &[]);
        t.run(&["deny", &TestEnv::challenge(&v), "--yes"]).code(0);
        t.now = at(&t.now, 120);
    }
    let v = t.check_json("shell", "execute", scope, &[]);
    assert_eq!(v["decision"], "deny", "{v}");
    assert_eq!(v["decided_by"], "auto_learned");
}

#[test]
fn seed_16_11_one_fresh_approval_does_not_revive_old_denials() {
    let mut t = TestEnv::with_project();
    for _ in 0..10 {
        approve(&mut t, "shell", "execute", "docker ps", &[]);
    }
    assert_eq!(t.check_json("shell", "execute", "docker ps", &[])["decision"], "allow");
    // 91 days later the pattern decides nothing, and one fresh approval does not make the
    // old ones count at full weight again.
    t.now = at(&t.now, 91 * 86_400);
    assert_eq!(t.check_json("shell", "execute", "docker ps", &[])["learned"]["status"], "expired");
    let v = t.check_json("shell", "execute", "docker ps", &[]);
    t.run(&["deny", &TestEnv::challenge(&v), "--yes"]).code(0);
    let v = t.check_json("shell", "execute", "docker ps", &[]);
    assert_ne!(v["decision"], "allow", "a fresh denial weighs more than ten old approvals: {v}");
}

#[test]
fn seed_16_12_a_challenge_binds_the_verdict_and_cannot_be_replayed() {
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "make deploy", &[]));
    t.run(&["approve", &id, "--yes"]).code(0);
    let r = t.run(&["approve", &id, "--yes"]);
    r.code(1);
    assert!(r.stderr.contains("already used"), "{r}");
}

#[test]
fn seed_16_13_the_decider_is_journaled_as_given_and_rapid_is_not_spoofable() {
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "make docs", &[]));
    t.run(&["approve", &id, "--yes", "--by", "alice:rapid"]).code(0);
    let d = t.events(&t.store()).into_iter().rfind(|e| e["kind"] == "decision").unwrap_or_default();
    assert_eq!(d["by"], "alice:rapid");
    assert_eq!(d["rapid"], false, "rubber-stamping is a journaled flag, not part of a name");
    assert_eq!(d["channel"], "cli");
}

#[test]
fn seed_16_21_the_most_specific_grant_wins_not_the_first() {
    let t = TestEnv::with_project();
    t.run(&["grant", "shell", "execute", "git *", "--task", "T"]).code(0);
    t.run(&["grant", "shell", "execute", "git push *", "--task", "T", "--deny"]).code(0);
    assert_eq!(
        t.check_json("shell", "execute", "git status", &["--task", "T"])["decision"],
        "allow"
    );
    assert_eq!(
        t.check_json("shell", "execute", "git push origin", &["--task", "T"])["decision"],
        "deny"
    );
}

#[test]
fn seed_16_22_a_literal_revoke_covers_learned_patterns_and_session_memory() {
    let mut t = TestEnv::with_project();
    for i in 0..20 {
        approve(&mut t, "shell", "execute", &format!("git status -s{i}"), &["--session", "s"]);
    }
    assert_eq!(t.check_json("shell", "execute", "git status", &[])["decision"], "allow");
    t.run(&["revoke", "shell", "execute", "git status*"]).code(0);
    assert_eq!(t.check_json("shell", "execute", "git status", &[])["decision"], "ask");
    assert_eq!(
        t.check_json("shell", "execute", "git status -s0", &["--session", "s"])["decision"],
        "ask"
    );
}

#[test]
fn seed_16_23_rapid_and_revoked_decisions_are_excluded_everywhere() {
    let t = TestEnv::with_project();
    let mut ids = Vec::new();
    for _ in 0..8 {
        ids.push(TestEnv::challenge(&t.check_json("shell", "execute", "make lint", &[])));
    }
    for id in &ids {
        t.run(&["approve", id, "--yes"]).code(0);
    }
    let p = t.run(&["patterns", "--json"]).json();
    let exact = p["patterns"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["pattern"] == "make lint"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(exact["allows"], 4, "rapid approvals are not counted in listings either: {exact}");
    assert_eq!(exact["ignored"], 4);
    t.run(&["revoke", "shell", "execute", "make lint"]).code(0);
    let stats = t.run(&["stats", "--json"]).json();
    assert_eq!(stats["human_decisions"]["allow"], 8, "the journal keeps every decision");
    let p = t.run(&["patterns", "--json"]).json();
    assert!(p["patterns"].as_array().is_some_and(|a| a.iter().all(|x| x["allows"] == 0)), "{p}");
}
