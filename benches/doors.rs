//! Benchmark: stores filled through the doors and measured from outside (issue 19).
//!
//! For each size N in `AIPERTURE_BENCH_SIZES` (human decisions; default `0,100000`):
//!
//! 1. **A fresh store** (`<tmp>/store`, given as `--store`, `HOME=<tmp>/home`) whose
//!    `config.toml` turns the per-session rate limit off (`rate_limit_per_minute = 0`), trusted
//!    with `policy trust`; durability is the default, `fsync`.
//! 2. **`aiperture serve`** (release binary, 8 workers, an admin key) on 127.0.0.1.
//! 3. **Population through HTTP** by 8 keep-alive clients: N/10 command lines, each decided by
//!    a human 10 times (allow; deny for one line in 20). One decision is three requests, as an
//!    agent and a human make them: `POST /permissions/check` (must answer `ask` with a
//!    challenge), `POST /permissions/record` with the admin key, and for an approval the
//!    agent's retry (must be allowed by `human_approval`). The ten decisions on one line come
//!    from ten agent sessions, each asking once: rubber-stamp detection counts approvals per
//!    session and line, and the real clock runs. A session asks about 100 lines, so a store
//!    of N decisions has N/100 sessions of 100 decisions each. The command lines are
//!    `benches/common`'s shapes (none widened by learning).
//! 4. **HTTP checks** with 1, 8 and 32 keep-alive clients (`AIPERTURE_BENCH_CLIENTS`), each
//!    row for `AIPERTURE_BENCH_SECONDS` (default 10): requests cycle through a learned line
//!    (allowed by `auto_learned`; a different one each time, so the whole index is touched), an
//!    unseen command (`ask`, journaled with a new challenge) and `rm -rf /` (`ask`). Every
//!    answer is checked. Reported: checks/s, p50, p99 and max, and the server's resident
//!    memory (`VmRSS`) after the row; its peak (`VmHWM`) at the end; and the server's CPU
//!    time and context switches per check over the row (from `/proc`), which vary less from
//!    run to run on a shared VM than checks/s do.
//! 5. **MCP**: `mcp-serve` on the same store, `AIPERTURE_BENCH_CALLS` (default 1000)
//!    `check_permission` calls after 50 warm-ups, then as many `ping`s: `check p50 − ping p50`
//!    is the server's time per call.
//! 6. **`check` as a process**: `aiperture --store S check shell execute …` spawned
//!    `AIPERTURE_BENCH_RUNS` times (default 300, after 20 warm-ups), kinds alternating
//!    (learned → exit 0, unseen → 3, `rm -rf /` → 3), with `aiperture --version` as the floor.
//! 7. **`verify-chain`** over the whole journal, as a process: events/s.
//! 8. **Client mode** (issue 21), while the server still runs: `aiperture hook claude-code`
//!    processes with `AIPERTURE_URL` pointing at it, 1 and 32 at once
//!    (`AIPERTURE_BENCH_TEAM`), each row for `AIPERTURE_BENCH_SECONDS`: p50/p99/max per
//!    process and calls/s; the server's journal must grow by exactly one check per call and
//!    verify. Before them, the same events as local hook processes on the store (the server
//!    idle) give the local p50 a client-mode hook is compared with.
//!
//! 9. **The machine's floors** ([`floors`]) in the same folder, just before step 6: append +
//!    `fdatasync`, a new file, one `CPUID`, `/bin/true`.
//!
//! Stores are deleted only after the last size is measured (a mass deletion makes new files
//! slow for minutes on ext4 without a journal). `AIPERTURE_BENCH_KEEP=1` keeps each store
//! (its folder is printed) for a closer look.
//!
//! **A/B of two builds on a kept store**: with `AIPERTURE_BENCH_AB=<other aiperture binary>`
//! and `AIPERTURE_BENCH_STORE=<a folder printed by AIPERTURE_BENCH_KEEP>` (its size in
//! `AIPERTURE_BENCH_SIZES`), nothing is populated: `serve` of this build and of the other
//! alternate on that store, `AIPERTURE_BENCH_PAIRS` pairs (default 3; the first of each pair
//! alternates too), one row of `AIPERTURE_BENCH_CLIENTS` clients (default 8) for
//! `AIPERTURE_BENCH_SECONDS` each, with the HTTP rows' mix, after one uncounted row.
//! Reported per row and as means: checks/s, p99, max, server CPU µs and context switches per
//! check. Builds compare fairly only this way on a VM whose speed drifts by the hour. Builds
//! with different index formats each take their own copy of the store: the other build's in
//! `AIPERTURE_BENCH_STORE_OTHER` (a copy of the kept folder, its store trusted under its
//! `home`).
//!
//! Output: Markdown tables on standard output, progress on standard error. Targets are
//! reported (MET / NOT MET), never failed on; anything unexpected (a wrong answer, a server
//! that does not exit 0) fails the bench. Run: `cargo bench --bench doors`. Results are
//! recorded in BENCHMARKS.md.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "common/floors.rs"]
mod floors;
#[path = "common/http.rs"]
mod http;
#[path = "common/scopes.rs"]
mod scopes;

use http::{Client, Served};
use scopes::pattern_scope;

/// The release binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_aiperture");
const ADMIN_KEY: &str = "bench-admin-key-0123456789abcdef";
const POPULATE_CLIENTS: usize = 8;
const DECISIONS_PER_LINE: usize = 10;
const DENY_EVERY: usize = 20;
/// Command lines one agent session asks about (each once) before a new session starts.
const SESSION_LINES: usize = 100;
const WARMUP: usize = 20;

