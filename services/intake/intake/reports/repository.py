"""Queries of the ledger, ratings, staff scores and business gauges (read mostly; ratings and
complaint deductions are the only writes)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, union

from intake.cases.rules import OPEN
from intake.orm import case_history, cases, ratings, score_deductions, staff
from reliable_events import insert_once


def _with_rating():
    return select(cases, ratings.c.rating).outerjoin(ratings, ratings.c.case_no == cases.c.case_no)


def _in_department(query, department: str | None):
    return query.where(cases.c.department == department) if department else query


def registered_between(connection, start: datetime, end: datetime, department: str | None) -> list[dict]:
    """Cases registered in ``[start, end)`` with their rating, oldest first (the ledger)."""
    query = _with_rating().where(cases.c.registered_at >= start, cases.c.registered_at < end)
    query = _in_department(query, department).order_by(cases.c.registered_at, cases.c.id)
    return [dict(row) for row in connection.execute(query).mappings()]


def completed_between(connection, start: datetime, end: datetime, department: str | None) -> list[dict]:
    """Completed (not returned) cases closed in ``[start, end)``, each with its rating."""
    query = _with_rating().where(
        cases.c.status == "completed", cases.c.completed_at >= start, cases.c.completed_at < end
    )
    return [dict(row) for row in connection.execute(_in_department(query, department)).mappings()]


def due_between(connection, first: date, last: date, department: str | None) -> list[dict]:
    """Cases whose deadline falls between ``first`` and ``last`` (open or closed)."""
    query = select(cases).where(cases.c.deadline >= first, cases.c.deadline <= last)
    return [dict(row) for row in connection.execute(_in_department(query, department)).mappings()]


def supplement_rounds(connection, first: date, last: date, department: str | None) -> list[dict]:
    """Every supplement request of the cases that had one between ``first`` and ``last``, oldest first,
    with the case's first responder."""
    asked = (case_history.c.action == "supplement_requested") | (
        (case_history.c.action == "suspended")
        & (case_history.c.details["reason_kind"].as_string() == "joint_supplement")
    )
    touched = select(case_history.c.case_no).where(
        asked, case_history.c.on_date >= first, case_history.c.on_date <= last
    )
    query = (
        select(case_history.c.case_no, case_history.c.on_date, cases.c.staff_id)
        .join(cases, cases.c.case_no == case_history.c.case_no)
        .where(asked, case_history.c.case_no.in_(touched))
        .order_by(case_history.c.id)
    )
    return [dict(row) for row in connection.execute(_in_department(query, department)).mappings()]


def deductions_in(connection, month: str, department: str | None) -> list[dict]:
    query = select(score_deductions).where(score_deductions.c.month == month)
    if department:
        query = query.where(score_deductions.c.staff_id.in_(people_of(department)))
    return [dict(row) for row in connection.execute(query.order_by(score_deductions.c.id)).mappings()]


def people_of(department: str):
    """Staff ids of a department: on its roster, or who received or held one of its cases."""
    return union(
        select(staff.c.staff_id).where(staff.c.department == department),
        select(cases.c.staff_id).where(cases.c.department == department),
        select(cases.c.holder_id).where(cases.c.department == department),
    )


def add_deduction_once(connection, row: dict) -> bool:
    """Store a deduction unless one with its source and reason exists (``uq_deduction_once``);
    True when stored."""
    return insert_once(connection, score_deductions, row)


def staff_names(connection, department: str | None) -> dict[str, str]:
    query = select(staff.c.staff_id, staff.c.name)
    if department:
        query = query.where(staff.c.department == department)
    return {row.staff_id: row.name for row in connection.execute(query)}


def gauge_counts(connection, passed_through: date) -> dict:
    """What the business gauges show: open and overdue cases by kind, and the rates' parts."""
    open_by_kind = dict(
        connection.execute(
            select(cases.c.kind, func.count()).where(cases.c.status.in_(OPEN)).group_by(cases.c.kind)
        ).all()
    )
    overdue_by_kind = dict(
        connection.execute(
            select(cases.c.kind, func.count())
            .where(cases.c.status.in_(OPEN), cases.c.deadline <= passed_through)
            .group_by(cases.c.kind)
        ).all()
    )
    completed = dict(
        connection.execute(
            select(cases.c.on_time, func.count())
            .where(cases.c.status == "completed")
            .group_by(cases.c.on_time)
        ).all()
    )
    by_rating = dict(
        connection.execute(select(ratings.c.rating, func.count()).group_by(ratings.c.rating)).all()
    )
    return {
        "open": open_by_kind,
        "overdue": overdue_by_kind,
        "completed_on_time": completed.get(True, 0),
        "completed": sum(completed.values()),
        "ratings": by_rating,
    }
