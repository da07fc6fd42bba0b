"""Validate `GET /metrics` output with prometheus_client's text parser.

Reads the exposition text on standard input. Exits 0 when the official parser accepts it and
the families aiperture promises are there with the right types; prints the reason and exits 1
otherwise. Run by tests/cli/http.rs (with the venv .ci/run creates under target/).
"""

import math
import sys

from prometheus_client.parser import text_string_to_metric_families

EXPECTED = {
    "aiperture_permission_checks": "counter",
    "aiperture_permission_check_duration_seconds": "histogram",
    "aiperture_human_decisions": "counter",
    "aiperture_auto_approved": "counter",
    "aiperture_auto_denied": "counter",
    "aiperture_rate_limited": "counter",
    "aiperture_risk_budget_exhausted": "counter",
    "aiperture_journal_appends": "counter",
    "aiperture_journal_bytes": "gauge",
    "aiperture_store_lock_wait_seconds": "histogram",
    "aiperture_http_requests": "counter",
    "aiperture_http_request_duration_seconds": "histogram",
}


def main() -> int:
    text = sys.stdin.read()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    problems = []
    for name, kind in EXPECTED.items():
        f = families.get(name)
        if f is None:
            problems.append(f"missing family {name}")
        elif f.type != kind:
            problems.append(f"{name} is a {f.type}, expected {kind}")
    for f in families.values():
        if f.type != "histogram":
            continue
        buckets = [s for s in f.samples if s.name.endswith("_bucket")]
        counts = [s.value for s in buckets]
        if counts != sorted(counts):
            problems.append(f"{f.name}: buckets are not cumulative")
        if not buckets or buckets[-1].labels.get("le") != "+Inf":
            problems.append(f"{f.name}: no +Inf bucket")
        total = [s.value for s in f.samples if s.name.endswith("_count")]
        if buckets and total and not math.isclose(buckets[-1].value, total[0]):
            problems.append(f"{f.name}: +Inf bucket differs from _count")
    checks = families.get("aiperture_permission_checks")
    if checks is not None and not any(s.value > 0 for s in checks.samples):
        problems.append("no check was counted")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"prometheus_client parsed {len(families)} families")
    return 0


if __name__ == "__main__":
    sys.exit(main())
