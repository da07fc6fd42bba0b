//! File and folder names inside a store, in one place.
//!
//! ```text
//! .aiperture/
//!   config.toml   policy.toml   .gitignore   (committed)
//!   secret  lock  journal/  objects/  index/  (local)
//! ```

/// Name of a project store folder.
pub const STORE_DIR: &str = ".aiperture";
/// Tunables (committed).
pub const CONFIG: &str = "config.toml";
/// Static rules (committed).
pub const POLICY: &str = "policy.toml";
/// Ignore file that keeps local state out of version control.
pub const GITIGNORE: &str = ".gitignore";
/// 32 random bytes, mode 0600.
pub const SECRET: &str = "secret";
/// The single writers' lock.
pub const LOCK: &str = "lock";
/// Journal segments and HEAD.
pub const JOURNAL: &str = "journal";
/// Checkpoint of the journal's last line.
pub const HEAD: &str = "HEAD";
/// Content-addressed artifacts.
pub const OBJECTS: &str = "objects";
/// Derived caches.
pub const INDEX: &str = "index";
/// Trust records of project policy and config files (only in the user store).
pub const TRUST: &str = "trusted-policies.json";

/// Content of the `.gitignore` written by `init`.
pub const GITIGNORE_TEXT: &str = "\
# aiperture: only config.toml and policy.toml are meant to be committed.
*
!.gitignore
!config.toml
!policy.toml
";
