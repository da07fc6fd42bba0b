//! Learning, first cut: what the human's earlier decisions on the same exact request say.
//!
//! A pattern decides only with at least `min_decisions` counted decisions whose newest one is
//! at most `pattern_max_age_days` old; it allows at an approval rate ≥ `auto_approve_threshold`
//! and denies at ≤ `auto_deny_threshold`. The engine adds the guard that HIGH and CRITICAL
//! requests are never allowed by learning (learned denies still apply to them). Normalised
//! patterns and decay slot in here without changing the index layout (stats are keyed by
//! pattern already).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::request::Decision;
use super::state::PatternStats;
use crate::clock::parse_time;
use crate::store::config::Learning;

/// Where a pattern stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Decides allow.
    AutoAllow,
    /// Decides deny.
    AutoDeny,
    /// Not enough decisions yet: `have` of `need`.
    Asking {
        /// Counted decisions.
        have: u64,
        /// Needed.
        need: u64,
    },
    /// Enough decisions, but the rate is between the thresholds.
    Split,
    /// Newest decision too old.
    Expired,
    /// Learning is off.
    Disabled,
}

impl Status {
    /// Display form: AUTO-ALLOW, AUTO-DENY, ASKING k of N, SPLIT, EXPIRED, DISABLED.
    pub fn label(&self) -> String {
        match self {
            Status::AutoAllow => "AUTO-ALLOW".into(),
            Status::AutoDeny => "AUTO-DENY".into(),
            Status::Asking { have, need } => format!("ASKING {have} of {need}"),
            Status::Split => "SPLIT".into(),
            Status::Expired => "EXPIRED".into(),
            Status::Disabled => "DISABLED".into(),
        }
    }

    /// The decision this status makes, if any.
    pub fn decision(&self) -> Option<Decision> {
        match self {
            Status::AutoAllow => Some(Decision::Allow),
            Status::AutoDeny => Some(Decision::Deny),
            _ => None,
        }
    }
}

/// Decisions a pattern needs: `min_decisions` for an exact scope, twice that for a
/// normalized pattern.
pub fn needed(stats: &PatternStats, cfg: &Learning) -> u64 {
    let min = u64::from(cfg.min_decisions);
    if stats.normalized { min * 2 } else { min }
}

/// Status of `stats` at `now` under `cfg`.
pub fn status(stats: &PatternStats, cfg: &Learning, now: DateTime<Utc>) -> Status {
    if !cfg.enabled {
        return Status::Disabled;
    }
    let need = needed(stats, cfg);
    let have = stats.total();
    if have < need {
        return Status::Asking { have, need };
    }
    let fresh = parse_time(&stats.newest).is_some_and(|t| {
        now.signed_duration_since(t) <= chrono::Duration::days(i64::from(cfg.pattern_max_age_days))
    });
    if !fresh {
        return Status::Expired;
    }
    let rate = stats.weighted_rate(now.timestamp_micros(), cfg.decay_half_life_days);
    if rate >= cfg.auto_approve_threshold {
        Status::AutoAllow
    } else if rate <= cfg.auto_deny_threshold {
        Status::AutoDeny
    } else {
        Status::Split
    }
}
