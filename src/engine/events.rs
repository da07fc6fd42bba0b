//! Payloads of the journal's event kinds, as written and as replayed into the index.
//!
//! Field names are part of the journal format: add fields with `#[serde(default)]`, never
//! rename or remove them. Every event also carries `seq`, `ts`, `kind` and `prev` (written by
//! the journal writer, ignored here).

use serde::{Deserialize, Serialize};

use super::challenge::Challenge;
use super::policy::RuleRef;
use super::request::{Decision, Request};
use crate::clock::Timestamp;
use crate::error::Refusal;
use crate::risk::RiskAssessment;

/// Event kind names.
pub mod kind {
    /// A permission check and its verdict.
    pub const CHECK: &str = "check";
    /// A human decision on a challenge (recorded or refused).
    pub const DECISION: &str = "decision";
    /// A configuration change.
    pub const CONFIG: &str = "config";
    /// A policy trust change.
    pub const POLICY: &str = "policy";
    /// A torn tail set aside by recovery.
    pub const RECOVERED: &str = "recovered";
    /// A task grant made by a human.
    pub const GRANT: &str = "grant";
    /// A policy preset appended to policy.toml and trusted.
    pub const PRESET: &str = "preset";
    /// A task grant ended early by a human.
    pub const GRANT_REVOKE: &str = "grant_revoke";
    /// A human cancels every earlier decision a pattern covers.
    pub const REVOKE: &str = "revoke";
    /// An agent output stored as a content-addressed object.
    pub const ARTIFACT: &str = "artifact";
    /// A tool ran (reported after the fact, for compliance).
    pub const EXECUTION: &str = "execution";
    /// A verified shared-intelligence export was imported.
    pub const INTEL: &str = "intel";
    /// This store made a shared-intelligence export (its privacy ledger entry).
    pub const INTEL_EXPORT: &str = "intel_export";

    /// Every kind an event line can have, for validating a `--kind` filter.
    pub const ALL: &[&str] = &[
        CHECK,
        DECISION,
        EXECUTION,
        GRANT,
        GRANT_REVOKE,
        REVOKE,
        ARTIFACT,
        CONFIG,
        POLICY,
        PRESET,
        INTEL,
        INTEL_EXPORT,
        RECOVERED,
    ];
}

/// `intel`: a verified export of another (or this) organisation, as pooled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntelEvent {
    /// Organisation id (key fingerprint).
    pub org: String,
    /// When the export was made.
    pub created: String,
    /// ε of its reports.
    pub epsilon: f64,
    /// SHA-256 of the export file as imported, hex.
    pub sha256: String,
    /// The randomized reports.
    pub reports: Vec<crate::intel::document::Report>,
}

/// `intel_export`: this store made an export. The privacy ledger: every answer randomized
/// for the first time (a pattern, its true answer and ε), with the bit drawn, which later
/// exports repeat instead of drawing again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IntelExportEvent {
    /// This store's organisation id.
    pub org: String,
    /// ε of every report of the export.
    pub epsilon: f64,
    /// Patterns reported.
    pub patterns: u64,
    /// Answers randomized by this export (the others repeat an earlier draw).
    pub drawn: Vec<IntelDraw>,
    /// Budget this export spent: `drawn × epsilon`.
    pub spent: f64,
    /// The store's lifetime spend after this export.
    pub lifetime: f64,
    /// The lifetime cap in force (`intel.lifetime_epsilon`).
    pub cap: f64,
    /// SHA-256 of the export file, hex.
    pub sha256: String,
}

/// One answer randomized once and remembered ([`IntelExportEvent::drawn`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntelDraw {
    /// Tool.
    pub tool: String,
    /// Action.
    pub action: String,
    /// Generalized pattern.
    pub pattern: String,
    /// The true answer it randomized: this organisation approves the pattern.
    pub truth: bool,
    /// The bit reported for it.
    pub report: bool,
}

/// `check`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckEvent {
    /// The request as decided.
    pub request: Request,
    /// The verdict.
    pub verdict: VerdictRecord,
    /// Set when an agent hook asked (absent for the CLI and the servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook: Option<HookRef>,
}

/// Which agent hook asked for a check, and how to find the tool call again later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookRef {
    /// Agent name: `claude-code`, `codex`, `gemini`, `cursor`.
    pub agent: String,
    /// The agent's event name, e.g. `PreToolUse`, `PermissionRequest`.
    pub event: String,
    /// Correlation key of the tool call (session, tool name and input), hex.
    pub key: String,
    /// Set when the agent shows its own permission dialog for this call if the verdict is
    /// ask at or above this risk tier: the check then opens a *prompt* that the tool running
    /// (an approval) or never running (a denial, after `hooks.prompt_timeout`) resolves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_from: Option<crate::risk::Tier>,
}

