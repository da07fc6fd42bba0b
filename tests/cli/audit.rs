//! Artifacts, audit queries and exports, compliance and stats.

use crate::common::{TestEnv, at};

#[test]
fn artifacts_are_stored_once_listed_costed_and_verified() {
    let t = TestEnv::with_project();
    t.write("out.txt", "hello world\n");
    let r = t.run(&[
        "artifact",
        "store",
        "out.txt",
        "--task",
        "t1",
        "--type",
        "file",
        "--tool",
        "write",
        "--summary",
        "greeting",
        "--tokens-in",
        "10",
        "--tokens-out",
        "5",
        "--cost",
        "0.0123",
        "--model",
        "m1",
        "--provider",
        "p1",
        "--json",
    ]);
    r.code(0);
    let id = r.json()["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(id, "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");
    assert_eq!(r.json()["cost_micros"], 12_300);
    // Identical content through stdin: one object, two events.
    let r = t.run_stdin(
        &["artifact", "store", "-", "--task", "t2", "--cost", "1.5", "--provider", "p2"],
        b"hello world\n",
    );
    r.code(0);
    let objects: Vec<_> = walkdir::WalkDir::new(t.store().join("objects"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(objects.len(), 1);
    let list = t.run(&["artifact", "list", "--json"]).json();
    assert_eq!(list["artifacts"].as_array().map(Vec::len), Some(2));
    let list = t.run(&["artifact", "list", "--task", "t1", "--json"]).json();
    assert_eq!(list["artifacts"].as_array().map(Vec::len), Some(1));
    assert_eq!(t.run(&["artifact", "show", &id[..10], "--raw"]).stdout, "hello world\n");
    let costs = t.run(&["artifact", "costs", "--by", "provider", "--json"]).json();
    assert_eq!(costs["total"]["cost_micros"], 1_512_300);
    assert_eq!(costs["groups"][0]["key"], "p1");
    assert!(t.run(&["artifact", "costs"]).stdout.contains("$1.512300"));
    t.run(&["artifact", "verify", "--all"]).code(0);
    t.run(&["artifact", "verify", &id]).code(0);

    // Tampered, missing and orphaned objects are reported, exit 1.
    let obj = t.store().join("objects/sha256").join(&id[..2]).join(&id[2..]);
    std::fs::write(&obj, "tampered").expect("write");
    let r = t.run(&["artifact", "verify", "--all", "--json"]);
    r.code(1);
    assert_eq!(r.json()["modified"][0], id.as_str());
    let r = t.run(&["artifact", "show", &id, "--raw"]);
    r.code(2);
    assert!(r.stderr.contains("was modified"), "{r}");
    std::fs::remove_file(&obj).expect("rm");
    let r = t.run(&["artifact", "verify", "--all", "--json"]);
    r.code(1);
    assert_eq!(r.json()["missing"][0], id.as_str());
    let stray = t.store().join("objects/sha256/ab/cdef");
    std::fs::create_dir_all(stray.parent().expect("parent")).expect("mkdir");
    std::fs::write(&stray, "stray").expect("write");
    let r = t.run(&["artifact", "verify", "--all"]);
    r.code(1);
    assert!(r.stdout.contains("orphaned:") && r.stdout.contains("missing:"), "{r}");

    // Bad input.
    let r = t.run(&["artifact", "store", "out.txt", "--cost", "0.0000001"]);
    r.code(2);
    assert!(r.stderr.contains("at most 6 decimals"), "{r}");
    t.run(&["artifact", "show", "zz"]).code(2);
    let r = t.run(&["artifact", "show", "0123456789"]);
    r.code(4);
    assert!(r.stderr.contains("no artifact"), "{r}");
    t.run(&["artifact", "store", "no-such-file"]).code(2);
}

#[test]
fn audit_log_filters_and_show() {
    let mut t = TestEnv::with_project();
    for (i, scope) in ["ls", "pwd", "whoami"].iter().enumerate() {
        let v =
            t.check_json("shell", "execute", scope, &["--session", if i == 1 { "b" } else { "a" }]);
        if i == 2 {
            t.run(&["deny", &TestEnv::challenge(&v), "--yes"]).code(0);
        }
        t.now = at(&t.now, 60);
    }
    t.check_json("web", "fetch", "https://example.com/", &[]);
    let all = t.run(&["audit", "log", "--json"]).json();
    assert_eq!(all["events"].as_array().map(Vec::len), Some(5));
    let checks = t.run(&["audit", "log", "--kind", "check", "--limit", "2", "--json"]).json();
    let seqs: Vec<u64> = checks["events"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["event"]["seq"].as_u64()).collect())
        .unwrap_or_default();
    assert_eq!(seqs, [3, 5], "the newest two, in journal order");
    let b = t.run(&["audit", "log", "--session", "b", "--json"]).json();
    assert_eq!(b["events"][0]["event"]["request"]["scope"], "pwd");
    let web = t.run(&["audit", "log", "--tool", "web", "--json"]).json();
    assert_eq!(web["events"].as_array().map(Vec::len), Some(1));
    let denied = t.run(&["audit", "log", "--decision", "deny", "--json"]).json();
    assert_eq!(denied["events"][0]["event"]["kind"], "decision");
    let since = t.run(&["audit", "log", "--since", "2026-11-26T10:02:00Z", "--json"]).json();
    assert_eq!(since["events"].as_array().map(Vec::len), Some(3));
    let until = t.run(&["audit", "log", "--until", "2026-11-26T10:00:30Z", "--json"]).json();
    assert_eq!(until["events"].as_array().map(Vec::len), Some(1));
    let text = t.run(&["audit", "log"]).stdout;
    assert!(text.contains("check") && text.contains("ask (default) shell execute ls"), "{text}");
    let show = t.run(&["audit", "show", "2", "--json"]).json();
    assert_eq!(show["event"]["seq"], 2);
    assert_eq!(show["hash"].as_str().map(str::len), Some(64));
    let r = t.run(&["audit", "show", "99"]);
    r.code(4);
    assert!(r.stderr.contains("no event with seq 99"), "{r}");
    let r = t.run(&["audit", "log", "--since", "yesterday"]);
    r.code(2);
    assert!(r.stderr.contains("not an RFC 3339 time"), "{r}");
}

#[test]
fn audit_log_rejects_an_unknown_kind_and_lists_the_valid_ones() {
    let t = TestEnv::with_project();
    t.check_json("shell", "execute", "ls", &[]);
    let r = t.run(&["audit", "log", "--kind", "chek"]);
    r.code(2);
    assert!(r.stdout.is_empty(), "{r}");
    assert!(r.stderr.contains("'chek'"), "names the bad value:\n{r}");
    for k in ["check", "decision", "grant", "execution", "recovered"] {
        assert!(r.stderr.contains(k), "lists {k}:\n{r}");
    }
    let ok = t.run(&["audit", "log", "--kind", "grant", "--json"]).json();
    assert_eq!(ok["events"].as_array().map(Vec::len), Some(0));
}

#[test]
fn exports_verify_and_fail_to_verify_when_edited() {
    let mut t = TestEnv::with_project();
    for scope in ["a", "b", "c", "d"] {
        t.check_json("shell", "execute", scope, &[]);
        t.now = at(&t.now, 60);
    }
    let full = t.run(&["audit", "export"]);
    full.code(0);
    let path = t.tmp.path().join("export.jsonl");
    std::fs::write(&path, &full.stdout).expect("write");
    let r = t.run(&["verify-chain", "--file", path.to_str().unwrap_or_default()]);
    r.code(0);
    assert!(r.stdout.starts_with("intact: 4 events"), "{r}");
    let part = t.run(&["audit", "export", "--since", "2026-11-26T10:02:00Z"]);
    std::fs::write(&path, &part.stdout).expect("write");
    let r = t.run(&["verify-chain", "--file", path.to_str().unwrap_or_default(), "--json"]);
    r.code(0);
    assert_eq!(r.json()["events"], 2);
    // A head recorded from the store must be found in the export.
    let head = t.store().join("journal/HEAD");
    t.run(&[
        "verify-chain",
        "--file",
        path.to_str().unwrap_or_default(),
        "--expect-head",
        head.to_str().unwrap_or_default(),
    ])
    .code(0);
    std::fs::write(&path, part.stdout.replace("\"scope\":\"d\"", "\"scope\":\"e\""))
        .expect("write");
    let r = t.run(&["verify-chain", "--file", path.to_str().unwrap_or_default()]);
    r.code(1);
    assert!(r.stdout.contains("hash_mismatch"), "{r}");
    let csv = t.run(&["audit", "export", "--format", "csv"]).stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("seq,ts,kind,"));
    assert!(
        lines[1].starts_with(
            "1,2026-11-26T10:00:00.000000Z,check,default,,shell,execute,a,ask,default"
        ),
        "{csv}"
    );
}

#[test]
fn seed_16_24_compliance_follows_time_order_and_sessions() {
    let t = TestEnv::with_project();
    t.write(".aiperture/policy.toml", "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"make test\"\ndecision = \"allow\"\n\n[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"make clean\"\ndecision = \"deny\"\n");
    t.run(&["policy", "trust"]).code(0);
    // Execution before any check: violation.
    t.run(&["report-execution", "shell", "execute", "make docs", "--session", "s"]).code(0);
    t.check_json("shell", "execute", "make docs", &["--session", "s"]);
    // After allow: covered.
    t.check_json("shell", "execute", "make test", &["--session", "s"]);
    t.run(&["report-execution", "shell", "execute", "make test", "--session", "s"]).code(0);
    // After deny: violation.
    t.check_json("shell", "execute", "make clean", &["--session", "s"]);
    t.run(&["report-execution", "shell", "execute", "make clean", "--session", "s"]).code(0);
    // In another session: violation.
    t.run(&["report-execution", "shell", "execute", "make test", "--session", "other"]).code(0);
    // After a human approval: covered.
    let id =
        TestEnv::challenge(&t.check_json("shell", "execute", "make lint", &["--session", "s"]));
    t.run(&["approve", &id, "--yes"]).code(0);
    t.run(&[
        "report-execution",
        "shell",
        "execute",
        "make lint",
        "--session",
        "s",
        "--status",
        "failed",
    ])
    .code(0);

    let r = t.run(&["compliance", "--json"]);
    r.code(1);
    let v = r.json();
    assert_eq!(v["executions"], 5);
    assert_eq!(v["covered"], 2);
    assert_eq!(v["coverage_percent"], 40.0);
    let why: Vec<&str> = v["violations"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["reason"].as_str()).collect())
        .unwrap_or_default();
    assert!(why[0].starts_with("no earlier check"), "{why:?}");
    assert_eq!(why[1], "the latest verdict before it was deny");
    assert!(why[2].starts_with("no earlier check"), "{why:?}");
    assert_eq!(v["human_decisions_by_channel"]["cli"], 1);
    let s = t.run(&["compliance", "--session", "other", "--json"]).json();
    assert_eq!(s["executions"], 1);
    assert!(
        t.run(&["compliance"])
            .stdout
            .contains("5 execution(s), 2 covered, 3 violation(s), coverage 40.0%")
    );
    t.run(&["report-execution", "shell", "execute", "x", "--status", "maybe"]).code(2);
}

