//! The approvals inbox of `aiperture serve` (`GET /`, `POST /inbox/*`).
//!
//! Most tests speak HTTP through the [`Server`] helper of `http.rs`, as a browser would (form
//! bodies, cookies, `Origin`); they check sign-in, the security headers, the CSRF and origin
//! checks (refused requests journal nothing), escaping of agent-written text, decisions under
//! the signed-in person's name, revocation and sign-out. `inbox_in_a_real_browser` drives the
//! page in headless Chromium through ChromeDriver (tests/inbox/browser.py): from
//! `AIPERTURE_CHROMEDRIVER` and `AIPERTURE_CHROMIUM` (set by .ci/run, then required), else
//! `/usr/bin/chromedriver` and `/usr/bin/chromium`; without them it fails under `CI=true` and
//! is skipped with a notice otherwise.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::hooks::{fixture, reply_of, with};
use crate::http::{ADMIN_KEY, API_KEY, Resp, Server, with_env};

const ALICE: &str = "alice-key-0123456789abcdef";

fn sha256_hex(s: &str) -> String {
    aiperture::encoding::hex(&<sha2::Sha256 as sha2::Digest>::digest(s.as_bytes()))
}

/// A store whose server has an API key, the admin key and alice listed in `server.humans`.
fn env(extra: &[(&str, &str)]) -> TestEnv {
    let mut t = TestEnv::with_project();
    with_env(
        &mut t,
        &[("AIPERTURE_SERVER_API_KEY", API_KEY), ("AIPERTURE_SERVER_ADMIN_KEY", ADMIN_KEY)],
    );
    with_env(&mut t, extra);
    let humans = format!("[\"alice:{}\"]", sha256_hex(ALICE));
    t.run(&["config", "set", "--user", "server.humans", &humans]).code(0);
    t
}

/// `application/x-www-form-urlencoded` for `fields`.
fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    let enc = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into()
}

/// What a browser on the inbox's own page sends with a form.
fn post_form(s: &Server, path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Resp {
    let origin = format!("http://{}", s.addr());
    let mut h = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", origin.as_str()),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    if let Some(c) = cookie {
        h.push(("Cookie", c));
    }
    s.request("POST", path, &h, &form(fields))
}

fn page(s: &Server, cookie: Option<&str>) -> Resp {
    match cookie {
        Some(c) => s.request("GET", "/", &[("Cookie", c)], b""),
        None => s.get("/"),
    }
}

/// Sign in with `key`: the `name=value` of the session cookie.
fn sign_in(s: &Server, key: &str) -> String {
    let r = post_form(s, "/inbox/sign-in", None, &[("key", key)]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("location"), Some("/"));
    let set = r.header("set-cookie").expect("Set-Cookie").to_string();
    assert!(set.contains("; HttpOnly; SameSite=Strict; Path=/"), "{set}");
    assert!(!set.contains(key), "the key is in the cookie: {set}");
    set.split(';').next().unwrap_or_default().to_string()
}

/// The page's CSRF token.
fn csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..at + 64].to_string()
}

/// An open ask made through the agent route: its challenge id.
fn ask(s: &Server, scope: &str, session: &str) -> String {
    let req = json!({"tool": "shell", "action": "execute", "scope": scope,
                     "session": session, "runtime": "claude-code"});
    let v = s.send_as("POST", "/permissions/check", API_KEY, &req).status(200);
    assert_eq!(v["decision"], "ask", "{v}");
    v["challenge"]["id"].as_str().expect("challenge").to_string()
}

fn events(t: &TestEnv, kind: &str) -> Vec<Value> {
    t.events(&t.store()).into_iter().filter(|e| e["kind"] == kind).collect()
}

#[track_caller]
fn assert_secure_headers(r: &Resp) {
    let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("no CSP: {r:?}"));
    for d in [
        "default-src 'none'",
        "style-src 'sha256-",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(d), "{d} not in {csp}");
    }
    assert!(!csp.contains("unsafe") && !csp.contains("script-src"), "{csp}");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(r.header("content-type").is_some_and(|c| c.starts_with("text/html")), "{r:?}");
}

