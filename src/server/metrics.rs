//! Process-local metrics of `aiperture serve`, rendered in the Prometheus text exposition
//! format (version 0.0.4) for `GET /metrics`.
//!
//! Everything here counts what *this server process* did: checks it decided, human decisions it
//! recorded, events it appended, time it waited for the store lock. Other processes on the same
//! store (the CLI, hooks) are not counted; the journal, not these counters, is the record. The
//! one exception is the journal size, a gauge read from the file system at scrape time.
//!
//! Invariants: counters only go up; label values come from closed sets chosen by the server
//! (decisions, `decided_by` step names, route names, status codes), never from request input,
//! so a client cannot grow the label space; every family has `# HELP` and `# TYPE` lines and a
//! histogram's buckets are cumulative and end with `+Inf`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::engine::{DecidedBy, Decision, Verdict};

/// Upper bounds (seconds) of the latency histograms.
pub const LATENCY_BUCKETS: [f64; 12] =
    [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0];

/// A histogram with fixed buckets, safe to observe from many threads.
#[derive(Debug)]
pub struct Histogram {
    bounds: &'static [f64],
    /// Non-cumulative counts per bucket; the last slot is `+Inf`.
    counts: Vec<AtomicU64>,
    sum_nanos: AtomicU64,
}

impl Histogram {
    /// A histogram with the given upper bounds (ascending, in seconds).
    pub fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            counts: (0..=bounds.len()).map(|_| AtomicU64::new(0)).collect(),
            sum_nanos: AtomicU64::new(0),
        }
    }

    /// Record one observation.
    pub fn observe(&self, d: Duration) {
        let secs = d.as_secs_f64();
        let slot = self.bounds.iter().position(|b| secs <= *b).unwrap_or(self.bounds.len());
        if let Some(c) = self.counts.get(slot) {
            c.fetch_add(1, Ordering::Relaxed);
        }
        let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        family(out, name, help, "histogram");
        let mut cumulative = 0u64;
        for (i, c) in self.counts.iter().enumerate() {
            cumulative += c.load(Ordering::Relaxed);
            let le = self.bounds.get(i).map_or_else(|| "+Inf".to_string(), |b| format!("{b}"));
            let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {cumulative}");
        }
        let sum = self.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        let _ = writeln!(out, "{name}_sum {sum}");
        let _ = writeln!(out, "{name}_count {cumulative}");
    }
}

/// A counter with a small, server-chosen set of label values.
#[derive(Debug, Default)]
struct Labeled {
    values: Mutex<BTreeMap<Vec<String>, u64>>,
}

impl Labeled {
    fn inc(&self, labels: &[&str]) {
        let mut m = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        *m.entry(labels.iter().map(|s| (*s).to_string()).collect()).or_default() += 1;
    }

    fn render(&self, out: &mut String, name: &str, help: &str, keys: &[&str]) {
        family(out, name, help, "counter");
        let m = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        for (values, n) in m.iter() {
            let labels: Vec<String> = keys
                .iter()
                .zip(values)
                .map(|(k, v)| format!("{k}=\"{}\"", escape_label(v)))
                .collect();
            let _ = writeln!(out, "{name}{{{}}} {n}", labels.join(","));
        }
    }
}

/// Every metric of one server process.
#[derive(Debug)]
pub struct Metrics {
    checks: Labeled,
    check_seconds: Histogram,
    human_decisions: Labeled,
    auto_approved: AtomicU64,
    auto_denied: AtomicU64,
    rate_limited: AtomicU64,
    budget_exhausted: AtomicU64,
    journal_appends: AtomicU64,
    lock_wait_seconds: Histogram,
    requests: Labeled,
    request_seconds: Histogram,
    leaked_connections: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

impl Metrics {
    /// All zero.
    pub fn new() -> Metrics {
        Metrics {
            checks: Labeled::default(),
            check_seconds: Histogram::new(&LATENCY_BUCKETS),
            human_decisions: Labeled::default(),
            auto_approved: AtomicU64::new(0),
            auto_denied: AtomicU64::new(0),
            rate_limited: AtomicU64::new(0),
            budget_exhausted: AtomicU64::new(0),
            journal_appends: AtomicU64::new(0),
            lock_wait_seconds: Histogram::new(&LATENCY_BUCKETS),
            requests: Labeled::default(),
            request_seconds: Histogram::new(&LATENCY_BUCKETS),
            leaked_connections: AtomicU64::new(0),
        }
    }

    /// Count a verdict returned by `POST /permissions/check`.
    pub fn check_decided(&self, v: &Verdict) {
        self.checks.inc(&[v.decision.as_str(), v.decided_by.as_str()]);
        match (v.decided_by, v.decision) {
            (DecidedBy::AutoLearned, Decision::Allow) => {
                self.auto_approved.fetch_add(1, Ordering::Relaxed);
            }
            (DecidedBy::AutoLearned, Decision::Deny) => {
                self.auto_denied.fetch_add(1, Ordering::Relaxed);
            }
            (DecidedBy::RateLimit, _) => {
                self.rate_limited.fetch_add(1, Ordering::Relaxed);
            }
            (DecidedBy::RiskBudget, _) => {
                self.budget_exhausted.fetch_add(1, Ordering::Relaxed);
            }
            _ => {}
        }
    }

    /// Time one check took, lock wait included (observed for errors too).
    pub fn check_latency(&self, d: Duration) {
        self.check_seconds.observe(d);
    }

    /// Count a human decision attempt: `outcome` is `recorded` or `refused`.
    pub fn human_decision(&self, decision: Decision, outcome: &'static str) {
        self.human_decisions.inc(&[decision.as_str(), outcome]);
    }

