"""Queries on intake's tables."""

from __future__ import annotations

from sqlalchemy import insert, select

from intake.domain import Case
from intake.orm import cases


def add_case(session, case: Case) -> None:
    session.execute(insert(cases).values(
        case_no=case.case_no, item_code=case.item.code, item_name=case.item.name,
        department=case.item.department, kind=case.kind, status=case.status,
        applicant_name=case.applicant_name, applicant_phone=case.applicant_phone,
        channel=case.channel, urgent=case.urgent, staff_id=case.first_responder.staff_id,
        staff_name=case.first_responder.name, staff_phone=case.first_responder.phone,
        window=case.first_responder.window, accepted_at=case.accepted_at,
    ))


def find_case(session, case_no: str):
    return session.execute(select(cases).where(cases.c.case_no == case_no)).mappings().first()
