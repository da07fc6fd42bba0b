//! The journal's event kinds ([`EventKind`]), their payloads, and [`Event`], a payload typed
//! by its kind, as written and as replayed into the index.
//!
//! Field names are part of the journal format: add fields with `#[serde(default)]`, never
//! rename or remove them. Every event also carries `seq`, `ts`, `kind` and `prev` (written by
//! the journal writer, ignored here). Times are [`Timestamp`]s, written in the journal's one
//! text form. A kind this version does not know (a newer version's) reads as
//! [`Event::Unknown`]: the chain still verifies it, replay ignores it and audit shows it.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::challenge::Challenge;
use super::policy::RuleRef;
use super::request::{Decision, Request};
use crate::clock::Timestamp;
use crate::error::Refusal;
pub use crate::journal::append::RecoveredEvent;
use crate::risk::RiskAssessment;

/// The kind of a journal event: the `kind` field of its line, which says how to read the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// A permission check and its verdict.
    Check,
    /// A human decision on a challenge (recorded or refused).
    Decision,
    /// A tool ran (reported after the fact, for compliance).
    Execution,
    /// A task grant made by a human.
    Grant,
    /// A task grant ended early by a human.
    GrantRevoke,
    /// A human cancels every earlier decision a pattern covers.
    Revoke,
    /// An agent output stored as a content-addressed object.
    Artifact,
    /// A configuration change.
    Config,
    /// A policy trust change.
    Policy,
    /// A policy preset appended to policy.toml and trusted.
    Preset,
    /// A verified shared-intelligence export was imported.
    Intel,
    /// This store made a shared-intelligence export (its privacy ledger entry).
    IntelExport,
    /// A torn tail or a HEAD left behind, set aside by recovery (written by the journal).
    Recovered,
}

impl EventKind {
    /// Every kind, in the order `--kind` lists them.
    pub const ALL: [EventKind; 13] = [
        EventKind::Check,
        EventKind::Decision,
        EventKind::Execution,
        EventKind::Grant,
        EventKind::GrantRevoke,
        EventKind::Revoke,
        EventKind::Artifact,
        EventKind::Config,
        EventKind::Policy,
        EventKind::Preset,
        EventKind::Intel,
        EventKind::IntelExport,
        EventKind::Recovered,
    ];

    /// The name of every kind, as [`EventKind::ALL`] orders them (for validating a `--kind`
    /// filter).
    pub const NAMES: [&'static str; 13] = {
        let mut names = [""; 13];
        let mut i = 0;
        while i < names.len() {
            names[i] = EventKind::ALL[i].name();
            i += 1;
        }
        names
    };

