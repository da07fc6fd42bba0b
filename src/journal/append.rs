//! The journal writer: the only code that appends events.
//!
//! A [`Writer`] is opened with the store lock held (its owner keeps the guard alive). Opening it
//! reads the tail of the last segment (no full scan), sets a torn last line aside into
//! `journal/torn-<seq>.bin` and journals a `recovered` event for it. Each append is one
//! `write_all` of a whole line (carrying its MAC) on an append-mode file, then `sync_data` when
//! durability asks for it, then an in-place, unsynced rewrite of HEAD's slot; segments rotate
//! by size, the new segment being created complete with its header by an atomic rename.
//!
//! An append may also be split in two ([`Writer::write`], then [`Writer::settle`]): the line is
//! written and its write to the device started at once (on Linux), the caller does work that
//! does not need it durable (applying the event to the index), and `settle` then waits for the
//! sync and records HEAD. Until it is settled the writer's tail stays before the line, and a
//! writer whose sync failed refuses to append again (the line is in the file, so a new line
//! chained to the old tail would fork the journal).
//!
//! Before anything is appended the writer checks the journal's end: the last event must carry
//! a MAC that verifies under the store secret (format 2), and HEAD must be that event or an
//! earlier one on the same chain. HEAD is written without a sync because the line MACs make a
//! HEAD that is behind harmless: after a power loss HEAD may miss the last appends, but those
//! lines prove by their MACs that aiperture wrote them, so the writer accepts them, rewrites
//! HEAD and journals a `recovered` event. HEAD can never be ahead of the synced journal, since
//! it is written after the line's sync. A journal whose last segment is still format 1 (no
//! MACs) continues in a new format-2 segment.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::entry::{self, ChainKey, EventOut, Header, Line};
use super::head::Head;
use super::{FORMAT, GENESIS, list_segments, segment_name};
use crate::clock::Timestamp;
use crate::encoding::{hex, unhex};
use crate::error::{Error, IoContext, Result};
use crate::store::fsutil::{self, Sync};
use crate::store::lock::StoreLock;
use crate::store::{Secret, Store, layout};

/// Where the journal ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tail {
    /// Last segment number (0 when there is no journal yet).
    pub segment: u32,
    /// `seq` of the last event (0 when empty).
    pub seq: u64,
    /// Hash of the last event (zeros when empty).
    pub hash: [u8; 32],
    /// Byte length of the last segment.
    pub len: u64,
    /// The `prev` of the last event (equal to `hash` when the segment has no event yet).
    pub last_prev: [u8; 32],
    /// Format of the last segment (its header's `format`; [`FORMAT`] when there is none yet).
    pub format: u64,
    /// The MAC stored on the last event line, if the last line is an event that has one.
    pub mac: Option<[u8; 32]>,
    /// True when the last line of the last segment is an event (not the header).
    pub ends_with_event: bool,
}

impl Tail {
    fn empty() -> Tail {
        Tail {
            segment: 0,
            seq: 0,
            hash: GENESIS,
            len: 0,
            last_prev: GENESIS,
            format: FORMAT,
            mac: None,
            ends_with_event: false,
        }
    }
}

/// What an append produced.
#[derive(Debug, Clone)]
pub struct Appended {
    /// Sequence number given to the event.
    pub seq: u64,
    /// Its hash.
    pub hash: [u8; 32],
    /// Segment it went to.
    pub segment: u32,
    /// Byte offset just past its line.
    pub end: u64,
    /// Its time, as written.
    pub ts: Timestamp,
    /// The exact bytes of the event as written (the hashed bytes).
    pub event: Vec<u8>,
}

/// Appends events under the store lock.
#[derive(Debug)]
pub struct Writer {
    dir: PathBuf,
    secret: Secret,
    key: ChainKey,
    tail: Tail,
    segment_max: u64,
    fsync: bool,
    /// The store's witness in the user store (`None` for the user store itself), and the
    /// store folder it names.
    witness: Option<(PathBuf, PathBuf)>,
    /// Group commit (see [`Writer::defer`]): appends write their lines only; syncing them and
    /// recording them in HEAD is left to a [`Publisher`].
    deferred: bool,
    /// Lines written to the last segment since it was last synced (deferred mode).
    unsynced: bool,
    /// Deferred mode: the segment last written to, kept open for its [`Publisher`]'s sync.
    written: Option<(u32, std::sync::Arc<File>)>,
    /// Deferred mode: start each line's write to the device as it is written (see
    /// [`Writer::defer`]).
    early_writeback: bool,
    /// A line [`Writer::write`] wrote whose sync and HEAD record [`Writer::settle`] still owes.
    owed: Option<Owed>,
    /// A sync of a written line failed: the file holds a line the tail does not, so nothing
    /// more may be appended by this writer.
    broken: bool,
}

