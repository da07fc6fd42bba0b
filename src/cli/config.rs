//! `aiperture config get|set|list`: read and change configuration.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{print_json, table, write_out};
use crate::engine::events::ConfigEvent;
use crate::error::Error;
use crate::store::config::{self as cfg, Entry, Origin, Sources};

/// Read and change configuration
///
/// Layers, lowest first: built-in defaults < user config ($XDG_CONFIG_HOME/aiperture/
/// config.toml) < the store's config.toml < AIPERTURE_* environment variables (e.g.
/// AIPERTURE_LEARNING_MIN_DECISIONS) < --config KEY=VALUE flags.
#[derive(clap::Subcommand, Debug)]
pub enum ConfigCommand {
    /// Print one value
    Get(GetArgs),
    /// Set a value in the store's config.toml (validated, journaled)
    Set(SetArgs),
    /// Print every key and its value
    List(ListArgs),
}

/// `config get`.
#[derive(clap::Args, Debug)]
pub struct GetArgs {
    /// Dotted key, e.g. learning.min_decisions
    pub key: String,
}

/// `config set`.
#[derive(clap::Args, Debug)]
pub struct SetArgs {
    /// Dotted key, e.g. learning.min_decisions
    pub key: String,
    /// New value (arrays as `["a","b"]` or `a,b`)
    #[arg(allow_hyphen_values = true)]
    pub value: String,
}

/// `config list`.
#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Show where each value comes from
    #[arg(long)]
    pub show_origin: bool,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    key: &'a str,
    value: serde_json::Value,
    origin: &'a Origin,
}

fn json_value(v: &toml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// A value as shown to users: credentials are redacted.
fn shown(key: &str, v: &toml::Value) -> toml::Value {
    match v {
        toml::Value::String(s) if cfg::is_secret_key(key) && !s.is_empty() => {
            toml::Value::String("<redacted>".into())
        }
        other => other.clone(),
    }
}

fn text_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Run `config …`.
pub fn run(ctx: &mut Ctx<'_>, cmd: &ConfigCommand) -> Result<Outcome, CliError> {
    match cmd {
        ConfigCommand::Get(a) => get(ctx, a),
        ConfigCommand::Set(a) => set(ctx, a),
        ConfigCommand::List(a) => list(ctx, a),
    }
}

/// A key named on the command line that does not exist: not found (exit 4), with the closest
/// known key as a hint.
fn unknown_key(key: &str) -> CliError {
    let schema = cfg::schema().unwrap_or_default();
    let e = CliError::from(Error::NotFound(format!("unknown configuration key `{key}`")));
    match cfg::suggest_key(&schema, key) {
        Some(s) => e.hint(format!("did you mean `{s}`?")),
        None => e.hint("`aiperture config list` shows every key and its value"),
    }
}

/// Fail with [`unknown_key`] unless `key` is a configuration key.
fn known(key: &str) -> Result<(), CliError> {
    if cfg::schema()?.contains_key(key) { Ok(()) } else { Err(unknown_key(key)) }
}

fn entry<'a>(loaded: &'a cfg::Loaded, key: &str) -> Result<&'a Entry, CliError> {
    loaded.get(key).ok_or_else(|| unknown_key(key))
}

fn get(ctx: &mut Ctx<'_>, a: &GetArgs) -> Result<Outcome, CliError> {
    known(&a.key)?;
    let store = ctx.store()?;
    let loaded = ctx.config(&store)?;
    let e = entry(&loaded, &a.key)?;
    if ctx.global.json {
        print_json(
            ctx.out,
            &EntryOut {
                key: &e.key,
                value: json_value(&shown(&e.key, &e.value)),
                origin: &e.origin,
            },
        )?;
    } else {
        write_out(ctx.out, format!("{}\n", text_value(&shown(&e.key, &e.value))).as_bytes())?;
    }
    Ok(Outcome::Success)
}

