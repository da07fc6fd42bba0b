//! Benchmark: `aiperture check` run as a whole process, on stores of growing size.
//!
//! For each size N (default 0, 10_000 and 100_000 human decisions) the bench populates a fresh
//! store through the library in one process (N/10 distinct patterns with 10 decisions each,
//! `durability = "flush"` for speed; human decisions are synced regardless), then switches the
//! store back to the default `fsync` durability and times the release binary end to end
//! (spawn, run, exit) on three alternating requests: a learned pattern (exit 0), a never-seen
//! command (exit 3) and `rm -rf /` (exit 3). A wrong exit code fails the bench.
//!
//! Run: `cargo bench --bench check_process`. Environment: `AIPERTURE_BENCH_SIZES=0,1000`
//! (comma-separated store sizes), `AIPERTURE_BENCH_RUNS=300` (timed runs per size, after 20
//! warm-up runs). Temp stores go to `TMPDIR` (default `/tmp`). See `benches/README.md`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use aiperture::engine::{Decision, Engine, HumanDecision, Request};
use aiperture::store::config::{self, Sources};
use aiperture::store::lock::Wait;
use aiperture::store::{Discover, Store, UserDirs};
use chrono::{DateTime, TimeDelta, Utc};
use tempfile::TempDir;

/// The release binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_aiperture");
/// Store sizes (human decisions) measured by default.
const DEFAULT_SIZES: [usize; 3] = [0, 10_000, 100_000];
/// Timed runs per size by default.
const DEFAULT_RUNS: usize = 300;
/// Untimed runs before the timed ones.
const WARMUP: usize = 20;
/// Human decisions per pattern (the default `learning.min_decisions`).
const DECISIONS_PER_PATTERN: usize = 10;
/// Every this many patterns, one is denied by the human instead of approved.
const DENY_EVERY: usize = 20;
/// Time between two human decisions: more than the 60 s rubber-stamp window.
const DECISION_GAP_SECS: i64 = 61;
/// Time between two measured processes.
const RUN_GAP_SECS: i64 = 1;
/// Targets reported against.
const TARGET_P50_MS: f64 = 2.0;
const TARGET_RATIO: f64 = 1.5;
/// Population phase config: no rate limit, appends not synced (decisions still are).
const CONFIG_POPULATE: &str =
    "[session]\nrate_limit_per_minute = 0\n\n[journal]\ndurability = \"flush\"\n";
/// Measurement phase config: no rate limit, default durability (`fsync`).
const CONFIG_MEASURE: &str = "[session]\nrate_limit_per_minute = 0\n";
/// Exit codes of `check`.
const EXIT_ALLOW: i32 = 0;
const EXIT_ASK: i32 = 3;

type BenchResult<T> = Result<T, String>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("check_process bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> BenchResult<()> {
    let sizes = env_sizes()?;
    let runs = env_usize("AIPERTURE_BENCH_RUNS", DEFAULT_RUNS)?;
    if runs == 0 {
        return Err("AIPERTURE_BENCH_RUNS must be at least 1".into());
    }
    let base = DateTime::parse_from_rfc3339("2026-01-05T08:00:00Z")
        .map_err(|e| format!("bad base time: {e}"))?
        .with_timezone(&Utc);

    print_machine(runs, &sizes);
    let floor = baseline(runs)?;

    let mut results = Vec::new();
    for &n in &sizes {
        let bench = BenchStore::new(n)?;
        let pop = bench.populate(base)?;
        eprintln!(
            "[{n}] populated: {} events, {} patterns in {:.1} s ({:.0} decisions/s)",
            pop.events,
            pop.patterns,
            pop.elapsed.as_secs_f64(),
            if n == 0 { 0.0 } else { n as f64 / pop.elapsed.as_secs_f64() },
        );
        let m = bench.measure(&pop, runs)?;
        results.push(m);
    }
    print_table(&results, runs, &floor);
    Ok(())
}