/// A written line waiting for its sync (see [`Writer::write`]).
#[derive(Debug)]
struct Owed {
    file: File,
    /// The journal's end with the line.
    tail: Tail,
}

/// Makes the lines a deferred [`Writer`] appended durable and records them in HEAD and the
/// witness: the second half of an append, done once for a whole group of them.
#[derive(Debug, Clone)]
pub struct Publisher {
    dir: PathBuf,
    secret: Secret,
    witness: Option<(PathBuf, PathBuf)>,
    /// The segment the writer last wrote to, still open (its number, the file): a sync of that
    /// segment uses it instead of opening the file again.
    written: Option<(u32, std::sync::Arc<File>)>,
}

impl Publisher {
    /// `fdatasync` the segment `tail` ends in (lines in earlier segments were synced when the
    /// writer moved on). Every line written to it before this call is durable afterwards,
    /// whichever thread of the process wrote it.
    pub fn sync(&self, tail: &Tail) -> Result<()> {
        if tail.segment == 0 {
            return Ok(());
        }
        let path = self.dir.join(segment_name(tail.segment));
        let opened;
        let f = match &self.written {
            Some((n, f)) if *n == tail.segment => f.as_ref(),
            _ => {
                opened = OpenOptions::new().append(true).open(&path).at("open", &path)?;
                &opened
            }
        };
        sync_data(f).at("sync", &path)
    }

    /// Record `tail` in HEAD and then the witness, without a sync (as [`Writer::append`]
    /// does). Call it only once [`Publisher::sync`] covered `tail`, so HEAD is never ahead of
    /// the synced journal.
    pub fn publish(&self, tail: &Tail) -> Result<()> {
        record_head(&self.dir, &self.secret, self.witness.as_ref(), tail)
    }
}

/// `fdatasync` a segment (or fail as `AIPERTURE_FAULT=sync:<n>` asks).
fn sync_data(f: &File) -> std::io::Result<()> {
    if crate::store::fault::fails(crate::store::fault::Site::Sync) {
        return Err(crate::store::fault::eio());
    }
    f.sync_data()
}

/// Start writing the `len` bytes at `offset` of `f` (a line just appended) to the device,
/// without waiting, so that the sync that follows finds that write under way or done.
///
/// Linux: `posix_fadvise(POSIX_FADV_DONTNEED)` starts writeback of the range's dirty pages
/// (`WB_SYNC_NONE`, as `sync_file_range(SYNC_FILE_RANGE_WRITE)` does) and then drops only the
/// range's whole pages that are clean, never a dirty page or one under writeback, so the line
/// just written stays cached. Advice only: an error changes nothing, the sync still decides.
/// Elsewhere nothing is started early.
#[cfg(target_os = "linux")]
fn start_writeback(f: &File, offset: u64, len: usize) {
    let _ = rustix::fs::fadvise(
        f,
        offset,
        std::num::NonZeroU64::new(len as u64),
        rustix::fs::Advice::DontNeed,
    );
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_f: &File, _offset: u64, _len: usize) {}

/// Write `tail` into HEAD's slot, then the witness's (which follows HEAD, so it is never
/// ahead of the journal either), without a sync: the lines' MACs vouch for them if HEAD is
/// lost. The record of the event before goes into a new file's other slot.
fn record_head(
    dir: &Path,
    secret: &Secret,
    witness: Option<&(PathBuf, PathBuf)>,
    tail: &Tail,
) -> Result<()> {
    let previous = Head::new(secret, tail.seq.saturating_sub(1), &tail.last_prev);
    let head = Head::new(secret, tail.seq, &tail.hash);
    head.write(&dir.join(layout::HEAD), &previous)?;
    if let Some((path, root)) = witness {
        crate::store::witness::write(path, root, &head, &previous)?;
    }
    Ok(())
}

