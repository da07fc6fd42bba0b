//! The derived index: caches rebuilt from the journal, safe to delete.
//!
//! Layout: `index/meta.json` records the journal position the index reflects (`seq`, hash,
//! segment and byte offset just past that event). State lives in shard files
//! `index/<family>/<xxx>.json`, where `xxx` is the first 12 bits (hex) of the SHA-256 of the
//! entry's key (the first 16 bits, four hex digits, in the [wide](Family::wide) families a check reads
//! on every call: challenges, sessions, learned statistics), so a check reads only the few
//! small shards it needs and never scans all decisions. A shard holds about 1/65,536 of its
//! family, so at a million decisions a check still parses a few KB of JSON.
//! Each shard records the highest `seq` applied to it, so replaying after a crash between
//! shard writes and the meta write never applies an event twice.
//!
//! The challenges are kept as [logs](Family::log) instead, `index/challenges/<xxxx>.jsonl`:
//! one sealed record per line, appended. Nearly every ask adds a challenge and few are ever
//! looked up again, so an ask appends its record without reading the shard; a reader takes
//! the record with the highest `seq` of each challenge (a replay that appends a record twice
//! changes nothing), and a log grown past [`LOG_COMPACT_BYTES`] is rewritten with the newest
//! record of each challenge still kept: by chance, in proportion to what an append adds, so
//! that a log whose kept challenges alone fill the limit is not rewritten on every append.
//!
//! Files are written in place, without fsync, and sealed: the JSON body is followed by a line
//! `#<SHA-256 of the body>` (in a log, each record by `#<SHA-256 of the record>` on its own
//! line). Replacing by rename costs a writeback on every check on some file
//! systems (ext4's rename heuristics), and the index is only a cache: a write lost in a crash
//! means more replay, and a torn write fails its seal, which reads as a corrupt file and
//! rebuilds the index from the journal. A file is never trusted without its seal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::fsutil;
use crate::encoding::hex;
use crate::error::{Error, IoContext, Result};

/// Index format version (6: 4,096 shards per family, named by three hex digits, except
/// wide families: 65,536 shards named by four; 7: pooled intel reports name the import
/// that carried them, and each organisation's newest export is kept; 8: this store's own
/// randomized answers are remembered (`intel-memo`); 9: the challenges are appended logs;
/// an older index is rebuilt from the journal).
pub const FORMAT: u64 = 9;

/// A [log](Family::log) longer than this after an append may be compacted: rewritten with the
/// newest record of each entry still kept (about 22 challenges' records). Past it, an append
/// compacts with a chance in proportion to its share of the log (the challenge log's
/// `compact_now`).
pub const LOG_COMPACT_BYTES: u64 = 16 * 1024;

/// A shard number, below [`SHARDS`].
pub type ShardNo = u16;

/// Shards per family. Enough that a shard stays small at a million decisions (a check reads
/// and rewrites whole shards), few enough that listings stay quick.
pub const SHARDS: u32 = 4096;

/// Shards of a [wide](Family::wide) family.
pub const WIDE_SHARDS: u32 = 65_536;

