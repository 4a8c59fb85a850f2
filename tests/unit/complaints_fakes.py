"""In-memory fakes of complaints' repositories and outbox, and a unit of work over them.

A use case runs against ``fake_unit_of_work()`` exactly as against the database: the fakes keep
rows in dicts, check versions as the SQL repositories do, and the outbox keeps what was published.
The calendar and the seal are the real ones: plain objects, no framework, no I/O.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from complaints.complaint.rules import TRACKED, ConcurrentChange, Settings, no_such
from complaints.desk.rules import DeskConcurrentChange, DeskItemNotFound
from complaints.identity.rules import DEV_KEY, Seal
from complaints.unit_of_work import UnitOfWork
from workday_calendar import WorkingCalendar

MONDAY_10AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in the hall


class FakeOutbox:
    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event_type: str, subject: str, data: dict[str, Any]) -> None:
        self.published.append({"type": event_type, "subject": subject, "data": data})

    def types(self) -> list[str]:
        return [event["type"] for event in self.published]


class FakeComplaintRepository:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.forward_rows: dict[tuple[str, str], dict[str, Any]] = {}
        self.follow_ups: dict[str, dict[str, Any]] = {}
        self.notes: list[dict[str, Any]] = []
        self.alerts: set[tuple[str, str, Any]] = set()

    def get(self, complaint_no: str, lock: bool = False) -> dict[str, Any]:
        if complaint_no not in self.rows:
            raise no_such("投诉", complaint_no)
        return dict(self.rows[complaint_no])

    def add(self, complaint: dict[str, Any]) -> None:
        self.rows[complaint["complaint_no"]] = {
            "explanation": None, "explained_at": None, "referred_to": None, "referred_at": None,
            "answer_channel": None, "findings": None, "decision": None, "call_note": None,
            "answered_at": None, "answered_by": None, "substantiated": None, "deduction_points": None,
            "closed_at": None, "closed_by": None, **complaint,
        }  # fmt: skip

    def save(self, complaint_no: str, version: int, **values: Any) -> None:
        row = self.rows[complaint_no]
        if row["version"] != version:
            raise ConcurrentChange("changed meanwhile")
        row.update(values, version=version + 1)

    def note(self, complaint_no: str, at: datetime, action: str, actor: str, **details: Any) -> None:
        self.notes.append(
            {"complaint_no": complaint_no, "at": at, "action": action, "actor": actor, **details}
        )

    def timeline(self, complaint_no: str) -> list[dict[str, Any]]:
        return [note for note in self.notes if note["complaint_no"] == complaint_no]

    def forwards(self, complaint_no: str) -> list[dict[str, Any]]:
        found = [dict(row) for (no, _), row in self.forward_rows.items() if no == complaint_no]
        return sorted(found, key=lambda row: row["department"])

    def get_forward(self, complaint_no: str, department: str) -> dict[str, Any]:
        if (complaint_no, department) not in self.forward_rows:
            raise no_such("转办", f"{complaint_no}/{department}")
        return dict(self.forward_rows[complaint_no, department])

    def add_forward(self, forward: dict[str, Any]) -> None:
        self.forward_rows[forward["complaint_no"], forward["department"]] = dict(forward)

    def save_forward(self, complaint_no: str, department: str, **values: Any) -> None:
        self.forward_rows[complaint_no, department].update(values)

    def move_open_forwards(self, complaint_no: str, due_date: Any) -> None:
        for (no, _), row in self.forward_rows.items():
            if no == complaint_no and row["status"] == "open":
                row["due_date"] = due_date

    def follow_up(self, complaint_no: str) -> dict[str, Any] | None:
        return self.follow_ups.get(complaint_no)

    def add_follow_up(self, follow_up: dict[str, Any]) -> None:
        self.follow_ups[follow_up["complaint_no"]] = dict(follow_up)

    def tracked_due_by(self, horizon: Any) -> list[str]:
        due = [row for row in self.rows.values() if row["status"] in TRACKED and row["due_date"] <= horizon]
        return [row["complaint_no"] for row in sorted(due, key=lambda r: (r["due_date"], r["complaint_no"]))]

    def claim_alert(self, complaint_no: str, threshold: str, due_date: Any, at: datetime) -> bool:
        key = (complaint_no, threshold, due_date)
        if key in self.alerts:
            return False
        self.alerts.add(key)
        return True


class FakeCaseRepository:
    def __init__(self, *cases: dict[str, Any]) -> None:
        self.rows = {case["case_no"]: dict(case) for case in cases}

    def get(self, case_no: str) -> dict[str, Any] | None:
        return dict(self.rows[case_no]) if case_no in self.rows else None

    def add(self, case: dict[str, Any]) -> None:
        self.rows[case["case_no"]] = dict(case)

    def save(self, case_no: str, **values: Any) -> None:
        self.rows[case_no].update(values)


class FakeIdentityRequestRepository:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def get(self, request_id: str) -> dict[str, Any]:
        if request_id not in self.rows:
            raise no_such("身份查询申请", request_id)
        return dict(self.rows[request_id])

    def add(self, request: dict[str, Any]) -> None:
        self.rows[request["request_id"]] = {
            "decided_by": None,
            "decided_at": None,
            "read_at": None,
            **request,
        }

    def move_on(self, request_id: str, expected: str, **values: Any) -> bool:
        row = self.rows[request_id]
        if row["status"] != expected:
            return False
        row.update(values)
        return True


class FakeDeskRepository:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}
        self.steps: list[dict[str, Any]] = []

    def add(self, item: dict[str, Any]) -> None:
        self.items[item["item_no"]] = dict(item)

    def find(self, item_no: str) -> dict[str, Any] | None:
        return dict(self.items[item_no]) if item_no in self.items else None

    def get(self, item_no: str) -> dict[str, Any]:
        if item_no not in self.items:
            raise DeskItemNotFound(f"no desk item {item_no}")
        return dict(self.items[item_no])

    def update(self, item: dict[str, Any], **changes: Any) -> dict[str, Any]:
        stored = self.items[item["item_no"]]
        if stored["version"] != item["version"]:
            raise DeskConcurrentChange("changed meanwhile")
        stored.update(changes, version=item["version"] + 1)
        return dict(stored)

    def record_step(
        self, item_no: str, step: str, at: datetime, actor: str, role: str, details: dict
    ) -> None:
        self.steps.append(
            {
                "item_no": item_no,
                "step": step,
                "at": at,
                "actor": actor,
                "actor_role": role,
                "details": details,
            }
        )

    def steps_of(self, item_nos: list[str]) -> dict[str, list[dict[str, Any]]]:
        return {no: [step for step in self.steps if step["item_no"] == no] for no in item_nos}


def fake_unit_of_work(
    now: datetime = MONDAY_10AM,
    actor: str = "CO1",
    role: str = "complaints_office",
    settings: Settings | None = None,
    cases: tuple[dict[str, Any], ...] = (),
) -> UnitOfWork:
    """A unit of work over fresh fakes; ``uow.tx.published`` holds what the use cases published."""
    return UnitOfWork(
        FakeComplaintRepository(),  # type: ignore[arg-type]
        FakeCaseRepository(*cases),  # type: ignore[arg-type]
        FakeIdentityRequestRepository(),  # type: ignore[arg-type]
        FakeDeskRepository(),  # type: ignore[arg-type]
        FakeOutbox(),
        WorkingCalendar(),
        now,
        actor,
        role,
        Seal(DEV_KEY),
        settings or Settings(),
    )


def at(uow: UnitOfWork, now: datetime, actor: str | None = None, role: str | None = None) -> UnitOfWork:
    """The same fakes a moment later (or by someone else): a later unit of work on the same data."""
    return UnitOfWork(
        uow.complaints, uow.cases, uow.identity_requests, uow.desk, uow.tx, uow.calendar, now,
        actor or uow.actor, role or uow.role, uow.seal, uow.settings,
    )  # fmt: skip


def filing(**fields: Any) -> dict[str, Any]:
    """A letter about a rude clerk at W03, as ``FileComplaintSchema`` loads it; ``fields`` override."""
    return {
        "channel": "letter",
        "category": "poor_attitude",
        "matter": "窗口工作人员态度生硬 (the clerk was rude)",
        "occurred_at": datetime(2026, 11, 20, 2, 15, tzinfo=UTC),
        "place": "便民服务中心 W03 窗口",
        "department": "market_regulation",
        "window": "W03",
        "staff_id": "S01",
        "complainant": {"name": "王小明", "phone": "13912345678"},
        **fields,
    }
