//! Human decisions: record an approval or denial of a challenge, grant a task, revoke learned
//! decisions or a grant.
//!
//! The decider is whoever the door authenticated (the CLI's user, the HTTP admin key, an MCP
//! client when the configuration allows it); a name a request body claims is never journaled
//! as the decider. Each operation is one engine call under the store lock, journaled.

use chrono::Duration;

use crate::engine::Engine;
use crate::engine::events::GrantEvent;
use crate::engine::{GrantRequest, HumanDecision, Recorded, RevokeRequest, Revoked};
use crate::error::{Error, Result};

use super::Access;

/// Record a human decision on a challenge; `h.expect`, when given, must be the request the
/// challenge was issued for (a different one is refused as `mismatch`).
pub fn record<A: Access>(a: &mut A, h: &HumanDecision<'_>) -> Result<Recorded> {
    if let Some(req) = h.expect {
        req.validate()?;
    }
    let now = a.now()?;
    a.with_engine(now, |e| e.record(h, now))
}

/// A grant's lifetime as a duration text (`90s`, `15m`, `8h`, `7d`), named `what` in errors.
pub fn parse_ttl(what: &str, text: &str) -> Result<Duration> {
    crate::clock::parse_duration(text).ok_or_else(|| {
        Error::Invalid(format!(
            "{what}: expected a duration such as 90s, 15m, 8h or 7d, got {text:?}"
        ))
    })
}

/// Grant a task what `g` says, for `g.ttl` or until revoked.
pub fn grant<A: Access>(a: &mut A, g: &GrantRequest<'_>) -> Result<GrantEvent> {
    let now = a.now()?;
    a.with_engine(now, |e| e.grant(g, now))
}

/// Every grant, expired ones too; only `task`'s when given.
pub fn grants<A: Access>(a: &mut A, task: Option<&str>) -> Result<Vec<GrantEvent>> {
    let now = a.now()?;
    let mut all = a.with_engine(now, Engine::grants)?;
    if let Some(task) = task {
        all.retain(|g| g.task == task);
    }
    Ok(all)
}

/// End grant `id` before its time.
pub fn revoke_grant<A: Access>(a: &mut A, id: &str, by: &str) -> Result<GrantEvent> {
    let now = a.now()?;
    a.with_engine(now, |e| e.revoke_grant(id, by, now))
}

/// Cancel every earlier human decision `r`'s pattern covers (`dry_run`: only say which).
pub fn revoke<A: Access>(a: &mut A, r: &RevokeRequest<'_>, dry_run: bool) -> Result<Revoked> {
    let now = a.now()?;
    a.with_engine(now, |e| e.revoke(r, dry_run, now))
}
