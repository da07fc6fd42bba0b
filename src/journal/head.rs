//! `journal/HEAD`: a MAC'd checkpoint of the journal's last event.
//!
//! A hash chain alone cannot show that its tail was cut off, or that the whole history was
//! rewritten with recomputed hashes. HEAD records the last `seq` and hash with an HMAC under the
//! store secret, after every append.
//!
//! The file has two 512-byte slots (the way file systems keep two superblocks): the record for
//! `seq` is written in place into slot `seq % 2`, padded with spaces, without a sync: the
//! journal line it follows is synced and carries its own MAC, so a HEAD left behind by a power
//! loss is repaired by the writer's recovery (see [`super::append`]). A new HEAD file is still
//! created durably (temp file, fsync, rename, folder fsync). A reader takes the readable slot
//! with the highest `seq`, so a write torn by a crash leaves the other slot, one append behind.
//! A HEAD file of one JSON object (older stores, exported heads) is read as well.
//!
//! Both slots always hold a record: a new file gets the record before the first one too
//! (`seq − 1`, or seq 0 over the genesis hash). So an unreadable slot is either a HEAD write
//! torn by a crash — then the journal holds one event more than the readable slot — or an
//! erased slot hiding removed events, which the writer and `verify-chain` refuse
//! ([`Parsed::other_unreadable`]).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::entry::ChainKey;
use crate::encoding::{hex, unhex};
use crate::store::Secret;

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
    /// A new HEAD for `(seq, hash)` signed with `secret`.
    pub fn new(secret: &Secret, seq: u64, hash: &[u8; 32]) -> Head {
        let mac = ChainKey::head(secret).mac(seq, hash);
        Head { format: HEAD_FORMAT, seq, hash: hex(hash), mac: hex(&mac) }
    }

    /// Whether `mac` verifies under `secret` (constant-time comparison).
    pub fn mac_ok(&self, secret: &Secret) -> bool {
        let (Some(hash), Some(given)) = (unhex::<32>(&self.hash), unhex::<32>(&self.mac)) else {
            return false;
        };
        ChainKey::head(secret).verify(self.seq, &hash, &given)
    }

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
                return crate::store::fsutil::write_atomic(
                    path,
                    &both,
                    crate::store::fsutil::Sync::Durable,
                );
            }
        };
        if crate::store::fault::fails(crate::store::fault::Site::Head) {
            return Err(crate::store::fault::enospc()).at("write", path);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_readable_slot_wins_and_a_torn_slot_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("HEAD");
        let secret = Secret([3; 32]);
        for seq in 1..=5u64 {
            let before = Head::new(&secret, seq - 1, &[seq as u8 - 1; 32]);
            Head::new(&secret, seq, &[seq as u8; 32]).write(&path, &before).unwrap();
            let p = Head::parse_slots(&std::fs::read(&path).unwrap()).unwrap();
            assert_eq!(p.head.seq, seq);
            assert!(p.head.mac_ok(&secret));
            // Both slots hold a record from the first write on.
            assert!(!p.other_unreadable, "seq {seq}");
        }
        let mut bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 2 * SLOT);
        // Tear the newest record (seq 5 lives in slot 1): the reader falls back to seq 4.
        bytes[SLOT + 10..SLOT + 60].fill(b'#');
        let p = Head::parse_slots(&bytes).unwrap();
        assert_eq!(p.head.seq, 4);
        assert!(p.head.mac_ok(&secret));
        assert!(p.other_unreadable);
        // A one-record HEAD (older stores, saved heads) still reads.
        let legacy = Head::new(&secret, 9, &[9; 32]).to_bytes();
        assert_eq!(Head::parse(&legacy).unwrap().seq, 9);
        assert!(Head::parse(&[b' '; 2 * SLOT]).is_err());
    }
}
