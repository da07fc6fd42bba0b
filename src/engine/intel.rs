//! The engine's side of shared intelligence: exporting this store's learned patterns as a
//! signed, randomized report, importing others' exports into the journal (so the pooled
//! signal is derived state, rebuilt with the index), and reading the signal for a request.
//! See [`crate::intel`] for the mechanism and the estimator.
//!
//! Invariants: an answer (a pattern and this store's true answer to it, at one ε) is
//! randomized once; the bit drawn is journaled (`intel_export`) before the export is handed
//! out, and every later export repeats it, so many exports tell no more than one. The
//! journal's `intel_export` events are the privacy ledger: every draw spends ε, and an export
//! whose new draws would take the lifetime total past `intel.lifetime_epsilon` is refused
//! with nothing drawn kept. Only the reports of organisations in `intel.pool` count.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Engine;
use super::events::{IntelDraw, IntelEvent, IntelExportEvent};
use super::state::{MemoBit, intel_key};
use crate::clock::format_time;
use crate::encoding::hex;
use crate::error::{Error, Result};
use crate::intel::document::{self, Key, Report};
use crate::intel::{Estimate, Mechanism, Pooled, estimate, generalize};
use crate::store::fsutil;

/// The store's signing key file.
pub const KEY_FILE: &str = "intel.key";

/// A pooled pattern and its estimate.
#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    /// Tool.
    pub tool: String,
    /// Action.
    pub action: String,
    /// Generalized pattern.
    pub pattern: String,
    /// The estimate over the pool's members that reported it (`None`: none did).
    #[serde(flatten)]
    pub estimate: Option<Estimate>,
    /// Reports of organisations outside `intel.pool`, not counted.
    pub ignored: usize,
    /// True when enough members of the pool reported it for the signal to be shown.
    pub shown: bool,
}

impl Signal {
    /// The estimate in words ([`Estimate::describe`]), or that no member of the pool
    /// reported the pattern.
    pub fn describe(&self) -> String {
        match &self.estimate {
            Some(e) => e.describe(),
            None => format!(
                "no member of the pool reported it ({} reports of other organisations ignored)",
                self.ignored
            ),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    /// Organisation id.
    pub org: String,
    /// When its export was made.
    pub created: String,
    /// Reports pooled.
    pub reports: usize,
    /// Reports dropped because their pattern is not one this version would export (the
    /// generalization rules of [`crate::intel::generalize`], applied again on import).
    pub dropped: usize,
    /// Journal `seq` of the `intel` event.
    pub seq: u64,
    /// Whether the organisation is in `intel.pool` (only then do its reports count).
    pub member: bool,
}

/// This store's privacy ledger.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ledger {
    /// Answers randomized over the store's life.
    pub draws: usize,
    /// Lifetime ε spent: the sum of every draw's ε.
    pub spent: f64,
    /// The cap, `intel.lifetime_epsilon`.
    pub cap: f64,
}

/// What an export did.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    /// The signed export file.
    #[serde(skip)]
    pub text: String,
    /// Patterns reported.
    pub patterns: usize,
    /// ε of each report.
    pub epsilon: f64,
    /// Answers randomized for this export (the others repeat an earlier draw).
    pub drawn: usize,
    /// ε this export spent (`drawn × epsilon`).
    pub spent: f64,
    /// The ledger after it.
    pub ledger: Ledger,
    /// Journal `seq` of the `intel_export` event.
    pub seq: u64,
}

