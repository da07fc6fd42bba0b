//! `aiperture approve` / `deny` / `pending`: human decisions on challenges.

use crate::common::{TestEnv, at};

#[test]
fn approve_records_and_consumes_the_challenge() {
    let t = TestEnv::with_project();
    let v = t.check_json("shell", "execute", "cargo test", &[]);
    let id = TestEnv::challenge(&v);
    let p = t.run(&["pending", "--json"]);
    p.code(0);
    assert_eq!(p.json()["pending"][0]["challenge"]["id"], id.as_str());
    let r = t.run(&["approve", &id, "--yes", "--by", "alice", "--reason", "tests are fine"]);
    r.code(0);
    assert!(r.stdout.contains("approved shell execute cargo test"), "{r}");
    assert!(r.stderr.contains("risk LOW"), "shows the request and risk first:\n{r}");
    let ev = t.events(&t.store());
    let d = ev.last().expect("decision event");
    assert_eq!(d["kind"], "decision");
    assert_eq!(d["outcome"], "recorded");
    assert_eq!(d["by"], "alice");
    assert_eq!(d["reason"], "tests are fine");
    assert_eq!(d["channel"], "cli");
    assert_eq!(d["request"]["scope"], "cargo test");
    assert_eq!(t.run(&["pending"]).stdout, "no pending requests\n");
}

#[test]
fn reused_unknown_expired_and_forged_challenges_are_refused_and_journaled() {
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "npm test", &[]));
    t.run(&["deny", &id, "--yes"]).code(0);

    let r = t.run(&["approve", &id, "--yes"]);
    r.code(1);
    assert!(r.stderr.contains("already used"), "{r}");

    let r = t.run(&["approve", "ch_aaaaaaaaaaaaaaaaaaaaaaaa", "--yes"]);
    r.code(4);
    assert!(r.stderr.contains("no such challenge"), "{r}");

    let r = t.run(&["approve", "not-a-challenge", "--yes"]);
    r.code(4);
    assert!(r.stderr.contains("no such challenge"), "{r}");

    let id2 = TestEnv::challenge(&t.check_json("shell", "execute", "npm run build", &[]));
    let late = TestEnv { now: at(&t.now, 3601), ..TestEnv::new() };
    let r =
        late.run(&["--store", t.store().to_str().unwrap_or_default(), "approve", &id2, "--yes"]);
    r.code(1);
    assert!(r.stderr.contains("expired"), "{r}");

    // Forge: edit the stored challenge so it is bound to another command, and re-seal its
    // record in the index's challenge log so the edit is not simply detected as a corrupt
    // cache (which rebuilds it).
    let id3 = TestEnv::challenge(&t.check_json("shell", "execute", "ls docs", &[]));
    let mut edited = 0;
    for e in walkdir::WalkDir::new(t.store().join("index/challenges")) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let text = std::fs::read_to_string(e.path()).expect("read");
            let mut out = String::new();
            for line in text.lines() {
                let (record, _seal) = line.rsplit_once('#').expect("sealed");
                if record.contains(&id3) {
                    let record = record.replace("ls docs", "rm -rf docs");
                    let seal = aiperture::encoding::hex(&<sha2::Sha256 as sha2::Digest>::digest(
                        record.as_bytes(),
                    ));
                    out.push_str(&format!("{record}#{seal}\n"));
                    edited += 1;
                } else {
                    out.push_str(&format!("{line}\n"));
                }
            }
            std::fs::write(e.path(), out).expect("write");
        }
    }
    assert_eq!(edited, 1);
    let r = t.run(&["approve", &id3, "--yes"]);
    r.code(1);
    assert!(r.stderr.contains("does not verify"), "{r}");

    let refused: Vec<String> = t
        .events(&t.store())
        .iter()
        .filter(|e| e["kind"] == "decision" && e["outcome"] == "refused")
        .map(|e| e["refusal"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(refused, ["reused", "unknown", "unknown", "expired", "forged"]);
}

#[test]
fn a_decision_needs_confirmation_without_a_terminal() {
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "make", &[]));
    let r = t.run(&["approve", &id]);
    r.code(2);
    assert!(r.stderr.contains("confirmation needed"), "{r}");
    assert!(r.stderr.contains("hint: pass --yes"), "{r}");
    // Nothing was consumed.
    t.run(&["approve", &id, "--yes"]).code(0);
}

