//! `aiperture mcp-serve`: serve the Model Context Protocol on standard input and output.
//!
//! This file resolves the store and the `[mcp]` settings once, reports on standard error, and
//! hands standard input and output to [`crate::server::mcp::serve`], which owns the protocol.
//! Standard output carries protocol messages only: every status line goes to standard error.

use super::Ctx;
use super::exit::{CliError, Outcome};
use crate::server::mcp::{self, Backend, Options, Version};

/// Serve the MCP tools on standard input and output, for agents
///
/// Speaks newline-delimited JSON-RPC 2.0 (one message per line, at most 1 MiB) on standard
/// input and output, synchronously, until end of input. Standard output carries protocol
/// messages only; status and errors go to standard error.
///
/// Protocol versions: the stateless 2026-07-28 revision (`server/discover`, the protocol
/// version and client capabilities in each request's `_meta`, `resultType` on results, cache
/// hints `ttlMs`/`cacheScope` on list results, error -32022 with the supported versions for an
/// unknown one) and the handshake revisions 2024-11-05, 2025-03-26, 2025-06-18 and 2025-11-25
/// (`initialize`, answered with the client's version when supported, else 2025-11-25;
/// `notifications/initialized`; `ping`). The first request fixes the connection's era. Both:
/// `tools/list` (JSON Schema `inputSchema`, and `outputSchema` from 2025-06-18) and
/// `tools/call`. JSON-RPC batches are answered only under 2025-03-26, the one revision that
/// allows them.
///
/// Tools: check_permission, explain_action, get_permission_patterns,
/// list_auto_approved_patterns, report_tool_execution, get_compliance_report, store_artifact,
/// verify_artifact, get_cost_summary, get_audit_trail, verify_chain, get_config (keys ending in
/// `_key` are redacted). No tool changes configuration. Every call opens the store, takes its
/// lock and catches up with the journal, so CLI processes and hooks writing to the same store
/// are seen at once. An edit of a config file, policy.toml or the trust records applies at the
/// next call (the server keeps what it parsed only while each file is unchanged).
///
/// Human decisions: approve_action, deny_action and revoke_permission_pattern are offered only
/// when the configuration says `[mcp] human_decisions = true`. That is unsafe and off by
/// default: an agent holding them can approve the very challenge its own check_permission call
/// received, so the "human" decision would come from the model, and can erase what humans
/// taught. Humans decide with `aiperture approve|deny|revoke`, `POST /permissions/record` or
/// agent hooks.
///
/// Results carry a text block (the JSON of the result) and `structuredContent`. A tool's
/// failure is a result with `isError: true` (arguments that do not fit the tool's inputSchema
/// too); an error on the way to a verdict is never an allow: check_permission then says
/// `"decision": "deny"`. Protocol errors: -32700 malformed JSON or invalid UTF-8, -32600 an
/// invalid request, a line over 1 MiB or a batch where none is allowed, -32601 an unknown
/// method (also before `initialize`), -32602 bad parameters or an unknown tool, -32022 an
/// unsupported version; ids are echoed as sent, and notifications get no answer.
///
/// Configure a client with `{"command": "aiperture", "args": ["mcp-serve"]}` (see
/// examples/mcp.json); add `--store DIR` to pin the store.
#[derive(clap::Args, Debug)]
pub struct McpServeArgs {}

/// Run `mcp-serve`.
pub fn run(ctx: &mut Ctx<'_>, _args: &McpServeArgs) -> Result<Outcome, CliError> {
    let store = ctx.store()?;
    let loaded = ctx.config(&store)?;
    let opts = Options { human_decisions: loaded.config.mcp.human_decisions, wait: ctx.wait() };
    let backend = Backend { sources: ctx.sources(&store), store, clock: crate::clock::now };
    let tools = mcp::tool_names(opts.human_decisions).len();
    ctx.status(&format!(
        "aiperture mcp-serve: store {}, {tools} tools{}, protocol {} (reading standard input)",
        backend.store.root().display(),
        if opts.human_decisions {
            " (with the human-decision tools: [mcp] human_decisions = true)"
        } else {
            ""
        },
        Version::ALL.iter().rev().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
    ));
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let summary = mcp::serve(&mut input, ctx.out, ctx.err, &backend, &opts)?;
    ctx.status(&format!(
        "aiperture mcp-serve: end of input after {} requests ({} tool calls, {} tool errors, {} \
         protocol errors)",
        summary.requests, summary.tool_calls, summary.tool_errors, summary.protocol_errors
    ));
    Ok(Outcome::Success)
}
