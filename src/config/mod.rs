//! Layered configuration: the typed [`Config`], its layering, validation and trust classes.
//!
//! A top-level module rather than part of `store`: validation needs `risk` (custom rules,
//! tiers), `intel` (organisation ids, the privacy mechanism's range) and `glob` (sensitive
//! patterns), which sit above the store's files. It uses `store` only to read and write files
//! and to ask the trust records; nothing below it (`store`, `journal`, `risk`, `scope`) knows
//! it.
//!
//! Layers, lowest first: the built-in `defaults.toml` (compiled in, read by the same parser) <
//! the user config (`$XDG_CONFIG_HOME/aiperture/config.toml`) < the store's `config.toml` <
//! `AIPERTURE_*` environment variables < `--config KEY=VALUE` flags. The defaults file defines
//! the schema: a key missing from it is an error naming the file and the key, and a value must
//! have the default's type (an integer is accepted where a float is expected) and lie in the
//! key's range (durations and counts are bounded; out of range is an error naming the file and
//! the key, never a clamp, so nothing downstream can overflow). Every value remembers which
//! layer set it, for `config list --show-origin` and for error messages. The merged values
//! are checked as a whole (thresholds ordered, prompt timeout below the challenge TTL) before
//! use.
//!
//! Trust: a project's committed `config.toml` may come from a cloned repository. Until the
//! user trusted it ([`crate::store::trust`], `aiperture policy trust`), each of its values is
//! judged against the layers below it by the key's [`Class`] in [`CLASSES`]: a value that is
//! as strict or stricter applies; one that loosens, runs something or changes a door is
//! ignored and listed in [`Loaded::ignored`] and [`Config::untrusted_ignored`] (the verdict's
//! `untrusted_config_ignored`). The user config, the environment and the flags are the user's
//! and always apply; so does the user store's own config.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{ConfigSpot, Error, Result};

/// The compiled-in defaults, which double as the schema.
pub const DEFAULTS_TOML: &str = include_str!("defaults.toml");

/// Where a configuration value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "layer", content = "source", rename_all = "snake_case")]
pub enum Origin {
    /// The built-in defaults.
    Default,
    /// The user's config file.
    User(PathBuf),
    /// The store's config file.
    Store(PathBuf),
    /// An environment variable.
    Env(String),
    /// A `--config` flag.
    Flag,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("built-in defaults"),
            Origin::User(p) | Origin::Store(p) => write!(f, "{}", p.display()),
            Origin::Env(name) => write!(f, "environment variable {name}"),
            Origin::Flag => f.write_str("--config flag"),
        }
    }
}

/// `[learning]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Learning {
    /// Learn from human decisions.
    pub enabled: bool,
    /// Decisions needed on an exact scope.
    pub min_decisions: u32,
    /// Rate at or above which a pattern allows.
    pub auto_approve_threshold: f64,
    /// Rate at or below which a pattern denies.
    pub auto_deny_threshold: f64,
    /// Newest decision older than this: the pattern decides nothing.
    pub pattern_max_age_days: u32,
    /// Approvals in the window that count as rubber-stamping.
    pub rapid_approval_min_count: u32,
    /// Window for rubber-stamp detection.
    pub rapid_approval_window_seconds: u32,
    /// Half-life of a decision's weight in the approval rate (0: no decay).
    pub decay_half_life_days: f64,
}

/// The verdict when nothing else decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DefaultDecision {
    /// Ask a human.
    Ask,
    /// Deny (unattended runs).
    Deny,
}

/// `[decision]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionCfg {
    /// Default verdict.
    pub default: DefaultDecision,
}

/// `[session]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SessionCfg {
    /// Checks per minute per session (0 = unlimited).
    pub rate_limit_per_minute: u32,
    /// Risk points per session (0 = no budget).
    pub risk_budget: f64,
}

impl SessionCfg {
    /// The budget in tenths of a point (see [`crate::risk::Tier::budget_points`]).
    pub fn budget_tenths(&self) -> u64 {
        (self.risk_budget * 10.0).round().max(0.0) as u64
    }
}

/// `[challenge]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeCfg {
    /// Time to live, as a duration string.
    pub ttl: String,
}

/// How appends reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Durability {
    /// fsync every append.
    Fsync,
    /// Write without fsync (human decisions are still synced).
    Flush,
}

/// `[journal]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JournalCfg {
    /// Durability of appends.
    pub durability: Durability,
    /// Segment rotation size.
    pub segment_max_bytes: u64,
}

/// `[audit]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuditCfg {
    /// Command receiving new events (empty: off).
    pub forward_command: String,
    /// Timeout of one delivery.
    pub forward_timeout_ms: u64,
}

/// `[server]` (`aiperture serve`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerCfg {
    /// Listen address.
    pub addr: String,
    /// Bearer key of agent routes (empty: open, loopback only).
    pub api_key: String,
    /// Bearer key of human and config routes (empty: loopback clients only).
    pub admin_key: String,
    /// The humans who may decide, as `NAME:SHA256` of their key.
    pub humans: Vec<String>,
    /// Human decisions one credential may make per minute.
    pub decisions_per_minute: u32,
    /// Worker threads.
    pub workers: u32,
    /// Request body limit.
    pub max_body_bytes: u64,
    /// Client silence limit and body deadline.
    pub read_timeout_ms: u64,
    /// PEM file of the server certificate (empty: plain HTTP).
    pub tls_cert: String,
    /// PEM file of the certificate's private key (empty: plain HTTP).
    pub tls_key: String,
    /// Serve plain HTTP on a non-loopback address.
    pub allow_plaintext: bool,
}

/// `[remote]`: client mode, a team server deciding this machine's checks and hooks.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RemoteCfg {
    /// The team server's base URL (empty: off).
    pub url: String,
    /// The agent key sent as `Authorization: Bearer`.
    pub api_key: String,
    /// Longest time of one call, in milliseconds.
    pub timeout_ms: u64,
    /// `deny` or `local`: what decides when the server cannot be reached.
    pub fallback: String,
    /// PEM file of the trusted certificate authorities (empty: the public roots).
    pub ca_file: String,
}

impl RemoteCfg {
    /// Whether client mode is on.
    pub fn enabled(&self) -> bool {
        !self.url.is_empty()
    }

    /// Whether the local store decides when the server cannot be reached.
    pub fn falls_back_locally(&self) -> bool {
        self.fallback == "local"
    }
}

/// `[mcp]` (`aiperture mcp-serve`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct McpCfg {
    /// Offer the human-decision tools (approve, deny, revoke); unsafe, off by default.
    pub human_decisions: bool,
}

/// `[hooks]` (`aiperture hook <agent>`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HooksCfg {
    /// Time after which an agent prompt whose tool never ran counts as a denial.
    pub prompt_timeout: String,
    /// Lowest risk tier at which PreToolUse answers ask (or "never").
    pub ask_at_risk: String,
    /// Longest wait for the store lock.
    pub lock_timeout_ms: u64,
}

impl HooksCfg {
    /// [`HooksCfg::prompt_timeout`] as a duration (validated on load).
    pub fn prompt_timeout(&self) -> chrono::Duration {
        crate::clock::parse_duration(&self.prompt_timeout).unwrap_or(chrono::Duration::minutes(10))
    }

    /// The lowest tier that answers ask before a tool runs; `None` for "never".
    pub fn ask_at(&self) -> Option<crate::risk::Tier> {
        self.ask_at_risk.parse().ok()
    }
}

/// `[intel]` (shared intelligence).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IntelCfg {
    /// Show the shared signal.
    pub enabled: bool,
    /// ε per exported pattern.
    pub epsilon: f64,
    /// Organisations needed before a signal is shown.
    pub min_orgs: u64,
    /// The store's lifetime privacy budget: exports stop once their answers would have cost
    /// more in all.
    pub lifetime_epsilon: f64,
    /// Organisation ids whose reports count in the pooled signal (the pool's members).
    pub pool: Vec<String>,
}

