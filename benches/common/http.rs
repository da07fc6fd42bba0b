//! `aiperture serve` as the HTTP benches drive it: start it and read its address, stop it
//! with SIGTERM (it must exit 0), and talk to it over one keep-alive connection.
//!
//! Included by `http_load` and `doors` as `#[path = "common/http.rs"] mod http;` (the
//! whole-process benches that share `common/mod.rs` do not use it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `aiperture serve`, killed if dropped without [`Served::stop`].
pub(crate) struct Served {
    pub(crate) child: Child,
    pub(crate) addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Spawn `serve` (the command carries the binary, environment and arguments) and wait for
    /// the address it prints; the rest of its standard error is read on a thread of its own.
    pub(crate) fn spawn(mut serve: Command) -> Result<Served, String> {
        let mut child = serve
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("spawn serve: {e}"))?;
        let mut lines = BufReader::new(child.stderr.take().ok_or("no stderr")?);
        let mut line = String::new();
        let addr = loop {
            line.clear();
            if lines.read_line(&mut line).map_err(|e| format!("read stderr: {e}"))? == 0 {
                return Err(format!("serve exited before listening: {line}"));
            }
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.split_whitespace().next().unwrap_or_default().to_string();
            }
        };
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = lines.read_to_string(&mut rest);
            if !rest.trim().is_empty() {
                eprintln!("serve: {}", rest.trim());
            }
        });
        Ok(Served { child, addr })
    }

    /// SIGTERM, then wait (at most 60 s) for an exit status of 0.
    pub(crate) fn stop(mut self) -> Result<(), String> {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().map_err(|e| format!("kill: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(st) = self.child.try_wait().map_err(|e| format!("wait: {e}"))? {
                return if st.success() { Ok(()) } else { Err(format!("serve exited with {st}")) };
            }
            if Instant::now() > deadline {
                return Err("serve did not exit after SIGTERM".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// One keep-alive HTTP/1.1 connection.
pub(crate) struct Client {
    w: TcpStream,
    r: BufReader<TcpStream>,
    host: String,
}

impl Client {
    pub(crate) fn new(addr: &str) -> Result<Client, String> {
        let w = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
        w.set_nodelay(true).map_err(|e| format!("nodelay: {e}"))?;
        w.set_read_timeout(Some(Duration::from_secs(120))).map_err(|e| format!("timeout: {e}"))?;
        let r = BufReader::new(w.try_clone().map_err(|e| format!("clone: {e}"))?);
        Ok(Client { w, r, host: addr.to_string() })
    }

    /// Send a request (a JSON body, a Bearer key) and read the whole answer; a status other
    /// than 200 is an error naming it and the body.
    pub(crate) fn send(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
        key: Option<&str>,
    ) -> Result<Vec<u8>, String> {
        let auth = key.map(|k| format!("Authorization: Bearer {k}\r\n")).unwrap_or_default();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{auth}\
             Content-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.w.write_all(req.as_bytes()).map_err(|e| format!("send: {e}"))?;
        let mut line = String::new();
        self.r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
        let status = line.trim().to_string();
        let mut len = 0usize;
        loop {
            line.clear();
            self.r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().map_err(|_| format!("bad length {v:?}"))?;
            }
        }
        let mut bytes = vec![0u8; len];
        self.r.read_exact(&mut bytes).map_err(|e| format!("read body: {e}"))?;
        if !status.starts_with("HTTP/1.1 200") {
            return Err(format!("{method} {path}: {status}: {}", String::from_utf8_lossy(&bytes)));
        }
        Ok(bytes)
    }
}
