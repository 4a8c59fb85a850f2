"""The payload of the public ``enquiry_recorded`` event: never the enquirer's phone or email.

Notify reads them, when it sends the notice, over intake's internal contact path with the
``applicant_ref`` (``APP-ENQ-...``), as for an applicant.
"""

from __future__ import annotations

from intake.cases.events import APPLICANT_REF_PREFIX
from intake.enquiries.rules import Enquiry


def enquiry_recorded(enquiry: Enquiry) -> dict:
    return {
        "enquiry_no": enquiry["enquiry_no"],
        "item_code": enquiry["item_code"],
        "item_name": enquiry["item_name"],
        "department": enquiry["department"],
        "channel": enquiry["channel"],
        "taken_by": enquiry["staff_id"],
        "recorded_at": enquiry["recorded_at"].isoformat(),
        "notice_due_at": enquiry["notice_due_at"].isoformat(),
        "applicant_ref": f"{APPLICANT_REF_PREFIX}{enquiry['enquiry_no']}",
    }