type BenchResult<T> = Result<T, String>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("doors bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn env_list(name: &str, default: &str) -> BenchResult<Vec<usize>> {
    let v = std::env::var(name).unwrap_or_else(|_| default.to_string());
    v.split(',')
        .map(|s| s.trim().replace('_', "").parse().map_err(|_| format!("{name}: bad number {s:?}")))
        .collect()
}

fn env_usize(name: &str, default: usize) -> BenchResult<usize> {
    Ok(env_list(name, &default.to_string())?.first().copied().unwrap_or(default))
}

fn is_denied(line: usize) -> bool {
    line % DENY_EVERY == DENY_EVERY - 1
}

/// Nearest-rank percentiles in ms.
struct Stats {
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
}

impl Stats {
    fn of(v: &mut [Duration]) -> Stats {
        v.sort_unstable();
        let at = |q: f64| {
            if v.is_empty() {
                return 0.0;
            }
            v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1].as_secs_f64() * 1e3
        };
        Stats { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1.0) }
    }
}

struct HttpRow {
    clients: usize,
    checks: usize,
    rps: f64,
    stats: Stats,
    rss_mb: f64,
    /// The server's CPU time (user + system) per check, µs.
    cpu_us: f64,
    /// The server's context switches per check.
    switches: f64,
}

struct Measured {
    size: usize,
    events: u64,
    populate_s: f64,
    http: Vec<HttpRow>,
    peak_mb: f64,
    mcp_check_us: f64,
    mcp_ping_us: f64,
    process: Stats,
    process_kinds: [f64; 3],
    floor: Stats,
    verify_events: u64,
    verify_s: f64,
    verify_mb: f64,
    journal_mb: f64,
    team: Vec<TeamRow>,
    local_hook: Stats,
    machine: floors::Floors,
}

/// Client-mode hook processes against the server (issue 21).
struct TeamRow {
    clients: usize,
    calls: usize,
    rps: f64,
    stats: Stats,
}

fn run() -> BenchResult<()> {
    if let Some(other) = std::env::var_os("AIPERTURE_BENCH_AB") {
        return ab(Path::new(&other));
    }
    let sizes = env_list("AIPERTURE_BENCH_SIZES", "0,100000")?;
    let clients = env_list("AIPERTURE_BENCH_CLIENTS", "1,8,32")?;
    let seconds = env_usize("AIPERTURE_BENCH_SECONDS", 10)?;
    let calls = env_usize("AIPERTURE_BENCH_CALLS", 1000)?.max(10);
    let runs = env_usize("AIPERTURE_BENCH_RUNS", 300)?.max(3);
    let mut all = Vec::new();
    // Every store is deleted only after the last measurement: on ext4 without a journal,
    // deleting a store's files would make new files cost up to 0.5 ms for minutes after
    // (see `common/floors.rs`), and the next size's figures would show the bench's own
    // clean-up.
    let mut stores = Vec::new();
    for &size in &sizes {
        let (measured, tmp) =
            one(size, &clients, Duration::from_secs(seconds as u64), calls, runs)?;
        all.push(measured);
        stores.push(tmp);
    }
    print(&all, seconds, calls, runs);
    drop(stores);
    Ok(())
}

