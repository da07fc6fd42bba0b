//! The decision order and its steps (the table is in the module doc of `engine`): the first
//! step that decides wins, from self-protection to the configured default.
//!
//! Nothing here journals: the steps read the loaded index, the policy and the configuration,
//! and return a `Tentative` decision that `check.rs` journals. Guards: learning never allows
//! HIGH or CRITICAL, nor beyond the effect the approvals behind a pattern were on; a policy
//! rule with wildcards never allows HIGH or CRITICAL, a grant with wildcards never CRITICAL;
//! a compound command is allowed by its parts only when every part is, each judged on its
//! own. The session's steps (the rate limit, session memory, and the risk budget an automatic
//! allow must still fit) are in `session.rs`.

use chrono::{DateTime, Utc};

use super::events::{self, GrantEvent};
use super::policy::{Policy, RuleRef};
use super::request::{Decision, Request};
use super::state::{self, stats_key};
use super::verdict::{DecidedBy, LearnedInfo};
use super::{Engine, learning, protect, session};
use crate::config::DefaultDecision;
use crate::error::Result;
use crate::glob::Glob;
use crate::risk::{self, Analysis, RiskAssessment, Tier};
use crate::scope::normalize;

impl Engine {
    pub(super) fn decide(
        &mut self,
        req: &Request,
        analysis: &Analysis,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Result<Tentative> {
        let session = self.session_of(req)?;
        let mut d = self.decide_steps(req, analysis, policy, &session, now)?;
        if !req.session.is_empty() && d.decided_by != DecidedBy::SessionMemory {
            // The same request decided in this session for other content is not reused, and
            // the verdict says so.
            d.content_changed = session::content_changed(req, &session);
        }
        Ok(d)
    }

    fn decide_steps(
        &mut self,
        req: &Request,
        analysis: &Analysis,
        policy: &Policy,
        session: &state::SessionState,
        now: DateTime<Utc>,
    ) -> Result<Tentative> {
        let risk = &analysis.risk;

        // 1. Self-protection.
        if let Some(t) = self.self_protection(req, analysis) {
            return Ok(t);
        }

        // 2. Rate limit (every session, the anonymous one included).
        if let Some(t) = self.rate_limited(session, now) {
            return Ok(t);
        }

        // The parts of a compound shell command, each judged on its own below, with the
        // normalized pattern each would be learned under.
        let sensitive = self.sensitive();
        let tops: Vec<&risk::CommandRisk> =
            analysis.commands.iter().filter(|c| c.command.top_level).collect();
        let parts: Vec<(Request, Option<String>)> = tops
            .iter()
            .map(|c| {
                (
                    Request { scope: c.command.text.clone(), ..req.clone() },
                    normalize::shell_command(&c.command, sensitive),
                )
            })
            .collect();
        let compound = parts.len() > 1;
        let whole_pattern = match (analysis.commands.is_empty(), parts.as_slice()) {
            (true, _) => normalize::other(&req.tool, &req.action, &req.scope, sensitive),
            (false, [(_, p)]) => p.clone(),
            _ => None,
        };

        // 3. Policy deny rules, on the whole request and on every part.
        if let Some(t) =
            policy_denied(req, parts.iter().filter(|_| compound).map(|(r, _)| r), policy)
        {
            return Ok(t);
        }

        // 4a. A human approved this exact request (any session): let it through once.
        if let Some(a) = self.state.allowance(&req.identity(), now.timestamp_micros())? {
            let mut t = Tentative::new(
                Decision::Allow,
                DecidedBy::HumanApproval,
                format!(
                    "a human approved this exact request (challenge {}); allowed once",
                    a.challenge
                ),
            );
            t.approval = Some(a.challenge);
            return Ok(t);
        }

        // 4b. Session memory (never reused for CRITICAL).
        if let Some(t) = session::remembered(req, risk, session) {
            return Ok(t);
        }

        // 5–7. Grants, learning and policy allow/ask rules: on the request as a whole, and for
        // a compound command, on every part (allowed only when every part is allowed).
        let mut d = Tentative::new(Decision::Ask, DecidedBy::Default, String::new());
        let whole_effect = events::Effect::of(risk);
        let whole = self.automatic(
            req,
            whole_pattern.as_deref(),
            risk,
            &whole_effect,
            policy,
            now,
            compound,
        )?;
        if let Some(mut t) = whole.decided {
            t.learned = whole.learned;
            t.untrusted_allow_ignored = whole.untrusted_allow_ignored;
            return Ok(self.finish(t, req, risk, session));
        }
        d.learned = whole.learned;
        d.untrusted_allow_ignored = whole.untrusted_allow_ignored;
        if compound {
            let mut reasons = Vec::new();
            let mut all_allowed = true;
            for ((part, pattern), top) in parts.iter().zip(&tops) {
                // The part's own effect, at least as risky as the part is where it stands
                // (`cd ~/.ssh && head id_rsa`: `head id_rsa` alone reads nothing secret).
                let mut effect = self.part_effect(req, &part.scope);
                effect.tier = effect.tier.max(top.risk.tier);
                let out =
                    self.automatic(part, pattern.as_deref(), risk, &effect, policy, now, false)?;
                d.untrusted_allow_ignored |= out.untrusted_allow_ignored;
                match out.decided {
                    Some(t) if t.decision == Decision::Deny => {
                        let mut t = t;
                        t.reason = format!("part `{}`: {}", part.scope, t.reason);
                        return Ok(t);
                    }
                    Some(t) if t.decision == Decision::Allow => {
                        reasons.push(format!("`{}` ({})", part.scope, t.decided_by.as_str()));
                    }
                    _ => {
                        all_allowed = false;
                        if d.reason.is_empty() {
                            d.reason = format!(
                                "part `{}` of this compound command is not allowed on its own",
                                part.scope
                            );
                        }
                    }
                }
            }
            if all_allowed {
                let t = Tentative::new(
                    Decision::Allow,
                    DecidedBy::Compound,
                    format!("every part is allowed: {}", reasons.join(", ")),
                );
                return Ok(self.finish(t, req, risk, session));
            }
        }
        if let Some(r) = whole.blocked_reason
            && d.reason.is_empty()
        {
            d.reason = r;
        }

        // 8. Default.
        d.decision = match self.config.decision.default {
            DefaultDecision::Ask => Decision::Ask,
            DefaultDecision::Deny => Decision::Deny,
        };
        d.decided_by = DecidedBy::Default;
        if d.reason.is_empty() {
            d.reason = if d.untrusted_allow_ignored {
                "an allow rule matched, but this project's policy is not trusted yet \
                 (`aiperture policy trust`)"
                    .into()
            } else {
                "no policy rule or learned pattern decides this request".into()
            };
        }
        Ok(d)
    }

    /// Step 1: the deny of self-protection, if the request touches what protects the store.
    pub(super) fn self_protection(&self, req: &Request, analysis: &Analysis) -> Option<Tentative> {
        let places =
            self.memo.places.get_or_init(|| protect::Places::new(&self.store, self.cwd.as_deref()));
        protect::violation(req, analysis, places)
            .map(|why| Tentative::new(Decision::Deny, DecidedBy::SelfProtection, why))
    }

    /// Steps 5–7 for one request (the whole, or one part of a compound command). With
    /// `literal_only`, rules and grants decide only when they have no wildcard (a compound
    /// line as a whole is judged only by what names it exactly; its parts are judged one by
    /// one). The guards use the risk of the whole request.
    #[allow(clippy::too_many_arguments)]
    fn automatic(
        &mut self,
        req: &Request,
        pattern: Option<&str>,
        risk: &RiskAssessment,
        effect: &events::Effect,
        policy: &Policy,
        now: DateTime<Utc>,
        literal_only: bool,
    ) -> Result<Automatic> {
        let mut out = Automatic::default();

        // 5. Task grants: the most specific live grant of this task.
        if !req.task.is_empty()
            && let Some(g) = self.best_grant(req, now)?
        {
            let literal =
                [&g.tool, &g.action, &g.scope].iter().all(|p| !crate::glob::has_wildcard(p));
            let critical_blocked =
                g.decision == Decision::Allow && risk.tier == Tier::Critical && !literal;
            if (literal || !literal_only) && !critical_blocked {
                let mut t = Tentative::new(
                    g.decision,
                    DecidedBy::TaskGrant,
                    if g.reason.is_empty() {
                        format!(
                            "grant {} for task {} says {}",
                            g.grant,
                            g.task,
                            g.decision.as_str()
                        )
                    } else {
                        g.reason.clone()
                    },
                );
                t.grant = Some(g.grant.clone());
                out.decided = Some(t);
                return Ok(out);
            }
        }

        // 6. Learned patterns: the exact request (min_decisions), then its normalized
        // pattern (twice as many).
        let mut candidates = vec![(req.scope.clone(), false)];
        if let Some(p) = pattern {
            candidates.push((p.to_string(), true));
        }
        for (text, normalized) in candidates {
            let key = stats_key(&req.org, &req.project, &req.tool, &req.action, &text, normalized);
            let Some(found) = self.state.stats(&key)? else { continue };
            let status = learning::status(&found, &self.config.learning, now);
            let info = LearnedInfo {
                status: status.clone(),
                pattern: text.clone(),
                normalized,
                allows: found.allows,
                denies: found.denies,
                rate: (found.weighted_rate(
                    now.timestamp_micros(),
                    self.config.learning.decay_half_life_days,
                ) * 1000.0)
                    .round()
                    / 1000.0,
                deciders: found.deciders.len(),
                newest: found.newest,
                effect_changed: None,
            };
            if out.learned.is_none() || status.decision().is_some() {
                out.learned = Some(info);
            }
            let what = if normalized { format!("requests like `{text}`") } else { "this".into() };
            match status.decision() {
                Some(Decision::Deny) => {
                    out.decided = Some(Tentative::new(
                        Decision::Deny,
                        DecidedBy::AutoLearned,
                        format!("humans denied {what} {} of {} times", found.denies, found.total()),
                    ));
                    return Ok(out);
                }
                Some(Decision::Allow) if risk.tier < Tier::High => {
                    // Learning never widens across a change of effect: the request's own
                    // factors and tier must fit inside those the approvals were on.
                    let approved = found.effect.clone().unwrap_or_else(events::Effect::unknown);
                    if let Some(why) = approved.uncovered(effect) {
                        let why = format!("humans approved {what}, but {why}");
                        if let Some(info) = &mut out.learned
                            && info.pattern == text
                            && info.normalized == normalized
                        {
                            info.effect_changed = Some(why.clone());
                        }
                        out.blocked_reason.get_or_insert(why);
                        continue;
                    }
                    out.decided = Some(Tentative::new(
                        Decision::Allow,
                        DecidedBy::AutoLearned,
                        format!(
                            "humans approved {what} {} of {} times",
                            found.allows,
                            found.total()
                        ),
                    ));
                    return Ok(out);
                }
                _ => {}
            }
        }

        // 7. Policy allow/ask rules, most specific first. An untrusted ask rule never displaces
        // a default of deny: a cloned repository would turn the user's deny into ask, which a
        // hook leaves to the agent's own (possibly permissive) rules.
        let m = policy.best(req);
        out.untrusted_allow_ignored = m.untrusted_allow_ignored;
        let default_denies = self.config.decision.default == DefaultDecision::Deny;
        if let Some(rule) = m.rule
            && (rule.is_literal() || !literal_only)
            && !(rule.decision == Decision::Ask && !policy.trusted && default_denies)
        {
            // A wildcard rule was written for the everyday forms of a command (`head *`); it
            // never allows a form the risk analysis finds HIGH or CRITICAL (`head -c 400
            // ~/.ssh/id_rsa`, `make --eval=…`): those need a human or a rule without wildcards.
            let wide_blocked = rule.decision == Decision::Allow
                && (risk.tier == Tier::Critical || effect.tier >= Tier::High)
                && !rule.is_literal();
            if wide_blocked {
                out.blocked_reason = Some(format!(
                    "policy rule {} would allow this, but {} requests need a human or a rule \
                     without wildcards",
                    rule.number,
                    effect.tier.max(risk.tier).as_str().to_ascii_uppercase()
                ));
            } else {
                let mut t = Tentative::new(
                    rule.decision,
                    DecidedBy::Policy,
                    rule.reason.clone().unwrap_or_else(|| {
                        format!("policy rule {} says {}", rule.number, rule.decision.as_str())
                    }),
                );
                t.rule = Some(rule.reference(&policy.path));
                out.decided = Some(t);
            }
        }
        Ok(out)
    }

    /// The most specific live grant of `req.task` matching `req` (deny > ask > allow on a tie).
    fn best_grant(&mut self, req: &Request, now: DateTime<Utc>) -> Result<Option<GrantEvent>> {
        let mut best: Option<(usize, u8, GrantEvent)> = None;
        for g in self.state.grants(&req.org, &req.task)? {
            if g.expires_at.is_some_and(|e| now >= e.time()) {
                continue;
            }
            let globs = [&g.tool, &g.action, &g.scope].map(|p| Glob::lenient(p));
            if !(globs[0].matches(&req.tool)
                && globs[1].matches(&req.action)
                && globs[2].matches(&req.scope))
            {
                continue;
            }
            let spec: usize = globs.iter().map(Glob::literal_len).sum();
            let rank = (spec, g.decision.precedence());
            if best.as_ref().is_none_or(|(s, p, _)| rank > (*s, *p)) {
                best = Some((rank.0, rank.1, g));
            }
        }
        Ok(best.map(|(_, _, g)| g))
    }

    /// The configured sensitive-path globs.
    pub(super) fn sensitive(&self) -> &[Glob] {
        self.memo.sensitive.get_or_init(|| {
            self.config.scope.sensitive_patterns.iter().map(|p| Glob::lenient(p)).collect()
        })
    }

    /// The effect signature of one part of a compound command, analysed on its own (with
    /// whatever it nests), the same way when a decision is recorded and when a request is
    /// checked.
    pub(super) fn part_effect(&self, req: &Request, part: &str) -> events::Effect {
        events::Effect::of(&self.analyze(&req.tool, &req.action, part).risk)
    }
}

/// Step 3: the first policy deny rule matching the request or one of `parts`.
pub(super) fn policy_denied<'a>(
    req: &'a Request,
    parts: impl Iterator<Item = &'a Request>,
    policy: &Policy,
) -> Option<Tentative> {
    for (i, r) in std::iter::once(req).chain(parts).enumerate() {
        if let Some(rule) = policy.deny_rule(r) {
            let why = rule
                .reason
                .clone()
                .unwrap_or_else(|| format!("denied by policy rule {}", rule.number));
            let mut out = Tentative::new(
                Decision::Deny,
                DecidedBy::PolicyDeny,
                if i == 0 { why } else { format!("part `{}`: {why}", r.scope) },
            );
            out.rule = Some(rule.reference(&policy.path));
            return Some(out);
        }
    }
    None
}

/// What steps 5–7 said about one request.
#[derive(Debug, Default)]
struct Automatic {
    decided: Option<Tentative>,
    learned: Option<LearnedInfo>,
    untrusted_allow_ignored: bool,
    blocked_reason: Option<String>,
}

/// A decision in the making.
#[derive(Debug)]
pub(super) struct Tentative {
    pub(super) decision: Decision,
    pub(super) decided_by: DecidedBy,
    pub(super) reason: String,
    pub(super) rule: Option<RuleRef>,
    pub(super) learned: Option<LearnedInfo>,
    pub(super) grant: Option<String>,
    pub(super) untrusted_allow_ignored: bool,
    pub(super) content_changed: bool,
    pub(super) risk_points: u64,
    pub(super) approval: Option<String>,
}

impl Tentative {
    pub(super) fn new(decision: Decision, decided_by: DecidedBy, reason: String) -> Tentative {
        Tentative {
            decision,
            decided_by,
            reason,
            rule: None,
            learned: None,
            grant: None,
            untrusted_allow_ignored: false,
            content_changed: false,
            risk_points: 0,
            approval: None,
        }
    }
}
