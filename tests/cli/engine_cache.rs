//! The engine cache of long-running servers (`Engine::open_cached` / `into_cache`): reused only
//! while nothing else wrote to the store, and never hiding another process's events.

use aiperture::config::{self, Config, Sources};
use aiperture::engine::{Cache, Decision, Engine, HumanDecision, Request};
use aiperture::store::lock::Wait;
use aiperture::store::{Store, UserDirs};

use crate::common::TestEnv;

fn setup() -> (TestEnv, Store, Config) {
    let t = TestEnv::with_project();
    t.write(".aiperture/config.toml", "[session]\nrate_limit_per_minute = 0\n");
    let user = UserDirs { data: t.home.join("data"), config_file: t.home.join("config.toml") };
    let store = Store::discover(&aiperture::store::Discover {
        flag: Some(t.store()),
        env: None,
        cwd: t.cwd.clone(),
        user,
    })
    .expect("store");
    let cfg = config::load(&Sources {
        user_file: None,
        store_file: Some(store.config_file()),
        env: vec![],
        flags: vec![],
        store_trust: config::StoreTrust::Trusted,
    })
    .expect("config")
    .config;
    (t, store, cfg)
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z").expect("time").into()
}

fn req(scope: &str) -> Request {
    let mut r = Request::new("shell", "execute", scope);
    r.session = "s1".into();
    r
}

/// Check `scope` through `e` and have a human approve it in the CLI.
fn approve(e: &mut Engine, scope: &str) {
    let id = e.check(&req(scope), now()).expect("check").challenge.expect("challenge").id;
    e.record(
        &HumanDecision {
            id: &id,
            decision: Decision::Allow,
            by: "tester",
            reason: "",
            channel: "cli",
            expect: None,
            inferred: false,
        },
        now(),
    )
    .expect("record");
}

/// Check `scope` through a cached engine, returning the decision.
fn cached_check(store: &Store, cfg: &Config, cache: &mut Option<Cache>, scope: &str) -> Decision {
    let mut e =
        Engine::open_cached(store, cfg.clone(), Wait::Block, &mut |_| {}, now(), || cache.take())
            .expect("open");
    let v = e.check(&req(scope), now()).expect("check");
    e.into_cache(|c| *cache = Some(c)).expect("into_cache");
    v.decision
}

#[test]
fn a_cache_is_not_reused_after_another_writer() {
    let (_t, store, cfg) = setup();
    let mut cache = None;
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deploy"), Decision::Ask);
    assert!(cache.is_some());
    // Another process: checks and has a human approve the same request in the same session.
    let mut other =
        Engine::open(&store, cfg.clone(), Wait::Block, &mut |_| {}, now()).expect("open");
    approve(&mut other, "make deploy");
    drop(other);
    // The stale cache must not be used: session memory now allows.
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deploy"), Decision::Allow);
}

#[test]
fn deferred_index_commits_are_replayed_by_other_processes() {
    let (_t, store, cfg) = setup();
    let mut cache = None;
    for i in 0..10 {
        assert_eq!(cached_check(&store, &cfg, &mut cache, &format!("echo {i}")), Decision::Ask);
    }
    // Fewer than CACHE_DEFER events: the index on disk is behind, the journal is not.
    // meta.json is sealed: the JSON body, then a `#<sha256>` line.
    let text = std::fs::read_to_string(store.path("index").join("meta.json")).expect("meta");
    let body = text.lines().next().unwrap_or_default();
    let meta: serde_json::Value = serde_json::from_str(body).expect("json");
    assert!(meta["seq"].as_u64().unwrap_or(0) < 10, "{meta}");
    // Another process sees every event (it replays the journal tail into the index).
    let mut other =
        Engine::open(&store, cfg.clone(), Wait::Block, &mut |_| {}, now()).expect("open");
    assert_eq!(other.pending(now()).expect("pending").len(), 10);
    assert_eq!(other.last_seq(), 10);
    drop(other);
    // The cache is stale now (the index moved) and is dropped, not trusted.
    assert_eq!(cached_check(&store, &cfg, &mut cache, "echo 10"), Decision::Ask);
    let mut e = Engine::open(&store, cfg.clone(), Wait::Block, &mut |_| {}, now()).expect("open");
    assert_eq!(e.pending(now()).expect("pending").len(), 11);
    // A flush writes everything applied.
    e.flush_index().expect("flush");
}

