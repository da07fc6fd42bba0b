//! Journal verification: a pure function from segment readers to a [`VerifyReport`].
//!
//! Every problem is a [`Finding`] of one distinct kind, located by segment and line, and the
//! verifier keeps going after a finding (it re-synchronises on the stored hash), so one edited
//! byte yields one `hash_mismatch`, a deleted line yields a `broken_link` and a `seq_gap`, and
//! a cut-off tail or a rewritten history yields a `head_mismatch`. Torn writes that a writer
//! already set aside (journaled as `recovered` events) are reported with `recovered: true` and
//! do not make the journal fail.

use std::io::BufRead;

use serde::Serialize;

use super::entry::{self, Line};
use super::head::Head;
use super::{FORMAT, GENESIS};
use crate::encoding::{hex, unhex};
use crate::error::{Error, Result};
use crate::store::Secret;

/// The kinds of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A last line without its newline (a crash mid-write), or one set aside by recovery.
    TornWrite,
    /// A line that is not valid JSON of the journal's shapes.
    ParseError,
    /// An event whose `prev` is not the previous event's hash.
    BrokenLink,
    /// An event whose bytes do not hash to its stored hash.
    HashMismatch,
    /// A `seq` that does not follow the previous one.
    SeqGap,
    /// HEAD (or an expected head) disagrees with the journal.
    HeadMismatch,
}

impl FindingKind {
    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::TornWrite => "torn_write",
            FindingKind::ParseError => "parse_error",
            FindingKind::BrokenLink => "broken_link",
            FindingKind::HashMismatch => "hash_mismatch",
            FindingKind::SeqGap => "seq_gap",
            FindingKind::HeadMismatch => "head_mismatch",
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: FindingKind,
    /// Segment file name (or the `--file` name); `HEAD` for head findings.
    pub segment: String,
    /// 1-based line in the segment (0 for head findings).
    pub line: u64,
    /// The event's `seq`, when known.
    pub seq: Option<u64>,
    /// Human explanation.
    pub message: String,
    /// True for a torn write already set aside by a writer (informational).
    pub recovered: bool,
}

/// A head to compare against.
#[derive(Debug, Clone)]
pub enum Expected {
    /// The store's HEAD file (checked for MAC and equality with the tail).
    StoreHead(Option<Head>),
    /// The store's HEAD file has an unreadable slot next to the readable record of `seq`: the
    /// journal must then hold one event more (a HEAD write torn by a crash), not exactly as
    /// many (an erased slot hiding removed events).
    ErasedSlot {
        /// `seq` of the readable record.
        seq: u64,
    },
    /// A head recorded elsewhere: the journal must contain this hash (at this seq if given).
    Recorded {
        /// Expected `seq`, if known.
        seq: Option<u64>,
        /// Expected hash.
        hash: [u8; 32],
    },
}

/// Where the chain must start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// At seq 1 after the all-zero link: a store's journal, where losing the first segments
    /// must be reported.
    Genesis,
    /// Wherever the first header says: an export that starts mid-history.
    FirstHeader,
}

/// Outcome of a verification.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// True when no unrecovered finding exists.
    pub intact: bool,
    /// Event lines checked.
    pub events: u64,
    /// Segments read.
    pub segments: u64,
    /// `seq` of the last event.
    pub last_seq: u64,
    /// Hash of the last event, hex.
    pub last_hash: String,
    /// Every finding, in journal order (head findings last).
    pub findings: Vec<Finding>,
}

/// Verify a store's journal folder against its HEAD (MAC'd with `secret`) and any recorded
/// heads in `extra`. The caller holds the store lock so no append is half done.
pub fn verify_dir(
    dir: &std::path::Path,
    secret: Option<&Secret>,
    extra: &[Expected],
) -> Result<VerifyReport> {
    use crate::error::IoContext;
    let mut readers = Vec::new();
    for (n, path) in super::list_segments(dir)? {
        let f = std::fs::File::open(&path).at("open", &path)?;
        readers.push((super::segment_name(n), std::io::BufReader::new(f)));
    }
    let head_path = dir.join(crate::store::layout::HEAD);
    let parsed = match crate::store::fsutil::read_optional(&head_path)? {
        None => None,
        Some(b) => Some(Head::parse_slots(&b).map_err(|m| Error::Journal {
            path: head_path.clone(),
            line: 1,
            message: format!("HEAD is not readable: {m}"),
        })?),
    };
    let erased = parsed.as_ref().filter(|p| p.other_unreadable).map(|p| p.head.seq);
    let mut expected = vec![Expected::StoreHead(parsed.map(|p| p.head))];
    if let Some(seq) = erased {
        expected.push(Expected::ErasedSlot { seq });
    }
    expected.extend_from_slice(extra);
    verify(readers, secret, &expected, Start::Genesis)
}

