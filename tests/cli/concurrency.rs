//! Many processes on one store: nothing lost, nothing forked.

use std::collections::BTreeSet;

use crate::common::TestEnv;

const WORKERS: usize = 8;
const OPS: usize = 200;

#[test]
fn eight_processes_times_two_hundred_mixed_operations() {
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let store = t.store();
    let results: Vec<(usize, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|w| {
                let t = &t;
                s.spawn(move || {
                    let (mut checks, mut decisions) = (0, 0);
                    let mut pending: Option<String> = None;
                    for i in 0..OPS {
                        if let Some(id) = pending.take().filter(|_| i % 2 == 1) {
                            let verb = if i % 4 == 1 { "approve" } else { "deny" };
                            let r = t.run(&[verb, &id, "--yes", "--by", &format!("w{w}")]);
                            assert_eq!(r.code, 0, "{r}");
                            decisions += 1;
                        } else {
                            let scope = format!("echo worker {w} op {}", i % 7);
                            let r = t.run(&[
                                "check",
                                "shell",
                                "execute",
                                &scope,
                                "--json",
                                "--session",
                                &format!("s{w}"),
                            ]);
                            assert!(matches!(r.code, 0 | 1 | 3), "{r}");
                            pending = r.json()["challenge"]["id"].as_str().map(str::to_string);
                            checks += 1;
                        }
                    }
                    (checks, decisions)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("worker")).collect()
    });
    let ops: usize = results.iter().map(|(c, d)| c + d).sum();
    assert_eq!(ops, WORKERS * OPS);
    let events = t.events(&store);
    // One config event from the setup, then one event per operation.
    assert_eq!(events.len(), ops + 1);
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap_or(0)).collect();
    let want: Vec<u64> = (1..=events.len() as u64).collect();
    assert_eq!(seqs, want, "seq must be contiguous");
    let decisions =
        events.iter().filter(|e| e["kind"] == "decision" && e["outcome"] == "recorded").count();
    assert_eq!(decisions, results.iter().map(|(_, d)| d).sum::<usize>());
    let ids: BTreeSet<&str> = events.iter().filter_map(|e| e["challenge"].as_str()).collect();
    assert_eq!(ids.len(), decisions, "each challenge decided once");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    assert_eq!(r.json()["last_seq"], events.len());
    // The incrementally maintained index equals a rebuilt one.
    let patterns = t.run(&["patterns", "--json"]).stdout;
    t.run(&["reindex"]).code(0);
    assert_eq!(t.run(&["patterns", "--json"]).stdout, patterns);
}

#[test]
fn a_busy_lock_is_waited_for_or_refused_with_no_wait() {
    use aiperture::store::lock::{StoreLock, Wait};
    let t = TestEnv::with_project();
    let lock = StoreLock::acquire(&t.store().join("lock"), Wait::Block, &mut |_| {})
        .expect("take the lock");
    let r = t.run(&["--no-wait", "check", "shell", "execute", "ls"]);
    r.code(2);
    assert!(r.stderr.contains("is held by another process"), "{r}");
    assert!(r.stderr.contains("hint: drop --no-wait"), "{r}");

    // The waiting process says so on stderr (a file here, so we can watch it without
    // blocking), then gets the lock once it is released.
    let err_path = t.tmp.path().join("stderr.txt");
    let mut cmd = t.command(&["check", "shell", "execute", "ls"]);
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(&err_path).expect("stderr file"));
    let child = cmd.spawn().expect("spawn");
    let mut said = String::new();
    for _ in 0..200 {
        said = std::fs::read_to_string(&err_path).unwrap_or_default();
        if said.contains("waiting for lock on") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(said.contains("waiting for lock on"), "{said}");
    drop(lock);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(3));
}

