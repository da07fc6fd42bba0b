#!/usr/bin/env python3
"""A local hook process on a store with many open tool calls (issue 19 finding of issue 21).

A hook check that asks or denies is tracked as an open call until its challenge expires, so
that later events of the same tool call reuse its challenge. This fills a fresh store with N
such calls through `BIN hook claude-code` (PreToolUse, an unseen low-risk command each: ask,
no opinion), then times R more hook processes of the same kind and prints p50/p90 in ms.

Usage: python3 benches/open_calls.py BIN [N=3000] [R=200]"""
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor


def main():
    binary = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    with tempfile.TemporaryDirectory(prefix="aiperture-open-calls-") as root:
        home, work = os.path.join(root, "home"), os.path.join(root, "work")
        os.makedirs(home)
        os.makedirs(work)
        env = {"HOME": home, "PATH": os.environ.get("PATH", ""), "AIPERTURE_HEADLESS": "0"}
        subprocess.run([binary, "init"], cwd=work, env=env, check=True, capture_output=True)
        subprocess.run(
            [binary, "config", "set", "session.rate_limit_per_minute", "0"],
            cwd=work, env=env, check=True, capture_output=True,
        )
        subprocess.run([binary, "policy", "trust"], cwd=work, env=env, check=True, capture_output=True)

        def hook(i, tag):
            event = {
                "hook_event_name": "PreToolUse", "session_id": f"s-{tag}-{i}", "cwd": work,
                "tool_name": "Bash", "tool_input": {"command": f"make {tag}-target-{i}"},
            }
            t = time.perf_counter()
            out = subprocess.run(
                [binary, "hook", "claude-code"], cwd=work, env=env,
                input=json.dumps(event).encode(), capture_output=True,
            )
            took = time.perf_counter() - t
            if out.returncode != 0 or out.stdout.strip():
                raise SystemExit(f"unexpected reply: {out}")
            return took

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda i: hook(i, "fill"), range(n)))
        times = sorted(hook(i, "timed") for i in range(runs))
        print(
            f"{n} open calls: hook process p50 {times[len(times) // 2] * 1e3:.2f} ms, "
            f"p90 {times[int(len(times) * 0.9)] * 1e3:.2f} ms (n={runs})"
        )


if __name__ == "__main__":
    main()
