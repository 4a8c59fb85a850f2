"""The archive as issuing writes it. The only SQL of notices."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from notify.notices.rules import Notice
from notify.orm import notices


class NoticeRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, notice: Notice) -> None:
        self.connection.execute(insert(notices).values(**notice))

    def name_department(self, case_no: str, department: str) -> None:
        """Give the case's earlier notices (a case's, not a complaint's) that lack one its department."""
        self.connection.execute(
            update(notices)
            .where(
                notices.c.case_no == case_no, notices.c.complaint_no.is_(None), notices.c.department.is_(None)
            )
            .values(department=department)
        )

    def case_department(self, case_no: str) -> str | None:
        """The department the case's latest notice recorded."""
        return self.connection.execute(
            select(notices.c.department)
            .where(
                notices.c.case_no == case_no,
                notices.c.complaint_no.is_(None),
                notices.c.department.is_not(None),
            )
            .order_by(notices.c.id.desc())
            .limit(1)
        ).scalar()