/// `[scope]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeCfg {
    /// Sensitive path globs.
    pub sensitive_patterns: Vec<String>,
}

/// The typed, validated configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[learning]`
    pub learning: Learning,
    /// `[decision]`
    pub decision: DecisionCfg,
    /// `[session]`
    pub session: SessionCfg,
    /// `[challenge]`
    pub challenge: ChallengeCfg,
    /// `[journal]`
    pub journal: JournalCfg,
    /// `[audit]`
    pub audit: AuditCfg,
    /// `[server]`
    pub server: ServerCfg,
    /// `[remote]`
    pub remote: RemoteCfg,
    /// `[mcp]`
    pub mcp: McpCfg,
    /// `[hooks]`
    pub hooks: HooksCfg,
    /// `[intel]`
    pub intel: IntelCfg,
    /// `[scope]`
    pub scope: ScopeCfg,
    /// `[risk]`
    pub risk: RiskCfg,
    /// Keys of an untrusted store `config.toml` that were ignored because they loosen or run
    /// something (not a configuration key: filled in by [`load`]).
    #[serde(skip)]
    pub untrusted_ignored: Vec<String>,
    /// SHA-256 (hex) of the store `config.toml` as [`load`] read it (empty: no file; `None`:
    /// no store file was asked for), so a trust check needs not read the file again.
    #[serde(skip)]
    pub store_config_sha256: Option<String>,
}

/// `[risk]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RiskCfg {
    /// Custom risk rules (`[[risk.rule]]`).
    pub rule: Vec<crate::risk::CustomRule>,
}

impl Config {
    /// The built-in defaults alone.
    pub fn defaults() -> Result<Config> {
        Ok(load(&Sources::default())?.config)
    }

    /// Challenge time to live.
    pub fn challenge_ttl(&self) -> chrono::Duration {
        crate::clock::parse_duration(&self.challenge.ttl).unwrap_or(chrono::Duration::hours(1))
    }
}

/// A merged value with its origin.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Dotted key, e.g. `learning.min_decisions`.
    pub key: String,
    /// The value.
    pub value: toml::Value,
    /// Where it came from.
    pub origin: Origin,
}

/// The configuration with the origin of every value.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Typed configuration.
    pub config: Config,
    /// Every key, sorted, with value and origin.
    pub entries: Vec<Entry>,
    /// Values of an untrusted store `config.toml` that were not applied, sorted by key.
    pub ignored: Vec<Ignored>,
}

/// A value of an untrusted store `config.toml` that was not applied.
#[derive(Debug, Clone, Serialize)]
pub struct Ignored {
    /// Dotted key.
    pub key: String,
    /// The value the file asked for.
    pub value: toml::Value,
    /// The file.
    pub origin: Origin,
    /// Why it was not applied.
    pub reason: String,
}

impl Loaded {
    /// Look up one key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// The inputs of [`load`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The user config file, if it may exist.
    pub user_file: Option<PathBuf>,
    /// The store config file, if it may exist.
    pub store_file: Option<PathBuf>,
    /// Environment variables (name, value); only `AIPERTURE_*` names of known keys are used.
    pub env: Vec<(String, String)>,
    /// `--config KEY=VALUE` flags, in order.
    pub flags: Vec<String>,
    /// Whether the store file may loosen limits or run something.
    pub store_trust: StoreTrust,
}

impl Sources {
    /// The files whose changes can change what [`load`] returns (for a server's cache): the
    /// two config files and, when trust records decide, the policy and the trust file.
    pub fn watched(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> =
            self.user_file.iter().chain(self.store_file.iter()).cloned().collect();
        if let StoreTrust::Records(store) = &self.store_trust {
            out.push(store.policy_file());
            out.push(store.user_dirs().data.join(crate::store::layout::TRUST));
        }
        out
    }
}

/// Whether the store's `config.toml` is trusted (see [`CLASSES`]).
#[derive(Debug, Clone, Default)]
pub enum StoreTrust {
    /// Only tightening values apply (the default: fail closed).
    #[default]
    Untrusted,
    /// Every value applies.
    Trusted,
    /// Ask the user store's trust records (see [`crate::store::trust`]) for this store; they
    /// are read only when the file holds a value that would loosen or run something.
    Records(Box<crate::store::Store>),
}

/// Whether a key holds a credential (`server.api_key`, `server.admin_key`): never written to
/// the committed store config by `config set`, never shown in listings.
pub fn is_secret_key(key: &str) -> bool {
    // `server.tls_key` names a file; the key is in the file, not in the config.
    key.ends_with("_key") && key != "server.tls_key"
}

/// Check a team server URL (`remote.url`): `http://` or `https://`, a host, an optional port
/// and path, no user, query, fragment, spaces or control characters.
pub fn check_remote_url(url: &str) -> std::result::Result<(), String> {
    let bad = |why: &str| {
        Err(format!(
            "`remote.url` must be the team server's http:// or https:// URL, such as \
             \"https://aiperture.example.com:8100\" ({why}); got {url:?}"
        ))
    };
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return bad("no http:// or https://");
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return bad("no host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("spaces or control characters");
    }
    if host.contains('@') {
        return bad("a user name; the key goes in `remote.api_key`");
    }
    if url.contains('?') || url.contains('#') {
        return bad("a query or fragment");
    }
    if let Some((_, port)) = host.rsplit_once(':')
        && !host.ends_with(']')
        && port.parse::<u16>().is_err()
    {
        return bad("a port that is not a number up to 65535");
    }
    Ok(())
}

/// The short variable for `remote.url` (client mode), besides `AIPERTURE_REMOTE_URL`.
pub const URL_ENV: &str = "AIPERTURE_URL";

/// The environment variable that sets a key: `learning.min_decisions` →
/// `AIPERTURE_LEARNING_MIN_DECISIONS`.
pub fn env_name(key: &str) -> String {
    format!("AIPERTURE_{}", key.to_ascii_uppercase().replace('.', "_"))
}

/// Schema: every dotted key of the defaults with its default value.
///
/// Every process needs it, so it is built from `SHIPPED`, static data generated from the
/// shipped `defaults.toml` (a test regenerates it and fails when it is out of date): no TOML
/// is parsed at start.
pub fn schema() -> Result<BTreeMap<String, toml::Value>> {
    Ok(SHIPPED.iter().map(|(k, v)| ((*k).to_owned(), v.value())).collect())
}

/// A default value as static data (see [`SHIPPED`]).
#[derive(Debug, Clone, Copy)]
enum Shipped {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'static str),
    Strs(&'static [&'static str]),
}

impl Shipped {
    fn value(self) -> toml::Value {
        match self {
            Shipped::Bool(b) => toml::Value::Boolean(b),
            Shipped::Int(i) => toml::Value::Integer(i),
            Shipped::Float(f) => toml::Value::Float(f),
            Shipped::Str(s) => toml::Value::String(s.to_owned()),
            Shipped::Strs(l) => {
                toml::Value::Array(l.iter().map(|s| toml::Value::String((*s).to_owned())).collect())
            }
        }
    }
}

include!("defaults_table.rs");

/// The defaults through the full TOML parser (what [`SHIPPED`] is generated from).
#[cfg(test)]
fn schema_by_toml(text: &str) -> Result<BTreeMap<String, toml::Value>> {
    // Four fifths of the file are comments (the documentation of each key), so whole-line
    // comments and blank lines are dropped before the TOML parser sees them (a `#` inside a
    // value is untouched: only lines that start with one go).
    let values: String = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#')
        })
        .flat_map(|l| [l, "\n"])
        .collect();
    let table: toml::Table = values.parse().map_err(|e: toml::de::Error| Error::Config {
        origin: "built-in defaults".into(),
        message: e.to_string(),
        spot: None,
    })?;
    let mut out = BTreeMap::new();
    flatten("", &toml::Value::Table(table), &mut out);
    Ok(out)
}

