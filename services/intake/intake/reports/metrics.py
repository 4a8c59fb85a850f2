"""Intake's business gauges (issue point 11). Labels are bounded (the kind of case), never ids.

The gauges are read from the database at every
scrape (``GET /metrics``), so every replica reports the same numbers and none keeps state.
"""

from __future__ import annotations

from prometheus_client import Gauge

from intake.cases.metrics import CASE_KINDS
from intake.reports import repository
from intake.tracking.rules import RATINGS

NO_DATA = float("nan")  # a rate with nothing to divide: shown as NaN, not as a misleading 0 or 1

OPEN_CASES = Gauge("hall_intake_cases_open", "Open cases, by kind", ["kind"])
OVERDUE_OPEN = Gauge("hall_intake_cases_overdue", "Open cases past their deadline, by kind", ["kind"])
ON_TIME_RATE = Gauge(
    "hall_intake_on_time_ratio",
    "Completed on time / (completed + open and overdue): an overdue open case counts against",
)
RATING_RATE = Gauge("hall_intake_rating_ratio", "Rated / completed cases (R-RATE-1)")
SATISFACTION_RATE = Gauge(
    "hall_intake_satisfaction_ratio", "(Satisfied + basically satisfied) / rated (R-RATE-1)"
)


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else NO_DATA


def rates(counts: dict) -> dict[str, float]:
    """The three rates from ``repository.gauge_counts``."""
    overdue = sum(counts["overdue"].values())
    rated = sum(counts["ratings"].get(name, 0) for name in RATINGS)
    pleased = counts["ratings"].get("satisfied", 0) + counts["ratings"].get("basically_satisfied", 0)
    return {
        "on_time": _rate(counts["completed_on_time"], counts["completed"] + overdue),
        "rating": _rate(rated, counts["completed"]),
        "satisfaction": _rate(pleased, rated),
    }


def refresh(connection, passed_through) -> dict:
    """Set every gauge from the database; ``passed_through`` is the last deadline date already passed."""
    counts = repository.gauge_counts(connection, passed_through)
    for kind in CASE_KINDS:
        OPEN_CASES.labels(kind).set(counts["open"].get(kind, 0))
        OVERDUE_OPEN.labels(kind).set(counts["overdue"].get(kind, 0))
    found = rates(counts)
    ON_TIME_RATE.set(found["on_time"])
    RATING_RATE.set(found["rating"])
    SATISFACTION_RATE.set(found["satisfaction"])
    return found
