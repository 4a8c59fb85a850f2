"""Sample events of notify: a receipt issued, delivered by SMS, and a notice whose SMS failed for
good and fell back to email (case HALL-20260105-7KQ2M9XA). Fixed ids and times."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from hall_contracts.envelope import build_envelope

CHINA = timezone(timedelta(hours=8))
CASE_NO = "HALL-20260105-7KQ2M9XA"
CORRELATION_ID = "7a1e2b3c-5d6f-4a8b-9c0d-1e2f3a4b5c00"
_IDS = uuid.UUID("3c1d9e7a-2b4f-4e6a-8d0c-5f1a7b3e9c21")
RECEIPT = {"notice_no": f"N-{CASE_NO}-RCPT-4F1A2C", "notice_type": "receipt", "case_no": CASE_NO}
ACCEPTANCE = {"notice_no": f"N-{CASE_NO}-ACPT-4F1A2C", "notice_type": "acceptance", "case_no": CASE_NO}


def _sample(event_type: str, data: dict[str, Any], time: datetime) -> dict[str, Any]:
    return build_envelope(
        "notify",
        event_type,
        CASE_NO,
        data,
        correlation_id=CORRELATION_ID,
        event_id=str(uuid.uuid5(_IDS, event_type)),
        time=time,
    )


def notice_issued_v1() -> dict[str, Any]:
    return _sample(
        "notice_issued",
        {
            **RECEIPT,
            "audience": "applicant",
            "template": "receipt",
            "template_version": 1,
            "content_sha256": "9f2c4e0b8f5d6a7c1e3b2d4f6a8c0e1d3b5f7a9c2e4d6f8a0b1c3d5e7f9a1b2c",
            "channel": "sms",
            "channels": ["inbox", "sms"],
        },
        datetime(2026, 1, 5, 9, 30, 13, 250000, tzinfo=CHINA),
    )


def notice_delivered_v1() -> dict[str, Any]:
    return _sample(
        "notice_delivered",
        {
            **RECEIPT,
            "channel": "sms",
            "delivered_at": "2026-01-05T09:30:16+08:00",
            "attempts": 1,
        },
        datetime(2026, 1, 5, 9, 30, 16, tzinfo=CHINA),
    )


def notice_failed_v1() -> dict[str, Any]:
    return _sample(
        "notice_failed",
        {
            **ACCEPTANCE,
            "channel": "sms",
            "failure": "permanent",
            "attempts": 1,
            "fallback_channel": "email",
        },
        datetime(2026, 1, 5, 9, 30, 15, tzinfo=CHINA),
    )


NOTIFY_SAMPLES = {
    "notify/notice_issued.v1.json": notice_issued_v1,
    "notify/notice_delivered.v1.json": notice_delivered_v1,
    "notify/notice_failed.v1.json": notice_failed_v1,
}