pub(crate) fn set(ctx: &mut Ctx<'_>, a: &SetArgs) -> Result<Outcome, CliError> {
    known(&a.key)?;
    let store = ctx.store()?;
    let file = store.config_file();
    let schema = cfg::schema()?;
    let value = cfg::parse_value(&schema, &a.key, &a.value, &Origin::Store(file.clone()))?;
    if cfg::is_secret_key(&a.key) {
        return Err(CliError::from(Error::Invalid(format!(
            "`{}` is a credential and the store's config.toml is committed; it is not written there",
            a.key
        )))
        .hint(format!(
            "set it in your user config ({}) or in the environment ({})",
            store.user_dirs().config_file.display(),
            cfg::env_name(&a.key)
        )));
    }
    let now = ctx.now()?;
    // Hold the store lock (through the engine) while validating and writing, so concurrent
    // `config set` calls cannot lose each other's changes.
    let loaded = ctx.config(&store)?;
    // A human changing a trusted file keeps it trusted; an untrusted (e.g. cloned) file stays
    // untrusted until reviewed and trusted with `policy trust`.
    let was_trusted = crate::store::trust::both_trusted(&store)?;
    let mut engine = ctx.engine_on(&store, loaded.config)?;
    let mut sources = Sources {
        user_file: Some(store.user_dirs().config_file.clone()),
        store_file: Some(file.clone()),
        env: Vec::new(),
        flags: vec![format!("{}={}", a.key, text_for_flag(&value))],
        store_trust: cfg::StoreTrust::Records(Box::new(store.clone())),
    };
    cfg::load(&sources)?;
    sources.flags.clear();
    cfg::write_key(&file, &a.key, &value)?;
    if was_trusted && !store.is_user_store() {
        crate::store::trust::trust_current(&store)?;
    }
    let after = cfg::load(&sources)?;
    engine.journal_config(
        &ConfigEvent {
            key: a.key.clone(),
            value: json_value(&value),
            file: file.display().to_string(),
        },
        now,
    )?;
    drop(engine);
    if after.ignored.iter().any(|i| i.key == a.key) {
        // A warning: shown under --quiet too.
        let _ = writeln!(
            ctx.err,
            "warning: {} is not trusted, so `{}` (which loosens a limit or runs something) is \
             ignored until you review the file and run `aiperture policy trust`",
            file.display(),
            a.key
        );
    }
    if ctx.global.json {
        print_json(
            ctx.out,
            &EntryOut { key: &a.key, value: json_value(&value), origin: &Origin::Store(file) },
        )?;
    } else {
        ctx.done(&format!("{} = {}\n", a.key, value))?;
    }
    Ok(Outcome::Success)
}

#[derive(Serialize)]
struct List<'a> {
    entries: Vec<EntryOut<'a>>,
    /// Settings of an untrusted store config.toml that do not apply.
    ignored: Vec<IgnoredOut<'a>>,
}

#[derive(Serialize)]
struct IgnoredOut<'a> {
    key: &'a str,
    value: serde_json::Value,
    origin: &'a Origin,
    reason: &'a str,
}

fn text_for_flag(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn list(ctx: &mut Ctx<'_>, a: &ListArgs) -> Result<Outcome, CliError> {
    let store = ctx.store()?;
    let loaded = ctx.config(&store)?;
    if ctx.global.json {
        let entries: Vec<EntryOut<'_>> = loaded
            .entries
            .iter()
            .map(|e| EntryOut {
                key: &e.key,
                value: json_value(&shown(&e.key, &e.value)),
                origin: &e.origin,
            })
            .collect();
        let ignored = loaded
            .ignored
            .iter()
            .map(|i| IgnoredOut {
                key: &i.key,
                value: json_value(&shown(&i.key, &i.value)),
                origin: &i.origin,
                reason: &i.reason,
            })
            .collect();
        print_json(ctx.out, &List { entries, ignored })?;
        return Ok(Outcome::Success);
    }
    let mut s = String::new();
    for e in &loaded.entries {
        if a.show_origin {
            s.push_str(&format!("{} = {}    # {}\n", e.key, shown(&e.key, &e.value), e.origin));
        } else {
            s.push_str(&format!("{} = {}\n", e.key, shown(&e.key, &e.value)));
        }
    }
    if a.show_origin {
        for i in &loaded.ignored {
            s.push_str(&format!(
                "# ignored until trusted: {} = {}    # {}: {}\n",
                i.key,
                shown(&i.key, &i.value),
                i.origin,
                i.reason
            ));
        }
    }
    let _ = table;
    write_out(ctx.out, s.as_bytes())?;
    Ok(Outcome::Success)
}
