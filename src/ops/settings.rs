//! The configuration in force, and changing store settings from a server (all or nothing).
//!
//! Secrets (keys whose name ends in `_key`) are never shown: a listing says `<redacted>` for
//! a set one and an empty string for an unset one. Server settings cannot be changed over a
//! server (they are read at its start).

use crate::config::{self as cfg, Origin, Sources};
use crate::engine::events::ConfigEvent;
use crate::error::{Error, Result};

use super::Access;

/// One setting as listed.
#[derive(Debug, Clone)]
pub struct Setting {
    /// Dotted key.
    pub key: String,
    /// Its value (a secret's replaced, see the module doc).
    pub value: toml::Value,
    /// Where it came from (the defaults, a file, an environment variable, a flag).
    pub origin: Origin,
}

/// Every setting in force, sorted by key.
pub fn list<A: Access>(a: &mut A) -> Result<Vec<Setting>> {
    let loaded = a.loaded()?;
    Ok(loaded
        .entries
        .iter()
        .map(|e| {
            let value = match &e.value {
                toml::Value::String(v) if cfg::is_secret_key(&e.key) => {
                    toml::Value::String(if v.is_empty() { "" } else { "<redacted>" }.into())
                }
                other => other.clone(),
            };
            Setting { key: e.key.clone(), value, origin: e.origin.clone() }
        })
        .collect())
}

/// A setting changed by [`set_store`], with the `seq` of its `config` event.
#[derive(Debug, Clone)]
pub struct Changed {
    /// Dotted key.
    pub key: String,
    /// The new value.
    pub value: toml::Value,
    /// Journal `seq` of the change.
    pub seq: u64,
    /// The store's file is not trusted, so this value (which loosens a limit or runs
    /// something) does not apply until a human reviews and trusts the file.
    pub ignored: bool,
}

/// How a change computes the text of its new value (as `config set` takes it) from the
/// value the file has now; its error type is the caller's.
pub type Edit<'a, E> = dyn Fn(Option<&toml::Value>) -> std::result::Result<String, E> + 'a;

/// Set each `(key, edit)` of `changes` in the store's `config.toml`, all or nothing, under the
/// store lock (so concurrent changes cannot lose each other's): every new value is computed
/// from the file's current one, checked, and the resulting configuration loaded, before the
/// first is written. A trusted store file stays trusted (the caller is a human); an untrusted
/// one stays untrusted. Each change is journaled.
pub fn set_store<A: Access, E: From<Error>>(
    a: &mut A,
    changes: &[(&str, &Edit<'_, E>)],
) -> std::result::Result<Vec<Changed>, E> {
    if changes.is_empty() {
        return Err(Error::Invalid("`settings` is empty: nothing to change".into()).into());
    }
    let store = a.store().clone();
    let file = store.config_file();
    let origin = Origin::Store(file.clone());
    let schema = cfg::schema()?;
    let user_file = a.user_config_file();
    let now = a.now()?;
    a.with_engine(now, |engine| {
        let current = cfg::read_file(&origin, &file)?;
        let mut parsed = Vec::new();
        for (key, edit) in changes {
            let now_set = current.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            let text = match edit(now_set) {
                Ok(t) => t,
                Err(e) => return Ok(Err(e)),
            };
            parsed.push((key.to_string(), cfg::parse_value(&schema, key, &text, &origin)?));
        }
        let flag = |v: &toml::Value| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut sources = Sources {
            user_file,
            store_file: Some(file.clone()),
            env: Vec::new(),
            flags: parsed.iter().map(|(k, v)| format!("{k}={}", flag(v))).collect(),
            store_trust: cfg::StoreTrust::Records(Box::new(store.clone())),
        };
        cfg::load(&sources)?;
        sources.flags.clear();
        let was_trusted = crate::store::trust::both_trusted(&store)?;
        for (k, v) in &parsed {
            cfg::write_key(&file, k, v)?;
        }
        if was_trusted && !store.is_user_store() {
            crate::store::trust::trust_current(&store)?;
        }
        let after = cfg::load(&sources)?;
        let mut done = Vec::new();
        for (key, value) in parsed {
            let json = serde_json::to_value(&value).unwrap_or(serde_json::Value::Null);
            let seq = engine.journal_config(
                &ConfigEvent { key: key.clone(), value: json, file: file.display().to_string() },
                now,
            )?;
            let ignored = after.ignored.iter().any(|i| i.key == key);
            done.push(Changed { key, value, seq, ignored });
        }
        Ok(Ok(done))
    })?
}

/// `PATCH /config`: set each `(key, text)` as [`set_store`] does; server settings are refused
/// (a server reads them at its start).
pub fn patch<A: Access>(a: &mut A, changes: &[(String, String)]) -> Result<Vec<Changed>> {
    if let Some((key, _)) = changes.iter().find(|(k, _)| k.starts_with("server.")) {
        return Err(Error::Invalid(format!(
            "`{key}` cannot be changed over HTTP: server settings are read at start; edit the \
             configuration and restart `aiperture serve`"
        )));
    }
    // One closure expression: every edit has the same type, so they sit in one Vec.
    let edits: Vec<_> = changes
        .iter()
        .map(|(_, text)| move |_: Option<&toml::Value>| Ok::<_, Error>(text.clone()))
        .collect();
    let pairs: Vec<(&str, &Edit<'_, Error>)> =
        changes.iter().zip(&edits).map(|((k, _), e)| (k.as_str(), e as &Edit<'_, Error>)).collect();
    set_store(a, &pairs)
}
