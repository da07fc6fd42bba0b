//! `aiperture serve`: the HTTP API on tiny_http, secure by default.
//!
//! # Shape
//!
//! [`bind`] resolves and checks the address (a non-loopback address needs an API key, and TLS
//! unless plain HTTP is allowed), reads and checks the TLS certificate and key, and binds it;
//! [`run`] serves until the shutdown flag is set, then drains and returns. A fixed pool of
//! `workers` threads takes parsed requests from tiny_http; each request is routed
//! through one table (`ROUTES`: method, path pattern, access class, handler), authorised,
//! its body read under a size limit and a deadline, and handed to a handler that calls the
//! operation in [`crate::ops`] the CLI and the MCP server call too. Handlers run on the store's [`Engine`] through a
//! [`Group`](crate::server::group::Group): requests take turns on the engine, share the store
//! lock and journal syncs while they overlap (group commit), and each is answered only once
//! its events are durable. The lock is released whenever the server is idle (and at the latest
//! every [`HOLD`](crate::server::group::HOLD)), so the CLI, hooks and this server share one
//! store and one journal. Kept between requests: the parsed configuration (re-read when a
//! config file changes), the engine's loaded index shards (bounded, checked against the store
//! whenever the lock was released) and process-local metrics.
//!
//! # Invariants
//!
//! * **Fail closed.** An error on the way to a verdict is a 4xx/5xx JSON error, never a
//!   verdict; a handler that panics answers 500 and decides nothing.
//! * **Auth.** Agent routes need `[server] api_key` (or the admin key, or a person's key) as a
//!   Bearer token when one is set. Human and config routes always need `[server] admin_key` or
//!   the key of a person listed in `[server] humans` (by the SHA-256 of their key): without
//!   either they are refused, loopback clients included (the agent runs on the same machine).
//!   The decider of a human decision, grant or revocation is the credential: the person's name,
//!   or [`ADMIN_DECIDER`] for the shared admin key; never a name in the request body (a body's
//!   `by` is only echoed back as `claimed_by`). Keys are compared as HMACs under a per-process
//!   random salt with a constant-time check (a person's key as the HMAC of its SHA-256).
//!   `/health` is open (details only for authorised callers).
//! * **Browsers cannot drive the JSON API.** Its bodies must be `application/json` (a
//!   cross-site form cannot send that without a CORS preflight, which is never granted).
//! * **The approvals inbox is for browsers, and only from its own pages.** `GET /` and the
//!   `POST /inbox/*` routes (rendered by [`super::inbox`]) take no Bearer key: a person signs in
//!   with their key (or the admin key; never the API key) and gets an in-memory session cookie
//!   (`HttpOnly; SameSite=Strict`). Their forms are `application/x-www-form-urlencoded`, which a
//!   cross-site page can send, so instead of the JSON rule every state-changing POST needs the
//!   session cookie (SameSite=Strict: never sent with a cross-site request), the session's CSRF
//!   token from a hidden field (compared in constant time), and, when present, an `Origin`
//!   naming this server and `Sec-Fetch-Site: same-origin`. The decider is the signed-in person,
//!   counted by `decisions_per_minute` as the JSON routes count a key. Errors are HTML pages,
//!   and every inbox response carries a `Content-Security-Policy` with no script.
//! * **No DNS rebinding.** On a loopback address the `Host` header must name a loopback host
//!   (the inbox included).
//! * **Every response** has a `Content-Type` and a `Content-Length`; errors are
//!   `{"format":1,"error":CODE,"message":…}`.
//! * **Every connection is read at once.** tiny_http reads each accepted connection on a thread
//!   of its own (a keep-alive connection keeps that thread, never a worker, while it waits for
//!   its next request, at most `read_timeout`). tiny_http is vendored (`vendor/tiny_http`,
//!   changes in its `PATCHES.md`) because 0.12.0's thread pool queued connections of a burst
//!   behind threads that were already taken: such a connection was not read until another one
//!   arrived or ended, which with the waker below meant answers after `read_timeout / 4` or a
//!   multiple of it (issue 19). Latency does not depend on the waker.
//! * **Slow clients cannot hold the pool.** tiny_http sets no socket timeouts, so the listening
//!   socket carries `SO_RCVTIMEO`/`SO_SNDTIMEO` (and `TCP_NODELAY`), which accepted sockets
//!   inherit on Linux and the BSDs. Because `accept` honours the same timeout, a waker thread
//!   connects to the listener at a quarter of the timeout so `accept` never times out. A body
//!   must arrive within `read_timeout` in all; a request whose body was not read to its end is
//!   answered, then discarded on a short-lived thread (tiny_http drains an unread body when the
//!   request is dropped, at the client's pace), never on a worker.
//! * **Oversized bodies.** A body larger than `max_body_bytes` is refused (413) before it is
//!   read. tiny_http 0.12 discards an unread body by allocating a buffer of the remaining
//!   declared length, which aborts the process for an absurd `Content-Length`; a request that
//!   declares more than [`DISCARD_MAX`] bytes is therefore never dropped: it is answered with a
//!   bare 413 and its connection is leaked on purpose (counted in
//!   `aiperture_http_connections_leaked_total`).
//! * **TLS.** With `server.tls_cert` and `server.tls_key` the server speaks only HTTPS, through
//!   tiny_http's rustls support (ported to the rustls 0.23 ureq uses; `PATCHES.md`). A
//!   non-loopback address without TLS is refused unless `server.allow_plaintext` is set. The
//!   handshake runs on the connection's own tiny_http thread under the socket timeouts above,
//!   so a client that never finishes it, speaks plain HTTP or sends garbage holds no worker and
//!   is dropped within a few read timeouts. tiny_http reads the next request of a TLS
//!   connection only once the previous one was answered (no pipelining).
//! * **Shutdown.** When the flag is set, workers stop taking new work, answer every request
//!   already queued (for at most `read_timeout`), and [`run`] returns.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{ErrorKind, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use hmac::{KeyInit, Mac};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::config_cache::ConfigCache;
use super::inbox;
use super::metrics::Metrics;
use super::tls::{Tls, TlsFiles};
use crate::config::{self as cfg, Loaded, ServerCfg, Sources};
use crate::engine::events::ArtifactEvent;
use crate::engine::report::AuditFilter;
use crate::engine::{Decision, Engine, GrantRequest, HumanDecision, Request, Verdict};
use crate::error::{Error, Refusal, Result};
use crate::ops;
use crate::store::artifacts::ObjectsReport;
use crate::store::lock::Wait;
use crate::store::{Store, layout};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// JSON format version of every response body.
pub const JSON_FORMAT: u64 = 1;
/// Bodies up to this size are read by tiny_http before a worker sees the request.
const PREREAD_MAX: usize = 1024;
/// A request declaring a larger body than this is never dropped (see the module docs).
pub const DISCARD_MAX: usize = 1024 * 1024 * 1024;
/// How often an idle worker looks at the shutdown flag.
const POLL: Duration = Duration::from_millis(100);
/// Shortest key accepted.
const MIN_KEY_LEN: usize = 16;
/// Most events `GET /audit/events` returns at once.
const MAX_EVENTS: usize = 1000;

/// Settings of one server, from `[server]` and the command line.
#[derive(Clone)]
pub struct Options {
    /// `host:port` to listen on.
    pub addr: String,
    /// Worker threads.
    pub workers: usize,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Socket silence limit and whole-body deadline.
    pub read_timeout: Duration,
    /// Bearer key of agent routes (empty: none).
    pub api_key: String,
    /// Bearer key of human and config routes (empty: none).
    pub admin_key: String,
    /// The humans who may decide: `NAME:SHA256` of their key (see `server.humans`).
    pub humans: Vec<String>,
    /// Human decisions one credential may make per minute.
    pub decisions_per_minute: u32,
    /// Wait for a busy store lock, or answer 503 at once.
    pub wait: Wait,
    /// Serve HTTPS with this certificate and key (`server.tls_cert`, `server.tls_key`); `None`:
    /// plain HTTP. Read and checked by [`bind`]. See [`Options::tls()`].
    pub tls: Option<TlsFiles>,
    /// Serve plain HTTP on a non-loopback address (`server.allow_plaintext`).
    pub allow_plaintext: bool,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("addr", &self.addr)
            .field("workers", &self.workers)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("read_timeout", &self.read_timeout)
            .field("api_key", &if self.api_key.is_empty() { "" } else { "<redacted>" })
            .field("admin_key", &if self.admin_key.is_empty() { "" } else { "<redacted>" })
            .field("humans", &self.humans.len())
            .field("decisions_per_minute", &self.decisions_per_minute)
            .field("wait", &self.wait)
            .field("tls", &self.tls)
            .field("allow_plaintext", &self.allow_plaintext)
            .finish()
    }
}

impl Options {
    /// Options from the `[server]` configuration section.
    pub fn from_config(c: &ServerCfg) -> Options {
        Options {
            addr: c.addr.clone(),
            workers: c.workers as usize,
            max_body_bytes: usize::try_from(c.max_body_bytes).unwrap_or(usize::MAX),
            read_timeout: Duration::from_millis(c.read_timeout_ms),
            api_key: c.api_key.clone(),
            admin_key: c.admin_key.clone(),
            humans: c.humans.clone(),
            decisions_per_minute: c.decisions_per_minute,
            wait: Wait::Block,
            // One path without the other is kept, so `bind` refuses it (fail closed).
            tls: (!c.tls_cert.is_empty() || !c.tls_key.is_empty()).then(|| TlsFiles {
                cert: c.tls_cert.clone().into(),
                key: c.tls_key.clone().into(),
            }),
            allow_plaintext: c.allow_plaintext,
        }
    }

    /// Whether the server speaks TLS (HTTPS) rather than plain HTTP: cookies it sets may be
    /// `Secure`.
    pub fn tls(&self) -> bool {
        self.tls.is_some()
    }

    fn check_keys(&self) -> Result<()> {
        for (name, k) in [("server.api_key", &self.api_key), ("server.admin_key", &self.admin_key)]
        {
            if !k.is_empty() && k.chars().count() < MIN_KEY_LEN {
                return Err(Error::Invalid(format!(
                    "`{name}` must be at least {MIN_KEY_LEN} characters (or empty)"
                )));
            }
            if k.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Error::Invalid(format!(
                    "`{name}` must not contain spaces or control characters"
                )));
            }
        }
        if !self.api_key.is_empty() && self.api_key == self.admin_key {
            return Err(Error::Invalid(
                "`server.api_key` and `server.admin_key` must differ: an agent holding the API \
                 key must not be able to act as a human"
                    .into(),
            ));
        }
        // A person's key must not be one an agent holds (the API key) or the shared admin key:
        // their decisions would then be an agent's, or lose whose they are.
        for h in &self.humans {
            let Some((name, hash)) = cfg::parse_human(h) else { continue };
            for (what, k) in
                [("server.api_key", &self.api_key), ("server.admin_key", &self.admin_key)]
            {
                let digest: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(k.as_bytes()).into();
                if !k.is_empty() && digest == hash {
                    return Err(Error::Invalid(format!(
                        "`server.humans`: {name}'s key is `{what}`; a person needs a key of their own"
                    )));
                }
            }
        }
        Ok(())
    }
}

