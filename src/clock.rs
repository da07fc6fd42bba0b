//! The clock, read only by the CLI layer, and the journal's [`Timestamp`].
//!
//! Library functions take `now` as a parameter. This module resolves it once per command:
//! `AIPERTURE_NOW` (an RFC 3339 time, a testing and debugging override) or the system clock.
//! The time and duration parsers here are pure and used across the crate. Times that events
//! and index entries carry are [`Timestamp`]s: parsed once when read, written back in the
//! journal's exact text. A leaf of the module map: it uses nothing in the crate but `error`.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, SubsecRound, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// An instant as the journal writes it: RFC 3339, UTC, exactly six fractional digits and `Z`
/// (`2026-11-26T10:00:00.000000Z`, the text of [`format_time`]).
///
/// It holds the parsed instant, so code compares and subtracts times without parsing text
/// again, and it serializes to the same text it was made from: [`Timestamp::from`] truncates
/// to whole microseconds, which is all the text keeps, so a value read back from the journal
/// equals the one written. Reading accepts any RFC 3339 time, as [`parse_time`] does (lines
/// are hashed as their bytes on disk, never re-serialised, so another form read here never
/// changes a journal); the journal's own form takes a fast path that needs no general
/// RFC 3339 parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

/// Length of the journal's time text, `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
const TEXT_LEN: usize = 27;

impl Timestamp {
    /// Parse an RFC 3339 time (any offset, converted to UTC); `None` when `s` is not one.
    pub fn parse(s: &str) -> Option<Timestamp> {
        parse_written(s.as_bytes()).or_else(|| parse_time(s)).map(Timestamp)
    }

    /// The instant.
    pub fn time(self) -> DateTime<Utc> {
        self.0
    }

    /// Microseconds since the Unix epoch.
    pub fn micros(self) -> i64 {
        self.0.timestamp_micros()
    }

