//! Atomic file writes and folder syncs.
//!
//! [`write_atomic`] is the only way state files (HEAD, index, config, trust) are replaced: a
//! temp file in the same folder (mode 0600), `write_all`, optional `sync_all`, rename over the
//! target, optional fsync of the folder; the temp file is removed on error. A reader therefore
//! sees the old or the new content, never a mix.
//!
//! [`Stamp`] lets a long-running process keep what it parsed from a file while the file is
//! unchanged, without reading it: a stamp is trusted only when the file's last change is
//! older than the file system's timestamp granularity at the moment it was taken (the "racily
//! clean" rule git applies to its index), so a write that lands in the same clock tick as the
//! read can never hide behind an equal stamp.

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
    // A bare file name (`--out acme.json`) has an empty parent: the current folder.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
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

/// One version of a file as its metadata tells it: device, inode, length, modification and
/// status-change times. The status-change time cannot be set by a user (`touch -d` sets the
/// modification time and moves the change time to now), so a rewrite shows unless it lands
/// within one timestamp tick of the previous change, which [`Stamp::take`] rules out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

/// A watched file as it was when what it vouches for was read: missing, changed too recently
/// to be told apart from its next change, or settled with its [`Stamp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Not there (a file created later shows as a change).
    Missing,
    /// Changed too recently, or unreadable: never holds, so the next use reads again.
    Unsettled,
    /// Settled with this stamp.
    Settled(Stamp),
}

impl Seen {
    /// How `path` is now (one `statx`). Take it before reading the content it vouches for.
    pub fn of(path: &Path) -> Seen {
        match fs::metadata(path) {
            Ok(m) => match Stamp::of(&m) {
                Some(s) if settled(s.ctime, std::time::SystemTime::now()) => Seen::Settled(s),
                _ => Seen::Unsettled,
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Seen::Missing,
            Err(_) => Seen::Unsettled,
        }
    }

    /// Whether `path` is still as seen (one `statx`).
    pub fn holds(self, path: &Path) -> bool {
        match self {
            Seen::Missing => {
                matches!(fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
            }
            Seen::Unsettled => false,
            Seen::Settled(s) => Stamp::current(path) == Some(s),
        }
    }
}

/// How long after a change a file's stamp is not trusted, on a file system that keeps
/// sub-second times: well above the coarsest tick Linux file systems stamp with (a jiffy, at
/// most 10 ms).
const RACY: std::time::Duration = std::time::Duration::from_millis(50);

/// The same on a file system that keeps whole seconds (ext3, HFS+; FAT keeps two), told by a
/// change time without nanoseconds.
const RACY_COARSE: std::time::Duration = std::time::Duration::from_millis(2100);

/// Whether a file last changed at `ctime` (seconds, nanoseconds since the epoch) is settled
/// at `now`: no later change can land in the same timestamp tick any more.
fn settled(ctime: (i64, i64), now: std::time::SystemTime) -> bool {
    let (Ok(secs), Ok(nanos)) = (u64::try_from(ctime.0), u32::try_from(ctime.1)) else {
        return false;
    };
    let changed = std::time::UNIX_EPOCH + std::time::Duration::new(secs, nanos);
    let window = if nanos == 0 { RACY_COARSE } else { RACY };
    now.duration_since(changed).is_ok_and(|age| age > window)
}

impl Stamp {
    /// The stamp of `path` now, or `None` when the file is missing, unreadable, or changed
    /// too recently for its stamp to tell the next change apart (the caller then reads the
    /// file again next time). Take it before reading the content it vouches for.
    pub fn take(path: &Path) -> Option<Stamp> {
        let m = fs::metadata(path).ok()?;
        let stamp = Stamp::of(&m)?;
        settled(stamp.ctime, std::time::SystemTime::now()).then_some(stamp)
    }

    /// The stamp of `path` as it is, racily changed or not: for comparing with a trusted one.
    pub fn current(path: &Path) -> Option<Stamp> {
        Stamp::of(&fs::metadata(path).ok()?)
    }

    // `None` elsewhere: no stamp, so nothing is kept without reading.
    #[cfg(unix)]
    #[allow(clippy::unnecessary_wraps)]
    fn of(m: &fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn of(_m: &fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// Read a file, mapping "not found" to `None`.
///
/// The store's files are small (an index shard, HEAD, a config file): they are read into a
/// buffer that holds most of them whole, without asking their length or position first
/// (`fs::read` and `File::read_to_end` do: one or two more system calls on every read of a
/// check's path).
pub fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    use std::io::Read;
    const FIRST: usize = 8 * 1024;
    let f = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).at("read", path),
    };
    let mut bytes = Vec::with_capacity(FIRST);
    // Through `take`, `read_to_end` reads into the vector's spare room as it is (no zeroing)
    // and never asks the file's length or position (`File`'s own `read_to_end` asks both).
    match f.take(u64::MAX).read_to_end(&mut bytes) {
        Ok(_) => Ok(Some(bytes)),
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_trusted_only_once_the_file_has_settled_and_shows_every_rewrite() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f");
        assert_eq!(Stamp::take(&path), None, "missing");
        fs::write(&path, b"one").expect("write");
        assert_eq!(Stamp::take(&path), None, "just written: within the racy window");
        std::thread::sleep(RACY + std::time::Duration::from_millis(50));
        let settled = Stamp::take(&path).expect("settled");
        assert_eq!(Stamp::current(&path), Some(settled));
        // Same length, in place, at once: the change time moves.
        fs::write(&path, b"two").expect("rewrite");
        assert_ne!(Stamp::current(&path), Some(settled));
        // Replaced by a rename: another inode.
        std::thread::sleep(RACY + std::time::Duration::from_millis(50));
        let settled = Stamp::take(&path).expect("settled");
        write_atomic(&path, b"two", Sync::Cache).expect("replace");
        assert_ne!(Stamp::current(&path), Some(settled));
    }

    #[test]
    fn whole_second_times_wait_longer_to_settle() {
        let at = |s: u64, ms: u64| {
            std::time::UNIX_EPOCH + std::time::Duration::from_millis(s * 1000 + ms)
        };
        // Sub-second times: settled once the fine window is over.
        assert!(!settled((100, 1), at(100, 40)));
        assert!(settled((100, 1), at(100, 60)));
        // Whole seconds: a change up to 2 s later (FAT) may still carry the same time.
        assert!(!settled((100, 0), at(101, 900)));
        assert!(settled((100, 0), at(102, 200)));
        // Times in the future or out of range are never settled.
        assert!(!settled((200, 1), at(100, 0)));
        assert!(!settled((-1, 0), at(100, 0)));
    }

    #[test]
    fn read_optional_reads_files_of_any_size_whole_and_a_missing_one_as_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(read_optional(&dir.path().join("missing")).expect("read"), None);
        // Empty, smaller than the first buffer, exactly its size, and several times it.
        for len in [0usize, 191, 8 * 1024, 8 * 1024 + 1, 100_003] {
            let path = dir.path().join(format!("f{len}"));
            let body: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            std::fs::write(&path, &body).expect("write");
            assert_eq!(read_optional(&path).expect("read"), Some(body), "{len} bytes");
        }
        // A folder is an error, not "missing".
        assert!(read_optional(dir.path()).is_err());
    }
}