/// What the server needs to reach the store.
#[derive(Debug, Clone)]
pub struct Backend {
    /// The store every request works on.
    pub store: Store,
    /// Configuration layers, re-read when a config file changes (environment and flags are
    /// those of the server process).
    pub sources: Sources,
    /// The clock (`AIPERTURE_NOW` or the system clock), read once per request.
    pub clock: fn() -> Result<DateTime<Utc>>,
}

/// A bound listening socket, ready for [`run`], with the checked TLS material when it serves
/// HTTPS.
#[derive(Debug)]
pub struct Listener {
    socket: TcpListener,
    addr: SocketAddr,
    tls: Option<Tls>,
}

impl Listener {
    /// The address actually bound (with the real port when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL clients use: `https://…` with TLS, `http://…` without.
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }
}

/// Resolve, check and bind `opts.addr`.
///
/// Refuses a non-loopback address (including `0.0.0.0` and `::`) unless an API key is set, and
/// unless the server speaks TLS or `allow_plaintext` is set; refuses keys that are too short or
/// equal to each other, and TLS files that are missing, unreadable, not a certificate and a
/// key, or not matching.
pub fn bind(opts: &Options) -> Result<Listener> {
    opts.check_keys()?;
    let addr = opts
        .addr
        .to_socket_addrs()
        .map_err(|e| Error::Invalid(format!("cannot resolve the address {:?}: {e}", opts.addr)))?
        .next()
        .ok_or_else(|| {
            Error::Invalid(format!("the address {:?} resolves to nothing", opts.addr))
        })?;
    if !is_loopback(addr.ip()) && opts.api_key.is_empty() {
        return Err(Error::Invalid(format!(
            "refusing to listen on {addr}: a non-loopback address needs an API key \
             (`server.api_key`, e.g. AIPERTURE_SERVER_API_KEY); without one only a loopback \
             address such as 127.0.0.1:8100 is allowed"
        )));
    }
    let tls = opts.tls.as_ref().map(Tls::load).transpose()?;
    if !is_loopback(addr.ip()) && tls.is_none() && !opts.allow_plaintext {
        return Err(Error::Invalid(format!(
            "refusing to serve plain HTTP on {addr}: off loopback, keys and verdicts would cross \
             the network in the clear. Serve HTTPS with `server.tls_cert` and `server.tls_key` \
             (PEM files; --tls-cert/--tls-key, or AIPERTURE_SERVER_TLS_CERT and \
             AIPERTURE_SERVER_TLS_KEY), or listen on a loopback address such as 127.0.0.1:8100 \
             behind a TLS reverse proxy, or set `server.allow_plaintext = true` \
             (--allow-plaintext) if plain HTTP on this network is what you want"
        )));
    }
    let listener = TcpListener::bind(addr)
        .map_err(|e| Error::Invalid(format!("cannot listen on {addr}: {e}")))?;
    let listener = with_timeouts(listener, opts.read_timeout)
        .map_err(|e| Error::Invalid(format!("cannot set socket options on {addr}: {e}")))?;
    let addr = listener.local_addr().map_err(|e| Error::Invalid(format!("{addr}: {e}")))?;
    Ok(Listener { socket: listener, addr, tls })
}

/// Set the timeouts and `TCP_NODELAY` on the listening socket so accepted sockets inherit them
/// (std offers these setters on streams only; the same fd is viewed as one for the calls).
fn with_timeouts(l: TcpListener, timeout: Duration) -> std::io::Result<TcpListener> {
    #[cfg(unix)]
    {
        use std::os::fd::OwnedFd;
        let s = TcpStream::from(OwnedFd::from(l));
        s.set_read_timeout(Some(timeout))?;
        s.set_write_timeout(Some(timeout))?;
        s.set_nodelay(true)?;
        Ok(TcpListener::from(OwnedFd::from(s)))
    }
    #[cfg(not(unix))]
    {
        let _ = timeout;
        Ok(l)
    }
}

/// What [`run`] did.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Requests answered.
    pub requests: u64,
    /// Requests answered after shutdown began.
    pub drained: u64,
}

/// Serve on `listener` until `shutdown` is set, then answer what is queued and return.
///
/// `log` receives one line per server error (5xx) and per lifecycle problem.
pub fn run(
    listener: Listener,
    opts: &Options,
    backend: Backend,
    shutdown: &AtomicBool,
    log: Box<dyn Write + Send>,
) -> Result<Summary> {
    opts.check_keys()?;
    let bound = listener.addr;
    let ssl = listener.tls.as_ref().map(|t| tiny_http::SslConfig {
        certificate: t.cert_pem().to_vec(),
        private_key: t.key_pem().to_vec(),
    });
    let server = tiny_http::Server::from_listener(listener.socket, ssl)
        .map_err(|e| Error::Invalid(format!("cannot start the HTTP server on {bound}: {e}")))?;
    let backend_store = backend.store.clone();
    let shared = Shared {
        opts: opts.clone(),
        auth: Auth::new(&opts.api_key, &opts.admin_key, &opts.humans)?,
        backend,
        metrics: Metrics::new(),
        config: Mutex::new(None),
        group: crate::server::group::Group::new(backend_store.clone()),
        bound,
        stop: AtomicBool::new(false),
        failure: Mutex::new(None),
        log: Mutex::new(log),
        requests: AtomicU64::new(0),
        drained: AtomicU64::new(0),
        decided: Mutex::new(BTreeMap::new()),
        sessions: Mutex::new(inbox::Sessions::new(opts.tls())),
        chain: Mutex::new(ops::journal::VerifyCache::default()),
    };
    let workers_done = AtomicBool::new(false);
    let started = std::thread::scope(|s| {
        let waker = std::thread::Builder::new()
            .name("aiperture-http-waker".into())
            .spawn_scoped(s, || waker(bound, opts.read_timeout / 4, &workers_done));
        if let Err(e) = waker {
            shared.fail(format!("cannot start the waker thread: {e}"));
        }
        let mut handles = Vec::new();
        for i in 0..opts.workers.max(1) {
            match std::thread::Builder::new()
                .name(format!("aiperture-http-{i}"))
                .spawn_scoped(s, || worker(&server, &shared, shutdown))
            {
                Ok(h) => handles.push(h),
                Err(e) => shared.log(&format!("cannot start worker {i}: {e}")),
            }
        }
        let started = handles.len();
        if started == 0 {
            shared.fail("no worker thread could be started".into());
        }
        for h in handles {
            let _ = h.join();
        }
        workers_done.store(true, Ordering::SeqCst);
        started
    });
    drop(server);
    // Commit what the cached engine applied but has not written to the index yet.
    if shared.group.has_cache()
        && let Err(e) = ops::Access::with_engine(
            &mut OneRequest::new(&shared),
            chrono::Utc::now(),
            Engine::flush_index,
        )
    {
        shared.log(&format!("could not update the index at exit: {e}"));
    }
    let failure = shared.failure.lock().unwrap_or_else(PoisonError::into_inner).take();
    if let Some(f) = failure {
        return Err(Error::Invalid(format!("the HTTP server on {bound} stopped: {f}")));
    }
    let _ = started;
    Ok(Summary {
        requests: shared.requests.load(Ordering::Relaxed),
        drained: shared.drained.load(Ordering::Relaxed),
    })
}

/// Keep tiny_http's `accept` from timing out (it inherits the listener's receive timeout and
/// tiny_http stops accepting on any error): connect and hang up every `every`.
///
/// With TLS the connection is plain TCP all the same: tiny_http's rustls stream does no I/O on
/// accept, so the hang-up ends the handshake on the connection's own tiny_http thread (an
/// end-of-file error, dropped without a log line), never on the accept thread or a worker.
fn waker(bound: SocketAddr, every: Duration, done: &AtomicBool) {
    let target = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), bound.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), bound.port())
        }
        _ => bound,
    };
    let step = Duration::from_millis(50);
    let mut next = Instant::now() + every;
    while !done.load(Ordering::SeqCst) {
        if Instant::now() >= next {
            let _ = TcpStream::connect_timeout(&target, every);
            next = Instant::now() + every;
        }
        std::thread::sleep(step);
    }
}

fn worker(server: &tiny_http::Server, shared: &Shared, shutdown: &AtomicBool) {
    while !shutdown.load(Ordering::SeqCst) && !shared.stop.load(Ordering::SeqCst) {
        match server.recv_timeout(POLL) {
            Ok(Some(rq)) => shared.serve_one(rq),
            Ok(None) => {}
            Err(e) => {
                shared.fail(format!("tiny_http stopped accepting connections: {e}"));
                break;
            }
        }
    }
    // Drain: answer what tiny_http already parsed, for at most one read timeout.
    let deadline = Instant::now() + shared.opts.read_timeout;
    while Instant::now() < deadline {
        match server.try_recv() {
            Ok(Some(rq)) => {
                shared.drained.fetch_add(1, Ordering::Relaxed);
                shared.serve_one(rq);
            }
            _ => break,
        }
    }
}

/// Bearer keys, kept as HMACs under a per-process random salt; a person's key is known only
/// by its SHA-256 (`server.humans`), kept as the HMAC of that hash.
struct Auth {
    salt: [u8; 32],
    api: Option<[u8; 32]>,
    admin: Option<[u8; 32]>,
    humans: Vec<(String, [u8; 32])>,
}

impl Auth {
    fn new(api_key: &str, admin_key: &str, humans: &[String]) -> Result<Auth> {
        let mut salt = [0u8; 32];
        getrandom::fill(&mut salt)
            .map_err(|e| Error::Invalid(format!("cannot read random bytes: {e}")))?;
        let mut a = Auth { salt, api: None, admin: None, humans: Vec::new() };
        a.api = (!api_key.is_empty()).then(|| a.mac(api_key));
        a.admin = (!admin_key.is_empty()).then(|| a.mac(admin_key));
        for h in humans {
            let (name, hash) = cfg::parse_human(h).ok_or_else(|| {
                Error::Invalid(format!("`server.humans`: {h:?} is not NAME:SHA256"))
            })?;
            let mut m = a.hasher();
            m.update(&hash);
            a.humans.push((name.to_string(), m.finalize().into_bytes().into()));
        }
        Ok(a)
    }

    /// The person whose key `given` is, compared in constant time with every listed person.
    fn human(&self, given: Option<&str>) -> Option<&str> {
        let given = given?;
        let digest = <sha2::Sha256 as sha2::Digest>::digest(given.as_bytes());
        let mut found = None;
        for (name, expected) in &self.humans {
            let mut m = self.hasher();
            m.update(&digest);
            if m.verify_slice(expected).is_ok() && found.is_none() {
                found = Some(name.as_str());
            }
        }
        found
    }

    fn hasher(&self) -> HmacSha256 {
        // HMAC takes keys of any length; a 32-byte salt cannot be refused.
        <HmacSha256 as KeyInit>::new_from_slice(&self.salt).unwrap_or_else(|_| unreachable!())
    }