#[test]
fn stats_summarise_the_journal() {
    let t = TestEnv::with_project();
    for _ in 0..3 {
        t.check_json("shell", "execute", "cargo build", &[]);
    }
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "ls", &[]));
    t.run(&["approve", &id, "--yes"]).code(0);
    t.run(&["approve", &id, "--yes"]).code(1);
    let v = t.run(&["stats", "--json"]).json();
    assert_eq!(v["events"], 6);
    assert_eq!(v["checks_by_decision"]["ask"], 4);
    assert_eq!(v["human_decisions"]["allow"], 1);
    assert_eq!(v["refused_decisions"], 1);
    assert_eq!(v["top_asked"][0][2], "cargo build");
    assert_eq!(v["top_asked"][0][3], 3);
    assert_eq!(v["segments"], 1);
    let text = t.run(&["stats"]).stdout;
    assert!(text.contains("events: 6 in 1 segment(s)"), "{text}");
}

#[test]
fn forward_command_receives_every_event_once_in_order() {
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let sink = t.tmp.path().join("forwarded.jsonl");
    t.run(&["config", "set", "audit.forward_command", &format!("cat >> '{}'", sink.display())])
        .code(0);
    std::thread::scope(|s| {
        for w in 0..4 {
            let t = &t;
            s.spawn(move || {
                for i in 0..15 {
                    let r = t.run(&["check", "shell", "execute", &format!("echo {w} {i}")]);
                    assert_eq!(r.code, 3, "{r}");
                }
            });
        }
    });
    let forwarded = std::fs::read_to_string(&sink).expect("sink");
    let journal = std::fs::read_to_string(t.store().join("journal/000001.jsonl")).expect("journal");
    // Everything after the two config events, exactly once, in journal order.
    let expected: Vec<&str> = journal.lines().skip(3).collect();
    let got: Vec<&str> = forwarded.lines().collect();
    assert_eq!(got.len(), 60);
    assert_eq!(got, expected);
}

