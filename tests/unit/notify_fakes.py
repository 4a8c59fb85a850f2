"""In-memory fakes of notify's unit of work and repositories: the use cases run against them
with no database and no broker. Each fake keeps plain rows, as the tables would."""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from typing import Any

from notify.delivery.rules import FAILED, IN_DOUBT, PENDING, SENDING, Delivery

DELIVERY_FIELDS = {field.name for field in fields(Delivery)}


class FakeOutbox:
    def __init__(self):
        self.published: list[dict[str, Any]] = []

    def publish(self, event_type, subject, data, version=1, correlation_id=None, **routing):
        self.published.append({"type": event_type, "subject": subject, "data": data})

    def types(self) -> list[str]:
        return [event["type"] for event in self.published]


class FakeNotices:
    def __init__(self):
        self.rows: list[dict[str, Any]] = []

    def add(self, notice) -> None:
        if any(row["notice_no"] == notice["notice_no"] for row in self.rows):
            raise AssertionError(f"notice {notice['notice_no']} archived twice")
        self.rows.append(dict(notice))

    def name_department(self, case_no: str, department: str) -> None:
        for row in self.rows:
            if row["case_no"] == case_no and not row["complaint_no"] and row["department"] is None:
                row["department"] = department

    def case_department(self, case_no: str) -> str | None:
        named = [
            r for r in self.rows if r["case_no"] == case_no and not r["complaint_no"] and r["department"]
        ]
        return named[-1]["department"] if named else None

    def get(self, notice_no: str) -> dict[str, Any]:
        return next(row for row in self.rows if row["notice_no"] == notice_no)


class FakeDeliveries:
    def __init__(self, notices: FakeNotices):
        self.notices = notices
        self.rows: dict[int, dict[str, Any]] = {}
        self.ids = itertools.count(1)

    def _delivery(self, row: dict[str, Any]) -> Delivery:
        notice = self.notices.get(row["notice_no"])
        facts = {key: notice[key] for key in ("notice_type", "audience", "recipient_ref", "case_no")}
        facts.update({key: notice[key] for key in ("complaint_no", "title", "content", "correlation_id")})
        values = {key: value for key, value in row.items() if key in DELIVERY_FIELDS}
        return Delivery(**values, **facts, notice_created_at=notice["created_at"])

    def add(self, values: dict[str, Any]) -> bool:
        if any(row["idempotency_key"] == values["idempotency_key"] for row in self.rows.values()):
            return False
        number = next(self.ids)
        self.rows[number] = {"id": number, "provider_ref": None, "failure": None, **values}
        return True

    def stale_sending(self, claimed_before: datetime) -> list[Delivery]:
        return [
            self._delivery(row)
            for row in self.rows.values()
            if row["status"] == SENDING and row["claimed_at"] < claimed_before
        ]

    def due(self, statuses: tuple[str, ...], now: datetime, limit: int) -> list[Delivery]:
        found = [
            row
            for row in self.rows.values()
            if row["status"] in statuses and row["next_attempt_at"] and row["next_attempt_at"] <= now
        ]
        return [self._delivery(row) for row in found[:limit]]

    def change(
        self, delivery_id: int, status: str, values: dict[str, Any], attempts: int | None = None
    ) -> bool:
        row = self.rows[delivery_id]
        if row["status"] != status or (attempts is not None and row["attempts"] != attempts):
            return False
        row.update(values)
        return True

    def resend(self, delivery_id: int, now: datetime) -> bool:
        row = self.rows.get(delivery_id)
        if row is None or row["status"] not in (IN_DOUBT, FAILED):
            return False
        row.update(status=PENDING, failure=None, next_attempt_at=now, updated_at=now, detail="resent")
        return True

    def sent_letters(self, notice_no: str) -> list[Delivery]:
        return [
            self._delivery(row)
            for row in self.rows.values()
            if row["notice_no"] == notice_no and row["channel"] == "letter" and row["status"] == "sent"
        ]

    def with_status(self, status: str) -> list[dict[str, Any]]:
        return [dict(row) for row in self.rows.values() if row["status"] == status]

    def of_notice(self, notice_no: str) -> list[dict[str, Any]]:
        return [row for _, row in sorted(self.rows.items()) if row["notice_no"] == notice_no]

    def of_channel(self, channel: str) -> list[dict[str, Any]]:
        return [row for row in self.rows.values() if row["channel"] == channel]