    fn mac(&self, key: &str) -> [u8; 32] {
        let mut m = self.hasher();
        m.update(key.as_bytes());
        m.finalize().into_bytes().into()
    }

    /// Constant-time comparison of a presented token with a configured key.
    fn matches(&self, expected: Option<&[u8; 32]>, given: Option<&str>) -> bool {
        let (Some(expected), Some(given)) = (expected, given) else { return false };
        let mut m = self.hasher();
        m.update(given.as_bytes());
        m.verify_slice(expected).is_ok()
    }
}

/// The token of an `Authorization: Bearer …` header (scheme case-insensitive).
fn bearer(value: Option<&str>) -> Option<&str> {
    let (scheme, token) = value?.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The decider recorded for a human route opened with the shared admin key (automation);
/// a person's own key records that person's name (`server.humans`).
pub const ADMIN_DECIDER: &str = "admin-key";

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Anyone who can reach the port.
    Open,
    /// Agents: the API key (or the admin key) when an API key is set.
    Agent,
    /// Humans and configuration: the admin key, always (no admin key: refused).
    Admin,
    /// The approvals inbox: no Bearer key; its handlers check the session cookie (and a POST
    /// its CSRF token) themselves.
    Page,
    /// A client-mode hook's report that a tool ran, which turns the call's open prompt into
    /// an approval: as [`Access::Agent`], but refused when no API key is set (any program on
    /// the machine, the agent included, could then approve its own prompts).
    Reporter,
}

/// Authorize `token` for `access`; for a human route, the decider it is journaled as.
fn authorize<'a>(
    auth: &'a Auth,
    access: Access,
    token: Option<&str>,
) -> std::result::Result<Option<&'a str>, ApiError> {
    let unauthorized = |what: &str| {
        ApiError::new(401, "unauthorized", format!("{what}: send `Authorization: Bearer <key>`"))
            .header("WWW-Authenticate", "Bearer realm=\"aiperture\"")
    };
    match access {
        Access::Open | Access::Page => Ok(None),
        Access::Agent => {
            if auth.api.is_none()
                || auth.matches(auth.api.as_ref(), token)
                || auth.matches(auth.admin.as_ref(), token)
                || auth.human(token).is_some()
            {
                Ok(None)
            } else if token.is_none() {
                Err(unauthorized("this route needs the API key"))
            } else {
                Err(unauthorized("the API key is wrong"))
            }
        }
        Access::Reporter if auth.api.is_none() => Err(ApiError::new(
            403,
            "forbidden",
            "a report that a tool ran resolves its prompt as an approval, so it needs \
             `server.api_key` (without one, any program on this machine, the agent included, \
             could approve its own prompts); set it (AIPERTURE_SERVER_API_KEY), restart \
             `aiperture serve`, and give it to the client machines as `remote.api_key`"
                .into(),
        )),
        Access::Reporter => authorize(auth, Access::Agent, token),
        Access::Admin => match (&auth.admin, auth.human(token)) {
            (_, Some(name)) => Ok(Some(name)),
            (Some(k), None) if auth.matches(Some(k), token) => Ok(Some(ADMIN_DECIDER)),
            (Some(_), None) if token.is_none() => {
                Err(unauthorized("this human/config route needs the admin key or a person's key"))
            }
            (None, None) if !auth.humans.is_empty() => Err(unauthorized(if token.is_none() {
                "this human/config route needs a person's key (`server.humans`)"
            } else {
                "the key is not a listed person's (`server.humans`)"
            })),
            (Some(_), None) => Err(unauthorized(
                "the key is neither the admin key nor a listed person's (the API key does not \
                 open human/config routes)",
            )),
            (None, None) => Err(ApiError::new(
                403,
                "forbidden",
                "no admin key is configured, so human and config routes are refused to every \
                 client, loopback included (an agent runs on this machine too); set \
                 `server.admin_key` (at least 16 characters, different from `server.api_key`) in \
                 the environment (AIPERTURE_SERVER_ADMIN_KEY) or the user config, restart \
                 `aiperture serve`, and send it as `Authorization: Bearer <key>` (or list the \
                 people who decide, by the SHA-256 of their own keys, in `server.humans`)"
                    .into(),
            )),
        },
    }
}

fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// Whether a `Host` header names a loopback host (`localhost`, 127.0.0.0/8, `[::1]`).
fn loopback_host(host: &str) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || port.starts_with(':') => {
                return ip.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
            }
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            Some(_) => return false,
            None => host,
        }
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verb {
    Get,
    Post,
    Patch,
}

impl Verb {
    fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Patch => "PATCH",
        }
    }
}

/// Whether a route takes a JSON body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyUse {
    None,
    Json,
    /// An HTML form (`application/x-www-form-urlencoded`).
    Form,
}

/// Path parameters of a matched route.
type Params = Vec<(&'static str, String)>;

type Handler = fn(&Shared, &mut Call) -> std::result::Result<Reply, ApiError>;

/// One entry of the routing table.
struct Route {
    verb: Verb,
    /// `/`-separated segments; `{name}` matches one segment.
    path: &'static str,
    /// Label in metrics.
    name: &'static str,
    access: Access,
    body: BodyUse,
    handler: Handler,
}

/// Every route: the JSON API (agent, human and config routes), the engine side of client-mode
/// hooks (`/hooks/…`, agent routes: see [`crate::hooks::decide_on`]) and the approvals inbox's
/// pages and forms ([`super::inbox`]).
#[rustfmt::skip]
const ROUTES: &[Route] = &[
    Route { verb: Verb::Post, path: "/permissions/check", name: "check", access: Access::Agent, body: BodyUse::Json, handler: h_check },
    Route { verb: Verb::Post, path: "/hooks/decide", name: "hook_decide", access: Access::Agent, body: BodyUse::Json, handler: h_hook_decide },
    Route { verb: Verb::Post, path: "/hooks/ran", name: "hook_ran", access: Access::Reporter, body: BodyUse::Json, handler: h_hook_ran },
    Route { verb: Verb::Post, path: "/hooks/status", name: "hook_status", access: Access::Agent, body: BodyUse::Json, handler: h_hook_status },
    Route { verb: Verb::Post, path: "/permissions/record", name: "record", access: Access::Admin, body: BodyUse::Json, handler: h_record },
    Route { verb: Verb::Post, path: "/permissions/grant", name: "grant", access: Access::Admin, body: BodyUse::Json, handler: h_grant },
    Route { verb: Verb::Post, path: "/permissions/revoke", name: "revoke", access: Access::Admin, body: BodyUse::Json, handler: h_revoke },
    Route { verb: Verb::Get, path: "/permissions/explain", name: "explain", access: Access::Agent, body: BodyUse::None, handler: h_explain },
    Route { verb: Verb::Get, path: "/permissions/patterns", name: "patterns", access: Access::Agent, body: BodyUse::None, handler: h_patterns },
    Route { verb: Verb::Get, path: "/permissions/pending", name: "pending", access: Access::Agent, body: BodyUse::None, handler: h_pending },
    Route { verb: Verb::Post, path: "/artifacts/store", name: "artifact_store", access: Access::Agent, body: BodyUse::Json, handler: h_artifact_store },
    Route { verb: Verb::Get, path: "/artifacts/costs/summary", name: "artifact_costs", access: Access::Agent, body: BodyUse::None, handler: h_costs },
    Route { verb: Verb::Get, path: "/artifacts/task/{task}", name: "artifact_task", access: Access::Agent, body: BodyUse::None, handler: h_artifacts_of_task },
    Route { verb: Verb::Post, path: "/artifacts/{id}/verify", name: "artifact_verify", access: Access::Agent, body: BodyUse::None, handler: h_artifact_verify },
    Route { verb: Verb::Get, path: "/artifacts/{id}", name: "artifact_show", access: Access::Agent, body: BodyUse::None, handler: h_artifact_show },
    Route { verb: Verb::Get, path: "/audit/events", name: "audit_events", access: Access::Agent, body: BodyUse::None, handler: h_audit_events },
    Route { verb: Verb::Get, path: "/audit/events/{seq}", name: "audit_event", access: Access::Agent, body: BodyUse::None, handler: h_audit_event },
    Route { verb: Verb::Get, path: "/audit/verify-chain", name: "verify_chain", access: Access::Agent, body: BodyUse::None, handler: h_verify_chain },
    Route { verb: Verb::Get, path: "/config", name: "config_get", access: Access::Agent, body: BodyUse::None, handler: h_config_get },
    Route { verb: Verb::Patch, path: "/config", name: "config_patch", access: Access::Admin, body: BodyUse::Json, handler: h_config_patch },
    Route { verb: Verb::Get, path: "/health", name: "health", access: Access::Open, body: BodyUse::None, handler: h_health },
    Route { verb: Verb::Get, path: "/metrics", name: "metrics", access: Access::Agent, body: BodyUse::None, handler: h_metrics },
    Route { verb: Verb::Get, path: "/", name: "inbox", access: Access::Page, body: BodyUse::None, handler: h_inbox },
    Route { verb: Verb::Post, path: "/inbox/sign-in", name: "inbox_sign_in", access: Access::Page, body: BodyUse::Form, handler: h_sign_in },
    Route { verb: Verb::Post, path: "/inbox/sign-out", name: "inbox_sign_out", access: Access::Page, body: BodyUse::Form, handler: h_sign_out },
    Route { verb: Verb::Post, path: "/inbox/decide", name: "inbox_decide", access: Access::Page, body: BodyUse::Form, handler: h_inbox_decide },
    Route { verb: Verb::Post, path: "/inbox/revoke", name: "inbox_revoke", access: Access::Page, body: BodyUse::Form, handler: h_inbox_revoke },
];

/// The outcome of matching a path against [`ROUTES`].
enum Matched {
    Route(&'static Route, Vec<(&'static str, String)>),
    /// The path exists with other methods.
    WrongMethod(Vec<Verb>),
    NotFound,
}

fn route(method: &str, path: &str) -> std::result::Result<Matched, ApiError> {
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let mut best: Option<(usize, &'static Route, Params)> = None;
    let mut allowed = BTreeSet::new();
    for r in ROUTES {
        let pat: Vec<&str> = r.path.split('/').skip(1).collect();
        if pat.len() != segs.len() {
            continue;
        }
        let mut params = Vec::new();
        let mut literals = 0;
        let mut ok = true;
        for (p, s) in pat.iter().zip(&segs) {
            if let Some(name) = p.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                if s.is_empty() {
                    ok = false;
                    break;
                }
                let v = percent_decode(s, false).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "path segment {s:?} is not valid percent-encoded UTF-8"
                    ))
                })?;
                params.push((name, v));
            } else if p == s {
                literals += 1;
            } else {
                ok = false;
                break;
            }
        }
        if !ok {
            continue;
        }
        if r.verb.as_str() != method {
            allowed.insert(r.verb);
            continue;
        }
        if best.as_ref().is_none_or(|(l, _, _)| literals > *l) {
            best = Some((literals, r, params));
        }
    }
    Ok(match best {
        Some((_, r, params)) => Matched::Route(r, params),
        None if !allowed.is_empty() => Matched::WrongMethod(allowed.into_iter().collect()),
        None => Matched::NotFound,
    })
}

