//! Benchmark: `aiperture hook claude-code` run as a whole process, on stores of growing size.
//!
//! This is the command Claude Code runs before every tool call, so its whole-process latency
//! is what a user waits for. For each size N (default 0, 10_000 and 100_000 human decisions)
//! the bench populates a fresh project store (`<tmp>/project/.aiperture`) through the library
//! in one process, exactly like `check_process` (N/10 distinct patterns with 10 decisions each,
//! `durability = "flush"` for speed; human decisions are synced regardless), then switches the
//! store back to the default `fsync` durability and times the release binary end to end
//! (spawn, write a Claude Code `PreToolUse` event for `Bash` to its standard input, read its
//! standard output, exit). The hook finds the store from the event's `cwd`, as it does under
//! Claude Code. Three events alternate: a learned command (answer `allow`), a never-seen
//! low-risk command (no output: no opinion) and `rm -rf /` (answer `ask`, CRITICAL risk).
//! A wrong answer or exit status fails the bench.
//!
//! Run: `cargo bench --bench hook_process`. Environment: `AIPERTURE_BENCH_SIZES=0,1000`
//! (comma-separated store sizes), `AIPERTURE_BENCH_RUNS=300` (timed runs per size, after 20
//! warm-up runs). Temp stores go to `TMPDIR` (default `/tmp`). See `benches/README.md`.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output, Stdio};
use std::time::{Duration, Instant};

use aiperture::engine::{Decision, Engine, HumanDecision, Request};
use aiperture::store::config::{self, Sources};
use aiperture::store::lock::Wait;
use aiperture::store::{Discover, Store, UserDirs};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};
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
/// Target reported against: p50 at the largest size (defined at 100 000 decisions).
const TARGET_P50_MS: f64 = 3.0;
/// Population phase config: no rate limit, appends not synced (decisions still are).
const CONFIG_POPULATE: &str =
    "[session]\nrate_limit_per_minute = 0\n\n[journal]\ndurability = \"flush\"\n";
/// Measurement phase config: no rate limit, default durability (`fsync`).
const CONFIG_MEASURE: &str = "[session]\nrate_limit_per_minute = 0\n";
/// The project folder's name inside the temp dir, and the store folder inside it.
const PROJECT_DIR: &str = "project";
const STORE_DIR: &str = ".aiperture";

type BenchResult<T> = Result<T, String>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hook_process bench failed: {e}");
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
    let floors = Floors::measure(runs)?;

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
    print_table(&results, runs, &floors);
    Ok(())
}

/// Two process floors, timed like the hook runs.
struct Floors {
    /// `aiperture --version`: start and exit, nothing else.
    version: Vec<Duration>,
    /// `aiperture hook claude-code` on an event it does not subscribe to: start, read and
    /// parse the event from standard input, answer nothing, exit (no store is opened).
    hook: Vec<Duration>,
}

impl Floors {
    fn measure(runs: usize) -> BenchResult<Floors> {
        let tmp = tempfile::Builder::new()
            .prefix("aiperture-bench-")
            .tempdir()
            .map_err(|e| format!("cannot create a temp dir: {e}"))?;
        let home = tmp.path().join("home");
        fs::create_dir_all(&home).map_err(|e| format!("cannot create {}: {e}", home.display()))?;

        let mut version = Vec::with_capacity(runs);
        for j in 0..WARMUP + runs {
            let mut cmd = Command::new(BIN);
            cmd.arg("--version");
            seal(&mut cmd, &home);
            let t0 = Instant::now();
            let out = cmd.output().map_err(|e| format!("cannot run {BIN}: {e}"))?;
            let took = t0.elapsed();
            if !out.status.success() {
                return Err(format!("`aiperture --version` failed: {}", out.status));
            }
            if j >= WARMUP {
                version.push(took);
            }
        }
        version.sort_unstable();

        let mut hook = Vec::with_capacity(runs);
        let project = tmp.path().join(PROJECT_DIR);
        for j in 0..WARMUP + runs {
            let payload = serde_json::to_vec(&json!({
                "session_id": session_id(0, j),
                "transcript_path": transcript_path(&home, 0, j),
                "cwd": project.display().to_string(),
                "permission_mode": "default",
                "hook_event_name": "Notification",
                "message": "Claude needs your permission to use Bash",
            }))
            .map_err(|e| format!("cannot encode the event: {e}"))?;
            let (took, out) = run_hook(&home, None, &payload)?;
            check_output(&out, Expect::Silent).map_err(|why| {
                format!("hook floor (an event aiperture does not subscribe to): {why}")
            })?;
            if j >= WARMUP {
                hook.push(took);
            }
        }
        hook.sort_unstable();
        Ok(Floors { version, hook })
    }
}

