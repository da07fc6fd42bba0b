//! Agent hook adapters: one agent event in (JSON on standard input), the agent's own reply out.
//!
//! An adapter only translates: it maps the agent's tool call to a [`Request`] (one table per
//! agent), asks the same [`Engine`] as every other door, and renders the [`Verdict`] in the
//! agent's documented output format. What is shared between agents lives here: the
//! correlation key that finds a tool call again in a later event, the prompt bookkeeping
//! (a prompt the agent showed its human is resolved as an approval when the tool runs, and
//! as an inferred denial when it never does), and bounded reading of the payload.
//!
//! Invariants: an adapter never allows on an error (every failure path answers deny, or no
//! opinion where the agent's own dialog then asks); input is bounded ([`MAX_PAYLOAD`]) and
//! reading it times out ([`READ_TIMEOUT`]); the store lock is waited for at most
//! `hooks.lock_timeout_ms`; the store is found from the payload's `cwd`, not the hook
//! process's; a human approval is recorded at most once per prompt (the prompt's challenge is
//! consumed by it, under the store lock).
//!
//! **Client mode** (`remote.url`): the adapter still runs here (mapping, headless detection,
//! the reply), but the engine side of an event (settle prompts and decide, a tool ran, a
//! session's status: [`decide_on`], [`ran_on`], [`status_on`]) runs on the team server, which
//! holds the prompts, behind `POST /hooks/…`; this machine's self-protection runs first, and
//! a failure never allows (see [`crate::remote`]).
//!
//! Installing is separate from answering: [`settings`] edits an agent's hook configuration
//! file and [`program`] says whether the program a hook command runs resolves.

pub mod claude_code;
pub mod codex;
pub mod cursor;
pub mod gemini;
pub mod openclaw;
pub mod program;
pub mod settings;

use crate::ops::{self, Held, learned::PatternFilter};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::engine::learning::Status as LearnStatus;
use crate::engine::{Decision, Engine, HookRef, HumanDecision, Recorded, Request, Verdict};
use crate::error::{Error, Result};
use crate::risk::Tier;
use serde::{Deserialize, Serialize};

/// Largest event payload read from standard input.
pub const MAX_PAYLOAD: usize = 1 << 20;

/// Longest wait for the agent to finish writing the payload.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What an adapter needs from the process around it.
pub trait Host {
    /// The time of this event.
    fn now(&mut self) -> Result<DateTime<Utc>>;
    /// Open the engine on the store found from `cwd` (the payload's working folder), waiting
    /// for the lock no longer than `hooks.lock_timeout_ms`.
    fn engine(&mut self, cwd: Option<&Path>) -> Result<Engine>;
    /// The name recorded as the decider of approvals seen through the agent's dialog.
    fn user(&self) -> String;
    /// Client mode: the team server that decides this event (`remote.url`), with what this
    /// machine checks first; `None` when the local store decides.
    fn team(&mut self, _cwd: Option<&Path>) -> Result<Option<crate::remote::Team>> {
        Ok(None)
    }
    /// An environment variable of the hook process (the agent's environment).
    fn var(&self, key: &str) -> Option<String> {
        std::env::var(key).ok()
    }
    /// Whether the hook process has a controlling terminal (a human could be at it).
    fn terminal(&self) -> bool {
        controlling_terminal()
    }
    /// The command lines of the hook process's parent and its ancestors, nearest first (a
    /// few levels; empty where the system does not tell).
    fn ancestors(&self) -> Vec<Vec<String>> {
        ancestor_command_lines(4)
    }
}

/// The variable that says whether the agent runs headless (no human can answer its
/// permission dialog): `1` headless, `0` attended; unset (or anything else): detected per
/// agent, see [`headless`].
pub const HEADLESS_ENV: &str = "AIPERTURE_HEADLESS";

