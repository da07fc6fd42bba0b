//! What a check answers: the [`Verdict`], the step that decided it ([`DecidedBy`]), what
//! learning knew about the request ([`LearnedInfo`]) and the challenge a verdict other than
//! allow carries ([`ChallengeOut`]).
//!
//! Plain data, serialized as the answer of every surface (CLI `--json`, HTTP, MCP, hooks);
//! `check.rs` builds it. Invariants: a verdict other than allow carries a challenge, and `seq`
//! is the journal position of the check event, written before the verdict is returned.

use serde::{Deserialize, Serialize};

use super::learning;
use super::policy::RuleRef;
use super::request::Decision;
use crate::clock::Timestamp;
use crate::risk::RiskAssessment;

/// Which step decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// Step 1.
    SelfProtection,
    /// Step 2.
    RateLimit,
    /// Step 3.
    PolicyDeny,
    /// Step 4: the one-time allowance a human approval of this exact request left.
    HumanApproval,
    /// Step 4.
    SessionMemory,
    /// Step 5.
    TaskGrant,
    /// Step 6.
    AutoLearned,
    /// Steps 5–7 allowed every part of a compound command.
    Compound,
    /// Step 7.
    Policy,
    /// Step 8.
    Default,
    /// An allow turned into ask because the session's risk budget is spent.
    RiskBudget,
}

impl DecidedBy {
    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::SelfProtection => "self_protection",
            DecidedBy::RateLimit => "rate_limit",
            DecidedBy::PolicyDeny => "policy_deny",
            DecidedBy::HumanApproval => "human_approval",
            DecidedBy::SessionMemory => "session_memory",
            DecidedBy::TaskGrant => "task_grant",
            DecidedBy::AutoLearned => "auto_learned",
            DecidedBy::Compound => "compound",
            DecidedBy::Policy => "policy",
            DecidedBy::Default => "default",
            DecidedBy::RiskBudget => "risk_budget",
        }
    }
}

/// What learning knew about the request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LearnedInfo {
    /// The pattern's status.
    #[serde(flatten)]
    pub status: learning::Status,
    /// The exact scope or normalized pattern these figures belong to.
    pub pattern: String,
    /// True for a normalized pattern.
    pub normalized: bool,
    /// Counted approvals.
    pub allows: u64,
    /// Counted denials.
    pub denies: u64,
    /// Time-weighted approval rate.
    pub rate: f64,
    /// Distinct humans who decided.
    pub deciders: usize,
    /// Time of the newest counted decision (`""` before the first).
    #[serde(with = "crate::clock::or_empty")]
    pub newest: Option<Timestamp>,
    /// Set when the pattern would allow, but the request's effect (risk factors or tier)
    /// goes beyond what the approvals behind it were on: learning does not decide, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect_changed: Option<String>,
}

/// The challenge as shown to callers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChallengeOut {
    /// `ch_…` id.
    pub id: String,
    /// Expiry.
    pub expires_at: Timestamp,
}

/// The engine's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verdict {
    /// allow, deny or ask.
    pub decision: Decision,
    /// The step that decided.
    pub decided_by: DecidedBy,
    /// Plain-language reason.
    pub reason: String,
    /// Risk assessment.
    pub risk: RiskAssessment,
    /// Challenge for non-allow verdicts.
    pub challenge: Option<ChallengeOut>,
    /// The policy rule that decided, if any.
    pub rule: Option<RuleRef>,
    /// Learning's view of this exact request.
    pub learned: Option<LearnedInfo>,
    /// The task grant that decided, if any.
    pub grant: Option<String>,
    /// True when a matching allow rule was ignored because the project policy is not trusted.
    pub untrusted_allow_ignored: bool,
    /// Settings of the project's `config.toml` ignored because the file is not trusted and
    /// they loosen a limit or run something (omitted when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub untrusted_config_ignored: Vec<String>,
    /// What a human might do next, risk first, then what humans decided before.
    pub recommendation: learning::Recommendation,
    /// Set when a human decision on this request would not be learned from, and why.
    pub not_learned: Option<String>,
    /// True when a human decided this same request earlier in the session, but for other
    /// content (`content_hash` differs): that decision is not reused.
    pub content_changed: bool,
    /// Journal `seq` of the check event.
    pub seq: u64,
}

impl Verdict {
    /// Whether a human decision on this verdict's challenge can change the outcome of a
    /// repeat of the request (not for policy denies, self-protection or the rate limit).
    pub fn overridable(&self) -> bool {
        !matches!(
            self.decided_by,
            DecidedBy::PolicyDeny | DecidedBy::SelfProtection | DecidedBy::RateLimit
        )
    }

    /// What refused the request regardless of its risk, for human-readable output: the
    /// risk tier of a self-protection or policy deny says nothing about why it was denied.
    pub fn refused_by(&self) -> Option<&'static str> {
        match (self.decision, self.decided_by) {
            (Decision::Deny, DecidedBy::SelfProtection) => Some("self-protection"),
            (Decision::Deny, DecidedBy::PolicyDeny) => Some("policy"),
            _ => None,
        }
    }
}
