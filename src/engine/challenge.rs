//! HMAC challenges that bind a human decision to the exact check that asked for it.
//!
//! The MAC is HMAC-SHA-256 under the store secret over a length-prefixed encoding (no
//! separator ambiguity) of the request's tool, action, scope, org, project, session and content
//! hash, the verdict, a random nonce and the issue time. The challenge id is `ch_` followed by
//! the base32 of the MAC's first 15 bytes, so an id cannot be made up without the secret, and a
//! stored challenge whose fields were edited no longer matches its id. Single use and expiry are
//! enforced by the engine under the store lock, against the derived index.

use chrono::{DateTime, Utc};
use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};

use super::request::{Decision, Request};
use crate::clock::{Timestamp, format_time};
use crate::encoding::{base32, hex, unhex};
use crate::error::{Error, Result};
use crate::store::Secret;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Prefix of challenge ids.
pub const PREFIX: &str = "ch_";

/// A challenge as journaled in a `check` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// `ch_…` id shown to humans.
    pub id: String,
    /// Random nonce, hex.
    pub nonce: String,
    /// Issue time (RFC 3339).
    pub issued_at: String,
    /// Expiry time.
    pub expires_at: Timestamp,
    /// Full MAC, hex.
    pub mac: String,
}

/// Issue a challenge for `req` and `verdict`.
pub fn issue(
    secret: &Secret,
    req: &Request,
    verdict: Decision,
    now: DateTime<Utc>,
    ttl: chrono::Duration,
) -> Result<Challenge> {
    let mut nonce = [0u8; 16];
    getrandom::fill(&mut nonce)
        .map_err(|e| Error::Invalid(format!("cannot read random bytes: {e}")))?;
    let nonce = hex(&nonce);
    let issued_at = format_time(now);
    let mac = compute(secret, req, verdict, &nonce, &issued_at);
    Ok(Challenge {
        id: id_from_mac(&mac),
        nonce,
        issued_at,
        expires_at: Timestamp::from(now.checked_add_signed(ttl).ok_or_else(|| {
            Error::Invalid("challenge ttl is out of range: the expiry would overflow".into())
        })?),
        mac: hex(&mac),
    })
}

/// Whether the stored challenge verifies for `req` and `verdict` under `secret`.
pub fn verify(secret: &Secret, ch: &Challenge, req: &Request, verdict: Decision) -> bool {
    let Some(given) = unhex::<32>(&ch.mac) else { return false };
    let mut m = keyed(secret);
    feed(&mut m, req, verdict, &ch.nonce, &ch.issued_at);
    m.verify_slice(&given).is_ok() && id_from_mac(&given) == ch.id
}

/// Whether `s` looks like a challenge id (format only).
pub fn is_id(s: &str) -> bool {
    s.strip_prefix(PREFIX).is_some_and(|rest| {
        rest.len() == 24
            && rest.bytes().all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
    })
}

fn id_from_mac(mac: &[u8; 32]) -> String {
    format!("{PREFIX}{}", base32(&mac[..15]))
}

fn keyed(secret: &Secret) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail for a 32-byte key.
    <HmacSha256 as KeyInit>::new_from_slice(&secret.0).unwrap_or_else(|_| unreachable!())
}

fn feed(m: &mut HmacSha256, req: &Request, verdict: Decision, nonce: &str, issued_at: &str) {
    m.update(b"aiperture/challenge/v1\0");
    for part in [
        req.tool.as_str(),
        &req.action,
        &req.scope,
        &req.org,
        &req.project,
        &req.session,
        &req.content_hash,
        verdict.as_str(),
        nonce,
        issued_at,
    ] {
        m.update(&(part.len() as u64).to_be_bytes());
        m.update(part.as_bytes());
    }
}

fn compute(
    secret: &Secret,
    req: &Request,
    verdict: Decision,
    nonce: &str,
    issued_at: &str,
) -> [u8; 32] {
    let mut m = keyed(secret);
    feed(&mut m, req, verdict, nonce, issued_at);
    m.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret([7; 32])
    }

    #[test]
    fn issued_challenge_verifies_and_binds_every_field() {
        let req = Request::new("shell", "execute", "git push");
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let ch = issue(&secret(), &req, Decision::Ask, now, chrono::Duration::hours(1)).unwrap();
        assert!(is_id(&ch.id), "{}", ch.id);
        assert!(verify(&secret(), &ch, &req, Decision::Ask));
        assert!(!verify(&secret(), &ch, &req, Decision::Deny));
        let mut other = req.clone();
        other.scope = "git push --force".into();
        assert!(!verify(&secret(), &ch, &other, Decision::Ask));
        let mut moved = req.clone();
        moved.session = "s2".into();
        assert!(!verify(&secret(), &ch, &moved, Decision::Ask));
        assert!(!verify(&Secret([8; 32]), &ch, &req, Decision::Ask));
        let mut renamed = ch.clone();
        renamed.id = "ch_aaaaaaaaaaaaaaaaaaaaaaaa".into();
        assert!(!verify(&secret(), &renamed, &req, Decision::Ask));
    }

    #[test]
    fn length_prefixing_prevents_field_shifting() {
        let a = Request::new("shell", "exec|ute", "x");
        let b = Request::new("shell|exec", "ute", "x");
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let ch = issue(&secret(), &a, Decision::Ask, now, chrono::Duration::hours(1)).unwrap();
        assert!(!verify(&secret(), &ch, &b, Decision::Ask));
    }
}