    /// The journal's text in a stack buffer, when the fast form applies (years 0 to 9999,
    /// no leap second); [`format_time`] renders the rest.
    fn written(self) -> Option<[u8; TEXT_LEN]> {
        let (date, time) = (self.0.date_naive(), self.0.time());
        let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
        let nanos = time.nanosecond();
        if nanos >= 1_000_000_000 {
            return None;
        }
        let mut out = *b"0000-00-00T00:00:00.000000Z";
        let mut put = |at: usize, width: usize, mut v: u32| {
            for i in (at..at + width).rev() {
                // A digit: `v % 10` is below 10.
                out[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, date.month());
        put(8, 2, date.day());
        put(11, 2, time.hour());
        put(14, 2, time.minute());
        put(17, 2, time.second());
        put(20, 6, nanos / 1000);
        Some(out)
    }
}

impl From<DateTime<Utc>> for Timestamp {
    /// The instant as the journal keeps it: truncated to whole microseconds.
    fn from(t: DateTime<Utc>) -> Timestamp {
        Timestamp(t.trunc_subsecs(6))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.written() {
            // ASCII digits and separators only.
            Some(b) => f.write_str(std::str::from_utf8(&b).unwrap_or_default()),
            None => f.write_str(&format_time(self.0)),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.written() {
            Some(b) => s.serialize_str(std::str::from_utf8(&b).unwrap_or_default()),
            None => s.serialize_str(&format_time(self.0)),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Timestamp, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 time")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Timestamp, E> {
                Timestamp::parse(v).ok_or_else(|| E::custom(format!("not an RFC 3339 time: {v:?}")))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// The journal's own form, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, read without a general parser;
/// `None` for anything else (which [`parse_time`] then reads), including a leap second.
fn parse_written(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() != TEXT_LEN {
        return None;
    }
    for (i, sep) in
        [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'.'), (26, b'Z')]
    {
        if b[i] != sep {
            return None;
        }
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to]
            .iter()
            .try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (second, micro) = (num(17, 19)?, num(20, 26)?);
    if second > 59 {
        return None;
    }
    let year = i32::try_from(num(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, num(5, 7)?, num(8, 10)?)?;
    Some(date.and_hms_micro_opt(num(11, 13)?, num(14, 16)?, second, micro)?.and_utc())
}

/// Serde of an optional [`Timestamp`] written as a string that is empty when there is none
/// (learned statistics record no time before their first counted decision).
pub mod or_empty {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Timestamp;

    /// Write the time, or `""`.
    #[allow(clippy::ref_option)] // serde's `with` passes a reference to the field
    pub fn serialize<S: Serializer>(
        t: &Option<Timestamp>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match t {
            Some(t) => t.serialize(s),
            None => s.serialize_str(""),
        }
    }

    /// Read a time, or `None` for `""`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Option<Timestamp>, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        if text.is_empty() {
            return Ok(None);
        }
        Timestamp::parse(&text)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {text:?}")))
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_timestamp_writes_the_journal_text() {
        let text = "2026-11-26T10:00:00.000000Z";
        let t = Timestamp::parse(text).unwrap();
        assert_eq!(t.to_string(), text);
        assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<Timestamp>(&format!("\"{text}\"")).unwrap(), t);
        assert_eq!(t.time(), parse_time(text).unwrap());
        assert_eq!(t.micros(), parse_time(text).unwrap().timestamp_micros());
    }

    #[test]
    fn other_rfc3339_forms_are_read_as_the_same_instant() {
        for text in ["2026-11-26T11:00:00+01:00", "2026-11-26T10:00:00Z", "2026-11-26t10:00:00z"] {
            let t = Timestamp::parse(text).unwrap();
            assert_eq!(Some(t.time()), parse_time(text), "{text}");
            assert_eq!(t.to_string(), "2026-11-26T10:00:00.000000Z");
        }
        for bad in ["", "yesterday", "2026-02-30T10:00:00.000000Z", "2026-11-26T24:00:00.000000Z"] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
            assert!(serde_json::from_str::<Timestamp>(&format!("{bad:?}")).is_err());
        }
        // A leap second takes the general path, and is written as format_time writes it.
        let leap = "2016-12-31T23:59:60.500000Z";
        let t = Timestamp::parse(leap).unwrap();
        assert_eq!(Some(t.time()), parse_time(leap));
        assert_eq!(t.to_string(), format_time(t.time()));
    }

    #[test]
    fn an_empty_text_is_no_time() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct S {
            #[serde(with = "or_empty")]
            t: Option<Timestamp>,
        }
        assert_eq!(serde_json::to_string(&S { t: None }).unwrap(), r#"{"t":""}"#);
        assert_eq!(serde_json::from_str::<S>(r#"{"t":""}"#).unwrap(), S { t: None });
        let t = Timestamp::parse("2026-11-26T10:00:00.000000Z");
        let json = r#"{"t":"2026-11-26T10:00:00.000000Z"}"#;
        assert_eq!(serde_json::to_string(&S { t }).unwrap(), json);
        assert_eq!(serde_json::from_str::<S>(json).unwrap(), S { t });
        assert!(serde_json::from_str::<S>(r#"{"t":"soon"}"#).is_err());
    }

    proptest! {
        /// The fast paths agree with chrono: writing gives `format_time`'s text, and reading
        /// that text back gives the same instant, truncated to microseconds.
        #[test]
        fn the_fast_paths_agree_with_chrono(
            secs in -62_167_219_200i64..253_402_300_800i64,
            nanos in 0u32..1_000_000_000,
        ) {
            let t = DateTime::from_timestamp(secs, nanos).unwrap();
            let ts = Timestamp::from(t);
            let text = format_time(t);
            prop_assert_eq!(ts.to_string(), text.clone());
            prop_assert_eq!(serde_json::to_string(&ts).unwrap(), format!("{text:?}"));
            let back = Timestamp::parse(&text).unwrap();
            prop_assert_eq!(back, ts);
            prop_assert_eq!(Some(back.time()), parse_time(&text));
            prop_assert_eq!(back.micros(), t.timestamp_micros());
        }
    }
}
