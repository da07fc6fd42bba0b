//! `aiperture review`, `approve --last`, finding challenges from any folder through the inbox
//! of stores with pending asks, and the dynamic completion of challenge ids.

use crate::approve::on_terminal;
use crate::common::{Run, TestEnv};

fn run_in(t: &TestEnv, dir: &std::path::Path, args: &[&str]) -> Run {
    let mut cmd = t.command(args);
    cmd.current_dir(dir);
    Run::from(cmd.output().expect("run aiperture"))
}

/// A second project store under the same HOME as `t`, in `t`'s temp folder.
fn second_project(t: &TestEnv) -> std::path::PathBuf {
    let dir = t.tmp.path().join("other-project");
    std::fs::create_dir_all(&dir).expect("mkdir");
    run_in(t, &dir, &["init"]).code(0);
    dir
}

fn inbox(t: &TestEnv) -> String {
    std::fs::read_to_string(t.user_store().join("asking-stores")).unwrap_or_default()
}

#[test]
fn review_needs_a_terminal_and_has_no_json() {
    let t = TestEnv::with_project();
    t.check_json("shell", "execute", "cargo test", &[]);
    let r = t.run(&["review"]);
    r.code(2);
    assert!(r.stderr.contains("standard input is not a terminal"), "{r}");
    assert!(r.stderr.contains("`aiperture pending`"), "{r}");
    assert!(r.stderr.contains("`aiperture approve ID`"), "{r}");
    // The help keeps one key per line.
    let r = t.run(&["review", "--help"]);
    r.code(0);
    assert!(r.stdout.contains("\n  d  deny (as `aiperture deny`)\n"), "{r}");
    let r = t.run(&["review", "--json"]);
    r.code(2);
    assert!(r.stderr.contains("has no JSON output"), "{r}");
    // Nothing was decided.
    assert_eq!(t.run(&["pending", "--json"]).json()["pending"].as_array().map(Vec::len), Some(1));
}

#[test]
fn review_on_a_terminal_decides_in_every_store_with_pending_asks() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let t = TestEnv::with_project();
    let mine = TestEnv::challenge(&t.check_json("shell", "execute", "cargo test", &[]));
    let other = second_project(&t);
    let r = run_in(&t, &other, &["check", "shell", "execute", "npm test", "--json"]);
    let theirs = TestEnv::challenge(&r.json());

    // Explain the first, approve it, deny the second.
    let r = on_terminal(&t, "review --by alice --reason looked", "e\na\nd\n").expect("script runs");
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("2 pending asks:"), "{r}");
    assert!(r.stdout.contains("1. [LOW] shell execute cargo test"), "{r}");
    assert!(r.stdout.contains("2. [LOW] shell execute npm test"), "{r}");
    assert!(r.stdout.contains("why: no policy rule or learned pattern decides"), "{r}");
    assert!(r.stdout.contains("recommendation: caution"), "{r}");
    assert!(r.stdout.contains(&format!("{mine} (expires")), "{r}");
    assert!(r.stdout.contains(&other.join(".aiperture").display().to_string()), "{r}");
    assert!(r.stdout.contains("risk LOW (score"), "the full analysis: {r}");
    assert!(r.stdout.contains("approved shell execute cargo test"), "{r}");
    assert!(r.stdout.contains("denied shell execute npm test"), "{r}");
    assert!(r.stdout.contains("1 approved, 1 denied, 0 refused, 0 left pending"), "{r}");

    for (store, id, decision) in
        [(t.store(), &mine, "allow"), (other.join(".aiperture"), &theirs, "deny")]
    {
        let ev = t.events(&store);
        let d = ev.last().expect("decision event");
        assert_eq!(d["kind"], "decision", "{d}");
        assert_eq!(d["outcome"], "recorded", "{d}");
        assert_eq!(d["challenge"], id.as_str(), "{d}");
        assert_eq!(d["decision"], decision, "{d}");
        assert_eq!(d["channel"], "review", "{d}");
        assert_eq!(d["reason"], "looked", "{d}");
        assert_eq!(d["by"], "alice", "{d}");
    }
    t.use_approval("shell", "execute", "cargo test", &[]);
    let r = on_terminal(&t, "review", "").expect("script runs");
    assert!(r.stdout.contains("no pending asks"), "{r}");
}