/// The kind of the events the journal writes itself, when it recovers from a crash.
pub const RECOVERED: &str = "recovered";

/// Payload of a `recovered` event. A torn tail set aside (`reason` `torn_write`) says where
/// it was and where its bytes went (`segment`, `offset`, `bytes`, `sha256`, `file`); an
/// append whose HEAD update was cut off (`head_behind`) says which events HEAD did not record
/// (`head_seq`, `unheaded_seq`, `unheaded_last`). Fields a reason does not use are absent.
/// (Payload fields never reuse the common event fields `seq`, `ts`, `kind` and `prev`.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveredEvent {
    /// `torn_write` or `head_behind`.
    pub reason: String,
    /// Segment the torn tail was cut from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Byte offset the torn tail started at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Length of the torn tail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// SHA-256 of the torn tail, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// File the torn tail was moved to (`torn-<seq>.bin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The last event HEAD recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_seq: Option<u64>,
    /// The first event HEAD did not record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unheaded_seq: Option<u64>,
    /// The last event HEAD did not record (the journal's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unheaded_last: Option<u64>,
}

impl Writer {
    /// Open the journal for appending; recovers a torn tail (journaling it at `now`).
    /// The lock guard proves the caller holds the store lock for the writer's lifetime.
    pub fn open(
        store: &Store,
        _lock: &StoreLock,
        secret: Secret,
        segment_max: u64,
        fsync: bool,
        now: DateTime<Utc>,
    ) -> Result<Writer> {
        let dir = store.path(layout::JOURNAL);
        let (tail, torn) = read_tail(&dir)?;
        let key = ChainKey::line(&secret);
        let head_behind = check_head(&dir, &secret, &key, &tail)?;
        if let Some(path) = store.witness_path() {
            check_witness(&dir, path, &tail)?;
        }
        let mut w = Writer::at(store, secret, segment_max, fsync, tail);
        if let Some(torn) = torn {
            w.set_aside(&torn, now)?;
        }
        if let Some(head_seq) = head_behind {
            // The lines past HEAD may never have been synced (a writer killed between its
            // append and its sync, or a group commit's lines): sync them before HEAD records
            // them, so HEAD is never ahead of the synced journal.
            w.publisher().sync(&w.tail)?;
            // Rewrite the record HEAD is missing (its slot may be torn), so both slots are
            // readable again, then journal the recovery.
            let t = &w.tail;
            record_head(&w.dir, &w.secret, w.witness.as_ref(), t)?;
            let body = RecoveredEvent {
                reason: "head_behind".into(),
                head_seq: Some(head_seq),
                unheaded_seq: Some(head_seq + 1),
                unheaded_last: Some(t.seq),
                ..RecoveredEvent::default()
            };
            w.append(RECOVERED, &body, now, true)?;
        }
        Ok(w)
    }

    /// A writer at `tail`, remembered from an earlier writer of this process, if the journal
    /// still ends there: HEAD records exactly that event (and its MAC verifies), and the last
    /// segment is `tail.segment` with `tail.len` bytes. `None` when anything differs (the
    /// caller then opens normally, with recovery).
    pub fn resume(
        store: &Store,
        _lock: &StoreLock,
        secret: Secret,
        segment_max: u64,
        fsync: bool,
        tail: Tail,
    ) -> Result<Option<Writer>> {
        let dir = store.path(layout::JOURNAL);
        let Some(bytes) = fsutil::read_optional(&dir.join(layout::HEAD))? else { return Ok(None) };
        let Ok(parsed) = Head::parse_slots(&bytes) else { return Ok(None) };
        if parsed.other_unreadable {
            return Ok(None);
        }
        let head = parsed.head;
        if !head.mac_ok(&secret)
            || head.seq != tail.seq
            || unhex::<32>(&head.hash) != Some(tail.hash)
            || tail.segment == 0
        {
            return Ok(None);
        }
        let len = |n: u32| std::fs::metadata(dir.join(segment_name(n))).map(|m| m.len()).ok();
        if len(tail.segment) != Some(tail.len) || len(tail.segment + 1).is_some() {
            return Ok(None);
        }
        Ok(Some(Writer::at(store, secret, segment_max, fsync, tail)))
    }

