"""The payload of ``one_time_notice_overdue``: never the enquirer's address."""

from __future__ import annotations

from datetime import datetime

from notify.enquiries.rules import Tracked


def overdue(row: Tracked, now: datetime, channels: list[str]) -> dict:
    return {
        "enquiry_no": row["enquiry_no"],
        "notice_no": row["notice_no"],
        "item_code": row["item_code"],
        "department": row["department"],
        "taken_by": row["taken_by"],
        "notice_due_at": row["notice_due_at"].isoformat(),
        "raised_at": now.isoformat(),
        "channels_tried": channels,
    }