fn flatten(prefix: &str, v: &toml::Value, out: &mut BTreeMap<String, toml::Value>) {
    match v {
        // Kept as a key of its own, so an unknown empty section is reported too.
        toml::Value::Table(t) if t.is_empty() && !prefix.is_empty() => {
            out.insert(prefix.to_string(), v.clone());
        }
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// Load and merge every layer, then validate.
pub fn load(src: &Sources) -> Result<Loaded> {
    let schema = schema()?;
    let mut merged: BTreeMap<String, (toml::Value, Origin)> =
        schema.iter().map(|(k, v)| (k.clone(), (v.clone(), Origin::Default))).collect();

    let mut ignored = Vec::new();
    let mut store_sha256 = None;
    if let Some(file) = &src.user_file
        && let Some((_, flat)) = read_layer(&schema, file, &Origin::User(file.clone()))?
    {
        for (key, value) in flat {
            merged.insert(key, (value, Origin::User(file.clone())));
        }
    }
    if let Some(file) = &src.store_file {
        let origin = Origin::Store(file.clone());
        store_sha256 = Some(String::new());
        if let Some((bytes, flat)) = read_layer(&schema, file, &origin)? {
            store_sha256 = Some(crate::store::trust::sha256_hex(&bytes));
            // Compare each value with what the layers below say; the file is asked about only
            // when it holds something that loosens or runs.
            let mut applied = Vec::new();
            let mut refused = Vec::new();
            for (key, value) in flat {
                let below = merged.get(&key).map(|(v, _)| v);
                match below.map_or(Judged::Applies(value.clone()), |b| judge(&key, b, &value)) {
                    Judged::Applies(v) => applied.push((key, v)),
                    Judged::Loosens { keep, reason } => refused.push((key, value, keep, reason)),
                }
            }
            let trusted = refused.is_empty()
                || match &src.store_trust {
                    StoreTrust::Trusted => true,
                    StoreTrust::Untrusted => false,
                    StoreTrust::Records(store) => crate::store::trust::config_trusted(
                        store,
                        store_sha256.as_deref().unwrap_or_default(),
                    )?,
                };
            for (key, value) in applied {
                merged.insert(key, (value, origin.clone()));
            }
            for (key, value, keep, reason) in refused {
                if trusted {
                    merged.insert(key, (value, origin.clone()));
                    continue;
                }
                if let Some(v) = keep {
                    merged.insert(key.clone(), (v, origin.clone()));
                }
                ignored.push(Ignored { key, value, origin: origin.clone(), reason });
            }
        }
    }

    // Usually no `AIPERTURE_*` variable is set: walk the variables, not the keys.
    if !src.env.is_empty() {
        for key in schema.keys() {
            let name = env_name(key);
            if let Some((_, raw)) = src.env.iter().find(|(n, _)| *n == name) {
                let origin = Origin::Env(name.clone());
                let value = parse_value(&schema, key, raw, &origin)?;
                merged.insert(key.clone(), (value, origin));
            }
        }
        // The short name of client mode's server; the long one wins when both are set.
        if let Some((name, raw)) = src.env.iter().find(|(n, _)| n == URL_ENV)
            && !src.env.iter().any(|(n, _)| *n == env_name("remote.url"))
        {
            let origin = Origin::Env(name.clone());
            let value = parse_value(&schema, "remote.url", raw, &origin)?;
            merged.insert("remote.url".into(), (value, origin));
        }
    }

    for flag in &src.flags {
        let Some((key, raw)) = flag.split_once('=') else {
            return Err(Error::Config {
                origin: Origin::Flag.to_string(),
                message: format!("expected KEY=VALUE, got {flag:?}"),
                spot: None,
            });
        };
        let key = key.trim();
        let value = parse_value(&schema, key, raw.trim(), &Origin::Flag)?;
        merged.insert(key.to_string(), (value, Origin::Flag));
    }

    let mut config = build(&merged)?;
    config.untrusted_ignored = ignored.iter().map(|i| i.key.clone()).collect();
    config.store_config_sha256 = store_sha256;
    let entries =
        merged.into_iter().map(|(key, (value, origin))| Entry { key, value, origin }).collect();
    Ok(Loaded { config, entries, ignored })
}

/// Read one config file: its bytes and its checked, flattened values (`None`: no file).
#[allow(clippy::type_complexity)]
fn read_layer(
    schema: &BTreeMap<String, toml::Value>,
    file: &Path,
    origin: &Origin,
) -> Result<Option<(Vec<u8>, Vec<(String, toml::Value)>)>> {
    let Some(bytes) = crate::store::fsutil::read_optional(file)? else { return Ok(None) };
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::Config {
        origin: origin.to_string(),
        message: "not valid UTF-8".into(),
        spot: None,
    })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map(|r| line_at(text, r.start));
        let message = format!("invalid TOML: {}", e.message().trim_end());
        let err = Error::Config { origin: origin.to_string(), message, spot: None };
        match located(err, origin, None, None) {
            Error::Config { origin, message, spot: Some(mut spot) } => {
                spot.line = line;
                Error::Config { origin, message, spot: Some(spot) }
            }
            other => other,
        }
    })?;
    let mut flat = BTreeMap::new();
    flatten("", &toml::Value::Table(table), &mut flat);
    let mut out = Vec::new();
    for (key, value) in flat {
        // An empty section flattens to itself: fine when it is a known section.
        if value.as_table().is_some_and(toml::Table::is_empty)
            && schema.keys().any(|k| k.starts_with(&format!("{key}.")))
        {
            continue;
        }
        let checked = check_value(schema, &key, value, origin)
            .map_err(|e| located(e, origin, Some(text), Some(&key)))?;
        out.push((key.clone(), checked));
    }
    Ok(Some((bytes, out)))
}

fn build(merged: &BTreeMap<String, (toml::Value, Origin)>) -> Result<Config> {
    let mut root = toml::Table::new();
    for (key, (value, _)) in merged {
        insert_dotted(&mut root, key, value.clone());
    }
    let origin_of = |key: &str, message: String| {
        let origin = merged.get(key).map_or(Origin::Default, |(_, o)| o.clone());
        let err = Error::Config { origin: origin.to_string(), message, spot: None };
        // An error path: the file is read again for the line.
        let text = match &origin {
            Origin::User(p) | Origin::Store(p) => std::fs::read_to_string(p).ok(),
            _ => None,
        };
        located(err, &origin, text.as_deref(), Some(key))
    };
    let config: Config = match toml::Value::Table(root).try_into() {
        Ok(c) => c,
        Err(e) => {
            let e: toml::de::Error = e;
            let message = e.message().to_string();
            // Name the key: the first value not from the defaults whose default in its place
            // makes the whole deserialize (an error path, so trying each is cheap enough).
            let schema = schema()?;
            let culprit = merged.iter().find(|(key, (_, origin))| {
                !matches!(origin, Origin::Default)
                    && schema.get(*key).is_some_and(|default| {
                        let mut root = toml::Table::new();
                        for (k, (v, _)) in merged {
                            let v = if k == *key { default.clone() } else { v.clone() };
                            insert_dotted(&mut root, k, v);
                        }
                        toml::Value::Table(root).try_into::<Config>().is_ok()
                    })
            });
            return Err(match culprit {
                Some((key, _)) => origin_of(key, format!("`{key}`: {message}")),
                None => Error::Config { origin: "configuration".into(), message, spot: None },
            });
        }
    };
    // The shipped patterns are known to compile (a test holds it); checking them again would
    // cost every process a glob compilation per pattern.
    let shipped_patterns = merged
        .get("scope.sensitive_patterns")
        .is_none_or(|(_, origin)| matches!(origin, Origin::Default));
    validate(&config, &origin_of, shipped_patterns)?;
    Ok(config)
}

