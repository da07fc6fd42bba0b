//! `aiperture serve` over TLS (issue 21, item 4), and no plain HTTP off loopback.
//!
//! Each test makes a throwaway CA and a server certificate it signed for `127.0.0.1` and
//! `localhost` with rcgen, writes them to the test's temp folder, and talks HTTPS with ureq
//! trusting only that CA. Plain-HTTP and garbage clients use `std::net::TcpStream`. Nothing
//! leaves loopback (a server bound to `0.0.0.0` is reached on 127.0.0.1).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use serde_json::{Value, json};
use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::common::TestEnv;
use crate::http::{API_KEY, Server, with_env};

/// A throwaway CA, and the PEM files of a server certificate it signed and of its key.
struct Pki {
    ca_pem: String,
    cert: PathBuf,
    key: PathBuf,
}

impl Pki {
    fn new(dir: &Path, name: &str) -> Pki {
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name.push(DnType::CommonName, format!("aiperture test CA {name}"));
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
        let key = KeyPair::generate().unwrap();
        let mut leaf =
            CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
        leaf.distinguished_name.push(DnType::CommonName, "localhost");
        let cert = leaf.signed_by(&key, &ca).unwrap();
        let (cert_path, key_path) =
            (dir.join(format!("{name}-cert.pem")), dir.join(format!("{name}-key.pem")));
        std::fs::write(&cert_path, cert.pem()).unwrap();
        std::fs::write(&key_path, key.serialize_pem()).unwrap();
        Pki { ca_pem: ca.pem(), cert: cert_path, key: key_path }
    }

    fn flags(&self) -> Vec<String> {
        vec![
            "--tls-cert".into(),
            self.cert.display().to_string(),
            "--tls-key".into(),
            self.key.display().to_string(),
        ]
    }

    /// A client trusting this CA only.
    fn client(&self) -> ureq::Agent {
        let ca = Certificate::from_pem(self.ca_pem.as_bytes()).unwrap();
        agent(RootCerts::Specific(Arc::new(vec![ca])))
    }
}

