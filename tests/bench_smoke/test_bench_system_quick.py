"""``make bench-system --quick`` end to end on SQLite, on the test run's private broker: the
benchmark starts its hall, offers promised and joint cases, follows each to its delivered notice
and measures every hop. It asserts that the benchmark measured (cases completed, every hop seen,
the raw ceiling, CPU and memory of every process), never how fast anything was.

In the SQLite leg only (scripts/test runs the PostgreSQL leg on tests/service, tests/integration
and tests/reliability): the benchmark's PostgreSQL path differs only by the database URL, and the
leg's time is better spent on the services. About a minute: it keeps the benchmark working as
the services change, which nothing else would notice until the next measurement."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

from local_stack.accounts import OPERATOR, account_uri, install_dev_accounts

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "joint_review", "notify", "broker")


def test_the_quick_benchmark_follows_both_kinds_of_case_to_their_delivered_notice(private_broker, tmp_path):
    vhost = f"bench{uuid.uuid4().hex[:8]}"
    uri = private_broker.add_vhost(vhost)
    install_dev_accounts(private_broker, vhost)
    output = tmp_path / "system.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench.system", "--quick", "--db", "sqlite", "--json", str(output)]
        + ["--amqp-uri", account_uri(uri, OPERATOR)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "bus/raw" in run.stdout and "event -> notice delivered" in run.stdout
    (result,) = json.loads(output.read_text())["runs"]
    assert "error" not in result, result.get("error")
    assert result["raw"]["end_to_end_per_s"] > 0 and result["completed_in_ramp"] > 0
    hops = result["half"]["hops"]
    assert all(hops[hop]["n"] > 0 for hop in hops), hops  # both kinds completed at half the rate
    assert result["decide_failures"] == 0
    assert all(result["cpu_ms_per_case"][name] is not None for name in SERVICES if name != "broker")
    assert all(result["peak_rss_mib"][name] > 0 for name in ("intake", "joint_review", "notify"))
    assert result["spy_counts"].get("joint_review.commands", 0) > 0  # the agents' opinions
