//! The signed export document and the store's signing key.
//!
//! File format (one JSON object, compact, then a newline):
//! `{"format":"aiperture.intel.v2","payload":{…},"signature":"<hex ed25519>"}`. The signature
//! covers the exact bytes of `payload` as they appear in the file, so changing any byte of it
//! (even one that would parse to the same value) makes verification fail. The payload names
//! the public key and the organisation id (the first 16 bytes of the key's SHA-256, hex); an
//! id that does not match its key is rejected too.
//!
//! Version 2 reports through *permanent* randomized response (each answer drawn once and
//! repeated by every later export of the store) and states the store's lifetime privacy cap;
//! version 1 files (fresh draws per export, no cap) are still read.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::Mechanism;
use crate::encoding::{hex, unhex};
use crate::error::{Error, Result};

/// `format` of an export.
pub const FORMAT: &str = "aiperture.intel.v2";

/// `format` of exports made before answers were memoized (read, never written).
pub const FORMAT_V1: &str = "aiperture.intel.v1";

/// Name of the mechanism in exports: randomized response, each answer drawn once.
pub const MECHANISM: &str = "permanent_randomized_response";

/// Name of the mechanism in [`FORMAT_V1`] exports.
pub const MECHANISM_V1: &str = "randomized_response";

/// One randomized report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Tool.
    pub tool: String,
    /// Action.
    pub action: String,
    /// Generalized pattern ([`super::generalize`]).
    pub pattern: String,
    /// The randomized bit: true for "approves".
    pub approve: bool,
}

/// The privacy parameters of an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Always [`MECHANISM`].
    pub mechanism: String,
    /// ε per reported pattern.
    pub epsilon: f64,
    /// Probability that a report is the true bit.
    pub p_truth: f64,
    /// Patterns reported.
    pub patterns: u64,
    /// Total privacy budget of this export's answers: `patterns × epsilon` (each was spent
    /// once, by the export that first drew it).
    pub total_epsilon: f64,
    /// The exporting store's lifetime cap: its exports together never spend more (absent
    /// from [`FORMAT_V1`] files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_cap: Option<f64>,
}

/// What is signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    /// Organisation id: fingerprint of `public_key`.
    pub org: String,
    /// ed25519 public key, hex.
    pub public_key: String,
    /// When the export was made (RFC 3339).
    pub created: String,
    /// Mechanism and budget.
    pub privacy: Privacy,
    /// The reports, one per generalized pattern.
    pub reports: Vec<Report>,
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    payload: &'a RawValue,
    signature: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeIn<'a> {
    format: String,
    #[serde(borrow)]
    payload: &'a RawValue,
    signature: String,
}

/// The organisation id of a public key.
pub fn fingerprint(key: &VerifyingKey) -> String {
    hex(&Sha256::digest(key.as_bytes())[..16])
}

/// A store's signing key (32 secret bytes).
pub struct Key(SigningKey);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", fingerprint(&self.0.verifying_key()))
    }
}

impl Key {
    /// A key from its 32 secret bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Key {
        Key(SigningKey::from_bytes(bytes))
    }

    /// A new random key; returns it and its secret bytes (to store).
    pub fn generate() -> Result<(Key, [u8; 32])> {
        let mut b = [0u8; 32];
        getrandom::fill(&mut b).map_err(|e| Error::Invalid(format!("no random numbers: {e}")))?;
        Ok((Key::from_bytes(&b), b))
    }

    /// The organisation id.
    pub fn org(&self) -> String {
        fingerprint(&self.0.verifying_key())
    }

    /// A signed export of `reports` made at `created` with ε `epsilon`, by a store whose
    /// lifetime cap is `lifetime_cap`.
    pub fn export(
        &self,
        reports: Vec<Report>,
        epsilon: f64,
        lifetime_cap: f64,
        created: &str,
    ) -> Result<String> {
        let m = Mechanism { epsilon };
        let payload = Payload {
            org: self.org(),
            public_key: hex(self.0.verifying_key().as_bytes()),
            created: created.into(),
            privacy: Privacy {
                mechanism: MECHANISM.into(),
                epsilon,
                p_truth: m.p_truth(),
                patterns: reports.len() as u64,
                total_epsilon: epsilon * reports.len() as f64,
                lifetime_cap: Some(lifetime_cap),
            },
            reports,
        };
        let json_err = |e| Error::Json { what: "the intel export".into(), source: e };
        let raw = serde_json::value::to_raw_value(&payload).map_err(json_err)?;
        let signature = hex(&self.0.sign(raw.get().as_bytes()).to_bytes());
        let mut out =
            serde_json::to_string(&EnvelopeOut { format: FORMAT, payload: &raw, signature })
                .map_err(json_err)?;
        out.push('\n');
        Ok(out)
    }
}

