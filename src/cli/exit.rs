//! Exit codes and error rendering: the CLI's contract with scripts and hooks.
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success; `check`: allow; `verify-chain`: intact |
//! | 1 | a negative answer that is not an error: `check` deny, `verify-chain` integrity failure, `policy check` findings, a refused human decision, `doctor` problems, an `intel export` past the lifetime privacy budget |
//! | 2 | error or usage error (errors never exit 0, so a failed check fails closed) |
//! | 3 | `check`: ask (a human must decide) |
//! | 4 | not found: the challenge, grant, artifact, event or configuration key named on the command line does not exist |
//!
//! Errors print as `error: …`, then one `caused by: …` line per source, then `hint: …` lines.
//! With `--json` they print on standard error as one line of JSON instead:
//! `{"format":1,"error":{"code":"no_store","message":…,"caused_by":[…],"hints":[…],"exit":2}}`
//! (`code` is stable: [`Error::code`]). Usage errors found while parsing the command line stay
//! clap's text.

use std::io::Write;

use crate::error::{ConfigSpot, Error};

/// Success, or `check` allowed.
pub const SUCCESS: u8 = 0;
/// A negative answer (deny, integrity failure, findings, refusal).
pub const NEGATIVE: u8 = 1;
/// An error.
pub const ERROR: u8 = 2;
/// `check`: ask.
pub const ASK: u8 = 3;
/// Not found: what the command line names (a challenge, grant, artifact, journal event or
/// configuration key) does not exist. One code for every command, so a script can tell
/// "already gone" from a failure.
pub const NOT_FOUND: u8 = 4;

/// What a command ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1.
    Negative,
    /// Exit 3.
    Ask,
    /// An agent hook's own exit status (its agent's contract, not this table).
    Hook(u8),
}

impl Outcome {
    /// The exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => SUCCESS,
            Outcome::Negative => NEGATIVE,
            Outcome::Ask => ASK,
            Outcome::Hook(code) => code,
        }
    }
}

/// A failed command: the error, its exit code and hints.
#[derive(Debug)]
pub struct CliError {
    /// The error.
    pub error: Error,
    /// Exit code (2 for errors, 1 for refusals, 4 when what was named does not exist).
    pub code: u8,
    /// Hints printed after the error.
    pub hints: Vec<String>,
}

impl CliError {
    /// Add a hint.
    #[must_use]
    pub fn hint(mut self, h: impl Into<String>) -> CliError {
        self.hints.push(h.into());
        self
    }

    /// Print to `err`.
    pub fn render(&self, err: &mut dyn Write) {
        let _ = writeln!(err, "error: {}", self.error);
        let mut source = std::error::Error::source(&self.error);
        while let Some(s) = source {
            let _ = writeln!(err, "  caused by: {s}");
            source = s.source();
        }
        for h in &self.hints {
            let _ = writeln!(err, "hint: {h}");
        }
    }
}

impl CliError {
    /// Print to `err` as one line of JSON (for `--json`).
    pub fn render_json(&self, err: &mut dyn Write) {
        let mut caused_by = Vec::new();
        let mut source = std::error::Error::source(&self.error);
        while let Some(s) = source {
            caused_by.push(s.to_string());
            source = s.source();
        }
        let v = serde_json::json!({
            "format": super::output::JSON_FORMAT,
            "error": {
                "code": self.error.code(),
                "message": self.error.to_string(),
                "caused_by": caused_by,
                "hints": self.hints,
                "exit": self.code,
            },
        });
        let _ = writeln!(err, "{v}");
    }
}

/// How to fix a configuration error: where it is and the command that removes it. Never
/// "run `config list`", which fails on the same error.
fn config_fix(spot: Option<&ConfigSpot>, origin: &str) -> Option<String> {
    let Some(spot) = spot else {
        if let Some(var) = origin.strip_prefix("environment variable ") {
            return Some(format!("unset {var} or give it a valid value"));
        }
        if origin == crate::config::Origin::Flag.to_string() {
            return Some(
                "`aiperture config list` (without that --config) shows every key and its value"
                    .into(),
            );
        }
        return None;
    };
    let file = spot.file.display();
    let at = spot.line.map(|l| format!(" (line {l})")).unwrap_or_default();
    let user = if spot.user { " --user" } else { "" };
    Some(match &spot.key {
        Some(key) => format!(
            "fix `{key}` in {file}{at}, or remove it with `aiperture config unset{user} {key}`"
        ),
        None => format!(
            "edit {file}{at} to fix the syntax (or move the file aside: its layer then sets \
             nothing)"
        ),
    })
}

impl From<Error> for CliError {
    fn from(error: Error) -> CliError {
        let mut hints = Vec::new();
        let code = match &error {
            Error::NotFound(_)
            | Error::ChallengeRefused { reason: crate::error::Refusal::Unknown, .. } => NOT_FOUND,
            Error::ChallengeRefused { .. } | Error::PrivacyBudget(_) => NEGATIVE,
            _ => ERROR,
        };
        match &error {
            Error::PrivacyBudget(_) => {
                hints.push(
                    "answers already drawn are repeated for free: export again with the ε of \
                     earlier exports; `aiperture intel show` prints the ledger; raising \
                     intel.lifetime_epsilon spends more of your organisation's privacy"
                        .into(),
                );
            }
            Error::NoStore { .. } => {
                hints.push(
                    "create one with `aiperture init`, or drop --store/AIPERTURE_STORE \
                            to use the nearest .aiperture/ or the user store"
                        .into(),
                );
            }
            Error::StoreGone { witness, .. } => {
                hints.push(format!(
                    "restore the store from a backup; or, to accept the loss, delete the witness \
                     file {} (or start a new store here with `aiperture init`)",
                    witness.display()
                ));
            }
            Error::StoreExists { .. } => {
                hints.push("`aiperture where` shows the store in use".into());
            }
            Error::UnknownConfigKey { suggestion, spot, origin, .. } => {
                if let Some(s) = suggestion {
                    hints.push(format!("did you mean `{s}`?"));
                }
                hints.extend(config_fix(spot.as_deref(), origin));
            }
            Error::Config { spot, origin, .. } => hints.extend(config_fix(spot.as_deref(), origin)),
            Error::Policy { .. } => {
                hints.push("`aiperture policy check` lints the policy file".into());
            }
            Error::SecretMissing { .. } => {
                hints.push(
                    "restore the secret from a backup; without it the journal's HEAD \
                            cannot be verified"
                        .into(),
                );
            }
            Error::Journal { .. } => {
                hints.push("run `aiperture verify-chain` for the full report".into());
            }
            Error::LockBusy { .. } => {
                hints.push("drop --no-wait to wait for the other process".into());
            }
            Error::ChallengeRefused { reason: crate::error::Refusal::Final, .. } => {
                hints.push(
                    "self-protection cannot be overridden; a policy deny rule changes only by \
                     editing policy.toml"
                        .into(),
                );
            }
            Error::ChallengeRefused { reason: crate::error::Refusal::Unknown, .. } => {
                hints.push(
                    "a challenge is decided in the store that issued it: run this from that \
                     project's folder, or pass `--store <DIR>`"
                        .into(),
                );
                hints.push("`aiperture pending` lists challenges that can still be decided".into());
            }
            Error::ChallengeRefused { .. } => {
                hints.push("`aiperture pending` lists challenges that can still be decided".into());
            }
            _ => {}
        }
        CliError { error, code, hints }
    }
}