fn insert_dotted(root: &mut toml::Table, key: &str, value: toml::Value) {
    match key.split_once('.') {
        None => {
            root.insert(key.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = root
                .entry(head.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(inner) = entry {
                insert_dotted(inner, rest, value);
            }
        }
    }
}

fn validate(
    c: &Config,
    origin_of: &dyn Fn(&str, String) -> Error,
    shipped_patterns: bool,
) -> Result<()> {
    // Ranges of single keys are checked per layer (`check_bound`); here: what involves the
    // merged whole.
    let err = |key: &str, message: String| origin_of(key, message);
    let l = &c.learning;
    if l.auto_deny_threshold >= l.auto_approve_threshold {
        return Err(err(
            "learning.auto_deny_threshold",
            format!(
                "`learning.auto_deny_threshold` ({}) must be lower than \
                 `learning.auto_approve_threshold` ({})",
                l.auto_deny_threshold, l.auto_approve_threshold
            ),
        ));
    }
    let ttl = crate::clock::parse_duration(&c.challenge.ttl);
    match (crate::clock::parse_duration(&c.hooks.prompt_timeout), ttl) {
        (Some(d), Some(t)) if d > chrono::Duration::zero() && d < t => {}
        _ => {
            return Err(err(
                "hooks.prompt_timeout",
                format!(
                    "`hooks.prompt_timeout` must be a positive duration shorter than \
                     `challenge.ttl` ({}), got {:?}",
                    c.challenge.ttl, c.hooks.prompt_timeout
                ),
            ));
        }
    }
    if c.hooks.ask_at().is_none() && c.hooks.ask_at_risk != "never" {
        return Err(err(
            "hooks.ask_at_risk",
            format!(
                "`hooks.ask_at_risk` must be \"low\", \"medium\", \"high\", \"critical\" or \
                 \"never\", got {:?}",
                c.hooks.ask_at_risk
            ),
        ));
    }
    let mut names = BTreeSet::new();
    for h in &c.server.humans {
        let Some((name, _)) = parse_human(h) else {
            return Err(err(
                "server.humans",
                format!(
                    "`server.humans`: {h:?} is not NAME:SHA256 (a name of 1 to 64 letters, digits, \
                     `.`, `_`, `@` or `-`, a colon, and the 64 hex digits of the SHA-256 of that \
                     person's key: `printf %s \"$KEY\" | sha256sum`)"
                ),
            ));
        };
        if !names.insert(name) {
            return Err(err(
                "server.humans",
                format!("`server.humans`: {name:?} is listed twice; each person once"),
            ));
        }
    }
    if !c.remote.url.is_empty()
        && let Err(why) = check_remote_url(&c.remote.url)
    {
        return Err(err("remote.url", why));
    }
    if !["deny", "local"].contains(&c.remote.fallback.as_str()) {
        return Err(err(
            "remote.fallback",
            format!("`remote.fallback` must be \"deny\" or \"local\", got {:?}", c.remote.fallback),
        ));
    }
    if c.server.tls_cert.is_empty() != c.server.tls_key.is_empty() {
        let (set, unset) = if c.server.tls_cert.is_empty() {
            ("server.tls_key", "server.tls_cert")
        } else {
            ("server.tls_cert", "server.tls_key")
        };
        return Err(err(
            set,
            format!(
                "`{set}` is set but `{unset}` is not: TLS needs both the certificate and its \
                 private key (or neither, for plain HTTP)"
            ),
        ));
    }
    if let Some(bad) = c.intel.pool.iter().find(|id| !crate::intel::is_org_id(id)) {
        return Err(err(
            "intel.pool",
            format!(
                "`intel.pool`: {bad:?} is not an organisation id (32 lower-case hex digits, as \
                 `aiperture intel show` and every export name it)"
            ),
        ));
    }
    for p in c.scope.sensitive_patterns.iter().filter(|_| !shipped_patterns) {
        if let Err(e) = crate::glob::Glob::new(p) {
            return Err(err(
                "scope.sensitive_patterns",
                format!("`scope.sensitive_patterns`: bad glob {p:?}: {e}"),
            ));
        }
    }
    Ok(())
}

/// How a key of an untrusted store `config.toml` is treated (see [`CLASSES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Applies from any layer: it neither widens what an agent may do nor runs anything
    /// (either value fails closed).
    Free,
    /// A higher number is stricter; a lower one loosens.
    Higher,
    /// A lower number is stricter; a higher one loosens.
    Lower,
    /// A lower number is stricter, and 0 (off) is the loosest of all.
    LowerOrOff,
    /// A shorter duration is stricter.
    Shorter,
    /// One of these values, strictest first.
    Rank(&'static [&'static str]),
    /// A list a file may add entries to, never drop them from: the entries of the layers
    /// below are kept.
    Union,
    /// Loosens either way or runs something (or changes a door): any value other than the one
    /// below is ignored.
    Locked,
}

/// Every configuration key, how an untrusted store `config.toml` may change it, and why.
/// Sorted by key; a test checks that it lists exactly the keys of `defaults.toml`.
///
/// Loosening means: an agent gets through more easily (an allow sooner, an ask or deny later,
/// a limit higher or off, a dialog skipped, a learned denial dropped, a challenge approvable
/// longer). Learning keys that move learned allows and learned denials together are
/// [`Class::Locked`], since one of the two always loosens.
#[rustfmt::skip]
pub const CLASSES: &[(&str, Class, &str)] = &[
    ("audit.forward_command", Class::Locked, "runs a command on every journaled event"),
    ("audit.forward_timeout_ms", Class::Locked, "part of the forwarding door"),
    ("challenge.ttl", Class::Shorter, "a longer life lets an old challenge be approved later"),
    ("decision.default", Class::Rank(&["deny", "ask"]), "ask lets more through than deny"),
    ("hooks.ask_at_risk", Class::Rank(&["low", "medium", "high", "critical", "never"]), "a higher tier skips the dialog for more calls"),
    ("hooks.lock_timeout_ms", Class::Lower, "a longer wait can outlast the agent's own hook timeout, which agents treat as no opinion"),
    ("hooks.prompt_timeout", Class::Shorter, "a longer wait infers fewer denials"),
    ("intel.enabled", Class::Rank(&["false", "true"]), "shows other organisations' signal"),
    ("intel.epsilon", Class::Lower, "a higher epsilon makes exports less private"),
    ("intel.lifetime_epsilon", Class::Lower, "a higher cap lets exports reveal more over time"),
    ("intel.min_orgs", Class::Higher, "fewer organisations make a signal easier to forge"),
    ("intel.pool", Class::Locked, "a member's reports count: a listed key can forge the signal"),
    ("journal.durability", Class::Rank(&["fsync", "flush"]), "flush can lose journaled events"),
    ("journal.segment_max_bytes", Class::Free, "segment size changes no decision"),
    ("learning.auto_approve_threshold", Class::Higher, "a lower rate allows sooner"),
    ("learning.auto_deny_threshold", Class::Higher, "a lower rate denies later"),
    ("learning.decay_half_life_days", Class::Locked, "reweighs approvals and denials alike"),
    ("learning.enabled", Class::Locked, "off also drops learned denials"),
    ("learning.min_decisions", Class::Locked, "moves learned allows and learned denials together"),
    ("learning.pattern_max_age_days", Class::Locked, "expires learned denials as well as allows"),
    ("learning.rapid_approval_min_count", Class::Lower, "a higher count learns from rubber-stamping"),
    ("learning.rapid_approval_window_seconds", Class::Higher, "a shorter window learns from rubber-stamping"),
    ("mcp.human_decisions", Class::Locked, "lets the MCP client approve its own challenges"),
    ("remote.api_key", Class::Locked, "a door: the key sent to the team server"),
    ("remote.ca_file", Class::Locked, "a door: whose certificates are trusted"),
    ("remote.fallback", Class::Locked, "a door: who decides when the server is away"),
    ("remote.timeout_ms", Class::Locked, "a door setting"),
    ("remote.url", Class::Locked, "a door: which server decides (a repository's server would answer allow)"),
    ("risk.rule", Class::Union, "rules only raise tiers; the user's rules are kept"),
    ("scope.sensitive_patterns", Class::Union, "a dropped pattern unprotects paths"),
    ("server.addr", Class::Locked, "a door: where the server listens"),
    ("server.admin_key", Class::Locked, "a door: who may act as a human"),
    ("server.allow_plaintext", Class::Locked, "a door: keys and verdicts in the clear"),
    ("server.api_key", Class::Locked, "a door: who may call agent routes"),
    ("server.decisions_per_minute", Class::Locked, "a door setting"),
    ("server.humans", Class::Locked, "a door: who may decide as which human"),
    ("server.max_body_bytes", Class::Locked, "a door setting"),
    ("server.read_timeout_ms", Class::Locked, "a door setting"),
    ("server.tls_cert", Class::Locked, "a door: whose certificate clients see"),
    ("server.tls_key", Class::Locked, "a door: the server's private key"),
    ("server.workers", Class::Locked, "a door setting"),
    ("session.rate_limit_per_minute", Class::LowerOrOff, "a higher limit, or 0 (off), lets more checks through"),
    ("session.risk_budget", Class::LowerOrOff, "a higher budget, or 0 (off), allows more"),
];

