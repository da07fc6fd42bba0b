//! `check` (decide and journal one tool call) and `explain` (what a call would do, decided
//! nothing).
//!
//! `check` analyses the request once: when a door shows the analysis it comes from the same
//! [`Engine::check_explained`] call that decided, never from a second analysis that could
//! disagree with the verdict.

use crate::engine::intel::Signal;
use crate::engine::{DecidedBy, Decision, Engine, HookRef, Request, SimilarPattern, Verdict};
use crate::error::Result;
use crate::risk::{self, Analysis};

use super::Access;

/// What a door wants besides the verdict.
#[derive(Debug, Clone, Copy, Default)]
pub struct Show {
    /// The risk analysis the decision was made on.
    pub analysis: bool,
    /// Up to this many learned patterns most like the request (0: none).
    pub similar: usize,
    /// The shared signal of the request's generalization (only with `[intel] enabled`).
    pub shared: bool,
}

/// A decided check.
#[derive(Debug)]
pub struct Checked {
    /// The verdict, journaled.
    pub verdict: Verdict,
    /// The analysis it was decided on ([`Show::analysis`]).
    pub analysis: Option<Analysis>,
    /// Learned patterns like it ([`Show::similar`]).
    pub similar: Option<Vec<SimilarPattern>>,
    /// The pooled signal ([`Show::shared`] and `[intel] enabled`).
    pub shared: Option<Signal>,
}

/// Decide `req`, journal the check, and gather what `show` asks for (under the same lock).
pub fn check<A: Access>(a: &mut A, req: &Request, show: Show) -> Result<Checked> {
    req.validate()?;
    let now = a.now()?;
    a.with_engine(now, |e| {
        let (verdict, analysis) = if show.analysis {
            let (v, an) = e.check_explained(req, now)?;
            (v, Some(an))
        } else {
            (e.check(req, now)?, None)
        };
        let similar =
            if show.similar > 0 { Some(e.similar(req, show.similar, now)?) } else { None };
        let shared =
            if show.shared { e.intel_signal(&req.tool, &req.action, &req.scope)? } else { None };
        Ok(Checked { verdict, analysis, similar, shared })
    })
}

/// Decide `req` for an agent's hook, as [`check`] does, journaled with `hook` so that a
/// prompt the agent shows can be resolved later.
pub fn check_hook<A: Access>(a: &mut A, req: &Request, hook: &HookRef) -> Result<Verdict> {
    req.validate()?;
    let now = a.now()?;
    a.with_engine(now, |e| e.check_hook(req, hook, now))
}

/// What a call would do, part by part (nothing decided or journaled).
#[derive(Debug)]
pub struct Explained {
    /// The analysis.
    pub analysis: Analysis,
    /// The pooled signal, with `[intel] enabled` (reading it takes the store lock).
    pub shared: Option<Signal>,
}

/// Analyse `req` under the configuration in force; `shared` also reads the pooled signal.
pub fn explain<A: Access>(a: &mut A, req: &Request, shared: bool) -> Result<Explained> {
    req.validate()?;
    let config = a.config()?;
    let analysis = risk::analyze_in(a.cwd(), &req.tool, &req.action, &req.scope, &config.risk.rule);
    let shared = if shared && config.intel.enabled {
        let now = a.now()?;
        a.with_engine(now, |e: &mut Engine| e.intel_signal(&req.tool, &req.action, &req.scope))?
    } else {
        None
    };
    Ok(Explained { analysis, shared })
}

/// One sentence per top-level part of the request, or the risk in words.
pub fn explanation(req: &Request, a: &Analysis) -> String {
    let parts: Vec<String> = a
        .commands
        .iter()
        .filter(|c| c.command.top_level)
        .map(|c| format!("`{}` {} ({})", c.command.text, c.explanation, c.risk.tier))
        .collect();
    let factors = if a.risk.factors.is_empty() {
        String::new()
    } else {
        format!(": {}", a.risk.factors.join(", "))
    };
    if parts.is_empty() {
        format!("{} {} on {}: risk {}{factors}", req.tool, req.action, req.scope, a.risk.tier)
    } else {
        format!("{}; overall risk {}{factors}", parts.join("; "), a.risk.tier)
    }
}

/// What an agent should do next with `v`, in one sentence.
pub fn next_step(v: &Verdict) -> String {
    let id = v.challenge.as_ref().map_or("", |c| c.id.as_str());
    match v.decision {
        Decision::Allow => "go ahead: the action is allowed".into(),
        Decision::Deny
            if matches!(
                v.decided_by,
                DecidedBy::PolicyDeny | DecidedBy::SelfProtection | DecidedBy::RateLimit
            ) =>
        {
            "do not run it: this deny is not overridden by a human decision".into()
        }
        Decision::Deny => format!(
            "do not run it; if a human decides it should run, they can approve challenge {id} \
             (`aiperture approve {id}`) and you check again"
        ),
        Decision::Ask => format!(
            "do not run it yet: ask the human to approve or deny challenge {id} (`aiperture \
             approve {id}` or `aiperture deny {id}`), then check again"
        ),
    }
}
