//! Group commit: concurrent requests of a long-running server share one store lock and one
//! `fdatasync`.
//!
//! With `journal.durability = "fsync"` every event is synced before its verdict is answered.
//! Synced one by one, a server answers no faster than the device flushes (about 0.15–0.3 ms a
//! flush on the VMs we measure on), whatever the number of clients. A [`Group`] lets the
//! requests of one server process overlap that wait:
//!
//! 1. A request waits for its turn (requests still run their engine work one at a time), takes
//!    the store lock if the group does not hold it yet, and runs on an engine whose writer
//!    only writes its journal lines ([`Writer::defer`](crate::journal::append::Writer::defer)):
//!    no sync, no HEAD.
//! 2. It hands the turn to the next request and waits until every event its answer depends on
//!    (the journal's end when it finished) is durable. If no sync is running, it runs one
//!    itself for the journal's end at that moment, outside the turn, so other requests append
//!    while the device flushes; then, within the turn's mutex, it records that end in HEAD and
//!    the witness. Every request whose events the sync covered is answered.
//! 3. The store lock is released as soon as the group is idle (no request running, nothing
//!    waiting to be synced), and at the latest after [`HOLD`]: then no new request starts until
//!    the group is idle, so the CLI and hooks of other processes get the lock.
//!
//! # Guarantees
//!
//! * **Every answer is durable**: a request is answered only after its own events, and every
//!   event before them, are synced and recorded in HEAD. A request whose events a failed sync
//!   left unsynced gets an error, never a verdict.
//! * **HEAD is never ahead of the synced journal**: it is written after the sync that covers
//!   it, never for an event the sync did not cover.
//! * **Other processes never see HEAD behind the journal**: the store lock is held from a
//!   group's first unsynced line until HEAD records the journal's end. A process killed in
//!   between leaves lines past HEAD, which the next writer accepts by their MACs and journals
//!   as `recovered` (the requests behind them were never answered).
//! * **After a failed sync nothing is trusted**: every request with events past the last good
//!   sync gets the error, no new request starts until the lock is released, and the next one
//!   opens the store from disk with recovery (a later sync that succeeds proves nothing about
//!   pages an earlier one failed to write).
//!
//! With `durability = "flush"` a request's writer records HEAD itself as before; such a request
//! starts only when nothing is waiting to be synced, so it never records unsynced lines of
//! others.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::config::{Config, Durability};
use crate::engine::{Cache, Engine};
use crate::error::{Error, Result};
use crate::journal::append::{Publisher, Tail};
use crate::store::Store;
use crate::store::lock::{StoreLock, Wait};

/// The longest the group keeps the store lock while requests keep coming; then it lets the
/// group become idle and releases it.
pub const HOLD: Duration = Duration::from_millis(20);

/// At most this many failed syncs are remembered (for the requests still waiting on them).
const FAILURES_KEPT: usize = 64;

/// Group commit for one store (see the module documentation).
pub struct Group {
    store: Store,
    state: Mutex<State>,
    /// Requests waiting to start (or for [`Group::exclusive`]).
    turn: Condvar,
    /// Requests waiting for a running sync to end.
    synced: Condvar,
    syncs: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Group").field("store", &self.store.root()).finish_non_exhaustive()
    }
}

/// A sync that failed: requests with events in `(from, upto]` get its error.
#[derive(Debug)]
struct Failure {
    from: u64,
    /// `None` while the group is still poisoned (events appended until the lock is released
    /// are lost too).
    upto: Option<u64>,
    kind: std::io::ErrorKind,
    message: String,
}

impl Failure {
    fn covers(&self, seq: u64) -> bool {
        seq > self.from && self.upto.is_none_or(|u| seq <= u)
    }

    fn error(&self, path: &Path) -> Error {
        Error::Io {
            op: "make the journal durable in",
            path: path.to_path_buf(),
            source: std::io::Error::new(self.kind, self.message.clone()),
        }
    }
}

#[derive(Debug, Default)]
struct State {
    /// The store lock, while the group holds it.
    lock: Option<StoreLock>,
    /// When the group took it.
    held_since: Option<Instant>,
    /// The engine's loaded state. While `lock` is held it was made under that very lock and is
    /// trusted as it is; otherwise it is checked against the store when reused.
    cache: Option<Cache>,
    /// A request is running on the engine (or holds the lock for [`Group::exclusive`]).
    busy: bool,
    /// The journal's end, with what makes it durable, while events past `durable` wait.
    pending: Option<(Tail, Publisher)>,
    /// Every event up to this seq is synced and recorded in HEAD.
    durable: u64,
    /// A request is syncing (outside the mutex).
    syncing: bool,
    /// No new request starts until the lock is released ([`HOLD`] passed).
    draining: bool,
    /// A sync failed since the lock was taken.
    poisoned: bool,
    /// The highest seq any request ended at since the lock was taken.
    appended: u64,
    failures: Vec<Failure>,
}

