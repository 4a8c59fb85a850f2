"""The table the benchmark prints and the JSON it writes (``bench/results/system-<date>.json``)."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

from .tracker import HOPS

RESULTS = Path(__file__).resolve().parents[1] / "results"
HOP_LABELS = {
    "accept_to_tasks": "acceptance -> every task queued",
    "opinion_to_converged": "last opinion -> converged",
    "converged_to_decided": "converged -> decided",
    "event_to_notice": "event -> notice delivered",
    "event_to_sms": "event -> SMS delivered",
}


def _n(value, width: int, digits: int = 0) -> str:
    if value is None:
        return f"{'-':>{width}}"
    return f"{value:>{width},.{digits}f}"


def headline(result: dict) -> dict:
    best = result.get("sustainable") or {}
    raw = (result.get("raw") or {}).get("end_to_end_per_s")
    bus = best.get("bus_per_s")
    busiest = max((s["bus_per_s"] for s in result.get("steps", [])), default=None)
    return {
        "db": result["db"],
        "open_cases": result["open_cases"],
        "offered_per_s": best.get("rate"),
        "promised_per_s": best.get("promised_per_s"),
        "joint_per_s": best.get("joint_per_s"),
        "bus_per_s": bus,
        "busiest_bus_per_s": busiest,
        "raw_per_s": raw,
        "bus_over_raw": bus / raw if bus and raw else None,
    }


def print_table(results: list[dict]) -> None:
    header = (
        f"{'db':<10} {'open':>7} {'offered/s':>9} {'promised/s':>10} {'joint/s':>8} {'bus msg/s':>9} "
        f"{'busiest':>8} {'raw msg/s':>9} {'bus/raw':>7}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for result in results:
        h = headline(result)
        ratio = f"{h['bus_over_raw']:>7.3f}" if h["bus_over_raw"] else f"{'-':>7}"
        print(
            f"{h['db']:<10} {h['open_cases']:>7} {_n(h['offered_per_s'], 9, 1)} "
            f"{_n(h['promised_per_s'], 10, 1)} "
            f"{_n(h['joint_per_s'], 8, 1)} {_n(h['bus_per_s'], 9)} {_n(h['busiest_bus_per_s'], 8)} "
            f"{_n(h['raw_per_s'], 9)} {ratio}"
        )
    for result in results:
        if result.get("error"):
            print(f"\n{result['db']}, {result['open_cases']} open cases: FAILED {result['error']}")
            continue
        print(f"\n{result['db']}, {result['open_cases']} open cases: hops in ms, p50 / p95 / p99 (n)")
        half = result.get("half", {})
        print(f"{'hop':<34} {'at the sustainable rate':>28} {'at half of it':>28}")
        for hop in HOPS:
            at = (result.get("hops_at_sustainable") or {}).get(hop)
            low = (half.get("hops") or {}).get(hop)
            print(f"{HOP_LABELS[hop]:<34} {_hop(at):>28} {_hop(low):>28}")
        accept = result.get("http_accept") or {}
        print(f"{'POST /cases answered (ramp)':<34} {_hop(accept):>28}")
        cpu, rss = result.get("cpu_ms_per_case", {}), result.get("peak_rss_mib", {})
        print(
            "CPU ms per completed case / peak RSS MiB: "
            + ", ".join(
                f"{name} {_n(cpu.get(name), 0, 1).strip()} / {_n(rss.get(name), 0).strip()}" for name in cpu
            )
        )
    print(
        "\nsustainable: the highest step that kept up (>= 90% of its cases completed within 10 s of "
        "its end, backlog not growing, nothing refused); bus = messages through the hall's exchanges "
        "(events, tasks, opinions) counted by the spy; nothing here passes or fails on speed"
    )


def _hop(summary: dict | None) -> str:
    if not summary or not summary.get("n"):
        return "-"
    return f"{summary['p50']} / {summary['p95']} / {summary['p99']} ({summary['n']})"


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def default_path() -> str:
    return str(RESULTS / f"system-{time.strftime('%Y%m%d-%H%M%S')}.json")


def write_json(results: list[dict], arguments: dict, where: str | None = None) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = Path(where or default_path())
    document = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "arguments": arguments,
        "headline": [headline(r) for r in results],
        "runs": results,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str))
    return path
