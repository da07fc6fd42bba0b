//! `aiperture mcp-serve`: a Model Context Protocol server on standard input and output.
//!
//! # Shape
//!
//! [`serve`] reads newline-delimited JSON-RPC 2.0 messages from its input, answers each request
//! with exactly one line on its output, and returns at end of input. It is synchronous: one
//! message at a time, in order. Every tool call runs an operation of [`crate::ops`] (the one the
//! CLI and the HTTP API call too) on an [`Engine`] that takes the store lock and replays whatever
//! other processes appended to the journal since the last call, and drops the engine before the
//! answer is written, so
//! the CLI, hooks and HTTP servers writing to the same store are seen at once and see this
//! server's events at once. Kept between calls: the parsed configuration
//! ([`config_cache`](crate::server::config_cache), re-read when a config file changes) and the
//! engine's loaded state (index shards, checked against the store on every call; the policy
//! and its trust, kept while their files keep their stamps).
//!
//! # Protocol eras
//!
//! Both eras of MCP are spoken, and the client's first successful era-defining request fixes
//! the era of the connection (as the official SDKs do):
//!
//! * **Handshake revisions** 2024-11-05, 2025-03-26, 2025-06-18 and 2025-11-25: `initialize`
//!   (answered with the client's version when it is one of these, else with 2025-11-25),
//!   `notifications/initialized`, `ping`, `tools/list`, `tools/call`. JSON-RPC batches are
//!   handled only when 2025-03-26 was negotiated (the one revision that allows them) and are
//!   otherwise refused with one `-32600` error. Results follow the negotiated revision:
//!   `annotations` from 2025-03-26, `title`, `outputSchema` and `structuredContent` from
//!   2025-06-18.
//! * **Stateless revision** 2026-07-28: no handshake; every request carries
//!   `_meta["io.modelcontextprotocol/protocolVersion"]` and `…/clientCapabilities`.
//!   `server/discover` advertises the versions, capabilities and server info; every result
//!   carries `resultType` and the `…/serverInfo` stamp in `_meta`; list results carry cache
//!   hints (`ttlMs`, `cacheScope`). A version this server does not speak gets `-32022` with
//!   the supported versions in `error.data.supported` (all five before the era is fixed, so a
//!   dual-era client falls back to `initialize`; only 2026-07-28 once it is). `ping` and
//!   batches do not exist in this revision.
//!
//! Once the era is fixed, a request of the other era is refused: `initialize` on a 2026-07-28
//! connection gets `-32022`, an enveloped request on a handshake connection gets `-32600`.
//!
//! # Invariants
//!
//! * **Only protocol messages on the output**, one compact JSON value per line (serde_json never
//!   writes a raw newline inside a value); logs go to the `log` writer (standard error).
//! * **Every request gets exactly one answer, promptly**, including unknown methods before the
//!   handshake (`-32601`); notifications never get one. Ids are echoed exactly as sent (a string
//!   or an integer); a message whose id cannot be read is answered with `"id": null`.
//! * **Bad input is an answer, never a crash**: malformed JSON and invalid UTF-8 get `-32700`, a
//!   line longer than [`MAX_LINE_BYTES`] gets `-32600` (the rest of the line is skipped),
//!   malformed requests get `-32600`, bad method parameters (including an unknown tool) get
//!   `-32602`. Arguments that do not fit a tool's `inputSchema` are tool errors (`isError:
//!   true`), so a model can correct itself. A panicking tool is an error result too.
//! * **Fail closed.** An error on the way to a verdict (store, lock, configuration, journal) is
//!   an `isError` result whose structured content says `"decision": "deny"`; it is never an
//!   allow, and nothing unjournaled is reported as decided.
//! * **No tool changes configuration.** The human-decision tools (`approve_action`,
//!   `deny_action`, `revoke_permission_pattern`) exist only when
//!   `[mcp] human_decisions = true` at start, and each call re-reads that setting (turning it
//!   off takes effect at once).
//! * **End of input ends the server cleanly**; so does a closed output pipe.

use std::io::{self, BufRead, ErrorKind, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use crate::config::{self as cfg, Loaded, Sources};
use crate::engine::events::ArtifactEvent;
use crate::engine::report::AuditFilter;
use crate::engine::{Decision, Engine, HumanDecision, Request};
use crate::error::{Error, Result};
use crate::ops;
use crate::server::config_cache::ConfigCache;
use crate::store::artifacts::format_usd;
use crate::store::lock::Wait;
use crate::store::{Store, layout};

/// The server's name in `serverInfo`.
pub const SERVER_NAME: &str = "aiperture";
/// Longest accepted message line, in bytes (without its newline).
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// How long a client may cache `tools/list` and `server/discover` results (2026-07-28).
pub const LIST_TTL_MS: u64 = 60_000;
/// Most events one `get_audit_trail` call returns.
pub const MAX_AUDIT_EVENTS: u64 = 500;

const META_PROTOCOL_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
const META_CLIENT_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
const META_SERVER_INFO: &str = "io.modelcontextprotocol/serverInfo";

/// JSON-RPC and MCP error codes this server sends.
pub mod code {
    /// The line is not JSON (or not UTF-8).
    pub const PARSE_ERROR: i64 = -32700;
    /// The message is not a valid request (or is too long, or a batch where none is allowed).
    pub const INVALID_REQUEST: i64 = -32600;
    /// No such method (in the connection's protocol revision).
    pub const METHOD_NOT_FOUND: i64 = -32601;
    /// The method's parameters are wrong (including an unknown tool name).
    pub const INVALID_PARAMS: i64 = -32602;
    /// The server failed outside a tool (a tool's failure is an `isError` result instead).
    pub const INTERNAL_ERROR: i64 = -32603;
    /// The request's protocol version is not spoken here (2026-07-28).
    pub const UNSUPPORTED_PROTOCOL_VERSION: i64 = -32022;
}

/// A protocol revision this server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    /// 2024-11-05 (handshake).
    V2024_11_05,
    /// 2025-03-26 (handshake; JSON-RPC batches; tool annotations).
    V2025_03_26,
    /// 2025-06-18 (handshake; no batches; `outputSchema`, `structuredContent`, `title`).
    V2025_06_18,
    /// 2025-11-25 (handshake; the last one).
    V2025_11_25,
    /// 2026-07-28 (stateless: `server/discover`, per-request `_meta`, `resultType`).
    V2026_07_28,
}

impl Version {
    /// Every revision, oldest first.
    pub const ALL: [Version; 5] = [
        Version::V2024_11_05,
        Version::V2025_03_26,
        Version::V2025_06_18,
        Version::V2025_11_25,
        Version::V2026_07_28,
    ];
    /// The newest handshake revision: the answer to an `initialize` naming an unknown one.
    pub const LATEST_HANDSHAKE: Version = Version::V2025_11_25;

    /// The revision's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2024_11_05 => "2024-11-05",
            Version::V2025_03_26 => "2025-03-26",
            Version::V2025_06_18 => "2025-06-18",
            Version::V2025_11_25 => "2025-11-25",
            Version::V2026_07_28 => "2026-07-28",
        }
    }

    /// The revision called `s`, if spoken here.
    pub fn parse(s: &str) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Stateless (per-request envelope) rather than handshake.
    pub fn is_modern(self) -> bool {
        self == Version::V2026_07_28
    }

    /// JSON-RPC batches allowed.
    pub fn batches(self) -> bool {
        self == Version::V2025_03_26
    }

    /// Tool `annotations` exist.
    fn annotations(self) -> bool {
        self >= Version::V2025_03_26
    }

    /// `outputSchema`, `structuredContent` and `title` exist.
    fn structured(self) -> bool {
        self >= Version::V2025_06_18
    }

    fn names(modern: bool) -> Vec<&'static str> {
        Version::ALL.into_iter().filter(|v| v.is_modern() == modern).map(Version::as_str).collect()
    }
}

/// Settings of one server.
#[derive(Debug, Clone)]
pub struct Options {
    /// Offer `approve_action` and `deny_action` (`[mcp] human_decisions` at start).
    pub human_decisions: bool,
    /// Wait for a busy store lock, or answer a tool error at once.
    pub wait: Wait,
}

/// What the server needs to reach the store.
#[derive(Debug, Clone)]
pub struct Backend {
    /// The store every call works on.
    pub store: Store,
    /// Configuration layers, re-read when a config file changes (environment and flags are
    /// those of the server process).
    pub sources: Sources,
    /// The clock (`AIPERTURE_NOW` or the system clock), read once per tool call.
    pub clock: fn() -> Result<DateTime<Utc>>,
}

/// What [`serve`] did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Messages read (lines that were not blank, batch elements counted once per batch).
    pub messages: u64,
    /// Requests answered.
    pub requests: u64,
    /// Notifications received.
    pub notifications: u64,
    /// JSON-RPC error answers sent.
    pub protocol_errors: u64,
    /// `tools/call` requests.
    pub tool_calls: u64,
    /// Tool calls that ended in an `isError` result.
    pub tool_errors: u64,
}

