"""In-memory fakes of intake's unit of work (``intake.unit_of_work.Context``): the repositories it
hands out and a transaction that keeps what the use cases publish. No broker, no database."""

from __future__ import annotations

from datetime import date, datetime

from intake.catalogue.repository import Catalogue
from intake.refusals import CaseNotFound, TransitionNotAllowed
from intake.worklist.rules import Filters, order_key
from workday_calendar import WorkingCalendar

CATALOGUE = Catalogue.load()


class FakeTransaction:
    """``publish`` keeps ``(type, subject, data)``; nothing else of a transaction is needed."""

    def __init__(self) -> None:
        self.published: list[tuple[str, str, dict]] = []

    def publish(self, event_type: str, subject: str, data: dict) -> None:
        self.published.append((event_type, subject, data))


class FakeCases:
    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}
        self.lines: list[dict] = []

    def add(self, row: dict) -> None:
        self.rows[row["case_no"]] = dict(row)

    def find(self, case_no: str) -> dict | None:
        row = self.rows.get(case_no)
        return dict(row) if row is not None else None

    def get(self, case_no: str) -> dict:
        row = self.find(case_no)
        if row is None:
            raise CaseNotFound(f"no case {case_no}")
        return row

    def update(self, case: dict, **values) -> dict:
        if self.rows[case["case_no"]]["version"] != case["version"]:
            raise TransitionNotAllowed("the case was changed meanwhile")
        updated = {**case, **values, "version": case["version"] + 1}
        self.rows[case["case_no"]] = dict(updated)
        return updated

    def record(self, case_no, action, at, on_date, actor_id, details=None) -> None:
        self.lines.append(
            {"case_no": case_no, "action": action, "at": at, "on_date": on_date, "actor_id": actor_id}
            | {"details": details or {}}
        )

    def history(self, case_no: str) -> list[dict]:
        return [dict(line) for line in self.lines if line["case_no"] == case_no]

    def worklist(self, wanted: Filters) -> tuple[list[dict], int]:
        kept = sorted((row for row in self.rows.values() if wanted.keeps(row)), key=order_key)
        return [dict(row) for row in kept[wanted.offset : wanted.offset + wanted.limit]], len(kept)


class FakeRoster:
    def __init__(self) -> None:
        self.staff: dict[str, dict] = {}
        self.posts: dict[str, dict] = {}
        self.leaves: list[dict] = []

    def find_staff(self, staff_id: str) -> dict | None:
        return self.staff.get(staff_id)

    def staff_named(self, staff_ids) -> dict[str, dict]:
        return {key: self.staff[key] for key in staff_ids if key in self.staff}

    def posts_of(self, staff_id: str, lock: bool = False) -> list[dict]:
        held = [post for post in self.posts.values() if staff_id in (post["primary_id"], post["backup_id"])]
        return sorted(held, key=lambda post: post["post_id"])

    def posts_at(self, window: str) -> list[dict]:
        return sorted((p for p in self.posts.values() if p["window"] == window), key=lambda p: p["post_id"])

    def active_leaves(self, staff_ids, first: date, last: date) -> list[dict]:
        wanted = set(staff_ids)
        return [
            leave
            for leave in self.leaves
            if leave["staff_id"] in wanted and leave["starts_on"] <= last and leave["ends_on"] >= first
        ]


class FakeAlerts:
    def __init__(self) -> None:
        self.raised: set[tuple[str, str, date]] = set()

    def alerted(self, case_no: str, found: str, deadline: date) -> bool:
        return (case_no, found, deadline) in self.raised

    def add_alert_once(self, alert: dict) -> bool:
        key = (alert["case_no"], alert["threshold"], alert["deadline"])
        if key in self.raised:
            return False
        self.raised.add(key)
        return True


class FakeUnitOfWork:
    """What a use case gets from ``Context``, in memory: ``tx.published`` lists its events."""

    def __init__(self, now: datetime, actor: str = "S01", catalogue: Catalogue = CATALOGUE):
        self.tx = FakeTransaction()
        self.catalogue = catalogue
        self.calendar = WorkingCalendar()
        self.now = now
        self.actor = actor
        self.cases = FakeCases()
        self.roster = FakeRoster()
        self.alerts = FakeAlerts()

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def record(self, case: dict, action: str, details: dict | None = None) -> None:
        self.cases.record(case["case_no"], action, self.now, self.today, self.actor, details)

    def published_types(self) -> list[str]:
        return [event_type for event_type, _, _ in self.tx.published]

    def actions(self, case_no: str) -> list[str]:
        return [line["action"] for line in self.cases.history(case_no)]