/// A request as handlers see it.
struct Call {
    params: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    used: Vec<bool>,
    body: Vec<u8>,
    /// The caller passed agent-level auth (or none is configured).
    trusted: bool,
    /// Who a human route's decisions are journaled as: the person whose key opened it, or
    /// [`ADMIN_DECIDER`] for the shared admin key (empty on inbox routes, whose decider is the
    /// session's).
    decider: String,
    /// The `Cookie` header (read by inbox routes only).
    cookie: Option<String>,
}

impl Call {
    fn param(&self, name: &str) -> &str {
        self.params.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str())
    }

    /// The query parameter `name` (the last one if repeated), marking it as known.
    fn query(&mut self, name: &str) -> Option<String> {
        let mut found = None;
        for (i, (k, v)) in self.query.iter().enumerate() {
            if k == name {
                self.used[i] = true;
                found = Some(v.clone());
            }
        }
        found
    }

    /// Refuse query parameters no handler asked for.
    fn no_other_query(&self) -> std::result::Result<(), ApiError> {
        match self.query.iter().zip(&self.used).find(|(_, used)| !**used) {
            Some(((k, _), _)) => {
                Err(ApiError::bad_request(format!("unknown query parameter `{k}`")))
            }
            None => Ok(()),
        }
    }

    fn json<T: DeserializeOwned>(&self) -> std::result::Result<T, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("the request needs a JSON object body".into()));
        }
        serde_json::from_slice(&self.body)
            .map_err(|e| ApiError::bad_request(format!("malformed JSON body: {e}")))
    }
}

/// A response before it is handed to tiny_http.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// `value` as a JSON object with `"format": 1` first.
    fn json<T: Serialize>(status: u16, value: &T) -> std::result::Result<Reply, ApiError> {
        let v = serde_json::to_value(value)
            .map_err(|e| ApiError::internal(format!("cannot render the response: {e}")))?;
        let mut out = Map::new();
        out.insert("format".into(), JSON_FORMAT.into());
        match v {
            Value::Object(m) => out.extend(m),
            other => {
                out.insert("value".into(), other);
            }
        }
        let mut body = serde_json::to_vec(&Value::Object(out))
            .map_err(|e| ApiError::internal(format!("cannot render the response: {e}")))?;
        body.push(b'\n');
        Ok(Reply { status, content_type: "application/json", body, headers: Vec::new() })
    }
}

/// An error answer: status, stable code, message and optional extra fields.
#[derive(Debug)]
struct ErrorBody {
    status: u16,
    code: &'static str,
    message: String,
    extra: Map<String, Value>,
    headers: Vec<(&'static str, String)>,
}

/// [`ErrorBody`], boxed so results stay small.
#[derive(Debug)]
struct ApiError(Box<ErrorBody>);

impl std::ops::Deref for ApiError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl ApiError {
    fn new(status: u16, code: &'static str, message: String) -> ApiError {
        ApiError(Box::new(ErrorBody {
            status,
            code,
            message,
            extra: Map::new(),
            headers: Vec::new(),
        }))
    }

    fn bad_request(message: String) -> ApiError {
        ApiError::new(400, "bad_request", message)
    }

    fn not_found(message: String) -> ApiError {
        ApiError::new(404, "not_found", message)
    }

    fn internal(message: String) -> ApiError {
        ApiError::new(500, "internal", message)
    }

    fn header(mut self, name: &'static str, value: &str) -> ApiError {
        self.0.headers.push((name, value.to_string()));
        self
    }

    fn with(mut self, key: &str, value: impl Into<Value>) -> ApiError {
        self.0.extra.insert(key.into(), value.into());
        self
    }

    fn reply(self) -> Reply {
        let e = *self.0;
        let mut m = Map::new();
        m.insert("format".into(), JSON_FORMAT.into());
        m.insert("error".into(), e.code.into());
        m.insert("message".into(), e.message.into());
        m.extend(e.extra);
        let mut body = serde_json::to_vec(&Value::Object(m)).unwrap_or_else(|_| {
            br#"{"format":1,"error":"internal","message":"cannot render the error"}"#.to_vec()
        });
        body.push(b'\n');
        Reply { status: e.status, content_type: "application/json", body, headers: e.headers }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let msg = e.chain();
        match &e {
            Error::InvalidRequest { .. } | Error::Invalid(_) | Error::Json { .. } => {
                ApiError::bad_request(msg)
            }
            Error::NotFound(_) => ApiError::not_found(msg),
            Error::ChallengeRefused { id, reason, .. } => {
                let (status, code) = match reason {
                    Refusal::Unknown => (404, "challenge_unknown"),
                    Refusal::Expired => (410, "challenge_expired"),
                    Refusal::Reused => (409, "challenge_reused"),
                    Refusal::Forged => (409, "challenge_forged"),
                    Refusal::Mismatch => (409, "challenge_mismatch"),
                    Refusal::Final => (409, "challenge_final"),
                };
                ApiError::new(status, code, msg)
                    .with("challenge", id.as_str())
                    .with("refusal", reason.as_str())
            }
            Error::LockBusy { .. } => ApiError::new(
                503,
                "store_busy",
                format!("{msg} (the server was started with --no-wait)"),
            ),
            Error::Config { .. } | Error::UnknownConfigKey { .. } => {
                ApiError::new(500, "config_error", msg)
            }
            _ => ApiError::new(500, "store_error", msg),
        }
    }
}

/// How much of a request's body was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyState {
    Untouched,
    Partial,
    Complete,
}

/// State shared by the workers.
struct Shared {
    opts: Options,
    auth: Auth,
    backend: Backend,
    metrics: Metrics,
    config: Mutex<Option<ConfigCache>>,
    /// Group commit, and the engine's loaded state between requests (see
    /// [`crate::server::group`]).
    group: crate::server::group::Group,
    bound: SocketAddr,
    stop: AtomicBool,
    failure: Mutex<Option<String>>,
    log: Mutex<Box<dyn Write + Send>>,
    requests: AtomicU64,
    drained: AtomicU64,
    /// When each credential's human decisions of the last minute were made.
    decided: Mutex<BTreeMap<String, std::collections::VecDeque<Instant>>>,
    /// The inbox's signed-in sessions.
    sessions: Mutex<inbox::Sessions>,
    /// The inbox's last chain verification, kept while the journal is unchanged.
    chain: Mutex<ops::journal::VerifyCache>,
}

impl Shared {
    fn log(&self, line: &str) {
        let mut w = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = writeln!(w, "aiperture serve: {line}");
    }

    fn fail(&self, why: String) {
        self.log(&why);
        let mut f = self.failure.lock().unwrap_or_else(PoisonError::into_inner);
        f.get_or_insert(why);
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Run `f` on the configuration, reloading it when a file changed.
    fn with_config<T>(&self, f: impl FnOnce(&ConfigCache) -> T) -> Result<T> {
        let mut cache = self.config.lock().unwrap_or_else(PoisonError::into_inner);
        ConfigCache::current(&mut cache, &self.backend.sources).map(f)
    }

    /// Run `f` on the store's engine with `config`, through the group commit.
    fn run_engine<T>(
        &self,
        config: Arc<cfg::Config>,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Engine) -> Result<T>,
    ) -> Result<T> {
        let mut busy_since = None;
        let mut appended = 0;
        let out = self.group.run(
            config,
            self.opts.wait,
            &mut |_| busy_since = Some(Instant::now()),
            now,
            |e| self.log(&format!("could not update the index: {e}")),
            |engine| {
                let before = engine.last_seq();
                let out = f(engine);
                appended = engine.last_seq().saturating_sub(before);
                out
            },
        );
        self.metrics.lock_wait(busy_since.map_or(Duration::ZERO, |t| t.elapsed()));
        self.metrics.appended(appended);
        out
    }

    /// Count one human decision by `who`, or refuse it (429) when `who` already made
    /// `decisions_per_minute` in the last minute.
    fn decision_allowed(&self, who: &str) -> std::result::Result<(), ApiError> {
        const WINDOW: Duration = Duration::from_secs(60);
        let now = Instant::now();
        let mut decided = self.decided.lock().unwrap_or_else(PoisonError::into_inner);
        decided.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        let times = decided.entry(who.to_string()).or_default();
        while times.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() >= self.opts.decisions_per_minute as usize {
            let wait =
                times.front().map_or(WINDOW, |t| WINDOW.saturating_sub(now.duration_since(*t)));
            let secs = wait.as_secs() + 1;
            return Err(ApiError::new(
                429,
                "too_many_decisions",
                format!(
                    "{who} made {} human decisions in the last minute (`server.decisions_per_minute`); \
                     try again in {secs} s",
                    times.len()
                ),
            )
            .header("Retry-After", &secs.to_string()));
        }
        times.push_back(now);
        Ok(())
    }

    fn serve_one(&self, mut rq: tiny_http::Request) {
        let started = Instant::now();
        let mut body = BodyState::Untouched;
        let (reply, name) =
            match catch_unwind(AssertUnwindSafe(|| self.process(&mut rq, &mut body))) {
                Ok(r) => r,
                Err(_) => (
                    ApiError::internal("the request handler failed; nothing was decided".into())
                        .reply(),
                    "panic",
                ),
            };
        if reply.status >= 500 {
            self.log(&format!(
                "{} {} -> {}: {}",
                rq.method(),
                rq.url().split('?').next().unwrap_or_default(),
                reply.status,
                String::from_utf8_lossy(&reply.body).trim()
            ));
        }
        self.metrics.request(name, reply.status, started.elapsed());
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.finish(rq, reply, body);
    }

