"""Sample events of an enquiry whose one-time notice follows (R-ONCE-2): intake records a phone
enquiry on Monday 5 January 2026; notify's notice was not delivered by 24:00 on Thursday 8
January (China time), so notify raised it to supervision once."""

from __future__ import annotations

from typing import Any

from hall_contracts.sample_story import at, sample

ENQUIRY_NO = "ENQ-20260105-3HXW8RTA"
DUE_AT = "2026-01-09T00:00:00+08:00"


def enquiry_recorded_v1() -> dict[str, Any]:
    return sample(
        "intake",
        "enquiry_recorded",
        ENQUIRY_NO,
        {
            "enquiry_no": ENQUIRY_NO,
            "item_code": "SC-010",
            "item_name": "个体工商户设立登记",
            "department": "market_regulation",
            "channel": "phone",
            "taken_by": "S-0107",
            "recorded_at": "2026-01-05T10:12:00+08:00",
            "notice_due_at": DUE_AT,
            "applicant_ref": f"APP-{ENQUIRY_NO}",
        },
        at(5, 10, 12),
    )


def one_time_notice_overdue_v1() -> dict[str, Any]:
    return sample(
        "notify",
        "one_time_notice_overdue",
        ENQUIRY_NO,
        {
            "enquiry_no": ENQUIRY_NO,
            "notice_no": f"N-{ENQUIRY_NO}-ONCE-8C2D1E",
            "item_code": "SC-010",
            "department": "market_regulation",
            "taken_by": "S-0107",
            "notice_due_at": DUE_AT,
            "raised_at": "2026-01-09T00:01:00+08:00",
            "channels_tried": ["sms", "email"],
        },
        at(9, 0, 1),
    )


ENQUIRY_SAMPLES = {
    "intake/enquiry_recorded.v1.json": enquiry_recorded_v1,
    "notify/one_time_notice_overdue.v1.json": one_time_notice_overdue_v1,
}
