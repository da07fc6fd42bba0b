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

mod common;

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use common::{
    BIN, BenchResult, BenchStore, Kind, Measured, Populated, Settings, WARMUP, largest, p50_empty,
    pattern_scope, pct, print_machine, print_tables, print_version_floor,
};

/// Targets reported against.
const TARGET_P50_MS: f64 = 2.0;
const TARGET_RATIO: f64 = 1.5;
/// Exit codes of `check`.
const EXIT_ALLOW: i32 = 0;
const EXIT_ASK: i32 = 3;

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
    let settings = Settings::from_env()?;
    let runs = settings.runs;

    print_machine(
        "check_process",
        &settings,
        &format!(
            "{BIN} --store <store> check shell execute <scope> \
             (env cleared, HOME=<temp>, AIPERTURE_NOW=<1 s later each run>)"
        ),
    );
    let floor = baseline(runs)?;

    let mut results = Vec::new();
    for &n in &settings.sizes {
        // The store is `<tmp>/store`, given as `--store`.
        let bench = BenchStore::new(n, None)?;
        let pop = bench.populate(settings.base)?;
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

/// The parts of a bench store specific to `aiperture check`.
impl BenchStore {
    /// Spawn the binary `WARMUP + runs` times and time each process.
    fn measure(&self, pop: &Populated, runs: usize) -> BenchResult<Measured> {
        // For the empty store the "learned" request is the would-be pattern, asked about.
        let (learned_scope, learned_exit) = match &pop.learned {
            Some(s) => (s.clone(), EXIT_ALLOW),
            None => (pattern_scope(0), EXIT_ASK),
        };
        self.time_runs(pop, runs, |j, kind, now| {
            let (scope, expect) = match kind {
                Kind::Learned => (learned_scope.clone(), learned_exit),
                Kind::Unseen => (format!("./scripts/never-seen-{j}.sh --flag {j}"), EXIT_ASK),
                Kind::RmRf => ("rm -rf /".to_string(), EXIT_ASK),
            };
            let mut cmd = self.command(&scope, now);
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
            Ok(took)
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

fn print_table(results: &[Measured], runs: usize, floor: &[Duration]) {
    let p50_empty = p50_empty(results);
    println!();
    println!(
        "`aiperture check` as a whole process: {runs} timed runs per size after {WARMUP} \
         warm-up runs, wall clock of spawn + wait, durability = fsync"
    );
    println!();
    print_tables(results, "request");
    println!();
    println!("(For 0 decisions the \"learned\" request is asked about: nothing was learned.)");
    print_version_floor(floor);
    match (largest(results), p50_empty) {
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