    /// A writer at `tail` without looking at the store: only for a caller that has held the
    /// store lock without a break since a writer of its own left the journal at `tail` (a
    /// group commit: HEAD may then still be behind `tail`, with the [`Publisher`] about to
    /// catch it up).
    pub fn at(store: &Store, secret: Secret, segment_max: u64, fsync: bool, tail: Tail) -> Writer {
        let dir = store.path(layout::JOURNAL);
        let key = ChainKey::line(&secret);
        let witness = store.witness_path().map(|p| (p.to_path_buf(), store.root().to_path_buf()));
        Writer {
            dir,
            secret,
            key,
            tail,
            segment_max,
            fsync,
            witness,
            deferred: false,
            unsynced: false,
            written: None,
            early_writeback: false,
            owed: None,
            broken: false,
        }
    }

    /// Group commit: from now on, appends only write their lines (a line is still one
    /// `write_all`, so the chain and the line MACs are as always); syncing them and recording
    /// them in HEAD and the witness is left to the [`Publisher`], once for a whole group. The
    /// caller must keep the store lock until it has published the writer's tail, or another
    /// writer would find HEAD behind the journal and journal a recovery. When the writer moves
    /// to a new segment it syncs the old one first, so a [`Publisher`] needs to sync only the
    /// last segment.
    ///
    /// With `early_writeback`, each line's write to the device is started as it is written, so
    /// the sync finds it under way: for a caller with one writer and work to do between its
    /// appends and the sync (an MCP session). A group of concurrent writers leaves it off, so
    /// that one sync writes all of their lines at once.
    pub fn defer(&mut self, early_writeback: bool) {
        self.deferred = true;
        self.early_writeback = early_writeback;
    }

    /// What makes this writer's deferred appends durable.
    pub fn publisher(&self) -> Publisher {
        Publisher {
            dir: self.dir.clone(),
            secret: self.secret.clone(),
            witness: self.witness.clone(),
            written: self.written.clone(),
        }
    }

    /// The journal's current end.
    pub fn tail(&self) -> &Tail {
        &self.tail
    }

    /// The journal folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Append one event of `kind` with `body`; `force_sync` syncs even under `flush`.
    pub fn append<P: Serialize>(
        &mut self,
        kind: &str,
        body: &P,
        ts: DateTime<Utc>,
        force_sync: bool,
    ) -> Result<Appended> {
        let a = self.write(kind, body, ts, force_sync)?;
        self.settle()?;
        Ok(a)
    }

    /// The first half of [`Writer::append`]: write the line. When it must be synced (and the
    /// writer is not deferred) its write to the device is started and the sync and the HEAD
    /// record are left to [`Writer::settle`], which the caller must call before anything
    /// depends on the event being durable (an answer, releasing the store lock); until then
    /// [`Writer::tail`] stays before the line. An owed settle is made first.
    pub fn write<P: Serialize>(
        &mut self,
        kind: &str,
        body: &P,
        ts: DateTime<Utc>,
        force_sync: bool,
    ) -> Result<Appended> {
        self.settle()?;
        if self.broken {
            return Err(Error::Invalid(
                "the journal writer stopped after a failed sync; open the store again".into(),
            ));
        }
        if self.tail.segment == 0 || self.tail.len >= self.segment_max || self.tail.format < FORMAT
        {
            self.new_segment()?;
        }
        let seq = self.tail.seq + 1;
        let ts = Timestamp::from(ts);
        let prev = hex(&self.tail.hash);
        let event = serde_json::to_vec(&EventOut { seq, ts, kind, prev: &prev, body })
            .map_err(|e| Error::Json { what: format!("{kind} event"), source: e })?;
        let hash = entry::link(&self.tail.hash, &event);
        let mac = self.key.mac(seq, &hash);
        let line = entry::encode_line(&hash, Some(&mac), &event);
        let path = self.dir.join(segment_name(self.tail.segment));
        let mut f = OpenOptions::new().append(true).open(&path).at("open", &path)?;
        if crate::store::fault::fails(crate::store::fault::Site::Journal) {
            // As a full disk may: part of the line, then the error.
            let _ = f.write_all(&line[..line.len() / 2]);
            return Err(crate::store::fault::enospc()).at("append to", &path);
        }
        f.write_all(&line).at("append to", &path)?;
        let mut tail = self.tail.clone();
        tail.last_prev = tail.hash;
        tail.seq = seq;
        tail.hash = hash;
        tail.len += line.len() as u64;
        tail.mac = Some(mac);
        tail.ends_with_event = true;
        let appended = Appended { seq, hash, segment: tail.segment, end: tail.len, ts, event };
        if self.deferred {
            if self.early_writeback && self.fsync {
                start_writeback(&f, self.tail.len, line.len());
            }
            self.written = Some((tail.segment, std::sync::Arc::new(f)));
            self.tail = tail;
            self.unsynced = true;
            return Ok(appended);
        }
        if self.fsync || force_sync {
            start_writeback(&f, self.tail.len, line.len());
            self.owed = Some(Owed { file: f, tail });
            return Ok(appended);
        }
        self.tail = tail;
        // Not synced (durability `flush`): the line's MAC vouches for it if HEAD is lost.
        record_head(&self.dir, &self.secret, self.witness.as_ref(), &self.tail)?;
        Ok(appended)
    }