/// `aiperture --version`, timed like the checks: the cost of starting and ending the process.
fn baseline(runs: usize) -> BenchResult<Vec<Duration>> {
    let mut v = Vec::with_capacity(runs);
    for j in 0..WARMUP + runs {
        let mut cmd = Command::new(BIN);
        cmd.arg("--version").env_clear();
        let t0 = Instant::now();
        let out = cmd.output().map_err(|e| format!("cannot run {BIN}: {e}"))?;
        let took = t0.elapsed();
        assert!(out.status.success(), "`aiperture --version` failed: {}", out.status);
        if j >= WARMUP {
            v.push(took);
        }
    }
    v.sort_unstable();
    Ok(v)
}

/// One temp store with its HOME.
struct BenchStore {
    _tmp: TempDir,
    store_dir: PathBuf,
    home: PathBuf,
    size: usize,
}

/// What population produced.
struct Populated {
    /// Journal events after population.
    events: u64,
    /// Distinct patterns.
    patterns: usize,
    /// The population clock after the last decision (61 s past it).
    last: DateTime<Utc>,
    /// A pattern humans approved 10 of 10 times (None for an empty store).
    learned: Option<String>,
    /// Wall-clock time of the population.
    elapsed: Duration,
}

/// The three kinds of measured request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Learned,
    Unseen,
    RmRf,
}

const KINDS: [Kind; 3] = [Kind::Learned, Kind::Unseen, Kind::RmRf];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Learned => "learned",
            Kind::Unseen => "unseen",
            Kind::RmRf => "rm -rf /",
        }
    }
}

/// Timings of one size.
struct Measured {
    size: usize,
    events_before: u64,
    journal_bytes: u64,
    index_bytes: u64,
    populate: Duration,
    /// 1-minute load average at the end of the measurement (about 1 is the bench itself).
    load: String,
    /// All timed runs, sorted.
    all: Vec<Duration>,
    /// Timed runs per kind, sorted, in `KINDS` order.
    by_kind: [Vec<Duration>; 3],
}

/// Scope of pattern `i`: realistic, diverse, below HIGH risk (so learning may allow it), and
/// distinct even after learning's normalization: every shape is one that learning never
/// widens (task runners with arguments, `npm run`, `cargo run`, interpreters, `cp`, `sed -i`,
/// `git checkout`) or whose widened pattern is unique (`./scripts/check-K.sh*`). Widened
/// shapes such as `git log --oneline -K` would all teach `git log*`, which then allows the
/// next ones before they get their 10 human decisions.
fn pattern_scope(i: usize) -> String {
    let k = i / 10;
    match i % 10 {
        0 => format!("make test-{k}"),
        1 => format!("just lint-{k}"),
        2 => format!("npm run build:{k}"),
        3 => format!("cargo run --bin tool{k}"),
        4 => format!("./scripts/check-{k}.sh"),
        5 => format!("python3 tools/gen{k}.py"),
        6 => format!("node scripts/build{k}.js"),
        7 => format!("cp docs/a{k}.md docs/b{k}.md"),
        8 => format!("git checkout -b feature/{k}"),
        _ => format!("sed -i s/foo{k}/bar{k}/ src/mod{k}.rs"),
    }
}

impl BenchStore {
    fn new(size: usize) -> BenchResult<BenchStore> {
        let tmp = tempfile::Builder::new()
            .prefix("aiperture-bench-")
            .tempdir()
            .map_err(|e| format!("cannot create a temp dir: {e}"))?;
        let store_dir = tmp.path().join("store");
        let home = tmp.path().join("home");
        for d in [&store_dir, &home] {
            fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        }
        Ok(BenchStore { _tmp: tmp, store_dir, home, size })
    }

    /// The per-user folders the binary derives from `HOME` (no XDG_* variables are set).
    fn user_dirs(&self) -> UserDirs {
        UserDirs {
            data: self.home.join(".local").join("share").join("aiperture"),
            config_file: self.home.join(".config").join("aiperture").join("config.toml"),
        }
    }