/// Check an export's format, signature, organisation id and privacy parameters, and return
/// its payload.
pub fn verify(text: &str) -> Result<Payload> {
    let bad = |why: &str| Error::Invalid(format!("not a valid intel export: {why}"));
    let env: EnvelopeIn<'_> = serde_json::from_str(text.trim_end_matches(['\n', '\r']))
        .map_err(|e| bad(&format!("{e}")))?;
    let v1 = env.format == FORMAT_V1;
    if !v1 && env.format != FORMAT {
        return Err(bad(&format!("format {:?} (expected {FORMAT})", env.format)));
    }
    let payload: Payload =
        serde_json::from_str(env.payload.get()).map_err(|e| bad(&format!("payload: {e}")))?;
    let key_bytes =
        unhex::<32>(&payload.public_key).ok_or_else(|| bad("public key is not 32 bytes of hex"))?;
    let key = VerifyingKey::from_bytes(&key_bytes)
        .map_err(|_| bad("public key is not a valid ed25519 key"))?;
    let sig_bytes =
        unhex::<64>(&env.signature).ok_or_else(|| bad("signature is not 64 bytes of hex"))?;
    key.verify_strict(env.payload.get().as_bytes(), &Signature::from_bytes(&sig_bytes))
        .map_err(|_| bad("the signature does not match the payload (altered or forged)"))?;
    if payload.org != fingerprint(&key) {
        return Err(bad("the organisation id is not the key's fingerprint"));
    }
    let p = &payload.privacy;
    let (lo, hi) = Mechanism::RANGE;
    // A version 2 file states a cap at least as large as what its own answers cost.
    let cap_ok = match (v1, p.lifetime_cap) {
        (true, None) => true,
        (false, Some(cap)) => {
            cap.is_finite() && cap >= p.total_epsilon - 1e-9 * p.total_epsilon.abs().max(1.0)
        }
        _ => false,
    };
    if p.mechanism != if v1 { MECHANISM_V1 } else { MECHANISM }
        || !cap_ok
        || !(lo..=hi).contains(&p.epsilon)
        || (p.p_truth - Mechanism { epsilon: p.epsilon }.p_truth()).abs() > 1e-9
        || p.patterns != payload.reports.len() as u64
        || (p.total_epsilon - p.epsilon * p.patterns as f64).abs()
            > 1e-9 * p.total_epsilon.abs().max(1.0)
    {
        return Err(bad("its privacy parameters are inconsistent"));
    }
    if crate::clock::parse_time(&payload.created).is_none() {
        return Err(bad("its creation time is not RFC 3339"));
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Key, String) {
        let key = Key::from_bytes(&[7; 32]);
        let reports = vec![
            Report {
                tool: "shell".into(),
                action: "execute".into(),
                pattern: "git push".into(),
                approve: true,
            },
            Report {
                tool: "web".into(),
                action: "fetch".into(),
                pattern: "*".into(),
                approve: false,
            },
        ];
        let text = key.export(reports, 1.0, 100.0, "2026-11-26T10:00:00Z").unwrap_or_default();
        (key, text)
    }

    /// RFC 8032 section 7.1, TEST 1: the signatures and organisation ids of existing exports
    /// do not change with the ed25519 or SHA-256 implementation.
    #[test]
    fn a_known_key_signs_and_names_itself_as_before() {
        let secret: [u8; 32] =
            unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                .unwrap_or_default();
        let key = Key::from_bytes(&secret);
        assert_eq!(
            hex(key.0.verifying_key().as_bytes()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        assert_eq!(
            hex(&key.0.sign(b"").to_bytes()),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555\
             fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
        assert_eq!(key.org(), "21fe31dfa154a261626bf854046fd227");
    }

    #[test]
    fn an_export_verifies_and_names_its_key() {
        let (key, text) = sample();
        let p = verify(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.org, key.org());
        assert_eq!(p.reports.len(), 2);
        assert_eq!(p.privacy.patterns, 2);
        assert!((p.privacy.total_epsilon - 2.0).abs() < 1e-12);
    }

    #[test]
    fn any_changed_byte_of_the_payload_is_rejected() {
        let (_, text) = sample();
        let start = text.find("\"payload\":").unwrap_or(0) + "\"payload\":".len();
        let end = text.find(",\"signature\"").unwrap_or(text.len());
        assert!(end > start);
        let bytes = text.as_bytes();
        for i in start..end {
            for replacement in [b' ', b'0', b'x', b'"'] {
                if bytes[i] == replacement {
                    continue;
                }
                let mut t = bytes.to_vec();
                t[i] = replacement;
                let t = String::from_utf8_lossy(&t);
                assert!(verify(&t).is_err(), "byte {i} -> {:?} accepted", replacement as char);
            }
        }
    }

    #[test]
    fn a_payload_signed_by_another_key_or_with_a_wrong_org_is_rejected() {
        let (_, text) = sample();
        let other = Key::from_bytes(&[9; 32]);
        // Re-sign the same payload under another key but keep the first key's id and key.
        let env: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let payload = env["payload"].to_string();
        let sig = hex(&other.0.sign(payload.as_bytes()).to_bytes());
        let forged =
            format!("{{\"format\":\"{FORMAT}\",\"payload\":{payload},\"signature\":\"{sig}\"}}");
        assert!(verify(&forged).is_err());
    }

    /// `payload` signed by `key` in an envelope of `format`.
    fn signed(key: &Key, format: &str, payload: &serde_json::Value) -> String {
        let payload = payload.to_string();
        let sig = hex(&key.0.sign(payload.as_bytes()).to_bytes());
        format!("{{\"format\":\"{format}\",\"payload\":{payload},\"signature\":\"{sig}\"}}")
    }

    /// The sample's payload, to edit and sign again.
    fn sample_payload() -> (Key, serde_json::Value) {
        let (key, text) = sample();
        let env: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        (key, env["payload"].clone())
    }

    /// Files of the first format (fresh draws, no cap) are still read; a file must not mix
    /// the two formats' mechanisms, and a version 2 file must state a cap.
    #[test]
    fn version_1_files_still_verify_and_formats_do_not_mix() {
        let (key, mut v1) = sample_payload();
        v1["privacy"]["mechanism"] = serde_json::json!(MECHANISM_V1);
        v1["privacy"].as_object_mut().map(|p| p.remove("lifetime_cap"));
        let p = verify(&signed(&key, FORMAT_V1, &v1)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.privacy.lifetime_cap, None);
        // The v1 payload under the v2 format (no cap, old mechanism), and the reverse.
        assert!(verify(&signed(&key, FORMAT, &v1)).is_err());
        let (_, v2) = sample_payload();
        assert!(verify(&signed(&key, FORMAT_V1, &v2)).is_err());
        assert!(verify(&signed(&key, FORMAT, &v2)).is_ok());
    }

    /// A claimed ε outside [0.01, 10] is refused, however the file is signed: a tiny ε would
    /// be almost pure noise claimed as data, a huge one a report without deniability.
    #[test]
    fn an_extreme_epsilon_or_a_cap_below_the_export_is_rejected() {
        for epsilon in [0.001, 0.0, -1.0, 10.5, 1e9] {
            let (key, mut p) = sample_payload();
            let m = Mechanism { epsilon };
            p["privacy"]["epsilon"] = serde_json::json!(epsilon);
            p["privacy"]["p_truth"] = serde_json::json!(m.p_truth());
            p["privacy"]["total_epsilon"] = serde_json::json!(2.0 * epsilon);
            let err = verify(&signed(&key, FORMAT, &p)).err().map(|e| e.to_string());
            assert!(
                err.as_deref().is_some_and(|e| e.contains("privacy parameters")),
                "ε = {epsilon}: {err:?}"
            );
        }
        // Two answers at ε = 1 cost 2: a cap of 1.5 cannot be true.
        let (key, mut p) = sample_payload();
        p["privacy"]["lifetime_cap"] = serde_json::json!(1.5);
        assert!(verify(&signed(&key, FORMAT, &p)).is_err());
        p["privacy"]["lifetime_cap"] = serde_json::json!(2.0);
        assert!(verify(&signed(&key, FORMAT, &p)).is_ok());
    }

    /// A correctly signed export whose stated total budget is not ε × patterns is refused
    /// (a reporter cannot understate what its answers cost).
    #[test]
    fn an_understated_total_epsilon_is_rejected() {
        let (key, text) = sample();
        let env: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let mut payload = env["payload"].clone();
        payload["privacy"]["total_epsilon"] = serde_json::json!(0.5);
        let payload = payload.to_string();
        let sig = hex(&key.0.sign(payload.as_bytes()).to_bytes());
        let signed =
            format!("{{\"format\":\"{FORMAT}\",\"payload\":{payload},\"signature\":\"{sig}\"}}");
        let err = verify(&signed).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("privacy parameters are inconsistent"), "{err}");
        // The same payload with the right total verifies (the refusal is about the total).
        let mut fixed: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
        fixed["privacy"]["total_epsilon"] = serde_json::json!(2.0);
        let fixed = fixed.to_string();
        let sig = hex(&key.0.sign(fixed.as_bytes()).to_bytes());
        let ok = format!("{{\"format\":\"{FORMAT}\",\"payload\":{fixed},\"signature\":\"{sig}\"}}");
        assert!(verify(&ok).is_ok());
    }
}
