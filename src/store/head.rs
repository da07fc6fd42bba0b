//! The two-slot record file of `journal/HEAD` and of the journal's witness in the user store.
//!
//! This module owns the file format only: the [`Head`] record (`format`, `seq`, `hash`,
//! `mac`), two 512-byte slots written in place, and the reader that takes the readable slot
//! with the highest `seq`. What the record means and how its MAC is computed and checked
//! belongs to the journal ([`crate::journal::head`]). It lives in `store` because store
//! discovery reads witnesses (a deleted project store is recognised by its witness's `seq`),
//! and the store must not depend on the journal, which is built on it.
//!
//! Invariants: a record never outgrows its slot (a write refuses instead), a new file is
//! created atomically and durably with both slots filled, and parsing never panics on any
//! bytes.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// Format of HEAD records (unchanged by the line MACs of journal format 2).
pub const HEAD_FORMAT: u64 = 1;

/// Size of one HEAD slot.
pub const SLOT: usize = 512;

/// A parsed HEAD file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The newest readable record.
    pub head: Head,
    /// True when the file has two slots and the other one holds no readable record (a torn
    /// write, or an erased one).
    pub other_unreadable: bool,
}

/// Contents of `journal/HEAD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    /// Format version.
    pub format: u64,
    /// `seq` of the last event.
    pub seq: u64,
    /// Hash of the last event, hex.
    pub hash: String,
    /// HMAC-SHA-256 over the domain tag, `seq` and hash, hex.
    pub mac: String,
}

impl Head {
    /// Parse HEAD bytes: the newest readable slot of a two-slot file, or a single record.
    pub fn parse(bytes: &[u8]) -> Result<Head, String> {
        Head::parse_slots(bytes).map(|p| p.head)
    }

    /// [`Head::parse`], also saying whether the other slot of a two-slot file is unreadable.
    pub fn parse_slots(bytes: &[u8]) -> Result<Parsed, String> {
        if bytes.len() == 2 * SLOT {
            let slots: Vec<Head> = bytes
                .chunks(SLOT)
                .filter_map(|s| serde_json::from_slice::<Head>(s.trim_ascii()).ok())
                .collect();
            let other_unreadable = slots.len() < 2;
            return slots
                .into_iter()
                .max_by_key(|h| h.seq)
                .map(|head| Parsed { head, other_unreadable })
                .ok_or_else(|| "neither HEAD slot holds a readable record".to_string());
        }
        serde_json::from_slice(bytes.trim_ascii())
            .map(|head| Parsed { head, other_unreadable: false })
            .map_err(|e| e.to_string())
    }

    /// Write this record into its slot of the HEAD file at `path`, without a sync. A new file
    /// (or one replacing a one-record HEAD) is created atomically and durably with `previous`,
    /// the record of the event before, in the other slot.
    pub fn write(&self, path: &Path, previous: &Head) -> crate::error::Result<()> {
        #[cfg(not(unix))]
        use std::io::{Seek, SeekFrom, Write};

        use crate::error::IoContext;
        let mut record = serde_json::to_vec(self).unwrap_or_default();
        if record.len() >= SLOT {
            return Err(crate::error::Error::Invalid("HEAD record larger than its slot".into()));
        }
        record.resize(SLOT - 1, b' ');
        record.push(b'\n');
        let mut before = serde_json::to_vec(previous).unwrap_or_default();
        before.truncate(SLOT - 1);
        before.resize(SLOT - 1, b' ');
        before.push(b'\n');
        let slot = (self.seq % 2) as usize;
        let f = match std::fs::OpenOptions::new().write(true).open(path) {
            Ok(f) if f.metadata().is_ok_and(|m| m.len() == 2 * SLOT as u64) => f,
            // Missing, or an older one-record HEAD: write a fresh two-slot file atomically.
            Ok(_) | Err(_) => {
                let mut both = vec![b' '; 2 * SLOT];
                both[(1 - slot) * SLOT..(2 - slot) * SLOT].copy_from_slice(&before);
                both[slot * SLOT..(slot + 1) * SLOT].copy_from_slice(&record);
                return super::fsutil::write_atomic(path, &both, super::fsutil::Sync::Durable);
            }
        };
        if super::fault::fails(super::fault::Site::Head) {
            return Err(super::fault::enospc()).at("write", path);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            f.write_all_at(&record, (slot * SLOT) as u64).at("write", path)?;
        }
        #[cfg(not(unix))]
        {
            let mut f = f;
            f.seek(SeekFrom::Start((slot * SLOT) as u64)).at("seek", path)?;
            f.write_all(&record).at("write", path)?;
        }
        Ok(())
    }

    /// Serialise with a trailing newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}
