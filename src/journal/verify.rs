//! Journal verification: a pure function from segment readers to a [`VerifyReport`].
//!
//! Every problem is a [`Finding`] of one distinct kind, located by segment and line, and the
//! verifier keeps going after a finding (it re-synchronises on the stored hash), so one edited
//! byte yields one `hash_mismatch`, a deleted line yields a `broken_link` and a `seq_gap`, and
//! a cut-off tail or a rewritten history yields a `head_mismatch`. With the store secret, every
//! event line of a format-2 segment must carry a MAC that verifies (`mac_mismatch` otherwise),
//! so a forged or rewritten line is located exactly. Torn writes that a writer already set
//! aside (journaled as `recovered` events) and a HEAD left behind by a power loss, when every
//! event after it carries a valid MAC, are reported with `recovered: true` and do not make the
//! journal fail.

use std::io::{BufRead, Read};

use serde::Serialize;

use super::entry::{self, ChainKey, Line};
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
    /// An event line of a format-2 segment whose MAC is missing or does not verify under the
    /// store secret: it was not written by aiperture (or its stored hash was edited).
    MacMismatch,
    /// The journal ends before the store's witness in the user store, or holds another hash at
    /// the witness's seq: it was deleted, re-created or rolled back.
    WitnessMismatch,
    /// The journal holds no event although events were required (`--require-events`): it is
    /// missing, for example kept out of a git checkout by the store's `.gitignore`.
    NoEvents,
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
            FindingKind::MacMismatch => "mac_mismatch",
            FindingKind::WitnessMismatch => "witness_mismatch",
            FindingKind::NoEvents => "no_events",
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
    /// The store's witness in the user store: the journal must hold `hash` at `seq`.
    Witness {
        /// The witness's seq.
        seq: u64,
        /// The witness's hash.
        hash: [u8; 32],
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
    /// Event lines whose MAC was verified under the store secret (0 without the secret, and
    /// for format-1 segments, whose lines carry no MAC).
    pub authenticated: u64,
    /// Segments read.
    pub segments: u64,
    /// `seq` of the last event.
    pub last_seq: u64,
    /// Hash of the last event, hex.
    pub last_hash: String,
    /// Every finding, in journal order (head findings last).
    pub findings: Vec<Finding>,
    /// What the store's witness in the user store said (absent for `--file`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<WitnessStatus>,
}

impl VerifyReport {
    /// Make an empty journal a finding: with no event there is nothing whose integrity was
    /// shown, so a caller that expects a journal (a CI job) must not read "intact" as proof.
    pub fn require_events(&mut self) {
        if self.events == 0 {
            self.findings.push(Finding {
                kind: FindingKind::NoEvents,
                segment: "journal".into(),
                line: 0,
                seq: None,
                message: format!(
                    "no events in {} segment(s): the journal is missing or empty, so nothing \
                     was verified (a git checkout holds no journal: the store's .gitignore \
                     keeps it local)",
                    self.segments
                ),
                recovered: false,
            });
            self.intact = false;
        }
    }
}

/// Whether a store's journal could be compared with its witness in the user store (see
/// [`crate::store::witness`]), and what the witness recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WitnessStatus {
    /// True when a readable witness was found and compared.
    pub available: bool,
    /// The witness file (none for the user store).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The seq it recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// The hash it recorded, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// In words.
    pub note: String,
}

impl WitnessStatus {
    /// No witness was compared, with why.
    fn unavailable(path: Option<String>, note: &str) -> WitnessStatus {
        WitnessStatus { available: false, path, seq: None, hash: None, note: note.into() }
    }
}

/// Verify `store`'s journal against its HEAD, the extra heads in `extra` and the store's
/// witness in the user store. The caller holds the store lock.
pub fn verify_store(store: &crate::store::Store, extra: &[Expected]) -> Result<VerifyReport> {
    verify_store_with(store, extra, &mut |_| {})
}

