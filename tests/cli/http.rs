//! `aiperture serve`: the HTTP API over real loopback sockets.
//!
//! Each test starts the real binary with `serve --addr 127.0.0.1:0` in a sealed [`TestEnv`],
//! reads the bound port from standard error, and talks hand-written HTTP/1.1 over
//! `std::net::TcpStream`. Every response is checked for a `Content-Type`. `/metrics` is fed to
//! prometheus_client's parser (tests/http/check_metrics.py) when a Python with it is available:
//! `AIPERTURE_PROMETHEUS_PYTHON` (set by .ci/run, then required) or the venv
//! `target/prometheus-venv` that .ci/run creates.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::TestEnv;

pub const API_KEY: &str = "agent-key-0123456789abcdef";
pub const ADMIN_KEY: &str = "admin-key-0123456789abcdef";
/// Concurrent HTTP clients and checks each in `http_server_and_cli_share_one_store`.
const HTTP_CLIENTS: usize = 4;
const HTTP_CHECKS: usize = 25;
/// Concurrent CLI processes and checks each there.
const CLI_CLIENTS: usize = 2;
const CLI_CHECKS: usize = 8;

/// A running `aiperture serve`.
pub struct Server {
    child: Option<Child>,
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(t: &TestEnv, extra: &[&str]) -> Server {
        Server::start_on(t, "127.0.0.1:0", extra)
    }

