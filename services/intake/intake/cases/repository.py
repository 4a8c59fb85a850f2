"""Queries on intake's tables."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, select, update

from intake.orm import case_history, cases
from intake.refusals import CaseNotFound, TransitionNotAllowed


def add_case(connection, row: dict) -> None:
    connection.execute(insert(cases).values(**row))


def find_case(connection, case_no: str) -> dict | None:
    row = connection.execute(select(cases).where(cases.c.case_no == case_no)).mappings().first()
    return dict(row) if row is not None else None


def get_case(connection, case_no: str) -> dict:
    """The case, locked for this transaction where the database can (PostgreSQL row lock)."""
    row = (
        connection.execute(select(cases).where(cases.c.case_no == case_no).with_for_update())
        .mappings()
        .first()
    )
    if row is None:
        raise CaseNotFound(f"没有受理编号为 {case_no} 的办件 (no case {case_no})")
    return dict(row)


def update_case(connection, case: dict, **values) -> dict:
    """Write ``values`` if nobody changed the case since it was read (version check)."""
    result = connection.execute(
        update(cases)
        .where(cases.c.case_no == case["case_no"], cases.c.version == case["version"])
        .values(version=case["version"] + 1, **values)
    )
    if result.rowcount != 1:
        raise TransitionNotAllowed(
            f"办件 {case['case_no']} 刚被他人修改，请重试 (the case was changed meanwhile: try again)"
        )
    return {**case, **values, "version": case["version"] + 1}


def record(
    connection,
    case_no: str,
    action: str,
    at: datetime,
    on_date: date,
    actor_id: str,
    details: dict | None = None,
) -> None:
    """One line of the case's history: what happened, when, and who did it."""
    connection.execute(
        insert(case_history).values(
            case_no=case_no, action=action, at=at, on_date=on_date, actor_id=actor_id, details=details or {}
        )
    )


def history(connection, case_no: str) -> list[dict]:
    rows = connection.execute(
        select(case_history).where(case_history.c.case_no == case_no).order_by(case_history.c.id)
    ).mappings()
    return [dict(row) for row in rows]
