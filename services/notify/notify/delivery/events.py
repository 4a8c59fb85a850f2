"""The events of a delivery: ``notice_delivered`` and ``notice_failed``. Never the address or the
peer's words, which may quote it: those stay in the delivery record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from notify.delivery.rules import Delivery
from notify.times import rfc3339


def _facts(delivery: Delivery) -> dict[str, Any]:
    return {
        "notice_no": delivery.notice_no,
        "notice_type": delivery.notice_type,
        "case_no": delivery.case_no,
        **({"complaint_no": delivery.complaint_no} if delivery.complaint_no else {}),
        **({"item_no": delivery.item_no} if delivery.item_no else {}),
        "channel": delivery.channel,
    }


def delivered(delivery: Delivery, now: datetime, attempts: int) -> dict[str, Any]:
    """``notice_delivered``'s data."""
    return {**_facts(delivery), "delivered_at": rfc3339(now), "attempts": attempts}


def failed(delivery: Delivery, failure: str, attempts: int, fallback: str | None) -> dict[str, Any]:
    """``notice_failed``'s data."""
    return {**_facts(delivery), "failure": failure, "attempts": attempts, "fallback_channel": fallback}
