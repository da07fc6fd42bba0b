//! `journal/HEAD`: a MAC'd checkpoint of the journal's last event.
//!
//! A hash chain alone cannot show that its tail was cut off, or that the whole history was
//! rewritten with recomputed hashes. HEAD records the last `seq` and hash with an HMAC under the
//! store secret; it is replaced atomically after every append.

use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};

use crate::encoding::{hex, unhex};
use crate::store::Secret;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

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
        Head { format: super::FORMAT, seq, hash: hex(hash), mac: hex(&mac(secret, seq, hash)) }
    }

    /// Whether `mac` verifies under `secret` (constant-time comparison).
    pub fn mac_ok(&self, secret: &Secret) -> bool {
        let (Some(hash), Some(given)) = (unhex::<32>(&self.hash), unhex::<32>(&self.mac)) else {
            return false;
        };
        let mut m = keyed(secret);
        feed(&mut m, self.seq, &hash);
        m.verify_slice(&given).is_ok()
    }

    /// Parse HEAD bytes.
    pub fn parse(bytes: &[u8]) -> Result<Head, String> {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }

    /// Serialise with a trailing newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

fn keyed(secret: &Secret) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail for a 32-byte key.
    <HmacSha256 as KeyInit>::new_from_slice(&secret.0).unwrap_or_else(|_| unreachable!())
}

fn feed(m: &mut HmacSha256, seq: u64, hash: &[u8; 32]) {
    m.update(b"aiperture/head/v1\0");
    m.update(&seq.to_be_bytes());
    m.update(hash);
}

fn mac(secret: &Secret, seq: u64, hash: &[u8; 32]) -> [u8; 32] {
    let mut m = keyed(secret);
    feed(&mut m, seq, hash);
    m.finalize().into_bytes().into()
}
