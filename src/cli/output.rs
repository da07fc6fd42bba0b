//! Output helpers: one data model, two renderers.
//!
//! Commands build a serialisable report; with `--json` it is printed as one JSON object with a
//! `"format": 1` field, otherwise as text or a table. aiperture never prints colour (so
//! `NO_COLOR` holds trivially); tables are sized to the terminal, and plain (no box drawing)
//! when stdout is not one. Progress lines for long operations go to stderr, and only on a
//! terminal ([`super::Ctx::progress`]). A closed pipe on stdout is a silent success.

use std::io::{self, IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};

/// JSON format version of every `--json` output.
pub const JSON_FORMAT: u64 = 1;

/// Print `value` as pretty JSON with `format` first.
pub fn print_json<T: Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    let mut v = serde_json::to_value(value)
        .map_err(|e| Error::Json { what: "output".into(), source: e })?;
    if let serde_json::Value::Object(map) = &mut v {
        let mut with = serde_json::Map::new();
        with.insert("format".into(), JSON_FORMAT.into());
        with.extend(std::mem::take(map));
        *map = with;
    }
    let text = serde_json::to_string_pretty(&v)
        .map_err(|e| Error::Json { what: "output".into(), source: e })?;
    write_out(out, format!("{text}\n").as_bytes())
}

/// Write to stdout, treating a closed pipe as success.
pub fn write_out(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| Error::Io { op: "write", path: "standard output".into(), source: e }),
    }
}

/// A table styled for the terminal, or plain when piped.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    if io::stdout().is_terminal() {
        t.load_style(presets::UTF8_HORIZONTAL_ONLY);
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.load_style(presets::NOTHING);
    }
    t.set_header(header.iter().copied());
    t
}

/// `s` safe to print on a terminal: control characters (escape sequences, carriage returns,
/// C1 controls) and the invisible format characters that reorder or hide text (bidirectional
/// overrides and isolates, zero-width characters, the byte order mark) are written as
/// `\u{…}` escapes, so a string from someone else cannot restyle the terminal or disguise
/// itself.
pub fn printable(s: &str) -> String {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
    };
    if !s.chars().any(hidden) {
        return s.to_string();
    }
    s.chars()
        .map(|c| if hidden(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() })
        .collect()
}

/// Shorten `s` to `max` characters with an ellipsis, on one line.
pub fn clip(s: &str, max: usize) -> String {
    let one_line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut t: String = one_line.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn printable_escapes_controls_and_invisible_reordering() {
        assert_eq!(printable("git push"), "git push");
        assert_eq!(printable("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(printable("x\ry\u{85}"), "x\\u{d}y\\u{85}");
        assert_eq!(printable("git\u{202e}hsup\u{200b}"), "git\\u{202e}hsup\\u{200b}");
        assert_eq!(printable("café ✓"), "café ✓");
    }
}
