//! `examples/ci/`: the workflow's verification step, run against the cases a pipeline meets.

use std::path::{Path, PathBuf};

use crate::common::{Run, TestEnv};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci").join(name)
}

/// Run `examples/ci/verify.sh` in `t`'s working folder, as the workflow's step does, with the
/// built `aiperture` first on the PATH and nothing else from the caller's environment.
fn verify_sh(t: &TestEnv, expect_head: Option<&str>) -> Run {
    let bin = Path::new(env!("CARGO_BIN_EXE_aiperture"));
    let dir = bin.parent().map(|d| d.display().to_string()).unwrap_or_default();
    let mut c = std::process::Command::new("sh");
    c.arg(example("verify.sh"))
        .env_clear()
        .env("HOME", &t.home)
        .env("PATH", format!("{dir}:{}", std::env::var("PATH").unwrap_or_default()))
        .env("AIPERTURE_NOW", &t.now)
        .current_dir(&t.cwd)
        .stdin(std::process::Stdio::null());
    if let Some(h) = expect_head {
        c.env("AIPERTURE_EXPECT_HEAD", h);
    }
    Run::from(c.output().expect("run sh"))
}

fn checks(t: &TestEnv, n: usize) {
    for i in 0..n {
        t.run(&["check", "shell", "execute", &format!("echo {i}")]).code(3);
    }
}

/// What a git checkout of `t`'s project holds of its store: only the files the store's own
/// `.gitignore` (`*` then `!name` lines) lets through.
fn checkout(t: &TestEnv) -> TestEnv {
    let fresh = TestEnv::new();
    let from = t.store();
    let to = fresh.store();
    std::fs::create_dir_all(&to).expect("mkdir");
    let ignore = std::fs::read_to_string(from.join(".gitignore")).expect(".gitignore");
    let lines: Vec<&str> =
        ignore.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    assert_eq!(lines.first(), Some(&"*"), "the store's .gitignore no longer starts with *");
    for l in &lines[1..] {
        let name = l.strip_prefix('!').expect("only ! lines after *");
        std::fs::copy(from.join(name), to.join(name)).expect("copy committed file");
    }
    assert!(!to.join("journal").exists());
    fresh
}

/// Every `verify-chain` the workflow runs, directly or through verify.sh, requires events.
#[test]
fn ci_example_workflow_runs_verify_sh_and_every_verification_requires_events() {
    let workflow = std::fs::read_to_string(example("verify-chain.yml")).expect("workflow");
    assert!(workflow.contains("run: sh examples/ci/verify.sh"), "{workflow}");
    let script = std::fs::read_to_string(example("verify.sh")).expect("verify.sh");
    assert!(script.contains("set -eu"), "{script}");
    for (file, text) in [("verify-chain.yml", &workflow), ("verify.sh", &script)] {
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            if line.contains("verify-chain ") {
                assert!(line.contains("--require-events"), "{file}: {line}");
            }
        }
    }
}

/// An intact journal passes and leaves an export and head that verify on their own; the
/// export is pinned to the head, and a head from an earlier run is found in a later journal.
#[cfg(unix)]
#[test]
fn ci_example_passes_an_intact_journal_and_keeps_a_verifiable_trail() {
    let t = TestEnv::with_project();
    checks(&t, 3);
    let r = verify_sh(&t, None);
    r.code(0);
    assert!(r.stdout.starts_with("intact: 3 events"), "{r}");
    let trail = t.cwd.join("aiperture-audit/trail.jsonl");
    let head = t.cwd.join("aiperture-audit/HEAD");
    let text = std::fs::read_to_string(&trail).expect("trail.jsonl");
    assert_eq!(text.lines().count(), 4, "a header and 3 events:\n{text}");
    let args = |h: &Path| {
        vec![
            "verify-chain".to_string(),
            "--require-events".into(),
            "--file".into(),
            trail.display().to_string(),
            "--expect-head".into(),
            h.display().to_string(),
        ]
    };
    let a = args(&head);
    t.run(&a.iter().map(String::as_str).collect::<Vec<_>>()).code(0);
    // A later run on the same store, pinned to this run's head.
    let saved = t.tmp.path().join("previous-HEAD");
    std::fs::copy(&head, &saved).expect("save head");
    checks(&t, 2);
    verify_sh(&t, Some(saved.to_str().unwrap_or_default())).code(0);
    // A head that is not in this chain fails.
    let r = verify_sh(&t, Some(&format!("2:{}", "ab".repeat(32))));
    r.code(1);
    assert!(r.stdout.contains("head_mismatch"), "{r}");
}

