//! The derived index: caches rebuilt from the journal, safe to delete.
//!
//! Layout: `index/meta.json` records the journal position the index reflects (`seq`, hash,
//! segment and byte offset just past that event). State lives in shard files
//! `index/<family>/<xx>.json`, where `xx` is the first byte (hex) of the SHA-256 of the entry's
//! key, so a check reads only the one or two shards it needs and never scans all decisions.
//! Each shard records the highest `seq` applied to it, so replaying after a crash between
//! shard writes and the meta write never applies an event twice. Writes are atomic renames
//! without fsync: a lost write only means more replay, and a corrupt file means a rebuild.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::fsutil::{self, Sync};
use crate::encoding::hex;
use crate::error::{Error, IoContext, Result};

/// Index format version.
pub const FORMAT: u64 = 2;

/// The journal position the index reflects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Format version.
    pub format: u64,
    /// Last applied `seq` (0: nothing).
    pub seq: u64,
    /// Its hash, hex.
    pub hash: String,
    /// Segment holding it.
    pub segment: u32,
    /// Byte offset just past it.
    pub offset: u64,
}

impl Meta {
    /// The position just past the event `seq` with `hash`, which ends at `offset` of `segment`.
    pub fn at(seq: u64, hash: &[u8; 32], segment: u32, offset: u64) -> Meta {
        Meta { format: FORMAT, seq, hash: hex(hash), segment, offset }
    }

    /// Position before the first event.
    pub fn empty() -> Meta {
        Meta { format: FORMAT, seq: 0, hash: hex(&[0; 32]), segment: 1, offset: 0 }
    }
}

/// One shard of a family.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound = "T: Serialize + DeserializeOwned")]
pub struct Shard<T> {
    /// Highest `seq` applied to this shard.
    pub applied_seq: u64,
    /// Entries by key.
    pub entries: BTreeMap<String, T>,
}

impl<T> Default for Shard<T> {
    fn default() -> Self {
        Shard { applied_seq: 0, entries: BTreeMap::new() }
    }
}

/// The shard number of a key.
pub fn shard_of(key: &str) -> u8 {
    Sha256::digest(key.as_bytes())[0]
}

/// Index folder access.
#[derive(Debug, Clone)]
pub struct Index {
    dir: PathBuf,
}

impl Index {
    /// The index in `dir` (which may not exist).
    pub fn new(dir: PathBuf) -> Index {
        Index { dir }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Read meta; `None` when missing, unreadable or of another format (→ rebuild).
    pub fn read_meta(&self) -> Option<Meta> {
        let bytes = fsutil::read_optional(&self.dir.join("meta.json")).ok()??;
        serde_json::from_slice::<Meta>(&bytes).ok().filter(|m| m.format == FORMAT)
    }

    /// Write meta.
    pub fn write_meta(&self, meta: &Meta) -> Result<()> {
        fsutil::ensure_dir(&self.dir)?;
        let bytes = serde_json::to_vec(meta)
            .map_err(|e| Error::Json { what: "index meta".into(), source: e })?;
        fsutil::write_atomic(&self.dir.join("meta.json"), &bytes, Sync::Cache)
    }

    fn shard_path(&self, family: &str, n: u8) -> PathBuf {
        self.dir.join(family).join(format!("{}.json", hex(&[n])))
    }

    /// Read a shard; missing is empty; unreadable is an error (the caller rebuilds).
    pub fn read_shard<T: Serialize + DeserializeOwned>(
        &self,
        family: &str,
        n: u8,
    ) -> Result<Shard<T>> {
        let path = self.shard_path(family, n);
        match fsutil::read_optional(&path)? {
            None => Ok(Shard::default()),
            Some(b) => {
                serde_json::from_slice(&b).map_err(|source| Error::IndexCorrupt { path, source })
            }
        }
    }

    /// Write a shard.
    pub fn write_shard<T: Serialize + DeserializeOwned>(
        &self,
        family: &str,
        n: u8,
        shard: &Shard<T>,
    ) -> Result<()> {
        let path = self.shard_path(family, n);
        if let Some(parent) = path.parent() {
            fsutil::ensure_dir(parent)?;
        }
        let bytes = serde_json::to_vec(shard)
            .map_err(|e| Error::Json { what: path.display().to_string(), source: e })?;
        fsutil::write_atomic(&path, &bytes, Sync::Cache)
    }

    /// Every shard number present in a family (for listings).
    pub fn shards(&self, family: &str) -> Result<Vec<u8>> {
        let dir = self.dir.join(family);
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e).at("read folder", &dir),
        };
        let mut out = Vec::new();
        for e in rd {
            let e = e.at("read folder", &dir)?;
            let name = e.file_name();
            let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".json")) else { continue };
            if let Some([n]) = crate::encoding::unhex::<1>(stem) {
                out.push(n);
            }
        }
        out.sort_unstable();
        Ok(out)
    }

    /// Delete the whole index (moved aside first, so a crash mid-delete leaves no half index).
    pub fn clear(&self) -> Result<()> {
        if !self.dir.exists() {
            return Ok(());
        }
        let aside = self.dir.with_file_name(format!("index.stale-{}", std::process::id()));
        std::fs::rename(&self.dir, &aside).at("move aside", &self.dir)?;
        std::fs::remove_dir_all(&aside).at("remove", &aside)
    }
}
