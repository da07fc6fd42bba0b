//! The store: where aiperture keeps policy, configuration, the journal and derived state.
//!
//! A store is found like git finds `.git`: `--store DIR` > `AIPERTURE_STORE` > the nearest
//! `.aiperture/` walking up from the working folder (passing over one this machine never used
//! or trusted, i.e. without a witness or trust record in the user store, when one further up
//! has either: a repository cloned inside a project keeps the project's store) > the user store
//! (`$XDG_DATA_HOME/aiperture`, default `~/.local/share/aiperture`), which is created on first
//! use so that `aiperture check …` works on a fresh machine. Local state (secret, journal,
//! index) is created lazily, under the store lock, by the first writer. The secret is never
//! regenerated once a journal exists: a store whose secret vanished fails closed.

pub mod artifacts;
pub mod fault;
pub mod fsutil;
pub mod head;
pub mod inbox;
pub mod index;
pub mod layout;
pub mod lock;
pub mod trust;
pub mod witness;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, IoContext, Result};
use lock::{StoreLock, Wait};

/// Environment variable naming the store.
pub const STORE_ENV: &str = "AIPERTURE_STORE";

/// How the store in use was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundBy {
    /// `--store DIR`.
    Flag,
    /// `AIPERTURE_STORE`.
    Env,
    /// The nearest `.aiperture/` above the working folder.
    Project,
    /// The per-user store.
    User,
    /// Listed in the user store's inbox of stores that issued ask challenges.
    Inbox,
}

impl FoundBy {
    /// Human description.
    pub fn describe(self) -> &'static str {
        match self {
            FoundBy::Flag => "named by --store",
            FoundBy::Env => "named by AIPERTURE_STORE",
            FoundBy::Project => "nearest .aiperture/ above the working folder",
            FoundBy::User => "the user store (no .aiperture/ found above the working folder)",
            FoundBy::Inbox => "listed in the user store's inbox of stores with pending asks",
        }
    }
}

/// Per-user folders, from the environment.
#[derive(Debug, Clone)]
pub struct UserDirs {
    /// The user store, `$XDG_DATA_HOME/aiperture`.
    pub data: PathBuf,
    /// The user config file, `$XDG_CONFIG_HOME/aiperture/config.toml`.
    pub config_file: PathBuf,
}

impl UserDirs {
    /// Resolve from `XDG_DATA_HOME`, `XDG_CONFIG_HOME` and `HOME`.
    pub fn from_env() -> Result<UserDirs> {
        let var = |n: &str| std::env::var_os(n).filter(|v| !v.is_empty()).map(PathBuf::from);
        let home = var("HOME").or_else(|| var("USERPROFILE"));
        let base = |xdg: &str, fallback: &[&str]| -> Result<PathBuf> {
            if let Some(p) = var(xdg).filter(|p| p.is_absolute()) {
                return Ok(p);
            }
            let home = home.clone().ok_or_else(|| {
                Error::Invalid(format!("neither {xdg} nor HOME is set; cannot find the user store"))
            })?;
            Ok(fallback.iter().fold(home, |p, part| p.join(part)))
        };
        Ok(UserDirs {
            data: base("XDG_DATA_HOME", &[".local", "share"])?.join("aiperture"),
            config_file: base("XDG_CONFIG_HOME", &[".config"])?
                .join("aiperture")
                .join("config.toml"),
        })
    }
}

/// Where to look for a store.
#[derive(Debug, Clone)]
pub struct Discover {
    /// `--store DIR`.
    pub flag: Option<PathBuf>,
    /// `AIPERTURE_STORE`.
    pub env: Option<PathBuf>,
    /// Folder to walk up from.
    pub cwd: PathBuf,
    /// Per-user folders.
    pub user: UserDirs,
}

/// An opened store (the folder exists; local state may not yet).
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    found_by: FoundBy,
    user: UserDirs,
    /// Where the store's witness lives, computed once (it resolves the store's path).
    witness: std::sync::OnceLock<Option<PathBuf>>,
}

