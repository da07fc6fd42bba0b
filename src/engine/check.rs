//! [`Engine::check`]: validate the request, analyse its risk, decide (`decide.rs`), give a
//! verdict other than allow its challenge, journal the check, and build the [`Verdict`].
//!
//! Invariants: every check is journaled before its verdict is returned, and a check that
//! cannot be journaled is an error, never an allow. One agent tool call gets one challenge: a
//! later hook event of the same call (same agent and correlation key) reuses the open
//! challenge issued for the same request and verdict, so a human decides and learning counts
//! once per call. The policy with its trust, and the inbox listing, are kept between checks
//! of a long-running server while the files behind them keep their stamps.

use chrono::{DateTime, Utc};

use super::events::{CheckEvent, HookRef, VerdictRecord};
use super::policy::Policy;
use super::record::not_learned_reason;
use super::request::{Decision, Request};
use super::state::stats_key;
use super::verdict::{ChallengeOut, Verdict};
use super::{Engine, PolicyMemo, challenge, learning};
use crate::error::Result;
use crate::risk::Analysis;
use crate::store::fsutil::{Seen, Stamp};
use crate::store::{layout, trust};

impl Engine {
    /// Decide on `req` and journal the check.
    pub fn check(&mut self, req: &Request, now: DateTime<Utc>) -> Result<Verdict> {
        self.retrying(|e| e.check_once(req, now, None)).map(|(v, _)| v)
    }

    /// [`Engine::check`], also returning the risk analysis the decision was made on (so a
    /// caller that shows it does not analyse the request a second time).
    pub fn check_explained(
        &mut self,
        req: &Request,
        now: DateTime<Utc>,
    ) -> Result<(Verdict, Analysis)> {
        self.retrying(|e| e.check_once(req, now, None))
    }

    /// Decide `req` for an agent hook: the same decision as [`Engine::check`], journaled with
    /// `hook` so that a prompt the agent shows can be resolved later (see [`Engine::prompts`]).
    pub fn check_hook(
        &mut self,
        req: &Request,
        hook: &HookRef,
        now: DateTime<Utc>,
    ) -> Result<Verdict> {
        self.retrying(|e| e.check_once(req, now, Some(hook))).map(|(v, _)| v)
    }

    fn check_once(
        &mut self,
        req: &Request,
        now: DateTime<Utc>,
        hook: Option<&HookRef>,
    ) -> Result<(Verdict, Analysis)> {
        req.validate()?;
        crate::store::fault::panic_point();
        let analysis = self.analyze(&req.tool, &req.action, &req.scope);
        let risk = analysis.risk.clone();
        let policy = self.trusted_policy()?;
        let mut d = self.decide(req, &analysis, &policy, now)?;
        if let Some(why) = &self.fallback {
            d.reason =
                format!("decided on this machine, not by the team server ({why}): {}", d.reason);
        }

        // Another event of a tool call already answered: one call, one challenge.
        let reused = if d.decision == Decision::Allow {
            None
        } else {
            self.open_call_challenge(req, d.decision, hook, now)?
        };
        let fresh = d.decision != Decision::Allow && reused.is_none();
        let challenge = if fresh {
            Some(challenge::issue(&self.secret, req, d.decision, now, self.config.challenge_ttl())?)
        } else {
            reused
        };
        let record = VerdictRecord {
            decision: d.decision,
            decided_by: d.decided_by.as_str().to_string(),
            reason: d.reason.clone(),
            risk: risk.clone(),
            challenge: challenge.clone(),
            rule: d.rule.clone(),
            grant: d.grant.clone(),
            risk_points: d.risk_points,
            approval: d.approval.clone().filter(|_| d.decision == Decision::Allow),
        };
        let a = self.append(
            &CheckEvent {
                request: req.clone(),
                verdict: record,
                hook: hook.cloned(),
                fallback: self.fallback.clone(),
            },
            now,
            false,
        )?;
        if d.decision == Decision::Ask && fresh {
            // Best effort: the inbox only helps a human find the challenge from elsewhere;
            // failing to list the store changes nothing about the verdict. A reused challenge
            // was listed with its first event.
            self.note_in_inbox();
        }
        let key = stats_key(&req.org, &req.project, &req.tool, &req.action, &req.scope, false);
        let exact = self.state.stats(&key)?;
        let mut recommendation =
            learning::recommend(risk.tier, exact.as_ref(), &self.config.learning, now);
        if let Some(why) = d.learned.as_ref().and_then(|l| l.effect_changed.as_ref())
            && d.decision != Decision::Allow
            && recommendation.code != "caution"
        {
            // Approved before, but for another effect: not something to approve by rote.
            recommendation = learning::Recommendation {
                code: "review".into(),
                text: format!("{why}: review this one on its own."),
            };
        }
        let not_learned =
            if d.decision == Decision::Allow { None } else { not_learned_reason(&analysis, req) };
        let verdict = Verdict {
            decision: d.decision,
            decided_by: d.decided_by,
            reason: d.reason,
            risk,
            challenge: challenge.map(|c| ChallengeOut { id: c.id, expires_at: c.expires_at }),
            rule: d.rule,
            learned: d.learned,
            grant: d.grant,
            untrusted_allow_ignored: d.untrusted_allow_ignored,
            untrusted_config_ignored: self.config.untrusted_ignored.clone(),
            content_changed: d.content_changed,
            recommendation,
            not_learned,
            seq: a.seq,
        };
        Ok((verdict, analysis))
    }

