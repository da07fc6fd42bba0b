//! Every operation once, behind every door.
//!
//! An operation (check, explain, record a human decision, grant, revoke, list patterns or
//! pending asks, store and verify artifacts, costs, audit, verify the chain, compliance,
//! configuration) is one function here, with typed input and output. The doors translate:
//! `cli/` parses arguments, `server/http.rs` a request body or query, `server/mcp.rs` a tool
//! call's arguments, `hooks/` an agent's hook payload, and each renders the typed result in
//! its own wire format. What an
//! operation checks, reads, decides and journals therefore cannot differ between doors.
//!
//! A door gives an operation its way into the store through [`Access`]: the clock, the
//! configuration in force, the engine under the store lock and the journal folder under the
//! lock. The CLI opens an engine per operation ([`crate::cli::Door`]), a hook runs its few
//! operations on the one engine it opened ([`Held`]), the MCP server keeps one engine's
//! loaded state between calls, the HTTP server runs engines through its group commit: those
//! differences live in the `Access` implementations, never in an operation.
//!
//! Invariants: an operation validates its input before it takes the store lock; bad input
//! is [`Error::Invalid`] or [`Error::InvalidRequest`] (a 400, an `invalid_arguments` tool
//! error, exit 2); every state change goes through the [`Engine`] and is journaled.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::{Config, Loaded};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::store::Store;

pub mod artifacts;
pub mod check;
pub mod human;
pub mod journal;
pub mod learned;
pub mod settings;

/// The names under which the MCP server offers operations as tools, in the order it lists
/// them (the three human-decision tools last, offered only when the configuration allows).
/// A hook lets a call to one of these through: the tool asks aiperture itself.
pub const MCP_TOOLS: [&str; 15] = [
    "check_permission",
    "explain_action",
    "get_permission_patterns",
    "list_auto_approved_patterns",
    "report_tool_execution",
    "get_compliance_report",
    "store_artifact",
    "verify_artifact",
    "get_cost_summary",
    "get_audit_trail",
    "verify_chain",
    "get_config",
    "approve_action",
    "deny_action",
    "revoke_permission_pattern",
];

/// How an operation reaches the store, given by each door.
pub trait Access {
    /// The time the operation happens at.
    fn now(&mut self) -> Result<DateTime<Utc>>;

    /// The configuration in force.
    fn config(&mut self) -> Result<Arc<Config>>;

    /// The configuration with every entry's origin (only the configuration listing needs it).
    fn loaded(&mut self) -> Result<Loaded>;

    /// The store.
    fn store(&self) -> &Store;

    /// The folder relative paths in a request resolve against: the CLI's working folder; a
    /// server has none (its clients' folders are not its own).
    fn cwd(&self) -> Option<&Path> {
        None
    }

    /// The user configuration file the configuration is layered from, if any.
    fn user_config_file(&self) -> Option<PathBuf> {
        Some(self.store().user_dirs().config_file.clone())
    }

    /// Run `f` on the store's engine, under the store lock. Whatever `f` journals is durable
    /// (as the configured durability says) before this returns.
    fn with_engine<T>(
        &mut self,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Engine) -> Result<T>,
    ) -> Result<T>;

    /// Hold the store lock while `f` reads the journal folder.
    fn with_journal<T>(&mut self, f: impl FnOnce(&Path) -> Result<T>) -> Result<T>;
}

/// An engine a door already holds, as an [`Access`]: a hook opens the store once and runs
/// several operations under that one lock (settle the agent's prompts, decide, report that a
/// tool ran). The configuration's origins are not kept by an open engine, so an operation
/// that lists them ([`settings::list`]) refuses to run on one.
pub struct Held<'e> {
    engine: &'e mut Engine,
    now: DateTime<Utc>,
}

impl<'e> Held<'e> {
    /// Operations on `engine` at `now` (the time the door read once for the whole call).
    pub fn new(engine: &'e mut Engine, now: DateTime<Utc>) -> Held<'e> {
        Held { engine, now }
    }
}

impl Access for Held<'_> {
    fn now(&mut self) -> Result<DateTime<Utc>> {
        Ok(self.now)
    }

    fn config(&mut self) -> Result<Arc<Config>> {
        Ok(self.engine.shared_config())
    }

    fn loaded(&mut self) -> Result<Loaded> {
        Err(Error::Invalid(
            "the configuration's origins are not known to an engine that is already open".into(),
        ))
    }

    fn store(&self) -> &Store {
        self.engine.store()
    }

    fn cwd(&self) -> Option<&Path> {
        self.engine.cwd()
    }

    fn with_engine<T>(
        &mut self,
        _now: DateTime<Utc>,
        f: impl FnOnce(&mut Engine) -> Result<T>,
    ) -> Result<T> {
        f(self.engine)
    }

    fn with_journal<T>(&mut self, f: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        f(self.engine.journal_dir())
    }
}

/// An optional RFC 3339 time argument named `what`.
pub fn parse_time(what: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    text.map(|t| {
        crate::clock::parse_time(t)
            .ok_or_else(|| Error::Invalid(format!("`{what}` is not an RFC 3339 time: {t:?}")))
    })
    .transpose()
}
