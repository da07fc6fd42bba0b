//! Agent outputs in the content-addressed store: keep one, list, show, verify, and what they
//! cost.
//!
//! An artifact is resolved from its id or a unique prefix of at least 8 hex digits by one
//! function ([`crate::engine::report::resolve_artifact`]), whichever door asks. Objects are
//! immutable and re-hashed on every read, so reading content needs no lock; the list of
//! artifacts comes from the index, under the lock.

use std::collections::BTreeSet;

use crate::engine::Engine;
use crate::engine::events::ArtifactEvent;
use crate::engine::report::{self, CostsReport};
use crate::engine::state::ArtifactEntry;
use crate::error::{Error, Result};
use crate::store::artifacts::{Objects, ObjectsReport, parse_usd_micros};
use crate::store::layout;

use super::Access;

/// Dollars as text (`"0.0123"`, at most 6 decimals) in micro-dollars; `what` names the
/// argument in the error.
pub fn parse_cost(what: &str, text: &str) -> Result<u64> {
    parse_usd_micros(text).ok_or_else(|| {
        Error::Invalid(format!(
            "{what}: expected dollars with at most 6 decimals, such as 0.0123, got {text:?}"
        ))
    })
}

/// Dollars given as a JSON string or number (the seed's `cost_usd`), in micro-dollars;
/// absent or null is 0.
pub fn cost_value(what: &str, v: Option<&serde_json::Value>) -> Result<u64> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(0),
        Some(serde_json::Value::String(t)) => parse_cost(what, t),
        Some(other) => parse_cost(what, &other.to_string()),
    }
}

/// Keep `content` and journal `meta` (its digest and size are filled in).
pub fn store<A: Access>(a: &mut A, content: &[u8], meta: &ArtifactEvent) -> Result<ArtifactEntry> {
    let now = a.now()?;
    a.with_engine(now, |e| e.store_artifact(content, meta, now))
}

/// Which artifacts to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct ArtifactFilter<'a> {
    /// Only this task's.
    pub task: Option<&'a str>,
    /// Only this organisation's.
    pub org: Option<&'a str>,
}

/// Every artifact entry `f` selects, oldest first.
pub fn list<A: Access>(a: &mut A, f: &ArtifactFilter<'_>) -> Result<Vec<ArtifactEntry>> {
    let now = a.now()?;
    let mut all = a.with_engine(now, Engine::artifacts)?;
    all.retain(|e| {
        f.task.is_none_or(|t| e.event.task == t) && f.org.is_none_or(|o| e.event.org == o)
    });
    Ok(all)
}

/// One artifact: every entry that stored it and, when asked, its content.
#[derive(Debug)]
pub struct Shown {
    /// Its digest.
    pub digest: String,
    /// Its size in bytes.
    pub size: u64,
    /// The entries that stored it, oldest first.
    pub entries: Vec<ArtifactEntry>,
    /// The content (re-hashed on read), when it is at most the `content_limit` asked for.
    pub content: Option<Vec<u8>>,
}

/// The artifact `id` names; its content too when at most `content_limit` bytes.
pub fn show<A: Access>(a: &mut A, id: &str, content_limit: u64) -> Result<Shown> {
    let all = list(a, &ArtifactFilter::default())?;
    let digest = report::resolve_artifact(&all, id)?;
    let entries: Vec<ArtifactEntry> =
        all.into_iter().filter(|e| e.event.digest == digest).collect();
    let size = entries.first().map_or(0, |e| e.event.size);
    let content = if size <= content_limit {
        Some(Objects::new(a.store().path(layout::OBJECTS)).get(&digest)?)
    } else {
        None
    };
    Ok(Shown { digest, size, entries, content })
}

/// Re-hash the artifact `id` names (`None`: every artifact; `orphans`: also report objects
/// no artifact names). The digest is the one `id` resolved to.
pub fn verify<A: Access>(
    a: &mut A,
    id: Option<&str>,
    orphans: bool,
) -> Result<(Option<String>, ObjectsReport)> {
    let now = a.now()?;
    a.with_engine(now, |e| {
        let all = e.artifacts()?;
        let (digest, known): (Option<String>, BTreeSet<String>) = match id {
            Some(id) => {
                let d = report::resolve_artifact(&all, id)?;
                (Some(d.clone()), [d].into_iter().collect())
            }
            None => (None, all.iter().map(|e| e.event.digest.clone()).collect()),
        };
        Ok((digest, e.objects().verify(&known, orphans)?))
    })
}

/// What the artifacts `f` selects cost, in total and grouped `by` provider, model or task.
pub fn costs<A: Access>(
    a: &mut A,
    f: &ArtifactFilter<'_>,
    by: Option<&str>,
) -> Result<CostsReport> {
    report::costs(&list(a, f)?, by)
}
