//! `aiperture verify-chain`: the tamper fixtures, recovery, rotation and recorded heads.

use std::path::PathBuf;

use crate::common::{TestEnv, at};

#[test]
fn every_tamper_fixture_is_reported_as_its_own_finding_kind() {
    let t = TestEnv::new();
    let mut cases = 0;
    for entry in std::fs::read_dir(crate::common::journal_fixtures()).expect("fixtures") {
        let dir = entry.expect("entry").path();
        if !dir.is_dir() {
            continue;
        }
        cases += 1;
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
        )
        .expect("expected.json parses");
        let copy = t.tmp.path().join(&name);
        crate::common::copy_dir(&dir, &copy);
        let r = t.run(&["--store", copy.to_str().unwrap_or_default(), "verify-chain", "--json"]);
        assert_eq!(i64::from(r.code), expected["exit"].as_i64().unwrap_or(-1), "{name}:\n{r}");
        let got: Vec<(String, i64)> = r.json()["findings"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        (
                            f["kind"].as_str().unwrap_or_default().to_string(),
                            f["line"].as_i64().unwrap_or(-1),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let want: Vec<(String, i64)> = expected["findings"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| {
                        (f[0].as_str().unwrap_or_default().to_string(), f[1].as_i64().unwrap_or(-1))
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(got, want, "{name}:\n{r}");
        // The human output of every fixture is pinned by
        // `snapshots::verify_chain_of_every_journal_fixture`.
    }
    assert!(cases >= 11, "fixture folders found: {cases}");
}

#[test]
fn committed_lines_re_encode_to_the_same_bytes() {
    let text = std::fs::read(crate::common::journal_fixtures().join("intact/journal/000001.jsonl"))
        .expect("read");
    for line in text.split_inclusive(|&b| b == b'\n') {
        match aiperture::journal::entry::parse_line(&line[..line.len() - 1]).expect("parses") {
            aiperture::journal::entry::Line::Event(e) => {
                assert_eq!(
                    aiperture::journal::entry::encode_line(
                        &e.hash,
                        e.mac.as_ref(),
                        e.raw.as_bytes()
                    ),
                    line
                );
                assert_eq!(e.computed_hash(&e.prev), e.hash);
            }
            aiperture::journal::entry::Line::Header(h) => {
                assert_eq!(aiperture::journal::entry::encode_header(&h), line);
            }
        }
    }
}

#[test]
fn a_torn_tail_is_set_aside_by_the_next_writer() {
    let t = TestEnv::with_project();
    t.run(&["check", "shell", "execute", "ls"]).code(3);
    let seg = t.store().join("journal/000001.jsonl");
    let mut bytes = std::fs::read(&seg).expect("read");
    bytes.extend_from_slice(br#"{"hash":"00","event":{"seq":2,"ts":"#);
    std::fs::write(&seg, &bytes).expect("write");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(1);
    assert_eq!(r.json()["findings"][0]["kind"], "torn_write");

    t.run(&["check", "shell", "execute", "pwd"]).code(3);
    let torn = t.store().join("journal/torn-2.bin");
    assert_eq!(std::fs::read(&torn).expect("torn file"), br#"{"hash":"00","event":{"seq":2,"ts":"#);
    let ev = t.events(&t.store());
    assert_eq!(ev[1]["kind"], "recovered");
    assert_eq!(ev[1]["file"], "torn-2.bin");
    assert_eq!(ev[2]["kind"], "check");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["intact"], true);
    assert_eq!(v["findings"][0]["kind"], "torn_write");
    assert_eq!(v["findings"][0]["recovered"], true);
    assert_eq!(v["last_seq"], 3);
}

#[test]
fn segments_rotate_and_verify_across_boundaries() {
    let t = TestEnv::with_project();
    t.run(&["config", "set", "journal.segment_max_bytes", "4096"]).code(0);
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    for i in 0..20 {
        t.run(&["check", "shell", "execute", &format!("echo {i}")]).code(3);
    }
    let segs = std::fs::read_dir(t.store().join("journal"))
        .expect("dir")
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".jsonl")))
        .count();
    assert!(segs >= 3, "segments: {segs}");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    assert_eq!(r.json()["last_seq"], 22);
    assert_eq!(r.json()["segments"], segs);
    // Removing a middle segment breaks the chain.
    std::fs::remove_file(t.store().join("journal/000002.jsonl")).expect("rm");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(1);
    let kinds: Vec<String> = r.json()["findings"]
        .as_array()
        .map(|a| a.iter().map(|f| f["kind"].as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default();
    assert!(
        kinds.contains(&"broken_link".to_string()) && kinds.contains(&"seq_gap".to_string()),
        "{r}"
    );
}

#[test]
fn expect_head_accepts_a_saved_head_file_or_hash() {
    let t = TestEnv::with_project();
    t.run(&["check", "shell", "execute", "ls"]).code(3);
    let saved = t.tmp.path().join("saved-HEAD");
    std::fs::copy(t.store().join("journal/HEAD"), &saved).expect("copy head");
    let later = TestEnv { now: at(&t.now, 10), ..t };
    later.run(&["check", "shell", "execute", "pwd"]).code(3);
    later.run(&["verify-chain", "--expect-head", saved.to_str().unwrap_or_default()]).code(0);
    let head = aiperture::journal::head::Head::parse(&std::fs::read(&saved).expect("read"))
        .expect("HEAD parses");
    let hash = head.hash.as_str();
    later.run(&["verify-chain", "--expect-head", hash]).code(0);
    let r = later.run(&["verify-chain", "--expect-head", &"ab".repeat(32)]);
    r.code(1);
    assert!(r.stdout.contains("head_mismatch"), "{r}");
    let r = later.run(&["verify-chain", "--expect-head", "nonsense"]);
    r.code(2);
    assert!(r.stderr.contains("error: cannot read nonsense"), "{r}");
}

#[test]
fn file_mode_verifies_one_segment_without_a_store() {
    let t = TestEnv::new();
    let f = crate::common::journal_fixtures().join("intact/journal/000001.jsonl");
    let r = t.run(&["verify-chain", "--file", f.to_str().unwrap_or_default()]);
    r.code(0);
    assert!(r.stdout.starts_with("intact: 7 events"), "{r}");
    // Without the store secret, say that line MACs were not checked rather than "0 of them".
    assert!(r.stdout.contains("line MACs not checked (no store secret with --file)"), "{r}");
    let f = crate::common::journal_fixtures().join("edited-byte/journal/000001.jsonl");
    t.run(&["verify-chain", "--file", f.to_str().unwrap_or_default()]).code(1);
    let r = t.run(&["verify-chain", "--file", "/no/such/file"]);
    r.code(2);
}

#[test]
fn an_empty_store_is_intact() {
    let t = TestEnv::with_project();
    let r = t.run(&["verify-chain"]);
    r.code(0);
    assert!(r.stdout.starts_with("intact: 0 events"), "{r}");
    t.run(&["check", "shell", "execute", "ls"]).code(3);
    let r = t.run(&["verify-chain"]);
    r.code(0);
    assert!(r.stdout.contains("; 1 of them authenticated by their MAC"), "{r}");
}

/// An empty or missing journal is intact by default but says that nothing was verified;
/// `--require-events` makes it a `no_events` finding and exit 1, for a store and for `--file`.
#[test]
fn require_events_fails_on_an_empty_or_missing_journal() {
    let t = TestEnv::with_project();
    let r = t.run(&["verify-chain"]);
    r.code(0);
    assert!(r.stdout.contains("note: the journal has no events, so nothing was verified"), "{r}");
    let r = t.run(&["verify-chain", "--require-events"]);
    r.code(1);
    assert!(r.stdout.starts_with("no_events: journal: no events in 0 segment(s)"), "{r}");
    assert!(r.stdout.contains("NOT INTACT: 1 finding(s) in 0 events"), "{r}");
    let v = t.run(&["verify-chain", "--require-events", "--json"]);
    v.code(1);
    let j = v.json();
    assert_eq!(j["intact"], false, "{v}");
    assert_eq!(j["findings"][0]["kind"], "no_events", "{v}");
    let empty = t.tmp.path().join("empty.jsonl");
    std::fs::write(&empty, "").expect("write");
    let e = empty.to_str().unwrap_or_default();
    t.run(&["verify-chain", "--file", e]).code(0);
    let r = t.run(&["verify-chain", "--file", e, "--require-events"]);
    r.code(1);
    assert!(r.stdout.contains("no_events"), "{r}");
    t.run(&["check", "shell", "execute", "ls"]).code(3);
    let r = t.run(&["verify-chain", "--require-events"]);
    r.code(0);
    assert!(!r.stdout.contains("note:"), "{r}");
}

/// `--expect-head SEQ:HASH` passes while the journal holds that hash at that seq, also after
/// later appends, and fails for another seq or hash.
#[test]
fn expect_head_accepts_seq_colon_hash() {
    let t = TestEnv::with_project();
    t.run(&["check", "shell", "execute", "ls"]).code(3);
    let head = aiperture::journal::head::Head::parse(
        &std::fs::read(t.store().join("journal/HEAD")).expect("read"),
    )
    .expect("HEAD parses");
    let later = TestEnv { now: at(&t.now, 10), ..t };
    later.run(&["check", "shell", "execute", "pwd"]).code(3);
    let pinned = format!("{}:{}", head.seq, head.hash);
    later.run(&["verify-chain", "--require-events", "--expect-head", &pinned]).code(0);
    let wrong_seq = format!("{}:{}", head.seq + 1, head.hash);
    let r = later.run(&["verify-chain", "--expect-head", &wrong_seq]);
    r.code(1);
    assert!(r.stdout.contains("head_mismatch"), "{r}");
    let r = later.run(&["verify-chain", "--expect-head", "1:nothex"]);
    r.code(2);
}

/// Append a syntactically perfect event (with a correctly recomputed hash) behind HEAD's back.
fn forge_append(t: &TestEnv) {
    let seg = t.store().join("journal/000001.jsonl");
    let text = std::fs::read_to_string(&seg).expect("read");
    let last: serde_json::Value =
        serde_json::from_str(text.lines().last().expect("a line")).expect("json");
    let prev = last["hash"].as_str().expect("hash").to_string();
    let seq = last["event"]["seq"].as_u64().expect("seq") + 1;
    let event = format!(
        r#"{{"seq":{seq},"ts":"2026-11-26T10:00:00.000000Z","kind":"decision","prev":"{prev}","challenge":"ch_forged","outcome":"recorded","decision":"allow","by":"agent","reason":"","channel":"cli"}}"#
    );
    let prev_bytes: Vec<u8> =
        (0..32).map(|i| u8::from_str_radix(&prev[2 * i..2 * i + 2], 16).expect("hex")).collect();
    let mut h = sha2::Sha256::new();
    sha2::Digest::update(&mut h, b"aiperture/journal/v1\0");
    sha2::Digest::update(&mut h, &prev_bytes);
    sha2::Digest::update(&mut h, event.as_bytes());
    let hex = aiperture::encoding::hex(&sha2::Digest::finalize(h));
    let line = format!("{{\"hash\":\"{hex}\",\"event\":{event}}}\n");
    std::fs::write(&seg, format!("{text}{line}")).expect("write");
}

use sha2::Digest as _;

#[test]
fn writers_refuse_a_journal_that_head_does_not_vouch_for() {
    // One forged event, chained correctly and exactly one append past HEAD (the state a crash
    // between an append and its HEAD update leaves), and two of them: neither carries a MAC,
    // so no writer accepts them, and verify-chain names the forged lines.
    for forged in [1, 2] {
        let t = TestEnv::with_project();
        t.run(&["check", "shell", "execute", "ls"]).code(3);
        t.run(&["check", "shell", "execute", "pwd"]).code(3);
        for _ in 0..forged {
            forge_append(&t);
        }
        let r = t.run(&["check", "shell", "execute", "whoami"]);
        r.code(2);
        assert!(r.stderr.contains("carries no MAC"), "{r}");
        assert!(r.stderr.contains("hint: run `aiperture verify-chain`"), "{r}");
        let r = t.run(&["verify-chain", "--json"]);
        r.code(1);
        let kinds: Vec<String> = r.json()["findings"]
            .as_array()
            .map(|a| a.iter().map(|f| f["kind"].as_str().unwrap_or_default().into()).collect())
            .unwrap_or_default();
        let mut want = vec!["mac_mismatch"; forged];
        want.push("head_mismatch");
        assert_eq!(kinds, want, "{r}");
        assert_eq!(t.events(&t.store()).len(), 2 + forged, "nothing was appended");
    }

    // A cut-off tail is refused too.
    let t = TestEnv::with_project();
    for s in ["a", "b", "c"] {
        t.run(&["check", "shell", "execute", s]).code(3);
    }
    let seg = t.store().join("journal/000001.jsonl");
    let text = std::fs::read_to_string(&seg).expect("read");
    let kept: Vec<&str> = text.lines().collect();
    std::fs::write(&seg, format!("{}\n", kept[..kept.len() - 1].join("\n"))).expect("write");
    let r = t.run(&["check", "shell", "execute", "d"]);
    r.code(2);
    assert!(r.stderr.contains("events were removed from the end"), "{r}");

    // A replaced secret is refused.
    let t = TestEnv::with_project();
    t.run(&["check", "shell", "execute", "a"]).code(3);
    std::fs::write(t.store().join("secret"), [9u8; 32]).expect("write");
    let r = t.run(&["check", "shell", "execute", "b"]);
    r.code(2);
    assert!(r.stderr.contains("does not verify under the store secret"), "{r}");
}

#[test]
fn an_append_cut_off_before_its_head_update_is_recovered() {
    let t = TestEnv::with_project();
    t.run(&["check", "shell", "execute", "ls"]).code(3);
    let head = std::fs::read(t.store().join("journal/HEAD")).expect("head");
    t.run(&["check", "shell", "execute", "pwd"]).code(3);
    // As if the process died after appending seq 2 but before rewriting HEAD.
    std::fs::write(t.store().join("journal/HEAD"), head).expect("write");
    t.run(&["check", "shell", "execute", "whoami"]).code(3);
    let ev = t.events(&t.store());
    assert_eq!(ev[2]["kind"], "recovered");
    assert_eq!(ev[2]["reason"], "head_behind");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    let f = &r.json()["findings"][0];
    assert_eq!(f["kind"], "head_mismatch");
    assert_eq!(f["recovered"], true);
}

#[test]
fn a_torn_head_slot_falls_back_one_append_and_is_recovered() {
    let t = TestEnv::with_project();
    for s in ["a", "b", "c"] {
        t.run(&["check", "shell", "execute", s]).code(3);
    }
    let head = t.store().join("journal/HEAD");
    let mut bytes = std::fs::read(&head).expect("HEAD");
    assert_eq!(bytes.len(), 1024, "two 512-byte slots");
    // seq 3 lives in slot 1; tear it as a crash mid-write would.
    bytes[512..600].fill(0);
    std::fs::write(&head, &bytes).expect("write");
    // Event 3 carries a valid MAC, so the journal is intact: HEAD is merely behind.
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    let f = &r.json()["findings"][0];
    assert_eq!((f["kind"].as_str(), f["recovered"].as_bool()), (Some("head_mismatch"), Some(true)));
    t.run(&["check", "shell", "execute", "d"]).code(3);
    let ev = t.events(&t.store());
    assert_eq!(ev[3]["kind"], "recovered");
    assert_eq!(ev[3]["reason"], "head_behind");
    t.run(&["verify-chain"]).code(0);
}

/// HEAD is written without a sync, so a power loss can leave it several appends behind the
/// synced journal. Those events carry valid MACs: verify-chain calls the journal intact, and
/// the next writer repairs HEAD and journals the recovery.
#[test]
fn a_head_left_several_appends_behind_is_recovered() {
    let t = TestEnv::with_project();
    t.run(&["check", "shell", "execute", "a"]).code(3);
    let old = std::fs::read(t.store().join("journal/HEAD")).expect("HEAD");
    for s in ["b", "c", "d", "e"] {
        t.run(&["check", "shell", "execute", s]).code(3);
    }
    std::fs::write(t.store().join("journal/HEAD"), &old).expect("write");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["authenticated"], 5, "{r}");
    assert_eq!(v["findings"][0]["recovered"], true, "{r}");
    assert!(v["findings"][0]["message"].as_str().unwrap_or_default().contains("seq 1"), "{r}");
    t.run(&["check", "shell", "execute", "f"]).code(3);
    let ev = t.events(&t.store());
    assert_eq!(ev[5]["kind"], "recovered");
    assert_eq!(ev[5]["reason"], "head_behind");
    assert_eq!((ev[5]["head_seq"].as_u64(), ev[5]["unheaded_last"].as_u64()), (Some(1), Some(5)));
    assert_eq!(ev[6]["kind"], "check");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    assert_eq!(r.json()["authenticated"], 7, "{r}");

    // A genuine HEAD record that is behind but names a hash that is not on the chain (a fork)
    // is refused, and verify-chain does not call it recovered.
    let u = TestEnv::with_project();
    for s in ["x", "y", "z"] {
        u.run(&["check", "shell", "execute", s]).code(3);
    }
    let secret: [u8; 32] =
        std::fs::read(u.store().join("secret")).expect("secret").try_into().expect("32 bytes");
    let fork = aiperture::journal::head::Head::new(&aiperture::store::Secret(secret), 1, &[7; 32]);
    std::fs::write(u.store().join("journal/HEAD"), fork.to_bytes()).expect("write");
    let r = u.run(&["check", "shell", "execute", "w"]);
    r.code(2);
    assert!(r.stderr.contains("events were added without HEAD"), "{r}");
    let r = u.run(&["verify-chain", "--json"]);
    r.code(1);
    assert_eq!(r.json()["findings"][0]["recovered"], false, "{r}");
}

/// A store written before journal format 2 (no line MACs) still verifies, and a writer
/// continues it in a new format-2 segment.
#[test]
fn a_format_1_journal_is_read_and_continued_in_a_format_2_segment() {
    let t = TestEnv::new();
    let store = t.tmp.path().join("legacy");
    crate::common::copy_dir(&crate::common::journal_fixtures().join("intact-format1"), &store);
    let s = store.to_str().unwrap_or_default();
    let r = t.run(&["--store", s, "verify-chain", "--json"]);
    r.code(0);
    assert_eq!(
        (r.json()["events"].as_u64(), r.json()["authenticated"].as_u64()),
        (Some(7), Some(0))
    );
    t.run(&["--store", s, "check", "shell", "execute", "ls"]).code(3);
    let seg2 = std::fs::read_to_string(store.join("journal/000002.jsonl")).expect("new segment");
    assert!(seg2.starts_with("{\"type\":\"header\",\"format\":2,"), "{seg2}");
    assert!(seg2.lines().nth(1).unwrap_or_default().contains("\"mac\":\""), "{seg2}");
    let r = t.run(&["--store", s, "verify-chain", "--json"]);
    r.code(0);
    let v = r.json();
    assert_eq!((v["events"].as_u64(), v["authenticated"].as_u64()), (Some(8), Some(1)), "{r}");
    assert_eq!(v["findings"], serde_json::json!([]), "{r}");
}

#[test]
fn an_erased_head_slot_cannot_hide_a_removed_last_event() {
    let t = TestEnv::with_project();
    for s in ["a", "b", "c"] {
        t.run(&["check", "shell", "execute", s]).code(3);
    }
    // seq 3 lives in slot 1: blank it and remove the last journal line, so the journal ends
    // at the older slot's record.
    let head = t.store().join("journal/HEAD");
    let mut bytes = std::fs::read(&head).expect("HEAD");
    bytes[512..1023].fill(b' ');
    std::fs::write(&head, &bytes).expect("write");
    let seg = t.store().join("journal/000001.jsonl");
    let text = std::fs::read_to_string(&seg).expect("segment");
    let kept: Vec<&str> = text.lines().collect();
    std::fs::write(&seg, format!("{}\n", kept[..kept.len() - 1].join("\n"))).expect("write");
    // verify-chain reports it, and no writer papers over it.
    let r = t.run(&["verify-chain", "--json"]);
    r.code(1);
    assert!(r.stdout.contains("the last event may have been removed"), "{r}");
    let r = t.run(&["check", "shell", "execute", "d"]);
    r.code(2);
    assert!(r.stderr.contains("newer slot is unreadable"), "{r}");
}

#[test]
fn a_missing_secret_leaves_head_unauthenticated() {
    let t = TestEnv::with_project();
    t.run(&["check", "shell", "execute", "a"]).code(3);
    std::fs::remove_file(t.store().join("secret")).expect("remove secret");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(1);
    assert!(r.stdout.contains("the store secret is missing"), "{r}");
}

/// The witness files of `t`'s project store in the user store.
fn witness_files(t: &TestEnv) -> Vec<PathBuf> {
    let dir = t.user_store().join("witness");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "head"));
    out
}

