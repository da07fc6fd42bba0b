//! `aiperture serve`: run the HTTP API on the store in use until SIGINT or SIGTERM.
//!
//! This file only resolves settings (config `[server]` < flags), installs the signal handlers
//! and reports; the server itself is [`crate::server::http`]. The bound address is printed on
//! standard error before the first request is taken, so a caller that asked for port 0 can read
//! the real port. A first SIGINT/SIGTERM drains (requests already received are answered) and
//! exits 0; a second one exits at once with status 130.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::Ctx;
use super::exit::{CliError, Outcome};
use crate::config::Origin;
use crate::error::Error;
use crate::server::http::{self, Backend, Options};
use crate::server::tls::TlsFiles;
use crate::store::lock::Wait;

/// Serve the HTTP API for agents and humans
///
/// Listens on `server.addr` (default 127.0.0.1:8100) or --addr, and prints the bound address
/// on standard error. Routes (JSON in and out): POST /permissions/check, /permissions/record,
/// /permissions/grant, /permissions/revoke; GET /permissions/explain, /permissions/patterns,
/// /permissions/pending; POST /artifacts/store;
/// GET /artifacts/{id}, /artifacts/task/{task}, /artifacts/costs/summary; POST
/// /artifacts/{id}/verify; GET /audit/events, /audit/events/{seq}, /audit/verify-chain; GET and
/// PATCH /config; GET /health, /metrics (Prometheus text).
///
/// GET / is the approvals inbox for people, in a browser: sign in with your own key (listed in
/// `server.humans`) or the admin key (never the API key), then approve or deny the open asks of
/// every agent (grouped by agent and session, with risk and explanation), revoke learned
/// patterns, and see the newest journal events and whether the chain verifies. It uses an
/// in-memory session cookie (HttpOnly, SameSite=Strict, 12 hours), a CSRF token in every form,
/// an Origin check and a strict Content-Security-Policy; decisions are recorded under the
/// signed-in person's name and count against `server.decisions_per_minute`.
///
/// GET /permissions/pending lists open asks as `aiperture pending` does, one entry per request:
/// {"count": N, "pending": [{"count": k, "first_seq": s, "challenge": …, "request": …}]}, each
/// entry's count being the open challenges that ask about it and the rest its newest challenge.
///
/// Binding: a non-loopback address (including 0.0.0.0) is refused unless an API key is set,
/// and unless the server speaks HTTPS (`server.tls_cert` and `server.tls_key`, PEM files) or
/// plain HTTP is allowed there knowingly (`server.allow_plaintext`, e.g. behind a TLS reverse
/// proxy on another host). A loopback address serves plain HTTP by default, HTTPS when the
/// certificate and key are set.
///
/// Auth (Bearer tokens, compared in constant time): agent routes need `server.api_key` when it
/// is set (AIPERTURE_SERVER_API_KEY); human and config routes (record, grant, revoke, PATCH
/// /config) always need `server.admin_key` (AIPERTURE_SERVER_ADMIN_KEY) or the key of a person
/// listed in `server.humans` ("NAME:SHA256" of their key, in the user config): without either
/// they are refused to every client, loopback included, since an agent on this machine is a
/// loopback client too. The decider recorded for a human route is the credential: the
/// person's name, or "admin-key" for the shared admin key; never a name in the request body. Keys are at least 16 characters and differ from each other; keep
/// them in the environment or the user config (`server.*` in an untrusted project config.toml
/// is ignored). /health needs no key.
///
/// Durability: as for the CLI, a verdict is answered only once its journal event is synced
/// (`journal.durability = "fsync"`, the default). Requests that arrive together share one sync
/// (group commit; `aiperture_journal_syncs_total` in /metrics counts them); the store lock is
/// released whenever the server is idle and at the latest every 20 ms, so hooks and the CLI
/// keep working on the same store. An edit of a config file, policy.toml or the trust records
/// applies at the next request (the server keeps what it parsed only while each file is
/// unchanged).
///
/// Limits: bodies up to `server.max_body_bytes` (1 MiB), clients silent for more than
/// `server.read_timeout_ms` are dropped. SIGINT or SIGTERM answers the requests already
/// received and exits 0; a second signal exits at once (status 130).
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:8100 (port 0 picks a free port)
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// Worker threads (default: `server.workers`)
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Serve HTTPS with the certificate chain in this PEM file (default: `server.tls_cert`)
    #[arg(long, value_name = "PATH", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert, a PEM file (default: `server.tls_key`)
    #[arg(long, value_name = "PATH", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Serve plain HTTP on a non-loopback address (default: `server.allow_plaintext`)
    #[arg(long)]
    pub allow_plaintext: bool,
}

/// Run `serve`.
pub fn run(ctx: &mut Ctx<'_>, args: &ServeArgs) -> Result<Outcome, CliError> {
    let store = ctx.store()?;
    let loaded = ctx.config(&store)?;
    let mut opts = Options::from_config(&loaded.config.server);
    if let Some(a) = &args.addr {
        opts.addr.clone_from(a);
    }
    if let Some(w) = args.workers {
        if !(1..=256).contains(&w) {
            return Err(
                Error::Invalid(format!("--workers must be between 1 and 256, got {w}")).into()
            );
        }
        opts.workers = w;
    }
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        opts.tls = Some(TlsFiles { cert: cert.clone(), key: key.clone() });
    }
    if args.allow_plaintext {
        opts.allow_plaintext = true;
    }
    if ctx.global.no_wait {
        opts.wait = Wait::NoWait;
    }
    for key in ["server.api_key", "server.admin_key"] {
        if let Some(e) = loaded.get(key)
            && e.value.as_str().is_some_and(|v| !v.is_empty())
            && matches!(e.origin, Origin::Store(_))
        {
            let _ = writeln!(
                ctx.err,
                "warning: `{key}` is set in {} , a file meant to be committed; prefer the \
                 environment ({}) or the user config",
                e.origin,
                crate::config::env_name(key)
            );
        }
    }
    let listener = http::bind(&opts)?;
    let shutdown = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // The first signal sets the flag; a second one, with the flag already set, exits.
        signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(&shutdown))
            .and_then(|_| signal_hook::flag::register(sig, Arc::clone(&shutdown)))
            .map_err(|e| Error::Invalid(format!("cannot install the signal handler: {e}")))?;
    }
    let backend = Backend { sources: ctx.sources(&store), store, clock: crate::clock::now };
    let _ = writeln!(
        ctx.err,
        "aiperture serve: listening on {} (store {}, {} workers)",
        listener.url(),
        backend.store.root().display(),
        opts.workers
    );
    let summary = http::run(listener, &opts, backend, &shutdown, Box::new(std::io::stderr()))?;
    ctx.status(&format!(
        "aiperture serve: stopped after {} requests ({} answered while draining)",
        summary.requests, summary.drained
    ));
    Ok(Outcome::Success)
}
