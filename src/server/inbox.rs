//! The approvals inbox of `aiperture serve`: `GET /` as a small server-rendered HTML page.
//!
//! A signed-in person sees the open asks of every agent (grouped by runtime and session, with
//! risk tier, risk factors and the explanation) and approves or denies each, revokes learned
//! patterns, and reads the journal's newest events and whether its chain verifies. This module
//! holds the browser side only: sessions and their CSRF tokens, the same-origin check, form
//! fields, the security headers and the HTML. The routes and what they call
//! ([`crate::ops`], the same operations the JSON routes and the CLI call) are in
//! [`super::http`].
//!
//! # Invariants
//!
//! * **Sign-in** takes a person's key (`server.humans`) or the shared admin key, authorised
//!   exactly as the JSON human routes are; the API key (agents') never signs in. The key is
//!   never put in a page, a cookie or a log line.
//! * **Sessions** are in memory only (a restart signs everyone out): a random 32-byte token
//!   (`getrandom`) in a browser-session cookie (no `Max-Age`: normally not kept on disk)
//!   `HttpOnly; SameSite=Strict; Path=/` (plus `Secure` when the server serves HTTPS:
//!   [`Sessions::new`]'s `secure`, from [`Options::tls`](super::http::Options::tls)), at most
//!   [`MAX_SESSIONS`] at once (the oldest is dropped), each for at most [`SESSION_TTL`].
//!   Tokens and CSRF tokens are compared in constant time.
//! * **Every state-changing POST** (approve, deny, revoke, sign-out) needs the session cookie,
//!   the session's CSRF token in a hidden form field, and, when the browser sends them, an
//!   `Origin` naming this server and `Sec-Fetch-Site: same-origin` (see [`same_origin`]). Forms are
//!   `application/x-www-form-urlencoded`; unknown fields are refused.
//! * **Everything shown is escaped.** Scopes, reasons, session ids, pattern text and journal
//!   fields are written by agents; every such text goes through [`esc`]. The page has no
//!   script; its one inline style is allowed by its SHA-256 in the `Content-Security-Policy`
//!   ([`headers`]), which also forbids framing, foreign form targets and every other source.
//! * **Fail closed.** An error renders an error page and performs nothing.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use crate::encoding::{hex, unhex};
use crate::engine::report::AuditEvent;
use crate::engine::{PatternReport, PendingAsk};
use crate::error::{Error, Result};
use crate::journal::verify::VerifyReport;

/// Name of the session cookie.
pub const COOKIE: &str = "aiperture_session";
/// How long a session lasts after sign-in.
pub const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);
/// Most sessions kept at once; signing in beyond it drops the oldest.
pub const MAX_SESSIONS: usize = 64;
/// Journal events the page shows (the newest).
pub const EVENTS_SHOWN: usize = 20;
/// Open asks the page shows (the oldest first).
pub const ASKS_SHOWN: usize = 100;
/// Learned patterns the page shows (most decisions first).
pub const PATTERNS_SHOWN: usize = 200;

