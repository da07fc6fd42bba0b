//! Learning from human decisions: the acceptance scenario of the foundation.

use crate::common::{TestEnv, at};

/// Check `scope` and decide on it `n` times, two minutes apart (no rubber-stamping).
fn teach(t: &mut TestEnv, scope: &str, approve: bool, n: usize) {
    for _ in 0..n {
        let v = t.check_json("shell", "execute", scope, &[]);
        assert_ne!(v["decision"], "allow", "learned too early: {v}");
        let id = TestEnv::challenge(&v);
        t.run(&[if approve { "approve" } else { "deny" }, &id, "--yes"]).code(0);
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