/// A `server.humans` entry as `(name, SHA-256 of the key)`; `None` when it is not
/// `NAME:SHA256` (a name of 1 to 64 letters, digits, `.`, `_`, `@` or `-`; 64 hex digits).
pub fn parse_human(entry: &str) -> Option<(&str, [u8; 32])> {
    let (name, hash) = entry.rsplit_once(':')?;
    let name_ok = (1..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_@".contains(&b));
    let hash = crate::encoding::unhex::<32>(&hash.to_ascii_lowercase())?;
    name_ok.then_some((name, hash))
}

/// The class of `key` ([`Class::Locked`] for a key not in [`CLASSES`]).
pub fn class_of(key: &str) -> Class {
    CLASSES.binary_search_by(|(k, _, _)| (*k).cmp(key)).map_or(Class::Locked, |i| CLASSES[i].1)
}

/// What becomes of one value of an untrusted store file.
enum Judged {
    /// It applies (it is as strict as, or stricter than, the value below).
    Applies(toml::Value),
    /// It loosens or runs something: ignored unless the file is trusted; `keep` is what
    /// applies instead when part of it may (the union of a list).
    Loosens { keep: Option<toml::Value>, reason: String },
}

fn as_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn as_number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Judge `value` of an untrusted store file for `key` against `below`, the value of the
/// layers beneath it. Whatever cannot be compared is judged as loosening.
fn judge(key: &str, below: &toml::Value, value: &toml::Value) -> Judged {
    if value == below {
        return Judged::Applies(value.clone());
    }
    let class = class_of(key);
    let loosens = |why: &str| Judged::Loosens { keep: None, reason: why.to_string() };
    let why = CLASSES.iter().find(|(k, _, _)| *k == key).map_or("not classified", |c| c.2);
    let stricter = match class {
        Class::Free => Some(true),
        Class::Locked => Some(false),
        Class::Higher => as_number(value).zip(as_number(below)).map(|(v, b)| v >= b),
        Class::Lower => as_number(value).zip(as_number(below)).map(|(v, b)| v <= b),
        Class::LowerOrOff => as_number(value).zip(as_number(below)).map(|(v, b)| {
            let off = |x: f64| if x == 0.0 { f64::INFINITY } else { x };
            off(v) <= off(b)
        }),
        Class::Shorter => as_text(value)
            .and_then(|v| crate::clock::parse_duration(&v))
            .zip(as_text(below).and_then(|b| crate::clock::parse_duration(&b)))
            .map(|(v, b)| v <= b),
        Class::Rank(order) => {
            let rank =
                |x: &toml::Value| as_text(x).and_then(|t| order.iter().position(|o| *o == t));
            rank(value).zip(rank(below)).map(|(v, b)| v <= b)
        }
        Class::Union => {
            let (Some(v), Some(b)) = (value.as_array(), below.as_array()) else {
                return loosens(why);
            };
            let mut union = b.clone();
            union.extend(v.iter().filter(|x| !b.contains(x)).cloned());
            if b.iter().all(|x| v.contains(x)) {
                return Judged::Applies(value.clone());
            }
            return Judged::Loosens {
                keep: Some(toml::Value::Array(union)),
                reason: format!("{why} (entries of the layers below kept; added ones apply)"),
            };
        }
    };
    match stricter {
        Some(true) => Judged::Applies(value.clone()),
        _ => loosens(why),
    }
}

/// The range a numeric or duration key must lie in.
#[derive(Debug, Clone, Copy)]
enum Bound {
    Int(i64, i64),
    Float(f64, f64),
    /// A duration string, in seconds.
    Secs(i64, i64),
}

const DAY: i64 = 86_400;

fn bound_of(key: &str) -> Option<Bound> {
    let (elo, ehi) = crate::intel::Mechanism::RANGE;
    Some(match key {
        "learning.min_decisions" | "learning.rapid_approval_min_count" => Bound::Int(1, 10_000),
        "learning.auto_approve_threshold" | "learning.auto_deny_threshold" => {
            Bound::Float(0.0, 1.0)
        }
        "learning.pattern_max_age_days" => Bound::Int(1, 3650),
        "learning.rapid_approval_window_seconds" => Bound::Int(1, DAY),
        "learning.decay_half_life_days" => Bound::Float(0.0, 3650.0),
        "session.rate_limit_per_minute" => Bound::Int(0, 1_000_000),
        "session.risk_budget" => Bound::Float(0.0, 1_000_000.0),
        "challenge.ttl" | "hooks.prompt_timeout" => Bound::Secs(1, 30 * DAY),
        "journal.segment_max_bytes" => Bound::Int(4096, 1 << 30),
        "audit.forward_timeout_ms" => Bound::Int(1, 60_000),
        "server.workers" => Bound::Int(1, 256),
        "server.decisions_per_minute" => Bound::Int(1, 100_000),
        "server.max_body_bytes" => Bound::Int(1024, 64 * 1024 * 1024),
        "server.read_timeout_ms" => Bound::Int(1000, 600_000),
        "hooks.lock_timeout_ms" => Bound::Int(1, 600_000),
        "remote.timeout_ms" => Bound::Int(50, 60_000),
        "intel.epsilon" => Bound::Float(elo, ehi),
        "intel.min_orgs" => Bound::Int(2, 1_000_000),
        "intel.lifetime_epsilon" => Bound::Float(elo, 1_000_000.0),
        _ => return None,
    })
}

fn show_secs(s: i64) -> String {
    if s % DAY == 0 { format!("{}d", s / DAY) } else { format!("{s}s") }
}

/// Check that `value` lies in `key`'s range: an error naming the origin and the key, never a
/// clamp.
fn check_bound(key: &str, value: &toml::Value, origin: &Origin) -> Result<()> {
    let Some(bound) = bound_of(key) else { return Ok(()) };
    let err =
        |message: String| Err(Error::Config { origin: origin.to_string(), message, spot: None });
    match (bound, value) {
        (Bound::Int(lo, hi), toml::Value::Integer(v)) if !(lo..=hi).contains(v) => {
            err(format!("`{key}` must be between {lo} and {hi}, got {v}"))
        }
        (Bound::Float(lo, hi), v) => match as_number(v) {
            Some(x) if x.is_finite() && (lo..=hi).contains(&x) => Ok(()),
            Some(x) => err(format!("`{key}` must be between {lo} and {hi}, got {x}")),
            None => Ok(()),
        },
        (Bound::Secs(lo, hi), toml::Value::String(s)) => match crate::clock::parse_duration(s) {
            Some(d) if (lo..=hi).contains(&d.num_seconds()) && d > chrono::Duration::zero() => {
                Ok(())
            }
            Some(_) => err(format!(
                "`{key}` must be between {} and {}, got {s:?}",
                show_secs(lo),
                show_secs(hi)
            )),
            None => err(format!(
                "`{key}` must be a positive duration such as \"90s\", \"15m\", \"1h\" or \"7d\", \
                 got {s:?}"
            )),
        },
        _ => Ok(()),
    }
}

fn unknown_key(schema: &BTreeMap<String, toml::Value>, key: &str, origin: &Origin) -> Error {
    let suggestion = suggest_key(schema, key);
    Error::UnknownConfigKey {
        origin: origin.to_string(),
        key: key.to_string(),
        suggestion,
        spot: None,
    }
}

/// Attach the file, key and line to a configuration error found in a config file (`origin`
/// a user or store file whose text is `text`); errors from elsewhere are returned unchanged.
fn located(e: Error, origin: &Origin, text: Option<&str>, key: Option<&str>) -> Error {
    let (file, user) = match origin {
        Origin::User(p) => (p, true),
        Origin::Store(p) => (p, false),
        Origin::Default | Origin::Env(_) | Origin::Flag => return e,
    };
    let spot = |key: Option<&str>, line: Option<usize>| {
        Some(Box::new(ConfigSpot {
            file: file.clone(),
            user,
            key: key.map(str::to_string),
            line: line.or_else(|| text.zip(key).and_then(|(t, k)| line_of_key(t, k))),
        }))
    };
    match e {
        Error::Config { origin, message, spot: None } => {
            Error::Config { origin, message, spot: spot(key, None) }
        }
        Error::UnknownConfigKey { origin, key, suggestion, spot: None } => {
            let s = spot(Some(&key), None);
            Error::UnknownConfigKey { origin, key, suggestion, spot: s }
        }
        other => other,
    }
}

/// The 1-based line of `text` (a config file) that sets dotted `key` or opens its table.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let mut table = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest.trim_start_matches('[').split(']').next().unwrap_or_default().trim();
            if name == key {
                return Some(i + 1);
            }
            table = name.to_string();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if let Some((k, _)) = line.split_once('=') {
            let k: Vec<&str> = k.split('.').map(|p| p.trim().trim_matches('"')).collect();
            let k = k.join(".");
            let full = if table.is_empty() { k } else { format!("{table}.{k}") };
            if full == key {
                return Some(i + 1);
            }
        }
    }
    None
}