#[test]
fn inbox_signs_in_people_and_the_admin_key_but_not_agents() {
    let t = env(&[]);
    let s = Server::start(&t, &[]);
    // Signed out: the sign-in form, with the inbox's headers.
    let r = page(&s, None);
    assert_eq!(r.status, 200);
    assert_secure_headers(&r);
    assert!(r.text().contains("action=\"/inbox/sign-in\""), "{}", r.text());
    assert!(!r.text().contains("Pending asks"));

    let alice = sign_in(&s, ALICE);
    let r = page(&s, Some(&alice));
    assert_eq!(r.status, 200);
    assert_secure_headers(&r);
    assert!(r.text().contains("signed in as <b>alice</b>"), "{}", r.text());
    assert!(!r.text().contains(ALICE), "the key is in the page");

    let admin = sign_in(&s, ADMIN_KEY);
    assert!(page(&s, Some(&admin)).text().contains("signed in as <b>admin-key</b>"));

    // The agents' API key, a wrong key and no key do not sign in.
    for key in [API_KEY, "not-a-listed-key-0123456789", ""] {
        let r = post_form(&s, "/inbox/sign-in", None, &[("key", key)]);
        assert_eq!(r.status, 401, "{key}: {}", r.text());
        assert!(r.header("set-cookie").is_none(), "{key}");
        assert_secure_headers(&r);
        assert!(r.text().contains("does not sign in"), "{}", r.text());
        if !key.is_empty() {
            assert!(!r.text().contains(key), "the key is in the page");
        }
    }
    // DNS rebinding: the page answers only for a loopback host, signed in or not.
    let rebound = s.raw(
        format!(
            "GET / HTTP/1.1\r\nHost: evil.example\r\nCookie: {alice}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(rebound.status, 403, "{}", rebound.text());
    assert!(!rebound.text().contains("signed in as"));
    // A made-up session cookie is nobody's.
    let forged = format!("aiperture_session={}", "ab".repeat(32));
    assert!(page(&s, Some(&forged)).text().contains("action=\"/inbox/sign-in\""));
    // The key never reaches the server's log.
    let (_, log) = s.stop();
    for key in [ALICE, ADMIN_KEY, API_KEY] {
        assert!(!log.contains(key), "{log}");
    }
}

#[test]
fn inbox_forms_need_the_session_its_csrf_token_and_this_origin() {
    let t = env(&[]);
    let s = Server::start(&t, &[]);
    let id = ask(&s, "make csrf-target", "s1");
    let alice = sign_in(&s, ALICE);
    let html = page(&s, Some(&alice)).text();
    let token = csrf(&html);
    assert!(html.contains(&id), "{html}");
    let origin = format!("http://{}", s.addr());
    let fields = |csrf: &str| {
        vec![("csrf", csrf.to_string()), ("challenge", id.clone()), ("decision", "allow".into())]
    };
    let body = |csrf: &str| {
        let f = fields(csrf);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        form(&f)
    };
    let post = |headers: &[(&str, &str)], body: &[u8]| {
        let r = s.request("POST", "/inbox/decide", headers, body);
        assert_secure_headers(&r);
        r
    };
    let ct = ("Content-Type", "application/x-www-form-urlencoded");
    let cookie = ("Cookie", alice.as_str());
    let same = ("Sec-Fetch-Site", "same-origin");
    let own = ("Origin", origin.as_str());
    let no_csrf = form(&[("challenge", &id), ("decision", "allow")]);
    let wrong = "00".repeat(32);
    let other_session = {
        let admin = sign_in(&s, ADMIN_KEY);
        csrf(&page(&s, Some(&admin)).text())
    };
    let refused: Vec<(&str, Resp, u16)> = vec![
        ("no CSRF token", post(&[ct, cookie, own, same], &no_csrf), 403),
        ("a wrong CSRF token", post(&[ct, cookie, own, same], &body(&wrong)), 403),
        ("another session's token", post(&[ct, cookie, own, same], &body(&other_session)), 403),
        ("no session", post(&[ct, own, same], &body(&token)), 401),
        (
            "a foreign Origin",
            post(&[ct, cookie, ("Origin", "http://evil.example")], &body(&token)),
            403,
        ),
        (
            "a cross-site fetch",
            post(&[ct, cookie, ("Sec-Fetch-Site", "cross-site")], &body(&token)),
            403,
        ),
        (
            "Origin null, not same-origin",
            post(&[ct, cookie, ("Origin", "null")], &body(&token)),
            403,
        ),
        ("a JSON body", post(&[("Content-Type", "application/json"), cookie, own], b"{}"), 415),
        (
            "an unknown field",
            post(
                &[ct, cookie, own],
                &form(&[
                    ("csrf", &token),
                    ("challenge", &id),
                    ("decision", "allow"),
                    ("by", "mallory"),
                ]),
            ),
            400,
        ),
    ];
    for (what, r, want) in &refused {
        assert_eq!(r.status, *want, "{what}: {}", r.text());
        assert!(r.text().contains("Nothing was changed"), "{what}: {}", r.text());
    }
    assert!(events(&t, "decision").is_empty(), "a refused form decided something");
    // The open ask is still there; the real form decides it.
    let r = post(&[ct, cookie, own, same], &body(&token));
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(events(&t, "decision").len(), 1);
}

#[test]
fn inbox_approvals_are_the_signed_in_persons_and_escaped() {
    let t = env(&[]);
    let s = Server::start(&t, &[]);
    let hostile = "echo \"<script>alert(1)</script>\"";
    let id = ask(&s, hostile, "<b>session</b>");
    let alice = sign_in(&s, ALICE);
    let html = page(&s, Some(&alice)).text();
    assert!(html.contains("echo &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"), "{html}");
    assert!(html.contains("&lt;b&gt;session&lt;/b&gt;"), "{html}");
    assert!(!html.contains("<script") && !html.contains("<b>session"), "{html}");
    assert!(html.contains("claude-code"), "grouped by runtime: {html}");
    let token = csrf(&html);

    let r = post_form(
        &s,
        "/inbox/decide",
        Some(&alice),
        &[("csrf", &token), ("challenge", &id), ("decision", "allow")],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("location"), Some("/"));
    // Post-redirect-get: the next page says what happened, once, and the ask is gone.
    let html = page(&s, Some(&alice)).text();
    assert!(html.contains("class=\"flash\""), "{html}");
    assert!(html.contains("Approved shell execute echo &quot;&lt;script&gt;"), "{html}");
    assert!(!html.contains(&format!("id=\"ask-{id}\"")), "{html}");
    assert!(html.contains("id=\"no-pending\""), "{html}");
    assert!(!page(&s, Some(&alice)).text().contains("class=\"flash\""));
    // The same challenge again: refused, nothing more journaled.
    let again = post_form(
        &s,
        "/inbox/decide",
        Some(&alice),
        &[("csrf", &token), ("challenge", &id), ("decision", "deny")],
    );
    assert_eq!(again.status, 404, "{}", again.text());

    // Journaled as alice's, through the inbox, as the audit log shows.
    let log = t.run(&["audit", "log", "--kind", "decision", "--json"]).json();
    let d = &log["events"][0]["event"];
    assert_eq!(log["events"].as_array().map(Vec::len), Some(1), "{log}");
    assert_eq!((d["by"].as_str(), d["channel"].as_str()), (Some("alice"), Some("inbox")), "{d}");
    assert_eq!((d["outcome"].as_str(), d["decision"].as_str()), (Some("recorded"), Some("allow")));
    assert_eq!(d["challenge"], id.as_str());
    assert_eq!(d["request"]["scope"], hostile);
    // The journal section shows the events, escaped, and the chain verifies (verified again:
    // the journal changed since the last page).
    assert!(html.contains("chain verifies"), "{html}");
    assert!(!html.contains("unchanged since the last check"), "{html}");
    assert!(html.contains("recorded allow by alice via inbox"), "{html}");
    let html = page(&s, Some(&alice)).text();
    assert!(html.contains("unchanged since the last check"), "cached: {html}");
    t.run(&["verify-chain"]).code(0);
    // An edited journal line (same length) is noticed at the next page.
    let seg = std::fs::read_dir(t.store().join("journal"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .expect("a journal segment");
    let text = std::fs::read_to_string(&seg).unwrap();
    std::fs::write(&seg, text.replacen("\"by\":\"alice\"", "\"by\":\"mally\"", 1)).unwrap();
    assert_ne!(std::fs::read_to_string(&seg).unwrap(), text);
    let html = page(&s, Some(&alice)).text();
    assert!(html.contains("chain does not verify"), "{html}");
}

#[test]
fn inbox_revokes_patterns_and_counts_decisions() {
    let t = env(&[("AIPERTURE_SERVER_DECISIONS_PER_MINUTE", "2")]);
    let s = Server::start(&t, &[]);
    let id = ask(&s, "make learn-me", "s1");
    let alice = sign_in(&s, ALICE);
    let token = csrf(&page(&s, Some(&alice)).text());
    let r = post_form(
        &s,
        "/inbox/decide",
        Some(&alice),
        &[("csrf", &token), ("challenge", &id), ("decision", "deny")],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let html = page(&s, Some(&alice)).text();
    assert!(html.contains("Denied shell execute make learn-me"), "{html}");
    assert!(html.contains("<code>make learn-me</code>"), "a learned pattern: {html}");
    assert!(html.contains("action=\"/inbox/revoke\""), "{html}");

    let revoke = [
        ("csrf", token.as_str()),
        ("org", "default"),
        ("tool", "shell"),
        ("action", "execute"),
        ("pattern", "make learn-me"),
    ];
    let r = post_form(&s, "/inbox/revoke", Some(&alice), &revoke);
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(page(&s, Some(&alice)).text().contains("1 decision(s) cancelled"));
    let rv = events(&t, "revoke");
    assert_eq!(rv.len(), 1, "{rv:?}");
    assert_eq!(
        (rv[0]["by"].as_str(), rv[0]["pattern"].as_str()),
        (Some("alice"), Some("make learn-me"))
    );
    let p = t.run(&["patterns", "--json"]).json();
    let learned = p["patterns"].as_array().cloned().unwrap_or_default();
    assert!(learned.iter().all(|e| e["denies"] == 0), "{p}");

    // Two human decisions this minute (`server.decisions_per_minute = 2`): a third is refused
    // with a page, and nothing is journaled.
    let id = ask(&s, "make one-too-many", "s1");
    let r = post_form(
        &s,
        "/inbox/decide",
        Some(&alice),
        &[("csrf", &token), ("challenge", &id), ("decision", "allow")],
    );
    assert_eq!(r.status, 429, "{}", r.text());
    assert_secure_headers(&r);
    assert!(r.header("retry-after").is_some());
    assert!(r.text().contains("decisions_per_minute"), "{}", r.text());
    assert_eq!(events(&t, "decision").len(), 1);
}

#[test]
fn inbox_sign_out_ends_the_session() {
    let t = env(&[]);
    let s = Server::start(&t, &[]);
    let id = ask(&s, "make after-sign-out", "s1");
    let alice = sign_in(&s, ALICE);
    let token = csrf(&page(&s, Some(&alice)).text());
    // Sign-out is a form too: without the token it is refused and the session lives.
    let r = post_form(&s, "/inbox/sign-out", Some(&alice), &[("csrf", &"11".repeat(32))]);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(page(&s, Some(&alice)).text().contains("signed in as"));
    let r = post_form(&s, "/inbox/sign-out", Some(&alice), &[("csrf", &token)]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(r.header("set-cookie").is_some_and(|c| c.contains("Max-Age=0")), "{r:?}");
    // The old cookie opens nothing any more.
    assert!(page(&s, Some(&alice)).text().contains("action=\"/inbox/sign-in\""));
    let r = post_form(
        &s,
        "/inbox/decide",
        Some(&alice),
        &[("csrf", &token), ("challenge", &id), ("decision", "allow")],
    );
    assert_eq!(r.status, 401, "{}", r.text());
    assert!(events(&t, "decision").is_empty());
}

// --- A real browser -----------------------------------------------------------------------

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1"))
}

/// `var`, which must name an existing file when set, else `default` when it exists.
fn tool(var: &str, default: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        let p = PathBuf::from(p);
        assert!(p.exists(), "{var}={} does not exist", p.display());
        return Some(p);
    }
    let p = PathBuf::from(default);
    p.exists().then_some(p)
}

#[test]
fn inbox_in_a_real_browser() {
    let driver = tool("AIPERTURE_CHROMEDRIVER", "/usr/bin/chromedriver");
    let chromium = tool("AIPERTURE_CHROMIUM", "/usr/bin/chromium");
    let (Some(driver), Some(chromium)) = (driver, chromium) else {
        assert!(
            !in_ci(),
            "Chromium and ChromeDriver are needed (AIPERTURE_CHROMIUM, AIPERTURE_CHROMEDRIVER; \
             .ci/run installs them from Debian)"
        );
        eprintln!(
            "note: no Chromium/ChromeDriver (set AIPERTURE_CHROMIUM and AIPERTURE_CHROMEDRIVER or \
             run .ci/run); the browser test did not run"
        );
        return;
    };
    let t = env(&[]);
    // An agent's tool call the engine answers `ask`, through the Claude Code hook, on the store
    // the server serves.
    let command = "git push --force origin main";
    let event = with(fixture(&t, "claude-code", "pre_tool_use_bash"), |v| {
        v["tool_input"]["command"] = json!(command);
    });
    let decision = |v: &Value| v["hookSpecificOutput"]["permissionDecision"].clone();
    let before = reply_of(&t, "claude-code", &event);
    assert_eq!(decision(&before), "ask", "{before}");

    let s = Server::start(&t, &[]);
    let shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/inbox.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&shot);
    let work = t.tmp.path().join("browser");
    std::fs::create_dir_all(&work).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inbox/browser.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(&driver)
        .arg(&chromium)
        .arg(format!("http://{}", s.addr()))
        .arg(ALICE)
        .arg(command)
        .arg(&shot)
        .arg(&work)
        .env("HOME", &t.home)
        .stdin(Stdio::null())
        .output()
        .expect("run python3 tests/inbox/browser.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(out.status.success(), "the browser run failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("browser: signed in: signed in as alice"), "{stdout}");
    assert!(stdout.contains("browser: approved: Approved shell execute git push"), "{stdout}");
    let png = std::fs::read(&shot).expect("the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(png.len() > 10_000, "a {} byte screenshot", png.len());

    // Approved in the browser, as alice: the next identical call from the hook is allowed
    // (the approval's one-time allowance).
    let d = events(&t, "decision");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0]["by"].as_str(), d[0]["channel"].as_str()), (Some("alice"), Some("inbox")));
    let after = reply_of(&t, "claude-code", &event);
    assert_eq!(decision(&after), "allow", "{after}");
    let reason = after["hookSpecificOutput"]["permissionDecisionReason"].as_str().unwrap_or("");
    assert!(reason.contains("human_approval"), "{reason}");
    // Later in the same session the human's decision is remembered (session memory); the
    // allowance itself is spent, so the same call from another session asks again.
    let again = reply_of(&t, "claude-code", &event);
    assert_eq!(decision(&again), "allow", "{again}");
    let reason = again["hookSpecificOutput"]["permissionDecisionReason"].as_str().unwrap_or("");
    assert!(reason.contains("session_memory"), "{reason}");
    let elsewhere =
        reply_of(&t, "claude-code", &with(event, |v| v["session_id"] = json!("another-session")));
    assert_eq!(decision(&elsewhere), "ask", "{elsewhere}");
}
