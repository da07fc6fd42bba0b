//! The library's one error type.
//!
//! Every fallible library function returns [`Result`]. Variants carry the data a user needs to
//! act (the path, the line, the key); messages are lower case without a trailing period, and
//! the CLI layer adds `caused by:` lines from [`std::error::Error::source`] and hints. Nothing in
//! here decides anything: an error on the way to a decision is turned into a non-allow outcome
//! by the caller (fail closed). Every module may use it, so it uses nothing else in the crate
//! (see the module map in `lib.rs`).

use std::io;
use std::path::{Path, PathBuf};

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a human decision on a challenge was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// No challenge with that id was issued by this store (or it was pruned long ago).
    Unknown,
    /// The challenge's time to live has passed.
    Expired,
    /// A decision already consumed the challenge.
    Reused,
    /// The stored challenge does not carry a valid MAC under this store's secret.
    Forged,
    /// The caller named a request that differs from the one the challenge is bound to.
    Mismatch,
    /// An approval of a request that a human decision cannot change: self-protection or a
    /// policy deny rule denied it. Nothing is recorded as an approval or learned.
    Final,
}

impl Refusal {
    /// Stable snake_case name, as journaled.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::Unknown => "unknown",
            Refusal::Expired => "expired",
            Refusal::Reused => "reused",
            Refusal::Forged => "forged",
            Refusal::Mismatch => "mismatch",
            Refusal::Final => "final",
        }
    }
}

/// Every error the library reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O operation on a path failed.
    #[error("cannot {op} {}", path.display())]
    Io {
        /// What was being done ("read", "write", "create", …).
        op: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// No store exists where one was named.
    #[error("no aiperture store at {}", path.display())]
    NoStore {
        /// Where a store was expected.
        path: PathBuf,
    },
    /// A project store that its witness in the user store remembers is gone: commands there
    /// do not fall back to the user store.
    #[error(
        "the project store {} is gone, but its witness {} recorded its journal (seq {seq}): it \
         was deleted; aiperture does not fall back to the user store here",
        path.display(),
        witness.display()
    )]
    StoreGone {
        /// Where the store was.
        path: PathBuf,
        /// Its witness.
        witness: PathBuf,
        /// The seq the witness recorded.
        seq: u64,
    },
    /// `init` found an existing store.
    #[error("a store already exists at {}", path.display())]
    StoreExists {
        /// The existing store.
        path: PathBuf,
    },
    /// The store's secret is missing while the store already holds a journal.
    #[error("the store secret {} is missing but the journal exists", path.display())]
    SecretMissing {
        /// Expected secret path.
        path: PathBuf,
    },
    /// The store's secret has the wrong size or permissions.
    #[error("the store secret {} is invalid: {reason}", path.display())]
    SecretInvalid {
        /// Secret path.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The lock is held by another process and waiting was not allowed.
    #[error("the store lock {} is held by another process", path.display())]
    LockBusy {
        /// Lock file.
        path: PathBuf,
    },
    /// A configuration file or value is wrong.
    #[error("{origin}{}: {message}", line_of(spot.as_deref()))]
    Config {
        /// Where the value came from (a file path, an environment variable, a flag).
        origin: String,
        /// What is wrong, naming the key.
        message: String,
        /// The file, key and line at fault, when the value came from a config file.
        spot: Option<Box<ConfigSpot>>,
    },
    /// A configuration key that does not exist.
    #[error("{origin}{}: unknown configuration key `{key}`", line_of(spot.as_deref()))]
    UnknownConfigKey {
        /// Where it was found.
        origin: String,
        /// The key.
        key: String,
        /// A close existing key, if any.
        suggestion: Option<String>,
        /// The file and line, when the key is in a config file.
        spot: Option<Box<ConfigSpot>>,
    },
    /// A policy file is malformed.
    #[error("{}: {message}", path.display())]
    Policy {
        /// The policy file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A request is malformed (empty field, NUL byte, too large).
    #[error("invalid request: {field} {reason}")]
    InvalidRequest {
        /// The offending field.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Bad user input outside a request (an id, a duration, a flag value).
    #[error("{0}")]
    Invalid(String),
    /// An intel export would spend more than the store's lifetime privacy budget allows;
    /// nothing was exported (exit status 1: a refusal, not a failure).
    #[error("{0}")]
    PrivacyBudget(String),
    /// Something named by the caller does not exist (a grant, an artifact, an event, a
    /// configuration key); exit status 4.
    #[error("{0}")]
    NotFound(String),
    /// The journal cannot be appended to or read safely.
    #[error("journal {}:{line}: {message}", path.display())]
    Journal {
        /// The segment.
        path: PathBuf,
        /// 1-based line number (0 when not line specific).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A file has a format version this build does not understand.
    #[error("unsupported {what} format (got {got}, supports {supported})")]
    UnsupportedFormat {
        /// Which file kind.
        what: &'static str,
        /// The version found.
        got: u64,
        /// The version supported.
        supported: u64,
    },
    /// A human decision was refused.
    #[error("challenge {id} refused: {}", refusal_message(*reason, detail))]
    ChallengeRefused {
        /// The challenge id as given.
        id: String,
        /// Why.
        reason: Refusal,
        /// What decided the request, for [`Refusal::Final`]; the store looked in, for
        /// [`Refusal::Unknown`] (empty otherwise).
        detail: String,
    },
    /// A file of the derived index cannot be read; the engine rebuilds the index from the
    /// journal when it meets this.
    #[error("derived index file {} is corrupt: {reason}", path.display())]
    IndexCorrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Client mode: the team server could not be reached, did not answer in time, or answered
    /// with a server error. Nothing was allowed.
    #[error(
        "the team server {url} cannot be reached ({reason}); nothing was allowed. Start or fix \
         the server, correct `remote.url`, unset it (and AIPERTURE_URL) to decide on this \
         machine, or set `remote.fallback = \"local\"` to let this machine's store decide while \
         the server is away"
    )]
    RemoteUnreachable {
        /// The server's base URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// Client mode: the team server refused the request (a 4xx answer). Nothing was allowed.
    #[error("the team server {url} refused the request ({status}{}): {message}", if code.is_empty() { String::new() } else { format!(" {code}") })]
    RemoteRefused {
        /// The server's base URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The server's error code (`unauthorized`, `invalid_request`, …).
        code: String,
        /// The server's message.
        message: String,
    },
    /// JSON that could not be parsed.
    #[error("invalid JSON in {what}")]
    Json {
        /// What was being parsed.
        what: String,
        /// The parser's error.
        #[source]
        source: serde_json::Error,
    },
}

impl Error {
    /// The message with its causes, on one line (`cannot open X: permission denied`).
    pub fn chain(&self) -> String {
        let mut s = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(c) = source {
            s.push_str(": ");
            s.push_str(&c.to_string());
            source = c.source();
        }
        s
    }

    /// A stable snake_case name of the kind of error, for machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::NoStore { .. } => "no_store",
            Error::StoreGone { .. } => "store_gone",
            Error::StoreExists { .. } => "store_exists",
            Error::SecretMissing { .. } => "secret_missing",
            Error::SecretInvalid { .. } => "secret_invalid",
            Error::LockBusy { .. } => "lock_busy",
            Error::Config { .. } => "config",
            Error::UnknownConfigKey { .. } => "unknown_config_key",
            Error::Policy { .. } => "policy",
            Error::InvalidRequest { .. } => "invalid_request",
            Error::Invalid(_) => "invalid",
            Error::PrivacyBudget(_) => "privacy_budget",
            Error::NotFound(_) => "not_found",
            Error::Journal { .. } => "journal",
            Error::UnsupportedFormat { .. } => "unsupported_format",
            Error::ChallengeRefused { .. } => "challenge_refused",
            Error::IndexCorrupt { .. } => "index_corrupt",
            Error::Json { .. } => "json",
            Error::RemoteUnreachable { .. } => "remote_unreachable",
            Error::RemoteRefused { .. } => "remote_refused",
        }
    }
}