    /// Route, authorise, read the body and run the handler.
    fn process(&self, rq: &mut tiny_http::Request, body: &mut BodyState) -> (Reply, &'static str) {
        let url = rq.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
        let header = |name: &'static str| header(rq, name);
        if is_loopback(self.bound.ip())
            && let Some(host) = header("Host")
            && !loopback_host(&host)
        {
            let e = ApiError::new(
                403,
                "forbidden",
                format!(
                    "this server listens on a loopback address and only answers requests for a \
                     loopback host, not {host:?} (protection against DNS rebinding)"
                ),
            );
            return (e.reply(), "unmatched");
        }
        let method = rq.method().as_str().to_string();
        let (r, params) = match route(&method, path) {
            Ok(Matched::Route(r, p)) => (r, p),
            Ok(Matched::WrongMethod(allowed)) => {
                let allow: Vec<&str> = allowed.iter().map(|v| v.as_str()).collect();
                let e = ApiError::new(
                    405,
                    "method_not_allowed",
                    format!("{path} does not take {method}; it takes {}", allow.join(", ")),
                )
                .header("Allow", &allow.join(", "));
                return (e.reply(), "unmatched");
            }
            Ok(Matched::NotFound) => {
                return (ApiError::not_found(format!("no route {path}")).reply(), "unmatched");
            }
            Err(e) => return (e.reply(), "unmatched"),
        };
        // Inbox routes answer errors with an HTML page, with the inbox's security headers.
        let page = r.access == Access::Page;
        let fail = |e: ApiError| if page { page_error(e) } else { e.reply() };
        let token = header("Authorization");
        let token = bearer(token.as_deref());
        let decider = match authorize(&self.auth, r.access, token) {
            Ok(d) if page => d.unwrap_or_default().to_string(),
            Ok(d) => d.unwrap_or(ADMIN_DECIDER).to_string(),
            Err(e) => return (fail(e), r.name),
        };
        let trusted = authorize(&self.auth, Access::Agent, token).is_ok();
        let query = match parse_query(query) {
            Ok(q) => q,
            Err(e) => return (fail(e), r.name),
        };
        // A form must come from this server's own page (see the module docs).
        if page
            && r.verb == Verb::Post
            && let Err(why) = inbox::same_origin(
                header("Host").as_deref(),
                header("Origin").as_deref(),
                header("Sec-Fetch-Site").as_deref(),
            )
        {
            return (fail(ApiError::new(403, "forbidden", why)), r.name);
        }
        let cookie = if page { header("Cookie") } else { None };
        let data = if r.verb == Verb::Get {
            Vec::new()
        } else {
            let declared =
                rq.body_length().unwrap_or(0) > 0 || header("Transfer-Encoding").is_some();
            let wanted = match r.body {
                BodyUse::Json => Some("application/json"),
                BodyUse::Form => Some("application/x-www-form-urlencoded"),
                BodyUse::None => None,
            };
            if declared && let Some(wanted) = wanted {
                let ct = header("Content-Type").unwrap_or_default();
                let essence = ct.split(';').next().unwrap_or_default().trim();
                if !essence.eq_ignore_ascii_case(wanted) {
                    let e = ApiError::new(
                        415,
                        "unsupported_media_type",
                        format!("the body must be {wanted}, not {ct:?}"),
                    );
                    return (fail(e), r.name);
                }
            }
            match read_body(rq, self.opts.max_body_bytes, self.opts.read_timeout, body) {
                Ok(b) => b,
                Err(e) => return (fail(e), r.name),
            }
        };
        let used = vec![false; query.len()];
        let mut call = Call { params, query, used, body: data, trusted, decider, cookie };
        let reply = (r.handler)(self, &mut call).and_then(|reply| {
            call.no_other_query()?;
            Ok(reply)
        });
        (reply.unwrap_or_else(fail), r.name)
    }

    /// Write the reply; a request whose body was not read to its end is answered and dropped
    /// off the worker (tiny_http drains the rest at the client's pace), or leaked when its
    /// declared length is too large to drain safely.
    fn finish(&self, rq: tiny_http::Request, reply: Reply, body: BodyState) {
        let status = reply.status;
        let mut resp = tiny_http::Response::from_data(reply.body)
            .with_status_code(status)
            .with_chunked_threshold(usize::MAX);
        for (name, value) in [
            ("Content-Type", reply.content_type.to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
        ]
        .into_iter()
        .chain(reply.headers)
        {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                resp.add_header(h);
            }
        }
        let declared = rq.body_length().unwrap_or(0);
        if body == BodyState::Complete || declared <= PREREAD_MAX {
            let _ = rq.respond(resp);
        } else if declared > DISCARD_MAX {
            self.metrics.leaked_connection();
            // Dropping this request would make tiny_http allocate `declared` bytes.
            let stream = rq.upgrade("none", resp);
            std::mem::forget(stream);
        } else {
            let spawned = std::thread::Builder::new().name("aiperture-http-discard".into()).spawn(
                move || {
                    let _ = rq.respond(resp);
                },
            );
            if let Err(e) = spawned {
                self.log(&format!("cannot start a thread to discard a request body: {e}"));
            }
        }
    }
}

/// One request's way into the store: the configuration cache the workers share, looked at
/// once for the whole request (as `mcp-serve` does per message) instead of on each read of the
/// configuration, and engines run through the group commit (an answer waits until what it
/// depends on is durable).
struct OneRequest<'a> {
    shared: &'a Shared,
    config: Option<Arc<cfg::Config>>,
}

impl<'a> OneRequest<'a> {
    fn new(shared: &'a Shared) -> OneRequest<'a> {
        OneRequest { shared, config: None }
    }
}

impl ops::Access for OneRequest<'_> {
    fn now(&mut self) -> Result<DateTime<Utc>> {
        (self.shared.backend.clock)()
    }

    fn config(&mut self) -> Result<Arc<cfg::Config>> {
        if let Some(c) = &self.config {
            return Ok(Arc::clone(c));
        }
        let c = self.shared.with_config(ConfigCache::config)?;
        self.config = Some(Arc::clone(&c));
        Ok(c)
    }

    fn loaded(&mut self) -> Result<Loaded> {
        self.shared.with_config(|c| c.loaded().clone())
    }

    fn store(&self) -> &Store {
        &self.shared.backend.store
    }

    fn user_config_file(&self) -> Option<std::path::PathBuf> {
        self.shared.backend.sources.user_file.clone()
    }

    fn with_engine<T>(
        &mut self,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Engine) -> Result<T>,
    ) -> Result<T> {
        let config = self.config()?;
        self.shared.run_engine(config, now, f)
    }

    /// Hold the store lock while `f` reads the journal folder (every event appended so far
    /// durable).
    fn with_journal<T>(&mut self, f: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        let s = self.shared;
        let mut busy_since = None;
        let dir = s.backend.store.path(layout::JOURNAL);
        let out = s.group.exclusive(
            s.opts.wait,
            &mut |_| busy_since = Some(Instant::now()),
            false,
            |_| f(&dir),
        );
        s.metrics.lock_wait(busy_since.map_or(Duration::ZERO, |t| t.elapsed()));
        out?
    }
}

/// Read the body: refuse a declared length over `limit` before reading, stop at `limit + 1`
/// bytes, and give up after `timeout` in all.
fn read_body(
    rq: &mut tiny_http::Request,
    limit: usize,
    timeout: Duration,
    state: &mut BodyState,
) -> std::result::Result<Vec<u8>, ApiError> {
    let too_large = |n: String| {
        ApiError::new(
            413,
            "payload_too_large",
            format!(
                "the request body is {n} bytes; the limit is {limit} (`server.max_body_bytes`)"
            ),
        )
        .with("limit", limit)
    };
    let declared = rq.body_length();
    if let Some(n) = declared
        && n > limit
    {
        return Err(too_large(n.to_string()));
    }
    let deadline = Instant::now() + timeout;
    let mut buf = Vec::with_capacity(declared.unwrap_or(0).min(limit));
    // On the stack: a request's body is a few hundred bytes, and a 16 KiB heap buffer per
    // request costs an allocation large enough to make the allocator consolidate its free
    // lists every time.
    let mut chunk = [0u8; 4096];
    *state = BodyState::Partial;
    let reader = rq.as_reader();
    let timed_out = || {
        ApiError::new(
            408,
            "request_timeout",
            format!(
                "the request body did not arrive within {} ms (`server.read_timeout_ms`)",
                timeout.as_millis()
            ),
        )
    };
    loop {
        if Instant::now() > deadline {
            return Err(timed_out());
        }
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if buf.len() > limit {
                    return Err(too_large(format!("more than {limit}")));
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(timed_out());
            }
            Err(e) => {
                return Err(ApiError::bad_request(format!("cannot read the request body: {e}")));
            }
        }
    }
    if let Some(n) = declared
        && buf.len() < n
    {
        return Err(ApiError::bad_request(format!(
            "the request body ended after {} of {n} declared bytes",
            buf.len()
        )));
    }
    *state = BodyState::Complete;
    Ok(buf)
}

/// The first header `name`, as text.
fn header(rq: &tiny_http::Request, name: &'static str) -> Option<String> {
    rq.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str().to_string())
}

fn parse_query(q: &str) -> std::result::Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let dec = |s: &str| {
            percent_decode(s, true).ok_or_else(|| {
                ApiError::bad_request(format!("query {pair:?} is not valid percent-encoded UTF-8"))
            })
        };
        out.push((dec(k)?, dec(v)?));
    }
    Ok(out)
}