/// The hardening torture: `AIPERTURE_TORTURE_WORKERS` processes (16) × `AIPERTURE_TORTURE_OPS`
/// mixed operations (40 in CI; 1,000 for the full run) — check, approve, deny, revoke,
/// artifact store, report-execution — while a running `serve` takes HTTP checks and a running
/// `mcp-serve` takes MCP checks, all on one store. Afterwards: seq contiguous, every
/// operation's event present exactly once, `verify-chain` intact, and the index (kept by the
/// servers' caches with deferred commits, and by every CLI process) equal to a fresh rebuild.
#[test]
fn torture_processes_and_both_servers_on_one_store() {
    use std::io::Write;
    use std::process::Stdio;

    use serde_json::json;

    let env = |k: &str, d: usize| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let workers = env("AIPERTURE_TORTURE_WORKERS", 16);
    let ops = env("AIPERTURE_TORTURE_OPS", 40);
    let server_checks = env("AIPERTURE_TORTURE_SERVER_CHECKS", 150);
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let http = crate::http::Server::start(&t, &[]);
    let artifact = t.cwd.join("artifact.txt");
    std::fs::write(&artifact, "agent output").expect("artifact");

    // What each client did, to compare with the journal: (kind, tag).
    let done: Vec<Vec<(&'static str, String)>> = std::thread::scope(|s| {
        let mcp = s.spawn(|| {
            let mut child = t
                .command(&["mcp-serve"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn mcp-serve");
            let mut input = String::new();
            input.push_str(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}).to_string());
            input.push('\n');
            for i in 1..=server_checks {
                let args = json!({"tool": "shell", "action": "execute", "scope": format!("echo mcp {i}")});
                input.push_str(&json!({"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": {"name": "check_permission", "arguments": args}}).to_string());
                input.push('\n');
            }
            let mut stdin = child.stdin.take().expect("stdin");
            let writer = std::thread::spawn(move || {
                let _ = stdin.write_all(input.as_bytes());
            });
            let out = child.wait_with_output().expect("mcp-serve");
            let _ = writer.join();
            assert_eq!(out.status.code(), Some(0));
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let ok = text.lines().filter(|l| l.contains("\"isError\":false")).count();
            assert_eq!(ok, server_checks, "every MCP check answered");
            (1..=server_checks).map(|i| ("check", format!("echo mcp {i}"))).collect()
        });
        let web = s.spawn(|| {
            (1..=server_checks)
                .map(|i| {
                    let scope = format!("echo http {i}");
                    let body = json!({"tool": "shell", "action": "execute", "scope": scope});
                    let r = http.post("/permissions/check", &body);
                    assert_eq!(r.status, 200, "{:?}", r.json());
                    ("check", scope)
                })
                .collect::<Vec<_>>()
        });
        let clis: Vec<_> = (0..workers)
            .map(|w| {
                let t = &t;
                let artifact = &artifact;
                s.spawn(move || {
                    let mut did = Vec::new();
                    let mut pending: Option<String> = None;
                    for i in 0..ops {
                        let tag = format!("w{w} op {i}");
                        match (i % 6, pending.take()) {
                            (1 | 3, Some(id)) => {
                                let verb = if i % 6 == 1 { "approve" } else { "deny" };
                                t.run(&[verb, &id, "--yes", "--by", &format!("w{w}")]).code(0);
                                did.push(("decision", id));
                            }
                            (4, _) => {
                                let a = artifact.display().to_string();
                                t.run(&["artifact", "store", &a, "--task", &tag]).code(0);
                                did.push(("artifact", tag));
                            }
                            (5, _) => {
                                t.run(&["report-execution", "shell", "execute", &tag]).code(0);
                                did.push(("execution", tag));
                            }
                            (2, _) if i % 12 == 2 => {
                                t.run(&[
                                    "revoke",
                                    "shell",
                                    "execute",
                                    &format!("echo w{w} *"),
                                    "--yes",
                                ])
                                .code(0);
                                did.push(("revoke", tag));
                            }
                            _ => {
                                let scope = format!("echo w{w} {i}");
                                let r = t.run(&["check", "shell", "execute", &scope, "--json"]);
                                assert!(matches!(r.code, 0 | 1 | 3), "{r}");
                                pending = r.json()["challenge"]["id"].as_str().map(str::to_string);
                                did.push(("check", scope));
                            }
                        }
                    }
                    did
                })
            })
            .collect();
        let mut all: Vec<_> = clis.into_iter().map(|h| h.join().expect("worker")).collect();
        all.push(mcp.join().expect("mcp"));
        all.push(web.join().expect("http"));
        all
    });
    let (code, log) = http.stop();
    assert_eq!(code, 0, "{log}");

    let events = t.events(&t.store());
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap_or(0)).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>(), "seq must be contiguous");
    // Every operation's event, exactly once.
    let count = |kind: &str, tag: &str| {
        events
            .iter()
            .filter(|e| e["kind"] == kind)
            .filter(|e| match kind {
                "check" => e["request"]["scope"] == tag,
                "decision" => e["challenge"] == tag && e["outcome"] == "recorded",
                "artifact" => e["task"] == tag,
                "execution" => e["scope"] == tag || e["request"]["scope"] == tag,
                _ => true,
            })
            .count()
    };
    let mut total = 0;
    for (kind, tag) in done.iter().flatten() {
        total += 1;
        if *kind == "revoke" {
            continue;
        }
        assert_eq!(count(kind, tag), 1, "{kind} {tag}");
    }
    assert_eq!(total, workers * ops + 2 * server_checks);
    let revokes = done.iter().flatten().filter(|(k, _)| *k == "revoke").count();
    assert_eq!(events.iter().filter(|e| e["kind"] == "revoke").count(), revokes);
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    assert_eq!(r.json()["last_seq"], events.len());
    // The index as maintained equals a rebuilt one.
    let before = (t.run(&["patterns", "--json"]).stdout, t.run(&["pending", "--json"]).stdout);
    t.run(&["reindex"]).code(0);
    let after = (t.run(&["patterns", "--json"]).stdout, t.run(&["pending", "--json"]).stdout);
    assert_eq!(before, after);
}