#[test]
fn session_memory_reuses_a_human_decision_in_the_same_session() {
    let t = TestEnv::with_project();
    let id =
        TestEnv::challenge(&t.check_json("shell", "execute", "make lint", &["--session", "s1"]));
    t.run(&["approve", &id, "--yes"]).code(0);
    // The approval's one-time allowance goes first, then session memory.
    t.use_approval("shell", "execute", "make lint", &["--session", "s1"]);
    let v = t.check_json("shell", "execute", "make lint", &["--session", "s1"]);
    assert_eq!(v["decision"], "allow");
    assert_eq!(v["decided_by"], "session_memory");
    assert_eq!(
        t.check_json("shell", "execute", "make lint", &["--session", "s2"])["decision"],
        "ask"
    );
    // CRITICAL is never reused: the approval lets that one request through, and no more.
    let id =
        TestEnv::challenge(&t.check_json("shell", "execute", "rm -rf /", &["--session", "s1"]));
    t.run(&["approve", &id, "--yes"]).code(0);
    t.use_approval("shell", "execute", "rm -rf /", &["--session", "s1"]);
    assert_eq!(
        t.check_json("shell", "execute", "rm -rf /", &["--session", "s1"])["decision"],
        "ask"
    );
}

#[test]
fn pending_lists_open_challenges_as_a_table() {
    let t = TestEnv::with_project();
    t.check_json("shell", "execute", "cargo fmt", &[]);
    t.check_json("web", "fetch", "https://example.com/", &[]);
    let r = t.run(&["pending"]);
    r.code(0);
    assert!(r.stdout.contains("CHALLENGE"), "{r}");
    assert!(r.stdout.contains("cargo fmt") && r.stdout.contains("https://example.com/"), "{r}");
}

/// Run `aiperture ARGS` on a pseudo-terminal (util-linux `script`) with `input` typed in.
pub(crate) fn on_terminal(t: &TestEnv, args: &str, input: &str) -> Option<crate::common::Run> {
    let bin = env!("CARGO_BIN_EXE_aiperture");
    let mut script = std::process::Command::new("script");
    for (k, _) in std::env::vars() {
        if k.starts_with("AIPERTURE_") || k.starts_with("XDG_") {
            script.env_remove(k);
        }
    }
    script
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(&t.cwd)
        .env("HOME", &t.home)
        .env("AIPERTURE_NOW", &t.now)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = script.spawn().ok()?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(input.as_bytes());
    }
    let out = child.wait_with_output().ok()?;
    Some(crate::common::Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    })
}

#[test]
fn on_a_terminal_the_human_confirms() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "make release", &[]));
    let r = on_terminal(&t, &format!("deny {id}"), "n\n").expect("script runs");
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stdout.contains("Deny? [y/N]"), "{r}");
    assert!(r.stdout.contains("not confirmed; nothing was recorded"), "{r}");
    let r = on_terminal(&t, &format!("approve {id}"), "y\n").expect("script runs");
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("shell execute make release"), "{r}");
    assert!(r.stdout.contains("Approve? [y/N]"), "{r}");
    assert!(r.stdout.contains("approved shell execute make release"), "{r}");
}

#[test]
fn a_decision_on_other_content_is_not_reused_and_the_verdict_says_so() {
    let t = TestEnv::with_project();
    let args = ["--session", "s1", "--content-hash", "aaaa"];
    let id = TestEnv::challenge(&t.check_json("filesystem", "write", "src/lib.rs", &args));
    t.run(&["approve", &id, "--yes"]).code(0);
    t.use_approval("filesystem", "write", "src/lib.rs", &args);
    let v = t.check_json("filesystem", "write", "src/lib.rs", &args);
    assert_eq!(v["decided_by"], "session_memory");
    assert_eq!(v["content_changed"], false);
    let v = t.check_json(
        "filesystem",
        "write",
        "src/lib.rs",
        &["--session", "s1", "--content-hash", "bbbb"],
    );
    assert_eq!(v["decision"], "ask", "{v}");
    assert_eq!(v["content_changed"], true);
}