/// The 1-based line of byte offset `at` in `text`.
fn line_at(text: &str, at: usize) -> usize {
    text.get(..at).map_or(0, |t| t.matches('\n').count()) + 1
}

/// The known key closest to `key` (a typo, or a bare leaf name such as `min_decisions`).
pub fn suggest_key(schema: &BTreeMap<String, toml::Value>, key: &str) -> Option<String> {
    schema
        .keys()
        .map(|k| (edit_distance(k, key), k))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, k)| k.clone())
        .or_else(|| {
            // A bare leaf name such as `min_decisions` is a common slip.
            schema.keys().find(|k| k.rsplit('.').next() == Some(key)).cloned()
        })
}

fn check_value(
    schema: &BTreeMap<String, toml::Value>,
    key: &str,
    value: toml::Value,
    origin: &Origin,
) -> Result<toml::Value> {
    let v = check_type(schema, key, value, origin)?;
    check_bound(key, &v, origin)?;
    Ok(v)
}

fn check_type(
    schema: &BTreeMap<String, toml::Value>,
    key: &str,
    value: toml::Value,
    origin: &Origin,
) -> Result<toml::Value> {
    let Some(default) = schema.get(key) else { return Err(unknown_key(schema, key, origin)) };
    let mismatch = |v: &toml::Value| Error::Config {
        origin: origin.to_string(),
        message: format!("`{key}` must be {}, got {}", type_name(default), type_name(v)),
        spot: None,
    };
    match (default, value) {
        (toml::Value::Float(_), toml::Value::Integer(i)) => Ok(toml::Value::Float(i as f64)),
        (toml::Value::Array(_), toml::Value::Array(items)) if key == "risk.rule" => {
            let v = toml::Value::Array(items);
            v.clone().try_into::<Vec<crate::risk::CustomRule>>().map_err(
                |e: toml::de::Error| Error::Config {
                    origin: origin.to_string(),
                    message: format!("`risk.rule`: {}", e.message()),
                    spot: None,
                },
            )?;
            Ok(v)
        }
        (toml::Value::Array(_), toml::Value::Array(items)) => {
            if items.iter().all(toml::Value::is_str) {
                Ok(toml::Value::Array(items))
            } else {
                Err(Error::Config {
                    origin: origin.to_string(),
                    message: format!("`{key}` must be an array of strings"),
                    spot: None,
                })
            }
        }
        (d, v) if std::mem::discriminant(d) == std::mem::discriminant(&v) => Ok(v),
        (_, v) => Err(mismatch(&v)),
    }
}

/// Parse a string given on the command line or in the environment as a value for `key`.
pub fn parse_value(
    schema: &BTreeMap<String, toml::Value>,
    key: &str,
    raw: &str,
    origin: &Origin,
) -> Result<toml::Value> {
    let Some(default) = schema.get(key) else { return Err(unknown_key(schema, key, origin)) };
    let bad = |what: &str| Error::Config {
        origin: origin.to_string(),
        message: format!("`{key}` must be {what}, got {raw:?}"),
        spot: None,
    };
    let v = match default {
        toml::Value::String(_) => toml::Value::String(raw.to_string()),
        toml::Value::Integer(_) => {
            toml::Value::Integer(raw.trim().parse().map_err(|_| bad("an integer"))?)
        }
        toml::Value::Float(_) => toml::Value::Float(
            raw.trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .ok_or_else(|| bad("a number"))?,
        ),
        toml::Value::Boolean(_) => match raw.trim() {
            "true" => toml::Value::Boolean(true),
            "false" => toml::Value::Boolean(false),
            _ => return Err(bad("true or false")),
        },
        toml::Value::Array(_) => {
            let t = raw.trim();
            if t.starts_with('[') {
                let doc: toml::Table =
                    format!("v = {t}").parse().map_err(|_| bad("an array of strings"))?;
                let v = doc.get("v").cloned().ok_or_else(|| bad("an array of strings"))?;
                check_value(schema, key, v, origin)?
            } else {
                toml::Value::Array(
                    t.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| toml::Value::String(s.to_string()))
                        .collect(),
                )
            }
        }
        toml::Value::Datetime(_) | toml::Value::Table(_) => return Err(bad("a plain value")),
    };
    check_bound(key, &v, origin)?;
    Ok(v)
}

fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "an array",
        toml::Value::Table(_) => "a table",
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Set `key` to `value` in the config file at `path`, keeping its comments and layout.
/// The caller validates the merged result before calling this and holds the store lock.
pub fn write_key(path: &Path, key: &str, value: &toml::Value) -> Result<()> {
    let text = match crate::store::fsutil::read_optional(path)? {
        Some(b) => String::from_utf8(b).map_err(|_| Error::Config {
            origin: path.display().to_string(),
            message: "not valid UTF-8".into(),
            spot: None,
        })?,
        None => String::new(),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::Config { origin: path.display().to_string(), message: e.to_string(), spot: None }
    })?;
    let mut parts: Vec<&str> = key.split('.').collect();
    let leaf = parts.pop().unwrap_or(key);
    let mut table = doc.as_table_mut();
    for p in parts {
        if !table.contains_key(p) {
            table.insert(p, toml_edit::Item::Table(toml_edit::Table::new()));
        }
        table = table.get_mut(p).and_then(toml_edit::Item::as_table_mut).ok_or_else(|| {
            Error::Config {
                origin: path.display().to_string(),
                message: format!("`{p}` is not a table"),
                spot: None,
            }
        })?;
    }
    table.insert(leaf, toml_edit::value(to_edit_value(value)));
    crate::store::fsutil::write_atomic(
        path,
        doc.to_string().as_bytes(),
        crate::store::fsutil::Sync::Durable,
    )
}

