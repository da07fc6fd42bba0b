//! Generated tamper suite: every edit of a store's journal, HEAD or secret generated here is
//! caught by `aiperture verify-chain`, each with exactly the findings `src/journal/verify.rs`
//! defines for it.
//!
//! One honest store is built through the binary (checks and human decisions, 12 journal
//! events in one segment). Every case is derived from it in memory and run on its own fresh
//! copy of the store, so cases are independent:
//!
//! * for every event line (the segment header excluded): one byte of the event edited, one
//!   digit of the stored hash edited, one digit of the line's MAC edited, the line deleted,
//!   duplicated, swapped with the next one,
//!   the segment cut in the middle of the line, the tail cut cleanly after the line, and the
//!   history rewritten from the line on with every hash and `prev` link recomputed (the
//!   rewritten lines cannot carry valid MACs; HEAD left alone, re-pointed at the new tail with
//!   its old MAC, or re-signed under a foreign key; the secret deleted; the secret replaced and
//!   every line MAC and HEAD re-signed under it, caught by a recorded head), HEAD rolled back to
//!   the line's event keeping its MAC, and the tail cut with HEAD re-signed under a foreign key;
//! * HEAD's seq, hash or MAC edited in place, HEAD re-signed under a foreign key, HEAD
//!   deleted, the secret swapped for 32 other bytes, the last event deleted together with
//!   HEAD's newest slot (a one-step rollback to the older slot), and a correctly chained event
//!   appended without the secret (no MAC, or a made-up one).
//!
//! Not tampering, so not here: HEAD's newest slot blanked, or HEAD replaced by an older
//! genuine record, with the journal intact. A power loss leaves exactly that (HEAD is written
//! without a sync; every line carries its own MAC), nothing is lost, and `verify-chain`
//! reports it as recovered (`tests/cli/verify_chain.rs`).
//!
//! Each case must exit 1 and report exactly the expected findings (kind, segment, line), in
//! order. The pristine copy must exit 0 with no finding and the test's own re-hashing must
//! reproduce the pristine journal byte for byte, so the suite cannot pass vacuously. Every
//! failing case is collected and all are reported at once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use aiperture::encoding::hex;
use aiperture::journal::head::{Head, SLOT};
use aiperture::store::Secret;
use sha2::{Digest, Sha256};

use crate::common::{TestEnv, at};

/// The only segment of the pristine store, as findings name it.
const SEGMENT: &str = "000001.jsonl";

/// Domain tag of event hashes, as `src/journal/mod.rs` defines it.
const DOMAIN: &[u8] = b"aiperture/journal/v1\0";

/// Domain tag of line MACs, as `src/journal/entry.rs` defines it.
const LINE_MAC_DOMAIN: &[u8] = b"aiperture/journal-line/v1\0";

/// A finding as compared here: kind, segment (`000001.jsonl`, `HEAD` or `expected head`) and
/// 1-based line (0 for head findings).
type Finding = (String, String, u64);

fn at_line(kind: &str, line: usize) -> Finding {
    (kind.to_string(), SEGMENT.to_string(), line as u64)
}

fn at_head() -> Finding {
    ("head_mismatch".to_string(), "HEAD".to_string(), 0)
}

fn at_expected_head() -> Finding {
    ("head_mismatch".to_string(), "expected head".to_string(), 0)
}

/// The honest store every case starts from.
struct Pristine {
    /// The store folder.
    dir: PathBuf,
    /// Segment lines, each with its `\n`; `lines[0]` is the header and `lines[k]` event seq k
    /// (file line k + 1).
    lines: Vec<Vec<u8>>,
    /// HEAD's bytes (two slots).
    head: Vec<u8>,
    /// HEAD's newest record.
    last: Head,
    /// The store secret.
    secret: [u8; 32],
}

impl Pristine {
    /// Number of events.
    fn events(&self) -> usize {
        self.lines.len() - 1
    }

    /// Stored hash of event `k`.
    fn hash(&self, k: usize) -> [u8; 32] {
        stored_hash(&self.lines[k])
    }