    /// The second half of [`Writer::append`]: sync the line [`Writer::write`] wrote, move the
    /// tail past it and record it in HEAD (not synced: the line's MAC vouches for it if HEAD is
    /// lost). Nothing to do when nothing is owed. A failed sync leaves the tail before the
    /// line and the writer refusing further appends.
    pub fn settle(&mut self) -> Result<()> {
        let Some(owed) = self.owed.take() else { return Ok(()) };
        if let Err(e) = sync_data(&owed.file) {
            self.broken = true;
            return Err(e).at("sync", &self.dir.join(segment_name(owed.tail.segment)));
        }
        drop(owed.file);
        self.tail = owed.tail;
        record_head(&self.dir, &self.secret, self.witness.as_ref(), &self.tail)
    }

    fn new_segment(&mut self) -> Result<()> {
        if self.deferred && self.unsynced {
            self.publisher().sync(&self.tail)?;
            self.unsynced = false;
        }
        fsutil::ensure_dir(&self.dir)?;
        let n = self.tail.segment + 1;
        let header = Header {
            kind: "header".into(),
            format: FORMAT,
            segment: n,
            first_seq: self.tail.seq + 1,
            prev: hex(&self.tail.hash),
        };
        let bytes = entry::encode_header(&header);
        let path = self.dir.join(segment_name(n));
        if path.exists() {
            return Err(Error::Journal {
                path,
                line: 0,
                message: "segment already exists; the journal folder is inconsistent".into(),
            });
        }
        fsutil::write_atomic(&path, &bytes, Sync::Durable)?;
        self.tail.segment = n;
        self.tail.len = bytes.len() as u64;
        self.tail.format = FORMAT;
        self.tail.mac = None;
        self.tail.ends_with_event = false;
        Ok(())
    }

    fn set_aside(&mut self, torn: &Torn, now: DateTime<Utc>) -> Result<()> {
        let seq = self.tail.seq + 1;
        let name = format!("torn-{seq}.bin");
        let torn_path = self.dir.join(&name);
        fsutil::write_atomic(&torn_path, &torn.bytes, Sync::Durable)?;
        let seg = self.dir.join(segment_name(self.tail.segment));
        let f = OpenOptions::new().write(true).open(&seg).at("open", &seg)?;
        f.set_len(torn.offset).at("truncate", &seg)?;
        f.sync_all().at("sync", &seg)?;
        self.tail.len = torn.offset;
        let body = RecoveredEvent {
            reason: "torn_write".into(),
            segment: Some(segment_name(self.tail.segment)),
            offset: Some(torn.offset),
            bytes: Some(torn.bytes.len() as u64),
            sha256: Some(hex(&Sha256::digest(&torn.bytes))),
            file: Some(name),
            ..RecoveredEvent::default()
        };
        self.append(RECOVERED, &body, now, true)?;
        Ok(())
    }
}