/// Whether `agent`, sending `event`, runs headless: nobody can answer a permission dialog, so
/// an adapter must not ask (a headless Gemini CLI hangs on an ask; Claude Code `-p` refuses
/// by itself, which is no human's decision). It answers deny with how a human approves, and
/// the retry is then let through once by that approval.
///
/// [`HEADLESS_ENV`] decides when set to `1` or `0`. Otherwise: Claude Code is headless when
/// it says its session is unattended (`CLAUDE_CODE_SESSION_ATTENDED=0`, as `claude -p` sets
/// it) or its permission mode is `dontAsk`; Gemini CLI when the hook has no controlling
/// terminal or Gemini was started with `-p`/`--prompt` (it sends no mode of its own). Other
/// agents are taken as attended: their adapters never ask where they cannot.
pub fn headless(host: &dyn Host, agent: &str, event: &Value) -> bool {
    match host.var(HEADLESS_ENV).as_deref().map(str::trim) {
        Some("1" | "true" | "yes") => return true,
        Some("0" | "false" | "no") => return false,
        _ => {}
    }
    match agent {
        claude_code::AGENT => {
            host.var("CLAUDE_CODE_SESSION_ATTENDED").as_deref() == Some("0")
                || event.get("permission_mode").and_then(Value::as_str) == Some("dontAsk")
        }
        gemini::AGENT => !host.terminal() || gemini::started_headless(&host.ancestors()),
        _ => false,
    }
}

/// Whether this process has a controlling terminal. Elsewhere than Unix: assumed.
pub fn controlling_terminal() -> bool {
    if cfg!(unix) { std::fs::File::open("/dev/tty").is_ok() } else { true }
}

/// Command lines of up to `levels` ancestors of this process, nearest first, from `/proc`
/// (empty where there is none).
#[cfg(unix)]
pub fn ancestor_command_lines(levels: usize) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut pid = std::os::unix::process::parent_id();
    for _ in 0..levels {
        if pid <= 1 {
            break;
        }
        let Ok(raw) = std::fs::read(format!("/proc/{pid}/cmdline")) else { break };
        out.push(
            raw.split(|&b| b == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect(),
        );
        // The parent's parent: the fourth field of `stat`, after the name in parentheses.
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { break };
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { break };
        let Some(parent) = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok()) else {
            break;
        };
        pid = parent;
    }
    out
}

/// Command lines of ancestors: not known here.
#[cfg(not(unix))]
pub fn ancestor_command_lines(_levels: usize) -> Vec<Vec<String>> {
    Vec::new()
}

/// What the hook process prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reply {
    /// Standard output (a JSON object, or empty for "no opinion").
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status.
    pub code: u8,
}

impl Reply {
    /// Exit 0 with `value` as the JSON output.
    pub fn json(value: &Value) -> Reply {
        Reply { stdout: format!("{value}\n"), stderr: String::new(), code: 0 }
    }

    /// Exit 0 without output: no opinion.
    pub fn none() -> Reply {
        Reply::default()
    }

    /// Exit `code` with `message` on standard error.
    pub fn fail(code: u8, message: &str) -> Reply {
        Reply { stdout: String::new(), stderr: format!("{message}\n"), code }
    }
}

/// Read the event payload from `input`: at most [`MAX_PAYLOAD`] bytes, within
/// [`READ_TIMEOUT`]. The reading thread is left behind on a timeout (the process exits soon
/// after).
pub fn read_payload(mut input: impl Read + Send + 'static) -> Result<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let r = (&mut input).take(MAX_PAYLOAD as u64 + 1).read_to_end(&mut buf).map(|_| buf);
        let _ = tx.send(r);
    });
    let io = |e| Error::Io { op: "read", path: "standard input".into(), source: e };
    match rx.recv_timeout(READ_TIMEOUT) {
        Ok(Ok(buf)) if buf.len() > MAX_PAYLOAD => Err(Error::Invalid(format!(
            "the hook event on standard input is larger than {MAX_PAYLOAD} bytes"
        ))),
        Ok(Ok(buf)) => Ok(buf),
        Ok(Err(e)) => Err(io(e)),
        Err(_) => Err(Error::Invalid(format!(
            "no complete hook event on standard input within {} s",
            READ_TIMEOUT.as_secs()
        ))),
    }
}

/// The key that finds one tool call again in a later event of the same agent: SHA-256 over
/// the agent, session, tool name and the tool input in canonical JSON (keys sorted), length
/// prefixed. Agents do not send a call id with every event (Claude Code's PermissionRequest
/// has none), so the content is the identity: a changed input is another call.
pub fn correlation_key(agent: &str, session: &str, tool_name: &str, input: &Value) -> String {
    let mut h = Sha256::new();
    for part in [agent, session, tool_name, &canonical_json(input)] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    crate::encoding::hex(&h.finalize()[..16])
}

/// `v` as JSON with object keys sorted at every level.
pub fn canonical_json(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), sorted(v))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(v).to_string()
}

/// SHA-256 of `content`, hex: the content hash of a write.
pub fn content_hash(content: &str) -> String {
    crate::encoding::hex(&Sha256::digest(content.as_bytes()))
}

