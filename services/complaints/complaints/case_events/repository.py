"""The queries of the local projection of intake's cases (``intake_cases``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from complaints.orm import intake_cases


class CaseRepository:
    """The projection's rows; a fake one stands in for it in unit tests."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, case_no: str) -> dict[str, Any] | None:
        query = select(intake_cases).where(intake_cases.c.case_no == case_no)
        row = self.connection.execute(query).mappings().first()
        return dict(row) if row else None

    def add(self, case: dict[str, Any]) -> None:
        self.connection.execute(intake_cases.insert().values(**case))

    def save(self, case_no: str, **values: Any) -> None:
        self.connection.execute(
            intake_cases.update().where(intake_cases.c.case_no == case_no).values(**values)
        )
