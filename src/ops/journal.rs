//! Reading and proving the journal: audit queries, verifying the chain, the compliance
//! report, and journaling that an approved call ran.
//!
//! Reads hold the store lock, so no writer is half-way through an append while the journal
//! is read and every event appended so far is durable.

use std::path::Path;

use crate::encoding::unhex;
use crate::engine::Request;
use crate::engine::report::{self, AuditEvent, AuditFilter, ComplianceReport, StatsReport};
use crate::error::{Error, IoContext, Result};
use crate::journal::list_segments;
use crate::journal::verify::{Expected, Progress, VerifyReport, verify_store_with};

use crate::store::layout;

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

/// What identifies the journal's state without reading its events: the bytes of `HEAD` and
/// each segment's name, length, modification time and (on Unix) inode and change time. Any
/// append changes it.
fn fingerprint(dir: &Path) -> Result<Vec<u8>> {
    let head = dir.join(layout::HEAD);
    let mut key = match std::fs::read(&head) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).at("read", &head),
    };
    for (n, path) in list_segments(dir)? {
        let meta = std::fs::metadata(&path).at("stat", &path)?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        key.extend_from_slice(&n.to_be_bytes());
        key.extend_from_slice(&meta.len().to_be_bytes());
        key.extend_from_slice(&mtime.to_be_bytes());
        // The change time and inode too, which a user cannot set back.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            key.extend_from_slice(&meta.ino().to_be_bytes());
            key.extend_from_slice(&meta.ctime().to_be_bytes());
            key.extend_from_slice(&meta.ctime_nsec().to_be_bytes());
        }
    }
    Ok(key)
}

/// A verification kept with the journal state it was made on.
#[derive(Debug, Default)]
pub struct VerifyCache(Option<(Vec<u8>, VerifyReport)>);

/// [`verify_chain`] with no expected heads, unless the journal is unchanged since the report in
/// `cache` was made (the same `HEAD` bytes and segment names, lengths, modification and change
/// times): then that report, and `true`. Verification reads the whole journal (O(n)); this
/// lets a page that is reloaded often show the result without re-reading an unchanged
/// journal. An edit that keeps all of these (within the file system's time resolution) is not
/// noticed here; `aiperture verify-chain` always reads everything.
pub fn verify_chain_cached<A: Access>(
    a: &mut A,
    cache: &mut VerifyCache,
) -> Result<(VerifyReport, bool)> {
    let store = a.store().clone();
    a.with_journal(|dir| {
        let key = fingerprint(dir)?;
        if let Some((k, report)) = &cache.0
            && *k == key
        {
            return Ok((report.clone(), true));
        }
        let report = verify_store_with(&store, &[], &mut |_| {})?;
        cache.0 = Some((key, report.clone()));
        Ok((report, false))
    })
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