/// `path` relative to `cwd` when it lies inside it (so learning carries across checkouts and
/// machines), else unchanged.
pub fn relative_path(path: &str, cwd: Option<&Path>) -> String {
    let Some(cwd) = cwd else { return path.to_string() };
    match Path::new(path).strip_prefix(cwd) {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_string_lossy().into_owned(),
        Ok(_) => ".".into(),
        Err(_) => path.to_string(),
    }
}

/// A scope shortened for one-line display: the first and last 28 characters around `…`.
pub fn short(scope: &str) -> String {
    let one: String = scope.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let n = one.chars().count();
    if n <= 60 {
        return one;
    }
    let head: String = one.chars().take(28).collect();
    let tail: String = one.chars().skip(n - 28).collect();
    format!("{head}…{tail}")
}

/// Resolve the newest open prompt of `agent` for the tool call `key` as a human approval:
/// the tool ran (or started and failed), so the human said yes in the agent's dialog.
/// Nothing happens (and `None` comes back) when no prompt is open for the call: the agent's
/// own rules let it through, the engine decided it, or the approval was already recorded.
pub fn tool_ran(
    engine: &mut Engine,
    agent: &str,
    key: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Option<Recorded>> {
    let micros = now.timestamp_micros();
    let Some(p) = engine
        .prompts()?
        .into_iter()
        .rev()
        .find(|p| p.agent == agent && p.key == key && p.expires > micros)
    else {
        return Ok(None);
    };
    let reason = format!("approved in {agent}'s permission dialog (the tool ran)");
    let approval = HumanDecision {
        id: &p.challenge,
        decision: Decision::Allow,
        by,
        reason: &reason,
        channel: agent,
        expect: None,
        inferred: false,
    };
    ops::human::record(&mut Held::new(engine, now), &approval).map(Some)
}

/// Settle every prompt of `agent` open longer than `hooks.prompt_timeout` as an inferred
/// denial: the agent showed its dialog and the tool never ran. Nobody was seen deciding (a
/// headless agent refuses by itself), so the denial is journaled under the agent's name,
/// never learned and not kept in session memory.
pub fn expire_prompts(
    engine: &mut Engine,
    agent: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Recorded>> {
    let timeout = engine.config().hooks.prompt_timeout();
    let micros = now.timestamp_micros();
    let limit = timeout.num_microseconds().unwrap_or(i64::MAX);
    let due: Vec<_> = engine
        .prompts()?
        .into_iter()
        .filter(|p| p.agent == agent && micros - p.at >= limit && p.expires > micros)
        .collect();
    let reason = format!(
        "inferred: {agent} showed its permission dialog and the tool did not run within {}; \
         no human answer was seen (an agent that cannot ask refuses on its own), so nothing \
         is learned from it",
        engine.config().hooks.prompt_timeout
    );
    let mut out = Vec::with_capacity(due.len());
    for p in due {
        let refusal = HumanDecision {
            id: &p.challenge,
            decision: Decision::Deny,
            // The agent refused, not a person: journaled under the agent's name.
            by: agent,
            reason: &reason,
            channel: agent,
            expect: None,
            inferred: true,
        };
        out.push(ops::human::record(&mut Held::new(engine, now), &refusal)?);
    }
    Ok(out)
}

/// One tool call as an agent's event describes it.
#[derive(Debug, Clone)]
pub struct Call {
    /// The agent's event name.
    pub event: String,
    /// Agent session (conversation) id.
    pub session: String,
    /// The agent's working folder (absolute), if it sent one.
    pub cwd: Option<std::path::PathBuf>,
    /// The agent's tool name.
    pub tool_name: String,
    /// The tool input as the agent sent it.
    pub input: Value,
}

impl Call {
    /// The correlation key of this call for `agent`.
    pub fn key(&self, agent: &str) -> String {
        correlation_key(agent, &self.session, &self.tool_name, &self.input)
    }

    /// The tool call of an event with the common fields (`hook_event_name`, `session_id`,
    /// `cwd`, `tool_name`, `tool_input`); `agent` names the agent in errors. A field of the
    /// wrong type, or no tool name, is an error.
    pub fn from_event(event: &Value, agent: &str) -> Result<Call> {
        let text = |k: &str| match event.get(k) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => {
                Err(Error::Invalid(format!("`{k}` of the {agent} hook event is not a string")))
            }
        };
        let tool_name = text("tool_name")?;
        if tool_name.is_empty() {
            return Err(Error::Invalid(format!("the {agent} hook event has no `tool_name`")));
        }
        Ok(Call {
            event: text("hook_event_name")?,
            session: text("session_id")?,
            cwd: Some(std::path::PathBuf::from(text("cwd")?)).filter(|p| p.is_absolute()),
            tool_name,
            input: event.get("tool_input").cloned().unwrap_or(Value::Null),
        })
    }
}

/// The exit-2 reply to an event that cannot be read: it blocks the call.
pub fn unreadable(why: &str) -> Reply {
    Reply::fail(2, &format!("aiperture: {why}; the call is not allowed"))
}

/// Parse a payload and its `hook_event_name`; an unreadable event, or one without a name, is
/// the [`unreadable`] reply.
pub fn read_event(payload: &[u8]) -> std::result::Result<(Value, String), Reply> {
    let event = parse_event(payload).map_err(|why| unreadable(&why))?;
    let name = event.get("hook_event_name").and_then(Value::as_str).unwrap_or_default();
    if name.is_empty() {
        return Err(unreadable("the hook event has no `hook_event_name`"));
    }
    let name = name.to_string();
    Ok((event, name))
}

/// Parse an event payload: a JSON object, a leading byte-order mark tolerated.
pub fn parse_event(payload: &[u8]) -> std::result::Result<Value, String> {
    let payload = payload.strip_prefix(b"\xef\xbb\xbf").unwrap_or(payload);
    match serde_json::from_slice(payload) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err("the hook event is not a JSON object".into()),
        Err(e) => Err(format!("the hook event is not valid JSON: {e}")),
    }
}

