//! Forwarding journal events to a user command (`[audit] forward_command`), for SIEM shipping.
//!
//! Runs under the store lock right after an append, so deliveries happen in journal order and
//! never overlap. Every event after the cursor (`.aiperture/forward.json`, outside the
//! deletable index) is written as one JSON line (the exact journal line) to the command's
//! standard input; the cursor advances only when the command exits 0, so an event is delivered
//! again after a failure, never skipped. A failing or hanging command is killed after the
//! timeout and not retried for a minute, so it delays at most one check per minute by at most
//! the timeout, and it never turns a decision into an error. Forwarding starts at the journal's
//! end when first configured (history is available through `audit export`).

use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::{format_time, parse_time};
use crate::journal::read::scan_forward;
use crate::store::fsutil::{self, Sync};

/// Events sent in one delivery at most (a backlog drains over several appends).
const BATCH: usize = 1000;
/// Pause after a failed delivery.
const BACKOFF_SECS: i64 = 60;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cursor {
    /// Last delivered `seq`.
    seq: u64,
    /// The command the cursor belongs to (a new command starts at the journal's end).
    command: String,
    /// Time of the last failed delivery.
    #[serde(default)]
    failed_at: Option<String>,
    /// Why it failed.
    #[serde(default)]
    error: Option<String>,
}

/// Deliver pending events to `command`. Errors are recorded in the cursor, never returned.
pub fn deliver(
    store_root: &Path,
    journal: &Path,
    command: &str,
    timeout: Duration,
    last_seq: u64,
    now: DateTime<Utc>,
) {
    let path = store_root.join("forward.json");
    let mut cursor: Cursor = fsutil::read_optional(&path)
        .ok()
        .flatten()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    if cursor.command != command {
        // Newly configured (or changed): start after the event just appended.
        cursor = Cursor {
            seq: last_seq.saturating_sub(1),
            command: command.to_string(),
            ..Cursor::default()
        };
    }
    if cursor.seq >= last_seq {
        return;
    }
    if let Some(t) = cursor.failed_at.as_deref().and_then(parse_time)
        && now.signed_duration_since(t) < chrono::Duration::seconds(BACKOFF_SECS)
    {
        return;
    }
    let mut lines = Vec::new();
    let mut upto = cursor.seq;
    let from = cursor.seq;
    let read = scan_forward(journal, &mut |e, line| {
        if e.head.seq <= from {
            return Ok(ControlFlow::Continue(()));
        }
        lines.extend_from_slice(line);
        lines.push(b'\n');
        upto = e.head.seq;
        Ok(if upto - from >= BATCH as u64 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    });
    let result = read.map_err(|e| e.to_string()).and_then(|()| run(command, &lines, timeout));
    match result {
        Ok(()) => {
            cursor.seq = upto;
            cursor.failed_at = None;
            cursor.error = None;
        }
        Err(e) => {
            cursor.failed_at = Some(format_time(now));
            cursor.error = Some(e);
        }
    }
    if let Ok(bytes) = serde_json::to_vec_pretty(&cursor) {
        let _ = fsutil::write_atomic(&path, &bytes, Sync::Cache);
    }
}

fn run(command: &str, input: &[u8], timeout: Duration) -> Result<(), String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the forward command: {e}"))?;
    let deadline = Instant::now() + timeout;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read would block a large write: write from a thread and
        // let the deadline below decide.
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("the forward command failed: {status}")),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("the forward command took longer than {timeout:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(format!("cannot wait for the forward command: {e}")),
        }
    }
}
