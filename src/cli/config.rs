//! `aiperture config get|set|unset|list`: read and change configuration.
//!
//! Without `--user` a change goes to the store's `config.toml` under the store lock, keeps a
//! trusted file trusted, and is journaled; with `--user` it goes to the user config file
//! (which always applies, and is the place for credentials) and is journaled in the store in
//! use when there is one. `unset` and the `--user` commands read or edit one file without
//! loading the others, so a broken file can be repaired with them; every configuration error
//! names the file, the line and the key, and the command that removes it.

use serde::Serialize;

use super::Ctx;
use super::exit::{CliError, Outcome};
use super::output::{print_json, write_out};
use crate::config::{self as cfg, Entry, Origin, Sources};
use crate::engine::events::ConfigEvent;
use crate::error::{Error, IoContext};

/// Read and change configuration
///
/// Layers, lowest first: built-in defaults < user config ($XDG_CONFIG_HOME/aiperture/
/// config.toml) < the store's config.toml < AIPERTURE_* environment variables (e.g.
/// AIPERTURE_LEARNING_MIN_DECISIONS) < --config KEY=VALUE flags.
///
/// `--user` makes get, set, unset and list work on the user config file alone (get and list
/// then show only what that file sets). A configuration error names the file, the line and
/// the key; `aiperture config unset KEY` (with `--user` for the user file) removes a bad or
/// misspelt key even while the file keeps every other command from loading.
#[derive(clap::Subcommand, Debug)]
pub enum ConfigCommand {
    /// Print one value (with --user: as the user config file sets it)
    Get(GetArgs),
    /// Set a value in the store's config.toml, or with --user in the user config (validated,
    /// journaled)
    Set(SetArgs),
    /// Remove a key from the store's config.toml, or with --user from the user config
    /// (journaled); works on a file that does not load, and on keys that do not exist
    Unset(UnsetArgs),
    /// Print every key and its value (with --user: only what the user config file sets)
    List(ListArgs),
}

/// `config get`.
#[derive(clap::Args, Debug)]
pub struct GetArgs {
    /// Dotted key, e.g. learning.min_decisions
    pub key: String,
    /// Read the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) alone
    #[arg(long)]
    pub user: bool,
}

/// `config set`.
#[derive(clap::Args, Debug)]
pub struct SetArgs {
    /// Dotted key, e.g. learning.min_decisions
    pub key: String,
    /// New value (arrays as `["a","b"]` or `a,b`)
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// Write the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) instead of the
    /// store's config.toml; it applies to every store and may hold credentials
    #[arg(long)]
    pub user: bool,
}

/// `config unset`.
#[derive(clap::Args, Debug)]
pub struct UnsetArgs {
    /// Dotted key, e.g. learning.min_decisions (need not be a known key)
    pub key: String,
    /// Edit the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) instead of the
    /// store's config.toml
    #[arg(long)]
    pub user: bool,
}

/// `config list`.
#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Show where each value comes from
    #[arg(long)]
    pub show_origin: bool,
    /// List only what the user config file ($XDG_CONFIG_HOME/aiperture/config.toml) sets
    #[arg(long)]
    pub user: bool,
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
        ConfigCommand::Set(a) if a.user => set_user(ctx, a),
        ConfigCommand::Set(a) => set(ctx, a),
        ConfigCommand::Unset(a) => unset(ctx, a),
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
    if a.user {
        let file = ctx.user_dirs()?.config_file;
        let origin = Origin::User(file.clone());
        let set = cfg::read_file(&origin, &file)?;
        let Some((key, value)) = set.iter().find(|(k, _)| *k == a.key) else {
            return Err(CliError::from(Error::NotFound(format!(
                "`{}` is not set in {}",
                a.key,
                file.display()
            )))
            .hint(format!("`aiperture config get {}` shows the value in effect", a.key)));
        };
        return print_entry(ctx, key, value, &origin);
    }
    let store = ctx.store()?;
    let loaded = ctx.config(&store)?;
    let e = entry(&loaded, &a.key)?;
    print_entry(ctx, &e.key, &e.value, &e.origin)
}

fn print_entry(
    ctx: &mut Ctx<'_>,
    key: &str,
    value: &toml::Value,
    origin: &Origin,
) -> Result<Outcome, CliError> {
    if ctx.global.json {
        print_json(ctx.out, &EntryOut { key, value: json_value(&shown(key, value)), origin })?;
    } else {
        write_out(ctx.out, format!("{}\n", text_value(&shown(key, value))).as_bytes())?;
    }
    Ok(Outcome::Success)
}