    /// A case that leaves everything as it is until the caller changes it. `op` names the
    /// operation, with `i` standing for `line` when the case is tied to one.
    fn case(&self, op: &'static str, line: Option<usize>, want: Vec<Finding>) -> Case {
        Case {
            op,
            line,
            segment: self.lines.concat(),
            head: Some(self.head.clone()),
            secret: Some(self.secret.to_vec()),
            expect_saved_head: false,
            want,
        }
    }
}

/// One tampered store and what `verify-chain --json` must report for it.
struct Case {
    /// The operation, e.g. `delete line i`.
    op: &'static str,
    /// The event line `i` it applies to (1-based file line), if any.
    line: Option<usize>,
    /// Bytes of `journal/000001.jsonl`.
    segment: Vec<u8>,
    /// Bytes of `journal/HEAD`; `None` deletes it.
    head: Option<Vec<u8>>,
    /// Bytes of `secret`; `None` deletes it.
    secret: Option<Vec<u8>>,
    /// Pass `--expect-head` with the pristine HEAD saved outside the store.
    expect_saved_head: bool,
    /// Findings, in the verifier's order.
    want: Vec<Finding>,
}

impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(i) => write!(f, "{} (i = {i})", self.op),
            None => f.write_str(self.op),
        }
    }
}

/// `SHA-256(DOMAIN ‖ prev ‖ event)`, written here independently of `entry.rs`.
fn link(prev: &[u8; 32], event: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(prev);
    h.update(event);
    h.finalize().into()
}

fn unhex32(s: &str) -> [u8; 32] {
    aiperture::encoding::unhex::<32>(s).unwrap_or_else(|| panic!("not a 64-digit hash: {s:?}"))
}

fn parse(line: &[u8]) -> serde_json::Value {
    serde_json::from_slice(line).expect("journal line is JSON")
}

fn stored_hash(line: &[u8]) -> [u8; 32] {
    unhex32(parse(line)["hash"].as_str().expect("event line has a hash"))
}

/// `HMAC-SHA-256(key, LINE_MAC_DOMAIN ‖ seq BE ‖ hash)`, written here independently of
/// `entry.rs`.
fn line_mac(key: &[u8; 32], seq: u64, hash: &[u8; 32]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut m = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC key");
    m.update(LINE_MAC_DOMAIN);
    m.update(&seq.to_be_bytes());
    m.update(hash);
    m.finalize().into_bytes().into()
}

/// An event line: `{"hash","mac","event"}`, or `{"hash","event"}` without a MAC.
fn event_line(hash: &[u8; 32], mac: Option<&[u8; 32]>, event: &[u8]) -> Vec<u8> {
    let mut new = format!("{{\"hash\":\"{}\"", hex(hash)).into_bytes();
    if let Some(mac) = mac {
        new.extend_from_slice(format!(",\"mac\":\"{}\"", hex(mac)).as_bytes());
    }
    new.extend_from_slice(b",\"event\":");
    new.extend_from_slice(event);
    new.extend_from_slice(b"}\n");
    new
}

/// Every event line re-signed with a MAC under `key` (a forger who replaced the secret).
fn remac(lines: &[Vec<u8>], key: &[u8; 32]) -> Vec<Vec<u8>> {
    let mut out = vec![lines[0].clone()];
    for line in &lines[1..] {
        let v = parse(line);
        let hash = unhex32(v["hash"].as_str().expect("hash"));
        let seq = v["event"]["seq"].as_u64().expect("seq");
        let raw = serde_json::to_vec(&v["event"]).expect("serialise event");
        assert!(line.ends_with(&[&raw[..], b"}\n"].concat()), "events re-serialise exactly");
        out.push(event_line(&hash, Some(&line_mac(key, seq, &hash)), &raw));
    }
    out
}