class FakeArchive:
    def __init__(self, notices: FakeNotices, deliveries: FakeDeliveries):
        self.notices, self.deliveries = notices, deliveries
        self.inbox_rows: list[dict[str, Any]] = []

    def _with_deliveries(self, rows) -> list[dict[str, Any]]:
        attempts = list(self.deliveries.rows.values())
        return [
            {**row, "deliveries": [d for d in attempts if d["notice_no"] == row["notice_no"]]} for row in rows
        ]

    def listed(self, case_no, complaint_no, item_no=None):
        return self._with_deliveries(
            row
            for row in self.notices.rows
            if (not case_no or row["case_no"] == case_no)
            and (not complaint_no or row["complaint_no"] == complaint_no)
            and (not item_no or row.get("item_no") == item_no)
        )

    def of_applicant(self, case_no):
        rows = [r for r in self.notices.rows if r["case_no"] == case_no and r["audience"] == "applicant"]
        return self._with_deliveries(rows)

    def notice(self, notice_no):
        found = self._with_deliveries(r for r in self.notices.rows if r["notice_no"] == notice_no)
        return found[0] if found else None

    def inbox(self, recipients, now=None):
        found = [dict(row) for row in reversed(self.inbox_rows) if row["recipient_ref"] in recipients]
        for row in self.inbox_rows:
            if now is not None and row["recipient_ref"] in recipients and row["read_at"] is None:
                row["read_at"] = now
        return found


class FakePrintJobs:
    def __init__(self, notices: FakeNotices):
        self.notices = notices
        self.jobs: dict[int, dict[str, Any]] = {}

    def queue_letter(self, notice_no: str, queued_at: datetime) -> int:
        """What the letter channel does when it sends: one job per notice."""
        number = len(self.jobs) + 1
        notice = self.notices.get(notice_no)
        self.jobs[number] = {
            "id": number,
            "notice_no": notice_no,
            "recipient_ref": notice["recipient_ref"],
            "queued_at": queued_at,
            "printed_at": None,
            "handed_over_at": None,
            "handed_over_by": None,
            "how": None,
        }
        return number

    def get(self, job_id: int):
        found = self.jobs.get(job_id)
        return dict(found) if found else None

    def queue(self, waiting_only: bool):
        keys = ("title", "case_no", "complaint_no", "audience", "department")
        jobs = [
            {**job, **{key: self.notices.get(job["notice_no"])[key] for key in keys}}
            for job in self.jobs.values()
        ]
        return [job for job in jobs if not waiting_only or job["handed_over_at"] is None]

    def hand_over(self, job_id: int, values) -> None:
        self.jobs[job_id].update(values)


class FakeOneTime:
    """The one-time notices owed to enquirers (R-ONCE-2), as ``one_time_notices`` keeps them."""

    def __init__(self, deliveries: FakeDeliveries):
        self.deliveries = deliveries
        self.rows: dict[str, dict[str, Any]] = {}

    def add(self, row) -> None:
        if row["enquiry_no"] in self.rows:
            raise AssertionError(f"enquiry {row['enquiry_no']} tracked twice")
        self.rows[row["enquiry_no"]] = dict(row)

    def mark_delivered(self, notice_no: str, at: datetime, channel: str) -> None:
        for row in self.rows.values():
            if row["notice_no"] == notice_no and row["delivered_at"] is None:
                row.update(delivered_at=at, delivered_channel=channel)

    def overdue_unraised(self, now: datetime, limit: int = 500) -> list[dict[str, Any]]:
        return [
            dict(row)
            for row in self.rows.values()
            if row["delivered_at"] is None and row["overdue_raised_at"] is None and row["notice_due_at"] < now
        ]

    def raise_once(self, enquiry_no: str, now: datetime) -> bool:
        row = self.rows[enquiry_no]
        if row["overdue_raised_at"] is not None or row["delivered_at"] is not None:
            return False
        row["overdue_raised_at"] = now
        return True

    def channels_tried(self, notice_no: str) -> list[str]:
        return [row["channel"] for row in self.deliveries.of_notice(notice_no) if row["channel"] != "inbox"]


class FakeUnitOfWork:
    """One fake for every transaction of a test: what one commits, the next one reads."""

    def __init__(self):
        self.tx = FakeOutbox()
        self.notices = FakeNotices()
        self.deliveries = FakeDeliveries(self.notices)
        self.archive = FakeArchive(self.notices, self.deliveries)
        self.print_jobs = FakePrintJobs(self.notices)
        self.one_time = FakeOneTime(self.deliveries)
        self.applied: set[str] = set()

    def seen_before(self, event) -> bool:
        if event["id"] in self.applied:
            return True
        self.applied.add(event["id"])
        return False

    @contextmanager
    def start(self):
        """``run_once``'s way to open a transaction."""
        yield self
