"""The archived notice as notify records it (``rules.Notice`` names it too)."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict


class Notice(TypedDict):
    """An archived notice: one per notice and recipient, never changed once written (but for
    ``department``, filled in when a later event names the case's)."""

    notice_no: str
    notice_type: str
    case_no: str | None
    complaint_no: str | None
    item_no: str | None
    audience: str
    recipient_ref: str
    channel: str  # the first channel tried outside the app
    title: str
    template: str
    template_version: int
    content: str
    content_sha256: str
    source_event_id: str
    source_type: str
    created_at: datetime
    correlation_id: str | None
    department: str | None