fn percent_decode(s: &str, plus_is_space: bool) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(super) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(c.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(c.get(2).copied().unwrap_or(0));
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= c.len() {
                out.push(char::from(B64[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decode standard base64 (padding required, no whitespace).
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(4) {
        return None;
    }
    let val = |c: u8| B64.iter().position(|&x| x == c).map(|p| p as u32);
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    for (i, q) in b.chunks(4).enumerate() {
        let last = i + 1 == b.len() / 4;
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &q[..4 - pad] {
            n = (n << 6) | val(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

fn default_org() -> String {
    "default".into()
}

fn default_type() -> String {
    "custom".into()
}

/// `POST /permissions/check`: a request (the seed's `*_id` names are accepted as aliases).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckBody {
    tool: String,
    action: String,
    scope: String,
    #[serde(default = "default_org", alias = "organization_id")]
    org: String,
    #[serde(default)]
    project: String,
    #[serde(default, alias = "session_id")]
    session: String,
    #[serde(default, alias = "task_id")]
    task: String,
    #[serde(default)]
    content_hash: String,
    #[serde(default, alias = "runtime_id")]
    runtime: String,
    /// The seed's inline rules; only an empty list is accepted (rules live in policy.toml).
    #[serde(default)]
    permissions: Vec<Value>,
}

impl CheckBody {
    fn request(self) -> std::result::Result<Request, ApiError> {
        if !self.permissions.is_empty() {
            return Err(ApiError::bad_request(
                "inline `permissions` are not supported: rules live in the store's policy.toml, \
                 reviewed like code"
                    .into(),
            ));
        }
        Ok(Request {
            tool: self.tool,
            action: self.action,
            scope: self.scope,
            org: self.org,
            project: self.project,
            session: self.session,
            task: self.task,
            content_hash: self.content_hash,
            runtime: self.runtime,
        })
    }
}

#[derive(Serialize)]
struct CheckOut<'a> {
    #[serde(flatten)]
    verdict: &'a Verdict,
    request: &'a Request,
}

fn h_check(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let req = c.json::<CheckBody>()?.request()?;
    let t = Instant::now();
    let checked = ops::check::check(&mut OneRequest::new(s), &req, ops::check::Show::default());
    s.metrics.check_latency(t.elapsed());
    let verdict = checked?.verdict;
    s.metrics.check_decided(&verdict);
    Reply::json(200, &CheckOut { verdict: &verdict, request: &req })
}

/// `POST /hooks/decide`: the engine side of a hook's check for a client in client mode
/// (`remote.url`): the hook adapter ran on the client, this settles the agent's timed-out
/// prompts and decides, as a local hook does on its store.
fn h_hook_decide(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let hc = c.json::<crate::hooks::HookCheck>()?;
    let t = Instant::now();
    let decided = crate::hooks::decide_on(&mut OneRequest::new(s), &hc);
    s.metrics.check_latency(t.elapsed());
    let decided = decided?;
    s.metrics.check_decided(&decided.verdict);
    Reply::json(200, &decided)
}

/// `POST /hooks/ran`: a client's agent ran a tool. An open prompt for it is resolved as an
/// approval in the agent's dialog, journaled as [`crate::hooks::team_dialog_decider`] (the
/// server knows an agent key reported it, not who clicked), then the execution is journaled.
fn h_hook_ran(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let r = c.json::<crate::hooks::HookRan>()?;
    let by = crate::hooks::team_dialog_decider(&r.agent);
    Reply::json(200, &crate::hooks::ran_on(&mut OneRequest::new(s), &r, &by)?)
}

/// `POST /hooks/status`: the counts a client's session start shows.
fn h_hook_status(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let st = c.json::<crate::hooks::HookStatus>()?;
    Reply::json(200, &crate::hooks::status_on(&mut OneRequest::new(s), &st)?)
}

/// `POST /permissions/record`: a human decision on a challenge, naming the request it is
/// believed to be about (a different request is refused as `mismatch`).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordBody {
    #[serde(alias = "challenge_id")]
    challenge: String,
    decision: Decision,
    /// A name the client claims; never the decider (see [`ADMIN_DECIDER`]).
    #[serde(default, alias = "decided_by")]
    by: String,
    #[serde(default, alias = "reasoning")]
    reason: String,
    tool: String,
    action: String,
    scope: String,
    #[serde(default = "default_org", alias = "organization_id")]
    org: String,
    #[serde(default)]
    project: String,
    #[serde(default, alias = "session_id")]
    session: String,
    #[serde(default, alias = "task_id")]
    task: String,
    #[serde(default)]
    content_hash: String,
    #[serde(default, alias = "runtime_id")]
    runtime: String,
}

#[derive(Serialize)]
struct RecordOut<'a> {
    recorded: bool,
    #[serde(flatten)]
    recorded_as: &'a crate::engine::Recorded,
    /// The decider recorded: the credential.
    by: &'a str,
    /// The name the body claimed, if any (not recorded as the decider).
    #[serde(skip_serializing_if = "str::is_empty")]
    claimed_by: &'a str,
}

fn h_record(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let body: RecordBody = c.json()?;
    let expect = Request {
        tool: body.tool,
        action: body.action,
        scope: body.scope,
        org: body.org,
        project: body.project,
        session: body.session,
        task: body.task,
        content_hash: body.content_hash,
        runtime: body.runtime,
    };
    let human = HumanDecision {
        id: body.challenge.trim(),
        decision: body.decision,
        by: &c.decider,
        reason: &body.reason,
        channel: "http",
        expect: Some(&expect),
        inferred: false,
    };
    let rec = record_human(s, &human)?;
    Reply::json(
        200,
        &RecordOut { recorded: true, recorded_as: &rec, by: &c.decider, claimed_by: &body.by },
    )
}

/// Record `h` for `POST /permissions/record` and the inbox: counted against `h.by`'s
/// `decisions_per_minute` first, then [`ops::human::record`], counted in the metrics.
fn record_human(
    s: &Shared,
    h: &HumanDecision<'_>,
) -> std::result::Result<crate::engine::Recorded, ApiError> {
    s.decision_allowed(h.by)?;
    match ops::human::record(&mut OneRequest::new(s), h) {
        Ok(rec) => {
            s.metrics.human_decision(h.decision, "recorded");
            Ok(rec)
        }
        Err(e) => {
            if matches!(e, Error::ChallengeRefused { .. }) {
                s.metrics.human_decision(h.decision, "refused");
            }
            Err(e.into())
        }
    }
}

/// `POST /permissions/grant`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantBody {
    #[serde(alias = "task_id")]
    task: String,
    tool: String,
    action: String,
    scope: String,
    #[serde(default)]
    decision: Option<Decision>,
    /// Claimed name; ignored (the grantor is the credential).
    #[serde(default, rename = "by", alias = "granted_by")]
    _by: String,
    #[serde(default)]
    reason: String,
    #[serde(default = "default_org", alias = "organization_id")]
    org: String,
    /// A duration such as `90s`, `15m`, `8h`, `7d`.
    #[serde(default)]
    ttl: Option<String>,
    /// The seed's TTL in seconds.
    #[serde(default)]
    ttl_seconds: Option<i64>,
}

fn h_grant(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let b: GrantBody = c.json()?;
    let ttl =
        match (&b.ttl, b.ttl_seconds) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request("give `ttl` or `ttl_seconds`, not both".into()));
            }
            (Some(t), None) => Some(ops::human::parse_ttl("`ttl`", t)?),
            (None, Some(n)) => Some(chrono::Duration::try_seconds(n).ok_or_else(|| {
                ApiError::bad_request(format!("`ttl_seconds` is out of range: {n}"))
            })?),
            (None, None) => None,
        };
    s.decision_allowed(&c.decider)?;
    let g = GrantRequest {
        org: &b.org,
        task: &b.task,
        tool: &b.tool,
        action: &b.action,
        scope: &b.scope,
        decision: b.decision.unwrap_or(Decision::Allow),
        by: &c.decider,
        reason: &b.reason,
        ttl,
    };
    Reply::json(200, &ops::human::grant(&mut OneRequest::new(s), &g)?)
}

/// `GET /permissions/explain?tool=…&action=…&scope=…`: what the call would do, part by part,
/// with its risk (nothing is decided or journaled).
fn h_explain(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let mut need = |name: &str| {
        c.query(name).ok_or_else(|| ApiError::bad_request(format!("`{name}` is required")))
    };
    let (tool, action, scope) = (need("tool")?, need("action")?, need("scope")?);
    let req = Request::new(&tool, &action, &scope);
    let explained = ops::check::explain(&mut OneRequest::new(s), &req, false)?;
    Reply::json(200, &serde_json::json!({ "request": req, "analysis": explained.analysis }))
}

/// `POST /permissions/revoke`: cancel earlier human decisions a pattern covers (admin).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RevokeBody {
    tool: String,
    action: String,
    #[serde(alias = "scope")]
    pattern: String,
    /// Claimed name; ignored (the revoker is the credential).
    #[serde(default, rename = "by", alias = "revoked_by")]
    _by: String,
    #[serde(default)]
    reason: String,
    #[serde(default = "default_org", alias = "organization_id")]
    org: String,
    #[serde(default)]
    dry_run: bool,
}

fn h_revoke(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let b: RevokeBody = c.json()?;
    let r = crate::engine::RevokeRequest {
        org: &b.org,
        tool: &b.tool,
        action: &b.action,
        pattern: &b.pattern,
        by: &c.decider,
        reason: &b.reason,
    };
    Reply::json(200, &revoke_human(s, &r, b.dry_run)?)
}

/// Revoke for `POST /permissions/revoke` and the inbox: a real revocation is counted against
/// `r.by`'s `decisions_per_minute` first (a dry run decides nothing and is not counted).
fn revoke_human(
    s: &Shared,
    r: &crate::engine::RevokeRequest<'_>,
    dry_run: bool,
) -> std::result::Result<crate::engine::Revoked, ApiError> {
    if !dry_run {
        s.decision_allowed(r.by)?;
    }
    Ok(ops::human::revoke(&mut OneRequest::new(s), r, dry_run)?)
}

fn h_patterns(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let org = c.query("org").or_else(|| c.query("organization_id"));
    let f = ops::learned::PatternFilter { org: org.as_deref(), ..Default::default() };
    let patterns = ops::learned::patterns(&mut OneRequest::new(s), &f)?.patterns;
    Reply::json(200, &serde_json::json!({ "count": patterns.len(), "patterns": patterns }))
}

fn h_pending(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let org = c.query("org").or_else(|| c.query("organization_id"));
    let session = c.query("session").or_else(|| c.query("session_id"));
    // The same asks, grouped the same way, as `aiperture pending`.
    let pending =
        ops::learned::pending(&mut OneRequest::new(s), org.as_deref(), session.as_deref())?;
    Reply::json(200, &serde_json::json!({ "count": pending.len(), "pending": pending }))
}

/// `POST /artifacts/store`: content as a UTF-8 string, or base64 with `"base64": true`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreBody {
    content: String,
    #[serde(default)]
    base64: bool,
    #[serde(default = "default_type", rename = "type", alias = "artifact_type")]
    artifact_type: String,
    #[serde(default, alias = "task_id")]
    task: String,
    #[serde(default, alias = "tool_name")]
    tool: String,
    #[serde(default)]
    summary: String,
    #[serde(default = "default_org", alias = "organization_id")]
    org: String,
    #[serde(default, alias = "session_id")]
    session: String,
    #[serde(default, alias = "tokens_input")]
    tokens_in: u64,
    #[serde(default, alias = "tokens_output")]
    tokens_out: u64,
    /// Dollars, as a string ("0.0123") or a number (the seed's `cost_usd`).
    #[serde(default, alias = "cost_usd")]
    cost: Option<Value>,
    #[serde(default, alias = "model_used")]
    model: String,
    #[serde(default, alias = "provider_used")]
    provider: String,
}

#[derive(Serialize)]
struct StoredOut<'a> {
    id: &'a str,
    seq: u64,
    #[serde(flatten)]
    artifact: &'a ArtifactEvent,
}

fn h_artifact_store(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let body: StoreBody = c.json()?;
    let content = if body.base64 {
        base64_decode(body.content.trim()).ok_or_else(|| {
            ApiError::bad_request(
                "`content` is not valid base64 (standard alphabet, padded)".into(),
            )
        })?
    } else {
        body.content.into_bytes()
    };
    let meta = ArtifactEvent {
        digest: String::new(),
        size: 0,
        task: body.task,
        artifact_type: body.artifact_type,
        tool: body.tool,
        summary: body.summary,
        org: body.org,
        session: body.session,
        tokens_in: body.tokens_in,
        tokens_out: body.tokens_out,
        cost_micros: ops::artifacts::cost_value("`cost`", body.cost.as_ref())?,
        model: body.model,
        provider: body.provider,
    };
    let stored = ops::artifacts::store(&mut OneRequest::new(s), &content, &meta)?;
    Reply::json(
        200,
        &StoredOut { id: &stored.event.digest, seq: stored.seq, artifact: &stored.event },
    )
}

fn h_artifact_show(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let limit = s.opts.max_body_bytes as u64;
    let shown = ops::artifacts::show(&mut OneRequest::new(s), c.param("id"), limit)?;
    let mut out = Map::new();
    out.insert("id".into(), shown.digest.into());
    out.insert("size".into(), shown.size.into());
    match shown.content {
        Some(bytes) => match String::from_utf8(bytes) {
            Ok(text) => out.insert("content".into(), text.into()),
            Err(e) => out.insert("content_base64".into(), base64_encode(e.as_bytes()).into()),
        },
        None => out.insert("content_omitted".into(), true.into()),
    };
    out.insert(
        "entries".into(),
        serde_json::to_value(&shown.entries).map_err(|e| ApiError::internal(e.to_string()))?,
    );
    Reply::json(200, &out)
}

