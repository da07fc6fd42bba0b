//! The engine: every decision aiperture makes is made here.
//!
//! [`Engine::open`] takes the store lock, opens the journal writer (recovering a torn tail),
//! and brings the derived index up to the journal's end (replaying only the tail, rebuilding
//! when the index is missing or inconsistent). While the engine lives it holds the lock, so a
//! check's read-decide-append-index sequence is atomic across processes.
//!
//! Decision order of [`Engine::check`] (first hit decides): 1 self-protection → deny; 2 rate
//! limit → deny; 3 policy deny rules; 4 the one-time allowance a human approval of this exact
//! request left (any session; consumed by the check it lets through), then session memory; 5 task grants (most specific live
//! grant of the request's task); 6 learned patterns; 7 policy allow/ask rules (most specific); 8 the configured
//! default. Guards: HIGH and CRITICAL are never allowed by learning, nor is a request whose
//! risk factors or tier go beyond the effect signature of the approvals a learned pattern
//! was built from (learning never widens across a change of effect); HIGH and CRITICAL are
//! never allowed by a policy rule with wildcards (judged on the request, and for a compound
//! line on each part where it stands), CRITICAL never by session memory or a grant with
//! wildcards; a session over its risk budget gets ask instead of allow. Every non-allow verdict carries a challenge, and every check is
//! journaled before its verdict is returned: a check that cannot be journaled is an error,
//! never an allow.
//!
//! Beyond ARCHITECTURE.md: one agent tool call gets one challenge (a later hook event of the
//! same call, same agent and correlation key, reuses the open challenge issued for the same
//! request and verdict), so a human decides and learning counts once per call; a decision
//! inferred from an agent's dialog that timed out is journaled as the agent's own refusal and
//! never learned (nobody was seen deciding); a reported run spends an approval's one-time
//! allowance as a check would; a server's cached engine keeps at most [`CACHE_SHARDS`] index
//! shards between requests.

pub mod challenge;
pub mod events;
pub mod forward;
pub mod intel;
pub mod learning;
pub mod policy;
pub mod presets;
pub mod protect;
pub mod report;
pub mod request;
pub mod state;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::Digest;

use crate::clock::parse_time;
use crate::config::{Config, DefaultDecision};
use crate::encoding::{hex, unhex};
use crate::error::{Error, Refusal, Result};
use crate::glob::Glob;
use crate::journal::append::{Appended, Writer};
use crate::journal::read::replay_from;
use crate::risk::{self, Analysis, RiskAssessment, Tier};
use crate::scope::normalize;
use crate::store::fsutil::Stamp;
use crate::store::index::{Index, Meta};
use crate::store::lock::{StoreLock, Wait};
use crate::store::{Secret, Store, layout, trust};
pub use events::HookRef;
use events::{CheckEvent, DecisionEvent, GrantEvent, Outcome, VerdictRecord, kind};
use policy::{Policy, RuleRef};
pub use request::{Decision, Request};
use state::{ChallengeState, PatternStats, State, session_key, stats_key};

/// Which step decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// Step 1.
    SelfProtection,
    /// Step 2.
    RateLimit,
    /// Step 3.
    PolicyDeny,
    /// Step 4: the one-time allowance a human approval of this exact request left.
    HumanApproval,
    /// Step 4.
    SessionMemory,
    /// Step 5.
    TaskGrant,
    /// Step 6.
    AutoLearned,
    /// Steps 5–7 allowed every part of a compound command.
    Compound,
    /// Step 7.
    Policy,
    /// Step 8.
    Default,
    /// An allow turned into ask because the session's risk budget is spent.
    RiskBudget,
}

impl DecidedBy {
    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::SelfProtection => "self_protection",
            DecidedBy::RateLimit => "rate_limit",
            DecidedBy::PolicyDeny => "policy_deny",
            DecidedBy::HumanApproval => "human_approval",
            DecidedBy::SessionMemory => "session_memory",
            DecidedBy::TaskGrant => "task_grant",
            DecidedBy::AutoLearned => "auto_learned",
            DecidedBy::Compound => "compound",
            DecidedBy::Policy => "policy",
            DecidedBy::Default => "default",
            DecidedBy::RiskBudget => "risk_budget",
        }
    }
}

/// What learning knew about the request.
#[derive(Debug, Clone, Serialize)]
pub struct LearnedInfo {
    /// The pattern's status.
    #[serde(flatten)]
    pub status: learning::Status,
    /// The exact scope or normalized pattern these figures belong to.
    pub pattern: String,
    /// True for a normalized pattern.
    pub normalized: bool,
    /// Counted approvals.
    pub allows: u64,
    /// Counted denials.
    pub denies: u64,
    /// Time-weighted approval rate.
    pub rate: f64,
    /// Distinct humans who decided.
    pub deciders: usize,
    /// Time of the newest counted decision.
    pub newest: String,
    /// Set when the pattern would allow, but the request's effect (risk factors or tier)
    /// goes beyond what the approvals behind it were on: learning does not decide, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect_changed: Option<String>,
}