/// Serve MCP on `input`/`output` until end of input (or until the output is closed).
///
/// `log` receives one line per tool failure caused by the store and per unexpected event; it
/// never receives protocol traffic.
pub fn serve(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    log: &mut dyn Write,
    backend: &Backend,
    opts: &Options,
) -> Result<Summary> {
    let mut s = Session {
        backend,
        opts,
        era: Era::Unset,
        config: None,
        config_fresh: false,
        engine_cache: None,
        team: None,
        fallback: None,
        log,
        summary: Summary::default(),
        unpublished: None,
    };
    let mut buf = Vec::new();
    loop {
        let line = read_line(input, &mut buf).map_err(|e| Error::Io {
            op: "read",
            path: "standard input".into(),
            source: e,
        })?;
        let reply = match line {
            Line::Eof => break,
            Line::TooLong(n) => {
                s.summary.messages += 1;
                Some(Out::Json(s.error_reply(
                    &Value::Null,
                    RpcError::new(
                        code::INVALID_REQUEST,
                        format!(
                            "the message is {n} bytes long; the limit is {MAX_LINE_BYTES} bytes \
                             per line"
                        ),
                    ),
                )))
            }
            Line::Text(bytes) => s.line(&bytes),
        };
        let sent = match reply {
            Some(v) => send(output, v),
            None => Ok(true),
        };
        // Answered (or failing to be): the call's HEAD record, then the store lock.
        s.publish();
        if !sent? {
            let _ = writeln!(s.log, "aiperture mcp-serve: the output was closed; stopping");
            break;
        }
    }
    // Commit what the cached engine applied but has not written to the index yet.
    if s.engine_cache.is_some()
        && let Err(e) = ops::Access::with_engine(&mut s, Utc::now(), Engine::flush_index)
    {
        let _ = writeln!(s.log, "aiperture mcp-serve: could not update the index at exit: {e}");
    }
    Ok(s.summary)
}

/// An answer to write: a JSON value, or a message already serialized (a tool's result is
/// serialized once, for its text block, and its structured content reuses those bytes).
enum Out {
    Json(Value),
    Bytes(Vec<u8>),
}

impl Out {
    fn into_bytes(self) -> Result<Vec<u8>> {
        match self {
            Out::Bytes(b) => Ok(b),
            Out::Json(v) => serde_json::to_vec(&v)
                .map_err(|e| Error::Json { what: "an outgoing message".into(), source: e }),
        }
    }
}

/// A request's result: a JSON value, or a tool's result already serialized.
enum Answer {
    Json(Value),
    Raw(Box<RawValue>),
}

/// A JSON-RPC response whose result is already serialized.
#[derive(Serialize)]
struct RawResponse<'a> {
    jsonrpc: &'static str,
    id: &'a Value,
    result: &'a RawValue,
}

/// Write one message; `false` when the reader has gone away.
fn send(output: &mut dyn Write, out: Out) -> Result<bool> {
    let mut bytes = out.into_bytes()?;
    bytes.push(b'\n');
    match output.write_all(&bytes).and_then(|()| output.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Error::Io { op: "write", path: "standard output".into(), source: e }),
    }
}

/// One line of input.
enum Line {
    Eof,
    Text(Vec<u8>),
    /// Longer than the limit (its length); the bytes were skipped.
    TooLong(u64),
}

/// Read up to the next `\n` (or end of input) without ever holding more than the limit.
fn read_line(r: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            if !any {
                return Ok(Line::Eof);
            }
            break;
        }
        any = true;
        let newline = chunk.iter().position(|&b| b == b'\n');
        let part = &chunk[..newline.unwrap_or(chunk.len())];
        total += part.len() as u64;
        if !too_long {
            if buf.len() + part.len() > MAX_LINE_BYTES {
                too_long = true;
                buf.clear();
                buf.shrink_to(64 * 1024);
            } else {
                buf.extend_from_slice(part);
            }
        }
        let used = newline.map_or(part.len(), |i| i + 1);
        r.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if too_long {
        return Ok(Line::TooLong(total));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Text(std::mem::take(buf)))
}

/// A JSON-RPC error.
#[derive(Debug)]
struct RpcError {
    code: i64,
    message: String,
    data: Option<Value>,
}

impl RpcError {
    fn new(code: i64, message: String) -> RpcError {
        RpcError { code, message, data: None }
    }

    fn with_data(mut self, data: Value) -> RpcError {
        self.data = Some(data);
        self
    }

    fn invalid_params(message: String) -> RpcError {
        RpcError::new(code::INVALID_PARAMS, message)
    }
}

/// The connection's protocol era, fixed by the first successful era-defining request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Era {
    Unset,
    Handshake { version: Version, initialized: bool },
    Modern,
}

/// State of one connection.
struct Session<'a> {
    backend: &'a Backend,
    opts: &'a Options,
    era: Era,
    config: Option<ConfigCache>,
    /// The configuration's files were looked at for the message under way: later reads in
    /// the same message use what was found (one configuration per message).
    config_fresh: bool,
    /// The engine's loaded state between calls (see [`crate::engine::Cache`]).
    engine_cache: Option<crate::engine::Cache>,
    /// Client mode (`remote.url`): the team server, connected once for the whole session (its
    /// connection is reused from call to call).
    team: Option<crate::remote::Team>,
    /// Why the team server did not decide the check under way (`remote.fallback = "local"`).
    fallback: Option<String>,
    log: &'a mut dyn Write,
    summary: Summary,
    /// The last call's events, synced but not recorded in HEAD yet: recorded once the call is
    /// answered ([`Session::publish`]), with the store lock held until then.
    unpublished: Option<Unpublished>,
}

/// A call's journal end, synced (durable) and not yet recorded in HEAD and the witness, with
/// the store lock that covers it.
struct Unpublished {
    lock: crate::store::lock::StoreLock,
    publisher: crate::journal::append::Publisher,
    tail: crate::journal::append::Tail,
}

fn server_info() -> Value {
    json!({ "name": SERVER_NAME, "title": "aiperture", "version": env!("CARGO_PKG_VERSION") })
}

const INSTRUCTIONS: &str = "aiperture is the permission layer for your tool calls. Before \
    running a shell command, writing a file, fetching a URL or any other action, call \
    check_permission with tool, action and scope, and run the action only when `decision` is \
    `allow`. On `ask`, stop and tell the human the challenge id: a human approves or denies it \
    outside this server (`aiperture approve <id>`), then you check again. On `deny`, do not run \
    it. An error result means deny. explain_action says what a command would do and how risky \
    it is, without deciding anything.";