/// A family of shards: one kind of derived state, kept in its own folder `index/<name>/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Learned statistics.
    Stats,
    /// Session counters.
    Sessions,
    /// Challenges.
    Challenges,
    /// Task grants.
    Grants,
    /// Artifacts by digest.
    Artifacts,
    /// Open agent tool calls that were asked or denied, and the prompts among them: the
    /// prompts in shard 0 (few and short-lived), other calls by agent and correlation key.
    Prompts,
    /// Pooled shared-intelligence reports by generalized pattern.
    Intel,
    /// One-time allowances left by human approvals, by request identity.
    Allowances,
    /// This store's own randomized answers, remembered so that every export repeats them
    /// (one shard: exports are rare and the generalized patterns few).
    IntelMemo,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 9] = [
        Family::Stats,
        Family::Sessions,
        Family::Challenges,
        Family::Grants,
        Family::Artifacts,
        Family::Prompts,
        Family::Intel,
        Family::Allowances,
        Family::IntelMemo,
    ];

    /// Its folder's name.
    pub const fn name(self) -> &'static str {
        match self {
            Family::Stats => "stats",
            Family::Sessions => "sessions",
            Family::Challenges => "challenges",
            Family::Grants => "grants",
            Family::Artifacts => "artifacts",
            Family::Prompts => "prompts",
            Family::Intel => "intel",
            Family::Allowances => "allowances",
            Family::IntelMemo => "intel-memo",
        }
    }

    /// Whether the family has [`WIDE_SHARDS`] shards (named by four hex digits) rather than
    /// [`SHARDS`]: those a check reads (or rewrites) on every call and that grow with the
    /// store, so a shard holding 1/4,096 of them would still make checks slower as the store
    /// grows. The challenges: nearly every ask adds one, kept until a week past its expiry, so
    /// a store that took a million asks in a day holds a million. The learned statistics: a
    /// few keys per command line ever decided, each read by every check of a similar command.
    /// The sessions: every check reads and rewrites its session's shard, which it shares with
    /// the other sessions active in the last day.
    pub const fn wide(self) -> bool {
        matches!(self, Family::Challenges | Family::Sessions | Family::Stats)
    }

    /// How many shards it has.
    pub const fn shard_count(self) -> u32 {
        if self.wide() { WIDE_SHARDS } else { SHARDS }
    }

    /// Whether its shards are logs of sealed records, appended without being read
    /// ([`Index::append_log`]), rather than sealed JSON documents: the challenges, which
    /// nearly every ask adds to and few are looked up again.
    pub const fn log(self) -> bool {
        matches!(self, Family::Challenges)
    }

    /// The extension of its shard files.
    const fn extension(self) -> &'static str {
        if self.log() { "jsonl" } else { "json" }
    }
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The shard of `key` in a [wide](Family::wide) family (16 bits of its SHA-256).
pub fn wide_shard_of(key: &str) -> ShardNo {
    let d = Sha256::digest(key.as_bytes());
    (ShardNo::from(d[0]) << 8) | ShardNo::from(d[1])
}

/// The journal position the index reflects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Format version.
    pub format: u64,
    /// Last applied `seq` (0: nothing).
    pub seq: u64,
    /// Its hash, hex.
    pub hash: String,
    /// Segment holding it.
    pub segment: u32,
    /// Byte offset just past it.
    pub offset: u64,
}

impl Meta {
    /// The position just past the event `seq` with `hash`, which ends at `offset` of `segment`.
    pub fn at(seq: u64, hash: &[u8; 32], segment: u32, offset: u64) -> Meta {
        Meta { format: FORMAT, seq, hash: hex(hash), segment, offset }
    }

    /// Position before the first event.
    pub fn empty() -> Meta {
        Meta { format: FORMAT, seq: 0, hash: hex(&[0; 32]), segment: 1, offset: 0 }
    }
}

/// One shard of a family.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound = "T: Serialize + DeserializeOwned")]
pub struct Shard<T> {
    /// Highest `seq` applied to this shard.
    pub applied_seq: u64,
    /// Entries by key.
    pub entries: BTreeMap<String, T>,
}

impl<T> Default for Shard<T> {
    fn default() -> Self {
        Shard { applied_seq: 0, entries: BTreeMap::new() }
    }
}

