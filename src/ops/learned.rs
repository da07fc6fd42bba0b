//! What the store has learned and what waits for a human: learned patterns with their status,
//! and open asks grouped by request.

use crate::config::Learning;
use crate::engine::intel::Signal;
use crate::engine::learning::Status;
use crate::engine::{PatternReport, PendingAsk, group_asks};
use crate::error::Result;

use super::Access;

/// Which patterns to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct PatternFilter<'a> {
    /// Only this organisation's.
    pub org: Option<&'a str>,
    /// Only patterns with at least this many counted decisions.
    pub min_decisions: u64,
    /// Only patterns that allow by themselves now.
    pub auto_allow: bool,
    /// Also read each pattern's pooled signal (`[intel] enabled`).
    pub shared: bool,
}

/// Learned patterns, most decisions first.
#[derive(Debug)]
pub struct Patterns {
    /// The patterns.
    pub patterns: Vec<PatternReport>,
    /// Each pattern's pooled signal, in the same order ([`PatternFilter::shared`]; else empty).
    pub shared: Vec<Option<Signal>>,
    /// The learning settings the statuses were computed with.
    pub learning: Learning,
}

/// The learned patterns `f` selects.
pub fn patterns<A: Access>(a: &mut A, f: &PatternFilter<'_>) -> Result<Patterns> {
    let now = a.now()?;
    a.with_engine(now, |e| {
        let mut patterns = e.patterns(now)?;
        patterns.retain(|p| {
            f.org.is_none_or(|o| p.stats.org == o)
                && p.stats.total() >= f.min_decisions
                && (!f.auto_allow || p.status == Status::AutoAllow)
        });
        let mut shared = Vec::new();
        if f.shared {
            for p in &patterns {
                shared.push(e.intel_signal(&p.stats.tool, &p.stats.action, &p.stats.pattern)?);
            }
        }
        Ok(Patterns { patterns, shared, learning: e.config().learning.clone() })
    })
}

/// Open asks (not consumed, not expired), grouped by request, oldest first; only those of
/// `org` and `session` when given.
pub fn pending<A: Access>(
    a: &mut A,
    org: Option<&str>,
    session: Option<&str>,
) -> Result<Vec<PendingAsk>> {
    let now = a.now()?;
    let mut open = a.with_engine(now, |e| e.pending(now))?;
    open.retain(|p| {
        org.is_none_or(|o| p.request.org == o) && session.is_none_or(|s| p.request.session == s)
    });
    Ok(group_asks(open))
}
