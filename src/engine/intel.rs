//! The engine's side of shared intelligence: exporting this store's learned patterns as a
//! signed, randomized report, importing others' exports into the journal (so the pooled
//! signal is derived state, rebuilt with the index), and reading the signal for a request.
//! See [`crate::intel`] for the mechanism and the estimator.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Engine;
use super::events::{IntelEvent, kind};
use super::state::intel_key;
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
    /// The estimate over every organisation that reported it.
    #[serde(flatten)]
    pub estimate: Estimate,
    /// True when enough organisations reported it for the signal to be shown.
    pub shown: bool,
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

    /// A signed export of this store's learned patterns, each bit randomized with ε
    /// `epsilon`; `uniform` draws the coins (the operating system's random source in use,
    /// a seeded one in tests).
    pub fn intel_export(
        &mut self,
        epsilon: f64,
        now: DateTime<Utc>,
        uniform: &mut dyn FnMut() -> Result<f64>,
    ) -> Result<String> {
        let (lo, hi) = Mechanism::RANGE;
        if !(lo..=hi).contains(&epsilon) {
            return Err(Error::Invalid(format!("ε must be between {lo} and {hi}, got {epsilon}")));
        }
        let m = Mechanism { epsilon };
        let mut reports = Vec::new();
        for ((tool, action, pattern), bit) in self.intel_truth()? {
            reports.push(Report { tool, action, pattern, approve: m.report(bit, uniform()?) });
        }
        // The day only: the time of day an export was made says nothing the pool needs.
        let day = now.date_naive().and_hms_opt(0, 0, 0).map_or(now, |d| d.and_utc());
        self.intel_key()?.export(reports, epsilon, &format_time(day))
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
        let a = self.append(kind::INTEL, &ev, now, true)?;
        Ok(Imported {
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
        Ok(signal(t, a, p, &orgs, min).filter(|s| s.shown))
    }

    /// Every pooled pattern with its estimate (shown or not).
    pub fn intel_signals(&mut self) -> Result<Vec<Signal>> {
        let min = self.config.intel.min_orgs;
        Ok(self
            .retrying(|e| e.state.all_intel())?
            .into_iter()
            .filter_map(|(key, orgs)| {
                let (t, a, p): (String, String, String) = serde_json::from_str(&key).ok()?;
                signal(t, a, p, &orgs, min)
            })
            .collect())
    }
}

fn signal(
    tool: String,
    action: String,
    pattern: String,
    orgs: &BTreeMap<String, super::state::IntelReport>,
    min_orgs: u64,
) -> Option<Signal> {
    let reports: Vec<Pooled> = orgs.values().map(|r| r.report).collect();
    let e = estimate(&reports)?;
    Some(Signal { tool, action, pattern, shown: e.orgs as u64 >= min_orgs, estimate: e })
}
