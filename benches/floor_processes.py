#!/usr/bin/env python3
"""The machine's floor for many processes at once: N threads (default 32) each spawning
`BIN --version` in a loop for T seconds (default 10). Prints processes/s, p50 and p99.

Usage: python3 benches/floor_processes.py BIN [N] [T]

The client-mode hook rows of `cargo bench --bench doors` (BENCHMARKS.md, issue 21) are
compared with it: 32 hook processes on a 2-core machine are bound by process start-up."""
import subprocess
import sys
import threading
import time


def main():
    binary = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    latencies = []
    lock = threading.Lock()

    def worker():
        end = time.time() + seconds
        while time.time() < end:
            t = time.perf_counter()
            subprocess.run([binary, "--version"], stdout=subprocess.DEVNULL, check=True)
            d = time.perf_counter() - t
            with lock:
                latencies.append(d)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    latencies.sort()
    print(
        f"{n} concurrent --version: {len(latencies) / elapsed:.0f}/s, "
        f"p50 {latencies[len(latencies) // 2] * 1e3:.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