/// An absolute folder from a payload field, if it is one.
pub fn folder(v: Option<&Value>) -> Option<std::path::PathBuf> {
    v.and_then(Value::as_str).map(std::path::PathBuf::from).filter(|p| p.is_absolute())
}

/// The reason given when deciding failed.
pub fn failed(e: &Error) -> String {
    format!("aiperture could not decide, so the call is not allowed: {}", e.chain())
}

/// Settle `agent`'s prompts that timed out, on the store found from `cwd` or, in client mode,
/// on the team server (which holds the prompts).
pub fn settle(host: &mut dyn Host, agent: &str, cwd: Option<&Path>) -> Result<()> {
    let st = HookStatus { agent: agent.into() };
    if let Some(team) = host.team(cwd)? {
        return team.client.post::<_, SessionStatus>("/hooks/status", &st).map(drop);
    }
    let now = host.now()?;
    let mut engine = host.engine(cwd)?;
    expire_prompts(&mut engine, agent, now).map(drop)
}

/// When the agent shows its own permission dialog for an ask verdict (which opens a prompt,
/// see [`HookRef::prompt_from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialog {
    /// Never: this event only observes or decides.
    Never,
    /// For every ask: the event fires because the dialog is about to show.
    Always,
    /// When the hook itself answers ask: at or above `hooks.ask_at_risk`.
    WhenAsked,
}

/// The engine side of a hook's check: what a local hook runs on its store and a team server
/// runs for a hook in client mode (`POST /hooks/decide`, this as its body).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookCheck {
    /// The agent (`claude-code`, `codex`, …).
    pub agent: String,
    /// The agent's event name.
    pub event: String,
    /// The tool call's correlation key ([`correlation_key`]).
    pub key: String,
    /// The request.
    pub request: Request,
    /// When the agent shows its own dialog.
    pub dialog: Dialog,
}

/// The answer to a [`HookCheck`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decided {
    /// The verdict, journaled.
    pub verdict: Verdict,
    /// `hooks.ask_at_risk` of the store that decided.
    pub ask_at: Option<Tier>,
}

/// A tool ran (`POST /hooks/ran` in client mode): resolve its open prompt as an approval and
/// journal the execution.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookRan {
    /// The agent.
    pub agent: String,
    /// The tool call's correlation key.
    pub key: String,
    /// The request the call was checked as.
    pub request: Request,
    /// `ok` or `failed`.
    pub status: Ran,
}

/// The answer to a [`HookRan`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RanOut {
    /// The approval recorded from the agent's dialog, if a prompt was open.
    pub approval_seq: Option<u64>,
}

/// A session's status (`POST /hooks/status` in client mode).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookStatus {
    /// The agent.
    pub agent: String,
}

/// The answer to a [`HookStatus`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionStatus {
    /// Patterns learned as auto-allow.
    pub allow: usize,
    /// Patterns learned as auto-deny.
    pub deny: usize,
    /// Pending asks.
    pub pending: usize,
    /// Whether learning is on.
    pub learning: bool,
}