/// The number of learned patterns.
fn pattern_count(t: &TestEnv) -> Option<usize> {
    t.run(&["patterns", "--json"]).json()["patterns"].as_array().map(Vec::len)
}

#[test]
fn approving_a_self_protection_deny_is_refused_and_teaches_nothing() {
    let t = TestEnv::with_project();
    let v = t.check_json("shell", "execute", "aiperture policy trust", &[]);
    assert_eq!(v["decided_by"], "self_protection", "{v}");
    let id = TestEnv::challenge(&v);
    let r = t.run(&["approve", &id, "--yes"]);
    r.code(1);
    assert!(!r.stdout.contains("approved"), "{r}");
    assert!(r.stderr.contains("denied by self-protection: "), "{r}");
    assert!(r.stderr.contains("a human approval cannot change it"), "{r}");
    let d = t.events(&t.store()).last().cloned().expect("event");
    assert_eq!(d["kind"], "decision");
    assert_eq!(d["outcome"], "refused");
    assert_eq!(d["refusal"], "final");
    assert_eq!(pattern_count(&t), Some(0));
    // Still denied, and the challenge is not pending.
    let v = t.check_json("shell", "execute", "aiperture policy trust", &[]);
    assert_eq!(v["decision"], "deny");
    assert_eq!(t.run(&["pending"]).stdout, "no pending requests\n");
}

#[test]
fn approving_a_policy_deny_is_refused_and_teaches_nothing() {
    let t = TestEnv::with_project();
    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"git push --force*\"\n\
         decision = \"deny\"\nreason = \"no force pushes here\"\n",
    );
    let v = t.check_json("shell", "execute", "git push --force origin main", &[]);
    assert_eq!(v["decided_by"], "policy_deny", "{v}");
    let r = t.run(&["approve", &TestEnv::challenge(&v), "--yes"]);
    r.code(1);
    assert!(!r.stdout.contains("approved"), "{r}");
    assert!(r.stderr.contains("denied by policy: no force pushes here"), "{r}");
    assert_eq!(pattern_count(&t), Some(0));
}

#[test]
fn pending_lists_asks_once_per_request_with_a_count() {
    let mut t = TestEnv::with_project();
    let mut newest = String::new();
    for _ in 0..8 {
        newest = TestEnv::challenge(&t.check_json("shell", "execute", "rm -rf build", &[]));
        t.now = at(&t.now, 1);
    }
    t.check_json("shell", "execute", "cargo fmt", &[]);
    let v = t.check_json("shell", "execute", "aiperture policy trust", &[]);
    assert_eq!(v["decision"], "deny");
    let r = t.run(&["pending"]);
    r.code(0);
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.contains("rm -rf build")).collect();
    assert_eq!(lines.len(), 1, "{r}");
    assert!(lines[0].contains(&newest) && lines[0].contains(" 8 "), "{r}");
    assert!(!r.stdout.contains("aiperture policy trust"), "a deny is not pending:\n{r}");
    let j = t.run(&["pending", "--json"]).json();
    let list = j["pending"].as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2, "{j}");
    assert_eq!(list[0]["count"], 8);
    assert_eq!(list[0]["challenge"]["id"], newest.as_str());
    assert_eq!(list[0]["request"]["scope"], "rm -rf build");
    assert_eq!(list[1]["count"], 1);
}

