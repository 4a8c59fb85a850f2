"""Issue the notices an event calls for: render, archive, queue the deliveries, announce.

All in the consuming transaction, after the inbox check: a redelivered event finds its notices
(and their deliveries) already written and adds nothing. A notice the data cannot fill raises
``NoticeDataError`` before anything is written (the event is dead-lettered with the reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from notify.delivery.rules import PENDING
from notify.notices import rendering
from notify.notices.events import issued_data
from notify.notices.rules import Notice, Plan, first_channels, idempotency_key, notice_no, plans_for
from notify.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class IssueNotices:
    event: dict
    rendered: list[tuple[Plan, rendering.Rendered]]  # from ``rendered_plans``, before the transaction
    now: datetime


def rendered_plans(
    event: dict, catalogue_item=None, receipt_code=None
) -> list[tuple[Plan, rendering.Rendered]]:
    """Every plan of the event with its rendered text; raises before any is archived.

    ``catalogue_item(code)`` completes the one-time notice; ``receipt_code(case_no)`` gives the
    receipt the code it prints (intake's internal path). A receipt whose code intake does not
    keep (a case registered before it did, or no reader given) is rendered with version 1,
    which printed no code."""
    _, source, event_type = event["type"].split(".", 2)  # hall.<source>.<event type>
    found = []
    for plan in plans_for(source, event_type, event["data"]):
        data, version = plan.data, None
        if plan.needs_catalogue:
            # the case's number when there is a case; an enquiry's notice names none (R-ONCE-2)
            number = {"case_no": data["case_no"]} if "case_no" in data else {}
            data = {**catalogue_item(data["code"]), **number}
        if plan.needs_code:
            code = receipt_code(plan.case_no) if receipt_code else None
            data, version = ({**data, "verification_code": code}, None) if code else (data, 1)
        found.append((plan, rendering.render(plan.notice_type, data, version)))
    return found


def case_department(plan: Plan, uow: UnitOfWork) -> str | None:
    """The department whose windows print a case's letters: the event's (the lead's for a joint
    review), else the one the case's earlier notices recorded. None for a complaint's notices
    (the complaints office alone prints those) and for a case never seen with a department."""
    if plan.complaint_no or plan.item_no:  # a desk item's notice is the complaints office's too
        return None
    named = plan.data.get("department") or plan.data.get("lead_department")
    if not plan.case_no:  # an enquiry's one-time notice names its department (R-ONCE-2)
        return named
    if named:  # earlier notices archived without one (before notify recorded it) take it too
        uow.notices.name_department(plan.case_no, named)
        return named
    return uow.notices.case_department(plan.case_no)


def issue_notices(command: IssueNotices, uow: UnitOfWork) -> list[Notice]:
    """Archive the event's rendered notices and queue their first deliveries, once per event:
    a redelivered event (the inbox has it) adds nothing."""
    if uow.seen_before(command.event):
        return []
    return [_issue(plan, text, command, uow) for plan, text in command.rendered]


def _issue(plan: Plan, text: rendering.Rendered, command: IssueNotices, uow: UnitOfWork) -> Notice:
    event, now = command.event, command.now
    notice = Notice(
        notice_no=notice_no(plan, event["id"]),
        notice_type=plan.notice_type,
        case_no=plan.case_no,
        complaint_no=plan.complaint_no,
        item_no=plan.item_no,
        audience=plan.audience,
        recipient_ref=plan.recipient_ref,
        channel=plan.chain[0] if plan.chain else "inbox",
        title=text.text.split("\n", 1)[0].strip(),  # every template starts with its heading
        template=text.template,
        template_version=text.version,
        content=text.text,
        content_sha256=text.sha256,
        source_event_id=event["id"],
        source_type=event["type"],
        created_at=now,
        correlation_id=event["correlationid"],
        department=case_department(plan, uow),
    )
    uow.notices.add(notice)
    channels = first_channels(plan)
    for channel in channels:
        uow.deliveries.add(
            {
                "notice_no": notice["notice_no"],
                "channel": channel,
                "status": PENDING,
                "attempts": 0,
                "idempotency_key": idempotency_key(event["id"], plan, channel),
                "next_attempt_at": now,
                "created_at": now,
                "updated_at": now,
            }
        )
    subject = plan.complaint_no or plan.item_no or plan.case_no or notice["notice_no"]
    uow.tx.publish("notice_issued", subject, issued_data(notice, channels, text.public_sha256))
    return notice
