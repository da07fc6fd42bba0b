//! Layered configuration.
//!
//! Layers, lowest first: the built-in `defaults.toml` (compiled in, read by the same parser) <
//! the user config (`$XDG_CONFIG_HOME/aiperture/config.toml`) < the store's `config.toml` <
//! `AIPERTURE_*` environment variables < `--config KEY=VALUE` flags. The defaults file defines
//! the schema: a key missing from it is an error naming the file and the key, and a value must
//! have the default's type (an integer is accepted where a float is expected). Every value
//! remembers which layer set it, for `config list --show-origin` and for error messages. The
//! merged values are checked as a whole (thresholds ordered, counts positive) before use.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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
    /// The budget in tenths of a point (see [`Tier::budget_points`]).
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
    /// Worker threads.
    pub workers: u32,
    /// Request body limit.
    pub max_body_bytes: u64,
    /// Client silence limit and body deadline.
    pub read_timeout_ms: u64,
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
}

/// Whether a key holds a credential (`server.api_key`, `server.admin_key`): never written to
/// the committed store config by `config set`, never shown in listings.
pub fn is_secret_key(key: &str) -> bool {
    key.ends_with("_key")
}

/// The environment variable that sets a key: `learning.min_decisions` →
/// `AIPERTURE_LEARNING_MIN_DECISIONS`.
pub fn env_name(key: &str) -> String {
    format!("AIPERTURE_{}", key.to_ascii_uppercase().replace('.', "_"))
}

