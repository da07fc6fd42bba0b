//! What humans do besides answering challenges: task grants and their early end, revoking
//! learned decisions, applying a policy preset, and journaling configuration and policy-trust
//! changes.
//!
//! Invariants: names are checked ([`validate_name`]) and globs parsed before anything is
//! written; every operation is journaled durably (synced) before it returns; a grant that
//! could never apply is refused rather than journaled.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::Digest;

use super::events::{self, GrantEvent};
use super::policy;
use super::request::{self, Decision, validate_name};
use super::state::PatternStats;
use super::{Engine, presets, report};
use crate::error::{Error, Result};
use crate::glob::Glob;
use crate::risk::Tier;
use crate::store::trust;

/// A task grant as asked for by a human.
#[derive(Debug, Clone, Copy)]
pub struct GrantRequest<'a> {
    /// Organisation.
    pub org: &'a str,
    /// Task.
    pub task: &'a str,
    /// Tool glob.
    pub tool: &'a str,
    /// Action glob.
    pub action: &'a str,
    /// Scope glob.
    pub scope: &'a str,
    /// Decision.
    pub decision: Decision,
    /// Who grants.
    pub by: &'a str,
    /// Why.
    pub reason: &'a str,
    /// Time to live (none: until the task's grants are gone).
    pub ttl: Option<chrono::Duration>,
}

/// A revocation as asked for by a human.
#[derive(Debug, Clone, Copy)]
pub struct RevokeRequest<'a> {
    /// Organisation.
    pub org: &'a str,
    /// Tool.
    pub tool: &'a str,
    /// Action.
    pub action: &'a str,
    /// Glob over exact scopes and normalized patterns.
    pub pattern: &'a str,
    /// Who revokes.
    pub by: &'a str,
    /// Why.
    pub reason: &'a str,
}

/// What a revocation cancelled (or would cancel).
#[derive(Debug, Clone, Serialize)]
pub struct Revoked {
    /// The patterns whose decisions are cancelled, as they stood before.
    pub patterns: Vec<PatternStats>,
    /// Decisions cancelled.
    pub decisions: u64,
    /// Journal `seq` of the revoke event (none for a dry run).
    pub seq: Option<u64>,
}

impl Engine {
    /// Record a task grant made by a human.
    pub fn grant(&mut self, g: &GrantRequest<'_>, now: DateTime<Utc>) -> Result<GrantEvent> {
        for (field, v) in [("task", g.task), ("org", g.org), ("by", g.by)] {
            validate_name(&format!("grant {field}"), v, true)?;
        }
        for (field, p) in [("tool", g.tool), ("action", g.action), ("scope", g.scope)] {
            Glob::new(p).map_err(|e| Error::Invalid(format!("grant {field} glob {p:?}: {e}")))?;
            if p.len() > request::MAX_SCOPE || p.contains('\0') {
                return Err(Error::Invalid(format!("grant {field} is too long or has a NUL byte")));
            }
        }
        if let Some(why) = self.grant_never_applies(g) {
            return Err(Error::Invalid(format!("grant would never apply: {why}")));
        }
        let expires_at = match g.ttl {
            Some(ttl) if ttl <= chrono::Duration::zero() => {
                return Err(Error::Invalid("grant ttl must be positive".into()));
            }
            Some(ttl) => Some(crate::clock::Timestamp::from(
                now.checked_add_signed(ttl).ok_or_else(|| {
                    Error::Invalid("grant ttl is out of range: the expiry would overflow".into())
                })?,
            )),
            None => None,
        };
        let mut id = [0u8; 10];
        getrandom::fill(&mut id)
            .map_err(|e| Error::Invalid(format!("cannot read random bytes: {e}")))?;
        let ev = GrantEvent {
            grant: format!("gr_{}", crate::encoding::base32(&id)),
            org: g.org.to_string(),
            task: g.task.to_string(),
            tool: g.tool.to_string(),
            action: g.action.to_string(),
            scope: g.scope.to_string(),
            decision: g.decision,
            by: g.by.to_string(),
            reason: g.reason.to_string(),
            expires_at,
        };
        self.append(&ev, now, true)?;
        Ok(ev)
    }