/// [`verify_store`], reporting [`Progress`] after every block read.
pub fn verify_store_with(
    store: &crate::store::Store,
    extra: &[Expected],
    progress: &mut dyn FnMut(Progress),
) -> Result<VerifyReport> {
    use crate::store::witness;
    let dir = store.path(crate::store::layout::JOURNAL);
    let secret = store.read_secret()?;
    let mut expected = extra.to_vec();
    let mut unreadable = None;
    let status = match store.witness_path().map(std::path::Path::to_path_buf) {
        None => WitnessStatus::unavailable(
            None,
            "this is the user store, which has no witness outside itself",
        ),
        Some(path) => {
            let shown = path.display().to_string();
            match witness::read(&path)? {
                None => WitnessStatus::unavailable(
                    Some(shown),
                    "no witness on this machine (a new store, or a store verified on another \
                     machine, e.g. in CI): a deleted or rolled-back journal cannot be detected \
                     here; use --expect-head",
                ),
                Some(Err(m)) => {
                    unreadable = Some(format!("the store's witness {shown} is unreadable: {m}"));
                    WitnessStatus::unavailable(Some(shown), "the witness file is unreadable")
                }
                Some(Ok(p)) => {
                    let hash = unhex::<32>(&p.head.hash).unwrap_or([0xff; 32]);
                    expected.push(Expected::Witness { seq: p.head.seq, hash });
                    WitnessStatus {
                        available: true,
                        path: Some(shown),
                        seq: Some(p.head.seq),
                        hash: Some(p.head.hash.clone()),
                        note: "compared with the journal".into(),
                    }
                }
            }
        }
    };
    let mut report = verify_dir_with(&dir, secret.as_ref(), &expected, progress)?;
    if let Some(message) = unreadable {
        report.findings.push(Finding {
            kind: FindingKind::WitnessMismatch,
            segment: "witness".into(),
            line: 0,
            seq: None,
            message,
            recovered: false,
        });
        report.intact = false;
    }
    report.witness = Some(status);
    Ok(report)
}

/// Verify a store's journal folder against its HEAD (MAC'd with `secret`) and any recorded
/// heads in `extra`. The caller holds the store lock so no append is half done.
pub fn verify_dir(
    dir: &std::path::Path,
    secret: Option<&Secret>,
    extra: &[Expected],
) -> Result<VerifyReport> {
    verify_dir_with(dir, secret, extra, &mut |_| {})
}

/// [`verify_dir`], reporting [`Progress`] after every block read.
pub fn verify_dir_with(
    dir: &std::path::Path,
    secret: Option<&Secret>,
    extra: &[Expected],
    progress: &mut dyn FnMut(Progress),
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
    verify_with(readers, secret, &expected, Start::Genesis, &Tuning::default(), progress)
}

/// Verify segments in order. `key` checks the HEAD MAC; `expected` lists heads to compare.
pub fn verify<R: BufRead>(
    segments: Vec<(String, R)>,
    key: Option<&Secret>,
    expected: &[Expected],
    start: Start,
) -> Result<VerifyReport> {
    verify_with(segments, key, expected, start, &Tuning::default(), &mut |_| {})
}

/// How [`verify_with`] reads and spreads the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    /// Bytes read at a time; a longer line grows the block.
    pub block: usize,
    /// Threads that hash and authenticate lines (1: all on the calling thread).
    pub threads: usize,
    /// Fewest bytes per extra thread (below it, starting a thread costs more than it saves).
    pub min_per_thread: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Tuning { block: 4 << 20, threads: cores.clamp(1, 8), min_per_thread: 64 << 10 }
    }
}

/// Progress of a verification, reported after every block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Event lines checked so far.
    pub events: u64,
    /// Bytes read so far.
    pub bytes: u64,
}

