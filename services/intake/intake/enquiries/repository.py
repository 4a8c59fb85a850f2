"""The enquiries' queries (R-ONCE-2): the only SQL of the concept."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from intake.enquiries.rules import Enquiry
from intake.orm import enquiries


class EnquiryRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, enquiry: Enquiry) -> None:
        self.connection.execute(insert(enquiries).values(**enquiry))

    def find(self, enquiry_no: str) -> Enquiry | None:
        row = self.connection.execute(select(enquiries).where(enquiries.c.enquiry_no == enquiry_no)).first()
        return dict(row._mapping) if row else None
