//! Reading the journal: forward from a position (index replay, reports) and backward from the
//! end (newest-first queries that stop early).
//!
//! Readers take no lock of their own; callers that need a stable view hold the store lock.
//! Only complete lines are read (a torn tail is ignored), and a line that is not part of the
//! journal format stops the read with an error rather than being skipped silently.

use std::fs;
use std::io::{Read, Seek, SeekFrom};
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
        if scan_segment_backward(&path, f)?.is_break() {
            return Ok(());
        }
    }
    Ok(())
}

/// One segment, newest line first, read in growing chunks from the end so a query that
/// stops early reads only the tail of a large segment.
fn scan_segment_backward(path: &Path, f: &mut ScanFn<'_>) -> Result<ControlFlow<()>> {
    let mut file = fs::File::open(path).at("open", path)?;
    let len = file.metadata().at("stat", path)?.len();
    // `buf` holds the bytes from `buf_start` up to the last complete line not yet visited.
    let mut buf: Vec<u8> = Vec::new();
    let mut buf_start = len;
    let mut chunk: u64 = 256 * 1024;
    let mut seeking_end = true;
    loop {
        let read_from = buf_start.saturating_sub(chunk);
        let mut fresh = vec![0u8; (buf_start - read_from) as usize];
        file.seek(SeekFrom::Start(read_from)).at("seek", path)?;
        file.read_exact(&mut fresh).at("read", path)?;
        fresh.extend_from_slice(&buf);
        buf = fresh;
        buf_start = read_from;
        if seeking_end {
            // Ignore a torn tail: only bytes up to the last newline are complete lines.
            match buf.iter().rposition(|&b| b == b'\n') {
                Some(i) => {
                    buf.truncate(i + 1);
                    seeking_end = false;
                }
                None => buf.clear(),
            }
        }
        // Visit every line that is complete in `buf` (all of them once the file start is in).
        let mut stop = buf.len();
        while stop > 0 {
            let Some(nl) = buf[..stop - 1].iter().rposition(|&b| b == b'\n') else {
                if buf_start > 0 {
                    break; // the line may start before this chunk
                }
                let line = &buf[..stop - 1];
                if visit(path, 0, line, f)?.is_break() {
                    return Ok(ControlFlow::Break(()));
                }
                stop = 0;
                break;
            };
            let line = &buf[nl + 1..stop - 1];
            if visit(path, buf_start + nl as u64 + 1, line, f)?.is_break() {
                return Ok(ControlFlow::Break(()));
            }
            stop = nl + 1;
        }
        buf.truncate(stop);
        if buf_start == 0 {
            return Ok(ControlFlow::Continue(()));
        }
        chunk = chunk.saturating_mul(2).min(16 * 1024 * 1024);
    }
}

fn visit(path: &Path, at: u64, line: &[u8], f: &mut ScanFn<'_>) -> Result<ControlFlow<()>> {
    match entry::parse_line(line) {
        Ok(Line::Event(e)) => f(&e, line),
        Ok(Line::Header(_)) => Ok(ControlFlow::Continue(())),
        Err(message) => Err(Error::Journal {
            path: path.to_path_buf(),
            line: 0,
            message: format!("unreadable line at byte {at}: {message}"),
        }),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Backward and forward scans see the same events in opposite orders, whatever the line
    /// lengths relative to the chunk size, and a torn tail of any length is ignored.
    #[test]
    fn backward_scan_matches_forward_scan() {
        let dir = tempfile::tempdir().unwrap();
        let mut lines = vec![crate::journal::entry::encode_header(&entry::Header {
            kind: "header".into(),
            format: 1,
            segment: 1,
            first_seq: 1,
            prev: crate::encoding::hex(&[0; 32]),
        })];
        let mut prev = [0u8; 32];
        for i in 0..300u64 {
            let pad = "x".repeat(((i * 7919) % 5000) as usize + if i == 150 { 600_000 } else { 0 });
            let ev = format!(
                r#"{{"seq":{},"ts":"2026-01-01T00:00:00.000000Z","kind":"check","prev":"{}","pad":"{pad}"}}"#,
                i + 1,
                crate::encoding::hex(&prev)
            );
            let h = entry::link(&prev, ev.as_bytes());
            lines.push(entry::encode_line(&h, None, ev.as_bytes()));
            prev = h;
        }
        for torn in ["", "{\"hash\":\"ab", &"y".repeat(700_000)] {
            let mut bytes = lines.concat();
            bytes.extend_from_slice(torn.as_bytes());
            std::fs::write(dir.path().join("000001.jsonl"), &bytes).unwrap();
            let mut fwd = Vec::new();
            scan_forward(dir.path(), &mut |e, _| {
                fwd.push(e.head.seq);
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
            let mut back = Vec::new();
            scan_backward(dir.path(), &mut |e, _| {
                back.push(e.head.seq);
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
            back.reverse();
            assert_eq!(fwd.len(), 300);
            assert_eq!(fwd, back);
        }
    }
}