/// Where in a config file a configuration error is: what its message and its fix name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSpot {
    /// The config file.
    pub file: PathBuf,
    /// Whether it is the user's config file (else a store's `config.toml`).
    pub user: bool,
    /// The dotted key at fault, when one is (not for a syntax error).
    pub key: Option<String>,
    /// The 1-based line, when known.
    pub line: Option<usize>,
}

fn line_of(spot: Option<&ConfigSpot>) -> String {
    spot.and_then(|s| s.line).map(|l| format!(":{l}")).unwrap_or_default()
}

fn refusal_text(r: Refusal) -> &'static str {
    match r {
        Refusal::Unknown => "no such challenge was issued by this store",
        Refusal::Expired => "the challenge has expired",
        Refusal::Reused => "the challenge was already used by an earlier decision",
        Refusal::Forged => "the challenge does not verify under this store's secret",
        Refusal::Mismatch => "the challenge is bound to a different request",
        Refusal::Final => "a human approval cannot change it",
    }
}

fn refusal_message(r: Refusal, detail: &str) -> String {
    match r {
        _ if detail.is_empty() => refusal_text(r).to_string(),
        Refusal::Unknown => format!("no such challenge was issued by the store {detail}"),
        _ => format!("{detail}; {}", refusal_text(r)),
    }
}

/// Adds the path to an `io::Result`.
pub trait IoContext<T> {
    /// Attach the operation and path to an I/O error.
    fn at(self, op: &'static str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at(self, op: &'static str, path: &Path) -> Result<T> {
        self.map_err(|source| Error::Io { op, path: path.to_path_buf(), source })
    }
}