/// Re-serialise every event from `lines[from]` on, with `ts` moved a year back when `alter`,
/// and recompute each `prev` and hash from the one before: a history rewritten by someone
/// who knows the format but not the secret. A line whose hash is unchanged keeps its MAC; one
/// whose hash changed cannot be given a valid MAC, so it gets none. Returns the lines and the
/// new last hash.
fn rechain(lines: &[Vec<u8>], from: usize, alter: bool) -> (Vec<Vec<u8>>, [u8; 32]) {
    let mut out = lines[..from].to_vec();
    let mut prev = unhex32(parse(&lines[from])["event"]["prev"].as_str().expect("prev"));
    for line in &lines[from..] {
        let old = parse(line);
        let old_mac = old["mac"].as_str().map(unhex32);
        let old_hash = stored_hash(line);
        let mut event = old["event"].clone();
        if alter {
            let ts = event["ts"].as_str().expect("ts").replacen("2026-", "2025-", 1);
            event["ts"] = ts.into();
        }
        event["prev"] = hex(&prev).into();
        let raw = serde_json::to_vec(&event).expect("serialise event");
        let hash = link(&prev, &raw);
        let mac = if hash == old_hash { old_mac } else { None };
        out.push(event_line(&hash, mac.as_ref(), &raw));
        prev = hash;
    }
    (out, prev)
}

/// One 512-byte HEAD slot holding `record` (or nothing).
fn slot(record: Option<&Head>) -> Vec<u8> {
    let mut s = record.map(|h| serde_json::to_vec(h).expect("serialise HEAD")).unwrap_or_default();
    assert!(s.len() < SLOT, "HEAD record fits its slot");
    s.resize(SLOT - 1, b' ');
    s.push(b'\n');
    s
}

/// A two-slot HEAD file holding `record` in slot `seq % 2`, and a readable record of the event
/// before in the other slot, as a writer leaves it (an attacker who forges HEAD does the same:
/// a blank slot next to a record equal to the journal's end is itself reported).
fn lone_head(record: &Head) -> Vec<u8> {
    let mut previous = record.clone();
    previous.seq = record.seq.saturating_sub(1);
    let mut both = [slot(Some(&previous)), slot(Some(&previous))];
    both[(record.seq % 2) as usize] = slot(Some(record));
    both.concat()
}

/// The pristine HEAD with its newest slot (the one holding `newest_seq`) replaced.
fn replace_newest(head: &[u8], newest_seq: u64, record: Option<&Head>) -> Vec<u8> {
    let mut out = head.to_vec();
    let at = (newest_seq % 2) as usize * SLOT;
    out[at..at + SLOT].copy_from_slice(&slot(record));
    out
}

/// 32 random bytes that are not `secret`.
fn foreign_key(secret: &[u8; 32]) -> [u8; 32] {
    let mut key = [0u8; 32];
    while key == [0; 32] || &key == secret {
        getrandom::fill(&mut key).expect("random bytes");
    }
    key
}

/// Change the last digit of the stored hash of an event line.
fn bump_stored_hash(line: &mut [u8]) {
    const PREFIX: &[u8] = b"{\"hash\":\"";
    assert!(line.starts_with(PREFIX), "an event line");
    let at = PREFIX.len() + 63;
    line[at] = if line[at] == b'0' { b'1' } else { b'0' };
}

/// Change the last digit of the MAC of an event line.
fn bump_mac(line: &mut [u8]) {
    const PREFIX: &[u8] = b"\",\"mac\":\"";
    let at = line.windows(PREFIX.len()).position(|w| w == PREFIX).expect("a line with a MAC")
        + PREFIX.len()
        + 63;
    line[at] = if line[at] == b'0' { b'1' } else { b'0' };
}