/// The values one config file sets (`origin` names it: the user's or a store's), checked
/// against the schema, sorted by key; empty when the file does not exist.
pub fn read_file(origin: &Origin, file: &Path) -> Result<Vec<(String, toml::Value)>> {
    Ok(read_layer(&schema()?, file, origin)?.map(|(_, flat)| flat).unwrap_or_default())
}

/// Remove dotted `key` from the config file at `path`, keeping its comments and layout; a
/// table left empty that is not a known section goes too. The key need not be known (this is
/// how a misspelt one is removed). Returns whether the file set it. The caller holds the
/// store lock for a store's file.
pub fn unset_key(path: &Path, key: &str) -> Result<bool> {
    let Some(bytes) = crate::store::fsutil::read_optional(path)? else { return Ok(false) };
    let origin = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|_| Error::Config {
        origin: origin.clone(),
        message: "not valid UTF-8".into(),
        spot: None,
    })?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::Config { origin: origin.clone(), message: e.to_string(), spot: None }
    })?;
    let parts: Vec<&str> = key.split('.').collect();
    let known = schema()?;
    if !remove_path(doc.as_table_mut(), &parts, "", &known) {
        return Ok(false);
    }
    crate::store::fsutil::write_atomic(
        path,
        doc.to_string().as_bytes(),
        crate::store::fsutil::Sync::Durable,
    )?;
    Ok(true)
}

/// Remove `parts` below `table` (whose dotted name is `prefix`); drop tables it leaves empty
/// unless they are known sections.
fn remove_path(
    table: &mut dyn toml_edit::TableLike,
    parts: &[&str],
    prefix: &str,
    known: &BTreeMap<String, toml::Value>,
) -> bool {
    match parts {
        [] => false,
        [leaf] => table.remove(leaf).is_some(),
        [head, rest @ ..] => {
            let name =
                if prefix.is_empty() { (*head).to_string() } else { format!("{prefix}.{head}") };
            let Some(inner) = table.get_mut(head).and_then(toml_edit::Item::as_table_like_mut)
            else {
                return false;
            };
            let removed = remove_path(inner, rest, &name, known);
            let section = format!("{name}.");
            if removed && inner.is_empty() && !known.keys().any(|k| k.starts_with(&section)) {
                table.remove(head);
            }
            removed
        }
    }
}

