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

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The release binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_aiperture");

/// The binary to run: `AIPERTURE_BENCH_BIN` (another build, for an A/B) or [`BIN`].
fn bin() -> String {
    std::env::var("AIPERTURE_BENCH_BIN").unwrap_or_else(|_| BIN.to_string())
}
const WARMUP: usize = 20;
const TARGET_RPS: f64 = 5000.0;

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
    for (durability, clients, sessions) in [
        ("flush", 1, false),
        ("flush", 8, false),
        ("fsync", 1, false),
        ("fsync", 8, false),
        ("flush", 8, true),
    ] {
        let n = if durability == "fsync" { requests / 5 } else { requests };
        eprintln!("http_load: {durability}, {clients} client(s), sessions={sessions}, {n} checks");
        rows.push(one(durability, clients, sessions, n, cap)?);
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

/// A server on a fresh store.
struct Served {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(durability: &str) -> BenchResult<Served> {
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
    let mut child = Command::new(&bin)
        .env_clear()
        .env("HOME", &home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("--store")
        .arg(&store)
        .args(["serve", "--addr", "127.0.0.1:0", "--workers", "8"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn {bin}: {e}"))?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let mut lines = BufReader::new(stderr);
    let mut line = String::new();
    let addr = loop {
        line.clear();
        if lines.read_line(&mut line).map_err(|e| format!("read stderr: {e}"))? == 0 {
            return Err(format!("serve exited before listening: {line}"));
        }
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split_whitespace().next().unwrap_or_default().to_string();
        }
    };
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = lines.read_to_string(&mut sink);
    });
    Ok(Served { child, addr, _dir: dir })
}

fn stop(mut s: Served) -> BenchResult<()> {
    let pid = s.child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().map_err(|e| format!("kill: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(st) = s.child.try_wait().map_err(|e| format!("wait: {e}"))? {
            return if st.success() { Ok(()) } else { Err(format!("serve exited with {st}")) };
        }
        if Instant::now() > deadline {
            return Err("serve did not exit after SIGTERM".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One keep-alive client.
struct Client {
    w: TcpStream,
    r: BufReader<TcpStream>,
    host: String,
}

impl Client {
    fn new(addr: &str) -> BenchResult<Client> {
        let w = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
        w.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
        w.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| format!("timeout: {e}"))?;
        let r = BufReader::new(w.try_clone().map_err(|e| format!("clone: {e}"))?);
        Ok(Client { w, r, host: addr.to_string() })
    }

    /// POST one check and read the verdict (a response without `decision` is an error).
    fn check(&mut self, scope: &str, session: &str) -> BenchResult<()> {
        let body = format!(
            "{{\"tool\":\"shell\",\"action\":\"execute\",\"scope\":\"{scope}\",\"session\":\"{session}\"}}"
        );
        let req = format!(
            "POST /permissions/check HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.w.write_all(req.as_bytes()).map_err(|e| format!("send: {e}"))?;
        let mut line = String::new();
        self.r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
        if !line.starts_with("HTTP/1.1 200") {
            return Err(format!("unexpected status line {line:?}"));
        }
        let mut len = 0usize;
        loop {
            line.clear();
            self.r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().map_err(|_| format!("bad length {v:?}"))?;
            }
        }
        let mut body = vec![0u8; len];
        self.r.read_exact(&mut body).map_err(|e| format!("read body: {e}"))?;
        if !body.windows(11).any(|w| w == b"\"decision\":") {
            return Err(format!("no decision in {}", String::from_utf8_lossy(&body)));
        }
        Ok(())
    }
}

fn one(
    durability: &'static str,
    clients: usize,
    sessions: bool,
    total: usize,
    cap: Duration,
) -> BenchResult<Row> {
    let served = start(durability)?;
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
                        client.check(&format!("echo warm {c} {i}"), &session)?;
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
                        client.check(&scope, &session)?;
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
    stop(served)?;
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
    Ok(Row {
        durability,
        clients,
        sessions,
        requests: timed,
        rps: (timed + WARMUP * clients) as f64 / elapsed.as_secs_f64(),
        p50_ms: rank(0.50).as_secs_f64() * 1e3,
        p99_ms: rank(0.99).as_secs_f64() * 1e3,
        max_ms: max.as_secs_f64() * 1e3,
    })
}