/// Build the honest store: five checks each answered by a human (approve and deny in turn,
/// two minutes apart) and two checks left pending: 12 events.
fn build() -> (TestEnv, Pristine) {
    let mut t = TestEnv::with_project();
    for (i, scope) in ["cargo test", "npm run build", "git status", "make lint", "ls docs"]
        .into_iter()
        .enumerate()
    {
        let id = TestEnv::challenge(&t.check_json("shell", "execute", scope, &[]));
        let verb = if i % 2 == 0 { "approve" } else { "deny" };
        t.run(&[verb, &id, "--yes", "--by", "alice", "--reason", "reviewed"]).code(0);
        t.now = at(&t.now, 120);
    }
    t.check_json("shell", "execute", "cargo fmt --check", &[]);
    t.check_json("shell", "execute", "git diff", &[]);

    let dir = t.store();
    let journal = dir.join("journal");
    let mut files: Vec<String> = std::fs::read_dir(&journal)
        .expect("journal folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["000001.jsonl", "HEAD"], "one segment and HEAD");
    let text = std::fs::read(journal.join(SEGMENT)).expect("segment");
    let lines: Vec<Vec<u8>> = text.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    assert!(lines[0].starts_with(b"{\"type\":\"header\""), "line 1 is the header");
    let head = std::fs::read(journal.join("HEAD")).expect("HEAD");
    assert_eq!(head.len(), 2 * SLOT, "two HEAD slots");
    let last = Head::parse(&head).expect("HEAD parses");
    let secret: [u8; 32] =
        std::fs::read(dir.join("secret")).expect("secret").try_into().expect("32-byte secret");
    let p = Pristine { dir, lines, head, last, secret };
    assert_eq!(p.events(), 12, "events in the pristine journal");
    let kinds: Vec<String> = p.lines[1..]
        .iter()
        .map(|l| parse(l)["event"]["kind"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "decision").count(), 5, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| *k == "check").count(), 7, "{kinds:?}");
    assert_eq!(p.last.seq, 12);
    assert_eq!(p.last.hash, hex(&p.hash(12)));
    (t, p)
}