#[test]
fn a_cache_survives_an_edited_journal_only_as_a_fresh_open() {
    let (t, store, cfg) = setup();
    let mut cache = None;
    cached_check(&store, &cfg, &mut cache, "echo a");
    // Someone appends garbage to the segment: the cache no longer matches and the normal open
    // path (torn-tail recovery) takes over.
    let seg = t.store().join("journal/000001.jsonl");
    let mut bytes = std::fs::read(&seg).expect("segment");
    bytes.extend_from_slice(b"{\"torn");
    std::fs::write(&seg, bytes).expect("write");
    cached_check(&store, &cfg, &mut cache, "echo b");
    let kinds: Vec<String> = t
        .events(&t.store())
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(kinds, ["check", "recovered", "check"]);
}

/// However many requests a server answers, its cached engine keeps a bounded number of index
/// shards, and what it dropped is read again: decisions stay what they were.
#[test]
fn a_cached_engine_keeps_a_bounded_number_of_shards() {
    let (_t, store, cfg) = setup();
    let mut cache = None;
    // A human approves one request in this session (session memory: allow from then on).
    let mut e = Engine::open(&store, cfg.clone(), Wait::Block, &mut |_| {}, now()).expect("open");
    approve(&mut e, "make deploy");
    drop(e);
    let mut most = 0;
    for i in 0..2500 {
        assert_eq!(
            cached_check(&store, &cfg, &mut cache, &format!("make target-{i}")),
            Decision::Ask
        );
        most = most.max(cache.as_ref().map_or(0, Cache::loaded_shards));
    }
    let bound = aiperture::engine::CACHE_SHARDS + 2 * aiperture::engine::CACHE_DEFER as usize;
    assert!(most > 100, "the requests touched few shards ({most}): the test proves nothing");
    assert!(most <= bound, "{most} shards cached, more than {bound}");
    // Dropped shards are read again: the approval still decides, and the first of the many
    // requests is still known as asked before.
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deploy"), Decision::Allow);
}

/// A server keeps the policy it loaded while the policy file and the trust file are
/// unchanged, and sees every change at the next check: an edit of the same length made right
/// after a check, a new trust record, and the file removed.
#[test]
fn a_cached_policy_follows_every_change_of_its_files() {
    let (t, store, cfg) = setup();
    let rule = |scope: &str| {
        format!(
            "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"{scope}\"\n\
             decision = \"allow\"\n"
        )
    };
    let trust = || {
        let r = aiperture::store::trust::current(&store).expect("hashes");
        aiperture::store::trust::trust(&store, &r).expect("trust");
    };
    t.write(".aiperture/policy.toml", &rule("make deploy"));
    trust();
    // Old enough for the server to keep what it read (see `Stamp::take`).
    std::thread::sleep(std::time::Duration::from_millis(250));
    let mut cache = None;
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deploy"), Decision::Allow);
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deploy"), Decision::Allow);
    // Same length, written at once: an untrusted policy, whose allow rules do not apply.
    t.write(".aiperture/policy.toml", &rule("make deplox"));
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deplox"), Decision::Ask);
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deploy"), Decision::Ask);
    // A human trusts it: the new rule applies, the old one is gone.
    trust();
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deplox"), Decision::Allow);
    std::thread::sleep(std::time::Duration::from_millis(250));
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deplox"), Decision::Allow);
    // Back to the first content, trusted before, but the record now names the second.
    t.write(".aiperture/policy.toml", &rule("make deploy"));
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deploy"), Decision::Ask);
    std::fs::remove_file(t.store().join("policy.toml")).expect("rm");
    assert_eq!(cached_check(&store, &cfg, &mut cache, "make deplox"), Decision::Ask);
}