fn check_agent(agent: &str) -> Result<()> {
    if AGENTS.contains(&agent) {
        Ok(())
    } else {
        Err(Error::Invalid(format!("unknown agent {agent:?}; one of {}", AGENTS.join(", "))))
    }
}

fn check_key(key: &str) -> Result<()> {
    // The form `correlation_key` writes: 16 bytes in hex.
    if crate::encoding::unhex::<16>(key).is_some() {
        Ok(())
    } else {
        Err(Error::Invalid("`key` must be a correlation key: 32 hex digits".into()))
    }
}

/// The agents with hook adapters, by the names the journal uses.
pub const AGENTS: &[&str] =
    &[claude_code::AGENT, codex::AGENT, gemini::AGENT, cursor::AGENT, openclaw::AGENT];

impl HookCheck {
    /// Input checks, before any lock.
    pub fn validate(&self) -> Result<()> {
        check_agent(&self.agent)?;
        check_key(&self.key)?;
        crate::engine::request::validate_name("`event`", &self.event, false)?;
        self.request.validate()
    }
}

/// Settle `hc.agent`'s timed-out prompts and decide `hc` on the store `a` reaches.
pub fn decide_on<A: ops::Access>(a: &mut A, hc: &HookCheck) -> Result<Decided> {
    hc.validate()?;
    let now = a.now()?;
    a.with_engine(now, |e| {
        expire_prompts(e, &hc.agent, now)?;
        let ask_at = e.config().hooks.ask_at();
        let prompt_from = match hc.dialog {
            Dialog::Never => None,
            Dialog::Always => Some(Tier::Low),
            Dialog::WhenAsked => ask_at,
        };
        let hook = HookRef {
            agent: hc.agent.clone(),
            event: hc.event.clone(),
            key: hc.key.clone(),
            prompt_from,
        };
        let verdict = ops::check::check_hook(&mut Held::new(e, now), &hc.request, &hook)?;
        Ok(Decided { verdict, ask_at })
    })
}

/// A tool ran: resolve its open prompt as `by`'s approval, then journal the execution.
pub fn ran_on<A: ops::Access>(a: &mut A, r: &HookRan, by: &str) -> Result<RanOut> {
    check_agent(&r.agent)?;
    check_key(&r.key)?;
    r.request.validate()?;
    let now = a.now()?;
    a.with_engine(now, |e| {
        expire_prompts(e, &r.agent, now)?;
        let recorded = tool_ran(e, &r.agent, &r.key, by, now)?;
        ops::journal::report_execution(
            &mut Held::new(e, now),
            &r.request,
            r.status.as_str(),
            &r.agent,
        )?;
        Ok(RanOut { approval_seq: recorded.map(|rec| rec.seq) })
    })
}

/// The counts of a session start.
pub fn status_on<A: ops::Access>(a: &mut A, st: &HookStatus) -> Result<SessionStatus> {
    check_agent(&st.agent)?;
    let now = a.now()?;
    let learning = a.config()?.learning.enabled;
    a.with_engine(now, |e| expire_prompts(e, &st.agent, now).map(drop))?;
    let patterns = ops::learned::patterns(a, &PatternFilter::default())?.patterns;
    let allow = patterns.iter().filter(|p| p.status == LearnStatus::AutoAllow).count();
    let deny = patterns.iter().filter(|p| p.status == LearnStatus::AutoDeny).count();
    let pending = ops::learned::pending(a, None, None)?.len();
    Ok(SessionStatus { allow, deny, pending, learning })
}

/// Decide `call`, mapped to `mapped`, for `agent`: on the team server in client mode (after
/// this machine's self-protection), else on the local store. Returns the verdict and
/// `hooks.ask_at_risk` of the store that decided.
pub fn decide(
    host: &mut dyn Host,
    agent: &str,
    call: &Call,
    mapped: &Mapped,
    dialog: Dialog,
) -> Result<(Verdict, Option<Tier>)> {
    let hc = HookCheck {
        agent: agent.into(),
        event: call.event.clone(),
        key: call.key(agent),
        request: mapped.request(&call.session, agent),
        dialog,
    };
    hc.validate()?;
    let cwd = call.cwd.as_deref();
    let mut fallback = None;
    if let Some(team) = host.team(cwd)?
        && let Some(d) =
            team.decide(&hc.request, &mut fallback, |c| c.post::<_, Decided>("/hooks/decide", &hc))?
    {
        return Ok((d.verdict, d.ask_at));
    }
    let now = host.now()?;
    let mut engine = host.engine(cwd)?;
    engine.set_cwd(call.cwd.clone());
    engine.set_fallback(fallback);
    let d = decide_on(&mut Held::new(&mut engine, now), &hc)?;
    Ok((d.verdict, d.ask_at))
}