    /// Start on `addr` (a loopback or unspecified address with port 0); the address clients
    /// use is the bound one, with 127.0.0.1 for an unspecified host.
    pub fn start_on(t: &TestEnv, addr: &str, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--addr", addr];
        args.extend_from_slice(extra);
        let mut child = t
            .command(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn aiperture serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr);
        let log = Arc::new(Mutex::new(String::new()));
        let mut addr = None;
        let mut line = String::new();
        while lines.read_line(&mut line).expect("read stderr") > 0 {
            log.lock().expect("log").push_str(&line);
            if let Some(rest) = line.split("listening on ").nth(1) {
                let url = rest.split_whitespace().next().unwrap_or_default();
                addr = url.split_once("://").map(|(_, a)| a.to_string());
                break;
            }
            line.clear();
        }
        let Some(addr) = addr else {
            let status = child.wait().expect("wait");
            panic!("serve did not start ({status}):\n{}", log.lock().expect("log"));
        };
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = lines.read_to_string(&mut rest);
            sink.lock().expect("log").push_str(&rest);
        });
        let addr = addr.replace("0.0.0.0:", "127.0.0.1:");
        Server { child: Some(child), addr, stderr: log }
    }

    /// The server's base URL (`https://` when it said it listens so).
    pub fn url(&self) -> String {
        let tls = self.stderr().contains(&format!("listening on https://{}", self.addr));
        format!("{}://{}", if tls { "https" } else { "http" }, self.addr)
    }

    /// `host:port` to connect to.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// What the server wrote on standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("log").clone()
    }

    pub fn port(&self) -> u16 {
        self.addr.rsplit(':').next().and_then(|p| p.parse().ok()).expect("port")
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        s
    }

    /// Send raw bytes on a fresh connection and read the answer to the end.
    pub fn raw(&self, bytes: &[u8]) -> Resp {
        let mut s = self.connect();
        s.write_all(bytes).expect("write");
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        Resp::parse(&buf)
    }

    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        self.raw(&bytes)
    }

    pub fn get(&self, path: &str) -> Resp {
        self.request("GET", path, &[], b"")
    }

    fn get_as(&self, path: &str, key: &str) -> Resp {
        self.request("GET", path, &[("Authorization", &format!("Bearer {key}"))], b"")
    }

    fn send(&self, method: &str, path: &str, body: &Value) -> Resp {
        let body = serde_json::to_vec(body).expect("json");
        self.request(method, path, &[("Content-Type", "application/json")], &body)
    }

    pub fn send_as(&self, method: &str, path: &str, key: &str, body: &Value) -> Resp {
        let body = serde_json::to_vec(body).expect("json");
        let auth = format!("Bearer {key}");
        self.request(
            method,
            path,
            &[("Content-Type", "application/json"), ("Authorization", &auth)],
            &body,
        )
    }

    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.send("POST", path, body)
    }

    /// A human route, with the admin key.
    pub fn human(&self, method: &str, path: &str, body: &Value) -> Resp {
        self.send_as(method, path, ADMIN_KEY, body)
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("child").id()
    }

    /// SIGTERM, then wait for the exit status.
    pub fn stop(mut self) -> (i32, String) {
        let mut child = self.child.take().expect("child");
        let ok = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(ok.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(s) = child.try_wait().expect("try_wait") {
                break s;
            }
            assert!(Instant::now() < deadline, "serve did not exit after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100));
        (status.code().unwrap_or(-1), self.stderr.lock().expect("log").clone())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A parsed response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn parse(buf: &[u8]) -> Resp {
        let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
            panic!("no complete response head in {:?}", String::from_utf8_lossy(buf))
        });
        let head = String::from_utf8_lossy(&buf[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = buf[split + 4..].to_vec();
        if let Some(n) = headers.iter().find(|(k, _)| k == "content-length") {
            body.truncate(n.1.parse().expect("content-length"));
        }
        let r = Resp { status, headers, body };
        assert!(r.header("content-type").is_some(), "no Content-Type: {r:?}");
        r
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        assert_eq!(self.header("content-type"), Some("application/json"), "{self:?}");
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    #[track_caller]
    pub fn status(&self, want: u16) -> Value {
        assert_eq!(self.status, want, "{} {}", self.status, self.text());
        self.json()
    }

    /// An error answer with `code` and a message containing `needle`.
    #[track_caller]
    pub fn error(&self, want: u16, code: &str, needle: &str) -> Value {
        let v = self.status(want);
        assert_eq!(v["error"], code, "{v}");
        let msg = v["message"].as_str().unwrap_or_default();
        assert!(msg.contains(needle), "{needle:?} not in {msg:?}");
        v
    }
}

/// A Python with prometheus_client, if one is available.
fn prometheus_python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("AIPERTURE_PROMETHEUS_PYTHON") {
        let p = PathBuf::from(p);
        assert!(p.exists(), "AIPERTURE_PROMETHEUS_PYTHON={} does not exist", p.display());
        return Some(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/prometheus-venv/bin/python");
    venv.exists().then_some(venv)
}

fn validate_metrics(text: &str) {
    let Some(python) = prometheus_python() else {
        eprintln!(
            "note: no Python with prometheus_client (set AIPERTURE_PROMETHEUS_PYTHON or run \
             .ci/run); /metrics was checked structurally only"
        );
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/http/check_metrics.py");
    let mut child = std::process::Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python");
    child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("feed metrics");
    let out = child.wait_with_output().expect("python");
    assert!(
        out.status.success(),
        "prometheus_client rejected /metrics:\n{}{}\n--- metrics ---\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn with_env(t: &mut TestEnv, pairs: &[(&str, &str)]) {
    for (k, v) in pairs {
        t.env.push(((*k).to_string(), (*v).to_string()));
    }
}

#[test]
fn http_help_explains_auth_and_binding() {
    let t = TestEnv::new();
    let r = t.run(&["serve", "--help"]);
    r.code(0);
    for needle in ["127.0.0.1:8100", "loopback", "api_key", "admin_key", "Bearer", "SIGTERM"] {
        assert!(r.stdout.contains(needle), "{needle:?} missing:\n{r}");
    }
}

#[test]
fn http_refuses_unsafe_binding_and_weak_keys() {
    let mut t = TestEnv::with_project();
    let r = t.run(&["serve", "--addr", "0.0.0.0:0"]);
    r.code(2);
    assert!(r.stderr.contains("non-loopback address needs an API key"), "{r}");
    with_env(&mut t, &[("AIPERTURE_SERVER_API_KEY", "short")]);
    let r = t.run(&["serve", "--addr", "127.0.0.1:0"]);
    r.code(2);
    assert!(r.stderr.contains("at least 16 characters"), "{r}");
    t.env.clear();
    with_env(
        &mut t,
        &[("AIPERTURE_SERVER_API_KEY", API_KEY), ("AIPERTURE_SERVER_ADMIN_KEY", API_KEY)],
    );
    let r = t.run(&["serve", "--addr", "127.0.0.1:0"]);
    r.code(2);
    assert!(r.stderr.contains("must differ"), "{r}");
}

#[test]
fn http_every_route_round_trips_through_the_library() {
    // Human routes always need the admin key (no loopback exemption: an agent is a loopback
    // client too).
    let mut t = TestEnv::with_project();
    with_env(&mut t, &[("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY)]);
    let s = Server::start(&t, &[]);

    let h = s.get("/health").status(200);
    assert_eq!(h["status"], "healthy", "{h}");
    assert_eq!(h["checks"]["head"]["ok"], true, "{h}");
    assert_eq!(h["checks"]["lock"]["ok"], true, "{h}");

    // check → ask with a challenge; pending lists it.
    let req =
        json!({"tool": "shell", "action": "execute", "scope": "cargo build", "session": "s1"});
    let v = s.post("/permissions/check", &req).status(200);
    assert_eq!(v["decision"], "ask", "{v}");
    assert_eq!(v["format"], 1);
    assert_eq!(v["request"]["session"], "s1");
    let ch = v["challenge"]["id"].as_str().expect("challenge").to_string();
    let p = s.get("/permissions/pending").status(200);
    assert!(p["pending"].as_array().expect("pending").iter().any(|c| c["challenge"]["id"] == ch));
    assert_eq!(s.get("/permissions/pending?org=other").status(200)["count"], 0);

    // record: a mismatched request is refused (and journaled), the right one is recorded once.
    let mut wrong = json!({"challenge": ch, "decision": "allow", "by": "alice",
        "tool": "shell", "action": "execute", "scope": "cargo build --release", "session": "s1"});
    s.human("POST", "/permissions/record", &wrong).error(
        409,
        "challenge_mismatch",
        "different request",
    );
    wrong["challenge"] = json!("ch_aaaaaaaaaaaaaaaaaaaaaaaa");
    wrong["scope"] = json!("cargo build");
    s.human("POST", "/permissions/record", &wrong).error(
        404,
        "challenge_unknown",
        "no such challenge",
    );
    let right = json!({"challenge_id": ch, "decision": "allow", "decided_by": "alice",
        "reasoning": "routine build", "tool": "shell", "action": "execute",
        "scope": "cargo build", "session_id": "s1"});
    let r = s.human("POST", "/permissions/record", &right).status(200);
    assert_eq!(r["recorded"], true, "{r}");
    assert_eq!(r["decision"], "allow");
    // The decider is the credential, never the name in the body.
    assert_eq!((r["by"].as_str(), r["claimed_by"].as_str()), (Some("admin-key"), Some("alice")));
    let decisions: Vec<Value> =
        t.events(&t.store()).into_iter().filter(|e| e["kind"] == "decision").collect();
    assert!(
        !decisions.is_empty() && decisions.iter().all(|e| e["by"] == "admin-key"),
        "{decisions:?}"
    );
    s.human("POST", "/permissions/record", &right).error(409, "challenge_reused", "already used");
    let again = s.post("/permissions/check", &req).status(200);
    assert_eq!(again["decision"], "allow", "session memory: {again}");
    let pats = s.get("/permissions/patterns").status(200);
    assert!(
        pats["patterns"]
            .as_array()
            .expect("patterns")
            .iter()
            .any(|p| p["pattern"] == "cargo build"),
        "{pats}"
    );

    // grant → a check of that task is allowed by it.
    let g = s
        .human(
            "POST",
            "/permissions/grant",
            &json!({"task_id": "t1", "tool": "shell", "action": "execute", "scope": "make *",
                "granted_by": "alice", "ttl": "1h"}),
        )
        .status(200);
    assert!(g["grant"].as_str().is_some_and(|id| id.starts_with("gr_")), "{g}");
    let v = s
        .post(
            "/permissions/check",
            &json!({"tool": "shell", "action": "execute", "scope": "make test", "task": "t1"}),
        )
        .status(200);
    assert_eq!(
        (v["decision"].as_str(), v["decided_by"].as_str()),
        (Some("allow"), Some("task_grant"))
    );
    s.human(
        "POST",
        "/permissions/grant",
        &json!({"task": "t1", "tool": "shell", "action": "x", "scope": "y", "by": "a", "ttl": "soon"}),
    )
    .error(400, "bad_request", "`ttl`");

    // Artifacts: text and base64, show, verify, per task, costs.
    let a = s
        .post(
            "/artifacts/store",
            &json!({"content": "hello", "task": "t1", "tool_name": "shell", "cost_usd": 0.0123,
                "provider": "acme"}),
        )
        .status(200);
    let hello = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assert_eq!(a["id"], hello, "{a}");
    assert_eq!(a["cost_micros"], 12_300);
    let b = s
        .post(
            "/artifacts/store",
            &json!({"content": "AAH/YmluYXJ5", "base64": true, "task": "t1", "cost": "1.5",
                "model": "m1"}),
        )
        .status(200);
    let bin = b["id"].as_str().expect("id").to_string();
    assert_eq!(b["size"], 9);
    s.post("/artifacts/store", &json!({"content": "@@", "base64": true})).error(
        400,
        "bad_request",
        "base64",
    );
    let shown = s.get(&format!("/artifacts/{hello}")).status(200);
    assert_eq!(shown["content"], "hello", "{shown}");
    assert_eq!(shown["entries"][0]["task"], "t1");
    let shown = s.get(&format!("/artifacts/{}", &bin[..10])).status(200);
    assert_eq!(shown["content_base64"], "AAH/YmluYXJ5", "{shown}");
    s.get("/artifacts/deadbeef00").error(404, "not_found", "no artifact");
    s.get("/artifacts/xyz").error(400, "bad_request", "not an artifact id");
    let ok = s.request("POST", &format!("/artifacts/{hello}/verify"), &[], b"").status(200);
    assert_eq!(ok["ok"], true, "{ok}");
    let object = t.store().join("objects/sha256").join(&hello[..2]).join(&hello[2..]);
    std::fs::write(&object, "tampered").expect("tamper");
    let bad = s.request("POST", &format!("/artifacts/{hello}/verify"), &[], b"").status(200);
    assert_eq!(bad["ok"], false, "{bad}");
    assert_eq!(bad["modified"][0], hello);
    let task = s.get("/artifacts/task/t1").status(200);
    assert_eq!(task["count"], 2, "{task}");
    assert_eq!(s.get("/artifacts/task/nope").status(200)["count"], 0);
    let costs = s.get("/artifacts/costs/summary?by=provider").status(200);
    assert_eq!(costs["total"]["cost_micros"], 1_512_300, "{costs}");
    assert_eq!(costs["groups"].as_array().map(Vec::len), Some(2), "{costs}");
    s.get("/artifacts/costs/summary?by=colour").error(400, "bad_request", "`by`");

    // Audit: filters, limit, one event, verify-chain.
    let ev = s.get("/audit/events?kind=check&limit=2").status(200);
    assert_eq!(ev["count"], 2, "{ev}");
    assert!(ev["events"].as_array().expect("events").iter().all(|e| e["event"]["kind"] == "check"));
    let dec = s.get("/audit/events?kind=decision&decision=allow").status(200);
    let dec = dec["events"].as_array().expect("events");
    assert_eq!(dec.len(), 4, "three refusals and one recorded decision: {dec:?}");
    assert!(dec.iter().all(|e| e["event"]["channel"] == "http"));
    assert_eq!(dec.iter().filter(|e| e["event"]["outcome"] == "recorded").count(), 1);
    let s1 = s.get("/audit/events?session=s1&tool=shell").status(200);
    let s1 = s1["events"].as_array().expect("events");
    assert_eq!(s1.len(), 5, "two checks and three decisions on s1's request: {s1:?}");
    s.get("/audit/events?limit=0").error(400, "bad_request", "`limit`");
    s.get("/audit/events?since=yesterday").error(400, "bad_request", "RFC 3339");
    s.get("/audit/events?colour=red").error(400, "bad_request", "unknown query parameter `colour`");
    let one = s.get("/audit/events/1").status(200);
    assert_eq!(one["event"]["seq"], 1, "{one}");
    assert_eq!(one["hash"].as_str().map(str::len), Some(64));
    s.get("/audit/events/99999").error(404, "not_found", "99999");
    s.get("/audit/events/abc").error(400, "bad_request", "not an event seq");
    let chain = s.get("/audit/verify-chain").status(200);
    assert_eq!(chain["intact"], true, "{chain}");

    // Config: read, change (validated and journaled like `config set`), refuse bad changes.
    let c = s.get("/config").status(200);
    let entry = |c: &Value, key: &str| {
        c["entries"].as_array().expect("entries").iter().find(|e| e["key"] == key).cloned()
    };
    assert_eq!(entry(&c, "learning.min_decisions").expect("key")["value"], 10);
    let p = s
        .human("PATCH", "/config", &json!({"settings": {"learning.min_decisions": 12}}))
        .status(200);
    assert_eq!(p["settings"][0]["key"], "learning.min_decisions", "{p}");
    let c = s.get("/config").status(200);
    let e = entry(&c, "learning.min_decisions").expect("key");
    assert_eq!(e["value"], 12, "{e}");
    assert_eq!(e["origin"]["layer"], "store", "{e}");
    t.run(&["config", "get", "learning.min_decisions"]).code(0);
    assert_eq!(t.run(&["config", "get", "learning.min_decisions"]).stdout.trim(), "12");
    s.human("PATCH", "/config", &json!({"settings": {"learning.auto_deny_threshold": 0.99}}))
        .error(400, "bad_request", "must be lower than");
    s.human("PATCH", "/config", &json!({"settings": {"learning.min_decision": 3}})).error(
        400,
        "bad_request",
        "unknown configuration key",
    );
    s.human("PATCH", "/config", &json!({"settings": {"server.addr": "0.0.0.0:80"}})).error(
        400,
        "bad_request",
        "cannot be changed over HTTP",
    );
    s.human("PATCH", "/config", &json!({"settings": {}})).error(400, "bad_request", "empty");
    assert_eq!(t.run(&["config", "get", "learning.min_decisions"]).stdout.trim(), "12");

    // Metrics in Prometheus text format.
    let m = s.get("/metrics");
    assert_eq!(m.status, 200);
    assert!(m.header("content-type").is_some_and(|c| c.starts_with("text/plain; version=0.0.4")));
    let text = m.text();
    for needle in [
        "aiperture_permission_checks_total{decision=\"ask\",decided_by=\"default\"} 1",
        "aiperture_permission_checks_total{decision=\"allow\",decided_by=\"task_grant\"} 1",
        "aiperture_human_decisions_total{decision=\"allow\",outcome=\"recorded\"} 1",
        "aiperture_human_decisions_total{decision=\"allow\",outcome=\"refused\"} 3",
        "# TYPE aiperture_permission_check_duration_seconds histogram",
        "# TYPE aiperture_store_lock_wait_seconds histogram",
        "# TYPE aiperture_journal_bytes gauge",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    validate_metrics(&text);

    // Everything the server did is in the journal, which the CLI verifies.
    let events = t.events(&t.store());
    let seqs: Vec<u64> = events.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>());
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    assert_eq!(r.json()["last_seq"], events.len());
    let appended = text
        .lines()
        .find_map(|l| l.strip_prefix("aiperture_journal_appends_total "))
        .and_then(|n| n.parse::<usize>().ok());
    assert_eq!(appended, Some(events.len()), "every event came from the server");
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

/// `GET /permissions/pending` lists what `aiperture pending` lists: open asks, one entry per
/// request with a count and its newest challenge; a session filter groups only that session's
/// challenges, and denies are not listed.
#[test]
fn http_pending_groups_asks_by_request_as_the_cli_does() {
    let t = TestEnv::with_project();
    let s = Server::start(&t, &[]);
    let ask = |session: &str| {
        let req = json!({"tool": "shell", "action": "execute", "scope": "cargo build",
            "session": session});
        let v = s.post("/permissions/check", &req).status(200);
        assert_eq!(v["decision"], "ask", "{v}");
        v["challenge"]["id"].clone()
    };
    let first = ask("s1");
    let newest = ask("s2");
    let other =
        json!({"tool": "shell", "action": "execute", "scope": "make dist", "session": "s1"});
    let other_id = s.post("/permissions/check", &other).status(200)["challenge"]["id"].clone();
    let p = s.get("/permissions/pending").status(200);
    assert_eq!(p["count"], 2, "{p}");
    assert_eq!(p["pending"][0]["count"], 2, "{p}");
    assert_eq!(p["pending"][0]["challenge"]["id"], newest, "{p}");
    assert_eq!(p["pending"][0]["request"]["scope"], "cargo build", "{p}");
    assert!(p["pending"][0]["first_seq"].as_u64().is_some(), "{p}");
    assert_eq!(p["pending"][1]["count"], 1, "{p}");
    assert_eq!(p["pending"][1]["challenge"]["id"], other_id, "{p}");
    let cli = t.run(&["pending", "--json"]).json();
    assert_eq!(cli["pending"], p["pending"], "the CLI and HTTP list the same asks");
    let one = s.get("/permissions/pending?session=s1").status(200);
    assert_eq!(one["count"], 2, "{one}");
    assert_eq!(one["pending"][0]["count"], 1, "{one}");
    assert_eq!(one["pending"][0]["challenge"]["id"], first, "{one}");
}

#[test]
fn http_a_body_many_reads_long_is_read_whole() {
    // The body is read 4 KiB at a time: one of 40 KB, every byte different from its
    // neighbours, must come through whole and in order.
    let t = TestEnv::with_project();
    let s = Server::start(&t, &[]);
    let scope: String = (0..40_000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let scope = format!("echo {scope}");
    let v = s
        .post("/permissions/check", &json!({"tool": "shell", "action": "execute", "scope": scope}))
        .status(200);
    assert_eq!(v["request"]["scope"], scope.as_str(), "{v}");
    assert!(matches!(v["decision"].as_str(), Some("ask" | "deny" | "allow")), "{v}");
}

#[test]
fn http_status_codes_and_limits() {
    let mut t = TestEnv::with_project();
    with_env(
        &mut t,
        &[
            ("AIPERTURE_SERVER_MAX_BODY_BYTES", "2048"),
            ("AIPERTURE_SERVER_READ_TIMEOUT_MS", "1000"),
        ],
    );
    let s = Server::start(&t, &[]);
    s.get("/nope").error(404, "not_found", "/nope");
    let r = s.request("DELETE", "/config", &[], b"");
    r.error(405, "method_not_allowed", "GET, PATCH");
    assert_eq!(r.header("allow"), Some("GET, PATCH"));
    assert_eq!(s.get("/permissions/check").header("allow"), Some("POST"));
    let json = [("Content-Type", "application/json")];
    s.request("POST", "/permissions/check", &json, b"{\"tool\": ").error(
        400,
        "bad_request",
        "malformed JSON body: EOF while parsing",
    );
    s.request(
        "POST",
        "/permissions/check",
        &json,
        b"{\"tool\":\"a\",\"action\":\"b\",\"scope\":\"c\",\"colour\":1}",
    )
    .error(400, "bad_request", "unknown field `colour`");
    s.request("POST", "/permissions/check", &json, b"").error(400, "bad_request", "JSON object");
    s.request(
        "POST",
        "/permissions/check",
        &json,
        b"{\"tool\":\"\",\"action\":\"b\",\"scope\":\"c\"}",
    )
    .error(400, "bad_request", "tool is empty");
    s.request(
        "POST",
        "/permissions/check",
        &json,
        b"{\"tool\":\"a\",\"action\":\"b\",\"scope\":\"c\",\"permissions\":[{}]}",
    )
    .error(400, "bad_request", "policy.toml");
    s.request("POST", "/permissions/check", &[("Content-Type", "text/plain")], b"{}").error(
        415,
        "unsupported_media_type",
        "application/json",
    );
    // 413: declared too large (not read), and chunked past the limit.
    let big = vec![b'x'; 5000];
    s.request("POST", "/permissions/check", &json, &big).error(413, "payload_too_large", "2048");
    let mut chunked = format!(
        "POST /artifacts/store HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: \
         application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        s.addr
    )
    .into_bytes();
    for _ in 0..3 {
        chunked.extend_from_slice(b"400\r\n");
        chunked.extend_from_slice(&[b' '; 0x400]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    s.raw(&chunked).error(413, "payload_too_large", "more than 2048");
    // An absurd Content-Length is refused without being read, and the server lives on.
    let absurd = format!(
        "POST /permissions/check HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: 1000000000000000\r\n\r\n",
        s.addr
    );
    let mut c = s.connect();
    c.write_all(absurd.as_bytes()).expect("write");
    let mut head = [0u8; 12];
    c.read_exact(&mut head).expect("read status");
    assert_eq!(&head, b"HTTP/1.1 413");
    drop(c);
    // 408: a body that stops arriving.
    let mut c = s.connect();
    let slow = format!(
        "POST /permissions/check HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: 1500\r\n\r\n{{\"tool\":",
        s.addr
    );
    c.write_all(slow.as_bytes()).expect("write");
    let started = Instant::now();
    let mut buf = Vec::new();
    let _ = c.read_to_end(&mut buf);
    Resp::parse(&buf).error(408, "request_timeout", "did not arrive within 1000 ms");
    assert!(started.elapsed() < Duration::from_secs(10));
    // DNS rebinding: a loopback server answers only for loopback host names.
    let r = s.raw(b"GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    r.error(403, "forbidden", "DNS rebinding");
    let r = s.raw(
        format!(
            "GET /health HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            s.port()
        )
        .as_bytes(),
    );
    assert_eq!(r.status(200)["status"], "healthy");
    let m = s.get("/metrics").text();
    assert!(m.contains("aiperture_http_connections_leaked_total 1"), "{m}");
    assert!(m.contains("route=\"check\",status=\"413\""), "{m}");
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

#[test]
fn http_api_and_admin_keys() {
    let mut t = TestEnv::with_project();
    with_env(
        &mut t,
        &[("AIPERTURE_SERVER_API_KEY", API_KEY), ("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY)],
    );
    let s = Server::start(&t, &[]);
    // /health is open, but details are for authorised callers only.
    let h = s.get("/health").status(200);
    assert!(h["checks"]["head"].get("detail").is_none(), "{h}");
    let h = s.get_as("/health", API_KEY).status(200);
    assert!(h["checks"]["head"]["detail"].is_string(), "{h}");

    let req = json!({"tool": "shell", "action": "execute", "scope": "ls"});
    let r = s.post("/permissions/check", &req);
    r.error(401, "unauthorized", "needs the API key");
    assert_eq!(r.header("www-authenticate"), Some("Bearer realm=\"aiperture\""));
    s.send_as("POST", "/permissions/check", "agent-key-wrong-0123456789", &req).error(
        401,
        "unauthorized",
        "wrong",
    );
    let body = serde_json::to_vec(&req).expect("json");
    s.request(
        "POST",
        "/permissions/check",
        &[("Content-Type", "application/json"), ("Authorization", &format!("Basic {API_KEY}"))],
        &body,
    )
    .error(401, "unauthorized", "needs the API key");
    let v = s.send_as("POST", "/permissions/check", API_KEY, &req).status(200);
    let ch = v["challenge"]["id"].as_str().expect("challenge").to_string();
    s.send_as("POST", "/permissions/check", ADMIN_KEY, &req).status(200);
    s.get("/metrics").error(401, "unauthorized", "API key");
    assert_eq!(s.get_as("/metrics", API_KEY).status, 200);
    s.get("/audit/events").error(401, "unauthorized", "API key");

    // Human routes: the API key is not enough.
    let rec = json!({"challenge": ch, "decision": "deny", "by": "bob",
        "tool": "shell", "action": "execute", "scope": "ls"});
    s.send_as("POST", "/permissions/record", API_KEY, &rec).error(
        401,
        "unauthorized",
        "API key does not open",
    );
    s.post("/permissions/record", &rec).error(401, "unauthorized", "admin key");
    let r = s.send_as("POST", "/permissions/record", ADMIN_KEY, &rec).status(200);
    assert_eq!(r["decision"], "deny", "{r}");
    let patch = json!({"settings": {"decision.default": "deny"}});
    s.send_as("PATCH", "/config", API_KEY, &patch).error(401, "unauthorized", "admin key");
    s.send_as("PATCH", "/config", ADMIN_KEY, &patch).status(200);
    let grant = json!({"task": "t", "tool": "*", "action": "*", "scope": "*", "by": "mallory"});
    s.send_as("POST", "/permissions/grant", API_KEY, &grant).error(401, "unauthorized", "admin");

    // Keys never leave the server.
    let c = s.get_as("/config", API_KEY);
    let text = c.text();
    assert!(!text.contains(API_KEY) && !text.contains(ADMIN_KEY), "{text}");
    assert!(text.contains("<redacted>"), "{text}");
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
    assert!(!log.contains(API_KEY) && !log.contains(ADMIN_KEY), "{log}");
}

#[test]
fn http_slow_and_silent_clients_cannot_exhaust_the_pool() {
    let mut t = TestEnv::with_project();
    with_env(&mut t, &[("AIPERTURE_SERVER_READ_TIMEOUT_MS", "1000")]);
    let s = Server::start(&t, &["--workers", "2"]);
    let mut held = Vec::new();
    for i in 0..12 {
        let mut c = s.connect();
        match i % 3 {
            0 => {}
            1 => {
                c.write_all(b"POST /permissions/check HTTP/1.1\r\nHost: 127.0.0.1\r\n").expect("w");
            }
            _ => c
                .write_all(
                    b"POST /permissions/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \
                      application/json\r\nContent-Length: 4000\r\n\r\n{\"tool\"",
                )
                .expect("w"),
        }
        held.push(c);
    }
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let h = s.get("/health").status(200);
    assert_eq!(h["status"], "healthy");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    // The stalled connections are closed by the server, not left to the clients.
    std::thread::sleep(Duration::from_millis(2500));
    for mut c in held {
        c.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        let mut buf = Vec::new();
        let closed = c.read_to_end(&mut buf).is_ok();
        assert!(closed, "a stalled connection is still open");
    }
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

#[test]
fn http_a_configuration_change_applies_from_the_next_request() {
    // A check looks at the configuration's files once per request: a change made between two
    // requests (here by a human's `config set`) decides the very next one.
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let s = Server::start(&t, &[]);
    let check = |scope: &str| {
        s.post(
            "/permissions/check",
            &json!({"tool": "shell", "action": "execute", "scope": scope, "session": "s"}),
        )
        .status(200)
    };
    for i in 0..3 {
        let v = check(&format!("echo before {i}"));
        assert_eq!(v["decision"], "ask", "{v}");
    }
    t.run(&["config", "set", "session.rate_limit_per_minute", "2"]).code(0);
    let v = check("echo after");
    assert_eq!(v["decision"], "deny", "{v}");
    assert_eq!(v["decided_by"], "rate_limit", "{v}");
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

#[test]
fn http_server_and_cli_share_one_store() {
    let mut t = TestEnv::with_project();
    with_env(&mut t, &[("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY)]);
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let s = Server::start(&t, &[]);
    let (http_seqs, cli_challenges): (Vec<u64>, Vec<String>) = std::thread::scope(|sc| {
        let http: Vec<_> = (0..HTTP_CLIENTS)
            .map(|w| {
                let s = &s;
                sc.spawn(move || {
                    (0..HTTP_CHECKS)
                        .map(|i| {
                            let v = s
                                .post(
                                    "/permissions/check",
                                    &json!({"tool": "shell", "action": "execute",
                                        "scope": format!("echo http {w} {i}"), "session": format!("h{w}")}),
                                )
                                .status(200);
                            v["seq"].as_u64().expect("seq")
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let cli: Vec<_> = (0..CLI_CLIENTS)
            .map(|w| {
                let t = &t;
                sc.spawn(move || {
                    (0..CLI_CHECKS)
                        .map(|i| {
                            let v =
                                t.check_json("shell", "execute", &format!("echo cli {w} {i}"), &[]);
                            TestEnv::challenge(&v)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        (
            http.into_iter().flat_map(|h| h.join().expect("http")).collect(),
            cli.into_iter().flat_map(|h| h.join().expect("cli")).collect(),
        )
    });
    // A challenge issued by the CLI is decided over HTTP, and one issued over HTTP by the CLI.
    let v = s
        .post(
            "/permissions/check",
            &json!({"tool": "shell", "action": "execute", "scope": "echo x"}),
        )
        .status(200);
    let http_ch = v["challenge"]["id"].as_str().expect("challenge").to_string();
    t.run(&["approve", &http_ch, "--yes", "--by", "carol"]).code(0);
    let rec = json!({"challenge": cli_challenges[0], "decision": "deny", "by": "dave",
        "tool": "shell", "action": "execute", "scope": "echo cli 0 0"});
    s.human("POST", "/permissions/record", &rec).status(200);

    let events = t.events(&t.store());
    let expected = 1 + HTTP_CLIENTS * HTTP_CHECKS + CLI_CLIENTS * CLI_CHECKS + 1 + 2;
    assert_eq!(events.len(), expected);
    let seqs: Vec<u64> = events.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!(seqs, (1..=expected as u64).collect::<Vec<_>>(), "seq must be contiguous");
    for seq in &http_seqs {
        let e = &events[(*seq - 1) as usize];
        assert_eq!(e["kind"], "check", "{e}");
        assert!(e["request"]["scope"].as_str().is_some_and(|s| s.starts_with("echo http")));
    }
    let channels: Vec<&str> = events
        .iter()
        .filter(|e| e["kind"] == "decision")
        .filter_map(|e| e["channel"].as_str())
        .collect();
    assert_eq!(channels, ["cli", "http"]);
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    assert_eq!(r.json()["last_seq"], expected);
    assert_eq!(s.get("/audit/verify-chain").status(200)["last_seq"], expected);
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

#[test]
fn http_sigterm_drains_in_flight_requests_and_exits_zero() {
    use aiperture::store::lock::{StoreLock, Wait};
    let t = TestEnv::with_project();
    let s = Server::start(&t, &[]);
    s.post("/permissions/check", &json!({"tool": "shell", "action": "execute", "scope": "ls"}))
        .status(200);
    // Hold the store lock so the next check is in flight when the signal arrives.
    let lock = StoreLock::acquire(&t.store().join("lock"), Wait::Block, &mut |_| {}).expect("lock");
    let in_flight = std::thread::scope(|sc| {
        let pending = sc.spawn(|| {
            s.post(
                "/permissions/check",
                &json!({"tool": "shell", "action": "execute", "scope": "pwd"}),
            )
        });
        std::thread::sleep(Duration::from_millis(400));
        let ok = std::process::Command::new("kill")
            .args(["-TERM", &s.pid().to_string()])
            .status()
            .expect("kill");
        assert!(ok.success());
        std::thread::sleep(Duration::from_millis(400));
        drop(lock);
        pending.join().expect("request")
    });
    let v = in_flight.status(200);
    assert_eq!(v["request"]["scope"], "pwd", "{v}");
    let (code, log) = s.stop_after_signal();
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("stopped after 2 requests"), "{log}");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    assert_eq!(r.json()["last_seq"], 2);
}

impl Server {
    /// Wait for a server that was already signalled.
    fn stop_after_signal(mut self) -> (i32, String) {
        let mut child = self.child.take().expect("child");
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(s) = child.try_wait().expect("try_wait") {
                break s;
            }
            assert!(Instant::now() < deadline, "serve did not exit after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        };
        std::thread::sleep(Duration::from_millis(100));
        (status.code().unwrap_or(-1), self.stderr.lock().expect("log").clone())
    }
}

#[test]
fn http_explain_and_revoke() {
    let mut t = TestEnv::with_project();
    with_env(&mut t, &[("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY)]);
    let s = Server::start(&t, &[]);
    let v = s
        .get("/permissions/explain?tool=shell&action=execute&scope=sudo%20rm%20-rf%20build")
        .status(200);
    assert_eq!(v["analysis"]["risk"]["tier"], "high", "{v}");
    assert!(v["analysis"]["commands"].as_array().is_some_and(|c| c.len() >= 2), "{v}");
    s.get("/permissions/explain?tool=shell&action=execute").error(
        400,
        "bad_request",
        "`scope` is required",
    );
    // Teach something through the CLI, then revoke it over HTTP (a human route: the admin key).
    let id = TestEnv::challenge(&t.check_json("shell", "execute", "npm test", &[]));
    t.run(&["approve", &id, "--yes"]).code(0);
    let body = json!({"tool": "shell", "action": "execute", "pattern": "npm *", "by": "alice", "dry_run": true});
    let dry = s.human("POST", "/permissions/revoke", &body).status(200);
    assert_eq!(dry["decisions"], 1, "{dry}");
    assert!(dry["seq"].is_null());
    let body =
        json!({"tool": "shell", "action": "execute", "scope": "npm *", "revoked_by": "alice"});
    let done = s.human("POST", "/permissions/revoke", &body).status(200);
    assert_eq!(done["decisions"], 1, "{done}");
    assert!(done["seq"].as_u64().is_some());
    s.human("POST", "/permissions/revoke", &json!({"tool": "shell"})).error(
        400,
        "bad_request",
        "missing field",
    );
    assert!(t.events(&t.store()).iter().any(|e| e["kind"] == "revoke" && e["by"] == "admin-key"));
}

/// Fuzzing the HTTP bodies: arbitrary bytes and arbitrary JSON to every POST route of one
/// running server. Each answer is a JSON error or result with a known status, never a crash
/// (the server still answers `/health` at the end) and never a 5xx.
#[test]
fn http_arbitrary_bodies_get_json_answers() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let mut t = TestEnv::with_project();
    with_env(&mut t, &[("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY)]);
    let s = Server::start(&t, &[]);
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300),
        prop::collection::btree_map("[a-z_]{1,12}", ".{0,20}", 0..6)
            .prop_map(|m| serde_json::to_vec(&m).unwrap_or_default()),
        ("[a-z]{0,8}", "[a-z]{0,8}", ".{0,60}").prop_map(|(tool, action, scope)| {
            serde_json::to_vec(&json!({"tool": tool, "action": action, "scope": scope}))
                .unwrap_or_default()
        }),
    ];
    let routes = prop::sample::select(vec![
        "/permissions/check",
        "/permissions/record",
        "/permissions/grant",
        "/permissions/revoke",
        "/artifacts/store",
        "/artifacts/sha256:00/verify",
    ]);
    let mut runner = TestRunner::new(Config { cases: 200, ..Config::default() });
    // With the admin key, so that bodies reach the human routes' parsers too.
    let auth = format!("Bearer {ADMIN_KEY}");
    let json_header = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    let result = runner.run(&(routes, body), |(route, body)| {
        let r = s.request("POST", route, &json_header, &body);
        prop_assert!(
            matches!(r.status, 200 | 400 | 401 | 403 | 404 | 405 | 409 | 413 | 422),
            "{route}: {} {}",
            r.status,
            r.text()
        );
        prop_assert_eq!(r.header("content-type"), Some("application/json"));
        prop_assert!(serde_json::from_slice::<Value>(&r.body).is_ok(), "{}", r.text());
        Ok(())
    });
    assert!(result.is_ok(), "{result:?}");
    s.get("/health").status(200);
}

/// Human and config routes need the admin key from every client, loopback included: without
/// one configured they are refused with a JSON error that says how to set one, and nothing is
/// recorded, granted, revoked or changed.
#[test]
fn http_human_routes_without_an_admin_key_are_refused_on_loopback() {
    let t = TestEnv::with_project();
    let s = Server::start(&t, &[]);
    let v = s
        .post(
            "/permissions/check",
            &json!({"tool": "shell", "action": "execute",
        "scope": "cargo build"}),
        )
        .status(200);
    let ch = v["challenge"]["id"].as_str().expect("challenge").to_string();
    let before = t.events(&t.store()).len();
    let cases = [
        (
            "POST",
            "/permissions/record",
            json!({"challenge": ch, "decision": "allow", "by": "me",
            "tool": "shell", "action": "execute", "scope": "cargo build"}),
        ),
        (
            "POST",
            "/permissions/grant",
            json!({"task": "t", "tool": "*", "action": "*",
            "scope": "*", "by": "me"}),
        ),
        (
            "POST",
            "/permissions/revoke",
            json!({"tool": "shell", "action": "execute",
            "pattern": "*", "by": "me"}),
        ),
        ("PATCH", "/config", json!({"settings": {"learning.min_decisions": 1}})),
    ];
    for (method, path, body) in &cases {
        let e = s.send(method, path, body).error(403, "forbidden", "AIPERTURE_SERVER_ADMIN_KEY");
        assert!(e["message"].as_str().is_some_and(|m| m.contains("loopback included")), "{e}");
        // A key that is not configured opens nothing either.
        s.send_as(method, path, ADMIN_KEY, body).error(403, "forbidden", "admin_key");
    }
    assert_eq!(t.events(&t.store()).len(), before, "nothing was journaled");
    assert_eq!(t.run(&["config", "get", "learning.min_decisions"]).stdout.trim(), "10");
    // The agent route still works, and the challenge is still open.
    let p = s.get("/permissions/pending").status(200);
    assert_eq!(p["count"], 1, "{p}");
}

/// One keep-alive HTTP/1.1 connection that times each request.
struct KeepAlive {
    w: TcpStream,
    r: BufReader<TcpStream>,
    host: String,
}

impl KeepAlive {
    fn connect(addr: &str) -> KeepAlive {
        let w = TcpStream::connect(addr).expect("connect");
        w.set_nodelay(true).expect("nodelay");
        // Far above the bound below: a stalled answer is measured, not cut short.
        w.set_read_timeout(Some(Duration::from_secs(15))).expect("timeout");
        let r = BufReader::new(w.try_clone().expect("clone"));
        KeepAlive { w, r, host: addr.to_string() }
    }

    /// `GET path` and read the whole answer: how long it took, or what went wrong.
    fn get(&mut self, path: &str) -> Result<Duration, String> {
        let started = Instant::now();
        let req = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        self.w.write_all(req.as_bytes()).map_err(|e| format!("send: {e}"))?;
        let mut line = String::new();
        self.r
            .read_line(&mut line)
            .map_err(|e| format!("read after {:?}: {e}", started.elapsed()))?;
        if !line.starts_with("HTTP/1.1 200") {
            return Err(format!("status line {line:?}"));
        }
        let mut len = None;
        loop {
            line.clear();
            self.r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; len.ok_or("no Content-Length")?];
        self.r.read_exact(&mut body).map_err(|e| format!("read body: {e}"))?;
        Ok(started.elapsed())
    }
}

/// What one client saw: a label and each request's latency (or failure).
type Seen = Vec<(&'static str, Result<Duration, String>)>;

/// Requests on each connection, one after another, until `until`; every latency (or failure),
/// labelled `what`, and the connections, still open.
fn hammer(conns: Vec<KeepAlive>, until: Instant, what: &'static str) -> (Seen, Vec<KeepAlive>) {
    std::thread::scope(|s| {
        let handles: Vec<_> = conns
            .into_iter()
            .map(|mut c| {
                s.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let r = c.get("/metrics");
                        let failed = r.is_err();
                        out.push((what, r));
                        if failed || Instant::now() >= until {
                            return (out, c);
                        }
                        // Busy, not flat out: the stall is per connection, not under load.
                        std::thread::sleep(Duration::from_millis(2));
                    }
                })
            })
            .collect();
        let mut seen = Vec::new();
        let mut open = Vec::new();
        for h in handles {
            let (s, c) = h.join().expect("client thread");
            seen.extend(s);
            open.push(c);
        }
        (seen, open)
    })
}

/// Issue 19: every request is answered promptly while keep-alive connections arrive in
/// bursts, long-lived ones stay busy, others sit idle and short-lived ones come and go.
/// tiny_http 0.12's connection pool could queue a connection of a burst with no thread to read
/// it; it was read only when another connection arrived or ended (with the server's accept
/// waker, one per `read_timeout / 4`: 2 s here), so an agent's hook hung for seconds. A
/// request takes milliseconds; the bound is generous for a loaded machine and far below the
/// stall.
#[test]
fn http_bursts_of_connections_are_answered_without_stalls() {
    const BOUND: Duration = Duration::from_secs(1);
    const BURST: usize = 8;
    let mut t = TestEnv::with_project();
    with_env(&mut t, &[("AIPERTURE_SERVER_READ_TIMEOUT_MS", "8000")]);
    let s = Server::start(&t, &["--workers", "4"]);
    let mut all = Vec::new();
    // 1. Bursts of keep-alive clients (agents starting together) on a quiet server: the
    //    first on a fresh one, the next after a few connections ended, so each meets a few
    //    idle connection threads. Each burst's connections stay open (idle) afterwards, as
    //    do a few connections that never send anything.
    let mut held: Vec<KeepAlive> = Vec::new();
    let silent: Vec<TcpStream> = (0..3).map(|_| s.connect()).collect();
    for _ in 0..3 {
        let burst: Vec<KeepAlive> = (0..BURST).map(|_| KeepAlive::connect(&s.addr)).collect();
        let (seen, open) = hammer(burst, Instant::now() + Duration::from_millis(800), "burst");
        all.extend(seen);
        held.extend(open);
        held.drain(..BURST / 2);
    }
    // 2. Long-lived clients keep going while short-lived ones (a connection per request)
    //    come and go and more bursts arrive.
    let until = Instant::now() + Duration::from_millis(2500);
    let long: Vec<KeepAlive> = (0..2).map(|_| KeepAlive::connect(&s.addr)).collect();
    std::thread::scope(|sc| {
        let long = sc.spawn(move || hammer(long, until, "long-lived").0);
        let short: Vec<_> = (0..3)
            .map(|_| {
                let addr = s.addr.clone();
                sc.spawn(move || {
                    let mut out = Vec::new();
                    while Instant::now() < until {
                        let r = KeepAlive::connect(&addr).get("/metrics");
                        let failed = r.is_err();
                        out.push(("short-lived", r));
                        if failed {
                            break;
                        }
                    }
                    out
                })
            })
            .collect();
        let mut bursts = Vec::new();
        while Instant::now() + Duration::from_millis(500) < until {
            let b: Vec<KeepAlive> = (0..BURST).map(|_| KeepAlive::connect(&s.addr)).collect();
            let (seen, _) = hammer(b, Instant::now() + Duration::from_millis(300), "mixed burst");
            bursts.extend(seen);
            std::thread::sleep(Duration::from_millis(200));
        }
        all.extend(bursts);
        all.extend(long.join().expect("long-lived clients"));
        for h in short {
            all.extend(h.join().expect("short-lived client"));
        }
    });
    drop((held, silent));
    let failures: Vec<_> = all.iter().filter(|(_, r)| r.is_err()).collect();
    assert!(failures.is_empty(), "failed requests: {failures:?}");
    let mut times: Vec<(Duration, &str)> =
        all.iter().filter_map(|(w, r)| r.as_ref().ok().map(|d| (*d, *w))).collect();
    times.sort();
    assert!(times.len() > 50, "only {} requests were answered", times.len());
    eprintln!("{} requests, slowest {:?}", times.len(), times.last());
    let slow: Vec<_> = times.iter().filter(|(d, _)| *d > BOUND).collect();
    assert!(
        slow.is_empty(),
        "{} of {} requests took more than {BOUND:?} (median {:?}): {slow:?}",
        slow.len(),
        times.len(),
        times[times.len() / 2].0
    );
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

/// The value of an unlabelled counter in `/metrics`.
fn counter(s: &Server, name: &str) -> u64 {
    let text = s.get("/metrics").text();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics:\n{text}"))
}

/// Issue 19, group commit: with the default `fsync` durability, concurrent checks share
/// journal syncs, every check is answered with its own event, the journal is contiguous and
/// verifies, HEAD records its end (verify-chain compares them), nothing was recovered (the
/// store lock is never released with HEAD behind), and once the server is idle the lock is
/// free for another process.
#[test]
fn http_concurrent_checks_share_journal_syncs() {
    const CLIENTS: usize = 8;
    const CHECKS: usize = 30;
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    assert_eq!(t.run(&["config", "get", "journal.durability"]).stdout.trim(), "fsync");
    let before = t.events(&t.store()).len() as u64;
    let s = Server::start(&t, &["--workers", "8"]);
    let syncs_before = counter(&s, "aiperture_journal_syncs_total");
    let mut seqs: Vec<u64> = std::thread::scope(|sc| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|w| {
                let s = &s;
                sc.spawn(move || {
                    (0..CHECKS)
                        .map(|i| {
                            let v = s
                                .post(
                                    "/permissions/check",
                                    &json!({"tool": "shell", "action": "execute",
                                        "scope": format!("make group-{w}-{i}")}),
                                )
                                .status(200);
                            assert_eq!(v["decision"], "ask", "{v}");
                            v["seq"].as_u64().expect("seq")
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        clients.into_iter().flat_map(|h| h.join().expect("client")).collect()
    });
    let total = (CLIENTS * CHECKS) as u64;
    seqs.sort_unstable();
    assert_eq!(seqs, (before + 1..=before + total).collect::<Vec<_>>(), "one event per check");
    let syncs = counter(&s, "aiperture_journal_syncs_total") - syncs_before;
    eprintln!("{total} checks, {syncs} journal syncs");
    assert!(syncs >= 1, "the checks were never synced");
    assert!(syncs < total, "{syncs} syncs for {total} checks: no sync was shared");
    // Idle: the lock is free for another process, which finds HEAD at the journal's end.
    t.run(&["--no-wait", "check", "shell", "execute", "make after"]).code(3);
    let events = t.events(&t.store());
    assert_eq!(events.len() as u64, before + total + 1);
    assert!(events.iter().all(|e| e["kind"] != "recovered"), "nothing is recovered");
    let r = t.run(&["verify-chain", "--json"]);
    r.code(0);
    assert_eq!(r.json()["last_seq"], before + total + 1);
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

/// Issue 19, group commit: a journal sync that fails (a device error, injected) fails every
/// request whose events it should have made durable (500, never a verdict); the next request
/// opens the store from disk, syncs and records the lines past HEAD as `recovered`, and the
/// server goes on deciding. The journal verifies.
#[test]
fn http_a_failed_journal_sync_fails_its_requests_and_the_next_one_recovers() {
    let mut t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    with_env(&mut t, &[("AIPERTURE_FAULT", "sync:3")]);
    let s = Server::start(&t, &["--workers", "2"]);
    let check = |i: usize| {
        s.post(
            "/permissions/check",
            &json!({"tool": "shell", "action": "execute", "scope": format!("make sync-{i}")}),
        )
    };
    check(1).status(200);
    check(2).status(200);
    let failed = check(3).error(500, "store_error", "durable");
    assert!(failed.get("decision").is_none(), "{failed}");
    let after = check(4).status(200);
    assert_eq!(after["decision"], "ask", "{after}");
    check(5).status(200);
    assert_eq!(t.recoveries(), ["head_behind"]);
    // The failed check's event is in the journal (written, its sync failed), before the
    // recovery; the checks after it follow.
    assert_eq!(
        t.checked_scopes(),
        ["make sync-1", "make sync-2", "make sync-3", "make sync-4", "make sync-5"]
    );
    t.run(&["verify-chain"]).code(0);
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

/// Issue 19, group commit: while 8 clients keep the server busy (so its group holds the store
/// lock across requests), the CLI still gets the store: the group lets go when it has held the
/// lock for `HOLD` (20 ms). Each CLI check must finish within a bound far above that (a hang
/// detector, not a benchmark), and nothing is lost or recovered.
#[test]
fn http_a_busy_server_still_lets_the_cli_take_the_store() {
    const CLIENTS: usize = 8;
    const BOUND: Duration = Duration::from_secs(10);
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let before = t.events(&t.store()).len();
    let s = Server::start(&t, &["--workers", "8"]);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (http, cli) = std::thread::scope(|sc| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|w| {
                let (s, stop) = (&s, &stop);
                sc.spawn(move || {
                    let mut n = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let v = s
                            .post(
                                "/permissions/check",
                                &json!({"tool": "shell", "action": "execute",
                                    "scope": format!("make busy-{w}-{n}")}),
                            )
                            .status(200);
                        assert_eq!(v["decision"], "ask", "{v}");
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        let mut took = Vec::new();
        for i in 0..5 {
            let started = Instant::now();
            t.run(&["check", "shell", "execute", &format!("make cli-{i}")]).code(3);
            took.push(started.elapsed());
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let http: usize = clients.into_iter().map(|h| h.join().expect("client")).sum();
        (http, took)
    });
    eprintln!("{http} HTTP checks; CLI checks took {cli:?}");
    assert!(cli.iter().all(|d| *d < BOUND), "a CLI check waited too long: {cli:?}");
    let events = t.events(&t.store());
    assert_eq!(events.len(), before + http + 5, "every check journaled once");
    assert!(events.iter().all(|e| e["kind"] != "recovered"), "nothing is recovered");
    t.run(&["verify-chain"]).code(0);
    let (code, log) = s.stop();
    assert_eq!(code, 0, "{log}");
}

/// Issue 19, group commit: a server killed (SIGKILL) while 8 clients keep it busy loses no
/// answered verdict: every `seq` a client was given is in the journal with its own check, the
/// chain verifies, and the next writer (the CLI) recovers whatever was written past HEAD.
#[test]
fn http_a_killed_server_loses_no_answered_verdict() {
    const CLIENTS: usize = 8;
    let t = TestEnv::with_project();
    t.run(&["config", "set", "session.rate_limit_per_minute", "0"]).code(0);
    let mut s = Server::start(&t, &["--workers", "8"]);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let answered: Vec<(u64, String)> = std::thread::scope(|sc| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|w| {
                let (addr, stop) = (s.addr.clone(), &stop);
                sc.spawn(move || {
                    let mut got = Vec::new();
                    let mut n = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let scope = format!("make killed-{w}-{n}");
                        let body = json!({"tool": "shell", "action": "execute", "scope": scope})
                            .to_string();
                        let req = format!(
                            "POST /permissions/check HTTP/1.1\r\nHost: {addr}\r\nConnection: \
                             close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                             \r\n{body}",
                            body.len()
                        );
                        // The server may die at any point: a request that fails was not
                        // answered, and promises nothing.
                        let Ok(mut c) = TcpStream::connect(&addr) else { break };
                        let _ = c.set_read_timeout(Some(Duration::from_secs(10)));
                        if c.write_all(req.as_bytes()).is_err() {
                            break;
                        }
                        let mut buf = Vec::new();
                        let _ = c.read_to_end(&mut buf);
                        let text = String::from_utf8_lossy(&buf);
                        if text.starts_with("HTTP/1.1 200")
                            && let Some((_, body)) = text.split_once("\r\n\r\n")
                            && let Ok(v) = serde_json::from_str::<Value>(body)
                            && let Some(seq) = v["seq"].as_u64()
                        {
                            got.push((seq, scope));
                        }
                        n += 1;
                    }
                    got
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(700));
        let mut child = s.child.take().expect("child");
        child.kill().expect("SIGKILL");
        child.wait().expect("wait");
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        clients.into_iter().flat_map(|h| h.join().expect("client")).collect()
    });
    assert!(answered.len() > 20, "only {} checks were answered", answered.len());
    // The next writer finds lines past HEAD (if the kill came between a group's writes and
    // its HEAD) and recovers them; then the journal verifies.
    t.run(&["check", "shell", "execute", "make after-kill"]).code(3);
    t.run(&["verify-chain"]).code(0);
    let events = t.events(&t.store());
    for (seq, scope) in &answered {
        let e = events.iter().find(|e| e["seq"].as_u64() == Some(*seq));
        let e = e.unwrap_or_else(|| panic!("answered seq {seq} ({scope}) is not in the journal"));
        assert_eq!(e["kind"], "check", "{e}");
        assert_eq!(e["request"]["scope"].as_str(), Some(scope.as_str()), "{e}");
    }
    let recovered = events.iter().filter(|e| e["kind"] == "recovered").count();
    eprintln!("{} answered checks kept; {recovered} recovery event(s)", answered.len());
}

#[test]
fn http_people_decide_under_their_own_names() {
    // `server.humans` lists people by the SHA-256 of their keys: a person's key opens the human
    // routes, and what they decide is journaled under their name, never a name in the body.
    let mut t = TestEnv::with_project();
    with_env(&mut t, &[("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY)]);
    let alice = "alice-key-0123456789abcdef";
    let hash = aiperture::encoding::hex(&<sha2::Sha256 as sha2::Digest>::digest(alice));
    // Bad entries are refused with what is expected.
    let r = t.run(&["config", "set", "--user", "server.humans", "[\"alice:1234\"]"]);
    assert_ne!(r.code, 0, "{r}");
    assert!(r.stderr.contains("NAME:SHA256"), "{r}");
    let twice = format!("[\"alice:{hash}\", \"alice:{hash}\"]");
    let r = t.run(&["config", "set", "--user", "server.humans", &twice]);
    assert!(r.stderr.contains("listed twice"), "{r}");
    t.run(&["config", "set", "--user", "server.humans", &format!("[\"alice:{hash}\"]")]).code(0);
    // A project's own config.toml, not reviewed and trusted (a cloned repository's), cannot
    // add a person: the setting is locked to trusted files.
    let mallory = "mallory-key-0123456789abcdef";
    let mallory_hash = aiperture::encoding::hex(&<sha2::Sha256 as sha2::Digest>::digest(mallory));
    t.write(
        ".aiperture/config.toml",
        &format!("[server]\nhumans = [\"mallory:{mallory_hash}\"]\n"),
    );
    let s = Server::start(&t, &[]);

    let check = |scope: &str| {
        let req = json!({"tool": "shell", "action": "execute", "scope": scope});
        // A person's key opens the agent routes too.
        let v = s.send_as("POST", "/permissions/check", alice, &req).status(200);
        assert_eq!(v["decision"], "ask", "{v}");
        let mut body = req;
        body["challenge"] = v["challenge"]["id"].clone();
        body["decision"] = "allow".into();
        body["decided_by"] = "mallory".into();
        body
    };
    let r = s.send_as("POST", "/permissions/record", alice, &check("make people-1")).status(200);
    assert_eq!((r["by"].as_str(), r["claimed_by"].as_str()), (Some("alice"), Some("mallory")));
    let r = s.human("POST", "/permissions/record", &check("make people-2")).status(200);
    assert_eq!(r["by"], "admin-key", "{r}");
    let g = json!({"task": "t1", "tool": "shell", "action": "execute", "scope": "npm test",
                   "by": "mallory"});
    let r = s.send_as("POST", "/permissions/grant", alice, &g).status(200);
    assert_eq!(r["by"], "alice", "{r}");
    // Neither a guess nor a person the untrusted project file names opens a human route.
    s.send_as("POST", "/permissions/record", "not-a-listed-key-0123", &check("make people-3"))
        .error(401, "unauthorized", "neither the admin key nor a listed person's");
    s.send_as("POST", "/permissions/record", mallory, &check("make people-4")).error(
        401,
        "unauthorized",
        "neither the admin key nor a listed person's",
    );

    let deciders: Vec<(String, String)> = t
        .events(&t.store())
        .iter()
        .filter(|e| e["kind"] == "decision" || e["kind"] == "grant")
        .map(|e| {
            (
                e["kind"].as_str().unwrap_or("").to_string(),
                e["by"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        deciders,
        [
            ("decision".to_string(), "alice".to_string()),
            ("decision".to_string(), "admin-key".to_string()),
            ("grant".to_string(), "alice".to_string()),
        ]
    );
}

#[test]
fn http_human_decisions_are_limited_per_credential() {
    // A stolen key cannot approve at machine speed: each credential may make
    // `server.decisions_per_minute` human decisions a minute, counted apart.
    let mut t = TestEnv::with_project();
    let alice = "alice-key-0123456789abcdef";
    let hash = aiperture::encoding::hex(&<sha2::Sha256 as sha2::Digest>::digest(alice));
    with_env(
        &mut t,
        &[
            ("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY),
            ("AIPERTURE_SERVER_DECISIONS_PER_MINUTE", "2"),
        ],
    );
    t.run(&["config", "set", "--user", "server.humans", &format!("[\"alice:{hash}\"]")]).code(0);
    let s = Server::start(&t, &[]);
    let ask = |n: u32| {
        let req = json!({"tool": "shell", "action": "execute", "scope": format!("make limit-{n}")});
        let v = s.post("/permissions/check", &req).status(200);
        let mut body = req;
        body["challenge"] = v["challenge"]["id"].clone();
        body["decision"] = "deny".into();
        body
    };
    s.send_as("POST", "/permissions/record", alice, &ask(1)).status(200);
    s.send_as("POST", "/permissions/record", alice, &ask(2)).status(200);
    let third = ask(3);
    let r = s.send_as("POST", "/permissions/record", alice, &third);
    r.error(429, "too_many_decisions", "alice made 2 human decisions in the last minute");
    assert!(r.header("retry-after").is_some_and(|v| v.parse::<u64>().is_ok_and(|n| n <= 61)));
    // Refused before anything was journaled: the challenge is still open for someone else.
    s.human("POST", "/permissions/record", &third).status(200);
    // A dry run decides nothing and is not counted.
    let dry = json!({"tool": "shell", "action": "execute", "pattern": "make *", "dry_run": true});
    s.send_as("POST", "/permissions/revoke", alice, &dry).status(200);
    let grant = json!({"task": "t", "tool": "shell", "action": "execute", "scope": "npm test"});
    s.send_as("POST", "/permissions/grant", alice, &grant).error(
        429,
        "too_many_decisions",
        "server.decisions_per_minute",
    );
}