/// [`verify`], reading `tuning.block` bytes at a time and checking each line's hash, MAC and
/// shape on `tuning.threads` threads (every line carries the hash of the line before it, so
/// lines verify independently; the links, sequence numbers and heads are then checked in
/// order on the calling thread). Memory is bounded by the block size, whatever the journal's
/// length. `progress` is called after each block.
pub fn verify_with<R: BufRead>(
    segments: Vec<(String, R)>,
    key: Option<&Secret>,
    expected: &[Expected],
    start: Start,
    tuning: &Tuning,
    progress: &mut dyn FnMut(Progress),
) -> Result<VerifyReport> {
    let witness_seq = expected.iter().find_map(|e| match e {
        Expected::Witness { seq, .. } => Some(*seq),
        _ => None,
    });
    let head_seq = expected.iter().find_map(|e| match e {
        Expected::StoreHead(Some(h)) => Some(h.seq),
        _ => None,
    });
    let recorded = expected
        .iter()
        .filter_map(|e| match e {
            Expected::Recorded { seq, hash } => Some((*seq, *hash, false)),
            _ => None,
        })
        .collect();
    let line_key = key.map(ChainKey::line);
    let mut st = State {
        prev: GENESIS,
        last_seq: 0,
        events: 0,
        authenticated: 0,
        findings: Vec::new(),
        recorded,
        adopt_first_header: start == Start::FirstHeader,
        keyed: line_key.is_some(),
        segment_format: 1,
        newest_format: 0,
        header_first_seq: None,
        last_unauthenticated: 0,
        head_probe: head_seq.map(|s| (s, if s == 0 { Some(GENESIS) } else { None })),
        witness_probe: witness_seq.map(|s| (s, if s == 0 { Some(GENESIS) } else { None })),
    };
    let n_segments = segments.len() as u64;
    let last_index = segments.len().saturating_sub(1);
    let threads = tuning.threads.max(1);
    let mut block: Vec<u8> = Vec::with_capacity(tuning.block.max(1));
    let mut bytes = 0u64;
    for (i, (name, mut reader)) in segments.into_iter().enumerate() {
        let mut lineno = 0u64;
        // Lines before a header (a damaged segment) are treated as format 1.
        st.segment_format = 1;
        block.clear();
        let mut eof = false;
        while !eof {
            // Fill the block (keeping the unfinished line carried over from the last one).
            let size = tuning.block.max(1);
            let want = if block.len() < size { size } else { block.len() * 2 };
            while block.len() < want {
                let had = block.len();
                let n = (&mut reader)
                    .take((want - had) as u64)
                    .read_to_end(&mut block)
                    .map_err(|e| Error::Io { op: "read", path: name.clone().into(), source: e })?;
                if n == 0 {
                    eof = true;
                    break;
                }
            }
            let complete = match memchr::memrchr(b'\n', &block) {
                Some(at) => at + 1,
                // No end of line in a full block: a longer line, read on.
                None if !eof => continue,
                None => 0,
            };
            let pre =
                precompute(&block[..complete], line_key.as_ref(), threads, tuning.min_per_thread);
            for p in pre {
                lineno += 1;
                st.apply(p, &name, lineno)?;
            }
            bytes += complete as u64;
            block.drain(..complete);
            if eof && !block.is_empty() {
                lineno += 1;
                st.push(
                    FindingKind::TornWrite,
                    &name,
                    lineno,
                    None,
                    format!(
                        "the last line ({} bytes) has no newline: a write was cut off{}",
                        block.len(),
                        if i == last_index { "" } else { " in a segment that is not the last" }
                    ),
                );
                bytes += block.len() as u64;
                block.clear();
            }
            progress(Progress { events: st.events, bytes });
        }
    }
    for exp in expected {
        st.check_expected(exp, key);
    }
    let intact = st.findings.iter().all(|f| f.recovered);
    Ok(VerifyReport {
        intact,
        events: st.events,
        authenticated: st.authenticated,
        segments: n_segments,
        last_seq: st.last_seq,
        last_hash: hex(&st.prev),
        findings: st.findings,
        witness: None,
    })
}

/// What can be known of one line on its own: its shape, and for an event whether its bytes
/// hash to its stored hash and its MAC verifies.
#[derive(Debug, PartialEq, Eq)]
enum Pre {
    /// Not a line of the journal's shapes.
    Unparsable(String),
    /// A segment header.
    Header(entry::Header),
    /// An event line.
    Event(PreEvent),
}

#[derive(Debug, PartialEq, Eq)]
struct PreEvent {
    seq: u64,
    hash: [u8; 32],
    prev: [u8; 32],
    hash_ok: bool,
    mac: Mac,
    /// A `recovered` event, and whether it recovered a HEAD left behind.
    recovered: Option<bool>,
}

/// A line's MAC, checked under the store secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mac {
    /// The secret is not known: nothing was checked.
    Unchecked,
    /// The line carries none.
    Missing,
    /// It verifies.
    Valid,
    /// It does not verify.
    Invalid,
}

