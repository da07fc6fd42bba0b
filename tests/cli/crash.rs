//! Crash loop: writers killed with SIGKILL at random points (mid-append, mid-HEAD-write,
//! mid-index-write, mid-rotation with a tiny segment size) never cost a decision that was
//! reported, and the next command recovers by itself.
//!
//! 200 iterations by default; `AIPERTURE_CRASH_ITERATIONS=2000 cargo test --release --test cli
//! crash` runs a longer loop. Delays come from a fixed seed, so a failure reproduces.

#![cfg(unix)]

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::TestEnv;

/// SplitMix64, seeded: reproducible kill points.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

#[test]
fn killed_writers_lose_nothing_reported_and_the_next_command_recovers() {
    let iterations: u64 = std::env::var("AIPERTURE_CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let t = TestEnv::with_project();
    // Small segments so that rotations happen inside the loop too.
    t.write(
        ".aiperture/config.toml",
        "[session]\nrate_limit_per_minute = 0\n\n[journal]\nsegment_max_bytes = 8192\n",
    );
    // Kill points spread over a whole run of this build on this machine: `span` follows the
    // slowest recent uninterrupted run (every fourth iteration runs to the end, which also
    // guarantees completed checks whatever the load).
    let t0 = Instant::now();
    t.run(&["check", "shell", "execute", "echo warm-up", "--session", "crash"]).code(3);
    let mut span = (t0.elapsed().as_micros() as u64 * 6 / 5).max(1_000);
    let mut rng = Rng(0x00C0_FFEE);
    let mut reported = BTreeSet::new();
    let mut killed = 0;
    let started = Instant::now();
    for i in 0..iterations {
        let scope = format!("echo crash-{i}");
        let mut child = t
            .command(&["check", "shell", "execute", &scope, "--session", "crash"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let spawned = Instant::now();
        if i % 4 != 0 {
            // Anywhere from before start-up to just after the end.
            std::thread::sleep(Duration::from_micros(rng.below(span)));
            let _ = child.kill();
        }
        let out = child.wait_with_output().expect("wait");
        if i % 4 == 0 {
            let took = spawned.elapsed().as_micros() as u64 * 6 / 5;
            span = u64::midpoint(span, took.max(1_000));
        }
        match out.status.code() {
            // It finished: the verdict (ask) was reported, so its check must be journaled.
            Some(3) => {
                reported.insert(scope);
            }
            Some(code) => {
                panic!("iteration {i}: exit {code}: {}", String::from_utf8_lossy(&out.stderr))
            }
            None => {
                killed += 1;
                // After each crash the next command recovers by itself, and the chain then
                // holds only findings that recovery set aside.
                t.run(&["pending"]).code(0);
                let v = t.run(&["verify-chain", "--json"]);
                assert_eq!(v.code, 0, "iteration {i}: {v}");
            }
        }
    }
    // The next command recovers whatever was cut off, by itself.
    t.run(&["check", "shell", "execute", "echo after", "--session", "crash"]).code(3);
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    let v = r.json();
    let findings = v["findings"].as_array().cloned().unwrap_or_default();
    // Only what recovery set aside or accepted (and journaled) may be reported: torn lines,
    // and appends whose HEAD update was cut off.
    assert!(
        findings.iter().all(|f| f["recovered"] == true
            && (f["kind"] == "torn_write" || f["kind"] == "head_mismatch")),
        "only recovered findings may be reported: {v}"
    );
    // Every reported check is in the journal, once.
    let events = t.events(&t.store());
    let mut seen = BTreeSet::new();
    for e in events.iter().filter(|e| e["kind"] == "check") {
        let scope = e["request"]["scope"].as_str().unwrap_or_default().to_string();
        assert!(seen.insert(scope.clone()), "{scope} journaled twice");
    }
    let lost: Vec<&String> = reported.iter().filter(|s| !seen.contains(*s)).collect();
    assert!(lost.is_empty(), "reported checks missing from the journal: {lost:?}");
    // seq is contiguous across segments (verify-chain checked it) and the index agrees.
    let last = v["last_seq"].as_u64().unwrap_or(0);
    assert_eq!(last as usize, events.len());
    t.run(&["reindex"]).code(0);
    t.run(&["verify-chain"]).code(0);
    let recovered = findings.len();
    eprintln!(
        "crash loop: {iterations} iterations, {killed} killed, {} completed, {recovered} \
         recoveries, {} events, {} segments, {:.1} s",
        reported.len(),
        events.len(),
        v["segments"],
        started.elapsed().as_secs_f64()
    );
    assert!(killed * 4 >= iterations as usize, "too few kills: {killed}");
    assert!(recovered > 0, "no kill landed inside an append: the loop tested nothing");
}