impl Store {
    /// Find the store to use, creating the user store's folder when it is the one.
    pub fn discover(d: &Discover) -> Result<Store> {
        let store = Store::find(d)?;
        if store.found_by == FoundBy::User {
            create_private_dir(&store.root)?;
        }
        Ok(store)
    }

    /// Find the store to use without creating anything (the user store's folder may not
    /// exist).
    pub fn find(d: &Discover) -> Result<Store> {
        let named = |p: &Path, how: FoundBy| -> Result<Store> {
            let p = absolute(p, &d.cwd);
            let root =
                if p.join(layout::STORE_DIR).is_dir() { p.join(layout::STORE_DIR) } else { p };
            if !root.is_dir() {
                return Err(Error::NoStore { path: root });
            }
            Ok(Store::new(root, how, d.user.clone()))
        };
        if let Some(p) = &d.flag {
            return named(p, FoundBy::Flag);
        }
        if let Some(p) = &d.env {
            return named(p, FoundBy::Env);
        }
        let start = absolute(&d.cwd, &d.cwd);
        // The nearest store wins, unless this machine has never used or trusted it and a store
        // further up has been: a repository cloned (or unpacked) inside a project must not
        // swap the project's rules and history for its own fresh store.
        let mut nearest: Option<Store> = None;
        for dir in start.ancestors() {
            let candidate = dir.join(layout::STORE_DIR);
            if candidate.is_dir() && candidate != d.user.data {
                let store = Store::new(candidate, FoundBy::Project, d.user.clone());
                if store.known_here() {
                    return Ok(store);
                }
                nearest.get_or_insert(store);
            }
        }
        if let Some(store) = nearest {
            return Ok(store);
        }
        // A project store deleted as a whole would otherwise hand its folder over to the user
        // store's (usually laxer) rules: its witness remembers it.
        if let Some((path, witness, seq)) = witness::deleted_store_above(&start, &d.user)? {
            return Err(Error::StoreGone { path, witness, seq });
        }
        Ok(Store::new(d.user.data.clone(), FoundBy::User, d.user.clone()))
    }

    /// A store listed in the inbox (see [`inbox`]); `None` when its folder is gone.
    pub fn listed(root: &Path, user: &UserDirs) -> Option<Store> {
        root.is_dir().then(|| Store::new(root.to_path_buf(), FoundBy::Inbox, user.clone()))
    }

    fn new(root: PathBuf, found_by: FoundBy, user: UserDirs) -> Store {
        Store { root, found_by, user, witness: std::sync::OnceLock::new() }
    }

    /// Where this store's witness lives in the user store; `None` for the user store (see
    /// [`witness`]).
    pub fn witness_path(&self) -> Option<&Path> {
        self.witness.get_or_init(|| witness::path(self)).as_deref()
    }

    /// Whether this machine has used the store (its journal has a witness in the user store)
    /// or a human trusted its files: a store known here, as opposed to one that arrived with
    /// a cloned or unpacked repository.
    fn known_here(&self) -> bool {
        self.witness_path().is_some_and(Path::is_file) || trust::has_record(self)
    }

    /// Create a project store in `dir/.aiperture`.
    pub fn init(dir: &Path, user: &UserDirs) -> Result<Store> {
        let root = dir.join(layout::STORE_DIR);
        if root.join(layout::SECRET).exists()
            || root.join(layout::CONFIG).exists()
            || root.join(layout::JOURNAL).exists()
        {
            return Err(Error::StoreExists { path: root });
        }
        fsutil::ensure_dir(&root)?;
        let store = Store::new(root, FoundBy::Project, user.clone());
        let write_new = |name: &str, text: &str| -> Result<bool> {
            let path = store.root.join(name);
            if path.exists() {
                return Ok(false);
            }
            fsutil::write_atomic(&path, text.as_bytes(), fsutil::Sync::Durable)?;
            Ok(true)
        };
        let config = write_new(layout::CONFIG, CONFIG_TEMPLATE)?;
        let policy = write_new(layout::POLICY, POLICY_TEMPLATE)?;
        write_new(layout::GITIGNORE, layout::GITIGNORE_TEXT)?;
        // The user wrote these two files by running `init`: trust them as written. A file
        // that was there before (cloned) is not trusted for them.
        if config && policy && !store.is_user_store() {
            trust::trust_current(&store)?;
        }
        let lock = store.lock(Wait::Block, &mut |_| {})?;
        store.ensure_secret(&lock)?;
        Ok(store)
    }