/// Read a sealed file: `None` when missing; an error when its seal does not match.
fn read_sealed(path: &Path) -> Result<Option<Vec<u8>>> {
    let Some(mut bytes) = fsutil::read_optional(path)? else { return Ok(None) };
    let corrupt =
        |reason: &str| Error::IndexCorrupt { path: path.to_path_buf(), reason: reason.into() };
    if bytes.last() != Some(&b'\n') {
        return Err(corrupt("its seal line is missing"));
    }
    bytes.pop();
    let Some(at) = bytes.iter().rposition(|&b| b == b'\n') else {
        return Err(corrupt("its seal line is missing"));
    };
    let seal = bytes.split_off(at);
    if seal.get(1) != Some(&b'#') || seal[2..] != *hex(&Sha256::digest(&bytes)).as_bytes() {
        return Err(corrupt("its content does not match its seal (a torn or edited write)"));
    }
    Ok(Some(bytes))
}

/// Write `body` in place, followed by its seal line, creating the file (mode 0600) and its
/// folder when missing.
fn write_sealed(path: &Path, body: &[u8]) -> Result<()> {
    let mut bytes = Vec::with_capacity(body.len() + 67);
    bytes.extend_from_slice(body);
    bytes.extend_from_slice(b"\n#");
    bytes.extend_from_slice(hex(&Sha256::digest(body)).as_bytes());
    bytes.push(b'\n');
    write_in_place(path, &bytes)
}

/// Open `path` for writing (appending when `append`), creating it (mode 0600) and its folder
/// when missing.
fn open_for_write(path: &Path, append: bool) -> Result<std::fs::File> {
    let open = || {
        let mut o = std::fs::OpenOptions::new();
        if append {
            o.append(true);
        } else {
            o.write(true).truncate(false);
        }
        o.create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        o.open(path)
    };
    match open() {
        Ok(f) => Ok(f),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                fsutil::ensure_dir(dir)?;
            }
            open().at("create", path)
        }
        Err(e) => Err(e).at("open", path),
    }
}

/// Write `bytes` as the whole content of `path`, in place.
///
/// The file is cut to the new length only when it was longer: ext4 runs its whole truncation
/// (and dirties the inode) for a `ftruncate` to the length the file already has, and most
/// rewrites of a shard make it grow or keep its length.
fn write_in_place(path: &Path, bytes: &[u8]) -> Result<()> {
    #[cfg(unix)]
    use std::os::unix::fs::FileExt;
    let f = open_for_write(path, false)?;
    let before = f.metadata().at("stat", path)?.len();
    if super::fault::fails(super::fault::Site::Index) {
        return Err(super::fault::enospc()).at("write", path);
    }
    #[cfg(unix)]
    f.write_all_at(bytes, 0).at("write", path)?;
    #[cfg(not(unix))]
    {
        use std::io::Write;
        // A file just opened is at its start.
        (&f).write_all(bytes).at("write", path)?;
    }
    let len = bytes.len() as u64;
    if before > len {
        f.set_len(len).at("truncate", path)?;
    }
    Ok(())
}

/// Append `record` to `out` as one sealed log line: `record`, `#`, the hex SHA-256 of
/// `record`, a new line. `record` must hold no new line (serialized JSON never does).
pub fn seal_record(record: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(record);
    out.push(b'#');
    out.extend_from_slice(hex(&Sha256::digest(record)).as_bytes());
    out.push(b'\n');
}

/// The records of a sealed log, each checked against its seal: an error names the first line
/// that does not match (a torn or edited write).
fn log_records<'a>(path: &Path, text: &'a [u8]) -> Result<Vec<&'a str>> {
    let corrupt = |line: usize, reason: &str| Error::IndexCorrupt {
        path: path.to_path_buf(),
        reason: format!("line {line}: {reason}"),
    };
    let mut out = Vec::new();
    if text.is_empty() {
        return Ok(out);
    }
    let Some(text) = text.strip_suffix(b"\n") else {
        return Err(corrupt(text.split(|&b| b == b'\n').count(), "it ends without a new line"));
    };
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        let Some(at) = line.len().checked_sub(65).filter(|&at| line[at] == b'#') else {
            return Err(corrupt(i + 1, "its seal is missing"));
        };
        let (record, seal) = (&line[..at], &line[at + 1..]);
        if seal != hex(&Sha256::digest(record)).as_bytes() {
            return Err(corrupt(i + 1, "it does not match its seal (a torn or edited write)"));
        }
        out.push(std::str::from_utf8(record).map_err(|_| corrupt(i + 1, "it is not UTF-8"))?);
    }
    Ok(out)
}

