//! Property-based fuzzing of every parser that reads outside input: journal lines, agent hook
//! payloads, MCP messages, configuration and policy TOML. The properties: no panic, no hang
//! (each case is bounded), and for the hooks, no input ever produces an allow.
//!
//! `cargo test --test cli fuzz` runs 256 cases per property (the proptest default, within
//! CI's time). A longer run: `PROPTEST_CASES=100000 cargo test --release --test cli fuzz`.

use std::io::Cursor;
use std::path::Path;

use aiperture::config::{self, Sources};
use aiperture::hooks::{Host, Reply};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A host whose store cannot be opened: every decision path must end in "not allowed".
struct NoStore;

impl Host for NoStore {
    fn now(&mut self) -> aiperture::error::Result<chrono::DateTime<chrono::Utc>> {
        Ok(chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z").map_or_else(
            |_| chrono::DateTime::<chrono::Utc>::MIN_UTC,
            |t| t.with_timezone(&chrono::Utc),
        ))
    }
    fn engine(&mut self, _: Option<&Path>) -> aiperture::error::Result<aiperture::engine::Engine> {
        Err(aiperture::error::Error::Invalid("no store in this test".into()))
    }
    fn user(&self) -> String {
        "fuzz".into()
    }
}

/// Whether a hook reply lets the call through by itself.
fn allows(reply: &Reply) -> bool {
    let Ok(v) = serde_json::from_str::<Value>(&reply.stdout) else { return false };
    let out = &v["hookSpecificOutput"];
    out["permissionDecision"] == "allow"
        || out["decision"]["behavior"] == "allow"
        || v["permission"] == "allow"
        || v["decision"] == "allow"
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const EVENTS: &[&str] = &[
    "PreToolUse",
    "PermissionRequest",
    "PostToolUse",
    "PostToolUseFailure",
    "SessionStart",
    "BeforeTool",
    "AfterTool",
    "beforeShellExecution",
    "beforeMCPExecution",
    "beforeReadFile",
    "afterShellExecution",
    "sessionStart",
];

/// Hook events with a known name and arbitrary other fields.
fn arb_event() -> impl Strategy<Value = Value> {
    (prop::sample::select(EVENTS), arb_json(), arb_json(), ".{0,30}", ".{0,60}").prop_map(
        |(name, input, extra, tool, cwd)| {
            json!({
                "hook_event_name": name,
                "session_id": "s",
                "cwd": cwd,
                "tool_name": tool,
                "tool_input": input,
                "command": tool,
                "file_path": cwd,
                "extra": extra,
            })
        },
    )
}

fn handle_all(payload: &[u8]) -> Vec<Reply> {
    let mut h = NoStore;
    vec![
        aiperture::hooks::claude_code::handle(
            payload,
            &mut h,
            aiperture::hooks::claude_code::Options::default(),
        ),
        aiperture::hooks::codex::handle(payload, &mut h),
        aiperture::hooks::gemini::handle(payload, &mut h),
        aiperture::hooks::cursor::handle(payload, &mut h),
    ]
}

proptest! {
    #[test]
    fn journal_lines_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = aiperture::journal::entry::parse_line(&bytes);
    }

    #[test]
    fn journal_like_lines_never_panic(hash in "[0-9a-f]{0,70}", body in arb_json()) {
        let line = format!("{{\"hash\":\"{hash}\",\"event\":{body}}}");
        let _ = aiperture::journal::entry::parse_line(line.as_bytes());
    }

    #[test]
    fn hook_payload_bytes_never_allow(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for r in handle_all(&bytes) {
            prop_assert!(!allows(&r), "{r:?}");
        }
    }

    #[test]
    fn hook_events_never_allow_without_a_store(event in arb_event()) {
        for r in handle_all(event.to_string().as_bytes()) {
            prop_assert!(!allows(&r), "{event} -> {r:?}");
        }
    }

    #[test]
    fn policy_toml_never_panics(text in ".{0,300}") {
        let _ = aiperture::engine::policy::parse(&text, Path::new("policy.toml"));
    }

    #[test]
    fn policy_like_toml_never_panics(
        tool in ".{0,10}", scope in ".{0,30}", decision in "(allow|deny|ask|x)", extra in ".{0,20}"
    ) {
        let text = format!(
            "[[rule]]\ntool = {tool:?}\naction = \"*\"\nscope = {scope:?}\ndecision = \"{decision}\"\n{extra}\n"
        );
        let _ = aiperture::engine::policy::parse(&text, Path::new("policy.toml"));
    }

    #[test]
    fn config_toml_never_panics(text in ".{0,300}", key in "[a-z_.]{1,30}", value in ".{0,20}") {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        for body in [text.clone(), format!("{key} = {value}\n"), format!("[{key}]\nx = {value:?}\n")] {
            let file = dir.path().join("config.toml");
            std::fs::write(&file, &body).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let _ = config::load(&Sources { store_file: Some(file), ..Sources::default() });
        }
        let flag = format!("{key}={value}");
        let _ = config::load(&Sources { flags: vec![flag], ..Sources::default() });
    }
}

/// MCP: one session per case on a real store, arbitrary lines in; the server answers every
/// line with JSON (or nothing for notifications) and never panics.
mod mcp {
    use super::*;
    use aiperture::server::mcp::{Backend, Options, serve};
    use aiperture::store::lock::Wait;
    use aiperture::store::{Store, UserDirs};

    fn backend(dir: &Path) -> Backend {
        let user = UserDirs { data: dir.join("user"), config_file: dir.join("user.toml") };
        let store = Store::init(dir, &user).expect("store");
        Backend {
            sources: Sources { store_file: Some(store.config_file()), ..Sources::default() },
            store,
            clock: || {
                Ok(chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z")
                    .map_err(|e| aiperture::error::Error::Invalid(e.to_string()))?
                    .with_timezone(&chrono::Utc))
            },
        }
    }

    fn arb_message() -> impl Strategy<Value = String> {
        let methods = prop::sample::select(vec![
            "initialize",
            "tools/list",
            "tools/call",
            "ping",
            "server/discover",
            "notifications/initialized",
            "nope",
        ]);
        prop_oneof![
            ".{0,200}",
            (methods, arb_json(), arb_json()).prop_map(|(m, id, params)| {
                json!({"jsonrpc": "2.0", "id": id, "method": m, "params": params}).to_string()
            }),
            (arb_json(), ".{0,20}", arb_json()).prop_map(|(id, name, args)| {
                json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                       "params": {"name": name, "arguments": args}})
                .to_string()
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn mcp_sessions_never_panic(lines in prop::collection::vec(arb_message(), 1..8)) {
            let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
            let b = backend(dir.path());
            let mut input = Cursor::new(lines.join("\n").into_bytes());
            let (mut out, mut log) = (Vec::new(), Vec::new());
            let opts = Options { human_decisions: false, wait: Wait::NoWait };
            let summary = serve(&mut input, &mut out, &mut log, &b, &opts);
            prop_assert!(summary.is_ok(), "{summary:?}");
            for reply in String::from_utf8_lossy(&out).lines() {
                let v: Value = serde_json::from_str(reply)
                    .map_err(|e| TestCaseError::fail(format!("not JSON: {reply}: {e}")))?;
                prop_assert_eq!(&v["jsonrpc"], "2.0");
            }
        }
    }
}
