//! Atomic file writes and folder syncs.
//!
//! [`write_atomic`] is the only way state files (HEAD, index, config, trust) are replaced: a
//! temp file in the same folder (mode 0600), `write_all`, optional `sync_all`, rename over the
//! target, optional fsync of the folder; the temp file is removed on error. A reader therefore
//! sees the old or the new content, never a mix.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use crate::error::{IoContext, Result};

/// How hard a write must try to reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// fsync the file and its folder (survives power loss).
    Durable,
    /// Rename only (survives a killed process; used for derived caches).
    Cache,
}

/// Replace `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8], sync: Sync) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .permissions(private_permissions())
        .tempfile_in(dir)
        .at("create a temp file in", dir)?;
    tmp.write_all(bytes).at("write", tmp.path())?;
    if sync == Sync::Durable {
        tmp.as_file().sync_all().at("sync", tmp.path())?;
    }
    tmp.persist(path).map_err(|e| e.error).at("replace", path)?;
    if sync == Sync::Durable {
        sync_dir(dir)?;
    }
    Ok(())
}

/// fsync a folder so that a create or rename in it is durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|f| f.sync_all()).at("sync folder", dir)?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Create a folder (and parents) if missing.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).at("create folder", dir)
}

/// Read a file, mapping "not found" to `None`.
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).at("read", path),
    }
}

/// Remove a file; a file that is not there is fine.
pub fn remove_optional(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).at("remove", path),
    }
}

#[cfg(unix)]
fn private_permissions() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(0o600)
}

#[cfg(not(unix))]
fn private_permissions() -> fs::Permissions {
    // Windows has no mode bits; a default temp file is private to the user.
    tempfile::tempfile()
        .and_then(|f| f.metadata())
        .map(|m| m.permissions())
        .unwrap_or_else(|_| unreachable!("temp file metadata"))
}
