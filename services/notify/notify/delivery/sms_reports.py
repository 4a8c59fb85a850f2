"""The SMS gateway's delivery reports, pushed to notify (``POST /callbacks/sms/reports``).

A report says what became of a message the gateway accepted: ``delivered`` or ``undeliverable``.
It is applied exactly as the loop applies the answer of its receipt poll (step 4 of
``notify.delivery.handlers``): ``record_outcome`` with ``expected=SENT``, so the events
(``notice_delivered``, ``notice_failed``), the fallback (undeliverable -> email) and the metrics
are the same, and the compare-and-set on the status decides between a push and the poll (or two
pushes of one report): whichever comes second changes nothing and publishes nothing.

A report may arrive before notify has recorded the gateway's answer to the send (the loop records
its sends in batches, ``RECORD_BATCH``): its id is not known yet. Such reports are looked up
again after short pauses (``GRACE``, under two seconds in all, only while some are unknown) before
the push is answered. A report for an id still unknown then, or for a delivery already settled,
changes nothing and is answered like the others (the gateway must not retry it forever); each
is counted (``hall_notify_sms_reports_total``). The poll stays as the safety net for a report
that was never pushed or came too early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from notify.delivery.handlers import RecordOutcome, record_outcome
from notify.delivery.rules import DELIVERED, PERMANENT, SENT, Outcome, Report, Settings
from notify.unit_of_work import UnitOfWork

MAX_REPORTS = 500  # reports in one push; a gateway with more sends several
GRACE = (0.05, 0.1, 0.25, 0.5, 1.0)  # seconds before each new look for reports not known yet
STATUSES = {"delivered": DELIVERED, "undeliverable": PERMANENT}
APPLIED, SETTLED, UNKNOWN = "applied", "already_settled", "unknown"


@dataclass(frozen=True)
class PushedReport:
    provider_ref: str  # the gateway's id of the message (``provider_ref`` of the delivery)
    status: str  # delivered | undeliverable
    reported_at: datetime  # when the gateway learnt it (kept in the delivery's detail)


@dataclass(frozen=True)
class ApplyReports:
    reports: tuple[PushedReport, ...]
    now: datetime
    settings: Settings
    report: Report = field(default_factory=Report)


@dataclass
class Applied:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((APPLIED, SETTLED), 0))
    unknown: list[PushedReport] = field(default_factory=list)  # no SMS delivery has that id (yet)

    def absorb(self, other: Applied) -> None:
        """Add a later look's counts; its unknown reports are those still unknown."""
        for result, count in other.counts.items():
            self.counts[result] += count
        self.unknown = other.unknown


def apply_reports(command: ApplyReports, uow: UnitOfWork) -> Applied:
    """Apply each report to its SMS delivery while it is ``sent``; how many were applied or found
    settled already (a repeated push, or the poll first), and the reports of unknown ids."""
    found = uow.deliveries.sms_by_provider_refs({pushed.provider_ref for pushed in command.reports})
    applied = Applied()
    counts = applied.counts
    for pushed in command.reports:
        delivery = found.get(pushed.provider_ref)
        if delivery is None:
            applied.unknown.append(pushed)
            continue
        detail = f"report: {pushed.status} at {pushed.reported_at.isoformat()}"
        outcome = Outcome(STATUSES[pushed.status], detail, pushed.provider_ref)
        before = len(command.report.outcomes)
        recorded = RecordOutcome(delivery, outcome, command.now, command.settings, command.report, SENT)
        record_outcome(recorded, uow)
        counts[APPLIED if len(command.report.outcomes) > before else SETTLED] += 1
    return applied
