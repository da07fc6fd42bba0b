//! The inbox: which stores have issued ask challenges, so that `approve`, `deny`, `review` and
//! shell completion find a challenge from any folder.
//!
//! A line file in the user store, `asking-stores`, one store folder per line (absolute, as the
//! store was found). A check that issues an ask challenge calls [`note`]: it reads the file
//! and, only when the store is not listed yet, appends one line under the inbox lock
//! (`asking-stores.lock`), so the check path pays one small read per ask and a write once per
//! store. Readers deduplicate. [`prune`] drops stores whose folder is gone with an atomic
//! rewrite, under the same lock, so no concurrent append is lost.
//!
//! Invariant: the inbox only helps find a challenge. It is never trusted for a decision: a
//! listed store may be hostile (a cloned repository's `.aiperture/`), and each decision is
//! still verified by the HMAC secret of the store that issued the challenge, which is named to
//! the human before anything is recorded. Paths that cannot be one line of UTF-8 are not
//! listed.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{UserDirs, fsutil, lock};
use crate::error::{IoContext, Result};

/// The inbox file in the user store.
pub const FILE: &str = "asking-stores";
/// Its lock file.
pub const LOCK: &str = "asking-stores.lock";

/// The listed store folders, deduplicated, in the order they were first listed; empty when
/// there is no inbox yet.
pub fn list(user: &UserDirs) -> Result<Vec<PathBuf>> {
    let bytes = fsutil::read_optional(&user.data.join(FILE))?.unwrap_or_default();
    Ok(parse(&bytes))
}

fn parse(bytes: &[u8]) -> Vec<PathBuf> {
    let text = String::from_utf8_lossy(bytes);
    let mut out: Vec<PathBuf> = Vec::new();
    // Only complete lines: a torn last line (a crash mid-append) is not a path.
    let complete = text.rsplit_once('\n').map_or("", |(done, _)| done);
    for line in complete.lines() {
        let p = PathBuf::from(line);
        if !line.is_empty() && p.is_absolute() && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// List `root` (a store that just issued an ask challenge) unless it already is.
pub fn note(user: &UserDirs, root: &Path) -> Result<()> {
    let Some(line) = root.to_str().filter(|s| !s.contains(['\n', '\r']) && root.is_absolute())
    else {
        return Ok(());
    };
    if list(user)?.iter().any(|p| p == root) {
        return Ok(());
    }
    if !user.data.is_dir() {
        super::create_private_dir(&user.data)?;
    }
    let _guard = lock::StoreLock::acquire(&user.data.join(LOCK), lock::Wait::Block, &mut |_| {})?;
    // Listed by another process while we waited?
    if list(user)?.iter().any(|p| p == root) {
        return Ok(());
    }
    let path = user.data.join(FILE);
    // After a torn last line, start on a line of our own.
    let torn = fsutil::read_optional(&path)?.is_some_and(|b| b.last().is_some_and(|&c| c != b'\n'));
    let mut opts = std::fs::OpenOptions::new();
    opts.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&path).at("open", &path)?;
    let text = if torn { format!("\n{line}\n") } else { format!("{line}\n") };
    f.write_all(text.as_bytes()).at("write", &path)
}

/// Drop the listed stores whose folder no longer exists; returns the stores kept.
pub fn prune(user: &UserDirs) -> Result<Vec<PathBuf>> {
    let listed = list(user)?;
    if listed.iter().all(|p| p.is_dir()) {
        return Ok(listed);
    }
    let _guard = lock::StoreLock::acquire(&user.data.join(LOCK), lock::Wait::Block, &mut |_| {})?;
    let kept: Vec<PathBuf> = list(user)?.into_iter().filter(|p| p.is_dir()).collect();
    let mut text = String::new();
    for p in &kept {
        // Every listed path came in through `note` as one line of UTF-8.
        text.push_str(&p.to_string_lossy());
        text.push('\n');
    }
    fsutil::write_atomic(&user.data.join(FILE), text.as_bytes(), fsutil::Sync::Cache)?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(dir: &Path) -> UserDirs {
        UserDirs { data: dir.join("data"), config_file: dir.join("config.toml") }
    }

    #[test]
    fn note_lists_a_store_once_and_prune_drops_the_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let u = user(tmp.path());
        assert!(list(&u).unwrap().is_empty());
        let a = tmp.path().join("a/.aiperture");
        let b = tmp.path().join("b/.aiperture");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        note(&u, &a).unwrap();
        note(&u, &b).unwrap();
        note(&u, &a).unwrap();
        let text = std::fs::read_to_string(u.data.join(FILE)).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert_eq!(list(&u).unwrap(), vec![a.clone(), b.clone()]);

        std::fs::remove_dir_all(tmp.path().join("a")).unwrap();
        assert_eq!(prune(&u).unwrap(), vec![b.clone()]);
        assert_eq!(list(&u).unwrap(), vec![b]);
    }

    #[test]
    fn torn_duplicate_relative_and_multiline_entries_are_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let u = user(tmp.path());
        std::fs::create_dir_all(&u.data).unwrap();
        std::fs::write(u.data.join(FILE), "/x/.aiperture\nrel/.aiperture\n/x/.aiperture\n/y/.ai")
            .unwrap();
        assert_eq!(list(&u).unwrap(), vec![PathBuf::from("/x/.aiperture")]);
        note(&u, Path::new("/z/two\nlines")).unwrap();
        note(&u, Path::new("relative")).unwrap();
        assert_eq!(list(&u).unwrap(), vec![PathBuf::from("/x/.aiperture")]);
        // After the torn line, a new store gets a line of its own.
        note(&u, Path::new("/w/.aiperture")).unwrap();
        // (the torn line is then complete too, and pruned as a folder that does not exist).
        assert!(list(&u).unwrap().contains(&PathBuf::from("/w/.aiperture")));
        assert!(prune(&u).unwrap().is_empty());
    }
}
