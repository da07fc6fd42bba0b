//! The parsed configuration a long-running server keeps between requests, shared by the HTTP
//! and MCP servers.
//!
//! Every request looks at the watched files (the user and store config files, and for a store
//! whose config needs trust, `policy.toml` and the trust records) through their stamps
//! ([`crate::store::fsutil::Stamp`]) and reloads when any of them changed. A file that
//! changed too recently to be told apart from its next change counts as changed, so the next
//! request reloads again: a write never hides behind an equal stamp. The configuration is
//! handed out as an [`Arc`], so a request copies a pointer, not the configuration.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{self as cfg, Config, Loaded, Sources};
use crate::error::Result;
use crate::store::fsutil::Seen;

/// The configuration loaded from a server's sources, with what its files looked like.
#[derive(Debug)]
pub struct ConfigCache {
    files: Vec<(PathBuf, Seen)>,
    loaded: Loaded,
    config: Arc<Config>,
}

impl ConfigCache {
    /// The cache in `slot`, reloaded from `sources` first when a watched file changed (or
    /// when there is none yet).
    pub fn current<'a>(slot: &'a mut Option<ConfigCache>, sources: &Sources) -> Result<&'a Self> {
        let cache = match slot.take() {
            Some(c) if c.files.iter().all(|(p, seen)| seen.holds(p)) => c,
            _ => {
                // Look before reading: a change after this shows next time.
                let files =
                    sources.watched().into_iter().map(|p| (p.clone(), Seen::of(&p))).collect();
                let loaded = cfg::load(sources)?;
                let config = Arc::new(loaded.config.clone());
                ConfigCache { files, loaded, config }
            }
        };
        Ok(slot.insert(cache))
    }

    /// The typed configuration.
    pub fn config(&self) -> Arc<Config> {
        Arc::clone(&self.config)
    }

    /// The configuration with every entry's origin.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::store::fsutil::Stamp;

    #[test]
    fn a_changed_or_unsettled_file_reloads_and_a_settled_one_does_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "[session]\nrate_limit_per_minute = 7\n").expect("write");
        let sources = Sources {
            user_file: Some(file.clone()),
            store_file: None,
            env: vec![],
            flags: vec![],
            store_trust: cfg::StoreTrust::Trusted,
        };
        let mut slot = None;
        let limit = |slot: &mut Option<ConfigCache>| {
            ConfigCache::current(slot, &sources)
                .expect("load")
                .config()
                .session
                .rate_limit_per_minute
        };
        assert_eq!(limit(&mut slot), 7);
        // Just written: unsettled, so a same-length rewrite at once is still seen.
        std::fs::write(&file, "[session]\nrate_limit_per_minute = 8\n").expect("write");
        assert_eq!(limit(&mut slot), 8);
        // Wait until the file has settled (longer on a file system keeping whole seconds).
        for _ in 0..60 {
            if Stamp::take(&file).is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(limit(&mut slot), 8);
        let before = Arc::as_ptr(&slot.as_ref().expect("cached").config);
        assert_eq!(limit(&mut slot), 8);
        assert_eq!(
            before,
            Arc::as_ptr(&slot.as_ref().expect("cached").config),
            "kept, not reloaded"
        );
        std::fs::write(&file, "[session]\nrate_limit_per_minute = 9\n").expect("write");
        assert_eq!(limit(&mut slot), 9);
        std::fs::remove_file(&file).expect("rm");
        assert_ne!(limit(&mut slot), 9);
    }
}