    /// The store folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How it was found.
    pub fn found_by(&self) -> FoundBy {
        self.found_by
    }

    /// Per-user folders.
    pub fn user_dirs(&self) -> &UserDirs {
        &self.user
    }

    /// Whether this is the per-user store (whose own policy is trusted implicitly).
    pub fn is_user_store(&self) -> bool {
        self.root == self.user.data
    }

    /// Path of a file or folder inside the store.
    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Take the store lock.
    pub fn lock(&self, wait: Wait, on_wait: &mut dyn FnMut(&Path)) -> Result<StoreLock> {
        StoreLock::acquire(&self.path(layout::LOCK), wait, on_wait)
    }

    /// Read the secret; `None` if the store has none yet.
    pub fn read_secret(&self) -> Result<Option<Secret>> {
        let path = self.path(layout::SECRET);
        let Some(bytes) = fsutil::read_optional(&path)? else { return Ok(None) };
        let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| Error::SecretInvalid {
            path: path.clone(),
            reason: format!("expected 32 bytes, found {}", bytes.len()),
        })?;
        Ok(Some(Secret(key)))
    }

    /// Read the secret, creating it if the store has none and no journal yet.
    /// Must be called with the lock held (the guard proves it).
    pub fn ensure_secret(&self, _lock: &StoreLock) -> Result<Secret> {
        if let Some(s) = self.read_secret()? {
            return Ok(s);
        }
        let path = self.path(layout::SECRET);
        let journal = self.path(layout::JOURNAL);
        if fs::read_dir(&journal).is_ok_and(|mut d| d.next().is_some()) {
            return Err(Error::SecretMissing { path });
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)
            .map_err(|e| Error::Invalid(format!("cannot read random bytes: {e}")))?;
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&path).at("create", &path)?;
        f.write_all(&key).at("write", &path)?;
        f.sync_all().at("sync", &path)?;
        fsutil::sync_dir(&self.root)?;
        Ok(Secret(key))
    }

    /// The store's own config file.
    pub fn config_file(&self) -> PathBuf {
        self.path(layout::CONFIG)
    }

    /// The store's policy file.
    pub fn policy_file(&self) -> PathBuf {
        self.path(layout::POLICY)
    }
}

/// The store's 32-byte HMAC key.
#[derive(Clone)]
pub struct Secret(pub [u8; 32]);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) }
}

pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).at("create folder", dir)
}

/// `config.toml` written by `init`.
pub const CONFIG_TEMPLATE: &str = "\
# aiperture configuration for this project (committed).
# Every key, its value and where it comes from: `aiperture config list --show-origin`.
# Change a value with `aiperture config set KEY VALUE` or edit this file, e.g.:
#
# [learning]
# min_decisions = 10
#
# [decision]
# default = \"ask\"
";

/// `policy.toml` written by `init`.
pub const POLICY_TEMPLATE: &str = "\
# aiperture policy for this project (committed, reviewed like code).
#
# Each [[rule]] has tool, action and scope globs (`*` any text, `?` one character, `[abc]`),
# a decision (\"allow\", \"deny\" or \"ask\") and an optional reason. Deny rules always win;
# otherwise the most specific rule (most literal characters) decides, deny > ask > allow on a
# tie. Deny and ask rules apply at once; allow rules apply only after a human runs
# `aiperture policy trust`, and again after every change to this file.
#
# [[rule]]
# tool = \"shell\"
# action = \"execute\"
# scope = \"git status\"
# decision = \"allow\"
#
# [[rule]]
# tool = \"shell\"
# action = \"execute\"
# scope = \"git push --force*\"
# decision = \"deny\"
# reason = \"history on shared branches is not rewritten here\"
";
