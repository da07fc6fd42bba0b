//! Reads for humans and listings: open challenges and asks, agent prompts, learned patterns
//! and those like a request, policy suggestions, grants and artifacts.
//!
//! Nothing here journals. Reads go through the derived index (rebuilt once and read again if
//! a shard is corrupt); [`peek_pending_asks`] alone reads it without the store lock, for
//! shell completion, and may lag the journal.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::events::GrantEvent;
use super::policy::{self, Policy};
use super::request::{Decision, Request};
use super::state::{self, ChallengeState, PatternStats, State, stats_key};
use super::{Engine, learning};
use crate::error::Result;
use crate::risk::{self, Tier};
use crate::store::index::Index;
use crate::store::{Store, layout};

/// Open asks about one request, for `pending`.
#[derive(Debug, Clone, Serialize)]
pub struct PendingAsk {
    /// Open challenges asking about this request.
    pub count: u64,
    /// `seq` of the oldest of those checks.
    pub first_seq: u64,
    /// The newest challenge (the one to approve or deny).
    #[serde(flatten)]
    pub newest: ChallengeState,
}

/// A pattern with its status, for `patterns`.
#[derive(Debug, Clone, Serialize)]
pub struct PatternReport {
    /// The statistics.
    #[serde(flatten)]
    pub stats: PatternStats,
    /// Approval rate (time-weighted).
    pub rate: f64,
    /// Days since the newest counted decision.
    pub age_days: Option<f64>,
    /// Approvals still needed before the pattern allows by itself (0: it does; none: never).
    pub to_auto_allow: Option<u64>,
    /// Status at the time of the listing.
    #[serde(flatten)]
    pub status: learning::Status,
}

/// A learned pattern like the request, for `check --explain`.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarPattern {
    /// Tool.
    pub tool: String,
    /// Action.
    pub action: String,
    /// Exact scope or normalized pattern.
    pub pattern: String,
    /// True for a normalized pattern.
    pub normalized: bool,
    /// Similarity in [0, 1].
    pub similarity: f64,
    /// Approval rate (time-weighted).
    pub rate: f64,
    /// Counted decisions.
    pub decisions: u64,
    /// Distinct deciders.
    pub deciders: usize,
}

impl Engine {
    /// Look up a challenge (for showing it before a decision).
    pub fn challenge(&mut self, id: &str) -> Result<Option<ChallengeState>> {
        self.retrying(|e| e.state.challenge(id))
    }

    /// Open challenges (not consumed, not expired), oldest first.
    pub fn pending(&mut self, now: DateTime<Utc>) -> Result<Vec<ChallengeState>> {
        Ok(open_challenges(self.retrying(|e| e.state.all_challenges())?, now))
    }

    /// Open asks grouped by request (org, project, tool, action, scope and content): one
    /// entry per request with how many open challenges ask about it and the newest of them,
    /// oldest request first. Denies are not listed: nothing waits for a human there.
    pub fn pending_asks(&mut self, now: DateTime<Utc>) -> Result<Vec<PendingAsk>> {
        Ok(group_asks(self.pending(now)?))
    }

    /// Open agent permission prompts (see [`HookRef::prompt_from`](super::HookRef::prompt_from)), oldest first.
    pub fn prompts(&mut self) -> Result<Vec<state::PromptState>> {
        self.retrying(|e| e.state.prompts())
    }

    /// What learning recommends now about the request of challenge `c` (as `check` does,
    /// from its risk tier and the exact request's decisions so far).
    pub fn recommendation(
        &mut self,
        c: &ChallengeState,
        now: DateTime<Utc>,
    ) -> Result<learning::Recommendation> {
        let r = &c.request;
        let key = stats_key(&r.org, &r.project, &r.tool, &r.action, &r.scope, false);
        let exact = self.retrying(|e| e.state.stats(&key))?;
        Ok(learning::recommend(c.tier, exact.as_ref(), &self.config.learning, now))
    }

    /// Learned patterns with their status, most decisions first.
    pub fn patterns(&mut self, now: DateTime<Utc>) -> Result<Vec<PatternReport>> {
        let cfg = self.config.learning.clone();
        let mut v: Vec<PatternReport> = self
            .retrying(|e| e.state.all_stats())?
            .into_iter()
            .map(|s| {
                let status = learning::status(&s, &cfg, now);
                let age_days = s.newest.map(|t| {
                    (now.signed_duration_since(t.time()).num_seconds() as f64 / 86_400.0 * 10.0)
                        .round()
                        / 10.0
                });
                let to_auto_allow = learning::approvals_to_auto_allow(&s, &cfg, now);
                let rate = s.weighted_rate(now.timestamp_micros(), cfg.decay_half_life_days);
                PatternReport {
                    rate: (rate * 1000.0).round() / 1000.0,
                    age_days,
                    to_auto_allow,
                    stats: s,
                    status,
                }
            })
            .collect();
        v.sort_by(|a, b| {
            b.stats.total().cmp(&a.stats.total()).then_with(|| {
                (&a.stats.tool, &a.stats.action, &a.stats.pattern).cmp(&(
                    &b.stats.tool,
                    &b.stats.action,
                    &b.stats.pattern,
                ))
            })
        });
        Ok(v)
    }

