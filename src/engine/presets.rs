//! Reviewed policy presets for `aiperture bootstrap`: the files in `examples/presets/`,
//! compiled in.
//!
//! A preset is plain policy TOML. Bootstrapping appends it to the store's `policy.toml` under
//! a marker line (so it is applied once and stays visible and editable), checks that the
//! result still parses, and trusts the new content; the caller journals a `preset` event.

use crate::error::{Error, Result};

/// The presets: name, one-line summary, policy text.
pub const PRESETS: &[(&str, &str, &str)] = &[
    (
        "developer",
        "routine reads, builds and tests run without asking; publishing and force pushes are \
         denied, and so are secret files (`*.env`, `*id_rsa*`, `*.pem`) to the file tools and to \
         the shell's file printers",
        include_str!("../../examples/presets/developer.toml"),
    ),
    (
        "readonly",
        "the agent may read files (never secrets); every command, write and delete asks",
        include_str!("../../examples/presets/readonly.toml"),
    ),
    (
        "minimal",
        "only the denials everyone wants; everything else is learned from your answers",
        include_str!("../../examples/presets/minimal.toml"),
    ),
];

/// The marker line that precedes a preset in `policy.toml`.
pub fn marker(name: &str) -> String {
    format!("# --- aiperture preset `{name}` (added by `aiperture bootstrap {name}`) ---")
}

/// The policy text after appending preset `name` to `current`.
pub fn apply(current: &str, name: &str) -> Result<String> {
    let Some((_, _, text)) = PRESETS.iter().find(|(n, _, _)| *n == name) else {
        let names: Vec<&str> = PRESETS.iter().map(|(n, _, _)| *n).collect();
        return Err(Error::Invalid(format!(
            "no preset {name:?}; the presets are {}",
            names.join(", ")
        )));
    };
    let marker = marker(name);
    if current.contains(&marker) {
        return Err(Error::Invalid(format!(
            "preset {name} is already in this policy (look for the line {marker:?})"
        )));
    }
    let mut out = current.trim_end().to_string();
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(&marker);
    out.push('\n');
    out.push_str(text);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_lints_clean() {
        for (name, _, text) in PRESETS {
            let rules = crate::engine::policy::parse(text, std::path::Path::new(name)).unwrap();
            assert!(!rules.is_empty(), "{name}");
            let p = crate::engine::policy::Policy {
                path: (*name).into(),
                sha256: String::new(),
                rules,
                trusted: true,
            };
            assert_eq!(p.lint(), Vec::new(), "{name}");
        }
    }

    #[test]
    fn a_preset_is_applied_once() {
        let once = apply("# mine\n", "minimal").unwrap();
        assert!(once.starts_with("# mine\n\n# --- aiperture preset `minimal`"));
        assert!(apply(&once, "minimal").unwrap_err().to_string().contains("already"));
        assert!(
            apply("", "nope").unwrap_err().to_string().contains("developer, readonly, minimal")
        );
    }
}