/// Verify segments in order. `key` checks the HEAD MAC; `expected` lists heads to compare.
pub fn verify<R: BufRead>(
    segments: Vec<(String, R)>,
    key: Option<&Secret>,
    expected: &[Expected],
    start: Start,
) -> Result<VerifyReport> {
    let wants_seen = expected.iter().any(|e| matches!(e, Expected::Recorded { .. }));
    let mut st = State {
        prev: GENESIS,
        last_seq: 0,
        events: 0,
        findings: Vec::new(),
        seen: wants_seen.then(Vec::new),
        adopt_first_header: start == Start::FirstHeader,
    };
    let n_segments = segments.len() as u64;
    let last_index = segments.len().saturating_sub(1);
    for (i, (name, mut reader)) in segments.into_iter().enumerate() {
        let mut lineno = 0u64;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = reader.read_until(b'\n', &mut buf).map_err(|e| Error::Io {
                op: "read",
                path: name.clone().into(),
                source: e,
            })?;
            if n == 0 {
                break;
            }
            lineno += 1;
            if buf.last() != Some(&b'\n') {
                st.push(
                    FindingKind::TornWrite,
                    &name,
                    lineno,
                    None,
                    format!(
                        "the last line ({} bytes) has no newline: a write was cut off{}",
                        buf.len(),
                        if i == last_index { "" } else { " in a segment that is not the last" }
                    ),
                );
                break;
            }
            let line = &buf[..buf.len() - 1];
            st.check_line(line, &name, lineno)?;
        }
    }
    for exp in expected {
        st.check_expected(exp, key);
    }
    let intact = st.findings.iter().all(|f| f.recovered);
    Ok(VerifyReport {
        intact,
        events: st.events,
        segments: n_segments,
        last_seq: st.last_seq,
        last_hash: hex(&st.prev),
        findings: st.findings,
    })
}

struct State {
    prev: [u8; 32],
    last_seq: u64,
    events: u64,
    findings: Vec<Finding>,
    /// `(seq, hash)` of every event, kept only when a recorded head must be found.
    seen: Option<Vec<(u64, [u8; 32])>>,
    /// Take the first header's link and seq as the starting point (exports).
    adopt_first_header: bool,
}

impl State {
    fn push(&mut self, kind: FindingKind, seg: &str, line: u64, seq: Option<u64>, msg: String) {
        self.findings.push(Finding {
            kind,
            segment: seg.to_string(),
            line,
            seq,
            message: msg,
            recovered: false,
        });
    }