    /// Events this process appended to the journal.
    pub fn appended(&self, n: u64) {
        if n > 0 {
            self.journal_appends.fetch_add(n, Ordering::Relaxed);
        }
    }

    /// Time spent blocked on the store lock.
    pub fn lock_wait(&self, d: Duration) {
        self.lock_wait_seconds.observe(d);
    }

    /// One HTTP request answered: its route name and status code.
    pub fn request(&self, route: &'static str, status: u16, d: Duration) {
        let status = status.to_string();
        self.requests.inc(&[route, &status]);
        self.request_seconds.observe(d);
    }

    /// A connection deliberately left open (see `server::http` on oversized bodies).
    pub fn leaked_connection(&self) {
        self.leaked_connections.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text; `journal_bytes` is the journal's current size on disk, `syncs`
    /// the group commit's journal syncs so far.
    pub fn render(&self, journal_bytes: u64, syncs: u64) -> String {
        let mut out = String::with_capacity(8 * 1024);
        let _ = writeln!(
            out,
            "# HELP aiperture_build_info Build of the running server.\n\
             # TYPE aiperture_build_info gauge\n\
             aiperture_build_info{{version=\"{}\"}} 1",
            escape_label(env!("CARGO_PKG_VERSION"))
        );
        self.checks.render(
            &mut out,
            "aiperture_permission_checks_total",
            "Permission checks decided by this server, by decision and deciding step.",
            &["decision", "decided_by"],
        );
        self.check_seconds.render(
            &mut out,
            "aiperture_permission_check_duration_seconds",
            "Time to decide and journal one check, store lock wait included.",
        );
        self.human_decisions.render(
            &mut out,
            "aiperture_human_decisions_total",
            "Human decisions received over HTTP, by decision and outcome (recorded or refused).",
            &["decision", "outcome"],
        );
        for (name, help, v) in [
            (
                "aiperture_auto_approved_total",
                "Checks allowed by a learned pattern.",
                &self.auto_approved,
            ),
            (
                "aiperture_auto_denied_total",
                "Checks denied by a learned pattern.",
                &self.auto_denied,
            ),
            (
                "aiperture_rate_limited_total",
                "Checks denied by the per-session rate limit.",
                &self.rate_limited,
            ),
            (
                "aiperture_risk_budget_exhausted_total",
                "Allows turned into ask because the session's risk budget was spent.",
                &self.budget_exhausted,
            ),
            (
                "aiperture_journal_appends_total",
                "Journal events appended by this server.",
                &self.journal_appends,
            ),
            (
                "aiperture_http_connections_leaked_total",
                "Connections left open because their declared body was too large to discard.",
                &self.leaked_connections,
            ),
        ] {
            family(&mut out, name, help, "counter");
            let _ = writeln!(out, "{name} {}", v.load(Ordering::Relaxed));
        }
        family(
            &mut out,
            "aiperture_journal_bytes",
            "Size of the journal segments on disk.",
            "gauge",
        );
        let _ = writeln!(out, "aiperture_journal_bytes {journal_bytes}");
        family(
            &mut out,
            "aiperture_journal_syncs_total",
            "Journal syncs by the group commit (concurrent requests share one).",
            "counter",
        );
        let _ = writeln!(out, "aiperture_journal_syncs_total {syncs}");
        self.lock_wait_seconds.render(
            &mut out,
            "aiperture_store_lock_wait_seconds",
            "Time blocked on the store lock, from finding it busy until the store is open.",
        );
        self.requests.render(
            &mut out,
            "aiperture_http_requests_total",
            "HTTP requests answered, by route and status code.",
            &["route", "status"],
        );
        self.request_seconds.render(
            &mut out,
            "aiperture_http_request_duration_seconds",
            "Time from a request's headers to its response being written.",
        );
        out
    }
}

fn family(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// Escape a label value: backslash, double quote and newline.
fn escape_label(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_and_end_with_inf() {
        let h = Histogram::new(&LATENCY_BUCKETS);
        h.observe(Duration::from_micros(50));
        h.observe(Duration::from_millis(3));
        h.observe(Duration::from_secs(5));
        let mut s = String::new();
        h.render(&mut s, "x_seconds", "help");
        assert!(s.contains("x_seconds_bucket{le=\"0.0001\"} 1\n"), "{s}");
        assert!(s.contains("x_seconds_bucket{le=\"0.005\"} 2\n"), "{s}");
        assert!(s.contains("x_seconds_bucket{le=\"1\"} 2\n"), "{s}");
        assert!(s.contains("x_seconds_bucket{le=\"+Inf\"} 3\n"), "{s}");
        assert!(s.contains("x_seconds_count 3\n"), "{s}");
    }

    #[test]
    fn every_family_has_help_and_type() {
        let m = Metrics::new();
        m.request("check", 200, Duration::from_millis(1));
        m.human_decision(Decision::Allow, "recorded");
        let text = m.render(42, 7);
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let name = line.split(['{', ' ']).next().unwrap_or_default();
            let base = name
                .trim_end_matches("_bucket")
                .trim_end_matches("_sum")
                .trim_end_matches("_count");
            assert!(
                text.contains(&format!("# TYPE {name} "))
                    || text.contains(&format!("# TYPE {base} ")),
                "no TYPE for {name}"
            );
        }
        assert!(text.contains("aiperture_journal_bytes 42\n"));
        assert!(text.contains("aiperture_journal_syncs_total 7\n"));
        assert!(text.contains("aiperture_http_requests_total{route=\"check\",status=\"200\"} 1\n"));
        assert_eq!(escape_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
