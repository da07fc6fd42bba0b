//! Test harness: a sealed environment per test and a runner for the `aiperture` binary.
//!
//! Every [`TestEnv`] has its own temp HOME, XDG folders and working folder, clears every
//! `AIPERTURE_*` variable inherited from the caller, and fixes the clock with `AIPERTURE_NOW`.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The default fixed time of a test.
pub const NOW: &str = "2026-11-26T10:00:00Z";

/// Output of one run.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    pub fn from(o: Output) -> Run {
        Run {
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            code: o.status.code().unwrap_or(-1),
        }
    }

    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self}"))
    }

    /// Assert the exit code, showing everything on failure.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "unexpected exit status:\n{self}");
        self
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}--- stderr ---\n{}[exit status: {}]", self.stdout, self.stderr, self.code)
    }
}

/// A sealed environment.
pub struct TestEnv {
    pub tmp: tempfile::TempDir,
    pub home: PathBuf,
    pub cwd: PathBuf,
    pub now: String,
    pub env: Vec<(String, String)>,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let tmp = tempfile::tempdir().expect("temp dir");
        let home = tmp.path().join("home");
        let cwd = tmp.path().join("work");
        std::fs::create_dir_all(&home).expect("home");
        std::fs::create_dir_all(&cwd).expect("cwd");
        TestEnv { tmp, home, cwd, now: NOW.into(), env: Vec::new() }
    }

    /// A project store in the working folder.
    pub fn with_project() -> TestEnv {
        let t = TestEnv::new();
        t.run(&["init"]).code(0);
        t
    }

    pub fn store(&self) -> PathBuf {
        self.cwd.join(".aiperture")
    }

    pub fn user_store(&self) -> PathBuf {
        self.home.join(".local/share/aiperture")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_aiperture"));
        for (k, _) in std::env::vars() {
            // Also what an agent running the tests would pass on to a hook.
            if k.starts_with("AIPERTURE_") || k.starts_with("XDG_") || k.starts_with("CLAUDE_CODE_")
            {
                c.env_remove(k);
            }
        }
        c.env("HOME", &self.home)
            .env("USER", "tester")
            .env("AIPERTURE_NOW", &self.now)
            .current_dir(&self.cwd)
            .args(args)
            .stdin(Stdio::null());
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("run aiperture"))
    }

    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut c = self.command(args);
        c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn aiperture");
        let mut stdin = child.stdin.take().expect("stdin");
        let input = input.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().expect("wait");
        let _ = writer.join();
        Run::from(out)
    }

    /// `check --json` of a shell command; returns the JSON verdict.
    pub fn check_json(
        &self,
        tool: &str,
        action: &str,
        scope: &str,
        extra: &[&str],
    ) -> serde_json::Value {
        let mut args = vec!["check", tool, action, scope, "--json"];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert!(matches!(r.code, 0 | 1 | 3), "check failed:\n{r}");
        r.json()
    }

    /// Check a request a human just approved: the approval lets it through once.
    pub fn use_approval(&self, tool: &str, action: &str, scope: &str, extra: &[&str]) {
        let v = self.check_json(tool, action, scope, extra);
        assert_eq!(v["decision"], "allow", "{v}");
        assert_eq!(v["decided_by"], "human_approval", "{v}");
    }

    /// The challenge id of a verdict.
    pub fn challenge(v: &serde_json::Value) -> String {
        v["challenge"]["id"].as_str().unwrap_or_else(|| panic!("no challenge in {v}")).to_string()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.cwd.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }

    /// All event lines of the project store's journal, parsed.
    pub fn events(&self, store: &Path) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        let mut segs: Vec<_> = std::fs::read_dir(store.join("journal"))
            .expect("journal dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        segs.sort();
        for s in segs {
            for line in std::fs::read_to_string(s).expect("read").lines() {
                let v: serde_json::Value = serde_json::from_str(line).expect("json line");
                if v.get("event").is_some() {
                    out.push(v["event"].clone());
                }
            }
        }
        out
    }

    /// The reasons of the project store's `recovered` events, in journal order.
    pub fn recoveries(&self) -> Vec<String> {
        self.events(&self.store())
            .iter()
            .filter(|e| e["kind"] == "recovered")
            .map(|e| e["reason"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// The scopes of the project store's `check` events, in journal order.
    pub fn checked_scopes(&self) -> Vec<String> {
        self.events(&self.store())
            .iter()
            .filter(|e| e["kind"] == "check")
            .filter_map(|e| e["request"]["scope"].as_str().map(str::to_string))
            .collect()
    }
}

/// `now` plus seconds, RFC 3339.
pub fn at(base: &str, secs: i64) -> String {
    let t =
        chrono::DateTime::parse_from_rfc3339(base).expect("time") + chrono::Duration::seconds(secs);
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The committed journal fixtures (`fixtures/journal/`).
pub fn journal_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/journal")
}

/// Copy the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let dest = to.join(e.path().strip_prefix(from).expect("prefix"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}