    fn check_line(&mut self, line: &[u8], seg: &str, lineno: u64) -> Result<()> {
        let parsed = match entry::parse_line(line) {
            Ok(p) => p,
            Err(msg) => {
                self.push(FindingKind::ParseError, seg, lineno, None, msg);
                return Ok(());
            }
        };
        match parsed {
            Line::Header(h) => {
                if h.format != FORMAT {
                    return Err(Error::UnsupportedFormat {
                        what: "journal",
                        got: h.format,
                        supported: FORMAT,
                    });
                }
                let prev = unhex::<32>(&h.prev).unwrap_or(GENESIS);
                if self.adopt_first_header && self.events == 0 {
                    self.adopt_first_header = false;
                    self.prev = prev;
                    self.last_seq = h.first_seq.saturating_sub(1);
                    return Ok(());
                }
                if prev != self.prev {
                    self.push(
                        FindingKind::BrokenLink,
                        seg,
                        lineno,
                        None,
                        format!(
                            "segment header links to {} but the previous event's hash is {}",
                            short(&prev),
                            short(&self.prev)
                        ),
                    );
                }
                if self.events > 0 && h.first_seq != self.last_seq + 1 {
                    self.push(FindingKind::SeqGap, seg, lineno, None, format!(
                        "segment header says it starts at seq {} but the previous event is seq {}",
                        h.first_seq, self.last_seq
                    ));
                }
            }
            Line::Event(e) => {
                let seq = e.head.seq;
                if e.prev != self.prev {
                    self.push(
                        FindingKind::BrokenLink,
                        seg,
                        lineno,
                        Some(seq),
                        format!(
                            "event seq {seq} links to {} but the previous event's hash is {}",
                            short(&e.prev),
                            short(&self.prev)
                        ),
                    );
                }
                if e.computed_hash(&e.prev) != e.hash {
                    self.push(FindingKind::HashMismatch, seg, lineno, Some(seq), format!(
                        "event seq {seq} does not hash to its stored hash {}: its bytes were changed",
                        short(&e.hash)
                    ));
                }
                if seq != self.last_seq + 1 {
                    self.push(
                        FindingKind::SeqGap,
                        seg,
                        lineno,
                        Some(seq),
                        format!("expected seq {} but found seq {seq}", self.last_seq + 1),
                    );
                }
                if e.head.kind == "recovered" {
                    let head_behind = e.raw.contains("\"reason\":\"head_behind\"");
                    self.findings.push(Finding {
                        kind: if head_behind {
                            FindingKind::HeadMismatch
                        } else {
                            FindingKind::TornWrite
                        },
                        segment: seg.to_string(),
                        line: lineno,
                        seq: Some(seq),
                        message: if head_behind {
                            "an append whose HEAD update was cut off by a crash was accepted by \
                             recovery"
                                .into()
                        } else {
                            "a torn write from a crash was set aside by recovery".into()
                        },
                        recovered: true,
                    });
                }
                // Re-synchronise on what the line claims so one problem yields one finding.
                self.prev = e.hash;
                self.last_seq = seq;
                self.events += 1;
                if let Some(seen) = &mut self.seen {
                    seen.push((seq, e.hash));
                }
            }
        }
        Ok(())
    }

    fn check_expected(&mut self, exp: &Expected, key: Option<&Secret>) {
        match exp {
            Expected::StoreHead(None) => {
                if self.events > 0 {
                    self.push(
                        FindingKind::HeadMismatch,
                        "HEAD",
                        0,
                        None,
                        "journal/HEAD is missing although the journal has events".into(),
                    );
                }
            }
            Expected::ErasedSlot { seq } => {
                if *seq >= 1 && self.last_seq == *seq {
                    self.push(
                        FindingKind::HeadMismatch,
                        "HEAD",
                        0,
                        Some(*seq),
                        format!(
                            "journal/HEAD's newer slot is unreadable and the journal ends at the \
                             older record (seq {seq}): the last event may have been removed"
                        ),
                    );
                }
            }
            Expected::StoreHead(Some(head)) => {
                if key.is_none() {
                    self.push(
                        FindingKind::HeadMismatch,
                        "HEAD",
                        0,
                        Some(head.seq),
                        "the store secret is missing, so journal/HEAD cannot be authenticated: \
                         the secret was deleted or moved, or HEAD may be forged"
                            .into(),
                    );
                }
                if let Some(key) = key
                    && !head.mac_ok(key)
                {
                    self.push(
                        FindingKind::HeadMismatch,
                        "HEAD",
                        0,
                        Some(head.seq),
                        "journal/HEAD's MAC does not verify under the store secret: HEAD was \
                         forged, or the secret was replaced"
                            .into(),
                    );
                }
                if head.seq != self.last_seq || head.hash != hex(&self.prev) {
                    let what = match head.seq.cmp(&self.last_seq) {
                        std::cmp::Ordering::Greater => {
                            "events were removed from the end of the journal"
                        }
                        std::cmp::Ordering::Less => {
                            "events were added after the last recorded append"
                        }
                        std::cmp::Ordering::Equal => "the journal's history was rewritten",
                    };
                    self.push(FindingKind::HeadMismatch, "HEAD", 0, Some(head.seq), format!(
                        "HEAD records seq {} hash {} but the journal ends at seq {} hash {}: {what}",
                        head.seq, short_hex(&head.hash), self.last_seq, short(&self.prev)
                    ));
                }
            }
            Expected::Recorded { seq, hash } => {
                let seen = self.seen.as_deref().unwrap_or_default();
                let found = seen.iter().any(|(s, h)| h == hash && seq.is_none_or(|x| x == *s));
                if !found {
                    self.push(
                        FindingKind::HeadMismatch,
                        "expected head",
                        0,
                        *seq,
                        format!(
                            "the expected head {}{} is not in the journal: history up to it was \
                         rewritten or removed",
                            short(hash),
                            seq.map(|s| format!(" (seq {s})")).unwrap_or_default()
                        ),
                    );
                }
            }
        }
    }
}