fn checks(t: &TestEnv, n: usize) {
    for i in 0..n {
        t.run(&["check", "shell", "execute", &format!("echo {i}")]).code(3);
    }
}

/// A journal deleted with its HEAD (and the secret, so nothing inside the store is left to
/// compare against) is not intact by the witness in the user store, and no writer restarts it
/// at seq 1 until a human looks.
#[test]
fn a_deleted_journal_is_reported_by_the_witness_and_not_restarted() {
    let t = TestEnv::with_project();
    checks(&t, 3);
    let v = t.run(&["verify-chain", "--json"]);
    v.code(0);
    let j = v.json();
    assert_eq!(j["witness"]["available"], true, "{v}");
    assert_eq!(j["witness"]["seq"], 3, "{v}");
    assert_eq!(witness_files(&t).len(), 1);
    // The witness names its store for people.
    let named = std::fs::read_to_string(witness_files(&t)[0].with_extension("store")).unwrap();
    assert!(named.trim().ends_with(".aiperture"), "{named}");

    std::fs::remove_dir_all(t.store().join("journal")).unwrap();
    let v = t.run(&["verify-chain"]);
    v.code(1);
    assert!(v.stdout.contains("witness_mismatch"), "{v}");
    assert!(v.stdout.contains("recorded seq 3"), "{v}");
    assert!(v.stdout.contains("NOT INTACT"), "{v}");

    // A writer refuses to start the history afresh: the next check fails closed.
    let r = t.run(&["check", "shell", "execute", "ls"]);
    r.code(2);
    assert!(r.stderr.contains("witness"), "{r}");
    assert!(!t.store().join("journal/000001.jsonl").exists(), "nothing was appended");

    // Deleting the secret as well changes nothing: the witness is trusted by where it lives.
    std::fs::remove_file(t.store().join("secret")).unwrap();
    t.run(&["verify-chain"]).code(1);

    // A human accepts the loss by deleting the witness: the store works again and is witnessed
    // from its new start.
    for f in witness_files(&t) {
        std::fs::remove_file(f).unwrap();
    }
    std::fs::write(t.store().join("secret"), [7u8; 32]).unwrap();
    checks(&t, 1);
    let v = t.run(&["verify-chain", "--json"]);
    v.code(0);
    assert_eq!(v.json()["witness"]["seq"], 1, "{v}");
}

