//! The store's single exclusive lock.
//!
//! Every read-modify-append sequence (read the journal tail, decide, append, rewrite HEAD,
//! update the index) runs while holding a [`StoreLock`]. The guard tries a non-blocking lock
//! first; when another process holds it, the caller is told (so the CLI can print "waiting for
//! lock") and the guard blocks. Dropping the guard unlocks.
//!
//! The lock is the standard library's `File::lock` (flock on Unix, LockFileEx on Windows),
//! stable since Rust 1.89; it is the same mechanism fs4 wraps, without the method-name clash.
//!
//! A guard can be cloned within the process (a long-running server's group commit keeps one
//! while an engine holds another, see `server::group`): the lock is released when the last
//! clone is dropped.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use std::fs::TryLockError;

use crate::error::{Error, IoContext, Result};

/// An exclusive lock on `.aiperture/lock`, released on drop.
#[must_use = "the lock is released when the guard is dropped"]
#[derive(Debug, Clone)]
pub struct StoreLock {
    held: std::sync::Arc<Held>,
}

/// The locked file; unlocked when the last guard sharing it is dropped.
#[derive(Debug)]
struct Held {
    file: File,
    path: PathBuf,
}

/// What to do when another process holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Block until the lock is free.
    Block,
    /// Fail with [`Error::LockBusy`].
    NoWait,
    /// Retry for at most this long, then fail with [`Error::LockBusy`] (agent hooks must
    /// never hang).
    Timeout(std::time::Duration),
}

impl StoreLock {
    /// Take the lock at `path`; `on_wait` runs once if the lock is busy and we block.
    pub fn acquire(path: &Path, wait: Wait, on_wait: &mut dyn FnMut(&Path)) -> Result<StoreLock> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .at("open lock file", path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => match wait {
                Wait::NoWait => return Err(Error::LockBusy { path: path.to_path_buf() }),
                Wait::Block => {
                    on_wait(path);
                    file.lock().at("lock", path)?;
                }
                Wait::Timeout(limit) => {
                    on_wait(path);
                    poll_until_locked(&file, path, limit)?;
                }
            },
            Err(TryLockError::Error(e)) => return Err(e).at("lock", path),
        }
        Ok(StoreLock { held: std::sync::Arc::new(Held { file, path: path.to_path_buf() }) })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.held.path
    }
}

/// Poll `try_lock` with a growing pause (0.2 ms up to 20 ms) until it succeeds or `limit`
/// has passed.
fn poll_until_locked(file: &File, path: &Path, limit: std::time::Duration) -> Result<()> {
    let deadline = std::time::Instant::now() + limit;
    let mut pause = std::time::Duration::from_micros(200);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(e).at("lock", path),
        }
        let now = std::time::Instant::now();
        if now >= deadline {
            return Err(Error::LockBusy { path: path.to_path_buf() });
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(std::time::Duration::from_millis(20));
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // Closing the file releases the lock as well; unlocking explicitly is just prompt.
        let _ = self.file.unlock();
    }
}
