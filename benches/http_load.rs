//! Benchmark: `POST /permissions/check` against `aiperture serve` on loopback.
//!
//! For each durability (`flush`, then `fsync`) and each client count (1, then 8) the bench
//! creates a fresh temporary store (`[session] rate_limit_per_minute = 0`, so the limit does not
//! turn checks into denials), starts the release binary with `serve --addr 127.0.0.1:0`, reads
//! the port from its standard error, and runs that many client threads, each on one keep-alive
//! connection, sending checks back to back (20 untimed warm-up checks per client first). Every
//! check is decided and journaled like a real one (`ask` with a fresh challenge: the store has
//! no policy). A last row repeats `flush` with 8 clients where each client sends its own session
//! id, to show the cost of per-session state. Each run is bounded by a request count and by
//! `AIPERTURE_BENCH_SECONDS` of wall time, traffic goes to 127.0.0.1 only, and the server is
//! stopped with SIGTERM (it must exit 0).
//!
//! Output: a Markdown table (requests/s, p50, p99 by nearest rank, and the slowest check,
//! warm-up included) on standard output, progress on standard error. Environment:
//! `AIPERTURE_BENCH_REQUESTS` (per flush run, default 20000; fsync runs do a fifth),
//! `AIPERTURE_BENCH_SECONDS` (cap per run, default 30), `AIPERTURE_BENCH_BIN` (another build of
//! `aiperture` to run instead, for an A/B), `TMPDIR` (where stores live; the file
//! system decides the fsync figures). Run: `cargo bench --bench http_load`. Results are
//! recorded in BENCHMARKS.md.

use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[path = "common/http.rs"]
mod http;

use http::{Client, Served};

/// The release binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_aiperture");
const WARMUP: usize = 20;
const TARGET_RPS: f64 = 5000.0;

/// The binary to run: `AIPERTURE_BENCH_BIN` (another build, for an A/B) or [`BIN`].
fn bin() -> String {
    std::env::var("AIPERTURE_BENCH_BIN").unwrap_or_else(|_| BIN.to_string())
}

type BenchResult<T> = Result<T, String>;

