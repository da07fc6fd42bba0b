//! Code shared by the whole-process benches `check_process` and `hook_process`.
//!
//! Both benches populate fresh temp stores of growing size through the library (N/10 distinct
//! patterns with 10 human decisions each, `durability = "flush"` for speed), switch them back to
//! the default `fsync` durability, then time the release binary end to end on three alternating
//! requests (learned, never seen, `rm -rf /`). This module holds the settings read from the
//! environment, the store population, the timing loop, the percentiles, the shared parts of the
//! printed tables and the machine description. How a process is spawned and checked, the floors
//! and the targets stay in each bench.
//!
//! Included by each bench as `mod common;`; Cargo does not build it as a bench of its own
//! (`autobenches = false`, and the benches are listed in `Cargo.toml`).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use aiperture::config::{self, Sources};
use aiperture::engine::{Decision, Engine, HumanDecision, Request};
use aiperture::store::lock::Wait;
use aiperture::store::{Discover, Store, UserDirs};
use chrono::{DateTime, TimeDelta, Utc};
use tempfile::TempDir;

mod scopes;
pub(crate) use scopes::pattern_scope;

/// The release binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_aiperture");
/// Store sizes (human decisions) measured by default.
const DEFAULT_SIZES: [usize; 3] = [0, 10_000, 100_000];
/// Timed runs per size by default.
const DEFAULT_RUNS: usize = 300;
/// Untimed runs before the timed ones.
pub(crate) const WARMUP: usize = 20;
/// Human decisions per pattern (the default `learning.min_decisions`).
const DECISIONS_PER_PATTERN: usize = 10;
/// Every this many patterns, one is denied by the human instead of approved.
const DENY_EVERY: usize = 20;
/// Time between two human decisions: more than the 60 s rubber-stamp window.
const DECISION_GAP_SECS: i64 = 61;
/// Time between two measured processes.
const RUN_GAP_SECS: i64 = 1;
/// Population phase config: no rate limit, appends not synced (decisions still are).
const CONFIG_POPULATE: &str =
    "[session]\nrate_limit_per_minute = 0\n\n[journal]\ndurability = \"flush\"\n";
/// Measurement phase config: no rate limit, default durability (`fsync`).
const CONFIG_MEASURE: &str = "[session]\nrate_limit_per_minute = 0\n";
/// The population clock's start.
const BASE_TIME: &str = "2026-01-05T08:00:00Z";
/// The store folder inside a project (the one `aiperture` finds from a cwd in the project).
pub(crate) const STORE_DIR: &str = ".aiperture";
/// The store folder inside the temp dir when it is given as `--store` (no project).
const FLAG_STORE_DIR: &str = "store";

pub(crate) type BenchResult<T> = Result<T, String>;

/// What a run measures, from the environment.
pub(crate) struct Settings {
    /// Store sizes, in human decisions (`AIPERTURE_BENCH_SIZES`).
    pub(crate) sizes: Vec<usize>,
    /// Timed runs per size (`AIPERTURE_BENCH_RUNS`), at least 1.
    pub(crate) runs: usize,
    /// The population clock's start.
    pub(crate) base: DateTime<Utc>,
}

impl Settings {
    pub(crate) fn from_env() -> BenchResult<Settings> {
        let sizes = env_sizes()?;
        let runs = env_usize("AIPERTURE_BENCH_RUNS", DEFAULT_RUNS)?;
        if runs == 0 {
            return Err("AIPERTURE_BENCH_RUNS must be at least 1".into());
        }
        let base = DateTime::parse_from_rfc3339(BASE_TIME)
            .map_err(|e| format!("bad base time: {e}"))?
            .with_timezone(&Utc);
        Ok(Settings { sizes, runs, base })
    }
}

/// One temp store with its HOME.
pub(crate) struct BenchStore {
    _tmp: TempDir,
    /// The folder store discovery starts from: the project (the hook events' `cwd`) when the
    /// store is found the way the hook finds it, else the store folder itself.
    pub(crate) cwd: PathBuf,
    /// The store folder: `<tmp>/<project>/.aiperture` or `<tmp>/store`.
    pub(crate) store_dir: PathBuf,
    /// Whether population gives the store as `--store` (`Discover::flag`) instead of finding
    /// it from `cwd`.
    by_flag: bool,
    pub(crate) home: PathBuf,
    pub(crate) size: usize,
}

