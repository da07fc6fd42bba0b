//! Opening and closing an engine, and keeping the derived index level with the journal.
//!
//! [`Engine::open`] takes the store lock, opens the journal writer (recovering a torn tail),
//! and brings the derived index up to the journal's end (replaying only the tail, rebuilding
//! when the index is missing or inconsistent). While the engine lives it holds the lock, so a
//! check's read-decide-append-index sequence is atomic across processes. A long-running
//! server hands the engine back as a [`Cache`] and reopens from it only when nothing else
//! wrote to the store in between, keeping at most [`CACHE_SHARDS`] index shards.
//!
//! Every event goes through `append`: journaled first, then applied to the index from the
//! bytes just written, exactly as a replay would, so an index built incrementally equals one
//! rebuilt from scratch. The index is only a cache: a corrupt one is rebuilt from the journal,
//! never trusted, and an operation that already reached the journal never fails for it.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::events::{EventKind, Payload};
use super::forward;
use super::state::State;
use super::{Engine, Memo};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::encoding::{hex, unhex};
use crate::error::{Error, Result};
use crate::journal::append::{Appended, Writer};
use crate::journal::read::replay_from;
use crate::store::index::{Index, Meta};
use crate::store::lock::{StoreLock, Wait};
use crate::store::{Secret, Store, layout};

/// What a long-running server keeps of an engine between requests: the loaded index shards
/// and the journal's end, reused by the next [`Engine::open_cached`] when nothing else wrote
/// to the store in between (checked under the lock: the index position on disk, HEAD, and
/// the last segment's length). Up to [`CACHE_DEFER`] applied events may not be committed to
/// the index yet; another process replays them from the journal (the index is only a cache),
/// which also invalidates this cache.
#[derive(Debug)]
pub struct Cache {
    state: State,
    tail: crate::journal::append::Tail,
    committed: Meta,
    latest: Meta,
    secret: Secret,
    memo: Memo,
}

/// An engine taken apart by [`Engine::take_apart`].
#[derive(Debug)]
pub struct Finished {
    /// The store lock, still held.
    pub lock: StoreLock,
    /// The loaded state, when it was kept.
    pub cache: Option<Cache>,
    /// Where the journal ends (deferred appends included).
    pub tail: crate::journal::append::Tail,
    /// What makes deferred appends durable.
    pub publisher: crate::journal::append::Publisher,
    /// Why the state was not kept although asked to be (committing the index failed).
    pub error: Option<Error>,
}

impl Cache {
    /// How many index shards the cache holds (at most [`CACHE_SHARDS`] plus those changed
    /// since the last commit).
    pub fn loaded_shards(&self) -> usize {
        self.state.loaded_shards()
    }
}

/// Events a cached engine may apply before it commits the index.
pub const CACHE_DEFER: u64 = 32;

/// Index shards a cached engine keeps loaded between requests (all families together; about
/// 20 KB each on a store of a million decisions). Beyond it, the shards holding nothing
/// uncommitted are dropped and read again on demand: a server's memory stays bounded however
/// large the store grows.
pub const CACHE_SHARDS: usize = 1024;

impl Engine {
    /// Lock the store and bring the index up to date. `on_wait` is called if the lock is busy.
    pub fn open(
        store: &Store,
        config: impl Into<Arc<Config>>,
        wait: Wait,
        on_wait: &mut dyn FnMut(&std::path::Path),
        now: DateTime<Utc>,
    ) -> Result<Engine> {
        let mut engine = Engine::open_cached(store, config, wait, on_wait, now, || None)?;
        engine.memo.one_shot = true;
        Ok(engine)
    }

    /// [`Engine::open`] for a long-running server: `take_cache` is called once the lock is
    /// held, and the [`Cache`] it returns is reused when it still matches the store. Give the
    /// engine back with [`Engine::into_cache`].
    pub fn open_cached(
        store: &Store,
        config: impl Into<Arc<Config>>,
        wait: Wait,
        on_wait: &mut dyn FnMut(&std::path::Path),
        now: DateTime<Utc>,
        take_cache: impl FnOnce() -> Option<Cache>,
    ) -> Result<Engine> {
        let lock = store.lock(wait, on_wait)?;
        Engine::open_locked(store, config, lock, now, take_cache())
    }

