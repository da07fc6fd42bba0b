//! Transports that put the engine behind a network or stdio interface.
//!
//! A transport only translates: it parses a request into the typed input of an operation in
//! [`crate::ops`] (the same functions the CLI calls), calls it, and renders the typed result
//! in its wire format. It holds no decision logic; what it keeps between requests is the
//! parsed configuration, the engine's loaded state (bounded, checked against the store every
//! time the lock is taken again) and process-local metrics. Each server gives the operations
//! their way into the store by implementing [`crate::ops::Access`]. Every state change goes
//! through an [`Engine`](crate::engine::Engine) under the store lock and is journaled, so a
//! server, the CLI and hooks can share one store at the same time.
//!
//! * [`http`]: `aiperture serve`, the HTTP API on tiny_http (only this module knows tiny_http).
//! * [`config_cache`]: the parsed configuration both servers keep between requests.
//! * [`group`]: group commit for the HTTP server's concurrent requests (one store lock and
//!   one journal sync shared by many; every answer still waits for its events to be synced).
//! * [`inbox`]: the approvals inbox `aiperture serve` shows at `GET /` (sessions, CSRF, HTML).
//! * [`metrics`]: the counters and histograms behind `GET /metrics`.
//! * [`tls`]: the certificate and key `serve` speaks HTTPS with, checked before it listens.
//! * [`mcp`]: `aiperture mcp-serve`, the Model Context Protocol on stdio.

pub mod config_cache;
pub mod group;
pub mod http;
pub mod inbox;
pub mod mcp;
pub mod metrics;
pub mod tls;
