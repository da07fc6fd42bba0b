//! Risk classification of a `(tool, action, scope)` triple: a tier, a score, named factors and
//! reversibility, for the whole call and for every simple command of a shell scope.
//!
//! - [`shell`] parses a command string into every simple command it would run (through
//!   chaining, substitutions, wrappers such as `sudo`, `bash -c`, `xargs`, `find -exec`, inline
//!   interpreter code, heredocs, quoting tricks and constant assignments);
//! - `classify` judges each command by what its program does to what: program knowledge is
//!   the `registry` (one sorted spec per program: options that take values, subcommands, and
//!   rules *when subcommand/flag → tier, factor, explanation*), procedural judgement lives in
//!   named handlers (`classify` for rm, find, tar, sed, …; `family` for whole families of
//!   harm: secrets, trust, publishing, data stores, host exhaustion and disruption, wide
//!   deletion, escapes); paths are in `paths`, SQL in `sql`, inline code in `code`. It links
//!   commands (a secret read anywhere and sent anywhere is exfiltration) and applies user
//!   rules (`[[risk.rule]]`, the registry's rule schema, only raising tiers);
//! - `explain` turns each command into a plain-language sentence.
//!
//! Entry points: [`analyze`] (everything, for `aiperture explain` and the engine's compound
//! decisions) and [`classify`] (the risk of the whole call).
//!
//! Invariants: classification is pure and deterministic (no I/O, no clock, no randomness, and
//! the factor order is fixed); it never panics on any input; work is bounded by size, nesting
//! and command limits, never by a wall-clock budget; anything that cannot be parsed or
//! resolved is at least HIGH, and the whole is never lower than its worst part.

mod classify;
mod code;
mod explain;
pub mod factor;
mod family;
mod paths;
pub(crate) mod registry;
pub(crate) mod rules;
pub mod shell;
mod sql;

use std::fmt;
use std::str::FromStr;

pub use classify::{Analysis, CommandRisk, CustomRule, FindingOut, analyze, analyze_in, classify};
pub use factor::Factor;

/// How risky an action is, from least to most.
///
/// The order is meaningful (`Tier::Low < Tier::Critical`). Serialized in lower case
/// (`"low"`), displayed in upper case (`LOW`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Read-only or narrowly scoped work; may be auto-approved.
    Low,
    /// Changes something, but narrowly; may be auto-approved by learning.
    Medium,
    /// Dangerous: never approved by learning, always needs a human or an explicit rule.
    High,
    /// Catastrophic or irreversible at scale: needs a fresh human decision every time.
    Critical,
}

impl Tier {
    /// Every tier, from lowest to highest.
    pub const ALL: [Tier; 4] = [Tier::Low, Tier::Medium, Tier::High, Tier::Critical];

    /// The lower-case name: `"low"`, `"medium"`, `"high"` or `"critical"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Low => "low",
            Tier::Medium => "medium",
            Tier::High => "high",
            Tier::Critical => "critical",
        }
    }

    /// What an action of this tier costs from a session's risk budget, in tenths of a point:
    /// LOW 1, MEDIUM 3, HIGH 7, CRITICAL 10.
    pub fn budget_points(self) -> u32 {
        match self {
            Tier::Low => 1,
            Tier::Medium => 3,
            Tier::High => 7,
            Tier::Critical => 10,
        }
    }
}

impl fmt::Display for Tier {
    /// Upper case, as the seed printed it: `LOW`, `MEDIUM`, `HIGH`, `CRITICAL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tier::Low => "LOW",
            Tier::Medium => "MEDIUM",
            Tier::High => "HIGH",
            Tier::Critical => "CRITICAL",
        })
    }
}

impl FromStr for Tier {
    type Err = String;

    /// Parses a tier name in any case (`low`, `HIGH`, `Critical`).
    fn from_str(s: &str) -> Result<Tier, String> {
        Tier::ALL.into_iter().find(|tier| tier.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| {
            format!("unknown risk tier `{s}` (expected low, medium, high or critical)")
        })
    }
}

/// The result of [`classify`]: the tier, the score and the reasons for them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RiskAssessment {
    /// The risk tier; this, not the score, is what the engine acts on.
    pub tier: Tier,
    /// A score within the tier's band — LOW [0, 0.3), MEDIUM [0.3, 0.6), HIGH [0.6, 0.9),
    /// CRITICAL 1.0 — rising with the number of factors; rounded to 3 decimals.
    pub score: f64,
    /// Why: machine-readable factor names such as `filesystem_destruction` or
    /// `remote_code_execution`, most serious first, in a fixed order.
    pub factors: Vec<String>,
    /// Whether the action can be undone (reads, and local changes that do not delete, send or
    /// overwrite anything irrecoverably).
    pub reversible: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_ordered() {
        assert!(Tier::Low < Tier::Medium);
        assert!(Tier::Medium < Tier::High);
        assert!(Tier::High < Tier::Critical);
        assert_eq!(Tier::ALL.iter().max(), Some(&Tier::Critical));
    }

    #[test]
    fn tier_names_round_trip() {
        for tier in Tier::ALL {
            assert_eq!(tier.as_str().parse::<Tier>(), Ok(tier));
            assert_eq!(tier.to_string().parse::<Tier>(), Ok(tier));
            assert_eq!(tier.to_string(), tier.as_str().to_uppercase());
        }
        assert_eq!("Critical".parse::<Tier>(), Ok(Tier::Critical));
        let err = "severe".parse::<Tier>().err().unwrap_or_default();
        assert!(err.contains("severe"), "{err}");
        assert!("".parse::<Tier>().is_err());
    }

    #[test]
    fn budget_points_follow_the_seed() {
        let points: Vec<u32> = Tier::ALL.iter().map(|t| t.budget_points()).collect();
        assert_eq!(points, [1, 3, 7, 10]);
    }

    #[test]
    fn serde_uses_lower_case() {
        let assessment = RiskAssessment {
            tier: Tier::High,
            score: 0.486,
            factors: vec!["pipe_to_execution".to_owned()],
            reversible: false,
        };
        let json = serde_json::to_string(&assessment).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"tier":"high","score":0.486,"factors":["pipe_to_execution"],"reversible":false}"#
        );
        let back: Result<RiskAssessment, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(assessment));
    }
}
