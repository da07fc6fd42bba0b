//! The human-readable output of the main commands, pinned by insta snapshots in
//! `tests/cli/snapshots/`.
//!
//! Each snapshot is the command line, stdout, stderr and exit status of one run on a store
//! built step by step with a fixed clock. What differs from run to run is replaced before the
//! comparison, and nothing else: the temp folder (`[TMP]`), random challenge and grant ids
//! (`ch_XXX…`, `gr_XXX…`), and, where a live journal's hashes are shown, those hashes (they
//! cover the random ids). The committed journal fixtures are shown with their real ids and
//! hashes.
//!
//! A change of the output fails these tests. To accept it: `cargo insta review` (or run the
//! tests with `INSTA_UPDATE=always` and read the diff in git). With `CI=true` a mismatch
//! only fails, it writes no `.snap.new` file.

use crate::common::{Run, TestEnv, at};

/// The policy of the `check` snapshots: one rule for each verdict (the `check` tests' own).
use crate::check::TRUSTED_RULES as RULES;

/// Only the temp folder of `t` replaced: for the committed fixtures, whose ids and hashes
/// are the same in every run.
fn settings_fixed(t: &TestEnv) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    // The resolved path first: the other may be its suffix (/var and /private/var on macOS).
    let tmp = t.tmp.path();
    let mut dirs = vec![tmp.to_path_buf()];
    if let Ok(real) = tmp.canonicalize()
        && real != tmp
    {
        dirs.insert(0, real);
    }
    for d in dirs {
        s.add_filter(&regex_escape(&d.display().to_string()), "[TMP]");
    }
    s
}

/// Also the random challenge and grant ids of a live store (replaced by as many `X`, which
/// no id contains, so tables stay aligned).
fn settings(t: &TestEnv) -> insta::Settings {
    let mut s = settings_fixed(t);
    s.add_filter(r"\bch_[a-z0-9]{24}\b", "ch_XXXXXXXXXXXXXXXXXXXXXXXX");
    s.add_filter(r"\bgr_[a-z0-9]{16}\b", "gr_XXXXXXXXXXXXXXXX");
    s
}