    /// [`Engine::open_cached`] with the store lock already taken: the cache is reused when it
    /// still matches the store, otherwise the engine opens as [`Engine::open`] does.
    pub fn open_locked(
        store: &Store,
        config: impl Into<Arc<Config>>,
        lock: StoreLock,
        now: DateTime<Utc>,
        cache: Option<Cache>,
    ) -> Result<Engine> {
        let config: Arc<Config> = config.into();
        let fsync = config.journal.durability == crate::config::Durability::Fsync;
        let max = config.journal.segment_max_bytes;
        let index = Index::new(store.path(layout::INDEX));
        // The cached secret is the one the cached state was verified with; HEAD's MAC proves
        // it is still the store's (a new secret would have rewritten HEAD), so it is not read
        // again.
        if let Some(c) = cache
            && index.read_meta().as_ref() == Some(&c.committed)
            && let Some(writer) =
                Writer::resume(store, &lock, c.secret.clone(), max, fsync, c.tail)?
        {
            return Ok(Engine {
                store: store.clone(),
                secret: c.secret,
                writer,
                memo: c.memo.renewed(&config),
                state: c.state,
                committed: c.committed,
                latest: c.latest,
                defer: CACHE_DEFER,
                cwd: None,
                fallback: None,
                config,
                _lock: lock,
            });
        }
        let secret = store.ensure_secret(&lock)?;
        let writer = Writer::open(store, &lock, secret.clone(), max, fsync, now)?;
        let state = State::new(index);
        let memo = Memo::default().renewed(&config);
        let mut engine = Engine {
            store: store.clone(),
            config,
            secret,
            writer,
            state,
            committed: Meta::empty(),
            latest: Meta::empty(),
            defer: 1,
            cwd: None,
            fallback: None,
            memo,
            _lock: lock,
        };
        engine.sync_index()?;
        Ok(engine)
    }

    /// An engine from `cache` without looking at the store: only for a group commit that has
    /// held `lock` without a break since it made `cache` ([`Engine::take_apart`]), so nothing else
    /// can have written the store (HEAD may still be behind the cached journal end, about to
    /// be published).
    pub fn resume_held(
        store: &Store,
        config: impl Into<Arc<Config>>,
        lock: StoreLock,
        cache: Cache,
    ) -> Engine {
        let config: Arc<Config> = config.into();
        let fsync = config.journal.durability == crate::config::Durability::Fsync;
        let max = config.journal.segment_max_bytes;
        let secret = cache.secret;
        let writer = Writer::at(store, secret.clone(), max, fsync, cache.tail);
        Engine {
            store: store.clone(),
            memo: cache.memo.renewed(&config),
            config,
            secret,
            writer,
            state: cache.state,
            committed: cache.committed,
            latest: cache.latest,
            defer: CACHE_DEFER,
            cwd: None,
            fallback: None,
            _lock: lock,
        }
    }

    /// Group commit: appends from now on write their journal lines only (see
    /// [`Writer::defer`]); the caller makes them durable with the [`Finished::publisher`]
    /// before it answers or releases the store lock. `early_writeback`: start each line's
    /// write to the device at once (one writer with work left before its sync).
    pub fn defer_durability(&mut self, early_writeback: bool) {
        self.writer.defer(early_writeback);
    }

    /// Keep this engine's loaded state for the next [`Engine::open_cached`], committing the
    /// index first when [`CACHE_DEFER`] events are pending. `keep` receives the cache while
    /// the store lock is still held (so a thread that takes the lock next finds it); the lock
    /// is released afterwards.
    pub fn into_cache(self, keep: impl FnOnce(Cache)) -> Result<()> {
        let finished = self.take_apart(true);
        if let Some(c) = finished.cache {
            keep(c);
        }
        drop(finished.lock);
        finished.error.map_or(Ok(()), Err)
    }

    /// Take the engine apart, keeping the store lock: its loaded state as a [`Cache`] when
    /// `keep` (after committing the index when [`CACHE_DEFER`] events are pending; an error
    /// doing so drops the cache and is returned in [`Finished::error`]), and where the journal
    /// ends.
    pub fn take_apart(mut self, keep: bool) -> Finished {
        let mut error = None;
        let keep = keep
            && match (self.latest.seq.saturating_sub(self.committed.seq) >= CACHE_DEFER)
                .then(|| self.flush_index())
            {
                Some(Err(e)) => {
                    error = Some(e);
                    false
                }
                _ => true,
            };
        let tail = self.writer.tail().clone();
        let publisher = self.writer.publisher();
        let Engine { mut state, committed, latest, secret, memo, _lock: lock, .. } = self;
        let cache = keep.then(|| {
            state.shrink(CACHE_SHARDS);
            Cache { state, tail: tail.clone(), committed, latest, secret, memo }
        });
        Finished { lock, cache, tail, publisher, error }
    }

