#!/usr/bin/env python3
"""Interleaved A/B of two aiperture binaries: `check` as a whole process.

Usage: python3 benches/ab_check.py OLD_BINARY NEW_BINARY [RUNS]

Each binary gets a project store of its own (`init` in a temp folder with its own HOME); the
two are run alternately on the same three requests in turn (`make test-5`, `cargo run --bin
tool7`, `rm -rf /`; each must exit 3), 20 warm-up rounds, then RUNS timed rounds (default
400). Spawn to exit is timed with posix_spawn + waitpid. Prints p50/p90/p99 per binary, the
p50 per request kind, and NEW - OLD at p50. On a noisy VM the difference is the figure to
trust: both binaries see the same machine at the same moments. Build the old binary with
e.g. `git worktree add /tmp/old <rev> && CARGO_TARGET_DIR=/tmp/old-target cargo build
--release --manifest-path /tmp/old/Cargo.toml`.
"""
import os, sys, time, statistics, tempfile, subprocess

def setup(binary, root):
    home = os.path.join(root, "home"); proj = os.path.join(root, "p")
    os.makedirs(home); os.makedirs(proj)
    env = {"HOME": home, "PATH": "/usr/bin:/bin", "AIPERTURE_NOW": "2026-11-26T10:00:00Z"}
    subprocess.run([binary, "init"], cwd=proj, env=env, check=True, capture_output=True)
    return proj, env

def run_once(binary, proj, env, i, scope):
    env = dict(env); env["AIPERTURE_NOW"] = f"2026-11-26T10:{(i // 60) % 60:02d}:{i % 60:02d}Z"
    argv = [binary, "--store", os.path.join(proj, ".aiperture"), "check", "shell", "execute", scope]
    devnull = os.open(os.devnull, os.O_WRONLY)
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(binary, argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status = os.waitpid(pid, 0)
    t1 = time.perf_counter_ns()
    os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code != 3:
        sys.exit(f"{binary}: exit {code} for {scope!r}")
    return (t1 - t0) / 1e6

def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    a, b, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 400
    scopes = ["make test-5", "cargo run --bin tool7", "rm -rf /"]
    with tempfile.TemporaryDirectory() as ta, tempfile.TemporaryDirectory() as tb:
        sa, sb = setup(a, ta), setup(b, tb)
        ra, rb = [], []
        per = {s: ([], []) for s in scopes}
        for i in range(runs + 20):
            s = scopes[i % 3]
            x = run_once(a, *sa, i, s); y = run_once(b, *sb, i, s)
            if i >= 20:
                ra.append(x); rb.append(y); per[s][0].append(x); per[s][1].append(y)
        for s, (x, y) in per.items():
            print(f"{s!r}: A p50 {statistics.median(x):.3f}  B p50 {statistics.median(y):.3f}  B-A {statistics.median(y)-statistics.median(x):+.3f}")
        for name, r in (("A " + a, ra), ("B " + b, rb)):
            q = statistics.quantiles(r, n=100)
            print(f"{name}: p50 {statistics.median(r):.3f} ms  p90 {q[89]:.3f}  p99 {q[98]:.3f}  (n={len(r)})")
        print(f"B - A at p50: {statistics.median(rb) - statistics.median(ra):+.3f} ms")

main()
