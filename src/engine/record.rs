//! Human decisions on challenges ([`Engine::record`]), and what a decision teaches.
//!
//! Invariants: every answer is journaled, a refusal too (unknown, forged, reused, expired,
//! mismatched, or an approval that cannot change the outcome), and a refusal is then returned
//! as [`Error::ChallengeRefused`]; nothing is learned from a refused, rubber-stamped or
//! inferred decision, nor from a scope with wildcards; an approval lets the approved request
//! through once, until its challenge expires.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::check::same_request;
use super::decide::policy_denied;
use super::events::{self, DecisionEvent, Outcome};
use super::policy::Policy;
use super::request::{Decision, Request, validate_name};
use super::state::ChallengeState;
use super::{Engine, challenge};
use crate::error::{Error, Refusal, Result};
use crate::risk::Analysis;
use crate::scope::normalize;

/// A human decision on a challenge, as given by a human channel.
#[derive(Debug, Clone, Copy)]
pub struct HumanDecision<'a> {
    /// The challenge id.
    pub id: &'a str,
    /// Allow or deny.
    pub decision: Decision,
    /// Who decided.
    pub by: &'a str,
    /// Why.
    pub reason: &'a str,
    /// Which human channel: `cli`, `http`, `hook:claude-code`, …
    pub channel: &'a str,
    /// The request the caller believes it decides on (refused as `mismatch` if different).
    pub expect: Option<&'a Request>,
    /// Inferred rather than stated (an agent prompt whose tool never ran): journaled and it
    /// settles the challenge, but nothing is learned from it and it is not kept in session
    /// memory.
    pub inferred: bool,
}

/// The result of a human decision.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    /// Challenge id.
    pub challenge: String,
    /// The decision recorded.
    pub decision: Decision,
    /// The request it applies to.
    pub request: Request,
    /// Rubber-stamped (journaled, not learned from).
    pub rapid: bool,
    /// Why the decision teaches nothing, when it does not.
    pub not_learned: Option<String>,
    /// Until when the next identical request is let through once (approvals only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowance: Option<crate::clock::Timestamp>,
    /// Journal `seq` of the decision event.
    pub seq: u64,
}

impl Engine {
    /// Record a human decision on challenge `id`. A refusal is journaled, then returned as
    /// [`Error::ChallengeRefused`].
    pub fn record(&mut self, h: &HumanDecision<'_>, now: DateTime<Utc>) -> Result<Recorded> {
        self.retrying(|e| e.record_once(h, now))
    }

    fn record_once(&mut self, h: &HumanDecision<'_>, now: DateTime<Utc>) -> Result<Recorded> {
        let HumanDecision { id, decision, by, reason, channel, expect, inferred } = *h;
        if decision == Decision::Ask {
            return Err(Error::Invalid("a human decision is allow or deny".into()));
        }
        validate_name("the decider's name", by, true)?;
        if reason.len() > 4096 || reason.contains('\0') {
            return Err(Error::Invalid("the reason must be at most 4096 bytes without NUL".into()));
        }
        let found = if challenge::is_id(id) { self.state.challenge(id)? } else { None };
        let mut refusal = match &found {
            None => Some(Refusal::Unknown),
            Some(c) if !challenge::verify(&self.secret, &c.challenge, &c.request, c.verdict) => {
                Some(Refusal::Forged)
            }
            Some(c) if c.consumed.is_some() => Some(Refusal::Reused),
            Some(c) if now > c.challenge.expires_at.time() => Some(Refusal::Expired),
            Some(c) if expect.is_some_and(|e| !same_request(e, &c.request)) => {
                Some(Refusal::Mismatch)
            }
            Some(_) => None,
        };
        // An approval that cannot change the outcome is refused, never learned from.
        let mut detail = String::new();
        if refusal == Some(Refusal::Unknown) {
            detail = self.store.root().display().to_string();
        }
        if let (Some(c), None, Decision::Allow) = (&found, refusal, decision)
            && let Some(why) = self.unchangeable(c)?
        {
            refusal = Some(Refusal::Final);
            detail = why;
        }
        let rapid = match (&found, refusal) {
            (Some(c), None) if decision == Decision::Allow => self.is_rapid(&c.request, now)?,
            _ => false,
        };
        let (learn, not_learned) = match (&found, refusal) {
            // Nobody was seen deciding: an agent that cannot ask (a headless run) refuses on
            // its own, and that is no human's denial.
            (Some(_), None) if inferred => {
                (Some(Vec::new()), Some("inferred, not stated by a human: not learned".to_string()))
            }
            (Some(c), None) => {
                let (k, why) = self.learn_keys(&c.request);
                (Some(k), why)
            }
            _ => (None, None),
        };
        // An approval lets the approved request through once, until the challenge expires;
        // not when it resolves the agent prompt of a tool that already ran.
        let allowance = match (&found, refusal) {
            (Some(c), None) if decision == Decision::Allow && !inferred => {
                let ran = self
                    .state
                    .prompts()?
                    .iter()
                    .any(|p| p.challenge == c.challenge.id && p.agent == channel);
                (!ran).then_some(c.challenge.expires_at)
            }
            _ => None,
        };
        let ev = DecisionEvent {
            challenge: id.chars().take(64).collect(),
            outcome: if refusal.is_some() { Outcome::Refused } else { Outcome::Recorded },
            refusal,
            decision,
            by: by.to_string(),
            reason: reason.to_string(),
            channel: channel.to_string(),
            request: found.as_ref().map(|c| c.request.clone()),
            check_seq: found.as_ref().map(|c| c.check_seq),
            rapid,
            learn,
            not_learned,
            inferred,
            allowance,
        };
        let a = self.append(&ev, now, true)?;
        if let Some(reason) = refusal {
            return Err(Error::ChallengeRefused { id: ev.challenge, reason, detail });
        }
        let request = found.map_or_else(|| Request::new("", "", ""), |c| c.request);
        Ok(Recorded {
            challenge: ev.challenge,
            decision,
            request,
            rapid,
            not_learned: ev.not_learned,
            allowance: ev.allowance,
            seq: a.seq,
        })
    }