/// `PermissionRequest`, the contract Claude Code and Codex share: `agent` is about to show its
/// approval dialog for `call`. Allow or deny when the engine is sure; otherwise no opinion,
/// so the human sees the dialog, and the check opens a prompt. When the agent runs headless
/// (`headless` names it for the reason), an undecided call is denied with how a human
/// approves it instead, and no prompt opens. `None` for `mapped`: a call aiperture leaves
/// alone.
pub fn permission_request(
    host: &mut dyn Host,
    agent: &str,
    call: &Call,
    mapped: Option<Mapped>,
    headless: Option<&str>,
) -> Result<Reply> {
    let Some(m) = mapped else { return Ok(Reply::none()) };
    // Nobody will see a headless agent's dialog: no prompt opens.
    let dialog = if headless.is_some() { Dialog::Never } else { Dialog::Always };
    let (v, _) = decide(host, agent, call, &m, dialog)?;
    Ok(match v.decision {
        Decision::Ask if let Some(who) = headless => {
            permission_denied(&needs_human_reason(&v, &m, who))
        }
        Decision::Allow => Reply::json(&serde_json::json!({
            "hookSpecificOutput": {
                "hookEventName": "PermissionRequest",
                "decision": { "behavior": "allow" }
            }
        })),
        // Always JSON: exit 2 would deny as well, but the JSON carries the reason to the agent.
        Decision::Deny => permission_denied(&deny_reason(&v, &m)),
        Decision::Ask => Reply::none(),
    })
}

/// A `PermissionRequest` deny with `reason`.
pub fn permission_denied(reason: &str) -> Reply {
    Reply::json(&serde_json::json!({
        "hookSpecificOutput": {
            "hookEventName": "PermissionRequest",
            "decision": { "behavior": "deny", "message": reason }
        }
    }))
}

/// How a tool run ended, as the agent reported it after the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ran {
    /// The tool completed.
    Ok,
    /// The tool started and failed (it still ran: an open prompt is still an approval).
    Failed,
}

impl Ran {
    /// `ok` or `failed`, as journaled.
    pub fn as_str(self) -> &'static str {
        match self {
            Ran::Ok => "ok",
            Ran::Failed => "failed",
        }
    }
}

/// The decider a team server records for an approval seen in an agent's dialog: the server
/// knows only that an agent key reported it, never which person clicked.
pub fn team_dialog_decider(agent: &str) -> String {
    format!("{agent}-dialog")
}

/// The tool of `call`, mapped to `mapped`, ran: resolve its open prompt as a human approval,
/// if there is one, then journal the execution (channel `agent`) for `aiperture compliance`.
/// In client mode the team server does both (it holds the prompt).
pub fn ran(host: &mut dyn Host, agent: &str, call: &Call, mapped: &Mapped, how: Ran) -> Result<()> {
    let r = HookRan {
        agent: agent.into(),
        key: call.key(agent),
        request: mapped.request(&call.session, agent),
        status: how,
    };
    let cwd = call.cwd.as_deref();
    if let Some(team) = host.team(cwd)? {
        match team.client.post::<_, RanOut>("/hooks/ran", &r) {
            Ok(_) => return Ok(()),
            // The prompt is the server's; this store journals the execution alone.
            Err(Error::RemoteUnreachable { .. }) if team.fallback_local => {}
            Err(e) => return Err(e),
        }
    }
    let now = host.now()?;
    let mut engine = host.engine(cwd)?;
    let by = host.user();
    ran_on(&mut Held::new(&mut engine, now), &r, &by).map(drop)
}

/// One-line status for a session start: store (or team server), learned patterns, pending
/// asks.
pub fn status_line(host: &mut dyn Host, agent: &str, cwd: Option<&Path>) -> Result<String> {
    let st = HookStatus { agent: agent.into() };
    let (place, s) = if let Some(team) = host.team(cwd)? {
        let s = team.client.post::<_, SessionStatus>("/hooks/status", &st)?;
        (format!("team server {}", team.client.url()), s)
    } else {
        let now = host.now()?;
        let mut engine = host.engine(cwd)?;
        let place = format!("store {}", engine.store().root().display());
        (place, status_on(&mut Held::new(&mut engine, now), &st)?)
    };
    let learning = if s.learning { "" } else { " (learning off)" };
    Ok(format!(
        "aiperture: {place} · {} patterns auto-allow, {} auto-deny{learning} · {} pending asks",
        s.allow, s.deny, s.pending
    ))
}