/// What population produced.
pub(crate) struct Populated {
    /// Journal events after population.
    events: u64,
    /// The population clock after the last decision (61 s past it).
    last: DateTime<Utc>,
    /// A pattern humans approved 10 of 10 times (None for an empty store).
    pub(crate) learned: Option<String>,
    /// Wall-clock time of the population.
    elapsed: Duration,
}

/// The three kinds of measured request (`check_process`) or event (`hook_process`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Learned,
    Unseen,
    RmRf,
}

const KINDS: [Kind; 3] = [Kind::Learned, Kind::Unseen, Kind::RmRf];

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Learned => "learned",
            Kind::Unseen => "unseen",
            Kind::RmRf => "rm -rf /",
        }
    }
}

/// Timings of one size.
pub(crate) struct Measured {
    pub(crate) size: usize,
    events_before: u64,
    journal_bytes: u64,
    index_bytes: u64,
    populate: Duration,
    /// 1-minute load average at the end of the measurement (about 1 is the bench itself).
    load: String,
    /// All timed runs, sorted.
    pub(crate) all: Vec<Duration>,
    /// Timed runs per kind, sorted, in `KINDS` order.
    by_kind: [Vec<Duration>; 3],
}

impl BenchStore {
    /// A fresh temp dir with `HOME` at `<tmp>/home`. With `project`, the store is
    /// `<tmp>/<project>/.aiperture` and population finds it from `<tmp>/<project>`, as the hook
    /// finds it from an event's `cwd`; without, the store is `<tmp>/store`, given as `--store`.
    pub(crate) fn new(size: usize, project: Option<&str>) -> BenchResult<BenchStore> {
        let tmp = tempfile::Builder::new()
            .prefix("aiperture-bench-")
            .tempdir()
            .map_err(|e| format!("cannot create a temp dir: {e}"))?;
        let (cwd, store_dir) = if let Some(p) = project {
            let project = tmp.path().join(p);
            let store_dir = project.join(STORE_DIR);
            (project, store_dir)
        } else {
            let store_dir = tmp.path().join(FLAG_STORE_DIR);
            (store_dir.clone(), store_dir)
        };
        let home = tmp.path().join("home");
        for d in [&store_dir, &home] {
            fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        }
        Ok(BenchStore { _tmp: tmp, cwd, store_dir, by_flag: project.is_none(), home, size })
    }

    /// The per-user folders the binary derives from `HOME` (`check_process` sets no XDG_*
    /// variables) or from `XDG_DATA_HOME` / `XDG_CONFIG_HOME` (`hook_process` sets them under
    /// `HOME`): the same folders either way.
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