#[test]
fn a_refusal_in_review_is_printed_with_its_reason_and_exits_1() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "cargo build", &[]));
    // A policy deny rule added after the check: a human approval cannot change it.
    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"cargo build\"\n\
         decision = \"deny\"\nreason = \"no builds here\"\n",
    );
    let r = on_terminal(&t, "review", "a\n").expect("script runs");
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains(&format!("challenge {id} refused")), "{r}");
    assert!(r.stdout.contains("0 approved, 0 denied, 1 refused"), "{r}");
    let ev = t.events(&t.store());
    assert_eq!(ev.last().map(|e| e["refusal"].clone()), Some("final".into()), "{ev:?}");
}

#[test]
fn approve_last_takes_the_newest_ask_and_conflicts_with_an_id() {
    let t = TestEnv::with_project();
    t.check_json("shell", "execute", "cargo test", &[]);
    let newest = TestEnv::challenge(&t.check_json("shell", "execute", "cargo doc", &[]));
    let r = t.run(&["approve", "--last", "--yes"]);
    r.code(0);
    assert!(r.stderr.contains("shell execute cargo doc"), "shown first: {r}");
    assert!(r.stderr.contains(&format!("store {}", t.store().display())), "{r}");
    assert!(r.stdout.contains("approved shell execute cargo doc"), "{r}");
    let ev = t.events(&t.store());
    assert_eq!(ev.last().map(|e| e["challenge"].clone()), Some(newest.as_str().into()));

    let r = t.run(&["deny", "--last", "--yes", "--json"]);
    r.code(0);
    assert_eq!(r.json()["request"]["scope"], "cargo test", "{r}");
    assert_eq!(r.json()["store"], t.store().display().to_string().as_str(), "{r}");

    let r = t.run(&["approve", "--last", "--yes"]);
    r.code(2);
    assert!(r.stderr.contains("no pending asks in the store"), "{r}");
    assert!(r.stderr.contains(&t.store().display().to_string()), "{r}");

    let r = t.run(&["approve", &newest, "--last"]);
    r.code(2);
    assert!(r.stderr.contains("cannot be used with"), "{r}");
    let r = t.run(&["deny"]);
    r.code(2);
    assert!(r.stderr.contains("required"), "{r}");
}

#[test]
fn challenges_are_found_from_any_folder_and_gone_stores_are_pruned() {
    let t = TestEnv::with_project();
    // An allow lists nothing; an ask lists its store once.
    t.write(
        ".aiperture/policy.toml",
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"ls\"\ndecision = \"deny\"\n",
    );
    t.check_json("shell", "execute", "ls", &[]);
    assert_eq!(inbox(&t), "", "a deny is no pending ask");
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "cargo test", &[]));
    t.check_json("shell", "execute", "cargo bench", &[]);
    assert_eq!(inbox(&t), format!("{}\n", t.store().display()));

    // From the home folder (the user store), approve finds it and says where.
    let r = run_in(&t, &t.home, &["approve", &id, "--yes"]);
    r.code(0);
    assert!(r.stderr.contains(&format!("store {}", t.store().display())), "{r}");
    assert!(r.stdout.contains("approved shell execute cargo test"), "{r}");
    // The user store recorded nothing.
    assert!(!t.user_store().join("journal").exists() || t.events(&t.user_store()).is_empty());
    // approve --last from there finds the newest pending ask of any store.
    let r = run_in(&t, &t.home, &["deny", "--last", "--yes"]);
    r.code(0);
    assert!(r.stdout.contains("denied shell execute cargo bench"), "{r}");

    // A second store; the first is deleted: it is pruned from the inbox on the next lookup.
    let other = second_project(&t);
    let theirs = TestEnv::challenge(
        &run_in(&t, &other, &["check", "shell", "execute", "make", "--json"]).json(),
    );
    std::fs::remove_dir_all(t.store()).expect("rm store");
    let r = run_in(&t, &t.home, &["approve", &theirs, "--yes"]);
    r.code(0);
    assert_eq!(inbox(&t), format!("{}\n", other.join(".aiperture").display()));
}

