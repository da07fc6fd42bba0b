//! Benchmark: `aiperture mcp-serve` over one stdio session, and its start-up time.
//!
//! For each (store folder, durability) row the bench creates a fresh store
//! (`[session] rate_limit_per_minute = 0`, so the limit does not turn checks into denials),
//! spawns the release binary with `--store <store> mcp-serve`, performs the 2025-11-25
//! handshake, sends 50 untimed warm-up calls, then `AIPERTURE_BENCH_CALLS` (default 1000)
//! `check_permission` calls back to back, each on a new command line (`echo bench N`: decided
//! `ask`, journaled with a fresh challenge, as a real first-time check is), timing each round
//! trip with `Instant`. It then times as many `ping` round trips on the same session: their p50
//! is what the pipes, the JSON framing and the reader cost, so `check p50 − ping p50` is the
//! server's own time per check. Rows: `flush` and `fsync` on `TMPDIR` (default /tmp), and
//! `flush` on /dev/shm (tmpfs) when it exists, to separate file-system cost from CPU cost.
//! The machine's floors (`benches/common/floors.rs`: a 900-byte append and its `fdatasync`,
//! and the rest) are measured in the same folder right before and right after the `fsync` row,
//! because this floor drifts on a shared virtual machine: the `fsync` row is read against it.
//!
//! Start-up: `AIPERTURE_BENCH_SPAWNS` (default 30) times, from `Command::spawn` to the complete
//! `tools/list` answer line: once with the handshake (initialize, initialized and tools/list
//! written at once) and once with a single 2026-07-28 `tools/list` carrying its `_meta`
//! envelope (no handshake).
//!
//! Output: Markdown tables on standard output (nearest-rank percentiles), progress on standard
//! error; targets are reported as MET or NOT MET, never failed on. The bench exits non-zero
//! when anything goes wrong (a call that errors, a wrong decision, a server that does not exit
//! 0 at end of input). `AIPERTURE_BENCH_BIN` runs another build of `aiperture` instead (for an
//! A/B). Run: `cargo bench --bench mcp`. Results are recorded in BENCHMARKS.md.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The release binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_aiperture");
const WARMUP: usize = 50;
const TARGET_SERVER_US: f64 = 100.0;
const TARGET_SERVER_FSYNC_US: f64 = 250.0;
const TARGET_SPAWN_MS: f64 = 10.0;

type BenchResult<T> = Result<T, String>;

#[path = "common/floors.rs"]
mod floors;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mcp bench failed: {e}");
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

struct Row {
    place: String,
    durability: &'static str,
    calls: usize,
    check: Stats,
    ping: Stats,
}

/// Percentiles in microseconds.
struct Stats {
    p50: f64,
    p90: f64,
    p99: f64,
    max: f64,
}

impl Stats {
    fn of(mut v: Vec<Duration>) -> Stats {
        v.sort();
        let at = |q: f64| {
            let i = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
            v[i].as_secs_f64() * 1e6
        };
        Stats { p50: at(0.50), p90: at(0.90), p99: at(0.99), max: at(1.0) }
    }
}