fn one(
    size: usize,
    clients: &[usize],
    row_time: Duration,
    calls: usize,
    runs: usize,
) -> BenchResult<(Measured, Option<tempfile::TempDir>)> {
    let tmp = tempfile::Builder::new()
        .prefix("aiperture-doors-")
        .tempdir()
        .map_err(|e| format!("temp dir: {e}"))?;
    let (root, tmp) = if std::env::var_os("AIPERTURE_BENCH_KEEP").is_some() {
        let kept = tmp.keep();
        eprintln!("[{size}] keeping {}", kept.display());
        (kept, None)
    } else {
        (tmp.path().to_path_buf(), Some(tmp))
    };
    let home = root.join("home");
    let store = root.join("store");
    for d in [&home, &store] {
        std::fs::create_dir_all(d).map_err(|e| format!("mkdir {}: {e}", d.display()))?;
    }
    std::fs::write(store.join("config.toml"), "[session]\nrate_limit_per_minute = 0\n")
        .map_err(|e| format!("write config: {e}"))?;
    let trusted = command(&home, &store).args(["policy", "trust"]).output();
    let trusted = trusted.map_err(|e| format!("spawn {BIN}: {e}"))?;
    if !trusted.status.success() {
        return Err(format!("policy trust: {}", String::from_utf8_lossy(&trusted.stderr)));
    }

    let server = serve(&home, &store)?;
    let started = Instant::now();
    let learned = populate(&server.addr, size)?;
    let populate_s = started.elapsed().as_secs_f64();
    let verified =
        request(&mut Client::new(&server.addr)?, "GET", "/audit/verify-chain", "", None)?;
    let events_after_population =
        verified["last_seq"].as_u64().ok_or("verify-chain over HTTP: no last_seq")?;
    eprintln!(
        "[{size}] populated through HTTP in {populate_s:.1} s ({:.0} decisions/s), {} events, \
         server RSS {:.1} MB; {} decisions throttled by the per-minute limit and given again",
        size as f64 / populate_s.max(1e-9),
        events_after_population,
        rss_mb(&server, "VmRSS"),
        THROTTLED.swap(0, std::sync::atomic::Ordering::Relaxed)
    );
    let mut http = Vec::new();
    for &c in clients {
        let before = Usage::of(&server);
        let row = http_row(&server.addr, c, row_time, &learned)?;
        let used = Usage::of(&server).since(&before);
        let rss = rss_mb(&server, "VmRSS");
        let per = |x: f64| x / row.0.max(1) as f64;
        let (cpu_us, switches) = (per(used.cpu_us), per(used.switches));
        eprintln!(
            "[{size}] HTTP {c} client(s): {} checks, {:.0}/s, p50 {:.3} ms, p99 {:.3} ms, max \
             {:.1} ms, RSS {rss:.1} MB, {cpu_us:.0} µs CPU and {switches:.1} context switches \
             per check",
            row.0, row.1, row.2.p50, row.2.p99, row.2.max
        );
        http.push(HttpRow {
            clients: c,
            checks: row.0,
            rps: row.1,
            stats: row.2,
            rss_mb: rss,
            cpu_us,
            switches,
        });
    }
    // Local hook processes first, while the server is idle (it releases the store lock then):
    // after the client-mode rows the store holds thousands of calls asked within the hour
    // (each is tracked until its challenge expires), which a local hook would load.
    let local_hook = local_hooks(&root, &home, &store, runs, &learned)?;
    eprintln!("[{size}] local hook process: p50 {:.2} ms", local_hook.p50);
    let mut team = Vec::new();
    for c in team_clients()? {
        let row = team_row(&root, &server.addr, c, row_time, &learned)?;
        eprintln!(
            "[{size}] client-mode hooks, {c} at once: {} calls, {:.0}/s, p50 {:.2} ms, p99 {:.2} \
             ms, max {:.1} ms",
            row.calls, row.rps, row.stats.p50, row.stats.p99, row.stats.max
        );
        team.push(row);
    }
    let peak_mb = rss_mb(&server, "VmHWM");
    server.stop()?;

    let (mcp_check_us, mcp_ping_us) = mcp(&home, &store, calls, learned.last())?;
    eprintln!("[{size}] MCP: check p50 {mcp_check_us:.0} µs, ping p50 {mcp_ping_us:.0} µs");

    let machine = floors::measure(&root)?;
    eprintln!("[{size}] floors: {}", machine.row());
    let (process, process_kinds, floor) = processes(&home, &store, runs, learned.last())?;
    eprintln!("[{size}] check process: p50 {:.2} ms, p95 {:.2} ms", process.p50, process.p95);

    let (verify_events, verify_s, verify_mb) = verify(&home, &store)?;
    let journal_mb = dir_bytes(&store.join("journal")) as f64 / 1e6;
    eprintln!(
        "[{size}] verify-chain: {verify_events} events in {verify_s:.2} s ({:.0}/s), peak RSS \
         {verify_mb:.1} MB",
        verify_events as f64 / verify_s
    );
    let measured = Measured {
        size,
        events: events_after_population,
        populate_s,
        http,
        peak_mb,
        mcp_check_us,
        mcp_ping_us,
        process,
        process_kinds,
        floor,
        verify_events,
        verify_s,
        verify_mb,
        journal_mb,
        team,
        local_hook,
        machine,
    };
    Ok((measured, tmp))
}

/// One A/B row: the build, checks/s, p99 and max ms, server CPU µs and switches per check.
struct AbRow {
    build: usize,
    v: [f64; 5],
}