/// Compare HEAD with the journal's end before anything is appended.
///
/// A writer must never bless a journal that HEAD and the line MACs do not vouch for: events
/// removed from the end, a rewritten history, events appended by something other than a
/// writer, a forged HEAD or a replaced secret all stop every write (fail closed) until a human
/// looks. The states a crash can leave are accepted and journaled as `recovered`;
/// `Some(head_seq)` reports them: HEAD behind a last event whose MAC verifies (format 2: HEAD
/// is not synced, so a power loss can leave it any number of appends behind), or, in a
/// format-1 segment, HEAD exactly one append behind (the append was cut off before its HEAD
/// update).
fn check_head(dir: &Path, secret: &Secret, key: &ChainKey, tail: &Tail) -> Result<Option<u64>> {
    let path = dir.join(layout::HEAD);
    let refuse = |message: String| Error::Journal { path: path.clone(), line: 0, message };
    // In a format-2 segment the last event must prove that a writer holding the secret wrote
    // it; its hash chain then vouches for every event before it.
    let authenticated = tail.format >= 2 && tail.ends_with_event;
    if authenticated {
        let seg = dir.join(segment_name(tail.segment));
        let bad = |what: &str| Error::Journal {
            path: seg.clone(),
            line: 0,
            message: format!(
                "the journal's last event (seq {}) {what}: it was not written by aiperture, or \
                 the store secret was replaced; writing is refused until the journal is verified",
                tail.seq
            ),
        };
        match &tail.mac {
            None => return Err(bad("carries no MAC")),
            Some(m) if !key.verify(tail.seq, &tail.hash, m) => {
                return Err(bad("has a MAC that does not verify under the store secret"));
            }
            Some(_) => {}
        }
    }
    let parsed = match fsutil::read_optional(&path)? {
        Some(bytes) => {
            Head::parse_slots(&bytes).map_err(|m| refuse(format!("HEAD is unreadable: {m}")))?
        }
        None if tail.seq == 0 => return Ok(None),
        // The first append ever was cut off before its HEAD was written.
        None if tail.seq == 1 && tail.last_prev == GENESIS => return Ok(Some(0)),
        None => {
            return Err(refuse(format!(
                "HEAD is missing but the journal holds {} events; writing is refused until the \
             journal is verified",
                tail.seq
            )));
        }
    };
    let head = parsed.head;
    if !head.mac_ok(secret) {
        return Err(refuse(
            "HEAD's MAC does not verify under the store secret (forged HEAD or replaced \
             secret); writing is refused until the journal is verified"
                .into(),
        ));
    }
    let head_hash = unhex::<32>(&head.hash).unwrap_or(GENESIS);
    if head.seq == tail.seq && head_hash == tail.hash {
        if parsed.other_unreadable && head.seq >= 1 {
            // A torn HEAD write leaves the journal at least one event ahead of the readable
            // slot; an erased slot with the journal ending at the older record hides removed
            // events.
            return Err(refuse(format!(
                "HEAD's newer slot is unreadable and the journal ends at the older record (seq \
                 {}): the last event may have been removed; writing is refused until the \
                 journal is verified",
                head.seq
            )));
        }
        return Ok(None);
    }
    if head.seq + 1 == tail.seq && tail.last_prev == head_hash {
        return Ok(Some(head.seq));
    }
    if authenticated && head.seq < tail.seq && on_chain(dir, head.seq, &head_hash)? {
        return Ok(Some(head.seq));
    }
    Err(refuse(format!(
        "the journal ends at seq {} but HEAD records seq {} ({}); writing is refused until \
         the journal is verified",
        tail.seq,
        head.seq,
        match head.seq.cmp(&tail.seq) {
            std::cmp::Ordering::Greater => "events were removed from the end",
            std::cmp::Ordering::Equal => "the history was rewritten",
            std::cmp::Ordering::Less => "events were added without HEAD",
        }
    )))
}

