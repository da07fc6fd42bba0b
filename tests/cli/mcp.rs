//! `aiperture mcp-serve`: the MCP server driven over real pipes.
//!
//! Each test spawns the binary in a sealed [`TestEnv`] and writes JSON-RPC lines to its standard
//! input; a reader thread hands every line of standard output back, so a missing answer fails
//! the test after a timeout instead of hanging it. Every line the server writes must be one
//! JSON-RPC message (checked when the session closes). The conformance test runs the official
//! Python MCP SDK (tests/mcp/conformance.py) with `AIPERTURE_MCP_PYTHON` (set by .ci/run, then
//! required) or the venv `target/mcp-venv` that .ci/run creates.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aiperture::store::lock::{StoreLock, Wait};
use serde_json::{Value, json};

use crate::common::TestEnv;

const TIMEOUT: Duration = Duration::from_secs(20);
const HANDSHAKE: [&str; 4] = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];
const MODERN: &str = "2026-07-28";
const TOOLS: [&str; 12] = [
    "check_permission",
    "explain_action",
    "get_permission_patterns",
    "list_auto_approved_patterns",
    "report_tool_execution",
    "get_compliance_report",
    "store_artifact",
    "verify_artifact",
    "get_cost_summary",
    "get_audit_trail",
    "verify_chain",
    "get_config",
];

/// A running `aiperture mcp-serve`.
pub struct Mcp {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    seen: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<String>>,
    next_id: u64,
}

impl Mcp {
    pub fn start(t: &TestEnv, extra: &[&str]) -> Mcp {
        let mut args = extra.to_vec();
        args.push("mcp-serve");
        let mut child = t
            .command(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn aiperture mcp-serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = channel();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                sink.lock().expect("seen").push(line.clone());
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut err = child.stderr.take().expect("stderr");
        let stderr = Arc::new(Mutex::new(String::new()));
        let log = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            log.lock().expect("stderr").push_str(&s);
        });
        Mcp { stdin: child.stdin.take(), child, lines, seen, stderr, next_id: 1000 }
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, v: &Value) {
        let mut line = serde_json::to_vec(v).expect("json");
        line.push(b'\n');
        self.raw(&line);
    }

    #[track_caller]
    fn recv(&self) -> Value {
        match self.lines.recv_timeout(TIMEOUT) {
            Ok(line) => serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("not JSON on stdout ({e}): {line:?}")),
            Err(RecvTimeoutError::Timeout) => {
                panic!("no answer within {TIMEOUT:?}; stderr:\n{}", self.stderr())
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed its output; stderr:\n{}", self.stderr())
            }
        }
    }

    /// Send a message and read the next line.
    #[track_caller]
    fn call(&mut self, v: &Value) -> Value {
        self.send(v);
        self.recv()
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// A request; returns the whole response (checked to echo the id).
    #[track_caller]
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.id();
        let r =
            self.call(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        assert_eq!(r["id"], id, "id not echoed: {r}");
        assert_eq!(r["jsonrpc"], "2.0", "{r}");
        r
    }

    /// A request that must succeed; its result.
    #[track_caller]
    pub fn ok(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// A request that must fail with `code`; the error object.
    #[track_caller]
    fn err(&mut self, method: &str, params: Value, code: i64) -> Value {
        let r = self.request(method, params);
        assert_eq!(r["error"]["code"], code, "{method}: {r}");
        assert!(r.get("result").is_none(), "{r}");
        r["error"].clone()
    }

    #[track_caller]
    pub fn initialize(&mut self, version: &str) -> Value {
        let r = self.ok(
            "initialize",
            json!({
                "protocolVersion": version,
                "capabilities": {},
                "clientInfo": { "name": "aiperture-tests", "version": "1" },
            }),
        );
        self.send(&json!({ "jsonrpc": "2.0", "method": "notifications/initialized" }));
        r
    }

    /// `tools/call` in a handshake session; the result (a CallToolResult).
    #[track_caller]
    fn tool(&mut self, name: &str, args: Value) -> Value {
        self.ok("tools/call", json!({ "name": name, "arguments": args }))
    }

    /// A tool call that must succeed; its structured content.
    #[track_caller]
    pub fn tool_ok(&mut self, name: &str, args: Value) -> Value {
        let r = self.tool(name, args);
        assert_eq!(r["isError"], false, "{name}: {r}");
        let s = r["structuredContent"].clone();
        let text = r["content"][0]["text"].as_str().expect("text block");
        assert_eq!(serde_json::from_str::<Value>(text).expect("text is JSON"), s, "{name}");
        s
    }

    /// A tool call that must fail as a tool (isError); its structured content.
    #[track_caller]
    pub fn tool_err(&mut self, name: &str, args: Value, needle: &str) -> Value {
        let r = self.tool(name, args);
        assert_eq!(r["isError"], true, "{name} should fail: {r}");
        let text = r["content"][0]["text"].as_str().expect("text block");
        assert!(text.starts_with("error: "), "{text}");
        let msg = r["structuredContent"]["error"]["message"].as_str().expect("message");
        assert!(msg.contains(needle), "{name}: {needle:?} not in {msg:?}");
        r["structuredContent"].clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr").clone()
    }

    /// Close standard input; the server must exit 0 on its own, having written nothing but
    /// JSON-RPC messages.
    pub fn close(mut self) -> String {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                break s;
            }
            assert!(Instant::now() < deadline, "the server did not exit at end of input");
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(status.code(), Some(0), "exit status; stderr:\n{}", self.stderr());
        // Let the reader threads drain.
        std::thread::sleep(Duration::from_millis(50));
        for line in self.seen.lock().expect("seen").iter() {
            let v: Value = serde_json::from_str(line).expect("every stdout line is JSON");
            let one = |m: &Value| {
                assert_eq!(m["jsonrpc"], "2.0", "{line}");
                assert!(m.get("result").is_some() ^ m.get("error").is_some(), "{line}");
            };
            match &v {
                Value::Array(items) => items.iter().for_each(one),
                m => one(m),
            }
        }
        self.stderr()
    }
}