impl Session<'_> {
    fn log(&mut self, msg: &str) {
        let _ = writeln!(self.log, "aiperture mcp-serve: {msg}");
    }

    fn error_reply(&mut self, id: &Value, e: RpcError) -> Value {
        self.summary.protocol_errors += 1;
        let mut err = Map::new();
        err.insert("code".into(), e.code.into());
        err.insert("message".into(), e.message.into());
        if let Some(d) = e.data {
            err.insert("data".into(), d);
        }
        json!({ "jsonrpc": "2.0", "id": id, "error": err })
    }

    /// Handle one line; the answer to write, if any.
    fn line(&mut self, bytes: &[u8]) -> Option<Out> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        self.summary.messages += 1;
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let msg = format!("the message is not valid UTF-8 (at byte {})", e.valid_up_to());
                let e = RpcError::new(code::PARSE_ERROR, msg);
                return Some(Out::Json(self.error_reply(&Value::Null, e)));
            }
        };
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let msg = format!("the message is not JSON: {e}");
                let e = RpcError::new(code::PARSE_ERROR, msg);
                return Some(Out::Json(self.error_reply(&Value::Null, e)));
            }
        };
        match value {
            Value::Array(items) => self.batch(items),
            other => self.message(other, false),
        }
    }

    fn batch(&mut self, items: Vec<Value>) -> Option<Out> {
        let allowed = match self.era {
            Era::Handshake { version, .. } => version.batches(),
            _ => false,
        };
        if items.is_empty() {
            let e = RpcError::new(code::INVALID_REQUEST, "an empty batch is not a request".into());
            return Some(Out::Json(self.error_reply(&Value::Null, e)));
        }
        if !allowed {
            let why = match self.era {
                Era::Unset => "before `initialize`".to_string(),
                Era::Handshake { version, .. } => {
                    format!("in protocol version {}", version.as_str())
                }
                Era::Modern => "in protocol version 2026-07-28".to_string(),
            };
            let e = RpcError::new(
                code::INVALID_REQUEST,
                format!(
                    "JSON-RPC batches are not accepted {why}; only protocol version 2025-03-26 \
                     allows them: send one message per line"
                ),
            );
            return Some(Out::Json(self.error_reply(&Value::Null, e)));
        }
        let mut out = Vec::new();
        for answer in items.into_iter().filter_map(|m| self.message(m, true)) {
            out.push(if out.is_empty() { b'[' } else { b',' });
            match answer.into_bytes() {
                Ok(b) => out.extend_from_slice(&b),
                Err(e) => {
                    self.log(&format!("cannot render an answer in a batch: {e}"));
                    return None;
                }
            }
        }
        if out.is_empty() {
            None
        } else {
            out.push(b']');
            Some(Out::Bytes(out))
        }
    }

    /// Handle one message (not a batch); the answer, if it needs one.
    fn message(&mut self, v: Value, in_batch: bool) -> Option<Out> {
        self.config_fresh = false;
        let Value::Object(mut obj) = v else {
            let e = RpcError::new(
                code::INVALID_REQUEST,
                "a message must be a JSON object (or, in 2025-03-26, an array of them)".into(),
            );
            return Some(Out::Json(self.error_reply(&Value::Null, e)));
        };
        // The id as it can be echoed: a string or an integer; anything else is unreadable.
        let raw_id = obj.get("id").cloned();
        let id_ok = match &raw_id {
            Some(Value::String(_)) => true,
            Some(Value::Number(n)) => n.is_i64() || n.is_u64(),
            _ => false,
        };
        let echo = if id_ok { raw_id.clone().unwrap_or(Value::Null) } else { Value::Null };
        if !obj.contains_key("method") && (obj.contains_key("result") || obj.contains_key("error"))
        {
            // A response: this server never sends requests, so there is nothing to match.
            self.log("ignored a response from the client (this server sends no requests)");
            return None;
        }
        if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
            let e =
                RpcError::new(code::INVALID_REQUEST, "`jsonrpc` must be the string \"2.0\"".into());
            return Some(Out::Json(self.error_reply(&echo, e)));
        }
        let Some(Value::String(method)) = obj.remove("method") else {
            let e = RpcError::new(code::INVALID_REQUEST, "`method` must be a string".into());
            return Some(Out::Json(self.error_reply(&echo, e)));
        };
        let params = match obj.remove("params") {
            None => None,
            Some(Value::Object(p)) => Some(p),
            Some(Value::Array(_)) => {
                let e = RpcError::invalid_params(format!(
                    "`params` of {method} must be an object, not an array"
                ));
                return Some(Out::Json(self.error_reply(&echo, e)));
            }
            Some(_) => {
                let e = RpcError::new(
                    code::INVALID_REQUEST,
                    "`params` must be an object when present".into(),
                );
                return Some(Out::Json(self.error_reply(&echo, e)));
            }
        };
        match raw_id {
            None => {
                self.summary.notifications += 1;
                self.notification(&method);
                None
            }
            Some(_) if !id_ok => {
                let e = RpcError::new(
                    code::INVALID_REQUEST,
                    "`id` must be a string or an integer (MCP forbids null ids)".into(),
                );
                Some(Out::Json(self.error_reply(&Value::Null, e)))
            }
            Some(id) => {
                self.summary.requests += 1;
                match self.request(&method, params.as_ref(), in_batch) {
                    Ok(Answer::Json(result)) => {
                        Some(Out::Json(json!({ "jsonrpc": "2.0", "id": id, "result": result })))
                    }
                    Ok(Answer::Raw(result)) => {
                        let r = RawResponse { jsonrpc: "2.0", id: &id, result: &result };
                        match serde_json::to_vec(&r) {
                            Ok(bytes) => Some(Out::Bytes(bytes)),
                            Err(e) => Some(Out::Json(self.error_reply(
                                &id,
                                RpcError::new(code::INTERNAL_ERROR, format!("cannot render: {e}")),
                            ))),
                        }
                    }
                    Err(e) => Some(Out::Json(self.error_reply(&id, e))),
                }
            }
        }
    }

    fn notification(&mut self, method: &str) {
        match (method, &mut self.era) {
            ("notifications/initialized", Era::Handshake { initialized, .. }) => {
                *initialized = true;
            }
            ("notifications/initialized", _) => {
                self.log("ignored notifications/initialized: no `initialize` was answered");
            }
            // Requests are answered before the next message is read, so there is never
            // anything left to cancel; other notifications are ignored, as the spec asks.
            _ => {}
        }
    }

    /// The result of one request.
    fn request(
        &mut self,
        method: &str,
        params: Option<&Map<String, Value>>,
        in_batch: bool,
    ) -> std::result::Result<Answer, RpcError> {
        if method == "initialize" {
            return self.initialize(params, in_batch).map(Answer::Json);
        }
        let enveloped = params
            .and_then(|p| p.get("_meta"))
            .and_then(Value::as_object)
            .is_some_and(|m| m.contains_key(META_PROTOCOL_VERSION));
        if enveloped {
            if let Era::Handshake { version, .. } = self.era {
                return Err(RpcError::new(
                    code::INVALID_REQUEST,
                    format!(
                        "this connection negotiated protocol version {} with `initialize`; \
                         requests carrying the 2026-07-28 `_meta` envelope are not accepted on it",
                        version.as_str()
                    ),
                ));
            }
            self.envelope(params)?;
            self.era = Era::Modern;
            return match method {
                "server/discover" => Ok(Answer::Json(modern(Session::discover()))),
                "tools/list" => {
                    Ok(Answer::Json(modern(self.tools_list(Version::V2026_07_28, params)?)))
                }
                "tools/call" => self.tools_call(Version::V2026_07_28, params),
                "ping" => Err(not_found(method, " (ping was removed in 2026-07-28)")),
                _ => Err(not_found(method, "")),
            };
        }
        let handshake = match self.era {
            Era::Handshake { version, .. } => Some(version),
            _ => None,
        };
        let missing_envelope = || {
            RpcError::invalid_params(format!(
                "{method} needs `params._meta` with `{META_PROTOCOL_VERSION}` and \
                 `{META_CLIENT_CAPABILITIES}` (protocol 2026-07-28), or an `initialize` handshake \
                 first (protocol {})",
                Version::names(false).join(", ")
            ))
        };
        match (method, handshake) {
            ("ping", _) if self.era == Era::Modern => {
                Err(not_found(method, " (ping was removed in 2026-07-28)"))
            }
            ("ping", _) => Ok(Answer::Json(json!({}))),
            ("tools/list", Some(v)) => self.tools_list(v, params).map(Answer::Json),
            ("tools/call", Some(v)) => self.tools_call(v, params),
            ("server/discover", Some(v)) => {
                Err(not_found(method, &format!(" in protocol version {}", v.as_str())))
            }
            ("tools/list" | "tools/call" | "server/discover", None) => Err(missing_envelope()),
            _ => Err(not_found(method, "")),
        }
    }

    fn initialize(
        &mut self,
        params: Option<&Map<String, Value>>,
        in_batch: bool,
    ) -> std::result::Result<Value, RpcError> {
        let requested = params.and_then(|p| p.get("protocolVersion"));
        if self.era == Era::Modern {
            return Err(RpcError::new(
                code::UNSUPPORTED_PROTOCOL_VERSION,
                "this connection speaks protocol version 2026-07-28, which has no `initialize` \
                 handshake"
                    .into(),
            )
            .with_data(json!({
                "supported": Version::names(true),
                "requested": requested.cloned().unwrap_or(Value::Null),
            })));
        }
        if in_batch {
            return Err(RpcError::new(
                code::INVALID_REQUEST,
                "`initialize` must not be part of a JSON-RPC batch".into(),
            ));
        }
        if let Era::Handshake { version, .. } = self.era {
            return Err(RpcError::new(
                code::INVALID_REQUEST,
                format!(
                    "this connection is already initialized (protocol version {})",
                    version.as_str()
                ),
            ));
        }
        let Some(Value::String(requested)) = requested else {
            return Err(RpcError::invalid_params(
                "`initialize` needs `params.protocolVersion` (a string)".into(),
            ));
        };
        for field in ["capabilities", "clientInfo"] {
            if params.and_then(|p| p.get(field)).is_some_and(|v| !v.is_object()) {
                return Err(RpcError::invalid_params(format!("`{field}` must be an object")));
            }
        }
        let version = Version::parse(requested)
            .filter(|v| !v.is_modern())
            .unwrap_or(Version::LATEST_HANDSHAKE);
        self.era = Era::Handshake { version, initialized: false };
        Ok(json!({
            "protocolVersion": version.as_str(),
            "capabilities": { "tools": { "listChanged": false } },
            "serverInfo": server_info(),
            "instructions": INSTRUCTIONS,
        }))
    }

    /// Check the 2026-07-28 envelope of a request.
    fn envelope(&self, params: Option<&Map<String, Value>>) -> std::result::Result<(), RpcError> {
        let meta = params.and_then(|p| p.get("_meta")).and_then(Value::as_object);
        let Some(meta) = meta else {
            return Err(RpcError::invalid_params("`params._meta` must be an object".into()));
        };
        let missing: Vec<&str> = [META_PROTOCOL_VERSION, META_CLIENT_CAPABILITIES]
            .into_iter()
            .filter(|k| !meta.contains_key(*k))
            .collect();
        if !missing.is_empty() {
            return Err(RpcError::invalid_params(format!(
                "`params._meta` lacks the required key(s) {}",
                missing.join(", ")
            )));
        }
        let Some(requested) = meta.get(META_PROTOCOL_VERSION).and_then(Value::as_str) else {
            return Err(RpcError::invalid_params(format!(
                "`{META_PROTOCOL_VERSION}` must be a string"
            )));
        };
        if Version::parse(requested).is_some_and(Version::is_modern) {
            return Ok(());
        }
        // Before the era is fixed, a handshake revision is still reachable with `initialize`.
        let supported = if self.era == Era::Modern {
            Version::names(true)
        } else {
            Version::ALL.into_iter().map(Version::as_str).collect()
        };
        Err(RpcError::new(
            code::UNSUPPORTED_PROTOCOL_VERSION,
            format!("protocol version {requested:?} is not supported in the `_meta` envelope"),
        )
        .with_data(json!({ "supported": supported, "requested": requested })))
    }

    fn discover() -> Value {
        json!({
            "supportedVersions": Version::names(true),
            "capabilities": { "tools": { "listChanged": false } },
            "serverInfo": server_info(),
            "instructions": INSTRUCTIONS,
            "ttlMs": LIST_TTL_MS,
            "cacheScope": "private",
        })
    }

    fn offered(&self) -> impl Iterator<Item = &'static ToolDef> + use<> {
        let human = self.opts.human_decisions;
        TOOLS.iter().filter(move |t| human || !t.human)
    }

    fn tools_list(
        &mut self,
        v: Version,
        params: Option<&Map<String, Value>>,
    ) -> std::result::Result<Value, RpcError> {
        if let Some(c) = params.and_then(|p| p.get("cursor"))
            && !c.is_null()
        {
            return Err(RpcError::invalid_params(
                "invalid `cursor`: this server lists every tool in one page and issues no cursors"
                    .into(),
            ));
        }
        let tools: Vec<Value> = self.offered().map(|t| t.describe(v)).collect();
        let mut out = json!({ "tools": tools });
        if v.is_modern() {
            out["ttlMs"] = LIST_TTL_MS.into();
            out["cacheScope"] = "private".into();
        }
        Ok(out)
    }

    /// A `tools/call` result (with the 2026-07-28 fields when `v` is that revision).
    fn tools_call(
        &mut self,
        v: Version,
        params: Option<&Map<String, Value>>,
    ) -> std::result::Result<Answer, RpcError> {
        let Some(params) = params else {
            return Err(RpcError::invalid_params(
                "tools/call needs `params` with `name` and `arguments`".into(),
            ));
        };
        let Some(name) = params.get("name").and_then(Value::as_str) else {
            return Err(RpcError::invalid_params("`name` must be a string naming a tool".into()));
        };
        let empty = Map::new();
        let args = match params.get("arguments") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(m)) => m,
            Some(_) => {
                return Err(RpcError::invalid_params("`arguments` must be an object".into()));
            }
        };
        let Some(def) = self.offered().find(|t| t.name == name) else {
            let offered: Vec<&str> = self.offered().map(|t| t.name).collect();
            let why = if TOOLS.iter().any(|t| t.name == name && t.human) {
                format!(
                    "the tool {name} is not offered: `[mcp] human_decisions` is false (an agent \
                     must not approve its own requests)"
                )
            } else {
                format!("unknown tool {name:?}")
            };
            return Err(RpcError::invalid_params(why).with_data(json!({ "tools": offered })));
        };
        self.summary.tool_calls += 1;
        let outcome = if let Err(msg) = validate(def, args) {
            Err(ToolError::new("invalid_arguments", msg))
        } else {
            let a = Args(args);
            catch_unwind(AssertUnwindSafe(|| (def.run)(self, &a))).unwrap_or_else(|_| {
                Err(ToolError::new(
                    "internal",
                    "the tool failed unexpectedly; nothing was decided".into(),
                ))
            })
        };
        Ok(match outcome {
            Ok(structured) => Answer::Raw(tool_result(v, &structured)?),
            Err(e) => {
                self.summary.tool_errors += 1;
                if e.logged {
                    self.log(&format!("{name}: {}", e.message));
                }
                let mut s = Map::new();
                s.insert("error".into(), json!({ "code": e.code, "message": e.message }));
                if def.name == "check_permission" {
                    // Fail closed, and say so where a program looks.
                    s.insert("decision".into(), "deny".into());
                }
                s.extend(e.extra);
                let text = match def.name {
                    "check_permission" => {
                        format!("error: {} (treat this as deny: do not run the action)", e.message)
                    }
                    _ => format!("error: {}", e.message),
                };
                let mut r = Map::new();
                r.insert("content".into(), json!([{ "type": "text", "text": text }]));
                if v.structured() {
                    r.insert("structuredContent".into(), Value::Object(s));
                }
                r.insert("isError".into(), true.into());
                let r = Value::Object(r);
                Answer::Json(if v.is_modern() { modern(r) } else { r })
            }
        })
    }
}