fn to_edit_value(v: &toml::Value) -> toml_edit::Value {
    match v {
        toml::Value::String(s) => s.as_str().into(),
        toml::Value::Integer(i) => (*i).into(),
        toml::Value::Float(f) => (*f).into(),
        toml::Value::Boolean(b) => (*b).into(),
        toml::Value::Array(a) => {
            let mut arr = toml_edit::Array::new();
            for item in a {
                arr.push(to_edit_value(item));
            }
            toml_edit::Value::Array(arr)
        }
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Table(_) => "".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of `defaults_table.rs` for the defaults `schema`.
    fn shipped_table(schema: &BTreeMap<String, toml::Value>) -> String {
        let mut out = String::from(
            "// Generated from `defaults.toml` by the test `the_shipped_table_is_defaults_toml` in\n\
             // `config/mod.rs`; regenerate with `AIPERTURE_BLESS=1 cargo test --lib shipped_table`.\n\n\
             /// Every key of the shipped defaults with its value, sorted by key.\n\
             #[allow(clippy::unreadable_literal)]\n\
             const SHIPPED: &[(&str, Shipped)] = &[\n",
        );
        for (key, value) in schema {
            let v = match value {
                toml::Value::Boolean(b) => format!("Shipped::Bool({b})"),
                toml::Value::Integer(i) => format!("Shipped::Int({i})"),
                toml::Value::Float(f) => format!("Shipped::Float({f:?})"),
                toml::Value::String(s) => format!("Shipped::Str({s:?})"),
                toml::Value::Array(items) => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|i| format!("{:?}", i.as_str().expect("arrays of strings only")))
                        .collect();
                    format!("Shipped::Strs(&[{}])", items.join(", "))
                }
                other => panic!("{key}: no static form for {other:?}"),
            };
            out.push_str(&format!("    ({key:?}, {v}),\n"));
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn the_shipped_table_is_defaults_toml() {
        let parsed = schema_by_toml(DEFAULTS_TOML).expect("defaults parse");
        let want = shipped_table(&parsed);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/config/defaults_table.rs");
        if std::env::var_os("AIPERTURE_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(&path, &want).expect("write defaults_table.rs");
        } else {
            let have = std::fs::read_to_string(&path).expect("read defaults_table.rs");
            assert!(
                have == want,
                "src/config/defaults_table.rs is out of date; run \
                 `AIPERTURE_BLESS=1 cargo test --lib shipped_table`"
            );
        }
        // What `schema` builds from the table is what the TOML parser reads.
        assert_eq!(schema().expect("schema"), parsed);
        let fast = parsed;
        // `load` skips compiling the shipped sensitive patterns: they must all compile.
        let Some(toml::Value::Array(patterns)) = fast.get("scope.sensitive_patterns") else {
            panic!("scope.sensitive_patterns is an array of the defaults");
        };
        for p in patterns {
            let p = p.as_str().expect("a string pattern");
            assert!(crate::glob::Glob::new(p).is_ok(), "{p:?}");
        }
    }

    #[test]
    fn every_key_of_the_defaults_is_classified_once_and_the_table_is_sorted() {
        let schema = schema().expect("schema");
        let classified: Vec<&str> = CLASSES.iter().map(|c| c.0).collect();
        let keys: Vec<&str> = schema.keys().map(String::as_str).collect();
        assert_eq!(classified, keys, "CLASSES must list exactly the keys of defaults.toml, sorted");
        for (key, class, why) in CLASSES {
            assert!(!why.is_empty(), "{key}: say why");
            assert_eq!(class_of(key), *class);
        }
        assert_eq!(class_of("no.such_key"), Class::Locked);
        for k in [
            "audit.forward_command",
            "mcp.human_decisions",
            "server.addr",
            "server.admin_key",
            "server.allow_plaintext",
            "server.tls_cert",
            "server.tls_key",
        ] {
            assert_eq!(class_of(k), Class::Locked, "{k} runs something or is a door");
        }
    }

    /// Load defaults + an untrusted store file `text`; returns the loaded config.
    fn untrusted(dir: &Path, text: &str) -> Loaded {
        let file = dir.join("config.toml");
        std::fs::write(&file, text).expect("write");
        load(&Sources { store_file: Some(file), ..Sources::default() }).expect("load")
    }

    #[test]
    fn an_untrusted_store_file_only_tightens() {
        let dir = tempfile::tempdir().expect("tmp");
        let loosening = [
            "[learning]\nmin_decisions = 1",
            "[learning]\nmin_decisions = 50",
            "[learning]\nenabled = false",
            "[learning]\nauto_approve_threshold = 0.5",
            "[learning]\nauto_deny_threshold = 0.01",
            "[learning]\npattern_max_age_days = 365",
            "[learning]\nrapid_approval_min_count = 50",
            "[learning]\nrapid_approval_window_seconds = 5",
            "[learning]\ndecay_half_life_days = 0",
            "[session]\nrate_limit_per_minute = 0",
            "[session]\nrate_limit_per_minute = 1000",
            "[session]\nrisk_budget = 0",
            "[session]\nrisk_budget = 500",
            "[challenge]\nttl = \"2h\"",
            "[hooks]\nask_at_risk = \"never\"",
            "[hooks]\nask_at_risk = \"critical\"",
            "[hooks]\nlock_timeout_ms = 60000",
            "[hooks]\nprompt_timeout = \"30m\"",
            "[journal]\ndurability = \"flush\"",
            "[audit]\nforward_command = \"touch pwned\"",
            "[audit]\nforward_timeout_ms = 60000",
            "[mcp]\nhuman_decisions = true",
            "[server]\naddr = \"0.0.0.0:80\"",
            "[server]\nworkers = 2",
            "[server]\nadmin_key = \"0123456789abcdef0123\"",
            "[intel]\nepsilon = 5.0",
            "[intel]\nmin_orgs = 2",
            "[intel]\nenabled = true",
            "[intel]\nlifetime_epsilon = 1000.0",
            "[intel]\npool = [\"0123456789abcdef0123456789abcdef\"]",
            "[scope]\nsensitive_patterns = [\"*.pem\"]",
        ];
        let defaults = Config::defaults().expect("defaults");
        let default_text = toml::to_string(&defaults).expect("ser");
        for text in loosening {
            let l = untrusted(dir.path(), text);
            let key = format!(
                "{}.{}",
                text.split(['[', ']']).nth(1).expect("section"),
                text.split('\n').nth(1).and_then(|l| l.split(" = ").next()).expect("key")
            );
            assert_eq!(l.config.untrusted_ignored, vec![key.clone()], "{text}");
            assert_eq!(l.ignored.len(), 1, "{text}");
            if key != "scope.sensitive_patterns" {
                assert_eq!(toml::to_string(&l.config).expect("ser"), default_text, "{text}");
            }
        }
        // Removing a sensitive pattern is ignored, but the ones the file adds apply.
        let l = untrusted(dir.path(), "[scope]\nsensitive_patterns = [\"*.pem\", \"*.tfstate\"]");
        let p = &l.config.scope.sensitive_patterns;
        assert!(p.contains(&"*.tfstate".to_string()) && p.contains(&"*secret*".to_string()));

        let tightening = [
            ("[learning]\nauto_approve_threshold = 0.99", "learning.auto_approve_threshold"),
            ("[learning]\nauto_deny_threshold = 0.2", "learning.auto_deny_threshold"),
            ("[learning]\nrapid_approval_min_count = 2", "learning.rapid_approval_min_count"),
            ("[learning]\nrapid_approval_window_seconds = 600", "x"),
            ("[decision]\ndefault = \"deny\"", "decision.default"),
            ("[session]\nrate_limit_per_minute = 20", "session.rate_limit_per_minute"),
            ("[session]\nrisk_budget = 5", "session.risk_budget"),
            ("[challenge]\nttl = \"30m\"", "challenge.ttl"),
            ("[hooks]\nask_at_risk = \"low\"\nprompt_timeout = \"1m\"", "hooks.ask_at_risk"),
            ("[journal]\nsegment_max_bytes = 8192", "journal.segment_max_bytes"),
            ("[hooks]\nlock_timeout_ms = 50", "hooks.lock_timeout_ms"),
            ("[intel]\nmin_orgs = 9\nepsilon = 0.5", "intel.min_orgs"),
            ("[[risk.rule]]\nprogram = \"terraform\"\ntier = \"high\"\nfactor = \"infra\"", "risk"),
        ];
        for (text, _) in tightening {
            let l = untrusted(dir.path(), text);
            assert!(l.ignored.is_empty(), "{text}: {:?}", l.ignored);
            assert!(l.entries.iter().any(|e| matches!(e.origin, Origin::Store(_))), "{text}");
        }
        // Every default sensitive pattern plus one more: tightening.
        let mut patterns = Config::defaults().expect("defaults").scope.sensitive_patterns;
        patterns.push("*.sops.yaml".into());
        let text = format!("[scope]\nsensitive_patterns = {patterns:?}");
        let l = untrusted(dir.path(), &text);
        assert!(l.ignored.is_empty(), "{text}: {:?}", l.ignored);
        assert!(l.config.scope.sensitive_patterns.contains(&"*.sops.yaml".to_string()));
        let l =
            untrusted(dir.path(), "[decision]\ndefault = \"deny\"\n[session]\nrisk_budget = 0\n");
        assert_eq!(l.config.decision.default, DefaultDecision::Deny);
        assert_eq!(l.config.untrusted_ignored, vec!["session.risk_budget".to_string()]);
    }

    #[test]
    fn a_trusted_store_file_applies_whole_and_the_user_layers_stay_authoritative() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "[learning]\nmin_decisions = 1\n").expect("write");
        let l = load(&Sources {
            store_file: Some(file.clone()),
            store_trust: StoreTrust::Trusted,
            ..Sources::default()
        })
        .expect("load");
        assert_eq!(l.config.learning.min_decisions, 1);
        assert!(l.ignored.is_empty());
        // The user config is the user's: it loosens freely, and the untrusted store file is
        // judged against it.
        let user = dir.path().join("user.toml");
        std::fs::write(&user, "[learning]\nmin_decisions = 1\n").expect("write");
        let l = load(&Sources {
            user_file: Some(user),
            store_file: Some(file),
            flags: vec!["session.rate_limit_per_minute=0".into()],
            ..Sources::default()
        })
        .expect("load");
        assert_eq!(l.config.learning.min_decisions, 1);
        assert_eq!(l.config.session.rate_limit_per_minute, 0);
        assert!(l.ignored.is_empty(), "{:?}", l.ignored);
    }

    #[test]
    fn out_of_range_values_are_errors_naming_file_and_key_in_every_layer() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("config.toml");
        let cases = [
            ("challenge", "ttl", "\"100000000d\""),
            ("challenge", "ttl", "\"31d\""),
            ("challenge", "ttl", "\"0s\""),
            ("challenge", "ttl", "\"99999999999999999999d\""),
            ("hooks", "prompt_timeout", "\"100000000d\""),
            ("hooks", "lock_timeout_ms", "0"),
            ("hooks", "lock_timeout_ms", "600001"),
            ("server", "decisions_per_minute", "0"),
            ("server", "workers", "0"),
            ("server", "workers", "257"),
            ("server", "max_body_bytes", "1"),
            ("server", "read_timeout_ms", "9223372036854775807"),
            ("audit", "forward_timeout_ms", "0"),
            ("journal", "segment_max_bytes", "10"),
            ("journal", "segment_max_bytes", "9223372036854775807"),
            ("session", "rate_limit_per_minute", "-1"),
            ("session", "rate_limit_per_minute", "4294967296"),
            ("session", "risk_budget", "-1"),
            ("session", "risk_budget", "1e300"),
            ("session", "risk_budget", "nan"),
            ("learning", "min_decisions", "0"),
            ("learning", "min_decisions", "4294967295"),
            ("learning", "auto_approve_threshold", "1.5"),
            ("learning", "auto_deny_threshold", "-0.1"),
            ("learning", "pattern_max_age_days", "4294967295"),
            ("learning", "rapid_approval_window_seconds", "0"),
            ("learning", "decay_half_life_days", "inf"),
            ("intel", "epsilon", "0"),
            ("intel", "min_orgs", "1"),
        ];
        for (section, leaf, value) in cases {
            let key = format!("{section}.{leaf}");
            std::fs::write(&file, format!("[{section}]\n{leaf} = {value}\n")).expect("write");
            for trust in [StoreTrust::Untrusted, StoreTrust::Trusted] {
                let e = load(&Sources {
                    store_file: Some(file.clone()),
                    store_trust: trust,
                    ..Sources::default()
                })
                .expect_err(&key)
                .to_string();
                assert!(e.contains(&format!("`{key}`")) || e.contains(leaf), "{key}: {e}");
                assert!(e.contains("config.toml"), "{key}: {e}");
            }
            let raw = value.trim_matches('"');
            let flag = load(&Sources { flags: vec![format!("{key}={raw}")], ..Sources::default() });
            assert!(flag.is_err(), "{key}={raw} as a flag");
        }
    }
}