impl Drop for Mcp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The 2026-07-28 envelope, merged into `params`.
fn enveloped(version: &str, mut params: Value) -> Value {
    params["_meta"] = json!({
        "io.modelcontextprotocol/protocolVersion": version,
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": { "name": "aiperture-tests", "version": "1" },
    });
    params
}

fn names(list: &Value) -> Vec<String> {
    list["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .map(|t| t["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn mcp_help_explains_protocol_tools_and_safety() {
    let t = TestEnv::new();
    let r = t.run(&["mcp-serve", "--help"]);
    r.code(0);
    for needle in [
        "2026-07-28",
        "2024-11-05",
        "2025-11-25",
        "server/discover",
        "initialize",
        "-32700",
        "-32601",
        "-32602",
        "-32022",
        "isError",
        "human_decisions",
        "revoke_permission_pattern",
        "standard error",
    ]
    .into_iter()
    .chain(TOOLS)
    {
        assert!(r.stdout.contains(needle), "{needle:?} missing:\n{r}");
    }
}

#[test]
fn mcp_handshake_for_every_version() {
    let t = TestEnv::with_project();
    for version in HANDSHAKE {
        let mut m = Mcp::start(&t, &[]);
        let init = m.initialize(version);
        assert_eq!(init["protocolVersion"], version);
        assert_eq!(init["serverInfo"]["name"], "aiperture");
        assert_eq!(init["capabilities"]["tools"]["listChanged"], false);
        assert!(init["instructions"].as_str().is_some_and(|s| s.contains("check_permission")));
        assert!(init.get("resultType").is_none(), "no resultType before 2026-07-28");
        assert_eq!(m.ok("ping", json!({})), json!({}));
        let list = m.ok("tools/list", json!({}));
        assert_eq!(names(&list), TOOLS);
        assert!(list.get("ttlMs").is_none(), "{version}: no cache hints");
        let structured = version >= "2025-06-18";
        for tool in list["tools"].as_array().expect("tools") {
            assert_eq!(tool["inputSchema"]["type"], "object");
            assert_eq!(tool.get("outputSchema").is_some(), structured, "{version}: {tool}");
            assert_eq!(tool.get("annotations").is_some(), version >= "2025-03-26", "{tool}");
        }
        let r = m.tool(
            "check_permission",
            json!({ "tool": "shell", "action": "execute", "scope": "ls -la" }),
        );
        assert_eq!(r.get("structuredContent").is_some(), structured, "{version}: {r}");
        let text: Value =
            serde_json::from_str(r["content"][0]["text"].as_str().expect("text")).expect("json");
        assert_eq!(text["decision"], "ask");
        let stderr = m.close();
        assert!(stderr.contains("end of input after"), "{stderr}");
    }
    // A version this server does not speak gets the newest handshake version back, and so does
    // the stateless one, which has no handshake.
    for asked in ["1999-01-01", MODERN] {
        let mut m = Mcp::start(&t, &[]);
        assert_eq!(m.initialize(asked)["protocolVersion"], "2025-11-25");
        m.err(
            "initialize",
            json!({ "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {} }),
            -32600,
        );
        // An enveloped request on a handshake connection is refused.
        let e = m.err("tools/list", enveloped(MODERN, json!({})), -32600);
        assert!(e["message"].as_str().expect("msg").contains("2026-07-28 `_meta` envelope"));
        m.close();
    }
}

#[test]
fn mcp_discover_and_stateless_requests() {
    let t = TestEnv::with_project();
    let mut m = Mcp::start(&t, &[]);
    // Before the era is fixed, an unknown version names every version spoken here.
    let e = m.err("server/discover", enveloped("2099-01-01", json!({})), -32022);
    assert_eq!(e["data"]["requested"], "2099-01-01");
    assert_eq!(e["data"]["supported"].as_array().expect("supported").len(), 5);
    let d = m.ok("server/discover", enveloped(MODERN, json!({})));
    assert_eq!(d["supportedVersions"], json!([MODERN]));
    assert_eq!(d["capabilities"]["tools"]["listChanged"], false);
    assert_eq!(d["serverInfo"]["name"], "aiperture");
    assert_eq!(d["resultType"], "complete");
    assert_eq!(d["cacheScope"], "private");
    assert!(d["ttlMs"].as_u64().is_some());
    assert_eq!(d["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "aiperture");
    let list = m.ok("tools/list", enveloped(MODERN, json!({})));
    assert_eq!(names(&list), TOOLS);
    assert_eq!(list["resultType"], "complete");
    assert!(list["ttlMs"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(list["cacheScope"], "private");
    assert!(list["tools"][0]["outputSchema"].is_object());
    let r = m.ok(
        "tools/call",
        enveloped(
            MODERN,
            json!({ "name": "check_permission", "arguments": {
                "tool": "shell", "action": "execute", "scope": "git status" } }),
        ),
    );
    assert_eq!(r["resultType"], "complete");
    assert_eq!(r["isError"], false);
    assert_eq!(r["structuredContent"]["decision"], "ask");
    assert_eq!(r["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "aiperture");
    // Once the connection is 2026-07-28: only that version, and no handshake or ping.
    let e = m.err("tools/list", enveloped("2025-06-18", json!({})), -32022);
    assert_eq!(e["data"]["supported"], json!([MODERN]));
    let e = m.err("initialize", json!({ "protocolVersion": "2025-11-25" }), -32022);
    assert_eq!(e["data"]["supported"], json!([MODERN]));
    m.err("ping", enveloped(MODERN, json!({})), -32601);
    m.err("ping", json!({}), -32601);
    // The envelope is required on every request.
    let e = m.err("tools/list", json!({}), -32602);
    assert!(e["message"].as_str().expect("msg").contains("_meta"), "{e}");
    let mut partial = json!({ "_meta": { "io.modelcontextprotocol/protocolVersion": MODERN } });
    let e = m.err("tools/list", partial.clone(), -32602);
    assert!(e["message"].as_str().expect("msg").contains("clientCapabilities"), "{e}");
    partial["_meta"]["io.modelcontextprotocol/clientCapabilities"] = json!({});
    partial["_meta"]["io.modelcontextprotocol/protocolVersion"] = json!(7);
    m.err("tools/list", partial, -32602);
    m.err("resources/list", enveloped(MODERN, json!({})), -32601);
    m.close();
}

#[test]
fn mcp_jsonrpc_errors_echo_ids() {
    let t = TestEnv::with_project();
    let mut m = Mcp::start(&t, &[]);
    // Unknown methods and tool calls before any handshake get a prompt error.
    let r = m.call(&json!({ "jsonrpc": "2.0", "id": "abc", "method": "prompts/list" }));
    assert_eq!(r["id"], "abc");
    assert_eq!(r["error"]["code"], -32601);
    let e = m.err("tools/list", json!({}), -32602);
    assert!(e["message"].as_str().expect("msg").contains("initialize"), "{e}");
    m.err("server/discover", json!({}), -32602);
    // Malformed input.
    for (line, code) in [
        (&b"garbage\n"[..], -32700),
        (b"{\"jsonrpc\":\"2.0\",\"id\":1,\n", -32700),
        (b"\xff\xfe{}\n", -32700),
        (b"42\n", -32600),
        (b"\"text\"\n", -32600),
        (b"{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}\n", -32600),
        (b"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}\n", -32600),
        (b"{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}\n", -32600),
        (b"{\"jsonrpc\":\"2.0\",\"method\":5}\n", -32600),
    ] {
        m.raw(line);
        let r = m.recv();
        assert_eq!(r["error"]["code"], code, "{}: {r}", String::from_utf8_lossy(line));
        assert_eq!(r["id"], Value::Null, "{r}");
    }
    // Errors in requests with a readable id echo it, strings and integers alike.
    let r = m.call(&json!({ "jsonrpc": "1.0", "id": "x-1", "method": "ping" }));
    assert_eq!((r["id"].clone(), r["error"]["code"].clone()), (json!("x-1"), json!(-32600)));
    let r = m.call(&json!({ "jsonrpc": "2.0", "id": 7, "method": "ping", "params": [1] }));
    assert_eq!((r["id"].clone(), r["error"]["code"].clone()), (json!(7), json!(-32602)));
    let r = m.call(&json!({ "jsonrpc": "2.0", "id": -3, "method": "ping", "params": "x" }));
    assert_eq!((r["id"].clone(), r["error"]["code"].clone()), (json!(-3), json!(-32600)));
    m.raw(b"{\"jsonrpc\":\"2.0\",\"id\":18446744073709551615,\"method\":\"ping\"}\r\n");
    let r = m.recv();
    assert_eq!(r["id"], json!(u64::MAX));
    assert_eq!(r["result"], json!({}));
    // A blank line is not a message; a response from the client gets no answer.
    m.raw(b"\n   \n");
    m.send(&json!({ "jsonrpc": "2.0", "id": 5, "result": {} }));
    assert_eq!(
        m.call(&json!({ "jsonrpc": "2.0", "id": "after", "method": "ping" }))["id"],
        "after"
    );
    // A line over 1 MiB is refused whole, and the server goes on.
    let mut big =
        b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1024 * 1024 + 10));
    big.extend_from_slice(b"\"}}\n");
    m.raw(&big);
    let r = m.recv();
    assert_eq!(r["error"]["code"], -32600, "{r}");
    assert!(r["error"]["message"].as_str().expect("msg").contains("limit"), "{r}");
    m.initialize("2025-11-25");
    // tools/call parameters.
    m.err("tools/call", json!({}), -32602);
    m.err("tools/call", json!({ "name": 5 }), -32602);
    m.err("tools/call", json!({ "name": "get_config", "arguments": [] }), -32602);
    let e = m.err("tools/call", json!({ "name": "rm_rf", "arguments": {} }), -32602);
    assert!(e["data"]["tools"].as_array().is_some_and(|a| a.len() == 12), "{e}");
    let e = m.err("tools/call", json!({ "name": "approve_action", "arguments": {} }), -32602);
    assert!(e["message"].as_str().expect("msg").contains("human_decisions"), "{e}");
    m.err("tools/list", json!({ "cursor": "next" }), -32602);
    m.err("logging/setLevel", json!({ "level": "info" }), -32601);
    let stderr = m.close();
    assert!(stderr.contains("ignored a response"), "{stderr}");
}

#[test]
fn mcp_notifications_get_no_answer_and_eof_ends_cleanly() {
    let t = TestEnv::with_project();
    let mut m = Mcp::start(&t, &[]);
    for method in [
        "notifications/initialized",
        "notifications/cancelled",
        "notifications/roots/list_changed",
        "no/such/notification",
    ] {
        m.send(&json!({ "jsonrpc": "2.0", "method": method, "params": { "requestId": 1 } }));
    }
    // The first answer is the ping's: none of the notifications got one.
    let r = m.call(&json!({ "jsonrpc": "2.0", "id": 99, "method": "ping" }));
    assert_eq!(r, json!({ "jsonrpc": "2.0", "id": 99, "result": {} }));
    m.initialize("2025-06-18");
    m.tool_ok("get_config", json!({}));
    // The last line may lack its newline: it is still a message.
    m.raw(b"{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"ping\"}");
    drop(m.stdin.take());
    assert_eq!(m.recv()["id"], "last");
    m.close();
}

#[test]
fn mcp_batches_follow_the_negotiated_version() {
    let t = TestEnv::with_project();
    let ping = |id: u64| json!({ "jsonrpc": "2.0", "id": id, "method": "ping" });
    let note = json!({ "jsonrpc": "2.0", "method": "notifications/cancelled" });

    let mut m = Mcp::start(&t, &[]);
    let r = m.call(&json!([ping(1)]));
    assert_eq!(r["error"]["code"], -32600, "no batch before initialize: {r}");
    m.initialize("2025-03-26");
    let r = m.call(&json!([
        ping(1),
        note,
        { "jsonrpc": "2.0", "id": 2, "method": "tools/list" },
        5,
        { "jsonrpc": "2.0", "id": 3, "method": "initialize", "params": { "protocolVersion": "2025-03-26" } },
        { "jsonrpc": "2.0", "id": 4, "method": "nope" },
    ]));
    let items = r.as_array().unwrap_or_else(|| panic!("a batch answers with an array: {r}"));
    assert_eq!(items.len(), 5, "{r}");
    assert_eq!(items[0], json!({ "jsonrpc": "2.0", "id": 1, "result": {} }));
    assert_eq!(items[1]["id"], 2);
    assert_eq!(items[1]["result"]["tools"].as_array().map(Vec::len), Some(12));
    assert_eq!(
        (items[2]["id"].clone(), items[2]["error"]["code"].clone()),
        (Value::Null, json!(-32600))
    );
    assert_eq!(
        (items[3]["id"].clone(), items[3]["error"]["code"].clone()),
        (json!(3), json!(-32600))
    );
    assert_eq!(
        (items[4]["id"].clone(), items[4]["error"]["code"].clone()),
        (json!(4), json!(-32601))
    );
    // Only notifications: no answer at all.
    m.send(&json!([note, note]));
    assert_eq!(m.call(&ping(8))["id"], 8);
    assert_eq!(m.call(&json!([]))["error"]["code"], -32600);
    m.close();

    for version in ["2024-11-05", "2025-06-18", "2025-11-25"] {
        let mut m = Mcp::start(&t, &[]);
        m.initialize(version);
        let r = m.call(&json!([ping(1), ping(2)]));
        assert_eq!(r["error"]["code"], -32600, "{version}: {r}");
        assert!(r["error"]["message"].as_str().expect("msg").contains(version), "{r}");
        m.close();
    }
    let mut m = Mcp::start(&t, &[]);
    m.ok("server/discover", enveloped(MODERN, json!({})));
    assert_eq!(m.call(&json!([ping(1)]))["error"]["code"], -32600);
    m.close();
}

#[test]
fn mcp_every_tool_happy_and_error_paths() {
    let mut t = TestEnv::with_project();
    t.env.push(("AIPERTURE_SERVER_API_KEY".into(), "agent-key-0123456789abcdef".into()));
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");

    // check_permission
    let v = m.tool_ok(
        "check_permission",
        json!({ "tool": "shell", "action": "execute", "scope": "git status",
                "session_id": "s1", "task_id": "T-1", "organization_id": "default",
                "project": "p", "content_hash": "" }),
    );
    assert_eq!(v["decision"], "ask");
    assert_eq!(v["decided_by"], "default");
    assert_eq!(v["risk"]["tier"], "low");
    assert!(v["challenge_id"].as_str().is_some_and(|c| c.starts_with("ch_")), "{v}");
    assert!(v["explanation"].as_str().is_some_and(|e| e.contains("git status")), "{v}");
    assert!(v["next_step"].as_str().is_some_and(|e| e.contains("aiperture approve")), "{v}");
    assert_eq!(v["request"]["runtime"], "mcp");
    let challenge = v["challenge_id"].as_str().expect("id").to_string();
    let s =
        m.tool_err("check_permission", json!({ "tool": "shell", "action": "execute" }), "scope");
    assert_eq!(s["decision"], "deny", "an error is never an allow: {s}");
    let s =
        m.tool_err("check_permission", json!({ "tool": " ", "action": "x", "scope": "y" }), "tool");
    assert_eq!(
        (s["decision"].clone(), s["error"]["code"].clone()),
        (json!("deny"), json!("invalid_arguments"))
    );
    m.tool_err(
        "check_permission",
        json!({ "tool": "a", "action": "b", "scope": "c", "x": 1 }),
        "no argument `x`",
    );
    m.tool_err(
        "check_permission",
        json!({ "tool": 1, "action": "b", "scope": "c" }),
        "must be a string",
    );

    // explain_action
    let e = m.tool_ok(
        "explain_action",
        json!({ "tool": "shell", "action": "execute", "scope": "sudo rm -rf / ; ls" }),
    );
    assert_eq!(e["risk"]["tier"], "critical");
    assert!(e["commands"].as_array().is_some_and(|c| c.len() >= 2), "{e}");
    assert_eq!(e["parsed"], true);
    m.tool_err("explain_action", json!({ "tool": "", "action": "x", "scope": "y" }), "tool");

    // A human decision through the CLI is seen by the next call at once.
    t.run(&["approve", &challenge, "--yes", "--by", "alice"]).code(0);
    let p = m.tool_ok("get_permission_patterns", json!({}));
    let exact = p["patterns"]
        .as_array()
        .and_then(|ps| ps.iter().find(|x| x["pattern"] == "git status"))
        .unwrap_or_else(|| panic!("the approved request is a pattern: {p}"));
    assert_eq!((exact["allows"].clone(), exact["status"].clone()), (json!(1), json!("asking")));
    assert_eq!(p["count"], p["patterns"].as_array().map_or(0, Vec::len));
    assert_eq!(m.tool_ok("get_permission_patterns", json!({ "min_decisions": 2 }))["count"], 0);
    assert_eq!(
        m.tool_ok("get_permission_patterns", json!({ "organization_id": "other" }))["count"],
        0
    );
    m.tool_err("get_permission_patterns", json!({ "min_decisions": "x" }), "integer");

    // list_auto_approved_patterns
    let a = m.tool_ok("list_auto_approved_patterns", json!({}));
    assert_eq!(
        (a["count"].clone(), a["threshold"]["min_decisions"].clone()),
        (json!(0), json!(10))
    );
    assert_eq!(a["learning_enabled"], true);
    m.tool_err("list_auto_approved_patterns", json!({ "limit": 1 }), "no argument");

    // report_tool_execution and get_compliance_report
    let x = m.tool_ok(
        "report_tool_execution",
        json!({ "tool": "shell", "action": "execute", "scope": "git status", "session_id": "s1",
                "project": "p" }),
    );
    assert_eq!(
        (x["recorded"].clone(), x["channel"].clone(), x["status"].clone()),
        (json!(true), json!("mcp"), json!("ok"))
    );
    m.tool_ok(
        "report_tool_execution",
        json!({ "tool": "shell", "action": "execute", "scope": "make", "status": "failed" }),
    );
    m.tool_err(
        "report_tool_execution",
        json!({ "tool": "shell", "action": "execute", "scope": "x", "status": "maybe" }),
        "one of ok, failed",
    );
    let c = m.tool_ok("get_compliance_report", json!({}));
    assert_eq!((c["executions"].clone(), c["covered"].clone()), (json!(2), json!(1)), "{c}");
    assert_eq!(c["violations"][0]["request"]["scope"], "make");
    assert_eq!(m.tool_ok("get_compliance_report", json!({ "session_id": "s1" }))["executions"], 1);
    m.tool_err("get_compliance_report", json!({ "session_id": 5 }), "must be a string");

    // store_artifact, verify_artifact, get_cost_summary
    let st = m.tool_ok(
        "store_artifact",
        json!({ "content": "hello world", "artifact_type": "llm_response", "task_id": "T-1",
                "tool_name": "claude", "summary": "greeting", "tokens_input": 10,
                "tokens_output": 5, "cost_usd": "0.0123", "model_used": "m1",
                "provider_used": "p1", "session_id": "s1" }),
    );
    let id = st["artifact_id"].as_str().expect("id").to_string();
    assert_eq!(id.len(), 64);
    assert_eq!((st["size"].clone(), st["cost_micros"].clone()), (json!(11), json!(12_300)));
    m.tool_ok(
        "store_artifact",
        json!({ "content": "second", "cost_usd": 0.5, "model_used": "m2" }),
    );
    m.tool_err("store_artifact", json!({ "content": "x", "cost_usd": "0.1234567" }), "6 decimals");
    m.tool_err("store_artifact", json!({ "content": "x", "cost_usd": -1 }), "dollars");
    m.tool_err("store_artifact", json!({ "summary": "no content" }), "content");
    let va = m.tool_ok("verify_artifact", json!({ "artifact_id": &id[..10] }));
    assert_eq!(
        (va["ok"].clone(), va["verification_status"].clone()),
        (json!(true), json!("verified"))
    );
    m.tool_err("verify_artifact", json!({ "artifact_id": "zz" }), "not an artifact id");
    let s =
        m.tool_err("verify_artifact", json!({ "artifact_id": "0123456789abcdef" }), "no artifact");
    assert_eq!(s["error"]["code"], "not_found");
    let object = t.store().join("objects/sha256").join(&id[..2]).join(&id[2..]);
    std::fs::write(&object, "tampered").expect("tamper");
    let va = m.tool_ok("verify_artifact", json!({ "artifact_id": id }));
    assert_eq!(
        (va["ok"].clone(), va["verification_status"].clone()),
        (json!(false), json!("modified"))
    );
    let cs = m.tool_ok("get_cost_summary", json!({ "by": "model" }));
    assert_eq!(cs["total"]["cost_micros"], 512_300);
    assert_eq!(cs["total"]["cost_usd"], "$0.512300");
    assert_eq!(cs["groups"].as_array().map(Vec::len), Some(2));
    assert_eq!(m.tool_ok("get_cost_summary", json!({ "task_id": "T-1" }))["total"]["artifacts"], 1);
    m.tool_err("get_cost_summary", json!({ "by": "colour" }), "one of provider, model, task");

    // get_audit_trail
    let au = m.tool_ok("get_audit_trail", json!({ "limit": 3 }));
    assert_eq!(au["count"], 3);
    assert_eq!(au["events"][2]["event"]["kind"], "artifact");
    let au = m.tool_ok("get_audit_trail", json!({ "event_type": "decision", "decision": "allow" }));
    assert_eq!(au["events"][0]["event"]["by"], "alice");
    assert_eq!(au["events"][0]["event"]["channel"], "cli");
    m.tool_err("get_audit_trail", json!({ "since": "yesterday" }), "RFC 3339");
    m.tool_err("get_audit_trail", json!({ "limit": 501 }), "from 0 to 500");

    // get_config: credentials are redacted.
    let cfg = m.tool_ok("get_config", json!({}));
    assert_eq!(cfg["settings"]["server.api_key"], "<redacted>");
    assert_eq!(cfg["settings"]["server.admin_key"], "");
    assert_eq!(cfg["settings"]["learning.min_decisions"], 10);
    assert_eq!(cfg["settings"]["mcp.human_decisions"], false);
    assert!(
        cfg["origins"]["server.api_key"]
            .as_str()
            .is_some_and(|o| o.contains("AIPERTURE_SERVER_API_KEY"))
    );
    assert!(!cfg.to_string().contains("agent-key-0123456789abcdef"));
    m.tool_err("get_config", json!({ "key": "x" }), "takes no argument");

    // verify_chain: intact; a bad head is an argument error; a recorded head must be found.
    let vc = m.tool_ok("verify_chain", json!({}));
    assert_eq!(vc["intact"], true);
    let head = vc["last_hash"].as_str().expect("hash").to_string();
    assert_eq!(m.tool_ok("verify_chain", json!({ "expect_head": head }))["intact"], true);
    assert_eq!(
        m.tool_ok("verify_chain", json!({ "expect_head": "ab".repeat(32) }))["intact"],
        false
    );
    m.tool_err("verify_chain", json!({ "expect_head": "abc" }), "64-digit");
    let events = t.events(&t.store());
    assert_eq!(vc["last_seq"], events.len());
    m.close();
}

#[test]
fn mcp_tampering_and_store_failures_fail_closed() {
    let t = TestEnv::with_project();
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");
    m.tool_ok("check_permission", json!({ "tool": "shell", "action": "execute", "scope": "ls" }));
    // A broken policy file: the check cannot be decided, so it is an error that says deny.
    std::fs::write(t.store().join("policy.toml"), "[[rule]\nbroken").expect("policy");
    let s = m.tool_err(
        "check_permission",
        json!({ "tool": "shell", "action": "execute", "scope": "ls" }),
        "policy.toml",
    );
    assert_eq!(s["decision"], "deny");
    std::fs::remove_file(t.store().join("policy.toml")).expect("rm policy");
    // A tampered journal line: verify_chain reports it (the tool worked, the journal did not).
    let seg = t.store().join("journal/000001.jsonl");
    let text = std::fs::read_to_string(&seg).expect("segment");
    std::fs::write(&seg, text.replacen("\"ls\"", "\"la\"", 1)).expect("tamper");
    let vc = m.tool_ok("verify_chain", json!({}));
    assert_eq!(vc["intact"], false, "{vc}");
    assert!(vc["findings"].as_array().is_some_and(|f| !f.is_empty()));
    let stderr = m.close();
    assert!(stderr.contains("check_permission:"), "store errors are logged: {stderr}");

    // With --no-wait and the lock held elsewhere, a call fails at once (and never allows).
    let t = TestEnv::with_project();
    let mut m = Mcp::start(&t, &["--no-wait"]);
    m.initialize("2025-11-25");
    let lock = StoreLock::acquire(&t.store().join("lock"), Wait::Block, &mut |_| {}).expect("lock");
    let s = m.tool_err(
        "check_permission",
        json!({ "tool": "shell", "action": "execute", "scope": "ls" }),
        "held by another process",
    );
    assert_eq!(
        (s["decision"].clone(), s["error"]["code"].clone()),
        (json!("deny"), json!("store_busy"))
    );
    drop(lock);
    m.tool_ok("check_permission", json!({ "tool": "shell", "action": "execute", "scope": "ls" }));
    m.close();
}

#[test]
fn mcp_human_decision_tools_only_when_configured() {
    let mut t = TestEnv::with_project();
    t.env.push(("AIPERTURE_MCP_HUMAN_DECISIONS".into(), "true".into()));
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");
    let list = m.ok("tools/list", json!({}));
    let listed = names(&list);
    assert_eq!(listed[12..], ["approve_action", "deny_action", "revoke_permission_pattern"]);
    let approve = &list["tools"][12];
    assert_eq!(approve["name"], "approve_action");
    assert!(
        approve["description"]
            .as_str()
            .is_some_and(|d| d.contains("Unsafe") && d.contains("relay"))
    );
    let req =
        json!({ "tool": "shell", "action": "execute", "scope": "cargo test", "session_id": "h" });
    let v = m.tool_ok("check_permission", req.clone());
    let id = v["challenge_id"].as_str().expect("challenge").to_string();
    let mut args = req.clone();
    args["challenge_id"] = json!(id);
    args["decided_by"] = json!("bob");
    // The challenge is bound to its request.
    let mut other = args.clone();
    other["scope"] = json!("cargo build");
    let s = m.tool_err("approve_action", other, "different request");
    assert_eq!(
        (s["error"]["code"].clone(), s["refusal"].clone()),
        (json!("challenge_refused"), json!("mismatch"))
    );
    // The mismatch did not consume it.
    let r = m.tool_ok("approve_action", args.clone());
    assert_eq!(
        (r["recorded"].clone(), r["decision"].clone(), r["by"].clone()),
        (json!(true), json!("allow"), json!("bob"))
    );
    let s = m.tool_err("approve_action", args.clone(), "already used");
    assert_eq!(s["refusal"], "reused");
    let v = m.tool_ok(
        "check_permission",
        json!({ "tool": "shell", "action": "execute", "scope": "curl x | sh" }),
    );
    let mut d = json!({ "tool": "shell", "action": "execute", "scope": "curl x | sh", "decided_by": "bob" });
    d["challenge_id"] = v["challenge_id"].clone();
    assert_eq!(m.tool_ok("deny_action", d)["decision"], "deny");
    m.tool_err(
        "deny_action",
        json!({ "challenge_id": "ch_x", "tool": "a", "action": "b", "scope": "c" }),
        "decided_by",
    );
    let decisions: Vec<Value> =
        t.events(&t.store()).into_iter().filter(|e| e["kind"] == "decision").collect();
    assert!(decisions.iter().all(|e| e["channel"] == "mcp"), "{decisions:?}");
    // Revocation: a dry run changes nothing, then the approval stops counting.
    let revoke = json!({ "tool": "shell", "action": "execute", "pattern": "cargo test*",
                         "revoked_by": "bob", "dry_run": true });
    let r = m.tool_ok("revoke_permission_pattern", revoke.clone());
    assert_eq!((r["revoked"].clone(), r["seq"].clone()), (json!(false), Value::Null), "{r}");
    assert!(r["decisions"].as_u64().is_some_and(|n| n >= 1), "{r}");
    let mut real = revoke.clone();
    real["dry_run"] = json!(false);
    let r = m.tool_ok("revoke_permission_pattern", real);
    assert!(r["seq"].as_u64().is_some(), "{r}");
    let p = m.tool_ok("get_permission_patterns", json!({ "min_decisions": 1 }));
    assert!(
        !p["patterns"].as_array().expect("patterns").iter().any(|x| x["pattern"] == "cargo test"),
        "revoked decisions no longer count: {p}"
    );
    m.tool_err(
        "revoke_permission_pattern",
        json!({ "tool": "shell", "action": "execute", "pattern": "x" }),
        "revoked_by",
    );
    m.close();
}

#[test]
fn mcp_a_configuration_change_applies_from_the_next_message() {
    // The server looks at the configuration's files once per message: a change made between
    // two calls (here by a human's `config set`) decides the very next call.
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");
    let check = |m: &mut Mcp, scope: &str| {
        m.tool_ok(
            "check_permission",
            json!({ "tool": "shell", "action": "execute", "scope": scope, "session_id": "s" }),
        )
    };
    for i in 0..3 {
        let v = check(&mut m, &format!("echo before {i}"));
        assert_eq!(v["decision"], "ask", "{v}");
    }
    t.run(&["config", "set", "session.rate_limit_per_minute", "2"]).code(0);
    let v = check(&mut m, "echo after");
    assert_eq!(v["decision"], "deny", "{v}");
    assert_eq!(v["decided_by"], "rate_limit", "{v}");
    m.close();
}

#[test]
fn mcp_a_policy_file_created_or_removed_between_calls_decides_the_next_call() {
    // Without a policy file the server keeps what it found (no policy) while the file stays
    // missing: creating it, and removing it again, decides the very next call.
    let t = TestEnv::with_project();
    let policy = t.store().join("policy.toml");
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");
    let check = |m: &mut Mcp| {
        m.tool_ok(
            "check_permission",
            json!({ "tool": "shell", "action": "execute", "scope": "make deploy" }),
        )
    };
    for _ in 0..3 {
        assert_eq!(check(&mut m)["decision"], "ask");
    }
    std::fs::write(
        &policy,
        "[[rule]]\ntool = \"shell\"\naction = \"execute\"\nscope = \"make deploy\"\n\
         decision = \"deny\"\n",
    )
    .expect("policy");
    let v = check(&mut m);
    assert_eq!(
        (v["decision"].as_str(), v["decided_by"].as_str()),
        (Some("deny"), Some("policy_deny")),
        "{v}"
    );
    // Settled (older than a timestamp tick), the file is kept by its stamp; then removed.
    std::thread::sleep(std::time::Duration::from_millis(120));
    for _ in 0..2 {
        assert_eq!(check(&mut m)["decided_by"], "policy_deny");
    }
    std::fs::remove_file(&policy).expect("rm policy");
    assert_eq!(check(&mut m)["decision"], "ask");
    m.close();
}

#[test]
fn mcp_session_and_cli_processes_share_one_store() {
    const CLI: usize = 4;
    const CLI_CHECKS: usize = 10;
    const MCP_CHECKS: usize = 40;
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");
    // A CLI check is visible to the very next MCP call.
    t.run(&["check", "shell", "execute", "echo before"]).code(3);
    let au = m.tool_ok("get_audit_trail", json!({ "limit": 1 }));
    assert_eq!(au["events"][0]["event"]["request"]["scope"], "echo before");
    let mut mcp_seqs = Vec::new();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..CLI)
            .map(|w| {
                let t = &t;
                s.spawn(move || {
                    for i in 0..CLI_CHECKS {
                        let scope = format!("echo cli {w} {i}");
                        let r = t.run(&[
                            "check",
                            "shell",
                            "execute",
                            &scope,
                            "--session",
                            &format!("c{w}"),
                        ]);
                        assert_eq!(r.code, 3, "{r}");
                    }
                })
            })
            .collect();
        for i in 0..MCP_CHECKS {
            let v = m.tool_ok(
                "check_permission",
                json!({ "tool": "shell", "action": "execute", "scope": format!("echo mcp {i}"), "session_id": "m" }),
            );
            mcp_seqs.push(v["seq"].as_u64().expect("seq"));
        }
        for w in workers {
            w.join().expect("cli worker");
        }
    });
    let vc = m.tool_ok("verify_chain", json!({}));
    assert_eq!(vc["intact"], true, "{vc}");
    m.close();
    let events = t.events(&t.store());
    // config set, the "before" check, then every check of both kinds.
    assert_eq!(events.len(), 2 + CLI * CLI_CHECKS + MCP_CHECKS);
    assert_eq!(vc["last_seq"], events.len());
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap_or(0)).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>(), "contiguous");
    for (i, seq) in mcp_seqs.iter().enumerate() {
        let e = &events[*seq as usize - 1];
        assert_eq!(e["request"]["scope"], format!("echo mcp {i}"));
        assert_eq!(e["request"]["runtime"], "mcp");
    }
    for w in 0..CLI {
        for i in 0..CLI_CHECKS {
            let scope = format!("echo cli {w} {i}");
            assert!(events.iter().any(|e| e["request"]["scope"] == scope), "{scope} missing");
        }
    }
    t.run(&["verify-chain"]).code(0);
}

#[test]
fn mcp_example_client_config_starts_the_server() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    // The generic client file and OpenClaw's `mcp.servers` entry.
    for (file, pointer) in [
        ("mcp.json", "/mcpServers/aiperture"),
        ("openclaw/openclaw.json", "/mcp/servers/aiperture"),
    ] {
        let path = examples.join(file);
        let config: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("example"))
            .unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
        let server = config.pointer(pointer).unwrap_or_else(|| panic!("{file}: no {pointer}"));
        assert_eq!(server["command"], "aiperture", "{file}");
        let args: Vec<&str> =
            server["args"].as_array().expect("args").iter().filter_map(Value::as_str).collect();
        assert_eq!(args.last(), Some(&"mcp-serve"), "{file}");
        let t = TestEnv::with_project();
        let mut m = Mcp::start(&t, &args[..args.len() - 1]);
        m.initialize("2025-11-25");
        assert_eq!(names(&m.ok("tools/list", json!({}))), TOOLS, "{file}");
        m.close();
        // What OpenClaw's filter hides are the human-decision tools, by their real names.
        if let Some(hidden) = server.pointer("/toolFilter/exclude").and_then(Value::as_array) {
            let hidden: Vec<&str> = hidden.iter().filter_map(Value::as_str).collect();
            for name in ["approve_action", "deny_action", "revoke_permission_pattern"] {
                assert!(hidden.contains(&name), "{file}: {name} is not excluded");
            }
            assert!(
                hidden.iter().all(|n| !TOOLS.contains(n)),
                "{file}: excludes a tool offered by default"
            );
        }
    }
}

/// A Python with the official MCP SDK, if one is available.
fn mcp_python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("AIPERTURE_MCP_PYTHON") {
        let p = PathBuf::from(p);
        assert!(p.exists(), "AIPERTURE_MCP_PYTHON={} does not exist", p.display());
        return Some(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/mcp-venv/bin/python");
    venv.exists().then_some(venv)
}

#[test]
fn mcp_conformance_with_the_official_python_sdk() {
    let Some(python) = mcp_python() else {
        eprintln!(
            "note: no Python with the MCP SDK (set AIPERTURE_MCP_PYTHON or run .ci/run); the \
             conformance test did not run"
        );
        return;
    };
    let t = TestEnv::with_project();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/conformance.py");
    let mut cmd = std::process::Command::new(&python);
    for (k, _) in std::env::vars() {
        if k.starts_with("AIPERTURE_") || k.starts_with("XDG_") {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_aiperture"))
        .arg(t.store())
        .args(["legacy", "2026-07-28", "auto"])
        .env("HOME", &t.home)
        .env("AIPERTURE_NOW", &t.now)
        .current_dir(&t.cwd)
        .stdin(Stdio::null())
        .output()
        .expect("run the Python conformance client");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report = format!("{stdout}--- stderr ---\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the Python MCP SDK rejected the server:\n{report}");
    let modes: Vec<Value> =
        stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON line per mode")).collect();
    assert_eq!(modes.len(), 3, "{report}");
    for (m, want) in
        modes.iter().zip([("legacy", "2025-11-25"), (MODERN, MODERN), ("auto", MODERN)])
    {
        assert_eq!(
            (m["mode"].as_str(), m["protocol_version"].as_str()),
            (Some(want.0), Some(want.1)),
            "{report}"
        );
        assert_eq!(m["ok"], true, "{report}");
        assert_eq!(m["tools"], 12, "{report}");
    }
    // Every call the SDK made is in the journal, and it still verifies.
    t.run(&["verify-chain"]).code(0);
    let checks = t.events(&t.store()).iter().filter(|e| e["kind"] == "check").count();
    assert!(checks >= 3, "one check per mode at least: {checks}");
}

/// Issue 19: an MCP call's events are synced once, after its work and before its answer. A
/// sync that fails (a device error, injected) answers the call with the error (a deny, never
/// its verdict); the next call opens the store from disk, accepts the line past HEAD by its MAC
/// (journaled as `recovered`) and decides again. The journal verifies.
#[test]
fn mcp_a_failed_journal_sync_fails_the_call_and_the_next_one_recovers() {
    let mut t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    crate::http::with_env(&mut t, &[("AIPERTURE_FAULT", "sync:2")]);
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");
    let args = |i: usize| json!({ "tool": "shell", "action": "execute", "scope": format!("make mcp-sync-{i}") });
    assert_eq!(m.tool_ok("check_permission", args(1))["decision"], "ask");
    let failed = m.tool_err("check_permission", args(2), "sync");
    assert_eq!(failed["decision"], "deny", "an error is never an allow: {failed}");
    let after = m.tool_ok("check_permission", args(3));
    assert_eq!(after["decision"], "ask", "{after}");
    m.close();
    assert_eq!(t.recoveries(), ["head_behind"]);
    assert_eq!(t.checked_scopes(), ["make mcp-sync-1", "make mcp-sync-2", "make mcp-sync-3"]);
    t.run(&["verify-chain"]).code(0);
}

#[test]
fn mcp_heads_each_answered_call_before_the_store_is_released() {
    // HEAD records a call's events right after the call is answered, the store lock held till
    // then: a CLI process started on the answer finds HEAD level with the journal.
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");
    for i in 0..5 {
        let args = json!({ "tool": "shell", "action": "execute", "scope": format!("make h-{i}") });
        let v = m.tool_ok("check_permission", args);
        let seq = v["seq"].as_u64().expect("seq");
        let r = t.run(&["check", "shell", "execute", &format!("make h-cli-{i}"), "--json"]);
        r.code(3);
        let cli: Value = serde_json::from_str(&r.stdout).expect("json");
        assert_eq!(cli["seq"].as_u64(), Some(seq + 1), "{}", r.stdout);
    }
    m.close();
    let events = t.events(&t.store());
    assert!(events.iter().all(|e| e["kind"] != "recovered"), "HEAD was never behind: {events:?}");
    t.run(&["verify-chain"]).code(0);
}

#[test]
fn mcp_a_head_that_fails_to_be_written_after_the_answer_leaves_the_verdict_standing() {
    let mut t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    // HEAD and the witness count as HEAD writes: the third is the second call's HEAD.
    crate::http::with_env(&mut t, &[("AIPERTURE_FAULT", "head:3")]);
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-11-25");
    let args = |i: usize| json!({ "tool": "shell", "action": "execute", "scope": format!("make mcp-head-{i}") });
    for i in 1..=3 {
        // The second call's HEAD write fails after its answer: the verdict, durable, stands.
        assert_eq!(m.tool_ok("check_permission", args(i))["decision"], "ask", "call {i}");
    }
    let stderr = m.close();
    assert!(stderr.contains("could not record the journal's end in HEAD"), "{stderr}");
    // The next call recovered HEAD from the journal, and said so.
    assert_eq!(t.recoveries(), ["head_behind"]);
    assert_eq!(t.checked_scopes(), ["make mcp-head-1", "make mcp-head-2", "make mcp-head-3"]);
    t.run(&["verify-chain"]).code(0);
}

#[test]
fn mcp_each_call_of_a_batch_is_synced_before_it_is_answered() {
    let mut t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    crate::http::with_env(&mut t, &[("AIPERTURE_FAULT", "sync:2")]);
    let mut m = Mcp::start(&t, &[]);
    m.initialize("2025-03-26");
    let check = |id: u64, scope: &str| {
        json!({ "jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {
            "name": "check_permission",
            "arguments": { "tool": "shell", "action": "execute", "scope": scope } } })
    };
    let r = m.call(&json!([check(1, "make b-1"), check(2, "make b-2"), check(3, "make b-3")]));
    let items = r.as_array().unwrap_or_else(|| panic!("a batch answers with an array: {r}"));
    assert_eq!(items.len(), 3, "{r}");
    let text =
        |i: usize| items[i]["result"]["content"][0]["text"].as_str().unwrap_or("").to_string();
    for i in [0, 2] {
        assert_eq!(items[i]["result"]["isError"], false, "{r}");
        let v: Value = serde_json::from_str(&text(i)).expect("the text block is JSON");
        assert_eq!(v["decision"], "ask", "{v}");
    }
    // The second call's sync failed: it answers an error that says deny, never its verdict.
    assert_eq!(items[1]["id"], 2);
    assert_eq!(items[1]["result"]["isError"], true, "{r}");
    assert!(text(1).contains("sync") && text(1).contains("treat this as deny"), "{r}");
    // The session goes on, and the CLI can take the store lock in between.
    t.run(&["check", "shell", "execute", "make b-cli"]).code(3);
    let r = m.call(&check(4, "make b-4"));
    assert_eq!(r["result"]["isError"], false, "{r}");
    m.close();
    assert_eq!(t.recoveries(), ["head_behind"]);
    assert_eq!(t.checked_scopes(), ["make b-1", "make b-2", "make b-3", "make b-cli", "make b-4"]);
    t.run(&["verify-chain"]).code(0);
}
