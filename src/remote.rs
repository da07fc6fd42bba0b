//! Client mode: a team server decides this machine's checks and hooks (`[remote] url`, or
//! `AIPERTURE_URL`).
//!
//! [`Client`] is one more door onto the same operations: `aiperture check` sends its request to
//! the server's `POST /permissions/check`, and a hook adapter sends the engine side of an event
//! (decide, a tool ran, a session's status) to `POST /hooks/…`, where the server runs the very
//! functions a local hook runs (see [`crate::hooks`]). The answer is the server's typed verdict,
//! read back into the same types, so a door prints it exactly as a local check would.
//!
//! Invariants:
//! * **Never an allow by accident.** Every failure is an error: [`Error::RemoteUnreachable`]
//!   when the server could not be reached or answered 5xx (the only failure that
//!   `remote.fallback = "local"` lets the local store decide), [`Error::RemoteRefused`] for a
//!   4xx, which always denies. An answer that is not the JSON expected is unreachable too.
//! * **Bounded.** One call takes at most `remote.timeout_ms` in all, and an answer is read up
//!   to [`MAX_ANSWER`] bytes. No proxy from the environment is used (the hook's environment is
//!   the agent's), no redirect is followed (a redirect is an error), and an `https` URL is
//!   verified against `remote.ca_file` or the public web's roots.
//! * **The key** travels only as `Authorization: Bearer` to the configured URL, and is never
//!   printed: errors name the URL, never the key.
//! * Connections are reused by one [`Client`] (a long-lived process keeps one).

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use std::path::Path;

use crate::config::{Config, RemoteCfg};
use crate::engine::protect::Places;
use crate::engine::{Request, Verdict};
use crate::error::{Error, Result};
use crate::store::Store;

/// Largest answer read from the team server.
pub const MAX_ANSWER: u64 = 4 * 1024 * 1024;

/// A connection to the team server.
pub struct Client {
    base: String,
    key: String,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("base", &self.base).finish_non_exhaustive()
    }
}

/// The verdict of a check as the team server answered it.
#[derive(Debug, serde::Deserialize)]
struct CheckAnswer {
    #[serde(flatten)]
    verdict: Verdict,
}

/// The error body every aiperture server answers with.
#[derive(Debug, serde::Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    message: String,
}

impl Client {
    /// A client for `cfg` (client mode must be on: `cfg.url` set and valid).
    pub fn new(cfg: &RemoteCfg) -> Result<Client> {
        crate::config::check_remote_url(&cfg.url).map_err(Error::Invalid)?;
        let mut tls = ureq::tls::TlsConfig::builder();
        if !cfg.ca_file.is_empty() {
            let pem = std::fs::read(&cfg.ca_file).map_err(|e| Error::Io {
                op: "read the CA file (`remote.ca_file`)",
                path: cfg.ca_file.clone().into(),
                source: e,
            })?;
            let mut roots = Vec::new();
            for item in ureq::tls::parse_pem(&pem) {
                match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => roots.push(c),
                    Ok(_) => {}
                    Err(e) => {
                        return Err(Error::Invalid(format!(
                            "`remote.ca_file` {}: not PEM certificates: {e}",
                            cfg.ca_file
                        )));
                    }
                }
            }
            if roots.is_empty() {
                return Err(Error::Invalid(format!(
                    "`remote.ca_file` {} holds no PEM certificate",
                    cfg.ca_file
                )));
            }
            tls = tls.root_certs(ureq::tls::RootCerts::Specific(Arc::new(roots)));
        }
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_millis(cfg.timeout_ms)))
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .user_agent(concat!("aiperture/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls.build())
            .build()
            .new_agent();
        Ok(Client {
            base: cfg.url.trim_end_matches('/').to_string(),
            key: cfg.api_key.clone(),
            agent,
        })
    }

    /// The server's base URL, as configured.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// Decide `req` on the team server (journaled there).
    pub fn check(&self, req: &Request) -> Result<Verdict> {
        self.post::<_, CheckAnswer>("/permissions/check", req).map(|a| a.verdict)
    }

    /// `POST` `body` as JSON to `path` and read the answer as `R`.
    pub fn post<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<R> {
        let url = format!("{}{path}", self.base);
        let unreachable =
            |reason: String| Error::RemoteUnreachable { url: self.base.clone(), reason };
        let json = serde_json::to_vec(body)
            .map_err(|e| Error::Json { what: "a request to the team server".into(), source: e })?;
        let mut rq = self.agent.post(&url).header("Content-Type", "application/json");
        if !self.key.is_empty() {
            rq = rq.header("Authorization", &format!("Bearer {}", self.key));
        }
        let mut answer = rq.send(&json[..]).map_err(|e| unreachable(e.to_string()))?;
        let status = answer.status().as_u16();
        let bytes = answer
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_vec()
            .map_err(|e| unreachable(format!("reading the answer: {e}")))?;
        match status {
            200..=299 => serde_json::from_slice(&bytes).map_err(|e| {
                unreachable(format!("the answer to {path} is not what aiperture expects: {e}"))
            }),
            400..=499 => {
                let body: ErrorBody = serde_json::from_slice(&bytes).unwrap_or(ErrorBody {
                    error: String::new(),
                    message: String::from_utf8_lossy(&bytes).chars().take(300).collect(),
                });
                Err(Error::RemoteRefused {
                    url: self.base.clone(),
                    status,
                    code: body.error,
                    message: body.message,
                })
            }
            _ => {
                let body: Option<ErrorBody> = serde_json::from_slice(&bytes).ok();
                let detail = body.map(|b| format!(": {}", b.message)).unwrap_or_default();
                Err(unreachable(format!("it answered {status}{detail}")))
            }
        }
    }
}

