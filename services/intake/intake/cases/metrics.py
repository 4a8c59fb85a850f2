"""The acceptance counter (issue point 11): it grows after each acceptance commits."""

from __future__ import annotations

from prometheus_client import Counter

CASE_KINDS = ("immediate", "promised", "supplement", "returned", "joint", "escalated")

ACCEPTED = Counter("hall_intake_cases_accepted_total", "Cases registered at a window, by kind", ["kind"])


def count_accepted(kind: str) -> None:
    """Call after the acceptance committed."""
    ACCEPTED.labels(kind if kind in CASE_KINDS else "other").inc()
