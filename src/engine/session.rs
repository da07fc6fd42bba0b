//! Everything about agent sessions: the rate limit (step 2), session memory (step 4), the
//! risk budget (an automatic allow past it becomes ask) and rubber-stamp detection (approvals
//! in quick succession are journaled but not learned from).
//!
//! The counters these read ([`SessionState`]: checks per second, risk used, remembered
//! decisions, recent approvals) are kept in the index by `state.rs` as check and decision
//! events are applied, pruned with the windows defined here and the event's own time, so a
//! rebuilt index agrees. The anonymous session (empty id) is rate limited, but has no memory
//! and no budget. Session memory is never reused for CRITICAL, nor for other content.

use chrono::{DateTime, Utc};

use super::Engine;
use super::decide::Tentative;
use super::request::{Decision, Request};
use super::state::{SessionState, session_key};
use super::verdict::DecidedBy;
use crate::error::Result;
use crate::risk::{RiskAssessment, Tier};

/// Rate-limit window, in whole seconds (the current second counts as one of them).
pub(super) const RATE_WINDOW_SECS: i64 = 60;

/// Checks of a session within the rate-limit window ending at `now_micros`.
fn recent_checks(s: &SessionState, now_micros: i64) -> u64 {
    let second = now_micros.div_euclid(1_000_000);
    s.checks
        .iter()
        .filter(|&&(sec, _)| second - sec < RATE_WINDOW_SECS)
        .map(|&(_, n)| u64::from(n))
        .sum()
}

/// How long recent approvals are kept for rubber-stamp detection (an upper bound on the
/// configurable window).
pub(super) const APPROVAL_KEEP_MICROS: i64 = 3_600_000_000;
/// Sessions idle for longer than this are dropped.
pub(super) const SESSION_IDLE_MICROS: i64 = 86_400_000_000;

impl Engine {
    /// The counters of `req`'s session, with what it remembers of `req` itself.
    pub(super) fn session_of(&mut self, req: &Request) -> Result<SessionState> {
        let what = (req.tool.as_str(), req.action.as_str(), req.scope.as_str());
        self.state.session(&session_key(&req.org, &req.session), &req.identity(), what)
    }

    /// Step 2: the deny of the rate limit, when this check would be one too many in the
    /// session's window (every session, the anonymous one included).
    pub(super) fn rate_limited(
        &self,
        session: &SessionState,
        now: DateTime<Utc>,
    ) -> Option<Tentative> {
        let limit = self.config.session.rate_limit_per_minute;
        if limit > 0 {
            let recent = recent_checks(session, now.timestamp_micros());
            if recent + 1 > u64::from(limit) {
                return Some(Tentative::new(
                    Decision::Deny,
                    DecidedBy::RateLimit,
                    format!("more than {limit} checks in the last minute in this session"),
                ));
            }
        }
        None
    }

    /// An automatic allow still has to fit the session's risk budget.
    pub(super) fn finish(
        &self,
        t: Tentative,
        req: &Request,
        risk: &RiskAssessment,
        session: &SessionState,
    ) -> Tentative {
        if t.decision == Decision::Allow { self.budget(t, req, risk, session) } else { t }
    }

    /// Apply the session risk budget to a tentative allow.
    fn budget(
        &self,
        mut d: Tentative,
        req: &Request,
        risk: &RiskAssessment,
        session: &SessionState,
    ) -> Tentative {
        let budget = self.config.session.budget_tenths();
        if req.session.is_empty() || budget == 0 {
            return d;
        }
        let points = u64::from(risk.tier.budget_points());
        d.risk_points = points;
        if session.risk_used + points > budget {
            d.decision = Decision::Ask;
            d.decided_by = DecidedBy::RiskBudget;
            d.reason = format!(
                "this session has used its risk budget ({:.1} of {:.1} points)",
                session.risk_used as f64 / 10.0,
                budget as f64 / 10.0
            );
        }
        d
    }

    /// Whether approving `req` now would be rubber-stamping: at least
    /// `learning.rapid_approval_min_count` approvals of it in the session within
    /// `learning.rapid_approval_window_seconds`, this one included (journaled, not learned).
    pub(super) fn is_rapid(&mut self, req: &Request, now: DateTime<Utc>) -> Result<bool> {
        let s = self.session_of(req)?;
        let window = i64::from(self.config.learning.rapid_approval_window_seconds) * 1_000_000;
        let recent = s
            .approvals
            .get(&req.identity())
            .map_or(0, |v| v.iter().filter(|&&t| now.timestamp_micros() - t < window).count());
        Ok(recent + 1 >= self.config.learning.rapid_approval_min_count as usize)
    }
}

/// Step 4b: what a human decided on this very request earlier in the session (never reused
/// for CRITICAL; none in the anonymous session).
pub(super) fn remembered(
    req: &Request,
    risk: &RiskAssessment,
    session: &SessionState,
) -> Option<Tentative> {
    if !req.session.is_empty()
        && risk.tier != Tier::Critical
        && let Some(m) = session.memory.get(&req.identity())
    {
        return Some(Tentative::new(
            m.decision,
            DecidedBy::SessionMemory,
            format!(
                "a human decided {} on this request earlier in this session",
                m.decision.as_str()
            ),
        ));
    }
    None
}

/// Whether a human decided this same request earlier in the session for other content (a
/// different `content_hash`): that decision is not reused.
pub(super) fn content_changed(req: &Request, session: &SessionState) -> bool {
    session.memory.values().any(|m| {
        m.what.0 == req.tool
            && m.what.1 == req.action
            && m.what.2 == req.scope
            && m.content_hash != req.content_hash
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::state::Remembered;

    #[test]
    fn recent_checks_count_the_sixty_seconds_ending_now() {
        let s =
            SessionState { checks: vec![(100, 3), (159, 2), (160, 4)], ..SessionState::default() };
        assert_eq!(recent_checks(&s, 160 * 1_000_000 + 999_999), 6);
        assert_eq!(recent_checks(&s, 219 * 1_000_000), 4);
        assert_eq!(recent_checks(&s, 220 * 1_000_000), 0);
    }

    #[test]
    fn content_changed_only_for_the_same_request_with_other_content() {
        let mut req = Request::new("filesystem", "write", "/p/a.txt");
        req.session = "s1".into();
        req.content_hash = "aa".into();
        let mut s = SessionState::default();
        let remember = |scope: &str, hash: &str| Remembered {
            decision: Decision::Allow,
            seq: 1,
            what: ("filesystem".into(), "write".into(), scope.into()),
            content_hash: hash.into(),
        };
        s.memory.insert("x".into(), remember("/p/a.txt", "aa"));
        s.memory.insert("y".into(), remember("/p/b.txt", "bb"));
        assert!(!content_changed(&req, &s));
        s.memory.insert("z".into(), remember("/p/a.txt", "bb"));
        assert!(content_changed(&req, &s));
    }
}