impl State {
    /// Nothing runs and nothing waits: the lock can go.
    fn idle(&self) -> bool {
        !self.busy && !self.syncing && (self.pending.is_none() || self.poisoned)
    }

    /// Remember a failed sync (or a request lost while others waited): every event past the
    /// last durable one fails, until the lock is released.
    fn fail(&mut self, kind: std::io::ErrorKind, message: String) {
        self.poisoned = true;
        self.cache = None;
        if self.failures.len() >= FAILURES_KEPT {
            self.failures.remove(0);
        }
        let from = self.durable;
        self.failures.push(Failure { from, upto: None, kind, message });
    }

    /// Release the store lock when the group is idle.
    fn release_if_idle(&mut self) {
        if self.lock.is_none() || !self.idle() {
            return;
        }
        if self.poisoned {
            if let Some(f) = self.failures.last_mut() {
                f.upto = Some(self.appended);
            }
            self.poisoned = false;
            self.pending = None;
            self.cache = None;
        }
        self.lock = None;
        self.held_since = None;
        self.draining = false;
    }
}

/// Resets the turn if the request unwinds (a panic while deciding): the engine is dropped, and
/// with it anything it appended stays past HEAD until the next writer recovers it.
struct Turn<'a> {
    group: &'a Group,
    done: bool,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        if !self.done {
            let mut s = self.group.lock_state();
            s.busy = false;
            s.cache = None;
            if s.pending.is_some() || s.syncing {
                // Unknown lines may follow the pending end: never publish past them.
                s.fail(
                    std::io::ErrorKind::Other,
                    "a request failed while others waited to be synced".into(),
                );
            }
            s.release_if_idle();
            self.group.turn.notify_all();
            self.group.synced.notify_all();
        }
    }
}

