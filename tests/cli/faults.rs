//! Disk full and I/O errors, through the fault-injection seam (`AIPERTURE_FAULT`, see
//! `src/store/fault.rs`): a check fails closed with a clear error, nothing half-written is left
//! behind as data, and the store works again once writes succeed.

use crate::common::{Run, TestEnv};

fn run_with_fault(t: &TestEnv, fault: &str, args: &[&str]) -> Run {
    let mut c = t.command(args);
    c.env("AIPERTURE_FAULT", fault);
    Run::from(c.output().expect("run aiperture"))
}

#[test]
fn a_full_disk_fails_closed_and_the_store_recovers() {
    for site in ["journal", "head", "index"] {
        let t = TestEnv::with_project();
        t.run(&["check", "shell", "execute", "echo before"]).code(3);
        let r =
            run_with_fault(&t, &format!("{site}:1"), &["check", "shell", "execute", "echo full"]);
        r.code(2);
        assert!(r.stderr.contains("No space left on device"), "{site}: {r}");
        assert!(r.stdout.is_empty(), "{site}: no verdict may be printed: {r}");
        // Space is back: the next command recovers by itself and works.
        t.run(&["check", "shell", "execute", "echo after"]).code(3);
        let v = t.run(&["verify-chain", "--json"]);
        v.code(0);
        let scopes = t.checked_scopes();
        match site {
            // Half a line was written: it is set aside as a torn write, not taken as data.
            "journal" => {
                assert_eq!(scopes, ["echo before", "echo after"], "{site}");
                let events = t.events(&t.store());
                assert!(
                    events.iter().any(|e| e["kind"] == "recovered" && e["reason"] == "torn_write"),
                    "{site}: the torn line is journaled as set aside"
                );
            }
            // The event was journaled before HEAD or the index failed; the error still did
            // not print a verdict, and recovery caught HEAD and the index up.
            _ => assert_eq!(scopes, ["echo before", "echo full", "echo after"], "{site}"),
        }
        // The index as left equals a rebuilt one.
        let before = t.run(&["pending", "--json"]).stdout;
        t.run(&["reindex"]).code(0);
        assert_eq!(t.run(&["pending", "--json"]).stdout, before, "{site}");
    }
}

/// A journal sync that fails (a device error) in a check process: the line was written and
/// its index applied while the device wrote it, but no verdict is printed; the next process
/// accepts the line by its MAC (HEAD was never moved past it) and journals the recovery, and
/// the index as left equals a rebuilt one.
#[test]
fn a_failed_journal_sync_fails_the_check_and_the_next_process_recovers() {
    let t = TestEnv::with_project();
    t.run(&["check", "shell", "execute", "echo before"]).code(3);
    let r = run_with_fault(&t, "sync:1", &["check", "shell", "execute", "echo unsynced"]);
    r.code(2);
    assert!(r.stderr.contains("sync"), "{r}");
    assert!(r.stdout.is_empty(), "no verdict may be printed: {r}");
    t.run(&["check", "shell", "execute", "echo after"]).code(3);
    assert_eq!(t.recoveries(), ["head_behind"]);
    assert_eq!(t.checked_scopes(), ["echo before", "echo unsynced", "echo after"]);
    t.run(&["verify-chain"]).code(0);
    let before = t.run(&["pending", "--json"]).stdout;
    t.run(&["reindex"]).code(0);
    assert_eq!(t.run(&["pending", "--json"]).stdout, before);
}

#[test]
fn a_human_decision_that_cannot_be_written_can_be_given_again() {
    let t = TestEnv::with_project();
    let v = t.check_json("shell", "execute", "make release", &[]);
    let id = TestEnv::challenge(&v);
    let r = run_with_fault(&t, "journal:1", &["approve", &id, "--yes"]);
    r.code(2);
    assert!(r.stderr.contains("No space left on device"), "{r}");
    // Not consumed: the same challenge is accepted once the disk has space.
    t.run(&["approve", &id, "--yes"]).code(0);
    let recorded = t
        .events(&t.store())
        .iter()
        .filter(|e| e["kind"] == "decision" && e["outcome"] == "recorded")
        .count();
    assert_eq!(recorded, 1);
    t.run(&["verify-chain"]).code(0);
}

/// A panic while deciding fails closed: `check` exits 2 (never 101, which agents read as "no
/// opinion"), and each hook adapter prints its agent's deny form before exiting 2.
#[test]
fn a_panic_while_deciding_fails_closed_in_check_and_every_hook() {
    let t = TestEnv::with_project();
    let r = run_with_fault(&t, "panic:1", &["check", "shell", "execute", "ls"]);
    r.code(2);
    assert!(r.stderr.contains("internal error"), "{r}");
    assert!(r.stderr.contains("not allowed"), "{r}");
    assert!(r.stdout.is_empty(), "no verdict may be printed: {r}");
    // The same decision without the fault works: the seam, not the store, failed.
    t.run(&["check", "shell", "execute", "ls"]).code(3);

    for (agent, fixture, deny) in [
        ("claude-code", "pre_tool_use_bash", "/hookSpecificOutput/permissionDecision"),
        ("codex", "pre_tool_use_bash", "/hookSpecificOutput/permissionDecision"),
        ("gemini", "before_tool_shell", "/decision"),
        ("cursor", "before_shell_execution", "/permission"),
    ] {
        let payload = crate::hooks::fixture(&t, agent, fixture);
        let mut c = t.command(&["hook", agent]);
        c.env("AIPERTURE_FAULT", "panic:1");
        c.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().expect("spawn aiperture hook");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(payload.to_string().as_bytes()).expect("write payload");
        }
        let r = Run::from(child.wait_with_output().expect("wait"));
        r.code(2);
        let v: serde_json::Value = serde_json::from_str(r.stdout.trim())
            .unwrap_or_else(|e| panic!("{agent}: stdout is not the deny form ({e}): {r}"));
        assert_eq!(v.pointer(deny).and_then(|d| d.as_str()), Some("deny"), "{agent}: {r}");
        assert!(r.stderr.contains("internal error"), "{agent}: {r}");
        assert!(r.stderr.contains("not allowed"), "{agent}: {r}");
    }
}