#[derive(Serialize)]
struct VerifyOut<'a> {
    id: &'a str,
    ok: bool,
    #[serde(flatten)]
    report: &'a ObjectsReport,
}

fn h_artifact_verify(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let (digest, report) =
        ops::artifacts::verify(&mut OneRequest::new(s), Some(c.param("id")), false)?;
    let id = digest.unwrap_or_default();
    Reply::json(200, &VerifyOut { id: &id, ok: report.ok(), report: &report })
}

fn h_artifacts_of_task(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let task = c.param("task").to_string();
    let f = ops::artifacts::ArtifactFilter { task: Some(&task), org: None };
    let all = ops::artifacts::list(&mut OneRequest::new(s), &f)?;
    Reply::json(200, &serde_json::json!({ "task": task, "count": all.len(), "artifacts": all }))
}

fn h_costs(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let by = c.query("by");
    let task = c.query("task").or_else(|| c.query("task_id"));
    let f = ops::artifacts::ArtifactFilter { task: task.as_deref(), org: None };
    let report = ops::artifacts::costs(&mut OneRequest::new(s), &f, by.as_deref())?;
    Reply::json(
        200,
        &serde_json::json!({
            "by": by, "task": task, "total": report.total, "groups": report.groups
        }),
    )
}

fn h_audit_events(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let limit = match c.query("limit") {
        None => 100,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=MAX_EVENTS).contains(&n) => n,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "`limit` must be between 1 and {MAX_EVENTS}, got {l:?}"
                )));
            }
        },
    };
    let filter = AuditFilter {
        kind: c.query("kind").or_else(|| c.query("event_type")),
        session: c.query("session").or_else(|| c.query("session_id")),
        tool: c.query("tool"),
        decision: c
            .query("decision")
            .map(|d| d.parse::<Decision>())
            .transpose()
            .map_err(|e| ApiError::bad_request(format!("`decision`: {e}")))?,
        since: ops::parse_time("since", c.query("since").as_deref())?,
        until: ops::parse_time("until", c.query("until").as_deref())?,
        limit,
    };
    let events = ops::journal::audit(&mut OneRequest::new(s), &filter)?;
    Reply::json(200, &serde_json::json!({ "count": events.len(), "events": events }))
}

fn h_audit_event(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let raw = c.param("seq");
    let seq: u64 = raw
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{raw:?} is not an event seq (a number)")))?;
    match ops::journal::audit_event(&mut OneRequest::new(s), seq)? {
        Some(e) => Reply::json(200, &e),
        None => Err(ApiError::not_found(format!("no event with seq {seq}"))),
    }
}

fn h_verify_chain(s: &Shared, _c: &mut Call) -> std::result::Result<Reply, ApiError> {
    Reply::json(200, &ops::journal::verify_chain(&mut OneRequest::new(s), &[], &mut |_| {})?)
}

fn json_value(v: &toml::Value) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn h_config_get(s: &Shared, _c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let entries: Vec<Value> = ops::settings::list(&mut OneRequest::new(s))?
        .iter()
        .map(|e| serde_json::json!({ "key": e.key, "value": json_value(&e.value), "origin": e.origin }))
        .collect();
    Reply::json(200, &serde_json::json!({ "entries": entries }))
}

/// `PATCH /config`: `{"settings": {"dotted.key": value, …}}`, all or nothing.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchBody {
    settings: Map<String, Value>,
}

/// The text `config set` would take for a JSON value.
fn raw_text(key: &str, v: &Value) -> std::result::Result<String, ApiError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let arr = toml::Value::Array(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|s| toml::Value::String(s.into()))
                    .collect(),
            );
            Ok(arr.to_string())
        }
        _ => Err(ApiError::bad_request(format!(
            "`{key}`: expected a string, number, boolean or array of strings"
        ))),
    }
}

fn h_config_patch(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let b: PatchBody = c.json()?;
    let changes = b
        .settings
        .iter()
        .map(|(k, v)| Ok((k.clone(), raw_text(k, v)?)))
        .collect::<std::result::Result<Vec<_>, ApiError>>()?;
    // A value the configuration refuses is the caller's mistake here, not the server's.
    let done = ops::settings::patch(&mut OneRequest::new(s), &changes).map_err(|e| match e {
        Error::Config { .. } | Error::UnknownConfigKey { .. } => ApiError::bad_request(e.chain()),
        other => other.into(),
    })?;
    let updated: Vec<Value> = done
        .iter()
        .map(|c| serde_json::json!({ "key": c.key, "value": json_value(&c.value), "seq": c.seq }))
        .collect();
    Reply::json(200, &serde_json::json!({ "updated": true, "settings": updated }))
}

