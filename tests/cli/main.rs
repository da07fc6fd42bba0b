//! Integration tests of the `aiperture` binary, in one test binary with a sealed environment
//! per test (see `common`).

#![allow(
    // A test crate: failing loudly is the point.
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    unreachable_pub,
    clippy::many_single_char_names,
    clippy::needless_pass_by_value,
    clippy::unused_self,
    clippy::similar_names
)]

mod adversarial;
mod approve;
mod audit;
mod check;
mod ci_example;
mod common;
mod concurrency;
mod config_extremes;
mod config_trust;
mod crash;
mod doctor;
mod doors;
mod engine_cache;
mod exit_status;
mod faults;
mod fuzz;
mod generated;
mod hooks;
mod hooks_agents;
mod hooks_openclaw;
mod http;
mod inbox;
mod intel;
mod learning;
mod learning_safety;
mod mcp;
mod quiet;
#[cfg(unix)]
mod real_agents;
mod review;
mod risk;
mod scenarios;
mod seed_regressions;
mod self_protection;
mod snapshots;
mod store;
mod tamper;
mod team;
mod tls;
mod verify_chain;