impl Session<'_> {
    /// The configuration cache, its files looked at once per message.
    fn config_cache(&mut self) -> Result<&ConfigCache> {
        if !self.config_fresh || self.config.is_none() {
            ConfigCache::current(&mut self.config, &self.backend.sources)?;
            self.config_fresh = true;
        }
        self.config.as_ref().ok_or_else(|| Error::Invalid("no configuration was loaded".into()))
    }

    /// Record the last call's synced events in HEAD and the witness, and release the store
    /// lock: after the call is answered (or before the next store access of the same message).
    /// The events are durable already; a HEAD that fails to be written is behind, which the
    /// next opening of the store recovers from the journal (the lines' MACs vouch for them),
    /// so the failure is logged and the cached engine dropped, and the answer stands.
    fn publish(&mut self) {
        let Some(u) = self.unpublished.take() else { return };
        if let Err(e) = u.publisher.publish(&u.tail) {
            self.engine_cache = None;
            self.log(&format!(
                "could not record the journal's end in HEAD (the next call recovers it from the \
                 journal): {e}"
            ));
        }
        drop(u.lock);
    }
}

/// An MCP connection's way into the store: its own configuration cache, and the engine's
/// loaded state kept between calls (after a clean call only: after an error the next call
/// starts afresh from the store).
impl ops::Access for Session<'_> {
    fn now(&mut self) -> Result<DateTime<Utc>> {
        (self.backend.clock)()
    }

    fn config(&mut self) -> Result<Arc<cfg::Config>> {
        self.config_cache().map(ConfigCache::config)
    }

    fn loaded(&mut self) -> Result<Loaded> {
        self.config_cache().map(|c| c.loaded().clone())
    }

    fn store(&self) -> &Store {
        &self.backend.store
    }

    fn user_config_file(&self) -> Option<std::path::PathBuf> {
        self.backend.sources.user_file.clone()
    }

    fn with_engine<T>(
        &mut self,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Engine) -> Result<T>,
    ) -> Result<T> {
        self.publish();
        let config = ops::Access::config(self)?;
        let durable = config.journal.durability == cfg::Durability::Fsync;
        let cache = &mut self.engine_cache;
        let mut engine = Engine::open_cached(
            &self.backend.store,
            config,
            self.opts.wait,
            &mut |_| {},
            now,
            || cache.take(),
        )?;
        engine.set_fallback(self.fallback.clone());
        // The call's events are synced once, after all of its work (the device writes them
        // meanwhile), and before it is answered or the store lock is released.
        if durable {
            engine.defer_durability(true);
        }
        let opened_at = engine.last_seq();
        let out = f(&mut engine);
        engine.set_fallback(None);
        let fin = engine.take_apart(out.is_ok());
        let owed = durable && fin.tail.seq > opened_at;
        if owed {
            // A failed sync answers the call with the error, never its verdict; the next call
            // opens the store from disk, recovering the lines past HEAD.
            fin.publisher.sync(&fin.tail)?;
        }
        if out.is_ok() && fin.error.is_none() {
            self.engine_cache = fin.cache;
        }
        if owed {
            // Durable now: HEAD records it once the call is answered, the lock held till then.
            let (lock, publisher, tail) = (fin.lock, fin.publisher, fin.tail);
            self.unpublished = Some(Unpublished { lock, publisher, tail });
        } else {
            drop(fin.lock);
        }
        out
    }

    fn with_journal<T>(&mut self, f: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
        self.publish();
        let lock = self.backend.store.lock(self.opts.wait, &mut |_| {})?;
        let out = f(&self.backend.store.path(layout::JOURNAL));
        drop(lock);
        out
    }
}

fn not_found(method: &str, why: &str) -> RpcError {
    RpcError::new(code::METHOD_NOT_FOUND, format!("method not found: {method}{why}"))
        .with_data(json!({ "method": method }))
}

/// Add the 2026-07-28 result fields: `resultType` and the server-info stamp.
fn modern(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert("resultType".into(), "complete".into());
        m.insert("_meta".into(), json!({ META_SERVER_INFO: server_info() }));
    }
    v
}

/// A successful `CallToolResult` for revision `v`, serialized: a text block (the JSON of the
/// structured content, as the spec recommends for older clients) and, from 2025-06-18,
/// `structuredContent` made of the same bytes (serialized once); from 2026-07-28 also
/// `resultType` and the server-info stamp.
fn tool_result(v: Version, structured: &Value) -> std::result::Result<Box<RawValue>, RpcError> {
    let render = |e: serde_json::Error| {
        RpcError::new(code::INTERNAL_ERROR, format!("cannot render the tool's result: {e}"))
    };
    let text = serde_json::to_string(structured).map_err(render)?;
    let raw = if v.structured() {
        Some(RawValue::from_string(text.clone()).map_err(render)?)
    } else {
        None
    };
    let modern = v.is_modern();
    let result = CallResult {
        content: [TextBlock { kind: "text", text: &text }],
        structured: raw.as_deref(),
        is_error: false,
        result_type: modern.then_some("complete"),
        meta: modern.then(|| json!({ META_SERVER_INFO: server_info() })),
    };
    serde_json::value::to_raw_value(&result).map_err(render)
}

/// A `CallToolResult`, in the order its fields were always written.
#[derive(Serialize)]
struct CallResult<'a> {
    content: [TextBlock<'a>; 1],
    #[serde(rename = "structuredContent", skip_serializing_if = "Option::is_none")]
    structured: Option<&'a RawValue>,
    #[serde(rename = "isError")]
    is_error: bool,
    #[serde(rename = "resultType", skip_serializing_if = "Option::is_none")]
    result_type: Option<&'static str>,
    #[serde(rename = "_meta", skip_serializing_if = "Option::is_none")]
    meta: Option<Value>,
}

/// A text content block.
#[derive(Serialize)]
struct TextBlock<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
}