    /// Record `size` human decisions through the library, in this process, and report the
    /// population on standard error.
    pub(crate) fn populate(&self, base: DateTime<Utc>) -> BenchResult<Populated> {
        self.write_config(CONFIG_POPULATE)?;
        // Without the flag, found the way the hook finds it: the nearest `.aiperture` above the
        // event's cwd.
        let store = Store::discover(&Discover {
            flag: self.by_flag.then(|| self.store_dir.clone()),
            env: None,
            cwd: self.cwd.clone(),
            user: self.user_dirs(),
        })
        .map_err(|e| format!("store discovery: {e}"))?;
        if !self.by_flag && store.root() != self.store_dir {
            return Err(format!(
                "store discovery from {} found {}, not {}",
                self.cwd.display(),
                store.root().display(),
                self.store_dir.display()
            ));
        }
        let cfg = config::load(&Sources {
            user_file: None,
            store_file: Some(store.config_file()),
            env: vec![],
            flags: vec![],
            store_trust: config::StoreTrust::Trusted,
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
                // An approval lets that exact request through once: the agent's retry, as in
                // real use, takes it (and is journaled).
                if decision == Decision::Allow {
                    let retry =
                        engine.check(&req, now).map_err(|e| format!("retry {scope:?}: {e}"))?;
                    if retry.decided_by.as_str() != "human_approval" {
                        return Err(format!(
                            "population: the retry of {scope:?} after an approval was decided {} \
                             by {}, not by the approval",
                            retry.decision.as_str(),
                            retry.decided_by.as_str()
                        ));
                    }
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
        // The user trusts the project's config (it turns the rate limit off), as a real user
        // would with `aiperture policy trust`; measured checks then also pay for the trust
        // lookup.
        aiperture::store::trust::trust_current(&store).map_err(|e| format!("trust: {e}"))?;
        let n = self.size;
        eprintln!(
            "[{n}] populated: {events} events, {patterns} patterns in {:.1} s ({:.0} decisions/s)",
            elapsed.as_secs_f64(),
            if n == 0 { 0.0 } else { n as f64 / elapsed.as_secs_f64() },
        );
        Ok(Populated { events, last: now, learned, elapsed })
    }

    /// Run `WARMUP + runs` processes, the kinds alternating in `KINDS` order, and time them:
    /// `one(j, kind, now)` spawns run `j` with the clock `now` (RFC 3339, one second later each
    /// run), checks its answer and returns how long the process took, spawn to exit.
    pub(crate) fn time_runs(
        &self,
        pop: &Populated,
        runs: usize,
        mut one: impl FnMut(usize, Kind, &str) -> BenchResult<Duration>,
    ) -> BenchResult<Measured> {
        let events_before = pop.events;
        let journal_bytes = dir_bytes(&self.store_dir.join("journal"));
        let index_bytes = dir_bytes(&self.store_dir.join("index"));
        let mut all = Vec::with_capacity(runs);
        let mut by_kind: [Vec<Duration>; 3] = Default::default();
        let mut at = pop.last + TimeDelta::seconds(60);
        for j in 0..WARMUP + runs {
            let kind = KINDS[j % KINDS.len()];
            let now = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            at += TimeDelta::seconds(RUN_GAP_SECS);
            let took = one(j, kind, &now)?;
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
pub(crate) fn pct(sorted: &[Duration], p: f64) -> f64 {
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

/// p50 of the empty store, if size 0 was measured.
pub(crate) fn p50_empty(results: &[Measured]) -> Option<f64> {
    results.iter().find(|m| m.size == 0).map(|m| pct(&m.all, 50.0))
}

/// The largest non-empty store measured, the one the targets are checked at.
pub(crate) fn largest(results: &[Measured]) -> Option<&Measured> {
    results.iter().filter(|m| m.size > 0).max_by_key(|m| m.size)
}

/// The two Markdown tables: latency per store size, then p50 per kind and store size on disk.
/// `kinds` names what was measured (`request`, `event`).
pub(crate) fn print_tables(results: &[Measured], kinds: &str) {
    let p50_empty = p50_empty(results);
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
    println!("p50 per {kinds} kind and store size on disk:");
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
}

/// The `aiperture --version` floor line.
pub(crate) fn print_version_floor(version: &[Duration]) {
    println!(
        "process floor, `aiperture --version` timed the same way: p50 {:.2} ms, p90 {:.2} ms",
        pct(version, 50.0),
        pct(version, 90.0)
    );
}

/// The machine, the command that ran `bench`, the settings and `measured` (what one timed
/// run is).
pub(crate) fn print_machine(bench: &str, settings: &Settings, measured: &str) {
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
    cmd.push_str("cargo bench --bench ");
    cmd.push_str(bench);
    let sizes: Vec<String> = settings.sizes.iter().map(ToString::to_string).collect();
    println!("machine: {nproc} cores, {cpu}; {kernel}; {rustc}");
    println!("temp stores in {} ({})", tmp.display(), filesystem_of(&tmp));
    println!("command: {cmd}");
    println!("sizes: {}; timed runs: {}; warm-up runs: {WARMUP}", sizes.join(", "), settings.runs);
    println!("measured: {measured}");
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
