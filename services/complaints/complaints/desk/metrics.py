"""The desk's business metrics: items by tier and status, overdue by tier, satisfaction.

Labels are bounded sets (tier, status, satisfaction), never ids or people. The counter grows
after a registration commits; the gauges are read from the database at every scrape, so every
replica reports the same numbers.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge

from complaints.desk.repository import DeskRepository
from complaints.desk.rules import SATISFACTION, STATUSES, TIERS

REGISTERED = Counter(
    "hall_complaints_desk_items_registered_total",
    "Items registered at the could-not-get-it-done desk, by tier",
    ["tier"],
)
ITEMS = Gauge("hall_complaints_desk_items", "Desk items, by tier and status", ["tier", "status"])
OVERDUE = Gauge(
    "hall_complaints_desk_items_overdue",
    "Forwarded desk items past their limit and not answered, by tier",
    ["tier"],
)
FOLLOW_UPS = Gauge(
    "hall_complaints_desk_follow_ups", "Closed desk items by the reporter's satisfaction", ["satisfaction"]
)
SATISFACTION_RATE = Gauge(
    "hall_complaints_desk_satisfaction_ratio", "(Satisfied + basically satisfied) / followed-up desk items"
)


def count_registered(tier: str) -> None:
    """Call after the registration committed."""
    REGISTERED.labels(tier if tier in TIERS else "other").inc()


def refresh(connection, passed_through) -> dict:
    counts = DeskRepository(connection).gauge_counts(passed_through)
    for tier in TIERS:
        for status in STATUSES:
            ITEMS.labels(tier, status).set(counts["by_tier_status"].get((tier, status), 0))
        OVERDUE.labels(tier).set(counts["overdue"].get(tier, 0))
    rated = 0
    for rating in SATISFACTION:
        FOLLOW_UPS.labels(rating).set(counts["satisfaction"].get(rating, 0))
        rated += counts["satisfaction"].get(rating, 0)
    rated_as = counts["satisfaction"]
    pleased = rated_as.get("satisfied", 0) + rated_as.get("basically_satisfied", 0)
    SATISFACTION_RATE.set(pleased / rated if rated else float("nan"))
    return counts


def refresh_gauges(service) -> None:
    """At each scrape: the desk's gauges from the database (``desk.metrics``)."""
    now = service.clock()
    today = service.calendar.today(now)
    passed = today if now > service.calendar.closes_at(today) else today.fromordinal(today.toordinal() - 1)
    with service.db.transaction() as tx:
        refresh(tx.connection, passed)