/// The value as journaled: credentials never are.
fn journaled(key: &str, v: &toml::Value) -> serde_json::Value {
    json_value(&shown(key, v))
}

/// `config set --user`: validate the user file with the new value (defaults and that file
/// alone, so a broken store config does not stand in the way), write it, journal it in the
/// store in use when there is one.
fn set_user(ctx: &mut Ctx<'_>, a: &SetArgs) -> Result<Outcome, CliError> {
    set_user_with(ctx, &a.key, &|_| Ok(a.value.clone()))
}

/// The new value of a key as text, from the value the file being written sets now (`None`:
/// it sets none), for edits such as adding to a list.
pub(crate) type Edit<'a> = dyn Fn(Option<&toml::Value>) -> Result<String, CliError> + 'a;

/// `config set` (`user`: `--user`) with a value computed by `edit` from the file's current
/// one: for the store's file under the store lock, so concurrent edits do not lose each
/// other's changes.
pub(crate) fn set_with(
    ctx: &mut Ctx<'_>,
    key: &str,
    user: bool,
    edit: &Edit<'_>,
) -> Result<Outcome, CliError> {
    if user { set_user_with(ctx, key, edit) } else { set_store_with(ctx, key, edit) }
}

/// The value `file` sets for `key`, if any.
fn current(
    origin: &Origin,
    file: &std::path::Path,
    key: &str,
) -> crate::error::Result<Option<toml::Value>> {
    Ok(cfg::read_file(origin, file)?.into_iter().find(|(k, _)| k == key).map(|(_, v)| v))
}

fn set_user_with(ctx: &mut Ctx<'_>, key: &str, edit: &Edit<'_>) -> Result<Outcome, CliError> {
    known(key)?;
    let file = ctx.user_dirs()?.config_file;
    let origin = Origin::User(file.clone());
    let schema = cfg::schema()?;
    let text = edit(current(&origin, &file, key)?.as_ref())?;
    let value = cfg::parse_value(&schema, key, &text, &origin)?;
    cfg::load(&Sources {
        user_file: Some(file.clone()),
        flags: vec![format!("{}={}", key, text_for_flag(&value))],
        store_trust: cfg::StoreTrust::Trusted,
        ..Sources::default()
    })?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).at("create", dir)?;
    }
    cfg::write_key(&file, key, &value)?;
    journal_user_change(ctx, key, journaled(key, &value), &file)?;
    if ctx.global.json {
        print_json(ctx.out, &EntryOut { key, value: journaled(key, &value), origin: &origin })?;
    } else {
        ctx.done(&format!("{} = {}    # {}\n", key, shown(key, &value), file.display()))?;
    }
    Ok(Outcome::Success)
}