    /// Up to `limit` learned patterns of the same org, tool and action most like `req`'s scope
    /// (similarity ≥ 0.3). Scans every pattern: for explanations, not for the check path.
    pub fn similar(
        &mut self,
        req: &Request,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<SimilarPattern>> {
        let half_life = self.config.learning.decay_half_life_days;
        let mut v: Vec<SimilarPattern> = self
            .retrying(|e| e.state.all_stats())?
            .into_iter()
            .filter(|s| s.org == req.org && s.tool == req.tool && s.action == req.action)
            .filter(|s| s.total() > 0 && (s.pattern != req.scope || s.normalized))
            .map(|s| SimilarPattern {
                similarity: (learning::similarity(&req.scope, &s.pattern) * 1000.0).round()
                    / 1000.0,
                rate: (s.weighted_rate(now.timestamp_micros(), half_life) * 1000.0).round()
                    / 1000.0,
                decisions: s.total(),
                deciders: s.deciders.len(),
                tool: s.tool,
                action: s.action,
                pattern: s.pattern,
                normalized: s.normalized,
            })
            .filter(|p| p.similarity >= 0.3)
            .collect();
        v.sort_by(|a, b| {
            b.similarity.total_cmp(&a.similarity).then_with(|| a.pattern.cmp(&b.pattern))
        });
        v.truncate(limit);
        Ok(v)
    }

    /// Allow rules proposed from learned patterns that allow by themselves, are not covered by
    /// the current policy, and are LOW or MEDIUM risk.
    pub fn suggest(&mut self, now: DateTime<Utc>) -> Result<Vec<policy::Suggestion>> {
        let mut p = Policy::load(&self.store.policy_file())?;
        p.trusted = true;
        let mut out = Vec::new();
        for r in self.patterns(now)? {
            if r.status != learning::Status::AutoAllow {
                continue;
            }
            let s = &r.stats;
            let tier = risk::classify(&s.tool, &s.action, s.pattern.trim_end_matches('*')).tier;
            if tier >= Tier::High {
                continue;
            }
            let scopes: Vec<String> = policy::scopes_for(&s.pattern, s.normalized)
                .into_iter()
                .filter(|scope| {
                    let probe = Request::new(&s.tool, &s.action, scope);
                    p.deny_rule(&probe).is_none()
                        && p.best(&probe).rule.is_none_or(|rule| rule.decision != Decision::Allow)
                })
                .collect();
            if scopes.is_empty() {
                continue;
            }
            out.push(policy::Suggestion {
                tool: s.tool.clone(),
                action: s.action.clone(),
                scopes,
                reason: format!(
                    "learned: {}{} approved {:.0}% of {} times by {} decider(s)",
                    s.pattern,
                    if s.normalized { " (pattern)" } else { "" },
                    r.rate * 100.0,
                    s.total(),
                    s.deciders.len()
                ),
            });
        }
        Ok(out)
    }

    /// Every grant, for listings.
    pub fn grants(&mut self) -> Result<Vec<GrantEvent>> {
        self.retrying(|e| e.state.all_grants())
    }

    /// Every artifact event, oldest first.
    pub fn artifacts(&mut self) -> Result<Vec<state::ArtifactEntry>> {
        self.retrying(|e| e.state.all_artifacts())
    }
}

/// Group open challenges (as [`Engine::pending`] lists them, oldest first) into asks per
/// request (org, project, tool, action, scope and content), as [`Engine::pending_asks`] does;
/// a door that filters the challenges first (by session, say) groups what is left with this.
/// Challenges whose verdict is not ask are dropped.
pub fn group_asks(challenges: Vec<ChallengeState>) -> Vec<PendingAsk> {
    let mut out: Vec<PendingAsk> = Vec::new();
    let mut at: std::collections::HashMap<[String; 6], usize> = std::collections::HashMap::new();
    for c in challenges {
        if c.verdict != Decision::Ask {
            continue;
        }
        let r = &c.request;
        let key =
            [&r.org, &r.project, &r.tool, &r.action, &r.scope, &r.content_hash].map(String::clone);
        if let Some(g) = at.get(&key).and_then(|&i| out.get_mut(i)) {
            g.count += 1;
            g.newest = c;
        } else {
            at.insert(key, out.len());
            out.push(PendingAsk { count: 1, first_seq: c.check_seq, newest: c });
        }
    }
    out
}

/// The open challenges among `all` (not consumed, not expired at `now`), oldest first.
fn open_challenges(all: Vec<ChallengeState>, now: DateTime<Utc>) -> Vec<ChallengeState> {
    let mut v: Vec<_> = all
        .into_iter()
        .filter(|c| c.consumed.is_none() && now <= c.challenge.expires_at.time())
        .collect();
    v.sort_by_key(|c| c.check_seq);
    v
}

/// The open asks of `store` as its index on disk has them, read without the store lock and
/// without writing anything (for shell completion). The index may lag the journal (a server
/// commits it every [`CACHE_DEFER`](super::CACHE_DEFER) events), so the newest asks may be missing; decisions
/// never rely on this.
pub fn peek_pending_asks(store: &Store, now: DateTime<Utc>) -> Result<Vec<PendingAsk>> {
    let mut state = State::new(Index::new(store.path(layout::INDEX)));
    Ok(group_asks(open_challenges(state.all_challenges()?, now)))
}