/// Every case, with the findings the verifier defines for it.
fn cases(p: &Pristine) -> Vec<Case> {
    let n = p.events();
    let last_line = n + 1;
    let key = foreign_key(&p.secret);
    let foreign = Secret(key);
    let mut out = Vec::new();

    for k in 1..=n {
        // Event seq k sits on file line k + 1.
        let ln = k + 1;
        let last = k == n;

        // 1. One byte of the event edited (a digit of its `ts`): the line no longer hashes to
        //    its stored hash. The verifier re-synchronises on the stored hash, so nothing else.
        let mut c = p.case("edit-byte line i", Some(ln), vec![at_line("hash_mismatch", ln)]);
        let mut lines = p.lines.clone();
        let ts = lines[k].windows(6).position(|w| w == b"\"ts\":\"").expect("ts") + 6;
        assert_eq!(lines[k][ts], b'2', "ts starts with the year");
        lines[k][ts] = b'3';
        c.segment = lines.concat();
        out.push(c);

        // 1b. One digit of the stored hash edited: a mismatch on the line, and the next line
        //     links to the real hash (or, on the last line, HEAD names the real hash).
        //     The MAC covers the stored hash, so it no longer verifies either.
        let mut want = vec![at_line("hash_mismatch", ln), at_line("mac_mismatch", ln)];
        want.push(if last { at_head() } else { at_line("broken_link", ln + 1) });
        let mut c = p.case("edit-hash line i", Some(ln), want);
        let mut lines = p.lines.clone();
        bump_stored_hash(&mut lines[k]);
        c.segment = lines.concat();
        out.push(c);

        // 1c. One digit of the line's MAC edited: only the MAC fails.
        let mut c = p.case("edit-mac line i", Some(ln), vec![at_line("mac_mismatch", ln)]);
        let mut lines = p.lines.clone();
        bump_mac(&mut lines[k]);
        c.segment = lines.concat();
        out.push(c);

        // 2. Line deleted: the next event links past the hole and skips a seq; deleting the
        //    last line leaves the journal one event short of HEAD.
        let want = if last {
            vec![at_head()]
        } else {
            vec![at_line("broken_link", ln), at_line("seq_gap", ln)]
        };
        let mut c = p.case("delete line i", Some(ln), want);
        let mut lines = p.lines.clone();
        lines.remove(k);
        c.segment = lines.concat();
        out.push(c);

        // 3. Line duplicated: the copy links to and repeats the original's predecessor.
        let mut c = p.case(
            "duplicate line i",
            Some(ln),
            vec![at_line("broken_link", ln + 1), at_line("seq_gap", ln + 1)],
        );
        let mut lines = p.lines.clone();
        lines.insert(k + 1, p.lines[k].clone());
        c.segment = lines.concat();
        out.push(c);

        // 4. Swapped with the next line: both lines and the one after them are out of place;
        //    when the pair ends the journal, HEAD names the event now one line up.
        if !last {
            let mut want = vec![
                at_line("broken_link", ln),
                at_line("seq_gap", ln),
                at_line("broken_link", ln + 1),
                at_line("seq_gap", ln + 1),
            ];
            if ln + 1 == last_line {
                want.push(at_head());
            } else {
                want.extend([at_line("broken_link", ln + 2), at_line("seq_gap", ln + 2)]);
            }
            let mut c = p.case("swap lines i and i + 1", Some(ln), want);
            let mut lines = p.lines.clone();
            lines.swap(k, k + 1);
            c.segment = lines.concat();
            out.push(c);
        }

        // 5. Segment cut in the middle of the line (no trailing newline): a torn write, and
        //    the journal now ends before the event HEAD names.
        let mut c =
            p.case("truncate mid-line i", Some(ln), vec![at_line("torn_write", ln), at_head()]);
        let mut seg = p.lines[..k].concat();
        seg.extend_from_slice(&p.lines[k][..p.lines[k].len() / 2]);
        c.segment = seg;
        out.push(c);

        // 5b. Tail cut cleanly after the line: only HEAD can tell.
        if !last {
            let mut c = p.case("cut tail after line i", Some(ln), vec![at_head()]);
            c.segment = p.lines[..=k].concat();
            out.push(c);
        }

        // 6. History rewritten from the line on with every hash and link recomputed: the chain
        //    is consistent, but no rewritten line has a valid MAC, and HEAD's record of the
        //    last hash disagrees.
        let (rewritten, new_last) = rechain(&p.lines, k, true);
        let forged: Vec<Finding> = (ln..=last_line).map(|l| at_line("mac_mismatch", l)).collect();
        let with_head = |extra: Finding| [forged.clone(), vec![extra]].concat();
        let mut c = p.case("rewrite from line i", Some(ln), with_head(at_head()));
        c.segment = rewritten.concat();
        out.push(c);

        // 6b. ... and HEAD re-pointed at the new tail, keeping its MAC: the MAC fails.
        let mut c = p.case("rewrite from line i + HEAD re-pointed", Some(ln), with_head(at_head()));
        c.segment = rewritten.concat();
        let repointed = Head { hash: hex(&new_last), ..p.last.clone() };
        c.head = Some(replace_newest(&p.head, p.last.seq, Some(&repointed)));
        out.push(c);

        // 6c. ... and HEAD re-signed for the new tail under a foreign key: the MAC fails.
        let mut c = p.case(
            "rewrite from line i + HEAD re-signed under a foreign key",
            Some(ln),
            with_head(at_head()),
        );
        c.segment = rewritten.concat();
        c.head = Some(lone_head(&Head::new(&foreign, p.last.seq, &new_last)));
        out.push(c);

        // 6d. ... and HEAD re-pointed, with the secret deleted so nothing could check a MAC:
        //     a HEAD that cannot be authenticated must not vouch for the journal.
        let mut c = p.case(
            "rewrite from line i + HEAD re-pointed + secret deleted",
            Some(ln),
            vec![at_head()],
        );
        c.segment = rewritten.concat();
        c.head = Some(replace_newest(&p.head, p.last.seq, Some(&repointed)));
        c.secret = None;
        out.push(c);

        // 6e. ... and the secret replaced with one the forger knows, every line MAC and HEAD
        //     re-signed under it: the store vouches for itself, so a head recorded elsewhere is
        //     what catches it.
        let mut c = p.case(
            "rewrite from line i + secret replaced + lines and HEAD re-signed, --expect-head",
            Some(ln),
            vec![at_expected_head()],
        );
        c.segment = remac(&rewritten, &key).concat();
        c.head = Some(lone_head(&Head::new(&foreign, p.last.seq, &new_last)));
        c.secret = Some(key.to_vec());
        c.expect_saved_head = true;
        out.push(c);

        // 7. HEAD edited: rolled back to this event, keeping its MAC. The MAC fails, and the
        //    journal goes on past it.
        if !last {
            let mut c = p.case("HEAD rolled back to line i", Some(ln), vec![at_head(), at_head()]);
            let rolled = Head { seq: k as u64, hash: hex(&p.hash(k)), ..p.last.clone() };
            c.head = Some(lone_head(&rolled));
            out.push(c);
        }

        // 7b. Tail cut after the line and HEAD re-signed for it under a foreign key: the MAC
        //     fails (on the last line, nothing is cut and only HEAD is forged).
        let mut c = p.case(
            "cut tail after line i + HEAD re-signed under a foreign key",
            Some(ln),
            vec![at_head()],
        );
        c.segment = p.lines[..=k].concat();
        c.head = Some(lone_head(&Head::new(&foreign, k as u64, &p.hash(k))));
        out.push(c);
    }

    // 7c. HEAD edited in place (its newest slot): seq, hash or MAC.
    let mut c = p.case("HEAD seq edited", None, vec![at_head(), at_head()]);
    let edited = Head { seq: p.last.seq + 1, ..p.last.clone() };
    c.head = Some(replace_newest(&p.head, p.last.seq, Some(&edited)));
    out.push(c);

    let mut c = p.case("HEAD hash edited", None, vec![at_head(), at_head()]);
    let mut hash = p.hash(n);
    hash[31] ^= 1;
    let edited = Head { hash: hex(&hash), ..p.last.clone() };
    c.head = Some(replace_newest(&p.head, p.last.seq, Some(&edited)));
    out.push(c);

    let mut c = p.case("HEAD MAC edited", None, vec![at_head()]);
    let mut mac = unhex32(&p.last.mac);
    mac[31] ^= 1;
    let edited = Head { mac: hex(&mac), ..p.last.clone() };
    c.head = Some(replace_newest(&p.head, p.last.seq, Some(&edited)));
    out.push(c);

    // 7d. HEAD's newest slot re-signed under a foreign key.
    let mut c = p.case("HEAD re-signed under a foreign key", None, vec![at_head()]);
    let resigned = Head::new(&foreign, p.last.seq, &p.hash(n));
    c.head = Some(replace_newest(&p.head, p.last.seq, Some(&resigned)));
    out.push(c);

    // 7f. The last event deleted and HEAD's newest slot blanked: the older slot is a genuine,
    //     MAC'd record of exactly the shortened journal. A one-step rollback that needs no
    //     secret must still be reported.
    let mut c = p.case("last line deleted + HEAD newest slot blanked", None, vec![at_head()]);
    c.segment = p.lines[..n].concat();
    c.head = Some(replace_newest(&p.head, p.last.seq, None));
    out.push(c);

    // 7g. HEAD deleted.
    let mut c = p.case("HEAD deleted", None, vec![at_head()]);
    c.head = None;
    out.push(c);

    // 8. Secret swapped for 32 other bytes: no line MAC and not HEAD's MAC verifies.
    let mut want: Vec<Finding> = (2..=last_line).map(|l| at_line("mac_mismatch", l)).collect();
    want.push(at_head());
    let mut c = p.case("secret swapped", None, want);
    c.secret = Some(key.to_vec());
    out.push(c);

    // 9. An event appended without the secret, chained correctly to the last one: no MAC, or
    //    a made-up one. HEAD does not record it either.
    let prev = hex(&p.hash(n));
    let event = format!(
        r#"{{"seq":{},"ts":"2026-11-26T10:00:00.000000Z","kind":"decision","prev":"{prev}","challenge":"ch_forged","outcome":"recorded","decision":"allow","by":"agent","reason":"","channel":"cli"}}"#,
        n + 1
    );
    let hash = link(&p.hash(n), event.as_bytes());
    for (op, mac) in [
        ("event appended without a MAC", None),
        ("event appended with a made-up MAC", Some(line_mac(&key, n as u64 + 1, &hash))),
    ] {
        let mut c = p.case(op, None, vec![at_line("mac_mismatch", last_line + 1), at_head()]);
        c.segment = [p.lines.concat(), event_line(&hash, mac.as_ref(), event.as_bytes())].concat();
        out.push(c);
    }

    out
}

