"""The calls the roster and transfer tests make over HTTP, and what they read back from the DB."""

import json
from datetime import UTC, datetime

from intake_requests import bearer, case_body, window_of
from sqlalchemy import func, select

from intake.orm import case_history, cases
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(cases.metadata)
HEAD = bearer("dev-head-market")  # S09, window head of market_regulation
S01 = bearer("dev-window-market")  # 李四 at W03
S21 = bearer("dev-window-natres")  # 陈刚 at W07
OPERATOR, SUPERVISION = bearer("dev-operator"), bearer("dev-supervision")
LI_SI = {"staff_id": "S01", "name": "李四", "phone": "0571-1234"}
ZHAO_LIU = {"staff_id": "S02", "name": "赵六", "phone": "0571-1235"}


def hall_time(day: int, hour: int = 10) -> datetime:
    """A time in November 2026 in the hall (UTC+8)."""
    return datetime(2026, 11, day, hour - 8, 0, tzinfo=UTC)


def count(engine, table, *where):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def outbox_events(engine, event_type=None):
    with engine.connect() as connection:
        bodies = [
            json.loads(body)
            for body in connection.execute(select(OUTBOX.c.body).order_by(OUTBOX.c.id)).scalars()
        ]
    return [body for body in bodies if event_type is None or body["type"] == f"hall.intake.{event_type}"]


def history_actions(engine, case_no):
    with engine.connect() as connection:
        return [
            row.action
            for row in connection.execute(
                select(case_history.c.action)
                .where(case_history.c.case_no == case_no)
                .order_by(case_history.c.id)
            )
        ]


def put_post(web, post_id="W03-A", primary=LI_SI, backup=ZHAO_LIU, headers=HEAD, **changes):
    body = {
        "window": "W03",
        "department": "market_regulation",
        "primary": primary,
        "backup": backup,
        **changes,
    }
    return web.put(f"/roster/posts/{post_id}", data=json.dumps(body), headers=headers)


def take_leave(web, staff_id, first, last, headers, kind="leave", reason="年休假"):
    body = {"starts_on": first, "ends_on": last, "kind": kind, "reason": reason}
    return web.post(f"/staff/{staff_id}/leave", data=json.dumps(body), headers=headers)


def accept(web, item_code="SC-010", **changes):
    answer = web.post(
        "/cases", data=json.dumps(case_body(item_code, **changes)), headers=window_of(item_code)
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["case_no"]


def case_of(web, case_no):
    return web.get(f"/cases/{case_no}", headers=SUPERVISION).json()


def transfer(web, case_no, to=None, headers=S01, note="属不动产登记事项", agreed_time=None):
    body = {
        "to": to or {"staff_id": "S21", "name": "陈刚", "window": "W07"},
        "note": note,
        "agreed_time": agreed_time,
    }
    return web.post(f"/cases/{case_no}/transfer", data=json.dumps(body), headers=headers)