#[test]
fn a_failing_or_hanging_forward_command_never_fails_a_check() {
    let t = TestEnv::with_project();
    t.run(&["config", "set", "audit.forward_command", "exit 3"]).code(0);
    t.run(&["check", "shell", "execute", "ls"]).code(3);
    let cursor: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.store().join("forward.json")).expect("cursor"))
            .expect("json");
    assert!(cursor["error"].as_str().is_some_and(|e| e.contains("failed")), "{cursor}");

    t.run(&["config", "set", "audit.forward_command", "sleep 30"]).code(0);
    t.run(&["config", "set", "audit.forward_timeout_ms", "100"]).code(0);
    t.run(&["check", "shell", "execute", "pwd"]).code(3);
    let cursor: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.store().join("forward.json")).expect("cursor"))
            .expect("json");
    assert!(cursor["error"].as_str().is_some_and(|e| e.contains("took longer")), "{cursor}");
    // Within the back-off minute, checks do not try again.
    let failed_at = cursor["failed_at"].clone();
    t.run(&["check", "shell", "execute", "whoami"]).code(3);
    let again: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.store().join("forward.json")).expect("cursor"))
            .expect("json");
    assert_eq!(again["failed_at"], failed_at);
    let r = t.run(&["config", "set", "audit.forward_timeout_ms", "0"]);
    r.code(2);
}
