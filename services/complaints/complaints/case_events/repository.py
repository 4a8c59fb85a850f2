"""Queries of the local projection of intake's cases (``intake_cases``)."""

from __future__ import annotations

from sqlalchemy import select

from complaints.complaint.repository import _row
from complaints.orm import intake_cases


def get_case(connection, case_no: str) -> dict | None:
    row = connection.execute(select(intake_cases).where(intake_cases.c.case_no == case_no)).mappings().first()
    return _row(row) if row else None


def add_case(connection, **values) -> None:
    connection.execute(intake_cases.insert().values(**values))


def update_case(connection, case_no: str, **values) -> None:
    connection.execute(intake_cases.update().where(intake_cases.c.case_no == case_no).values(**values))