/// Run `verify-chain --json` on `store`; returns the exit code, the findings and the output.
fn verify(t: &TestEnv, store: &Path, expect_head: Option<&Path>) -> (i32, Vec<Finding>, String) {
    let mut args = vec!["--store", store.to_str().expect("UTF-8 path"), "verify-chain", "--json"];
    if let Some(h) = expect_head {
        args.extend(["--expect-head", h.to_str().expect("UTF-8 path")]);
    }
    let r = t.run(&args);
    if r.code != 0 && r.code != 1 {
        return (r.code, Vec::new(), r.to_string());
    }
    let findings = r.json()["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap_or_default().to_string(),
                f["segment"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect();
    (r.code, findings, r.to_string())
}

/// Write `c` onto a fresh copy of the pristine store at `copy`.
fn materialise(p: &Pristine, c: &Case, copy: &Path) {
    crate::common::copy_dir(&p.dir, copy);
    let journal = copy.join("journal");
    std::fs::write(journal.join(SEGMENT), &c.segment).expect("write segment");
    match &c.head {
        Some(h) => std::fs::write(journal.join("HEAD"), h).expect("write HEAD"),
        None => std::fs::remove_file(journal.join("HEAD")).expect("remove HEAD"),
    }
    match &c.secret {
        Some(s) => std::fs::write(copy.join("secret"), s).expect("write secret"),
        None => std::fs::remove_file(copy.join("secret")).expect("remove secret"),
    }
}

#[test]
fn every_generated_tamper_is_detected_with_its_finding_kind() {
    let (t, p) = build();

    // The test's own hashing reproduces the pristine journal byte for byte, so the rewritten
    // histories below are chains the verifier itself would accept.
    let (same, last) = rechain(&p.lines, 1, false);
    assert!(same == p.lines, "re-hashing the pristine journal changed it");
    assert_eq!(hex(&last), p.last.hash);

    // The pristine copy verifies: nothing below can pass by accident.
    let pristine = t.tmp.path().join("pristine");
    crate::common::copy_dir(&p.dir, &pristine);
    let (code, findings, out) = verify(&t, &pristine, None);
    assert_eq!((code, findings.as_slice()), (0, &[][..]), "the pristine store:\n{out}");
    let saved_head = t.tmp.path().join("saved-HEAD");
    std::fs::write(&saved_head, &p.head).expect("save HEAD");
    assert_eq!(verify(&t, &pristine, Some(&saved_head)).0, 0, "pristine with --expect-head");

    let cases = cases(&p);
    let mut failures = Vec::new();
    let mut per_op: Vec<(&str, usize)> = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        match per_op.iter_mut().find(|(op, _)| *op == c.op) {
            Some((_, count)) => *count += 1,
            None => per_op.push((c.op, 1)),
        }
        let copy = t.tmp.path().join(format!("case-{i:03}"));
        materialise(&p, c, &copy);
        let (code, got, out) = verify(&t, &copy, c.expect_saved_head.then_some(&*saved_head));
        if code != 1 || got != c.want {
            failures.push(format!(
                "{c}: expected exit 1 with {:?}, got exit {code} with {got:?}\n{out}",
                c.want
            ));
        }
    }

    let mut summary = String::new();
    for (op, count) in &per_op {
        let _ = writeln!(summary, "{count:>4}  {op}");
    }
    let _ = writeln!(summary, "{:>4}  cases in all", cases.len());
    eprintln!("{summary}");
    assert!(cases.len() >= 150, "cases generated: {}", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} tamper cases were not reported as expected:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