/// Clear the environment of `cmd` (so no inherited `AIPERTURE_*` variable applies) and give
/// it per-user folders under `home`; the process runs in `home`, outside any project.
fn seal(cmd: &mut Command, home: &Path) {
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join(".local").join("share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .current_dir(home);
}

/// Spawn `aiperture hook claude-code` in a sealed environment, write `payload` to its standard
/// input, close it and collect the output. The duration covers spawn to exit.
fn run_hook(home: &Path, now: Option<&str>, payload: &[u8]) -> BenchResult<(Duration, Output)> {
    let mut cmd = Command::new(BIN);
    cmd.args(["hook", "claude-code"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    seal(&mut cmd, home);
    if let Some(now) = now {
        cmd.env("AIPERTURE_NOW", now);
    }
    let t0 = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("cannot run {BIN}: {e}"))?;
    let written = match child.stdin.take() {
        // Dropping the handle closes standard input: the hook reads to end of file.
        Some(mut stdin) => stdin.write_all(payload).map_err(|e| e.to_string()),
        None => Err("no standard input handle".to_string()),
    };
    let out = child.wait_with_output().map_err(|e| format!("waiting for {BIN}: {e}"))?;
    let took = t0.elapsed();
    written.map_err(|e| {
        format!(
            "cannot write the event to the hook's standard input: {e}\n--- stderr ---\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    Ok((took, out))
}

/// What a hook run must answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Exit 0 and nothing on standard output (no opinion).
    Silent,
    /// Exit 0 and `hookSpecificOutput.permissionDecision` = `allow`, decided by learning.
    AllowLearned,
    /// Exit 0 and `hookSpecificOutput.permissionDecision` = `ask`.
    Ask,
}

impl Expect {
    fn describe(self) -> &'static str {
        match self {
            Expect::Silent => "exit 0, empty stdout",
            Expect::AllowLearned => "exit 0, permissionDecision allow (auto_learned)",
            Expect::Ask => "exit 0, permissionDecision ask",
        }
    }
}

/// Check a hook's exit status and standard output; `Err` says what is wrong.
fn check_output(out: &Output, expect: Expect) -> Result<(), String> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let wrong = |why: String| {
        format!(
            "{why}; expected {}\n--- stdout ---\n{stdout}\n--- stderr ---\n{}",
            expect.describe(),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    if out.status.code() != Some(0) {
        return Err(wrong(format!("exited with {}", out.status)));
    }
    let decision = match expect {
        Expect::Silent => {
            return if out.stdout.is_empty() {
                Ok(())
            } else {
                Err(wrong("answered something".into()))
            };
        }
        Expect::AllowLearned => "allow",
        Expect::Ask => "ask",
    };
    let v: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| wrong(format!("standard output is not JSON ({e})")))?;
    let specific = &v["hookSpecificOutput"];
    if specific["hookEventName"] != "PreToolUse" {
        return Err(wrong("hookSpecificOutput.hookEventName is not PreToolUse".into()));
    }
    if specific["permissionDecision"] != decision {
        return Err(wrong(format!("permissionDecision is {}", specific["permissionDecision"])));
    }
    if expect == Expect::AllowLearned {
        let reason = specific["permissionDecisionReason"].as_str().unwrap_or_default();
        if !reason.contains("decided by auto_learned") {
            return Err(wrong("the allow was not decided by learning".into()));
        }
    }
    Ok(())
}

/// A Claude Code-like session id, unique per store size and run.
fn session_id(size: usize, run: usize) -> String {
    format!("8f2c6a1e-4b7d-{:04x}-9a51-{run:012x}", size % 0x1_0000)
}

fn transcript_path(home: &Path, size: usize, run: usize) -> String {
    home.join(".claude")
        .join("projects")
        .join("-bench-project")
        .join(format!("{}.jsonl", session_id(size, run)))
        .display()
        .to_string()
}

/// One temp project with its store and its HOME.
struct BenchStore {
    _tmp: TempDir,
    /// The project folder: the events' `cwd`.
    project: PathBuf,
    /// `<project>/.aiperture`.
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

/// The three kinds of measured event.
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
/// distinct even after learning's normalization (the same shapes as `check_process`: widened
/// shapes such as `git log --oneline -K` would all teach `git log*`, which then allows the
/// next ones before they get their 10 human decisions).
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
        let project = tmp.path().join(PROJECT_DIR);
        let store_dir = project.join(STORE_DIR);
        let home = tmp.path().join("home");
        for d in [&store_dir, &home] {
            fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
        }
        Ok(BenchStore { _tmp: tmp, project, store_dir, home, size })
    }

    /// The per-user folders the binary derives from `XDG_DATA_HOME` / `XDG_CONFIG_HOME`.
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
        // Found the way the hook finds it: the nearest `.aiperture` above the event's cwd.
        let store = Store::discover(&Discover {
            flag: None,
            env: None,
            cwd: self.project.clone(),
            user: self.user_dirs(),
        })
        .map_err(|e| format!("store discovery: {e}"))?;
        if store.root() != self.store_dir {
            return Err(format!(
                "store discovery from {} found {}, not {}",
                self.project.display(),
                store.root().display(),
                self.store_dir.display()
            ));
        }
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

    /// The `PreToolUse` event for `command` in run `run`, shaped like Claude Code's (see
    /// `fixtures/hooks/claude-code/pre_tool_use_bash.json`), with a session id of its own.
    fn event(&self, run: usize, command: &str, description: &str) -> BenchResult<Vec<u8>> {
        serde_json::to_vec(&json!({
            "session_id": session_id(self.size, run),
            "transcript_path": transcript_path(&self.home, self.size, run),
            "cwd": self.project.display().to_string(),
            "permission_mode": "default",
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": {
                "command": command,
                "description": description,
                "timeout": 120_000,
                "run_in_background": false
            },
            "tool_use_id": format!("toolu_01BENCH{:06}{run:012}", self.size % 1_000_000),
        }))
        .map_err(|e| format!("cannot encode the event: {e}"))
    }

    /// Spawn the hook `WARMUP + runs` times and time each process.
    fn measure(&self, pop: &Populated, runs: usize) -> BenchResult<Measured> {
        let events_before = pop.events;
        let journal_bytes = dir_bytes(&self.store_dir.join("journal"));
        let index_bytes = dir_bytes(&self.store_dir.join("index"));
        // For the empty store the "learned" command is the would-be pattern: MEDIUM risk and
        // undecided, so the hook has no opinion.
        let (learned_command, learned_expect) = match &pop.learned {
            Some(s) => (s.clone(), Expect::AllowLearned),
            None => (pattern_scope(0), Expect::Silent),
        };
        let mut all = Vec::with_capacity(runs);
        let mut by_kind: [Vec<Duration>; 3] = Default::default();
        let mut at = pop.last + TimeDelta::seconds(60);
        for j in 0..WARMUP + runs {
            let kind = KINDS[j % KINDS.len()];
            let (command, description, expect) = match kind {
                Kind::Learned => (learned_command.clone(), "Run the task", learned_expect),
                // LOW risk, unique per run: never seen, never decided.
                Kind::Unseen => {
                    (format!("cat docs/never-seen-{j}.md"), "Show the notes", Expect::Silent)
                }
                Kind::RmRf => ("rm -rf /".to_string(), "Clean up", Expect::Ask),
            };
            let payload = self.event(j, &command, description)?;
            let now = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            at += TimeDelta::seconds(RUN_GAP_SECS);
            let (took, out) = run_hook(&self.home, Some(&now), &payload)?;
            check_output(&out, expect).map_err(|why| {
                format!(
                    "size {}, run {j}: `aiperture hook claude-code` on Bash {command:?} ({}): \
                     {why}",
                    self.size,
                    kind.name()
                )
            })?;
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

fn print_table(results: &[Measured], runs: usize, floors: &Floors) {
    let p50_empty = results.iter().find(|m| m.size == 0).map(|m| pct(&m.all, 50.0));
    println!();
    println!(
        "`aiperture hook claude-code` (PreToolUse, Bash) as a whole process: {runs} timed runs \
         per size after {WARMUP} warm-up runs, wall clock of spawn + write event + wait for \
         exit and output, durability = fsync"
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
    println!("p50 per event kind and store size on disk:");
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
    println!(
        "(learned: allow, decided by learning; unseen: no opinion (empty output); rm -rf /: ask. \
         For 0 decisions the \"learned\" command has no opinion: nothing was learned.)"
    );
    println!(
        "process floor, `aiperture --version` timed the same way: p50 {:.2} ms, p90 {:.2} ms",
        pct(&floors.version, 50.0),
        pct(&floors.version, 90.0)
    );
    println!(
        "hook floor, `aiperture hook claude-code` on an event it ignores (stdin read and parsed, \
         no store opened): p50 {:.2} ms, p90 {:.2} ms",
        pct(&floors.hook, 50.0),
        pct(&floors.hook, 90.0)
    );
    let largest = results.iter().filter(|m| m.size > 0).max_by_key(|m| m.size);
    match largest {
        Some(big) => {
            let p50 = pct(&big.all, 50.0);
            println!(
                "target p50 <= {TARGET_P50_MS:.1} ms at {} decisions: {p50:.2} ms -> {}",
                big.size,
                if p50 <= TARGET_P50_MS { "MET" } else { "NOT MET" }
            );
            if let Some(empty) = p50_empty {
                println!(
                    "p50 at {} decisions / p50 on the empty store: {:.2}x (reported, no target)",
                    big.size,
                    p50 / empty
                );
            }
            if big.size != 100_000 {
                println!("(the target is defined at 100000 decisions; this run stopped earlier)");
            }
        }
        None => println!("target not evaluated: the sizes need at least one non-empty store"),
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
    cmd.push_str("cargo bench --bench hook_process");
    let sizes: Vec<String> = sizes.iter().map(ToString::to_string).collect();
    println!("machine: {nproc} cores, {cpu}; {kernel}; {rustc}");
    println!("temp stores in {} ({})", tmp.display(), filesystem_of(&tmp));
    println!("command: {cmd}");
    println!("sizes: {}; timed runs: {runs}; warm-up runs: {WARMUP}", sizes.join(", "));
    println!(
        "measured: <PreToolUse Bash event> | {BIN} hook claude-code (env cleared, HOME and \
         XDG_* under <temp>, AIPERTURE_NOW=<1 s later each run>, one session id per run; the \
         store <temp>/{PROJECT_DIR}/{STORE_DIR} is found from the event's cwd)"
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
