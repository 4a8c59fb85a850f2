"""Complaints' business metrics. Labels are bounded sets (category, destination, satisfaction),
never a complaint number or anything about a complainant (R-COMP-4).

Counters move after the transaction that caused them committed; gauges are read at each scrape.
"""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import Counter, Gauge

from complaints.complaint.repository import ComplaintRepository
from complaints.complaint.rules import CATEGORIES, TRACKED
from complaints.complaint.sweep import overdue_before

OPEN = Gauge("hall_complaints_open", "Complaints not yet answered, by category", ["category"])
OVERDUE = Gauge("hall_complaints_overdue", "Open complaints past their limit, by category", ["category"])
FILED = Counter("hall_complaints_filed_total", "Complaints filed, by channel and kind", ["channel", "kind"])
BREACHES = Counter(
    "hall_complaints_limit_breaches_total",
    "Complaints that passed their limit unanswered (R-COMP-5)",
    ["category"],
)
REFERRALS = Counter("hall_complaints_referrals_total", "Complaints referred (R-COMP-7)", ["destination"])
FOLLOW_UPS = Counter(
    "hall_complaints_follow_ups_total", "Follow-ups of closed complaints, by satisfaction", ["satisfaction"]
)


def refresh(connection, calendar, now: datetime) -> None:
    open_counts = ComplaintRepository(connection).count_by_category(TRACKED)
    overdue_counts = ComplaintRepository(connection).count_by_category(TRACKED, overdue_before(calendar, now))
    for category in CATEGORIES:
        OPEN.labels(category).set(open_counts.get(category, 0))
        OVERDUE.labels(category).set(overdue_counts.get(category, 0))


def refresh_gauges(service) -> None:
    """At each scrape: open and overdue complaints by category."""
    with service.db.transaction() as tx:
        refresh(tx.connection, service.calendar, service.clock().astimezone(UTC))
