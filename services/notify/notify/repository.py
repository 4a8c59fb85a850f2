"""Queries on the notice archive."""

from __future__ import annotations

from sqlalchemy import insert, select

from notify.domain import Notice
from notify.orm import notices


def add_notice(session, notice: Notice) -> None:
    session.execute(insert(notices).values(
        notice_no=notice.notice_no, notice_type=notice.notice_type, case_no=notice.case_no,
        recipient_ref=notice.recipient_ref, channel=notice.channel, template=notice.template,
        template_version=notice.template_version, content=notice.content,
        content_sha256=notice.content_sha256, source_event_id=notice.source_event_id,
        created_at=notice.created_at,
    ))


def notices_for_case(session, case_no: str) -> list[dict]:
    rows = session.execute(
        select(notices).where(notices.c.case_no == case_no).order_by(notices.c.id)
    ).mappings().all()
    return [dict(row) for row in rows]