struct Row {
    durability: &'static str,
    clients: usize,
    sessions: bool,
    requests: usize,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Slowest check of the run, warm-up included (a connection's first checks are where a
    /// stalled connection shows).
    max_ms: f64,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("http_load bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn env_usize(name: &str, default: usize) -> BenchResult<usize> {
    match std::env::var(name) {
        Ok(v) => v.replace('_', "").parse().map_err(|_| format!("{name}: not a number: {v:?}")),
        Err(_) => Ok(default),
    }
}

fn run() -> BenchResult<()> {
    let requests = env_usize("AIPERTURE_BENCH_REQUESTS", 20_000)?.max(8);
    let cap = Duration::from_secs(env_usize("AIPERTURE_BENCH_SECONDS", 30)? as u64);
    let tmp = std::env::temp_dir();
    let mut rows = Vec::new();
    // Stores are deleted when the bench ends, not between rows: on ext4 without a journal a
    // mass deletion makes new files (a check's challenge shard, mostly new on a fresh store)
    // slow for minutes, and the next row would measure the bench's own clean-up.
    let mut stores = Vec::new();
    for (durability, clients, sessions) in [
        ("flush", 1, false),
        ("flush", 8, false),
        ("fsync", 1, false),
        ("fsync", 8, false),
        ("flush", 8, true),
    ] {
        let n = if durability == "fsync" { requests / 5 } else { requests };
        eprintln!("http_load: {durability}, {clients} client(s), sessions={sessions}, {n} checks");
        let (row, store) = one(durability, clients, sessions, n, cap)?;
        rows.push(row);
        stores.push(store);
    }
    println!("## `http_load`: `POST /permissions/check` over loopback\n");
    println!(
        "Machine: {} cores; stores under `{}`; release build; keep-alive connections; \
         8 server workers.\n",
        std::thread::available_parallelism().map_or(0, usize::from),
        tmp.display()
    );
    println!(
        "| durability | clients | session ids | checks | checks/s | p50 ms | p99 ms | max ms |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {:.0} | {:.3} | {:.3} | {:.1} |",
            r.durability,
            r.clients,
            if r.sessions { "one per client" } else { "none" },
            r.requests,
            r.rps,
            r.p50_ms,
            r.p99_ms,
            r.max_ms
        );
    }
    if let Some(r) = rows.iter().find(|r| r.durability == "flush" && r.clients == 8 && !r.sessions)
    {
        println!(
            "\nTarget ≥ {TARGET_RPS:.0} checks/s with 8 clients and `flush`: {} ({:.0}).",
            if r.rps >= TARGET_RPS { "MET" } else { "NOT MET" },
            r.rps
        );
    }
    Ok(())
}

/// A server on a fresh store (its folder is handed back to be deleted when the bench ends).
struct Fresh {
    served: Served,
    dir: tempfile::TempDir,
}

fn start(durability: &str) -> BenchResult<Fresh> {
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let home = dir.path().join("home");
    let store = dir.path().join("store");
    for d in [&home, &store] {
        std::fs::create_dir_all(d).map_err(|e| format!("mkdir {}: {e}", d.display()))?;
    }
    std::fs::write(
        store.join("config.toml"),
        format!(
            "[session]\nrate_limit_per_minute = 0\n\n[journal]\ndurability = \"{durability}\"\n"
        ),
    )
    .map_err(|e| format!("write config: {e}"))?;
    // The config turns the rate limit off, which applies only once trusted.
    let bin = bin();
    let trusted = Command::new(&bin)
        .env_clear()
        .env("HOME", &home)
        .arg("--store")
        .arg(&store)
        .args(["policy", "trust"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("spawn {bin}: {e}"))?;
    if !trusted.status.success() {
        return Err(format!("policy trust failed: {}", String::from_utf8_lossy(&trusted.stderr)));
    }
    let mut serve = Command::new(&bin);
    serve
        .env_clear()
        .env("HOME", &home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("--store")
        .arg(&store)
        .args(["serve", "--addr", "127.0.0.1:0", "--workers", "8"]);
    Ok(Fresh { served: Served::spawn(serve)?, dir })
}

/// POST one check and read the verdict (an answer without `decision` is an error).
fn check(client: &mut Client, scope: &str, session: &str) -> BenchResult<()> {
    let body = format!(
        "{{\"tool\":\"shell\",\"action\":\"execute\",\"scope\":\"{scope}\",\"session\":\"{session}\"}}"
    );
    let answer = client.send("POST", "/permissions/check", &body, None)?;
    if !answer.windows(11).any(|w| w == b"\"decision\":") {
        return Err(format!("no decision in {}", String::from_utf8_lossy(&answer)));
    }
    Ok(())
}

fn one(
    durability: &'static str,
    clients: usize,
    sessions: bool,
    total: usize,
    cap: Duration,
) -> BenchResult<(Row, tempfile::TempDir)> {
    let Fresh { served, dir } = start(durability)?;
    let per_client = total / clients;
    let started = Instant::now();
    let results: Vec<BenchResult<(Vec<Duration>, Duration)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let addr = served.addr.clone();
                s.spawn(move || {
                    let mut client = Client::new(&addr)?;
                    let session = if sessions { format!("bench-{c}") } else { String::new() };
                    let mut max = Duration::ZERO;
                    for i in 0..WARMUP {
                        let t = Instant::now();
                        check(&mut client, &format!("echo warm {c} {i}"), &session)?;
                        max = max.max(t.elapsed());
                    }
                    let mut lat = Vec::with_capacity(per_client);
                    let deadline = Instant::now() + cap;
                    for i in 0..per_client {
                        let scope = match i % 3 {
                            0 => "git status".to_string(),
                            1 => format!("cargo test -p crate{}", i % 50),
                            _ => format!("ls -la src/mod{}", i % 20),
                        };
                        let t = Instant::now();
                        check(&mut client, &scope, &session)?;
                        lat.push(t.elapsed());
                        if Instant::now() > deadline {
                            break;
                        }
                    }
                    max = lat.iter().copied().fold(max, Duration::max);
                    Ok((lat, max))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("client thread panicked".into())))
            .collect()
    });
    let elapsed = started.elapsed();
    served.stop()?;
    let mut all = Vec::new();
    let mut max = Duration::ZERO;
    for r in results {
        let (lat, slowest) = r?;
        all.extend(lat);
        max = max.max(slowest);
    }
    if all.is_empty() {
        return Err("no request completed".into());
    }
    all.sort_unstable();
    let rank = |p: f64| all[((p * all.len() as f64).ceil() as usize).clamp(1, all.len()) - 1];
    // The wall time includes the warm-up checks, so they are counted in the rate too.
    let timed = all.len();
    let row = Row {
        durability,
        clients,
        sessions,
        requests: timed,
        rps: (timed + WARMUP * clients) as f64 / elapsed.as_secs_f64(),
        p50_ms: rank(0.50).as_secs_f64() * 1e3,
        p99_ms: rank(0.99).as_secs_f64() * 1e3,
        max_ms: max.as_secs_f64() * 1e3,
    };
    Ok((row, dir))
}