/// "tool action `scope`" for messages.
pub fn what(m: &Mapped) -> String {
    format!("{} {} `{}`", m.tool, m.action, short(&m.scope))
}

/// The reason shown for a deny: why, the risk, and how a human can allow it.
pub fn deny_reason(v: &Verdict, m: &Mapped) -> String {
    let mut s = match v.refused_by() {
        // Refused whatever the risk: a tier here would read as "low risk, denied anyway".
        Some(by) => format!(
            "aiperture denied {}: {} [refused by {by} regardless of risk, decided by {}]",
            what(m),
            v.reason,
            v.decided_by.as_str()
        ),
        None => format!(
            "aiperture denied {}: {} [risk {}, decided by {}]",
            what(m),
            v.reason,
            v.risk.tier,
            v.decided_by.as_str()
        ),
    };
    if let (Some(ch), true) = (&v.challenge, v.overridable()) {
        s.push_str(&format!(
            ". A human (not the agent) can allow it with `aiperture approve {}`",
            ch.id
        ));
    }
    s
}

/// The reason shown for an ask: the risk and why.
pub fn ask_reason(v: &Verdict, m: &Mapped) -> String {
    format!(
        "aiperture: {} is {} risk ({}): {}",
        what(m),
        v.risk.tier,
        if v.risk.factors.is_empty() {
            "no risk factors".into()
        } else {
            v.risk.factors.join(", ")
        },
        v.reason
    )
}

/// The reason shown when an agent cannot ask and aiperture needs a human: deny, and how a
/// human allows it (the retry is then let through once by that approval).
pub fn needs_human_reason(v: &Verdict, m: &Mapped, agent: &str) -> String {
    let mut s = format!(
        "aiperture needs a human decision on {} ({} risk: {}) and {agent} hooks cannot ask",
        what(m),
        v.risk.tier,
        v.reason
    );
    if let Some(ch) = &v.challenge {
        s.push_str(&format!(
            ". A human (not the agent) can allow it with `aiperture approve {}`, then retry",
            ch.id
        ));
    }
    s
}

/// A request from an agent's tool call, before session and runtime are set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// Tool family.
    pub tool: String,
    /// Action.
    pub action: String,
    /// Scope.
    pub scope: String,
    /// Content hash of what a write would produce (empty otherwise).
    pub content_hash: String,
}

impl Mapped {
    /// A mapping without content.
    pub fn new(tool: &str, action: &str, scope: impl Into<String>) -> Mapped {
        Mapped {
            tool: tool.into(),
            action: action.into(),
            scope: scope.into(),
            content_hash: String::new(),
        }
    }

    /// The engine request for this call in `session`, asked by `runtime`.
    pub fn request(&self, session: &str, runtime: &str) -> Request {
        let mut r = Request::new(&self.tool, &self.action, &self.scope);
        r.session = session.chars().filter(|c| !c.is_control()).take(256).collect();
        r.runtime = runtime.into();
        r.content_hash.clone_from(&self.content_hash);
        r
    }
}