/// The journaled part of a verdict.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerdictRecord {
    /// Final decision.
    pub decision: Decision,
    /// Step that decided.
    pub decided_by: String,
    /// Plain-language reason.
    pub reason: String,
    /// Risk assessment.
    pub risk: RiskAssessment,
    /// Challenge, for non-allow verdicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<Challenge>,
    /// Policy rule that decided, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleRef>,
    /// Task grant that decided, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<String>,
    /// Risk points (tenths) added to the session budget.
    #[serde(default)]
    pub risk_points: u64,
    /// The challenge whose approval's one-time allowance this check consumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
}

/// Outcome of a human decision attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The decision was recorded and consumed the challenge.
    Recorded,
    /// The decision was refused.
    Refused,
}

/// `decision`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DecisionEvent {
    /// Challenge id as given.
    pub challenge: String,
    /// Recorded or refused.
    pub outcome: Outcome,
    /// Why it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// The decision asked for (allow or deny).
    pub decision: Decision,
    /// Who decided.
    pub by: String,
    /// Why (free text).
    #[serde(default)]
    pub reason: String,
    /// Human channel: `cli`, `http`, `hook:claude-code`, …
    pub channel: String,
    /// The request the challenge was bound to (absent when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
    /// `seq` of the check that issued the challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_seq: Option<u64>,
    /// Rubber-stamped: journaled but not learned from.
    #[serde(default)]
    pub rapid: bool,
    /// The patterns this decision teaches, computed when it was recorded (the exact scope,
    /// each part of a compound command, and their normalized patterns). Absent in events
    /// written before normalization: those teach their exact scope only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learn: Option<Vec<LearnKey>>,
    /// Why nothing was learned, when nothing was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_learned: Option<String>,
    /// Inferred, not stated: an agent's permission prompt whose tool never ran (a headless
    /// agent refuses on its own; an interactive human may have said no). Never learned
    /// from (also when an older version journaled a `learn` list with it) and not kept in
    /// session memory (one unanswered prompt must not deny the rest of the session).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// An approval that leaves a one-time allowance: the next identical check (same org,
    /// project, tool, action, scope and content, in any session) is allowed once, until this
    /// time (the challenge's expiry). Absent for denials, refusals, inferred decisions and
    /// approvals observed after the tool already ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowance: Option<Timestamp>,
}

/// One pattern a decision teaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnKey {
    /// The exact scope or the normalized pattern.
    pub pattern: String,
    /// True for a normalized pattern.
    pub normalized: bool,
    /// The effect of what the human decided on, as this pattern sees it (the whole request
    /// for its exact scope, one part for a part of a compound command). Absent in events
    /// written before effect signatures: such an approval counts as one with no risk factor
    /// at LOW, so it never vouches for anything riskier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
}

/// The effect signature of a request: its risk factors and tier. A learned pattern keeps the
/// union of the signatures of the approvals behind it and allows a new request only when the
/// request's own signature fits inside ([`Effect::uncovered`] finds nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    /// Risk factor names, sorted and without repeats.
    pub factors: Vec<String>,
    /// Risk tier.
    pub tier: crate::risk::Tier,
}

impl Effect {
    /// The signature of one risk assessment.
    pub fn of(risk: &RiskAssessment) -> Effect {
        let mut factors = risk.factors.clone();
        factors.sort();
        factors.dedup();
        Effect { factors, tier: risk.tier }
    }

    /// The signature of an approval journaled without one: no factor, LOW.
    pub fn unknown() -> Effect {
        Effect { factors: Vec::new(), tier: crate::risk::Tier::Low }
    }

    /// Widen `self` by `other`: the union of the factors and the higher tier.
    pub fn merge(&mut self, other: &Effect) {
        for f in &other.factors {
            if let Err(i) = self.factors.binary_search(f) {
                self.factors.insert(i, f.clone());
            }
        }
        self.tier = self.tier.max(other.tier);
    }

    /// Why `req` is not covered by `self` (a factor it has that the approvals never had, or a
    /// higher tier); `None` when it is covered.
    pub fn uncovered(&self, req: &Effect) -> Option<String> {
        let new: Vec<&str> = req
            .factors
            .iter()
            .filter(|f| self.factors.binary_search(f).is_err())
            .map(String::as_str)
            .collect();
        if !new.is_empty() {
            return Some(format!(
                "it has risk factor(s) {} that the approvals never had",
                new.join(", ")
            ));
        }
        (req.tier > self.tier).then(|| {
            format!(
                "its risk tier {} is higher than the approvals' highest ({})",
                req.tier, self.tier
            )
        })
    }
}

