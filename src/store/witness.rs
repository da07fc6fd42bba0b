//! A witness of each project store's journal, kept outside the project.
//!
//! HEAD and the line MACs live inside the store, so whoever deletes the whole `journal/`
//! folder (or puts back an older copy of it) takes them along, and a fresh journal "verifies"
//! from seq 1. Like a transparency log's witness, every project store therefore also records
//! its latest `(seq, hash)` in the user store, at `witness/<id>.head` (`<id>` from the store's
//! canonical path; `witness/<id>.store` names the store for people). The file has HEAD's
//! two-slot format and is written the same way, right after HEAD, in place and without a sync
//! (one small write per append); it is created durably.
//!
//! Invariants: the witness is never ahead of the journal's synced end (it is written after the
//! line and HEAD), so a journal that ends before the witness, or holds another hash at the
//! witness's seq, was deleted, re-created or rolled back: writers refuse it and `verify-chain`
//! reports it. The user store has no witness (it would witness itself). A project store
//! copied to another folder starts a witness of its own. The witness is trusted by where it
//! lives (the user store, which agents may not write), not by its MAC, whose key is the
//! project's secret and goes with a deleted store.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Store, fsutil};
use crate::encoding::hex;
use crate::error::Result;
use crate::journal::head::{Head, Parsed};

/// Folder of witnesses in the user store.
pub const DIR: &str = "witness";

/// Where `store`'s witness lives; `None` for the user store.
pub fn path(store: &Store) -> Option<PathBuf> {
    if store.is_user_store() {
        return None;
    }
    Some(store.user_dirs().data.join(DIR).join(format!("{}.head", id(store.root()))))
}

/// The identity of a store folder: a hash of its canonical path (the path as given when it
/// cannot be resolved).
fn id(root: &Path) -> String {
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut h = Sha256::new();
    h.update(b"aiperture/witness/v1\0");
    h.update(canonical.to_string_lossy().as_bytes());
    hex(&h.finalize()[..16])
}

/// Read the witness at `path`: `Ok(None)` when there is none, an error message when the file
/// exists but holds no readable record.
pub fn read(path: &Path) -> Result<Option<std::result::Result<Parsed, String>>> {
    Ok(fsutil::read_optional(path)?.map(|bytes| Head::parse_slots(&bytes)))
}

/// Record `head` (with `previous`, the record before it) as `store_root`'s witness at `path`,
/// creating the witness folder and the file naming the store on first use.
pub fn write(path: &Path, store_root: &Path, head: &Head, previous: &Head) -> Result<()> {
    match head.write(path, previous) {
        Ok(()) => Ok(()),
        Err(first) => {
            let Some(dir) = path.parent() else { return Err(first) };
            if dir.is_dir() {
                return Err(first);
            }
            fsutil::ensure_dir(dir)?;
            let named = path.with_extension("store");
            let text = format!("{}\n", store_root.display());
            fsutil::write_atomic(&named, text.as_bytes(), fsutil::Sync::Durable)?;
            head.write(path, previous)
        }
    }
}

/// Forget `store`'s witness (a human started the store afresh with `aiperture init`). Returns
/// the seq it recorded, if there was one.
pub fn forget(store: &Store) -> Result<Option<u64>> {
    let Some(path) = path(store) else { return Ok(None) };
    let seq = match read(&path)? {
        None => return Ok(None),
        Some(Ok(p)) => Some(p.head.seq),
        Some(Err(_)) => None,
    };
    fsutil::remove_optional(&path)?;
    fsutil::remove_optional(&path.with_extension("store"))?;
    Ok(seq.or(Some(0)))
}
