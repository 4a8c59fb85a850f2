"""The calls the clock tests make over HTTP, and what they read back from intake's database."""

import json
from datetime import UTC, date, datetime

from intake_requests import bearer, case_body, window_of
from sqlalchemy import func, select

from hall_contracts.registry import validate_event
from intake.orm import case_history, cases
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(cases.metadata)
HEAD = bearer("dev-head-market")  # S09, window head of market_regulation
WINDOW = bearer("dev-window-market")  # S01 at W03
OPERATOR = bearer("dev-operator")


def hall_time(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """``hour:minute`` in the hall (China time, UTC+8) on ``day``."""
    return datetime(day.year, day.month, day.day, hour - 8, minute, tzinfo=UTC)


def accept(web, item_code="SC-010", **changes) -> dict:
    response = web.post(
        "/cases", data=json.dumps(case_body(item_code, **changes)), headers=window_of(item_code)
    )
    assert response.status_code == 201, response.text
    return response.json()


def suspend(web, case_no, headers=WINDOW, **body):
    body = {
        "reason_kind": "expert_review",
        "reason": "组织专家评审 (expert review)",
        "expected_working_days": 5,
        **body,
    }
    return web.post(f"/cases/{case_no}/suspension", data=json.dumps(body), headers=headers)


def resume(web, case_no, headers=WINDOW):
    return web.post(f"/cases/{case_no}/resumption", data="{}", headers=headers)


def extend(web, case_no, headers=HEAD, **body):
    body = {"days": 3, "reason": "需现场核查经营场所 (a site check is needed)", **body}
    return web.post(f"/cases/{case_no}/extension", data=json.dumps(body), headers=headers)


def sweep(web, headers=OPERATOR):
    return web.post("/clock/sweep", data="{}", headers=headers)


def case_row(engine, case_no) -> dict:
    with engine.connect() as connection:
        return dict(connection.execute(select(cases).where(cases.c.case_no == case_no)).mappings().one())


def count(engine, table, *where) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def events(engine, event_type=None) -> list[dict]:
    """Outbox events, oldest first; ours are checked against their published schema."""
    with engine.connect() as connection:
        bodies = [
            json.loads(body)
            for body in connection.execute(select(OUTBOX.c.body).order_by(OUTBOX.c.id)).scalars()
        ]
    found = [body for body in bodies if event_type is None or body["type"] == f"hall.intake.{event_type}"]
    if event_type is not None:
        for event in found:
            validate_event(event)
    return found


def history(engine, case_no) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(case_history.c.action, case_history.c.details)
            .where(case_history.c.case_no == case_no)
            .order_by(case_history.c.id)
        )
        return [dict(row._mapping) for row in rows]


def unchanged(engine, case_no, before: dict, history_before: list, events_before: int) -> None:
    """A refusal changed nothing: the case, its history and the outbox are as they were."""
    assert case_row(engine, case_no) == before
    assert history(engine, case_no) == history_before
    assert len(events(engine)) == events_before