/// A tool's failure, returned as an `isError` result.
#[derive(Debug)]
struct ToolError {
    code: &'static str,
    message: String,
    extra: Map<String, Value>,
    /// Worth a line on standard error (a store problem, not a caller's mistake).
    logged: bool,
}

impl ToolError {
    fn new(code: &'static str, message: String) -> ToolError {
        ToolError { code, message, extra: Map::new(), logged: false }
    }
}

impl From<Error> for ToolError {
    fn from(e: Error) -> ToolError {
        let msg = e.chain();
        match &e {
            Error::InvalidRequest { .. } | Error::Invalid(_) | Error::Json { .. } => {
                ToolError::new("invalid_arguments", msg)
            }
            Error::NotFound(_) => ToolError::new("not_found", msg),
            Error::ChallengeRefused { id, reason, .. } => {
                let mut t = ToolError::new("challenge_refused", msg);
                t.extra.insert("challenge_id".into(), id.as_str().into());
                t.extra.insert("refusal".into(), reason.as_str().into());
                t
            }
            Error::LockBusy { .. } => ToolError::new(
                "store_busy",
                format!("{msg} (the server was started with --no-wait)"),
            ),
            Error::Config { .. } | Error::UnknownConfigKey { .. } => {
                ToolError { logged: true, ..ToolError::new("config_error", msg) }
            }
            _ => ToolError { logged: true, ..ToolError::new("store_error", msg) },
        }
    }
}

type ToolOutcome = std::result::Result<Value, ToolError>;

fn to_value<T: Serialize>(v: &T) -> ToolOutcome {
    serde_json::to_value(v).map_err(|e| ToolError::new("internal", format!("cannot render: {e}")))
}

/// The type of a tool argument.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Str,
    /// An integer in `0..=max`.
    Int(u64),
    Bool,
    /// Dollars: a number or a decimal string.
    Money,
    Choice(&'static [&'static str]),
}

/// One argument of a tool.
#[derive(Debug)]
struct Param {
    name: &'static str,
    kind: Kind,
    required: bool,
    description: &'static str,
}

const fn req(name: &'static str, description: &'static str) -> Param {
    Param { name, kind: Kind::Str, required: true, description }
}

const fn opt(name: &'static str, description: &'static str) -> Param {
    Param { name, kind: Kind::Str, required: false, description }
}

const fn typed(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param { name, kind, required: false, description }
}

/// One tool: its schema and the function that runs it.
struct ToolDef {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    params: &'static [Param],
    read_only: bool,
    /// Offered only with `[mcp] human_decisions = true`.
    human: bool,
    output: fn() -> Value,
    run: fn(&mut Session<'_>, &Args<'_>) -> ToolOutcome,
}

impl ToolDef {
    fn input_schema(&self) -> Value {
        let mut props = Map::new();
        for p in self.params {
            let mut s = match p.kind {
                Kind::Str => json!({ "type": "string" }),
                Kind::Int(max) => json!({ "type": "integer", "minimum": 0, "maximum": max }),
                Kind::Bool => json!({ "type": "boolean" }),
                Kind::Money => json!({ "type": ["number", "string"], "minimum": 0 }),
                Kind::Choice(c) => json!({ "type": "string", "enum": c }),
            };
            s["description"] = p.description.into();
            props.insert(p.name.into(), s);
        }
        let required: Vec<&str> =
            self.params.iter().filter(|p| p.required).map(|p| p.name).collect();
        json!({
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": false,
        })
    }

    fn describe(&self, v: Version) -> Value {
        let mut t = Map::new();
        t.insert("name".into(), self.name.into());
        if v.structured() {
            t.insert("title".into(), self.title.into());
        }
        t.insert("description".into(), self.description.into());
        t.insert("inputSchema".into(), self.input_schema());
        if v.structured() {
            t.insert("outputSchema".into(), (self.output)());
        }
        if v.annotations() {
            t.insert(
                "annotations".into(),
                json!({
                    "title": self.title,
                    "readOnlyHint": self.read_only,
                    "destructiveHint": false,
                    "idempotentHint": self.read_only,
                    "openWorldHint": false,
                }),
            );
        }
        Value::Object(t)
    }
}

/// Check `args` against the tool's parameters; the message names the first problem.
fn validate(def: &ToolDef, args: &Map<String, Value>) -> std::result::Result<(), String> {
    for k in args.keys() {
        if !def.params.iter().any(|p| p.name == k) {
            let known: Vec<&str> = def.params.iter().map(|p| p.name).collect();
            return Err(format!(
                "{} takes no argument `{k}` (it takes: {})",
                def.name,
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ));
        }
    }
    for p in def.params {
        let v = match args.get(p.name) {
            None | Some(Value::Null) if p.required => {
                return Err(format!("{} needs the argument `{}`", def.name, p.name));
            }
            None | Some(Value::Null) => continue,
            Some(v) => v,
        };
        let ok = match p.kind {
            Kind::Str => v.is_string(),
            Kind::Int(max) => v.as_u64().is_some_and(|n| n <= max),
            Kind::Bool => v.is_boolean(),
            Kind::Money => v.is_string() || v.as_f64().is_some_and(|f| f >= 0.0),
            Kind::Choice(c) => v.as_str().is_some_and(|s| c.contains(&s)),
        };
        if !ok {
            let want = match p.kind {
                Kind::Str => "a string".to_string(),
                Kind::Int(max) => format!("an integer from 0 to {max}"),
                Kind::Bool => "true or false".to_string(),
                Kind::Money => "dollars as a number or a string such as \"0.0123\"".to_string(),
                Kind::Choice(c) => format!("one of {}", c.join(", ")),
            };
            return Err(format!("`{}` must be {want}, got {v}", p.name));
        }
    }
    Ok(())
}

/// Validated arguments of one call.
struct Args<'a>(&'a Map<String, Value>);

impl Args<'_> {
    /// A string argument, or `""`.
    fn s(&self, name: &str) -> &str {
        self.0.get(name).and_then(Value::as_str).unwrap_or_default()
    }

    /// A string argument that was given (and not empty).
    fn opt(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str).filter(|s| !s.is_empty())
    }

    fn u64(&self, name: &str, default: u64) -> u64 {
        self.0.get(name).and_then(Value::as_u64).unwrap_or(default)
    }

    fn bool(&self, name: &str) -> bool {
        self.0.get(name).and_then(Value::as_bool).unwrap_or(false)
    }

    /// `organization_id`, default `default`.
    fn org(&self) -> &str {
        self.opt("organization_id").unwrap_or("default")
    }

    /// The request named by the usual arguments.
    fn request(&self) -> Request {
        let mut r = Request::new(self.s("tool"), self.s("action"), self.s("scope"));
        r.org = self.org().to_string();
        r.project = self.s("project").to_string();
        r.session = self.s("session_id").to_string();
        r.task = self.s("task_id").to_string();
        r.content_hash = self.s("content_hash").to_string();
        r.runtime = "mcp".to_string();
        r
    }
}

const TOOL: Param = req("tool", "Tool family: shell, filesystem, web, database, mcp, …");
const ACTION: Param = req("action", "What the tool does: execute, read, write, delete, fetch, …");
const SCOPE: Param = req("scope", "The target: a whole command line, a path or a URL");
const SESSION: Param = opt(
    "session_id",
    "Agent session id (rate limit, session memory and risk budget are per session)",
);
const TASK: Param = opt("task_id", "Task id (task grants apply per task)");
const ORG: Param = opt("organization_id", "Organisation (default: default)");
const PROJECT: Param = opt("project", "Project within the organisation");
const CONTENT_HASH: Param = opt("content_hash", "Hash of the content a write would produce");

const DECISION_DOC: &str = "Unsafe, and therefore offered only when the store's configuration \
    says `[mcp] human_decisions = true`: an agent holding this tool can present the very \
    challenge its own check_permission call just received (a relay), so the \"human decision\" \
    would come from the model and learning would soon auto-approve whatever it asked. Enable it \
    only when a human, not the model, drives this MCP client. The decision is journaled with \
    channel `mcp`; the challenge must be bound to exactly the request named here, unused and \
    unexpired.";

const REVOKE_DOC: &str = "Cancel every earlier human decision that a pattern covers (a glob \
    over the exact scopes and learned patterns of one tool and action, as get_permission_patterns \
    lists them); the decisions stay in the journal but no longer count, so matching requests are \
    asked about again. Unsafe, and therefore offered only when the store's configuration says \
    `[mcp] human_decisions = true`: an agent holding this tool can erase what humans taught, \
    including learned denials. `dry_run` shows what would be cancelled and changes nothing.";

const HUMAN_PARAMS: &[Param] = &[
    req("challenge_id", "The challenge id (`ch_…`) of the check being decided"),
    req("decided_by", "Who decides (a person's name)"),
    opt("reason", "Why (journaled)"),
    TOOL,
    ACTION,
    SCOPE,
    SESSION,
    TASK,
    ORG,
    PROJECT,
    CONTENT_HASH,
];

