#!/usr/bin/env python3
"""Drive the approvals inbox of `aiperture serve` in a real headless Chromium.

Used by tests/cli/inbox.rs (`inbox_in_a_real_browser`). Python 3 standard library only: it
starts ChromeDriver on a loopback port and speaks the W3C WebDriver protocol to it over HTTP.

    browser.py CHROMEDRIVER CHROMIUM BASE_URL KEY EXPECTED_TEXT SCREENSHOT WORKDIR

Opens BASE_URL, signs in with KEY, checks that an open ask showing EXPECTED_TEXT is listed,
clicks its Approve button, checks that the ask is gone and the page says it was approved, and
writes a PNG screenshot to SCREENSHOT. Prints one line per step; exits 1 with the reason on
any failure. The key is read from the command line and never printed.
"""

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

TIMEOUT = 30.0

# Chromium on a machine without a network: no sandbox (tests may run as root), and nothing
# that reaches out (it stalls on refused connections otherwise).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1100",
]

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

# Loopback only: never through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def step(msg):
    print(f"browser: {msg}", flush=True)


def fail(msg):
    print(f"browser: FAILED: {msg}", flush=True)
    sys.exit(1)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json; charset=utf-8")
        try:
            with OPENER.open(req, timeout=120) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            text = e.read().decode(errors="replace")
            raise RuntimeError(f"{method} {path}: HTTP {e.code}: {text[:800]}") from None
        except (urllib.error.URLError, OSError) as e:
            raise RuntimeError(f"{method} {path}: {e}") from None

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def find(self, css):
        v = self.s("POST", "/element", {"using": "css selector", "value": css})
        return v[ELEMENT]

    def find_all(self, css):
        v = self.s("POST", "/elements", {"using": "css selector", "value": css})
        return [e[ELEMENT] for e in v]

    def text(self, el):
        return self.s("GET", f"/element/{el}/text")

    def wait_for(self, what, check):
        deadline = time.monotonic() + TIMEOUT
        last = None
        while time.monotonic() < deadline:
            try:
                v = check()
                if v:
                    return v
            except RuntimeError as e:
                last = e
            time.sleep(0.1)
        fail(f"timed out waiting for {what} (last error: {last})")


def main():
    if len(sys.argv) != 8:
        fail(f"usage: {sys.argv[0]} CHROMEDRIVER CHROMIUM BASE_URL KEY EXPECTED SCREENSHOT WORKDIR")
    chromedriver, chromium, base_url, key, expected, screenshot, workdir = sys.argv[1:]
    port = free_port()
    log = open(os.path.join(workdir, "chromedriver.log"), "wb")
    driver_proc = subprocess.Popen(
        [chromedriver, f"--port={port}", "--allowed-ips=127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    d = Driver(port)
    try:
        d.wait_for("chromedriver", lambda: d.call("GET", "/status").get("ready"))
        step(f"chromedriver ready on port {port}")
        profile = os.path.join(workdir, "chromium-profile")
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": CHROMIUM_FLAGS + [f"--user-data-dir={profile}"],
                    },
                }
            }
        }
        created = d.call("POST", "/session", caps)
        d.session = created["sessionId"]
        step(f"browser {created['capabilities'].get('browserVersion', '?')} started")

        d.s("POST", "/url", {"url": base_url + "/"})
        key_field = d.wait_for("the sign-in form", lambda: d.find("#key"))
        d.s("POST", f"/element/{key_field}/value", {"text": key})
        d.s("POST", f"/element/{d.find('#sign-in')}/click", {})
        d.wait_for("the inbox after sign-in", lambda: d.find_all("#pending"))
        step("signed in: " + d.text(d.find("header span")))

        asks = d.find_all(".ask")
        shown = [d.text(a) for a in asks]
        matching = [a for a, t in zip(asks, shown) if expected in t]
        if not matching:
            fail(f"no open ask shows {expected!r}; asks: {shown!r}")
        step(f"{len(asks)} open ask(s); one shows {expected!r}")
        approve = d.s(
            "POST",
            f"/element/{matching[0]}/element",
            {"using": "css selector", "value": "button.allow"},
        )[ELEMENT]
        d.s("POST", f"/element/{approve}/click", {})
        d.wait_for("the page after approving", lambda: d.find_all(".flash"))
        flash = d.text(d.find(".flash"))
        if not flash.startswith("Approved"):
            fail(f"the page after approving says {flash!r}")
        left = [d.text(a) for a in d.find_all(".ask")]
        if any(expected in t for t in left):
            fail(f"the approved ask is still listed: {left!r}")
        step(f"approved: {flash}")
        source = d.s("GET", "/source")
        if key in source:
            fail("the key appears in the page")

        png = base64.b64decode(d.s("GET", "/screenshot"))
        with open(screenshot, "wb") as f:
            f.write(png)
        step(f"screenshot {screenshot} ({len(png)} bytes)")
    except Exception as e:  # noqa: BLE001 - any failure is reported as one line
        fail(f"{type(e).__name__}: {e}")
    finally:
        if d.session:
            try:
                d.s("DELETE", "")
            except Exception:  # noqa: BLE001 - best effort on the way out
                pass
        driver_proc.terminate()
        try:
            driver_proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            driver_proc.kill()
        log.close()
    step("ok")


if __name__ == "__main__":
    main()