    /// The name that event lines carry in their `kind` field.
    pub const fn name(self) -> &'static str {
        match self {
            EventKind::Check => "check",
            EventKind::Decision => "decision",
            EventKind::Execution => "execution",
            EventKind::Grant => "grant",
            EventKind::GrantRevoke => "grant_revoke",
            EventKind::Revoke => "revoke",
            EventKind::Artifact => "artifact",
            EventKind::Config => "config",
            EventKind::Policy => "policy",
            EventKind::Preset => "preset",
            EventKind::Intel => "intel",
            EventKind::IntelExport => "intel_export",
            EventKind::Recovered => crate::journal::append::RECOVERED,
        }
    }

    /// The kind named `name`; `None` for a kind this version does not know (a newer one's).
    pub fn from_name(name: &str) -> Option<EventKind> {
        Some(match name {
            "check" => EventKind::Check,
            "decision" => EventKind::Decision,
            "execution" => EventKind::Execution,
            "grant" => EventKind::Grant,
            "grant_revoke" => EventKind::GrantRevoke,
            "revoke" => EventKind::Revoke,
            "artifact" => EventKind::Artifact,
            "config" => EventKind::Config,
            "policy" => EventKind::Policy,
            "preset" => EventKind::Preset,
            "intel" => EventKind::Intel,
            "intel_export" => EventKind::IntelExport,
            crate::journal::append::RECOVERED => EventKind::Recovered,
            _ => return None,
        })
    }

    /// Whether events of this kind change the derived index. Replay reads the payload of
    /// these kinds only: the others are journaled for audit and never parsed on the way to a
    /// decision.
    pub fn indexed(self) -> bool {
        match self {
            EventKind::Check
            | EventKind::Decision
            | EventKind::Execution
            | EventKind::Grant
            | EventKind::GrantRevoke
            | EventKind::Revoke
            | EventKind::Artifact
            | EventKind::Intel
            | EventKind::IntelExport => true,
            EventKind::Config | EventKind::Policy | EventKind::Preset | EventKind::Recovered => {
                false
            }
        }
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The payload of one event kind: what the engine appends. The journal writes the common
/// fields (`seq`, `ts`, `kind` from [`Payload::KIND`], `prev`) and then the payload's own.
pub trait Payload: Serialize {
    /// The kind whose payload this is.
    const KIND: EventKind;
}

/// A journal event's payload, typed by its line's `kind`: one variant per [`EventKind`],
/// holding that kind's payload struct, and [`Event::Unknown`] for a kind this version does
/// not know.
///
/// Written, a known event is its payload's fields alone ([`EventOut`] puts the common
/// fields first, `kind` among them, then flattens these), byte for byte what the payload
/// struct writes. Read, the line's `kind` picks the variant ([`Event::parse`]).
///
/// [`EventOut`]: crate::journal::entry::EventOut
// Not boxed: an event is made once, moved once and dropped; a box would cost an allocation
// per event on the check path.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Event {
    /// `check`.
    Check(CheckEvent),
    /// `decision`.
    Decision(DecisionEvent),
    /// `execution`.
    Execution(ExecutionEvent),
    /// `grant`.
    Grant(GrantEvent),
    /// `grant_revoke`.
    GrantRevoke(GrantRevokeEvent),
    /// `revoke`.
    Revoke(RevokeEvent),
    /// `artifact`.
    Artifact(ArtifactEvent),
    /// `config`.
    Config(ConfigEvent),
    /// `policy`.
    Policy(PolicyEvent),
    /// `preset`.
    Preset(PresetEvent),
    /// `intel`.
    Intel(IntelEvent),
    /// `intel_export`.
    IntelExport(IntelExportEvent),
    /// `recovered`.
    Recovered(RecoveredEvent),
    /// A kind this version does not know: a newer version's event, kept as the exact bytes
    /// of the event (the chain verifies them) and changing nothing here. It cannot be
    /// written.
    #[serde(skip_serializing)]
    Unknown {
        /// Its `kind`.
        kind: String,
        /// The whole event object as journaled.
        raw: Box<RawValue>,
    },
}

impl Event {
    /// Read the event whose line says `kind` from `raw`, the exact bytes of its event object
    /// (the common fields in it are skipped by the payload structs).
    pub fn parse(kind: &str, raw: &str) -> serde_json::Result<Event> {
        match EventKind::from_name(kind) {
            Some(k) => Event::parse_known(k, raw),
            None => Ok(Event::Unknown {
                kind: kind.to_string(),
                raw: RawValue::from_string(raw.to_string())?,
            }),
        }
    }

    /// Read the payload of a known kind from the event's bytes.
    pub fn parse_known(kind: EventKind, raw: &str) -> serde_json::Result<Event> {
        use serde_json::from_str;
        Ok(match kind {
            EventKind::Check => Event::Check(from_str(raw)?),
            EventKind::Decision => Event::Decision(from_str(raw)?),
            EventKind::Execution => Event::Execution(from_str(raw)?),
            EventKind::Grant => Event::Grant(from_str(raw)?),
            EventKind::GrantRevoke => Event::GrantRevoke(from_str(raw)?),
            EventKind::Revoke => Event::Revoke(from_str(raw)?),
            EventKind::Artifact => Event::Artifact(from_str(raw)?),
            EventKind::Config => Event::Config(from_str(raw)?),
            EventKind::Policy => Event::Policy(from_str(raw)?),
            EventKind::Preset => Event::Preset(from_str(raw)?),
            EventKind::Intel => Event::Intel(from_str(raw)?),
            EventKind::IntelExport => Event::IntelExport(from_str(raw)?),
            EventKind::Recovered => Event::Recovered(from_str(raw)?),
        })
    }