fn run() -> BenchResult<()> {
    let calls = env_usize("AIPERTURE_BENCH_CALLS", 1000)?.max(10);
    let spawns = env_usize("AIPERTURE_BENCH_SPAWNS", 30)?.max(3);
    let tmp = std::env::temp_dir();
    let mut places = vec![(tmp.clone(), "flush"), (tmp.clone(), "fsync")];
    if Path::new("/dev/shm").is_dir() {
        places.push((PathBuf::from("/dev/shm"), "flush"));
    }
    let mut rows = Vec::new();
    // Stores are deleted when the bench ends, not between rows: on ext4 without a journal a
    // mass deletion makes new files (each first-time check's challenge shard) slow for
    // minutes, and the next row would measure the bench's own clean-up.
    let mut stores = Vec::new();
    let floor_dir = tempfile::Builder::new()
        .prefix("aiperture-mcp-bench-floors-")
        .tempdir_in(&tmp)
        .map_err(|e| format!("temp dir in {}: {e}", tmp.display()))?;
    let mut floors_around = Vec::new();
    for (dir, durability) in places {
        eprintln!(
            "mcp bench: {calls} check_permission calls, {durability}, under {}",
            dir.display()
        );
        let fsync = durability == "fsync";
        if fsync {
            floors_around.push(floors::measure(&floor_dir.path().join("before"))?);
        }
        let (row, store) = session(&dir, durability, calls)?;
        if fsync {
            floors_around.push(floors::measure(&floor_dir.path().join("after"))?);
        }
        rows.push(row);
        stores.push(store);
    }
    eprintln!("mcp bench: {spawns} spawns to tools/list, each way");
    let (handshake, modern) = startup(&tmp, spawns)?;

    println!("## MCP server (`aiperture mcp-serve`)\n");
    println!(
        "Machine: {} cores; release build; one stdio session; {calls} `check_permission` \
         calls per row, each a new command line (decided `ask` and journaled with a fresh \
         challenge), after {WARMUP} warm-up calls; then {calls} `ping`s on the same session.\n",
        std::thread::available_parallelism().map_or(0, usize::from),
    );
    println!(
        "| store on | durability | check p50 | p90 | p99 | max | ping p50 | server time p50 \
         (check − ping) |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {} | {:.0} µs | {:.0} µs | {:.0} µs | {:.0} µs | {:.0} µs | {:.0} µs |",
            r.place,
            r.durability,
            r.check.p50,
            r.check.p90,
            r.check.p99,
            r.check.max,
            r.ping.p50,
            r.check.p50 - r.ping.p50
        );
        let _ = r.calls;
    }
    println!(
        "\nSpawn to the `tools/list` answer ({spawns} runs each): with the handshake p50 \
         {:.2} ms, max {:.2} ms; 2026-07-28 (one enveloped request) p50 {:.2} ms, max {:.2} ms.",
        handshake.p50 / 1e3,
        handshake.max / 1e3,
        modern.p50 / 1e3,
        modern.max / 1e3
    );
    println!();
    for (durability, target) in [("flush", TARGET_SERVER_US), ("fsync", TARGET_SERVER_FSYNC_US)] {
        if let Some(r) = rows.iter().find(|r| r.durability == durability) {
            let server = r.check.p50 - r.ping.p50;
            println!(
                "Target p50 ≤ {target:.0} µs of server time per call with `{durability}` (on \
                 {}): {} ({server:.0} µs).",
                r.place,
                if server <= target { "MET" } else { "NOT MET" }
            );
        }
    }
    if let [before, after] = floors_around.as_slice() {
        println!(
            "\nThe machine's floors in the same folder, right before and right after the `fsync` \
             row:\n\n| when {}\n|---{}\n| before {}\n| after {}",
            floors::Floors::HEADER,
            floors::Floors::RULE,
            before.row(),
            after.row()
        );
    }
    println!(
        "\nTarget spawn to `tools/list` ≤ {TARGET_SPAWN_MS:.0} ms (p50, handshake): {} ({:.2} ms).",
        if handshake.p50 / 1e3 <= TARGET_SPAWN_MS { "MET" } else { "NOT MET" },
        handshake.p50 / 1e3
    );
    Ok(())
}

