"""Intake's real use cases on an in-memory database, with a transaction that keeps what they publish.

The events are wrapped with ``build_envelope`` exactly as the outbox relay does, so a contract test
sees what an agency would receive.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine

from hall_contracts import build_envelope
from intake.cases import handlers
from intake.catalogue.repository import Catalogue
from intake.orm import cases
from workday_calendar import WorkingCalendar

CHINA = timezone(timedelta(hours=8))
NOW = datetime(2026, 1, 5, 9, 30, tzinfo=CHINA)
APPLICANT = {"applicant_name": "张三", "applicant_phone": "13800138000"}
STAFF = {"staff_id": "S-0107", "name": "李敏", "phone": "0571-8765-4321", "window": "A3"}
CATALOGUE = Catalogue.load()


class KeepingTransaction:
    """What the use cases need of ``reliable_events.Transaction``: a connection and ``publish``."""

    def __init__(self, connection):
        self.connection = connection
        self.published: list[dict] = []

    def publish(self, event_type: str, subject: str, data: dict, version: int = 1, **routing) -> None:
        self.published.append(build_envelope("intake", event_type, subject, data, version=version, time=NOW))


class Hall:
    """One window of the hall, on its own database; ``events`` lists every envelope published."""

    def __init__(self):
        self.engine = create_engine("sqlite://")
        cases.metadata.create_all(self.engine)
        self.calendar = WorkingCalendar()
        self.events: list[dict] = []
        self.now = NOW

    def run(self, use_case, *args, actor: str = "S-0107", **kwargs):
        with self.engine.begin() as connection:
            tx = KeepingTransaction(connection)
            result = use_case(
                *args, handlers.Context(tx, CATALOGUE, self.calendar, self.now, actor), **kwargs
            )
        self.events += tx.published
        return result

    def accept(self, item_code: str = "SC-010", presented=None, **changes) -> dict:
        item = CATALOGUE.get(item_code)
        command = {
            "item_code": item_code,
            "presented": [m.name for m in item.materials] if presented is None else presented,
            "to_follow": [],
            "return_reason": None,
            "decision": "accept",
            "urgent": False,
            "urgent_days": None,
            "channel": "window",
            "first_responder": dict(STAFF),
            **APPLICANT,
            **changes,
        }
        case, _, _ = self.run(handlers.accept_case, command)
        return case

    def types(self) -> list[str]:
        return [event["type"].rsplit(".", 1)[1] for event in self.events]


def materials(item_code: str, kind: str) -> list[str]:
    return [m.name for m in CATALOGUE.get(item_code).materials if m.kind == kind]
