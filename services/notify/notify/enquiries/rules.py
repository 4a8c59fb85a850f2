"""The one-time notice owed to an enquirer, against its due time (R-ONCE-2). No framework here.

intake fixes the due time when the enquiry is recorded (24:00 China time of the 3rd calendar day
after it) and notify keeps it. The notice is done when one of its deliveries reached the
enquirer (an SMS receipt, an email accepted by the mailbox, a letter handed over). Past the due
time without that, it is overdue and raised to supervision once, whatever the channel's state:
an SMS still retrying, every fallback failed, a letter waiting at the window.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

PENDING, DELIVERED, DELIVERED_LATE, OVERDUE = "pending", "delivered", "delivered_late", "overdue"
STATUSES = (PENDING, DELIVERED, DELIVERED_LATE, OVERDUE)

Tracked = dict[str, Any]  # a row of ``one_time_notices``


def status_of(row: Tracked, now: datetime) -> str:
    """Where the notice stands: delivered (in time or late), overdue, or still pending."""
    delivered = row["delivered_at"]
    if delivered is not None:
        return DELIVERED if delivered <= row["notice_due_at"] else DELIVERED_LATE
    return OVERDUE if now > row["notice_due_at"] else PENDING


def tracked_from(event: dict[str, Any], notice_no: str) -> Tracked:
    """The row kept for an ``intake.enquiry_recorded`` event whose notice was just issued."""
    data = event["data"]
    return {
        "enquiry_no": data["enquiry_no"],
        "notice_no": notice_no,
        "item_code": data["item_code"],
        "department": data["department"],
        "taken_by": data["taken_by"],
        "recorded_at": datetime.fromisoformat(data["recorded_at"]),
        "notice_due_at": datetime.fromisoformat(data["notice_due_at"]),
        "delivered_at": None,
        "delivered_channel": None,
        "overdue_raised_at": None,
    }