/// The challenge as shown to callers.
#[derive(Debug, Clone, Serialize)]
pub struct ChallengeOut {
    /// `ch_…` id.
    pub id: String,
    /// Expiry (RFC 3339).
    pub expires_at: String,
}

/// The engine's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// allow, deny or ask.
    pub decision: Decision,
    /// The step that decided.
    pub decided_by: DecidedBy,
    /// Plain-language reason.
    pub reason: String,
    /// Risk assessment.
    pub risk: RiskAssessment,
    /// Challenge for non-allow verdicts.
    pub challenge: Option<ChallengeOut>,
    /// The policy rule that decided, if any.
    pub rule: Option<RuleRef>,
    /// Learning's view of this exact request.
    pub learned: Option<LearnedInfo>,
    /// The task grant that decided, if any.
    pub grant: Option<String>,
    /// True when a matching allow rule was ignored because the project policy is not trusted.
    pub untrusted_allow_ignored: bool,
    /// Settings of the project's `config.toml` ignored because the file is not trusted and
    /// they loosen a limit or run something (omitted when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub untrusted_config_ignored: Vec<String>,
    /// What a human might do next, risk first, then what humans decided before.
    pub recommendation: learning::Recommendation,
    /// Set when a human decision on this request would not be learned from, and why.
    pub not_learned: Option<String>,
    /// True when a human decided this same request earlier in the session, but for other
    /// content (`content_hash` differs): that decision is not reused.
    pub content_changed: bool,
    /// Journal `seq` of the check event.
    pub seq: u64,
}

impl Verdict {
    /// Whether a human decision on this verdict's challenge can change the outcome of a
    /// repeat of the request (not for policy denies, self-protection or the rate limit).
    pub fn overridable(&self) -> bool {
        !matches!(
            self.decided_by,
            DecidedBy::PolicyDeny | DecidedBy::SelfProtection | DecidedBy::RateLimit
        )
    }

    /// What refused the request regardless of its risk, for human-readable output: the
    /// risk tier of a self-protection or policy deny says nothing about why it was denied.
    pub fn refused_by(&self) -> Option<&'static str> {
        match (self.decision, self.decided_by) {
            (Decision::Deny, DecidedBy::SelfProtection) => Some("self-protection"),
            (Decision::Deny, DecidedBy::PolicyDeny) => Some("policy"),
            _ => None,
        }
    }
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
    pub allowance: Option<String>,
    /// Journal `seq` of the decision event.
    pub seq: u64,
}

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

/// An open engine holding the store lock.
#[derive(Debug)]
pub struct Engine {
    store: Store,
    /// Shared with the server that opened the engine (one copy per configuration load).
    config: Arc<Config>,
    secret: Secret,
    writer: Writer,
    state: State,
    /// The index position on disk (as last read or written).
    committed: Meta,
    /// The position of the last event applied in memory.
    latest: Meta,
    /// Index commits are deferred until this many events are applied (1: every event).
    defer: u64,
    /// The working folder of the requests (relative paths in scopes start here).
    cwd: Option<std::path::PathBuf>,
    /// What each check would otherwise build again (kept in a long-running server's [`Cache`]).
    memo: Memo,
    _lock: StoreLock,
}

/// Values derived from the process and the configuration, built on first use and kept while
/// what they derive from is unchanged: the protected places (from the store, the environment,
/// the program's path and the working folder) and the compiled sensitive-path globs (from
/// `scope.sensitive_patterns`).
#[derive(Debug, Default)]
struct Memo {
    places: std::cell::OnceCell<protect::Places>,
    /// The working folder `places` were built for.
    places_cwd: Option<std::path::PathBuf>,
    sensitive: std::cell::OnceCell<Vec<Glob>>,
    /// The patterns `sensitive` was compiled from.
    sensitive_src: Vec<String>,
    /// The policy with its trust, while the files it came from keep their stamps.
    policy: Option<PolicyMemo>,
    /// The inbox's stamp when it was last seen listing this store.
    inbox: Option<Stamp>,
    /// An engine of one process call ([`Engine::open`]): nothing outlives it, so the files
    /// behind the memos are not stamped.
    one_shot: bool,
}

/// A loaded policy and its trust, valid while the policy file and the trust file keep the
/// stamps they had when both were read, and the configuration's hash is the same.
#[derive(Debug)]
struct PolicyMemo {
    policy_file: Stamp,
    trust_file: Stamp,
    config_sha256: Option<String>,
    policy: Policy,
}

