//! Line encoding of the journal: event hashing, line building and line parsing.
//!
//! The hash covers the exact bytes of the `event` value, so parsing borrows that value as a
//! [`RawValue`] and never re-serialises it. Parsing accepts only the line shapes of formats 1
//! and 2 (a header, `{"hash","event"}` or `{"hash","mac","event"}`) and rejects unknown fields.
//! Whether a line must carry a MAC is decided by its segment's header (format 2), not here.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::DOMAIN;
use crate::clock::Timestamp;
use crate::encoding::{hex, unhex};
use crate::store::Secret;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Domain tag of line MACs.
pub const LINE_MAC_DOMAIN: &[u8] = b"aiperture/journal-line/v1\0";

/// `SHA-256(DOMAIN ‖ prev ‖ event)`.
pub fn link(prev: &[u8; 32], event: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(prev);
    h.update(event);
    h.finalize().into()
}

/// Domain tag of HEAD record MACs.
pub const HEAD_MAC_DOMAIN: &[u8] = b"aiperture/head/v1\0";

/// The store secret's MAC over `(seq, hash)` under one domain tag: line MACs
/// ([`LINE_MAC_DOMAIN`]) and HEAD records ([`HEAD_MAC_DOMAIN`]) are the same construction,
/// `HMAC-SHA-256(secret, domain ‖ seq as u64 BE ‖ hash)`. The keyed state is derived once and
/// cloned per MAC.
#[derive(Clone)]
pub struct ChainKey {
    keyed: HmacSha256,
    domain: &'static [u8],
}

impl std::fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChainKey(…)")
    }
}

impl ChainKey {
    /// The key of journal line MACs.
    pub fn line(secret: &Secret) -> ChainKey {
        ChainKey::new(secret, LINE_MAC_DOMAIN)
    }

    /// The key of HEAD record MACs.
    pub fn head(secret: &Secret) -> ChainKey {
        ChainKey::new(secret, HEAD_MAC_DOMAIN)
    }

    fn new(secret: &Secret, domain: &'static [u8]) -> ChainKey {
        use hmac::KeyInit;
        // HMAC accepts keys of any length, so this cannot fail for a 32-byte key.
        let keyed =
            <HmacSha256 as KeyInit>::new_from_slice(&secret.0).unwrap_or_else(|_| unreachable!());
        ChainKey { keyed, domain }
    }

    fn fed(&self, seq: u64, hash: &[u8; 32]) -> HmacSha256 {
        use hmac::Mac;
        let mut m = self.keyed.clone();
        m.update(self.domain);
        m.update(&seq.to_be_bytes());
        m.update(hash);
        m
    }

    /// The MAC of `(seq, hash)`.
    pub fn mac(&self, seq: u64, hash: &[u8; 32]) -> [u8; 32] {
        use hmac::Mac;
        self.fed(seq, hash).finalize().into_bytes().into()
    }

    /// Whether `given` is the MAC of `(seq, hash)` (constant-time comparison).
    pub fn verify(&self, seq: u64, hash: &[u8; 32], given: &[u8; 32]) -> bool {
        use hmac::Mac;
        self.fed(seq, hash).verify_slice(given).is_ok()
    }
}

/// `{"hash":"…","event":EVENT}\n` (format 1), or `{"hash":"…","mac":"…","event":EVENT}\n`
/// (format 2) when `mac` is given.
pub fn encode_line(hash: &[u8; 32], mac: Option<&[u8; 32]>, event: &[u8]) -> Vec<u8> {
    let mut line = Vec::with_capacity(event.len() + 160);
    line.extend_from_slice(b"{\"hash\":\"");
    line.extend_from_slice(hex(hash).as_bytes());
    if let Some(mac) = mac {
        line.extend_from_slice(b"\",\"mac\":\"");
        line.extend_from_slice(hex(mac).as_bytes());
    }
    line.extend_from_slice(b"\",\"event\":");
    line.extend_from_slice(event);
    line.extend_from_slice(b"}\n");
    line
}

/// A segment's first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always `"header"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Format version.
    pub format: u64,
    /// Segment number.
    pub segment: u32,
    /// `seq` of the segment's first event.
    pub first_seq: u64,
    /// Hash of the previous segment's last event (zeros for the first segment).
    pub prev: String,
}

/// The fields every event has.
#[derive(Debug, Clone, Deserialize)]
pub struct EventHead {
    /// Sequence number.
    pub seq: u64,
    /// RFC 3339 UTC time.
    pub ts: String,
    /// Event kind.
    pub kind: String,
    /// Previous hash, hex.
    pub prev: String,
}

/// The fields common to every event as written; the kind's payload is flattened after them.
#[derive(Serialize)]
pub struct EventOut<'a, P: Serialize> {
    /// Sequence number.
    pub seq: u64,
    /// Time.
    pub ts: Timestamp,
    /// Kind.
    pub kind: &'a str,
    /// Previous hash, hex.
    pub prev: &'a str,
    /// Payload.
    #[serde(flatten)]
    pub body: &'a P,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnyLine<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    format: Option<u64>,
    segment: Option<u32>,
    first_seq: Option<u64>,
    prev: Option<String>,
    hash: Option<String>,
    mac: Option<String>,
    #[serde(borrow)]
    event: Option<&'a RawValue>,
}

