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
//!
//! The record and its two-slot file format live in [`crate::store::head`] (the store's
//! discovery reads witnesses in that format); this module adds what the journal means by them:
//! the MAC under the store secret.

pub use crate::store::head::{HEAD_FORMAT, Head, Parsed, SLOT};

use super::entry::ChainKey;
use crate::encoding::{hex, unhex};
use crate::store::Secret;

/// The journal's meaning of a [`Head`] record: its MAC under the store secret. The record's
/// file format (slots, parsing, writing) is [`crate::store::head`]'s.
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