#[test]
fn an_approval_lets_that_exact_request_through_once_in_any_session() {
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "git push origin main", &[]));
    let r = t.run(&["approve", &id, "--yes"]);
    r.code(0);
    assert!(r.stdout.contains("the next identical request is allowed once (until "), "{r}");
    // Another scope, or the same scope with other content, is not allowed by it.
    assert_eq!(t.check_json("shell", "execute", "git push origin dev", &[])["decision"], "ask");
    let v = t.check_json("shell", "execute", "git push origin main", &["--content-hash", "ab"]);
    assert_eq!(v["decision"], "ask");
    // The retry is let through once (anonymous session), then asks again.
    let r = t.run(&["check", "shell", "execute", "git push origin main"]);
    r.code(0);
    assert!(r.stdout.contains("decided_by=human_approval"), "{r}");
    assert!(r.stdout.contains(&id), "the reason names the approval: {r}");
    assert_eq!(t.check_json("shell", "execute", "git push origin main", &[])["decision"], "ask");
    // Journaled: the decision carries the allowance, the check that used it names it.
    let ev = t.events(&t.store());
    let d = ev.iter().find(|e| e["kind"] == "decision").cloned().unwrap_or_default();
    assert!(d["allowance"].as_str().is_some_and(|s| !s.is_empty()), "{d}");
    let used: Vec<_> = ev.iter().filter(|e| e["verdict"]["approval"] == id.as_str()).collect();
    assert_eq!(used.len(), 1);
    // It still counts once toward learning.
    let p = t.run(&["patterns", "--json"]).json();
    let exact = p["patterns"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["pattern"] == "git push origin main"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(exact["allows"], 1, "{p}");

    // Approved from an anonymous check, used from a named session; expires with the challenge.
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "make deploy", &[]));
    t.run(&["approve", &id, "--yes"]).code(0);
    t.use_approval("shell", "execute", "make deploy", &["--session", "agent-7"]);
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "make deploy", &[]));
    t.run(&["approve", &id, "--yes"]).code(0);
    let late = TestEnv { now: at(&t.now, 3601), ..TestEnv::new() };
    let store = t.store().display().to_string();
    let v = late.check_json("shell", "execute", "make deploy", &["--store", &store]);
    assert_eq!(v["decision"], "ask", "an allowance lives as long as its challenge: {v}");
}

#[test]
fn an_unknown_challenge_names_the_stores_looked_in_and_suggests_store() {
    let t = TestEnv::with_project();
    t.check_json("shell", "execute", "make dist", &[]);
    // From a folder outside the project, the user store is used; it never issued the id, and
    // neither did the project store, which the inbox lists since it asked.
    let mut cmd = t.command(&["approve", "ch_aaaaaaaaaaaaaaaaaaaaaaaa", "--yes"]);
    cmd.current_dir(&t.home);
    let r = crate::common::Run::from(cmd.output().expect("run"));
    r.code(4);
    assert!(r.stderr.contains("no such challenge was issued by the store "), "{r}");
    assert!(r.stderr.contains(&t.user_store().display().to_string()), "{r}");
    assert!(
        r.stderr.contains(&format!(
            "not found either in the other stores with pending asks: {}",
            t.store().display()
        )),
        "{r}"
    );
    assert!(r.stderr.contains("--store <DIR>"), "{r}");
    // The refusal is journaled by the store in use, as before.
    let ev = t.events(&t.user_store());
    assert_eq!(ev.last().map(|e| e["refusal"].clone()), Some("unknown".into()), "{ev:?}");
}

#[test]
fn with_store_named_no_other_store_is_looked_in() {
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "make dist", &[]));
    let other = TestEnv::with_project();
    let store = other.store().display().to_string();
    let r = t.run(&["--store", &store, "approve", &id, "--yes"]);
    // Not found (exit 4), as every unknown challenge.
    r.code(4);
    assert!(r.stderr.contains(&format!("issued by the store {store}")), "{r}");
    assert!(!r.stderr.contains("not found either"), "{r}");
    // With --store naming the issuer it is found.
    let store = t.store().display().to_string();
    let mut cmd = t.command(&["--store", &store, "approve", &id, "--yes"]);
    cmd.current_dir(&t.home);
    crate::common::Run::from(cmd.output().expect("run")).code(0);
}
