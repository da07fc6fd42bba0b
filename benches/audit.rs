//! Benchmark: audit queries on a large journal and artifact verification over many objects.
//!
//! 1. Writes a valid journal of N events (default 1,000,000: checks, human decisions,
//!    executions and artifacts in realistic proportions, 64 MiB segments, a MAC'd HEAD) straight
//!    through the journal's line encoding, then times the release binary running
//!    `audit log --kind check --limit 100` (and `--session` and `--decision` filters) as whole
//!    processes. Target: ≤ 200 ms at 1M events.
//!    Then `verify-chain` over the whole journal (every event re-hashed, every line MAC
//!    checked), without a target.
//! 2. Stores M artifacts (default 10,000) through the library and times
//!    `artifact verify --all` (re-hash every object against the journal, look for orphans).
//!
//! Run: `cargo bench --bench audit`. Environment: `AIPERTURE_BENCH_EVENTS` (default 1000000),
//! `AIPERTURE_BENCH_OBJECTS` (default 10000), `AIPERTURE_BENCH_RUNS` (default 10),
//! `AIPERTURE_BENCH_STORE` (a folder to write the journal's store to and keep, for profiling).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use aiperture::config::{self, Sources};
use aiperture::encoding::hex;
use aiperture::engine::Engine;
use aiperture::engine::events::ArtifactEvent;
use aiperture::journal::entry::{ChainKey, Header, encode_header, encode_line, link};
use aiperture::journal::head::Head;
use aiperture::store::lock::Wait;
use aiperture::store::{Discover, Secret, Store, UserDirs};

