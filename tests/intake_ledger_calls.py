"""The calls the ledger, tracking and report tests make over HTTP, and what they read back."""

import json
from datetime import UTC, datetime

from intake_requests import bearer, case_body, materials
from sqlalchemy import func, select

from intake.orm import cases
from reliable_events import add_core_tables

OUTBOX, INBOX = add_core_tables(cases.metadata)
S01 = bearer("dev-window-market")  # 李四, window_staff of market_regulation at W03
HEAD = bearer("dev-head-market")  # S09, window head of market_regulation
SUPERVISION, OPERATOR = bearer("dev-supervision"), bearer("dev-operator")


def hall_time(month: int, day: int, hour: int = 10) -> datetime:
    """A time in 2026 in the hall (UTC+8)."""
    return datetime(2026, month, day, hour - 8, 0, tzinfo=UTC)


def at(intake, month: int, day: int, hour: int = 10) -> None:
    intake.clock.return_value = hall_time(month, day, hour)


def accept(web, item_code="SC-010", headers=S01, **changes) -> dict:
    """A case accepted by 李四 at W03; the answer carries case_no and verification_code."""
    response = web.post("/cases", data=json.dumps(case_body(item_code, **changes)), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def accept_missing_attachment(web, item_code="SC-010") -> dict:
    """A supplement case: every main material brought, the attachments to follow (round 1)."""
    return accept(web, item_code, presented=materials(item_code, "main"))


def complete(web, case_no: str, outcome="approved", reason=None) -> dict:
    response = web.post(
        f"/cases/{case_no}/completion", data=json.dumps({"outcome": outcome, "reason": reason}), headers=S01
    )
    assert response.status_code == 200, response.text
    return response.json()


def supplement(web, case_no: str, item_code="SC-010") -> dict:
    body = {"materials": materials(item_code, "attachment")}
    response = web.post(f"/cases/{case_no}/supplements", data=json.dumps(body), headers=S01)
    assert response.status_code == 200, response.text
    return response.json()


def rate(web, case: dict, rating="satisfied", **changes):
    body = {"code": case["verification_code"], "rating": rating, "comment": "很快", **changes}
    return web.post(f"/track/{case['case_no']}/rating", data=json.dumps(body))


def count(engine, table, *where) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def outbox_events(engine, event_type: str) -> list[dict]:
    with engine.connect() as connection:
        bodies = [
            json.loads(body)
            for body in connection.execute(select(OUTBOX.c.body).order_by(OUTBOX.c.id)).scalars()
        ]
    return [body for body in bodies if body["type"] == f"hall.intake.{event_type}"]
