//! aiperture: a permission layer for AI agents.
//!
//! It answers allow / deny / ask for each tool call an agent wants to make, learns from the
//! human's earlier answers, scores risk, and keeps a tamper-evident journal of everything.
//! The library is internal to the `aiperture` binary and has no semver promise.
//!
//! # The store
//!
//! ```text
//! .aiperture/
//!   config.toml   committed   tunables (layered over built-in defaults)
//!   policy.toml   committed   static rules, reviewed like code
//!   .gitignore    committed   ignores everything here but the two files above
//!   secret        local 0600  32 random bytes: HMAC key for challenges and journal HEAD
//!   lock          local       the single writers' lock
//!   journal/      local       000001.jsonl … (hash-chained segments) + HEAD
//!   objects/      local       content-addressed artifacts: objects/sha256/ab/cdef…
//!   forward.json  local       cursor of `[audit] forward_command`
//!   index/        local       derived caches, rebuilt from the journal; safe to delete
//! ```
//!
//! # Modules
//!
//! `cli` (the only place clap lives) and later `server`/`hooks` translate input into an
//! [`engine::Request`] and the [`engine::Verdict`] into output. `engine` decides; `risk` and
//! `scope` are pure; `journal` is the source of truth; `store` holds files, locking,
//! configuration and the derived index. Dependencies point one way: cli → engine → risk,
//! scope, journal, store.

#![forbid(unsafe_code)]

pub mod cli;
pub mod clock;
pub mod config;
pub mod encoding;
pub mod engine;
pub mod error;
pub mod glob;
pub mod hooks;
pub mod intel;
pub mod journal;
pub mod risk;
pub mod scope;
pub mod server;
pub mod store;
