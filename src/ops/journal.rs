//! Reading and proving the journal: audit queries, verifying the chain, the compliance
//! report, and journaling that an approved call ran.
//!
//! Reads hold the store lock, so no writer is half-way through an append while the journal
//! is read and every event appended so far is durable.

use crate::encoding::unhex;
use crate::engine::Request;
use crate::engine::report::{self, AuditEvent, AuditFilter, ComplianceReport, StatsReport};
use crate::error::{Error, Result};
use crate::journal::verify::{Expected, Progress, VerifyReport, verify_store_with};

use super::Access;

/// The newest events `filter` selects, oldest first.
pub fn audit<A: Access>(a: &mut A, filter: &AuditFilter) -> Result<Vec<AuditEvent>> {
    a.with_journal(|dir| report::audit_log(dir, filter))
}

/// The event numbered `seq`, if the journal has it.
pub fn audit_event<A: Access>(a: &mut A, seq: u64) -> Result<Option<AuditEvent>> {
    a.with_journal(|dir| report::audit_show(dir, seq))
}

/// A head a verification must find: a 64-digit hex hash (any position in the chain).
pub fn expected_hash(what: &str, text: &str) -> Result<Expected> {
    unhex::<32>(&text.trim().to_ascii_lowercase())
        .map(|hash| Expected::Recorded { seq: None, hash })
        .ok_or_else(|| {
            Error::Invalid(format!("`{what}` must be a 64-digit hex hash, got {text:?}"))
        })
}

/// Verify the store's journal against its HEAD, the store's witness and `expected`;
/// `progress` hears after every block read.
pub fn verify_chain<A: Access>(
    a: &mut A,
    expected: &[Expected],
    progress: &mut dyn FnMut(Progress),
) -> Result<VerifyReport> {
    let store = a.store().clone();
    a.with_journal(|_| verify_store_with(&store, expected, progress))
}

/// Which approvals were followed by a run, and which runs had no approval (one session's,
/// when given).
pub fn compliance<A: Access>(a: &mut A, session: Option<&str>) -> Result<ComplianceReport> {
    a.with_journal(|dir| report::compliance(dir, session))
}

/// Counts over the whole journal.
pub fn stats<A: Access>(a: &mut A) -> Result<StatsReport> {
    a.with_journal(report::stats)
}

/// Journal that `req` ran with `status` (`ok` or `failed`), reported through `channel`; the
/// event's `seq`. A run spends an approval's one-time allowance, as a check would.
pub fn report_execution<A: Access>(
    a: &mut A,
    req: &Request,
    status: &str,
    channel: &str,
) -> Result<u64> {
    req.validate()?;
    let now = a.now()?;
    a.with_engine(now, |e| e.report_execution(req, status, channel, now))
}