/// Schema: every dotted key of the defaults with its default value.
pub fn schema() -> Result<BTreeMap<String, toml::Value>> {
    let table: toml::Table = DEFAULTS_TOML.parse().map_err(|e: toml::de::Error| Error::Config {
        origin: "built-in defaults".into(),
        message: e.to_string(),
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

    for (file, origin) in [
        (src.user_file.as_ref(), src.user_file.clone().map(Origin::User)),
        (src.store_file.as_ref(), src.store_file.clone().map(Origin::Store)),
    ] {
        let (Some(file), Some(origin)) = (file, origin) else { continue };
        let Some(bytes) = crate::store::fsutil::read_optional(file)? else { continue };
        let text = String::from_utf8(bytes).map_err(|_| Error::Config {
            origin: origin.to_string(),
            message: "not valid UTF-8".into(),
        })?;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| Error::Config {
            origin: origin.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let mut flat = BTreeMap::new();
        flatten("", &toml::Value::Table(table), &mut flat);
        for (key, value) in flat {
            // An empty section flattens to itself: fine when it is a known section.
            if value.as_table().is_some_and(toml::Table::is_empty)
                && schema.keys().any(|k| k.starts_with(&format!("{key}.")))
            {
                continue;
            }
            let value = check_value(&schema, &key, value, &origin)?;
            merged.insert(key, (value, origin.clone()));
        }
    }

    for key in schema.keys() {
        let name = env_name(key);
        if let Some((_, raw)) = src.env.iter().find(|(n, _)| *n == name) {
            let origin = Origin::Env(name.clone());
            let value = parse_value(&schema, key, raw, &origin)?;
            merged.insert(key.clone(), (value, origin));
        }
    }

    for flag in &src.flags {
        let Some((key, raw)) = flag.split_once('=') else {
            return Err(Error::Config {
                origin: Origin::Flag.to_string(),
                message: format!("expected KEY=VALUE, got {flag:?}"),
            });
        };
        let key = key.trim();
        let value = parse_value(&schema, key, raw.trim(), &Origin::Flag)?;
        merged.insert(key.to_string(), (value, Origin::Flag));
    }

    let config = build(&merged)?;
    let entries =
        merged.into_iter().map(|(key, (value, origin))| Entry { key, value, origin }).collect();
    Ok(Loaded { config, entries })
}

fn build(merged: &BTreeMap<String, (toml::Value, Origin)>) -> Result<Config> {
    let mut root = toml::Table::new();
    for (key, (value, _)) in merged {
        insert_dotted(&mut root, key, value.clone());
    }
    let origin_of = |key: &str| {
        merged.get(key).map_or_else(|| Origin::Default.to_string(), |(_, o)| o.to_string())
    };
    let config: Config = toml::Value::Table(root).try_into().map_err(|e: toml::de::Error| {
        Error::Config { origin: "configuration".into(), message: e.message().to_string() }
    })?;
    validate(&config, &origin_of)?;
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

fn validate(c: &Config, origin_of: &dyn Fn(&str) -> String) -> Result<()> {
    let err = |key: &str, message: String| Error::Config { origin: origin_of(key), message };
    let l = &c.learning;
    for (key, v) in [
        ("learning.auto_approve_threshold", l.auto_approve_threshold),
        ("learning.auto_deny_threshold", l.auto_deny_threshold),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(err(key, format!("`{key}` must be between 0 and 1, got {v}")));
        }
    }
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
    for (key, v) in [
        ("learning.min_decisions", l.min_decisions),
        ("learning.pattern_max_age_days", l.pattern_max_age_days),
        ("learning.rapid_approval_min_count", l.rapid_approval_min_count),
    ] {
        if v < 1 {
            return Err(err(key, format!("`{key}` must be at least 1, got {v}")));
        }
    }
    let h = c.learning.decay_half_life_days;
    if !h.is_finite() || h < 0.0 {
        return Err(err(
            "learning.decay_half_life_days",
            format!("`learning.decay_half_life_days` must be 0 or more, got {h}"),
        ));
    }
    if !c.session.risk_budget.is_finite() || c.session.risk_budget < 0.0 {
        return Err(err(
            "session.risk_budget",
            format!("`session.risk_budget` must be 0 or more, got {}", c.session.risk_budget),
        ));
    }
    match crate::clock::parse_duration(&c.challenge.ttl) {
        Some(d) if d > chrono::Duration::zero() => {}
        _ => {
            return Err(err(
                "challenge.ttl",
                format!(
                    "`challenge.ttl` must be a positive duration such as \"90s\", \"15m\", \
                     \"1h\" or \"7d\", got {:?}",
                    c.challenge.ttl
                ),
            ));
        }
    }
    if c.audit.forward_timeout_ms == 0 || c.audit.forward_timeout_ms > 60_000 {
        return Err(err(
            "audit.forward_timeout_ms",
            format!(
                "`audit.forward_timeout_ms` must be between 1 and 60000, got {}",
                c.audit.forward_timeout_ms
            ),
        ));
    }
    match crate::clock::parse_duration(&c.hooks.prompt_timeout) {
        Some(d) if d > chrono::Duration::zero() && d < c.challenge_ttl() => {}
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
    let (lo, hi) = crate::intel::Mechanism::RANGE;
    if !(lo..=hi).contains(&c.intel.epsilon) {
        return Err(err(
            "intel.epsilon",
            format!("`intel.epsilon` must be between {lo} and {hi}, got {}", c.intel.epsilon),
        ));
    }
    if c.intel.min_orgs < 2 {
        return Err(err(
            "intel.min_orgs",
            format!("`intel.min_orgs` must be at least 2, got {}", c.intel.min_orgs),
        ));
    }
    if !(1..=600_000).contains(&c.hooks.lock_timeout_ms) {
        return Err(err(
            "hooks.lock_timeout_ms",
            format!(
                "`hooks.lock_timeout_ms` must be between 1 and 600000, got {}",
                c.hooks.lock_timeout_ms
            ),
        ));
    }
    if c.journal.segment_max_bytes < 4096 {
        return Err(err(
            "journal.segment_max_bytes",
            format!(
                "`journal.segment_max_bytes` must be at least 4096, got {}",
                c.journal.segment_max_bytes
            ),
        ));
    }
    let s = &c.server;
    if !(1..=256).contains(&s.workers) {
        return Err(err(
            "server.workers",
            format!("`server.workers` must be between 1 and 256, got {}", s.workers),
        ));
    }
    if !(1024..=64 * 1024 * 1024).contains(&s.max_body_bytes) {
        return Err(err(
            "server.max_body_bytes",
            format!(
                "`server.max_body_bytes` must be between 1024 and 67108864 (64 MiB), got {}",
                s.max_body_bytes
            ),
        ));
    }
    if !(1000..=600_000).contains(&s.read_timeout_ms) {
        return Err(err(
            "server.read_timeout_ms",
            format!(
                "`server.read_timeout_ms` must be between 1000 and 600000, got {}",
                s.read_timeout_ms
            ),
        ));
    }
    for p in &c.scope.sensitive_patterns {
        if let Err(e) = crate::scope::glob::Glob::new(p) {
            return Err(err(
                "scope.sensitive_patterns",
                format!("`scope.sensitive_patterns`: bad glob {p:?}: {e}"),
            ));
        }
    }
    Ok(())
}

fn unknown_key(schema: &BTreeMap<String, toml::Value>, key: &str, origin: &Origin) -> Error {
    let suggestion = schema
        .keys()
        .map(|k| (edit_distance(k, key), k))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, k)| k.clone())
        .or_else(|| {
            // A bare leaf name such as `min_decisions` is a common slip.
            schema.keys().find(|k| k.rsplit('.').next() == Some(key)).cloned()
        });
    Error::UnknownConfigKey { origin: origin.to_string(), key: key.to_string(), suggestion }
}

fn check_value(
    schema: &BTreeMap<String, toml::Value>,
    key: &str,
    value: toml::Value,
    origin: &Origin,
) -> Result<toml::Value> {
    let Some(default) = schema.get(key) else { return Err(unknown_key(schema, key, origin)) };
    let mismatch = |v: &toml::Value| Error::Config {
        origin: origin.to_string(),
        message: format!("`{key}` must be {}, got {}", type_name(default), type_name(v)),
    };
    match (default, value) {
        (toml::Value::Float(_), toml::Value::Integer(i)) => Ok(toml::Value::Float(i as f64)),
        (toml::Value::Array(_), toml::Value::Array(items)) if key == "risk.rule" => {
            let v = toml::Value::Array(items);
            v.clone().try_into::<Vec<crate::risk::CustomRule>>().map_err(
                |e: toml::de::Error| Error::Config {
                    origin: origin.to_string(),
                    message: format!("`risk.rule`: {}", e.message()),
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
        })?,
        None => String::new(),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::Config { origin: path.display().to_string(), message: e.to_string() }
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