/// One health check.
#[derive(Serialize)]
struct Check {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

fn h_health(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let store = &s.backend.store;
    let mut checks: BTreeMap<&str, Check> = BTreeMap::new();
    let readable = (|| -> Result<()> {
        if !store.root().is_dir() {
            return Err(Error::NoStore { path: store.root().to_path_buf() });
        }
        crate::journal::list_segments(&store.path(layout::JOURNAL))?;
        ops::Access::loaded(&mut OneRequest::new(s))?;
        Ok(())
    })();
    checks
        .insert("store", Check { ok: readable.is_ok(), detail: readable.err().map(|e| e.chain()) });
    // Opening the engine takes the lock and refuses a journal whose HEAD disagrees with it.
    let mut a = OneRequest::new(s);
    let opened = ops::Access::loaded(&mut a).and_then(|l| {
        let now = ops::Access::now(&mut a)?;
        let wait = Wait::Timeout(Duration::from_secs(2));
        s.group.exclusive(wait, &mut |_| {}, true, |lock| {
            Engine::open_locked(store, l.config, lock.clone(), now, None).map(|e| e.last_seq())
        })?
    });
    match opened {
        Ok(seq) => {
            checks.insert("lock", Check { ok: true, detail: None });
            checks.insert(
                "head",
                Check { ok: true, detail: Some(format!("journal ends at seq {seq}")) },
            );
        }
        Err(e @ Error::LockBusy { .. }) => {
            checks.insert(
                "lock",
                Check { ok: false, detail: Some(format!("{} for more than 2 s", e.chain())) },
            );
            checks.insert("head", Check { ok: false, detail: Some("not checked".into()) });
        }
        Err(e) => {
            checks.insert("lock", Check { ok: true, detail: None });
            checks.insert("head", Check { ok: false, detail: Some(e.chain()) });
        }
    }
    let healthy = checks.values().all(|c| c.ok);
    if !c.trusted {
        for v in checks.values_mut() {
            v.detail = None;
        }
    }
    Reply::json(
        if healthy { 200 } else { 503 },
        &serde_json::json!({
            "service": "aiperture",
            "version": env!("CARGO_PKG_VERSION"),
            "status": if healthy { "healthy" } else { "degraded" },
            "checks": checks,
        }),
    )
}

fn h_metrics(s: &Shared, _c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let dir = s.backend.store.path(layout::JOURNAL);
    let mut bytes = 0;
    for (_, p) in crate::journal::list_segments(&dir)? {
        bytes += std::fs::metadata(&p).map_or(0, |m| m.len());
    }
    Ok(Reply {
        status: 200,
        content_type: "text/plain; version=0.0.4; charset=utf-8",
        body: s.metrics.render(bytes, s.group.syncs()).into_bytes(),
        headers: Vec::new(),
    })
}

// --- The approvals inbox: `GET /` and `POST /inbox/*` (HTML and sessions: `super::inbox`).

/// An inbox page.
fn html(status: u16, body: String) -> Reply {
    Reply {
        status,
        content_type: "text/html; charset=utf-8",
        body: body.into_bytes(),
        headers: inbox::headers(),
    }
}

/// An error on an inbox route, as an HTML page (its headers kept, but for the Bearer challenge).
fn page_error(e: ApiError) -> Reply {
    let e = *e.0;
    let mut r = html(e.status, inbox::error_page(e.status, &e.message));
    r.headers.extend(e.headers.into_iter().filter(|(k, _)| *k != "WWW-Authenticate"));
    r
}

/// POST-redirect-GET: `303 See Other` to the inbox, setting `cookie` when given.
fn see_inbox(cookie: Option<String>) -> Reply {
    let mut r =
        html(303, "<!DOCTYPE html><title>aiperture</title><a href=\"/\">inbox</a>\n".into());
    r.headers.push(("Location", "/".into()));
    if let Some(c) = cookie {
        r.headers.push(("Set-Cookie", c));
    }
    r
}

/// The fields of an inbox form, none but `allowed`.
fn form(c: &Call, allowed: &[&str]) -> std::result::Result<inbox::Form, ApiError> {
    let text = std::str::from_utf8(&c.body)
        .map_err(|_| ApiError::bad_request("the form is not UTF-8".into()))?;
    inbox::Form::new(parse_query(text.trim())?, allowed).map_err(ApiError::bad_request)
}

impl Shared {
    fn sessions(&self) -> std::sync::MutexGuard<'_, inbox::Sessions> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The signed-in session a form was sent from: its cookie, then its CSRF token.
    fn signed_form(
        &self,
        c: &Call,
        f: &inbox::Form,
    ) -> std::result::Result<inbox::Signed, ApiError> {
        let me = self.sessions().find(c.cookie.as_deref(), Instant::now()).ok_or_else(|| {
            ApiError::new(
                401,
                "unauthorized",
                "you are not signed in (or your session expired); sign in again".into(),
            )
        })?;
        if !me.csrf_ok(f.get("csrf")) {
            return Err(ApiError::new(
                403,
                "forbidden",
                "the form's CSRF token is not this session's; reload the inbox and try again"
                    .into(),
            ));
        }
        Ok(me)
    }
}

/// `GET /`: the sign-in form, or the signed-in person's inbox.
fn h_inbox(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let Some(me) = s.sessions().find(c.cookie.as_deref(), Instant::now()) else {
        return Ok(html(200, inbox::sign_in_page(None)));
    };
    let mut a = OneRequest::new(s);
    let pending = ops::learned::pending(&mut a, None, None)?;
    let more_asks = pending.len().saturating_sub(inbox::ASKS_SHOWN);
    let mut asks = Vec::new();
    for ask in pending.into_iter().take(inbox::ASKS_SHOWN) {
        let req = &ask.newest.request;
        let (factors, explanation) = match ops::check::explain(&mut a, req, false) {
            Ok(x) => (x.analysis.risk.factors.clone(), ops::check::explanation(req, &x.analysis)),
            Err(e) => (Vec::new(), format!("cannot analyse the request: {}", e.chain())),
        };
        asks.push(inbox::Ask { ask, factors, explanation });
    }
    let mut patterns =
        ops::learned::patterns(&mut a, &ops::learned::PatternFilter::default())?.patterns;
    patterns.truncate(inbox::PATTERNS_SHOWN);
    let filter = AuditFilter { limit: inbox::EVENTS_SHOWN, ..AuditFilter::default() };
    let mut events = ops::journal::audit(&mut a, &filter)?;
    events.reverse();
    let chain = {
        let mut cache = s.chain.lock().unwrap_or_else(PoisonError::into_inner);
        match ops::journal::verify_chain_cached(&mut a, &mut cache) {
            Ok((report, cached)) => inbox::Chain { report: Ok(report), cached },
            Err(e) => inbox::Chain { report: Err(e.chain()), cached: false },
        }
    };
    let flash = s.sessions().take_flash(&me);
    let csrf = me.csrf();
    let view = inbox::View {
        who: &me.who,
        csrf: &csrf,
        flash,
        asks: &asks,
        more_asks,
        patterns: &patterns,
        events: &events,
        chain,
    };
    Ok(html(200, inbox::inbox_page(&view)))
}

/// `POST /inbox/sign-in`: a person's key (or the admin key, never the API key) opens a session.
fn h_sign_in(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let f = form(c, &["key"])?;
    let key = f.get("key").map(str::trim).filter(|k| !k.is_empty());
    match authorize(&s.auth, Access::Admin, key) {
        Ok(Some(who)) => {
            let cookie = s.sessions().create(who, Instant::now())?;
            Ok(see_inbox(Some(cookie)))
        }
        Ok(None) => Err(ApiError::internal("sign-in authorised nobody".into())),
        Err(e) if e.status == 403 => Ok(html(
            403,
            inbox::sign_in_page(Some(
                "nobody can sign in: list people in `server.humans` (or set `server.admin_key`) \
                 and restart `aiperture serve`",
            )),
        )),
        Err(_) => Ok(html(
            401,
            inbox::sign_in_page(Some(
                "that key is neither a listed person's (`server.humans`) nor the admin key; the \
                 agents' API key does not sign in",
            )),
        )),
    }
}

/// `POST /inbox/sign-out`.
fn h_sign_out(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let f = form(c, &["csrf"])?;
    let me = s.signed_form(c, &f)?;
    let mut sessions = s.sessions();
    sessions.remove(&me);
    Ok(see_inbox(Some(sessions.clear_cookie())))
}

/// `POST /inbox/decide`: approve or deny an open ask, as the signed-in person, through the
/// same path as `POST /permissions/record` (the expected request is the ask's own).
fn h_inbox_decide(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let f = form(c, &["csrf", "challenge", "decision"])?;
    let me = s.signed_form(c, &f)?;
    let decision = match f.need("decision").map_err(ApiError::bad_request)? {
        "allow" => Decision::Allow,
        "deny" => Decision::Deny,
        other => {
            return Err(ApiError::bad_request(format!(
                "`decision` must be allow or deny, not {other:?}"
            )));
        }
    };
    let id = f.need("challenge").map_err(ApiError::bad_request)?.trim();
    let pending = ops::learned::pending(&mut OneRequest::new(s), None, None)?;
    let ask = pending.iter().find(|p| p.newest.challenge.id == id).ok_or_else(|| {
        ApiError::not_found(format!(
            "no open ask has challenge {id:?}: it was decided, expired or never issued"
        ))
    })?;
    let req = &ask.newest.request;
    let human = HumanDecision {
        id,
        decision,
        by: &me.who,
        reason: "",
        channel: "inbox",
        expect: Some(req),
        inferred: false,
    };
    record_human(s, &human)?;
    let done = if decision == Decision::Allow { "Approved" } else { "Denied" };
    let text = format!("{done} {} {} {} (challenge {id})", req.tool, req.action, req.scope);
    s.sessions().set_flash(&me, inbox::Flash { error: false, text });
    Ok(see_inbox(None))
}

/// `POST /inbox/revoke`: revoke a learned pattern as the signed-in person.
fn h_inbox_revoke(s: &Shared, c: &mut Call) -> std::result::Result<Reply, ApiError> {
    let f = form(c, &["csrf", "org", "tool", "action", "pattern"])?;
    let me = s.signed_form(c, &f)?;
    let need = |name: &str| f.need(name).map_err(ApiError::bad_request);
    let r = crate::engine::RevokeRequest {
        org: need("org")?,
        tool: need("tool")?,
        action: need("action")?,
        pattern: need("pattern")?,
        by: &me.who,
        reason: "",
    };
    let revoked = revoke_human(s, &r, false)?;
    let text = format!(
        "Revoked {} {} {}: {} decision(s) cancelled",
        r.tool, r.action, r.pattern, revoked.decisions
    );
    s.sessions().set_flash(&me, inbox::Flash { error: false, text });
    Ok(see_inbox(None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(api: &str, admin: &str) -> Auth {
        Auth::new(api, admin, &[]).expect("auth")
    }

    #[test]
    fn keys_are_compared_exactly() {
        let a = auth("agent-key-0123456789", "admin-key-0123456789");
        assert!(a.matches(a.api.as_ref(), Some("agent-key-0123456789")));
        assert!(!a.matches(a.api.as_ref(), Some("agent-key-012345678")));
        assert!(!a.matches(a.api.as_ref(), Some("agent-key-01234567890")));
        assert!(!a.matches(a.api.as_ref(), None));
        assert!(!a.matches(None, Some("x")));
    }

    #[test]
    fn a_person_is_known_by_the_hash_of_their_own_key_only() {
        let hash = |k: &str| crate::encoding::hex(&<sha2::Sha256 as sha2::Digest>::digest(k));
        let humans = vec![format!("alice:{}", hash("alice-key-0123456789"))];
        let a = Auth::new("agent-key-0123456789", "", &humans).expect("auth");
        assert_eq!(a.human(Some("alice-key-0123456789")), Some("alice"));
        assert_eq!(a.human(Some("alice-key-012345678")), None);
        assert_eq!(a.human(Some("agent-key-0123456789")), None);
        assert_eq!(a.human(None), None);
        let mut opts =
            Options::from_config(&crate::config::Config::defaults().expect("defaults").server);
        opts.api_key = "agent-key-0123456789".into();
        opts.humans = vec![format!("bob:{}", hash("agent-key-0123456789"))];
        let e = opts.check_keys().expect_err("the API key as a person's key");
        assert!(e.to_string().contains("bob's key is `server.api_key`"), "{e}");
    }

    #[test]
    fn bearer_tokens_are_parsed() {
        assert_eq!(bearer(Some("Bearer abc")), Some("abc"));
        assert_eq!(bearer(Some("bearer   abc ")), Some("abc"));
        assert_eq!(bearer(Some("Basic abc")), None);
        assert_eq!(bearer(Some("Bearer ")), None);
        assert_eq!(bearer(Some("Bearer")), None);
        assert_eq!(bearer(None), None);
    }

    #[test]
    fn admin_routes_without_an_admin_key_are_refused_to_everyone() {
        // No loopback exemption: an agent on this machine is a loopback client.
        let a = auth("", "");
        for token in [None, Some("anything-at-all-0123456789")] {
            let e = authorize(&a, Access::Admin, token).expect_err("no admin key");
            assert_eq!(e.status, 403);
            assert!(e.message.contains("AIPERTURE_SERVER_ADMIN_KEY"), "{}", e.message);
        }
        assert!(authorize(&a, Access::Agent, None).is_ok());
    }

    #[test]
    fn keys_separate_agents_from_humans() {
        let a = auth("agent-key-0123456789", "admin-key-0123456789");
        let agent = Some("agent-key-0123456789");
        let admin = Some("admin-key-0123456789");
        assert!(authorize(&a, Access::Agent, agent).is_ok());
        assert!(authorize(&a, Access::Agent, admin).is_ok());
        assert_eq!(authorize(&a, Access::Agent, None).map_err(|e| e.status), Err(401));
        assert_eq!(authorize(&a, Access::Admin, agent).map_err(|e| e.status), Err(401));
        assert!(authorize(&a, Access::Admin, admin).is_ok());
        assert!(authorize(&a, Access::Open, None).is_ok());
    }

    #[test]
    fn routes_match_literals_first_and_report_allowed_methods() {
        let name = |m: &str, p: &str| match route(m, p) {
            Ok(Matched::Route(r, params)) => format!("{} {params:?}", r.name),
            Ok(Matched::WrongMethod(v)) => format!("405 {v:?}"),
            Ok(Matched::NotFound) => "404".into(),
            Err(e) => format!("{} {}", e.status, e.message),
        };
        assert_eq!(name("GET", "/artifacts/costs/summary"), "artifact_costs []");
        assert_eq!(name("GET", "/artifacts/task/t%201"), "artifact_task [(\"task\", \"t 1\")]");
        assert_eq!(
            name("POST", "/artifacts/abcdef12/verify"),
            "artifact_verify [(\"id\", \"abcdef12\")]"
        );
        assert_eq!(name("DELETE", "/config"), "405 [Get, Patch]");
        assert_eq!(name("GET", "/permissions/check"), "405 [Post]");
        assert_eq!(name("GET", "/nope"), "404");
        assert_eq!(name("GET", "/health/"), "404");
        assert_eq!(name("GET", "/artifacts/"), "404");
        assert!(name("GET", "/artifacts/%ff").starts_with("400"));
    }

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "localhost:8100",
            "127.0.0.1",
            "127.0.0.1:80",
            "127.9.9.9:1",
            "[::1]",
            "[::1]:8100",
            "LOCALHOST",
        ] {
            assert!(loopback_host(h), "{h}");
        }
        for h in [
            "example.com",
            "evil.localhost.example:80",
            "10.0.0.1:8100",
            "[::2]:1",
            "localhost:x",
            "[::1]x",
        ] {
            assert!(!loopback_host(h), "{h}");
        }
    }

    #[test]
    fn base64_round_trips() {
        for data in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", &[0, 255, 128, 7]]
        {
            let e = base64_encode(data);
            assert_eq!(base64_decode(&e).as_deref(), Some(data), "{e}");
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_decode("Zm8"), None);
        assert_eq!(base64_decode("Z=8="), None);
        assert_eq!(base64_decode("Zm8=Zm8="), None);
        assert_eq!(base64_decode("Zm!="), None);
    }

    #[test]
    fn queries_and_segments_are_percent_decoded() {
        assert_eq!(percent_decode("a%20b+c", true).as_deref(), Some("a b c"));
        assert_eq!(percent_decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(percent_decode("%zz", true), None);
        assert_eq!(percent_decode("%e2%82%ac", true).as_deref(), Some("€"));
        let q = parse_query("kind=check&limit=5&&x").expect("query");
        assert_eq!(
            q,
            vec![
                ("kind".into(), "check".into()),
                ("limit".into(), "5".into()),
                ("x".into(), String::new())
            ]
        );
    }

    #[test]
    fn options_refuse_weak_or_shared_keys() {
        let mut o =
            Options::from_config(&crate::config::Config::defaults().expect("defaults").server);
        assert!(o.check_keys().is_ok());
        o.api_key = "short".into();
        assert!(o.check_keys().is_err());
        o.api_key = "same-key-0123456789".into();
        o.admin_key = o.api_key.clone();
        assert!(o.check_keys().is_err());
        assert!(!format!("{o:?}").contains("same-key"));
    }
}