/// The shard number of a key: the first 12 bits of its SHA-256.
pub fn shard_of(key: &str) -> ShardNo {
    let d = Sha256::digest(key.as_bytes());
    (ShardNo::from(d[0]) << 4) | ShardNo::from(d[1] >> 4)
}

/// Index folder access.
#[derive(Debug, Clone)]
pub struct Index {
    dir: PathBuf,
}

impl Index {
    /// The index in `dir` (which may not exist).
    pub fn new(dir: PathBuf) -> Index {
        Index { dir }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Read meta; `None` when missing, unreadable or of another format (→ rebuild).
    pub fn read_meta(&self) -> Option<Meta> {
        let body = read_sealed(&self.dir.join("meta.json")).ok()??;
        serde_json::from_slice::<Meta>(&body).ok().filter(|m| m.format == FORMAT)
    }

    /// Write meta.
    pub fn write_meta(&self, meta: &Meta) -> Result<()> {
        let bytes = serde_json::to_vec(meta)
            .map_err(|e| Error::Json { what: "index meta".into(), source: e })?;
        write_sealed(&self.dir.join("meta.json"), &bytes)
    }

    /// The file of shard `n` of `family`.
    pub fn shard_path(&self, family: Family, n: ShardNo) -> PathBuf {
        let dir = self.dir.join(family.name());
        let ext = family.extension();
        if family.wide() {
            dir.join(format!("{n:04x}.{ext}"))
        } else {
            dir.join(format!("{n:03x}.{ext}"))
        }
    }

    /// Call `each` with every record of the log shard `n` of `family`, oldest first, after
    /// checking every seal (a missing log has none). A seal that does not match is
    /// [`Error::IndexCorrupt`] (the caller rebuilds).
    pub fn read_log(
        &self,
        family: Family,
        n: ShardNo,
        mut each: impl FnMut(&str) -> Result<()>,
    ) -> Result<()> {
        let path = self.shard_path(family, n);
        let Some(text) = fsutil::read_optional(&path)? else { return Ok(()) };
        for record in log_records(&path, &text)? {
            each(record)?;
        }
        Ok(())
    }

    /// Append sealed lines ([`seal_record`]) to the log shard `n` of `family` in one write,
    /// without reading it. Returns the log's length after the append.
    pub fn append_log(&self, family: Family, n: ShardNo, lines: &[u8]) -> Result<u64> {
        use std::io::Write;
        let path = self.shard_path(family, n);
        let mut f = open_for_write(&path, true)?;
        if super::fault::fails(super::fault::Site::Index) {
            return Err(super::fault::enospc()).at("write", &path);
        }
        f.write_all(lines).at("write", &path)?;
        Ok(f.metadata().at("stat", &path)?.len())
    }

    /// Replace the whole log shard `n` of `family` with sealed lines ([`seal_record`]).
    pub fn rewrite_log(&self, family: Family, n: ShardNo, lines: &[u8]) -> Result<()> {
        write_in_place(&self.shard_path(family, n), lines)
    }

    /// Read a shard; missing is empty; unreadable is an error (the caller rebuilds).
    pub fn read_shard<T: Serialize + DeserializeOwned>(
        &self,
        family: Family,
        n: ShardNo,
    ) -> Result<Shard<T>> {
        let path = self.shard_path(family, n);
        match read_sealed(&path)? {
            None => Ok(Shard::default()),
            Some(b) => serde_json::from_slice(&b)
                .map_err(|e| Error::IndexCorrupt { path, reason: e.to_string() }),
        }
    }

    /// Write a shard.
    pub fn write_shard<T: Serialize + DeserializeOwned>(
        &self,
        family: Family,
        n: ShardNo,
        shard: &Shard<T>,
    ) -> Result<()> {
        let path = self.shard_path(family, n);
        let bytes = serde_json::to_vec(shard)
            .map_err(|e| Error::Json { what: path.display().to_string(), source: e })?;
        write_sealed(&path, &bytes)
    }

    /// Every shard number present in a family (for listings).
    pub fn shards(&self, family: Family) -> Result<Vec<ShardNo>> {
        let dir = self.dir.join(family.name());
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e).at("read folder", &dir),
        };
        let mut out = Vec::new();
        for e in rd {
            let e = e.at("read folder", &dir)?;
            let name = e.file_name();
            let Some(stem) = name
                .to_str()
                .and_then(|n| n.strip_suffix(family.extension()))
                .and_then(|n| n.strip_suffix('.'))
            else {
                continue;
            };
            let digits = if family.wide() { 4 } else { 3 };
            if stem.len() == digits
                && let Ok(n) = ShardNo::from_str_radix(stem, 16)
                && u32::from(n) < family.shard_count()
            {
                out.push(n);
            }
        }
        out.sort_unstable();
        Ok(out)
    }

    /// Delete the whole index (moved aside first, so a crash mid-delete leaves no half index).
    pub fn clear(&self) -> Result<()> {
        if !self.dir.exists() {
            return Ok(());
        }
        let aside = self.dir.with_file_name(format!("index.stale-{}", std::process::id()));
        std::fs::rename(&self.dir, &aside).at("move aside", &self.dir)?;
        std::fs::remove_dir_all(&aside).at("remove", &aside)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_rewritten_longer_shorter_or_as_long_reads_back_exactly() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::new(dir.path().join("index"));
        let path = index.shard_path(Family::Grants, 7);
        let mut shard: Shard<String> = Shard::default();
        for (i, n) in [10usize, 4000, 4000, 30, 0, 900].into_iter().enumerate() {
            shard.applied_seq = i as u64;
            shard.entries = (0..n.min(3)).map(|k| (format!("k{k}"), "v".repeat(n))).collect();
            index.write_shard(Family::Grants, 7, &shard).expect("write");
            let body = serde_json::to_vec(&shard).expect("json");
            // Exactly the body and its seal line: nothing of a longer earlier write is left.
            let on_disk = std::fs::read(&path).expect("read file");
            assert_eq!(on_disk.len(), body.len() + 67, "rewrite {i} ({n})");
            assert_eq!(&on_disk[..body.len()], &body[..]);
            let back: Shard<String> = index.read_shard(Family::Grants, 7).expect("read");
            assert_eq!(back.applied_seq, i as u64);
            assert_eq!(back.entries, shard.entries, "rewrite {i} ({n})");
        }
    }

    #[test]
    fn wide_families_have_sixteen_bit_shards_named_by_four_hex_digits() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::new(dir.path().join("index"));
        let mut shard: Shard<u64> = Shard::default();
        shard.entries.insert("k".into(), 7);
        let wide = wide_shard_of("ch_example");
        index.write_shard(Family::Stats, wide, &shard).expect("write wide");
        index.write_shard(Family::Grants, 0xabc, &shard).expect("write narrow");
        let name = format!("{wide:04x}.json");
        assert!(dir.path().join("index/stats").join(&name).is_file(), "{name}");
        assert!(dir.path().join("index/grants/abc.json").is_file());
        assert_eq!(index.shards(Family::Stats).expect("list"), vec![wide]);
        assert_eq!(index.shards(Family::Grants).expect("list"), vec![0xabc]);
        let back: Shard<u64> = index.read_shard(Family::Stats, wide).expect("read");
        assert_eq!(back.entries.get("k"), Some(&7));
        // A log family's shards are `.jsonl` files, listed as such.
        let mut line = Vec::new();
        seal_record(b"{}", &mut line);
        index.append_log(Family::Challenges, wide, &line).expect("append");
        let name = format!("{wide:04x}.jsonl");
        assert!(dir.path().join("index/challenges").join(&name).is_file(), "{name}");
        std::fs::write(dir.path().join("index/challenges/0001.json"), "{}").expect("write");
        assert_eq!(index.shards(Family::Challenges).expect("list"), vec![wide]);
        // Spread: 4,096 ids land in far more than 4,096 / 16 wide shards.
        let distinct: std::collections::BTreeSet<ShardNo> =
            (0..4096).map(|i| wide_shard_of(&format!("ch_{i}"))).collect();
        assert!(distinct.len() > 3500, "{}", distinct.len());
        assert!(distinct.iter().any(|&n| u32::from(n) >= SHARDS), "uses the upper 12 bits too");
        assert_eq!(Family::Challenges.shard_count(), WIDE_SHARDS);
        assert_eq!(Family::Stats.shard_count(), WIDE_SHARDS);
        assert_eq!(Family::Grants.shard_count(), SHARDS);
    }

    #[test]
    fn a_log_reads_back_its_records_and_a_torn_or_edited_line_is_corrupt() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::new(dir.path().join("index"));
        let read = |index: &Index| {
            let mut out = Vec::new();
            index
                .read_log(Family::Challenges, 9, |r| {
                    out.push(r.to_owned());
                    Ok(())
                })
                .map(|()| out)
        };
        assert_eq!(read(&index).expect("missing"), Vec::<String>::new());
        let records = ["{\"a\":1}", "{\"b\":\"# and \\n\"}", "{}"];
        let mut lines = Vec::new();
        seal_record(records[0].as_bytes(), &mut lines);
        let len = index.append_log(Family::Challenges, 9, &lines).expect("append");
        assert_eq!(len, lines.len() as u64);
        let mut more = Vec::new();
        seal_record(records[1].as_bytes(), &mut more);
        seal_record(records[2].as_bytes(), &mut more);
        let len = index.append_log(Family::Challenges, 9, &more).expect("append");
        assert_eq!(len, (lines.len() + more.len()) as u64);
        assert_eq!(read(&index).expect("read"), records);
        let path = index.shard_path(Family::Challenges, 9);
        let whole = std::fs::read(&path).expect("read file");
        let corrupt = |bytes: &[u8], line: &str| {
            std::fs::write(&path, bytes).expect("write");
            match read(&index) {
                Err(Error::IndexCorrupt { reason, .. }) => {
                    assert!(reason.contains(line), "{reason}");
                }
                other => panic!("{other:?}"),
            }
        };
        // Torn: cut inside the last line, or the new line missing.
        corrupt(&whole[..whole.len() - 10], "line 3");
        corrupt(&whole[..whole.len() - 1], "line 3");
        // Edited without sealing again; a line without a seal at all.
        corrupt(
            &String::from_utf8_lossy(&whole).replacen("\"a\":1", "\"a\":2", 1).into_bytes(),
            "line 1",
        );
        corrupt(&[&whole[..], b"{}\n"].concat(), "line 4");
        // Rewritten shorter in place: exactly the new records.
        index.rewrite_log(Family::Challenges, 9, &more).expect("rewrite");
        assert_eq!(read(&index).expect("read"), records[1..]);
    }

    #[test]
    fn families_keep_their_folder_names() {
        // The folders of index format 8: a family's name is part of the index layout.
        let names: Vec<&str> = Family::ALL.iter().map(|f| f.name()).collect();
        let before = [
            "stats",
            "sessions",
            "challenges",
            "grants",
            "artifacts",
            "prompts",
            "intel",
            "allowances",
            "intel-memo",
        ];
        assert_eq!(names, before);
        let wide: Vec<&str> = Family::ALL.iter().filter(|f| f.wide()).map(|f| f.name()).collect();
        assert_eq!(wide, ["stats", "sessions", "challenges"]);
    }
}
