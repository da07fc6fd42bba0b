//! Which project policies this user trusts.
//!
//! A cloned repository must not be able to grant an agent powers, so the allow rules of a
//! project `policy.toml` apply only once `aiperture policy trust` recorded the file's SHA-256
//! here, in the user store (`trusted-policies.json`). Any change to the file needs trust again.
//! The user store's own policy is the user's and is always trusted. Writes are atomic and made
//! under the user store's lock.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fsutil::{self, Sync};
use super::lock::{StoreLock, Wait};
use super::{Store, layout};
use crate::error::{Error, Result};

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    format: u64,
    /// Policy path → trusted SHA-256.
    policies: BTreeMap<String, String>,
}

fn read(user_store: &Path) -> Result<TrustFile> {
    let path = user_store.join(layout::TRUST);
    match fsutil::read_optional(&path)? {
        None => Ok(TrustFile { format: 1, policies: BTreeMap::new() }),
        Some(b) => serde_json::from_slice(&b)
            .map_err(|e| Error::Json { what: path.display().to_string(), source: e }),
    }
}

/// Whether `store`'s policy with hash `sha256` is trusted.
pub fn is_trusted(store: &Store, sha256: &str) -> Result<bool> {
    if store.is_user_store() || sha256.is_empty() {
        return Ok(true);
    }
    let file = read(&store.user_dirs().data)?;
    let key = store.policy_file().display().to_string();
    Ok(file.policies.get(&key).is_some_and(|h| h == sha256))
}

/// Record `sha256` as trusted for `store`'s policy. Returns the previously trusted hash.
pub fn trust(store: &Store, sha256: &str) -> Result<Option<String>> {
    let user = &store.user_dirs().data;
    fsutil::ensure_dir(user)?;
    let _lock = StoreLock::acquire(&user.join(layout::LOCK), Wait::Block, &mut |_| {})?;
    let mut file = read(user)?;
    file.format = 1;
    let key = store.policy_file().display().to_string();
    let previous = file.policies.insert(key, sha256.to_string());
    let bytes = serde_json::to_vec_pretty(&file)
        .map_err(|e| Error::Json { what: "trusted policies".into(), source: e })?;
    fsutil::write_atomic(&user.join(layout::TRUST), &bytes, Sync::Durable)?;
    Ok(previous)
}