/// This build against `other`, alternating on a kept store (see the module documentation).
fn ab(other: &Path) -> BenchResult<()> {
    let root = std::env::var_os("AIPERTURE_BENCH_STORE").ok_or(
        "AIPERTURE_BENCH_AB needs AIPERTURE_BENCH_STORE (a folder kept by AIPERTURE_BENCH_KEEP)",
    )?;
    let root = Path::new(&root);
    let (home, store) = (root.join("home"), root.join("store"));
    if !store.join("journal").is_dir() {
        return Err(format!("{}: no store there", store.display()));
    }
    let size = env_usize("AIPERTURE_BENCH_SIZES", 100_000)?;
    let clients = env_usize("AIPERTURE_BENCH_CLIENTS", 8)?.max(1);
    let pairs = env_usize("AIPERTURE_BENCH_PAIRS", 3)?.max(1);
    let time = Duration::from_secs(env_usize("AIPERTURE_BENCH_SECONDS", 10)?.max(1) as u64);
    let learned = Learned::of(size);
    let builds = [("this", Path::new(BIN)), ("other", other)];
    // Builds whose index formats differ each need their own copy of the store (one index
    // would be rebuilt at every switch): `AIPERTURE_BENCH_STORE_OTHER` names the other's.
    let places = match std::env::var_os("AIPERTURE_BENCH_STORE_OTHER") {
        Some(o) => {
            let o = Path::new(&o);
            if !o.join("store/journal").is_dir() {
                return Err(format!("{}: no store there", o.join("store").display()));
            }
            [(home.clone(), store.clone()), (o.join("home"), o.join("store"))]
        }
        None => [(home.clone(), store.clone()), (home, store)],
    };
    let mut rows: Vec<AbRow> = Vec::new();
    // The first server on a store that sat idle, or that another program just wrote to, ran
    // slower in every A/B so far, whichever build it was: one row, not counted, on each
    // store before the pairs. It does not always suffice; compare pairs, not single rows.
    let warm_ups: &[usize] = if places[0] == places[1] { &[0] } else { &[0, 1] };
    for &b in warm_ups {
        let warm = serve_with(builds[b].1, &places[b].0, &places[b].1)?;
        http_row(&warm.addr, clients, time.min(Duration::from_secs(5)), &learned)?;
        warm.stop()?;
    }
    for pair in 0..pairs {
        let order = if pair % 2 == 0 { [0, 1] } else { [1, 0] };
        for b in order {
            let server = serve_with(builds[b].1, &places[b].0, &places[b].1)?;
            // A short warm-up fills the server's caches, as a long-running server has them.
            http_row(&server.addr, clients, Duration::from_secs(1), &learned)?;
            let before = Usage::of(&server);
            let (n, rps, stats) = http_row(&server.addr, clients, time, &learned)?;
            let used = Usage::of(&server).since(&before);
            server.stop()?;
            let per = |x: f64| x / n.max(1) as f64;
            let v = [rps, stats.p99, stats.max, per(used.cpu_us), per(used.switches)];
            eprintln!(
                "pair {pair}, {}: {n} checks, {:.0}/s, p99 {:.3} ms, max {:.1} ms, {:.0} µs CPU \
                 and {:.1} context switches per check",
                builds[b].0, v[0], v[1], v[2], v[3], v[4]
            );
            rows.push(AbRow { build: b, v });
        }
    }
    println!(
        "## `doors` A/B: {clients} clients, {} s per row, store of {size} decisions\n",
        time.as_secs()
    );
    println!("this: `{BIN}`; other: `{}`\n", other.display());
    println!(
        "| build | checks/s | p99 ms | max ms | server CPU µs per check | context switches per \
         check |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let line = |name: &str, v: &[f64; 5]| {
        println!(
            "| {name} | {:.0} | {:.3} | {:.1} | {:.0} | {:.1} |",
            v[0], v[1], v[2], v[3], v[4]
        );
    };
    for r in &rows {
        line(builds[r.build].0, &r.v);
    }
    for (b, (name, _)) in builds.iter().enumerate() {
        let mine: Vec<&AbRow> = rows.iter().filter(|r| r.build == b).collect();
        let mut mean = [0.0; 5];
        for (i, m) in mean.iter_mut().enumerate() {
            *m = mine.iter().map(|r| r.v[i]).sum::<f64>() / mine.len().max(1) as f64;
        }
        line(&format!("**{name}, mean**"), &mean);
    }
    Ok(())
}

/// `AIPERTURE_BENCH_TEAM` (default `1,32`): concurrent client-mode hook processes per row.
fn team_clients() -> BenchResult<Vec<usize>> {
    env_list("AIPERTURE_BENCH_TEAM", "1,32")
}

/// A Claude Code PreToolUse event for `command` from `cwd`, and the decision its reply must
/// carry (`""`: no opinion).
fn hook_event(cwd: &Path, session: &str, command: &str) -> String {
    serde_json::json!({
        "hook_event_name": "PreToolUse",
        "session_id": session,
        "cwd": cwd.display().to_string(),
        "tool_name": "Bash",
        "tool_input": { "command": command },
        "permission_mode": "default"
    })
    .to_string()
}

/// The `n`th call's command and the decision its reply must carry: a learned line (allow), an
/// unseen one (low risk, undecided: no opinion) or `rm -rf /` (ask, at or above
/// `hooks.ask_at_risk`).
fn hook_call(n: usize, learned: &Learned, tag: &str) -> (String, &'static str) {
    match (n % 3, learned.pick(n)) {
        (0, Some(l)) => (l.to_string(), "allow"),
        (0 | 1, _) => (format!("cat docs/{tag}-never-seen-{n}.md"), ""),
        _ => ("rm -rf /".to_string(), "ask"),
    }
}

