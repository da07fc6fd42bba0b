//! Benchmark: `aiperture check` as a whole process against 1,000 and 1,000,000 journaled human
//! decisions spread over 10,000 patterns (the learning issue's scale target: p50 within 1.5×).
//!
//! The journal is written straight through the journal's line encoding (a check event and a
//! human decision event per decision, each decision teaching its exact scope and its
//! normalized pattern), with a MAC'd HEAD, so that a million decisions take seconds to lay
//! down instead of an hour of real checks. The index is then built by the release binary
//! (`aiperture reindex`, timed), and checks are timed end to end: a pattern humans approved
//! (allowed by learning) and a command never seen (ask).
//!
//! Run: `cargo bench --bench learning_scale`. Environment: `AIPERTURE_BENCH_SIZES` (default
//! `1000,1000000`), `AIPERTURE_BENCH_RUNS` (default 200).

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use aiperture::encoding::hex;
use aiperture::journal::entry::{ChainKey, Header, encode_header, encode_line, link};
use aiperture::journal::head::Head;
use aiperture::store::Secret;

const BIN: &str = env!("CARGO_BIN_EXE_aiperture");
const PATTERNS: usize = 10_000;
const SEGMENT_MAX: usize = 64 * 1024 * 1024;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn scope(p: usize) -> String {
    format!("make test-{p}")
}

