"""``python -m bench.system.markdown bench/results/system-<date>.json``: the run's figures as
the Markdown tables docs/performance.md keeps (headline, hops, CPU and memory)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .report import HOP_LABELS, headline
from .tracker import HOPS


def _f(value, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _hop(summary: dict | None) -> str:
    if not summary or not summary.get("n"):
        return "-"
    return f"{_f(summary['p50'])} / {_f(summary['p95'])} / {_f(summary['p99'])}"


def tables(document: dict) -> str:
    runs = [run for run in document["runs"] if not run.get("error")]
    lines = [
        "| db | open cases | offered/s | promised/s | joint/s | bus msg/s | busiest | raw msg/s | bus/raw |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        h = headline(run)
        lines.append(
            f"| {h['db']} | {h['open_cases']:,} | {_f(h['offered_per_s'], 1)} | {_f(h['promised_per_s'], 1)} "
            f"| {_f(h['joint_per_s'], 1)} | {_f(h['bus_per_s'])} | {_f(h['busiest_bus_per_s'])} "
            f"| {_f(h['raw_per_s'])} | {_f(h['bus_over_raw'], 3)} |"
        )
    lines += ["", "Hops, ms, p50 / p95 / p99 at the sustainable rate; at half of it:", ""]
    lines += ["| db, open | " + " | ".join(HOP_LABELS[hop] for hop in HOPS) + " |"]
    lines += ["|---" * (len(HOPS) + 1) + "|"]
    for run in runs:
        at, half = run.get("hops_at_sustainable") or {}, (run.get("half") or {}).get("hops") or {}
        cells = [f"{_hop(at.get(hop))}; {_hop(half.get(hop))}" for hop in HOPS]
        lines.append(f"| {run['db']}, {run['open_cases']:,} | " + " | ".join(cells) + " |")
    names = list(runs[0].get("cpu_ms_per_case", {})) if runs else []
    lines += ["", "CPU ms per completed case (peak RSS MiB):", ""]
    lines += ["| db, open | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for run in runs:
        cpu, rss = run.get("cpu_ms_per_case", {}), run.get("peak_rss_mib", {})
        cells = [f"{_f(cpu.get(name), 1)} ({_f(rss.get(name))})" for name in names]
        lines.append(f"| {run['db']}, {run['open_cases']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    (path,) = argv if argv is not None else sys.argv[1:]
    document = json.loads(Path(path).read_text())
    machine = document["machine"]
    load = ", ".join(f"{value:.1f}" for value in machine["load_average"])
    print(f"{document['when']}, {machine['cpus']} CPUs, {machine['platform']}, load average {load}")
    print()
    print(tables(document))
    return 0


if __name__ == "__main__":
    sys.exit(main())