/// Putting back an older copy of the whole journal (HEAD included, so HEAD agrees with it) is
/// caught by the witness, and so is a journal re-created from another store's history.
#[test]
fn a_rolled_back_or_replaced_journal_is_reported_by_the_witness() {
    let t = TestEnv::with_project();
    checks(&t, 2);
    let saved = t.tmp.path().join("saved-journal");
    crate::common::copy_dir(&t.store().join("journal"), &saved);
    checks(&t, 3);
    std::fs::remove_dir_all(t.store().join("journal")).unwrap();
    crate::common::copy_dir(&saved, &t.store().join("journal"));
    let v = t.run(&["verify-chain", "--json"]);
    v.code(1);
    let j = v.json();
    let kinds: Vec<&str> =
        j["findings"].as_array().unwrap().iter().filter_map(|f| f["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["witness_mismatch"],
        "HEAD agrees with the old copy; only the witness sees it: {v}"
    );
    assert!(t.run(&["check", "shell", "execute", "ls"]).stderr.contains("witness"));

    // Another store's longer history with its own secret, copied over this one.
    let other = TestEnv::with_project();
    checks(&other, 8);
    std::fs::remove_dir_all(t.store().join("journal")).unwrap();
    crate::common::copy_dir(&other.store().join("journal"), &t.store().join("journal"));
    std::fs::copy(other.store().join("secret"), t.store().join("secret")).unwrap();
    let v = t.run(&["verify-chain", "--json"]);
    v.code(1);
    assert!(v.stdout.contains("re-created"), "{v}");
    let r = t.run(&["check", "shell", "execute", "ls"]);
    r.code(2);
    assert!(r.stderr.contains("re-created"), "{r}");
}

/// A witness behind the journal on the same chain (its writer was killed between HEAD and the
/// witness) is normal; the user store has no witness; `--file` has none to compare; `init` of
/// a store where an older one was deleted forgets the old witness and says so.
#[test]
fn witness_availability_lag_and_a_fresh_init() {
    let t = TestEnv::with_project();
    checks(&t, 2);
    let w = witness_files(&t).pop().unwrap();
    let old = std::fs::read(&w).unwrap();
    checks(&t, 2);
    std::fs::write(&w, &old).unwrap();
    t.run(&["verify-chain"]).code(0);
    checks(&t, 1);
    let v = t.run(&["verify-chain", "--json"]);
    v.code(0);
    assert_eq!(v.json()["witness"]["seq"], 5);

    let u = TestEnv::new();
    u.run(&["check", "shell", "execute", "ls"]).code(3);
    let v = u.run(&["verify-chain", "--json"]);
    v.code(0);
    assert_eq!(v.json()["witness"]["available"], false);
    assert!(v.json()["witness"]["note"].as_str().unwrap().contains("user store"));
    let v = u.run(&["verify-chain"]);
    assert!(v.stdout.contains("witness: none available"), "{v}");

    std::fs::remove_dir_all(t.store()).unwrap();
    let r = t.run(&["init"]);
    r.code(0);
    assert!(r.stderr.contains("journaled 5 event(s) before"), "{r}");
    assert!(witness_files(&t).is_empty());
    checks(&t, 1);
    t.run(&["verify-chain"]).code(0);
}

/// A project store deleted as a whole does not hand its folder over to the user store: the
/// witness remembers it, commands there fail closed (the hook denies), until a human starts a
/// new store (`init`) or deletes the witness.
#[test]
fn a_deleted_project_store_does_not_fall_back_to_the_user_store() {
    let t = TestEnv::with_project();
    checks(&t, 2);
    std::fs::create_dir_all(t.cwd.join("src/deep")).unwrap();
    std::fs::remove_dir_all(t.store()).unwrap();
    let r = t.run(&["check", "shell", "execute", "ls"]);
    r.code(2);
    assert!(r.stderr.contains("is gone"), "{r}");
    assert!(r.stderr.contains("hint:"), "{r}");
    // From a subfolder, and through a hook whose payload names the project.
    let sub = TestEnv { cwd: t.cwd.join("src/deep"), ..TestEnv::new() };
    let sub = TestEnv { home: t.home.clone(), ..sub };
    sub.run(&["check", "shell", "execute", "ls"]).code(2);
    let event = crate::hooks::fixture(&t, "claude-code", "pre_tool_use_bash");
    let r = t.run_stdin(&["hook", "claude-code"], event.to_string().as_bytes());
    let denied = r.code == 2 || r.stdout.contains("\"deny\"");
    assert!(denied, "the hook must deny: {r}");
    assert!(!t.user_store().join("journal").exists(), "nothing went to the user store");

    let r = t.run(&["init"]);
    r.code(0);
    assert!(r.stderr.contains("journaled 2 event(s) before"), "{r}");
    checks(&t, 1);
}