/// Client mode as a door sees it: the team server, whether this machine's store decides while
/// the server is away, and this machine's self-protection, which runs first.
#[derive(Debug)]
pub struct Team {
    /// The team server.
    pub client: Client,
    /// `remote.fallback = "local"`.
    pub fallback_local: bool,
    /// What self-protection protects on this machine (its store, hook settings, user config).
    places: Places,
    /// This machine's custom risk rules (self-protection reads the analysis).
    rules: Vec<crate::risk::CustomRule>,
    cwd: Option<std::path::PathBuf>,
}

impl Team {
    /// Client mode for a process whose local store is `store` (found, not necessarily
    /// existing), configured by `config`, working in `cwd`; `None` when `remote.url` is unset.
    pub fn new(store: &Store, config: &Config, cwd: Option<&Path>) -> Result<Option<Team>> {
        if !config.remote.enabled() {
            return Ok(None);
        }
        Ok(Some(Team {
            client: Client::new(&config.remote)?,
            fallback_local: config.remote.falls_back_locally(),
            places: Places::new(store, cwd),
            rules: config.risk.rule.clone(),
            cwd: cwd.map(Path::to_path_buf),
        }))
    }

    /// This machine's self-protection on `req`: why it refuses, if it does. The team server
    /// cannot judge this machine's paths, so a door asks it only when this passes, and lets
    /// the local store decide (and journal) a refused request.
    pub fn refuses(&self, req: &Request) -> Option<String> {
        let cwd = self.cwd.as_deref();
        let analysis =
            crate::risk::analyze_in(cwd, &req.tool, &req.action, &req.scope, &self.rules);
        crate::engine::protect::violation(req, &analysis, &self.places)
    }

    /// Decide `req` on the team server: `Ok(None)` when this machine decides instead (its
    /// self-protection refuses, or the server is away and `remote.fallback = "local"`; then
    /// `fallback` says why the server did not).
    pub fn decide<T>(
        &self,
        req: &Request,
        fallback: &mut Option<String>,
        ask: impl FnOnce(&Client) -> Result<T>,
    ) -> Result<Option<T>> {
        if self.refuses(req).is_some() {
            return Ok(None);
        }
        match ask(&self.client) {
            Ok(t) => Ok(Some(t)),
            Err(Error::RemoteUnreachable { url, reason }) if self.fallback_local => {
                *fallback = Some(format!("{url} unreachable: {reason}"));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
