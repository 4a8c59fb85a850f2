"""Notify's business metrics: notices by type, deliveries by channel and outcome, retries,
fallbacks, the delivery latency, and the backlog (read at each scrape). No personal labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import func, select

from notify.orm import OPEN_STATUSES, deliveries, unsettled

NOTICES = Counter("hall_notify_notices_total", "Notices rendered and archived", ["notice_type"])
DELIVERIES = Counter(
    "hall_notify_deliveries_total",
    "Delivery outcomes (sent, delivered, failed, retry)",
    ["channel", "outcome"],
)
RETRIES = Counter(
    "hall_notify_delivery_retries_total", "Temporary failures put back for a retry", ["channel"]
)
FALLBACKS = Counter(
    "hall_notify_fallbacks_total",
    "Failed deliveries that fell back to another channel",
    ["from_channel", "to_channel"],
)
IN_DOUBT = Counter("hall_notify_deliveries_in_doubt_total", "Emails whose sender stopped mid-send")
LATENCY = Histogram(
    "hall_notify_delivery_seconds",
    "From the notice's issue to its delivery",
    ["channel"],
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 86400),
)
BACKLOG = Gauge(
    "hall_notify_deliveries_open", "Deliveries not yet settled, by channel and status", ["channel", "status"]
)
CHANNELS = ("sms", "email", "inbox", "letter")
SMS_REPORTS = Counter(
    "hall_notify_sms_reports_total",
    "SMS delivery reports pushed: applied, already_settled (a repeat, or the poll first), unknown",
    ["outcome"],
)
REPORT_PUSHES_REFUSED = Counter(
    "hall_notify_sms_report_pushes_refused_total",
    "Pushes of SMS delivery reports refused for their signature (nothing applied), by code",
    ["reason"],
)
ONE_TIME_RAISED = Counter(
    "hall_notify_one_time_overdue_total",
    "One-time notices owed to enquirers raised to supervision past due (R-ONCE-2)",
)
ONE_TIME_OVERDUE = Gauge(
    "hall_notify_one_time_notices_overdue", "One-time notices owed to enquirers, past due and not delivered"
)


for _result in ("applied", "already_settled", "unknown"):
    SMS_REPORTS.labels(_result)
# every series an alert reads exists from the start at 0: increase() cannot see a counter's
# first step when the series appears with it (NoticesUndelivered, deploy/prometheus/alerts.yml)
for _channel in CHANNELS:
    for _outcome in ("delivered", "failed"):
        DELIVERIES.labels(_channel, _outcome)
    for _target in CHANNELS:
        if _target != _channel:
            FALLBACKS.labels(_channel, _target)


def count_issued(rows: Iterable[Mapping[str, object]]) -> None:
    for row in rows:
        NOTICES.labels(row["notice_type"]).inc()


def count_run(report) -> None:
    for channel, outcome in report.outcomes:
        DELIVERIES.labels(channel, outcome).inc()
    for channel in report.retries:
        RETRIES.labels(channel).inc()
    for source, target in report.fallbacks:
        FALLBACKS.labels(source, target).inc()
    for channel, seconds in report.latencies:
        LATENCY.labels(channel).observe(seconds)
    if report.in_doubt:
        IN_DOUBT.inc(report.in_doubt)


def count_reports(counts: Mapping[str, int]) -> None:
    for result, count in counts.items():
        SMS_REPORTS.labels(result).inc(count)


def refresh_backlog(connection) -> None:
    counts = dict.fromkeys(((channel, status) for channel in CHANNELS for status in OPEN_STATUSES), 0)
    rows = connection.execute(
        select(deliveries.c.channel, deliveries.c.status, func.count())
        .where(unsettled)  # the partial index of open deliveries (notify.orm)
        .group_by(deliveries.c.channel, deliveries.c.status)
    ).all()
    for channel, status, count in rows:
        counts[(channel, status)] = count
    for (channel, status), count in counts.items():
        BACKLOG.labels(channel, status).set(count)


def count_one_time_overdue(raised: int, overdue: int) -> None:
    if raised:
        ONE_TIME_RAISED.inc(raised)
    ONE_TIME_OVERDUE.set(overdue)
