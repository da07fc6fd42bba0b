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
//! The doors translate input into an [`engine::Request`] and the [`engine::Verdict`] into
//! output: `cli` (the command line; the only module that knows clap, and all that `main.rs`
//! calls), `server` (HTTP, the only module that knows tiny_http, and MCP over stdio) and
//! `hooks` (agent hook payloads). `ops` holds every operation the doors share, once, with
//! typed input and output; a door reaches the store through the `ops::Access` it implements.
//! `remote` is client mode's door out: a team server decides this machine's checks
//! and hooks, after this machine's self-protection. `engine` decides (policy, learning,
//! challenges, self-protection). `config` owns the typed,
//! layered configuration and its validation. `intel` is shared intelligence: private exports
//! and imports of what organisations decide. `journal` is the hash-chained source of truth.
//! `store` holds files: discovery, layout, the lock, atomic writes, trust records, artifacts,
//! the derived index and the HEAD record format. `scope` (normalization of a scope into the
//! pattern a decision teaches) and `risk` (shell parsing, the program registry,
//! classification) are pure: no I/O. The leaves use nothing but `error`: `glob` (the one
//! pattern language), `clock` (the time and durations) and `encoding` (hex, base32); `error`
//! (the one error type) uses nothing in the crate.
//!
//! # Module map
//!
//! Dependencies point one way, down this map, and it is kept true by a test
//! (`src/architecture.rs`) that reads the block below and every `crate::` path under `src/`
//! (in `use` lines, grouped or not, in paths written inline, and `super::` reaching out of a
//! top-level module; comments and string literals are skipped; `main.rs` is read for
//! `aiperture::` paths). `a -> b c` lets module `a` use `crate::b` and `crate::c`; lines for
//! the same module add up; `a test-> b` allows `b` only in `#[cfg(test)]` code; `#` starts the
//! reason for an edge that needs one. The `->` edges form no cycle, and a module missing from
//! the map may not exist. The same test checks that only `cli/` and `main.rs` name clap and
//! only `server/` names tiny_http.
//!
//! ```text
//! main     -> cli
//! cli      -> server hooks remote ops engine config intel journal store scope risk
//! cli      -> glob clock encoding error
//! server   -> hooks remote ops engine config intel journal store scope risk glob clock encoding error
//! hooks    -> remote ops engine config intel journal store scope risk glob clock encoding error
//! remote   -> engine config store risk error
//! ops      -> engine config intel journal store scope risk glob clock encoding error
//! engine   -> config intel journal store scope risk glob clock encoding error
//! engine   test-> cli  # protect's tests install the CLI's judge of `aiperture …` commands
//! config   -> intel store risk glob clock encoding error
//! intel    -> risk glob clock encoding error
//! journal  -> store clock encoding error
//! store    -> clock encoding error
//! scope    -> risk glob error
//! risk     -> glob error
//! glob     -> error
//! clock    -> error
//! encoding -> error
//! error    ->
//! ```

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
pub mod ops;
pub mod remote;
pub mod risk;
pub mod scope;
pub mod server;
pub mod store;

#[cfg(test)]
mod architecture;
