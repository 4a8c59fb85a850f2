"""The cases and their history, as the unit of work hands them out (``Context.cases``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from intake.cases.rules import Case
from intake.orm import case_history, cases
from intake.refusals import CaseNotFound, TransitionNotAllowed
from intake.worklist.rules import Filters

# The statements of every request, built once: SQLAlchemy finds their compiled form by the
# statement's memoized cache key instead of building and hashing a new statement per call.
_ADD = insert(cases)
_FIND = select(cases).where(cases.c.case_no == bindparam("b_case_no"))
_GET = _FIND.with_for_update()
# the columns to set come with the parameters; the case is written only at the version it was read
_UPDATE = update(cases).where(
    cases.c.case_no == bindparam("b_case_no"), cases.c.version == bindparam("b_version")
)
_RECORD = insert(case_history)
_HISTORY = (
    select(case_history).where(case_history.c.case_no == bindparam("b_case_no")).order_by(case_history.c.id)
)


class CaseRepository:
    """Queries on ``cases`` and ``case_history`` within one transaction."""

    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, row: Case) -> None:
        self.connection.execute(_ADD, dict(row))

    def find(self, case_no: str) -> Case | None:
        row = self.connection.execute(_FIND, {"b_case_no": case_no}).mappings().first()
        return cast(Case, dict(row)) if row is not None else None

    def get(self, case_no: str) -> Case:
        """The case, locked for this transaction where the database can (PostgreSQL row lock)."""
        row = self.connection.execute(_GET, {"b_case_no": case_no}).mappings().first()
        if row is None:
            raise CaseNotFound(f"没有受理编号为 {case_no} 的办件 (no case {case_no})")
        return cast(Case, dict(row))

    def update(self, case: Case, **values: Any) -> Case:
        """Write ``values`` if nobody changed the case since it was read (version check)."""
        where = {"b_case_no": case["case_no"], "b_version": case["version"]}
        result = self.connection.execute(_UPDATE, {**values, "version": case["version"] + 1, **where})
        if result.rowcount != 1:
            raise TransitionNotAllowed(
                f"办件 {case['case_no']} 刚被他人修改，请重试 (the case was changed meanwhile: try again)"
            )
        return cast(Case, {**case, **values, "version": case["version"] + 1})

    def record(
        self,
        case_no: str,
        action: str,
        at: datetime,
        on_date: date,
        actor_id: str,
        details: dict | None = None,
    ) -> None:
        """One line of the case's history: what happened, when, and who did it."""
        line = {
            "action": action,
            "at": at,
            "on_date": on_date,
            "actor_id": actor_id,
            "details": details or {},
        }
        self.connection.execute(_RECORD, {"case_no": case_no, **line})

    def history(self, case_no: str) -> list[dict]:
        rows = self.connection.execute(_HISTORY, {"b_case_no": case_no}).mappings()
        return [dict(row) for row in rows]

    def worklist(self, wanted: Filters) -> tuple[list[Case], int]:
        """A page of the cases ``wanted`` keeps, urgent first, then by deadline (none last), then
        by number (``intake.worklist.rules.order_key``), and how many it keeps in all."""
        conditions: list[ColumnElement[bool]] = [cases.c.status.in_(wanted.statuses)]
        for column, value in (
            (cases.c.kind, wanted.kind),
            (cases.c.window, wanted.window),
            (cases.c.department, wanted.department),
            (cases.c.holder_id, wanted.holder),
            (cases.c.urgent, wanted.urgent),
        ):
            if value is not None:
                conditions.append(column == value)
        if wanted.due_before is not None:
            conditions.append(cases.c.deadline < wanted.due_before)
        late = or_(cases.c.overdue_since.is_not(None), cases.c.deadline < wanted.overdue_from)
        if wanted.overdue is True:
            conditions.append(late)
        elif wanted.overdue is False:  # marked overdue (R-CLOCK-5) stays overdue
            conditions += [
                cases.c.overdue_since.is_(None),
                or_(cases.c.deadline.is_(None), cases.c.deadline >= wanted.overdue_from),
            ]
        total = self.connection.execute(select(func.count()).select_from(cases).where(*conditions))
        order = (cases.c.urgent.desc(), cases.c.deadline.is_(None), cases.c.deadline, cases.c.case_no)
        query = select(cases).where(*conditions).order_by(*order).limit(wanted.limit).offset(wanted.offset)
        rows = self.connection.execute(query).mappings()
        return [cast(Case, dict(row)) for row in rows], total.scalar_one()
