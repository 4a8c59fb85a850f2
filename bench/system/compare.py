"""``python -m bench.system.compare BEFORE.json AFTER.json``: two runs of the benchmark side by
side (two trees, one sitting), per database and size: each process's peak RSS and CPU per
completed case before and after, in MiB and ms, and after / before; with each run's load
average, without which a ratio on a shared machine says little. Numbers only."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def runs_by_key(document: dict) -> dict[tuple[str, int], dict]:
    return {(run["db"], run["open_cases"]): run for run in document["runs"] if not run.get("error")}


def ratio(before: float | None, after: float | None) -> float | None:
    return round(after / before, 2) if before and after is not None else None


def rows(before: dict, after: dict) -> list[dict]:
    """One row per process of each (db, size) both documents measured."""
    found = []
    old, new = runs_by_key(before), runs_by_key(after)
    for key in (key for key in old if key in new):
        for name, rss_before in old[key].get("peak_rss_mib", {}).items():
            rss_after = new[key].get("peak_rss_mib", {}).get(name)
            cpu_before = old[key].get("cpu_ms_per_case", {}).get(name)
            cpu_after = new[key].get("cpu_ms_per_case", {}).get(name)
            found.append(
                {
                    "db": key[0],
                    "open_cases": key[1],
                    "process": name,
                    "rss_mib": (rss_before, rss_after, ratio(rss_before, rss_after)),
                    "cpu_ms_per_case": (cpu_before, cpu_after, ratio(cpu_before, cpu_after)),
                }
            )
    return found


def _cell(triple: tuple) -> str:
    before, after, times = ("-" if value is None else f"{value:g}" for value in triple)
    return f"{before} -> {after} ({times})"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.splitlines()[0])
        return 2
    before, after = (json.loads(Path(path).read_text()) for path in args)
    for label, document in (("before", before), ("after", after)):
        load = ", ".join(f"{value:.1f}" for value in document["machine"]["load_average"])
        print(f"{label}: {document['when']}, load average at its end {load}")
    print(f"\n{'db, open':<16} {'process':<28} {'peak RSS MiB (after/before)':>30} {'CPU ms/case':>26}")
    for row in rows(before, after):
        where = f"{row['db']}, {row['open_cases']}"
        rss, cpu = _cell(row["rss_mib"]), _cell(row["cpu_ms_per_case"])
        print(f"{where:<16} {row['process']:<28} {rss:>30} {cpu:>26}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
