//! Session rules applied after the decision steps and when a human decides: the risk budget
//! (an automatic allow past it becomes ask) and rubber-stamp detection (approvals in quick
//! succession are journaled but not learned from).
//!
//! The counters these read ([`state::SessionState`]) are kept in the index by `state.rs` as
//! check and decision events are applied. The anonymous session (empty id) has no budget.

use chrono::{DateTime, Utc};

use super::Engine;
use super::decide::Tentative;
use super::request::{Decision, Request};
use super::state::{self, session_key};
use super::verdict::DecidedBy;
use crate::error::Result;
use crate::risk::RiskAssessment;

impl Engine {
    /// An automatic allow still has to fit the session's risk budget.
    pub(super) fn finish(
        &self,
        t: Tentative,
        req: &Request,
        risk: &RiskAssessment,
        session: &state::SessionState,
    ) -> Tentative {
        if t.decision == Decision::Allow { self.budget(t, req, risk, session) } else { t }
    }

    /// Apply the session risk budget to a tentative allow.
    fn budget(
        &self,
        mut d: Tentative,
        req: &Request,
        risk: &RiskAssessment,
        session: &state::SessionState,
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

    pub(super) fn is_rapid(&mut self, req: &Request, now: DateTime<Utc>) -> Result<bool> {
        let what = (req.tool.as_str(), req.action.as_str(), req.scope.as_str());
        let s = self.state.session(&session_key(&req.org, &req.session), &req.identity(), what)?;
        let window = i64::from(self.config.learning.rapid_approval_window_seconds) * 1_000_000;
        let recent = s
            .approvals
            .get(&req.identity())
            .map_or(0, |v| v.iter().filter(|&&t| now.timestamp_micros() - t < window).count());
        Ok(recent + 1 >= self.config.learning.rapid_approval_min_count as usize)
    }
}
