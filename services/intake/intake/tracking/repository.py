"""Queries of the ratings (R-RATE-1)."""

from __future__ import annotations

from sqlalchemy import insert, select

from intake.orm import ratings


def rating_of(connection, case_no: str) -> dict | None:
    row = connection.execute(select(ratings).where(ratings.c.case_no == case_no)).mappings().first()
    return dict(row) if row is not None else None


def add_rating(connection, row: dict) -> None:
    connection.execute(insert(ratings).values(**row))
