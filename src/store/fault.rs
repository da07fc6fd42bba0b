//! Fault injection for tests: a seam that makes one write fail as a full disk would.
//!
//! `AIPERTURE_FAULT=<site>:<n>` makes the `n`-th write at `<site>` in this process fail with
//! "No space left on device" (`ENOSPC`). Sites: `journal` (an append; half the line is written
//! first, as a real full disk may leave it), `head` (the HEAD slot), `index` (an index
//! file) and `sync` (a journal `fdatasync`, failing with `EIO`). `AIPERTURE_FAULT=panic:<n>` makes the `n`-th decision of the process panic, to show
//! that a panic fails closed (see `cli::crash`). Unset, it costs one relaxed atomic load per
//! write. It can only make aiperture fail (which never allows); it is read once per process and
//! never from a store file.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where a write happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// A journal append.
    Journal,
    /// A HEAD slot.
    Head,
    /// An index file.
    Index,
    /// A journal sync (`fdatasync`), failing as a device error (`EIO`) would.
    Sync,
    /// A decision (panics instead of failing a write).
    Panic,
}

impl Site {
    fn name(self) -> &'static str {
        match self {
            Site::Journal => "journal",
            Site::Head => "head",
            Site::Index => "index",
            Site::Sync => "sync",
            Site::Panic => "panic",
        }
    }
}

static PLAN: OnceLock<Option<(String, u64)>> = OnceLock::new();
static COUNTS: [AtomicU64; 5] =
    [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];

fn plan() -> Option<&'static (String, u64)> {
    PLAN.get_or_init(|| {
        let v = std::env::var("AIPERTURE_FAULT").ok()?;
        let (site, n) = v.split_once(':')?;
        Some((site.to_string(), n.parse().ok()?))
    })
    .as_ref()
}

/// Whether this write at `site` is the one to fail.
pub fn fails(site: Site) -> bool {
    let Some((name, n)) = plan() else { return false };
    if name != site.name() {
        return false;
    }
    let count = COUNTS[site as usize].fetch_add(1, Ordering::Relaxed) + 1;
    count == *n
}

/// Panic here if this decision is the one to panic (`AIPERTURE_FAULT=panic:<n>`).
#[allow(clippy::panic, clippy::manual_assert)] // The seam's purpose: a panic fails closed.
pub fn panic_point() {
    if fails(Site::Panic) {
        panic!("fault injected by AIPERTURE_FAULT");
    }
}

/// The error a failing device gives.
pub fn eio() -> std::io::Error {
    std::io::Error::from_raw_os_error(5)
}

/// The error a full disk gives.
pub fn enospc() -> std::io::Error {
    #[cfg(unix)]
    {
        std::io::Error::from_raw_os_error(28)
    }
    #[cfg(not(unix))]
    {
        std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device")
    }
}
