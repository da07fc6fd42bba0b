//! Which project `policy.toml` and `config.toml` this user trusts.
//!
//! A cloned repository must not be able to grant an agent powers. The allow rules of a project
//! `policy.toml`, and the settings of a project `config.toml` that loosen a limit or run
//! something (see [`crate::config::CLASSES`]), apply only once `aiperture policy trust`
//! recorded both files' SHA-256 here, in the user store (`trusted-policies.json`), as one
//! record: any change to either file needs trust again. A missing file hashes as the empty
//! string. The user store's own files are the user's and always trusted.
//!
//! Format 2 keeps, per store (keyed by its `policy.toml` path), `policy_sha256` and
//! `config_sha256`. A record whose `config_sha256` is `null` trusts the policy alone: format 1
//! records (policy hash only) are read that way, so a `config.toml` that was never hashed is
//! never trusted by them. Writes are atomic and made under the user store's lock.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::fsutil::{self, Sync};
use super::lock::{StoreLock, Wait};
use super::{Store, layout};
use crate::error::{Error, Result};

/// The trust file format written by this version.
const FORMAT: u64 = 2;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    format: u64,
    /// Format 1: policy path → trusted SHA-256 of `policy.toml` alone.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    policies: BTreeMap<String, String>,
    /// Format 2: policy path → the trusted pair.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    stores: BTreeMap<String, Record>,
}

/// One trust record: the hashes of a store's two committed files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// SHA-256 of `policy.toml` (empty: no file).
    pub policy_sha256: String,
    /// SHA-256 of `config.toml` (empty: no file); `None`: the config is not covered (a record
    /// of the policy alone).
    pub config_sha256: Option<String>,
}

fn read(user_store: &Path) -> Result<TrustFile> {
    let path = user_store.join(layout::TRUST);
    let file: TrustFile = match fsutil::read_optional(&path)? {
        None => return Ok(TrustFile { format: FORMAT, ..TrustFile::default() }),
        Some(b) => serde_json::from_slice(&b)
            .map_err(|e| Error::Json { what: path.display().to_string(), source: e })?,
    };
    if file.format == 0 || file.format > FORMAT {
        return Err(Error::Invalid(format!(
            "{}: unsupported trust file format (got {}, supports 1 to {FORMAT})",
            path.display(),
            file.format
        )));
    }
    Ok(file)
}

fn key(store: &Store) -> String {
    store.policy_file().display().to_string()
}

/// The record for `store`, old or new format.
fn lookup(store: &Store) -> Result<Option<Record>> {
    let mut file = read(&store.user_dirs().data)?;
    let key = key(store);
    if let Some(r) = file.stores.remove(&key) {
        return Ok(Some(r));
    }
    Ok(file.policies.remove(&key).map(|h| Record { policy_sha256: h, config_sha256: None }))
}

/// Whether any trust record names `store` (a human trusted its files once, or `init` wrote
/// them). An unreadable trust file counts as none.
pub fn has_record(store: &Store) -> bool {
    lookup(store).is_ok_and(|r| r.is_some())
}

/// SHA-256 (hex) of a file's bytes; the empty string when it does not exist.
pub fn file_sha256(path: &Path) -> Result<String> {
    Ok(fsutil::read_optional(path)?.map(|b| sha256_hex(&b)).unwrap_or_default())
}

/// SHA-256 (hex) of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::encoding::hex(&sha2::Sha256::digest(bytes))
}

/// The current hashes of `store`'s two files.
pub fn current(store: &Store) -> Result<Record> {
    Ok(Record {
        policy_sha256: file_sha256(&store.policy_file())?,
        config_sha256: Some(file_sha256(&store.config_file())?),
    })
}

/// Whether `store`'s policy with hash `sha256` is trusted (its allow rules apply). A record
/// that also covers the config needs the config unchanged too.
pub fn is_trusted(store: &Store, sha256: &str) -> Result<bool> {
    is_trusted_with(store, sha256, None)
}

/// [`is_trusted`], with the config's hash when the caller already has it (`None`: read the
/// file).
pub fn is_trusted_with(store: &Store, sha256: &str, config_sha256: Option<&str>) -> Result<bool> {
    if store.is_user_store() || sha256.is_empty() {
        return Ok(true);
    }
    let Some(r) = lookup(store)? else { return Ok(false) };
    if r.policy_sha256 != sha256 {
        return Ok(false);
    }
    match &r.config_sha256 {
        None => Ok(true),
        Some(c) => match config_sha256 {
            Some(known) => Ok(c == known),
            None => Ok(*c == file_sha256(&store.config_file())?),
        },
    }
}

/// Whether `store`'s config with hash `sha256` is trusted (its loosening and executing
/// settings apply): only a record over both files, both unchanged.
pub fn config_trusted(store: &Store, sha256: &str) -> Result<bool> {
    if store.is_user_store() || sha256.is_empty() {
        return Ok(true);
    }
    let Some(r) = lookup(store)? else { return Ok(false) };
    Ok(r.config_sha256.as_deref() == Some(sha256)
        && r.policy_sha256 == file_sha256(&store.policy_file())?)
}

/// Record `record` as trusted for `store`, replacing any earlier record (an old-format one
/// too). Returns the previous record.
pub fn trust(store: &Store, record: &Record) -> Result<Option<Record>> {
    let user = &store.user_dirs().data;
    fsutil::ensure_dir(user)?;
    let _lock = StoreLock::acquire(&user.join(layout::LOCK), Wait::Block, &mut |_| {})?;
    let mut file = read(user)?;
    // Carry format 1 records over as policy-only records.
    for (k, h) in std::mem::take(&mut file.policies) {
        file.stores.entry(k).or_insert(Record { policy_sha256: h, config_sha256: None });
    }
    file.format = FORMAT;
    let previous = file.stores.insert(key(store), record.clone());
    let bytes = serde_json::to_vec_pretty(&file)
        .map_err(|e| Error::Json { what: "trusted policies".into(), source: e })?;
    fsutil::write_atomic(&user.join(layout::TRUST), &bytes, Sync::Durable)?;
    Ok(previous)
}

/// Trust both files as they are now. Returns the previous record.
pub fn trust_current(store: &Store) -> Result<Option<Record>> {
    trust(store, &current(store)?)
}

/// After a human command rewrote `store`'s policy to `policy_sha256`: trust the policy, and
/// keep covering the config only if the config was trusted before (`config_was_trusted`), so
/// that such a command never trusts a config nobody reviewed.
pub fn retrust_policy(store: &Store, policy_sha256: &str, config_was_trusted: bool) -> Result<()> {
    if store.is_user_store() {
        return Ok(());
    }
    let config_sha256 =
        if config_was_trusted { Some(file_sha256(&store.config_file())?) } else { None };
    trust(store, &Record { policy_sha256: policy_sha256.to_string(), config_sha256 })?;
    Ok(())
}

/// Whether both of `store`'s files are trusted as they are now.
pub fn both_trusted(store: &Store) -> Result<bool> {
    if store.is_user_store() {
        return Ok(true);
    }
    let now = current(store)?;
    let Some(r) = lookup(store)? else { return Ok(false) };
    Ok(r == now)
}