impl Group {
    /// A group for `store`.
    pub fn new(store: Store) -> Group {
        Group {
            store,
            state: Mutex::new(State::default()),
            turn: Condvar::new(),
            synced: Condvar::new(),
            syncs: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn lock_state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wait until `ready` holds (and the lock is not being drained), then take the turn.
    fn enter(&self, ready: impl Fn(&State) -> bool) -> (MutexGuard<'_, State>, Turn<'_>) {
        let mut s = self.lock_state();
        loop {
            if s.lock.is_some() && !s.idle() && s.held_since.is_some_and(|t| t.elapsed() >= HOLD) {
                s.draining = true;
            }
            if !s.busy && !s.poisoned && !s.draining && ready(&s) {
                break;
            }
            s = self.turn.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        s.busy = true;
        (s, Turn { group: self, done: false })
    }

    /// The store lock the group holds, or a new one (taken outside the state mutex).
    fn take_lock(
        &self,
        held: Option<StoreLock>,
        wait: Wait,
        on_wait: &mut dyn FnMut(&Path),
    ) -> Result<(StoreLock, bool)> {
        match held {
            Some(l) => Ok((l, true)),
            None => self.store.lock(wait, on_wait).map(|l| (l, false)),
        }
    }

    /// Run `f` on the store's engine and return once everything the answer depends on is
    /// durable (see the module documentation). `index_error` receives an error committing
    /// the index after `f` succeeded (the answer stands; the index is rebuilt later).
    pub fn run<T>(
        &self,
        config: Arc<Config>,
        wait: Wait,
        on_wait: &mut dyn FnMut(&Path),
        now: DateTime<Utc>,
        index_error: impl FnOnce(&Error),
        f: impl FnOnce(&mut Engine) -> Result<T>,
    ) -> Result<T> {
        let deferred = config.journal.durability == Durability::Fsync;
        let (mut s, mut turn) = self.enter(|s| {
            let quiet = s.pending.is_none() && !s.syncing;
            // A writer that records HEAD itself must not record others' unsynced lines; a
            // writer opened from disk must find HEAD at the journal's end.
            quiet || (deferred && s.lock.is_some() && s.cache.is_some())
        });
        let held = s.lock.clone();
        let cache = s.cache.take();
        drop(s);
        let (lock, trusted) = match self.take_lock(held, wait, on_wait) {
            Ok(l) => l,
            Err(e) => {
                let mut s = self.lock_state();
                s.busy = false;
                turn.done = true;
                self.turn.notify_all();
                return Err(e);
            }
        };
        if !trusted {
            let mut s = self.lock_state();
            s.lock = Some(lock.clone());
            s.held_since = Some(Instant::now());
            s.appended = 0;
        }
        let resumed = trusted && cache.is_some();
        let opened = match (trusted, cache) {
            (true, Some(c)) => Ok(Engine::resume_held(&self.store, config, lock, c)),
            (_, c) => Engine::open_locked(&self.store, config, lock, now, c),
        };
        let (out, finished) = match opened {
            Ok(mut engine) => {
                if deferred {
                    engine.defer_durability(false);
                }
                let opened_at = engine.last_seq();
                let out = f(&mut engine);
                (out, Some((engine.take_apart(true), opened_at)))
            }
            Err(e) => (Err(e), None),
        };
        let mut s = self.lock_state();
        s.busy = false;
        turn.done = true;
        let Some((fin, opened_at)) = finished else {
            // Opening failed: nothing was appended by this request.
            s.release_if_idle();
            self.turn.notify_all();
            return out;
        };
        if let Some(e) = &fin.error {
            index_error(e);
        }
        // An engine opened from disk found HEAD at the journal's end (recovering if it had to).
        if !resumed {
            s.durable = s.durable.max(opened_at);
        }
        let mine = fin.tail.seq;
        s.appended = s.appended.max(mine);
        s.cache = if out.is_ok() { fin.cache } else { None };
        if mine > s.durable {
            if deferred {
                s.pending = Some((fin.tail, fin.publisher));
            } else {
                // The writer recorded HEAD itself (only when nothing else was pending).
                s.durable = mine;
            }
        }
        drop(fin.lock);
        s.release_if_idle();
        self.turn.notify_all();
        self.durable(s, mine)?;
        out
    }

    /// Wait until every event up to `seq` is durable, syncing for the group when no one else
    /// is.
    fn durable<'a>(&'a self, mut s: MutexGuard<'a, State>, seq: u64) -> Result<()> {
        let journal = self.store.path(crate::store::layout::JOURNAL);
        loop {
            if let Some(f) = s.failures.iter().rev().find(|f| f.covers(seq)) {
                return Err(f.error(&journal));
            }
            if s.durable >= seq {
                return Ok(());
            }
            if s.syncing {
                s = self.synced.wait(s).unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            let Some((tail, publish)) = s.pending.clone() else {
                return Err(Error::Invalid(format!(
                    "group commit lost track of event {seq} (durable up to {})",
                    s.durable
                )));
            };
            s.syncing = true;
            drop(s);
            let synced = publish.sync(&tail);
            self.syncs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            s = self.lock_state();
            // HEAD and the witness are written within the mutex, so records only move forward.
            let recorded = synced.and_then(|()| publish.publish(&tail));
            s.syncing = false;
            match recorded {
                Ok(()) => {
                    s.durable = s.durable.max(tail.seq);
                    if s.pending.as_ref().is_some_and(|(t, _)| t.seq <= tail.seq) {
                        s.pending = None;
                    }
                }
                Err(e) => {
                    let (kind, message) = match &e {
                        Error::Io { source, .. } => (source.kind(), e.to_string()),
                        _ => (std::io::ErrorKind::Other, e.to_string()),
                    };
                    s.fail(kind, message);
                }
            }
            s.release_if_idle();
            self.synced.notify_all();
            self.turn.notify_all();
        }
    }

    /// Run `f` with the store lock held and every appended event durable, with no request
    /// running: for reading the journal folder, or for opening an engine of its own (then
    /// `invalidate`, since that engine may move the index under the group's cache).
    pub fn exclusive<T>(
        &self,
        wait: Wait,
        on_wait: &mut dyn FnMut(&Path),
        invalidate: bool,
        f: impl FnOnce(&StoreLock) -> T,
    ) -> Result<T> {
        let (mut s, mut turn) = self.enter(|s| s.pending.is_none() && !s.syncing);
        let held = s.lock.clone();
        if invalidate {
            s.cache = None;
        }
        drop(s);
        let out = self.take_lock(held, wait, on_wait).map(|(lock, _)| f(&lock));
        let mut s = self.lock_state();
        s.busy = false;
        turn.done = true;
        s.release_if_idle();
        self.turn.notify_all();
        out
    }

    /// Journal syncs the group ran so far.
    pub fn syncs(&self) -> u64 {
        self.syncs.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether the group keeps an engine's loaded state.
    pub fn has_cache(&self) -> bool {
        self.lock_state().cache.is_some()
    }
}
