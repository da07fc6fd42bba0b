//! Reports computed from the journal itself: audit queries, exports, compliance and stats.
//!
//! These read the hash-chained journal (the source of truth), not the derived index, and are
//! called with the store lock held so they see a stable end. Newest-first queries read
//! backwards and stop as soon as they have enough; whole-history reports read forwards once.
//! Compliance follows time order: an execution is covered only by an allow for the same
//! request in the same session that was journaled before it and not superseded by a later
//! deny or ask.

use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::events::{Event, EventKind, Outcome};
use super::request::{Decision, Request};
use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::journal::entry::EventLine;
use crate::journal::read::{scan_backward, scan_forward};

/// Filters of `audit log`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Event kind.
    pub kind: Option<String>,
    /// Session of the request.
    pub session: Option<String>,
    /// Tool of the request.
    pub tool: Option<String>,
    /// Verdict or human decision.
    pub decision: Option<Decision>,
    /// Not before.
    pub since: Option<DateTime<Utc>>,
    /// Not after.
    pub until: Option<DateTime<Utc>>,
    /// At most this many (the newest); 0 = all.
    pub limit: usize,
}

/// One event as shown by audit queries.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEvent {
    /// The line's hash.
    pub hash: String,
    /// The event object as journaled.
    pub event: Value,
}

fn parse_event(e: &EventLine<'_>) -> Result<Value> {
    serde_json::from_str(e.raw)
        .map_err(|source| Error::Json { what: format!("event seq {}", e.head.seq), source })
}

/// The event of `e` typed, when its kind is one of `kinds`; `None` for any other kind, whose
/// payload is not read.
fn typed(e: &EventLine<'_>, kinds: &[EventKind]) -> Result<Option<Event>> {
    match EventKind::from_name(&e.head.kind) {
        Some(k) if kinds.contains(&k) => Event::parse_known(k, e.raw)
            .map(Some)
            .map_err(|source| Error::Json { what: format!("event seq {}", e.head.seq), source }),
        _ => Ok(None),
    }
}

/// The time of `e`, when its `ts` is one.
fn time_of(e: &EventLine<'_>) -> Option<DateTime<Utc>> {
    Timestamp::parse(&e.head.ts).map(Timestamp::time)
}

fn request_of(v: &Value) -> Option<&Value> {
    v.get("request")
}

fn decision_of(v: &Value) -> Option<&str> {
    v.get("verdict")
        .and_then(|d| d.get("decision"))
        .or_else(|| v.get("decision"))
        .and_then(Value::as_str)
}

impl AuditFilter {
    fn matches_head(&self, e: &EventLine<'_>) -> bool {
        if self.kind.as_deref().is_some_and(|k| k != e.head.kind) {
            return false;
        }
        let ts = time_of(e);
        if let (Some(since), Some(t)) = (self.since, ts)
            && t < since
        {
            return false;
        }
        if let (Some(until), Some(t)) = (self.until, ts)
            && t > until
        {
            return false;
        }
        true
    }

    fn matches_event(&self, v: &Value) -> bool {
        let req = request_of(v);
        let field = |name: &str| {
            req.and_then(|r| r.get(name)).or_else(|| v.get(name)).and_then(Value::as_str)
        };
        if self.session.as_deref().is_some_and(|s| field("session") != Some(s)) {
            return false;
        }
        if self.tool.as_deref().is_some_and(|t| field("tool") != Some(t)) {
            return false;
        }
        if self.decision.is_some_and(|d| decision_of(v) != Some(d.as_str())) {
            return false;
        }
        true
    }
}

/// The newest `limit` matching events, in journal order.
pub fn audit_log(dir: &Path, filter: &AuditFilter) -> Result<Vec<AuditEvent>> {
    let mut out = Vec::new();
    scan_backward(dir, &mut |e, _| {
        if !filter.matches_head(e) {
            return Ok(ControlFlow::Continue(()));
        }
        let v = parse_event(e)?;
        if filter.matches_event(&v) {
            out.push(AuditEvent { hash: crate::encoding::hex(&e.hash), event: v });
            if filter.limit > 0 && out.len() >= filter.limit {
                return Ok(ControlFlow::Break(()));
            }
        }
        Ok(ControlFlow::Continue(()))
    })?;
    out.reverse();
    Ok(out)
}

