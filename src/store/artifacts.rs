//! Content-addressed artifact objects: `objects/sha256/<2 hex>/<62 hex>`.
//!
//! An object's name is the SHA-256 of its bytes, so identical content is stored once and an
//! object that no longer hashes to its name has been modified. Objects are written to a temp
//! file in their final folder, fsynced, then renamed into place (an existing object with that
//! name already holds the same bytes, which counts as success), and the folder is fsynced.
//! Journal events refer to objects by digest only; verification re-hashes every object against
//! the digests the journal names and reports missing, modified and orphaned objects.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::fsutil;
use crate::encoding::{hex, unhex};
use crate::error::{Error, IoContext, Result};

/// Largest artifact accepted, in bytes.
pub const MAX_SIZE: u64 = 256 * 1024 * 1024;

/// The objects folder of a store.
#[derive(Debug, Clone)]
pub struct Objects {
    root: PathBuf,
}

/// Result of re-hashing objects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ObjectsReport {
    /// Objects checked.
    pub checked: u64,
    /// Digests named by the journal whose object is absent.
    pub missing: Vec<String>,
    /// Objects whose bytes no longer hash to their name.
    pub modified: Vec<String>,
    /// Files under `objects/` that no journal event names (or that are not objects at all).
    pub orphaned: Vec<String>,
}

impl ObjectsReport {
    /// No missing, modified or orphaned object.
    pub fn ok(&self) -> bool {
        self.missing.is_empty() && self.modified.is_empty() && self.orphaned.is_empty()
    }
}

impl Objects {
    /// The objects folder at `root` (`.aiperture/objects`).
    pub fn new(root: PathBuf) -> Objects {
        Objects { root }
    }

    /// Path of the object with `digest` (64 lowercase hex).
    pub fn path(&self, digest: &str) -> Result<PathBuf> {
        if unhex::<32>(digest).is_none() {
            return Err(Error::Invalid(format!("{digest:?} is not a SHA-256 digest")));
        }
        Ok(self.root.join("sha256").join(&digest[..2]).join(&digest[2..]))
    }

    /// Store `bytes`; returns the digest.
    pub fn put(&self, bytes: &[u8]) -> Result<String> {
        let digest = hex(&Sha256::digest(bytes));
        let path = self.path(&digest)?;
        if path.is_file() {
            return Ok(digest);
        }
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        fsutil::ensure_dir(&dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(&dir)
            .at("create a temp file in", &dir)?;
        tmp.write_all(bytes).at("write", tmp.path())?;
        tmp.as_file().sync_all().at("sync", tmp.path())?;
        match tmp.persist_noclobber(&path) {
            Ok(_) => {}
            // Another writer stored the same content first: same name, same bytes.
            Err(e) if path.is_file() => drop(e),
            Err(e) => return Err(e.error).at("store", &path),
        }
        fsutil::sync_dir(&dir)?;
        Ok(digest)
    }

    /// Read an object, checking that it still hashes to its name.
    pub fn get(&self, digest: &str) -> Result<Vec<u8>> {
        let path = self.path(digest)?;
        let bytes = std::fs::read(&path).at("read", &path)?;
        if hex(&Sha256::digest(&bytes)) != digest {
            return Err(Error::Invalid(format!(
                "object {digest} was modified: its bytes no longer hash to its name"
            )));
        }
        Ok(bytes)
    }

    /// Re-hash the objects named in `known` and look for files nobody names.
    pub fn verify(
        &self,
        known: &BTreeSet<String>,
        look_for_orphans: bool,
    ) -> Result<ObjectsReport> {
        let mut report = ObjectsReport::default();
        for digest in known {
            let path = self.path(digest)?;
            report.checked += 1;
            match hash_file(&path) {
                Ok(h) if h == *digest => {}
                Ok(_) => report.modified.push(digest.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    report.missing.push(digest.clone());
                }
                Err(e) => return Err(e).at("read", &path),
            }
        }
        if look_for_orphans {
            let base = self.root.join("sha256");
            if base.is_dir() {
                for entry in walkdir::WalkDir::new(&base).min_depth(1).sort_by_file_name() {
                    let entry =
                        entry.map_err(|e| Error::Invalid(format!("cannot walk objects: {e}")))?;
                    if !entry.file_type().is_file() {
                        continue;
                    }
                    let name = entry
                        .path()
                        .strip_prefix(&base)
                        .map(|p| p.to_string_lossy().replace(['/', '\\'], ""))
                        .unwrap_or_default();
                    if !known.contains(&name) {
                        report.orphaned.push(entry.path().display().to_string());
                    }
                }
            }
        }
        Ok(report)
    }
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

/// Parse a dollar amount ("0.0123", "12", "1.5") into integer micro-dollars, exactly.
pub fn parse_usd_micros(s: &str) -> Option<u64> {
    let s = s.trim().trim_start_matches('$');
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 6 {
        return None;
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac_micros: u64 = if frac.is_empty() { 0 } else { format!("{frac:0<6}").parse().ok()? };
    whole.checked_mul(1_000_000)?.checked_add(frac_micros)
}

/// Render micro-dollars as `$1.234567`.
pub fn format_usd(micros: u64) -> String {
    format!("${}.{:06}", micros / 1_000_000, micros % 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_parsed_exactly() {
        assert_eq!(parse_usd_micros("0.0123"), Some(12_300));
        assert_eq!(parse_usd_micros("12"), Some(12_000_000));
        assert_eq!(parse_usd_micros("$1.5"), Some(1_500_000));
        assert_eq!(parse_usd_micros(".000001"), Some(1));
        assert_eq!(parse_usd_micros("0.0000001"), None);
        assert_eq!(parse_usd_micros("-1"), None);
        assert_eq!(parse_usd_micros("1e3"), None);
        assert_eq!(parse_usd_micros(""), None);
        assert_eq!(format_usd(12_300), "$0.012300");
    }

    #[test]
    fn objects_round_trip_and_verify() {
        let dir = tempfile::tempdir().unwrap();
        let o = Objects::new(dir.path().join("objects"));
        let a = o.put(b"hello").unwrap();
        assert_eq!(o.put(b"hello").unwrap(), a);
        assert_eq!(o.get(&a).unwrap(), b"hello");
        let b = o.put(b"world").unwrap();
        let known: BTreeSet<String> = [a.clone(), "00".repeat(32)].into_iter().collect();
        std::fs::write(o.path(&a).unwrap(), b"tampered").unwrap();
        let r = o.verify(&known, true).unwrap();
        assert_eq!(r.modified, vec![a.clone()]);
        assert_eq!(r.missing, vec!["00".repeat(32)]);
        assert_eq!(r.orphaned.len(), 1);
        assert!(r.orphaned[0].ends_with(&b[2..]));
        assert!(o.get(&a).is_err());
    }
}