/// Compare the store's witness in the user store with the journal's end before anything is
/// appended (see [`crate::store::witness`]): a journal that ends before the witness, or holds
/// another hash at its seq, was deleted, re-created or rolled back, and writing is refused
/// until a human looks. A witness behind the journal on the same chain is normal (the process
/// that appended after it was killed before writing it).
fn check_witness(dir: &Path, path: &Path, tail: &Tail) -> Result<()> {
    let refuse = |message: String| Error::Journal { path: path.to_path_buf(), line: 0, message };
    let parsed = match crate::store::witness::read(path)? {
        None => return Ok(()),
        Some(Ok(p)) => p,
        Some(Err(m)) => {
            return Err(refuse(format!(
                "the journal's witness is unreadable ({m}); writing is refused until a human                  looks (`aiperture verify-chain`; delete the witness file to start witnessing                  afresh)"
            )));
        }
    };
    let w = parsed.head;
    let hash = unhex::<32>(&w.hash).unwrap_or([0xff; 32]);
    let fits = match w.seq.cmp(&tail.seq) {
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => hash == tail.hash,
        std::cmp::Ordering::Less => on_chain(dir, w.seq, &hash)?,
    };
    if fits {
        return Ok(());
    }
    let what = if w.seq > tail.seq {
        "events were removed, or the journal was deleted"
    } else {
        "the journal was re-created or its history rewritten"
    };
    Err(refuse(format!(
        "the journal in {} ends at seq {} but its witness in the user store recorded seq {}          (hash {}): {what}. Writing is refused until a human looks: restore the journal from          a backup, or, to accept the loss and witness this journal from now on, delete the          witness file",
        dir.display(),
        tail.seq,
        w.seq,
        w.hash.chars().take(12).collect::<String>()
    )))
}

/// Whether the event `seq` of the journal has `hash` (read backwards from the end, so the cost
/// is the distance from the end). Seq 0 is the genesis link.
fn on_chain(dir: &Path, seq: u64, hash: &[u8; 32]) -> Result<bool> {
    if seq == 0 {
        return Ok(*hash == GENESIS);
    }
    let mut found = false;
    super::read::scan_backward(dir, &mut |e, _| {
        if e.head.seq == seq {
            found = e.hash == *hash;
            return Ok(std::ops::ControlFlow::Break(()));
        }
        if e.head.seq < seq {
            return Ok(std::ops::ControlFlow::Break(()));
        }
        Ok(std::ops::ControlFlow::Continue(()))
    })?;
    Ok(found)
}

/// Bytes after the last newline of the last segment.
#[derive(Debug)]
struct Torn {
    offset: u64,
    bytes: Vec<u8>,
}

/// Find the end of the journal by reading the last segment backwards.
fn read_tail(dir: &Path) -> Result<(Tail, Option<Torn>)> {
    let segments = list_segments(dir)?;
    let Some((n, path)) = segments.last() else {
        return Ok((Tail::empty(), None));
    };
    let mut f = File::open(path).at("open", path)?;
    let len = f.metadata().at("stat", path)?.len();
    let (buf, buf_start) = read_back(&mut f, path, len)?;
    // `buf` ends at `len`; it holds the last complete line and any torn bytes after it.
    let last_nl = buf.iter().rposition(|&b| b == b'\n');
    let (complete_end, torn) = match last_nl {
        Some(i) if i + 1 == buf.len() => (buf.len(), None),
        Some(i) => {
            (i + 1, Some(Torn { offset: buf_start + i as u64 + 1, bytes: buf[i + 1..].to_vec() }))
        }
        None => (0, Some(Torn { offset: buf_start, bytes: buf.clone() })),
    };
    let body = &buf[..complete_end];
    let line_start =
        body[..body.len().saturating_sub(1)].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let bad = |message: String| Error::Journal { path: path.clone(), line: 0, message };
    if body.is_empty() {
        return Err(bad("segment has no complete header line".into()));
    }
    let line = &body[line_start..body.len() - 1];
    let (seq, hash, last_prev, mac, format) = match entry::parse_line(line) {
        Ok(Line::Header(h)) => {
            let prev = unhex::<32>(&h.prev).unwrap_or(GENESIS);
            (h.first_seq.saturating_sub(1), prev, prev, None, Some(h.format))
        }
        Ok(Line::Event(e)) => (e.head.seq, e.hash, e.prev, e.mac, None),
        Err(msg) => {
            return Err(bad(format!(
                "the last line cannot be read ({msg}); run `aiperture verify-chain`"
            )));
        }
    };
    let ends_with_event = format.is_none();
    let format = match format {
        Some(f) => f,
        None => read_header(&mut f, path)?.format,
    };
    if format == 0 || format > FORMAT {
        return Err(Error::UnsupportedFormat { what: "journal", got: format, supported: FORMAT });
    }
    let keep_len = torn.as_ref().map_or(len, |t| t.offset);
    Ok((
        Tail { segment: *n, seq, hash, len: keep_len, last_prev, format, mac, ends_with_event },
        torn,
    ))
}