    /// Its kind; `None` for [`Event::Unknown`].
    pub fn kind(&self) -> Option<EventKind> {
        Some(match self {
            Event::Check(_) => EventKind::Check,
            Event::Decision(_) => EventKind::Decision,
            Event::Execution(_) => EventKind::Execution,
            Event::Grant(_) => EventKind::Grant,
            Event::GrantRevoke(_) => EventKind::GrantRevoke,
            Event::Revoke(_) => EventKind::Revoke,
            Event::Artifact(_) => EventKind::Artifact,
            Event::Config(_) => EventKind::Config,
            Event::Policy(_) => EventKind::Policy,
            Event::Preset(_) => EventKind::Preset,
            Event::Intel(_) => EventKind::Intel,
            Event::IntelExport(_) => EventKind::IntelExport,
            Event::Recovered(_) => EventKind::Recovered,
            Event::Unknown { .. } => return None,
        })
    }

    /// The name its line carries in `kind`.
    pub fn kind_name(&self) -> &str {
        match self {
            Event::Unknown { kind, .. } => kind,
            known => known.kind().map_or("", EventKind::name),
        }
    }
}

/// Each payload struct names its kind.
macro_rules! payloads {
    ($($ty:ty => $kind:ident),* $(,)?) => {
        $(impl Payload for $ty {
            const KIND: EventKind = EventKind::$kind;
        })*
    };
}

