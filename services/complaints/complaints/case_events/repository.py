"""The queries of the local projection of intake's cases (``intake_cases``)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, select

from complaints.case_events.rules import Case
from complaints.orm import intake_cases


class CaseRepository:
    """The projection's rows; a fake one stands in for it in unit tests."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, case_no: str) -> Case | None:
        query = select(intake_cases).where(intake_cases.c.case_no == case_no)
        row = self.connection.execute(query).mappings().first()
        return cast(Case, dict(row)) if row else None

    def add(self, case: Case) -> None:
        self.connection.execute(intake_cases.insert().values(**case))

    def save(self, case_no: str, **values: Any) -> None:
        self.connection.execute(
            intake_cases.update().where(intake_cases.c.case_no == case_no).values(**values)
        )