#[test]
fn challenge_ids_complete_in_bash_zsh_and_fish_without_writing() {
    let t = TestEnv::with_project();
    let a = TestEnv::challenge(&t.check_json("shell", "execute", "cargo test", &[]));
    let b = TestEnv::challenge(&t.check_json("shell", "execute", "npm test", &[]));
    let complete = |dir: &std::path::Path, shell: &str, words: &[&str]| -> Run {
        let mut args = vec!["--", "aiperture"];
        args.extend_from_slice(words);
        let mut cmd = t.command(&args);
        cmd.current_dir(dir)
            .env("AIPERTURE_COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", words.len().to_string());
        Run::from(cmd.output().expect("run"))
    };
    let journal_len = |store: &std::path::Path| t.events(store).len();
    let before = journal_len(&t.store());

    let r = complete(&t.cwd, "bash", &["approve", ""]);
    r.code(0);
    let ids: Vec<&str> = r.stdout.split('\n').collect();
    assert!(ids.contains(&a.as_str()) && ids.contains(&b.as_str()), "{r}");
    assert_eq!(r.stderr, "", "{r}");

    // fish shows a description; a prefix narrows; from another folder, the inbox finds them.
    let r = complete(&t.home, "fish", &["deny", ""]);
    r.code(0);
    assert!(r.stdout.contains(&format!("{b}\tshell execute npm test (LOW) in ")), "{r}");
    assert!(r.stdout.contains(&format!("{a}\tshell execute cargo test (LOW)")), "{r}");
    // zsh takes `value:description`.
    let r = complete(&t.cwd, "zsh", &["approve", ""]);
    r.code(0);
    assert!(r.stdout.contains(&format!("{a}:shell execute cargo test (LOW)\n")), "{r}");
    let r = complete(&t.cwd, "bash", &["approve", &a[..6]]);
    assert!(r.stdout.split('\n').all(|c| c.starts_with(&a[..6])), "{r}");

    // Nothing was written: no journal event, no user store created from a bare folder.
    assert_eq!(journal_len(&t.store()), before);
    let fresh = TestEnv::new();
    let mut cmd = fresh.command(&["--", "aiperture", "approve", ""]);
    cmd.env("AIPERTURE_COMPLETE", "bash").env("_CLAP_COMPLETE_INDEX", "2");
    let r = Run::from(cmd.output().expect("run"));
    r.code(0);
    assert!(!r.stdout.contains("ch_"), "{r}");
    assert!(!fresh.user_store().exists(), "completion created the user store");

    // Without the `--` form, the variable changes nothing (a check stays a check).
    let mut cmd = t.command(&["check", "shell", "execute", "cargo test"]);
    cmd.env("AIPERTURE_COMPLETE", "bash");
    Run::from(cmd.output().expect("run")).code(3);
}

#[test]
fn completion_scripts_call_aiperture_back() {
    let t = TestEnv::new();
    for (shell, hook) in [
        ("bash", "AIPERTURE_COMPLETE=\"bash\""),
        ("zsh", "AIPERTURE_COMPLETE=\"zsh\""),
        ("fish", "AIPERTURE_COMPLETE=fish aiperture -- "),
    ] {
        let r = t.run(&["completions", shell]);
        r.code(0);
        assert!(r.stdout.contains(hook), "{shell}:\n{r}");
    }
}

