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

use super::head::{Head, Parsed};
use super::{Store, fsutil};
use crate::encoding::hex;
use crate::error::Result;

/// Folder of witnesses in the user store.
pub const DIR: &str = "witness";

/// Where `store`'s witness lives; `None` for the user store.
pub fn path(store: &Store) -> Option<PathBuf> {
    if store.is_user_store() {
        return None;
    }
    let root = store.root();
    let canonical = match (root.parent().map(std::fs::canonicalize), root.file_name()) {
        (Some(Ok(parent)), Some(name)) => parent.join(name),
        _ => root.to_path_buf(),
    };
    Some(file_for(&store.user_dirs().data, &canonical))
}

/// The witness file of the store folder `canonical` (its parent's canonical path joined with
/// its name, so the identity holds while the store folder itself is missing).
fn file_for(user_store: &Path, canonical: &Path) -> PathBuf {
    let mut h = Sha256::new();
    h.update(b"aiperture/witness/v1\0");
    h.update(canonical.to_string_lossy().as_bytes());
    user_store.join(DIR).join(format!("{}.head", hex(&h.finalize()[..16])))
}

/// A project store folder above `start` (or in it) that no longer exists but whose witness
/// does: `(store folder, witness file, recorded seq)`. Looked for only when discovery found
/// no project store, so a normal project pays nothing; costs one `canonicalize` and one
/// `stat` per folder level.
pub fn deleted_store_above(
    start: &Path,
    user: &super::UserDirs,
) -> Result<Option<(PathBuf, PathBuf, u64)>> {
    let Ok(canonical) = std::fs::canonicalize(start) else { return Ok(None) };
    if !user.data.join(DIR).is_dir() {
        return Ok(None);
    }
    for dir in canonical.ancestors() {
        let root = dir.join(super::layout::STORE_DIR);
        let file = file_for(&user.data, &root);
        if let Some(found) = read(&file)? {
            let seq = found.map_or(0, |p| p.head.seq);
            return Ok(Some((root, file, seq)));
        }
    }
    Ok(None)
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