/// A fresh store under `dir`; returns (temp dir guard, store path, home).
fn fresh_store(dir: &Path, durability: &str) -> BenchResult<(tempfile::TempDir, PathBuf, PathBuf)> {
    let tmp = tempfile::Builder::new()
        .prefix("aiperture-mcp-bench-")
        .tempdir_in(dir)
        .map_err(|e| format!("temp dir in {}: {e}", dir.display()))?;
    let home = tmp.path().join("home");
    let work = tmp.path().join("work");
    for d in [&home, &work] {
        std::fs::create_dir_all(d).map_err(|e| format!("mkdir {}: {e}", d.display()))?;
    }
    let out = command(&home)
        .arg("init")
        .current_dir(&work)
        .output()
        .map_err(|e| format!("spawn init: {e}"))?;
    if !out.status.success() {
        return Err(format!("init failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let store = work.join(".aiperture");
    let config = store.join("config.toml");
    let mut text = std::fs::read_to_string(&config).map_err(|e| format!("read config: {e}"))?;
    text.push_str(&format!(
        "\n[session]\nrate_limit_per_minute = 0\n\n[journal]\ndurability = \"{durability}\"\n"
    ));
    std::fs::write(&config, text).map_err(|e| format!("write config: {e}"))?;
    // The config turns the rate limit off, which applies only once trusted.
    let out = command(&home)
        .args(["policy", "trust"])
        .current_dir(&work)
        .output()
        .map_err(|e| format!("spawn policy trust: {e}"))?;
    if !out.status.success() {
        return Err(format!("policy trust failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok((tmp, store, home))
}

/// The binary to run: `AIPERTURE_BENCH_BIN` (another build, for an A/B) or [`BIN`].
fn bin() -> String {
    std::env::var("AIPERTURE_BENCH_BIN").unwrap_or_else(|_| BIN.to_string())
}

/// The binary with a sealed environment.
fn command(home: &Path) -> Command {
    let mut c = Command::new(bin());
    c.env_clear()
        .env("HOME", home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(path) = std::env::var_os("PATH") {
        c.env("PATH", path);
    }
    c
}

/// A running server with its pipes.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    line: String,
}

impl Server {
    fn spawn(home: &Path, store: &Path) -> BenchResult<Server> {
        let mut child = command(home)
            .arg("--store")
            .arg(store)
            .arg("mcp-serve")
            .stdin(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("spawn mcp-serve: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        Ok(Server { child, stdin: Some(stdin), stdout, line: String::new() })
    }

    fn write(&mut self, text: &str) -> BenchResult<()> {
        let stdin = self.stdin.as_mut().ok_or("stdin closed")?;
        stdin
            .write_all(text.as_bytes())
            .and_then(|()| stdin.flush())
            .map_err(|e| format!("write: {e}"))
    }

    fn read(&mut self) -> BenchResult<&str> {
        self.line.clear();
        let n = self.stdout.read_line(&mut self.line).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("the server closed its output".into());
        }
        Ok(&self.line)
    }

    /// Close standard input and require exit status 0.
    fn finish(mut self) -> BenchResult<()> {
        drop(self.stdin.take());
        let status = self.child.wait().map_err(|e| format!("wait: {e}"))?;
        if status.success() { Ok(()) } else { Err(format!("mcp-serve exited with {status}")) }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

const INIT: &str = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":\
    {\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\
    \"version\":\"1\"}}}\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n";

fn check_line(id: usize) -> String {
    format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/call\",\"params\":{{\"name\":\
         \"check_permission\",\"arguments\":{{\"tool\":\"shell\",\"action\":\"execute\",\
         \"scope\":\"echo bench {id}\",\"session_id\":\"bench\"}}}}}}\n"
    )
}

fn session(
    dir: &Path,
    durability: &'static str,
    calls: usize,
) -> BenchResult<(Row, tempfile::TempDir)> {
    let (tmp, store, home) = fresh_store(dir, durability)?;
    let mut s = Server::spawn(&home, &store)?;
    s.write(INIT)?;
    s.read()?;
    let mut checks = Vec::with_capacity(calls);
    for i in 0..WARMUP + calls {
        let line = check_line(i + 1);
        let t = Instant::now();
        s.write(&line)?;
        let answer = s.read()?;
        let took = t.elapsed();
        if !answer.contains("\\\"decision\\\":\\\"ask\\\"") || answer.contains("\"isError\":true") {
            return Err(format!("unexpected answer: {}", answer.trim()));
        }
        if i >= WARMUP {
            checks.push(took);
        }
    }
    let mut pings = Vec::with_capacity(calls);
    for i in 0..calls {
        let line = format!("{{\"jsonrpc\":\"2.0\",\"id\":\"p{i}\",\"method\":\"ping\"}}\n");
        let t = Instant::now();
        s.write(&line)?;
        let answer = s.read()?;
        pings.push(t.elapsed());
        if !answer.contains("\"result\":{}") {
            return Err(format!("unexpected ping answer: {}", answer.trim()));
        }
    }
    s.finish()?;
    let place = if dir.starts_with("/dev/shm") {
        "/dev/shm (tmpfs)".to_string()
    } else {
        dir.display().to_string()
    };
    Ok((Row { place, durability, calls, check: Stats::of(checks), ping: Stats::of(pings) }, tmp))
}

fn startup(dir: &Path, runs: usize) -> BenchResult<(Stats, Stats)> {
    let (_tmp, store, home) = fresh_store(dir, "flush")?;
    let list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\n";
    let modern = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":\
        {\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\
        \"io.modelcontextprotocol/clientCapabilities\":{}}}}\n";
    let mut out = Vec::new();
    for (first, last_id) in
        [(format!("{INIT}{list}"), "\"id\":1"), (modern.to_string(), "\"id\":1")]
    {
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs + 2 {
            let t = Instant::now();
            let mut s = Server::spawn(&home, &store)?;
            s.write(&first)?;
            loop {
                let line = s.read()?;
                if line.contains(last_id) {
                    if !line.contains("check_permission") {
                        return Err(format!("tools/list failed: {}", line.trim()));
                    }
                    break;
                }
            }
            times.push(t.elapsed());
            s.finish()?;
        }
        // The first two runs warm the page cache.
        out.push(Stats::of(times.split_off(2)));
    }
    let modern = out.pop().ok_or("no runs")?;
    let handshake = out.pop().ok_or("no runs")?;
    Ok((handshake, modern))
}