fn pre_line(line: &[u8], key: Option<&ChainKey>) -> Pre {
    // The writer's own lines, proven by their MAC and hash, need no JSON parser; any other
    // line (a changed byte, another shape, no secret to check with) is parsed in full.
    if let Some(k) = key
        && let Some(w) = entry::read_written(line)
        && k.verify(w.seq, &w.hash, &w.mac)
        && entry::link(&w.prev, w.raw.as_bytes()) == w.hash
    {
        return Pre::Event(PreEvent {
            seq: w.seq,
            hash: w.hash,
            prev: w.prev,
            hash_ok: true,
            mac: Mac::Valid,
            recovered: (w.kind == super::append::RECOVERED)
                .then(|| w.raw.contains("\"reason\":\"head_behind\"")),
        });
    }
    pre_parsed(line, key)
}

/// [`pre_line`] through the JSON parser, for every line.
fn pre_parsed(line: &[u8], key: Option<&ChainKey>) -> Pre {
    match entry::parse_line(line) {
        Err(msg) => Pre::Unparsable(msg),
        Ok(Line::Header(h)) => Pre::Header(h),
        Ok(Line::Event(e)) => {
            let seq = e.head.seq;
            let mac = match (key, e.mac) {
                (None, _) => Mac::Unchecked,
                (Some(_), None) => Mac::Missing,
                (Some(k), Some(m)) if k.verify(seq, &e.hash, &m) => Mac::Valid,
                (Some(_), Some(_)) => Mac::Invalid,
            };
            let recovered = (e.head.kind == super::append::RECOVERED)
                .then(|| e.raw.contains("\"reason\":\"head_behind\""));
            Pre::Event(PreEvent {
                seq,
                hash: e.hash,
                prev: e.prev,
                hash_ok: e.computed_hash(&e.prev) == e.hash,
                mac,
                recovered,
            })
        }
    }
}

/// [`pre_line`] of every line of `region` (whole lines, each ending in `\n`), in order,
/// spread over up to `threads` threads with at least `min_bytes` bytes each: the region is cut
/// at line ends near equal shares, and each thread splits and checks its own share.
fn precompute(region: &[u8], key: Option<&ChainKey>, threads: usize, min_bytes: usize) -> Vec<Pre> {
    let threads = threads.min(region.len() / min_bytes.max(1)).max(1);
    let mut cuts = vec![0];
    for t in 1..threads {
        let at = (region.len() * t / threads).max(cuts.last().copied().unwrap_or(0));
        if let Some(i) = memchr::memchr(b'\n', &region[at..]) {
            cuts.push(at + i + 1);
        }
    }
    cuts.push(region.len());
    cuts.dedup();
    let shares: Vec<&[u8]> = cuts.windows(2).map(|w| &region[w[0]..w[1]]).collect();
    let check = |share: &[u8]| -> Vec<Pre> {
        let mut start = 0;
        memchr::memchr_iter(b'\n', share)
            .map(|end| {
                let line = &share[start..end];
                start = end + 1;
                pre_line(line, key)
            })
            .collect()
    };
    let Some((first, rest)) = shares.split_first() else { return Vec::new() };
    if rest.is_empty() {
        return check(first);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = rest.iter().map(|share| s.spawn(move || check(share))).collect();
        let mut out = check(first);
        for (h, share) in handles.into_iter().zip(rest) {
            // A worker that panicked (it should not) is redone here: the result is the same.
            match h.join() {
                Ok(v) => out.extend(v),
                Err(_) => out.extend(check(share)),
            }
        }
        out
    })
}

struct State {
    prev: [u8; 32],
    last_seq: u64,
    events: u64,
    authenticated: u64,
    findings: Vec<Finding>,
    /// Heads recorded elsewhere (`seq` if known, hash) and whether the journal holds them.
    recorded: Vec<(Option<u64>, [u8; 32], bool)>,
    /// Take the first header's link and seq as the starting point (exports).
    adopt_first_header: bool,
    /// Whether line MACs are checked (the store secret is known).
    keyed: bool,
    /// Format of the segment being read.
    segment_format: u64,
    /// The highest format a segment header has declared so far (formats never go back).
    newest_format: u64,
    /// The `first_seq` of the header just read, until the segment's first event is seen.
    header_first_seq: Option<u64>,
    /// The last `seq` whose line was not authenticated by a MAC.
    last_unauthenticated: u64,
    /// HEAD's `seq` and the hash the journal holds at that seq, once seen.
    head_probe: Option<(u64, Option<[u8; 32]>)>,
    /// The witness's `seq` and the hash the journal holds at that seq, once seen.
    witness_probe: Option<(u64, Option<[u8; 32]>)>,
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