/// Journal a change of the user config file in the store in use, if there is one and its
/// configuration loads; say on stderr when it cannot be journaled.
fn journal_user_change(
    ctx: &mut Ctx<'_>,
    key: &str,
    value: serde_json::Value,
    file: &std::path::Path,
) -> Result<(), CliError> {
    let store = match ctx.store() {
        Ok(s) => s,
        Err(Error::NoStore { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let now = ctx.now()?;
    let ev = ConfigEvent { key: key.to_string(), value, file: file.display().to_string() };
    match ctx.config(&store) {
        Ok(loaded) => {
            let mut engine = ctx.engine_on(&store, loaded.config)?;
            engine.journal_config(&ev, now)?;
        }
        Err(e) => {
            let _ = writeln!(
                ctx.err,
                "warning: the change is not journaled in {}: its configuration does not load: {e}",
                store.root().display()
            );
        }
    }
    Ok(())
}

/// `config unset`: remove a key from one file without loading the configuration first (the
/// file may be what keeps it from loading), then check what is left.
fn unset(ctx: &mut Ctx<'_>, a: &UnsetArgs) -> Result<Outcome, CliError> {
    let not_set = |file: &std::path::Path| {
        CliError::from(Error::NotFound(format!("`{}` is not set in {}", a.key, file.display())))
    };
    if a.user {
        let file = ctx.user_dirs()?.config_file;
        if !cfg::unset_key(&file, &a.key)? {
            return Err(not_set(&file));
        }
        journal_user_change(ctx, &a.key, serde_json::Value::Null, &file)?;
        ctx.done(&format!("removed {} from {}\n", a.key, file.display()))?;
        return Ok(Outcome::Success);
    }
    let store = ctx.store()?;
    let file = store.config_file();
    let removed = {
        let _lock = ctx.lock_store(&store)?;
        let was_trusted = crate::store::trust::both_trusted(&store)?;
        let removed = cfg::unset_key(&file, &a.key)?;
        if removed && was_trusted && !store.is_user_store() {
            crate::store::trust::trust_current(&store)?;
        }
        removed
    };
    if !removed {
        return Err(not_set(&file));
    }
    let done = format!("removed {} from {}", a.key, file.display());
    let loaded = ctx.config(&store).map_err(|e| {
        CliError::from(e).hint(format!("{done}; the configuration still does not load"))
    })?;
    let now = ctx.now()?;
    let mut engine = ctx.engine_on(&store, loaded.config)?;
    engine.journal_config(
        &ConfigEvent {
            key: a.key.clone(),
            value: serde_json::Value::Null,
            file: file.display().to_string(),
        },
        now,
    )?;
    drop(engine);
    ctx.done(&format!("{done}\n"))?;
    Ok(Outcome::Success)
}

pub(crate) fn set(ctx: &mut Ctx<'_>, a: &SetArgs) -> Result<Outcome, CliError> {
    set_store_with(ctx, &a.key, &|_| Ok(a.value.clone()))
}

fn set_store_with(ctx: &mut Ctx<'_>, key: &str, edit: &Edit<'_>) -> Result<Outcome, CliError> {
    known(key)?;
    let store = ctx.store()?;
    let file = store.config_file();
    if cfg::is_secret_key(key) {
        return Err(CliError::from(Error::Invalid(format!(
            "`{key}` is a credential and the store's config.toml is committed; it is not written there"
        )))
        .hint(format!(
            "set it in your user config with `aiperture config set --user {} …` ({}), or in the \
             environment ({})",
            key,
            store.user_dirs().config_file.display(),
            cfg::env_name(key)
        )));
    }
    // Under the store lock, so concurrent `config set` calls cannot lose each other's
    // changes; a human changing a trusted file keeps it trusted, an untrusted (e.g. cloned)
    // file stays untrusted until reviewed and trusted with `policy trust`.
    let changed = crate::ops::settings::set_store(&mut ctx.door_on(store)?, &[(key, edit)])?;
    let Some(done) = changed.into_iter().next() else {
        return Err(Error::Invalid(format!("`{key}` was not changed")).into());
    };
    let value = done.value;
    if done.ignored {
        // A warning: shown under --quiet too.
        let _ = writeln!(
            ctx.err,
            "warning: {} is not trusted, so `{}` (which loosens a limit or runs something) is \
             ignored until you review the file and run `aiperture policy trust`",
            file.display(),
            key
        );
    }
    if ctx.global.json {
        print_json(
            ctx.out,
            &EntryOut { key, value: json_value(&value), origin: &Origin::Store(file) },
        )?;
    } else {
        ctx.done(&format!("{key} = {value}\n"))?;
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
    let (entries, ignored) = if a.user {
        let file = ctx.user_dirs()?.config_file;
        let origin = Origin::User(file.clone());
        let entries = cfg::read_file(&origin, &file)?
            .into_iter()
            .map(|(key, value)| Entry { key, value, origin: origin.clone() })
            .collect();
        (entries, Vec::new())
    } else {
        let store = ctx.store()?;
        let loaded = ctx.config(&store)?;
        (loaded.entries, loaded.ignored)
    };
    if ctx.global.json {
        let entries: Vec<EntryOut<'_>> = entries
            .iter()
            .map(|e| EntryOut {
                key: &e.key,
                value: json_value(&shown(&e.key, &e.value)),
                origin: &e.origin,
            })
            .collect();
        let ignored = ignored
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
    for e in &entries {
        if a.show_origin {
            s.push_str(&format!("{} = {}    # {}\n", e.key, shown(&e.key, &e.value), e.origin));
        } else {
            s.push_str(&format!("{} = {}\n", e.key, shown(&e.key, &e.value)));
        }
    }
    if a.show_origin {
        for i in &ignored {
            s.push_str(&format!(
                "# ignored until trusted: {} = {}    # {}: {}\n",
                i.key,
                shown(&i.key, &i.value),
                i.origin,
                i.reason
            ));
        }
    }
    write_out(ctx.out, s.as_bytes())?;
    Ok(Outcome::Success)
}
