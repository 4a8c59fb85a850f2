"""Queries of the ratings (R-RATE-1)."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from intake.orm import ratings


class RatingRepository:
    """The ratings within one transaction (``Context.ratings``)."""

    def __init__(self, connection: Connection):
        self.connection = connection

    def rating_of(self, case_no: str) -> dict | None:
        row = self.connection.execute(select(ratings).where(ratings.c.case_no == case_no)).mappings().first()
        return dict(row) if row is not None else None

    def add_rating(self, row: dict) -> None:
        self.connection.execute(insert(ratings).values(**row))
