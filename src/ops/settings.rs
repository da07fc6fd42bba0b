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

/// A setting changed by [`patch`], with the `seq` of its `config` event.
#[derive(Debug, Clone)]
pub struct Changed {
    /// Dotted key.
    pub key: String,
    /// The new value.
    pub value: toml::Value,
    /// Journal `seq` of the change.
    pub seq: u64,
}

/// Set each `(key, text)` of `changes` in the store's `config.toml` (the text as `config set`
/// takes it), all or nothing: every value is checked, and the resulting configuration
/// loaded, before the first is written. A trusted store file stays trusted (the caller is a
/// human with the admin key). Each change is journaled.
pub fn patch<A: Access>(a: &mut A, changes: &[(String, String)]) -> Result<Vec<Changed>> {
    if changes.is_empty() {
        return Err(Error::Invalid("`settings` is empty: nothing to change".into()));
    }
    let store = a.store().clone();
    let file = store.config_file();
    let schema = cfg::schema()?;
    let mut parsed = Vec::new();
    for (key, raw) in changes {
        if key.starts_with("server.") {
            return Err(Error::Invalid(format!(
                "`{key}` cannot be changed over HTTP: server settings are read at start; edit the \
                 configuration and restart `aiperture serve`"
            )));
        }
        parsed.push((
            key.clone(),
            cfg::parse_value(&schema, key, raw, &Origin::Store(file.clone()))?,
        ));
    }
    let user_file = a.user_config_file();
    let now = a.now()?;
    let seqs = a.with_engine(now, |engine| {
        let text = |v: &toml::Value| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut sources = Sources {
            user_file,
            store_file: Some(file.clone()),
            env: Vec::new(),
            flags: parsed.iter().map(|(k, v)| format!("{k}={}", text(v))).collect(),
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
        cfg::load(&sources)?;
        let mut seqs = Vec::new();
        for (k, v) in &parsed {
            let value = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
            seqs.push(engine.journal_config(
                &ConfigEvent { key: k.clone(), value, file: file.display().to_string() },
                now,
            )?);
        }
        Ok(seqs)
    })?;
    Ok(parsed
        .into_iter()
        .zip(seqs)
        .map(|((key, value), seq)| Changed { key, value, seq })
        .collect())
}