impl Memo {
    /// Keep what still holds for `config` and a request without a working folder.
    fn renewed(mut self, config: &Config) -> Memo {
        if self.sensitive_src != config.scope.sensitive_patterns {
            self.sensitive = std::cell::OnceCell::new();
            self.sensitive_src.clone_from(&config.scope.sensitive_patterns);
        }
        if self.places_cwd.is_some() {
            self.places = std::cell::OnceCell::new();
            self.places_cwd = None;
        }
        self
    }
}

/// What a long-running server keeps of an engine between requests: the loaded index shards
/// and the journal's end, reused by the next [`Engine::open_cached`] when nothing else wrote
/// to the store in between (checked under the lock: the index position on disk, HEAD, and
/// the last segment's length). Up to [`CACHE_DEFER`] applied events may not be committed to
/// the index yet; another process replays them from the journal (the index is only a cache),
/// which also invalidates this cache.
#[derive(Debug)]
pub struct Cache {
    state: State,
    tail: crate::journal::append::Tail,
    committed: Meta,
    latest: Meta,
    secret: Secret,
    memo: Memo,
}

/// An engine taken apart by [`Engine::take_apart`].
#[derive(Debug)]
pub struct Finished {
    /// The store lock, still held.
    pub lock: StoreLock,
    /// The loaded state, when it was kept.
    pub cache: Option<Cache>,
    /// Where the journal ends (deferred appends included).
    pub tail: crate::journal::append::Tail,
    /// What makes deferred appends durable.
    pub publisher: crate::journal::append::Publisher,
    /// Why the state was not kept although asked to be (committing the index failed).
    pub error: Option<Error>,
}

impl Cache {
    /// How many index shards the cache holds (at most [`CACHE_SHARDS`] plus those changed
    /// since the last commit).
    pub fn loaded_shards(&self) -> usize {
        self.state.loaded_shards()
    }
}

/// Events a cached engine may apply before it commits the index.
pub const CACHE_DEFER: u64 = 32;

/// Index shards a cached engine keeps loaded between requests (all families together; about
/// 20 KB each on a store of a million decisions). Beyond it, the shards holding nothing
/// uncommitted are dropped and read again on demand: a server's memory stays bounded however
/// large the store grows.
pub const CACHE_SHARDS: usize = 1024;

impl Engine {
    /// Lock the store and bring the index up to date. `on_wait` is called if the lock is busy.
    pub fn open(
        store: &Store,
        config: impl Into<Arc<Config>>,
        wait: Wait,
        on_wait: &mut dyn FnMut(&std::path::Path),
        now: DateTime<Utc>,
    ) -> Result<Engine> {
        let mut engine = Engine::open_cached(store, config, wait, on_wait, now, || None)?;
        engine.memo.one_shot = true;
        Ok(engine)
    }

    /// [`Engine::open`] for a long-running server: `take_cache` is called once the lock is
    /// held, and the [`Cache`] it returns is reused when it still matches the store. Give the
    /// engine back with [`Engine::into_cache`].
    pub fn open_cached(
        store: &Store,
        config: impl Into<Arc<Config>>,
        wait: Wait,
        on_wait: &mut dyn FnMut(&std::path::Path),
        now: DateTime<Utc>,
        take_cache: impl FnOnce() -> Option<Cache>,
    ) -> Result<Engine> {
        let lock = store.lock(wait, on_wait)?;
        Engine::open_locked(store, config, lock, now, take_cache())
    }

    /// [`Engine::open_cached`] with the store lock already taken: the cache is reused when it
    /// still matches the store, otherwise the engine opens as [`Engine::open`] does.
    pub fn open_locked(
        store: &Store,
        config: impl Into<Arc<Config>>,
        lock: StoreLock,
        now: DateTime<Utc>,
        cache: Option<Cache>,
    ) -> Result<Engine> {
        let config: Arc<Config> = config.into();
        let fsync = config.journal.durability == crate::config::Durability::Fsync;
        let max = config.journal.segment_max_bytes;
        let index = Index::new(store.path(layout::INDEX));
        // The cached secret is the one the cached state was verified with; HEAD's MAC proves
        // it is still the store's (a new secret would have rewritten HEAD), so it is not read
        // again.
        if let Some(c) = cache
            && index.read_meta().as_ref() == Some(&c.committed)
            && let Some(writer) =
                Writer::resume(store, &lock, c.secret.clone(), max, fsync, c.tail)?
        {
            return Ok(Engine {
                store: store.clone(),
                secret: c.secret,
                writer,
                memo: c.memo.renewed(&config),
                state: c.state,
                committed: c.committed,
                latest: c.latest,
                defer: CACHE_DEFER,
                cwd: None,
                config,
                _lock: lock,
            });
        }
        let secret = store.ensure_secret(&lock)?;
        let writer = Writer::open(store, &lock, secret.clone(), max, fsync, now)?;
        let state = State::new(index);
        let memo = Memo::default().renewed(&config);
        let mut engine = Engine {
            store: store.clone(),
            config,
            secret,
            writer,
            state,
            committed: Meta::empty(),
            latest: Meta::empty(),
            defer: 1,
            cwd: None,
            memo,
            _lock: lock,
        };
        engine.sync_index()?;
        Ok(engine)
    }

