"""The calls the desk tests make over HTTP, and what they read back from complaints' database."""

import json
from datetime import UTC, date, datetime

from intake_requests import bearer
from sqlalchemy import select

from complaints.orm import desk_items, desk_steps
from reliable_events import add_core_tables

OUTBOX, _ = add_core_tables(desk_items.metadata)
OFFICE = bearer("dev-complaints")  # CO1, the complaints office
MARKET_WINDOW = bearer("dev-window-market")  # S01, market_regulation
MARKET_HEAD = bearer("dev-head-market")  # S09, window head of market_regulation
CIVIL_WINDOW = bearer("dev-window-civil")  # S11, civil_affairs
REPORTER = {"name": "王小明", "phone": "13912345678"}


def hall_time(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """``hour:minute`` in the hall (China time, UTC+8) on ``day``."""
    return datetime(day.year, day.month, day.day, hour - 8, minute, tzinfo=UTC)


def item_body(**changes) -> dict:
    return {
        "item": "个体工商户设立登记",
        "item_code": "SC-010",
        "units": ["market_regulation"],
        "reason": "窗口称系统故障，三次往返仍未办成 (the window said the system was down, three visits)",
        "tier": "ordinary",
        "reporter": dict(REPORTER),
        **changes,
    }


def post(web, path, body, headers=OFFICE):
    return web.post(path, data=json.dumps(body), headers=headers)


def register(web, **changes) -> dict:
    response = post(web, "/desk/items", item_body(**changes))
    assert response.status_code == 201, response.text
    return response.json()


def forward(web, item_no, headers=OFFICE, **body):
    body = {"department": "market_regulation", **body}
    return post(web, f"/desk/items/{item_no}/forwarding", body, headers)


def extend(web, item_no, headers=OFFICE, **body):
    body = {
        "days": 2,
        "reason": "需调取历史档案 (the archive must be retrieved)",
        "consent": {"given_at": "2026-11-23T10:30:00+08:00", "method": "phone"},
        **body,
    }
    return post(web, f"/desk/items/{item_no}/extension", body, headers)


def answer(web, item_no, headers=MARKET_WINDOW, **body):
    body = {"result": "已协调系统恢复并当场办结 (done at the window)", "solved": True, **body}
    return post(web, f"/desk/items/{item_no}/answer", body, headers)


def follow_up(web, item_no, headers=OFFICE, **body):
    return post(web, f"/desk/items/{item_no}/follow-up", {"satisfaction": "satisfied", **body}, headers)


def item_row(engine, item_no) -> dict:
    with engine.connect() as connection:
        return dict(
            connection.execute(select(desk_items).where(desk_items.c.item_no == item_no)).mappings().one()
        )


def steps(engine, item_no) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(desk_steps).where(desk_steps.c.item_no == item_no).order_by(desk_steps.c.id)
        ).mappings()
        return [dict(row) for row in rows]


def events(engine, event_type=None) -> list[dict]:
    with engine.connect() as connection:
        bodies = connection.execute(select(OUTBOX.c.body).order_by(OUTBOX.c.id)).scalars()
        found = [json.loads(body) for body in bodies]
    return [e for e in found if event_type is None or e["type"] == f"hall.complaints.{event_type}"]


def snapshot(engine, item_no) -> tuple:
    """What a refused request must leave unchanged: the item, its trail, the outbox."""
    return item_row(engine, item_no), steps(engine, item_no), len(events(engine))