#[test]
fn a_store_listed_in_the_inbox_cannot_capture_another_stores_challenge() {
    let t = TestEnv::with_project();
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "make release", &[]));
    // A hostile store (say, in a cloned repository) that asked once, so it is listed, and
    // whose index was edited to hold the same challenge id.
    let hostile = second_project(&t);
    run_in(&t, &hostile, &["check", "shell", "execute", "ls -la", "--json"]);
    let copied = hostile.join(".aiperture/index/challenges");
    for e in walkdir::WalkDir::new(t.store().join("index/challenges")).into_iter().flatten() {
        if e.file_type().is_file() {
            let text = std::fs::read_to_string(e.path()).expect("read");
            if text.contains(&id) {
                std::fs::write(copied.join(e.file_name()), text).expect("write");
            }
        }
    }
    let before = t.events(&hostile.join(".aiperture")).len();

    // From a third folder both stores know the id: nothing is decided, both are named.
    let r = run_in(&t, &t.home, &["approve", &id, "--yes"]);
    r.code(2);
    assert!(r.stderr.contains("is known to several stores"), "{r}");
    assert!(r.stderr.contains(&t.store().display().to_string()), "{r}");
    assert!(r.stderr.contains(&hostile.join(".aiperture").display().to_string()), "{r}");
    assert_eq!(t.events(&hostile.join(".aiperture")).len(), before);
    // Named explicitly, the hostile store cannot verify a challenge it did not issue.
    let h = hostile.display().to_string();
    let r = run_in(&t, &t.home, &["--store", &h, "approve", &id, "--yes"]);
    r.code(1);
    assert!(r.stderr.contains("does not verify under this store's secret"), "{r}");
    // From the project, its own store is asked first and decides.
    t.run(&["approve", &id, "--yes"]).code(0);
}

#[test]
fn the_bash_script_completes_challenge_ids_in_bash() {
    if std::process::Command::new("bash").arg("--version").output().is_err() {
        eprintln!("skipped: bash is not installed");
        return;
    }
    let t = TestEnv::with_project();
    let a = TestEnv::challenge(&t.check_json("shell", "execute", "cargo test", &[]));
    let b = TestEnv::challenge(&t.check_json("shell", "execute", "npm test", &[]));
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_aiperture"));
    let dir = bin.parent().expect("bin dir").display().to_string();
    let path = format!("{dir}:{}", std::env::var("PATH").unwrap_or_default());
    let script = "source <(aiperture completions bash)
        COMP_WORDS=(aiperture deny ''); COMP_CWORD=2; COMP_TYPE=9
        _clap_complete_aiperture aiperture '' deny
        printf '%s\\n' \"${COMPREPLY[@]}\"";
    // The sealed environment of the test, on bash.
    let sealed = t.command(&[]);
    let mut bash = std::process::Command::new("bash");
    bash.args(["-c", script]).current_dir(&t.cwd).env("PATH", path);
    for (k, v) in sealed.get_envs() {
        match v {
            Some(v) => bash.env(k, v),
            None => bash.env_remove(k),
        };
    }
    let r = Run::from(bash.output().expect("run bash"));
    r.code(0);
    let words: Vec<&str> = r.stdout.lines().collect();
    assert!(words.contains(&a.as_str()) && words.contains(&b.as_str()), "{r}");
}

#[test]
fn the_fish_script_completes_challenge_ids_in_fish() {
    if std::process::Command::new("fish").arg("--version").output().is_err() {
        eprintln!("skipped: fish is not installed");
        return;
    }
    let t = TestEnv::with_project();
    let a = TestEnv::challenge(&t.check_json("shell", "execute", "cargo test", &[]));
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_aiperture"));
    let dir = bin.parent().expect("bin dir").display().to_string();
    let path = format!("{dir}:{}", std::env::var("PATH").unwrap_or_default());
    let sealed = t.command(&[]);
    let mut fish = std::process::Command::new("fish");
    fish.args([
        "--no-config",
        "-c",
        "aiperture completions fish | source; complete -C 'aiperture deny '",
    ])
    .current_dir(&t.cwd)
    .env("PATH", path);
    for (k, v) in sealed.get_envs() {
        match v {
            Some(v) => fish.env(k, v),
            None => fish.env_remove(k),
        };
    }
    let r = Run::from(fish.output().expect("run fish"));
    r.code(0);
    assert!(r.stdout.contains(&format!("{a}\tshell execute cargo test (LOW)\n")), "{r}");
}