impl Engine {
    /// The store's intel signing key, created (mode 0600) on first use.
    fn intel_key(&self) -> Result<Key> {
        let path = self.store.path(KEY_FILE);
        if let Some(bytes) = fsutil::read_optional(&path)? {
            let b: [u8; 32] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| Error::Invalid(format!("{} is not a 32-byte key", path.display())))?;
            return Ok(Key::from_bytes(&b));
        }
        let (key, bytes) = Key::generate()?;
        fsutil::write_atomic(&path, &bytes, fsutil::Sync::Durable)?;
        Ok(key)
    }

    /// The organisation's true bit per generalized pattern: approves when its counted human
    /// approvals outnumber its denials over every exact pattern that generalizes to it.
    pub fn intel_truth(&mut self) -> Result<BTreeMap<(String, String, String), bool>> {
        let mut tally: BTreeMap<(String, String, String), (u64, u64)> = BTreeMap::new();
        for s in self.retrying(|e| e.state.all_stats())? {
            if s.normalized || s.total() == 0 {
                continue;
            }
            if let Some(k) = generalize(&s.tool, &s.action, &s.pattern) {
                let t = tally.entry(k).or_default();
                t.0 += s.allows;
                t.1 += s.denies;
            }
        }
        Ok(tally.into_iter().map(|(k, (a, d))| (k, a > d)).collect())
    }

    /// This store's privacy ledger.
    pub fn intel_ledger(&mut self) -> Result<Ledger> {
        let memo = self.retrying(|e| e.state.intel_memo())?;
        Ok(ledger(&memo, self.config.intel.lifetime_epsilon))
    }

    /// A signed export of this store's learned patterns, each answer randomized with ε
    /// `epsilon` — once: an answer drawn by an earlier export is repeated. `uniform` draws
    /// the coins (the operating system's random source in use, a seeded one in tests). The
    /// draws are journaled before the export is returned; an export whose new draws would
    /// take the lifetime spend past `intel.lifetime_epsilon` is refused and nothing is kept.
    pub fn intel_export(
        &mut self,
        epsilon: f64,
        now: DateTime<Utc>,
        uniform: &mut dyn FnMut() -> Result<f64>,
    ) -> Result<Exported> {
        let (lo, hi) = Mechanism::RANGE;
        if !(lo..=hi).contains(&epsilon) {
            return Err(Error::Invalid(format!("ε must be between {lo} and {hi}, got {epsilon}")));
        }
        let m = Mechanism { epsilon };
        let truth = self.intel_truth()?;
        let memo = self.retrying(|e| e.state.intel_memo())?;
        let cap = self.config.intel.lifetime_epsilon;
        let before = ledger(&memo, cap);
        let mut reports = Vec::new();
        let mut drawn = Vec::new();
        for ((tool, action, pattern), truth) in truth {
            let remembered = memo
                .get(&intel_key(&tool, &action, &pattern))
                .and_then(|bits| bits.iter().find(|b| b.answers(truth, epsilon)).map(|b| b.report));
            let approve = if let Some(bit) = remembered {
                bit
            } else {
                let report = m.report(truth, uniform()?);
                drawn.push(IntelDraw {
                    tool: tool.clone(),
                    action: action.clone(),
                    pattern: pattern.clone(),
                    truth,
                    report,
                });
                report
            };
            reports.push(Report { tool, action, pattern, approve });
        }
        let spent = epsilon * drawn.len() as f64;
        let lifetime = before.spent + spent;
        if lifetime > cap + 1e-9 * cap {
            return Err(Error::PrivacyBudget(format!(
                "the export would randomize {} new answers at ε = {epsilon} ({spent:.2}) on top \
                 of the {:.2} this store has spent, past its lifetime cap \
                 intel.lifetime_epsilon = {cap}; nothing was exported",
                drawn.len(),
                before.spent
            )));
        }
        let patterns = reports.len();
        // The day only: the time of day an export was made says nothing the pool needs.
        let day = now.date_naive().and_hms_opt(0, 0, 0).map_or(now, |d| d.and_utc());
        let key = self.intel_key()?;
        let text = key.export(reports, epsilon, cap, &format_time(day))?;
        let ev = IntelExportEvent {
            org: key.org(),
            epsilon,
            patterns: patterns as u64,
            drawn,
            spent,
            lifetime,
            cap,
            sha256: hex(&Sha256::digest(text.as_bytes())),
        };
        // Journaled (durably) before anyone sees the bits, so a crash cannot lead to a second,
        // independent draw of the same answer.
        let a = self.append(&ev, now, true)?;
        Ok(Exported {
            text,
            patterns,
            epsilon,
            drawn: ev.drawn.len(),
            spent,
            ledger: Ledger { draws: before.draws + ev.drawn.len(), spent: lifetime, cap },
            seq: a.seq,
        })
    }

    /// Verify an export and pool it (journaled as an `intel` event). An export that does not
    /// verify is refused and nothing is written.
    pub fn intel_import(&mut self, text: &str, now: DateTime<Utc>) -> Result<Imported> {
        let payload = document::verify(text)?;
        // Only what this version would export itself: a report whose pattern does not come
        // out of the generalization rules unchanged (arguments, names, escape sequences) is
        // not pooled, whoever signed it.
        let offered = payload.reports.len();
        let reports: Vec<_> = payload
            .reports
            .into_iter()
            .filter(|r| {
                generalize(&r.tool, &r.action, &r.pattern)
                    .is_some_and(|(t, a, p)| t == r.tool && a == r.action && p == r.pattern)
            })
            .collect();
        let ev = IntelEvent {
            org: payload.org.clone(),
            created: payload.created.clone(),
            epsilon: payload.privacy.epsilon,
            sha256: hex(&Sha256::digest(text.as_bytes())),
            reports,
        };
        let a = self.append(&ev, now, true)?;
        let member = self.config.intel.pool.contains(&ev.org);
        Ok(Imported {
            member,
            org: ev.org,
            created: ev.created,
            reports: ev.reports.len(),
            dropped: offered - ev.reports.len(),
            seq: a.seq,
        })
    }

    /// The shared signal for a request, when `[intel] enabled` and enough organisations
    /// reported its generalized pattern.
    pub fn intel_signal(
        &mut self,
        tool: &str,
        action: &str,
        scope: &str,
    ) -> Result<Option<Signal>> {
        if !self.config.intel.enabled {
            return Ok(None);
        }
        let Some((t, a, p)) = generalize(tool, action, scope) else { return Ok(None) };
        let key = intel_key(&t, &a, &p);
        let orgs = self.retrying(|e| e.state.intel(&key))?;
        let min = self.config.intel.min_orgs;
        Ok(signal(t, a, p, &orgs, &self.config.intel.pool, min).filter(|s| s.shown))
    }

    /// Every pooled pattern with its estimate (shown or not).
    pub fn intel_signals(&mut self) -> Result<Vec<Signal>> {
        let min = self.config.intel.min_orgs;
        let pool = self.config.intel.pool.clone();
        Ok(self
            .retrying(|e| e.state.all_intel())?
            .into_iter()
            .filter_map(|(key, orgs)| {
                let (t, a, p): (String, String, String) = serde_json::from_str(&key).ok()?;
                signal(t, a, p, &orgs, &pool, min)
            })
            .collect())
    }
}

fn signal(
    tool: String,
    action: String,
    pattern: String,
    orgs: &BTreeMap<String, super::state::IntelReport>,
    pool: &[String],
    min_orgs: u64,
) -> Option<Signal> {
    let reports: Vec<Pooled> =
        orgs.iter().filter(|(org, _)| pool.contains(org)).map(|(_, r)| r.report).collect();
    let ignored = orgs.len() - reports.len();
    let estimate = estimate(&reports);
    // Nothing from the pool: still listed (so `intel show` can say what it ignored), never
    // shown.
    let shown = estimate.is_some_and(|e| e.orgs as u64 >= min_orgs);
    (estimate.is_some() || ignored > 0).then_some(Signal {
        tool,
        action,
        pattern,
        estimate,
        ignored,
        shown,
    })
}

/// The ledger of a store whose remembered draws are `memo`.
fn ledger(memo: &BTreeMap<String, Vec<MemoBit>>, cap: f64) -> Ledger {
    let draws = memo.values().map(Vec::len).sum();
    let spent = memo.values().flatten().map(|b| b.epsilon).sum();
    Ledger { draws, spent, cap }
}
