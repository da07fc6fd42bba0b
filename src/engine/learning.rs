//! Learning: what humans' earlier decisions say about a request, on its exact scope and on
//! its normalized pattern.
//!
//! A pattern decides only with at least `min_decisions` counted decisions (twice as many for
//! a normalized pattern) whose newest one is at most `pattern_max_age_days` old; it allows at
//! an approval rate ≥ `auto_approve_threshold` and denies at ≤ `auto_deny_threshold`, the rate
//! weighting each decision by its age (`decay_half_life_days`). The engine adds two guards:
//! HIGH and CRITICAL requests are never allowed by learning, and a pattern allows a request
//! only when the request's effect signature (risk factors and tier, `events::Effect`) fits
//! inside the one its approvals were on (`PatternStats::effect`, rebuilt from the decision
//! events). Learned denies apply regardless.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::request::Decision;
use super::state::PatternStats;
use crate::config::Learning;

/// Where a pattern stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// Counted approvals still needed before `stats` allows by itself (0 when it already does),
/// assuming no denial comes in between; `None` when approvals alone can never get there
/// (an approval threshold of 1 after a denial).
pub fn approvals_to_auto_allow(
    stats: &PatternStats,
    cfg: &Learning,
    now: DateTime<Utc>,
) -> Option<u64> {
    if !cfg.enabled {
        return None;
    }
    if status(stats, cfg, now) == Status::AutoAllow {
        return Some(0);
    }
    let a = cfg.auto_approve_threshold;
    let (allows, total) = (stats.allows as f64, stats.total() as f64);
    let by_rate = if allows >= a * total {
        0.0
    } else if a >= 1.0 {
        return None;
    } else {
        ((a * total - allows) / (1.0 - a)).ceil()
    };
    let by_count = needed(stats, cfg).saturating_sub(stats.total()) as f64;
    Some(by_rate.max(by_count).max(1.0) as u64)
}

/// What a human might do next about a request, risk first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Recommendation {
    /// `caution`, `auto_approve`, `auto_deny`, `suggest_rule`, `review` or `keep_asking`
    /// (owned only when read back from a team server's answer).
    pub code: std::borrow::Cow<'static, str>,
    /// One sentence.
    pub text: String,
}

/// Recommend from the risk tier first, then from what humans decided before.
pub fn recommend(
    tier: crate::risk::Tier,
    stats: Option<&PatternStats>,
    cfg: &Learning,
    now: DateTime<Utc>,
) -> Recommendation {
    use crate::risk::Tier;
    let r = |code: &'static str, text: String| Recommendation { code: code.into(), text };
    if tier == Tier::Critical {
        return r("caution", "CRITICAL risk: review carefully; a human decides every time.".into());
    }
    let Some(s) = stats.filter(|s| s.total() > 0) else {
        return r("caution", "No earlier decisions on this request: proceed carefully.".into());
    };
    let rate = s.weighted_rate(now.timestamp_micros(), cfg.decay_half_life_days);
    let pct = (rate * 100.0).round();
    match status(s, cfg, now) {
        Status::AutoAllow if tier >= Tier::High => r(
            "review",
            format!(
                "Approved {pct}% of {} times, but HIGH risk is never approved by learning.",
                s.total()
            ),
        ),
        Status::AutoAllow => r("auto_approve", format!("Approved {pct}% of {} times.", s.total())),
        Status::AutoDeny => {
            r("auto_deny", format!("Denied {}% of {} times.", 100.0 - pct, s.total()))
        }
        _ if rate >= 0.85 && s.total() >= u64::from(cfg.min_decisions) => r(
            "suggest_rule",
            format!(
                "Approved {pct}% of {} times: consider a policy rule (`aiperture policy suggest`).",
                s.total()
            ),
        ),
        _ if (0.3..=0.7).contains(&rate) && s.total() >= 2 => {
            r("review", format!("Humans disagree ({pct}% approved): needs judgment."))
        }
        _ => r(
            "keep_asking",
            format!("{pct}% approved over {} decisions: not enough yet.", s.total()),
        ),
    }
}

/// Similarity of two scopes in [0, 1]: 0.7 × the Jaccard index of their words (split on
/// spaces and slashes) + 0.3 when they share their first word (the program or top folder).
pub fn similarity(a: &str, b: &str) -> f64 {
    let split = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == '/')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (va, vb) = (split(a), split(b));
    let (Some(fa), Some(fb)) = (va.first(), vb.first()) else { return 0.0 };
    let same_first = if fa == fb { 0.3 } else { 0.0 };
    let wa: std::collections::BTreeSet<&String> = va.iter().collect();
    let wb: std::collections::BTreeSet<&String> = vb.iter().collect();
    let inter = wa.intersection(&wb).count() as f64;
    let union = wa.union(&wb).count() as f64;
    0.7 * inter / union + same_first
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
    let fresh = stats.newest.is_some_and(|t| {
        now.signed_duration_since(t.time())
            <= chrono::Duration::days(i64::from(cfg.pattern_max_age_days))
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