    /// Commit every applied event to the index on disk.
    pub fn flush_index(&mut self) -> Result<()> {
        if self.latest != self.committed {
            self.state.commit(&self.latest)?;
            self.committed = self.latest.clone();
        }
        Ok(())
    }

    /// Bring the index to the journal's end: nothing to do, replay the tail, or rebuild.
    fn sync_index(&mut self) -> Result<()> {
        let tail = self.writer.tail().clone();
        let meta = self.state.index().read_meta();
        match meta {
            Some(m) if m.seq == tail.seq && unhex::<32>(&m.hash) == Some(tail.hash) => {
                self.committed = m.clone();
                self.latest = m;
                Ok(())
            }
            Some(m) if m.seq < tail.seq => match self.replay(&m) {
                Ok(()) => Ok(()),
                Err(_) => self.rebuild().map(|_| ()),
            },
            _ => self.rebuild().map(|_| ()),
        }
    }

    /// Replay events after `from` into the index.
    fn replay(&mut self, from: &Meta) -> Result<()> {
        let dir = self.writer.dir().to_path_buf();
        let mut meta = from.clone();
        let state = &mut self.state;
        replay_from(&dir, from.segment, from.offset, &mut |e, segment, end| {
            if e.head.seq <= meta.seq {
                return Ok(());
            }
            if e.head.seq != meta.seq + 1 || hex(&e.prev) != meta.hash {
                return Err(Error::Invalid("index position does not match the journal".into()));
            }
            let Some(ts) = Timestamp::parse(&e.head.ts) else {
                return Err(Error::Invalid(format!(
                    "event seq {} has an invalid time {:?}",
                    e.head.seq, e.head.ts
                )));
            };
            state.apply_line(e.head.seq, ts, EventKind::from_name(&e.head.kind), e.raw)?;
            meta = Meta::at(e.head.seq, &e.hash, segment, end);
            Ok(())
        })?;
        let tail = self.writer.tail();
        if meta.seq != tail.seq {
            return Err(Error::Invalid("index replay did not reach the journal's end".into()));
        }
        self.state.commit(&meta)?;
        self.committed = meta.clone();
        self.latest = meta;
        Ok(())
    }

    /// Delete the index and rebuild it from the whole journal. Returns the events replayed.
    pub fn rebuild(&mut self) -> Result<u64> {
        self.state.index().clear()?;
        self.state.reset();
        self.replay(&Meta::empty())?;
        Ok(self.writer.tail().seq)
    }

    pub(super) fn append<P: Payload>(
        &mut self,
        body: &P,
        now: DateTime<Utc>,
        force_sync: bool,
    ) -> Result<Appended> {
        // Written, its write to the device started; the index work below overlaps it, and the
        // event is settled (synced, recorded in HEAD) before this returns.
        let a = self.writer.write(P::KIND.name(), body, now, force_sync)?;
        // The index applies the event from the bytes just written, exactly as a replay would.
        let raw = std::str::from_utf8(&a.event).unwrap_or_default();
        self.latest = Meta::at(a.seq, &a.hash, a.segment, a.end);
        let due = self.latest.seq.saturating_sub(self.committed.seq) >= self.defer;
        let applied = self
            .state
            .apply_line(a.seq, a.ts, Some(P::KIND), raw)
            .and_then(|()| if due { self.flush_index() } else { Ok(()) });
        // A failed sync fails the operation, whatever the index did: nothing is answered for an
        // event that is not durable. (An index committed ahead of a journal line that a power
        // loss then takes is found at the next open and rebuilt.)
        self.writer.settle()?;
        match applied {
            // The event is journaled; a corrupt index is rebuilt from the journal, event
            // included, rather than failing an operation that already happened.
            Err(Error::IndexCorrupt { .. }) => {
                self.rebuild()?;
            }
            other => other?,
        }
        let cmd = &self.config.audit.forward_command;
        if !cmd.trim().is_empty() {
            forward::deliver(
                self.store.root(),
                self.writer.dir(),
                cmd,
                std::time::Duration::from_millis(self.config.audit.forward_timeout_ms),
                a.seq,
                now,
            );
        }
        Ok(a)
    }

    /// Run `f`; if it met a corrupt index file before journaling anything, rebuild the index
    /// and run it once more.
    pub(super) fn retrying<T>(&mut self, mut f: impl FnMut(&mut Engine) -> Result<T>) -> Result<T> {
        match f(self) {
            Err(Error::IndexCorrupt { .. }) => {
                self.rebuild()?;
                f(self)
            }
            other => other,
        }
    }
}