/// Write `decisions` human approvals (with their checks) over `PATTERNS` patterns; returns
/// the time of the last event.
fn write_journal(dir: &Path, secret: &Secret, decisions: usize) -> Result<i64, String> {
    let jdir = dir.join("journal");
    fs::create_dir_all(&jdir).map_err(|e| e.to_string())?;
    let start = chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
        .map_err(|e| e.to_string())?
        .timestamp_micros();
    let key = ChainKey::line(secret);
    let mut prev = [0u8; 32];
    let mut seq = 0u64;
    let mut segment = 0u32;
    let mut out: Option<BufWriter<fs::File>> = None;
    let mut written = SEGMENT_MAX;
    let mut ts = start;
    let mut emit = |kind: &str, body: &str, ts: i64, seq: &mut u64| -> Result<(), String> {
        *seq += 1;
        if written >= SEGMENT_MAX {
            if let Some(mut f) = out.take() {
                f.flush().map_err(|e| e.to_string())?;
            }
            segment += 1;
            let f = fs::File::create(jdir.join(format!("{segment:06}.jsonl")))
                .map_err(|e| e.to_string())?;
            let mut f = BufWriter::new(f);
            let h = encode_header(&Header {
                kind: "header".into(),
                format: aiperture::journal::FORMAT,
                segment,
                first_seq: *seq,
                prev: hex(&prev),
            });
            f.write_all(&h).map_err(|e| e.to_string())?;
            written = h.len();
            out = Some(f);
        }
        let t = chrono::DateTime::from_timestamp_micros(ts)
            .ok_or("bad time")?
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let event =
            format!(r#"{{"seq":{seq},"ts":"{t}","kind":"{kind}","prev":"{}",{body}}}"#, hex(&prev));
        let hash = link(&prev, event.as_bytes());
        let line = encode_line(&hash, Some(&key.mac(*seq, &hash)), event.as_bytes());
        if let Some(f) = out.as_mut() {
            f.write_all(&line).map_err(|e| e.to_string())?;
        }
        written += line.len();
        prev = hash;
        Ok(())
    };
    for i in 0..decisions {
        let p = i % PATTERNS.min(decisions.max(1));
        let s = scope(p);
        let req = format!(
            r#""request":{{"tool":"shell","action":"execute","scope":"{s}","org":"default","project":"","session":"","task":"","content_hash":"","runtime":""}}"#
        );
        let ch = format!("ch_{i:024}");
        emit(
            "check",
            &format!(
                r#"{req},"verdict":{{"decision":"ask","decided_by":"default","reason":"","risk":{{"tier":"low","score":0.2,"factors":[],"reversible":false}},"risk_points":0}}"#
            ),
            ts,
            &mut seq,
        )?;
        emit(
            "decision",
            &format!(
                r#""challenge":"{ch}","outcome":"recorded","decision":"allow","by":"bench","reason":"","channel":"cli",{req},"rapid":false,"learn":[{{"pattern":"{s}","normalized":false}}]"#
            ),
            ts + 1,
            &mut seq,
        )?;
        // 61 s between decisions: never rubber-stamped; spread so the newest are recent.
        ts += 61_000_000;
    }
    if let Some(mut f) = out.take() {
        f.flush().map_err(|e| e.to_string())?;
    }
    fs::write(jdir.join("HEAD"), Head::new(secret, seq, &prev).to_bytes())
        .map_err(|e| e.to_string())?;
    Ok(ts)
}

fn run_bin(store: &Path, now: &str, args: &[&str]) -> Result<(f64, i32), String> {
    let t = Instant::now();
    let out = Command::new(BIN)
        .arg("--store")
        .arg(store)
        .args(args)
        .env("HOME", store)
        .env("AIPERTURE_NOW", now)
        .env_remove("AIPERTURE_STORE")
        .output()
        .map_err(|e| e.to_string())?;
    Ok((t.elapsed().as_secs_f64() * 1000.0, out.status.code().unwrap_or(-1)))
}

fn run() -> Result<(), String> {
    let sizes: Vec<usize> = std::env::var("AIPERTURE_BENCH_SIZES").ok().map_or_else(
        || vec![1_000, 1_000_000],
        |v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect(),
    );
    let runs: usize =
        std::env::var("AIPERTURE_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    println!("| decisions | patterns | write s | reindex s | p50 learned ms | p50 unseen ms |");
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut base = None;
    for n in sizes {
        let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let store = tmp.path().join("store");
        fs::create_dir_all(&store).map_err(|e| e.to_string())?;
        let secret = Secret([5; 32]);
        fs::write(store.join("secret"), secret.0).map_err(|e| e.to_string())?;
        fs::write(store.join("config.toml"), "[session]\nrate_limit_per_minute = 0\n")
            .map_err(|e| e.to_string())?;
        let t = Instant::now();
        let last = write_journal(&store, &secret, n)?;
        let write_s = t.elapsed().as_secs_f64();
        let now = chrono::DateTime::from_timestamp_micros(last + 60_000_000)
            .ok_or("bad time")?
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // The config turns the rate limit off, which applies only once trusted.
        let (_, code) = run_bin(&store, &now, &["policy", "trust"])?;
        if code != 0 {
            return Err(format!("policy trust exited {code}"));
        }
        let t = Instant::now();
        let (_, code) = run_bin(&store, &now, &["reindex"])?;
        if code != 0 {
            return Err(format!("reindex exited {code}"));
        }
        let reindex_s = t.elapsed().as_secs_f64();
        let learned = scope(0);
        let mut l = Vec::new();
        let mut u = Vec::new();
        for i in 0..runs + 10 {
            let (ms, code) = run_bin(&store, &now, &["check", "shell", "execute", &learned])?;
            let want = if n / PATTERNS.min(n) >= 10 { 0 } else { 3 };
            if code != want {
                return Err(format!("learned check exited {code}, expected {want} (n={n})"));
            }
            let (ms2, code2) =
                run_bin(&store, &now, &["check", "shell", "execute", &format!("unseen {i}")])?;
            if code2 != 3 {
                return Err(format!("unseen check exited {code2}"));
            }
            if i >= 10 {
                l.push(ms);
                u.push(ms2);
            }
        }
        l.sort_by(f64::total_cmp);
        u.sort_by(f64::total_cmp);
        let (pl, pu) = (l[l.len() / 2], u[u.len() / 2]);
        let ratio = base.map_or(1.0, |b: f64| pu / b);
        if base.is_none() {
            base = Some(pu);
        }
        println!(
            "| {n} | {} | {write_s:.1} | {reindex_s:.1} | {pl:.2} | {pu:.2} (×{ratio:.2}) |",
            PATTERNS.min(n)
        );
    }
    Ok(())
}