/// Every tool, in the order `tools/list` shows them.
static TOOLS: [ToolDef; 15] = [
    ToolDef {
        name: "check_permission",
        title: "Check permission",
        description: "Decide allow, deny or ask for one tool call before making it, and journal \
            the check. Run the action only when `decision` is `allow`. On `ask`, stop and show \
            the human `challenge_id`: a human approves or denies it outside this server \
            (`aiperture approve <id>`), then check again. On `deny`, do not run it. An error \
            result means deny. The verdict says which step decided (`decided_by`), why \
            (`reason`), the risk (tier, score, factors) and what the action would do \
            (`explanation`).",
        params: &[TOOL, ACTION, SCOPE, SESSION, TASK, ORG, PROJECT, CONTENT_HASH],
        read_only: false,
        human: false,
        output: schema_check,
        run: t_check,
    },
    ToolDef {
        name: "explain_action",
        title: "Explain an action",
        description: "Say in plain words what a tool call would do, part by part (a shell \
            command is parsed into every simple command it runs, through pipes, substitutions \
            and wrappers such as sudo or bash -c), with the risk of each part. Decides and \
            journals nothing.",
        params: &[TOOL, ACTION, SCOPE],
        read_only: true,
        human: false,
        output: schema_explain,
        run: t_explain,
    },
    ToolDef {
        name: "get_permission_patterns",
        title: "Learned permission patterns",
        description: "What aiperture learned from human decisions: one entry per pattern with \
            its approvals, denials, approval rate and status (auto_allow, auto_deny, asking, \
            split, expired, disabled).",
        params: &[
            ORG,
            typed(
                "min_decisions",
                Kind::Int(1_000_000),
                "Only patterns with at least this many counted decisions (default 0: all)",
            ),
        ],
        read_only: true,
        human: false,
        output: schema_patterns,
        run: t_patterns,
    },
    ToolDef {
        name: "list_auto_approved_patterns",
        title: "Auto-approved patterns",
        description: "The learned patterns that currently allow without asking (status \
            auto_allow), with the thresholds in force. HIGH and CRITICAL requests are never \
            allowed by learning, even when their pattern is listed.",
        params: &[ORG],
        read_only: true,
        human: false,
        output: schema_auto_approved,
        run: t_auto_approved,
    },
    ToolDef {
        name: "report_tool_execution",
        title: "Report a tool execution",
        description: "Journal that a tool ran (or failed) after its check, for the compliance \
            report. The report is the agent's own claim and is journaled with channel `mcp`.",
        params: &[
            TOOL,
            ACTION,
            SCOPE,
            SESSION,
            TASK,
            ORG,
            PROJECT,
            CONTENT_HASH,
            typed(
                "status",
                Kind::Choice(&["ok", "failed"]),
                "Whether the tool succeeded (default ok)",
            ),
        ],
        read_only: false,
        human: false,
        output: schema_execution,
        run: t_execution,
    },
    ToolDef {
        name: "get_compliance_report",
        title: "Compliance report",
        description: "Did every reported execution have an allow first? An execution is \
            covered when the latest verdict or human decision for the same request in the same \
            session, journaled before it, was allow; anything else is listed as a violation.",
        params: &[opt("session_id", "Only this session")],
        read_only: true,
        human: false,
        output: schema_compliance,
        run: t_compliance,
    },
    ToolDef {
        name: "store_artifact",
        title: "Store an artifact",
        description: "Store an agent output (text) as a content-addressed artifact with what it \
            cost, and journal it. The artifact id is the SHA-256 of the content. Messages are \
            limited to 1 MiB per line, so larger content must be stored with `aiperture \
            artifact store`.",
        params: &[
            req("content", "The content (UTF-8 text)"),
            opt(
                "artifact_type",
                "Kind of output: tool_call, tool_response, llm_response, file, message or custom (default custom)",
            ),
            opt("task_id", "Task that produced it"),
            opt("tool_name", "Tool that produced it"),
            opt("summary", "One-line summary"),
            SESSION,
            ORG,
            typed("tokens_input", Kind::Int(u64::MAX), "Input tokens"),
            typed("tokens_output", Kind::Int(u64::MAX), "Output tokens"),
            typed("cost_usd", Kind::Money, "Cost in US dollars, at most 6 decimals (kept exactly)"),
            opt("model_used", "Model used"),
            opt("provider_used", "Provider used"),
        ],
        read_only: false,
        human: false,
        output: schema_stored,
        run: t_store,
    },
    ToolDef {
        name: "verify_artifact",
        title: "Verify an artifact",
        description: "Re-hash a stored artifact's object and say whether it is intact \
            (verified), missing or modified.",
        params: &[req(
            "artifact_id",
            "Artifact id: its SHA-256 digest, or a unique prefix of at least 8 hex digits",
        )],
        read_only: true,
        human: false,
        output: schema_verify_artifact,
        run: t_verify_artifact,
    },
    ToolDef {
        name: "get_cost_summary",
        title: "Cost summary",
        description: "Sum artifacts, tokens and cost (exact micro-dollars), optionally for one \
            task or organisation and grouped by provider, model or task.",
        params: &[
            opt("task_id", "Only this task"),
            opt("organization_id", "Only this organisation"),
            typed("by", Kind::Choice(&["provider", "model", "task"]), "Group by"),
        ],
        read_only: true,
        human: false,
        output: schema_costs,
        run: t_costs,
    },
    ToolDef {
        name: "get_audit_trail",
        title: "Audit trail",
        description: "The newest journal events that match, oldest first, each with its hash.",
        params: &[
            opt(
                "event_type",
                "Event kind: check, decision, grant, artifact, execution, config, policy, recovered",
            ),
            opt("session_id", "Session of the request"),
            opt("tool", "Tool of the request"),
            typed("decision", Kind::Choice(&["allow", "deny", "ask"]), "Verdict or human decision"),
            opt("since", "Only events at or after this time (RFC 3339)"),
            opt("until", "Only events at or before this time (RFC 3339)"),
            typed("limit", Kind::Int(MAX_AUDIT_EVENTS), "At most this many events (default 20)"),
        ],
        read_only: true,
        human: false,
        output: schema_audit,
        run: t_audit,
    },
    ToolDef {
        name: "verify_chain",
        title: "Verify the journal",
        description: "Re-hash every journal event from the bytes on disk, check every link, \
            the sequence numbers, each line's MAC and HEAD's MAC, and report each problem as \
            its own finding (torn_write, parse_error, broken_link, hash_mismatch, seq_gap, \
            mac_mismatch, head_mismatch). \
            `intact` is false when the journal was tampered with or damaged.",
        params: &[opt(
            "expect_head",
            "A head hash recorded earlier (64 hex digits) that the journal must contain",
        )],
        read_only: true,
        human: false,
        output: schema_verify_chain,
        run: t_verify_chain,
    },
    ToolDef {
        name: "get_config",
        title: "Configuration",
        description: "Every configuration value in force and where it comes from; credentials \
            (keys ending in `_key`) are redacted. No tool changes configuration.",
        params: &[],
        read_only: true,
        human: false,
        output: schema_config,
        run: t_config,
    },
    ToolDef {
        name: "approve_action",
        title: "Approve a pending request (human decision)",
        description: DECISION_DOC,
        params: HUMAN_PARAMS,
        read_only: false,
        human: true,
        output: schema_decision,
        run: t_approve,
    },
    ToolDef {
        name: "deny_action",
        title: "Deny a pending request (human decision)",
        description: DECISION_DOC,
        params: HUMAN_PARAMS,
        read_only: false,
        human: true,
        output: schema_decision,
        run: t_deny,
    },
    ToolDef {
        name: "revoke_permission_pattern",
        title: "Revoke a learned pattern (human decision)",
        description: REVOKE_DOC,
        params: &[
            TOOL,
            ACTION,
            req("pattern", "Glob over exact scopes and learned patterns, e.g. `git push*`"),
            req("revoked_by", "Who revokes (a person's name)"),
            opt("reason", "Why (journaled)"),
            ORG,
            typed("dry_run", Kind::Bool, "Only report what would be cancelled"),
        ],
        read_only: false,
        human: true,
        output: schema_revoke,
        run: t_revoke,
    },
];

fn risk_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "tier": { "type": "string", "enum": ["low", "medium", "high", "critical"] },
            "score": { "type": "number" },
            "factors": { "type": "array", "items": { "type": "string" } },
            "reversible": { "type": "boolean" },
        },
        "required": ["tier", "score", "factors", "reversible"],
    })
}

fn request_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "tool": { "type": "string" },
            "action": { "type": "string" },
            "scope": { "type": "string" },
            "org": { "type": "string" },
            "project": { "type": "string" },
            "session": { "type": "string" },
            "task": { "type": "string" },
            "content_hash": { "type": "string" },
            "runtime": { "type": "string" },
        },
        "required": ["tool", "action", "scope", "org"],
    })
}

fn object(props: Value, required: &[&str]) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), "object".into());
    m.insert("properties".into(), props);
    m.insert("required".into(), required.iter().map(|r| Value::from(*r)).collect());
    Value::Object(m)
}

fn schema_check() -> Value {
    object(
        json!({
            "decision": { "type": "string", "enum": ["allow", "deny", "ask"] },
            "decided_by": { "type": "string" },
            "reason": { "type": "string" },
            "explanation": { "type": "string" },
            "next_step": { "type": "string" },
            "risk": risk_schema(),
            "challenge_id": { "type": ["string", "null"] },
            "challenge": {
                "type": ["object", "null"],
                "properties": {
                    "id": { "type": "string" },
                    "expires_at": { "type": "string" },
                },
            },
            "rule": { "type": ["object", "null"], "description": "The policy rule that decided" },
            "learned": {
                "type": ["object", "null"],
                "description": "The learned pattern that decided, with its statistics",
            },
            "grant": { "type": ["string", "null"], "description": "The task grant that decided" },
            "untrusted_allow_ignored": { "type": "boolean" },
            "untrusted_config_ignored": { "type": "array", "items": { "type": "string" } },
            "recommendation": {
                "type": "object",
                "properties": { "code": { "type": "string" }, "text": { "type": "string" } },
            },
            "not_learned": { "type": ["string", "null"] },
            "content_changed": { "type": "boolean" },
            "seq": { "type": "integer" },
            "request": request_schema(),
        }),
        &["decision", "decided_by", "reason", "explanation", "risk", "challenge_id", "seq"],
    )
}