    fn write_config(&self, text: &str) -> BenchResult<()> {
        let path = self.store_dir.join("config.toml");
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Record `size` human decisions through the library, in this process.
    fn populate(&self, base: DateTime<Utc>) -> BenchResult<Populated> {
        self.write_config(CONFIG_POPULATE)?;
        let store = Store::discover(&Discover {
            flag: Some(self.store_dir.clone()),
            env: None,
            cwd: self.store_dir.clone(),
            user: self.user_dirs(),
        })
        .map_err(|e| format!("store discovery: {e}"))?;
        let cfg = config::load(&Sources {
            user_file: None,
            store_file: Some(store.config_file()),
            env: vec![],
            flags: vec![],
        })
        .map_err(|e| format!("config: {e}"))?
        .config;

        let started = Instant::now();
        let mut now = base;
        let mut engine = Engine::open(&store, cfg, Wait::Block, &mut |_| {}, now)
            .map_err(|e| format!("engine open: {e}"))?;
        let patterns = self.size.div_ceil(DECISIONS_PER_PATTERN);
        let gap = TimeDelta::seconds(DECISION_GAP_SECS);
        let mut learned = None;
        let mut done = 0usize;
        let mut next_report = started + Duration::from_secs(10);
        for p in 0..patterns {
            let scope = pattern_scope(p);
            let decision =
                if p % DENY_EVERY == DENY_EVERY - 1 { Decision::Deny } else { Decision::Allow };
            let count = DECISIONS_PER_PATTERN.min(self.size - done);
            for _ in 0..count {
                let req = Request::new("shell", "execute", &scope);
                let verdict =
                    engine.check(&req, now).map_err(|e| format!("check {scope:?}: {e}"))?;
                let Some(ch) = verdict.challenge else {
                    return Err(format!(
                        "population: {scope:?} was decided {} by {} ({}) before it had {} \
                         human decisions; the bench needs scopes that nothing else decides",
                        verdict.decision.as_str(),
                        verdict.decided_by.as_str(),
                        verdict.reason,
                        DECISIONS_PER_PATTERN
                    ));
                };
                let rec = engine
                    .record(
                        &HumanDecision {
                            id: &ch.id,
                            decision,
                            by: "bench",
                            reason: "",
                            channel: "bench",
                            expect: None,
                            inferred: false,
                        },
                        now,
                    )
                    .map_err(|e| format!("record {scope:?}: {e}"))?;
                if rec.rapid {
                    return Err(format!("population: a decision on {scope:?} was rubber-stamped"));
                }
                now += gap;
                done += 1;
            }
            // The newest fully approved pattern is the one measured: it is certainly fresh.
            if count == DECISIONS_PER_PATTERN && decision == Decision::Allow {
                learned = Some(scope);
            }
            if Instant::now() >= next_report {
                let secs = started.elapsed().as_secs_f64();
                eprintln!(
                    "[{}] populating: {done} of {} decisions after {secs:.0} s ({:.0}/s)",
                    self.size,
                    self.size,
                    done as f64 / secs
                );
                next_report += Duration::from_secs(10);
            }
        }
        let events = engine.last_seq();
        drop(engine);
        let elapsed = started.elapsed();
        self.write_config(CONFIG_MEASURE)?;
        Ok(Populated { events, patterns, last: now, learned, elapsed })
    }

    /// Spawn the binary `WARMUP + runs` times and time each process.
    fn measure(&self, pop: &Populated, runs: usize) -> BenchResult<Measured> {
        let events_before = pop.events;
        let journal_bytes = dir_bytes(&self.store_dir.join("journal"));
        let index_bytes = dir_bytes(&self.store_dir.join("index"));
        // For the empty store the "learned" request is the would-be pattern, asked about.
        let (learned_scope, learned_exit) = match &pop.learned {
            Some(s) => (s.clone(), EXIT_ALLOW),
            None => (pattern_scope(0), EXIT_ASK),
        };
        let mut all = Vec::with_capacity(runs);
        let mut by_kind: [Vec<Duration>; 3] = Default::default();
        let mut at = pop.last + TimeDelta::seconds(60);
        for j in 0..WARMUP + runs {
            let kind = KINDS[j % KINDS.len()];
            let (scope, expect) = match kind {
                Kind::Learned => (learned_scope.clone(), learned_exit),
                Kind::Unseen => (format!("./scripts/never-seen-{j}.sh --flag {j}"), EXIT_ASK),
                Kind::RmRf => ("rm -rf /".to_string(), EXIT_ASK),
            };
            let now = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            at += TimeDelta::seconds(RUN_GAP_SECS);
            let mut cmd = self.command(&scope, &now);
            let t0 = Instant::now();
            let out = cmd.output().map_err(|e| format!("cannot run {BIN}: {e}"))?;
            let took = t0.elapsed();
            let code = out.status.code().unwrap_or(-1);
            assert!(
                code == expect,
                "size {}: `aiperture check shell execute {scope:?}` ({}) exited {code}, \
                 expected {expect}\n--- stdout ---\n{}--- stderr ---\n{}",
                self.size,
                kind.name(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
            );
            if j >= WARMUP {
                all.push(took);
                by_kind[j % KINDS.len()].push(took);
            }
        }
        let load = load_average();
        all.sort_unstable();
        for v in &mut by_kind {
            v.sort_unstable();
        }
        Ok(Measured {
            size: self.size,
            events_before,
            journal_bytes,
            index_bytes,
            populate: pop.elapsed,
            load,
            all,
            by_kind,
        })
    }

    /// `aiperture --store DIR check shell execute SCOPE` in a sealed environment.
    fn command(&self, scope: &str, now: &str) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.arg("--store")
            .arg(&self.store_dir)
            .args(["check", "shell", "execute", scope])
            .env_clear()
            .env("HOME", &self.home)
            .env("AIPERTURE_NOW", now)
            .current_dir(&self.home);
        cmd
    }
}

/// Total size of the files under `dir` (0 when missing).
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(rd) = fs::read_dir(dir) else { return 0 };
    rd.flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_bytes(&e.path()),
            Ok(_) => e.metadata().map_or(0, |m| m.len()),
            Err(_) => 0,
        })
        .sum()
}

