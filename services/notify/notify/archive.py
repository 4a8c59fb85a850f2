"""Reading the archive, the inboxes and the print queue. No HTTP here."""

from __future__ import annotations

import html
from datetime import datetime

from sqlalchemy import select, update

from notify.orm import deliveries, inbox_messages, notices, print_jobs


def _with_deliveries(connection, rows) -> list[dict]:
    found = [dict(row) for row in rows]
    numbers = [row["notice_no"] for row in found]
    attempts = (
        connection.execute(
            select(deliveries).where(deliveries.c.notice_no.in_(numbers)).order_by(deliveries.c.id)
        )
        .mappings()
        .all()
    )
    for row in found:
        row["deliveries"] = [dict(d) for d in attempts if d["notice_no"] == row["notice_no"]]
    return found


def notices_where(connection, *conditions) -> list[dict]:
    rows = connection.execute(select(notices).where(*conditions).order_by(notices.c.id)).mappings().all()
    return _with_deliveries(connection, rows)


def notice(connection, notice_no: str) -> dict | None:
    found = notices_where(connection, notices.c.notice_no == notice_no)
    return found[0] if found else None


def inbox(connection, recipients: list[str], now: datetime | None = None) -> list[dict]:
    """The recipients' inbox, newest first; marks what it returns as read when ``now`` is given."""
    rows = (
        connection.execute(
            select(inbox_messages, notices.c.content)
            .join(notices, notices.c.notice_no == inbox_messages.c.notice_no)
            .where(inbox_messages.c.recipient_ref.in_(recipients))
            .order_by(inbox_messages.c.id.desc())
        )
        .mappings()
        .all()
    )
    if now is not None:
        connection.execute(
            update(inbox_messages)
            .where(inbox_messages.c.recipient_ref.in_(recipients), inbox_messages.c.read_at.is_(None))
            .values(read_at=now)
        )
    return [dict(row) for row in rows]


def print_job(connection, job_id: int) -> dict | None:
    found = connection.execute(select(print_jobs).where(print_jobs.c.id == job_id)).mappings().first()
    return dict(found) if found else None


def print_queue(connection, waiting_only: bool) -> list[dict]:
    query = (
        select(
            print_jobs,
            notices.c.title,
            notices.c.case_no,
            notices.c.complaint_no,
            notices.c.audience,
            notices.c.department,
        )
        .join(notices, notices.c.notice_no == print_jobs.c.notice_no)
        .order_by(print_jobs.c.id)
    )
    if waiting_only:
        query = query.where(print_jobs.c.handed_over_at.is_(None))
    return [dict(row) for row in connection.execute(query).mappings()]


def print_view(row: dict, envelope: tuple[str, str] | None = None) -> str:
    """The notice as a printable A4 page: the text as issued, with what proves it; for a letter,
    the recipient's name and postal address on top (read from their owner for this page only)."""
    text = html.escape(row["content"])
    to = f"<address>{html.escape(envelope[0])}<br>{html.escape(envelope[1])}</address>" if envelope else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(row["title"])} {row["notice_no"]}</title>
<style>
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: "SimSun", "Songti SC", serif; font-size: 14pt; line-height: 1.8; }}
pre {{ white-space: pre-wrap; font-family: inherit; }}
address {{ font-style: normal; margin-bottom: 2em; }}
footer {{ margin-top: 2em; font-size: 9pt; color: #444; border-top: 1px solid #888; }}
</style></head>
<body>{to}<main><pre>{text}</pre></main>
<footer>通知编号 {row["notice_no"]} · 模板 {row["template"]} v{row["template_version"]} ·
SHA-256 {row["content_sha256"]}</footer></body></html>
"""