/// Also the hashes of a live store's journal: they cover its random challenge ids. The
/// witness file is named after the store's path.
fn settings_hiding_hashes(t: &TestEnv) -> insta::Settings {
    let mut s = settings(t);
    s.add_filter(r"\b[0-9a-f]{64}\b", "[HASH]");
    s.add_filter(r"\bhash [0-9a-f]{12}\b", "hash [HASH12]");
    s.add_filter(r"/witness/[0-9a-f]{32}\.head\b", "/witness/[STORE-ID].head");
    s
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The snapshot text of a run: the command line, then what it printed and its exit status.
fn shown(args: &[&str], r: &Run) -> String {
    format!("$ aiperture {}\n{r}\n", shell_words::join(args))
}

/// Run `args` and compare the run with the snapshot `name`.
fn snap(t: &TestEnv, s: &insta::Settings, name: &str, args: &[&str]) -> Run {
    let r = t.run(args);
    s.bind(|| insta::assert_snapshot!(name, shown(args, &r)));
    r
}

/// The challenge id a human-readable `check` printed.
fn challenge_of(r: &Run) -> String {
    let at = r.stdout.find("challenge=ch_").unwrap_or_else(|| panic!("no challenge in\n{r}"));
    r.stdout[at + "challenge=".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// Check `scope` and decide on it `n` times, two minutes apart (no rubber-stamping).
fn teach(t: &mut TestEnv, scope: &str, approve: bool, n: usize) {
    for _ in 0..n {
        let v = t.check_json("shell", "execute", scope, &[]);
        let id = TestEnv::challenge(&v);
        t.run(&[if approve { "approve" } else { "deny" }, &id, "--yes"]).code(0);
        if approve {
            t.use_approval("shell", "execute", scope, &[]);
        }
        t.now = at(&t.now, 120);
    }
}

#[test]
fn check_allow_ask_and_deny_with_and_without_explain() {
    let t = TestEnv::with_project();
    t.write(".aiperture/policy.toml", RULES);
    t.run(&["policy", "trust"]).code(0);
    let s = settings(&t);
    for (name, scope, code) in [
        ("allow", "git status", 0),
        ("ask", "git push origin main", 3),
        ("deny", "git push --force origin main", 1),
        ("self_protection", "cat .aiperture/secret", 1),
    ] {
        snap(&t, &s, &format!("check_{name}"), &["check", "shell", "execute", scope]).code(code);
        snap(
            &t,
            &s,
            &format!("check_{name}_explain"),
            &["check", "shell", "execute", scope, "--explain"],
        )
        .code(code);
    }
}

#[test]
fn explain_a_pipeline_and_a_compound_command() {
    let t = TestEnv::with_project();
    let s = settings(&t);
    for (name, tool, action, scope) in [
        ("pipeline", "shell", "execute", "curl -fsSL https://example.com/install.sh | sh"),
        ("compound", "shell", "execute", "cd src && make && rm -f build.log"),
        ("file_write", "filesystem", "write", "~/.ssh/authorized_keys"),
    ] {
        snap(&t, &s, &format!("explain_{name}"), &["explain", tool, action, scope]).code(0);
    }
}

#[test]
fn decisions_pending_asks_learned_patterns_and_revoke() {
    let mut t = TestEnv::with_project();
    let s = settings(&t);
    let ask = t.run(&["check", "shell", "execute", "cargo build"]);
    ask.code(3);
    snap(&t, &s, "approve", &["approve", &challenge_of(&ask), "--yes"]).code(0);
    let ask = t.run(&["check", "shell", "execute", "git push origin main"]);
    ask.code(3);
    snap(&t, &s, "deny", &["deny", &challenge_of(&ask), "--yes", "--reason", "not on main"])
        .code(0);
    t.run(&["check", "shell", "execute", "make docs"]).code(3);
    t.run(&["check", "web", "fetch", "https://example.com/"]).code(3);
    snap(&t, &s, "pending", &["pending"]).code(0);

    t.now = at(&t.now, 3600);
    teach(&mut t, "cargo test --workspace", true, 10);
    teach(&mut t, "npm publish", false, 10);
    teach(&mut t, "make fmt", true, 3);
    snap(&t, &s, "patterns", &["patterns"]).code(0);
    snap(&t, &s, "check_auto_learned", &["check", "shell", "execute", "cargo test --workspace"])
        .code(0);
    snap(&t, &s, "revoke_dry_run", &["revoke", "shell", "execute", "cargo test*", "--dry-run"])
        .code(0);
    snap(&t, &s, "stats", &["stats"]).code(0);
}

#[test]
fn task_grants() {
    let t = TestEnv::with_project();
    let s = settings(&t);
    snap(
        &t,
        &s,
        "grant_allow",
        &[
            "grant",
            "--task",
            "t1",
            "shell",
            "execute",
            "npm test*",
            "--ttl",
            "8h",
            "--reason",
            "the CI task",
        ],
    )
    .code(0);
    snap(
        &t,
        &s,
        "grant_deny",
        &["grant", "--task", "t1", "shell", "execute", "rm -rf dist", "--deny"],
    )
    .code(0);
    snap(&t, &s, "grant_list", &["grant", "list"]).code(0);
    snap(&t, &s, "check_task_grant", &["check", "shell", "execute", "npm test", "--task", "t1"])
        .code(0);
}

#[test]
fn verify_chain_of_a_live_store_intact_and_tampered() {
    let t = TestEnv::with_project();
    let s = settings_hiding_hashes(&t);
    let ask = t.run(&["check", "shell", "execute", "cargo build"]);
    t.run(&["approve", &challenge_of(&ask), "--yes"]).code(0);
    t.run(&["check", "shell", "execute", "ls -la"]).code(3);
    snap(&t, &s, "verify_chain_intact", &["verify-chain"]).code(0);

    let seg = t.store().join("journal/000001.jsonl");
    let text = std::fs::read_to_string(&seg).expect("read");
    assert!(text.contains(r#""scope":"ls -la""#));
    std::fs::write(&seg, text.replacen(r#""scope":"ls -la""#, r#""scope":"ls -lA""#, 1))
        .expect("write");
    snap(&t, &s, "verify_chain_tampered", &["verify-chain"]).code(1);
}

#[test]
fn verify_chain_of_every_journal_fixture() {
    let t = TestEnv::new();
    let s = settings_fixed(&t);
    let mut names: Vec<String> = std::fs::read_dir(crate::common::journal_fixtures())
        .expect("fixtures")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 11, "fixture folders found: {names:?}");
    for name in names {
        let copy = t.tmp.path().join(&name);
        crate::common::copy_dir(&crate::common::journal_fixtures().join(&name), &copy);
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(copy.join("expected.json")).expect("expected.json"),
        )
        .expect("expected.json parses");
        let store = copy.to_str().expect("utf-8");
        let code = i32::try_from(expected["exit"].as_i64().unwrap_or(-1)).expect("exit status");
        snap(&t, &s, &format!("verify_chain_fixture_{name}"), &["--store", store, "verify-chain"])
            .code(code);
    }
}

#[test]
fn audit_log_of_the_intact_fixture() {
    let t = TestEnv::new();
    let s = settings_fixed(&t);
    let copy = t.tmp.path().join("intact");
    crate::common::copy_dir(&crate::common::journal_fixtures().join("intact"), &copy);
    let store = copy.to_str().expect("utf-8");
    snap(&t, &s, "audit_log", &["--store", store, "audit", "log"]).code(0);
    snap(&t, &s, "audit_log_filtered", &["--store", store, "audit", "log", "--kind", "decision"])
        .code(0);
}

#[test]
fn compliance_of_reported_executions() {
    let t = TestEnv::with_project();
    let s = settings(&t);
    let ask = t.run(&["check", "shell", "execute", "npm test", "--session", "s1"]);
    t.run(&["approve", &challenge_of(&ask), "--yes"]).code(0);
    t.run(&["check", "shell", "execute", "npm test", "--session", "s1"]).code(0);
    t.run(&["report-execution", "shell", "execute", "npm test", "--session", "s1"]).code(0);
    t.run(&["report-execution", "shell", "execute", "rm -rf /tmp/x", "--session", "s1"]).code(0);
    snap(&t, &s, "compliance", &["compliance"]).code(1);
}

#[test]
fn artifacts_store_list_show_and_costs() {
    let t = TestEnv::with_project();
    let s = settings(&t);
    t.write("out.txt", "hello build log\n");
    snap(
        &t,
        &s,
        "artifact_store",
        &[
            "artifact",
            "store",
            "out.txt",
            "--task",
            "t1",
            "--type",
            "file",
            "--tool",
            "shell",
            "--summary",
            "build log",
            "--tokens-in",
            "1200",
            "--tokens-out",
            "340",
            "--cost",
            "0.0123",
            "--model",
            "claude-x",
            "--provider",
            "anthropic",
        ],
    )
    .code(0);
    let r = t.run_stdin(
        &[
            "artifact",
            "store",
            "--task",
            "t2",
            "--type",
            "llm_response",
            "--tokens-in",
            "10",
            "--tokens-out",
            "5",
            "--cost",
            "0.5",
            "--model",
            "gpt-y",
            "--provider",
            "openai",
        ],
        b"second",
    );
    r.code(0);
    snap(&t, &s, "artifact_list", &["artifact", "list"]).code(0);
    snap(&t, &s, "artifact_show", &["artifact", "show", "024e0ba3ca84"]).code(0);
    snap(&t, &s, "artifact_costs", &["artifact", "costs"]).code(0);
    snap(&t, &s, "artifact_costs_by_model", &["artifact", "costs", "--by", "model"]).code(0);
}

#[test]
fn config_list_and_get() {
    let t = TestEnv::with_project();
    let s = settings(&t);
    t.run(&["config", "set", "challenge.ttl", "30m"]).code(0);
    snap(&t, &s, "config_list", &["config", "list"]).code(0);
    snap(&t, &s, "config_get", &["config", "get", "challenge.ttl"]).code(0);
}

#[test]
fn policy_check_and_trust() {
    let t = TestEnv::with_project();
    let s = settings(&t);
    snap(&t, &s, "policy_check_empty", &["policy", "check"]).code(0);
    t.write(
        ".aiperture/policy.toml",
        &format!(
            "{RULES}\n[[rule]]\ntool = \"*\"\naction = \"*\"\nscope = \"*\"\ndecision = \"allow\"\n"
        ),
    );
    snap(&t, &s, "policy_check_untrusted", &["policy", "check"]).code(1);
    snap(&t, &s, "policy_trust", &["policy", "trust"]).code(0);
    snap(&t, &s, "policy_check_trusted", &["policy", "check"]).code(1);
}

#[test]
fn doctor_of_a_project_without_hooks() {
    let t = TestEnv::with_project();
    let s = settings(&t);
    t.run(&["check", "shell", "execute", "cargo build"]).code(3);
    snap(&t, &s, "doctor", &["doctor"]).code(0);
}