    /// The open challenge of an earlier event of the same agent tool call (same correlation
    /// key), if it was issued for this very request and verdict and is neither decided nor
    /// expired: an agent that sends several events for one call (Claude Code's PreToolUse,
    /// then PermissionRequest) gets one challenge, so a human decides, and learning counts,
    /// once per call.
    fn open_call_challenge(
        &mut self,
        req: &Request,
        decision: Decision,
        hook: Option<&HookRef>,
        now: DateTime<Utc>,
    ) -> Result<Option<challenge::Challenge>> {
        let Some(hook) = hook else { return Ok(None) };
        let Some(call) = self.state.call(&hook.agent, &hook.key, now.timestamp_micros())? else {
            return Ok(None);
        };
        let Some(c) = self.state.challenge(&call.challenge)? else { return Ok(None) };
        let open = c.consumed.is_none()
            && c.verdict == decision
            && same_request(&c.request, req)
            && now < c.challenge.expires_at.time()
            && challenge::verify(&self.secret, &c.challenge, &c.request, c.verdict);
        Ok(open.then_some(c.challenge))
    }

    /// The store's policy with `trusted` set. A long-running server reuses the one it loaded
    /// while the policy file and the trust file are as they were ([`Seen`], a missing policy
    /// file included) and the configuration's hash is unchanged; otherwise both files are read
    /// again.
    fn trusted_policy(&mut self) -> Result<Policy> {
        let path = self.store.policy_file();
        let trust_path = self.store.user_dirs().data.join(layout::TRUST);
        let config_sha256 = self.config.store_config_sha256.clone();
        if let Some(m) = &self.memo.policy
            && m.config_sha256 == config_sha256
            && m.policy_file.holds(&path)
            && m.trust_file.holds(&trust_path)
        {
            return Ok(m.policy.clone());
        }
        // Look first: a change after this shows next time. A missing policy file is seen as
        // missing (its creation shows); one changed too recently is read again next time.
        let seen = (!self.memo.one_shot).then(|| (Seen::of(&path), Seen::of(&trust_path)));
        let mut policy = Policy::load(&path)?;
        policy.trusted =
            trust::is_trusted_with(&self.store, &policy.sha256, config_sha256.as_deref())?;
        // Without the config's hash from the loader, trust was judged on the config file as
        // read just now, which nothing seen here covers: keep nothing. (A file seen unsettled
        // never holds, so what is kept with it is read again next time.)
        self.memo.policy = match seen {
            Some((policy_file, trust_file)) if config_sha256.is_some() => {
                Some(PolicyMemo { policy_file, trust_file, config_sha256, policy: policy.clone() })
            }
            _ => None,
        };
        Ok(policy)
    }

    /// List this store in the inbox (best effort: the inbox only helps a human find a
    /// challenge from elsewhere; failing to list the store changes nothing about the
    /// verdict). A long-running server skips the read while the inbox keeps the stamp it had
    /// when it was seen listing this store.
    fn note_in_inbox(&mut self) {
        let user = self.store.user_dirs();
        if self.memo.one_shot {
            let _ = crate::store::inbox::note(user, self.store.root());
            return;
        }
        let file = user.data.join(crate::store::inbox::FILE);
        if self.memo.inbox.is_some() && Stamp::current(&file) == self.memo.inbox {
            return;
        }
        let before = Stamp::take(&file);
        self.memo.inbox = match crate::store::inbox::note(user, self.store.root()) {
            // Listed already (the file is unchanged), or appended just now (read it once more
            // next time to take a settled stamp).
            Ok(()) if Stamp::current(&file) == before => before,
            _ => None,
        };
    }
}

pub(super) fn same_request(a: &Request, b: &Request) -> bool {
    a.tool == b.tool
        && a.action == b.action
        && a.scope == b.scope
        && a.org == b.org
        && a.project == b.project
        && a.session == b.session
        && a.content_hash == b.content_hash
}