/// A tool the adapter has no row for: `mcp__<server>__<tool>` becomes `mcp` /
/// `<server>.<tool>` (`None` for the tools of aiperture's own server: asking aiperture about
/// itself would loop; another tool under that server name is checked like any other),
/// anything else `<name>` / `use`. The scope is the first scope-like argument, followed by
/// the other path-like arguments (`source`, `destination`, …) so that self-protection sees
/// every path the tool acts on.
pub fn other_tool(name: &str, input: &Value) -> Option<Mapped> {
    let first = first_str(input, SCOPE_KEYS).unwrap_or_default();
    let mut parts: Vec<&str> = vec![first];
    for k in PATH_KEYS {
        let values: Vec<&str> = match input.get(*k) {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        for v in values {
            if !v.is_empty() && !parts.contains(&v) {
                parts.push(v);
            }
        }
    }
    let joined = parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let scope = if parts.len() > 1 { joined.as_str() } else { first };
    match name.strip_prefix("mcp__") {
        Some(rest) => {
            let (server, tool) = rest.split_once("__").unwrap_or((rest, ""));
            let own = server == "aiperture" && crate::ops::MCP_TOOLS.contains(&tool);
            (!own).then(|| Mapped::new("mcp", &format!("{server}.{tool}"), scope))
        }
        None => Some(Mapped::new(name, "use", scope)),
    }
}

/// Argument names of MCP and unknown tools that name further files a tool acts on.
pub const PATH_KEYS: &[&str] = &[
    "path",
    "paths",
    "file_path",
    "source",
    "destination",
    "dest",
    "target",
    "from",
    "to",
    "src",
    "dst",
    "old_path",
    "new_path",
    "output",
    "directory",
    "cwd",
];

/// Setup entries for an agent whose hooks are grouped (`{matcher, hooks: [handler]}`): one
/// group per event, matching every tool, except `session_event`, which has no matcher.
pub fn grouped_spec(
    agent: &'static str,
    events: &[&str],
    session_event: &str,
    handler: &Value,
) -> settings::Spec {
    let entries = events
        .iter()
        .map(|&event| {
            let group = if event == session_event {
                serde_json::json!({ "hooks": [handler] })
            } else {
                serde_json::json!({ "matcher": "*", "hooks": [handler] })
            };
            (event.to_string(), group)
        })
        .collect();
    settings::Spec { agent, layout: settings::Layout::Grouped, entries }
}

/// The first non-empty string among `keys` in the object `input`.
pub fn first_str<'a>(input: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| input.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()))
}

/// Argument names that usually hold what an MCP or unknown tool acts on, in order of
/// preference.
pub const SCOPE_KEYS: &[&str] =
    &["scope", "path", "file_path", "url", "uri", "query", "command", "resource", "name"];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn correlation_key_ignores_key_order_but_not_content() {
        let a = correlation_key("claude-code", "s1", "Bash", &json!({"command": "ls", "x": 1}));
        let b = correlation_key("claude-code", "s1", "Bash", &json!({"x": 1, "command": "ls"}));
        assert_eq!(a, b);
        for other in [
            correlation_key("claude-code", "s2", "Bash", &json!({"command": "ls", "x": 1})),
            correlation_key("claude-code", "s1", "Bash", &json!({"command": "ls -a", "x": 1})),
            correlation_key("codex", "s1", "Bash", &json!({"command": "ls", "x": 1})),
            correlation_key("claude-code", "s1", "Read", &json!({"command": "ls", "x": 1})),
        ] {
            assert_ne!(a, other);
        }
        // Length prefixes keep field boundaries apart.
        assert_ne!(
            correlation_key("a", "bc", "d", &Value::Null),
            correlation_key("ab", "c", "d", &Value::Null)
        );
    }

    #[test]
    fn paths_inside_the_working_folder_become_relative() {
        let cwd = Path::new("/home/u/proj");
        assert_eq!(relative_path("/home/u/proj/src/a.rs", Some(cwd)), "src/a.rs");
        assert_eq!(relative_path("/home/u/proj", Some(cwd)), ".");
        assert_eq!(relative_path("/home/u/project2/a.rs", Some(cwd)), "/home/u/project2/a.rs");
        assert_eq!(relative_path("/etc/passwd", Some(cwd)), "/etc/passwd");
        assert_eq!(relative_path("src/a.rs", None), "src/a.rs");
    }

    #[test]
    fn long_scopes_are_shortened_in_the_middle() {
        assert_eq!(short("git status"), "git status");
        let long = "a".repeat(30) + &"b".repeat(40);
        let s = short(&long);
        assert_eq!(s.chars().count(), 57);
        assert!(s.starts_with(&"a".repeat(28)) && s.ends_with(&"b".repeat(28)), "{s}");
        assert_eq!(short("a\nb"), "a b");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn ancestors_are_read_nearest_first() {
        let a = ancestor_command_lines(2);
        assert!(!a.is_empty() && !a[0].is_empty(), "{a:?}");
        let parent =
            std::fs::read(format!("/proc/{}/cmdline", std::os::unix::process::parent_id()))
                .unwrap_or_default();
        let first = parent.split(|&b| b == 0).next().unwrap_or_default();
        assert_eq!(a[0][0].as_bytes(), first);
    }

    #[test]
    fn payload_reading_is_bounded() {
        let ok = read_payload(std::io::Cursor::new(b"{}".to_vec()));
        assert_eq!(ok.ok(), Some(b"{}".to_vec()));
        let big = read_payload(std::io::Cursor::new(vec![b' '; MAX_PAYLOAD + 1]));
        assert!(matches!(big, Err(Error::Invalid(m)) if m.contains("larger than")));
    }
}