/// `revoke`: cancel every earlier decision on patterns `pattern` covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeEvent {
    /// Organisation.
    pub org: String,
    /// Tool.
    pub tool: String,
    /// Action.
    pub action: String,
    /// A glob over exact scopes and normalized patterns (`git push*`, `src/*.rs`).
    pub pattern: String,
    /// Who revoked.
    pub by: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
    /// Decisions cancelled (as counted when it was recorded).
    pub decisions: u64,
}

/// `grant`: a human lets one task do something (most specific grant wins at check time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantEvent {
    /// Grant id (`gr_…`).
    pub grant: String,
    /// Organisation.
    pub org: String,
    /// Task the grant is for.
    pub task: String,
    /// Tool glob.
    pub tool: String,
    /// Action glob.
    pub action: String,
    /// Scope glob.
    pub scope: String,
    /// allow, deny or ask.
    pub decision: Decision,
    /// Who granted.
    pub by: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
    /// Expiry, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
}

/// `artifact`: an agent output stored in `objects/`, with what it cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactEvent {
    /// SHA-256 of the content (64 hex): the object's name and the artifact's id.
    pub digest: String,
    /// Content size in bytes.
    pub size: u64,
    /// Task that produced it.
    #[serde(default)]
    pub task: String,
    /// Kind of output: tool_call, tool_response, llm_response, file, message, custom, …
    #[serde(rename = "type")]
    pub artifact_type: String,
    /// Tool that produced it.
    #[serde(default)]
    pub tool: String,
    /// One-line summary.
    #[serde(default)]
    pub summary: String,
    /// Organisation.
    #[serde(default)]
    pub org: String,
    /// Session.
    #[serde(default)]
    pub session: String,
    /// Input tokens.
    #[serde(default)]
    pub tokens_in: u64,
    /// Output tokens.
    #[serde(default)]
    pub tokens_out: u64,
    /// Cost in micro-dollars (integers, never floats).
    #[serde(default)]
    pub cost_micros: u64,
    /// Model used.
    #[serde(default)]
    pub model: String,
    /// Provider used.
    #[serde(default)]
    pub provider: String,
}

/// `execution`: a tool ran (or failed) after its check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionEvent {
    /// The request that ran.
    pub request: Request,
    /// `ok` or `failed`.
    pub status: String,
    /// Who reported it: `cli`, `mcp`, `hook:claude-code`, …
    pub channel: String,
    /// The one-time allowance (its challenge) this run used up: a human approved the request
    /// and the agent ran it without another check (through its own dialog).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
}

/// `grant_revoke`: a grant ends before its time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRevokeEvent {
    /// The grant id.
    pub grant: String,
    /// Its organisation.
    pub org: String,
    /// Its task.
    pub task: String,
    /// Who revoked it.
    pub by: String,
}

/// `preset`: `aiperture bootstrap` appended a preset to the policy and trusted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresetEvent {
    /// Preset name.
    pub preset: String,
    /// Policy file written.
    pub file: String,
    /// SHA-256 of the policy as written (and trusted).
    pub sha256: String,
    /// Rules the preset added.
    pub rules: usize,
}

/// `config`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfigEvent {
    /// Dotted key.
    pub key: String,
    /// New value (JSON).
    pub value: serde_json::Value,
    /// File written.
    pub file: String,
}

/// `policy`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PolicyEvent {
    /// What happened (`trust`).
    pub action: String,
    /// Policy file.
    pub file: String,
    /// Its SHA-256.
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::Tier;

    fn effect(tier: Tier, factors: &[&str]) -> Effect {
        let mut f: Vec<String> = factors.iter().map(|s| (*s).to_string()).collect();
        f.sort();
        Effect { factors: f, tier }
    }

    #[test]
    fn a_signature_covers_only_subsets_at_no_higher_tier() {
        let mut approved = effect(Tier::Low, &[]);
        approved.merge(&effect(Tier::Medium, &["file_write"]));
        assert_eq!(approved, effect(Tier::Medium, &["file_write"]));
        assert_eq!(approved.uncovered(&effect(Tier::Low, &[])), None);
        assert_eq!(approved.uncovered(&effect(Tier::Medium, &["file_write"])), None);
        let why = approved.uncovered(&effect(Tier::Medium, &["secret_read"]));
        assert!(why.is_some_and(|w| w.contains("secret_read")));
        let why = approved.uncovered(&effect(Tier::High, &["file_write"]));
        assert!(why.is_some_and(|w| w.contains("HIGH")));
        assert_eq!(Effect::unknown(), effect(Tier::Low, &[]));
    }
}