/// The false green this example used to give: a checkout holds no journal. Plain
/// `verify-chain` still reports it intact (compatibility), the example fails it.
#[cfg(unix)]
#[test]
fn ci_example_fails_when_the_journal_is_missing() {
    let dev = TestEnv::with_project();
    checks(&dev, 3);
    let ci = checkout(&dev);
    let r = ci.run(&["verify-chain"]);
    r.code(0);
    assert!(r.stdout.contains("note: the journal has no events"), "{r}");
    let r = verify_sh(&ci, None);
    r.code(1);
    assert!(r.stdout.contains("no_events"), "{r}");
    assert!(r.stdout.contains("NOT INTACT"), "{r}");
    assert!(!ci.cwd.join("aiperture-audit").exists(), "nothing is exported from a failure");
    // A journal deleted on a runner that keeps no witness: the same failure.
    let ci = TestEnv::with_project();
    checks(&ci, 2);
    std::fs::remove_dir_all(ci.store().join("journal")).expect("delete journal");
    std::fs::remove_dir_all(ci.user_store().join("witness")).expect("delete witness");
    let r = verify_sh(&ci, None);
    r.code(1);
    assert!(r.stdout.contains("no_events"), "{r}");
    // No store at all is an error, never a success.
    let bare = TestEnv::new();
    let r = verify_sh(&bare, None);
    assert_ne!(r.code, 0, "{r}");
}

/// One edited byte of a journal line fails the example at that line.
#[cfg(unix)]
#[test]
fn ci_example_fails_when_a_journal_line_is_edited() {
    let t = TestEnv::with_project();
    checks(&t, 3);
    let seg = t.store().join("journal/000001.jsonl");
    let text = std::fs::read_to_string(&seg).expect("read");
    assert!(text.contains("echo 1"), "{text}");
    std::fs::write(&seg, text.replacen("echo 1", "echo 7", 1)).expect("edit");
    let r = verify_sh(&t, None);
    r.code(1);
    assert!(r.stdout.contains("hash_mismatch: 000001.jsonl:3:"), "{r}");
    assert!(!t.cwd.join("aiperture-audit").exists(), "nothing is exported from a failure");
}

/// The other way documented in the README: a developer's journal reaches CI as an export with
/// its HEAD. CI verifies it with `--require-events --file … --expect-head` the head it kept from
/// the last run: a later export passes, one cut before that head or edited fails.
#[test]
fn ci_export_from_a_developer_is_pinned_to_the_previous_head() {
    let dev = TestEnv::with_project();
    checks(&dev, 2);
    let kept = dev.tmp.path().join("previous-HEAD");
    std::fs::copy(dev.store().join("journal/HEAD"), &kept).expect("keep head");
    let dev = TestEnv { now: crate::common::at(&dev.now, 60), ..dev };
    checks(&dev, 2);
    let export = |args: &[&str], name: &str| {
        let r = dev.run(&[&["audit", "export"], args].concat());
        r.code(0);
        let p = dev.tmp.path().join(name);
        std::fs::write(&p, &r.stdout).expect("write export");
        p
    };
    let ci = |trail: &Path| {
        dev.run(&[
            "verify-chain",
            "--require-events",
            "--file",
            trail.to_str().unwrap_or_default(),
            "--expect-head",
            kept.to_str().unwrap_or_default(),
        ])
    };
    let full = export(&[], "trail.jsonl");
    ci(&full).code(0);
    // Cut before the kept head: only the events of the last minute.
    let cut = export(&["--since", &dev.now], "cut.jsonl");
    let r = ci(&cut);
    r.code(1);
    assert!(r.stdout.contains("head_mismatch"), "{r}");
    // One edited line.
    let text = std::fs::read_to_string(&full).expect("read");
    let edited = dev.tmp.path().join("edited.jsonl");
    std::fs::write(&edited, text.replacen("echo 1", "echo 7", 1)).expect("write");
    let r = ci(&edited);
    r.code(1);
    assert!(r.stdout.contains("hash_mismatch"), "{r}");
}