/// The event with `seq`.
pub fn audit_show(dir: &Path, seq: u64) -> Result<Option<AuditEvent>> {
    let mut found = None;
    scan_backward(dir, &mut |e, _| {
        if e.head.seq == seq {
            found =
                Some(AuditEvent { hash: crate::encoding::hex(&e.hash), event: parse_event(e)? });
            return Ok(ControlFlow::Break(()));
        }
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(found)
}

/// Exact journal lines from `since` on, preceded by a header that links them to the events
/// before, so `verify-chain --file` accepts the export.
pub fn export_jsonl(dir: &Path, since: Option<DateTime<Utc>>, out: &mut Vec<u8>) -> Result<u64> {
    let mut started = false;
    let mut n = 0;
    scan_forward(dir, &mut |e, line| {
        if !started {
            let ts = time_of(e);
            if since.is_some_and(|s| ts.is_none_or(|t| t < s)) {
                return Ok(ControlFlow::Continue(()));
            }
            started = true;
            let header = crate::journal::entry::Header {
                kind: "header".into(),
                format: crate::journal::FORMAT,
                segment: 0,
                first_seq: e.head.seq,
                prev: crate::encoding::hex(&e.prev),
            };
            out.extend_from_slice(&crate::journal::entry::encode_header(&header));
        }
        out.extend_from_slice(line);
        out.push(b'\n');
        n += 1;
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(n)
}

/// CSV of events from `since` on: seq, ts, kind, org, session, tool, action, scope, decision,
/// decided_by, by, channel, hash.
pub fn export_csv(dir: &Path, since: Option<DateTime<Utc>>, out: &mut Vec<u8>) -> Result<u64> {
    out.extend_from_slice(
        b"seq,ts,kind,org,session,tool,action,scope,decision,decided_by,by,channel,hash\n",
    );
    let mut n = 0;
    scan_forward(dir, &mut |e, _| {
        let ts = time_of(e);
        if since.is_some_and(|s| ts.is_none_or(|t| t < s)) {
            return Ok(ControlFlow::Continue(()));
        }
        let v = parse_event(e)?;
        let req = request_of(&v);
        let r = |name: &str| {
            req.and_then(|r| r.get(name))
                .or_else(|| v.get(name))
                .and_then(Value::as_str)
                .unwrap_or("")
        };
        let top = |name: &str| v.get(name).and_then(Value::as_str).unwrap_or("");
        let decided_by = v
            .get("verdict")
            .and_then(|d| d.get("decided_by"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let fields = [
            e.head.seq.to_string(),
            e.head.ts.clone(),
            e.head.kind.clone(),
            r("org").to_string(),
            r("session").to_string(),
            r("tool").to_string(),
            r("action").to_string(),
            r("scope").to_string(),
            decision_of(&v).unwrap_or("").to_string(),
            decided_by.to_string(),
            top("by").to_string(),
            top("channel").to_string(),
            crate::encoding::hex(&e.hash),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.extend_from_slice(row.join(",").as_bytes());
        out.push(b'\n');
        n += 1;
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(n)
}

/// Quote a CSV field when needed (RFC 4180), and defuse spreadsheet formulas.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// Totals of one group of artifacts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CostRow {
    /// The group (a provider, model or task; `total` for the sum; `(none)` when unset).
    pub key: String,
    /// Artifacts.
    pub artifacts: u64,
    /// Input tokens.
    pub tokens_in: u64,
    /// Output tokens.
    pub tokens_out: u64,
    /// Cost in micro-dollars.
    pub cost_micros: u64,
}

/// `artifact costs`: totals, and per group when `by` is `provider`, `model` or `task`.
#[derive(Debug, Clone, Serialize)]
pub struct CostsReport {
    /// The grouping asked for.
    pub by: Option<String>,
    /// All artifacts together.
    pub total: CostRow,
    /// One row per group, sorted by key.
    pub groups: Vec<CostRow>,
}

/// Sum tokens and cost of `artifacts`, grouped by `by` (`provider`, `model` or `task`).
pub fn costs(artifacts: &[super::state::ArtifactEntry], by: Option<&str>) -> Result<CostsReport> {
    if let Some(b) = by
        && !matches!(b, "provider" | "model" | "task")
    {
        return Err(Error::Invalid(format!("`by` must be provider, model or task, got {b:?}")));
    }
    let mut total = CostRow { key: "total".into(), ..CostRow::default() };
    let mut groups: BTreeMap<String, CostRow> = BTreeMap::new();
    for e in artifacts {
        let add = |r: &mut CostRow| {
            r.artifacts += 1;
            r.tokens_in += e.event.tokens_in;
            r.tokens_out += e.event.tokens_out;
            r.cost_micros += e.event.cost_micros;
        };
        add(&mut total);
        if let Some(by) = by {
            let key = match by {
                "provider" => &e.event.provider,
                "model" => &e.event.model,
                _ => &e.event.task,
            };
            let key = if key.is_empty() { "(none)".to_string() } else { key.clone() };
            add(groups.entry(key.clone()).or_insert_with(|| CostRow { key, ..CostRow::default() }));
        }
    }
    Ok(CostsReport { by: by.map(str::to_string), total, groups: groups.into_values().collect() })
}

/// The one artifact digest that `id` (a digest or a prefix of at least 8 hex digits, with an
/// optional `sha256:`) names among `artifacts`.
pub fn resolve_artifact(artifacts: &[super::state::ArtifactEntry], id: &str) -> Result<String> {
    let id = id.trim().trim_start_matches("sha256:").to_ascii_lowercase();
    if id.len() < 8 || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Invalid(format!(
            "{id:?} is not an artifact id (a SHA-256 digest or a prefix of at least 8 hex digits)"
        )));
    }
    let mut matches: Vec<&str> =
        artifacts.iter().map(|a| a.event.digest.as_str()).filter(|d| d.starts_with(&id)).collect();
    matches.dedup();
    match matches.as_slice() {
        [one] => Ok((*one).to_string()),
        [] => Err(Error::NotFound(format!("no artifact {id}"))),
        many => {
            Err(Error::Invalid(format!("{id} matches {} artifacts; give more digits", many.len())))
        }
    }
}

/// Human decisions a revocation of `glob` would cancel: recorded, counted (not rubber-stamped)
/// decisions of `org`/`tool`/`action` that taught a pattern the glob covers and that no later
/// revocation cancelled already. Each decision counts once, however many patterns it taught.
pub fn live_decisions_covered(
    dir: &Path,
    org: &str,
    tool: &str,
    action: &str,
    glob: &str,
) -> Result<u64> {
    use super::events::LearnKey;
    let covers = |g: &str, p: &str| p == g || crate::glob::Glob::lenient(g).matches(p);
    let mut live: Vec<Vec<String>> = Vec::new();
    scan_forward(dir, &mut |e, _| {
        match typed(e, &[EventKind::Decision, EventKind::Revoke])? {
            Some(Event::Decision(d)) => {
                if let (Outcome::Recorded, false, Some(r)) = (d.outcome, d.rapid, &d.request)
                    && r.org == org
                    && r.tool == tool
                    && r.action == action
                {
                    let keys: Vec<LearnKey> = d.learn.clone().unwrap_or_else(|| {
                        vec![LearnKey { pattern: r.scope.clone(), normalized: false, effect: None }]
                    });
                    if !keys.is_empty() {
                        live.push(keys.into_iter().map(|k| k.pattern).collect());
                    }
                }
            }
            Some(Event::Revoke(r)) if r.org == org && r.tool == tool && r.action == action => {
                live.retain(|keys| !keys.iter().any(|k| covers(&r.pattern, k)));
            }
            _ => {}
        }
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(live.iter().filter(|keys| keys.iter().any(|k| covers(glob, k))).count() as u64)
}

/// An execution that no earlier allow covers.
#[derive(Debug, Clone, Serialize)]
pub struct Violation {
    /// `seq` of the execution event.
    pub seq: u64,
    /// Its time.
    pub ts: String,
    /// What ran.
    pub request: Request,
    /// Why it is a violation.
    pub reason: String,
}

/// `aiperture compliance`.
#[derive(Debug, Clone, Serialize)]
pub struct ComplianceReport {
    /// Executions considered.
    pub executions: u64,
    /// Executions covered by an earlier allow.
    pub covered: u64,
    /// Covered share, in percent (100 when there were no executions).
    pub coverage_percent: f64,
    /// Every uncovered execution.
    pub violations: Vec<Violation>,
    /// Human decisions by channel.
    pub human_decisions_by_channel: BTreeMap<String, u64>,
    /// Checks by the step that decided them.
    pub checks_by_decided_by: BTreeMap<String, u64>,
}

fn compliance_key(r: &Request) -> (String, String, String) {
    (r.org.clone(), r.session.clone(), r.identity())
}

/// Compliance of executions, optionally of one session.
pub fn compliance(dir: &Path, session: Option<&str>) -> Result<ComplianceReport> {
    let mut latest: HashMap<(String, String, String), Decision> = HashMap::new();
    let mut report = ComplianceReport {
        executions: 0,
        covered: 0,
        coverage_percent: 100.0,
        violations: Vec::new(),
        human_decisions_by_channel: BTreeMap::new(),
        checks_by_decided_by: BTreeMap::new(),
    };
    let in_scope = |r: &Request| session.is_none_or(|s| r.session == s);
    scan_forward(dir, &mut |e, _| {
        match typed(e, &[EventKind::Check, EventKind::Decision, EventKind::Execution])? {
            Some(Event::Check(c)) => {
                if in_scope(&c.request) {
                    *report
                        .checks_by_decided_by
                        .entry(c.verdict.decided_by.clone())
                        .or_default() += 1;
                }
                latest.insert(compliance_key(&c.request), c.verdict.decision);
            }
            Some(Event::Decision(d)) => {
                if d.outcome == Outcome::Recorded
                    && let Some(r) = &d.request
                {
                    if in_scope(r) {
                        *report.human_decisions_by_channel.entry(d.channel.clone()).or_default() +=
                            1;
                    }
                    latest.insert(compliance_key(r), d.decision);
                }
            }
            Some(Event::Execution(x)) if in_scope(&x.request) => {
                report.executions += 1;
                match latest.get(&compliance_key(&x.request)) {
                    Some(Decision::Allow) => report.covered += 1,
                    other => report.violations.push(Violation {
                        seq: e.head.seq,
                        ts: e.head.ts.clone(),
                        request: x.request.clone(),
                        reason: match other {
                            None => "no earlier check or decision for this request in this \
                                     session"
                                .into(),
                            Some(d) => {
                                format!("the latest verdict before it was {}", d.as_str())
                            }
                        },
                    }),
                }
            }
            _ => {}
        }
        Ok(ControlFlow::Continue(()))
    })?;
    if report.executions > 0 {
        report.coverage_percent =
            (report.covered as f64 * 1000.0 / report.executions as f64).round() / 10.0;
    }
    Ok(report)
}

/// `aiperture stats`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StatsReport {
    /// Events in the journal.
    pub events: u64,
    /// Events by kind.
    pub by_kind: BTreeMap<String, u64>,
    /// Checks by final decision.
    pub checks_by_decision: BTreeMap<String, u64>,
    /// Checks by the step that decided.
    pub checks_by_decided_by: BTreeMap<String, u64>,
    /// Human decisions recorded, by decision.
    pub human_decisions: BTreeMap<String, u64>,
    /// Human decisions refused.
    pub refused_decisions: u64,
    /// Share of checks decided by learning, in percent.
    pub auto_learned_percent: f64,
    /// The requests most often asked about (tool, action, scope, count), at most 10.
    pub top_asked: Vec<(String, String, String, u64)>,
    /// Journal segments.
    pub segments: u64,
    /// Journal size in bytes.
    pub journal_bytes: u64,
    /// Time of the first event.
    pub first: Option<String>,
    /// Time of the last event.
    pub last: Option<String>,
}

/// Statistics over the whole journal.
pub fn stats(dir: &Path) -> Result<StatsReport> {
    let mut r = StatsReport::default();
    let mut asked: HashMap<(String, String, String), u64> = HashMap::new();
    scan_forward(dir, &mut |e, _| {
        r.events += 1;
        *r.by_kind.entry(e.head.kind.clone()).or_default() += 1;
        if r.first.is_none() {
            r.first = Some(e.head.ts.clone());
        }
        r.last = Some(e.head.ts.clone());
        match typed(e, &[EventKind::Check, EventKind::Decision])? {
            Some(Event::Check(c)) => {
                *r.checks_by_decision.entry(c.verdict.decision.as_str().into()).or_default() += 1;
                *r.checks_by_decided_by.entry(c.verdict.decided_by.clone()).or_default() += 1;
                if c.verdict.decision == Decision::Ask {
                    *asked
                        .entry((c.request.tool, c.request.action, c.request.scope))
                        .or_default() += 1;
                }
            }
            Some(Event::Decision(d)) => {
                if d.outcome == Outcome::Recorded {
                    *r.human_decisions.entry(d.decision.as_str().into()).or_default() += 1;
                } else {
                    r.refused_decisions += 1;
                }
            }
            _ => {}
        }
        Ok(ControlFlow::Continue(()))
    })?;
    let checks: u64 = r.checks_by_decision.values().sum();
    if checks > 0 {
        let auto = r.checks_by_decided_by.get("auto_learned").copied().unwrap_or(0);
        r.auto_learned_percent = (auto as f64 * 1000.0 / checks as f64).round() / 10.0;
    }
    let mut top: Vec<_> = asked.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    r.top_asked = top.into_iter().take(10).map(|((t, a, s), n)| (t, a, s, n)).collect();
    for (_, path) in crate::journal::list_segments(dir)? {
        r.segments += 1;
        r.journal_bytes += std::fs::metadata(&path).map_or(0, |m| m.len());
    }
    Ok(r)
}