/// Run one `aiperture hook claude-code` process: its latency, after checking its reply.
fn one_hook(mut cmd: Command, event: &str, want: &str) -> BenchResult<Duration> {
    let t = Instant::now();
    let mut child = cmd.stdin(Stdio::piped()).spawn().map_err(|e| format!("spawn hook: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("hook stdin")?
        .write_all(event.as_bytes())
        .map_err(|e| format!("write hook event: {e}"))?;
    let out = child.wait_with_output().map_err(|e| format!("wait hook: {e}"))?;
    let took = t.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let got = if stdout.trim().is_empty() {
        String::new()
    } else {
        let v: Value = serde_json::from_str(&stdout).map_err(|e| format!("hook reply: {e}"))?;
        v["hookSpecificOutput"]["permissionDecision"].as_str().unwrap_or("?").to_string()
    };
    if !out.status.success() || got != want {
        return Err(format!(
            "hook wanted {want:?}, got {got:?} (exit {:?}): {stdout} {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(took)
}

/// `clients` threads each running client-mode hook processes one after another for
/// `row_time` (after a warm-up each): calls, calls/s and latency per process. The server's
/// journal must grow by exactly one check per call, and still verify.
fn team_row(
    root: &Path,
    addr: &str,
    clients: usize,
    row_time: Duration,
    learned: &Learned,
) -> BenchResult<TeamRow> {
    let before = request(&mut Client::new(addr)?, "GET", "/audit/verify-chain", "", None)?;
    let before = before["last_seq"].as_u64().ok_or("verify-chain: no last_seq")?;
    let url = format!("http://{addr}");
    let client_home = root.join(format!("client-{clients}"));
    std::fs::create_dir_all(&client_home).map_err(|e| format!("mkdir: {e}"))?;
    let started = Instant::now();
    let results: Vec<BenchResult<Vec<Duration>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (url, home) = (url.clone(), client_home.clone());
                scope.spawn(move || {
                    let mut times = Vec::new();
                    let mut n = c;
                    let t0 = Instant::now();
                    let mut warm = 0;
                    while warm < 3 || t0.elapsed() < row_time {
                        let (command, want) = hook_call(n, learned, &format!("team{clients}"));
                        // A session per call: one session's risk budget would turn the
                        // learned allows into asks after a while (as it should).
                        let session = format!("team-{clients}-{c}-{n}");
                        let event = hook_event(&home, &session, &command);
                        let mut cmd = Command::new(BIN);
                        cmd.env_clear()
                            .env("HOME", &home)
                            .env("AIPERTURE_URL", &url)
                            .env("AIPERTURE_HEADLESS", "0")
                            .args(["hook", "claude-code"])
                            .stdout(Stdio::piped())
                            .stderr(Stdio::piped());
                        let took = one_hook(cmd, &event, want)?;
                        if warm >= 3 {
                            times.push(took);
                        }
                        warm += 1;
                        n += clients;
                    }
                    Ok((times, warm))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(Ok((times, _))) => Ok(times),
                Ok(Err(e)) => Err(e),
                Err(_) => Err("a client thread panicked".to_string()),
            })
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all = Vec::new();
    for r in results {
        all.extend(r?);
    }
    let after = request(&mut Client::new(addr)?, "GET", "/audit/verify-chain", "", None)?;
    if after["intact"] != true {
        return Err(format!("verify-chain after the client-mode hooks: {after}"));
    }
    let added = after["last_seq"].as_u64().ok_or("verify-chain: no last_seq")? - before;
    let calls = all.len() + 3 * clients;
    if added != calls as u64 {
        return Err(format!("{calls} client-mode hook calls journaled {added} events"));
    }
    let rps = calls as f64 / elapsed;
    Ok(TeamRow { clients, calls, rps, stats: Stats::of(&mut all) })
}

/// The same hook events as local hook processes on the store (the server idle beside them):
/// the latency a client-mode hook is compared with.
fn local_hooks(
    root: &Path,
    home: &Path,
    store: &Path,
    runs: usize,
    learned: &Learned,
) -> BenchResult<Stats> {
    let cwd = root.join("local-client");
    std::fs::create_dir_all(&cwd).map_err(|e| format!("mkdir: {e}"))?;
    let mut times = Vec::new();
    for n in 0..WARMUP + runs {
        let (command, want) = hook_call(n, learned, "local");
        let event = hook_event(&cwd, &format!("local-{n}"), &command);
        let mut cmd = command_of(home, store);
        cmd.env("AIPERTURE_HEADLESS", "0").args(["hook", "claude-code"]);
        let took = one_hook(cmd, &event, want)?;
        if n >= WARMUP {
            times.push(took);
        }
    }
    Ok(Stats::of(&mut times))
}

/// `verify-chain --json` over the whole journal: (events, seconds, peak RSS in MB, sampled
/// from `/proc/<pid>/status` every 2 ms; `VmHWM` only grows, so the last sample is the peak
/// up to 2 ms before the exit).
fn verify(home: &Path, store: &Path) -> BenchResult<(u64, f64, f64)> {
    let t = Instant::now();
    let mut child = command(home, store)
        .args(["verify-chain", "--json"])
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("spawn verify-chain: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0.0f64;
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| format!("wait: {e}"))? {
            break st;
        }
        if let Some(kb) = std::fs::read_to_string(&status_file).ok().and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        }) {
            peak_kb = peak_kb.max(kb);
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let secs = t.elapsed().as_secs_f64();
    let out = reader.join().map_err(|_| "reader panicked")?;
    if !status.success() {
        return Err(format!("verify-chain failed: {}", String::from_utf8_lossy(&out)));
    }
    let v: Value = serde_json::from_slice(&out).map_err(|e| format!("verify json: {e}"))?;
    let events = v["last_seq"].as_u64().ok_or("verify-chain: no last_seq")?;
    Ok((events, secs, peak_kb / 1024.0))
}

fn command_of(home: &Path, store: &Path) -> Command {
    command(home, store)
}

fn command(home: &Path, store: &Path) -> Command {
    command_with(Path::new(BIN), home, store)
}

fn command_with(bin: &Path, home: &Path, store: &Path) -> Command {
    let mut c = Command::new(bin);
    c.env_clear().env("HOME", home).arg("--store").arg(store);
    c.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map_or(0, |rd| rd.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
}

/// Start `serve` on the store, with an admin key for the human routes.
fn serve(home: &Path, store: &Path) -> BenchResult<Served> {
    serve_with(Path::new(BIN), home, store)
}

fn serve_with(bin: &Path, home: &Path, store: &Path) -> BenchResult<Served> {
    let mut cmd = command_with(bin, home, store);
    // The population records decisions at machine speed with the admin key: the per-credential
    // limit goes to its highest bound (about 1,500 decisions/s are recorded here).
    cmd.env("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY)
        .env("AIPERTURE_SERVER_DECISIONS_PER_MINUTE", "100000")
        .args(["serve", "--addr", "127.0.0.1:0", "--workers", "8"]);
    Served::spawn(cmd)
}

/// What the server process has used so far: CPU time, and context switches by thread.
struct Usage {
    cpu_us: f64,
    switches: std::collections::HashMap<String, u64>,
}

/// The difference of two [`Usage`]s.
struct Used {
    cpu_us: f64,
    switches: f64,
}

impl Usage {
    /// From `/proc/<pid>/stat` (user + system time of every thread, ended ones included, in
    /// the kernel's fixed 100 ticks a second) and each thread's `/proc/<pid>/task/<tid>/status`
    /// (voluntary + involuntary context switches). Zeros where unreadable.
    fn of(server: &Served) -> Usage {
        let pid = server.child.id();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // Fields after the command name, which is in parentheses and may hold spaces.
        let fields: Vec<&str> =
            stat.rsplit_once(')').map(|(_, r)| r.split_whitespace().collect()).unwrap_or_default();
        let tick = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        // utime and stime are the 14th and 15th fields; `fields` starts at the 3rd.
        let cpu_us = (tick(11) + tick(12)) * 10_000.0;
        let mut switches = std::collections::HashMap::new();
        if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
            for t in tasks.flatten() {
                let status = std::fs::read_to_string(t.path().join("status")).unwrap_or_default();
                let n: u64 = status
                    .lines()
                    .filter(|l| l.contains("ctxt_switches:"))
                    .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                    .sum();
                switches.insert(t.file_name().to_string_lossy().into_owned(), n);
            }
        }
        Usage { cpu_us, switches }
    }

    /// Since `before`: a thread that ended in between counts nothing (its switches are gone
    /// with it), one that started counts all of its own.
    fn since(&self, before: &Usage) -> Used {
        let switches = self
            .switches
            .iter()
            .map(|(tid, n)| n.saturating_sub(before.switches.get(tid).copied().unwrap_or(0)))
            .sum::<u64>() as f64;
        Used { cpu_us: (self.cpu_us - before.cpu_us).max(0.0), switches }
    }
}

/// A line of the server's `/proc/<pid>/status` in MB (0 when unreadable).
fn rss_mb(server: &Served, field: &str) -> f64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A request whose answer is JSON.
fn request(
    client: &mut Client,
    method: &str,
    path: &str,
    body: &str,
    key: Option<&str>,
) -> BenchResult<Value> {
    let bytes = client.send(method, path, body, key)?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{method} {path}: not JSON: {e}"))
}

fn check(client: &mut Client, scope: &str, session: &str) -> BenchResult<Value> {
    let body = serde_json::json!({"tool": "shell", "action": "execute", "scope": scope,
        "session": session})
    .to_string();
    request(client, "POST", "/permissions/check", &body, None)
}

/// The lines humans approved 10 of 10 times (allowed by learning from now on).
struct Learned(Vec<String>);

impl Learned {
    /// The lines [`populate`] teaches for a store of `size` decisions.
    fn of(size: usize) -> Learned {
        Learned(
            (0..size.div_ceil(DECISIONS_PER_LINE))
                .filter(|&l| !is_denied(l) && (l + 1) * DECISIONS_PER_LINE <= size)
                .map(pattern_scope)
                .collect(),
        )
    }

    fn last(&self) -> Option<&str> {
        self.0.last().map(String::as_str)
    }

    /// A learned line for the `n`th call, spread over the whole set.
    fn pick(&self, n: usize) -> Option<&str> {
        (!self.0.is_empty()).then(|| self.0[(n / 3 * 7919) % self.0.len()].as_str())
    }
}

/// Record `size` human decisions through HTTP (see the module documentation).
fn populate(addr: &str, size: usize) -> BenchResult<Learned> {
    let lines = size.div_ceil(DECISIONS_PER_LINE);
    let started = Instant::now();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<BenchResult<()>> = std::thread::scope(|s| {
        let done = &done;
        let handles: Vec<_> = (0..POPULATE_CLIENTS)
            .map(|c| {
                s.spawn(move || -> BenchResult<()> {
                    let mut client = Client::new(addr)?;
                    for line in (c..lines).step_by(POPULATE_CLIENTS) {
                        let scope = pattern_scope(line);
                        let decision = if is_denied(line) { "deny" } else { "allow" };
                        let count = DECISIONS_PER_LINE.min(size - line * DECISIONS_PER_LINE);
                        for k in 0..count {
                            let session = format!("s{}-{k}", line / SESSION_LINES);
                            decide(&mut client, &scope, &session, decision)?;
                        }
                        done.fetch_add(count, std::sync::atomic::Ordering::Relaxed);
                    }
                    Ok(())
                })
            })
            .collect();
        let mut next = Instant::now() + Duration::from_secs(15);
        while handles.iter().any(|h| !h.is_finished()) {
            std::thread::sleep(Duration::from_millis(100));
            if Instant::now() >= next {
                let n = done.load(std::sync::atomic::Ordering::Relaxed);
                let secs = started.elapsed().as_secs_f64();
                eprintln!(
                    "[{size}] populating: {n} decisions after {secs:.0} s ({:.0}/s)",
                    n as f64 / secs
                );
                next += Duration::from_secs(15);
            }
        }
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("panicked".into()))).collect()
    });
    for r in results {
        r?;
    }
    Ok(Learned::of(size))
}

/// Human decisions the server's per-minute limit sent back (then given again).
static THROTTLED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One human decision on `scope`, asked by `session`: check → record → (approval) retry.
fn decide(client: &mut Client, scope: &str, session: &str, decision: &str) -> BenchResult<()> {
    let v = check(client, scope, session)?;
    let Some(id) = v["challenge"]["id"].as_str() else {
        return Err(format!(
            "population: {scope:?} was decided {} by {} before its human decisions: {v}",
            v["decision"], v["decided_by"]
        ));
    };
    let rec = serde_json::json!({"challenge": id, "decision": decision, "tool": "shell",
        "action": "execute", "scope": scope, "session": session})
    .to_string();
    // The admin key's decisions per minute are capped (at most `server.decisions_per_minute`
    // = 100,000, which a fast machine's population can reach): a throttled decision waits and
    // is given again, as a human's client would.
    let r = loop {
        match request(client, "POST", "/permissions/record", &rec, Some(ADMIN_KEY)) {
            Err(e) if e.contains(" 429 ") => {
                THROTTLED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(500));
            }
            other => break other?,
        }
    };
    if r["recorded_as"]["rapid"] == true {
        return Err(format!("population: a decision on {scope:?} was rubber-stamped: {r}"));
    }
    if decision == "allow" {
        let retry = check(client, scope, session)?;
        if retry["decided_by"] != "human_approval" {
            return Err(format!(
                "population: the retry of {scope:?} was not the approval's: {retry}"
            ));
        }
    }
    Ok(())
}

/// `clients` keep-alive clients for `time`: (checks, checks/s, latency).
fn http_row(
    addr: &str,
    clients: usize,
    time: Duration,
    learned: &Learned,
) -> BenchResult<(usize, f64, Stats)> {
    let started = Instant::now();
    let until = started + time;
    let results: Vec<BenchResult<Vec<Duration>>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                s.spawn(move || -> BenchResult<Vec<Duration>> {
                    let mut client = Client::new(addr)?;
                    let mut lat = Vec::new();
                    let mut i = c;
                    while Instant::now() < until {
                        let (scope, want) = match i % 3 {
                            0 if !learned.0.is_empty() => {
                                (learned.0[(i / 3 * 7919) % learned.0.len()].clone(), "allow")
                            }
                            0 | 1 => (format!("cat docs/never-seen-{c}-{i}.md"), "ask"),
                            _ => ("rm -rf /".to_string(), "ask"),
                        };
                        let t = Instant::now();
                        // Anonymous, as `aiperture check` without `--session`: a named
                        // session would spend its risk budget on the learned allows.
                        let v = check(&mut client, &scope, "")?;
                        lat.push(t.elapsed());
                        if v["decision"] != want {
                            return Err(format!("{scope:?}: wanted {want}, got {v}"));
                        }
                        i += clients;
                    }
                    Ok(lat)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("panicked".into()))).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all = Vec::new();
    for r in results {
        all.extend(r?);
    }
    let n = all.len();
    Ok((n, n as f64 / elapsed, Stats::of(&mut all)))
}

/// An `mcp-serve` session: (check p50 µs, ping p50 µs).
fn mcp(home: &Path, store: &Path, calls: usize, learned: Option<&str>) -> BenchResult<(f64, f64)> {
    let mut child = command(home, store)
        .arg("mcp-serve")
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("spawn mcp-serve: {e}"))?;
    let mut stdin: ChildStdin = child.stdin.take().ok_or("no stdin")?;
    let mut stdout: BufReader<ChildStdout> =
        BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut line = String::new();
    let mut call = |text: &str, line: &mut String| -> BenchResult<Duration> {
        let t = Instant::now();
        stdin
            .write_all(text.as_bytes())
            .and_then(|()| stdin.flush())
            .map_err(|e| format!("{e}"))?;
        line.clear();
        if stdout.read_line(line).map_err(|e| format!("read: {e}"))? == 0 {
            return Err("mcp-serve closed its output".into());
        }
        Ok(t.elapsed())
    };
    call(
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\
         \"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n\
         {\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n",
        &mut line,
    )?;
    let mut checks = Vec::new();
    for i in 0..50 + calls {
        let scope = match (i % 3, learned) {
            (0, Some(l)) => l.to_string(),
            (0 | 1, _) => format!("cat docs/mcp-never-seen-{i}.md"),
            _ => "rm -rf /".to_string(),
        };
        let req = serde_json::json!({"jsonrpc": "2.0", "id": i + 1, "method": "tools/call",
            "params": {"name": "check_permission", "arguments": {"tool": "shell",
            "action": "execute", "scope": scope}}});
        let took = call(&format!("{req}\n"), &mut line)?;
        if line.contains("\"isError\":true") || !line.contains("decision") {
            return Err(format!("mcp: unexpected answer {}", line.trim()));
        }
        if i >= 50 {
            checks.push(took);
        }
    }
    let mut pings = Vec::new();
    for i in 0..calls {
        pings.push(call(
            &format!("{{\"jsonrpc\":\"2.0\",\"id\":\"p{i}\",\"method\":\"ping\"}}\n"),
            &mut line,
        )?);
    }
    drop(stdin);
    let st = child.wait().map_err(|e| format!("wait: {e}"))?;
    if !st.success() {
        return Err(format!("mcp-serve exited with {st}"));
    }
    Ok((Stats::of(&mut checks).p50 * 1e3, Stats::of(&mut pings).p50 * 1e3))
}

/// `check` processes: (all runs, p50 per kind, the `--version` floor).
fn processes(
    home: &Path,
    store: &Path,
    runs: usize,
    learned: Option<&str>,
) -> BenchResult<(Stats, [f64; 3], Stats)> {
    let mut by_kind: [Vec<Duration>; 3] = Default::default();
    let mut all = Vec::new();
    for j in 0..WARMUP + runs {
        let kind = j % 3;
        let (scope, code) = match kind {
            0 => learned.map_or(("make test-never".to_string(), 3), |l| (l.to_string(), 0)),
            1 => (format!("cat docs/process-never-seen-{j}.md"), 3),
            _ => ("rm -rf /".to_string(), 3),
        };
        let t = Instant::now();
        let out = command(home, store)
            .args(["check", "shell", "execute", &scope])
            .output()
            .map_err(|e| format!("spawn check: {e}"))?;
        let took = t.elapsed();
        if out.status.code() != Some(code) {
            return Err(format!(
                "check {scope:?} exited {:?}, wanted {code}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if j >= WARMUP {
            all.push(took);
            by_kind[kind].push(took);
        }
    }
    let mut floor = Vec::new();
    for _ in 0..WARMUP + runs / 3 {
        let t = Instant::now();
        let out = command(home, store).arg("--version").output().map_err(|e| format!("{e}"))?;
        floor.push(t.elapsed());
        if !out.status.success() {
            return Err("--version failed".into());
        }
    }
    let floor = floor.split_off(WARMUP);
    let kinds = by_kind.map(|mut v| Stats::of(&mut v).p50);
    Ok((Stats::of(&mut all), kinds, Stats::of(&mut floor.clone())))
}

fn print(all: &[Measured], seconds: usize, calls: usize, runs: usize) {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("## `doors`: stores filled through HTTP, measured from outside\n");
    println!(
        "Machine: {cpus} CPUs ({cpu}); stores under `{}`; release build; durability `fsync` \
         (the default); load average at the end: {}.\n",
        std::env::temp_dir().display(),
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    println!("| decisions | events | populate s | decisions/s | journal MB | server peak RSS MB |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for m in all {
        println!(
            "| {} | {} | {:.1} | {:.0} | {:.1} | {:.1} |",
            m.size,
            m.events,
            m.populate_s,
            m.size as f64 / m.populate_s.max(1e-9),
            m.journal_mb,
            m.peak_mb
        );
    }
    println!("\nHTTP `POST /permissions/check`, keep-alive clients, {seconds} s per row:\n");
    println!(
        "| decisions | clients | checks | checks/s | p50 ms | p99 ms | max ms | server RSS MB | \
         server CPU µs per check | context switches per check |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for m in all {
        for r in &m.http {
            println!(
                "| {} | {} | {} | {:.0} | {:.3} | {:.3} | {:.1} | {:.1} | {:.0} | {:.1} |",
                m.size,
                r.clients,
                r.checks,
                r.rps,
                r.stats.p50,
                r.stats.p99,
                r.stats.max,
                r.rss_mb,
                r.cpu_us,
                r.switches
            );
        }
    }
    println!(
        "\nMCP (`check_permission`, one stdio session, {calls} calls) and `check` processes ({runs} runs):\n"
    );
    println!(
        "| decisions | MCP check p50 µs | ping p50 µs | MCP server time p50 µs | check p50 ms | p95 ms | p99 ms | learned / unseen / rm p50 ms | floor (`--version`) p50 ms | verify-chain events/s | verify-chain peak RSS MB |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
    for m in all {
        println!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} / {:.2} / {:.2} | {:.2} | {:.0} ({} events in {:.2} s) | {:.1} |",
            m.size,
            m.mcp_check_us,
            m.mcp_ping_us,
            m.mcp_check_us - m.mcp_ping_us,
            m.process.p50,
            m.process.p95,
            m.process.p99,
            m.process_kinds[0],
            m.process_kinds[1],
            m.process_kinds[2],
            m.floor.p50,
            m.verify_events as f64 / m.verify_s,
            m.verify_events,
            m.verify_s,
            m.verify_mb
        );
    }
    println!(
        "\nThe machine's floors, measured in each size's temporary folder just before its \
         `check` processes (see `benches/common/floors.rs`; a check process appends and syncs \
         one event, an MCP or HTTP check shares a sync, and a check on a store where its \
         challenge's shard does not exist yet creates one file):\n"
    );
    println!("| decisions {}", floors::Floors::HEADER);
    println!("|---:{}", floors::Floors::RULE);
    for m in all {
        println!("| {} {}", m.size, m.machine.row());
    }
    println!(
        "\nClient mode (issue 21): `aiperture hook claude-code` processes with `AIPERTURE_URL` \
         pointing at the server, {seconds} s per row (learned → allow, unseen → no opinion, \
         `rm -rf /` → ask; every reply checked, and the server's journal grew by exactly one \
         check per call and verified); the same events as local hook processes on the store \
         (the server idle) for comparison:\n"
    );
    println!(
        "| decisions | hook processes at once | calls | calls/s | p50 ms | p99 ms | max ms | local hook p50 ms | client − local p50 ms |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for m in all {
        for r in &m.team {
            println!(
                "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {:.2} | {:+.2} |",
                m.size,
                r.clients,
                r.calls,
                r.rps,
                r.stats.p50,
                r.stats.p99,
                r.stats.max,
                m.local_hook.p50,
                r.stats.p50 - m.local_hook.p50
            );
        }
    }
    if let (Some(empty), Some(big)) =
        (all.iter().find(|m| m.size == 0), all.iter().max_by_key(|m| m.size))
        && big.size > 0
    {
        println!(
            "\n`check` process at {} decisions: p50 {:.2} ms = {:.2}× the empty store; p95 \
             {:.2} ms.",
            big.size,
            big.process.p50,
            big.process.p50 / empty.process.p50,
            big.process.p95
        );
    }
}