const BIN: &str = env!("CARGO_BIN_EXE_aiperture");
const SEGMENT_MAX: usize = 64 * 1024 * 1024;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn event_body(i: usize) -> (&'static str, String) {
    let session = format!("s{}", i % 50);
    let scope = format!("cargo test -p crate{}", i % 5000);
    let req = format!(
        r#""request":{{"tool":"shell","action":"execute","scope":"{scope}","org":"default","project":"","session":"{session}","task":"","content_hash":"","runtime":""}}"#
    );
    match i % 10 {
        0..=6 => (
            "check",
            format!(
                r#"{req},"verdict":{{"decision":"{}","decided_by":"default","reason":"no policy rule or learned pattern decides this request","risk":{{"tier":"low","score":0.486,"factors":["high_danger_tool","high_severity_action"],"reversible":false}},"risk_points":0}}"#,
                if i.is_multiple_of(3) { "allow" } else { "ask" }
            ),
        ),
        7 | 8 => (
            "decision",
            format!(
                r#""challenge":"ch_{i:024}","outcome":"recorded","decision":"{}","by":"bench","reason":"","channel":"cli",{req},"check_seq":{},"rapid":false"#,
                if i.is_multiple_of(4) { "deny" } else { "allow" },
                i.saturating_sub(1)
            ),
        ),
        _ => ("execution", format!(r#"{req},"status":"ok","channel":"cli""#)),
    }
}

/// Write a journal of `n` events into `store/journal` and its HEAD.
fn write_journal(store: &Path, secret: &Secret, n: usize) -> Result<(), String> {
    let dir = store.join("journal");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let key = ChainKey::line(secret);
    let mut prev = [0u8; 32];
    let mut segment = 0u32;
    let mut out: Option<fs::File> = None;
    let mut written = SEGMENT_MAX;
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .map_err(|e| e.to_string())?
        .timestamp_micros();
    for i in 0..n {
        let seq = i as u64 + 1;
        if written >= SEGMENT_MAX {
            segment += 1;
            let path = dir.join(format!("{segment:06}.jsonl"));
            let mut f = fs::File::create(&path).map_err(|e| e.to_string())?;
            let h = encode_header(&Header {
                kind: "header".into(),
                format: aiperture::journal::FORMAT,
                segment,
                first_seq: seq,
                prev: hex(&prev),
            });
            f.write_all(&h).map_err(|e| e.to_string())?;
            written = h.len();
            out = Some(f);
        }
        let ts = chrono::DateTime::from_timestamp_micros(start + i as i64 * 10_000_000)
            .ok_or("bad time")?
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let (kind, body) = event_body(i);
        let event = format!(
            r#"{{"seq":{seq},"ts":"{ts}","kind":"{kind}","prev":"{}",{body}}}"#,
            hex(&prev)
        );
        let hash = link(&prev, event.as_bytes());
        let line = encode_line(&hash, Some(&key.mac(seq, &hash)), event.as_bytes());
        if let Some(f) = out.as_mut() {
            f.write_all(&line).map_err(|e| e.to_string())?;
        }
        written += line.len();
        prev = hash;
    }
    let head = Head::new(secret, n as u64, &prev);
    fs::write(dir.join("HEAD"), head.to_bytes()).map_err(|e| e.to_string())?;
    Ok(())
}

fn time_runs(store: &Path, args: &[&str], runs: usize) -> Result<Vec<f64>, String> {
    let mut ms = Vec::new();
    for i in 0..=runs {
        let t = Instant::now();
        let out = Command::new(BIN)
            .arg("--store")
            .arg(store)
            .args(args)
            .env("HOME", store)
            .env_remove("AIPERTURE_STORE")
            .output()
            .map_err(|e| e.to_string())?;
        let elapsed = t.elapsed().as_secs_f64() * 1000.0;
        if !out.status.success() {
            return Err(format!(
                "{args:?} exited {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if i > 0 {
            ms.push(elapsed);
        }
    }
    ms.sort_by(f64::total_cmp);
    Ok(ms)
}

fn pct(v: &[f64], p: f64) -> f64 {
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or(f64::NAN)
}

fn run() -> Result<(), String> {
    let events = env_usize("AIPERTURE_BENCH_EVENTS", 1_000_000);
    let objects = env_usize("AIPERTURE_BENCH_OBJECTS", 10_000);
    let runs = env_usize("AIPERTURE_BENCH_RUNS", 10);
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    // `AIPERTURE_BENCH_STORE=DIR` keeps the journal's store there (for profiling).
    let store = std::env::var_os("AIPERTURE_BENCH_STORE")
        .map_or_else(|| tmp.path().join("store"), std::path::PathBuf::from);
    fs::create_dir_all(&store).map_err(|e| e.to_string())?;
    let secret = Secret([7; 32]);
    fs::write(store.join("secret"), secret.0).map_err(|e| e.to_string())?;
    let t = Instant::now();
    write_journal(&store, &secret, events)?;
    println!("wrote {events} events in {:.1} s", t.elapsed().as_secs_f64());
    println!("| query | events | p50 ms | p90 ms | max ms |");
    println!("|---|---|---|---|---|");
    for args in [
        &["audit", "log", "--kind", "check", "--limit", "100", "--json"][..],
        &["audit", "log", "--session", "s7", "--limit", "100"][..],
        &["audit", "log", "--decision", "deny", "--limit", "100"][..],
    ] {
        let ms = time_runs(&store, args, runs)?;
        println!(
            "| `{}` | {events} | {:.1} | {:.1} | {:.1} |",
            args.join(" "),
            pct(&ms, 0.5),
            pct(&ms, 0.9),
            pct(&ms, 1.0)
        );
    }

    // The whole chain: every event re-hashed, every link, seq and line MAC checked, HEAD.
    let ms = time_runs(&store, &["verify-chain", "--json"], runs.min(3))?;
    println!(
        "| `verify-chain --json` | {events} | {:.1} | {:.1} | {:.1} |",
        pct(&ms, 0.5),
        pct(&ms, 0.9),
        pct(&ms, 1.0)
    );

    // Artifacts through the library, then `artifact verify --all`.
    let astore = tmp.path().join("artifacts");
    fs::create_dir_all(&astore).map_err(|e| e.to_string())?;
    fs::write(astore.join("config.toml"), "[journal]\ndurability = \"flush\"\n")
        .map_err(|e| e.to_string())?;
    let user = UserDirs { data: tmp.path().join("user"), config_file: tmp.path().join("u.toml") };
    let s = Store::discover(&Discover {
        flag: Some(astore.clone()),
        env: None,
        cwd: astore.clone(),
        user,
    })
    .map_err(|e| e.to_string())?;
    let cfg = config::load(&Sources {
        user_file: None,
        store_file: Some(s.config_file()),
        env: vec![],
        flags: vec![],
        store_trust: config::StoreTrust::Trusted,
    })
    .map_err(|e| e.to_string())?
    .config;
    let now = chrono::Utc::now();
    let mut engine =
        Engine::open(&s, cfg, Wait::Block, &mut |_| {}, now).map_err(|e| e.to_string())?;
    let t = Instant::now();
    for i in 0..objects {
        let content = format!("artifact {i}\n{}", "x".repeat(1000 + i % 1000));
        let meta = ArtifactEvent {
            digest: String::new(),
            size: 0,
            task: format!("t{}", i % 100),
            artifact_type: "llm_response".into(),
            tool: "bench".into(),
            summary: String::new(),
            org: "default".into(),
            session: String::new(),
            tokens_in: 100,
            tokens_out: 50,
            cost_micros: 1234,
            model: "m".into(),
            provider: "p".into(),
        };
        engine.store_artifact(content.as_bytes(), &meta, now).map_err(|e| e.to_string())?;
    }
    drop(engine);
    println!("stored {objects} artifacts in {:.1} s", t.elapsed().as_secs_f64());
    let ms = time_runs(&astore, &["artifact", "verify", "--all"], runs.min(5))?;
    println!(
        "| `artifact verify --all` | {objects} objects | {:.1} | {:.1} | {:.1} |",
        pct(&ms, 0.5),
        pct(&ms, 0.9),
        pct(&ms, 1.0)
    );
    Ok(())
}
