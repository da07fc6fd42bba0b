//! The engine: every decision aiperture makes is made here.
//!
//! An [`Engine`] is an open store: it holds the store lock for as long as it lives, so a
//! check's read-decide-append-index sequence is atomic across processes, and everything it
//! does is journaled before it is answered (the journal is the source of truth; the derived
//! index is a cache of it, rebuilt when missing or inconsistent).
//!
//! Decision order of [`Engine::check`] (first hit decides): 1 self-protection → deny; 2 rate limit
//! → deny; 3 policy deny rules; 4 the one-time allowance a human approval of this exact request
//! left (any session; consumed by the check it lets through), then session memory; 5 task grants
//! (most specific live grant of the request's task); 6 learned patterns; 7 policy allow/ask rules
//! (most specific); 8 the configured default. Guards: HIGH and CRITICAL are never allowed by
//! learning, nor is a request whose risk factors or tier go beyond the effect signature of the
//! approvals a learned pattern was built from (learning never widens across a change of effect);
//! HIGH and CRITICAL are never allowed by a policy rule with wildcards (judged on the request, and
//! for a compound line on each part where it stands), CRITICAL never by session memory or a grant
//! with wildcards; a session over its risk budget gets ask instead of allow. Every non-allow
//! verdict carries a challenge, and every check is journaled before its verdict is returned: a
//! check that cannot be journaled is an error, never an allow.
//!
//! Beyond ARCHITECTURE.md: one agent tool call gets one challenge (a later hook event of the
//! same call, same agent and correlation key, reuses the open challenge issued for the same
//! request and verdict), so a human decides and learning counts once per call; a decision
//! inferred from an agent's dialog that timed out is journaled as the agent's own refusal and
//! never learned (nobody was seen deciding); a reported run spends an approval's one-time
//! allowance as a check would; a server's cached engine keeps at most [`CACHE_SHARDS`] index
//! shards between requests.
//!
//! # Files
//!
//! ```text
//! mod.rs        Engine (what an open engine holds, its memos) and the re-exports
//! request.rs    Request, Decision, their validation, validate_name
//! verdict.rs    Verdict, DecidedBy, LearnedInfo, ChallengeOut: what a check answers
//! open.rs       opening, the server's Cache, replay/rebuild of the index, append
//! check.rs      Engine::check: decide, challenge, journal, build the verdict
//! decide.rs     the decision order and its steps (self-protection, policy, grants, learning)
//! session.rs    rate limit, session memory, risk budget, rubber-stamp detection
//! record.rs     human decisions on challenges, and what a decision teaches
//! admin.rs      grants, revocations, presets, config and policy-trust events
//! execution.rs  what agents report after a check: executions and artifacts
//! query.rs      pending challenges and asks, patterns, similar, suggestions, listings
//! state.rs      the derived index: what each event changes, pure in the event
//! events.rs     the journal's event bodies
//! challenge.rs  challenge ids and their MACs
//! learning.rs   pattern status, recommendations, similarity
//! policy.rs     policy.toml rules, matching, lint, suggestions
//! protect.rs    self-protection: what touches the store, the binary or the hooks
//! intel.rs      shared intelligence: randomized exports, pooled imports
//! report.rs     audit, export, costs, compliance and stats, read from the journal
//! forward.rs    `audit.forward_command` delivery
//! presets.rs    bootstrap policy presets
//! ```

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

mod admin;
mod check;
mod decide;
mod execution;
mod open;
mod query;
mod record;
mod session;
mod verdict;

use std::sync::Arc;

use crate::config::Config;
use crate::glob::Glob;
use crate::journal::append::Writer;
use crate::risk;
use crate::store::fsutil::{Seen, Stamp};
use crate::store::index::Meta;
use crate::store::lock::StoreLock;
use crate::store::{Secret, Store};
pub use admin::{GrantRequest, RevokeRequest, Revoked};
pub use events::HookRef;
pub use open::{CACHE_DEFER, CACHE_SHARDS, Cache, Finished};
use policy::Policy;
pub use query::{PatternReport, PendingAsk, SimilarPattern, group_asks, peek_pending_asks};
pub use record::{HumanDecision, Recorded};
pub use request::{Decision, Request};
use state::State;
pub use verdict::{ChallengeOut, DecidedBy, LearnedInfo, Verdict};

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
    /// Client mode's fallback: why the team server did not decide (checks are then journaled
    /// with it, and their reasons say so).
    fallback: Option<String>,
    /// What each check would otherwise build again (kept in a long-running server's [`Cache`]).
    memo: Memo,
    _lock: StoreLock,
}

/// Values derived from the process, the configuration and a few files, built on first use and
/// kept while what they derive from is unchanged: the protected places (from the store, the
/// environment, the program's path and the working folder), the compiled sensitive-path globs
/// (from `scope.sensitive_patterns`), the policy with its trust, and whether the inbox lists
/// this store.
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

/// A loaded policy and its trust, valid while the policy file and the trust file are as they
/// were seen before both were read (a missing file still missing), and the configuration's
/// hash is the same.
#[derive(Debug)]
struct PolicyMemo {
    policy_file: Seen,
    trust_file: Seen,
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

impl Engine {
    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The configuration in force, shared (no copy).
    pub fn shared_config(&self) -> Arc<Config> {
        Arc::clone(&self.config)
    }

    /// The working folder requests' relative paths start from, if known.
    pub fn cwd(&self) -> Option<&std::path::Path> {
        self.cwd.as_deref()
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

    /// Mark the checks that follow as decided here because client mode's team server could
    /// not be reached (`why`); `None` ends it.
    pub fn set_fallback(&mut self, why: Option<String>) {
        self.fallback = why;
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

    /// The journal folder (read it only while this engine holds the lock).
    pub fn journal_dir(&self) -> &std::path::Path {
        self.writer.dir()
    }

    /// The journal's last `seq`.
    pub fn last_seq(&self) -> u64 {
        self.writer.tail().seq
    }
}
