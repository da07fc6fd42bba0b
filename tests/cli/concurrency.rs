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