/// Nearest-rank percentile of sorted samples, in milliseconds.
fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    ms(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn print_table(results: &[Measured], runs: usize, floor: &[Duration]) {
    let p50_empty = results.iter().find(|m| m.size == 0).map(|m| pct(&m.all, 50.0));
    println!();
    println!(
        "`aiperture check` as a whole process: {runs} timed runs per size after {WARMUP} \
         warm-up runs, wall clock of spawn + wait, durability = fsync"
    );
    println!();
    println!(
        "| decisions | events in journal | p50 ms | p90 ms | p99 ms | max ms | p50 / p50(0) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for m in results {
        let p50 = pct(&m.all, 50.0);
        let ratio = p50_empty.map_or_else(|| "n/a".to_string(), |e| format!("{:.2}", p50 / e));
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {ratio} |",
            m.size,
            m.events_before,
            p50,
            pct(&m.all, 90.0),
            pct(&m.all, 99.0),
            m.all.last().copied().map_or(f64::NAN, ms),
        );
    }
    println!();
    println!("p50 per request kind and store size on disk:");
    println!();
    println!(
        "| decisions | p50 learned ms | p50 unseen ms | p50 rm -rf / ms | journal MB | index MB \
         | populate s | load avg |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for m in results {
        println!(
            "| {} | {:.2} | {:.2} | {:.2} | {:.1} | {:.1} | {:.1} | {} |",
            m.size,
            pct(&m.by_kind[0], 50.0),
            pct(&m.by_kind[1], 50.0),
            pct(&m.by_kind[2], 50.0),
            mb(m.journal_bytes),
            mb(m.index_bytes),
            m.populate.as_secs_f64(),
            m.load,
        );
    }
    println!();
    println!("(For 0 decisions the \"learned\" request is asked about: nothing was learned.)");
    println!(
        "process floor, `aiperture --version` timed the same way: p50 {:.2} ms, p90 {:.2} ms",
        pct(floor, 50.0),
        pct(floor, 90.0)
    );
    let largest = results.iter().filter(|m| m.size > 0).max_by_key(|m| m.size);
    match (largest, p50_empty) {
        (Some(big), Some(empty)) => {
            let p50 = pct(&big.all, 50.0);
            let ok_abs = p50 <= TARGET_P50_MS;
            let ok_ratio = p50 / empty <= TARGET_RATIO;
            println!(
                "target p50 <= {TARGET_P50_MS:.1} ms at {} decisions: {p50:.2} ms -> {}",
                big.size,
                if ok_abs { "MET" } else { "NOT MET" }
            );
            println!(
                "target p50 <= {TARGET_RATIO:.1}x empty store at {} decisions: {:.2}x -> {}",
                big.size,
                p50 / empty,
                if ok_ratio { "MET" } else { "NOT MET" }
            );
            if big.size != 100_000 {
                println!("(the targets are defined at 100000 decisions; this run stopped earlier)");
            }
        }
        _ => println!("targets not evaluated: the sizes need 0 and at least one larger size"),
    }
}

