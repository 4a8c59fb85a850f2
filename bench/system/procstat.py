"""CPU time and peak memory of a process from /proc (Linux): ``utime + stime`` of
``/proc/<pid>/stat`` and ``VmHWM`` of ``/proc/<pid>/status``. The parsers take the text, so a
unit test feeds them a fake file."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds_of(stat_text: str, ticks: int = TICKS) -> float:
    """User + system CPU seconds from a ``/proc/<pid>/stat`` line. The command name (field 2)
    is in parentheses and may hold spaces or parentheses: fields are counted after the last ')'."""
    after = stat_text[stat_text.rindex(")") + 2 :].split()
    # after the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here
    return (int(after[11]) + int(after[12])) / ticks


def peak_rss_kib(status_text: str) -> int | None:
    """``VmHWM`` (peak resident set) in KiB from a ``/proc/<pid>/status`` text."""
    for line in status_text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def read_cpu(pid: int) -> float | None:
    try:
        return cpu_seconds_of(Path(f"/proc/{pid}/stat").read_text())
    except (OSError, ValueError, IndexError):
        return None


def read_peak_rss(pid: int) -> int | None:
    try:
        return peak_rss_kib(Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return None


def snapshot(pids: dict[str, int]) -> dict[str, float | None]:
    """CPU seconds so far of each named process."""
    return {name: read_cpu(pid) for name, pid in pids.items()}


def cpu_ms_per(before: dict, after: dict, count: int) -> dict[str, float | None]:
    """CPU milliseconds each process spent per unit of work between two snapshots."""
    spent = {}
    for name, start in before.items():
        end = after.get(name)
        spent[name] = (
            None if start is None or end is None or not count else round((end - start) * 1000 / count, 2)
        )
    return spent