    /// Take one line, in order.
    fn apply(&mut self, pre: Pre, seg: &str, lineno: u64) -> Result<()> {
        match pre {
            Pre::Unparsable(msg) => {
                self.push(FindingKind::ParseError, seg, lineno, None, msg);
            }
            Pre::Header(h) => {
                if h.format == 0 || h.format > FORMAT {
                    return Err(Error::UnsupportedFormat {
                        what: "journal",
                        got: h.format,
                        supported: FORMAT,
                    });
                }
                // The header is not covered by the chain: every field of it is checked
                // against what it describes, so no edit of it goes unseen.
                if let Some(n) = super::parse_segment_name(seg)
                    && n != h.segment
                {
                    self.push(
                        FindingKind::BrokenLink,
                        seg,
                        lineno,
                        None,
                        format!("segment header names segment {} but the file is {seg}", h.segment),
                    );
                }
                if h.format < self.newest_format {
                    self.push(
                        FindingKind::MacMismatch,
                        seg,
                        lineno,
                        None,
                        format!(
                            "segment header says format {} after a format-{} segment: a journal \
                             never goes back to an older format (its header was edited)",
                            h.format, self.newest_format
                        ),
                    );
                }
                self.newest_format = self.newest_format.max(h.format);
                self.segment_format = h.format;
                // Later headers are checked against the last event below.
                self.header_first_seq = (self.events == 0).then_some(h.first_seq);
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
            Pre::Event(e) => {
                let seq = e.seq;
                // (A seq that does not follow the last one is reported as a gap below.)
                if let Some(first) = self.header_first_seq.take()
                    && first != seq
                    && seq == self.last_seq + 1
                {
                    self.push(
                        FindingKind::SeqGap,
                        seg,
                        lineno,
                        Some(seq),
                        format!(
                            "segment header says it starts at seq {first} but its first event \
                             is seq {seq}"
                        ),
                    );
                }
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
                if !e.hash_ok {
                    self.push(FindingKind::HashMismatch, seg, lineno, Some(seq), format!(
                        "event seq {seq} does not hash to its stored hash {}: its bytes were changed",
                        short(&e.hash)
                    ));
                }
                self.check_mac(seq, e.mac, seg, lineno);
                if seq != self.last_seq + 1 {
                    self.push(
                        FindingKind::SeqGap,
                        seg,
                        lineno,
                        Some(seq),
                        format!("expected seq {} but found seq {seq}", self.last_seq + 1),
                    );
                }
                if let Some(head_behind) = e.recovered {
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
                for (s, h, found) in &mut self.recorded {
                    if *h == e.hash && s.is_none_or(|x| x == seq) {
                        *found = true;
                    }
                }
                if let Some((s, found)) = &mut self.head_probe
                    && *s == seq
                {
                    *found = Some(e.hash);
                }
                if let Some((s, found)) = &mut self.witness_probe
                    && *s == seq
                {
                    *found = Some(e.hash);
                }
            }
        }
        Ok(())
    }

    /// Account for the line's MAC when the secret is known: required in format-2 segments,
    /// checked wherever present.
    fn check_mac(&mut self, seq: u64, mac: Mac, seg: &str, lineno: u64) {
        if !self.keyed {
            self.last_unauthenticated = seq;
            return;
        }
        if self.segment_format < 2 && matches!(mac, Mac::Valid | Mac::Invalid) {
            // Only format-2 segments carry MACs (a format-1 journal continues in a new
            // segment): the header was edited to claim an older format.
            self.push(
                FindingKind::MacMismatch,
                seg,
                lineno,
                Some(seq),
                format!(
                    "event seq {seq} carries a MAC in a segment whose header says format {}: \
                     the header was edited",
                    self.segment_format
                ),
            );
        }
        match mac {
            Mac::Valid => {
                self.authenticated += 1;
                return;
            }
            Mac::Invalid => self.push(
                FindingKind::MacMismatch,
                seg,
                lineno,
                Some(seq),
                format!(
                    "event seq {seq}'s MAC does not verify under the store secret: the line was \
                     not written by aiperture, or its stored hash was edited"
                ),
            ),
            Mac::Missing if self.segment_format >= 2 => self.push(
                FindingKind::MacMismatch,
                seg,
                lineno,
                Some(seq),
                format!(
                    "event seq {seq} carries no MAC in a format-2 segment: the line was not \
                     written by aiperture"
                ),
            ),
            Mac::Missing | Mac::Unchecked => {}
        }
        self.last_unauthenticated = seq;
    }

    /// HEAD is behind the journal only because its last writes were lost: HEAD's MAC verifies,
    /// the journal holds HEAD's hash at HEAD's seq, and every event after it was authenticated
    /// by its MAC (so a writer holding the secret appended them).
    fn head_left_behind(&self, head: &Head, key: Option<&Secret>) -> bool {
        let Some(key) = key else { return false };
        let Some((seq, Some(found))) = self.head_probe else { return false };
        seq == head.seq
            && head.seq < self.last_seq
            && head.mac_ok(key)
            && unhex::<32>(&head.hash) == Some(found)
            && self.last_unauthenticated <= head.seq
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
                if self.head_left_behind(head, key) {
                    self.findings.push(Finding {
                        kind: FindingKind::HeadMismatch,
                        segment: "HEAD".into(),
                        line: 0,
                        seq: Some(head.seq),
                        message: format!(
                            "journal/HEAD records seq {} but the journal goes on to seq {}: \
                             HEAD's last writes did not reach the disk before the system \
                             stopped, and every event after it carries a valid MAC (the next \
                             writer repairs HEAD)",
                            head.seq, self.last_seq
                        ),
                        recovered: true,
                    });
                } else if head.seq != self.last_seq || head.hash != hex(&self.prev) {
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
            Expected::Witness { seq, hash } => {
                let found = self.witness_probe.and_then(|(_, f)| f);
                if found.as_ref() != Some(hash) {
                    let what = if *seq > self.last_seq {
                        format!(
                            "the journal ends at seq {}: events were removed, or the journal was \
                             deleted",
                            self.last_seq
                        )
                    } else {
                        format!(
                            "the journal holds {} at that seq: it was re-created or its history \
                             rewritten",
                            found.map_or_else(|| "no event".to_string(), |f| short(&f))
                        )
                    };
                    self.push(
                        FindingKind::WitnessMismatch,
                        "witness",
                        0,
                        Some(*seq),
                        format!(
                            "the store's witness in the user store recorded seq {seq} hash {} \
                             but {what}",
                            short(hash)
                        ),
                    );
                }
            }
            Expected::Recorded { seq, hash } => {
                let found =
                    self.recorded.iter().any(|(s, h, found)| *found && h == hash && s == seq);
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
        build_format(payloads, FORMAT)
    }

    /// [`build`] in journal format `format` (1: lines without MACs).
    fn build_format(payloads: &[String], format: u64) -> (Vec<Vec<u8>>, Head) {
        let key = ChainKey::line(&secret());
        let mut lines = vec![encode_header(&Header {
            kind: "header".into(),
            format,
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
            let mac = (format >= 2).then(|| key.mac(i as u64 + 1, &h));
            lines.push(encode_line(&h, mac.as_ref(), &raw));
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

    /// [`run`] with `tuning`, over a journal split into two segments at line `split`.
    fn run_tuned(
        lines: &[Vec<u8>],
        split: usize,
        head: &Head,
        tuning: &Tuning,
    ) -> std::result::Result<serde_json::Value, String> {
        let split = split.min(lines.len());
        let segs = vec![
            ("000001.jsonl".to_string(), std::io::Cursor::new(lines[..split].concat())),
            ("000002.jsonl".to_string(), std::io::Cursor::new(lines[split..].concat())),
        ];
        let mut calls = 0;
        let r = verify_with(
            segs,
            Some(&secret()),
            &[
                Expected::StoreHead(Some(head.clone())),
                Expected::Recorded { seq: Some(2), hash: [0; 32] },
            ],
            Start::Genesis,
            tuning,
            &mut |_| calls += 1,
        );
        let r = r.map_err(|e| e.to_string())?;
        assert!(calls >= 2, "progress is reported per block");
        serde_json::to_value(r).map_err(|e| e.to_string())
    }

    /// The segment header is outside the chain; an edit of any of its fields is still found
    /// (the proptest below found the segment number once).
    #[test]
    fn an_edited_segment_header_is_found() {
        let payloads: Vec<String> = vec!["a".into(), "b".into()];
        let (lines, head) = build(&payloads);
        let header = String::from_utf8(lines[0].clone()).unwrap_or_default();
        for (from, to, kind) in [
            ("\"segment\":1", "\"segment\":0", "broken_link"),
            ("\"first_seq\":1", "\"first_seq\":0", "seq_gap"),
            ("\"format\":2", "\"format\":1", "mac_mismatch"),
        ] {
            assert!(header.contains(from), "{header}");
            let mut edited = lines.clone();
            edited[0] = header.replace(from, to).into_bytes();
            let r = run(&edited, &head).unwrap_or_else(|e| panic!("{to}: {e}"));
            assert!(!r.intact, "{to} went unseen");
            assert!(r.findings.iter().any(|f| f.kind.as_str() == kind), "{to}: {:?}", r.findings);
        }
        // A later segment may not go back to format 1 either.
        let mut two = lines.clone();
        two.insert(
            2,
            encode_header(&Header {
                kind: "header".into(),
                format: 1,
                segment: 1,
                first_seq: 2,
                prev: hex(&link(&GENESIS, b"")),
            }),
        );
        let r = run(&two, &head).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            r.findings.iter().any(|f| f.message.contains("never goes back")),
            "{:?}",
            r.findings
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        // Reading in small blocks on several threads finds exactly what one pass on one
        // thread finds, whatever was changed, cut or removed.
        #[test]
        fn reading_the_writers_own_lines_matches_the_parser(
            payloads in proptest::collection::vec("(.|\\PC){0,60}", 1..12),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
            keyed in any::<bool>(),
        ) {
            // Lines exactly as the writer makes them.
            let k = ChainKey::line(&secret());
            let mut prev = GENESIS;
            let mut lines = Vec::new();
            for (i, p) in payloads.iter().enumerate() {
                #[derive(serde::Serialize)]
                struct Body<'a> {
                    note: &'a str,
                }
                let kind = if i % 3 == 2 { "recovered" } else { "check" };
                let event = serde_json::to_vec(&entry::EventOut {
                    seq: i as u64 + 1,
                    ts: crate::clock::Timestamp::parse("2026-11-26T10:00:00.000000Z")
                        .unwrap_or_else(|| unreachable!()),
                    kind,
                    prev: &hex(&prev),
                    body: &Body { note: p },
                })
                .unwrap_or_default();
                let h = link(&prev, &event);
                lines.push(encode_line(&h, Some(&k.mac(i as u64 + 1, &h)), &event));
                prev = h;
            }
            let key = keyed.then_some(&k);
            for line in &lines {
                let mut line = line.strip_suffix(b"\n").unwrap_or(line).to_vec();
                prop_assert!(entry::read_written(&line).is_some());
                prop_assert_eq!(pre_line(&line, key), pre_parsed(&line, key));
                for (at, b) in &edits {
                    let i = at.index(line.len());
                    line[i] = *b;
                }
                prop_assert_eq!(pre_line(&line, key), pre_parsed(&line, key));
            }
        }

        #[test]
        fn blocks_and_threads_change_nothing(
            payloads in proptest::collection::vec(".{0,60}", 1..40),
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
            cut in proptest::option::of(any::<prop::sample::Index>()),
            drop in proptest::option::of(any::<prop::sample::Index>()),
            split in 0usize..45,
            block in 1usize..400,
            threads in 1usize..5,
        ) {
            let (mut lines, head) = build(&payloads);
            if let Some(d) = drop {
                lines.remove(d.index(lines.len()));
            }
            let mut bytes: Vec<u8> = lines.concat();
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            if let Some(c) = cut {
                bytes.truncate(c.index(bytes.len() + 1));
            }
            // Back into lines (an edit may have made or removed a newline).
            let lines: Vec<Vec<u8>> =
                bytes.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let one = Tuning { block: 1 << 20, threads: 1, min_per_thread: 1 };
            let many = Tuning { block, threads, min_per_thread: 1 };
            let a = run_tuned(&lines, split, &head, &one);
            let b = run_tuned(&lines, split, &head, &many);
            prop_assert_eq!(a, b);
        }

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
                prop_assert_eq!(&encode_line(&e.hash, e.mac.as_ref(), e.raw.as_bytes()), line);
            }
        }

        /// HEAD left any number of appends behind (a power loss before its unsynced writes
        /// reached the disk) is accepted when every later line carries a valid MAC, and only
        /// then.
        #[test]
        fn a_head_left_behind_is_accepted_only_over_authenticated_lines(
            payloads in proptest::collection::vec("[a-z]{0,10}", 2..12),
            behind in 1usize..6,
        ) {
            let behind = behind.min(payloads.len());
            let (lines, _) = build(&payloads);
            let at = payloads.len() - behind;
            let old = head_at(&lines, at);
            let r = run(&lines, &old).unwrap();
            prop_assert!(r.intact, "{:?}", r.findings);
            prop_assert_eq!(r.authenticated, payloads.len() as u64);
            prop_assert!(r.findings.iter().all(|f| f.recovered && f.kind == FindingKind::HeadMismatch));
            prop_assert_eq!(r.findings.len(), 1);

            // The same state over format-1 lines (no MACs) is a mismatch.
            let (lines1, _) = build_format(&payloads, 1);
            let r = run(&lines1, &head_at(&lines1, at)).unwrap();
            prop_assert!(!r.intact);
            prop_assert_eq!(r.authenticated, 0);

            // Without the secret nothing can vouch for the lines after HEAD.
            let r = verify(
                vec![("000001.jsonl".to_string(), std::io::Cursor::new(lines.concat()))],
                None,
                &[Expected::StoreHead(Some(old.clone()))],
                Start::Genesis,
            ).unwrap();
            prop_assert!(!r.intact);
        }

        /// A line appended by anything without the secret is located exactly, whether it has
        /// no MAC or a made-up one, even when it chains correctly.
        #[test]
        fn an_appended_line_without_a_valid_mac_is_a_mac_mismatch(
            payloads in proptest::collection::vec("[a-z]{0,10}", 1..8),
            made_up in any::<bool>(),
        ) {
            let (mut lines, _) = build(&payloads);
            let n = payloads.len() as u64;
            let prev = entry_hash(&lines[lines.len() - 1]);
            let event = format!(
                r#"{{"seq":{},"ts":"2026-11-26T10:00:00.000000Z","kind":"decision","prev":"{}"}}"#,
                n + 1,
                hex(&prev)
            );
            let h = link(&prev, event.as_bytes());
            let mac = made_up.then_some([7u8; 32]);
            lines.push(encode_line(&h, mac.as_ref(), event.as_bytes()));
            // HEAD one behind, as the forger leaves it.
            let head = head_at(&lines, payloads.len());
            let r = run(&lines, &head).unwrap();
            prop_assert!(!r.intact);
            let kinds: Vec<_> = r.findings.iter().filter(|f| !f.recovered).map(|f| (f.kind, f.line)).collect();
            prop_assert_eq!(&kinds[..], &[
                (FindingKind::MacMismatch, lines.len() as u64),
                (FindingKind::HeadMismatch, 0),
            ]);
        }
    }

    /// The stored hash of an event line.
    fn entry_hash(line: &[u8]) -> [u8; 32] {
        match crate::journal::entry::parse_line(&line[..line.len() - 1]) {
            Ok(crate::journal::entry::Line::Event(e)) => e.hash,
            _ => GENESIS,
        }
    }

    /// HEAD recording the event on `lines[k]` (`k` = seq; 0 is genesis).
    fn head_at(lines: &[Vec<u8>], k: usize) -> Head {
        let hash = if k == 0 { GENESIS } else { entry_hash(&lines[k]) };
        Head::new(&secret(), k as u64, &hash)
    }
}