fn print_machine(runs: usize, sizes: &[usize]) {
    let nproc = command_line("nproc", &[]).unwrap_or_else(|| {
        std::thread::available_parallelism().map_or_else(|_| "?".into(), |n| n.to_string())
    });
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let rustc = command_line("rustc", &["-V"]).unwrap_or_else(|| "unknown".into());
    let kernel = command_line("uname", &["-sr"]).unwrap_or_else(|| "unknown".into());
    let tmp = std::env::temp_dir();
    let mut cmd = String::new();
    for var in ["AIPERTURE_BENCH_SIZES", "AIPERTURE_BENCH_RUNS", "TMPDIR"] {
        if let Ok(v) = std::env::var(var) {
            let _ = write!(cmd, "{var}={v} ");
        }
    }
    cmd.push_str("cargo bench --bench check_process");
    let sizes: Vec<String> = sizes.iter().map(ToString::to_string).collect();
    println!("machine: {nproc} cores, {cpu}; {kernel}; {rustc}");
    println!("temp stores in {} ({})", tmp.display(), filesystem_of(&tmp));
    println!("command: {cmd}");
    println!("sizes: {}; timed runs: {runs}; warm-up runs: {WARMUP}", sizes.join(", "));
    println!(
        "measured: {BIN} --store <store> check shell execute <scope> \
         (env cleared, HOME=<temp>, AIPERTURE_NOW=<1 s later each run>)"
    );
    println!("population: durability = flush (decisions synced anyway); measurement: fsync");
}

/// The 1-minute load average from /proc/loadavg ("?" where unavailable).
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// First line of a command's standard output, if it ran successfully.
fn command_line(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().next().map(|l| l.trim().to_string()).filter(|l| !l.is_empty())
}

/// The type of the file system holding `path` (longest mount point prefix in /proc/mounts).
fn filesystem_of(path: &Path) -> String {
    let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let Ok(mounts) = fs::read_to_string("/proc/mounts") else { return "unknown fs".into() };
    mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (dev, mnt, fstype) = (f.next()?, f.next()?, f.next()?);
            path.starts_with(mnt).then(|| (mnt.len(), format!("{fstype} on {dev}")))
        })
        .max_by_key(|(len, _)| *len)
        .map_or_else(|| "unknown fs".into(), |(_, s)| s)
}

fn env_usize(name: &str, default: usize) -> BenchResult<usize> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => parse_count(&v).map_err(|e| format!("{name}: {e}")),
        _ => Ok(default),
    }
}

fn env_sizes() -> BenchResult<Vec<usize>> {
    match std::env::var("AIPERTURE_BENCH_SIZES") {
        Ok(v) if !v.trim().is_empty() => v
            .split(',')
            .map(|s| parse_count(s).map_err(|e| format!("AIPERTURE_BENCH_SIZES: {e}")))
            .collect(),
        _ => Ok(DEFAULT_SIZES.to_vec()),
    }
}

/// A non-negative count; `_` separators are allowed (`100_000`).
fn parse_count(s: &str) -> Result<usize, String> {
    let t: String = s.trim().chars().filter(|&c| c != '_').collect();
    t.parse().map_err(|_| format!("not a count: {s:?}"))
}