fn schema_explain() -> Value {
    object(
        json!({
            "request": request_schema(),
            "explanation": { "type": "string" },
            "risk": risk_schema(),
            "parsed": { "type": "boolean" },
            "commands": { "type": "array", "items": { "type": "object" } },
        }),
        &["request", "explanation", "risk", "parsed", "commands"],
    )
}

fn pattern_schema() -> Value {
    object(
        json!({
            "tool": { "type": "string" },
            "action": { "type": "string" },
            "pattern": { "type": "string" },
            "org": { "type": "string" },
            "project": { "type": "string" },
            "normalized": { "type": "boolean" },
            "allows": { "type": "integer" },
            "denies": { "type": "integer" },
            "ignored": { "type": "integer" },
            "revoked": { "type": "integer" },
            "newest": { "type": "string" },
            "deciders": { "type": "array", "items": { "type": "string" } },
            "recent": { "type": "array", "items": { "type": "array" } },
            "effect": { "type": "object", "description": "What the decisions were about (reads, writes, …)" },
            "rate": { "type": "number" },
            "age_days": { "type": ["number", "null"] },
            "to_auto_allow": { "type": ["integer", "null"] },
            "status": { "type": "string" },
            "have": { "type": "integer" },
            "need": { "type": "integer" },
        }),
        &["tool", "action", "pattern", "allows", "denies", "rate", "status"],
    )
}

fn schema_patterns() -> Value {
    object(
        json!({
            "count": { "type": "integer" },
            "patterns": { "type": "array", "items": pattern_schema() },
        }),
        &["count", "patterns"],
    )
}

fn schema_auto_approved() -> Value {
    object(
        json!({
            "count": { "type": "integer" },
            "patterns": { "type": "array", "items": pattern_schema() },
            "learning_enabled": { "type": "boolean" },
            "threshold": object(
                json!({
                    "min_decisions": { "type": "integer" },
                    "approval_rate": { "type": "number" },
                }),
                &["min_decisions", "approval_rate"],
            ),
        }),
        &["count", "patterns", "learning_enabled", "threshold"],
    )
}

fn schema_execution() -> Value {
    object(
        json!({
            "recorded": { "type": "boolean" },
            "seq": { "type": "integer" },
            "status": { "type": "string", "enum": ["ok", "failed"] },
            "channel": { "type": "string" },
            "request": request_schema(),
        }),
        &["recorded", "seq", "status", "channel", "request"],
    )
}

fn schema_compliance() -> Value {
    object(
        json!({
            "executions": { "type": "integer" },
            "covered": { "type": "integer" },
            "coverage_percent": { "type": "number" },
            "violations": { "type": "array", "items": { "type": "object" } },
            "human_decisions_by_channel": { "type": "object" },
            "checks_by_decided_by": { "type": "object" },
        }),
        &["executions", "covered", "coverage_percent", "violations"],
    )
}

fn schema_stored() -> Value {
    object(
        json!({
            "artifact_id": { "type": "string" },
            "content_hash": { "type": "string" },
            "size": { "type": "integer" },
            "seq": { "type": "integer" },
            "type": { "type": "string" },
            "task": { "type": "string" },
            "cost_micros": { "type": "integer" },
            "cost_usd": { "type": "string" },
        }),
        &["artifact_id", "content_hash", "size", "seq"],
    )
}

fn schema_verify_artifact() -> Value {
    object(
        json!({
            "artifact_id": { "type": "string" },
            "ok": { "type": "boolean" },
            "verification_status": { "type": "string", "enum": ["verified", "missing", "modified"] },
            "checked": { "type": "integer" },
        }),
        &["artifact_id", "ok", "verification_status"],
    )
}

fn cost_row_schema() -> Value {
    object(
        json!({
            "key": { "type": "string" },
            "artifacts": { "type": "integer" },
            "tokens_in": { "type": "integer" },
            "tokens_out": { "type": "integer" },
            "cost_micros": { "type": "integer" },
            "cost_usd": { "type": "string" },
        }),
        &["key", "artifacts", "tokens_in", "tokens_out", "cost_micros", "cost_usd"],
    )
}

fn schema_costs() -> Value {
    object(
        json!({
            "by": { "type": ["string", "null"] },
            "task": { "type": ["string", "null"] },
            "total": cost_row_schema(),
            "groups": { "type": "array", "items": cost_row_schema() },
        }),
        &["total", "groups"],
    )
}

fn schema_audit() -> Value {
    object(
        json!({
            "count": { "type": "integer" },
            "events": {
                "type": "array",
                "items": object(
                    json!({ "hash": { "type": "string" }, "event": { "type": "object" } }),
                    &["hash", "event"],
                ),
            },
        }),
        &["count", "events"],
    )
}

fn schema_verify_chain() -> Value {
    object(
        json!({
            "intact": { "type": "boolean" },
            "events": { "type": "integer" },
            "authenticated": { "type": "integer" },
            "segments": { "type": "integer" },
            "last_seq": { "type": "integer" },
            "last_hash": { "type": "string" },
            "witness": {
                "type": "object",
                "description": "The store's witness in the user store, and what it showed",
            },
            "findings": {
                "type": "array",
                "items": object(
                    json!({ "kind": { "type": "string" }, "message": { "type": "string" } }),
                    &["kind", "message"],
                ),
            },
        }),
        &["intact", "events", "segments", "last_seq", "last_hash", "findings"],
    )
}

fn schema_config() -> Value {
    object(
        json!({
            "settings": { "type": "object" },
            "origins": { "type": "object", "additionalProperties": { "type": "string" } },
        }),
        &["settings", "origins"],
    )
}

fn schema_decision() -> Value {
    object(
        json!({
            "recorded": { "type": "boolean" },
            "decision": { "type": "string", "enum": ["allow", "deny"] },
            "challenge": { "type": "string" },
            "by": { "type": "string" },
            "rapid": { "type": "boolean" },
            "seq": { "type": "integer" },
            "request": request_schema(),
        }),
        &["recorded", "decision", "challenge", "by", "rapid", "seq"],
    )
}

fn schema_revoke() -> Value {
    object(
        json!({
            "revoked": { "type": "boolean" },
            "dry_run": { "type": "boolean" },
            "decisions": { "type": "integer" },
            "patterns": { "type": "array", "items": { "type": "object" } },
            "seq": { "type": ["integer", "null"] },
        }),
        &["revoked", "dry_run", "decisions", "patterns", "seq"],
    )
}

/// Client mode: the team server's verdict on `req`, or `None` when this store decides (client
/// mode off, this machine's self-protection refuses, or the server is away and
/// `remote.fallback = "local"`, which [`Session::fallback`] then records).
fn team_check(s: &mut Session<'_>, req: &Request) -> Result<Option<crate::engine::Verdict>> {
    let config = ops::Access::config(s)?;
    if !config.remote.enabled() {
        return Ok(None);
    }
    req.validate()?;
    if s.team.is_none() {
        let cwd = std::env::current_dir().ok();
        s.team = crate::remote::Team::new(&s.backend.store, &config, cwd.as_deref())?;
    }
    let Some(team) = &s.team else { return Ok(None) };
    team.decide(req, &mut s.fallback, |c| c.check(req))
}

fn t_check(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let req = a.request();
    s.fallback = None;
    let remote = team_check(s, &req);
    let (verdict, analysis) = match remote {
        // The server answers the verdict only; the analysis shown is this machine's.
        Ok(Some(verdict)) => (verdict, Some(ops::check::explain(s, &req, false)?.analysis)),
        Ok(None) => {
            let show = ops::check::Show { analysis: true, ..Default::default() };
            let checked = ops::check::check(s, &req, show);
            s.fallback = None;
            let checked = checked?;
            (checked.verdict, checked.analysis)
        }
        Err(e) => return Err(e.into()),
    };
    let verdict = &verdict;
    let mut out = match to_value(verdict)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    out.insert("challenge_id".into(), verdict.challenge.as_ref().map(|c| c.id.clone()).into());
    if let Some(analysis) = &analysis {
        out.insert("explanation".into(), ops::check::explanation(&req, analysis).into());
    }
    out.insert("next_step".into(), ops::check::next_step(verdict).into());
    out.insert("request".into(), to_value(&req)?);
    Ok(Value::Object(out))
}

fn t_explain(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let req = Request::new(a.s("tool"), a.s("action"), a.s("scope"));
    let analysis = ops::check::explain(s, &req, false)?.analysis;
    let mut out = match to_value(&analysis)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    out.insert("explanation".into(), ops::check::explanation(&req, &analysis).into());
    out.insert("request".into(), to_value(&req)?);
    Ok(Value::Object(out))
}