fn agent(roots: RootCerts) -> ureq::Agent {
    ureq::Agent::config_builder()
        .tls_config(TlsConfig::builder().root_certs(roots).build())
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn start(t: &TestEnv, addr: &str, flags: &[String]) -> Server {
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    Server::start_on(t, addr, &flags)
}

/// `GET url` with optional extra headers: status and JSON body.
fn get(a: &ureq::Agent, url: &str, headers: &[(&str, &str)]) -> Result<(u16, Value), ureq::Error> {
    let mut rq = a.get(url);
    for (k, v) in headers {
        rq = rq.header(*k, *v);
    }
    let mut r = rq.call()?;
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string()?;
    Ok((status, serde_json::from_str(&body).unwrap_or(Value::Null)))
}

/// `POST /permissions/check` over HTTPS: status and JSON body.
fn check(a: &ureq::Agent, base: &str, key: Option<&str>) -> (u16, Value) {
    let body =
        json!({"tool": "shell", "action": "execute", "scope": "cargo build", "session": "s"});
    let mut rq =
        a.post(format!("{base}/permissions/check")).header("Content-Type", "application/json");
    if let Some(k) = key {
        rq = rq.header("Authorization", format!("Bearer {k}"));
    }
    let mut r = rq.send(body.to_string()).expect("https check");
    let status = r.status().as_u16();
    (status, serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap())
}

/// Write `bytes` on a fresh plain TCP connection to the TLS port and read until the server
/// hangs up (it must, well before the client's 20 s timeout).
fn plain(addr: &str, bytes: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(bytes).unwrap();
    let mut buf = Vec::new();
    let started = Instant::now();
    let r = s.read_to_end(&mut buf);
    assert!(
        r.is_ok() || r.as_ref().is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "the server must hang up on a client that does not speak TLS: {r:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "hung up only after {:?}",
        started.elapsed()
    );
    buf
}

/// Whether the server answered without a line of its own on standard error beyond the start.
fn quiet(s: &Server) -> bool {
    s.stderr().lines().all(|l| l.contains("listening on"))
}

#[test]
fn tls_serves_https_on_loopback_to_clients_that_trust_its_ca() {
    let mut t = TestEnv::with_project();
    let pki = Pki::new(t.tmp.path(), "server");
    with_env(&mut t, &[("AIPERTURE_SERVER_API_KEY", API_KEY)]);
    let s = start(&t, "127.0.0.1:0", &pki.flags());
    assert!(s.stderr().contains(&format!("listening on https://{}", s.addr())), "{}", s.stderr());
    let base = format!("https://{}", s.addr());
    let client = pki.client();

    let (status, h) = get(&client, &format!("{base}/health"), &[]).expect("https health");
    assert_eq!((status, h["status"].as_str()), (200, Some("healthy")), "{h}");
    let (status, v) = check(&client, &base, Some(API_KEY));
    assert_eq!((status, v["decision"].as_str()), (200, Some("ask")), "{v}");
    assert_eq!(v["request"]["scope"], "cargo build", "{v}");
    // A body past `server.max_body_bytes` is refused unread (and discarded off the worker),
    // then the same client is answered again.
    let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let mut r = client
        .post(format!("{base}/permissions/check"))
        .header("Content-Type", "application/json")
        .header("Authorization", format!("Bearer {API_KEY}"))
        .send(big)
        .expect("oversized body");
    assert_eq!(r.status().as_u16(), 413, "{}", r.body_mut().read_to_string().unwrap_or_default());
    let (status, v) = check(&client, &base, Some(API_KEY));
    assert_eq!((status, v["decision"].as_str()), (200, Some("ask")), "{v}");
    // Keys still apply over TLS.
    let (status, v) = check(&client, &base, None);
    assert_eq!((status, v["error"].as_str()), (401, Some("unauthorized")), "{v}");
    // The name in the certificate, and the DNS-rebinding check on the Host header.
    let port = s.port();
    let (status, _) = get(&client, &format!("https://localhost:{port}/health"), &[]).unwrap();
    assert_eq!(status, 200);
    let (status, v) =
        get(&client, &format!("{base}/health"), &[("Host", "evil.example")]).expect("https");
    assert_eq!((status, v["error"].as_str()), (403, Some("forbidden")), "{v}");

    // Plain HTTP on the TLS port gets no HTTP answer, and the server keeps serving.
    let answer = plain(
        s.addr(),
        format!("GET /health HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", s.addr())
            .as_bytes(),
    );
    assert!(!answer.starts_with(b"HTTP/"), "{:?}", String::from_utf8_lossy(&answer));
    // Nor do garbage bytes, a TLS record header announcing a huge record, or a client that
    // hangs up in the middle of its hello.
    let garbage: Vec<u8> =
        (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(!plain(s.addr(), &garbage).starts_with(b"HTTP/"));
    let _ = plain(s.addr(), &[0x16, 0x03, 0x01, 0xff, 0xff, 0x01]);
    drop(TcpStream::connect(s.addr()).unwrap().write_all(&[0x16, 0x03, 0x01, 0x00, 0x40, 0x01]));
    let (status, _) = get(&client, &format!("{base}/health"), &[]).expect("still serving");
    assert_eq!(status, 200);

    // A client that does not trust this CA (the public roots, or another CA) refuses the server.
    let public = agent(RootCerts::WebPki);
    let e = get(&public, &format!("{base}/health"), &[]).expect_err("untrusted certificate");
    assert!(format!("{e}").to_lowercase().contains("certificate"), "{e}");
    let other = Pki::new(t.tmp.path(), "other").client();
    assert!(get(&other, &format!("{base}/health"), &[]).is_err(), "another CA must not verify");
    let (status, _) = get(&client, &format!("{base}/health"), &[]).expect("still serving");
    assert_eq!(status, 200);

    let (code, stderr) = s.stop();
    assert_eq!(code, 0, "{stderr}");
    // Failed handshakes are the clients' business: no error lines.
    assert!(
        stderr.lines().all(|l| l.contains("listening on") || l.contains("stopped after")),
        "{stderr}"
    );
}

/// The waker connects over plain TCP every `read_timeout / 4`: with TLS that is a handshake
/// cut short, which must cost no thread and no log line, and `accept` must keep working.
/// A silent client must not hold the only worker either.
#[cfg(target_os = "linux")]
#[test]
fn tls_waker_and_silent_clients_leak_nothing_and_hold_no_worker() {
    let mut t = TestEnv::with_project();
    let pki = Pki::new(t.tmp.path(), "server");
    with_env(&mut t, &[("AIPERTURE_SERVER_READ_TIMEOUT_MS", "1000")]);
    let mut flags = pki.flags();
    flags.extend(["--workers".to_string(), "1".to_string()]);
    let s = start(&t, "127.0.0.1:0", &flags);
    let base = format!("https://{}", s.addr());
    let client = pki.client();
    let threads = || std::fs::read_dir(format!("/proc/{}/task", s.pid())).unwrap().count();

    std::thread::sleep(Duration::from_millis(1500));
    let before = threads();
    // 16 waker periods (250 ms each), longer than tiny_http's idle threads live.
    std::thread::sleep(Duration::from_secs(4));
    let after = threads();
    assert!(after <= before + 1, "threads grew from {before} to {after}");
    let (status, _) = get(&client, &format!("{base}/health"), &[]).expect("accept still works");
    assert_eq!(status, 200);

    assert!(quiet(&s), "{}", s.stderr());
    let (code, stderr) = s.stop();
    assert_eq!(code, 0, "{stderr}");

    // A client that connects and says nothing: the one worker still answers others well within
    // a read timeout, and the silent connection is dropped after a few read timeouts.
    t.env.clear();
    with_env(&mut t, &[("AIPERTURE_SERVER_READ_TIMEOUT_MS", "3000")]);
    let s = start(&t, "127.0.0.1:0", &flags);
    let base = format!("https://{}", s.addr());
    let mut silent = TcpStream::connect(s.addr()).unwrap();
    silent.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let started = Instant::now();
    let (status, v) = check(&client, &base, None);
    assert_eq!((status, v["decision"].as_str()), (200, Some("ask")), "{v}");
    assert!(started.elapsed() < Duration::from_millis(2500), "{:?}", started.elapsed());
    let mut buf = Vec::new();
    let _ = silent.read_to_end(&mut buf);
    let held = started.elapsed();
    assert!(held < Duration::from_secs(15), "the silent client kept its connection {held:?}");
    assert!(!buf.starts_with(b"HTTP/"), "{:?}", String::from_utf8_lossy(&buf));
    assert!(quiet(&s), "{}", s.stderr());
    let (code, stderr) = s.stop();
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn tls_a_non_loopback_address_needs_tls_or_allow_plaintext() {
    let mut t = TestEnv::with_project();
    with_env(&mut t, &[("AIPERTURE_SERVER_API_KEY", API_KEY)]);
    let r = t.run(&["serve", "--addr", "0.0.0.0:0"]);
    r.code(2);
    for part in [
        "refusing to serve plain HTTP on 0.0.0.0:0",
        "`server.tls_cert` and `server.tls_key`",
        "TLS reverse proxy",
        "`server.allow_plaintext = true`",
    ] {
        assert!(r.stderr.contains(part), "{part}\n{r}");
    }
    assert!(!r.stderr.contains("listening on"), "{r}");

    // Knowingly allowed: by flag, and by the environment (a user layer).
    let s = Server::start_on(&t, "0.0.0.0:0", &["--allow-plaintext"]);
    assert!(s.stderr().contains("listening on http://0.0.0.0:"), "{}", s.stderr());
    s.get("/health").status(200);
    drop(s);
    let mut allowed = TestEnv::with_project();
    allowed.env.clone_from(&t.env);
    with_env(&mut allowed, &[("AIPERTURE_SERVER_ALLOW_PLAINTEXT", "true")]);
    let s = Server::start_on(&allowed, "0.0.0.0:0", &[]);
    s.get("/health").status(200);
    drop(s);

    // With TLS, no allowance is needed.
    let pki = Pki::new(t.tmp.path(), "server");
    let s = start(&t, "0.0.0.0:0", &pki.flags());
    assert!(s.stderr().contains("listening on https://0.0.0.0:"), "{}", s.stderr());
    let base = format!("https://{}", s.addr());
    let (status, v) = check(&pki.client(), &base, Some(API_KEY));
    assert_eq!((status, v["decision"].as_str()), (200, Some("ask")), "{v}");
    let (status, _) = check(&pki.client(), &base, None);
    assert_eq!(status, 401);
    let (code, stderr) = s.stop();
    assert_eq!(code, 0, "{stderr}");

    // The API-key rule still comes first.
    let bare = TestEnv::with_project();
    let r = bare.run(&["serve", "--addr", "0.0.0.0:0", "--allow-plaintext"]);
    r.code(2);
    assert!(r.stderr.contains("non-loopback address needs an API key"), "{r}");
}

#[test]
fn tls_settings_fail_closed_with_clear_errors() {
    let mut t = TestEnv::with_project();
    let pki = Pki::new(t.tmp.path(), "server");
    let cert = pki.cert.display().to_string();
    let key = pki.key.display().to_string();

    // One without the other: a config error, for every command.
    with_env(&mut t, &[("AIPERTURE_SERVER_TLS_CERT", &cert)]);
    let r = t.run(&["serve", "--addr", "127.0.0.1:0"]);
    r.code(2);
    assert!(r.stderr.contains("`server.tls_cert` is set but `server.tls_key` is not"), "{r}");
    t.env.clear();
    with_env(&mut t, &[("AIPERTURE_SERVER_TLS_KEY", &key)]);
    let r = t.run(&["check", "shell", "execute", "ls"]);
    r.code(2);
    assert!(r.stderr.contains("`server.tls_key` is set but `server.tls_cert` is not"), "{r}");
    t.env.clear();
    // The flags go in pairs.
    let r = t.run(&["serve", "--addr", "127.0.0.1:0", "--tls-cert", &cert]);
    r.code(2);
    assert!(r.stderr.contains("--tls-key"), "{r}");

    // Files that cannot serve: refused before listening, naming the setting and the file.
    let missing = t.tmp.path().join("nope.pem").display().to_string();
    let other = Pki::new(t.tmp.path(), "other");
    let other_key = other.key.display().to_string();
    for (c, k, expected) in [
        (missing.as_str(), key.as_str(), format!("`server.tls_cert`: {missing} does not exist")),
        (cert.as_str(), cert.as_str(), format!("`server.tls_key`: {cert} holds no private key")),
        (key.as_str(), key.as_str(), format!("`server.tls_cert`: {key} holds no certificate")),
        (
            cert.as_str(),
            other_key.as_str(),
            format!("the private key in {other_key} does not match the certificate in {cert}"),
        ),
    ] {
        let r = t.run(&["serve", "--addr", "127.0.0.1:0", "--tls-cert", c, "--tls-key", k]);
        r.code(2);
        assert!(r.stderr.contains(&expected), "{expected}\n{r}");
        assert!(!r.stderr.contains("listening on"), "{r}");
    }

    // Through the environment (the user's layer) the pair applies.
    with_env(&mut t, &[("AIPERTURE_SERVER_TLS_CERT", &cert), ("AIPERTURE_SERVER_TLS_KEY", &key)]);
    let s = Server::start(&t, &[]);
    assert!(s.stderr().contains("listening on https://127.0.0.1:"), "{}", s.stderr());
    let (status, _) = get(&pki.client(), &format!("https://{}/health", s.addr()), &[]).unwrap();
    assert_eq!(status, 200);
}

/// A cloned repository's `.aiperture/config.toml` cannot open the door: `allow_plaintext` and
/// the TLS files are ignored until the user trusts the file.
#[test]
fn tls_an_untrusted_project_config_cannot_change_the_door() {
    let mut t = TestEnv::new();
    let pki = Pki::new(t.tmp.path(), "server");
    t.write(
        ".aiperture/config.toml",
        &format!(
            "[server]\nallow_plaintext = true\ntls_cert = {:?}\ntls_key = {:?}\n",
            pki.cert.display().to_string(),
            pki.key.display().to_string()
        ),
    );
    t.write(".aiperture/policy.toml", "# cloned policy\n");
    let r = t.run(&["check", "shell", "execute", "ls", "--json"]);
    let v = r.json();
    let ignored: Vec<&str> = v["untrusted_config_ignored"]
        .as_array()
        .expect("ignored list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for key in ["server.allow_plaintext", "server.tls_cert", "server.tls_key"] {
        assert!(ignored.contains(&key), "{key}: {v}");
    }

    with_env(&mut t, &[("AIPERTURE_SERVER_API_KEY", API_KEY)]);
    let r = t.run(&["serve", "--addr", "0.0.0.0:0"]);
    r.code(2);
    assert!(r.stderr.contains("refusing to serve plain HTTP"), "{r}");
    let s = Server::start(&t, &[]);
    assert!(s.stderr().contains("listening on http://127.0.0.1:"), "{}", s.stderr());
    drop(s);

    // Once trusted, the file applies.
    t.run(&["policy", "trust"]).code(0);
    let s = Server::start(&t, &[]);
    assert!(s.stderr().contains("listening on https://127.0.0.1:"), "{}", s.stderr());
}

#[test]
fn tls_client_mode_trusts_the_configured_ca_only() {
    // Client mode (`remote.url`) against an https team server: `remote.ca_file` names the
    // team's CA; without it the public roots do not know this CA, and nothing is allowed.
    let mut t = TestEnv::with_project();
    let pki = Pki::new(t.tmp.path(), "team");
    with_env(&mut t, &[("AIPERTURE_SERVER_API_KEY", API_KEY)]);
    let s = start(&t, "127.0.0.1:0", &pki.flags());
    let url = s.url();
    assert!(url.starts_with("https://"), "{url}");
    let mut c = TestEnv::new();
    let ca = c.tmp.path().join("team-ca.pem");
    std::fs::write(&ca, &pki.ca_pem).unwrap();
    with_env(&mut c, &[("AIPERTURE_URL", &url), ("AIPERTURE_REMOTE_API_KEY", API_KEY)]);
    let r = c.run(&["check", "shell", "execute", "cargo build"]);
    assert!(r.code(2).stderr.contains("cannot be reached"), "{r}");
    assert!(r.stderr.to_ascii_lowercase().contains("certificate"), "{r}");
    let mut trusting = TestEnv { env: c.env.clone(), ..TestEnv::new() };
    let ca_path = ca.display().to_string();
    with_env(&mut trusting, &[("AIPERTURE_REMOTE_CA_FILE", &ca_path)]);
    let v = trusting.check_json("shell", "execute", "cargo build", &[]);
    assert_eq!(
        (v["decision"].as_str(), v["store"].as_str()),
        (Some("ask"), Some(url.as_str())),
        "{v}"
    );
    // A CA file that holds no certificate is an error, not a silent fallback to other roots.
    let bad = c.tmp.path().join("not-a-ca.pem");
    std::fs::write(&bad, "hello").unwrap();
    let mut broken = TestEnv { env: c.env.clone(), ..TestEnv::new() };
    let bad_path = bad.display().to_string();
    with_env(&mut broken, &[("AIPERTURE_REMOTE_CA_FILE", &bad_path)]);
    let r = broken.run(&["check", "shell", "execute", "cargo build"]);
    assert!(r.code(2).stderr.contains("remote.ca_file"), "{r}");
}