payloads! {
    CheckEvent => Check,
    DecisionEvent => Decision,
    ExecutionEvent => Execution,
    GrantEvent => Grant,
    GrantRevokeEvent => GrantRevoke,
    RevokeEvent => Revoke,
    ArtifactEvent => Artifact,
    ConfigEvent => Config,
    PolicyEvent => Policy,
    PresetEvent => Preset,
    IntelEvent => Intel,
    IntelExportEvent => IntelExport,
    RecoveredEvent => Recovered,
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
    /// Set when client mode's team server could not be reached and this store decided
    /// instead (`remote.fallback = "local"`): why the server did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
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
    use crate::clock::Timestamp;
    use crate::journal::entry::{EventHead, EventOut, Line, parse_line};
    use crate::risk::Tier;
    use serde_json::json;

    const PREV: &str = "44b4b41c9ea1caf1942971bb812f0510ae81f93a6a78bd4bdc4cd4dccc8a069e";

    /// The event bytes the journal writer produces for `body` (see `Writer::append`).
    fn written<P: Serialize>(seq: u64, ts: &str, kind: &str, prev: &str, body: &P) -> Vec<u8> {
        let ts = Timestamp::parse(ts).unwrap();
        serde_json::to_vec(&EventOut { seq, ts, kind, prev, body }).unwrap()
    }

    /// Parse event bytes into an [`Event`] and write them again as the writer would.
    fn rewritten(kind: &str, raw: &str) -> Vec<u8> {
        let head: EventHead = serde_json::from_str(raw).unwrap();
        let event = Event::parse(kind, raw).unwrap();
        assert_eq!(event.kind_name(), kind);
        written(head.seq, &head.ts, event.kind_name(), &head.prev, &event)
    }

    /// One payload of every kind, written through its own struct (as every append did before
    /// [`Event`] existed), with the optional fields both absent and present.
    fn samples() -> Vec<(EventKind, Vec<u8>)> {
        let request = json!({"tool": "shell", "action": "execute", "scope": "git push",
            "org": "default", "project": "p", "session": "s1", "task": "t",
            "content_hash": "", "runtime": ""});
        let risk = json!({"tier": "high", "score": 0.75, "factors": ["remote_write"],
            "reversible": false});
        let challenge = json!({"id": "ch_d2nwhbwuvryizfvwnyhnwexq", "nonce": "00ff",
            "issued_at": "2026-11-26T10:00:00.000000Z",
            "expires_at": "2026-11-26T11:00:00.000000Z", "mac": "ab"});
        let mut out = Vec::new();
        let mut add = |kind: EventKind, bytes: Vec<u8>| out.push((kind, bytes));
        macro_rules! sample {
            ($ty:ty, $value:expr) => {{
                let body: $ty = serde_json::from_value($value).unwrap();
                let kind = <$ty>::KIND;
                add(kind, written(7, "2026-11-26T10:00:00.123456Z", kind.name(), PREV, &body));
            }};
        }
        sample!(
            CheckEvent,
            json!({"request": request, "verdict": {"decision": "allow",
            "decided_by": "policy_allow", "reason": "r", "risk": risk}})
        );
        sample!(
            CheckEvent,
            json!({"request": request, "verdict": {"decision": "ask",
            "decided_by": "default", "reason": "why \"quoted\" \u{e9}\n", "risk": risk,
            "challenge": challenge, "rule": {"file": "policy.toml", "number": 2, "tool": "shell",
            "action": "*", "scope": "git *", "decision": "ask"},
            "grant": "gr_x", "risk_points": 15, "approval": "ch_y"},
            "hook": {"agent": "claude-code", "event": "PreToolUse", "key": "k",
            "prompt_from": "medium"}})
        );
        sample!(
            DecisionEvent,
            json!({"challenge": "ch_x", "outcome": "refused",
            "refusal": "expired", "decision": "allow", "by": "alice", "channel": "cli"})
        );
        sample!(
            DecisionEvent,
            json!({"challenge": "ch_x", "outcome": "recorded",
            "decision": "allow", "by": "alice", "reason": "ok", "channel": "http",
            "request": request, "check_seq": 3, "rapid": false,
            "learn": [{"pattern": "git push", "normalized": false,
            "effect": {"factors": ["remote_write"], "tier": "high"}},
            {"pattern": "git push*", "normalized": true}],
            "not_learned": "n", "inferred": true,
            "allowance": "2026-11-26T11:00:00.000000Z"})
        );
        sample!(ExecutionEvent, json!({"request": request, "status": "ok", "channel": "cli"}));
        sample!(
            ExecutionEvent,
            json!({"request": request, "status": "failed",
            "channel": "hook:codex", "approval": "ch_x"})
        );
        sample!(
            GrantEvent,
            json!({"grant": "gr_a", "org": "o", "task": "t", "tool": "*",
            "action": "*", "scope": "src/*", "decision": "allow", "by": "b"})
        );
        sample!(
            GrantEvent,
            json!({"grant": "gr_a", "org": "o", "task": "t", "tool": "*",
            "action": "*", "scope": "src/*", "decision": "deny", "by": "b", "reason": "r",
            "expires_at": "2026-11-27T10:00:00.000000Z"})
        );
        sample!(GrantRevokeEvent, json!({"grant": "gr_a", "org": "o", "task": "t", "by": "b"}));
        sample!(
            RevokeEvent,
            json!({"org": "o", "tool": "shell", "action": "execute",
            "pattern": "git push*", "by": "b", "reason": "r", "decisions": 4})
        );
        sample!(ArtifactEvent, json!({"digest": "ab", "size": 3, "type": "file"}));
        sample!(
            ArtifactEvent,
            json!({"digest": "ab", "size": 3, "task": "t",
            "type": "llm_response", "tool": "x", "summary": "s", "org": "o", "session": "s",
            "tokens_in": 1, "tokens_out": 2, "cost_micros": 3, "model": "m", "provider": "p"})
        );
        sample!(
            ConfigEvent,
            json!({"key": "learning.enabled", "value": {"b": [1, 2.5], "a": null},
            "file": "config.toml"})
        );
        sample!(PolicyEvent, json!({"action": "trust", "file": "policy.toml", "sha256": "ab"}));
        sample!(
            PresetEvent,
            json!({"preset": "rust", "file": "policy.toml", "sha256": "ab",
            "rules": 12})
        );
        sample!(
            IntelEvent,
            json!({"org": "o", "created": "2026-11-26", "epsilon": 3f64.ln(),
            "sha256": "ab", "reports": []})
        );
        sample!(
            IntelExportEvent,
            json!({"org": "o", "epsilon": 0.5, "patterns": 2,
            "drawn": [{"tool": "shell", "action": "execute", "pattern": "git log*",
            "truth": true, "report": false}], "spent": 0.5, "lifetime": 1.5, "cap": 10.0,
            "sha256": "ab"})
        );
        sample!(
            RecoveredEvent,
            json!({"reason": "torn_write", "segment": "000001.jsonl",
            "offset": 10, "bytes": 5, "sha256": "ab", "file": "torn-3.bin"})
        );
        sample!(
            RecoveredEvent,
            json!({"reason": "head_behind", "head_seq": 4,
            "unheaded_seq": 5, "unheaded_last": 6})
        );
        out
    }

    #[test]
    fn every_kind_writes_the_same_bytes_through_its_struct_and_through_event() {
        let samples = samples();
        for kind in EventKind::ALL {
            assert!(samples.iter().any(|(k, _)| *k == kind), "no sample of {kind}");
        }
        for (kind, bytes) in samples {
            let raw = std::str::from_utf8(&bytes).unwrap();
            let event = Event::parse(kind.name(), raw).unwrap();
            assert_eq!(event.kind(), Some(kind));
            assert_eq!(String::from_utf8(rewritten(kind.name(), raw)).unwrap(), raw);
        }
    }

    #[test]
    fn recovered_events_are_written_as_before() {
        // The two payload structs the journal wrote `recovered` events with before.
        #[derive(Serialize)]
        struct TornWrite<'a> {
            reason: &'a str,
            segment: String,
            offset: u64,
            bytes: u64,
            sha256: String,
            file: String,
        }
        #[derive(Serialize)]
        struct HeadBehind {
            reason: &'static str,
            head_seq: u64,
            unheaded_seq: u64,
            unheaded_last: u64,
        }
        let old = TornWrite {
            reason: "torn_write",
            segment: "000001.jsonl".into(),
            offset: 10,
            bytes: 5,
            sha256: "ab".into(),
            file: "torn-3.bin".into(),
        };
        let new = RecoveredEvent {
            reason: "torn_write".into(),
            segment: Some("000001.jsonl".into()),
            offset: Some(10),
            bytes: Some(5),
            sha256: Some("ab".into()),
            file: Some("torn-3.bin".into()),
            ..RecoveredEvent::default()
        };
        assert_eq!(serde_json::to_string(&new).unwrap(), serde_json::to_string(&old).unwrap());
        let old =
            HeadBehind { reason: "head_behind", head_seq: 4, unheaded_seq: 5, unheaded_last: 6 };
        let new = RecoveredEvent {
            reason: "head_behind".into(),
            head_seq: Some(4),
            unheaded_seq: Some(5),
            unheaded_last: Some(6),
            ..RecoveredEvent::default()
        };
        assert_eq!(serde_json::to_string(&new).unwrap(), serde_json::to_string(&old).unwrap());
    }

    /// Parse → serialize gives back the exact bytes of every event line of the committed
    /// journal fixtures (but the line `forged-append` forges on purpose, whose payload is no
    /// decision this version writes).
    #[test]
    fn every_committed_journal_line_parses_and_serializes_back_to_its_bytes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/journal");
        let mut seen = 0;
        for case in std::fs::read_dir(root).unwrap() {
            let dir = case.unwrap().path().join("journal");
            let Ok(segments) = std::fs::read_dir(&dir) else { continue };
            for segment in segments {
                let path = segment.unwrap().path();
                if path.extension().is_none_or(|e| e != "jsonl") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                for line in bytes.split(|&b| b == b'\n') {
                    let Ok(Line::Event(e)) = parse_line(line) else { continue };
                    if Event::parse(&e.head.kind, e.raw).is_err() {
                        assert!(path.to_string_lossy().contains("forged-append"), "{e:?}");
                        continue;
                    }
                    let again = rewritten(&e.head.kind, e.raw);
                    assert_eq!(
                        String::from_utf8(again).unwrap(),
                        e.raw,
                        "{} seq {}",
                        path.display(),
                        e.head.seq
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen > 100, "only {seen} fixture lines read");
    }

    #[test]
    fn kinds_keep_their_names_and_unknown_kinds_keep_their_bytes() {
        // The names `--kind` accepted before kinds were an enum, in the same order.
        let before = [
            "check",
            "decision",
            "execution",
            "grant",
            "grant_revoke",
            "revoke",
            "artifact",
            "config",
            "policy",
            "preset",
            "intel",
            "intel_export",
            "recovered",
        ];
        assert_eq!(EventKind::NAMES, before);
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_name(kind.name()), Some(kind));
            assert_eq!(kind.to_string(), kind.name());
        }
        assert_eq!(EventKind::from_name("Check"), None);
        let raw = r#"{"seq":9,"ts":"2031-01-01T00:00:00.000000Z","kind":"attestation","prev":"00","x":[1.50,{"b":1,"a":2}]}"#;
        let event = Event::parse("attestation", raw).unwrap();
        assert_eq!(event.kind(), None);
        assert_eq!(event.kind_name(), "attestation");
        let Event::Unknown { raw: kept, .. } = &event else { panic!("not unknown: {event:?}") };
        assert_eq!(kept.get(), raw);
        assert!(serde_json::to_vec(&event).is_err(), "an unknown event cannot be written");
        // A known kind with a malformed payload is an error, never an unknown event.
        assert!(Event::parse("check", r#"{"seq":1,"request":7}"#).is_err());
    }

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
