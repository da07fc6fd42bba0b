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

mod common;

use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode, Output, Stdio};
use std::time::{Duration, Instant};

use common::{
    BIN, BenchResult, BenchStore, Kind, Measured, Populated, STORE_DIR, Settings, WARMUP, largest,
    p50_empty, pattern_scope, pct, print_machine, print_tables, print_version_floor,
};
use serde_json::{Value, json};

/// Target reported against: p50 at the largest size (defined at 100 000 decisions).
const TARGET_P50_MS: f64 = 3.0;
/// The project folder's name inside the temp dir (the store is `.aiperture` inside it).
const PROJECT_DIR: &str = "project";

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
    let settings = Settings::from_env()?;
    let runs = settings.runs;

    print_machine(
        "hook_process",
        &settings,
        &format!(
            "<PreToolUse Bash event> | {BIN} hook claude-code (env cleared, HOME and XDG_* \
             under <temp>, AIPERTURE_NOW=<1 s later each run>, one session id per run; the \
             store <temp>/{PROJECT_DIR}/{STORE_DIR} is found from the event's cwd)"
        ),
    );
    let floors = Floors::measure(runs)?;

    let mut results = Vec::new();
    for &n in &settings.sizes {
        // The store is `<tmp>/project/.aiperture`, found from the events' cwd `<tmp>/project`.
        let bench = BenchStore::new(n, Some(PROJECT_DIR))?;
        let pop = bench.populate(settings.base)?;
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

/// The parts of a bench store specific to the hook: `cwd` is the project folder, the events'
/// `cwd`.
impl BenchStore {
    /// The `PreToolUse` event for `command` in run `run`, shaped like Claude Code's (see
    /// `fixtures/hooks/claude-code/pre_tool_use_bash.json`), with a session id of its own.
    fn event(&self, run: usize, command: &str, description: &str) -> BenchResult<Vec<u8>> {
        serde_json::to_vec(&json!({
            "session_id": session_id(self.size, run),
            "transcript_path": transcript_path(&self.home, self.size, run),
            "cwd": self.cwd.display().to_string(),
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
        // For the empty store the "learned" command is the would-be pattern: MEDIUM risk and
        // undecided, so the hook has no opinion.
        let (learned_command, learned_expect) = match &pop.learned {
            Some(s) => (s.clone(), Expect::AllowLearned),
            None => (pattern_scope(0), Expect::Silent),
        };
        self.time_runs(pop, runs, |j, kind, now| {
            let (command, description, expect) = match kind {
                Kind::Learned => (learned_command.clone(), "Run the task", learned_expect),
                // LOW risk, unique per run: never seen, never decided.
                Kind::Unseen => {
                    (format!("cat docs/never-seen-{j}.md"), "Show the notes", Expect::Silent)
                }
                Kind::RmRf => ("rm -rf /".to_string(), "Clean up", Expect::Ask),
            };
            let payload = self.event(j, &command, description)?;
            let (took, out) = run_hook(&self.home, Some(now), &payload)?;
            check_output(&out, expect).map_err(|why| {
                format!(
                    "size {}, run {j}: `aiperture hook claude-code` on Bash {command:?} ({}): \
                     {why}",
                    self.size,
                    kind.name()
                )
            })?;
            Ok(took)
        })
    }
}

fn print_table(results: &[Measured], runs: usize, floors: &Floors) {
    let p50_empty = p50_empty(results);
    println!();
    println!(
        "`aiperture hook claude-code` (PreToolUse, Bash) as a whole process: {runs} timed runs \
         per size after {WARMUP} warm-up runs, wall clock of spawn + write event + wait for \
         exit and output, durability = fsync"
    );
    println!();
    print_tables(results, "event");
    println!();
    println!(
        "(learned: allow, decided by learning; unseen: no opinion (empty output); rm -rf /: ask. \
         For 0 decisions the \"learned\" command has no opinion: nothing was learned.)"
    );
    print_version_floor(&floors.version);
    println!(
        "hook floor, `aiperture hook claude-code` on an event it ignores (stdin read and parsed, \
         no store opened): p50 {:.2} ms, p90 {:.2} ms",
        pct(&floors.hook, 50.0),
        pct(&floors.hook, 90.0)
    );
    match largest(results) {
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