fn t_patterns(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let f = ops::learned::PatternFilter {
        org: a.opt("organization_id"),
        min_decisions: a.u64("min_decisions", 0),
        ..Default::default()
    };
    let patterns = ops::learned::patterns(s, &f)?.patterns;
    Ok(json!({ "count": patterns.len(), "patterns": to_value(&patterns)? }))
}

fn t_auto_approved(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let f = ops::learned::PatternFilter {
        org: a.opt("organization_id"),
        auto_allow: true,
        ..Default::default()
    };
    let found = ops::learned::patterns(s, &f)?;
    let learning = &found.learning;
    Ok(json!({
        "count": found.patterns.len(),
        "patterns": to_value(&found.patterns)?,
        "learning_enabled": learning.enabled,
        "threshold": {
            "min_decisions": learning.min_decisions,
            "approval_rate": learning.auto_approve_threshold,
        },
    }))
}

fn t_execution(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let req = a.request();
    let status = a.opt("status").unwrap_or("ok");
    let seq = ops::journal::report_execution(s, &req, status, "mcp")?;
    Ok(json!({
        "recorded": true,
        "seq": seq,
        "status": status,
        "channel": "mcp",
        "request": to_value(&req)?,
    }))
}

fn t_compliance(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    to_value(&ops::journal::compliance(s, a.opt("session_id"))?)
}

fn t_store(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let meta = ArtifactEvent {
        digest: String::new(),
        size: 0,
        task: a.s("task_id").to_string(),
        artifact_type: a.opt("artifact_type").unwrap_or("custom").to_string(),
        tool: a.s("tool_name").to_string(),
        summary: a.s("summary").to_string(),
        org: a.org().to_string(),
        session: a.s("session_id").to_string(),
        tokens_in: a.u64("tokens_input", 0),
        tokens_out: a.u64("tokens_output", 0),
        cost_micros: ops::artifacts::cost_value("`cost_usd`", a.0.get("cost_usd"))?,
        model: a.s("model_used").to_string(),
        provider: a.s("provider_used").to_string(),
    };
    let stored = ops::artifacts::store(s, a.s("content").as_bytes(), &meta)?;
    Ok(json!({
        "artifact_id": stored.event.digest,
        "content_hash": stored.event.digest,
        "size": stored.event.size,
        "seq": stored.seq,
        "type": stored.event.artifact_type,
        "task": stored.event.task,
        "cost_micros": stored.event.cost_micros,
        "cost_usd": format_usd(stored.event.cost_micros),
    }))
}

fn t_verify_artifact(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let (digest, report) = ops::artifacts::verify(s, Some(a.s("artifact_id")), false)?;
    let status = if !report.missing.is_empty() {
        "missing"
    } else if !report.modified.is_empty() {
        "modified"
    } else {
        "verified"
    };
    Ok(json!({
        "artifact_id": digest,
        "ok": report.ok(),
        "verification_status": status,
        "checked": report.checked,
    }))
}

fn t_costs(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let task = a.opt("task_id");
    let f = ops::artifacts::ArtifactFilter { task, org: a.opt("organization_id") };
    let by = a.opt("by");
    let report = ops::artifacts::costs(s, &f, by)?;
    let with_usd = |r: &crate::engine::report::CostRow| -> std::result::Result<Value, ToolError> {
        let mut v = to_value(r)?;
        if let Value::Object(m) = &mut v {
            m.insert("cost_usd".into(), format_usd(r.cost_micros).into());
        }
        Ok(v)
    };
    let total = with_usd(&report.total)?;
    let groups = report.groups.iter().map(with_usd).collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(json!({ "by": by, "task": task, "total": total, "groups": groups }))
}

fn t_audit(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let decision = a
        .opt("decision")
        .map(str::parse::<Decision>)
        .transpose()
        .map_err(|e| ToolError::new("invalid_arguments", format!("`decision`: {e}")))?;
    let filter = AuditFilter {
        kind: a.opt("event_type").map(str::to_string),
        session: a.opt("session_id").map(str::to_string),
        tool: a.opt("tool").map(str::to_string),
        decision,
        since: ops::parse_time("since", a.opt("since"))?,
        until: ops::parse_time("until", a.opt("until"))?,
        limit: a.u64("limit", 20).clamp(1, MAX_AUDIT_EVENTS) as usize,
    };
    let events = ops::journal::audit(s, &filter)?;
    Ok(json!({ "count": events.len(), "events": to_value(&events)? }))
}

fn t_verify_chain(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    let expected = match a.opt("expect_head") {
        Some(h) => vec![ops::journal::expected_hash("expect_head", h)?],
        None => Vec::new(),
    };
    to_value(&ops::journal::verify_chain(s, &expected, &mut |_| {})?)
}

fn t_config(s: &mut Session<'_>, _a: &Args<'_>) -> ToolOutcome {
    let mut settings = Map::new();
    let mut origins = Map::new();
    for e in ops::settings::list(s)? {
        settings.insert(e.key.clone(), serde_json::to_value(&e.value).unwrap_or(Value::Null));
        origins.insert(e.key, e.origin.to_string().into());
    }
    Ok(json!({ "settings": settings, "origins": origins }))
}

/// The tool set was fixed at start; the setting is re-read so turning it off acts at once.
fn human_decisions_enabled(s: &mut Session<'_>) -> std::result::Result<(), ToolError> {
    if ops::Access::config(s)?.mcp.human_decisions {
        Ok(())
    } else {
        Err(ToolError::new(
            "disabled",
            "`[mcp] human_decisions` is now false; human decisions go through `aiperture \
             approve|deny|revoke` or another human channel"
                .into(),
        ))
    }
}

fn decide(s: &mut Session<'_>, a: &Args<'_>, decision: Decision) -> ToolOutcome {
    human_decisions_enabled(s)?;
    let expect = a.request();
    let human = HumanDecision {
        id: a.s("challenge_id").trim(),
        decision,
        by: a.s("decided_by"),
        reason: a.s("reason"),
        channel: "mcp",
        expect: Some(&expect),
        inferred: false,
    };
    let rec = ops::human::record(s, &human)?;
    Ok(json!({
        "recorded": true,
        "decision": rec.decision,
        "challenge": rec.challenge,
        "by": a.s("decided_by"),
        "rapid": rec.rapid,
        "seq": rec.seq,
        "request": to_value(&rec.request)?,
    }))
}

fn t_approve(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    decide(s, a, Decision::Allow)
}

fn t_deny(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    decide(s, a, Decision::Deny)
}

fn t_revoke(s: &mut Session<'_>, a: &Args<'_>) -> ToolOutcome {
    human_decisions_enabled(s)?;
    let dry_run = a.bool("dry_run");
    let r = crate::engine::RevokeRequest {
        org: a.org(),
        tool: a.s("tool"),
        action: a.s("action"),
        pattern: a.s("pattern"),
        by: a.s("revoked_by"),
        reason: a.s("reason"),
    };
    let out = ops::human::revoke(s, &r, dry_run)?;
    Ok(json!({
        "revoked": !dry_run,
        "dry_run": dry_run,
        "decisions": out.decisions,
        "patterns": to_value(&out.patterns)?,
        "seq": out.seq,
    }))
}

/// The names of the tools offered with and without `[mcp] human_decisions`.
pub fn tool_names(human_decisions: bool) -> Vec<&'static str> {
    TOOLS.iter().filter(|t| human_decisions || !t.human).map(|t| t.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<String> {
        let mut r = io::Cursor::new(input.to_vec());
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            match read_line(&mut r, &mut buf).unwrap() {
                Line::Eof => break,
                Line::Text(t) => out.push(String::from_utf8(t).unwrap()),
                Line::TooLong(n) => out.push(format!("too long: {n}")),
            }
        }
        out
    }

    #[test]
    fn lines_are_split_limited_and_the_last_may_lack_a_newline() {
        assert_eq!(lines(b"a\r\nbc\n\nd"), ["a", "bc", "", "d"]);
        let mut big = vec![b'x'; MAX_LINE_BYTES + 1];
        big.extend_from_slice(b"\nok\n");
        assert_eq!(lines(&big), [format!("too long: {}", MAX_LINE_BYTES + 1), "ok".to_string()]);
        let exact = vec![b'y'; MAX_LINE_BYTES];
        assert_eq!(lines(&exact)[0].len(), MAX_LINE_BYTES);
    }

    #[test]
    fn versions_round_trip_and_say_what_they_allow() {
        for v in Version::ALL {
            assert_eq!(Version::parse(v.as_str()), Some(v));
        }
        assert!(Version::V2025_03_26.batches() && !Version::V2025_06_18.batches());
        assert!(!Version::V2025_03_26.structured() && Version::V2025_06_18.structured());
        assert_eq!(Version::names(true), ["2026-07-28"]);
        assert_eq!(Version::names(false).len(), 4);
    }

    #[test]
    fn every_tool_has_a_valid_schema_and_unique_name() {
        let mut names = std::collections::BTreeSet::new();
        for t in &TOOLS {
            assert!(names.insert(t.name), "duplicate {}", t.name);
            let s = t.input_schema();
            assert_eq!(s["type"], "object");
            assert_eq!((t.output)()["type"], "object");
            for r in s["required"].as_array().unwrap() {
                assert!(s["properties"].get(r.as_str().unwrap()).is_some());
            }
        }
        let names: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        assert_eq!(names, ops::MCP_TOOLS, "the tool list and ops::MCP_TOOLS must agree");
        assert_eq!(tool_names(false).len(), 12);
        assert_eq!(tool_names(true).len(), 15);
    }
}