    /// An engine from `cache` without looking at the store: only for a group commit that has
    /// held `lock` without a break since it made `cache` ([`Engine::take_apart`]), so nothing else
    /// can have written the store (HEAD may still be behind the cached journal end, about to
    /// be published).
    pub fn resume_held(
        store: &Store,
        config: impl Into<Arc<Config>>,
        lock: StoreLock,
        cache: Cache,
    ) -> Engine {
        let config: Arc<Config> = config.into();
        let fsync = config.journal.durability == crate::config::Durability::Fsync;
        let max = config.journal.segment_max_bytes;
        let secret = cache.secret;
        let writer = Writer::at(store, secret.clone(), max, fsync, cache.tail);
        Engine {
            store: store.clone(),
            memo: cache.memo.renewed(&config),
            config,
            secret,
            writer,
            state: cache.state,
            committed: cache.committed,
            latest: cache.latest,
            defer: CACHE_DEFER,
            cwd: None,
            _lock: lock,
        }
    }

    /// Group commit: appends from now on write their journal lines only (see
    /// [`Writer::defer`]); the caller makes them durable with the [`Finished::publisher`]
    /// before it answers or releases the store lock.
    pub fn defer_durability(&mut self) {
        self.writer.defer();
    }

    /// Keep this engine's loaded state for the next [`Engine::open_cached`], committing the
    /// index first when [`CACHE_DEFER`] events are pending. `keep` receives the cache while
    /// the store lock is still held (so a thread that takes the lock next finds it); the lock
    /// is released afterwards.
    pub fn into_cache(self, keep: impl FnOnce(Cache)) -> Result<()> {
        let finished = self.take_apart(true);
        if let Some(c) = finished.cache {
            keep(c);
        }
        drop(finished.lock);
        finished.error.map_or(Ok(()), Err)
    }

    /// Take the engine apart, keeping the store lock: its loaded state as a [`Cache`] when
    /// `keep` (after committing the index when [`CACHE_DEFER`] events are pending; an error
    /// doing so drops the cache and is returned in [`Finished::error`]), and where the journal
    /// ends.
    pub fn take_apart(mut self, keep: bool) -> Finished {
        let mut error = None;
        let keep = keep
            && match (self.latest.seq.saturating_sub(self.committed.seq) >= CACHE_DEFER)
                .then(|| self.flush_index())
            {
                Some(Err(e)) => {
                    error = Some(e);
                    false
                }
                _ => true,
            };
        let tail = self.writer.tail().clone();
        let publisher = self.writer.publisher();
        let Engine { mut state, committed, latest, secret, memo, _lock: lock, .. } = self;
        let cache = keep.then(|| {
            state.shrink(CACHE_SHARDS);
            Cache { state, tail: tail.clone(), committed, latest, secret, memo }
        });
        Finished { lock, cache, tail, publisher, error }
    }

