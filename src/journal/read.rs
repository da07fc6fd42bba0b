//! Reading the journal: forward from a position (index replay, reports) and backward from the
//! end (newest-first queries that stop early).
//!
//! Readers take no lock of their own; callers that need a stable view hold the store lock.
//! Only complete lines are read (a torn tail is ignored), and a line that is not part of the
//! journal format stops the read with an error rather than being skipped silently.

use std::fs;
use std::ops::ControlFlow;
use std::path::Path;

use super::entry::{self, EventLine, Line};
use super::list_segments;
use crate::error::{Error, IoContext, Result};

/// Called for each event with its segment and the byte offset just past its line.
pub type ReplayFn<'f> = dyn FnMut(&EventLine<'_>, u32, u64) -> Result<()> + 'f;
/// Called for each event with its exact line bytes; break to stop.
pub type ScanFn<'f> = dyn FnMut(&EventLine<'_>, &[u8]) -> Result<ControlFlow<()>> + 'f;
type LineFn<'f> = dyn FnMut(&EventLine<'_>, &[u8], u32, u64) -> Result<()> + 'f;

/// Read the journal from the position just after `(segment, offset)` to the end, calling `f`
/// for every complete event line in order. Stops at a torn tail.
pub fn replay_from(dir: &Path, segment: u32, offset: u64, f: &mut ReplayFn<'_>) -> Result<()> {
    read_lines(dir, segment, offset, &mut |e, _, n, end| f(e, n, end))
}

/// Every event from the start, with its exact line bytes.
fn replay_from_lines(
    dir: &Path,
    f: &mut dyn FnMut(&EventLine<'_>, &[u8]) -> Result<()>,
) -> Result<()> {
    read_lines(dir, 0, 0, &mut |e, line, _, _| f(e, line))
}

fn read_lines(dir: &Path, segment: u32, offset: u64, f: &mut LineFn<'_>) -> Result<()> {
    for (n, path) in list_segments(dir)? {
        if n < segment {
            continue;
        }
        let bytes = fs::read(&path).at("read", &path)?;
        let mut pos = if n == segment { offset as usize } else { 0 };
        if pos > bytes.len() {
            return Err(Error::Journal {
                path,
                line: 0,
                message: "segment is shorter than the index expects".into(),
            });
        }
        while pos < bytes.len() {
            let Some(nl) = bytes[pos..].iter().position(|&b| b == b'\n') else { break };
            let line = &bytes[pos..pos + nl];
            let end = (pos + nl + 1) as u64;
            match entry::parse_line(line) {
                Ok(Line::Event(e)) => f(&e, line, n, end)?,
                Ok(Line::Header(_)) => {}
                Err(message) => {
                    return Err(Error::Journal {
                        path,
                        line: 0,
                        message: format!("unreadable line at byte {pos}: {message}"),
                    });
                }
            }
            pos += nl + 1;
        }
    }
    Ok(())
}

/// Read every complete event from the newest to the oldest, calling `f` until it breaks.
pub fn scan_backward(dir: &Path, f: &mut ScanFn<'_>) -> Result<()> {
    let mut segments = list_segments(dir)?;
    segments.reverse();
    for (_, path) in segments {
        let bytes = fs::read(&path).at("read", &path)?;
        // Ignore a torn tail: only bytes up to the last newline are complete lines.
        let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let mut stop = end;
        while stop > 0 {
            let start = bytes[..stop - 1].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let line = &bytes[start..stop - 1];
            match entry::parse_line(line) {
                Ok(Line::Event(e)) => {
                    if f(&e, line)?.is_break() {
                        return Ok(());
                    }
                }
                Ok(Line::Header(_)) => {}
                Err(message) => {
                    return Err(Error::Journal {
                        path,
                        line: 0,
                        message: format!("unreadable line at byte {start}: {message}"),
                    });
                }
            }
            stop = start;
        }
    }
    Ok(())
}

/// Read every complete event from the oldest to the newest, with its exact line.
pub fn scan_forward(dir: &Path, f: &mut ScanFn<'_>) -> Result<()> {
    let mut stopped = false;
    replay_from_lines(dir, &mut |e, line| {
        if stopped {
            return Ok(());
        }
        if f(e, line)?.is_break() {
            stopped = true;
        }
        Ok(())
    })
}