    /// Why a human approval of `req` cannot change its outcome: its check was denied by
    /// self-protection or a policy deny rule, or either denies it now (steps 1 and 3 come
    /// before anything a human decision feeds).
    fn unchangeable(&self, c: &ChallengeState) -> Result<Option<String>> {
        let label = |by: &str, why: &str| match by {
            "self_protection" => Some(format!("denied by self-protection: {why}")),
            "policy_deny" => Some(format!("denied by policy: {why}")),
            _ => None,
        };
        if let Some(text) = label(&c.decided_by, &c.reason) {
            return Ok(Some(text));
        }
        let req = &c.request;
        let analysis = self.analyze(&req.tool, &req.action, &req.scope);
        if let Some(t) = self.self_protection(req, &analysis) {
            return Ok(label("self_protection", &t.reason));
        }
        let policy = Policy::load(&self.store.policy_file())?;
        let parts: Vec<Request> = analysis
            .commands
            .iter()
            .filter(|c| c.command.top_level)
            .map(|c| Request { scope: c.command.text.clone(), ..req.clone() })
            .collect();
        let compound = parts.len() > 1;
        Ok(policy_denied(req, parts.iter().filter(|_| compound), &policy)
            .and_then(|t| label("policy_deny", &t.reason)))
    }

    /// The patterns a human decision on `req` teaches: its exact scope, each part of a
    /// compound command, and the normalized pattern of each simple command (or of the path or
    /// URL), each with the effect signature it vouches for (the whole request's for its exact
    /// scope and its normalized pattern, a part's own for that part's keys). A non-shell scope
    /// holding glob characters teaches nothing: broad rules belong in policy, not in learning.
    fn learn_keys(&self, req: &Request) -> (Vec<events::LearnKey>, Option<String>) {
        let analysis = self.analyze(&req.tool, &req.action, &req.scope);
        let sensitive = self.sensitive();
        let mut keys = Vec::new();
        let mut push = |pattern: String, normalized: bool, effect: &events::Effect| {
            if let Some(k) = keys.iter_mut().find(|k: &&mut events::LearnKey| {
                k.pattern == pattern && k.normalized == normalized
            }) {
                // The same pattern taught twice by one decision vouches for both effects.
                if let Some(e) = &mut k.effect {
                    e.merge(effect);
                }
            } else {
                keys.push(events::LearnKey { pattern, normalized, effect: Some(effect.clone()) });
            }
        };
        if let Some(why) = not_learned_reason(&analysis, req) {
            return (Vec::new(), Some(why));
        }
        let whole = events::Effect::of(&analysis.risk);
        if analysis.commands.is_empty() && analysis.parsed {
            push(req.scope.clone(), false, &whole);
            if let Some(p) = normalize::other(&req.tool, &req.action, &req.scope, sensitive) {
                push(p, true, &whole);
            }
            return (keys, None);
        }
        push(req.scope.clone(), false, &whole);
        let tops: Vec<_> = analysis.commands.iter().filter(|c| c.command.top_level).collect();
        for c in &tops {
            let effect =
                if tops.len() > 1 { self.part_effect(req, &c.command.text) } else { whole.clone() };
            if tops.len() > 1 {
                push(c.command.text.clone(), false, &effect);
            }
            if let Some(p) = normalize::shell_command(&c.command, sensitive) {
                push(p, true, &effect);
            }
        }
        (keys, None)
    }
}

/// Why a human decision on `req` would teach nothing: a non-shell scope holding wildcards
/// (broad rules belong in policy, not in learning).
pub(super) fn not_learned_reason(analysis: &Analysis, req: &Request) -> Option<String> {
    (analysis.commands.is_empty() && analysis.parsed && crate::glob::has_wildcard(&req.scope))
        .then(|| "the scope holds wildcards: broad rules belong in policy.toml".to_string())
}
