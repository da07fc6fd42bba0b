//! `-q`/`--quiet`: confirmations, notes and progress go; errors, warnings, `--json` output and
//! requested data stay.

use crate::common::TestEnv;

#[test]
fn quiet_hides_confirmations_and_notes_but_not_answers_or_errors() {
    let t = TestEnv::new();
    let r = t.run(&["-q", "init"]);
    r.code(0);
    assert_eq!(r.stdout, "", "{r}");

    // A verdict is the answer: printed, with its exit status.
    let r = t.run(&["-q", "check", "shell", "execute", "cargo build"]);
    r.code(3);
    assert!(r.stdout.starts_with("ask"), "{r}");
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "cargo build", &[]));

    // A decision with --yes: neither the request shown on stderr nor "approved …" on stdout.
    let r = t.run(&["--quiet", "approve", &id, "--yes"]);
    r.code(0);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""), "{r}");
    let loud = t.run(&[
        "approve",
        &TestEnv::challenge(&t.check_json("shell", "execute", "make", &[])),
        "--yes",
    ]);
    assert!(loud.stdout.starts_with("approved"), "{loud}");
    assert!(!loud.stderr.is_empty(), "{loud}");

    for args in [
        &["-q", "report-execution", "shell", "execute", "cargo build"][..],
        &["-q", "config", "set", "learning.min_decisions", "4"],
        &["-q", "policy", "trust"],
        &["-q", "reindex"],
        &["-q", "bootstrap", "minimal"],
    ] {
        let r = t.run(args);
        r.code(0);
        assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""), "{args:?}\n{r}");
    }

    // Requested data stays: a value, the store's path (without the note on how it was found),
    // a new grant's id (without the note that it never expires), --json.
    let r = t.run(&["-q", "config", "get", "learning.min_decisions"]);
    assert_eq!(r.stdout, "4\n", "{r}");
    let r = t.run(&["-q", "where"]);
    assert!(r.stdout.trim_end().ends_with(".aiperture"), "{r}");
    assert_eq!(r.stderr, "", "{r}");
    let r = t.run(&["-q", "grant", "shell", "execute", "make *", "--task", "T1"]);
    r.code(0);
    assert!(r.stdout.starts_with("gr_"), "{r}");
    assert_eq!(r.stderr, "", "{r}");
    let r = t.run(&["-q", "--json", "report-execution", "shell", "execute", "make"]);
    assert!(r.json()["seq"].as_u64().is_some(), "{r}");

    // Errors keep their hints.
    let r = t.run(&["-q", "config", "get", "min_decisions"]);
    r.code(4);
    assert!(r.stderr.contains("error: unknown configuration key"), "{r}");
    assert!(r.stderr.contains("hint: did you mean `learning.min_decisions`?"), "{r}");
}