/// One parsed line.
#[derive(Debug)]
pub enum Line<'a> {
    /// A segment header.
    Header(Header),
    /// An event line.
    Event(EventLine<'a>),
}

/// An event line, with the exact event bytes.
#[derive(Debug)]
pub struct EventLine<'a> {
    /// The hash stored in the line.
    pub hash: [u8; 32],
    /// The MAC stored in the line (format 2).
    pub mac: Option<[u8; 32]>,
    /// The event's common fields.
    pub head: EventHead,
    /// The `prev` field decoded.
    pub prev: [u8; 32],
    /// The exact bytes of the event value.
    pub raw: &'a str,
}

impl EventLine<'_> {
    /// Recompute the hash from the stored bytes and the given previous link.
    pub fn computed_hash(&self, prev: &[u8; 32]) -> [u8; 32] {
        link(prev, self.raw.as_bytes())
    }
}

/// Parse one line (without its `\n`).
pub fn parse_line(line: &[u8]) -> Result<Line<'_>, String> {
    let text = std::str::from_utf8(line).map_err(|_| "line is not valid UTF-8".to_string())?;
    let any: AnyLine<'_> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    match (any.kind, any.hash, any.event) {
        (Some(kind), None, None) if any.mac.is_none() => {
            if kind != "header" {
                return Err(format!("unknown line type {kind:?}"));
            }
            let (Some(format), Some(segment), Some(first_seq), Some(prev)) =
                (any.format, any.segment, any.first_seq, any.prev)
            else {
                return Err("header line lacks format, segment, first_seq or prev".into());
            };
            if unhex::<32>(&prev).is_none() {
                return Err("header prev is not a 64-digit hex hash".into());
            }
            Ok(Line::Header(Header { kind, format, segment, first_seq, prev }))
        }
        (None, Some(hash), Some(event)) if any.format.is_none() && any.prev.is_none() => {
            let hash = unhex::<32>(&hash).ok_or("hash is not a 64-digit hex hash")?;
            let mac = match any.mac {
                None => None,
                Some(m) => Some(unhex::<32>(&m).ok_or("mac is not a 64-digit hex MAC")?),
            };
            let head: EventHead =
                serde_json::from_str(event.get()).map_err(|e| format!("event: {e}"))?;
            let prev = unhex::<32>(&head.prev).ok_or("event prev is not a 64-digit hex hash")?;
            Ok(Line::Event(EventLine { hash, mac, head, prev, raw: event.get() }))
        }
        _ => Err("line is neither a header nor a {\"hash\",\"mac\",\"event\"} line".into()),
    }
}

/// The parts of an event line in exactly the shape the writer produces
/// (`{"hash":H,"mac":M,"event":{"seq":N,"ts":T,"kind":K,"prev":P,…}}`), read without a JSON
/// parser. The event's bytes after `prev` are not looked at: a caller may trust this reading
/// only once the line's MAC (over `seq` and `hash`) and hash (over the event's bytes) verify,
/// which proves that aiperture wrote it; anything else goes through [`parse_line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenEvent<'a> {
    /// The stored hash.
    pub hash: [u8; 32],
    /// The stored MAC.
    pub mac: [u8; 32],
    /// `seq`.
    pub seq: u64,
    /// `kind` (without escapes).
    pub kind: &'a str,
    /// `prev`, decoded.
    pub prev: [u8; 32],
    /// The event's bytes.
    pub raw: &'a str,
}

/// Read an event line of the writer's own shape (see [`WrittenEvent`]); `None` for any other
/// line, which the caller then parses with [`parse_line`].
pub fn read_written(line: &[u8]) -> Option<WrittenEvent<'_>> {
    let rest = line.strip_prefix(b"{\"hash\":\"")?;
    let hash = crate::encoding::unhex_bytes::<32>(rest.get(..64)?)?;
    let rest = rest.get(64..)?.strip_prefix(b"\",\"mac\":\"")?;
    let mac = crate::encoding::unhex_bytes::<32>(rest.get(..64)?)?;
    let event = rest.get(64..)?.strip_prefix(b"\",\"event\":")?.strip_suffix(b"}")?;
    let raw = std::str::from_utf8(event).ok()?;
    let rest = event.strip_prefix(b"{\"seq\":")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 19 || (digits > 1 && rest[0] == b'0') {
        return None;
    }
    let seq: u64 = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
    let rest = rest[digits..].strip_prefix(b",\"ts\":\"")?;
    let ts_len = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    let rest = rest[ts_len..].strip_prefix(b"\",\"kind\":\"")?;
    let kind_len = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    let kind = std::str::from_utf8(&rest[..kind_len]).ok()?;
    let rest = rest[kind_len..].strip_prefix(b"\",\"prev\":\"")?;
    let prev = crate::encoding::unhex_bytes::<32>(rest.get(..64)?)?;
    rest.get(64..)?.strip_prefix(b"\"")?;
    Some(WrittenEvent { hash, mac, seq, kind, prev, raw })
}

/// Header line bytes (with `\n`).
pub fn encode_header(h: &Header) -> Vec<u8> {
    let mut v = serde_json::to_vec(h).unwrap_or_default();
    v.push(b'\n');
    v
}
