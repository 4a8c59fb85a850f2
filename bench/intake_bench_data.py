"""The data ``bench/intake_posts.py`` gives intake: a roster of A/B posts with old leaves, open
cases written straight into the database (as ``bench/console.py`` does), and the cases it posts
(promised and joint, both of the clerk ``dev-window-market``'s department)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import requests

CLERK = "dev-window-market"
ITEMS = ("SC-010", "SC-020")  # promised and joint, both of the clerk's department


def load(url: str, open_cases: int, windows: int) -> None:
    """``open_cases`` open cases, ``windows`` posts with two staff each, two old leaves each."""
    from sqlalchemy import create_engine, insert

    from intake.orm import cases, leaves, posts, staff

    engine = create_engine(url)
    now = datetime.now(UTC)
    people = [
        {
            "staff_id": f"X{i:05d}",
            "name": f"员工{i}",
            "phone": "0571-1",
            "window": f"V{i // 2:04d}",
            "department": "market_regulation",
        }
        for i in range(2 * windows)
    ]
    people += [
        {"staff_id": s, "name": n, "phone": "0571-1234", "window": "W03", "department": "market_regulation"}
        for s, n in (("S01", "李四"), ("S02", "赵六"))
    ]
    post_rows = [
        {
            "post_id": f"V{i:04d}-A",
            "window": f"V{i:04d}",
            "department": "market_regulation",
            "primary_id": f"X{2 * i:05d}",
            "backup_id": f"X{2 * i + 1:05d}",
        }
        for i in range(windows)
    ]
    post_rows.append(
        {
            "post_id": "W03-A",
            "window": "W03",
            "department": "market_regulation",
            "primary_id": "S01",
            "backup_id": "S02",
        }
    )
    leave_rows = [
        {
            "staff_id": p["staff_id"],
            "starts_on": date(2025, 1 + k, 3),
            "ends_on": date(2025, 1 + k, 5),
            "kind": "leave",
            "reason": "事假",
            "recorded_at": now,
            "cancelled": False,
        }
        for p in people
        for k in range(2)
    ]
    with engine.begin() as connection:
        connection.execute(insert(staff), people)
        connection.execute(insert(posts), post_rows)
        connection.execute(insert(leaves), leave_rows)
        for start in range(0, open_cases, 5000):
            connection.execute(
                insert(cases), [_case(i, now) for i in range(start, min(open_cases, start + 5000))]
            )
    engine.dispose()


def _case(i: int, now: datetime) -> dict:
    holder = "S01" if i % 10 == 0 else f"X{i % 400:05d}"
    return {
        "case_no": f"HALL-BULK-{i:08d}",
        "item_code": "SC-010",
        "item_name": "个体工商户设立登记",
        "department": "market_regulation",
        "kind": "promised",
        "status": "in_progress",
        "step": "审查",
        "urgent": False,
        "channel": "window",
        "applicant_name": "张三",
        "applicant_phone": "13800000000",
        "verification_hash": "0" * 64,
        "window": "W03",
        "staff_id": holder,
        "staff_name": "李四",
        "staff_phone": "0571-1234",
        "holder_id": holder,
        "registered_at": now - timedelta(minutes=i),
        "accepted_at": now,
        "clock_start": now.date(),
        "limit_days": 5,
        "deadline": now.date() + timedelta(days=i % 30),
        "missing_materials": [],
        "version": 1,
    }


def body(item: str, catalogue: dict) -> dict:
    return {
        "item_code": item,
        "applicant_name": "张三",
        "applicant_phone": "13800000000",
        "presented": [m["name"] for m in catalogue[item]["materials"]],
        "first_responder": {"phone": "0571-1234"},
    }


def post_cases(session: requests.Session, url: str, n: int, catalogue: dict) -> None:
    for i in range(n):
        answer = session.post(
            f"{url}/cases",
            json=body(ITEMS[i % 2], catalogue),
            headers={"Authorization": f"Bearer {CLERK}", "Idempotency-Key": uuid.uuid4().hex},
        )
        if answer.status_code != 201:
            raise RuntimeError(f"POST /cases answered {answer.status_code}: {answer.text[:300]}")