    /// Commit every applied event to the index on disk.
    pub fn flush_index(&mut self) -> Result<()> {
        if self.latest != self.committed {
            self.state.commit(&self.latest)?;
            self.committed = self.latest.clone();
        }
        Ok(())
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Set the working folder the requests' relative paths start from (the CLI's, or a
    /// hook payload's `cwd`); `None` when unknown, which self-protection treats as anywhere.
    pub fn set_cwd(&mut self, cwd: Option<std::path::PathBuf>) {
        self.cwd = cwd.filter(|c| c.is_absolute());
        if self.memo.places_cwd != self.cwd {
            self.memo.places = std::cell::OnceCell::new();
            self.memo.places_cwd.clone_from(&self.cwd);
        }
    }

    /// The risk analysis of a request, with absolute paths below the working folder inside
    /// the project.
    pub fn analyze(&self, tool: &str, action: &str, scope: &str) -> risk::Analysis {
        risk::analyze_in(self.cwd.as_deref(), tool, action, scope, &self.config.risk.rule)
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Bring the index to the journal's end: nothing to do, replay the tail, or rebuild.
    fn sync_index(&mut self) -> Result<()> {
        let tail = self.writer.tail().clone();
        let meta = self.state.index().read_meta();
        match meta {
            Some(m) if m.seq == tail.seq && unhex::<32>(&m.hash) == Some(tail.hash) => {
                self.committed = m.clone();
                self.latest = m;
                Ok(())
            }
            Some(m) if m.seq < tail.seq => match self.replay(&m) {
                Ok(()) => Ok(()),
                Err(_) => self.rebuild().map(|_| ()),
            },
            _ => self.rebuild().map(|_| ()),
        }
    }

    /// Replay events after `from` into the index.
    fn replay(&mut self, from: &Meta) -> Result<()> {
        let dir = self.writer.dir().to_path_buf();
        let mut meta = from.clone();
        let state = &mut self.state;
        replay_from(&dir, from.segment, from.offset, &mut |e, segment, end| {
            if e.head.seq <= meta.seq {
                return Ok(());
            }
            if e.head.seq != meta.seq + 1 || hex(&e.prev) != meta.hash {
                return Err(Error::Invalid("index position does not match the journal".into()));
            }
            state.apply(e.head.seq, &e.head.ts, &e.head.kind, e.raw)?;
            meta = Meta::at(e.head.seq, &e.hash, segment, end);
            Ok(())
        })?;
        let tail = self.writer.tail();
        if meta.seq != tail.seq {
            return Err(Error::Invalid("index replay did not reach the journal's end".into()));
        }
        self.state.commit(&meta)?;
        self.committed = meta.clone();
        self.latest = meta;
        Ok(())
    }

    /// Delete the index and rebuild it from the whole journal. Returns the events replayed.
    pub fn rebuild(&mut self) -> Result<u64> {
        self.state.index().clear()?;
        self.state.reset();
        self.replay(&Meta::empty())?;
        Ok(self.writer.tail().seq)
    }

    fn append<P: Serialize>(
        &mut self,
        kind_name: &str,
        body: &P,
        now: DateTime<Utc>,
        force_sync: bool,
    ) -> Result<Appended> {
        let a = self.writer.append(kind_name, body, now, force_sync)?;
        // The index applies the event from the bytes just written, exactly as a replay would.
        let raw = std::str::from_utf8(&a.event).unwrap_or_default();
        self.latest = Meta::at(a.seq, &a.hash, a.segment, a.end);
        let due = self.latest.seq.saturating_sub(self.committed.seq) >= self.defer;
        match self
            .state
            .apply(a.seq, &a.ts, kind_name, raw)
            .and_then(|()| if due { self.flush_index() } else { Ok(()) })
        {
            // The event is journaled; a corrupt index is rebuilt from the journal, event
            // included, rather than failing an operation that already happened.
            Err(Error::IndexCorrupt { .. }) => {
                self.rebuild()?;
            }
            other => other?,
        }
        let cmd = &self.config.audit.forward_command;
        if !cmd.trim().is_empty() {
            forward::deliver(
                self.store.root(),
                self.writer.dir(),
                cmd,
                std::time::Duration::from_millis(self.config.audit.forward_timeout_ms),
                a.seq,
                now,
            );
        }
        Ok(a)
    }

    /// Run `f`; if it met a corrupt index file before journaling anything, rebuild the index
    /// and run it once more.
    fn retrying<T>(&mut self, mut f: impl FnMut(&mut Engine) -> Result<T>) -> Result<T> {
        match f(self) {
            Err(Error::IndexCorrupt { .. }) => {
                self.rebuild()?;
                f(self)
            }
            other => other,
        }
    }

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

    /// The store's policy with `trusted` set. A long-running server reuses the one it loaded
    /// while the policy file and the trust file keep their [`Stamp`]s and the configuration's
    /// hash is unchanged; otherwise both files are read again.
    fn trusted_policy(&mut self) -> Result<Policy> {
        let path = self.store.policy_file();
        let trust_path = self.store.user_dirs().data.join(layout::TRUST);
        let config_sha256 = self.config.store_config_sha256.clone();
        if let Some(m) = &self.memo.policy
            && m.config_sha256 == config_sha256
            && Stamp::current(&path) == Some(m.policy_file)
            && Stamp::current(&trust_path) == Some(m.trust_file)
        {
            return Ok(m.policy.clone());
        }
        // Stamps first: a change after them shows as a different stamp next time.
        let stamps = if self.memo.one_shot {
            (None, None)
        } else {
            (Stamp::take(&path), Stamp::take(&trust_path))
        };
        let mut policy = Policy::load(&path)?;
        policy.trusted =
            trust::is_trusted_with(&self.store, &policy.sha256, config_sha256.as_deref())?;
        // Without the config's hash from the loader, trust was judged on the config file as
        // read just now, which no stamp here covers: keep nothing.
        self.memo.policy = match stamps {
            (Some(policy_file), Some(trust_file)) if config_sha256.is_some() => {
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
        let d = self.decide(req, &analysis, &policy, now)?;

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
            kind::CHECK,
            &CheckEvent { request: req.clone(), verdict: record, hook: hook.cloned() },
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
                code: "review",
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
            && parse_time(&c.challenge.expires_at).is_some_and(|e| now < e)
            && challenge::verify(&self.secret, &c.challenge, &c.request, c.verdict);
        Ok(open.then_some(c.challenge))
    }

    fn decide(
        &mut self,
        req: &Request,
        analysis: &Analysis,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Result<Tentative> {
        let what = (req.tool.as_str(), req.action.as_str(), req.scope.as_str());
        let session =
            self.state.session(&session_key(&req.org, &req.session), &req.identity(), what)?;
        let mut d = self.decide_steps(req, analysis, policy, &session, now)?;
        if !req.session.is_empty() && d.decided_by != DecidedBy::SessionMemory {
            // The same request decided in this session for other content is not reused, and
            // the verdict says so.
            d.content_changed = session.memory.values().any(|m| {
                m.what.0 == req.tool
                    && m.what.1 == req.action
                    && m.what.2 == req.scope
                    && m.content_hash != req.content_hash
            });
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
        let limit = self.config.session.rate_limit_per_minute;
        if limit > 0 {
            let recent = state::recent_checks(session, now.timestamp_micros());
            if recent + 1 > u64::from(limit) {
                return Ok(Tentative::new(
                    Decision::Deny,
                    DecidedBy::RateLimit,
                    format!("more than {limit} checks in the last minute in this session"),
                ));
            }
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
        if !req.session.is_empty()
            && risk.tier != Tier::Critical
            && let Some(m) = session.memory.get(&req.identity())
        {
            return Ok(Tentative::new(
                m.decision,
                DecidedBy::SessionMemory,
                format!(
                    "a human decided {} on this request earlier in this session",
                    m.decision.as_str()
                ),
            ));
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
    fn self_protection(&self, req: &Request, analysis: &Analysis) -> Option<Tentative> {
        let places =
            self.memo.places.get_or_init(|| protect::Places::new(&self.store, self.cwd.as_deref()));
        protect::violation(req, analysis, places)
            .map(|why| Tentative::new(Decision::Deny, DecidedBy::SelfProtection, why))
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
                newest: found.newest.clone(),
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

    /// The configured sensitive-path globs.
    fn sensitive(&self) -> &[Glob] {
        self.memo.sensitive.get_or_init(|| {
            self.config.scope.sensitive_patterns.iter().map(|p| Glob::lenient(p)).collect()
        })
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

    /// The effect signature of one part of a compound command, analysed on its own (with
    /// whatever it nests), the same way when a decision is recorded and when a request is
    /// checked.
    fn part_effect(&self, req: &Request, part: &str) -> events::Effect {
        events::Effect::of(&self.analyze(&req.tool, &req.action, part).risk)
    }

    /// An automatic allow still has to fit the session's risk budget.
    fn finish(
        &self,
        t: Tentative,
        req: &Request,
        risk: &RiskAssessment,
        session: &state::SessionState,
    ) -> Tentative {
        if t.decision == Decision::Allow { self.budget(t, req, risk, session) } else { t }
    }

    /// Apply the session risk budget to a tentative allow.
    fn budget(
        &self,
        mut d: Tentative,
        req: &Request,
        risk: &RiskAssessment,
        session: &state::SessionState,
    ) -> Tentative {
        let budget = self.config.session.budget_tenths();
        if req.session.is_empty() || budget == 0 {
            return d;
        }
        let points = u64::from(risk.tier.budget_points());
        d.risk_points = points;
        if session.risk_used + points > budget {
            d.decision = Decision::Ask;
            d.decided_by = DecidedBy::RiskBudget;
            d.reason = format!(
                "this session has used its risk budget ({:.1} of {:.1} points)",
                session.risk_used as f64 / 10.0,
                budget as f64 / 10.0
            );
        }
        d
    }

    /// The most specific live grant of `req.task` matching `req` (deny > ask > allow on a tie).
    fn best_grant(&mut self, req: &Request, now: DateTime<Utc>) -> Result<Option<GrantEvent>> {
        let mut best: Option<(usize, u8, GrantEvent)> = None;
        for g in self.state.grants(&req.org, &req.task)? {
            if g.expires_at.as_deref().and_then(parse_time).is_some_and(|e| now >= e) {
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

    /// Record a task grant made by a human.
    pub fn grant(&mut self, g: &GrantRequest<'_>, now: DateTime<Utc>) -> Result<GrantEvent> {
        for (field, v) in [("task", g.task), ("org", g.org), ("by", g.by)] {
            if v.trim().is_empty() || v.len() > request::MAX_NAME || v.chars().any(char::is_control)
            {
                return Err(Error::Invalid(format!(
                    "grant {field} must be 1 to {} printable characters",
                    request::MAX_NAME
                )));
            }
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
            Some(ttl) => {
                Some(crate::clock::format_time(now.checked_add_signed(ttl).ok_or_else(|| {
                    Error::Invalid("grant ttl is out of range: the expiry would overflow".into())
                })?))
            }
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
        self.append(kind::GRANT, &ev, now, true)?;
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

    /// Store an artifact: the object first, then the `artifact` event naming it.
    pub fn store_artifact(
        &mut self,
        content: &[u8],
        meta: &events::ArtifactEvent,
        now: DateTime<Utc>,
    ) -> Result<state::ArtifactEntry> {
        if content.len() as u64 > crate::store::artifacts::MAX_SIZE {
            return Err(Error::Invalid(format!(
                "the artifact is {} bytes (limit {})",
                content.len(),
                crate::store::artifacts::MAX_SIZE
            )));
        }
        for (field, v) in [
            ("task", &meta.task),
            ("type", &meta.artifact_type),
            ("tool", &meta.tool),
            ("org", &meta.org),
            ("session", &meta.session),
            ("model", &meta.model),
            ("provider", &meta.provider),
        ] {
            if v.len() > request::MAX_NAME || v.chars().any(char::is_control) {
                return Err(Error::Invalid(format!(
                    "artifact {field} must be at most {} printable characters",
                    request::MAX_NAME
                )));
            }
        }
        if meta.summary.len() > 4096 || meta.summary.contains('\0') {
            return Err(Error::Invalid(
                "the summary must be at most 4096 bytes without NUL".into(),
            ));
        }
        let digest = self.objects().put(content)?;
        let mut ev = meta.clone();
        ev.digest = digest;
        ev.size = content.len() as u64;
        let a = self.append(kind::ARTIFACT, &ev, now, true)?;
        Ok(state::ArtifactEntry { seq: a.seq, ts: a.ts, event: ev })
    }

    /// The objects folder.
    pub fn objects(&self) -> crate::store::artifacts::Objects {
        crate::store::artifacts::Objects::new(self.store.path(layout::OBJECTS))
    }

    /// Every artifact event, oldest first.
    pub fn artifacts(&mut self) -> Result<Vec<state::ArtifactEntry>> {
        self.retrying(|e| e.state.all_artifacts())
    }

    /// Journal that a tool ran.
    pub fn report_execution(
        &mut self,
        req: &Request,
        status: &str,
        channel: &str,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        req.validate()?;
        if !matches!(status, "ok" | "failed") {
            return Err(Error::Invalid(format!("status must be ok or failed, got {status:?}")));
        }
        // A run of an approved request spends the approval's one-time allowance, as a check
        // would: one approval lets one run through.
        let approval = self
            .retrying(|e| e.state.allowance(&req.identity(), now.timestamp_micros()))?
            .map(|a| a.challenge);
        let ev = events::ExecutionEvent {
            request: req.clone(),
            status: status.to_string(),
            channel: channel.to_string(),
            approval,
        };
        Ok(self.append(kind::EXECUTION, &ev, now, false)?.seq)
    }

    /// The journal folder (read it only while this engine holds the lock).
    pub fn journal_dir(&self) -> &std::path::Path {
        self.writer.dir()
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
            if v.trim().is_empty() || v.len() > request::MAX_NAME || v.chars().any(char::is_control)
            {
                return Err(Error::Invalid(format!(
                    "revoke {field} must be 1 to {} printable characters",
                    request::MAX_NAME
                )));
            }
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
            Some(self.append(kind::REVOKE, &ev, now, true)?.seq)
        };
        Ok(Revoked { patterns: covered, decisions, seq })
    }

    /// End grant `id` before its time.
    pub fn revoke_grant(&mut self, id: &str, by: &str, now: DateTime<Utc>) -> Result<GrantEvent> {
        if by.trim().is_empty() || by.len() > request::MAX_NAME || by.chars().any(char::is_control)
        {
            return Err(Error::Invalid(
                "the revoker's name must be 1 to 256 printable characters".into(),
            ));
        }
        let Some(g) = self.grants()?.into_iter().find(|g| g.grant == id.trim()) else {
            return Err(Error::NotFound(format!("no grant {}", id.trim())));
        };
        let ev = events::GrantRevokeEvent {
            grant: g.grant.clone(),
            org: g.org.clone(),
            task: g.task.clone(),
            by: by.to_string(),
        };
        self.append(kind::GRANT_REVOKE, &ev, now, true)?;
        Ok(g)
    }

    /// Every grant, for listings.
    pub fn grants(&mut self) -> Result<Vec<GrantEvent>> {
        self.retrying(|e| e.state.all_grants())
    }

    /// Look up a challenge (for showing it before a decision).
    pub fn challenge(&mut self, id: &str) -> Result<Option<ChallengeState>> {
        self.retrying(|e| e.state.challenge(id))
    }

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
        if by.trim().is_empty() || by.len() > request::MAX_NAME || by.chars().any(char::is_control)
        {
            return Err(Error::Invalid(
                "the decider's name must be 1 to 256 printable characters".into(),
            ));
        }
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
            Some(c) if parse_time(&c.challenge.expires_at).is_none_or(|e| now > e) => {
                Some(Refusal::Expired)
            }
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
                (!ran).then(|| c.challenge.expires_at.clone())
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
        let a = self.append(kind::DECISION, &ev, now, true)?;
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

    fn is_rapid(&mut self, req: &Request, now: DateTime<Utc>) -> Result<bool> {
        let what = (req.tool.as_str(), req.action.as_str(), req.scope.as_str());
        let s = self.state.session(&session_key(&req.org, &req.session), &req.identity(), what)?;
        let window = i64::from(self.config.learning.rapid_approval_window_seconds) * 1_000_000;
        let recent = s
            .approvals
            .get(&req.identity())
            .map_or(0, |v| v.iter().filter(|&&t| now.timestamp_micros() - t < window).count());
        Ok(recent + 1 >= self.config.learning.rapid_approval_min_count as usize)
    }

    /// Open agent permission prompts (see [`HookRef::prompt_from`]), oldest first.
    pub fn prompts(&mut self) -> Result<Vec<state::PromptState>> {
        self.retrying(|e| e.state.prompts())
    }

    /// Open challenges (not consumed, not expired), oldest first.
    pub fn pending(&mut self, now: DateTime<Utc>) -> Result<Vec<ChallengeState>> {
        Ok(open_challenges(self.retrying(|e| e.state.all_challenges())?, now))
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

    /// Open asks grouped by request (org, project, tool, action, scope and content): one
    /// entry per request with how many open challenges ask about it and the newest of them,
    /// oldest request first. Denies are not listed: nothing waits for a human there.
    pub fn pending_asks(&mut self, now: DateTime<Utc>) -> Result<Vec<PendingAsk>> {
        Ok(group_asks(self.pending(now)?))
    }

    /// Learned patterns with their status, most decisions first.
    pub fn patterns(&mut self, now: DateTime<Utc>) -> Result<Vec<PatternReport>> {
        let cfg = self.config.learning.clone();
        let mut v: Vec<PatternReport> = self
            .retrying(|e| e.state.all_stats())?
            .into_iter()
            .map(|s| {
                let status = learning::status(&s, &cfg, now);
                let age_days = parse_time(&s.newest).map(|t| {
                    (now.signed_duration_since(t).num_seconds() as f64 / 86_400.0 * 10.0).round()
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

    /// Journal a configuration change (the caller wrote the file under this engine's lock).
    pub fn journal_config(&mut self, ev: &events::ConfigEvent, now: DateTime<Utc>) -> Result<u64> {
        Ok(self.append(kind::CONFIG, ev, now, true)?.seq)
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
        self.append(kind::PRESET, &ev, now, true)?;
        Ok(ev)
    }

    /// Journal a policy trust.
    pub fn journal_policy(&mut self, ev: &events::PolicyEvent, now: DateTime<Utc>) -> Result<u64> {
        Ok(self.append(kind::POLICY, ev, now, true)?.seq)
    }

    /// The journal's last `seq`.
    pub fn last_seq(&self) -> u64 {
        self.writer.tail().seq
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

/// Why a human decision on `req` would teach nothing: a non-shell scope holding wildcards
/// (broad rules belong in policy, not in learning).
fn not_learned_reason(analysis: &Analysis, req: &Request) -> Option<String> {
    (analysis.commands.is_empty() && analysis.parsed && crate::glob::has_wildcard(&req.scope))
        .then(|| "the scope holds wildcards: broad rules belong in policy.toml".to_string())
}

/// Step 3: the first policy deny rule matching the request or one of `parts`.
fn policy_denied<'a>(
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

fn same_request(a: &Request, b: &Request) -> bool {
    a.tool == b.tool
        && a.action == b.action
        && a.scope == b.scope
        && a.org == b.org
        && a.project == b.project
        && a.session == b.session
        && a.content_hash == b.content_hash
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
struct Tentative {
    decision: Decision,
    decided_by: DecidedBy,
    reason: String,
    rule: Option<RuleRef>,
    learned: Option<LearnedInfo>,
    grant: Option<String>,
    untrusted_allow_ignored: bool,
    content_changed: bool,
    risk_points: u64,
    approval: Option<String>,
}

impl Tentative {
    fn new(decision: Decision, decided_by: DecidedBy, reason: String) -> Tentative {
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

/// The open challenges among `all` (not consumed, not expired at `now`), oldest first.
fn open_challenges(all: Vec<ChallengeState>, now: DateTime<Utc>) -> Vec<ChallengeState> {
    let mut v: Vec<_> = all
        .into_iter()
        .filter(|c| {
            c.consumed.is_none() && parse_time(&c.challenge.expires_at).is_some_and(|e| now <= e)
        })
        .collect();
    v.sort_by_key(|c| c.check_seq);
    v
}

/// The open asks of `store` as its index on disk has them, read without the store lock and
/// without writing anything (for shell completion). The index may lag the journal (a server
/// commits it every [`CACHE_DEFER`] events), so the newest asks may be missing; decisions
/// never rely on this.
pub fn peek_pending_asks(store: &Store, now: DateTime<Utc>) -> Result<Vec<PendingAsk>> {
    let mut state = State::new(Index::new(store.path(layout::INDEX)));
    Ok(group_asks(open_challenges(state.all_challenges()?, now)))
}