/// The header (first line) of a segment.
fn read_header(f: &mut File, path: &Path) -> Result<Header> {
    f.seek(SeekFrom::Start(0)).at("seek", path)?;
    // A header is about 150 bytes; 4 KiB bounds the read of a damaged one (and, as the
    // buffer's capacity, makes it one read).
    let mut buf = Vec::with_capacity(4096);
    f.take(4096).read_to_end(&mut buf).at("read", path)?;
    let bad = |message: String| Error::Journal { path: path.to_path_buf(), line: 1, message };
    let end = buf.iter().position(|&b| b == b'\n').ok_or_else(|| bad("no header line".into()))?;
    match entry::parse_line(&buf[..end]) {
        Ok(Line::Header(h)) => Ok(h),
        Ok(Line::Event(_)) => Err(bad("the segment does not start with a header".into())),
        Err(m) => {
            Err(bad(format!("the header cannot be read ({m}); run `aiperture verify-chain`")))
        }
    }
}

/// Read backwards from the end until the buffer holds a complete last line (two newlines, or
/// the start of the file).
fn read_back(f: &mut File, path: &Path, len: u64) -> Result<(Vec<u8>, u64)> {
    // Lines are well under 4 KiB; a larger chunk only costs copying.
    let mut chunk = 4 * 1024u64;
    loop {
        let start = len.saturating_sub(chunk);
        f.seek(SeekFrom::Start(start)).at("seek", path)?;
        let mut buf = Vec::with_capacity((len - start) as usize);
        f.take(len - start).read_to_end(&mut buf).at("read", path)?;
        let newlines = buf.iter().filter(|&&b| b == b'\n').count();
        let ends_nl = buf.last() == Some(&b'\n');
        // With a torn tail we need the newline ending the last complete line plus one before it.
        let needed = if ends_nl { 2 } else { 3 };
        if start == 0 || newlines >= needed {
            return Ok((buf, start));
        }
        chunk = chunk.saturating_mul(4);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::lock::Wait;
    use crate::store::{Store, UserDirs};

    fn head_seq(store: &Store) -> u64 {
        let bytes = std::fs::read(store.path(layout::JOURNAL).join(layout::HEAD)).expect("HEAD");
        Head::parse(&bytes).expect("HEAD parses").seq
    }

    /// A written line is owed its sync: the tail and HEAD stay before it until `settle`, and
    /// the next `write` settles it first. `append` is the two halves at once.
    #[test]
    fn a_written_line_moves_the_tail_and_head_only_once_settled() {
        let dir = tempfile::tempdir().expect("temp dir");
        let user = UserDirs { data: dir.path().join("data"), config_file: dir.path().join("c") };
        let store = Store::init(dir.path(), &user).expect("init");
        let lock = store.lock(Wait::Block, &mut |_| {}).expect("lock");
        let secret = store.ensure_secret(&lock).expect("secret");
        let now = Utc::now();
        let mut w = Writer::open(&store, &lock, secret, 1 << 20, true, now).expect("open");
        let body = serde_json::json!({"n": 1});
        w.append("note", &body, now, false).expect("a first event makes HEAD");
        let start = w.tail().seq;
        assert_eq!(head_seq(&store), start);
        let a = w.write("note", &body, now, false).expect("write");
        assert_eq!(a.seq, start + 1);
        assert_eq!(w.tail().seq, start, "not settled: the tail stays before the line");
        assert_eq!(head_seq(&store), start, "not settled: HEAD stays before the line");
        let b = w.write("note", &body, now, false).expect("second write settles the first");
        assert_eq!(b.seq, start + 2);
        assert_eq!(w.tail().seq, start + 1);
        assert_eq!(head_seq(&store), start + 1);
        w.settle().expect("settle");
        assert_eq!(w.tail().seq, start + 2);
        assert_eq!(head_seq(&store), start + 2);
        w.settle().expect("nothing owed: nothing to do");
        let c = w.append("note", &body, now, false).expect("append");
        assert_eq!((c.seq, w.tail().seq, head_seq(&store)), (start + 3, start + 3, start + 3));
        assert_eq!(w.tail().hash, c.hash);
    }
}
