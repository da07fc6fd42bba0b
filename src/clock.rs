//! The clock, read only by the CLI layer.
//!
//! Library functions take `now` as a parameter. This module resolves it once per command:
//! `AIPERTURE_NOW` (an RFC 3339 time, a testing and debugging override) or the system clock.
//! The time and duration parsers here are pure and used across the crate. A leaf of the
//! module map: it uses nothing in the crate but `error`.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};

/// Environment variable that fixes the clock.
pub const NOW_ENV: &str = "AIPERTURE_NOW";

/// The current time, or the time in `AIPERTURE_NOW`.
pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var(NOW_ENV) {
        Ok(v) if !v.is_empty() => parse_time(&v)
            .ok_or_else(|| Error::Invalid(format!("{NOW_ENV}: not an RFC 3339 time: {v:?}"))),
        _ => Ok(Utc::now()),
    }
}

/// Parse an RFC 3339 time into UTC.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// Render a time the way the journal stores it: RFC 3339, UTC, microseconds, `Z`.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Parse a duration such as `90s`, `15m`, `1h`, `7d` or a plain number of seconds.
pub fn parse_duration(s: &str) -> Option<chrono::Duration> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, "s"),
    };
    let n: i64 = num.parse().ok()?;
    let secs = match unit {
        "s" => n,
        "m" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        "d" => n.checked_mul(86_400)?,
        _ => return None,
    };
    chrono::Duration::try_seconds(secs)
}