/// The page's only style, allowed by its hash in the CSP.
const STYLE: &str = "\
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1d2330;color:#fff;padding:.7em 1.5em;display:flex;align-items:center;gap:1em}
header h1{font-size:1.15em;margin:0;flex:1}
header form{margin:0}
main{max-width:1100px;margin:0 auto;padding:1em 1.5em 3em}
h2{font-size:1.1em;margin:1.6em 0 .6em}
h3{font-size:.95em;margin:1.2em 0 .4em;color:#4a5263}
section.card,.ask{background:#fff;border:1px solid #dde0e6;border-radius:6px;padding:.8em 1em;margin:.5em 0}
.ask{display:grid;grid-template-columns:1fr auto;gap:.3em 1em}
.ask .what{font-weight:600}
.ask .meta,.muted{color:#5c6475;font-size:.9em}
.ask form{grid-row:1/span 4;grid-column:2;display:flex;gap:.5em;align-items:start}
code{font:13px/1.4 ui-monospace,'SFMono-Regular',Menlo,monospace;background:#eef0f4;padding:.1em .35em;border-radius:3px;overflow-wrap:anywhere}
button{font:inherit;border:1px solid #aab0bc;background:#fff;border-radius:4px;padding:.3em .9em;cursor:pointer}
button.allow{background:#1f7a3f;border-color:#1f7a3f;color:#fff}
button.deny{background:#b3261e;border-color:#b3261e;color:#fff}
header button{background:transparent;color:#fff;border-color:#6b7385}
.tier{display:inline-block;font-size:.8em;font-weight:700;padding:.05em .5em;border-radius:3px;background:#e3e6ec}
.tier-high,.tier-critical{background:#fde2df;color:#8c1d17}
.tier-medium{background:#fff1cc;color:#7a5300}
.tier-low,.tier-minimal{background:#def3e5;color:#1f5e35}
.flash{padding:.6em 1em;border-radius:6px;margin:1em 0;background:#def3e5;border:1px solid #a9d8b8}
.flash.error{background:#fde2df;border-color:#f0b2ac}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #dde0e6;border-radius:6px}
th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #eceef2;vertical-align:top;font-size:.92em}
th{background:#f8f9fb;color:#4a5263;font-weight:600}
td form{margin:0}
.ok{color:#1f7a3f;font-weight:600}.bad{color:#b3261e;font-weight:600}
.signin{max-width:420px;margin:12vh auto;background:#fff;border:1px solid #dde0e6;border-radius:8px;padding:1.5em 2em}
.signin input{width:100%;box-sizing:border-box;font:inherit;padding:.45em;margin:.4em 0 1em;border:1px solid #aab0bc;border-radius:4px}
";

/// The security headers of every inbox response (`Cache-Control: no-store` and
/// `X-Content-Type-Options: nosniff` are on every response of the server).
pub fn headers() -> Vec<(&'static str, String)> {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(STYLE.as_bytes());
    let csp = format!(
        "default-src 'none'; style-src 'sha256-{}'; form-action 'self'; frame-ancestors 'none'; \
         base-uri 'none'",
        super::http::base64_encode(&digest)
    );
    vec![
        ("Content-Security-Policy", csp),
        ("Referrer-Policy", "no-referrer".into()),
        ("X-Frame-Options", "DENY".into()),
    ]
}

/// `s` safe as HTML text and as a double-quoted attribute value.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether two byte strings are equal, in time that depends on their lengths only.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A short message shown once, after the redirect that follows an action.
#[derive(Debug, Clone)]
pub struct Flash {
    /// Whether it reports a failure.
    pub error: bool,
    /// The text (escaped when shown).
    pub text: String,
}

struct Session {
    token: [u8; 32],
    csrf: [u8; 32],
    who: String,
    created: Instant,
    flash: Option<Flash>,
}

/// A signed-in session, as a request found it.
#[derive(Debug, Clone)]
pub struct Signed {
    token: [u8; 32],
    csrf: [u8; 32],
    /// Who signed in: a person's name, or the admin key's decider name.
    pub who: String,
}

impl Signed {
    /// The CSRF token for the page's forms.
    pub fn csrf(&self) -> String {
        hex(&self.csrf)
    }

    /// Whether `given` (a form's `csrf` field) is this session's CSRF token.
    pub fn csrf_ok(&self, given: Option<&str>) -> bool {
        given.and_then(|g| unhex::<32>(g.trim())).is_some_and(|g| same(&g, &self.csrf))
    }
}

/// The sessions of one server process.
pub struct Sessions {
    list: Vec<Session>,
    secure: bool,
}

impl Sessions {
    /// No sessions yet; `secure` adds `Secure` to the cookie (set it when the server serves
    /// TLS: a browser then never sends the cookie over plain HTTP).
    pub fn new(secure: bool) -> Sessions {
        Sessions { list: Vec::new(), secure }
    }

    fn prune(&mut self, now: Instant) {
        self.list.retain(|s| now.duration_since(s.created) < SESSION_TTL);
    }

    /// Sign `who` in: a new session, and the `Set-Cookie` value that carries its token.
    pub fn create(&mut self, who: &str, now: Instant) -> Result<String> {
        self.prune(now);
        let mut token = [0u8; 32];
        let mut csrf = [0u8; 32];
        getrandom::fill(&mut token)
            .and_then(|()| getrandom::fill(&mut csrf))
            .map_err(|e| Error::Invalid(format!("cannot read random bytes: {e}")))?;
        while self.list.len() >= MAX_SESSIONS {
            self.list.remove(0);
        }
        self.list.push(Session { token, csrf, who: who.to_string(), created: now, flash: None });
        // No Max-Age: a browser-session cookie, which a browser normally keeps in memory rather
        // than in its profile on disk (where an agent of the same account could read it); the
        // server ends the session after SESSION_TTL either way.
        Ok(format!(
            "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/{}",
            hex(&token),
            if self.secure { "; Secure" } else { "" }
        ))
    }

    /// The `Set-Cookie` value that removes the session cookie.
    pub fn clear_cookie(&self) -> String {
        format!(
            "{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
            if self.secure { "; Secure" } else { "" }
        )
    }

    fn position(&self, token: &[u8; 32]) -> Option<usize> {
        // Compare with every session, so the time does not tell which prefix matched.
        let mut found = None;
        for (i, s) in self.list.iter().enumerate() {
            if same(&s.token, token) && found.is_none() {
                found = Some(i);
            }
        }
        found
    }

    /// The live session whose token the `Cookie` header carries.
    pub fn find(&mut self, cookie: Option<&str>, now: Instant) -> Option<Signed> {
        self.prune(now);
        let token = cookie?
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .and_then(|(_, v)| unhex::<32>(v.trim()))?;
        let s = &self.list[self.position(&token)?];
        Some(Signed { token: s.token, csrf: s.csrf, who: s.who.clone() })
    }

    /// Sign out.
    pub fn remove(&mut self, s: &Signed) {
        if let Some(i) = self.position(&s.token) {
            self.list.remove(i);
        }
    }

    /// Leave `flash` for the session's next page.
    pub fn set_flash(&mut self, s: &Signed, flash: Flash) {
        if let Some(i) = self.position(&s.token) {
            self.list[i].flash = Some(flash);
        }
    }

    /// The message left for this page, once.
    pub fn take_flash(&mut self, s: &Signed) -> Option<Flash> {
        let i = self.position(&s.token)?;
        self.list[i].flash.take()
    }
}

/// Whether a browser's request comes from this server's own pages. `Sec-Fetch-Site`, when
/// sent, must be `same-origin`; `Origin`, when sent, must be `http://HOST` or `https://HOST`
/// for the request's own `Host`, except that `Origin: null` is accepted along with
/// `Sec-Fetch-Site: same-origin` (a browser sends `null` for a form on a page with
/// `Referrer-Policy: no-referrer`, as the inbox's are). Clients that send neither header (not
/// browsers) still need the session cookie and the CSRF token.
pub fn same_origin(
    host: Option<&str>,
    origin: Option<&str>,
    fetch_site: Option<&str>,
) -> std::result::Result<(), String> {
    let same_site = match fetch_site.map(str::trim) {
        Some(site) if site.eq_ignore_ascii_case("same-origin") => true,
        Some(site) => {
            return Err(format!("the form was sent from another site (Sec-Fetch-Site: {site})"));
        }
        None => false,
    };
    if let Some(origin) = origin.map(str::trim) {
        if origin == "null" && same_site {
            return Ok(());
        }
        let authority = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
        let ok = match (authority, host) {
            (Some(a), Some(h)) => a.eq_ignore_ascii_case(h.trim()),
            _ => false,
        };
        if !ok {
            return Err(format!("the form was sent from another origin ({origin})"));
        }
    }
    Ok(())
}

/// The fields of a submitted form; any field not in `allowed` is refused.
#[derive(Debug)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// `pairs` (decoded), checked against `allowed`.
    pub fn new(
        pairs: Vec<(String, String)>,
        allowed: &[&str],
    ) -> std::result::Result<Form, String> {
        if let Some((k, _)) = pairs.iter().find(|(k, _)| !allowed.contains(&k.as_str())) {
            return Err(format!("unknown form field `{k}`"));
        }
        Ok(Form(pairs))
    }

    /// The field `name` (the last one if repeated).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The field `name`, required.
    pub fn need(&self, name: &str) -> std::result::Result<&str, String> {
        self.get(name).ok_or_else(|| format!("the form has no `{name}` field"))
    }
}

/// An open ask as the page shows it: the pending entry with its analysis.
#[derive(Debug)]
pub struct Ask {
    /// The entry of `pending`.
    pub ask: PendingAsk,
    /// Risk factors of the request.
    pub factors: Vec<String>,
    /// What the request would do, in words.
    pub explanation: String,
}

/// Whether the chain verified, from a report or the error that kept it from running.
#[derive(Debug)]
pub struct Chain {
    /// The verification, or why it could not run.
    pub report: std::result::Result<VerifyReport, String>,
    /// True when the result was cached for an unchanged journal.
    pub cached: bool,
}

/// Everything the signed-in page shows.
#[derive(Debug)]
pub struct View<'a> {
    /// Who is signed in.
    pub who: &'a str,
    /// The session's CSRF token.
    pub csrf: &'a str,
    /// The message left by the last action.
    pub flash: Option<Flash>,
    /// Open asks, at most [`ASKS_SHOWN`].
    pub asks: &'a [Ask],
    /// Open asks not shown.
    pub more_asks: usize,
    /// Learned patterns, at most [`PATTERNS_SHOWN`].
    pub patterns: &'a [PatternReport],
    /// The newest journal events, newest first.
    pub events: &'a [AuditEvent],
    /// The chain's state.
    pub chain: Chain,
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{}</title><style>{STYLE}</style></head>\n<body>{body}</body></html>\n",
        esc(title)
    )
}

fn flash_html(out: &mut String, f: Option<&Flash>) {
    if let Some(f) = f {
        let class = if f.error { "flash error" } else { "flash" };
        let _ = write!(out, "<div class=\"{class}\" role=\"status\">{}</div>", esc(&f.text));
    }
}

/// The sign-in page, with `message` (a failed sign-in) above the form.
pub fn sign_in_page(message: Option<&str>) -> String {
    let mut b = String::from(
        "<div class=\"signin\"><h1>aiperture</h1><p class=\"muted\">Approvals inbox. Sign in with \
         your own key (listed in <code>server.humans</code>) or the admin key.</p>",
    );
    flash_html(&mut b, message.map(|m| Flash { error: true, text: m.into() }).as_ref());
    b.push_str(
        "<form method=\"post\" action=\"/inbox/sign-in\"><label for=\"key\">Key</label>\
         <input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"current-password\" \
         required autofocus><button type=\"submit\" class=\"allow\" id=\"sign-in\">Sign in\
         </button></form></div>",
    );
    page("aiperture — sign in", &b)
}

/// An error page: what went wrong, and a way back.
pub fn error_page(status: u16, message: &str) -> String {
    let body = format!(
        "<main><h2>Error {status}</h2><div class=\"flash error\">{}</div>\
         <p>Nothing was changed. <a href=\"/\">Back to the inbox</a></p></main>",
        esc(message)
    );
    page("aiperture — error", &body)
}

fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", esc(value))
}

/// The inbox of a signed-in person.
pub fn inbox_page(v: &View<'_>) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<header><h1>aiperture — approvals inbox</h1><span>signed in as <b>{}</b></span>\
         <form method=\"post\" action=\"/inbox/sign-out\">{}<button type=\"submit\" \
         id=\"sign-out\">Sign out</button></form></header><main>",
        esc(v.who),
        hidden("csrf", v.csrf)
    );
    flash_html(&mut b, v.flash.as_ref());
    asks_html(&mut b, v);
    patterns_html(&mut b, v);
    journal_html(&mut b, v);
    b.push_str("</main>");
    page("aiperture — inbox", &b)
}

fn asks_html(b: &mut String, v: &View<'_>) {
    let total = v.asks.len() + v.more_asks;
    let _ = write!(b, "<h2 id=\"pending\">Pending asks ({total})</h2>");
    if v.asks.is_empty() {
        b.push_str("<p class=\"muted\" id=\"no-pending\">Nothing is waiting for a decision.</p>");
        return;
    }
    // Grouped by agent runtime and session, in the order each group's oldest ask came in.
    let mut groups: Vec<(&str, &str, Vec<&Ask>)> = Vec::new();
    for a in v.asks {
        let r = &a.ask.newest.request;
        match groups.iter_mut().find(|(rt, s, _)| *rt == r.runtime && *s == r.session) {
            Some(g) => g.2.push(a),
            None => groups.push((&r.runtime, &r.session, vec![a])),
        }
    }
    for (runtime, session, asks) in groups {
        let runtime = if runtime.is_empty() { "unknown agent" } else { runtime };
        let session = if session.is_empty() { "no session" } else { session };
        let _ = write!(b, "<h3>{} · session <code>{}</code></h3>", esc(runtime), esc(session));
        for a in asks {
            ask_html(b, v, a);
        }
    }
    if v.more_asks > 0 {
        let _ = write!(
            b,
            "<p class=\"muted\">{} more not shown (<code>aiperture pending</code> lists all).</p>",
            v.more_asks
        );
    }
}

fn ask_html(b: &mut String, v: &View<'_>, ask: &Ask) {
    let c = &ask.ask.newest;
    let r = &c.request;
    let tier = c.tier.to_string();
    let _ = write!(
        b,
        "<div class=\"ask\" id=\"ask-{id}\"><div class=\"what\"><span class=\"tier tier-{tc}\">{t}\
         </span> {tool} {action} <code class=\"scope\">{scope}</code></div>",
        id = esc(&c.challenge.id),
        tc = esc(&tier.to_ascii_lowercase()),
        t = esc(&tier.to_ascii_uppercase()),
        tool = esc(&r.tool),
        action = esc(&r.action),
        scope = esc(&r.scope),
    );
    let _ = write!(b, "<div>{}</div>", esc(&ask.explanation));
    let factors = if ask.factors.is_empty() { "none".to_string() } else { ask.factors.join(", ") };
    let _ = write!(
        b,
        "<div class=\"meta\">risk factors: {}; why asked: {}</div>",
        esc(&factors),
        esc(&c.reason)
    );
    let _ = write!(
        b,
        "<div class=\"meta\">challenge <code>{}</code> · {} open · project {} · expires {}</div>",
        esc(&c.challenge.id),
        ask.ask.count,
        esc(if r.project.is_empty() { "-" } else { &r.project }),
        esc(&c.challenge.expires_at.to_string()),
    );
    let _ = write!(
        b,
        "<form method=\"post\" action=\"/inbox/decide\">{}{}\
         <button type=\"submit\" name=\"decision\" value=\"allow\" class=\"allow\">Approve</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\" class=\"deny\">Deny</button>\
         </form></div>",
        hidden("csrf", v.csrf),
        hidden("challenge", &c.challenge.id)
    );
}

fn patterns_html(b: &mut String, v: &View<'_>) {
    let _ = write!(b, "<h2 id=\"patterns\">Learned patterns ({})</h2>", v.patterns.len());
    if v.patterns.is_empty() {
        b.push_str("<p class=\"muted\">Nothing learned yet.</p>");
        return;
    }
    b.push_str(
        "<table><tr><th>tool</th><th>action</th><th>pattern</th><th>allows</th><th>denies</th>\
         <th>status</th><th></th></tr>",
    );
    for p in v.patterns {
        let s = &p.stats;
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>\
             <td><form method=\"post\" action=\"/inbox/revoke\">{}{}{}{}{}\
             <button type=\"submit\">Revoke</button></form></td></tr>",
            esc(&s.tool),
            esc(&s.action),
            esc(&s.pattern),
            s.allows,
            s.denies,
            esc(&p.status.label()),
            hidden("csrf", v.csrf),
            hidden("org", &s.org),
            hidden("tool", &s.tool),
            hidden("action", &s.action),
            hidden("pattern", &s.pattern),
        );
    }
    b.push_str("</table>");
}

/// One line about an event: its request, verdict or decision, whichever it has.
fn summary(e: &serde_json::Value) -> String {
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let mut parts = Vec::new();
    if let Some(r) = e.get("request") {
        parts.push(format!("{} {} {}", s(&r["tool"]), s(&r["action"]), s(&r["scope"])));
    }
    if let Some(v) = e.get("verdict") {
        parts.push(format!("→ {} ({})", s(&v["decision"]), s(&v["decided_by"])));
    }
    if e.get("outcome").is_some() {
        parts.push(format!(
            "{} {} by {} via {}",
            s(&e["outcome"]),
            s(&e["decision"]),
            s(&e["by"]),
            s(&e["channel"])
        ));
    } else if e.get("pattern").is_some() {
        parts.push(format!("pattern {} by {}", s(&e["pattern"]), s(&e["by"])));
    } else if e.get("status").is_some() && e.get("channel").is_some() {
        parts.push(format!("{} via {}", s(&e["status"]), s(&e["channel"])));
    } else if e.get("key").is_some() {
        parts.push(format!("{} set", s(&e["key"])));
    }
    parts.join(" ")
}

fn journal_html(b: &mut String, v: &View<'_>) {
    b.push_str("<h2 id=\"journal\">Journal</h2><section class=\"card\" id=\"chain\">");
    let cached = if v.chain.cached { " (unchanged since the last check)" } else { "" };
    match &v.chain.report {
        Ok(r) if r.intact => {
            let _ = write!(
                b,
                "<span class=\"ok\">chain verifies</span>: {} events, last <code>{}</code>{cached}",
                r.events,
                esc(r.last_hash.get(..16).unwrap_or(&r.last_hash))
            );
        }
        Ok(r) => {
            let _ = write!(
                b,
                "<span class=\"bad\">chain does not verify</span>: {} finding(s) in {} events \
                 (<code>aiperture verify-chain</code> has the details){cached}",
                r.findings.len(),
                r.events
            );
        }
        Err(e) => {
            let _ = write!(b, "<span class=\"bad\">could not verify the chain</span>: {}", esc(e));
        }
    }
    b.push_str("</section>");
    if v.events.is_empty() {
        b.push_str("<p class=\"muted\">No events.</p>");
        return;
    }
    b.push_str("<table><tr><th>seq</th><th>time</th><th>kind</th><th>what</th></tr>");
    for ev in v.events {
        let e = &ev.event;
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e["seq"].as_u64().unwrap_or_default(),
            esc(e["ts"].as_str().unwrap_or_default()),
            esc(e["kind"].as_str().unwrap_or_default()),
            esc(&summary(e))
        );
    }
    b.push_str("</table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html_and_attributes() {
        assert_eq!(
            esc("echo \"<script>alert('1')</script>\" && x"),
            "echo &quot;&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;&quot; &amp;&amp; x"
        );
        let page = sign_in_page(Some("<img src=x onerror=alert(1)>"));
        assert!(!page.contains("<img"), "{page}");
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"), "{page}");
    }

    #[test]
    fn the_csp_allows_exactly_the_inline_style() {
        let h = headers();
        let csp = &h.iter().find(|(k, _)| *k == "Content-Security-Policy").unwrap().1;
        assert!(csp.starts_with("default-src 'none'; style-src 'sha256-"), "{csp}");
        for d in ["form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"] {
            assert!(csp.contains(d), "{csp}");
        }
        assert!(!csp.contains("script-src") && !csp.contains("unsafe"), "{csp}");
        // Exactly one inline style, and it is the hashed one.
        let p = sign_in_page(None);
        assert_eq!(p.matches("<style>").count(), 1);
        assert!(p.contains(&format!("<style>{STYLE}</style>")));
        assert!(!p.contains("style=\"") && !p.contains("<script"));
    }

    #[test]
    fn sessions_need_their_token_expire_and_are_bounded() {
        let t0 = Instant::now();
        let mut s = Sessions::new(false);
        let cookie = s.create("alice", t0).unwrap();
        assert!(cookie.contains("HttpOnly; SameSite=Strict; Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"));
        let token = cookie.split(';').next().unwrap().to_string();
        let found = s.find(Some(&format!("theme=dark; {token}")), t0).unwrap();
        assert_eq!(found.who, "alice");
        // A different token (one digit changed) is nobody's.
        let mut other = token.clone().into_bytes();
        let last = other.len() - 1;
        other[last] = if other[last] == b'0' { b'1' } else { b'0' };
        assert!(s.find(Some(std::str::from_utf8(&other).unwrap()), t0).is_none());
        assert!(s.find(None, t0).is_none());
        // CSRF tokens are the session's own.
        assert!(found.csrf_ok(Some(&found.csrf())));
        assert!(!found.csrf_ok(Some(&"0".repeat(64))));
        assert!(!found.csrf_ok(None));
        assert!(!found.csrf_ok(Some("")));
        // Expiry.
        assert!(s.find(Some(&token), t0 + SESSION_TTL).is_none());
        // Bounded: the oldest goes first.
        let mut s = Sessions::new(true);
        let first = s.create("a", t0).unwrap();
        assert!(first.ends_with("; Secure"));
        for _ in 0..MAX_SESSIONS {
            s.create("b", t0).unwrap();
        }
        assert_eq!(s.list.len(), MAX_SESSIONS);
        assert!(s.find(Some(first.split(';').next().unwrap()), t0).is_none());
    }

    #[test]
    fn forms_come_from_this_origin_only() {
        let h = Some("127.0.0.1:8100");
        assert!(same_origin(h, None, None).is_ok());
        assert!(same_origin(h, Some("http://127.0.0.1:8100"), Some("same-origin")).is_ok());
        assert!(same_origin(h, Some("https://127.0.0.1:8100"), None).is_ok());
        assert!(same_origin(h, Some("http://127.0.0.1:8101"), None).is_err());
        assert!(same_origin(h, Some("http://evil.example"), None).is_err());
        assert!(same_origin(h, Some("null"), None).is_err());
        assert!(same_origin(h, Some("null"), Some("same-origin")).is_ok());
        assert!(same_origin(h, Some("http://evil.example"), Some("same-origin")).is_err());
        assert!(same_origin(None, Some("http://127.0.0.1:8100"), None).is_err());
        assert!(same_origin(h, None, Some("cross-site")).is_err());
        assert!(same_origin(h, None, Some("same-site")).is_err());
        assert!(Form::new(vec![("x".into(), "1".into())], &["csrf"]).is_err());
        let f =
            Form::new(vec![("csrf".into(), "a".into()), ("csrf".into(), "b".into())], &["csrf"])
                .unwrap();
        assert_eq!(f.get("csrf"), Some("b"));
        assert!(f.need("key").is_err());
    }
}