fn short(h: &[u8; 32]) -> String {
    hex(&h[..6])
}

fn short_hex(h: &str) -> String {
    h.chars().take(12).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::journal::entry::{Header, encode_header, encode_line, link};

    fn secret() -> Secret {
        Secret([42; 32])
    }

    /// A one-segment journal of events with the given payload strings, and its HEAD.
    fn build(payloads: &[String]) -> (Vec<Vec<u8>>, Head) {
        let mut lines = vec![encode_header(&Header {
            kind: "header".into(),
            format: FORMAT,
            segment: 1,
            first_seq: 1,
            prev: hex(&GENESIS),
        })];
        let mut prev = GENESIS;
        for (i, p) in payloads.iter().enumerate() {
            let event = serde_json::json!({
                "seq": i + 1,
                "ts": "2026-11-26T10:00:00.000000Z",
                "kind": "check",
                "prev": hex(&prev),
                "note": p,
            });
            let raw = serde_json::to_vec(&event).unwrap_or_default();
            let h = link(&prev, &raw);
            lines.push(encode_line(&h, &raw));
            prev = h;
        }
        (lines, Head::new(&secret(), payloads.len() as u64, &prev))
    }

    fn run(lines: &[Vec<u8>], head: &Head) -> Result<VerifyReport> {
        let bytes: Vec<u8> = lines.concat();
        verify(
            vec![("000001.jsonl".to_string(), std::io::Cursor::new(bytes))],
            Some(&secret()),
            &[Expected::StoreHead(Some(head.clone()))],
            Start::Genesis,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn an_honest_chain_verifies(payloads in proptest::collection::vec(".{0,40}", 0..20)) {
            let (lines, head) = build(&payloads);
            let r = run(&lines, &head).unwrap();
            prop_assert!(r.intact, "{:?}", r.findings);
            prop_assert_eq!(r.events, payloads.len() as u64);
        }

        #[test]
        fn any_changed_byte_is_detected(
            payloads in proptest::collection::vec("[a-z ]{0,20}", 1..10),
            pick in any::<prop::sample::Index>(),
            xor in 1u8..=255,
        ) {
            let (lines, head) = build(&payloads);
            let mut bytes: Vec<u8> = lines.concat();
            let at = pick.index(bytes.len());
            bytes[at] ^= xor;
            let r = verify(
                vec![("000001.jsonl".to_string(), std::io::Cursor::new(bytes))],
                Some(&secret()),
                &[Expected::StoreHead(Some(head))],
                Start::Genesis,
            );
            // Either the report fails, or the file no longer parses as a journal at all.
            prop_assert!(r.as_ref().map_or(true, |r| !r.intact), "undetected change at {at}: {:?}", r);
        }

        #[test]
        fn a_cut_off_tail_is_a_head_mismatch(
            payloads in proptest::collection::vec("[a-z]{0,10}", 2..12),
            cut in 1usize..4,
        ) {
            let (lines, head) = build(&payloads);
            let keep = lines.len().saturating_sub(cut).max(1);
            let r = run(&lines[..keep], &head).unwrap();
            prop_assert!(!r.intact);
            prop_assert!(r.findings.iter().any(|f| f.kind == FindingKind::HeadMismatch));
        }

        #[test]
        fn parse_then_encode_is_the_identity(payloads in proptest::collection::vec(".{0,40}", 1..8)) {
            let (lines, _) = build(&payloads);
            for line in &lines[1..] {
                let Ok(crate::journal::entry::Line::Event(e)) =
                    crate::journal::entry::parse_line(&line[..line.len() - 1]) else {
                    return Err(TestCaseError::fail("event line does not parse"));
                };
                prop_assert_eq!(&encode_line(&e.hash, e.raw.as_bytes()), line);
            }
        }
    }
}
