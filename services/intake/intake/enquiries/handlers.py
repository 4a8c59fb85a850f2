"""Use cases of enquiries whose one-time notice follows (R-ONCE-2)."""

from __future__ import annotations

from intake.enquiries import events
from intake.enquiries.rules import Enquiry, contact_problems, new_enquiry_no, notice_due_at
from intake.staff.rules import raise_problems
from intake.unit_of_work import Context


def record_enquiry(command: dict, ctx: Context) -> Enquiry:
    """Record the enquiry, its due time, and announce it: notify sends the notice and tracks it."""
    phone, email = command.get("enquirer_phone"), command.get("enquirer_email")
    raise_problems("询问登记有误 (the enquiry has problems)", contact_problems(phone, email))
    item = ctx.catalogue.get(command["item_code"])
    enquiry: Enquiry = {
        "enquiry_no": new_enquiry_no(ctx.today),
        "item_code": item.code,
        "item_name": item.name,
        "department": item.department,
        "channel": command["channel"],
        "enquirer_phone": phone,
        "enquirer_email": email,
        "staff_id": ctx.actor,
        "recorded_at": ctx.now,
        "notice_due_at": notice_due_at(ctx.now, ctx.calendar.timezone),
    }
    ctx.enquiries.add(enquiry)
    ctx.tx.publish("enquiry_recorded", enquiry["enquiry_no"], events.enquiry_recorded(enquiry))
    return enquiry
