//! The hash-chained, append-only journal: the store's source of truth.
//!
//! # Format (version 2)
//!
//! The journal is a series of segments `journal/000001.jsonl`, `000002.jsonl`, … Each segment
//! starts with a header line and continues with one event line per event; a line is committed
//! when its `\n` is written.
//!
//! ```text
//! {"type":"header","format":2,"segment":1,"first_seq":1,"prev":"000…000"}
//! {"hash":"9f2c…","mac":"41d0…","event":{"seq":1,"ts":"2026-11-26T10:00:00.000000Z","kind":"check","prev":"000…000",…}}
//! ```
//!
//! * `hash = SHA-256("aiperture/journal/v1\0" ‖ prev ‖ E)` where `prev` is the previous event's
//!   hash as 32 raw bytes (zeros at genesis) and `E` the exact bytes of the `event` value as
//!   written. Verification hashes the bytes on disk, never a re-serialisation, so no canonical
//!   JSON is needed and any byte change is caught.
//! * `mac = HMAC-SHA-256(secret, "aiperture/journal-line/v1\0" ‖ seq as u64 BE ‖ hash)` under
//!   the store secret: each line proves that a writer holding the secret wrote it, and through
//!   the chain, everything before it. This goes beyond ARCHITECTURE.md's `{"hash","event"}`
//!   lines so that HEAD need not be synced on every append (one device flush per check
//!   instead of two), and so that an event appended by anything else is refused even when
//!   HEAD is one append behind. Format-1 segments (lines without `mac`) from older stores are
//!   still read and verified; a writer continues such a journal in a new format-2 segment.
//! * `seq` starts at 1 and is contiguous across segments; `prev` inside the event repeats the
//!   link in hex so each line can be checked on its own.
//! * `ts` is RFC 3339 UTC with six fractional digits and `Z`, the text of a
//!   [`Timestamp`](crate::clock::Timestamp). `kind` names the payload that follows `prev`. The
//!   journal writes one kind itself, `recovered` ([`append::RecoveredEvent`]); the engine's
//!   `EventKind` and `Event` type the others, and read a kind they do not know (a newer
//!   version's) as an unknown event that the chain still verifies.
//! * A header names its segment number, the `seq` of its first event and the hash of the
//!   previous segment's last event; headers are not part of the hash chain.
//! * `journal/HEAD` holds `{"format":1,"seq","hash","mac"}` with
//!   `mac = HMAC-SHA-256(secret, "aiperture/head/v1\0" ‖ seq as u64 BE ‖ hash)`, written after
//!   every append into one of two 512-byte slots (`seq % 2`), after the line's sync but without
//!   a sync of its own; the newest readable slot is HEAD. A power loss can leave HEAD behind the
//!   synced journal (never ahead of it); the events past it are accepted because their MACs
//!   verify, and recovery rewrites HEAD. A cut-off tail (HEAD ahead of the journal) or a
//!   rewritten history (no valid MACs, HEAD's hash not on the chain) is refused.
//! * A last line without `\n` is a torn write from a crash. The next writer moves those bytes to
//!   `journal/torn-<seq>.bin` and appends a `recovered` event.
//!
//! Appends happen only under the store lock ([`append::Writer`]), so the chain never forks.
//! [`verify::verify`] is a pure function over readers.

pub mod append;
pub mod entry;
pub mod head;
pub mod read;
pub mod verify;

use std::path::{Path, PathBuf};

use crate::error::{IoContext, Result};

/// Journal format version written in segment headers (2: every event line carries a MAC).
/// Format-1 segments are read as well.
pub const FORMAT: u64 = 2;

/// Domain tag of event hashes.
pub const DOMAIN: &[u8] = b"aiperture/journal/v1\0";

/// The all-zero link before the first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// File name of segment `n`.
pub fn segment_name(n: u32) -> String {
    format!("{n:06}.jsonl")
}

/// The segment number of a file name, if it is a segment.
pub fn parse_segment_name(name: &str) -> Option<u32> {
    let stem = name.strip_suffix(".jsonl")?;
    if stem.len() < 6 || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    stem.parse().ok()
}

/// Segments in `dir`, sorted by number. A missing folder has none.
pub fn list_segments(dir: &Path) -> Result<Vec<(u32, PathBuf)>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).at("read folder", dir),
    };
    let mut out = Vec::new();
    for entry in rd {
        let entry = entry.at("read folder", dir)?;
        if let Some(n) = entry.file_name().to_str().and_then(parse_segment_name) {
            out.push((n, entry.path()));
        }
    }
    out.sort_unstable_by_key(|(n, _)| *n);
    Ok(out)
}