    /// Why an allow grant with wildcards could never allow anything: what its scope matches
    /// is CRITICAL, which only a grant without wildcards allows (step 5). Judged for a
    /// literal tool and action and a scope whose only wildcard is `*`, by the risk of the
    /// scope with every `*` matching nothing and matching a plain word: both CRITICAL.
    fn grant_never_applies(&self, g: &GrantRequest<'_>) -> Option<String> {
        use crate::glob::has_wildcard;
        if g.decision != Decision::Allow
            || has_wildcard(g.tool)
            || has_wildcard(g.action)
            || !has_wildcard(g.scope)
            || g.scope.contains(['?', '['])
        {
            return None;
        }
        let critical = ["", "x"].iter().all(|fill| {
            self.analyze(g.tool, g.action, &g.scope.replace('*', fill)).risk.tier == Tier::Critical
        });
        critical.then(|| {
            format!(
                "what {:?} matches is CRITICAL risk, and a grant with wildcards never allows a \
                 CRITICAL request; grant the exact {} instead, without wildcards",
                g.scope,
                if g.tool == "shell" { "command" } else { "scope" }
            )
        })
    }

    /// End grant `id` before its time.
    pub fn revoke_grant(&mut self, id: &str, by: &str, now: DateTime<Utc>) -> Result<GrantEvent> {
        validate_name("the revoker's name", by, true)?;
        let Some(g) = self.grants()?.into_iter().find(|g| g.grant == id.trim()) else {
            return Err(Error::NotFound(format!("no grant {}", id.trim())));
        };
        let ev = events::GrantRevokeEvent {
            grant: g.grant.clone(),
            org: g.org.clone(),
            task: g.task.clone(),
            by: by.to_string(),
        };
        self.append(&ev, now, true)?;
        Ok(g)
    }

    /// Cancel every earlier human decision on patterns `pattern` covers (a glob over exact
    /// scopes and normalized patterns of `tool`/`action`), and drop session memory of them.
    /// With `dry_run`, only report what would be cancelled.
    pub fn revoke(
        &mut self,
        r: &RevokeRequest<'_>,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<Revoked> {
        for (field, v) in [("tool", r.tool), ("action", r.action), ("org", r.org), ("by", r.by)] {
            validate_name(&format!("revoke {field}"), v, true)?;
        }
        if r.pattern.is_empty() || r.pattern.len() > request::MAX_SCOPE || r.pattern.contains('\0')
        {
            return Err(Error::Invalid("the pattern must be 1 byte to 64 KiB, without NUL".into()));
        }
        let covered: Vec<PatternStats> = self
            .retrying(|e| e.state.covered_by(r.org, r.tool, r.action, r.pattern))?
            .into_iter()
            .filter(|s| s.total() > 0)
            .collect();
        let dir = self.writer.dir().to_path_buf();
        let decisions = report::live_decisions_covered(&dir, r.org, r.tool, r.action, r.pattern)?;
        let seq = if dry_run {
            None
        } else {
            let ev = events::RevokeEvent {
                org: r.org.to_string(),
                tool: r.tool.to_string(),
                action: r.action.to_string(),
                pattern: r.pattern.to_string(),
                by: r.by.to_string(),
                reason: r.reason.to_string(),
                decisions,
            };
            Some(self.append(&ev, now, true)?.seq)
        };
        Ok(Revoked { patterns: covered, decisions, seq })
    }

    /// Append preset `name` to the store's policy, trust the result and journal it, all under
    /// this engine's lock.
    pub fn bootstrap(&mut self, name: &str, now: DateTime<Utc>) -> Result<events::PresetEvent> {
        let path = self.store.policy_file();
        let current = match crate::store::fsutil::read_optional(&path)? {
            Some(b) => String::from_utf8(b).map_err(|_| Error::Policy {
                path: path.clone(),
                message: "not valid UTF-8".into(),
            })?,
            None => String::new(),
        };
        let before = policy::parse(&current, &path)?.len();
        let config_was_trusted =
            trust::config_trusted(&self.store, &trust::file_sha256(&self.store.config_file())?)?;
        let next = presets::apply(&current, name)?;
        let after = policy::parse(&next, &path)?.len();
        crate::store::fsutil::write_atomic(
            &path,
            next.as_bytes(),
            crate::store::fsutil::Sync::Durable,
        )?;
        let sha256 = crate::encoding::hex(&sha2::Sha256::digest(next.as_bytes()));
        trust::retrust_policy(&self.store, &sha256, config_was_trusted)?;
        let ev = events::PresetEvent {
            preset: name.to_string(),
            file: path.display().to_string(),
            sha256,
            rules: after - before,
        };
        self.append(&ev, now, true)?;
        Ok(ev)
    }

    /// Journal a configuration change (the caller wrote the file under this engine's lock).
    pub fn journal_config(&mut self, ev: &events::ConfigEvent, now: DateTime<Utc>) -> Result<u64> {
        Ok(self.append(ev, now, true)?.seq)
    }

    /// Journal a policy trust.
    pub fn journal_policy(&mut self, ev: &events::PolicyEvent, now: DateTime<Utc>) -> Result<u64> {
        Ok(self.append(ev, now, true)?.seq)
    }
}
