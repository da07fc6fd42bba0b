//! Transports that put the engine behind a network or stdio interface.
//!
//! A transport only translates: it parses a request into the same library values the CLI
//! builds, calls the same library functions (`Engine::check`, `Engine::record`, `report::*`,
//! `journal::verify`, `config`), and renders the result. It holds no decision logic and
//! no state of its own beyond process-local metrics: every state change goes through an
//! [`Engine`](crate::engine::Engine) opened per request (which takes the store lock) and is
//! journaled, so a server, the CLI and hooks can share one store at the same time.
//!
//! * [`http`]: `aiperture serve`, the HTTP API on tiny_http (only this module knows tiny_http).
//! * [`config_cache`]: the parsed configuration both servers keep between requests.
//! * [`group`]: group commit for the HTTP server's concurrent requests (one store lock and
//!   one journal sync shared by many; every answer still waits for its events to be synced).
//! * [`metrics`]: the counters and histograms behind `GET /metrics`.
//! * [`mcp`]: `aiperture mcp-serve`, the Model Context Protocol on stdio.

pub mod config_cache;
pub mod group;
pub mod http;
pub mod mcp;
pub mod metrics;
